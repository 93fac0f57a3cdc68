package demo

import (
	"context"
	"database/sql"
	"time"

	"balie/internal/results"
	"balie/queries"
)

// The GP practice's results (seed 002): its groups of tests with their release rules, and two years of
// lab results for Anna de Vries, who has type 2 diabetes: HbA1c every four months, cholesterol yearly,
// glucose and kidney function, one value out of range, an X-ray as text, and one result that waits for
// the GP's review (hidden from her).

type demoGroup struct {
	nl, en, release string
	days            int64
	tests           []demoTest
}

type demoTest struct {
	code, nl, en, kind, unit string
	low, high                sql.NullFloat64
}

func ref(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }

var none sql.NullFloat64

var resultGroups = []demoGroup{
	{"Diabetes en hart- en vaatziekten", "Diabetes and cardiovascular", results.ReleaseDirect, 3, []demoTest{
		{"HBA1C", "HbA1c", "HbA1c", "quantity", "mmol/mol", none, ref(53)},
		{"GLUC", "Glucose (nuchter)", "Glucose (fasting)", "quantity", "mmol/l", ref(4.0), ref(6.1)},
		{"CHOL", "Cholesterol totaal", "Total cholesterol", "quantity", "mmol/l", none, ref(6.5)},
		{"LDL", "LDL-cholesterol", "LDL cholesterol", "quantity", "mmol/l", none, ref(3.0)},
		{"HDL", "HDL-cholesterol", "HDL cholesterol", "quantity", "mmol/l", ref(1.0), none},
		{"KREA", "Creatinine", "Creatinine", "quantity", "µmol/l", ref(45), ref(90)},
		{"EGFR", "eGFR", "eGFR", "quantity", "ml/min/1,73m²", ref(60), none},
	}},
	{"Overig bloedonderzoek", "Other blood tests", results.ReleaseReview, 3, []demoTest{
		{"HB", "Hemoglobine", "Haemoglobin", "quantity", "mmol/l", ref(7.5), ref(10.0)},
		{"TSH", "TSH", "TSH", "quantity", "mE/l", ref(0.4), ref(4.0)},
		{"K", "Kalium", "Potassium", "quantity", "mmol/l", ref(3.5), ref(5.0)},
	}},
	{"Beeldvorming", "Imaging", results.ReleaseDays, 3, []demoTest{
		{"XTHORAX", "Röntgenfoto thorax", "Chest X-ray", "text", "", none, none},
		{"ECHOABD", "Echo bovenbuik", "Upper abdominal ultrasound", "text", "", none, none},
	}},
}

// resultsSetup adds the practice's groups and tests, and keeps the tests' ids by code.
func (g *generator) resultsSetup(ctx context.Context) error {
	g.resultTests = map[string]int64{}
	for _, gr := range resultGroups {
		group, err := g.q.InsertResultGroup(ctx, queries.InsertResultGroupParams{NameNl: gr.nl, NameEn: gr.en, Release: gr.release, ReleaseDays: gr.days})
		if err != nil {
			return err
		}
		for _, t := range gr.tests {
			id, err := g.q.InsertResultTest(ctx, queries.InsertResultTestParams{GroupID: group, Code: t.code, NameNl: t.nl, NameEn: t.en,
				Kind: t.kind, Unit: t.unit, RefLow: t.low, RefHigh: t.high})
			if err != nil {
				return err
			}
			g.resultTests[t.code] = id
		}
	}
	return nil
}

type demoResult struct {
	code    string
	daysAgo int
	value   float64
	text    string
	comment string
}

// annaResults are Anna's results, oldest first. Out of range: the HbA1c of a year ago.
var annaResults = []demoResult{
	{"HBA1C", 700, 52, "", ""},
	{"GLUC", 700, 6.0, "", ""},
	{"CHOL", 700, 5.6, "", ""}, {"LDL", 700, 2.9, "", ""}, {"HDL", 700, 1.3, "", ""},
	{"KREA", 700, 71, "", ""}, {"EGFR", 700, 86, "", ""},
	{"HBA1C", 580, 50, "", ""},
	{"HBA1C", 460, 49, "", ""},
	{"HBA1C", 360, 57, "", "Uw HbA1c is wat gestegen. We bespreken op het spreekuur of de metformine omhoog moet."},
	{"CHOL", 360, 5.3, "", ""}, {"LDL", 360, 2.7, "", ""}, {"HDL", 360, 1.4, "", ""},
	{"KREA", 360, 74, "", ""}, {"EGFR", 360, 82, "", ""},
	{"XTHORAX", 240, 0, "Hart en longen zonder afwijkingen. Geen aanwijzingen voor een longontsteking.", ""},
	{"HBA1C", 220, 51, "", "Weer binnen de streefwaarde, goed zo."},
	{"HBA1C", 100, 48, "", ""},
	{"GLUC", 100, 5.8, "", ""},
	{"CHOL", 12, 5.0, "", ""}, {"LDL", 12, 2.5, "", ""}, {"HDL", 12, 1.5, "", ""},
	{"HB", 12, 8.4, "", ""},
}

// results gives Anna de Vries her two years of results (the other demo patients have none, so that
// the rest of the demo stays as it was), and one TSH that waits for the GP's review.
func (g *generator) results(ctx context.Context, patient int64, first bool) error {
	if !first {
		return nil
	}
	entered := sql.NullInt64{Int64: g.assistant, Valid: true}
	gp := sql.NullInt64{Int64: g.practitioner, Valid: true}
	for _, r := range annaResults {
		at := g.now.AddDate(0, 0, -r.daysAgo).Truncate(time.Hour)
		in := g.now.Add(time.Duration(-r.daysAgo+1) * 24 * time.Hour).Truncate(time.Hour) // the lab's answer a day later
		var t demoTest
		for _, gr := range resultGroups {
			for _, x := range gr.tests {
				if x.code == r.code {
					t = x
				}
			}
		}
		p := queries.InsertDemoResultParams{PatientID: patient, TestID: g.resultTests[r.code], EffectiveAt: at, ValueText: r.text,
			Comment: r.comment, EnteredBy: entered, EnteredAt: in, ReviewedBy: gp, ReviewedAt: sql.NullTime{Time: in, Valid: true},
			VisibleFrom: sql.NullTime{Time: in, Valid: true}, NotifiedAt: sql.NullTime{Time: in, Valid: true}}
		if r.text == "" {
			p.ValueNum = ref(r.value)
			p.Interpretation = results.Interpretation(r.value, t.low, t.high)
		}
		if r.daysAgo > 30 { // the last lab round she has not opened yet
			p.SeenAt = sql.NullTime{Time: in.Add(6 * time.Hour), Valid: true}
		}
		if err := g.q.InsertDemoResult(ctx, p); err != nil {
			return err
		}
	}
	// Yesterday's TSH, in a group the GP reviews first: not yet visible to her.
	return g.q.InsertDemoResult(ctx, queries.InsertDemoResultParams{PatientID: patient, TestID: g.resultTests["TSH"],
		EffectiveAt: g.now.AddDate(0, 0, -2).Truncate(time.Hour), ValueNum: ref(2.1), Interpretation: "N",
		EnteredBy: entered, EnteredAt: g.now.AddDate(0, 0, -1).Truncate(time.Hour)})
}
