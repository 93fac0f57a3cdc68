package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/questionnaire"
	"balie/queries"
	"balie/views"
)

// The administrator's questionnaires (issue 14, "Questionnaires as data"): the definitions that ship with
// Balie and those the practice uploaded, an upload that is checked with its problems named by line and
// item, and a preview of every section and question as the patient will see it, before "Aanbieden" lets
// the practice assign it.

const (
	questionnairesAdminPath = "/praktijk/beheer/vragenlijsten"
	// questionnaireUploadLimit lets a file over questionnaire.MaxFileSize be counted through, so that
	// the form names the limit rather than refusing the request.
	questionnaireUploadLimit = 8 << 20
	// objQuestionnaireDefinition is a definition in the access log's refusals (the administrator's id).
	objQuestionnaireDefinition = "questionnaire_definition"
	questionnaireField         = "bestand"
)

type adminQuestionnairesPage struct {
	views.Form
	Definitions []queries.ListQuestionnaireDefinitionsRow
	// Problems of an uploaded file that was refused, translated on the page with their line and item.
	Problems []definitionProblem
	MaxKB    int
}

// definitionProblem is a problem of a definition file as the page shows it: where, and what in words.
type definitionProblem struct {
	Line, Column int
	LinkID       string
	views.Text
}

// adminQuestionnaires lists the definitions, with the upload form.
func (s *Server) adminQuestionnaires(c echo.Context) error {
	return s.adminQuestionnairesPage(c, http.StatusOK, adminQuestionnairesPage{})
}

func (s *Server) adminQuestionnairesPage(c echo.Context, status int, data adminQuestionnairesPage) error {
	var err error
	if data.Definitions, err = s.db.R.ListQuestionnaireDefinitions(c.Request().Context()); err != nil {
		return err
	}
	data.MaxKB = questionnaire.MaxFileSize >> 10
	return s.render(c, status, "beheer_vragenlijsten", data)
}

// uploadQuestionnaire checks an uploaded definition and keeps it as a draft, then shows its preview; a
// file with problems comes back (422) with each problem at its line or item.
func (s *Server) uploadQuestionnaire(c echo.Context) error {
	u, err := readUpload(c, 1)
	if err != nil {
		return err
	}
	var data adminQuestionnairesPage
	files := u.Files(questionnaireField)
	var def *questionnaire.Definition
	switch {
	case len(files) == 0 || (len(files[0].Data) == 0 && !files[0].TooLarge):
		data.Fail(questionnaireField, "beheer_vragenlijsten.file_required")
	case files[0].TooLarge || len(files[0].Data) > questionnaire.MaxFileSize:
		data.Fail(questionnaireField, "beheer_vragenlijsten.too_large", "Max", questionnaire.MaxFileSize>>10)
	default:
		var ve *questionnaire.ValidationError
		def, err = questionnaire.Parse(bytes.NewReader(files[0].Data))
		switch {
		case errors.As(err, &ve):
			data.Fail(questionnaireField, "beheer_vragenlijsten.invalid", "Count", len(ve.Problems))
			for _, p := range ve.Problems {
				data.Problems = append(data.Problems, definitionProblem{p.Line, p.Column, p.LinkID, views.Text{Key: p.Key, Args: p.Args}})
			}
		case err != nil:
			return err
		}
	}
	if data.Failed() {
		return s.adminQuestionnairesPage(c, u.status(), data)
	}
	var id int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		id, err = q.UploadQuestionnaireDefinition(ctx, queries.UploadQuestionnaireDefinitionParams{
			Key: def.ID, Version: def.Version, Kind: def.Kind, TitleNl: def.Title.NL, TitleEn: def.Title.EN,
			Source: string(files[0].Data), UploadedBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true},
			UploadedAt: s.clock.Now()})
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		data.Fail(questionnaireField, "beheer_vragenlijsten.version_taken", "Version", def.Version)
		return s.adminQuestionnairesPage(c, http.StatusUnprocessableEntity, data)
	}
	if err != nil {
		return err
	}
	return redirectWithNotice(c, questionnaireAdminPath(id), "beheer_vragenlijsten.notice_uploaded")
}

func questionnaireAdminPath(id int64) string {
	return questionnairesAdminPath + "/" + strconv.FormatInt(id, 10)
}

type questionnairePreviewPage struct {
	Row queries.QuestionnaireDefinition
	views.Questionnaire
	// Form holds "Score tonen aan de patiënt": whether the patient sees the key's score and band.
	Form views.Form
}

// previewQuestionnaire shows a definition read-only as the patient will see it, in the page's language
// (the language switch shows the other).
func (s *Server) previewQuestionnaire(c echo.Context) error {
	row, err := lookup(s, c, "id", objQuestionnaireDefinition, 0, s.db.R.GetQuestionnaireDefinition)
	if err != nil {
		return err
	}
	def, err := questionnaire.Parse(bytes.NewReader([]byte(row.Source)))
	if err != nil {
		return err // stored only after it parsed: a bug
	}
	setting, err := s.scoreSetting(c.Request().Context(), row.Key)
	if err != nil {
		return err
	}
	page := questionnairePreviewPage{Row: row, Questionnaire: views.Questionnaire{Def: def, Answers: questionnaire.Answers{}, ReadOnly: true}}
	if showsScore(def, setting) {
		page.Form.Set(scoreField, "1")
	}
	return s.render(c, http.StatusOK, "beheer_vragenlijsten_preview", page)
}

// scoreField is the preview's switch "Score tonen aan de patiënt".
const scoreField = "score_tonen"

// scoreSetting is the administrator's choice to show the key's score to the patient: 1 or 0, or -1
// where there is none (the definition's showScore decides).
func (s *Server) scoreSetting(ctx context.Context, key string) (int64, error) {
	setting, err := s.db.R.GetQuestionnaireScoreSetting(ctx, key)
	if errors.Is(err, sql.ErrNoRows) {
		return -1, nil
	}
	return setting, err
}

// setQuestionnaireScore is "Score tonen aan de patiënt" for the definition's key (every version of it).
func (s *Server) setQuestionnaireScore(c echo.Context) error {
	row, err := lookup(s, c, "id", objQuestionnaireDefinition, 0, s.db.R.GetQuestionnaireDefinition)
	if err != nil {
		return err
	}
	show := boolInt(c.FormValue(scoreField) != "")
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		return q.SetQuestionnaireScoreSetting(ctx, queries.SetQuestionnaireScoreSettingParams{Key: row.Key, ShowScore: show})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, questionnaireAdminPath(row.ID), "beheer_vragenlijsten.notice_score_saved")
}

// offerQuestionnaire makes a draft offerable; the key's earlier offered version is retired with it.
func (s *Server) offerQuestionnaire(c echo.Context) error {
	row, err := lookup(s, c, "id", objQuestionnaireDefinition, 0, s.db.R.GetQuestionnaireDefinition)
	if err != nil {
		return err
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		n, err := q.OfferQuestionnaireDefinition(ctx, row.ID)
		if err != nil || n == 0 {
			return err // offered already: nothing to do
		}
		return q.RetireEarlierQuestionnaireVersions(ctx, queries.RetireEarlierQuestionnaireVersionsParams{Key: row.Key, ID: row.ID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, questionnairesAdminPath, "beheer_vragenlijsten.notice_offered")
}

// addBuiltinQuestionnaires stores the definitions that ship with Balie, offered, once per version: at
// every start, so that a new release's definitions arrive without a step of their own.
func addBuiltinQuestionnaires(ctx context.Context, db *queries.DB, now func() time.Time) error {
	builtins, err := questionnaire.Builtins()
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		for _, b := range builtins {
			if err := q.AddBuiltinQuestionnaireDefinition(ctx, queries.AddBuiltinQuestionnaireDefinitionParams{
				Key: b.Def.ID, Version: b.Def.Version, Kind: b.Def.Kind, TitleNl: b.Def.Title.NL, TitleEn: b.Def.Title.EN,
				Source: string(b.Source), UploadedAt: now()}); err != nil {
				return err
			}
		}
		return nil
	})
}
