// Package views parses the html/template pages once per language and renders them: the full page for
// normal and boosted requests, only the "main" block (error summary, notice, content) for other htmx
// requests.
package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam also on machines without a zoneinfo database

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"balie/internal/clock"
	"balie/internal/questionnaire"
	"balie/locales"
	"balie/static"
)

//go:embed *.html
var files embed.FS

// Zone is where dates and times are shown: the clinics are Dutch.
var Zone = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// shared are parsed into every page.
var shared = []string{"layout.html", "form.html", "person.html", "password.html", "photos.html", "pager.html", "appointment.html", "dossier_attachments.html", "dossier_item.html", "accesslog.html", "consents_panel.html", "kinderen_hide.html", "medicatie_item.html", "documents_item.html", "uitslagen_item.html", "questionnaire_item.html", "questionnaire_trend.html"}

// Views holds one template set per language and page.
type Views struct {
	pages map[string]map[string]*page // lang → page name → template
	tr    map[string]*Translator
	menus map[string]*menus
}

// page is one page's template set, parsed and folded (fold.go) at its first rendering: html/template
// escapes a set then anyway, and parsing and folding every page of every language at start would slow
// the start down (TestEveryPageParses finds a broken page all the same).
type page struct {
	base *template.Template // the shared templates of its language, never executed: cloned here
	file string
	fold bool
	once sync.Once
	t    *template.Template
	err  error
}

// template returns the page's set, parsed and folded.
func (p *page) template() (*template.Template, error) {
	p.once.Do(func() {
		if p.t, p.err = template.Must(p.base.Clone()).ParseFS(files, p.file); p.err == nil && p.fold {
			p.err = fold(p.t, "layout", "main")
		}
	})
	return p.t, p.err
}

// New prepares every page in every language (each is parsed at its first rendering). clk is the app's
// clock: dates in another year than its current one show their year.
func New(bundle *i18n.Bundle, assets *static.Assets, clk clock.Clock) (*Views, error) {
	return build(bundle, assets, clk, true)
}

// build is New; without foldConstants the templates stay as parsed (a test holds the two against each other).
func build(bundle *i18n.Bundle, assets *static.Assets, clk clock.Clock, foldConstants bool) (*Views, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	v := &Views{pages: map[string]map[string]*page{}, tr: map[string]*Translator{}, menus: map[string]*menus{}}
	for _, lang := range locales.Languages {
		messages, err := locales.Messages(lang)
		if err != nil {
			return nil, err
		}
		tr := newTranslator(bundle, lang, messages, clk)
		v.tr[lang] = tr
		m := &menus{fold: foldConstants}
		v.menus[lang] = m
		base, err := template.New("layout").Funcs(funcs(tr, assets, m)).ParseFS(files, shared...)
		if err != nil {
			return nil, err
		}
		m.set = template.Must(base.Clone()) // base itself is never executed, so that pages can clone it
		v.pages[lang] = map[string]*page{}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".html") || contains(shared, name) {
				continue
			}
			v.pages[lang][strings.TrimSuffix(name, ".html")] = &page{base: base, file: name, fold: foldConstants}
		}
	}
	return v, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Translator returns the translator of a language.
func (v *Views) Translator(lang string) *Translator { return v.tr[lang] }

// Render returns page in lang: the whole document, or with fragment only its "main" block. The
// caller writes it, so that a template error never sends half a page.
func (v *Views) Render(lang, page string, fragment bool, data any) ([]byte, error) {
	p, ok := v.pages[lang][page]
	if !ok {
		return nil, fmt.Errorf("views: no page %q in %q", page, lang)
	}
	t, err := p.template()
	if err != nil {
		return nil, fmt.Errorf("views: %s: %w", page, err)
	}
	name := "layout"
	if fragment {
		name = "main"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func funcs(tr *Translator, assets *static.Assets, m *menus) template.FuncMap {
	return template.FuncMap{
		"t":          tr.T,
		"menu":       m.html,
		"asset":      assets.Path,
		"when":       tr.DayTime,
		"timerange":  tr.TimeRange,
		"day":        tr.ShortDay,
		"longday":    tr.LongDay,
		"linkify":    linkify,
		"nowrap":     nowrap,
		"list":       func(items ...string) []string { return items },
		"field":      fieldOf,
		"text":       func(x Text) string { return tr.T(x.Key, x.Args...) },
		"inc":        func(i int) int { return i + 1 },
		"filesize":   tr.FileSize,
		"draft":      func(kind, target, back string) draftFields { return draftFields{kind, target, back} },
		"nl_en":      tr.Pick,
		"dayheading": tr.DayHeading,
		"duration":   tr.Duration,
		"weekrange":  tr.WeekRange,
		"tel":        telHref,
		"question": func(item *questionnaire.Item, d *questionnaire.Definition, a questionnaire.Answers, f Form, readOnly bool) Question {
			return Question{Item: item, Def: d, Answers: a, Form: f, ReadOnly: readOnly, Lang: tr.Lang}
		},
		"in": func(x questionnaire.Text) string { return x.In(tr.Lang) },
	}
}

// draftFields are what a form with a draft posts beside its own fields (handlers/drafts.go): the
// draft's kind and target, and where the no-JavaScript "Concept opslaan" returns to.
type draftFields struct{ Kind, Target, Back string }

// Pick chooses between a text the practice wrote in Dutch and in English (an appointment kind's name):
// the page's language, or the Dutch one where the English is missing.
func (tr *Translator) Pick(nl, en string) string {
	if tr.Lang == "en" && en != "" {
		return en
	}
	return nl
}

// Translator translates keys and formats dates for one language.
type Translator struct {
	Lang  string
	loc   *i18n.Localizer
	plain map[string]string // message → its text, for messages that are plain text (see newTranslator)
	clock clock.Clock
}

// newTranslator makes the translator of lang. Every page asks for dozens of messages, most of them plain
// text: go-i18n would look each up and run it as a template every time, so the plain ones (a single
// form, no {{…}}) are looked up once here, through go-i18n, and served from a map. Only what go-i18n
// finds for lang itself goes in the map; everything else (arguments, plural forms, a missing key) still
// goes through go-i18n, so its answer stays exactly the same.
func newTranslator(bundle *i18n.Bundle, lang string, messages []*i18n.Message, clk clock.Clock) *Translator {
	tr := &Translator{Lang: lang, loc: i18n.NewLocalizer(bundle, lang), plain: map[string]string{}, clock: clk}
	for _, m := range messages {
		delim := m.LeftDelim
		if delim == "" {
			delim = "{{"
		}
		if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" || strings.Contains(m.Other, delim) {
			continue
		}
		if s, err := tr.loc.Localize(&i18n.LocalizeConfig{MessageID: m.ID}); err == nil {
			tr.plain[m.ID] = s
		}
	}
	return tr
}

// T translates key; pairs are template data as name, value, name, value …
func (tr *Translator) T(key string, pairs ...any) string {
	if s, ok := tr.plain[key]; ok {
		return s // plain text ignores pairs, as go-i18n would
	}
	var data map[string]any
	if len(pairs) > 0 {
		data = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			data[fmt.Sprint(pairs[i])] = pairs[i+1]
		}
	}
	s, err := tr.loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil {
		// A missing key is a bug the locale tests catch; show the key rather than nothing.
		return key
	}
	return s
}

// Has reports whether the locale files have key.
func (tr *Translator) Has(key string) bool {
	if _, ok := tr.plain[key]; ok {
		return true
	}
	_, err := tr.loc.Localize(&i18n.LocalizeConfig{MessageID: key})
	return err == nil
}

// DayTime formats an instant as "maandag 3 maart, 14:30" in the clinic's zone, with the year
// ("vrijdag 19 december 2025, 14:30") when it is not the current year there.
func (tr *Translator) DayTime(t time.Time) string {
	t = t.In(Zone)
	key := "date.day_time"
	if t.Year() != tr.clock.Now().In(Zone).Year() {
		key = "date.day_time_year"
	}
	return tr.T(key, "Weekday", tr.weekday(t), "Day", t.Day(), "Month", tr.month(t), "Year", t.Year(), "Time", t.Format("15:04"))
}

// TimeRange formats two instants as "14:30 – 15:00 uur".
func (tr *Translator) TimeRange(from, to time.Time) string {
	return tr.T("date.time_range", "From", from.In(Zone).Format("15:04"), "To", to.In(Zone).Format("15:04"))
}

// FileSize formats a size in bytes as people read it: "230 kB", "1,4 MB" (a decimal point in English).
func (tr *Translator) FileSize(n int64) string {
	if n < 1000*1000 {
		return fmt.Sprintf("%d kB", max(1, (n+500)/1000))
	}
	s := fmt.Sprintf("%.1f MB", float64(n)/1e6)
	if tr.Lang == "nl" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Clock formats an instant as "14:32" in the clinic's zone.
func (tr *Translator) Clock(t time.Time) string { return t.In(Zone).Format("15:04") }

// LongDay formats a calendar date (a DATE column, stored at midnight UTC) as "3 maart 1985".
func (tr *Translator) LongDay(d time.Time) string {
	d = d.UTC()
	return tr.T("date.long", "Day", d.Day(), "Month", tr.month(d), "Year", d.Year())
}

// ShortDay formats a calendar date as "03-04-1985".
func (tr *Translator) ShortDay(d time.Time) string {
	d = d.UTC()
	return tr.T("date.short", "Day", fmt.Sprintf("%02d", d.Day()), "Month", fmt.Sprintf("%02d", int(d.Month())), "Year", d.Year())
}

func (tr *Translator) weekday(t time.Time) string {
	return tr.T("date.day_" + strconv.Itoa(int(t.Weekday())))
}

func (tr *Translator) month(t time.Time) string {
	return tr.T("date.month_" + strconv.Itoa(int(t.Month())))
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify escapes text and turns the http(s) addresses in it into links (the demo outbox, where the
// links in mails must be clickable).
func linkify(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(text, -1) {
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		u := template.HTMLEscapeString(text[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

// nowrap keeps a short value such as a phone number on one line (non-breaking spaces).
func nowrap(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
