package handlers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/chart"
	"balie/internal/questionnaire"
	"balie/queries"
	"balie/views"
)

// The patient's questionnaires (issue 14, seed 001 "Vragenlijsten"): the outcome measures
// ("klachtenvragenlijsten") and intake lists the practice asked for (vragenlijsten_praktijk.go), and the
// link to the practice's eHealth program. A questionnaire is filled in over as many visits as the
// patient likes: what is typed saves itself as a draft (drafts.go, kind "questionnaire", target the
// response's id), "Bewaren" keeps the answers in the response, and "Indienen" after the confirmation
// ("Definitief maken", seed 001's switch) makes them final in one change: checked, scored, flagged where a
// flag rule fires (PHQ-9 item 9) and written into the dossier as a report "Vragenlijst: {naam}" with its
// PDF. From then on the answers are read-only; the database refuses any change too.

const (
	questionnairesPath = "/vragenlijsten"
	// submittedQuestionnairesPath is every submitted questionnaire, a page at a time.
	submittedQuestionnairesPath = questionnairesPath + "/ingevuld"
	// questionnairesOpenMax bounds a part's open questionnaires, a safety limit: they are what the practice
	// assigned, a handful at a time.
	questionnairesOpenMax = 200
	// questionnairesRecent is how many submitted ones a part of the list shows, the most recent first; the
	// rest are a link away (submittedQuestionnairesPath).
	questionnairesRecent = 5
	// submittedPerPage is a page of submittedQuestionnairesPath.
	submittedPerPage   = 25
	draftQuestionnaire = "questionnaire"
	// questionnaireCategory is the dossier's category of the reports a submission writes.
	questionnaireCategory = "Vragenlijsten"
	// confirmField is "Ik heb alles ingevuld en wil de vragenlijst indienen" (Definitief maken).
	confirmField = "definitief"
	// objQuestionnaireScores is the patient's chart of one questionnaire's scores in the access log.
	objQuestionnaireScores = "questionnaire_scores"
)

func ownQuestionnairePath(id int64) string {
	return questionnairesPath + "/" + strconv.FormatInt(id, 10)
}

func ownTrendPath(key string) string { return questionnairesPath + "/verloop/" + url.PathEscape(key) }

// questionnaireReportsPath is the dossier filtered on the reports that submissions write.
var questionnaireReportsPath = dossierPath + "?" + url.Values{"categorie": {questionnaireCategory}}.Encode()

// showsScore: whether the patient sees the score and band of the questionnaire: the administrator's
// choice for its key (setting 0 or 1), else its definition's showScore (setting -1).
func showsScore(d *questionnaire.Definition, setting int64) bool {
	if !d.Scored() {
		return false
	}
	if setting >= 0 {
		return setting == 1
	}
	return d.ShowScore
}

// --- The list ---

// ownQuestionnaire is one questionnaire in the list.
type ownQuestionnaire struct {
	ID          int64
	Title       string
	DueOn       sql.NullTime
	StartedAt   sql.NullTime
	SavedAt     sql.NullTime
	HasDraft    bool
	SubmittedAt sql.NullTime
	ReportID    int64
	Score       string              // "" when the patient is not shown the score
	Band        *questionnaire.Band // idem
	Overdue     bool
}

// questionnairePart is one of the list's parts: the open questionnaires and the most recent submitted
// ones, and for outcome measures the charts of the scores. More: the part has more submitted ones than it
// shows; then it links to all of them, whose count is All's.
type questionnairePart struct {
	Open, Submitted []ownQuestionnaire
	More            bool
	All             pager
	Reports         string // the dossier's reports of the submissions
	Trends          []trendLink
}

type trendLink struct{ Title, Href string }

type questionnairesPage struct {
	Outcome, Intake questionnairePart
	// The eHealth program: the patient's own address, else the practice's; none: the part is absent.
	EhealthName, EhealthURL string
}

// part is the list's part of questionnaires of kind.
func (p *questionnairesPage) part(kind string) *questionnairePart {
	if kind == questionnaire.KindOutcome {
		return &p.Outcome
	}
	return &p.Intake
}

// ownQuestionnaires is /vragenlijsten: the three parts of seed 001's tabs.
func (s *Server) ownQuestionnaires(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	now := s.clock.Now()
	// One more submitted one per kind than shown: whether the part links to all of them.
	rows, err := s.db.R.ListOwnQuestionnaires(ctx, queries.ListOwnQuestionnairesParams{UserID: state(c).User.ID,
		PatientID: patient.ID, Now: now, OpenMax: questionnairesOpenMax, Recent: questionnairesRecent + 1, Cap: countCap + 1})
	if err != nil {
		return err
	}
	scored, err := s.db.R.ListOwnScoredQuestionnaireKeys(ctx, patient.ID)
	if err != nil {
		return err
	}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objQuestionnaireResponse, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	page := questionnairesPage{EhealthURL: patient.EhealthUrl, EhealthName: clinic.EhealthName}
	if page.EhealthURL == "" {
		page.EhealthURL = clinic.EhealthUrl
	}
	if page.EhealthName == "" {
		page.EhealthName = tr.T("vragenlijsten.ehealth_default_name")
	}
	today := localDate(now)
	var submitted int64
	for _, r := range rows {
		part := page.part(r.Kind)
		if !r.SubmittedAt.Valid {
			part.Open = append(part.Open, ownQuestionnaire{ID: r.ID, Title: tr.Pick(r.TitleNl, r.TitleEn), DueOn: r.DueOn,
				StartedAt: r.StartedAt, SavedAt: r.SavedAt, HasDraft: r.HasDraft == 1,
				Overdue: r.DueOn.Valid && r.DueOn.Time.Before(today)})
			continue
		}
		submitted = r.SubmittedCount
		if len(part.Submitted) == questionnairesRecent {
			part.More = true
			continue
		}
		q, err := submittedQuestionnaire(tr, submittedRow{ID: r.ID, SubmittedAt: r.SubmittedAt, ScoreTotal: r.ScoreTotal, Band: r.Band,
			ReportID: r.ReportID, TitleNl: r.TitleNl, TitleEn: r.TitleEn, Source: r.Source, ShowScore: r.ShowScore})
		if err != nil {
			return err
		}
		part.Submitted = append(part.Submitted, q)
	}
	for _, part := range []*questionnairePart{&page.Outcome, &page.Intake} {
		part.All, part.Reports = pager{Count: submitted}, questionnaireReportsPath
	}
	for _, k := range scored {
		d, err := definitionOf(k.Source)
		if err != nil {
			return err
		}
		if showsScore(d, k.ShowScore) {
			part := page.part(k.Kind)
			part.Trends = append(part.Trends, trendLink{Title: tr.Pick(k.TitleNl, k.TitleEn), Href: ownTrendPath(k.Key)})
		}
	}
	return s.render(c, http.StatusOK, "vragenlijsten", page)
}

// submittedRow is a submitted response as the lists read it.
type submittedRow = queries.ListSubmittedQuestionnairesAfterRow

// submittedQuestionnaire is a submitted response as a list shows it: with its score and band where the
// patient is shown them.
func submittedQuestionnaire(tr *views.Translator, r submittedRow) (ownQuestionnaire, error) {
	q := ownQuestionnaire{ID: r.ID, Title: tr.Pick(r.TitleNl, r.TitleEn), SubmittedAt: r.SubmittedAt, ReportID: r.ReportID.Int64}
	d, err := definitionOf(r.Source)
	if err != nil {
		return q, err
	}
	if showsScore(d, r.ShowScore) && r.ScoreTotal.Valid {
		q.Score, q.Band = number(tr, r.ScoreTotal.Float64), bandOf(d, r.Band)
	}
	return q, nil
}

type submittedQuestionnairesPage struct {
	Items   []ownQuestionnaire
	Pager   pager
	Reports string
}

// submittedQuestionnaires is /vragenlijsten/ingevuld: every submitted questionnaire of the patient in
// view, newest first, a page at a time.
func (s *Server) submittedQuestionnaires(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	cur := readCursor[int64](c)
	limit, count := int64(submittedPerPage+1), int64(countCap+1)
	var rows []submittedRow
	var err error
	if !cur.Back {
		rows, err = s.db.R.ListSubmittedQuestionnairesAfter(ctx, queries.ListSubmittedQuestionnairesAfterParams{PatientID: patient.ID,
			Cap: count, Cursor: cur.Key, Limit: limit})
	} else {
		back, berr := s.db.R.ListSubmittedQuestionnairesBefore(ctx, queries.ListSubmittedQuestionnairesBeforeParams{PatientID: patient.ID,
			Cap: count, Cursor: cur.Key, Limit: limit})
		rows, err = convertRows(back, berr, func(r queries.ListSubmittedQuestionnairesBeforeRow) submittedRow {
			return submittedRow(r)
		})
	}
	if err != nil {
		return err
	}
	items, pg := pageOf(rows, submittedPerPage, cur, func(r submittedRow) int64 { return r.ID },
		submittedQuestionnairesPath, nil)
	if len(items) == 0 && cur.Set {
		return toFirstPage(c, submittedQuestionnairesPath, nil)
	}
	pg.Words = "vragenlijsten"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	if err := s.logAccess(c, objQuestionnaireResponse, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	page := submittedQuestionnairesPage{Pager: pg, Reports: questionnaireReportsPath}
	for _, r := range items {
		q, err := submittedQuestionnaire(tr, r)
		if err != nil {
			return err
		}
		page.Items = append(page.Items, q)
	}
	return s.render(c, http.StatusOK, "vragenlijsten_ingevuld", page)
}

// --- Filling in ---

// ownResponse is the response in the URL with its parsed definition; another patient's, or one not yet
// available, is a 404.
func (s *Server) ownResponse(c echo.Context) (queries.GetOwnQuestionnaireResponseRow, *questionnaire.Definition, error) {
	patient := state(c).Patient.ID
	now := s.clock.Now()
	r, err := lookup(s, c, "id", objQuestionnaireResponse, patient, func(ctx context.Context, id int64) (queries.GetOwnQuestionnaireResponseRow, error) {
		return s.db.R.GetOwnQuestionnaireResponse(ctx, queries.GetOwnQuestionnaireResponseParams{ID: id, PatientID: patient, Now: now})
	})
	if err != nil {
		return r, nil, err
	}
	d, err := definitionOf(r.Source)
	return r, d, err
}

// questionnaireFillPage is a questionnaire to fill in, or read-only once submitted, with its score and
// the help its flags give.
type questionnaireFillPage struct {
	views.Form // the answers' problems at their questions' fields, and the confirmation's
	Q          views.Questionnaire
	Row        queries.GetOwnQuestionnaireResponseRow
	Title      string
	Score      string
	Band       *questionnaire.Band
	Flags      []questionnaire.Flag
	Trend      string
	Phone      string // the practice's, for the help of a flag
}

// ownQuestionnaireResponse shows the response: to fill in, with the patient's draft if there is one,
// or read-only once submitted.
func (s *Server) ownQuestionnaireResponse(c echo.Context) error {
	r, d, err := s.ownResponse(c)
	if err != nil {
		return err
	}
	answers := answersOf(r.Answers)
	if !r.SubmittedAt.Valid {
		draft, err := s.draftFor(c.Request().Context(), state(c).User.ID, draftQuestionnaire, strconv.FormatInt(r.ID, 10))
		if err != nil {
			return err
		}
		if draft != nil {
			values, _ := url.ParseQuery(draft.Body)
			answers = views.AnswersOf(d, values)
			s.showRestored(c, draft)
		}
	}
	if err := s.logAccess(c, objQuestionnaireResponse, r.ID, accesslog.ActionRead, r.PatientID); err != nil {
		return err
	}
	return s.renderResponse(c, http.StatusOK, r, d, answers, views.Form{})
}

// renderResponse draws the response's page with answers and the form's problems.
func (s *Server) renderResponse(c echo.Context, status int, r queries.GetOwnQuestionnaireResponseRow, d *questionnaire.Definition,
	answers questionnaire.Answers, f views.Form) error {
	tr := s.tr(c)
	page := questionnaireFillPage{Form: f, Row: r, Title: tr.Pick(r.TitleNl, r.TitleEn),
		Q: views.Questionnaire{Def: d, Answers: answers, Form: f, ReadOnly: r.SubmittedAt.Valid}}
	if r.SubmittedAt.Valid {
		result := questionnaire.Score(d, answers)
		page.Flags = result.Flags
		if showsScore(d, r.ShowScore) && r.ScoreTotal.Valid {
			page.Score, page.Band, page.Trend = number(tr, r.ScoreTotal.Float64), bandOf(d, r.Band), ownTrendPath(r.Key)
		}
		if len(page.Flags) > 0 {
			clinic, err := s.clinic(c.Request().Context())
			if err != nil {
				return err
			}
			page.Phone = clinic.Phone
		}
	}
	return s.render(c, status, "vragenlijsten_invullen", page)
}

// errSubmittedAlready: the response was submitted meanwhile (another tab, another device).
var errSubmittedAlready = errors.New("questionnaire submitted already")

// saveOwnQuestionnaire is the form's two buttons: "Bewaren" keeps the answers as they are (a question
// may stay open), "Indienen" (with the confirmation) checks, scores and submits them. A submitted
// response changes no more: the page says so and shows it.
func (s *Server) saveOwnQuestionnaire(c echo.Context) error {
	r, d, err := s.ownResponse(c)
	if err != nil {
		return err
	}
	if r.SubmittedAt.Valid {
		return redirectWithNotice(c, ownQuestionnairePath(r.ID), "vragenlijsten.notice_already_submitted")
	}
	values, err := c.FormParams()
	if err != nil {
		return err
	}
	answers := views.AnswersOf(d, values)
	submit := c.FormValue("actie") == "indienen"
	var f views.Form
	if c.FormValue(confirmField) != "" {
		f.Set(confirmField, "1")
	}
	if submit && c.FormValue(confirmField) == "" {
		f.Fail(confirmField, "vragenlijsten.confirm_required")
	}
	for _, p := range questionnaire.Check(d, answers) {
		// Bewaren keeps a questionnaire half done: only what cannot be stored is a problem then.
		if submit || p.Key != "questionnaire.answer_required" {
			f.Fail(views.QuestionField(p.LinkID), p.Key, p.Args...)
		}
	}
	if f.Failed() {
		return s.renderResponse(c, http.StatusUnprocessableEntity, r, d, answers, f)
	}
	var flagged bool
	if submit {
		flagged, err = s.submitAnswers(c, r, d, questionnaire.Relevant(d, answers))
	} else {
		err = s.keepAnswers(c, r, answers)
	}
	switch {
	case errors.Is(err, errSubmittedAlready):
		return redirectWithNotice(c, ownQuestionnairePath(r.ID), "vragenlijsten.notice_already_submitted")
	case err != nil:
		return err
	case !submit:
		return redirectWithNotice(c, questionnairesPath, "vragenlijsten.notice_saved")
	case flagged:
		return redirectWithNotice(c, ownQuestionnairePath(r.ID), "vragenlijsten.notice_submitted_help")
	}
	return redirectWithNotice(c, ownQuestionnairePath(r.ID), "vragenlijsten.notice_submitted")
}

// keepAnswers is "Bewaren": the answers into the response, and the draft they were typed in gone.
func (s *Server) keepAnswers(c echo.Context, r queries.GetOwnQuestionnaireResponseRow, answers questionnaire.Answers) error {
	stored, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	return s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.SaveQuestionnaireAnswers(ctx, queries.SaveQuestionnaireAnswersParams{Answers: string(stored),
			Now: sqlTime(s.clock.Now()), ID: r.ID, PatientID: r.PatientID})
		if err != nil {
			return err
		}
		if n == 0 {
			return errSubmittedAlready
		}
		cl.add(objQuestionnaireResponse, r.ID, r.PatientID)
		return s.dropDraft(ctx, q, state(c).User.ID, draftQuestionnaire, strconv.FormatInt(r.ID, 10))
	})
}

// submitAnswers makes the answers final in one change: scored, flagged, and written into the dossier as
// a report that is shared at once. Its author is the one who filled it in (the patient, or a parent for
// a child): the dossier's model names any user as a report's author, and the practice did not write it.
// It reports whether a flag was raised.
func (s *Server) submitAnswers(c echo.Context, r queries.GetOwnQuestionnaireResponseRow, d *questionnaire.Definition,
	answers questionnaire.Answers) (bool, error) {
	result := questionnaire.Score(d, answers)
	stored, err := json.Marshal(answers)
	if err != nil {
		return false, err
	}
	var scores []byte
	var total sql.NullFloat64
	var band string
	if d.Scored() {
		if scores, err = json.Marshal(result); err != nil {
			return false, err
		}
		total = sql.NullFloat64{Float64: result.Total.Value, Valid: result.Total.Computed}
		if result.Total.Band != nil {
			band = result.Total.Band.Code
		}
	}
	flagged := len(result.Flags) > 0
	// The dossier is the practice's record: the report is in its language, Dutch. Its score is there only
	// where the patient is shown the score, since the patient reads the report too.
	nl := s.views.Translator("nl")
	title := nl.T("vragenlijsten.report_title", "Name", d.Title.NL)
	body := questionnaire.Report(d, answers, result, showsScore(d, r.ShowScore), reportWords(nl))
	me := state(c).User.ID
	now := s.clock.Now()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := q.EnsureReportCategory(ctx, questionnaireCategory); err != nil {
			return err
		}
		report, err := q.CreateReport(ctx, queries.CreateReportParams{PatientID: r.PatientID, AuthorID: me, Title: title,
			Category: questionnaireCategory, Body: body, SearchText: queries.ReportSearchText(title, body),
			WrittenAt: now, PublishedAt: sqlTime(now)})
		if err != nil {
			return err
		}
		n, err := q.SubmitQuestionnaireResponse(ctx, queries.SubmitQuestionnaireResponseParams{Answers: string(stored),
			Now: sqlTime(now), SubmittedBy: sql.NullInt64{Int64: me, Valid: true}, ScoreTotal: total, Band: band,
			Scores: string(scores), Flagged: boolInt(flagged), ReportID: sql.NullInt64{Int64: report, Valid: true},
			ID: r.ID, PatientID: r.PatientID})
		if err != nil {
			return err
		}
		if n == 0 {
			return errSubmittedAlready // the report goes with the rollback
		}
		cl.add(objQuestionnaireResponse, r.ID, r.PatientID)
		cl.add(objReport, report, r.PatientID)
		if flagged {
			if err := s.queueFlagMail(ctx, q, r.ID); err != nil {
				return err
			}
		}
		return s.dropDraft(ctx, q, me, draftQuestionnaire, strconv.FormatInt(r.ID, 10))
	})
	return flagged, err
}

// reportWords are the words of a report of answers (questionnaire.Report) in tr's language.
func reportWords(tr *views.Translator) questionnaire.Words {
	return questionnaire.Words{Lang: tr.Lang, Yes: tr.T("questionnaire.yes"), No: tr.T("questionnaire.no"),
		Unanswered: tr.T("vragenlijsten.report_unanswered"),
		Score:      func(score string) string { return tr.T("vragenlijsten.report_score", "Score", score) },
		Number:     func(v float64) string { return number(tr, v) }, Day: tr.LongDay}
}

// --- The draft ---

// ownsQuestionnaireTarget is the draft kind's owner check: the target is a response of the patient's
// that may still be filled in.
func ownsQuestionnaireTarget(ctx context.Context, s *Server, patientID int64, target string) (int64, error) {
	return targetFound(target, func(id int64) (int64, error) {
		return s.db.R.GetOpenQuestionnaireResponsePatient(ctx, queries.GetOpenQuestionnaireResponsePatientParams{
			ID: id, PatientID: patientID, Now: s.clock.Now()})
	})
}

// questionnaireDraftBody is the draft's text: the form's answers (its fields "v-…") URL-encoded, read back
// with views.AnswersOf.
func questionnaireDraftBody(c echo.Context) string {
	values, err := c.FormParams()
	if err != nil {
		return ""
	}
	kept := url.Values{}
	for name, vs := range values {
		if strings.HasPrefix(name, views.QuestionField("")) {
			kept[name] = vs
		}
	}
	return kept.Encode()
}

// --- The scores over time ---

type ownTrendPage struct {
	Title string
	Trend scoreTrend
}

// ownQuestionnaireTrend is the chart of the patient's scores of one questionnaire (its key: every
// version), where the practice shows its scores; else, and for a key without scores, a 404.
func (s *Server) ownQuestionnaireTrend(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	key := c.Param("*")
	rows, err := s.db.R.ListQuestionnaireScores(ctx, queries.ListQuestionnaireScoresParams{PatientID: patient.ID, Key: key, Limit: questionnaireTrend})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	setting, err := s.scoreSetting(ctx, key)
	if err != nil {
		return err
	}
	latest, err := definitionOf(rows[len(rows)-1].Source)
	if err != nil {
		return err
	}
	if !showsScore(latest, setting) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := s.logAccess(c, objQuestionnaireScores, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	page := ownTrendPage{Title: latest.Title.In(tr.Lang)}
	page.Trend = scoreTrendOf(tr, rows, "verloop", questionnairesPath+"/", tr.T("vragenlijsten.trend_title", "Name", page.Title),
		tr.T("vragenlijsten.trend_caption"), tr.T("vragenlijsten.table_caption", "Name", page.Title))
	return s.render(c, http.StatusOK, "vragenlijsten_verloop", page)
}

// scoreTrend is a questionnaire's scores over time as a page shows them (the partial "score-trend"): the
// chart, and the table with the same scores and their bands for everyone.
type scoreTrend struct {
	Chart                 template.HTML
	Items                 []trendItem // newest first
	Caption, TableCaption string
	Link                  string // a score's response page is Link + its id
}

type trendItem struct {
	ID    int64
	At    time.Time
	Score string
	Band  *questionnaire.Band
}

// scoreTrendOf builds the trend of rows (oldest first) for the patient's page and the practice's alike.
func scoreTrendOf(tr *views.Translator, rows []queries.ListQuestionnaireScoresRow, id, link, title, caption, tableCaption string) scoreTrend {
	t := scoreTrend{Caption: caption, TableCaption: tableCaption, Link: link}
	trend := chart.Chart{ID: id, Title: title,
		Number: func(v float64) string { return number(tr, v) }, Day: func(t time.Time) string { return tr.ShortDay(calendarDay(t)) }}
	for _, row := range rows {
		item := trendItem{ID: row.ID, At: row.SubmittedAt.Time, Score: number(tr, row.ScoreTotal.Float64)}
		if d, err := definitionOf(row.Source); err == nil {
			item.Band = bandOf(d, row.Band)
		}
		t.Items = append([]trendItem{item}, t.Items...)
		trend.Points = append(trend.Points, chart.Point{At: row.SubmittedAt.Time, Value: row.ScoreTotal.Float64})
	}
	if len(t.Items) > 0 {
		trend.Desc = tr.T("vragenlijsten.trend_desc", "Count", len(trend.Points), "Last", t.Items[0].Score)
		t.Chart = template.HTML(trend.SVG()) // built from numbers and escaped texts only (internal/chart)
	}
	return t
}
