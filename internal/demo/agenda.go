package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/internal/agenda"
	"balie/queries"
)

// agendaSetup writes the clinic's places, appointment kinds and schedule.
func (g *generator) agendaSetup(ctx context.Context) error {
	g.places, g.kinds = make(map[string]int64), make(map[string]int64)
	for _, name := range demoPlaces {
		street, post, city := clinicStreet, clinicPost, clinicCity
		if name == "Telefonisch" || name == "Online (beeldbellen)" {
			street, post, city = "", "", ""
		}
		id, err := g.q.InsertPlace(ctx, queries.InsertPlaceParams{Name: name, Street: street, Postcode: post, City: city})
		if err != nil {
			return err
		}
		g.places[name] = id
	}
	for _, k := range append([]apptKind{intake}, apptKinds...) {
		id, err := g.q.InsertAppointmentKind(ctx, queries.InsertAppointmentKindParams{
			NameNl: k.nl, NameEn: k.en, Minutes: int64(k.minutes[0]),
			Bookable: flag(k.bookable), ChoosePractitioner: 1, Cancellable: flag(k.cancellable),
			Publish: k.publish, PublishTime: "13:00", PublishDays: 1,
			PlaceID:        sql.NullInt64{Int64: g.places[k.places[0]], Valid: true},
			InstructionsNl: k.instructions[0], InstructionsEn: k.instructions[1],
		})
		if err != nil {
			return err
		}
		g.kinds[k.nl] = id
	}
	return g.schedule(ctx)
}

// The demo clinic's limits on booking: eight weeks ahead, as far as the GP's schedule goes.
var bookingSettings = queries.UpdateBookingSettingsParams{BookingWeeks: 8, BookingNoticeMinutes: 120, BookingMaxOpen: 4,
	CancelHours: 24, ClosedOnHolidays: 1, ReminderChannel: "email", ReminderHours: 24}

// schedule gives the practitioners their weekly hours for the bookable kinds (the GP every working day,
// the POH-GGZ phone consultations on two mornings), the GP a day of absence in the coming weeks and the
// practice a closure day. No appointment falls on either day.
func (g *generator) schedule(ctx context.Context) error {
	if err := g.q.UpdateBookingSettings(ctx, bookingSettings); err != nil {
		return err
	}
	for weekday := int64(1); weekday <= 5; weekday++ {
		for _, h := range [][2]string{{"08:00", "12:00"}, {"13:00", "17:00"}} {
			if _, err := g.q.InsertAvailabilityHours(ctx, queries.InsertAvailabilityHoursParams{PractitionerID: g.practitioner,
				Weekday: weekday, Starts: h[0], Ends: h[1]}); err != nil {
				return err
			}
		}
	}
	for _, weekday := range []int64{2, 4} {
		if _, err := g.q.InsertAvailabilityHours(ctx, queries.InsertAvailabilityHoursParams{PractitionerID: g.poh, Weekday: weekday,
			Starts: "09:00", Ends: "12:00", KindID: sql.NullInt64{Int64: g.kinds[phoneKind], Valid: true},
			PlaceID: sql.NullInt64{Int64: g.places["Telefonisch"], Valid: true}}); err != nil {
			return err
		}
	}
	closure := g.workday(15)
	if err := g.q.SetClosureDay(ctx, queries.SetClosureDayParams{Day: time.Date(closure.Year(), closure.Month(), closure.Day(), 0, 0, 0, 0, time.UTC),
		Reason: "Teamdag"}); err != nil {
		return err
	}
	g.closed[closure] = true
	absent := g.workday(24)
	if _, err := g.q.InsertAvailabilityException(ctx, queries.InsertAvailabilityExceptionParams{PractitionerID: g.practitioner,
		Kind: "absent", StartsAt: absent.UTC(), EndsAt: absent.AddDate(0, 0, 1).UTC(), Note: "Nascholing"}); err != nil {
		return err
	}
	g.closed[absent] = true
	return nil
}

// practitionerOf is whose agenda an appointment of the kind is in: the POH-GGZ's talks, the GP's rest.
func (g *generator) practitionerOf(kind apptKind) int64 {
	if pohKinds[kind.nl] {
		return g.poh
	}
	return g.practitioner
}

// kindNamed is the demo's kind of appointment with the Dutch name nl.
func kindNamed(nl string) apptKind {
	for _, k := range append([]apptKind{intake}, apptKinds...) {
		if k.nl == nl {
			return k
		}
	}
	panic("demo: no kind of appointment " + nl)
}

// firstFree books the first free time of the practitioner's from from on: a quarter of an hour on a
// working day, within 08:00-17:00 local time.
func (g *generator) firstFree(who int64, from time.Time, minutes int) time.Time {
	t := from.Truncate(15 * time.Minute)
	if t.Before(from) {
		t = t.Add(15 * time.Minute)
	}
	for ; ; t = t.Add(15 * time.Minute) {
		l := t.In(g.loc)
		day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, g.loc)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday || holiday(day) || g.closed[day] ||
			l.Hour() < 8 || l.Hour()*60+l.Minute()+minutes > 17*60 {
			continue
		}
		if g.take(who, t, minutes) {
			return t.UTC()
		}
	}
}

// firstPatientAppointments gives the demo's patient (Anna de Vries) what the agenda has to show: an
// appointment within a day, too soon to cancel herself; one next week that she can cancel; one that the
// practice shows from the afternoon before, so not yet; and her history, one of it cancelled.
func (g *generator) firstPatientAppointments(ctx context.Context, patient int64) error {
	at := func(day, hour int) time.Time {
		d := g.workday(day)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, g.loc)
	}
	wd := int(g.today.Weekday()+6) % 7 // Monday 0
	nextThursday := time.Date(g.today.Year(), g.today.Month(), g.today.Day()+7-wd+3, 10, 0, 0, 0, g.loc)
	for _, a := range []struct {
		kind    string
		who     int64
		from    time.Time
		minutes int
		status  string
	}{
		{"Intakegesprek", g.poh, at(-150, 10), 60, "booked"},
		{"Consult huisarts", g.practitioner, at(-40, 9), 15, "booked"},
		{"Controle bloeddruk", g.practitioner, at(-12, 11), 15, "cancelled"},
		{"Evaluatiegesprek", g.poh, at(-5, 14), 30, "booked"},
		{"Consult huisarts", g.practitioner, g.now.Add(3 * time.Hour), 15, "booked"},
		{"Controle bloeddruk", g.practitioner, nextThursday, 15, "booked"},
		{"Behandelgesprek", g.poh, at(2, 14), 45, "booked"}, // shown from 13:00 the day before
	} {
		start := g.firstFree(a.who, a.from, a.minutes)
		created := earliest(start.AddDate(0, 0, -14), g.now.AddDate(0, 0, -3))
		if err := g.appointment(ctx, patient, a.who, kindNamed(a.kind), start, a.minutes, a.status, created); err != nil {
			return err
		}
	}
	return nil
}

// appointment books one appointment of the patient's with the practitioner, published by its kind's
// rule; one that is over had its reminder, and one cancelled was cancelled by the patient before it.
func (g *generator) appointment(ctx context.Context, patient, who int64, kind apptKind, start time.Time,
	minutes int, status string, created time.Time) error {
	visible, err := agenda.VisibleFrom(agenda.Rule{Publish: kind.publish, Time: "13:00", Days: 1}, start, created)
	if err != nil {
		return err
	}
	var remind, reminded, cancelled sql.NullTime
	var cancelledBy sql.NullInt64
	switch status {
	case "booked":
		remind = sql.NullTime{Time: start.Add(-24 * time.Hour), Valid: true}
		if start.Before(g.now) {
			reminded = remind
		}
	case "cancelled":
		at := start.Add(-time.Duration(1+g.r.IntN(72)) * time.Hour)
		if at.Before(created) {
			at = created
		}
		cancelled, cancelledBy = sql.NullTime{Time: at, Valid: true}, sql.NullInt64{Int64: patient, Valid: true}
	}
	return g.q.InsertAppointment(ctx, queries.InsertAppointmentParams{
		PatientID:      patient,
		PractitionerID: who,
		KindID:         g.kinds[kind.nl],
		PlaceID:        sql.NullInt64{Int64: g.places[kind.places[g.r.IntN(len(kind.places))]], Valid: true},
		StartsAt:       start,
		EndsAt:         start.Add(time.Duration(minutes) * time.Minute),
		Instructions:   kind.instructions[0],
		Status:         status,
		BookedBy:       sql.NullInt64{Int64: g.assistant, Valid: true},
		VisibleFrom:    visible,
		RemindAt:       remind,
		RemindedAt:     reminded,
		CancelledAt:    cancelled,
		CancelledBy:    cancelledBy,
		CreatedAt:      created,
	})
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
