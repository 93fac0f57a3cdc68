package handlers

import (
	"unicode/utf8"

	"balie/views"
)

// Length limits, in characters, of what people type into the forms that have no limit of their own
// (diary, messages, documents and terms keep theirs). Every field is checked against its limit before
// anything is written: the request body limit bounds a request, not what one field may store.
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

// tooLong is the message shown next to a field that holds more than max characters, or "" when it
// fits.
func tooLong(tr *views.Translator, value string, max int) string {
	if n := utf8.RuneCountInString(value); n > max {
		return tr.T("error.too_long", "Max", max, "Count", n)
	}
	return ""
}

// failTooLong records on f that the field holds more than max characters (error.too_long), and
// reports whether it did.
func failTooLong(f *views.Form, field, value string, max int) bool {
	n := utf8.RuneCountInString(value)
	if n > max {
		f.Fail(field, "error.too_long", "Max", max, "Count", n)
	}
	return n > max
}
