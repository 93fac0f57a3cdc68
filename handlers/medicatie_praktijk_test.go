package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// medicationChanges counts the access-log rows of changes to a medicine by the actor.
func (a *testApp) medicationChanges(actor, id, patient int64) string {
	return a.scalar(`SELECT count(*) FROM access_log WHERE actor_id = ? AND object_type = 'medication' AND object_id = ?
		AND action = 'change' AND patient_id = ?`, actor, id, patient)
}

// The practice adds a medicine on the patient page, changes it and stops it with a date and a reason;
// a wrong form comes back with what was typed (422), and every change has its row in the access log.
func TestStaffAddsChangesAndStopsMedication(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	a.clearMedication(me.ID)
	doctor := a.staff["practitioner"]
	c := a.staffClient("practitioner")
	home := fmt.Sprintf("/praktijk/patienten/%d", me.ID)

	form := c.get(home + "/medicatie/nieuw")
	wantStatus(t, form, http.StatusOK)
	if got := form.Doc.Find("#voorschrijver option[selected]").AttrOr("value", ""); got != fmt.Sprint(doctor.ID) {
		t.Errorf("prescriber %q, want the practitioner who adds it", got)
	}
	bad := url.Values{"naam": {"Metformine"}, "sterkte": {"500 mg"}, "vorm": {"tablet"}, "dosering": {""},
		"instructies": {"Tijdens de maaltijd."}, "soort": {"chronisch"}, "start": {"2026-02-30"}, "eind": {"2026-04-01"}, "voorschrijver": {"x"}}
	p := c.post(home+"/medicatie", bad)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"#dosering-error": "medicatie_praktijk.dosage_required", "#start-error": "medicatie_praktijk.start_invalid",
		"#eind-error": "medicatie_praktijk.end_chronic", "#voorschrijver-error": "medicatie_praktijk.prescriber_required"} {
		if got := p.Problem(field); got != a.T(key) {
			t.Errorf("%s %q, want %q", field, got, a.T(key))
		}
	}
	if p.Doc.Find("#naam").AttrOr("value", "") != "Metformine" || p.Doc.Find("#instructies").Text() != "Tijdens de maaltijd." ||
		p.Doc.Find("#start").AttrOr("value", "") != "2026-02-30" {
		t.Error("the form lost what was typed")
	}
	if n := a.scalar(`SELECT count(*) FROM medication WHERE patient_id = ?`, me.ID); n != "0" {
		t.Fatalf("a wrong form stored %s medicines", n)
	}

	good := url.Values{"naam": {"Metformine"}, "sterkte": {"500 mg"}, "vorm": {"tablet"}, "dosering": {"2x per dag 1 tablet"},
		"instructies": {"Tijdens de maaltijd."}, "soort": {"chronisch"}, "start": {"2026-02-01"}, "voorschrijver": {fmt.Sprint(doctor.ID)}}
	p = c.post(home+"/medicatie", good)
	wantStatus(t, p, http.StatusSeeOther)
	id := a.number(`SELECT id FROM medication WHERE patient_id = ? AND name = 'Metformine' AND chronic = 1 AND dosage = '2x per dag 1 tablet'`, me.ID)
	if n := a.medicationChanges(doctor.ID, id, me.ID); n != "1" {
		t.Errorf("%s change rows after adding, want 1", n)
	}
	page := c.follow(p)
	if page.Text(".notice") != a.T("medicatie_praktijk.notice_added") || page.Text(".medication-panel strong") != "Metformine 500 mg tablet" {
		t.Errorf("patient page: notice %q, panel %q", page.Text(".notice"), page.Text(".medication-panel strong"))
	}

	// Change: it becomes a course of a week.
	edit := c.get(fmt.Sprintf("%s/medicatie/%d", home, id))
	wantStatus(t, edit, http.StatusOK)
	if edit.Doc.Find("#dosering").AttrOr("value", "") != "2x per dag 1 tablet" || edit.Doc.Find(`input[name=soort][value=chronisch]`).AttrOr("checked", "x") == "x" {
		t.Error("the change form does not show the medicine as it is")
	}
	changed := url.Values{}
	for k, v := range good {
		changed[k] = v
	}
	changed.Set("soort", "kortdurend")
	changed.Set("eind", "2026-01-01")
	p = c.post(fmt.Sprintf("%s/medicatie/%d", home, id), changed)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#eind-error") != a.T("medicatie_praktijk.end_before_start") || p.Doc.Find("#eind").AttrOr("value", "") != "2026-01-01" {
		t.Errorf("end before start: %q", p.Problem("#eind-error"))
	}
	changed.Set("eind", "2026-03-08")
	wantStatus(t, c.post(fmt.Sprintf("%s/medicatie/%d", home, id), changed), http.StatusSeeOther)
	if got := a.scalar(`SELECT chronic || ' ' || substr(ended_on, 1, 10) FROM medication WHERE id = ?`, id); got != "0 2026-03-08" {
		t.Errorf("after the change: %q", got)
	}
	if n := a.medicationChanges(doctor.ID, id, me.ID); n != "2" {
		t.Errorf("%s change rows after changing, want 2", n)
	}

	// Stop: a reason is needed, and the day is not after today.
	wantStatus(t, c.get(fmt.Sprintf("%s/medicatie/%d/stoppen", home, id)), http.StatusOK)
	p = c.post(fmt.Sprintf("%s/medicatie/%d/stoppen", home, id), url.Values{"datum": {"2026-03-09"}, "reden": {" "}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#datum-error") != a.T("medicatie_praktijk.stop_date_future") || p.Problem("#reden-error") != a.T("medicatie_praktijk.stop_reason_required") ||
		p.Doc.Find("#datum").AttrOr("value", "") != "2026-03-09" {
		t.Errorf("stop errors %q %q", p.Problem("#datum-error"), p.Problem("#reden-error"))
	}
	wantStatus(t, c.post(fmt.Sprintf("%s/medicatie/%d/stoppen", home, id), url.Values{"datum": {"2026-03-02"}, "reden": {"Maagklachten"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT stop_reason || ' ' || substr(ended_on, 1, 10) || ' ' || stopped_by FROM medication WHERE id = ?`, id); got != fmt.Sprintf("Maagklachten 2026-03-02 %d", doctor.ID) {
		t.Errorf("after the stop: %q", got)
	}
	if n := a.medicationChanges(doctor.ID, id, me.ID); n != "3" {
		t.Errorf("%s change rows after stopping, want 3", n)
	}
	// A stopped medicine is not changed again.
	p = c.post(fmt.Sprintf("%s/medicatie/%d", home, id), good)
	wantStatus(t, p, http.StatusSeeOther)
	if !strings.Contains(p.Header.Get("Location"), "notice_not_current") {
		t.Errorf("changing a stopped medicine went to %q", p.Header.Get("Location"))
	}
	// The patient sees it stopped, with the reason.
	list := a.patientClient(0).get("/medicatie")
	if list.Doc.Find(".medication-list").Length() != 0 || !strings.Contains(list.Text(".medication-stopped li"), "Maagklachten") {
		t.Errorf("patient's list: %q", list.Text("main"))
	}
}

// A medicine of another patient is not there under this patient's page, whatever is asked of it.
func TestStaffMedicationOfAnotherPatientIsNotFound(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	mine := a.addMedication(testMedication{patient: a.people[0].ID, name: "Metformine", chronic: true, startDays: -10})
	theirs := a.addMedication(testMedication{patient: a.people[1].ID, name: "Metformine", chronic: true, startDays: -10})
	c := a.staffClient("practitioner")
	home := fmt.Sprintf("/praktijk/patienten/%d/medicatie/%d", a.people[0].ID, theirs)
	wantStatus(t, c.get(home), http.StatusNotFound)
	wantStatus(t, c.get(home+"/stoppen"), http.StatusNotFound)
	wantStatus(t, c.post(home, url.Values{"naam": {"X"}}), http.StatusNotFound)
	wantStatus(t, c.post(home+"/stoppen", url.Values{"datum": {"2026-03-01"}, "reden": {"X"}}), http.StatusNotFound)
	if got := a.scalar(`SELECT stop_reason || name FROM medication WHERE id = ?`, theirs); got != "Metformine" {
		t.Errorf("the other patient's medicine changed: %q", got)
	}
	wantStatus(t, c.get(fmt.Sprintf("/praktijk/patienten/%d/medicatie/%d", a.people[0].ID, mine)), http.StatusOK)
}
