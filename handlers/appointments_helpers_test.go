package handlers_test

import (
	"fmt"
	"time"

	"balie/internal/agenda"
)

// The one way the agenda's tests put an appointment in the database, as the practice (or the patient)
// would have made it. Tests that are about making, moving, booking or cancelling go through the pages.

// testAppointment is an appointment a test adds. Only patient and start are needed; every other field
// has the default its comment names.
type testAppointment struct {
	patient int64
	start   time.Time
	// kind is the Dutch name of one of the demo's kinds ("Fysiotherapie"); kindID a kind the test made.
	// Neither: the tests' own kind "Bloedprikken" (15 minutes, "Nuchter komen"), a name and instructions
	// a test can look for in what must not tell them; the patient may cancel it unless notCancellable.
	kind           string
	kindID         int64
	notCancellable bool
	// practitioner leads it. 0: the demo's practitioner; with the tests' own kind the administrator,
	// whose agenda is empty, so that the demo's appointments never overlap.
	practitioner int64
	others       []int64 // practitioners who take part besides the lead
	minutes      int     // 0: the kind's
	instructions string  // "": the kind's
	status       string  // "" is booked
	// bookedBy made it. 0: the assistant; the patient's own booking (bookedBy == patient) is new to the
	// practice (staff_seen 0), as one made through the booking pages.
	bookedBy int64
	// visibleFrom is when the patient first sees it. Zero: made and published a month before the clock's now.
	visibleFrom time.Time
	// cancelledAt, for a cancelled one. Zero: at its publication, so the patient saw it before.
	cancelledAt time.Time
	remindAt    time.Time // zero: no reminder
}

// addAppointment writes ap and returns its id.
func (a *testApp) addAppointment(ap testAppointment) int64 {
	a.t.Helper()
	kind := ap.kindID
	switch {
	case kind == 0 && ap.kind != "":
		kind = a.number(`SELECT id FROM appointment_kinds WHERE name_nl = ?`, ap.kind)
	case kind == 0:
		kind = a.testKind(!ap.notCancellable)
		if ap.practitioner == 0 {
			ap.practitioner = a.staff["admin"].ID
		}
	}
	if ap.practitioner == 0 {
		ap.practitioner = a.staff["practitioner"].ID
	}
	if ap.minutes == 0 {
		ap.minutes = int(a.number(`SELECT minutes FROM appointment_kinds WHERE id = ?`, kind))
	}
	if ap.status == "" {
		ap.status = "booked"
	}
	if ap.bookedBy == 0 {
		ap.bookedBy = a.staff["assistant"].ID
	}
	created := a.clock.Now().AddDate(0, -1, 0)
	if ap.visibleFrom.IsZero() {
		ap.visibleFrom = created
	}
	if ap.visibleFrom.Before(created) {
		created = ap.visibleFrom
	}
	var cancelled, remind any
	if ap.status == "cancelled" {
		cancelled = ap.visibleFrom
		if !ap.cancelledAt.IsZero() {
			cancelled = ap.cancelledAt
		}
	}
	if !ap.remindAt.IsZero() {
		remind = ap.remindAt
	}
	seen := 1
	if ap.bookedBy == ap.patient {
		seen = 0
	}
	res, err := a.db.Write.Exec(`INSERT INTO appointments (patient_id, practitioner_id, kind_id, place_id, starts_at, ends_at,
			instructions, status, booked_by, visible_from, remind_at, cancelled_at, created_at, staff_seen)
		SELECT ?, ?, k.id, k.place_id, ?, ?, CASE WHEN ? = '' THEN k.instructions_nl ELSE ? END, ?, ?, ?, ?, ?, ?, ?
		FROM appointment_kinds k WHERE k.id = ?`,
		ap.patient, ap.practitioner, ap.start, ap.start.Add(time.Duration(ap.minutes)*time.Minute),
		ap.instructions, ap.instructions, ap.status, ap.bookedBy, ap.visibleFrom, remind, cancelled, created, seen, kind)
	if err != nil {
		a.t.Fatal(err)
	}
	id, err := res.LastInsertId()
	if err != nil || id == 0 {
		a.t.Fatalf("no appointment of kind %d: %v", kind, err)
	}
	for _, o := range ap.others {
		if _, err := a.db.Write.Exec(`INSERT INTO appointment_practitioners (appointment_id, practitioner_id) VALUES (?, ?)`, id, o); err != nil {
			a.t.Fatal(err)
		}
	}
	return id
}

// testKind is the tests' own kind, "Bloedprikken", that the patient may cancel or not: made once per app.
func (a *testApp) testKind(cancellable bool) int64 {
	a.t.Helper()
	c := 0
	if cancellable {
		c = 1
	}
	var id int64
	err := a.db.Write.QueryRow(`SELECT id FROM appointment_kinds WHERE name_nl = 'Bloedprikken' AND cancellable = ?`, c).Scan(&id)
	if err == nil {
		return id
	}
	if err := a.db.Write.QueryRow(`INSERT INTO appointment_kinds (name_nl, name_en, minutes, choose_practitioner, cancellable,
			publish, publish_time, publish_days, instructions_nl, instructions_en)
		VALUES ('Bloedprikken', 'Blood test', 15, 1, ?, ?, '13:00', 1, 'Nuchter komen', 'Come fasting') RETURNING id`,
		c, agenda.PublishNow).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return id
}

// number is the one number that query gives.
func (a *testApp) number(query string, args ...any) int64 {
	a.t.Helper()
	var n int64
	if err := a.db.Write.QueryRow(query, args...).Scan(&n); err != nil {
		a.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// appointmentPath is the address of the patient's page of the appointment.
func appointmentPath(id int64) string { return fmt.Sprintf("/afspraken/%d", id) }
