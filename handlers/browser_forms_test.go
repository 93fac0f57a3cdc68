package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
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
	before func(b *browserTab) // what the user does first (a sign-in half-way, a link from a mail), if anything
	path   string              // the page with the form ("": where before left the user)
	fill   map[string]string   // CSS selector → text typed into it, in place of what it held
	files  map[string]string   // CSS selector of a file input → path of the file chosen
	ready  string              // if set, a script that is true once the page has answered what was filled in (htmx)
	submit string              // the button that sends the form
	field  string              // the id of the field the summary must link to
	keep   []string            // selectors of the fields whose typed text must still be there
}

// formCasesFor are the forms each kind of user reaches, by the role that signs in ("" for none).
func formCasesFor(t *testing.T, a *testApp) map[string][]formCase {
	tooLarge := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(tooLarge, make([]byte, 7*photo.MaxBytes), 0o600); err != nil {
		t.Fatal(err)
	}
	notAPhoto := filepath.Join(t.TempDir(), "notities.txt")
	if err := os.WriteFile(notAPhoto, []byte("geen foto"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A conversation of the first patient, to reply to.
	sent := a.patientClient(0).post("/berichten", url.Values{"aan": {"team"}, "titel": {"Afspraak"}, "tekst": {"Mag ik verzetten?"}})
	wantStatus(t, sent, http.StatusSeeOther)
	security := func(action string) string {
		return fmt.Sprintf("form[action='/account/beveiliging/%s'] button", action)
	}
	return map[string][]formCase{
		"": {
			{name: "sign-in with a wrong password", path: "/inloggen", fill: map[string]string{"#naam": "j.jansen", "#wachtwoord": "niet mijn wachtwoord"},
				submit: "form button.primary", field: "wachtwoord", keep: []string{"#naam"}},
			{name: "reset request without a name", path: "/wachtwoord-vergeten", submit: "form button.primary", field: "naam"},
			{name: "activation with a wrong birth date", before: func(b *browserTab) {
				b.open(invite(b.t, b.app, b.app.staffClient("assistant"), newInvitee(b.t, b.app, "noor.bos@voorbeeld.example")))
			}, fill: map[string]string{"#geboortedatum-dag": "4", "#geboortedatum-maand": "3", "#geboortedatum-jaar": "1990"},
				submit: "form button.primary", field: "geboortedatum-dag", keep: []string{"#geboortedatum-dag", "#geboortedatum-maand", "#geboortedatum-jaar"}},
			{name: "SMS code page with a wrong code", before: func(b *browserTab) { b.passwordStep(b.app.people[0].UserName.String) },
				fill: map[string]string{"#code": "000000"}, submit: "form button.primary", field: "code", keep: []string{"#code"}},
		},
		"patient": {
			{name: "security: change password with a wrong current password", path: "/account/beveiliging",
				fill: map[string]string{"#huidig": "niet mijn wachtwoord"}, submit: security("wachtwoord"), field: "huidig"},
			{name: "security: change mobile to a landline", path: "/account/beveiliging",
				fill: map[string]string{"#mobiel": "020 123 4567", "#mobiel-wachtwoord": demoPassword}, submit: security("mobiel"), field: "mobiel", keep: []string{"#mobiel"}},
			{name: "document without a file", path: "/documenten/nieuw", fill: map[string]string{"#titel": "Brief van de specialist"},
				submit: "form button.primary-inline", field: "bestand", keep: []string{"#titel"}},
			{name: "document past the request's limit (413)", path: "/documenten/nieuw", fill: map[string]string{"#titel": "Scan"},
				files: map[string]string{"#bestand": tooLarge}, submit: "form button.primary-inline", field: "bestand", keep: []string{"#titel"}},
			{name: "new diary note with no text", path: "/dagboek/nieuw", fill: map[string]string{"#titel": "Slecht geslapen"},
				submit: "form.draft-form button.primary-inline", field: "tekst", keep: []string{"#titel"}},
			{name: "new message with no subject", path: "/berichten/nieuw", fill: map[string]string{"#tekst": "Mag ik mijn afspraak verzetten?"},
				submit: "form.draft-form button.primary-inline", field: "titel", keep: []string{"#tekst"}},
			{name: "reply with an empty text", path: "/berichten/" + threadID(sent),
				submit: "form.draft-form button.primary-inline", field: "tekst"},
			// With JavaScript a photo is refused as soon as it is chosen (announced, and described at the
			// file field: TestBrowserEconsultWithPhoto); the form sent after it keeps what was typed. One
			// case for both: what is typed in an e-consult comes back as its draft on the next visit.
			{name: "e-consult with a refused photo and no question", path: "/berichten/vraag", fill: map[string]string{"#titel": "Plekje op mijn arm"},
				files: map[string]string{"#foto": notAPhoto}, ready: `document.querySelector("#photo-status").textContent !== ""`,
				submit: "#econsult-send", field: "tekst", keep: []string{"#titel"}},
		},
		"admin": {
			{name: "settings with a number of days out of range", path: "/praktijk/beheer/instellingen",
				fill: map[string]string{"#naam": "Huisartsen Het Anker", "#dagen": "99"}, submit: "form button.primary-inline", field: "dagen",
				keep: []string{"#naam", "#dagen"}},
			{name: "invite a colleague with a bad e-mail address", path: "/praktijk/beheer/medewerkers",
				fill:   map[string]string{"#voornaam": "Noor", "#achternaam": "Bos", "#email": "geen-adres"},
				submit: "form[action='/praktijk/beheer/medewerkers'] button", field: "email", keep: []string{"#voornaam", "#achternaam", "#email"}},
			{name: "publish terms without a Dutch text", path: "/praktijk/beheer/voorwaarden",
				fill:   map[string]string{"#tekst_nl": "", "#tekst_en": "New terms"},
				submit: "form[action='/praktijk/beheer/voorwaarden'] button", field: "tekst_nl", keep: []string{"#tekst_en"}},
		},
		"assistant": {
			{name: "search for a date that does not exist", path: "/praktijk/patienten", fill: map[string]string{"#zoek": "31-02-1980"},
				submit: "form[role=search] button", field: "zoek", keep: []string{"#zoek"}},
		},
	}
}

func TestBrowserFormsShowTheirErrors(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	for role, cases := range formCasesFor(t, a) {
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
	if fc.before != nil {
		fc.before(b)
	}
	if fc.path != "" {
		b.open(fc.path)
	}
	for sel, text := range fc.fill {
		eval[string](b, fmt.Sprintf(`document.querySelector(%q).value = ""`, sel))
		b.typeInto(sel, text)
	}
	for sel, file := range fc.files {
		b.do("choosing "+file, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
	}
	if fc.ready != "" {
		b.waitFor(fc.name+": the page's answer to what was filled in", fc.ready)
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
	b.shot("form-" + strings.ReplaceAll(fc.name, " ", "-"))
}
