// Package textfold folds text for searching: case and diacritics alike on both sides, so that "EEN",
// "één" and "Één" find each other, as a Dutch reader expects (and "Ärztin" is found by "arztin").
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder folds case fully (Unicode case folding: "ß" becomes "ss"), not by a language's rules.
var folder = cases.Fold()

// Fold returns s with its letters' diacritics removed and its case folded. Text of ASCII only, which
// most of a Dutch text is, takes a quick path.
func Fold(s string) string {
	if ascii(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(folder.String(s)) {
		if !unicode.Is(unicode.Mn, r) { // the accent of é, ë, ü: dropped, the letter stays
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
