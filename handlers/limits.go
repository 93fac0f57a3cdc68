package handlers

import (
	"strings"
	"unicode/utf8"

	"balie/views"
)

// Length limits, in characters, of what people type into the forms that have no limit of their own.
// Every field is checked against its limit before anything is written: the request body limit bounds a
// request, not what one field may store. Whatever the field, a text over its limit is said one way
// (error.too_long).
const (
	maxPersonName = 100 // given name, name prefix, family name
	maxUserName   = 100
	maxEmail      = 254 // the longest address SMTP can carry (RFC 5321)
	maxSignInName = maxEmail
	maxPhone      = 30
	maxPostcode   = 12
	maxLine       = 200 // one line of text: a clinic's name, street, city, website
	maxSearch     = 200
)

// tooLongText is the problem of a value longer than max characters, nil when it fits.
func tooLongText(value string, max int) *views.Text {
	if n := utf8.RuneCountInString(value); n > max {
		return &views.Text{Key: "error.too_long", Args: []any{"Max", max, "Count", n}}
	}
	return nil
}

// checkText records on f the problem of a text field, if any: nothing but spaces (emptyKey; "" when the
// field may stay empty), or longer than max characters.
func checkText(f *views.Form, field, value, emptyKey string, max int) {
	if strings.TrimSpace(value) == "" {
		if emptyKey != "" {
			f.Fail(field, emptyKey)
		}
		return
	}
	failTooLong(f, field, value, max)
}

// failTooLong records on f that the field holds more than max characters (error.too_long), and
// reports whether it did.
func failTooLong(f *views.Form, field, value string, max int) bool {
	p := tooLongText(value, max)
	if p != nil {
		f.Fail(field, p.Key, p.Args...)
	}
	return p != nil
}
