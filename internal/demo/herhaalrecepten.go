package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/internal/repeatrx"
	"balie/queries"
)

// The practice's pharmacies, the first Anna de Vries's.
var demoPharmacies = []struct{ name, street, city string }{
	{"Apotheek De Linde", "Lindelaan 4", "Utrecht"},
	{"Apotheek Zuilen", "Amsterdamsestraatweg 512", "Utrecht"},
	{"BENU Apotheek Overvecht", "Zamenhofdreef 21", "Utrecht"},
	{"Service Apotheek Kanaleneiland", "Marshalllaan 8", "Utrecht"},
	{"Apotheek Oudwijk", "Oudwijk 37", "Utrecht"},
}

// repeatRefusals are the reasons a practice gives when it does not send a repeat prescription on.
var repeatRefusals = []string{
	"Voor dit medicijn willen we u eerst op het spreekuur zien. Maakt u een afspraak voor een controle?",
	"U heeft dit medicijn twee weken geleden nog gekregen. Neem contact op met de assistente als u meer nodig heeft.",
	"De dokter wil eerst de uitslag van uw bloedonderzoek zien. U hoort van ons.",
}

func (g *generator) pharmacySetup(ctx context.Context) error {
	for _, p := range demoPharmacies {
		id, err := g.q.InsertPharmacy(ctx, queries.InsertPharmacyParams{Name: p.name, Street: p.street, City: p.city})
		if err != nil {
			return err
		}
		g.pharmacies = append(g.pharmacies, id)
	}
	return nil
}

// repeatRequests gives a patient with chronic medication a pharmacy and, for some, re-orders: a few
// handled ones in their history and now and then one waiting in the practice's queue. Anna de Vries
// always has both, and her waiting one is new (aangevraagd).
func (g *generator) repeatRequests(ctx context.Context, patient int64, first bool) error {
	r := g.r
	today := time.Date(g.today.Year(), g.today.Month(), g.today.Day(), 0, 0, 0, 0, time.UTC)
	meds, err := g.q.ListRepeatMedication(ctx, queries.ListRepeatMedicationParams{PatientID: patient, Today: today})
	if err != nil || len(meds) == 0 || len(g.pharmacies) == 0 {
		return err
	}
	pharmacy := g.pharmacies[r.IntN(len(g.pharmacies))]
	history, open := r.IntN(3), r.IntN(3) == 0
	if first {
		pharmacy, history, open = g.pharmacies[0], 3, true
	}
	if err := g.q.SetPatientPharmacy(ctx, queries.SetPatientPharmacyParams{PatientID: patient, PharmacyID: pharmacy}); err != nil {
		return err
	}
	// The handled ones, oldest first, a month or two apart: sent to the pharmacy, the last of Anna's refused.
	for k := history; k > 0; k-- {
		at := g.officeHours(g.now.Add(-time.Duration(k*40+r.IntN(15))*24*time.Hour - g.dayTime()))
		state, reason := "naar_apotheek", ""
		if (first && k == 1) || (!first && r.IntN(6) == 0) {
			state, reason = "afgewezen", repeatRefusals[r.IntN(len(repeatRefusals))]
		}
		handler := g.assistant
		if state == "afgewezen" {
			handler = g.practitioner
		}
		id, err := g.repeatRequest(ctx, patient, pharmacy, at, meds, "")
		if err != nil {
			return err
		}
		if _, err := g.q.CloseRepeatRequest(ctx, queries.CloseRepeatRequestParams{State: state, RefuseReason: reason,
			Now: sql.NullTime{Time: at.Add(3*time.Hour + g.upTo(20*time.Hour)), Valid: true}, HandledBy: sql.NullInt64{Int64: handler, Valid: true}, ID: id}); err != nil {
			return err
		}
	}
	if !open {
		return nil
	}
	// Waiting in the queue since earlier today (Anna) or the last days; some picked up by the assistant.
	at := g.now.Add(-time.Duration(1+r.IntN(5)) * time.Hour)
	note := ""
	if !first {
		at = g.now.Add(-time.Duration(2+r.IntN(70)) * time.Hour)
		if r.IntN(4) == 0 {
			note = "Graag dezelfde hoeveelheid als de vorige keer."
		}
	}
	id, err := g.repeatRequest(ctx, patient, pharmacy, at, meds, note)
	if err == nil && !first && r.IntN(3) == 0 {
		_, err = g.q.AssignRepeatRequest(ctx, queries.AssignRepeatRequestParams{AssignedTo: sql.NullInt64{Int64: g.assistant, Valid: true}, ID: id})
	}
	return err
}

// repeatRequest stores a request made at for one or two of meds, ready as the default settings say.
func (g *generator) repeatRequest(ctx context.Context, patient, pharmacy int64, at time.Time, meds []queries.ListRepeatMedicationRow, note string) (int64, error) {
	id, err := g.q.InsertRepeatRequest(ctx, queries.InsertRepeatRequestParams{PatientID: patient, PharmacyID: pharmacy, Note: note,
		RequestedAt: at, ReadyOn: repeatrx.ReadyOn(at, repeatrx.DefaultCutoffMinutes, repeatrx.MondayToFriday)})
	if err != nil {
		return 0, err
	}
	for _, i := range g.pick(len(meds), 1+g.r.IntN(min(2, len(meds)))) {
		if err := g.q.InsertRepeatRequestItem(ctx, queries.InsertRepeatRequestItemParams{RequestID: id, MedicationID: meds[i].ID}); err != nil {
			return 0, err
		}
	}
	return id, nil
}
