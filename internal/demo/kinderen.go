package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"balie/queries"
)

// The Mulder family (issue 15, seed 002): Linda Mulder, a patient, is the mother of three children who
// are patients too, each with an own record, and the practice recorded her as their parent:
//   - Noah (9): she has access; he has no account of his own (under 12);
//   - Emma (14): the assistant recorded Emma's consent after her 12th birthday; the GP hid one report
//     from parents;
//   - Daan turned 16 last month: his mother's access has stopped on the day, and both birthday mails
//     went out (a month before and on the day).
// In a demo of 20 patients or more (not in the small clinics of the tests), they are the four patients
// before the last two. Unlike the others, the children's birth dates follow Now: their ages matter.

// FamilyParentSignIn is Linda Mulder's sign-in name; the demo prints it. The children's addresses are
// aliases of hers, as seed 002 suggests for a child without an own address.
const FamilyParentSignIn = "l.mulder@" + patientDomain

// familyFrom is the smallest demo with the family.
const familyFrom = 20

// parentAreas are the areas a parent is given in the demo: all of them (handlers/kinderen_praktijk.go).
const parentAreas = "agenda,dossier,medicatie,herhaalrecepten,conversations,uitslagen,documents"

// familyMember is one of the Mulders: who, born when, with an account or not.
type familyMember struct {
	person
	birth   time.Time
	account bool
}

// familyStart is the position of the first of the family (the mother), or -1 without one.
func (g *generator) familyStart() int {
	if g.patients < familyFrom || g.patientsOnly {
		return -1
	}
	return g.patients - withoutAccount - 4
}

// familyMemberAt is the Mulder at position i, if any.
func (g *generator) familyMemberAt(i int) (familyMember, bool) {
	start := g.familyStart()
	if start < 0 || i < start || i >= start+4 {
		return familyMember{}, false
	}
	born := func(years, months, days int) time.Time {
		d := g.today.AddDate(-years, -months, -days)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	alias := func(given string) string { return "l.mulder+" + slug(given) + "@" + patientDomain }
	return []familyMember{
		{person{"Linda", "", "Mulder", true, FamilyParentSignIn}, time.Date(1982, 9, 14, 0, 0, 0, 0, time.UTC), true},
		{person{"Noah", "", "Mulder", false, alias("Noah")}, born(9, 4, 11), false},
		{person{"Emma", "", "Mulder", true, alias("Emma")}, born(14, 2, 20), true},
		{person{"Daan", "", "Mulder", false, alias("Daan")}, born(16, 1, 0), true},
	}[i-start], true
}

// family records the mother's authorisations for the children (ids: the mother's and the children's,
// in familyMemberAt's order), with Emma's consent and hidden report and Daan's birthday mails.
func (g *generator) family(ctx context.Context, ids []int64) error {
	if len(ids) != 4 {
		return nil
	}
	mother := ids[0]
	checked := "Uittreksel gezagsregister ingezien"
	by := sql.NullInt64{Int64: g.assistant, Valid: true}
	for k, child := range ids[1:] {
		m, _ := g.familyMemberAt(g.familyStart() + 1 + k)
		since := g.officeHours(m.birth.AddDate(0, 6, 0)) // soon after the child became a patient here
		id, err := g.q.CreateParentAuthorisation(ctx, queries.CreateParentAuthorisationParams{PatientID: child, GranteeID: mother,
			Areas: parentAreas, Now: since, CreatedBy: by, AuthorityChecked: checked})
		if err != nil {
			return err
		}
		if m.given == "Noah" {
			continue
		}
		// Emma and Daan each told the assistant, soon after their 12th birthday, that their mother may read along.
		consent := g.officeHours(m.birth.AddDate(12, 0, 14))
		if _, err := g.q.RecordChildConsent(ctx, queries.RecordChildConsentParams{Consent: "given", By: by,
			Now: sql.NullTime{Time: consent, Valid: true}, ID: id, PatientID: child}); err != nil {
			return err
		}
		switch m.given {
		case "Emma":
			reports, err := g.q.ListReportsForStaff(ctx, queries.ListReportsForStaffParams{PatientID: child, Limit: 1})
			if err != nil || len(reports) == 0 {
				return err
			}
			if _, err := g.q.SetReportHiddenFromParents(ctx, queries.SetReportHiddenFromParentsParams{Hidden: 1, ID: reports[0].ID, PatientID: child}); err != nil {
				return err
			}
		case "Daan":
			sixteen := m.birth.AddDate(16, 0, 0)
			if _, err := g.q.MarkSixteenMonthNotice(ctx, queries.MarkSixteenMonthNoticeParams{
				Now: sql.NullTime{Time: g.officeHours(sixteen.AddDate(0, -1, 0)), Valid: true}, ID: id}); err != nil {
				return err
			}
			if _, err := g.q.MarkSixteenDayNotice(ctx, queries.MarkSixteenDayNoticeParams{
				Now: sql.NullTime{Time: g.officeHours(sixteen), Valid: true}, ID: id}); err != nil {
				return err
			}
		}
	}
	return nil
}

// familyErr names the family in an error.
func familyErr(err error) error { return fmt.Errorf("family Mulder: %w", err) }
