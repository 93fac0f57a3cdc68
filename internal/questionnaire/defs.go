package questionnaire

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// The definitions that ship with Balie: PHQ-9 and GAD-7 (public domain) and the GGZ intake set.
//
//go:embed defs/*.json
var defsFS embed.FS

// Builtin is a definition that ships with Balie: its file's contents (stored as they are) and the
// definition parsed from them.
type Builtin struct {
	Source []byte
	Def    *Definition
}

// Builtins parses the definitions that ship with Balie, in the order of their file names. A file that
// does not parse is a bug of the release (a test parses them all).
func Builtins() ([]Builtin, error) {
	names, err := fs.Glob(defsFS, "defs/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Builtin, 0, len(names))
	for _, name := range names {
		src, err := defsFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		d, err := Parse(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, Builtin{Source: src, Def: d})
	}
	return out, nil
}
