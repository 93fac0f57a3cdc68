package demo

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"balie/internal/questionnaire"
	"balie/queries"
)

// Anna de Vries's own questionnaires (handlers/vragenlijsten.go), from the POH-GGZ: the PHQ-9 and the
// GAD-7 five times each over the past year, the scores going from moderate to mild, and the PHQ-9 open
// again now; the intake set for her new treatment: the first list submitted (with its report in the
// dossier), the second half filled in (her draft, as the autosave left it), the third not started; and
// the practice's eHealth program, Minddistrict.

// ownQuestionnaires gives the first patient her questionnaires.
func (g *generator) ownQuestionnaires(ctx context.Context, patient int64) error {
	if err := g.builtinQuestionnaires(ctx); err != nil {
		return err
	}
	if err := g.q.InsertReportCategory(ctx, queries.InsertReportCategoryParams{Category: "Vragenlijsten", Position: int64(len(reportKinds))}); err != nil {
		return err
	}
	if err := g.q.UpdateEhealthSettings(ctx, queries.UpdateEhealthSettingsParams{EhealthName: "Minddistrict",
		EhealthUrl: "https://delinde.minddistrict.com"}); err != nil {
		return err
	}
	// At ten in the morning, without drawing from the generator: the other patients' data stay as they were.
	day := func(days int) time.Time {
		d := g.today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, g.loc).UTC()
	}
	for _, m := range []struct {
		key     string
		items   int
		last    int // item 9 of the PHQ-9 stays 0: no flag
		weeks   int
		totals  []int
		openNow bool
	}{
		{"phq-9", 9, 0, 11, []int{16, 13, 10, 8, 6}, true},
		{"gad-7", 7, -1, 11, []int{13, 11, 9, 7, 5}, false},
	} {
		a, err := g.assignQuestionnaire(ctx, patient, g.poh, m.key, day(-345), m.weeks)
		if err != nil {
			return err
		}
		for k, total := range m.totals {
			from := day(-345 + 7*m.weeks*k)
			id, err := g.openQuestionnaire(ctx, a, from, 0)
			if err != nil {
				return err
			}
			if err := g.ownSubmitted(ctx, patient, id, m.key, itemAnswers(m.key, m.items, total, m.last), from.AddDate(0, 0, 2)); err != nil {
				return err
			}
		}
		if m.openNow {
			if _, err := g.openQuestionnaire(ctx, a, day(-1), m.weeks); err != nil {
				return err
			}
		}
	}

	intake := map[string]int64{}
	for _, key := range []string{"intake-aanmelding", "intake-medisch", "intake-persoonlijk"} {
		a, err := g.assignQuestionnaire(ctx, patient, g.poh, key, day(-6), 0)
		if err != nil {
			return err
		}
		if intake[key], err = g.openQuestionnaire(ctx, a, day(-6), 0); err != nil {
			return err
		}
	}
	if err := g.ownSubmitted(ctx, patient, intake["intake-aanmelding"], "intake-aanmelding", questionnaire.Answers{
		"reden":           {"Sinds een paar maanden slaap ik slecht en pieker ik veel, vooral over mijn werk. Overdag ben ik moe en prikkelbaar.\nMijn huisarts raadde me aan om hulp te zoeken."},
		"klachten":        {"slaap", "piekeren", "stress"},
		"begin":           {g.now.AddDate(0, -4, 0).Format(time.DateOnly)},
		"last":            {"6"},
		"doel":            {"Weer rustig slapen en minder piekeren"},
		"verwezen":        {"true"},
		"verwijzer":       {"Mijn huisarts, dokter Jansen"},
		"eerder":          {"true"},
		"eerder-wie":      {"Vijf jaar geleden een paar gesprekken met een psycholoog via mijn werk."},
		"eerder-geholpen": {"deels"},
	}, day(-4)); err != nil {
		return err
	}
	// Half filled in: what the autosave kept in her draft (handlers/drafts.go, the form's fields).
	typed := url.Values{"v-aandoeningen": {"true"}, "v-aandoeningen-welke": {"Astma, sinds mijn jeugd. Ik gebruik een puffer als het nodig is."},
		"v-slaap": {"4"}, "v-medicijnen": {"true"}}
	_, err := g.q.SaveDraft(ctx, queries.SaveDraftParams{UserID: patient, Kind: "questionnaire",
		Target: strconv.FormatInt(intake["intake-medisch"], 10), Body: typed.Encode(), Version: day(-2).UnixMilli(), UpdatedAt: day(-2)})
	return err
}

// ownSubmitted submits the response's answers at at as the patient would, with its report "Vragenlijst:
// {naam}" in the dossier, written by her, shared at once.
func (g *generator) ownSubmitted(ctx context.Context, patient, id int64, key string, answers questionnaire.Answers, at time.Time) error {
	def, result, err := g.submitQuestionnaire(ctx, id, key, answers, at)
	if err != nil {
		return err
	}
	title := "Vragenlijst: " + def.Title.NL
	body := questionnaire.Report(def, answers, result, def.ShowScore, questionnaire.Words{Lang: "nl", Yes: "Ja", No: "Nee",
		Unanswered: "Niet beantwoord", Score: func(s string) string { return "Score: " + s },
		Number: func(v float64) string { return strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ",") },
		Day:    dateNL})
	report, err := g.q.InsertReport(ctx, queries.InsertReportParams{PatientID: patient, AuthorID: patient, Title: title,
		Category: "Vragenlijsten", Body: body, SearchText: queries.ReportSearchText(title, body), WrittenAt: at,
		PublishedAt: sql.NullTime{Time: at, Valid: true}})
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return g.q.DemoSetQuestionnaireReport(ctx, queries.DemoSetQuestionnaireReportParams{ReportID: sql.NullInt64{Int64: report, Valid: true}, ID: id})
}
