package demo

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"balie/internal/accesslog"
	"balie/queries"
)

// The first patient's dossier history, so that every part of the dossier has something to show: a
// report with her statement that she disagrees (AVG art. 16), consents given and withdrawn, and who
// looked at her file (the access log, written through accesslog.Insert like every row of it).

// disagreement is Anna's statement about one of her progress reports, added to it by the practitioner.
const disagreement = "Ik ben het niet eens met dit verslag. Er staat dat het slapen beter gaat, maar ik word " +
	"nog steeds bijna elke nacht wakker en ben overdag erg moe. Ik wil graag dat dit in mijn dossier staat."

func (g *generator) dossierHistory(ctx context.Context, patient int64, created time.Time, shared []sharedReport) error {
	var log []accesslog.Entry
	// Each row as a request from the practice's network (or her home) writes it, with a request id.
	entry := func(at time.Time, actor int64, role, object string, id int64, action string) {
		address := fmt.Sprintf("192.168.10.%d", 20+actor)
		if actor == patient {
			address = "84.241.196.37"
		}
		log = append(log, accesslog.Entry{At: at, ActorID: actor, ActorRole: role, PatientID: patient,
			ObjectType: object, ObjectID: id, Action: action, Outcome: accesslog.OutcomeOK,
			Address: address, RequestID: fmt.Sprintf("%016x", g.r.Uint64())})
	}

	// Her statement about the newest progress report shared a month ago or more (not the newest report,
	// which waits for her akkoord), answered within a week.
	monthAgo := g.now.AddDate(0, -1, 0)
	var about *sharedReport
	for k := len(shared) - 2; k >= 0 && about == nil; k-- {
		if shared[k].published.Before(monthAgo) && (shared[k].kind.subcategory == "Voortgangsverslag" || k == 0) {
			about = &shared[k]
		}
	}
	if about == nil {
		return errors.New("no report to disagree with")
	}
	asked := g.officeHours(about.published.Add(time.Duration(24+g.r.IntN(48)) * time.Hour))
	handled := g.officeHours(asked.Add(time.Duration(2+g.r.IntN(4)) * 24 * time.Hour))
	handled = earliest(handled, g.now.Add(-time.Hour))
	id, err := g.q.AddCorrection(ctx, queries.AddCorrectionParams{ReportID: about.id, PatientID: patient,
		Kind: "statement", Text: disagreement, AskedAt: asked, DueAt: asked.AddDate(0, 1, 0)})
	if err != nil {
		return err
	}
	if _, err := g.q.HandleCorrection(ctx, queries.HandleCorrectionParams{Now: sql.NullTime{Time: handled, Valid: true},
		HandledBy: sql.NullInt64{Int64: g.practitioner, Valid: true},
		Outcome:   sql.NullString{String: "statement_added", Valid: true}, ID: id}); err != nil {
		return err
	}
	entry(asked, patient, "patient", "report_correction", id, accesslog.ActionChange)
	entry(handled.Add(-10*time.Minute), g.practitioner, "practitioner", "report", about.id, accesslog.ActionRead)
	entry(handled, g.practitioner, "practitioner", "report_correction", id, accesslog.ActionChange)

	// Consents (the kinds schema.sql seeds, in their order): the assistant recorded portal use when her
	// account was made; she let her relatives read along and later withdrew that, and allowed research.
	// Sharing with the GP she has not decided yet.
	kinds, err := g.q.ListConsentKinds(ctx)
	if err != nil {
		return err
	}
	if len(kinds) < 4 {
		return errors.New("fewer than four consent kinds")
	}
	for _, c := range []struct {
		kind  int
		given bool
		at    time.Time
		by    int64
		role  string
	}{
		{0, true, created.Add(time.Hour), g.assistant, "assistant"},
		{2, true, g.workTime(-300), patient, "patient"},
		{3, true, g.workTime(-180), patient, "patient"},
		{2, false, g.workTime(-40), patient, "patient"},
	} {
		given := int64(0)
		if c.given {
			given = 1
		}
		id, err := g.q.AddConsentEvent(ctx, queries.AddConsentEventParams{PatientID: patient, KindID: kinds[c.kind].ID,
			Given: given, At: c.at, ByID: c.by})
		if err != nil {
			return err
		}
		entry(c.at, c.by, c.role, "consent", id, accesslog.ActionChange)
	}

	// Staff reading her file over the last four months: the practitioner her reports and patient page,
	// the assistant her appointments.
	for range 8 {
		r := shared[g.r.IntN(len(shared))]
		at := g.workTime(-1 - g.r.IntN(120))
		if at.Before(r.published) {
			continue
		}
		entry(at.Add(-2*time.Minute), g.practitioner, "practitioner", "patient", patient, accesslog.ActionRead)
		entry(at, g.practitioner, "practitioner", "report", r.id, accesslog.ActionRead)
	}
	for range 5 {
		at := g.workTime(-1 - g.r.IntN(120))
		entry(at.Add(-time.Minute), g.assistant, "assistant", "patient", patient, accesslog.ActionRead)
		entry(at, g.assistant, "assistant", "agenda", 0, accesslog.ActionList)
	}
	views, err := g.shareCodes(ctx, patient, shared)
	if err != nil {
		return err
	}
	log = append(log, views...)
	// In the order they happened, as a real log is.
	slices.SortStableFunc(log, func(a, b accesslog.Entry) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
	return accesslog.Insert(ctx, g.q, log...)
}
