package demo

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"balie/internal/agenda"
	"balie/internal/authorisation"
)

// The Mulders: the mother signs in with the printed name and is the parent of three children, whose
// ages and authorisations show each rule of seed 002.
func TestDemoFamily(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 1)
	ctx := context.Background()
	mother, err := db.R.GetUserBySignInName(ctx, sql.NullString{String: FamilyParentSignIn, Valid: true})
	if err != nil || mother.FullName() != "Linda Mulder" || mother.Role != "patient" {
		t.Fatalf("the mother: %+v, %v", mother, err)
	}
	rows, err := db.Read.Query(`SELECT p.given_name, p.birth_date, p.password_hash IS NOT NULL, a.child_consent, a.child_consent_by IS NOT NULL,
		a.notice_month_at IS NOT NULL AND a.notice_day_at IS NOT NULL, a.ended_at IS NULL,
		(SELECT count(*) FROM reports r WHERE r.patient_id = p.id AND r.hidden_from_parents = 1)
		FROM authorisations a JOIN users p ON p.id = a.patient_id WHERE a.grantee_id = ? AND a.kind = 'parent' ORDER BY p.birth_date DESC`, mother.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	today := authorisation.DateOf(testNow, agenda.Zone)
	type child struct {
		name                     string
		age                      int
		account                  bool
		consent                  string
		consentBy, noticed, live bool
		hidden                   int
	}
	want := []child{
		{"Noah", 9, false, "", false, false, true, 0},
		{"Emma", 14, true, "given", true, false, true, 1},
		{"Daan", 16, true, "given", true, true, true, 0},
	}
	var got []child
	for rows.Next() {
		var c child
		var birth time.Time
		if err := rows.Scan(&c.name, &birth, &c.account, &c.consent, &c.consentBy, &c.noticed, &c.live, &c.hidden); err != nil {
			t.Fatal(err)
		}
		c.age = authorisation.Age(authorisation.DateOf(birth, time.UTC), today)
		got = append(got, c)
		if c.name == "Daan" && !authorisation.Birthday(authorisation.DateOf(birth, time.UTC), 16).Before(authorisation.DateOf(testNow.AddDate(0, 0, -27), agenda.Zone)) {
			t.Errorf("Daan turned 16 on %v, not last month", birth.AddDate(16, 0, 0))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("children %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("child %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
