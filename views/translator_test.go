package views

import (
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"balie/internal/clock"
)

// Plain messages come from the translator's map, the others from go-i18n, and both answer as go-i18n
// alone did: arguments filled in, a plural message's "other" form, the key for a missing message, also
// when only the default language has it.
func TestTranslatorServesPlainMessagesFromItsMap(t *testing.T) {
	t.Parallel()
	nl := []*i18n.Message{
		{ID: "x.plain", Other: "Naar de inhoud"},
		{ID: "x.args", Other: "Ingelogd als {{.Name}}"},
		{ID: "x.plural", One: "1 bericht", Other: "{{.Count}} berichten"},
		{ID: "x.plural_plain", One: "een bericht", Other: "berichten"},
		{ID: "x.only_nl", Other: "Alleen in het Nederlands"},
	}
	en := []*i18n.Message{
		{ID: "x.plain", Other: "Skip to content"},
		{ID: "x.args", Other: "Signed in as {{.Name}}"},
		{ID: "x.plural", One: "1 message", Other: "{{.Count}} messages"},
		{ID: "x.plural_plain", One: "one message", Other: "messages"},
	}
	bundle := i18n.NewBundle(language.Dutch)
	bundle.MustAddMessages(language.Dutch, nl...)
	bundle.MustAddMessages(language.English, en...)
	trs := map[string]*Translator{
		"nl": newTranslator(bundle, "nl", nl, clock.Real{}),
		"en": newTranslator(bundle, "en", en, clock.Real{}),
	}
	for _, c := range []struct {
		lang, key string
		pairs     []any
		want      string
		plain     bool // served from the map
	}{
		{"nl", "x.plain", nil, "Naar de inhoud", true},
		{"en", "x.plain", nil, "Skip to content", true},
		{"nl", "x.plain", []any{"Name", "Anna"}, "Naar de inhoud", true},
		{"nl", "x.args", []any{"Name", "Anna"}, "Ingelogd als Anna", false},
		{"en", "x.args", []any{"Name", "Anna"}, "Signed in as Anna", false},
		{"nl", "x.plural", []any{"Count", 3}, "3 berichten", false},
		{"en", "x.plural_plain", nil, "messages", false},
		{"nl", "x.missing", nil, "x.missing", false},
		{"nl", "x.only_nl", nil, "Alleen in het Nederlands", true},
		{"en", "x.only_nl", nil, "x.only_nl", false}, // go-i18n falls back to Dutch with an error: the key shows
	} {
		tr := trs[c.lang]
		if got := tr.T(c.key, c.pairs...); got != c.want {
			t.Errorf("%s: T(%q, %v) = %q, want %q", c.lang, c.key, c.pairs, got, c.want)
		}
		if _, plain := tr.plain[c.key]; plain != c.plain {
			t.Errorf("%s: %q in the map: %v, want %v", c.lang, c.key, plain, c.plain)
		}
		if has, want := tr.Has(c.key), c.want != c.key; has != want {
			t.Errorf("%s: Has(%q) = %v, want %v", c.lang, c.key, has, want)
		}
	}
}
