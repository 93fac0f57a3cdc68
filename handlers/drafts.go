package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// Drafts (design.md §6): whatever a user types in a long text is saved while typing (htmx autosave,
// every few seconds) or with the "Concept opslaan" button, and comes back after a reload, a lost
// connection, a timeout or on another device. One mechanism for every kind of draft: a kind names who
// may save it and checks that its target belongs to the user. A saved draft is a change to the data of
// the patient it is about, logged with it.

// maxDraftLength bounds what one draft field may hold; finishing has its own, lower limits.
const maxDraftLength = 100_000

// draftKind is one kind of draft.
type draftKind struct {
	role access // patient (the portal's) or staff (any staff role)
	area string // the portal's area it is written in (what an authorisation must open)
	// owns checks that target (from the form) is "new" or an id of what the user may write about, and
	// returns the patient the draft is about (0: not the user's). patientID is the patient in view on a
	// patient's kinds (the portal's patient, portalPatient), 0 on staff's.
	owns func(ctx context.Context, s *Server, patientID int64, target string) (int64, error)
	// body, if set, is the draft's text made from the whole form (a questionnaire's answers), instead of
	// its field "tekst".
	body func(c echo.Context) string
}

// draftKinds is every kind of draft, with who may save it and how its target is checked.
var draftKinds = map[string]draftKind{
	"diary":       {role: patient, area: "diary", owns: ownsDiaryTarget},
	"message":     {role: patient, area: "messages", owns: ownsNew},
	"reply":       {role: patient, area: "messages", owns: ownsMessageThread},
	"econsult":    {role: patient, area: "econsult", owns: ownsNew},
	"staff_reply": {role: staff, owns: anyThread},
	draftReport:   {role: staff, owns: ownsReportTarget},
	// A questionnaire's answers while they are typed (vragenlijsten.go); target: the response's id.
	draftQuestionnaire: {role: patient, area: "vragenlijsten", owns: ownsQuestionnaireTarget, body: questionnaireDraftBody},
}

// targetFound reads the id in a draft's target and returns the patient of what lookup finds there (0
// for a lookup's sql.ErrNoRows, as for a target that is no number: "not found").
func targetFound(target string, lookup func(id int64) (int64, error)) (int64, error) {
	id, err := strconv.ParseInt(target, 10, 64)
	if err != nil {
		return 0, nil
	}
	patient, err := lookup(id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return patient, err
}

// draftNew is the target of a draft for something not yet made.
const draftNew = "nieuw"

// newDraft is the target of the user's draft of something new on the portal open now: on someone
// else's portal it names that patient, so that a parent's draft for one child never shows in their own
// portal or another child's.
func newDraft(c echo.Context) string {
	if st := state(c); st.Grant != nil {
		return draftNew + "@" + strconv.FormatInt(st.Patient.ID, 10)
	}
	return draftNew
}

// ownsNew is the owner check of a patient's kinds whose only target is something not yet made: one per user.
func ownsNew(_ context.Context, _ *Server, patientID int64, target string) (int64, error) {
	if target != draftNew {
		return 0, nil
	}
	return patientID, nil
}

// draftInput is what a form with a draft posts.
type draftInput struct {
	Kind, Target string
	Title        string
	Extra        string // the small fields of draftExtraFields, URL-encoded
	Body         string
	Version      int64
}

func (s *Server) readDraftInput(c echo.Context) draftInput {
	in := draftInput{Kind: c.FormValue("soort"), Target: c.FormValue("doel"), Title: c.FormValue("titel"),
		Extra: draftExtra(c), Body: c.FormValue("tekst")}
	if k, ok := draftKinds[in.Kind]; ok && k.body != nil {
		in.Body = k.body(c)
	}
	v, err := strconv.ParseInt(c.FormValue("versie"), 10, 64)
	if err != nil || v <= 0 {
		v = s.clock.Now().UnixMilli() // without JavaScript: the server's time orders the saves
	}
	in.Version = v
	return in
}

// draftExtraFields are the small fields a draft keeps beside its title and text: a diary note's date, a
// message's addressee and the document it points to, a report's category, akkoord and visibility.
var draftExtraFields = []string{"datum", "aan", "document", "categorie", "akkoord", "zichtbaar", "vanaf"}

func draftExtra(c echo.Context) string {
	v := url.Values{}
	for _, f := range draftExtraFields {
		if x := c.FormValue(f); x != "" {
			v.Set(f, x)
		}
	}
	return v.Encode()
}

// extraOf reads back a draft's small fields ("" for any not kept).
func extraOf(d *queries.Draft) url.Values {
	v, _ := url.ParseQuery(d.Extra)
	return v
}

type draftStatus struct {
	Message string
	Failed  bool
}

// saveDraft is the autosave endpoint (htmx) and the "Concept opslaan" button (without JavaScript).
func (s *Server) saveDraft(c echo.Context) error {
	ctx := c.Request().Context()
	st := state(c)
	in := s.readDraftInput(c)
	kind, ok := draftKinds[in.Kind]
	if !ok || !kind.role.fits(st.User.Role) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if kind.role == patient {
		// The route is any account's (staff save drafts too), so the access layer set no patient in
		// view: a portal's draft is about the patient whose portal it is, and logged on their behalf; on
		// someone else's portal only where the authorisation lets the user write.
		if err := s.portalPatient(c); err != nil && !errors.Is(err, errPortalClosed) && !errors.Is(err, errNoPortal) {
			return err
		}
		if st.Patient == nil || (st.Grant != nil && !st.Grant.allows(kind.area, http.MethodPost)) {
			return echo.NewHTTPError(http.StatusNotFound)
		}
	}
	var inView int64
	if st.Patient != nil {
		inView = st.Patient.ID
	}
	patient, err := kind.owns(ctx, s, inView, in.Target)
	if err != nil {
		return err
	}
	if patient == 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	tr := s.tr(c)
	kept, err := s.keepDraft(c, patient, in)
	if err != nil {
		return err
	}
	if !kept {
		return s.render(c, http.StatusRequestEntityTooLarge, "drafts", draftStatus{Message: tr.T("drafts.too_long"), Failed: true})
	}
	now := s.clock.Now()
	// A late, older save is not stored, but a newer one is: either way the text is safe.
	if c.Request().Header.Get("HX-Request") != "true" {
		return redirectWithNotice(c, localPath(c.FormValue("terug")), draftSavedNotice)
	}
	return s.render(c, http.StatusOK, "drafts", draftStatus{Message: tr.T("drafts.saved_at", "Time", tr.Clock(now))})
}

// keepDraft stores the user's draft about patientID (checked by the caller to be the user's), unless a
// field is longer than a draft may be: then it reports false and stores nothing.
func (s *Server) keepDraft(c echo.Context, patientID int64, in draftInput) (bool, error) {
	if utf8.RuneCountInString(in.Body) > maxDraftLength || utf8.RuneCountInString(in.Title) > maxDraftLength ||
		utf8.RuneCountInString(in.Extra) > maxLine { // a date and two ids
		return false, nil
	}
	if in.Target == draftNew {
		in.Target = newDraft(c)
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.SaveDraft(ctx, queries.SaveDraftParams{UserID: state(c).User.ID, Kind: in.Kind, Target: in.Target,
			Title: in.Title, Body: in.Body, Extra: in.Extra, Version: in.Version, UpdatedAt: s.clock.Now()})
		if errors.Is(err, sql.ErrNoRows) { // a late, older save: the newer draft stays, nothing changed
			return nil
		}
		if err != nil {
			return err
		}
		cl.add(objDraft, id, patientID)
		return nil
	})
	return err == nil, err
}

// draftFor loads the user's draft of kind and target, nil when there is none.
func (s *Server) draftFor(ctx context.Context, userID int64, kind, target string) (*queries.Draft, error) {
	d, err := s.db.R.GetDraft(ctx, queries.GetDraftParams{UserID: userID, Kind: kind, Target: target})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// An empty draft is kept (so that a late, older save cannot bring back deleted text) but is none.
	if strings.TrimSpace(d.Title) == "" && strings.TrimSpace(d.Body) == "" {
		return nil, nil
	}
	return &d, nil
}

// dropDraft forgets a draft once what it was for is saved for real.
func (s *Server) dropDraft(ctx context.Context, q *queries.Queries, userID int64, kind, target string) error {
	return q.DeleteDraft(ctx, queries.DeleteDraftParams{UserID: userID, Kind: kind, Target: target})
}

// draftSavedNotice is the notice of a draft saved with "Concept opslaan".
const draftSavedNotice = "drafts.notice_saved"

// showRestored makes the page say that its form holds the user's saved draft d (if any), unless the page
// already says that the draft was just saved.
func (s *Server) showRestored(c echo.Context, d *queries.Draft) {
	if d == nil || c.QueryParam(noticeParam) == draftSavedNotice {
		return
	}
	setNotice(c, "drafts.notice_restored", "When", s.tr(c).DayTime(d.UpdatedAt))
}
