package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"balie/queries"
)

func draftForm(target, title, body string, version int64) url.Values {
	return url.Values{"soort": {"diary"}, "doel": {target}, "titel": {title}, "datum": {"2026-03-02"}, "tekst": {body},
		"versie": {strconv.FormatInt(version, 10)}, "terug": {"/dagboek/nieuw"}}
}

func TestDiaryDraftSurvivesAndBecomesAnEntry(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	c.header.Set("HX-Request", "true")
	p := c.post("/concept", draftForm("nieuw", "Slecht geslapen", "Eerste versie", 2000))
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, "Concept opgeslagen om") || strings.Contains(p.Body, "<html") {
		t.Fatalf("autosave answer %q", p.Body)
	}
	// An older save that arrives late does not overwrite the newer one.
	c.post("/concept", draftForm("nieuw", "Slecht geslapen", "Nieuwere versie", 3000))
	c.post("/concept", draftForm("nieuw", "Slecht geslapen", "Oude versie, te laat", 2500))
	c.header.Del("HX-Request")

	// A reload, and another device, find the newest draft.
	a.fixed.Advance(2 * time.Minute)
	other := a.patientClient(0)
	p = other.get("/dagboek/nieuw")
	if got := p.Doc.Find("#tekst").Text(); got != "Nieuwere versie" {
		t.Fatalf("restored draft %q", got)
	}
	if !strings.Contains(p.Text(".notice"), "teruggezet") {
		t.Fatal("the restored draft is not announced")
	}
	if !strings.Contains(other.get("/dagboek").Body, a.T("drafts.continue")) {
		t.Fatal("the diary does not point to the unfinished note")
	}
	// Finishing: errors keep the text; then the entry exists and the draft is gone.
	p = other.post("/dagboek", url.Values{"titel": {""}, "datum": {"2026-03-02"}, "tekst": {"Nieuwere versie"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#titel-error") != a.T("diary.title_required") || p.Doc.Find("#tekst").Text() != "Nieuwere versie" {
		t.Fatal("an error lost the text")
	}
	p = other.post("/dagboek", url.Values{"titel": {"Slecht geslapen"}, "datum": {"2026-03-02"}, "tekst": {"Nieuwere versie\r\nregel twee"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = other.follow(p)
	if p.Text("h1") != "Slecht geslapen" || p.Text(".entry-body") != "Nieuwere versie\nregel twee" {
		t.Fatalf("entry %q %q", p.Text("h1"), p.Text(".entry-body"))
	}
	if d := other.get("/dagboek/nieuw").Doc.Find("#tekst").Text(); d != "" {
		t.Fatalf("the draft stayed after finishing: %q", d)
	}
}

func TestDiaryDraftWithoutJavaScript(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	p := c.post("/concept", url.Values{"soort": {"diary"}, "doel": {"nieuw"}, "titel": {"Zonder script"}, "tekst": {"Tekst"}, "terug": {"/dagboek/nieuw"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = c.follow(p)
	if p.Text(".notice") != a.T("drafts.notice_saved") || p.Doc.Find("#titel").AttrOr("value", "") != "Zonder script" {
		t.Fatalf("plain draft: %q", p.Text(".notice"))
	}
	// A return address with a query string of its own gets the notice added to it, not a second "?".
	p = c.post("/concept", url.Values{"soort": {"diary"}, "doel": {"nieuw"}, "titel": {"Zonder script"}, "tekst": {"Tekst"}, "terug": {"/dagboek/nieuw?x=1"}})
	if loc := p.Header.Get("Location"); loc != "/dagboek/nieuw?x=1&melding=drafts.notice_saved" {
		t.Fatalf("plain draft with a query string returns to %q", loc)
	}
}

func TestDiaryDraftSurvivesTheIdleTimeout(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	c.header.Set("HX-Request", "true")
	c.post("/concept", draftForm("nieuw", "Avond", "Wat ik typte voor de time-out", 5000))
	c.header.Del("HX-Request")
	a.fixed.Advance(21 * time.Minute)
	wantStatus(t, c.get("/dagboek/nieuw"), http.StatusSeeOther) // signed out
	c2 := a.patientClient(0)
	if got := c2.get("/dagboek/nieuw").Doc.Find("#tekst").Text(); got != "Wat ik typte voor de time-out" {
		t.Fatalf("after the timeout: %q", got)
	}
}

func TestDiaryIsPrivateUntilShared(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me, other := a.patientClient(0), a.patientClient(1)
	p := me.post("/dagboek", url.Values{"titel": {"<script>alert(1)</script>"}, "datum": {"2026-03-01"}, "tekst": {"Mijn 🙂 notitie <b>vet</b> שלום"}})
	wantStatus(t, p, http.StatusSeeOther)
	loc := p.Header.Get("Location")
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, "/dagboek/"), "?")
	p = me.get("/dagboek/" + id)
	if p.Doc.Find("script:not([src])").Length() != 0 || p.Doc.Find(".entry-body b").Length() != 0 || !strings.Contains(p.Text(".entry-body"), "🙂") {
		t.Fatal("the entry was not shown escaped and exactly as typed")
	}
	// Another patient: every route with this id is a 404, and drafts for it are refused.
	for _, path := range []string{"/dagboek/" + id, "/dagboek/" + id + "/bewerken"} {
		wantStatus(t, other.get(path), http.StatusNotFound)
	}
	for _, path := range []string{"/dagboek/" + id, "/dagboek/" + id + "/delen", "/dagboek/" + id + "/niet-delen"} {
		wantStatus(t, other.post(path, url.Values{"titel": {"x"}, "datum": {"2026-03-01"}, "tekst": {"x"}}), http.StatusNotFound)
	}
	wantStatus(t, other.post("/concept", draftForm(id, "x", "x", 1)), http.StatusNotFound)

	// Staff see only shared entries.
	staff := a.staffClient("practitioner")
	staffPath := fmt.Sprintf("/praktijk/patienten/%d/dagboek/%s", a.people[0].ID, id)
	wantStatus(t, staff.get(staffPath), http.StatusNotFound)
	if strings.Contains(staff.get(fmt.Sprintf("/praktijk/patienten/%d", a.people[0].ID)).Body, "alert(1)") {
		t.Fatal("an unshared entry is listed for staff")
	}
	wantStatus(t, me.post("/dagboek/"+id+"/delen", nil), http.StatusSeeOther)
	p = staff.get(staffPath)
	wantStatus(t, p, http.StatusOK)
	if p.Text("h1") != "<script>alert(1)</script>" {
		t.Fatalf("staff see %q", p.Text("h1"))
	}
	// Under another patient's id the entry is not there.
	wantStatus(t, staff.get(fmt.Sprintf("/praktijk/patienten/%d/dagboek/%s", a.people[1].ID, id)), http.StatusNotFound)
	wantStatus(t, me.post("/dagboek/"+id+"/niet-delen", nil), http.StatusSeeOther)
	wantStatus(t, staff.get(staffPath), http.StatusNotFound)
	// Deleting: another patient cannot; the owner is asked first; a shared entry is gone for staff too.
	wantStatus(t, other.get("/dagboek/"+id+"/verwijderen"), http.StatusNotFound)
	wantStatus(t, other.post("/dagboek/"+id+"/verwijderen", nil), http.StatusNotFound)
	wantStatus(t, me.post("/dagboek/"+id+"/delen", nil), http.StatusSeeOther)
	if p := me.get("/dagboek/" + id + "/verwijderen"); !strings.Contains(p.Text("main"), a.T("diary.delete_shared")) {
		t.Fatal("the confirmation does not say the practice loses the shared note too")
	}
	p = me.follow(me.post("/dagboek/"+id+"/verwijderen", nil))
	if p.Text(".notice") != a.T("diary.notice_deleted") {
		t.Fatalf("after deleting: %q", p.Text(".notice"))
	}
	wantStatus(t, me.get("/dagboek/"+id), http.StatusNotFound)
	wantStatus(t, staff.get(staffPath), http.StatusNotFound)
	// Every read was logged, and so was every refusal under this patient's page (before sharing, after
	// withdrawing, after deleting).
	rows, _ := a.db.R.ListAccessLogForPatient(context.Background(), queries.ListAccessLogForPatientParams{PatientID: a.people[0].ID, Limit: 100})
	logged := map[string]int{}
	for _, r := range rows {
		if r.ObjectType == "diary_entry" && r.ActorRole == "practitioner" && r.Action == "read" {
			logged[r.Outcome]++
		}
	}
	if logged["ok"] != 1 || logged["denied"] != 3 {
		t.Fatalf("staff reads logged: %v, want 1 ok and 3 denied", logged)
	}
}

func TestDiaryLimitsAreExplained(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	long := strings.Repeat("a", 20_001)
	p := c.post("/dagboek", url.Values{"titel": {"Lang"}, "datum": {"2026-03-01"}, "tekst": {long}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#tekst-error") != a.T("error.too_long", "Max", 20000, "Count", 20001) || len(p.Doc.Find("#tekst").Text()) != 20_001 {
		t.Fatal("a too long note was not explained, or the text was lost")
	}
	p = c.post("/dagboek", url.Values{"titel": {"Leeg"}, "datum": {"geen datum"}, "tekst": {"  "}})
	if p.Problem("#datum-error") != a.T("diary.day_invalid") || p.Problem("#tekst-error") != a.T("diary.body_required") {
		t.Fatal("empty text or bad date not explained")
	}
	// Staff cannot save patients' drafts.
	wantStatus(t, a.staffClient("assistant").post("/concept", draftForm("nieuw", "x", "x", 1)), http.StatusNotFound)
}

// A draft with nothing in it (a form saved untouched, or all text deleted) is no draft: the list offers
// a new entry, not "continue".
func TestEmptyDraftIsNoDraft(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	wantStatus(t, pc.post("/concept", url.Values{"soort": {"message"}, "doel": {"nieuw"}, "versie": {"5"}, "aan": {"team"},
		"titel": {"Vraag"}, "tekst": {"iets"}, "terug": {"/berichten/nieuw"}}), http.StatusSeeOther)
	if pc.get("/berichten").Doc.Find(`a[href="/berichten/nieuw"]`).HasClass("button") {
		t.Fatal("a draft with text is not offered to continue")
	}
	wantStatus(t, pc.post("/concept", url.Values{"soort": {"message"}, "doel": {"nieuw"}, "versie": {"6"}, "aan": {"team"},
		"titel": {" "}, "tekst": {""}, "terug": {"/berichten/nieuw"}}), http.StatusSeeOther)
	if !pc.get("/berichten").Doc.Find(`a[href="/berichten/nieuw"]`).HasClass("button") {
		t.Fatal("an emptied draft is still offered to continue")
	}
	// A late, older save does not bring the deleted text back.
	pc.post("/concept", url.Values{"soort": {"message"}, "doel": {"nieuw"}, "versie": {"5"}, "aan": {"team"},
		"titel": {"Vraag"}, "tekst": {"iets"}, "terug": {"/berichten/nieuw"}})
	if v, _ := pc.get("/berichten/nieuw").Doc.Find("#titel").Attr("value"); v != "" {
		t.Fatalf("the emptied draft came back: %q", v)
	}
}
