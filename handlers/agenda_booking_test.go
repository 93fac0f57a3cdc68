package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/internal/agenda"
)

// bookingFixture is a clinic that takes bookings, made by setUpBooking on the test's own database.
type bookingFixture struct {
	kind   int64 // bookable, 20 minutes, the practice gives the time to the patient's own GP or the first free
	choice int64 // bookable, 30 minutes, the patient chooses the practitioner
	closed int64 // a kind patients may not book
	gp     int64 // the demo's practitioner, every demo patient's own
	other  int64 // a second practitioner
}

// setUpBooking gives the clinic two practitioners with hours on weekdays from 08:00 to 12:00 for every
// kind, two bookable kinds of its own, and the booking settings these tests expect (6 weeks ahead, 2 hours'
// notice, 2 open bookings per patient, closed on public holidays). The demo's own hours, closures and
// future appointments are cleared, so that every free time is the test's doing.
func setUpBooking(t testing.TB, a *testApp) bookingFixture {
	t.Helper()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		res, err := a.db.Write.Exec(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	exec(`DELETE FROM availability_hours`)
	exec(`DELETE FROM availability_exceptions`)
	exec(`DELETE FROM closure_days`)
	exec(`DELETE FROM appointments WHERE starts_at >= ?`, testStart.Add(-24*time.Hour))
	exec(`UPDATE clinic_settings SET booking_weeks = 6, booking_notice_minutes = 120, booking_max_open = 2,
		closed_on_holidays = 1, reminder_hours = 24`)
	f := bookingFixture{gp: a.staff["practitioner"].ID}
	place := exec(`INSERT INTO places (name, street, city) VALUES ('Spreekkamer 9', 'Lindeweg 1', 'Utrecht')`)
	f.kind = exec(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, bookable, choose_practitioner, publish, place_id,
		instructions_nl, instructions_en) VALUES ('Spreekuur', 'Surgery', 20, 1, 0, 'day_before', ?, 'Neem uw pas mee.', 'Bring your card.')`, place)
	f.choice = exec(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, bookable, choose_practitioner)
		VALUES ('Gesprek naar keuze', 'Talk of your choice', 30, 1, 1)`)
	f.closed = exec(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, bookable) VALUES ('Operatie', 'Surgery room', 60, 0)`)
	f.other = exec(`INSERT INTO users (role, email, given_name, family_name, created_at)
		VALUES ('practitioner', 'tweede@delinde.example', 'Sara', 'Tweede', ?)`, testStart)
	for _, p := range []int64{f.gp, f.other} {
		for day := 1; day <= 5; day++ {
			exec(`INSERT INTO availability_hours (practitioner_id, weekday, starts, ends) VALUES (?, ?, '08:00', '12:00')`, p, day)
		}
	}
	return f
}

// at is a local (Amsterdam) time, "2006-01-02 15:04", as the booking form sends it.
func at(t testing.TB, s string) string {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, agenda.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v.Format("2006-01-02T15:04Z07:00")
}

// offered are the values of the times a page offers.
func offered(p *page) []string {
	var v []string
	p.Doc.Find(`input[name=tijd][type=radio]`).Each(func(_ int, s *goquery.Selection) { v = append(v, s.AttrOr("value", "")) })
	return v
}

// dateButtons are the labels of the date buttons.
func dateButtons(p *page) []string {
	var v []string
	p.Doc.Find(`.date-buttons a`).Each(func(_ int, s *goquery.Selection) { v = append(v, strings.TrimSpace(s.Text())) })
	return v
}

func kindQuery(kind int64, more ...string) string {
	v := url.Values{"soort": {strconv.FormatInt(kind, 10)}}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	return v.Encode()
}

// book confirms a time as the confirmation page's form does.
func (c *client) book(kind int64, practitioner int64, tijd, reason string) *page {
	c.t.Helper()
	form := url.Values{"soort": {strconv.FormatInt(kind, 10)}, "tijd": {tijd}, "reden": {reason}}
	if practitioner != 0 {
		form.Set("behandelaar", strconv.FormatInt(practitioner, 10))
	}
	return c.post("/afspraken/maken", form)
}

// A patient books from the kind to the confirmation, without JavaScript: the kinds they may book, the
// days with free times and the times of one, the confirmation with the urgent line, and the booking:
// stored with their own GP, visible at once, its reminder due, logged, and a mail with date, time and
// practice only.
func TestBookingFromKindToConfirmation(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := setUpBooking(t, a)
	me := a.people[0]
	c := a.patientClient(0)

	p := c.get("/afspraken/maken")
	wantStatus(t, p, http.StatusOK)
	kinds := p.Doc.Find(`input[name=soort]`)
	if kinds.Filter(fmt.Sprintf(`[value="%d"]`, f.kind)).Length() != 1 || kinds.Filter(fmt.Sprintf(`[value="%d"]`, f.closed)).Length() != 0 {
		t.Fatalf("the kinds offered are not the bookable ones: %s", p.Text("main form"))
	}
	if !strings.Contains(p.Text("main form"), a.T("agenda_booking.kind_option", "Name", "Spreekuur", "Minutes", 20)) {
		t.Errorf("the kind is not offered with its length: %s", p.Text("form"))
	}

	// The first day is today, Monday 2 March: 09:30 now, two hours' notice, 20 minutes from 08:00.
	p = c.get("/afspraken/maken/tijden?" + kindQuery(f.kind))
	wantStatus(t, p, http.StatusOK)
	if got := offered(p); fmt.Sprint(got) != fmt.Sprint([]string{at(t, "2026-03-02 11:40")}) {
		t.Errorf("today's free times %v, want only 11:40", got)
	}
	days := dateButtons(p)
	if len(days) == 0 || days[0] != a.T("agenda_booking.day_button", "Weekday", "maandag", "Day", 2) || days[len(days)-1] != a.T("agenda_booking.day_button", "Weekday", "dinsdag", "Day", 31) {
		t.Errorf("date buttons %v: want the weekdays from Monday 2 to Tuesday 31 March", days)
	}
	if len(days) != 22 {
		t.Errorf("%d date buttons in March, want its 22 weekdays from the 2nd", len(days))
	}
	if more := p.Doc.Find(`.month-nav a`).Last(); strings.TrimSpace(more.Text()) != a.T("agenda_booking.more") {
		t.Errorf("no %q to the next month", a.T("agenda_booking.more"))
	} else {
		// April: up to Monday 13 (six weeks from today), without Easter Monday; Good Friday the practice works.
		april := c.get(more.AttrOr("href", ""))
		want := []string{"woensdag 1", "donderdag 2", "vrijdag 3", "dinsdag 7", "woensdag 8", "donderdag 9", "vrijdag 10", "maandag 13"}
		if got := dateButtons(april); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("April's date buttons %v, want %v", got, want)
		}
	}

	// Tuesday: the whole morning.
	p = c.get("/afspraken/maken/tijden?" + kindQuery(f.kind, "dag", "2026-03-03"))
	times := offered(p)
	if len(times) != 12 || times[0] != at(t, "2026-03-03 08:00") || times[11] != at(t, "2026-03-03 11:40") {
		t.Fatalf("Tuesday's free times %v, want 08:00 to 11:40 every 20 minutes", times)
	}
	if cur := p.Doc.Find(`.date-buttons a[aria-current=date]`); strings.TrimSpace(cur.Text()) != "dinsdag 3" {
		t.Errorf("the chosen day's button is %q", cur.Text())
	}

	tijd := at(t, "2026-03-04 09:00")
	p = c.get("/afspraken/maken/bevestigen?" + kindQuery(f.kind, "tijd", tijd))
	wantStatus(t, p, http.StatusOK)
	clinic, _ := a.db.R.GetClinic(t.Context())
	if got := p.Text(".urgent"); got != a.T("agenda_booking.urgent", "Phone", strings.ReplaceAll(clinic.Phone, " ", "\u00a0")) {
		t.Errorf("the confirmation does not say urgent complaints go by phone: %q", got)
	}
	if got := p.Text(".details"); !strings.Contains(got, "Spreekuur") || !strings.Contains(got, "09:00 – 09:20") || !strings.Contains(got, "Spreekkamer 9") {
		t.Errorf("the confirmation does not say what, when and where: %q", got)
	}

	p = c.book(f.kind, 0, tijd, "Pijn in mijn knie")
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != "/afspraken?melding=agenda_booking.notice_booked" {
		t.Errorf("after booking to %s", loc)
	}
	var practitioner, bookedBy, staffSeen int64
	var status, reason, instructions string
	var visible, remind time.Time
	err := a.db.Read.QueryRow(`SELECT practitioner_id, booked_by, staff_seen, status, reason, instructions, visible_from, remind_at
		FROM appointments WHERE patient_id = ? AND kind_id = ?`, me.ID, f.kind).
		Scan(&practitioner, &bookedBy, &staffSeen, &status, &reason, &instructions, &visible, &remind)
	if err != nil {
		t.Fatal(err)
	}
	start, _ := time.Parse("2006-01-02T15:04Z07:00", tijd)
	if practitioner != f.gp || bookedBy != me.ID || staffSeen != 0 || status != "booked" || reason != "Pijn in mijn knie" ||
		instructions != "Neem uw pas mee." || !visible.Equal(testStart) || !remind.Equal(start.Add(-24*time.Hour)) {
		t.Errorf("stored: practitioner %d (GP %d), booked by %d, seen %d, %s, %q, %q, visible %v, remind %v",
			practitioner, f.gp, bookedBy, staffSeen, status, reason, instructions, visible, remind)
	}
	if n := a.scalar(`SELECT count(*) FROM access_log WHERE object_type = 'appointment' AND action = 'change' AND patient_id = ? AND actor_id = ?`, me.ID, me.ID); n != "1" {
		t.Errorf("%s access-log rows of the booking, want 1", n)
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) == 0 {
		t.Fatal("no confirmation mail")
	}
	m := mails[len(mails)-1]
	when := a.tr[me.Locale].DayTime(start)
	if !strings.Contains(m.Text, when) || !strings.Contains(m.Text, clinic.Name) {
		t.Errorf("the mail does not say date, time and practice (%q):\n%s", when, m.Text)
	}
	for _, secret := range []string{"Spreekuur", "Surgery", "knie", "Neem uw pas mee"} {
		if strings.Contains(m.Text+m.HTML+m.Subject, secret) {
			t.Errorf("the mail tells %q", secret)
		}
	}

}

// Where the kind lets the patient choose, the practitioners are offered with their own first and
// chosen; the times are the chosen one's, and the booking is theirs.
func TestBookingWithAChosenPractitioner(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := setUpBooking(t, a)
	c := a.patientClient(0)
	p := c.get("/afspraken/maken/tijden?" + kindQuery(f.choice))
	wantStatus(t, p, http.StatusOK)
	radios := p.Doc.Find(`input[name=behandelaar]`)
	if radios.Length() != 2 || radios.First().AttrOr("value", "") != strconv.FormatInt(f.gp, 10) || radios.First().AttrOr("checked", "x") == "x" {
		t.Fatalf("the practitioners are not offered with the patient's own first and chosen: %s", p.Text("form"))
	}
	gpName := a.staff["practitioner"].FullName()
	if got := strings.TrimSpace(radios.First().Parent().Text()); got != a.T("agenda_booking.own_practitioner", "Name", gpName) {
		t.Errorf("the own practitioner is offered as %q", got)
	}
	// The other practitioner is busy on Tuesday at 09:00; the GP is not.
	a.addAppointment(testAppointment{patient: a.people[2].ID, kindID: f.choice, practitioner: f.other,
		start: mustTime(t, at(t, "2026-03-03 09:00")), minutes: 30})
	p = c.get("/afspraken/maken/tijden?" + kindQuery(f.choice, "behandelaar", strconv.FormatInt(f.other, 10), "dag", "2026-03-03"))
	for _, v := range offered(p) {
		if v == at(t, "2026-03-03 09:00") {
			t.Errorf("a time the chosen practitioner is busy is offered")
		}
	}
	if got := len(offered(c.get("/afspraken/maken/tijden?" + kindQuery(f.choice, "behandelaar", strconv.FormatInt(f.gp, 10), "dag", "2026-03-03")))); got != 8 {
		t.Errorf("the GP has %d free half hours on Tuesday, want 8", got)
	}
	p = c.book(f.choice, f.other, at(t, "2026-03-03 10:00"), "")
	wantStatus(t, p, http.StatusSeeOther)
	if got := a.scalar(`SELECT practitioner_id FROM appointments WHERE patient_id = ? AND kind_id = ?`, a.people[0].ID, f.choice); got != strconv.FormatInt(f.other, 10) {
		t.Errorf("booked with practitioner %s, want the chosen %d", got, f.other)
	}
}

func mustTime(t testing.TB, v string) time.Time {
	t.Helper()
	tm, err := time.Parse("2006-01-02T15:04Z07:00", v)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UTC()
}

// Ids the patient may not use are refused (404, logged as denied): a kind that does not exist, a
// practitioner the kind does not let them choose, someone who is no practitioner of the kind.
func TestBookingRefusesIDsThePatientMayNotUse(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := setUpBooking(t, a)
	c := a.patientClient(0)
	denied := func() string {
		return a.scalar(`SELECT count(*) FROM access_log WHERE outcome = 'denied' AND actor_id = ?`, a.people[0].ID)
	}
	tijd := at(t, "2026-03-03 09:00")
	for _, tc := range []struct {
		name, path string
		form       url.Values
	}{
		{"a kind that is no number", "/afspraken/maken/tijden?soort=x", nil},
		{"a kind that does not exist", "/afspraken/maken/tijden?soort=999999", nil},
		{"a practitioner for a kind without a choice", "/afspraken/maken/tijden?" + kindQuery(f.kind, "behandelaar", strconv.FormatInt(f.other, 10)), nil},
		{"a patient as practitioner", "/afspraken/maken/bevestigen?" + kindQuery(f.choice, "behandelaar", strconv.FormatInt(a.people[1].ID, 10), "tijd", tijd), nil},
		{"a booking of a kind that does not exist", "/afspraken/maken", url.Values{"soort": {"999999"}, "tijd": {tijd}}},
		{"a booking with a patient as practitioner", "/afspraken/maken", url.Values{"soort": {strconv.FormatInt(f.choice, 10)},
			"behandelaar": {strconv.FormatInt(a.people[1].ID, 10)}, "tijd": {tijd}}},
	} {
		before := denied()
		var p *page
		if tc.form != nil {
			p = c.post(tc.path, tc.form)
		} else {
			p = c.get(tc.path)
		}
		if p.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tc.name, p.StatusCode)
		}
		if denied() == before {
			t.Errorf("%s: not logged as denied", tc.name)
		}
	}
	if n := a.scalar(`SELECT count(*) FROM appointments WHERE patient_id = ? AND starts_at >= ?`, a.people[0].ID, testStart); n != "0" {
		t.Errorf("%s appointments booked", n)
	}
}

// Bad input gets a clear, translated answer and keeps what was typed: no kind, a kind not bookable, a
// time outside the window or not free, a closure day, a reason too long, more open bookings than the
// practice allows.
func TestBookingSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := setUpBooking(t, a)
	c := a.patientClient(0)

	p := c.get("/afspraken/maken/tijden")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#soort-error"); got != a.T("agenda_booking.kind_required") {
		t.Errorf("no kind: %q", got)
	}
	p = c.get("/afspraken/maken/tijden?" + kindQuery(f.closed))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#soort-error"); got != a.T("agenda_booking.kind_not_bookable") {
		t.Errorf("a kind not bookable: %q", got)
	}
	p = c.get("/afspraken/maken/bevestigen?" + kindQuery(f.kind))
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#tijd-error"); got != a.T("agenda_booking.time_required") {
		t.Errorf("no time: %q", got)
	}
	for name, tijd := range map[string]string{
		"within the notice":    at(t, "2026-03-02 11:00"),
		"beyond the horizon":   at(t, "2026-04-15 09:00"),
		"not a time":           "morgen",
		"on Easter Monday":     at(t, "2026-04-06 09:00"),
		"off the 20-min. grid": at(t, "2026-03-03 09:10"),
	} {
		p = c.get("/afspraken/maken/bevestigen?" + kindQuery(f.kind, "tijd", tijd))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got := p.Text(".error-summary li"); got != a.T("agenda_booking.time_outside") && got != a.T("agenda_booking.taken") {
			t.Errorf("%s: %q", name, got)
		}
		p = c.book(f.kind, 0, tijd, "")
		if p.StatusCode == http.StatusSeeOther {
			t.Errorf("%s: booked", name)
		}
	}

	// A closure day has no button and no times.
	if _, err := a.db.Write.Exec(`INSERT INTO closure_days (day, reason) VALUES ('2026-03-04', 'Scholing')`); err != nil {
		t.Fatal(err)
	}
	p = c.get("/afspraken/maken/tijden?" + kindQuery(f.kind))
	for _, d := range dateButtons(p) {
		if d == "woensdag 4" {
			t.Error("a closure day has a date button")
		}
	}
	wantStatus(t, c.book(f.kind, 0, at(t, "2026-03-04 09:00"), ""), http.StatusConflict)

	// A reason too long comes back with what was typed.
	long := strings.Repeat("knie ", 50)
	p = c.book(f.kind, 0, at(t, "2026-03-03 09:00"), long)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got := p.Problem("#reden-error"); !strings.HasPrefix(got, a.T("error.too_long", "Max", 200, "Count", 249)[:10]) {
		t.Errorf("a reason too long: %q", got)
	}
	if got := p.Doc.Find("textarea#reden").Text(); got != long {
		t.Errorf("the reason typed is lost: %q", got)
	}

	// Two open bookings are the practice's limit: the third is refused, its reason kept.
	wantStatus(t, c.book(f.kind, 0, at(t, "2026-03-03 09:00"), ""), http.StatusSeeOther)
	wantStatus(t, c.book(f.kind, 0, at(t, "2026-03-03 10:00"), ""), http.StatusSeeOther)
	p = c.book(f.kind, 0, at(t, "2026-03-03 11:00"), "Nog een")
	wantStatus(t, p, http.StatusUnprocessableEntity)
	clinic, _ := a.db.R.GetClinic(t.Context())
	if got := p.Text(".error-summary li"); got != a.T("agenda_booking.too_many", "Max", 2, "Phone", clinic.Phone) {
		t.Errorf("over the limit: %q", got)
	}
	if got := p.Doc.Find("textarea#reden").Text(); got != "Nog een" {
		t.Errorf("the reason typed is lost: %q", got)
	}
	if n := a.scalar(`SELECT count(*) FROM appointments WHERE patient_id = ? AND starts_at >= ?`, a.people[0].ID, testStart); n != "2" {
		t.Errorf("%s appointments booked, want 2", n)
	}
}

// Two patients on the confirmation page of the same time: the first gets it, the second sees that it
// was just taken and the times left.
func TestBookingATimeTakenMeanwhile(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	f := setUpBooking(t, a)
	// Only the GP takes the kind, so that the time is gone once booked.
	if _, err := a.db.Write.Exec(`DELETE FROM availability_hours WHERE practitioner_id = ?`, f.other); err != nil {
		t.Fatal(err)
	}
	first, second := a.patientClient(0), a.patientClient(1)
	tijd := at(t, "2026-03-03 09:00")
	wantStatus(t, second.get("/afspraken/maken/bevestigen?"+kindQuery(f.kind, "tijd", tijd)), http.StatusOK)
	wantStatus(t, first.book(f.kind, 0, tijd, ""), http.StatusSeeOther)
	p := second.book(f.kind, 0, tijd, "Mijn rug")
	wantStatus(t, p, http.StatusConflict)
	if got := p.Text(".error-summary li"); got != a.T("agenda_booking.taken") {
		t.Errorf("the second patient reads %q", got)
	}
	left := offered(p)
	if len(left) != 11 {
		t.Errorf("%d times left on Tuesday, want 11", len(left))
	}
	for _, v := range left {
		if v == tijd {
			t.Error("the time taken is still offered")
		}
	}
}

// Never double-booked: 50 patients confirm the same time at once; one gets it, the others see that it
// was just taken.
func TestFiftyPatientsConfirmTheSameTimeAtOnce(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withPatients(60))
	f := setUpBooking(t, a)
	if _, err := a.db.Write.Exec(`DELETE FROM availability_hours WHERE practitioner_id = ?`, f.other); err != nil {
		t.Fatal(err)
	}
	if len(a.people) < 50 {
		t.Fatalf("only %d patients can sign in", len(a.people))
	}
	tijd := at(t, "2026-03-03 09:00")
	reqs := make([]func() (*page, error), 50)
	for i := range reqs {
		c := a.patientClient(i)
		req := c.formRequest("/afspraken/maken", url.Values{"soort": {strconv.FormatInt(f.kind, 10)}, "tijd": {tijd}})
		reqs[i] = func() (*page, error) { return c.send(req) }
	}
	pages := atOnce(t, reqs)
	var booked, taken int
	for i, p := range pages {
		switch {
		case p.StatusCode == http.StatusSeeOther:
			booked++
		case p.StatusCode == http.StatusConflict && p.Text(".error-summary li") == a.tr[a.people[i].Locale].T("agenda_booking.taken"):
			taken++
		default:
			t.Errorf("status %d: %s", p.StatusCode, p.Text(".error-summary"))
		}
	}
	if booked != 1 || taken != 49 {
		t.Errorf("%d booked and %d told it was taken, want 1 and 49", booked, taken)
	}
	if n := a.scalar(`SELECT count(*) FROM appointments WHERE starts_at = ? AND status = 'booked'`, mustTime(t, tijd)); n != "1" {
		t.Errorf("%s appointments at the time", n)
	}
}

// atOnce runs the requests at the same moment, each on its own goroutine, and returns their answers.
func atOnce(t testing.TB, reqs []func() (*page, error)) []*page {
	t.Helper()
	pages, errs := make([]*page, len(reqs)), make([]error, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			<-start
			pages[i], errs[i] = req()
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return pages
}

// BenchmarkConcurrentBookings: 50 patients confirm at once on one day, two for each of 25 times, so that
// half of them find their time just taken. It reports the latencies of the confirmations (p50, p99) and
// checks after each round that 25 were booked and that no two booked appointments of the practitioner
// overlap. ns/op is one round of 50.
func BenchmarkConcurrentBookings(b *testing.B) {
	a := newTestApp(b, withPatients(60))
	f := setUpBooking(b, a)
	// One practitioner, a kind of 10 minutes, and a whole Wednesday of hours: 54 times.
	for _, q := range []string{`DELETE FROM availability_hours`, `UPDATE clinic_settings SET booking_max_open = 20`,
		`UPDATE appointment_kinds SET minutes = 10 WHERE id = ` + strconv.FormatInt(f.kind, 10)} {
		if _, err := a.db.Write.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := a.db.Write.Exec(`INSERT INTO availability_hours (practitioner_id, weekday, starts, ends) VALUES (?, 3, '08:00', '17:00')`, f.gp); err != nil {
		b.Fatal(err)
	}
	clients := make([]*client, 50)
	for i := range clients {
		clients[i] = a.patientClient(i)
	}
	day := mustTime(b, at(b, "2026-03-04 08:00"))
	b.Run("50", func(b *testing.B) {
		var latencies []time.Duration
		for b.Loop() {
			b.StopTimer()
			if _, err := a.db.Write.Exec(`DELETE FROM appointments WHERE starts_at >= ? AND starts_at < ?`, day, day.Add(24*time.Hour)); err != nil {
				b.Fatal(err)
			}
			reqs := make([]func() (*page, error), len(clients))
			took := make([]time.Duration, len(clients))
			for i, c := range clients {
				tijd := day.Add(time.Duration(i/2) * 10 * time.Minute).In(agenda.Zone).Format("2006-01-02T15:04Z07:00")
				req := c.formRequest("/afspraken/maken", url.Values{"soort": {strconv.FormatInt(f.kind, 10)}, "tijd": {tijd}})
				reqs[i] = func() (*page, error) {
					start := time.Now()
					p, err := c.send(req)
					took[i] = time.Since(start)
					return p, err
				}
			}
			b.StartTimer()
			pages := atOnce(b, reqs)
			b.StopTimer()
			latencies = append(latencies, took...)
			booked := 0
			for _, p := range pages {
				if p.StatusCode == http.StatusSeeOther {
					booked++
				} else if p.StatusCode != http.StatusConflict {
					b.Fatalf("status %d", p.StatusCode)
				}
			}
			overlaps := a.scalar(`SELECT count(*) FROM appointments x JOIN appointments y ON x.id < y.id
				AND x.practitioner_id = y.practitioner_id AND x.starts_at < y.ends_at AND y.starts_at < x.ends_at
				WHERE x.status = 'booked' AND y.status = 'booked'`)
			if booked != 25 || overlaps != "0" {
				b.Fatalf("%d booked (want 25), %s overlapping", booked, overlaps)
			}
			b.StartTimer()
		}
		slices.Sort(latencies)
		b.ReportMetric(ms(percentile(latencies, 0.50)), "p50-ms")
		b.ReportMetric(ms(percentile(latencies, 0.99)), "p99-ms")
	})
}
