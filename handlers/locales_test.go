package handlers_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"balie/locales"
)

func localeKeys(t *testing.T) map[string]map[string]string {
	files, err := locales.Files()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for lang, data := range files {
		m := map[string]string{}
		if err := toml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		out[lang] = m
	}
	return out
}

func TestLocaleFilesHaveTheSameKeys(t *testing.T) {
	t.Parallel()
	keys := localeKeys(t)
	for _, a := range locales.Languages {
		for _, b := range locales.Languages {
			var missing []string
			for k := range keys[a] {
				if _, ok := keys[b][k]; !ok {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("in %s but not in %s: %s", a, b, strings.Join(missing, ", "))
			}
		}
	}
	for lang, m := range keys {
		for k, v := range m {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", lang, k)
			}
		}
	}
}

// Every key the templates and handlers name exists (a missing key would show as the key itself).
func TestEveryUsedKeyExists(t *testing.T) {
	t.Parallel()
	keys := localeKeys(t)["nl"]
	// Every string literal that starts with a key prefix ("signin.", "passkey." …) must be a key.
	prefixes := map[string]bool{}
	for k := range keys {
		prefixes[regexp.QuoteMeta(strings.SplitN(k, ".", 2)[0])] = true
	}
	var alternatives []string
	for p := range prefixes {
		alternatives = append(alternatives, p)
	}
	sort.Strings(alternatives)
	patterns := []*regexp.Regexp{ // two for templates, one for Go
		regexp.MustCompile(`\{\{-?\s*t "([a-z0-9_.]*[a-z0-9])"`),
		regexp.MustCompile(`\(t "([a-z0-9_.]*[a-z0-9])"`),
		regexp.MustCompile(`"((?:` + strings.Join(alternatives, "|") + `)\.[a-z0-9_]*[a-z0-9])"`),
	}
	var files []string
	for _, glob := range []string{"../views/*.html", "*.go"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	used := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pats := patterns[:2] // templates name keys through t
		if strings.HasSuffix(f, ".go") {
			pats = patterns[2:] // Go names them as literals
		}
		for _, re := range pats {
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				used++
				if _, ok := keys[m[1]]; !ok {
					t.Errorf("%s uses %q, which is not in the locale files", f, m[1])
				}
			}
		}
	}
	if used < 50 {
		t.Fatalf("found only %d uses: the patterns are broken", used)
	}
}
