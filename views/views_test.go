package views

import (
	"testing"

	"balie/internal/clock"
)

// Pages are parsed at their first rendering, not at start: every one of them parses and folds.
func TestEveryPageParses(t *testing.T) {
	v := testViews(t, clock.Real{}, true)
	for lang, pages := range v.pages {
		if len(pages) < 10 {
			t.Fatalf("%s: only %d pages", lang, len(pages))
		}
		for name, p := range pages {
			if _, err := p.template(); err != nil {
				t.Errorf("%s %s: %v", lang, name, err)
			}
		}
	}
}
