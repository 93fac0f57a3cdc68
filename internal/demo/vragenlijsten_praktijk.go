package demo

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"balie/internal/questionnaire"
	"balie/queries"
)

// The practice's side of questionnaires in the demo: a few patients other than Anna de Vries (whose own
// questionnaires are the patient's side's) with assignments, so that the patient page's Vragenlijsten
// panel and the queue of flagged responses are not empty:
//   - the fifth patient: PHQ-9 every 6 weeks from the POH-GGZ, three scores going down and one open now;
//   - the sixth: the intake set from the assistant, not started, and a GAD-7 submitted last month;
//   - the seventh: a PHQ-9 submitted yesterday with item 9 above 0, waiting in the queue.

// questionnaireKeys are the built-in definitions the demo assigns.
var questionnaireKeys = []string{"phq-9", "gad-7", "intake-aanmelding", "intake-medisch", "intake-persoonlijk"}

// practiceQuestionnaires gives patient i (0-based) their assignments, if they are one of the three.
func (g *generator) practiceQuestionnaires(ctx context.Context, patient int64, i int) error {
	if g.patients < 7 || i < 4 || i > 6 {
		return nil
	}
	if i == 4 {
		if err := g.builtinQuestionnaires(ctx); err != nil {
			return err
		}
	}
	day := func(days int) time.Time { return g.officeHours(g.now.AddDate(0, 0, days)) }
	switch i {
	case 4:
		a, err := g.assignQuestionnaire(ctx, patient, g.poh, "phq-9", day(-128), 6)
		if err != nil {
			return err
		}
		for n, total := range []int{17, 13, 9} {
			from := day(-128 + 42*n)
			if err := g.filledQuestionnaire(ctx, a, "phq-9", from, from.AddDate(0, 0, 2), 9, total, 0); err != nil {
				return err
			}
		}
		_, err = g.openQuestionnaire(ctx, a, day(-2), 6)
		return err
	case 5:
		for _, key := range questionnaireKeys[2:] {
			a, err := g.assignQuestionnaire(ctx, patient, g.assistant, key, day(-3), 0)
			if err != nil {
				return err
			}
			if _, err := g.openQuestionnaire(ctx, a, day(-3), 0); err != nil {
				return err
			}
		}
		a, err := g.assignQuestionnaire(ctx, patient, g.poh, "gad-7", day(-30), 0)
		if err != nil {
			return err
		}
		return g.filledQuestionnaire(ctx, a, "gad-7", day(-30), day(-27), 7, 11, -1)
	default:
		a, err := g.assignQuestionnaire(ctx, patient, g.poh, "phq-9", day(-6), 0)
		if err != nil {
			return err
		}
		return g.filledQuestionnaire(ctx, a, "phq-9", day(-6), day(-1), 9, 14, 1)
	}
}

// builtinQuestionnaires offers the definitions that ship with Balie (the server adds them at start too;
// a version already there stays).
func (g *generator) builtinQuestionnaires(ctx context.Context) error {
	builtins, err := questionnaire.Builtins()
	if err != nil {
		return err
	}
	for _, b := range builtins {
		if err := g.q.AddBuiltinQuestionnaireDefinition(ctx, queries.AddBuiltinQuestionnaireDefinitionParams{
			Key: b.Def.ID, Version: b.Def.Version, Kind: b.Def.Kind, TitleNl: b.Def.Title.NL, TitleEn: b.Def.Title.EN,
			Source: string(b.Source), UploadedAt: g.now.AddDate(-1, 0, 0)}); err != nil {
			return err
		}
	}
	return nil
}

// assignQuestionnaire assigns key to the patient at at, every weeks weeks (0: once).
func (g *generator) assignQuestionnaire(ctx context.Context, patient, by int64, key string, at time.Time, weeks int) (int64, error) {
	var repeat sql.NullInt64
	if weeks > 0 {
		repeat = sql.NullInt64{Int64: int64(weeks), Valid: true}
	}
	return g.q.AssignQuestionnaire(ctx, queries.AssignQuestionnaireParams{PatientID: patient, AssignedBy: sql.NullInt64{Int64: by, Valid: true},
		AssignedAt: at, RepeatWeeks: repeat, DefinitionKey: key, Today: sql.NullTime{Time: g.now, Valid: true}})
}

// openQuestionnaire makes the assignment's response available from from, due a week later; a repeated
// one's next moment is weeks after it.
func (g *generator) openQuestionnaire(ctx context.Context, assignment int64, from time.Time, weeks int) (int64, error) {
	id, err := g.q.AddQuestionnaireResponse(ctx, queries.AddQuestionnaireResponseParams{AssignmentID: assignment, AvailableAt: from,
		DueOn: sql.NullTime{Time: time.Date(from.Year(), from.Month(), from.Day()+7, 0, 0, 0, 0, time.UTC), Valid: true}})
	if err != nil || weeks == 0 {
		return id, err
	}
	_, err = g.q.SetQuestionnaireNext(ctx, queries.SetQuestionnaireNextParams{ID: assignment,
		NextAt: sql.NullTime{Time: from.AddDate(0, 0, 7*weeks), Valid: true}})
	return id, err
}

// filledQuestionnaire is a response of key (phq-9, gad-7) available from from and submitted at at: its
// items (phq9-1 … phq9-n) answered to make total, the last one (item 9 of the PHQ-9) last (-1: like the
// others), scored as the server scores it. It returns the response and its score.
func (g *generator) filledQuestionnaire(ctx context.Context, assignment int64, key string, from, at time.Time, n, total, last int) error {
	id, err := g.openQuestionnaire(ctx, assignment, from, 0)
	if err != nil {
		return err
	}
	_, _, err = g.submitQuestionnaire(ctx, id, key, itemAnswers(key, n, total, last), at)
	return err
}

// itemAnswers are answers to an outcome measure's items (phq9-1 … phq9-n) that make total, the last one
// last (-1: like the others).
func itemAnswers(key string, n, total, last int) questionnaire.Answers {
	prefix := strings.ReplaceAll(key, "-", "")
	answers := questionnaire.Answers{prefix + "-moeite": {"enigszins"}}
	left := total
	if last >= 0 {
		answers[fmt.Sprintf("%s-%d", prefix, n)] = []string{fmt.Sprint(last)}
		left -= last
		n--
	}
	for item := 1; item <= n; item++ {
		v := min(3, (left+n-item)/(n-item+1)) // spread what is left over the items still to answer
		answers[fmt.Sprintf("%s-%d", prefix, item)] = []string{fmt.Sprint(v)}
		left -= v
	}
	return answers
}

// submitQuestionnaire submits the response's answers at at, scored as the server scores them.
func (g *generator) submitQuestionnaire(ctx context.Context, id int64, key string, answers questionnaire.Answers, at time.Time) (*questionnaire.Definition, questionnaire.Result, error) {
	def, err := g.definition(ctx, key)
	if err != nil {
		return nil, questionnaire.Result{}, err
	}
	answers = questionnaire.Relevant(def, answers)
	result := questionnaire.Score(def, answers)
	stored, err := json.Marshal(answers)
	if err != nil {
		return nil, result, err
	}
	var scores []byte
	if def.Scored() {
		if scores, err = json.Marshal(result); err != nil {
			return nil, result, err
		}
	}
	var band string
	if result.Total.Band != nil {
		band = result.Total.Band.Code
	}
	var flagged int64
	if len(result.Flags) > 0 {
		flagged = 1
	}
	return def, result, g.q.DemoSubmitQuestionnaireResponse(ctx, queries.DemoSubmitQuestionnaireResponseParams{
		StartedAt: sql.NullTime{Time: at.Add(-10 * time.Minute), Valid: true}, SubmittedAt: sql.NullTime{Time: at, Valid: true},
		Answers: string(stored), ScoreTotal: sql.NullFloat64{Float64: result.Total.Value, Valid: result.Total.Computed},
		Band: band, Scores: string(scores), Flagged: flagged, ID: id})
}

// definition is the offered definition of key.
func (g *generator) definition(ctx context.Context, key string) (*questionnaire.Definition, error) {
	defs, err := g.q.ListOfferedQuestionnaireDefinitions(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		if d.Key == key {
			return questionnaire.Parse(bytes.NewReader([]byte(d.Source)))
		}
	}
	return nil, fmt.Errorf("no offered definition %s", key)
}
