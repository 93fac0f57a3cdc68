package handlers

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/questionnaire"
	"balie/internal/schedule"
	"balie/queries"
	"balie/views"
)

// The practice's side of questionnaires (issue 14): assigning one from the patient page (once, or every
// N weeks until a date; the intake lists as a set), the Vragenlijsten panel with what is open and what
// was submitted, a response's answers read-only with its scores and flag, a chart of an instrument's
// scores, and the queue of flagged responses (PHQ-9 item 9) until someone has seen each. The patient
// fills them in under /vragenlijsten (vragenlijsten.go). Mails say only that a questionnaire waits.

const (
	flagQueuePath      = "/praktijk/vragenlijsten/signalen"
	flagQueuePerPage   = 25
	questionnairePanel = 40  // responses on the patient page
	questionnaireTrend = 100 // scores in a chart
	// questionnaireDueDays: a response is due a week after it became available, unless staff say otherwise.
	questionnaireDueDays = 7
	intakeSet            = "intake" // the form's choice of every offered intake list at once
	maxEhealthName       = 100
	maxEhealthURL        = 500
)

// The access log's objects of this area.
const (
	objQuestionnaireResponse   = "questionnaire_response"
	objQuestionnaireAssignment = "questionnaire_assignment"
)

func questionnairesHome(patientID int64) string { return patientHome(patientID) + "/vragenlijsten" }

func questionnaireResponsePath(patientID, id int64) string {
	return questionnairesHome(patientID) + "/" + strconv.FormatInt(id, 10)
}

// definitionsCached bounds parsedDefinitions: a practice has a few dozen versions of its questionnaires.
const definitionsCached = 256

// parsedDefinitions holds definitions parsed from their stored source, so that a source parses once per
// process. The key is the source's SHA-256, small whatever the file's size; not the definition's id,
// since a draft corrected by a new upload keeps its id with another source. Full, it starts afresh.
var parsedDefinitions struct {
	sync.Mutex
	m map[[sha256.Size]byte]*questionnaire.Definition
}

// definitionOf parses a stored definition (it was checked when it was stored).
func definitionOf(source string) (*questionnaire.Definition, error) {
	key := sha256.Sum256([]byte(source))
	parsedDefinitions.Lock()
	d, ok := parsedDefinitions.m[key]
	parsedDefinitions.Unlock()
	if ok {
		return d, nil
	}
	d, err := questionnaire.Parse(strings.NewReader(source))
	if err != nil {
		return nil, err
	}
	parsedDefinitions.Lock()
	defer parsedDefinitions.Unlock()
	if len(parsedDefinitions.m) >= definitionsCached || parsedDefinitions.m == nil {
		parsedDefinitions.m = make(map[[sha256.Size]byte]*questionnaire.Definition)
	}
	parsedDefinitions.m[key] = d
	return d, nil
}

// answersOf reads a response's stored answers; what cannot be read shows as no answers.
func answersOf(stored string) questionnaire.Answers {
	a := questionnaire.Answers{}
	_ = json.Unmarshal([]byte(stored), &a)
	return a
}

// bandOf is the band of a definition's total with code, nil if none.
func bandOf(d *questionnaire.Definition, code string) *questionnaire.Band {
	if d == nil || d.Scoring == nil || code == "" {
		return nil
	}
	for i := range d.Scoring.Bands {
		if d.Scoring.Bands[i].Code == code {
			return &d.Scoring.Bands[i]
		}
	}
	return nil
}

// mayAssign: practitioners and assistants assign questionnaires (seed 001), not the administrator.
func mayAssign(role string) bool { return role == "practitioner" || role == "assistant" }

// --- Assigning ---

// assignForm is "Vragenlijst klaarzetten": vragenlijst (a key, or intakeSet), herhalen (eenmalig,
// herhaald), weken, tot, uiterlijk.
type assignForm struct {
	views.Form
	PatientName, Back, Action string
	Choices, Repeats          []views.Option
	offered                   []queries.QuestionnaireDefinition
}

func (s *Server) assignFormOf(c echo.Context, p queries.User) (assignForm, error) {
	if !mayAssign(state(c).User.Role) {
		return assignForm{}, echo.NewHTTPError(http.StatusForbidden)
	}
	tr := s.tr(c)
	f := assignForm{PatientName: p.FullName(), Back: patientHome(p.ID) + "#vragenlijsten", Action: questionnairesHome(p.ID),
		Repeats: []views.Option{{Value: "eenmalig", Label: tr.T("vragenlijsten_praktijk.once")},
			{Value: "herhaald", Label: tr.T("vragenlijsten_praktijk.repeated")}}}
	var err error
	if f.offered, err = s.db.R.ListOfferedQuestionnaireDefinitions(c.Request().Context()); err != nil {
		return f, err
	}
	intakes := 0
	for _, d := range f.offered {
		label := tr.Pick(d.TitleNl, d.TitleEn) + " (" + tr.T("vragenlijsten_praktijk.kind_"+d.Kind) + ")"
		f.Choices = append(f.Choices, views.Option{Value: d.Key, Label: label})
		if d.Kind == "intake" {
			intakes++
		}
	}
	if intakes > 1 {
		f.Choices = append(f.Choices, views.Option{Value: intakeSet, Label: tr.T("vragenlijsten_praktijk.intake_set", "Count", intakes)})
	}
	return f, nil
}

func (s *Server) newQuestionnaireAssignment(c echo.Context) error {
	f, err := s.assignFormOf(c, *state(c).Patient)
	if err != nil {
		return err
	}
	f.Set("herhalen", "eenmalig")
	f.Set("uiterlijk", localDate(s.clock.Now()).AddDate(0, 0, questionnaireDueDays).Format(time.DateOnly))
	return s.render(c, http.StatusOK, "vragenlijsten_praktijk_new", f)
}

// assignment is a checked form: the keys to assign and how.
type assignment struct {
	Keys   []string
	Weeks  sql.NullInt64
	EndsOn sql.NullTime
	Due    time.Time
}

// check reads the form in the order of the page; the form keeps everything typed.
func (f *assignForm) check(c echo.Context, today time.Time) assignment {
	var a assignment
	choice := c.FormValue("vragenlijst")
	f.Set("vragenlijst", choice)
	for _, d := range f.offered {
		if d.Key == choice || (choice == intakeSet && d.Kind == "intake") {
			a.Keys = append(a.Keys, d.Key)
		}
	}
	if len(a.Keys) == 0 {
		f.Fail("vragenlijst", "vragenlijsten_praktijk.choose")
	}
	repeat := choiceField(&f.Form, c, "herhalen", "vragenlijsten_praktijk.repeat_required", []string{"eenmalig", "herhaald"})
	weeks, until := strings.TrimSpace(c.FormValue("weken")), strings.TrimSpace(c.FormValue("tot"))
	f.Set("weken", weeks)
	f.Set("tot", until)
	if repeat == "herhaald" {
		n, err := strconv.Atoi(weeks)
		if err != nil || n < 1 || n > 104 {
			f.Fail("weken", "vragenlijsten_praktijk.weeks_range")
		} else {
			a.Weeks = sql.NullInt64{Int64: int64(n), Valid: true}
		}
	}
	due := strings.TrimSpace(c.FormValue("uiterlijk"))
	f.Set("uiterlijk", due)
	var ok bool
	if a.Due, ok = parseDay(due); !ok {
		f.Fail("uiterlijk", "vragenlijsten_praktijk.due_invalid")
	} else if a.Due.Before(today) {
		f.Fail("uiterlijk", "vragenlijsten_praktijk.due_past")
	}
	if repeat == "herhaald" && until != "" {
		switch end, ok := parseDay(until); {
		case !ok:
			f.Fail("tot", "vragenlijsten_praktijk.until_invalid")
		case end.Before(today):
			f.Fail("tot", "vragenlijsten_praktijk.until_past")
		default:
			a.EndsOn = sqlTime(end)
		}
	}
	return a
}

// errQuestionnaireOpen: the patient already has an open response of a chosen questionnaire.
var errQuestionnaireOpen = errors.New("questionnaire already open")

// assignQuestionnaire stores the assignments with their first responses, available now, and mails the
// patient once; a questionnaire that is open already refuses the whole form.
func (s *Server) assignQuestionnaire(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	f, err := s.assignFormOf(c, p)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	today := localDate(now)
	in := f.check(c, today)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "vragenlijsten_praktijk_new", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		for _, key := range in.Keys {
			id, err := q.AssignQuestionnaire(ctx, queries.AssignQuestionnaireParams{PatientID: p.ID,
				AssignedBy: sql.NullInt64{Int64: me.ID, Valid: true}, AssignedAt: now, RepeatWeeks: in.Weeks,
				EndsOn: in.EndsOn, DefinitionKey: key, Today: sqlTime(today)})
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: %s", errQuestionnaireOpen, key)
			}
			if err != nil {
				return err
			}
			cl.add(objQuestionnaireAssignment, id, p.ID)
			rid, err := s.makeResponse(ctx, q, id, now, in.Due, in.Weeks, in.EndsOn, sql.NullTime{})
			if err != nil {
				return err
			}
			cl.add(objQuestionnaireResponse, rid, p.ID)
		}
		return s.mailQuestionnaireReady(ctx, q, p.Email, p.Locale, p.FullName(), p.Active)
	})
	if errors.Is(err, errQuestionnaireOpen) {
		f.Fail("vragenlijst", "vragenlijsten_praktijk.already_open")
		return s.render(c, http.StatusUnprocessableEntity, "vragenlijsten_praktijk_new", f)
	}
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(p.ID)+"#vragenlijsten", "vragenlijsten_praktijk.notice_assigned")
}

// makeResponse makes the assignment's response available at from and due on due, and moves the
// assignment's next moment on (a repeated one: weeks later, while not after endsOn) from previous.
// It returns 0 when the response was made already (another round).
func (s *Server) makeResponse(ctx context.Context, q *queries.Queries, assignment int64, from, due time.Time,
	weeks sql.NullInt64, endsOn, previous sql.NullTime) (int64, error) {
	id, err := q.AddQuestionnaireResponse(ctx, queries.AddQuestionnaireResponseParams{AssignmentID: assignment,
		AvailableAt: from, DueOn: sqlTime(due)})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var next sql.NullTime
	if weeks.Valid {
		at := from.AddDate(0, 0, 7*int(weeks.Int64))
		if !endsOn.Valid || !localDate(at).After(endsOn.Time) {
			next = sqlTime(at)
		}
	}
	if next.Valid || previous.Valid {
		if _, err := q.SetQuestionnaireNext(ctx, queries.SetQuestionnaireNextParams{NextAt: next, ID: assignment, Previous: previous}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// mailQuestionnaireReady tells the patient that a questionnaire waits: never which one.
func (s *Server) mailQuestionnaireReady(ctx context.Context, q *queries.Queries, to, locale, name string, active int64) error {
	if to == "" || active != 1 {
		return nil // no account yet: the patient sees it when they sign in
	}
	return s.queueMail(ctx, q, to, locale, "questionnaire_ready", map[string]any{"Name": name, "Link": s.absoluteURL("/vragenlijsten")})
}

// endQuestionnaireAssignment is "Stoppen": a repeated assignment makes no further responses.
func (s *Server) endQuestionnaireAssignment(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	if !mayAssign(me.Role) {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	id, err := lookup(s, c, "assignment", objQuestionnaireAssignment, p.ID, func(ctx context.Context, id int64) (int64, error) {
		return s.db.R.GetQuestionnaireAssignmentForStaff(ctx, queries.GetQuestionnaireAssignmentForStaffParams{ID: id, PatientID: p.ID})
	})
	if err != nil {
		return err
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.EndQuestionnaireAssignment(ctx, queries.EndQuestionnaireAssignmentParams{Now: sqlTime(s.clock.Now()),
			EndedBy: sql.NullInt64{Int64: me.ID, Valid: true}, ID: id, PatientID: p.ID}); err != nil {
			return err
		}
		cl.add(objQuestionnaireAssignment, id, p.ID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(p.ID)+"#vragenlijsten", "vragenlijsten_praktijk.notice_ended")
}

// --- The repeat round ---

// QuestionnaireRepeats is the round that makes a repeated assignment's next response when its moment
// has come (repeat_weeks after the one before became available; available then, due a week later) and
// mails the patient. Two rounds at once make it once: the response is unique per moment, and the
// assignment's next moment moves only from the value the round read.
type QuestionnaireRepeats struct{ s *Server }

// QuestionnaireRepeats is the round of repeated questionnaires; the serve and demo commands run it.
func (s *Server) QuestionnaireRepeats() *QuestionnaireRepeats { return &QuestionnaireRepeats{s} }

const questionnaireRepeatBatch = 200

// Run makes what is due at once and then every minute, until ctx ends.
func (r *QuestionnaireRepeats) Run(ctx context.Context) {
	schedule.Run(ctx, 0, questionnaireRepeatBatch, r.Make, r.s.log, "making repeated questionnaires")
}

// Make makes the responses due now and returns how many.
func (r *QuestionnaireRepeats) Make(ctx context.Context) (int, error) {
	s := r.s
	now := s.clock.Now()
	var made int
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		made = 0
		due, err := q.DueQuestionnaireRepeats(ctx, queries.DueQuestionnaireRepeatsParams{Now: sqlTime(now), Limit: questionnaireRepeatBatch})
		if err != nil {
			return err
		}
		for _, d := range due {
			// After a pause (the server was off), the latest moment that has come: no pile of missed ones.
			from, step := d.NextAt.Time, 7*int(d.RepeatWeeks.Int64)
			for !from.AddDate(0, 0, step).After(now) {
				from = from.AddDate(0, 0, step)
			}
			if d.EndsOn.Valid && localDate(from).After(d.EndsOn.Time) {
				if _, err := q.SetQuestionnaireNext(ctx, queries.SetQuestionnaireNextParams{ID: d.ID, Previous: d.NextAt}); err != nil {
					return err
				}
				continue
			}
			id, err := s.makeResponse(ctx, q, d.ID, from, localDate(from).AddDate(0, 0, questionnaireDueDays), d.RepeatWeeks, d.EndsOn, d.NextAt)
			if err != nil || id == 0 {
				return err
			}
			if err := s.mailQuestionnaireReady(ctx, q, d.Email, d.Locale, queries.FullName(d.GivenName, d.NamePrefix, d.FamilyName), d.Active); err != nil {
				return err
			}
			made++
		}
		return nil
	})
	if err == nil && made > 0 {
		s.wakeOutbox()
	}
	return made, err
}

// --- The panel on the patient page ---

// questionnairePanelData is the patient page's Vragenlijsten panel.
type questionnairePanelData struct {
	Open, Submitted []questionnaireRow
	Repeating       []questionnaireRow // one row per repeated assignment still running
	CanAssign       bool
}

// questionnaireRow is a response as the panel lists it.
type questionnaireRow struct {
	queries.ListPatientQuestionnairesForStaffRow
	State string // open: not_started, started, overdue
	Band  *questionnaire.Band
	Score string
}

func (s *Server) questionnairePanel(c echo.Context, patientID int64) (questionnairePanelData, error) {
	panel := questionnairePanelData{CanAssign: mayAssign(state(c).User.Role)}
	rows, err := s.db.R.ListPatientQuestionnairesForStaff(c.Request().Context(), queries.ListPatientQuestionnairesForStaffParams{
		PatientID: patientID, Limit: questionnairePanel})
	if err != nil {
		return panel, err
	}
	tr, today := s.tr(c), localDate(s.clock.Now())
	running := map[int64]bool{}
	for _, r := range rows {
		row := questionnaireRow{ListPatientQuestionnairesForStaffRow: r}
		if r.RepeatWeeks.Valid && !r.EndedAt.Valid && !running[r.AssignmentID] {
			running[r.AssignmentID] = true
			panel.Repeating = append(panel.Repeating, row)
		}
		if !r.SubmittedAt.Valid {
			switch {
			case r.DueOn.Valid && r.DueOn.Time.Before(today):
				row.State = "overdue"
			case r.StartedAt.Valid || r.SavedAt.Valid:
				row.State = "started"
			default:
				row.State = "not_started"
			}
			panel.Open = append(panel.Open, row)
			continue
		}
		if r.ScoreTotal.Valid {
			row.Score = number(tr, r.ScoreTotal.Float64)
			if d, err := definitionOf(r.Source); err == nil {
				row.Band = bandOf(d, r.Band)
			}
		}
		panel.Submitted = append(panel.Submitted, row)
	}
	return panel, nil
}

// --- A response ---

type questionnaireResponsePage struct {
	PatientID   int64
	PatientName string
	Row         queries.GetQuestionnaireResponseForStaffRow
	views.Questionnaire
	Result questionnaire.Result
	Score  string
	Band   *questionnaire.Band
	Scored bool
	Scales []scaleView
}

// scaleView is a subscale as the page writes it.
type scaleView struct {
	Title questionnaire.Text
	Score string
	Band  *questionnaire.Band
}

// findResponse finds the response in the URL among the patient in view's.
func (s *Server) findResponse(c echo.Context) (queries.GetQuestionnaireResponseForStaffRow, error) {
	p := state(c).Patient
	return lookup(s, c, "response", objQuestionnaireResponse, p.ID, func(ctx context.Context, id int64) (queries.GetQuestionnaireResponseForStaffRow, error) {
		return s.db.R.GetQuestionnaireResponseForStaff(ctx, queries.GetQuestionnaireResponseForStaffParams{ID: id, PatientID: p.ID})
	})
}

// questionnaireResponse shows a response's saved answers read-only (what the patient is typing is
// theirs until they save it), and once submitted its scores, subscales and flags.
func (s *Server) questionnaireResponse(c echo.Context) error {
	r, err := s.findResponse(c)
	if err != nil {
		return err
	}
	d, err := definitionOf(r.Source)
	if err != nil {
		return err
	}
	p := state(c).Patient
	page := questionnaireResponsePage{PatientID: p.ID, PatientName: p.FullName(), Row: r,
		Questionnaire: views.Questionnaire{Def: d, Answers: answersOf(r.Answers), ReadOnly: true}}
	if r.SubmittedAt.Valid && d.Scored() {
		tr := s.tr(c)
		page.Scored = true
		page.Result = questionnaire.Score(d, page.Answers)
		if r.ScoreTotal.Valid {
			page.Score = number(tr, r.ScoreTotal.Float64)
		}
		page.Band = bandOf(d, r.Band)
		for _, sc := range page.Result.Subscales {
			v := scaleView{Title: sc.Title, Band: sc.Band}
			if sc.Computed {
				v.Score = number(tr, sc.Value)
			}
			page.Scales = append(page.Scales, v)
		}
	}
	if err := s.logAccess(c, objQuestionnaireResponse, r.ID, accesslog.ActionRead, p.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "vragenlijsten_praktijk_response", page)
}

// questionnaireTrendPage is an instrument's scores over time for the practice: the chart and the table.
type questionnaireTrendPage struct {
	PatientID   int64
	PatientName string
	Title       string
	Trend       scoreTrend
}

// questionnaireTrend charts the scores of the response's questionnaire (every version of its key).
func (s *Server) questionnaireTrend(c echo.Context) error {
	r, err := s.findResponse(c)
	if err != nil {
		return err
	}
	p := state(c).Patient
	ctx := c.Request().Context()
	rows, err := s.db.R.ListQuestionnaireScores(ctx, queries.ListQuestionnaireScoresParams{PatientID: p.ID, Key: r.Key, Limit: questionnaireTrend})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objQuestionnaireResponse, r.ID, accesslog.ActionList, p.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	page := questionnaireTrendPage{PatientID: p.ID, PatientName: p.FullName(), Title: tr.Pick(r.TitleNl, r.TitleEn)}
	page.Trend = scoreTrendOf(tr, rows, fmt.Sprintf("scores-%d", r.ID), fmt.Sprintf("%s/vragenlijsten/", patientHome(p.ID)),
		tr.T("vragenlijsten_praktijk.trend_title", "Name", page.Title), tr.T("vragenlijsten_praktijk.trend_caption"),
		tr.T("vragenlijsten_praktijk.table_caption", "Name", page.Title))
	return s.render(c, http.StatusOK, "vragenlijsten_praktijk_trend", page)
}

// --- Flags ---

// queueFlagMail tells the staff member who assigned a flagged response that a questionnaire needs their
// attention, never which or whose. The patient's submission calls it in its transaction once it has set
// flagged; an assignment whose maker has left mails no one (the queue and the menu's count show it).
func (s *Server) queueFlagMail(ctx context.Context, q *queries.Queries, responseID int64) error {
	to, err := q.GetQuestionnaireFlagRecipient(ctx, responseID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.queueMail(ctx, q, to.Email, to.Locale, "questionnaire_flagged", map[string]any{
		"Name": queries.FullName(to.GivenName, to.NamePrefix, to.FamilyName), "Link": s.absoluteURL(flagQueuePath)})
}

// flagQueueRow is a flagged response in the queue; the queue's four queries return the same columns.
type flagQueueRow = queries.ListOpenFlagsAfterRow

type flagQueuePage struct {
	Scope    string
	OpenOnly bool
	Rows     []flagRow
	Pager    pager
}

// flagRow is a listed flagged response with its flags in words.
type flagRow struct {
	flagQueueRow
	Flags []questionnaire.Flag
}

// URL is the queue's address with another scope or filter (from its first page).
func (p flagQueuePage) URL(scope string, openOnly bool) string {
	return flagQueuePath + "?" + inboxFilters(scope, openOnly).Encode()
}

// Name is a listed response's patient.
func (flagQueuePage) Name(r flagRow) string {
	return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
}

// Path is the listed response's page.
func (flagQueuePage) Path(r flagRow) string { return questionnaireResponsePath(r.PatientID, r.ID) }

// flagQueue lists a page of flagged responses; each listed patient's access is logged.
func (s *Server) flagQueue(c echo.Context) error {
	ctx := c.Request().Context()
	page := flagQueuePage{Scope: c.QueryParam("lijst"), OpenOnly: c.QueryParam("ook") != "afgehandeld"}
	if _, ok := inboxScopes[page.Scope]; !ok {
		page.Scope = "mijn"
	}
	keep := inboxFilters(page.Scope, page.OpenOnly)
	cur := readCursor[int64](c)
	rows, err := s.findFlags(ctx, page, state(c).User.ID, cur)
	if err != nil {
		return err
	}
	var shown []flagQueueRow
	shown, page.Pager = pageOf(rows, flagQueuePerPage, cur, func(r flagQueueRow) int64 { return r.ID }, flagQueuePath, keep)
	if len(shown) == 0 && cur.Set {
		return toFirstPage(c, flagQueuePath, keep)
	}
	page.Pager.Words = "vragenlijsten_praktijk"
	if len(rows) > 0 {
		page.Pager.Count = rows[0].Total
	}
	var patients []int64
	for _, r := range shown {
		row := flagRow{flagQueueRow: r}
		if d, err := definitionOf(r.Source); err == nil {
			row.Flags = questionnaire.Score(d, answersOf(r.Answers)).Flags
		}
		page.Rows = append(page.Rows, row)
		patients = append(patients, r.PatientID)
	}
	if err := s.logAccess(c, objQuestionnaireResponse, 0, accesslog.ActionList, patients...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "vragenlijsten_praktijk", page)
}

// findFlags reads one page and one more of the queue p shows to staff member me, from cur.
func (s *Server) findFlags(ctx context.Context, p flagQueuePage, me int64, cur cursor[int64]) ([]flagQueueRow, error) {
	arg := queries.ListOpenFlagsAfterParams{Scope: inboxScopes[p.Scope], StaffID: sql.NullInt64{Int64: me, Valid: true},
		Cap: countCap + 1, Cursor: cur.Key, Limit: flagQueuePerPage + 1}
	switch {
	case p.OpenOnly && !cur.Back:
		return s.db.R.ListOpenFlagsAfter(ctx, arg)
	case p.OpenOnly:
		rows, err := s.db.R.ListOpenFlagsBefore(ctx, queries.ListOpenFlagsBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListOpenFlagsBeforeRow) flagQueueRow { return flagQueueRow(r) })
	case !cur.Back:
		rows, err := s.db.R.ListFlagsAfter(ctx, queries.ListFlagsAfterParams(arg))
		return convertRows(rows, err, func(r queries.ListFlagsAfterRow) flagQueueRow { return flagQueueRow(r) })
	default:
		rows, err := s.db.R.ListFlagsBefore(ctx, queries.ListFlagsBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListFlagsBeforeRow) flagQueueRow { return flagQueueRow(r) })
	}
}

// flaggedQuestionnaires is the number beside the queue in the menu, counted with the conversations
// (waitingFor): no statement of its own.
func (b *badges) flaggedQuestionnaires() (int64, error) {
	w, err := b.waitingFor()
	return w.FlaggedQuestionnaires, err
}

// markFlagSeen is "Gezien": the flag leaves the open queue, with who saw it and when.
func (s *Server) markFlagSeen(c echo.Context) error {
	r, err := s.findResponse(c)
	if err != nil {
		return err
	}
	me := state(c).User
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.MarkQuestionnaireFlagSeen(ctx, queries.MarkQuestionnaireFlagSeenParams{Now: sqlTime(s.clock.Now()),
			SeenBy: sql.NullInt64{Int64: me.ID, Valid: true}, ID: r.ID, PatientID: r.PatientID}); err != nil {
			return err
		}
		cl.add(objQuestionnaireResponse, r.ID, r.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	back := localPath(c.FormValue("terug"))
	if back == "/" {
		back = questionnaireResponsePath(r.PatientID, r.ID)
	}
	return redirectWithNotice(c, back, "vragenlijsten_praktijk.notice_seen")
}

// --- eHealth ---

// ehealthSettingsPath is where the administrator's settings page sends the practice's eHealth program.
const ehealthSettingsPath = "/praktijk/beheer/instellingen/ehealth"

// checkEhealthURL records on f what is wrong with an eHealth program's address: only https, to a host,
// without a user name or password in it. Empty is no program.
func checkEhealthURL(f *views.Form, field, v string) {
	if v == "" || failTooLong(f, field, v, maxEhealthURL) {
		return
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil || strings.ContainsAny(v, " \t") {
		f.Fail(field, "vragenlijsten_praktijk.ehealth_url_invalid")
	}
}

// saveEhealthSettings stores the practice's eHealth program (Minddistrict …): its name and address, both
// or neither.
func (s *Server) saveEhealthSettings(c echo.Context) error {
	ctx := c.Request().Context()
	name, address := strings.TrimSpace(cleanText(c.FormValue("ehealth_naam"))), strings.TrimSpace(c.FormValue("ehealth_adres"))
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	f := settingsForm(clinic, strconv.FormatInt(clinic.InvitationDays, 10))
	f.Set("ehealth_naam", name)
	f.Set("ehealth_adres", address)
	if address != "" {
		checkText(&f.Form, "ehealth_naam", name, "vragenlijsten_praktijk.ehealth_name_required", maxEhealthName)
	} else {
		failTooLong(&f.Form, "ehealth_naam", name, maxEhealthName)
	}
	if name != "" && address == "" {
		f.Fail("ehealth_adres", "vragenlijsten_praktijk.ehealth_url_required")
	}
	checkEhealthURL(&f.Form, "ehealth_adres", address)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "beheer_settings", f)
	}
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		return q.UpdateEhealthSettings(ctx, queries.UpdateEhealthSettingsParams{EhealthName: name, EhealthUrl: address})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, settingsPath, "vragenlijsten_praktijk.notice_ehealth_saved")
}

// patientEhealth is the form of the patient's own eHealth address (practitioners).
func (s *Server) patientEhealth(c echo.Context) error {
	p := *state(c).Patient
	if state(c).User.Role != "practitioner" {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	page := patientEhealthPage{PatientID: p.ID, PatientName: p.FullName()}
	page.Set("ehealth_adres", p.EhealthUrl)
	return s.render(c, http.StatusOK, "vragenlijsten_praktijk_ehealth", page)
}

// setPatientEhealth sets the address of the eHealth program this patient uses, instead of the practice's
// (practitioners; empty: the practice's).
func (s *Server) setPatientEhealth(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	if me.Role != "practitioner" {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	address := strings.TrimSpace(c.FormValue("ehealth_adres"))
	var f views.Form
	f.Set("ehealth_adres", address)
	checkEhealthURL(&f, "ehealth_adres", address)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "vragenlijsten_praktijk_ehealth", patientEhealthPage{Form: f,
			PatientID: p.ID, PatientName: p.FullName()})
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.SetPatientEhealthURL(ctx, queries.SetPatientEhealthURLParams{EhealthUrl: address, ID: p.ID}); err != nil {
			return err
		}
		cl.add(objPatient, p.ID, p.ID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(p.ID)+"#vragenlijsten", "vragenlijsten_praktijk.notice_ehealth_saved")
}

// patientEhealthPage is the per-patient address again with its problem (the panel's form on a page of
// its own).
type patientEhealthPage struct {
	views.Form
	PatientID   int64
	PatientName string
}
