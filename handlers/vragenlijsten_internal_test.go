package handlers

import (
	"strings"
	"testing"

	"balie/internal/questionnaire"
)

// definitionOf parses a source once and keeps it under a key of its own (a corrected draft with the same
// id and version parses anew), and holds no more than definitionsCached however many sources it meets.
func TestDefinitionCacheIsKeyedBySourceAndBounded(t *testing.T) {
	builtins, err := questionnaire.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	var source string
	for _, b := range builtins {
		if b.Def.ID == "phq-9" {
			source = string(b.Source)
		}
	}
	first, err := definitionOf(source)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := definitionOf(source); again != first {
		t.Errorf("the same source parsed twice")
	}
	corrected := strings.Replace(source, first.Title.NL, "Gecorrigeerd", 1)
	if d, err := definitionOf(corrected); err != nil || d.Title.NL != "Gecorrigeerd" {
		t.Errorf("a corrected source gives the definition of before: %v", err)
	}
	for i := range definitionsCached + 10 {
		if _, err := definitionOf(strings.Replace(source, first.Title.NL, strings.Repeat("x", i+1), 1)); err != nil {
			t.Fatal(err)
		}
	}
	parsedDefinitions.Lock()
	n := len(parsedDefinitions.m)
	parsedDefinitions.Unlock()
	if n > definitionsCached {
		t.Errorf("%d definitions cached, more than %d", n, definitionsCached)
	}
}
