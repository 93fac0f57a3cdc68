package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"balie/internal/token"
	"balie/queries"
)

// newStaffInvite creates a staff account without a password and returns its activation path.
func newStaffInvite(t *testing.T, a *testApp, email string) string {
	t.Helper()
	ctx := context.Background()
	raw, hash, err := token.New()
	if err != nil {
		t.Fatal(err)
	}
	now := a.clock.Now()
	err = a.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		id, err := q.CreateUser(ctx, queries.CreateUserParams{Role: "practitioner", UserName: sql.NullString{String: email, Valid: true},
			Email: email, GivenName: "Noor", FamilyName: "Bos", Locale: "nl", CreatedAt: now})
		if err != nil {
			return err
		}
		return q.CreateActivation(ctx, queries.CreateActivationParams{TokenHash: hash, UserID: id, CreatedAt: now, ExpiresAt: now.Add(5 * 24 * time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return "/activeren/" + raw
}

func TestActivationSetsPasswordOnce(t *testing.T) {
	a := newTestApp(t)
	path := newStaffInvite(t, a, "n.bos@delinde.example")
	c := a.newClient()
	p := c.get(path)
	wantStatus(t, p, http.StatusOK)
	if p.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatal("the token page may leak its URL in the Referer")
	}
	for _, bad := range []struct{ pw, confirm, field, msg string }{
		{"kort", "kort", "#wachtwoord-error", a.T("activate.too_short", "Min", 12)},
		{"ik werk bij " + strings.ToLower("Gezondheidscentrum De Linde"), "x", "#wachtwoord-error", a.T("activate.clinic_name")},
		{"een lange zin als wachtwoord", "een andere zin als wachtwoord", "#herhaal-error", a.T("activate.mismatch")},
	} {
		p = c.post(path, url.Values{"wachtwoord": {bad.pw}, "herhaal": {bad.confirm}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := p.Text(bad.field); got != bad.msg {
			t.Fatalf("%q: error %q, want %q", bad.pw, got, bad.msg)
		}
	}
	pw := "een lange zin als wachtwoord"
	p = c.post(path, url.Values{"wachtwoord": {pw}, "herhaal": {pw}})
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/praktijk/patienten" {
		t.Fatalf("after activation: %q", loc)
	}
	wantStatus(t, c.follow(p), http.StatusOK)
	// The link works once.
	p = a.newClient().get(path)
	wantStatus(t, p, http.StatusNotFound)
	if p.Text(".error-summary") != a.T("activate.invalid") {
		t.Fatalf("used link: %q", p.Text(".error-summary"))
	}
	// The new password signs in.
	c2 := a.newClient()
	p = c2.post("/inloggen", url.Values{"naam": {"n.bos@delinde.example"}, "wachtwoord": {pw}})
	wantStatus(t, p, http.StatusSeeOther)
}

func TestActivationLinkExpires(t *testing.T) {
	a := newTestApp(t)
	path := newStaffInvite(t, a, "n.bos@delinde.example")
	a.fixed.Advance(5*24*time.Hour + time.Second)
	wantStatus(t, a.newClient().get(path), http.StatusNotFound)
	wantStatus(t, a.newClient().get("/activeren/verzonnen-token"), http.StatusNotFound)
}
