package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// The consent tests start from a patient without any consent recorded: the second one (the demo gives
// Anna de Vries, the first, a history of consents).

// consentKind is the id of the seeded consent at position (1: portal use, which only the practice
// records; 2: sharing with the GP, which the patient changes).
func consentKind(a *testApp, position int) string {
	return a.scalar(`SELECT id FROM consent_kinds WHERE position = ?`, position)
}

func TestPatientGivesAndWithdrawsAConsentAfterConfirming(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	pc := a.patientClient(1)
	gp := consentKind(a, 2)
	item := "#toestemming-" + gp

	list := pc.get("/toestemmingen")
	wantStatus(t, list, http.StatusOK)
	if got := list.Text(item + " .consent-state"); got != a.T("consents.state_none") {
		t.Fatalf("state before any change: %q", got)
	}
	link := list.Doc.Find(item + " a.button")
	if link.AttrOr("href", "") != "/toestemmingen/"+gp || strings.TrimSpace(link.Text()) != a.T("consents.give") {
		t.Fatalf("give link: %q %q", link.AttrOr("href", ""), link.Text())
	}
	// The link only asks: nothing is recorded before the patient confirms.
	confirm := pc.get("/toestemmingen/" + gp)
	wantStatus(t, confirm, http.StatusOK)
	if confirm.Text("main form button") != a.T("consents.confirm_give_button") || a.scalar(`SELECT count(*) FROM consent_events WHERE patient_id = ?`, me.ID) != "0" {
		t.Fatalf("confirmation page: button %q, events %s", confirm.Text("main form button"), a.scalar(`SELECT count(*) FROM consent_events WHERE patient_id = ?`, me.ID))
	}
	given := pc.post("/toestemmingen/"+gp, url.Values{"geven": {confirm.Doc.Find("input[name=geven]").AttrOr("value", "")}})
	wantStatus(t, given, http.StatusSeeOther)
	list = pc.follow(given)
	if !strings.Contains(list.Body, a.T("consents.notice_given")) {
		t.Error("no notice after giving")
	}
	today := a.tr["nl"].LongDay(a.clock.Now())
	if got := list.Text(item + " .consent-state"); got != a.T("consents.state_given", "When", today) {
		t.Errorf("state after giving: %q", got)
	}
	// A form sent twice records the change once.
	wantStatus(t, pc.post("/toestemmingen/"+gp, url.Values{"geven": {"1"}}), http.StatusSeeOther)

	a.fixed.Advance(10 * time.Minute) // within the session
	confirm = pc.get("/toestemmingen/" + gp)
	if confirm.Text("main form button") != a.T("consents.confirm_withdraw_button") {
		t.Fatalf("withdraw confirmation: %q", confirm.Text("main form button"))
	}
	list = pc.follow(pc.post("/toestemmingen/"+gp, url.Values{"geven": {"0"}}))
	if got := list.Text(item + " .consent-state"); got != a.T("consents.state_withdrawn", "When", a.tr["nl"].LongDay(a.clock.Now())) {
		t.Errorf("state after withdrawing: %q", got)
	}
	history := list.Doc.Find(".consent-history li")
	if history.Length() != 2 || !strings.Contains(history.First().Text(), a.T("consents.event_withdrawn")) ||
		!strings.Contains(history.Last().Text(), a.T("consents.event_given")) || !strings.Contains(history.First().Text(), me.FullName()) {
		t.Errorf("history: %d rows, %q", history.Length(), history.Text())
	}
	if got := a.scalar(`SELECT group_concat(given || ':' || (by_id = patient_id), ',') FROM (SELECT * FROM consent_events WHERE patient_id = ? ORDER BY id)`, me.ID); got != "1:1,0:1" {
		t.Errorf("stored events: %s", got)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'consent' AND action = 'change' AND patient_id = ?`, me.ID); n != "2" {
		t.Errorf("%s change rows in the access log, want 2", n)
	}
	// An answer that is neither is refused.
	wantStatus(t, pc.post("/toestemmingen/"+gp, url.Values{"geven": {"ja"}}), http.StatusBadRequest)
}

func TestConsentThePatientMayNotChangeHasNoButtonAndIsRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	pc := a.patientClient(1)
	portal := consentKind(a, 1)

	list := pc.get("/toestemmingen")
	item := list.Doc.Find("#toestemming-" + portal)
	if item.Length() != 1 || item.Find("a, button, form").Length() != 0 || item.Find(".hint").Text() != a.T("consents.practice_only") {
		t.Fatalf("a consent only the practice records: %q", item.Text())
	}
	wantStatus(t, pc.get("/toestemmingen/"+portal), http.StatusNotFound)
	wantStatus(t, pc.post("/toestemmingen/"+portal, url.Values{"geven": {"1"}}), http.StatusNotFound)
	if n := a.scalar(`SELECT count(*) FROM consent_events WHERE patient_id = ?`, me.ID); n != "0" {
		t.Errorf("%s events stored", n)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND object_type = 'consent_kind' AND actor_id = ?`, me.ID); n != "2" {
		t.Errorf("%s denied rows, want 2", n)
	}
	// A consent the practice no longer asks is gone for the patient too.
	gp := consentKind(a, 2)
	ac := a.staffClient("admin")
	wantStatus(t, ac.post("/praktijk/beheer/toestemmingen/"+gp, url.Values{"tekst_nl": {"Huisarts"}, "wijzigbaar": {"1"}}), http.StatusSeeOther)
	if pc.get("/toestemmingen").Doc.Find("#toestemming-"+gp).Length() != 0 {
		t.Error("an inactive consent is still shown")
	}
	wantStatus(t, pc.post("/toestemmingen/"+gp, url.Values{"geven": {"1"}}), http.StatusNotFound)
}

func TestConsentEventsCannotBeChangedOrDeleted(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, pc := a.people[1], a.patientClient(1)
	wantStatus(t, pc.post("/toestemmingen/"+consentKind(a, 2), url.Values{"geven": {"1"}}), http.StatusSeeOther)
	for _, q := range []string{`UPDATE consent_events SET given = 0`, `DELETE FROM consent_events`} {
		if _, err := a.db.Write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if got := a.scalar(`SELECT count(*) || ':' || sum(given) FROM consent_events WHERE patient_id = ?`, me.ID); got != "1:1" {
		t.Errorf("events after the attempts: %s", got)
	}
}

func TestStaffSeeRecordAndCountConsents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[1]
	gp, portal := consentKind(a, 2), consentKind(a, 1)
	wantStatus(t, a.patientClient(1).post("/toestemmingen/"+gp, url.Values{"geven": {"1"}}), http.StatusSeeOther)

	sc := a.staffClient("practitioner")
	patientPage := fmt.Sprintf("/praktijk/patienten/%d", me.ID)
	p := sc.get(patientPage)
	if got := p.Doc.Find("#toestemmingen .consent-history li").Length(); got != 1 {
		t.Fatalf("the patient's change on the patient page: %d rows", got)
	}
	// Staff record what the patient told them, also a consent the patient may not change here.
	wantStatus(t, sc.post(patientPage+"/toestemmingen/"+portal, url.Values{"geven": {"1"}}), http.StatusSeeOther)
	wantStatus(t, sc.post(patientPage+"/toestemmingen/"+gp, url.Values{"geven": {"0"}}), http.StatusSeeOther)
	p = sc.get(patientPage)
	if got := p.Text("#toestemming-" + portal + " .consent-state"); got != a.T("consents.state_given", "When", a.tr["nl"].LongDay(a.clock.Now())) {
		t.Errorf("recorded by staff: %q", got)
	}
	if !strings.Contains(p.Doc.Find("#toestemmingen .consent-history li").First().Text(), a.staff["practitioner"].FullName()) {
		t.Error("the history does not say which staff member recorded the change")
	}

	overview := sc.get("/praktijk/toestemmingen")
	wantStatus(t, overview, http.StatusOK)
	var gpLine string
	overview.Doc.Find(".consent-counts li").Each(func(_ int, li *goquery.Selection) {
		if li.Find("a").AttrOr("href", "") == "/praktijk/toestemmingen/"+gp {
			gpLine = li.Find(".meta").Text()
		}
	})
	if !strings.Contains(gpLine, a.T("consents_praktijk.counts", "Given", 0, "Withdrawn", 1)) {
		t.Errorf("counts of the GP consent: %q", gpLine)
	}
	list := sc.get("/praktijk/toestemmingen/" + gp)
	if list.Doc.Find(".consent-patients li").Length() != 1 || list.Text(".consent-patients li strong") != me.FullName() {
		t.Errorf("patients of the GP consent: %q", list.Text(".consent-patients"))
	}
	// Staff may not reach the administrator's page, and a patient not the practice's.
	wantStatus(t, sc.get("/praktijk/beheer/toestemmingen"), http.StatusForbidden)
	wantStatus(t, a.patientClient(1).get("/praktijk/toestemmingen"), http.StatusForbidden)
}

func TestAdministratorDefinesConsents(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ac := a.staffClient("admin")
	long := strings.Repeat("x", 1001)
	p := ac.post("/praktijk/beheer/toestemmingen", url.Values{"tekst_en": {long}, "wijzigbaar": {"1"}, "actief": {"1"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#tekst_nl-error") != a.T("beheer_consents.text_required") || p.Problem("#tekst_en-error") == "" {
		t.Errorf("problems: %q %q", p.Problem("#tekst_nl-error"), p.Problem("#tekst_en-error"))
	}
	if p.Doc.Find("textarea[name=tekst_en]").Text() != long || p.Doc.Find("input[name=wijzigbaar]:checked").Length() != 1 {
		t.Error("what was typed is lost")
	}
	text := "Ik wil de nieuwsbrief ontvangen."
	wantStatus(t, ac.post("/praktijk/beheer/toestemmingen", url.Values{"tekst_nl": {text}, "tekst_en": {"I want the newsletter."}, "wijzigbaar": {"1"}, "actief": {"1"}}), http.StatusSeeOther)
	id := a.scalar(`SELECT id FROM consent_kinds WHERE text_nl = ?`, text)
	pc := a.patientClient(0)
	if pc.get("/toestemmingen").Text("#toestemming-"+id+" strong") != text {
		t.Fatal("the new consent is not shown to the patient")
	}
	wantStatus(t, pc.post("/toestemmingen/"+id, url.Values{"geven": {"1"}}), http.StatusSeeOther)
	wantStatus(t, ac.get("/praktijk/beheer/toestemmingen/987654"), http.StatusNotFound)
}

// A consent the portal ships has a key and keeps its meaning: the administrator's form shows its texts
// without offering to change them, saving it keeps them (the switches are saved), and the database
// refuses to change its texts or key or to remove any consent. The practice's own consents stay editable.
func TestAShippedConsentKeepsItsMeaning(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ac := a.staffClient("admin")
	relatives := a.scalar(`SELECT id FROM consent_kinds WHERE key = 'relatives'`)
	text := a.scalar(`SELECT text_nl FROM consent_kinds WHERE id = ?`, relatives)
	p := ac.get("/praktijk/beheer/toestemmingen/" + relatives)
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("textarea[name=tekst_nl], textarea[name=tekst_en]").Length() != 0 || !strings.Contains(p.Text(".consent-fixed"), text) ||
		!strings.Contains(p.Text("main"), a.T("beheer_consents.fixed")) {
		t.Fatalf("the form of a shipped consent: %q", p.Text("main form"))
	}
	wantStatus(t, ac.post("/praktijk/beheer/toestemmingen/"+relatives, url.Values{"tekst_nl": {"Wij mogen uw gegevens verkopen."},
		"tekst_en": {"We may sell your data."}, "actief": {"1"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT text_nl || '|' || patient_may_change || active FROM consent_kinds WHERE id = ?`, relatives); got != text+"|01" {
		t.Fatalf("after saving: %q, want the text kept and the switches saved", got)
	}
	for _, q := range []string{`UPDATE consent_kinds SET text_nl = 'Iets anders' WHERE key = 'relatives'`,
		`UPDATE consent_kinds SET key = 'research' WHERE key = 'relatives'`,
		`DELETE FROM consent_kinds WHERE id = ` + relatives} {
		if _, err := a.db.Write.Exec(q); err == nil {
			t.Errorf("the database allowed: %s", q)
		}
	}
	own := "Ik wil de nieuwsbrief ontvangen."
	wantStatus(t, ac.post("/praktijk/beheer/toestemmingen", url.Values{"tekst_nl": {own}, "actief": {"1"}}), http.StatusSeeOther)
	id := a.scalar(`SELECT id FROM consent_kinds WHERE text_nl = ?`, own)
	wantStatus(t, ac.post("/praktijk/beheer/toestemmingen/"+id, url.Values{"tekst_nl": {"Ik wil de nieuwsbrief per e-mail."}, "actief": {"1"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT text_nl FROM consent_kinds WHERE id = ?`, id); got != "Ik wil de nieuwsbrief per e-mail." {
		t.Fatalf("the practice's own consent was not changed: %q", got)
	}
	if _, err := a.db.Write.Exec(`UPDATE consent_kinds SET key = 'nieuwsbrief' WHERE id = ?`, id); err == nil {
		t.Error("the database gave the practice's own consent a key")
	}
}

func TestStaffPlacePhotosThatPatientsSee(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	lead := a.scalar(`SELECT practitioner_id FROM users WHERE id = ?`, me.ID)
	pc, ac, sc := a.patientClient(0), a.staffClient("admin"), a.staffClient("practitioner")

	profile := pc.get("/profiel")
	if profile.Doc.Find(".practitioners li").Length() == 0 || profile.Doc.Find("img.person-photo").Length() != 0 {
		t.Fatalf("before any photo: %d practitioners, %d photos", profile.Doc.Find(".practitioners li").Length(), profile.Doc.Find("img.person-photo").Length())
	}
	staffPhoto := "/praktijk/beheer/medewerkers/" + lead + "/foto"
	// Not a photo, and a photo over the limit: the form says so and nothing is stored.
	p := ac.postFiles(staffPhoto, nil, upload{"brief.pdf", testPDF})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#foto-error"); got != a.T("econsult.photo_not_a_photo", "Name", "brief.pdf") {
		t.Errorf("not a photo: %q", got)
	}
	p = ac.postFiles(staffPhoto, nil, upload{"groot.jpg", make([]byte, 5<<20+1)})
	if p.StatusCode != http.StatusUnprocessableEntity || p.Problem("#foto-error") != a.T("econsult.photo_too_large", "Name", "groot.jpg", "Max", 5) {
		t.Errorf("too large: %d %q", p.StatusCode, p.Problem("#foto-error"))
	}
	wantStatus(t, ac.postFiles(staffPhoto, nil), http.StatusUnprocessableEntity)
	if n := a.scalar(`SELECT count(*) FROM user_photos`); n != "0" {
		t.Fatalf("%s photos stored from refused uploads", n)
	}
	// A practitioner may not place a staff member's photo.
	wantStatus(t, sc.postFiles(staffPhoto, nil, upload{"ik.jpg", testJPEG(t, 640, 480)}), http.StatusForbidden)

	wantStatus(t, ac.postFiles(staffPhoto, nil, upload{"ik.jpg", testJPEG(t, 640, 480)}), http.StatusSeeOther)
	wantStatus(t, sc.postFiles(fmt.Sprintf("/praktijk/patienten/%d/foto", me.ID), nil, upload{"anna.jpg", testJPEG(t, 480, 640)}), http.StatusSeeOther)
	if got := a.scalar(`SELECT group_concat(user_id || ':' || thumb_width || 'x' || thumb_height, ',') FROM (SELECT * FROM user_photos ORDER BY user_id)`); !strings.Contains(got, lead+":320x240") {
		t.Errorf("stored photos: %s", got)
	}
	profile = pc.get("/profiel")
	if src := profile.Doc.Find(".practitioners li").First().Find("img").AttrOr("src", ""); !strings.HasPrefix(src, "data:image/jpeg;base64,") {
		t.Errorf("the lead practitioner's photo: %.40q", src)
	}
	if alt := profile.Doc.Find("dl.details").Prev().AttrOr("alt", ""); alt != a.T("practitioners.photo_of", "Name", me.FullName()) {
		t.Errorf("the patient's own photo: alt %q", alt)
	}
	// Another patient sees neither the first patient's photo nor, without appointments with them, the
	// practitioner unless it is theirs.
	if other := a.patientClient(1).get("/profiel"); other.Doc.Find("dl.details").Prev().Is("img") {
		t.Error("another patient's profile shows a photo")
	}
}
