package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/queries"
)

// daysAgo is the local date days before today as a DATE column holds it (midnight UTC); negative: later.
func (g *generator) daysAgo(days int) time.Time {
	d := g.today.AddDate(0, 0, -days)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// firstPatientMedication is what Anna de Vries takes, fitting her record (diabetes, blood pressure,
// cholesterol): four chronic medicines, two courses still running, and the statin she stopped because of
// its side effects.
func (g *generator) firstPatientMedication(ctx context.Context, patient int64) error {
	type med struct {
		name, strength, form, dosage, instructions string
		chronic                                    bool
		started, ended                             int // days ago; ended 0: no end
		stopReason                                 string
	}
	meds := []med{
		{"Metformine", "500 mg", "tablet", "2x per dag 1 tablet", "Innemen tijdens of direct na de maaltijd.", true, 1460, 0, ""},
		{"Lisinopril", "10 mg", "tablet", "1x per dag 1 tablet", "'s Ochtends innemen.", true, 1100, 0, ""},
		{"Hydrochloorthiazide", "12,5 mg", "tablet", "1x per dag 1 tablet", "'s Ochtends innemen.", true, 400, 0, ""},
		{"Atorvastatine", "20 mg", "tablet", "1x per dag 1 tablet", "", true, 240, 0, ""},
		{"Amoxicilline", "500 mg", "capsule", "3x per dag 1 capsule", "De kuur afmaken, ook als u zich eerder beter voelt.", false, 3, -4, ""},
		{"Fluticason", "50 microgram/dosis", "neusspray", "1x per dag 2 sprays per neusgat", "", false, 20, -40, ""},
		{"Simvastatine", "40 mg", "tablet", "1x per dag 1 tablet", "'s Avonds innemen.", true, 700, 245, "Spierpijn als bijwerking; vervangen door atorvastatine."},
	}
	for _, m := range meds {
		p := queries.InsertMedicationParams{PatientID: patient, PrescriberID: sql.NullInt64{Int64: g.practitioner, Valid: true},
			Name: m.name, Strength: m.strength, Form: m.form, Dosage: m.dosage, Instructions: m.instructions,
			StartedOn: g.daysAgo(m.started), StopReason: m.stopReason}
		if m.chronic {
			p.Chronic = 1
		}
		if m.ended != 0 {
			p.EndedOn = sql.NullTime{Time: g.daysAgo(m.ended), Valid: true}
		}
		if m.stopReason != "" {
			p.StoppedBy = sql.NullInt64{Int64: g.practitioner, Valid: true}
		}
		if err := g.q.InsertMedication(ctx, p); err != nil {
			return err
		}
	}
	return nil
}
