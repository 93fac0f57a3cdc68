package views

import (
	"bytes"
	"testing"

	"balie/internal/clock"
	"balie/locales"
	"balie/queries"
)

// Folding the constant actions changes no byte of any page: every page in both languages, whole and as
// a fragment, signed in and not, prints the same with and without it (as far as it gets without its own
// data, the error included), and the overview and the error page all the way.
func TestFoldedPagesPrintTheSameAsParsed(t *testing.T) {
	t.Parallel()
	parsed := testViews(t, clock.NewFixed(overviewNow), false)
	folded, overview := overviewPage(t)

	staff := overview
	staff.User = &queries.User{Role: "assistant", GivenName: "Eva", FamilyName: "Bakker"}
	staff.Errors = []FieldError{{Field: "body", Text: Text{Key: "error.not_found"}}, {Text: Text{Key: "error.not_found_title"}}}
	staff.Notice = &Text{Key: "drafts.notice_saved"}
	public := Page{Lang: "nl", Clinic: overview.Clinic, Path: "/inloggen", ContrastClass: "hc", Pending: true,
		Data: struct{ Title, Message string }{"error.not_found_title", "error.not_found"}}
	pages := map[string][]Page{"overview": {overview, staff}, "error": {public}}
	for name := range parsed.pages["nl"] {
		pages[name] = append(pages[name], Page{Clinic: overview.Clinic, User: overview.User, Menu: overview.Menu}, Page{})
	}

	compared := 0
	for _, lang := range locales.Languages {
		for name, list := range pages {
			for i, p := range list {
				p.Lang = lang
				for _, block := range []string{"layout", "main"} {
					var want, got bytes.Buffer
					unfolded, err := parsed.pages[lang][name].template()
					if err != nil {
						t.Fatalf("%s %s: %v", lang, name, err)
					}
					errWant := unfolded.ExecuteTemplate(&want, block, p)
					f, err := folded.pages[lang][name].template()
					if err != nil {
						t.Fatalf("%s %s: %v", lang, name, err)
					}
					errGot := f.ExecuteTemplate(&got, block, p)
					if !bytes.Equal(got.Bytes(), want.Bytes()) || (errGot == nil) != (errWant == nil) ||
						(errWant != nil && errGot.Error() != errWant.Error()) {
						t.Errorf("%s %s #%d %s: folded\n%s\n(%v)\nparsed\n%s\n(%v)", lang, name, i, block, got.String(), errGot, want.String(), errWant)
					}
					if errWant == nil {
						compared++
					}
				}
			}
		}
	}
	if compared < 8 {
		t.Errorf("only %d pages rendered whole", compared)
	}
}
