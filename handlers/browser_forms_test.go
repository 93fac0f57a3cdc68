package handlers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"balie/internal/photo"
)

// formCase is one form sent with a bad input, with JavaScript on (htmx boosts it): it must come back in
// place with the error summary focused, the title marked, the field marked and linked, and what the
// user typed still there.
type formCase struct {
	name   string
	path   string            // the page with the form
	fill   map[string]string // CSS selector → text typed into it
	files  map[string]string // CSS selector of a file input → path of the file chosen
	submit string            // the button that sends the form
	field  string            // the id of the field the summary must link to
	keep   []string          // selectors of the fields whose typed text must still be there
}

// formCasesFor are the forms each kind of user reaches, by the role that signs in ("" for none).
func formCasesFor(t *testing.T) map[string][]formCase {
	tooLarge := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(tooLarge, make([]byte, 7*photo.MaxBytes), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string][]formCase{
		"patient": {
			{name: "document without a file", path: "/documenten/nieuw", fill: map[string]string{"#titel": "Brief van de specialist"},
				submit: "form button.primary-inline", field: "bestand", keep: []string{"#titel"}},
			{name: "document past the request's limit (413)", path: "/documenten/nieuw", fill: map[string]string{"#titel": "Scan"},
				files: map[string]string{"#bestand": tooLarge}, submit: "form button.primary-inline", field: "bestand", keep: []string{"#titel"}},
		},
	}
}

func TestBrowserFormsShowTheirErrors(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	for role, cases := range formCasesFor(t) {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			b := newBrowserTab(t, a)
			switch role {
			case "patient":
				b.signIn(a.people[0].UserName.String)
			case "":
			default:
				b.signIn(a.staff[role].UserName.String)
			}
			for _, fc := range cases {
				b.wantFormError(fc)
			}
		})
	}
}

// wantFormError sends the form of fc with its bad input and checks what a keyboard and screen-reader
// user meets.
func (b *browserTab) wantFormError(fc formCase) {
	b.t.Helper()
	b.open(fc.path)
	for sel, text := range fc.fill {
		b.typeInto(sel, text)
	}
	for sel, file := range fc.files {
		b.do("choosing "+file, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
	}
	b.click(fc.submit)
	b.waitForWithin(fc.name+": the error summary, focused", `(() => {
		const s = document.querySelector("[data-error-summary]");
		return !!s && document.activeElement === s && document.readyState === "complete"; })()`, slowLimit)
	prefix := b.app.T("form.title_prefix")
	if title := eval[string](b, "document.title"); !strings.HasPrefix(title, prefix+" ") {
		b.t.Errorf("%s: title %q does not start with %q", fc.name, title, prefix)
	}
	if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll("[data-error-summary] a[href='#%s']").length`, fc.field)); n != 1 {
		b.t.Errorf("%s: the summary has %d links to #%s", fc.name, n, fc.field)
	}
	described := eval[bool](b, fmt.Sprintf(`(() => {
		const f = document.getElementById(%q);
		return !!f && f.getAttribute("aria-invalid") === "true" &&
			(f.getAttribute("aria-describedby") || "").split(" ").some(id => document.getElementById(id)?.classList.contains("field-error")); })()`, fc.field))
	if !described {
		b.t.Errorf("%s: #%s is not marked invalid with its error in aria-describedby", fc.name, fc.field)
	}
	for _, sel := range fc.keep {
		if got, want := eval[string](b, fmt.Sprintf(`document.querySelector(%q).value`, sel)), fc.fill[sel]; got != want {
			b.t.Errorf("%s: %s holds %q, want %q", fc.name, sel, got, want)
		}
	}
	// The summary's link takes the keyboard to the field.
	b.click(fmt.Sprintf("[data-error-summary] a[href='#%s']", fc.field))
	b.waitFor(fc.name+": the field focused from the summary", fmt.Sprintf(`document.activeElement?.id === %q`, fc.field))
	b.axe(fc.name)
}
