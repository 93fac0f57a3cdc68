package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/agenda"
)

const agendaAdmin = "/praktijk/beheer/agenda"

// A new kind of appointment: every bad input is said at its field, with everything typed kept; a good
// one is stored and listed.
func TestAdminAgendaKindForm(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	wantStatus(t, admin.get(agendaAdmin+"/soorten/nieuw"), http.StatusOK)
	form := url.Values{"naam_nl": {""}, "naam_en": {"Wound care"}, "minuten": {"3"}, "publicatie": {"day_before"}, "tijd": {"25:99"},
		"boekbaar": {"1"}, "instructies_nl": {strings.Repeat("x", 1001)}}
	p := admin.post(agendaAdmin+"/soorten", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	for sel, want := range map[string]string{
		"#naam_nl-error":        a.T("beheer_agenda.kind_name_required"),
		"#minuten-error":        a.T("beheer_agenda.number_range", "Min", 5, "Max", 480),
		"#tijd-error":           a.T("beheer_agenda.time_invalid"),
		"#instructies_nl-error": a.T("error.too_long", "Max", 1000, "Count", 1001),
	} {
		if got := p.Problem(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if p.Doc.Find("#naam_en").AttrOr("value", "") != "Wound care" || p.Doc.Find("#tijd").AttrOr("value", "") != "25:99" ||
		p.Doc.Find("#boekbaar[checked]").Length() != 1 || p.Doc.Find(`input[name=publicatie][value=day_before][checked]`).Length() != 1 {
		t.Fatal("what was typed was not kept")
	}
	form = url.Values{"naam_nl": {"Wondverzorging"}, "naam_en": {"Wound care"}, "minuten": {"20"}, "publicatie": {"days_before"},
		"dagen": {"2"}, "tijd": {"13:00"}, "afzeggen": {"1"}, "actief": {"1"}, "instructies_nl": {"Neem het verband mee."}}
	p = admin.post(agendaAdmin+"/soorten", form)
	wantStatus(t, p, http.StatusSeeOther)
	p = admin.follow(p)
	if p.Text(".notice") != a.T("beheer_agenda.notice_kind_added") || !strings.Contains(p.Text("#kinds"), "Wondverzorging") ||
		!strings.Contains(p.Text("#kinds"), a.T("beheer_agenda.shows_days_before", "Days", 2)) {
		t.Fatalf("notice %q, kinds %q", p.Text(".notice"), p.Text("#kinds"))
	}
	if got := a.scalar(`SELECT name_en || minutes || bookable || cancellable || publish || publish_days || instructions_nl FROM appointment_kinds WHERE name_nl = 'Wondverzorging'`); got != "Wound care2001days_before2Neem het verband mee." {
		t.Fatalf("stored %q", got)
	}
	// A place that is not there is refused as an id.
	form.Set("plaats", "987654")
	wantStatus(t, admin.post(agendaAdmin+"/soorten", form), http.StatusNotFound)
	wantStatus(t, a.staffClient("practitioner").get(agendaAdmin+"/soorten/nieuw"), http.StatusForbidden)
}

// When a kind's publication rule changes, its booked appointments that patients do not see yet are
// shown by the new rule; one a patient already sees stays visible. Each one changed is access-logged.
func TestAdminAgendaRuleChangeRepublishesHiddenAppointments(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	now := a.clock.Now()
	kind := a.scalar(`SELECT id FROM appointment_kinds WHERE name_nl = 'Behandelgesprek'`)
	// One appointment of the kind the patient already sees (made when its rule was "at once"), on a
	// Saturday, when the demo has none.
	poh := a.scalar(`SELECT practitioner_id FROM appointments WHERE kind_id = ? LIMIT 1`, kind)
	start := time.Date(2026, 3, 14, 10, 0, 0, 0, agenda.Zone).UTC()
	shownFrom := now.Add(-time.Hour)
	if _, err := a.db.Write.Exec(`INSERT INTO appointments (patient_id, practitioner_id, kind_id, starts_at, ends_at, visible_from, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.people[1].ID, poh, kind, start, start.Add(45*time.Minute), shownFrom, shownFrom); err != nil {
		t.Fatal(err)
	}
	shown := a.scalar(`SELECT max(id) FROM appointments`)
	hidden := a.ids(`SELECT id FROM appointments WHERE kind_id = ? AND status = 'booked' AND visible_from > ? ORDER BY id`, kind, now)
	if len(hidden) == 0 {
		t.Fatal("the demo has no appointment of the kind that its patient does not see yet")
	}
	admin := a.staffClient("admin")
	edit := admin.get(agendaAdmin + "/soorten/" + kind)
	wantStatus(t, edit, http.StatusOK)
	form := url.Values{}
	edit.Doc.Find("form input, form textarea, form select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch {
		case s.Is("input[type=checkbox], input[type=radio]"):
			if _, on := s.Attr("checked"); on {
				form.Set(name, s.AttrOr("value", ""))
			}
		case s.Is("select"):
			form.Set(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.Is("textarea"):
			form.Set(name, s.Text())
		default:
			form.Set(name, s.AttrOr("value", ""))
		}
	})
	if form.Get("publicatie") != agenda.PublishDayBefore || form.Get("naam_nl") != "Behandelgesprek" {
		t.Fatalf("the form shows %v", form)
	}
	form.Set("publicatie", agenda.PublishDaysBefore)
	form.Set("dagen", "2")
	p := admin.post(agendaAdmin+"/soorten/"+kind, form)
	wantStatus(t, p, http.StatusSeeOther)
	if got := admin.follow(p).Text(".notice"); got != a.T("beheer_agenda.notice_kind_saved") {
		t.Fatalf("notice %q", got)
	}
	rule := agenda.Rule{Publish: agenda.PublishDaysBefore, Days: 2}
	for _, id := range hidden {
		var start, from time.Time
		if err := a.db.Read.QueryRow(`SELECT starts_at, visible_from FROM appointments WHERE id = ?`, id).Scan(&start, &from); err != nil {
			t.Fatal(err)
		}
		want, _ := agenda.VisibleFrom(rule, start, now)
		if !from.Equal(want) {
			t.Errorf("appointment %d at %v is visible from %v, want %v", id, start, from, want)
		}
		if got := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND object_id = ? AND action = 'change'
			AND actor_id = ? AND patient_id = (SELECT patient_id FROM appointments WHERE id = ?)`, id, a.staff["admin"].ID, id); got != "1" {
			t.Errorf("appointment %d: %s access-log rows of the change", id, got)
		}
	}
	var from time.Time
	if err := a.db.Read.QueryRow(`SELECT visible_from FROM appointments WHERE id = ?`, shown).Scan(&from); err != nil || !from.Equal(shownFrom) {
		t.Errorf("the appointment the patient saw is visible from %v (%v), want %v", from, err, shownFrom)
	}
}

// Places: a bad input at its field with the input kept; a good one stored, changed, made inactive.
func TestAdminAgendaPlaceForm(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.post(agendaAdmin+"/plaatsen", url.Values{"naam": {" "}, "straat": {"Lindehof 16"}, "postcode": {"3818 LK 1234567"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#naam-error") != a.T("beheer_agenda.place_name_required") || p.Problem("#postcode-error") != a.T("error.too_long", "Max", 12, "Count", 15) ||
		p.Doc.Find("#straat").AttrOr("value", "") != "Lindehof 16" {
		t.Fatalf("name %q, postcode %q", p.Problem("#naam-error"), p.Problem("#postcode-error"))
	}
	p = admin.post(agendaAdmin+"/plaatsen", url.Values{"naam": {"Spreekkamer 6"}, "straat": {"Lindehof 16"}, "postcode": {"3818 LK"}, "plaats": {"Amersfoort"}, "actief": {"1"}})
	wantStatus(t, p, http.StatusSeeOther)
	if p = admin.follow(p); p.Text(".notice") != a.T("beheer_agenda.notice_place_saved") || !strings.Contains(p.Text("#places"), "Lindehof 16, 3818 LK Amersfoort") {
		t.Fatalf("notice %q, places %q", p.Text(".notice"), p.Text("#places"))
	}
	id := a.scalar(`SELECT id FROM places WHERE name = 'Spreekkamer 6'`)
	wantStatus(t, admin.post(agendaAdmin+"/plaatsen/"+id, url.Values{"naam": {"Spreekkamer 6"}}), http.StatusSeeOther)
	if got := a.scalar(`SELECT active || street FROM places WHERE id = ?`, id); got != "0" {
		t.Fatalf("after making it inactive: %q", got)
	}
	if got := admin.get(agendaAdmin + "/plaatsen/" + id); got.Doc.Find("#actief[checked]").Length() != 0 || got.Doc.Find("#naam").AttrOr("value", "") != "Spreekkamer 6" {
		t.Fatal("the edit page does not show the place as stored")
	}
}

// The booking limits: bad numbers and a channel that is none of the choices are said at their fields,
// input kept; good ones are stored, and every page reads them from the clinic's settings in memory.
func TestAdminAgendaBookingSettings(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	form := url.Values{"weken": {"0"}, "vooraf": {"twee uur"}, "open": {"3"}, "afzeggen": {"48"}, "herinnering": {"fax"}, "herinnering_uren": {"24"}, "feestdagen": {"1"}}
	p := admin.post(agendaAdmin+"/instellingen", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#weken-error") != a.T("beheer_agenda.number_range", "Min", 1, "Max", 52) ||
		p.Problem("#vooraf-error") != a.T("beheer_agenda.number_range", "Min", 0, "Max", 20160) ||
		p.Problem("#herinnering-error") != a.T("beheer_agenda.channel_required") || p.Doc.Find("#vooraf").AttrOr("value", "") != "twee uur" ||
		p.Doc.Find("#afzeggen").AttrOr("value", "") != "48" {
		t.Fatalf("weeks %q, notice %q, channel %q", p.Problem("#weken-error"), p.Problem("#vooraf-error"), p.Problem("#herinnering-error"))
	}
	if p.Doc.Find(`.error-summary a[href="#weken"]`).Length() != 1 {
		t.Fatal("the summary does not lead to the first field to correct")
	}
	form = url.Values{"weken": {"10"}, "vooraf": {"60"}, "open": {"3"}, "afzeggen": {"48"}, "herinnering": {"both"}, "herinnering_uren": {"12"}}
	p = admin.post(agendaAdmin+"/instellingen", form)
	wantStatus(t, p, http.StatusSeeOther)
	p = admin.follow(p)
	if p.Text(".notice") != a.T("beheer_agenda.notice_booking_saved") || p.Doc.Find("#weken").AttrOr("value", "") != "10" ||
		p.Doc.Find("#afzeggen").AttrOr("value", "") != "48" || p.Doc.Find(`input[name=herinnering][value=both][checked]`).Length() != 1 ||
		p.Doc.Find("#feestdagen[checked]").Length() != 0 {
		t.Fatalf("after saving: notice %q, weeks %q", p.Text(".notice"), p.Doc.Find("#weken").AttrOr("value", ""))
	}
	clinic, _ := a.db.R.GetClinic(context.Background())
	if clinic.BookingWeeks != 10 || clinic.BookingNoticeMinutes != 60 || clinic.CancelHours != 48 || clinic.ClosedOnHolidays != 0 ||
		clinic.ReminderChannel != "both" || clinic.ReminderHours != 12 {
		t.Fatalf("stored %+v", clinic)
	}
}

// Closure days: a date that is none or has passed is refused at the field; one added is listed and can
// be removed; past ones are not listed.
func TestAdminAgendaClosureDays(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	for typed, key := range map[string]string{"": "beheer_agenda.day_required", "31-02-2026": "beheer_agenda.day_invalid", "2026-03-01": "beheer_agenda.day_past"} {
		p := admin.post(agendaAdmin+"/sluitingsdagen", url.Values{"dag": {typed}, "reden": {"Heidag"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Problem("#dag-error") != a.T(key) || p.Doc.Find("#reden").AttrOr("value", "") != "Heidag" || p.Doc.Find("#dag").AttrOr("value", "") != typed {
			t.Errorf("%q: %q", typed, p.Problem("#dag-error"))
		}
	}
	if _, err := a.db.Write.Exec(`INSERT INTO closure_days (day, reason) VALUES (?, 'Vorige heidag')`, time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	p := admin.post(agendaAdmin+"/sluitingsdagen", url.Values{"dag": {"17-4-2026"}, "reden": {"Heidag"}})
	wantStatus(t, p, http.StatusSeeOther)
	p = admin.follow(p)
	listed := p.Text("#closure-days")
	if p.Text(".notice") != a.T("beheer_agenda.notice_closure_added") || !strings.Contains(listed, a.tr["nl"].LongDay(time.Date(2026, 4, 17, 0, 0, 0, 0, time.UTC))) ||
		!strings.Contains(listed, "Heidag") || strings.Contains(listed, "Vorige heidag") {
		t.Fatalf("notice %q, listed %q", p.Text(".notice"), listed)
	}
	p = admin.post(agendaAdmin+"/sluitingsdagen/verwijderen", url.Values{"dag": {"2026-04-17"}})
	wantStatus(t, p, http.StatusSeeOther)
	if p = admin.follow(p); p.Text(".notice") != a.T("beheer_agenda.notice_closure_removed") || strings.Contains(p.Text("#closure-days"), "Heidag") {
		t.Fatalf("after removing: %q", p.Text("#closure-days"))
	}
	wantStatus(t, admin.post(agendaAdmin+"/sluitingsdagen/verwijderen", url.Values{"dag": {"2026-04-17"}}), http.StatusNotFound)
}

// A practitioner edits their own hours and exceptions; an administrator anyone's; a practitioner never
// another's: that is a 404 logged as denied, and the administrator's pages are a 403.
func TestAvailabilityByPractitionerAndAdministrator(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	gp := a.staff["practitioner"]
	poh := a.scalar(`SELECT id FROM users WHERE role = 'practitioner' AND id <> ?`, gp.ID)
	me := a.staffClient("practitioner")
	page := me.get("/praktijk/agenda/beschikbaarheid")
	wantStatus(t, page, http.StatusOK)
	if page.Text("main h1") != a.T("beheer_agenda.hours_own_title") || page.Doc.Find("#hours li").Length() != 10 {
		t.Fatalf("h1 %q, %d hours", page.Text("main h1"), page.Doc.Find("#hours li").Length())
	}
	// Hours that overlap the Monday morning are refused, as are hours that end before they start.
	p := me.post("/praktijk/agenda/beschikbaarheid/uren", url.Values{"dag": {"1"}, "van": {"11:30"}, "tot": {"12:30"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#van-error") != a.T("beheer_agenda.hours_overlap") || p.Doc.Find("#tot").AttrOr("value", "") != "12:30" ||
		p.Doc.Find(`#dag option[value="1"][selected]`).Length() != 1 {
		t.Fatalf("overlap: %q", p.Problem("#van-error"))
	}
	p = me.post("/praktijk/agenda/beschikbaarheid/uren", url.Values{"dag": {"6"}, "van": {"11:00"}, "tot": {"9:00"}})
	if p.Problem("#tot-error") != a.T("beheer_agenda.hours_order") {
		t.Fatalf("order: %q", p.Problem("#tot-error"))
	}
	phone := a.scalar(`SELECT id FROM appointment_kinds WHERE name_nl = 'Telefonisch consult'`)
	p = me.post("/praktijk/agenda/beschikbaarheid/uren", url.Values{"dag": {"6"}, "van": {"9:00"}, "tot": {"11:00"}, "soort_uren": {phone}})
	wantStatus(t, p, http.StatusSeeOther)
	if p = me.follow(p); p.Text(".notice") != a.T("beheer_agenda.notice_hours_added") || !strings.Contains(p.Text("#hours"), "Telefonisch consult") {
		t.Fatalf("notice %q, hours %q", p.Text(".notice"), p.Text("#hours"))
	}
	if got := a.scalar(`SELECT starts || '-' || ends FROM availability_hours WHERE practitioner_id = ? AND weekday = 6`, gp.ID); got != "09:00-11:00" {
		t.Fatalf("stored %q", got)
	}
	// An absence: a bad date at its field; a good one listed.
	p = me.post("/praktijk/agenda/beschikbaarheid/uitzonderingen", url.Values{"soort": {"absent"}, "van_dag": {"2026-03-20"}, "tot_dag": {"2026-03-19"}, "notitie": {"Cursus"}})
	if p.Problem("#tot_dag-error") != a.T("beheer_agenda.exception_order") || p.Doc.Find("#notitie").AttrOr("value", "") != "Cursus" {
		t.Fatalf("order: %q", p.Problem("#tot_dag-error"))
	}
	p = me.post("/praktijk/agenda/beschikbaarheid/uitzonderingen", url.Values{"soort": {"absent"}, "van_dag": {"2026-03-20"}, "tot_dag": {"2026-03-20"}, "tot_tijd": {"12:00"}, "notitie": {"Cursus"}})
	wantStatus(t, p, http.StatusSeeOther)
	if p = me.follow(p); !strings.Contains(p.Text("#exceptions"), "Cursus") {
		t.Fatalf("exceptions %q", p.Text("#exceptions"))
	}
	want := time.Date(2026, 3, 20, 12, 0, 0, 0, agenda.Zone).UTC().Format(time.RFC3339)
	if got := a.scalar(`SELECT strftime('%Y-%m-%dT%H:%M:%SZ', ends_at) FROM availability_exceptions WHERE practitioner_id = ? AND note = 'Cursus'`, gp.ID); got != want {
		t.Fatalf("ends at %s, want %s", got, want)
	}

	// The administrator edits the POH-GGZ's hours.
	admin := a.staffClient("admin")
	theirs := agendaAdmin + "/behandelaars/" + poh
	wantStatus(t, admin.get(theirs), http.StatusOK)
	p = admin.post(theirs+"/uren", url.Values{"dag": {"3"}, "van": {"13:00"}, "tot": {"15:00"}})
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != withNoticePath(theirs, "beheer_agenda.notice_hours_added") {
		t.Fatalf("back to %q", p.Header.Get("Location"))
	}
	hours := a.scalar(`SELECT id FROM availability_hours WHERE practitioner_id = ? AND weekday = 3`, poh)

	// The GP may not remove the POH-GGZ's hours, nor open the administrator's pages.
	denied := func() string {
		return a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_id = ? AND object_type = 'availability' AND object_id = ?`, gp.ID, hours)
	}
	p = me.post("/praktijk/agenda/beschikbaarheid/uren/"+hours+"/verwijderen", nil)
	wantStatus(t, p, http.StatusNotFound)
	if denied() != "1" || a.scalar(`SELECT count(*) FROM availability_hours WHERE id = ?`, hours) != "1" {
		t.Fatal("another practitioner's hours were removed, or the refusal was not logged")
	}
	wantStatus(t, me.get(theirs), http.StatusForbidden)
	wantStatus(t, me.post(theirs+"/uren", url.Values{"dag": {"3"}, "van": {"16:00"}, "tot": {"17:00"}}), http.StatusForbidden)
	// Nor may an assistant, who has no hours of their own.
	wantStatus(t, a.staffClient("assistant").get("/praktijk/agenda/beschikbaarheid"), http.StatusForbidden)
	// The administrator may.
	p = admin.post("/praktijk/agenda/beschikbaarheid/uren/"+hours+"/verwijderen", nil)
	wantStatus(t, p, http.StatusSeeOther)
	if p.Header.Get("Location") != withNoticePath(theirs, "beheer_agenda.notice_hours_removed") || a.scalar(`SELECT count(*) FROM availability_hours WHERE id = ?`, hours) != "0" {
		t.Fatalf("removing as administrator: %q", p.Header.Get("Location"))
	}
	// The GP removes their own exception.
	exc := a.scalar(`SELECT id FROM availability_exceptions WHERE practitioner_id = ? AND note = 'Cursus'`, gp.ID)
	p = me.post("/praktijk/agenda/beschikbaarheid/uitzonderingen/"+exc+"/verwijderen", nil)
	wantStatus(t, p, http.StatusSeeOther)
	if p = me.follow(p); p.Text(".notice") != a.T("beheer_agenda.notice_exception_removed") || strings.Contains(p.Text("main"), "Cursus") {
		t.Fatal("the exception was not removed")
	}
}

// withNoticePath is the address path with the notice of key, as a redirect after a change names it.
func withNoticePath(path, key string) string {
	return path + "?melding=" + url.QueryEscape(key)
}
