package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/internal/agenda"
	"balie/queries"
)

// agendaSetup writes the clinic's places and appointment kinds.
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
	return nil
}

// appointment books one appointment of the patient's with the practitioner, published by its kind's
// rule; one that is over had its reminder.
func (g *generator) appointment(ctx context.Context, patient int64, kind apptKind, start time.Time,
	minutes int, status string, created time.Time) error {
	visible, err := agenda.VisibleFrom(agenda.Rule{Publish: kind.publish, Time: "13:00", Days: 1}, start, created)
	if err != nil {
		return err
	}
	var remind, reminded sql.NullTime
	if status == "booked" {
		remind = sql.NullTime{Time: start.Add(-24 * time.Hour), Valid: true}
		if start.Before(g.now) {
			reminded = remind
		}
	}
	return g.q.InsertAppointment(ctx, queries.InsertAppointmentParams{
		PatientID:      patient,
		PractitionerID: g.practitioner,
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
		CreatedAt:      created,
	})
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
