package handlers

import (
	"database/sql"
	"regexp"
	"strconv"
	"strings"
)

// decimalPattern is a number as staff type it: digits with a decimal comma ("7,2") or point ("7.2"),
// perhaps a sign. No exponents, thousands separators, "NaN" or "Inf", which strconv would take.
var decimalPattern = regexp.MustCompile(`^[+-]?[0-9]{1,12}([.,][0-9]{1,6})?$`)

// decimal reads a typed number; ok is false when it is not one.
func decimal(s string) (v float64, ok bool) {
	s = strings.TrimSpace(s)
	if !decimalPattern.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return v, err == nil
}

// optionalDecimal reads a number that may be left empty (a range's bound): ok is false only for text
// that is no number.
func optionalDecimal(s string) (v sql.NullFloat64, ok bool) {
	if strings.TrimSpace(s) == "" {
		return v, true
	}
	f, ok := decimal(s)
	return sql.NullFloat64{Float64: f, Valid: ok}, ok
}
