package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"balie/queries"
)

// setUserName gives an account a user name as if it had chosen it at activation.
func setUserName(t *testing.T, a *testApp, id int64, name string) {
	t.Helper()
	if err := a.db.W.SetUserName(context.Background(), queries.SetUserNameParams{UserName: sql.NullString{String: name, Valid: true}, ID: id}); err != nil {
		t.Fatal(err)
	}
}

// signedInAs is whose name the page shows after a sign-in with name that reached the account whose
// phone gets the code (codeFor: a user name of that account).
func signedInAs(t *testing.T, a *testApp, name, codeFor string) string {
	t.Helper()
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {demoPassword}})
	wantStatus(t, p, http.StatusSeeOther)
	return c.finishSignIn(p, codeFor).Text(".signed-in-as")
}

// resetMailedTo asks for a reset link with name and returns which of the candidates' addresses got it.
func resetMailedTo(t *testing.T, a *testApp, name string, candidates ...queries.User) string {
	t.Helper()
	a.deliver()
	before := map[string]int{}
	for _, u := range candidates {
		before[u.Email] = len(a.smtp.To(u.Email))
	}
	wantStatus(t, a.newClient().post("/wachtwoord-vergeten", url.Values{"naam": {name}}), http.StatusOK)
	a.deliver()
	for _, u := range candidates {
		if len(a.smtp.To(u.Email)) > before[u.Email] {
			return u.Email
		}
	}
	return ""
}

// The attack: a patient chose "martijn"; another then chose martijn's e-mail address as user name and took
// his sign-in, his password resets and his failed sign-ins. A user name is never another account's
// address, and an address never becomes a second account's way in.
func TestAUserNameIsNeverAnotherAccountsAddress(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	martijn := a.people[1]
	setUserName(t, a, martijn.ID, "martijn")

	other := newInvitee(t, a, "noor.bos@voorbeeld.example")
	c := a.newClient()
	wantStatus(t, c.post(invite(t, a, a.staffClient("assistant"), other), birthForm("3", "4", "1990")), http.StatusSeeOther)
	for _, tc := range []struct{ name, want string }{
		{martijn.Email, "signin_activation.user_name_taken"},
		{strings.ToUpper(martijn.Email), "signin_activation.user_name_taken"},
		{"nog.niemand@voorbeeld.example", "signin_activation.user_name_not_own_email"}, // an address someone may get later
	} {
		p := c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {tc.name}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := p.Problem("#gebruikersnaam-error"); got != a.T(tc.want) {
			t.Errorf("user name %s: %q, want %q", tc.name, got, a.T(tc.want))
		}
		if p.Doc.Find("#gebruikersnaam").AttrOr("value", "") != tc.name {
			t.Errorf("user name %s: what was typed is lost", tc.name)
		}
		wantNoPasswordWrittenBack(t, p, newPassword)
	}
	// Her own address is hers to use.
	p := c.post("/activeren/gegevens", url.Values{"gebruikersnaam": {other.Email}, "wachtwoord": {newPassword}, "herhaal": {newPassword}})
	wantStatus(t, p, http.StatusSeeOther)

	// Staff cannot give martijn's address to a new colleague either: it would be the colleague's user name.
	p = a.staffClient("admin").post("/praktijk/beheer/medewerkers", url.Values{"voornaam": {"Bert"}, "achternaam": {"Bos"},
		"email": {martijn.Email}, "rol": {"assistant"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#email-error") != a.T("beheer_staff.email_taken") || p.Doc.Find("#email").AttrOr("value", "") != martijn.Email {
		t.Fatalf("staff with a patient's address: %q", p.Problem("#email-error"))
	}
	// The database refuses it whatever code tries.
	if _, err := a.db.W.CreateUser(context.Background(), queries.CreateUserParams{Role: "assistant", UserName: sql.NullString{String: martijn.Email, Valid: true},
		Email: martijn.Email, GivenName: "Bert", FamilyName: "Bos", Locale: "nl", CreatedAt: a.clock.Now()}); err == nil {
		t.Fatal("the database stored a user name that is another account's address")
	}

	// Martijn's address reaches martijn: sign-in and password reset.
	if got, want := signedInAs(t, a, martijn.Email, "martijn"), a.T("layout.signed_in_as", "Name", martijn.FullName()); got != want {
		t.Fatalf("sign-in with martijn's address: %q, want %q", got, want)
	}
	if got := resetMailedTo(t, a, martijn.Email, martijn); got != martijn.Email {
		t.Fatal("a reset asked with martijn's address did not reach him")
	}
}

// A database from before such names were refused may hold them: a name then reaches the account whose
// address it is, never the account that took it as user name (unless the address is that account's own,
// shared with a sibling's account).
func TestSignInNameClashesFromBeforeReachTheAddressOwner(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	if _, err := a.db.Write.Exec("DROP TRIGGER IF EXISTS users_sign_in_names_update"); err != nil { // as an older database
		t.Fatal(err)
	}
	martijn, taker := a.people[1], a.people[2]
	setUserName(t, a, martijn.ID, "martijn")
	setUserName(t, a, taker.ID, martijn.Email)
	// A parent's address, also a sibling's: the user name of the account whose own address it is.
	parent, sibling := a.people[0], a.people[3]
	if _, err := a.db.Write.Exec("UPDATE users SET email = ?, user_name = 'broertje' WHERE id = ?", parent.Email, sibling.ID); err != nil {
		t.Fatal(err)
	}

	if got, want := signedInAs(t, a, martijn.Email, "martijn"), a.T("layout.signed_in_as", "Name", martijn.FullName()); got != want {
		t.Fatalf("sign-in with martijn's address: %q, want %q", got, want)
	}
	if got := resetMailedTo(t, a, martijn.Email, martijn, taker); got != martijn.Email {
		t.Fatalf("the reset for martijn's address went to %q", got)
	}
	// His failed sign-ins are his, not the other account's.
	wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {martijn.Email}, "wachtwoord": {"niet-zijn-wachtwoord"}}), http.StatusUnauthorized)
	for _, u := range []queries.User{martijn, taker} {
		var failed int
		if err := a.db.Read.QueryRowContext(ctx, "SELECT count(*) FROM account_events WHERE user_id = ? AND kind = 'sign_in_failed'", u.ID).Scan(&failed); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1, false: 0}[u.ID == martijn.ID]; failed != want {
			t.Errorf("account %d has %d failed sign-ins, want %d", u.ID, failed, want)
		}
	}
	if got, want := signedInAs(t, a, parent.Email, parent.Email), a.T("layout.signed_in_as", "Name", parent.FullName()); got != want {
		t.Fatalf("sign-in with the shared address that is a user name: %q, want %q", got, want)
	}
}
