package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"balie/queries"
)

// Three sign-ins with names of 1.9 MB once wrote 5.7 MB of throttle rows. A name no account can have gets
// the usual answer and is counted for the address only; every key stays small.
func TestHugeSignInNamesWriteNoLargeRows(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	huge := strings.Repeat("m", 1_900_000)
	for i := range 3 {
		p := a.newClient().post("/inloggen", url.Values{"naam": {huge + strconv.Itoa(i)}, "wachtwoord": {"wat-dan-ook"}})
		wantStatus(t, p, http.StatusUnauthorized)
		if got := p.Text(".error-summary li"); got != a.T("signin.failed") {
			t.Fatalf("huge name: %q", got)
		}
	}
	// A name within the limit but long in bytes is counted under a key of bounded length.
	wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {strings.Repeat("é", 254)}, "wachtwoord": {"wat-dan-ook"}}), http.StatusUnauthorized)
	throttleRows := func() (rows, longest, total int) {
		t.Helper()
		if err := a.db.Read.QueryRow("SELECT count(*), max(length(key) + length(window_start)), sum(length(key)) FROM sign_in_throttle").Scan(&rows, &longest, &total); err != nil {
			t.Fatal(err)
		}
		return rows, longest, total
	}
	if rows, longest, total := throttleRows(); rows != 2 || longest > 120 || total > 200 {
		t.Fatalf("%d throttle rows, longest %d, keys %d characters in all", rows, longest, total)
	}
	th, err := a.db.R.GetThrottle(context.Background(), "address:127.0.0.1")
	if err != nil || th.Failures != 4 {
		t.Fatalf("address throttle %+v, %v", th, err)
	}

	// A reset asked for a huge name is refused before anything is written.
	p := a.newClient().post("/wachtwoord-vergeten", url.Values{"naam": {huge}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#naam-error"); got != a.T("error.too_long", "Max", 254, "Count", len(huge)) {
		t.Fatalf("reset with a huge name: %q", got)
	}
	if rows, _, _ := throttleRows(); rows != 2 {
		t.Fatalf("the reset wrote throttle rows: %d", rows)
	}
}

// Every form refuses a field over its limit with a message next to it (422), before anything is
// written, and keeps what was typed.
func TestTooLongFieldsAreRefusedAndKept(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin, patient, visitor := a.staffClient("admin"), a.patientClient(0), a.newClient()
	staff := url.Values{"voornaam": {"Bert"}, "tussenvoegsel": {"van"}, "achternaam": {"Bos"}, "email": {"b.bos@delinde.example"}, "rol": {"assistant"}}
	settings := url.Values{"naam": {"Praktijk De Linde"}, "telefoon": {"010 123 4567"}, "straat": {"Lindelaan 1"}, "postcode": {"1234 AB"},
		"plaats": {"Utrecht"}, "email": {"info@delinde.example"}, "website": {"https://delinde.example"}, "totp": {"1"}, "dagen": {"5"}}
	for _, tc := range []struct {
		who   *client
		path  string // POST, or GET with the field in the query
		form  url.Values
		field string // the form's name of the field and the id of its input
		max   int
		long  string // what is typed: max+1 characters
	}{
		{visitor, "/wachtwoord-vergeten", url.Values{}, "naam", 254, ""},
		{patient, "/account/beveiliging/wachtwoord", url.Values{"huidig": {demoPassword}}, "wachtwoord", 1024, ""},
		{patient, "/account/beveiliging/mobiel", url.Values{"wachtwoord": {demoPassword}}, "mobiel", 30, "06" + strings.Repeat(" ", 21) + "12345678"},
		{admin, "/praktijk/beheer/medewerkers", staff, "voornaam", 100, ""},
		{admin, "/praktijk/beheer/medewerkers", staff, "tussenvoegsel", 100, ""},
		{admin, "/praktijk/beheer/medewerkers", staff, "achternaam", 100, ""},
		{admin, "/praktijk/beheer/medewerkers", staff, "email", 254, strings.Repeat("b", 255-len("@delinde.example")) + "@delinde.example"},
		{admin, "/praktijk/beheer/instellingen", settings, "naam", 200, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "telefoon", 30, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "straat", 200, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "postcode", 12, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "plaats", 200, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "email", 254, ""},
		{admin, "/praktijk/beheer/instellingen", settings, "website", 200, ""},
		{admin, "/praktijk/patienten", nil, "zoek", 200, ""},
	} {
		long := tc.long
		if long == "" {
			long = strings.Repeat("x", tc.max+1)
		}
		var p *page
		if tc.form == nil { // the search box: its field is q
			p = tc.who.get(tc.path + "?" + url.Values{"q": {long}}.Encode())
		} else {
			form := url.Values{}
			for k, v := range tc.form {
				form[k] = v
			}
			form.Set(tc.field, long)
			if tc.field == "wachtwoord" && form.Has("huidig") {
				form.Set("herhaal", long)
			}
			p = tc.who.post(tc.path, form)
		}
		name := tc.path + " " + tc.field
		if p.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, p.StatusCode)
			continue
		}
		if got, want := p.Problem("#"+tc.field+"-error"), a.T("error.too_long", "Max", tc.max, "Count", tc.max+1); got != want {
			t.Errorf("%s: message %q, want %q", name, got, want)
		}
		field := p.Doc.Find("#" + tc.field)
		if field.AttrOr("type", "") == "password" { // a password is never written back into the page
			if _, ok := field.Attr("value"); ok {
				t.Errorf("%s: the typed password was written back", name)
			}
		} else if got := field.AttrOr("value", ""); got != long {
			t.Errorf("%s: the typed text was not kept (%d characters back)", name, len(got))
		}
	}
	// Nothing was written: no colleague, the same clinic.
	var staffCount int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM users WHERE email = 'b.bos@delinde.example'").Scan(&staffCount); err != nil || staffCount != 0 {
		t.Errorf("a colleague was invited with a field over its limit (%d, %v)", staffCount, err)
	}
	if clinic, err := a.db.R.GetClinic(context.Background()); err != nil || clinic.Street == "Lindelaan 1" {
		t.Errorf("the settings were saved with a field over their limit (%v)", err)
	}
}

// Throttle rows whose window and lock have passed count nothing any more and are deleted; the others
// stay.
func TestExpiredThrottleRowsAreDeleted(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	now := a.clock.Now()
	until := func(d time.Duration) sql.NullTime { return sql.NullTime{Time: now.Add(d), Valid: true} }
	for _, row := range []queries.SetThrottleParams{
		{Key: "account:weg", Failures: 3, WindowStart: now.Add(-2 * time.Hour)},
		{Key: "account:slot-voorbij", WindowStart: now.Add(-2 * time.Hour), LockedUntil: until(-105 * time.Minute)},
		{Key: "reset:binnen-het-uur", Failures: 2, WindowStart: now.Add(-50 * time.Minute)},
		{Key: "account:nog-op-slot", WindowStart: now.Add(-2 * time.Hour), LockedUntil: until(time.Minute)},
		{Key: "address:192.0.2.1", Failures: 1, WindowStart: now.Add(-time.Minute)},
	} {
		if err := a.db.W.SetThrottle(ctx, row); err != nil {
			t.Fatal(err)
		}
	}
	n, err := a.app.DeleteExpiredThrottles(ctx)
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v; want 2", n, err)
	}
	var left []string
	rows, err := a.db.Read.Query("SELECT key FROM sign_in_throttle ORDER BY key")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		left = append(left, k)
	}
	if want := []string{"account:nog-op-slot", "address:192.0.2.1", "reset:binnen-het-uur"}; !slices.Equal(left, want) {
		t.Fatalf("left %v, want %v", left, want)
	}
}
