package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/queries"
)

// Partner is Anna de Vries's partner, who reads along with her (handlers/naasten.go): an account of
// role 'relative', not a patient of the practice. The demo prints the sign-in.
var Partner = struct{ Name, UserName, Areas string }{"Mark de Vries", "mark.devries@" + patientDomain, "agenda,medicatie"}

// partner gives the first patient her partner reading along: her appointments and medication, until
// three months from now; she invited him a month ago, which recorded her consent.
func (g *generator) partner(ctx context.Context, patient int64) error {
	invited := g.officeHours(g.now.AddDate(0, -1, 0))
	g.emails["mark.devries"]++
	mobile := g.mobile()
	id, err := g.q.CreateUser(ctx, queries.CreateUserParams{Role: "relative", UserName: sql.NullString{String: Partner.UserName, Valid: true},
		Email: Partner.UserName, PasswordHash: g.hash, GivenName: "Mark", NamePrefix: "de", FamilyName: "Vries", Mobile: mobile,
		Locale: "nl", CreatedAt: invited})
	if err != nil {
		return err
	}
	if err := g.smsFactor(ctx, id, mobile, invited.Add(time.Hour)); err != nil {
		return err
	}
	until := time.Date(g.today.Year(), g.today.Month()+3, g.today.Day(), 0, 0, 0, 0, time.UTC)
	if _, err := g.q.CreateRelativeAuthorisation(ctx, queries.CreateRelativeAuthorisationParams{PatientID: patient, GranteeID: id,
		Areas: Partner.Areas, LastDay: sql.NullTime{Time: until, Valid: true}, Now: invited}); err != nil {
		return err
	}
	kind, err := g.q.GetConsentKindByKey(ctx, queries.ConsentKeyRelatives)
	if err != nil {
		return err
	}
	_, err = g.q.AddConsentEvent(ctx, queries.AddConsentEventParams{PatientID: patient, KindID: kind, Given: 1,
		At: invited, ByID: patient})
	return err
}
