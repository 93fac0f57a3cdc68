package results

import (
	"database/sql"
	"strconv"
	"strings"
)

// Number writes a value as the reader's language does: a decimal comma in Dutch, a point in English.
func Number(lang string, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Range writes a reference range: "4,0 – 6,0 mmol/l", "< 53 mmol/mol", "> 60", or the lab's words.
func Range(lang string, low, high sql.NullFloat64, text, unit string) string {
	var s string
	switch {
	case low.Valid && high.Valid:
		s = Number(lang, low.Float64) + " – " + Number(lang, high.Float64)
	case high.Valid:
		s = "< " + Number(lang, high.Float64)
	case low.Valid:
		s = "> " + Number(lang, low.Float64)
	default:
		return text
	}
	return strings.TrimSpace(s + " " + unit)
}
