package handlers_test

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"balie/queries"
)

// postJSON sends JSON as passkey.js does (a same-origin fetch) and decodes the JSON answer into v.
func (c *client) postJSON(path, body string, v any) *page {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	p := c.do(req)
	if v != nil && strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(p.Body), v); err != nil {
			c.t.Fatalf("%s: %v in %s", path, err, p.Body)
		}
	}
	return p
}

// creationOptions is the part of PublicKeyCredentialCreationOptions the tests look at.
type creationOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"rp"`
		User struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
		} `json:"user"`
		ExcludeCredentials []struct {
			ID string `json:"id"`
		} `json:"excludeCredentials"`
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
	} `json:"publicKey"`
}

// requestOptions is the part of PublicKeyCredentialRequestOptions the tests look at.
type requestOptions struct {
	PublicKey struct {
		Challenge        string `json:"challenge"`
		RPID             string `json:"rpId"`
		UserVerification string `json:"userVerification"`
		AllowCredentials []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
	} `json:"publicKey"`
}

type passkeyAnswer struct {
	Redirect string `json:"redirect"`
	Error    string `json:"error"`
}

// A made-up authenticator answer: well-formed JSON that no authenticator signed.
const garbageCredential = `{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA","authenticatorData":"AAAA","signature":"AAAA"}}`

func wantChallenge(t *testing.T, challenge string) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(challenge)
	if err != nil || len(b) < 16 {
		t.Fatalf("challenge %q: %d bytes, %v", challenge, len(b), err)
	}
}

func countFactors(t *testing.T, a *testApp, userID int64, kind string) int {
	t.Helper()
	fs, err := a.db.R.ListFactors(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

// withoutFactors takes a demo user's factors away, so that signing in leads to setting one up.
func withoutFactors(t *testing.T, a *testApp, userID int64) {
	t.Helper()
	if _, err := a.db.Write.Exec("DELETE FROM factors WHERE user_id = ?", userID); err != nil {
		t.Fatal(err)
	}
}

// addStoredPasskey gives the user a passkey factor as the setup would store it (no private key
// exists for it: only the options and refusals can be tested with it).
func addStoredPasskey(t *testing.T, a *testApp, userID int64, id string) {
	t.Helper()
	cred, _ := json.Marshal(map[string]any{"id": []byte(id), "publicKey": []byte("not a key"), "flags": map[string]bool{"userPresent": true}})
	if _, err := a.db.W.CreateFactor(context.Background(), queries.CreateFactorParams{UserID: userID, Kind: "passkey", Label: "Passkey",
		CredentialID: []byte(id), Credential: cred, CreatedAt: a.clock.Now()}); err != nil {
		t.Fatal(err)
	}
}

// In the setup stage the choice page offers a passkey (shown by the script); begin answers creation
// options for this site and user; an answer no authenticator made is refused with a translated
// message and stores nothing; the ceremony is used once.
func TestPasskeySetupOptionsAndRefusal(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	withoutFactors(t, a, u.ID)
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
	if p.Header.Get("Location") != "/inloggen/beveiliging" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	p = c.get("/inloggen/beveiliging")
	wantStatus(t, p, http.StatusOK)
	button := p.Doc.Find(`li.choice button[data-passkey="register"]`)
	if button.Length() != 1 || button.AttrOr("data-begin", "") != "/inloggen/beveiliging/passkey/begin" ||
		button.AttrOr("data-finish", "") != "/inloggen/beveiliging/passkey/finish" || strings.TrimSpace(button.Text()) != a.T("signin_passkey.setup_start") {
		t.Fatalf("no passkey choice: %s", p.Text("ul.choices"))
	}
	if _, hidden := button.Closest("li").Attr("hidden"); !hidden {
		t.Error("the passkey choice shows without the script that makes it work")
	}

	var opts creationOptions
	p = c.postJSON("/inloggen/beveiliging/passkey/begin", "", &opts)
	wantStatus(t, p, http.StatusOK)
	pk := opts.PublicKey
	if pk.RP.ID != "localhost" || pk.RP.Name == "" {
		t.Errorf("relying party %+v, want id localhost and the clinic's name", pk.RP)
	}
	wantChallenge(t, pk.Challenge)
	handle := make([]byte, 8)
	binary.BigEndian.PutUint64(handle, uint64(u.ID))
	if pk.User.ID != base64.RawURLEncoding.EncodeToString(handle) || pk.User.Name != u.UserName.String || pk.User.DisplayName != u.FullName() {
		t.Errorf("user %+v", pk.User)
	}
	if pk.AuthenticatorSelection.ResidentKey != "required" || pk.AuthenticatorSelection.UserVerification != "preferred" {
		t.Errorf("authenticator selection %+v", pk.AuthenticatorSelection)
	}
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", p.Header.Get("Cache-Control"))
	}

	var ans passkeyAnswer
	p = c.postJSON("/inloggen/beveiliging/passkey/finish", garbageCredential, &ans)
	wantStatus(t, p, http.StatusBadRequest)
	if ans.Error != a.T("signin_passkey.setup_failed") || ans.Redirect != "" {
		t.Fatalf("garbage answer: %+v", ans)
	}
	if n := countFactors(t, a, u.ID, "passkey"); n != 0 {
		t.Fatalf("%d passkeys stored from garbage", n)
	}
	p = c.postJSON("/inloggen/beveiliging/passkey/finish", garbageCredential, &ans)
	wantStatus(t, p, http.StatusBadRequest)
	if ans.Error != a.T("signin_passkey.expired") {
		t.Fatalf("second finish of one ceremony: %+v", ans)
	}
	// Still in the setup stage: the rest of the portal stays closed.
	walkAsStage(t, a, c, "setup", "/inloggen/beveiliging")
}

// A passkey the user has already is excluded from a new registration, from the security page too.
func TestPasskeySetupFromTheSecurityPageExcludesExisting(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[1]
	addStoredPasskey(t, a, u.ID, "existing-passkey")
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
	c.finishSignIn(p, u.UserName.String)

	var opts creationOptions
	p = c.postJSON("/account/beveiliging/nieuw/passkey/begin", "", &opts)
	wantStatus(t, p, http.StatusOK)
	if len(opts.PublicKey.ExcludeCredentials) != 1 || opts.PublicKey.ExcludeCredentials[0].ID != base64.RawURLEncoding.EncodeToString([]byte("existing-passkey")) {
		t.Fatalf("exclusions %+v", opts.PublicKey.ExcludeCredentials)
	}
	var ans passkeyAnswer
	p = c.postJSON("/account/beveiliging/nieuw/passkey/finish", "not json", &ans)
	wantStatus(t, p, http.StatusBadRequest)
	if ans.Error != a.T("signin_passkey.setup_failed") || countFactors(t, a, u.ID, "passkey") != 1 {
		t.Fatalf("not json: %+v", ans)
	}
	// Anyone not signed in completely is sent away, with nothing stored.
	anon := a.newClient()
	p = anon.postJSON("/account/beveiliging/nieuw/passkey/begin", "", nil)
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/inloggen" {
		t.Fatalf("anonymous begin: %d %q", p.StatusCode, p.Header.Get("Location"))
	}
}

// The second step with a passkey: the code page offers it, begin answers options for the user's own
// passkeys only, and refused answers count as wrong codes until the sign-in starts again.
func TestPasskeyAsSecondFactorRefusals(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	u := a.people[0]
	addStoredPasskey(t, a, u.ID, "my-passkey")
	addStoredPasskey(t, a, a.people[1].ID, "someone-elses-passkey")
	c := a.newClient()
	p := c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
	if p.Header.Get("Location") != "/inloggen/code" {
		t.Fatalf("after the password: %q", p.Header.Get("Location"))
	}
	p = c.get("/inloggen/code")
	button := p.Doc.Find(`button[data-passkey="authenticate"]`)
	if button.Length() != 1 || strings.TrimSpace(button.Text()) != a.T("signin_passkey.use") || button.AttrOr("data-begin", "") != "/inloggen/code/passkey/begin" {
		t.Fatal("the code page does not offer the passkey")
	}
	if p.Doc.Find("#code").Length() != 1 {
		t.Fatal("the SMS code field went away")
	}

	for i := 1; i <= 5; i++ {
		var opts requestOptions
		p = c.postJSON("/inloggen/code/passkey/begin", "", &opts)
		wantStatus(t, p, http.StatusOK)
		pk := opts.PublicKey
		wantChallenge(t, pk.Challenge)
		if pk.RPID != "localhost" || pk.UserVerification != "preferred" || len(pk.AllowCredentials) != 1 ||
			pk.AllowCredentials[0].ID != base64.RawURLEncoding.EncodeToString([]byte("my-passkey")) {
			t.Fatalf("request options %+v", pk)
		}
		var ans passkeyAnswer
		p = c.postJSON("/inloggen/code/passkey/finish", garbageCredential, &ans)
		wantStatus(t, p, http.StatusUnauthorized)
		if i < 5 && (ans.Error != a.T("signin_passkey.failed") || ans.Redirect != "") {
			t.Fatalf("try %d: %+v", i, ans)
		}
		if i == 5 && (ans.Error != a.T("signin_codes.start_again") || ans.Redirect != "/inloggen?melding=signin.notice_ended") {
			t.Fatalf("the fifth refusal does not end the sign-in: %+v", ans)
		}
	}
	p = c.get("/inloggen/code")
	if p.StatusCode != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/inloggen") {
		t.Fatalf("after five refusals the code page still opens: %d", p.StatusCode)
	}
	if n := countEvents(t, a, u.ID, "sign_in_failed"); n != 1 {
		t.Errorf("%d sign_in_failed events, want 1", n)
	}
}

func countEvents(t *testing.T, a *testApp, userID int64, kind string) int {
	t.Helper()
	var n int
	if err := a.db.Write.QueryRow("SELECT count(*) FROM account_events WHERE user_id = ? AND kind = ?", userID, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Sign-in without a password: the sign-in page offers it, begin asks for any passkey of this site with
// user verification, and finish refuses answers without a ceremony, made-up answers (counted against
// the address) and a second use of one ceremony.
func TestPasskeySignInWithoutPassword(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	p := c.get("/inloggen")
	block := p.Doc.Find(".passkey-block[data-passkey-only]")
	if _, hidden := block.Attr("hidden"); !hidden || block.Find(`button[data-passkey="signin"]`).Length() != 1 {
		t.Fatal("the sign-in page has no hidden passkey block")
	}
	if got := strings.TrimSpace(block.Find("button").Text()); got != a.T("signin_passkey.sign_in") {
		t.Errorf("button %q", got)
	}
	errBox := block.Find("[data-passkey-error]")
	if errBox.AttrOr("data-cancelled", "") != a.T("signin_passkey.cancelled") || errBox.AttrOr("data-failed", "") != a.T("signin_passkey.error") {
		t.Error("the script's messages are not on the page")
	}

	var ans passkeyAnswer
	p = c.postJSON("/inloggen/passkey/finish", garbageCredential, &ans)
	wantStatus(t, p, http.StatusBadRequest)
	if ans.Error != a.T("signin_passkey.expired") {
		t.Fatalf("finish without begin: %+v", ans)
	}

	var opts requestOptions
	p = c.postJSON("/inloggen/passkey/begin", "", &opts)
	wantStatus(t, p, http.StatusOK)
	pk := opts.PublicKey
	wantChallenge(t, pk.Challenge)
	if pk.RPID != "localhost" || pk.UserVerification != "required" || len(pk.AllowCredentials) != 0 {
		t.Fatalf("request options %+v", pk)
	}
	var cookie *http.Cookie
	for _, ck := range p.Cookies() {
		if ck.Name == "balie-passkey" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.MaxAge != 300 || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("ceremony cookie %+v", cookie)
	}
	if strings.Contains(cookie.Value, pk.Challenge) {
		t.Fatal("the cookie carries the challenge")
	}

	p = c.postJSON("/inloggen/passkey/finish", garbageCredential, &ans)
	wantStatus(t, p, http.StatusUnauthorized)
	if ans.Error != a.T("signin_passkey.failed") || ans.Redirect != "" {
		t.Fatalf("garbage: %+v", ans)
	}
	th, err := a.db.R.GetThrottle(context.Background(), "address:127.0.0.1")
	if err != nil || th.Failures != 1 {
		t.Fatalf("address throttle %+v, %v", th, err)
	}
	// The browser still sends the old id: the ceremony is gone.
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/inloggen/passkey/finish", strings.NewReader(garbageCredential))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	p = c.do(req)
	wantStatus(t, p, http.StatusBadRequest)
	if !strings.Contains(p.Body, jsonText(a.T("signin_passkey.expired"))) {
		t.Fatalf("a ceremony was used twice: %s", p.Body)
	}
	// Nobody got signed in.
	if p := c.get("/overzicht"); p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/inloggen" {
		t.Fatalf("overview after refused passkeys: %d %q", p.StatusCode, p.Header.Get("Location"))
	}
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// A locked address gets no passkey ceremony either.
func TestPasskeySignInRespectsTheAddressLock(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	for i := 0; i < 20; i++ {
		c.post("/inloggen", url.Values{"naam": {"niemand-" + string(rune('a'+i))}, "wachtwoord": {"fout wachtwoord"}})
	}
	var ans passkeyAnswer
	p := c.postJSON("/inloggen/passkey/begin", "", &ans)
	wantStatus(t, p, http.StatusTooManyRequests)
	if ans.Error != a.T("signin_passkey.locked", "Minutes", 15) {
		t.Fatalf("locked: %+v", ans)
	}
}

// When the clinic does not allow passkeys, nothing offers or accepts them.
func TestPasskeysOffWhenTheClinicDoesNotAllowThem(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET allow_passkey = 0"); err != nil {
		t.Fatal(err)
	}
	u := a.people[0]
	addStoredPasskey(t, a, u.ID, "my-passkey")
	c := a.newClient()
	if p := c.get("/inloggen"); p.Doc.Find("[data-passkey]").Length() != 0 {
		t.Fatal("the sign-in page offers passkeys")
	}
	var ans passkeyAnswer
	if p := c.postJSON("/inloggen/passkey/begin", "", &ans); p.StatusCode != http.StatusNotFound || ans.Error != a.T("signin_passkey.not_allowed") {
		t.Fatalf("begin: %d %+v", p.StatusCode, ans)
	}
	c.post("/inloggen", url.Values{"naam": {u.UserName.String}, "wachtwoord": {demoPassword}})
	if p := c.get("/inloggen/code"); p.Doc.Find("[data-passkey]").Length() != 0 {
		t.Fatal("the code page offers a passkey")
	}
	if p := c.postJSON("/inloggen/code/passkey/begin", "", &ans); p.StatusCode != http.StatusNotFound || ans.Error != a.T("signin_passkey.not_allowed") {
		t.Fatalf("factor begin: %d %+v", p.StatusCode, ans)
	}
}

// A user whose only factor is a passkey can still reset the password: the reset page offers the
// passkey, its options allow only the user's own, and a signature no authenticator made is refused.
func TestPasskeyForPasswordReset(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withServerBaseURL())
	u := a.people[0]
	withoutFactors(t, a, u.ID)
	addStoredPasskey(t, a, u.ID, "my-passkey")
	c := a.newClient()
	c.post("/wachtwoord-vergeten", url.Values{"naam": {u.Email}})
	link := a.lastMailLink(u.Email)
	p := c.get(link)
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(`button[data-passkey="authenticate"]`).AttrOr("data-begin", "") != link+"/passkey/begin" {
		t.Fatal("the reset page does not offer the passkey")
	}
	var opts requestOptions
	wantStatus(t, c.postJSON(link+"/passkey/begin", "", &opts), http.StatusOK)
	if len(opts.PublicKey.AllowCredentials) != 1 || opts.PublicKey.AllowCredentials[0].ID != base64.RawURLEncoding.EncodeToString([]byte("my-passkey")) {
		t.Fatalf("options %+v", opts.PublicKey)
	}
	var ans passkeyAnswer
	p = c.postJSON(link+"/passkey/finish", garbageCredential, &ans)
	wantStatus(t, p, http.StatusUnauthorized)
	if ans.Error != a.T("signin_passkey.failed") {
		t.Fatalf("answer %+v", ans)
	}
	// The ceremony was used once; an unknown link gets nothing.
	wantStatus(t, c.postJSON(link+"/passkey/finish", garbageCredential, nil), http.StatusBadRequest)
	wantStatus(t, c.postJSON("/wachtwoord-herstellen/verzonnen/passkey/begin", "", nil), http.StatusGone)
}

// An address that cannot have passkeys (an IP address: WebAuthn needs a host name) hides them on every
// page, and their requests get a translated refusal, never a 500.
func TestPasskeysAreHiddenWhereTheAddressCannotHaveThem(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withBaseURL("http://127.0.0.1:8080"))
	me := a.people[0]
	addStoredPasskey(t, a, me.ID, "my-passkey")
	refused := func(c *client, path string) {
		t.Helper()
		var ans passkeyAnswer
		p := c.postJSON(path, "", &ans)
		if p.StatusCode != http.StatusNotFound || ans.Error != a.T("signin_passkey.unavailable") {
			t.Errorf("%s: %d %q", path, p.StatusCode, ans.Error)
		}
	}
	c := a.newClient()
	if c.get("/inloggen").Doc.Find("[data-passkey-only]").Length() != 0 {
		t.Error("the sign-in page offers passkeys")
	}
	refused(c, "/inloggen/passkey/begin")

	// Half-way through a sign-in (the second step) and signed in (adding a factor).
	wantStatus(t, c.post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	if c.get("/inloggen/code").Doc.Find("[data-passkey-only]").Length() != 0 {
		t.Error("the code page offers a passkey")
	}
	refused(c, "/inloggen/code/passkey/begin")
	c = a.patientClient(0)
	if c.get("/account/beveiliging/nieuw").Doc.Find("[data-passkey-only]").Length() != 0 {
		t.Error("the security page offers to add a passkey")
	}
	refused(c, "/account/beveiliging/nieuw/passkey/begin")
	refused(c, "/account/beveiliging/nieuw/passkey/finish")

	// A password reset's second step.
	wantStatus(t, c.post("/wachtwoord-vergeten", url.Values{"naam": {me.UserName.String}}), http.StatusOK)
	link := a.lastMailLink(me.Email)
	if c.get(link).Doc.Find("[data-passkey-only]").Length() != 0 {
		t.Error("the reset page offers a passkey")
	}
	refused(c, link+"/passkey/begin")
}
