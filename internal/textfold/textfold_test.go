package textfold

import "testing"

func TestFoldCaseAndDiacritics(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ÉÉN":          "een",
		"één":          "een",
		"Ärztin":       "arztin",
		"Müller":       "muller",
		"CAFÉ":         "cafe",
		"café":         "cafe",
		"Uitslag":      "uitslag",
		"Straße":       "strasse",
		"coöperatie":   "cooperatie",
		"İstanbul":     "istanbul",
		"gewone tekst": "gewone tekst",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	text := "De patiënt vertelt over de week: het slapen gaat beter, het piekeren minder. Zij is één keer naar het café geweest. "
	for range b.N {
		Fold(text)
	}
}
