package views

import (
	"testing"

	"balie/internal/clock"
	"balie/locales"
	"balie/static"
)

// Pages are parsed at their first rendering, not at start: every one of them parses and folds.
func TestEveryPageParses(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := New(bundle, assets, clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
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
