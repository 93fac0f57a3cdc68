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
	used := 0
	for f, data := range sourceFiles(t) {
		pats := patterns[:2] // templates name keys through t
		if strings.HasSuffix(f, ".go") {
			pats = patterns[2:] // Go names them as literals
		}
		for _, re := range pats {
			for _, m := range re.FindAllStringSubmatch(data, -1) {
				if fileName.MatchString(m[1]) {
					continue // "layout.html", "app.css": a file, not a key
				}
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

// fileName is a literal that names a file rather than a locale key.
var fileName = regexp.MustCompile(`\.(html|css|js|svg|png|toml|csv|pdf|json|zip|xml)$`)

// sourceFiles are the files that name locale keys, by path: the templates and the Go code that is not a
// test (handlers, views and internal: mails and SMS texts compose theirs there).
func sourceFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, glob := range []string{"../views/*.html", "*.go", "../views/*.go", "../internal/*/*.go"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = string(data)
		}
	}
	return out
}

// Every key of the locale files is used: named whole as a literal, or made of literals — a prefix
// ending in "." or "_" that code completes ({{t (print "event." .Kind)}}, "mail." + kind), or a prefix
// and a suffix that are both literals (the pager's <Words> and ".count"). A key none of these reach is
// text no page shows.
func TestEveryKeyIsUsed(t *testing.T) {
	t.Parallel()
	literal := regexp.MustCompile(`"([a-z0-9_.]+)"`)
	lits := map[string]bool{}
	for _, data := range sourceFiles(t) {
		for _, m := range literal.FindAllStringSubmatch(data, -1) {
			lits[m[1]] = true
		}
	}
	var unused []string
	for k := range localeKeys(t)["nl"] {
		used := lits[k]
		for i := 1; i < len(k) && !used; i++ {
			prefix := k[:i]
			used = lits[prefix] && (strings.HasSuffix(prefix, ".") || strings.HasSuffix(prefix, "_") || lits[k[i:]])
		}
		if !used {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("keys no code or template uses (remove them from both locale files): %s", strings.Join(unused, ", "))
	}
}
