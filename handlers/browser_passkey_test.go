package handlers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdpwebauthn "github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// addAuthenticator gives the tab a virtual platform authenticator (like a phone's fingerprint
// reader): discoverable credentials, user verification that succeeds, presence without a tap.
func (b *browserTab) addAuthenticator() cdpwebauthn.AuthenticatorID {
	b.t.Helper()
	var id cdpwebauthn.AuthenticatorID
	b.do("adding a virtual authenticator", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, cdpwebauthn.Enable, cdpwebauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, t, cdpwebauthn.AddVirtualAuthenticator, cdpwebauthn.AddVirtualAuthenticatorParams{
			Options: &cdpwebauthn.VirtualAuthenticatorOptions{
				Protocol: cdpwebauthn.AuthenticatorProtocolCtap2, Ctap2version: cdpwebauthn.Ctap2versionCtap21,
				Transport: cdpwebauthn.AuthenticatorTransportInternal, HasResidentKey: true,
				HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
			}})
		id = res.AuthenticatorID
		return err
	}))
	return id
}

// authenticatorCredentials is how many passkeys the virtual authenticator holds.
func (b *browserTab) authenticatorCredentials(id cdpwebauthn.AuthenticatorID) int {
	b.t.Helper()
	n := 0
	b.do("reading the authenticator's passkeys", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, cdpwebauthn.GetCredentials, cdpwebauthn.GetCredentialsParams{AuthenticatorID: id})
		n = len(res.Credentials)
		return err
	}))
	return n
}

// rewindCounter puts the authenticator's passkeys back to a signature counter of 0, as a copy of the
// passkey made earlier would sign.
func (b *browserTab) rewindCounter(id cdpwebauthn.AuthenticatorID) {
	b.t.Helper()
	b.do("copying the passkey with an old counter", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, cdpwebauthn.GetCredentials, cdpwebauthn.GetCredentialsParams{AuthenticatorID: id})
		if err != nil {
			return err
		}
		for _, c := range res.Credentials {
			if _, err := cdp.Call(ctx, t, cdpwebauthn.RemoveCredential, cdpwebauthn.RemoveCredentialParams{AuthenticatorID: id, CredentialID: c.CredentialID}); err != nil {
				return err
			}
			// Sent by hand: cdproto always sends the CMTG fields, which a virtual authenticator refuses.
			copied := map[string]any{"credentialId": c.CredentialID, "isResidentCredential": c.IsResidentCredential,
				"rpId": c.RpID, "privateKey": c.PrivateKey, "userHandle": c.UserHandle, "signCount": 0,
				"backupEligibility": c.BackupEligibility, "backupState": c.BackupState}
			if err := t.Call(ctx, cdpwebauthn.CommandAddCredential, map[string]any{"authenticatorId": id, "credential": copied}, nil); err != nil {
				return err
			}
		}
		return nil
	}))
}

// bogusSignatures makes the authenticator sign with a zero signature (or sign properly again).
func (b *browserTab) bogusSignatures(id cdpwebauthn.AuthenticatorID, on bool) {
	b.t.Helper()
	b.do("changing the authenticator's signatures", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdpwebauthn.SetResponseOverrideBits, cdpwebauthn.SetResponseOverrideBitsParams{AuthenticatorID: id, IsBogusSignature: &on})
		return err
	}))
}

// typePassword fills in the sign-in form and sends it.
func (b *browserTab) typePassword(name string) {
	b.t.Helper()
	b.open("/inloggen")
	b.typeInto("#naam", name)
	b.typeInto("#wachtwoord", demoPassword)
	b.click("form button.primary")
}

// A patient signed in with password and SMS adds a passkey on the security page; then signs in with
// the password and the passkey as second factor; then with the passkey alone. A passkey whose
// signature is wrong is refused with a message on the page.
func TestBrowserPasskeys(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock(), withServerBaseURL())
	b := newBrowserTab(t, a)
	auth := b.addAuthenticator()
	me := a.people[0]
	name := me.UserName.String

	// Adding a passkey from the security page.
	b.signIn(name)
	b.wantPath("/overzicht")
	b.open("/account/beveiliging")
	b.click(`a[href="/account/beveiliging/nieuw"]`)
	// A boosted link: htmx swaps the page in, and the script shows the passkey choice on it.
	b.waitFor("the passkey choice on the new-factor page", loaded("/account/beveiliging/nieuw")+
		` && document.querySelector('button[data-passkey="register"]') !== null && !document.querySelector('button[data-passkey="register"]').hidden`)
	b.wantText(`li.choice[data-passkey-only] h2`, a.T("signin_passkey.title"))
	b.axe("new factor with a passkey")
	b.click(`button[data-passkey="register"]`)
	b.waitFor("the security page after adding the passkey", loaded("/account/beveiliging"))
	b.wantText("p.notice", a.T("security.notice_added"))
	if n := countFactors(t, a, me.ID, "passkey"); n != 1 {
		t.Fatalf("%d passkeys stored, want 1", n)
	}
	if n := b.authenticatorCredentials(auth); n != 1 {
		t.Fatalf("the authenticator holds %d passkeys, want 1", n)
	}
	b.wantTextContains(".factor-list", a.T("security.passkey"))
	// The same authenticator cannot add a second passkey for the same account.
	b.open("/account/beveiliging/nieuw")
	b.click(`button[data-passkey="register"]`)
	b.waitFor("the message that this device has a passkey", `!document.querySelector("li.choice [data-passkey-error]").hidden`)
	b.wantText("li.choice [data-passkey-error]", a.T("signin_passkey.exists"))
	b.axe("new factor with the passkey message")
	b.signOut()

	// Password, then the passkey as second factor.
	b.typePassword(name)
	b.waitFor("the code page", loaded("/inloggen/code"))
	if !b.visible(`button[data-passkey="authenticate"]`) {
		t.Fatal("the code page does not offer the passkey")
	}
	b.axe("code page with a passkey")
	b.click(`button[data-passkey="authenticate"]`)
	b.waitFor("the overview after the passkey", loaded("/overzicht"))
	b.wantTextContains("h1", a.T("overview.welcome", "Name", me.GivenName))
	if f := storedPasskey(t, a, me.ID); !f.LastUsedAt.Valid || f.SignCount == 0 {
		t.Errorf("after its use the passkey has last use %v and sign count %d", f.LastUsedAt, f.SignCount)
	}
	b.signOut()

	// The passkey alone.
	b.wantPath("/inloggen")
	if !b.visible(`button[data-passkey="signin"]`) {
		t.Fatal("the sign-in page does not offer a passkey")
	}
	b.axe("sign-in with a passkey")
	b.click(`button[data-passkey="signin"]`)
	b.waitFor("the overview after signing in with the passkey", loaded("/overzicht"))
	b.wantTextContains("h1", a.T("overview.welcome", "Name", me.GivenName))
	if n := countEvents(t, a, me.ID, "sign_in"); n != 3 {
		t.Errorf("%d sign-ins recorded, want 3", n)
	}
	b.signOut()

	// A wrong signature: refused, said so on the page, nobody signed in.
	b.bogusSignatures(auth, true)
	b.click(`button[data-passkey="signin"]`)
	b.waitFor("the refusal", `!document.querySelector(".passkey-block [data-passkey-error]").hidden`)
	b.wantText(".passkey-block [data-passkey-error]", a.T("signin_passkey.failed"))
	b.wantPath("/inloggen")
	b.axe("sign-in with a refused passkey")
	b.bogusSignatures(auth, false)
	b.click(`button[data-passkey="signin"]`)
	b.waitFor("the overview after the passkey works again", loaded("/overzicht"))
	b.signOut()

	// A copy of the passkey (its counter behind): refused, and the passkey stays refused.
	b.rewindCounter(auth)
	for range 2 {
		b.open("/inloggen")
		b.click(`button[data-passkey="signin"]`)
		b.waitFor("the refusal of the copy", `!document.querySelector(".passkey-block [data-passkey-error]").hidden`)
		b.wantText(".passkey-block [data-passkey-error]", a.T("signin_passkey.failed"))
	}
	if f := storedPasskey(t, a, me.ID); !f.CloneWarning {
		t.Error("the clone warning was not stored")
	}
}

type storedCredential struct {
	LastUsedAt   sql.NullTime
	SignCount    uint32
	CloneWarning bool
}

// storedPasskey reads what the server keeps of the user's only passkey.
func storedPasskey(t *testing.T, a *testApp, userID int64) storedCredential {
	t.Helper()
	var out storedCredential
	var raw []byte
	if err := a.db.Write.QueryRow("SELECT credential, last_used_at FROM factors WHERE user_id = ? AND kind = 'passkey'", userID).Scan(&raw, &out.LastUsedAt); err != nil {
		t.Fatal(err)
	}
	var cred struct {
		Authenticator struct {
			SignCount    uint32 `json:"signCount"`
			CloneWarning bool   `json:"cloneWarning"`
		} `json:"authenticator"`
	}
	if err := json.Unmarshal(raw, &cred); err != nil {
		t.Fatal(err)
	}
	out.SignCount, out.CloneWarning = cred.Authenticator.SignCount, cred.Authenticator.CloneWarning
	return out
}

// A new account's first factor can be a passkey: after the password the setup stage offers it, and
// the passkey then signs in without a password.
func TestBrowserPasskeyAsFirstFactor(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock(), withServerBaseURL())
	me := a.people[1]
	withoutFactors(t, a, me.ID)
	b := newBrowserTab(t, a)
	b.addAuthenticator()

	b.typePassword(me.UserName.String)
	b.waitFor("the second-factor choice", loaded("/inloggen/beveiliging"))
	if !b.visible(`button[data-passkey="register"]`) {
		t.Fatal("the setup stage does not offer a passkey")
	}
	b.axe("setup stage with a passkey")
	b.click(`button[data-passkey="register"]`)
	b.waitFor("the page after setting up the passkey", `!location.pathname.startsWith("/inloggen") && document.readyState === "complete"`)
	if b.path() == "/voorwaarden" {
		b.click("form button.primary")
		b.waitFor("the overview", loaded("/overzicht"))
	}
	b.wantPath("/overzicht")
	if n := countFactors(t, a, me.ID, "passkey"); n != 1 {
		t.Fatalf("%d passkeys stored, want 1", n)
	}
	b.signOut()
	b.click(`button[data-passkey="signin"]`)
	b.waitFor("the overview after signing in with the passkey", loaded("/overzicht"))
}
