package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// The practice's queue of repeat prescriptions, like the inboxes: mine (assigned to me), team (no one
// has it yet) or all, open (oldest first: first come, first served) or with the handled ones (newest
// first). A request opens beside the patient's current medication; staff pick it up ("in behandeling",
// for themselves or a colleague), send it to the pharmacy or refuse it with a reason. The patient gets a
// mail that something changed, never what.

const (
	repeatQueuePath    = "/praktijk/herhaalrecepten"
	repeatQueuePerPage = 25
	maxRefuseReason    = 1000
)

// repeatQueueRow is one request in the queue; the queue's four queries return the same columns.
type repeatQueueRow = queries.ListOpenRepeatQueueAfterRow

type repeatQueuePage struct {
	Scope    string
	OpenOnly bool
	Rows     []repeatQueueRow
	Pager    pager
}

// URL is the queue's address with another scope or filter (from its first page).
func (p repeatQueuePage) URL(scope string, openOnly bool) string {
	return repeatQueuePath + "?" + inboxFilters(scope, openOnly).Encode()
}

// Name is a listed request's patient.
func (repeatQueuePage) Name(r repeatQueueRow) string {
	return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
}

// repeatQueue lists a page of the queue; each listed patient's access is logged.
func (s *Server) repeatQueue(c echo.Context) error {
	ctx := c.Request().Context()
	page := repeatQueuePage{Scope: c.QueryParam("lijst"), OpenOnly: c.QueryParam("ook") != "afgehandeld"}
	if _, ok := inboxScopes[page.Scope]; !ok {
		page.Scope = "mijn"
	}
	keep := inboxFilters(page.Scope, page.OpenOnly)
	cur := readCursor[int64](c)
	rows, err := s.findRepeatRequests(ctx, page, state(c).User.ID, cur)
	if err != nil {
		return err
	}
	page.Rows, page.Pager = pageOf(rows, repeatQueuePerPage, cur, func(r repeatQueueRow) int64 { return r.ID }, repeatQueuePath, keep)
	if len(page.Rows) == 0 && cur.Set {
		return toFirstPage(c, repeatQueuePath, keep)
	}
	page.Pager.Words = "herhaalrecepten_praktijk"
	if len(rows) > 0 {
		page.Pager.Count = rows[0].Total
	}
	var patients []int64
	for _, r := range page.Rows {
		if !slices.Contains(patients, r.PatientID) {
			patients = append(patients, r.PatientID)
		}
	}
	if err := s.logAccess(c, objRepeatRequest, 0, accesslog.ActionList, patients...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "herhaalrecepten_praktijk", page)
}

// findRepeatRequests reads one page and one more of the queue p shows to staff member me, from cur.
func (s *Server) findRepeatRequests(ctx context.Context, p repeatQueuePage, me int64, cur cursor[int64]) ([]repeatQueueRow, error) {
	arg := queries.ListOpenRepeatQueueAfterParams{Today: localDate(s.clock.Now()), Scope: inboxScopes[p.Scope],
		StaffID: sql.NullInt64{Int64: me, Valid: true}, Cap: countCap + 1, Cursor: cur.Key, Limit: repeatQueuePerPage + 1}
	switch {
	case p.OpenOnly && !cur.Back:
		return s.db.R.ListOpenRepeatQueueAfter(ctx, arg)
	case p.OpenOnly:
		rows, err := s.db.R.ListOpenRepeatQueueBefore(ctx, queries.ListOpenRepeatQueueBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListOpenRepeatQueueBeforeRow) repeatQueueRow { return repeatQueueRow(r) })
	case !cur.Back:
		rows, err := s.db.R.ListRepeatQueueAfter(ctx, queries.ListRepeatQueueAfterParams(arg))
		return convertRows(rows, err, func(r queries.ListRepeatQueueAfterRow) repeatQueueRow { return repeatQueueRow(r) })
	default:
		rows, err := s.db.R.ListRepeatQueueBefore(ctx, queries.ListRepeatQueueBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListRepeatQueueBeforeRow) repeatQueueRow { return repeatQueueRow(r) })
	}
}

// openRepeatRequests is the number beside the queue in the menu, counted with the conversations
// (waitingFor): no statement of its own.
func (b *badges) openRepeatRequests() (int64, error) {
	w, err := b.waitingFor()
	return w.RepeatRequests, err
}

// repeatRequestPage is one request, the patient's current medication beside it, and what staff can do.
type repeatRequestPage struct {
	views.Form // the refusal's reason (reden) and the colleague to assign it to (aan)
	queries.GetRepeatRequestForStaffRow
	Medication []queries.ListRepeatPatientMedicationRow
	Staff      []views.Option
	Me         int64
}

// Name is the patient's.
func (p repeatRequestPage) Name() string {
	return queries.FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// Open reports whether the request still waits for an answer.
func (p repeatRequestPage) Open() bool { return !p.HandledAt.Valid }

// Label is how a medication reads: "Metformine 500 mg tablet".
func (repeatRequestPage) Label(m queries.ListRepeatPatientMedicationRow) string {
	return strings.Join(strings.Fields(m.Name+" "+m.Strength+" "+m.Form), " ")
}

// findRepeatRequest finds the request in the URL (any staff member may open any; an unknown id is a 404).
func (s *Server) findRepeatRequest(c echo.Context) (queries.GetRepeatRequestForStaffRow, error) {
	return lookup(s, c, "id", objRepeatRequest, 0, s.db.R.GetRepeatRequestForStaff)
}

func (s *Server) repeatRequest(c echo.Context) error {
	r, err := s.findRepeatRequest(c)
	if err != nil {
		return err
	}
	page := repeatRequestPage{GetRepeatRequestForStaffRow: r}
	if r.AssignedTo.Valid {
		page.Set("aan", strconv.FormatInt(r.AssignedTo.Int64, 10))
	}
	return s.showRepeatRequest(c, http.StatusOK, page)
}

// showRepeatRequest reads the patient's medication and the staff to assign to, logs the read and shows
// the request.
func (s *Server) showRepeatRequest(c echo.Context, status int, page repeatRequestPage) error {
	ctx := c.Request().Context()
	var err error
	page.Me = state(c).User.ID
	if page.Medication, err = s.db.R.ListRepeatPatientMedication(ctx, queries.ListRepeatPatientMedicationParams{
		RequestID: page.ID, PatientID: page.PatientID, Today: localDate(s.clock.Now())}); err != nil {
		return err
	}
	staff, err := s.db.R.ListStaff(ctx)
	if err != nil {
		return err
	}
	for _, m := range staff {
		page.Staff = append(page.Staff, views.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.FullName()})
	}
	if err := s.logAccess(c, objRepeatRequest, page.ID, accesslog.ActionRead, page.PatientID); err != nil {
		return err
	}
	return s.render(c, status, "herhaalrecepten_praktijk_request", page)
}

// errRepeatHandled: the request was answered meanwhile (another tab, a colleague); nothing is written.
var errRepeatHandled = errors.New("repeat request already handled")

// assignRepeatRequest picks the request up: for the staff member (aan = their id, the "Ik pak het op"
// button) or a colleague. It is then in behandeling.
func (s *Server) assignRepeatRequest(c echo.Context) error {
	r, err := s.findRepeatRequest(c)
	if err != nil {
		return err
	}
	to, err := strconv.ParseInt(c.FormValue("aan"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if _, err := s.db.R.GetStaffMember(c.Request().Context(), to); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	return s.changeRepeatRequest(c, r, "herhaalrecepten_praktijk.notice_assigned", func(ctx context.Context, q *queries.Queries) (int64, error) {
		return q.AssignRepeatRequest(ctx, queries.AssignRepeatRequestParams{AssignedTo: sql.NullInt64{Int64: to, Valid: true}, ID: r.ID})
	})
}

// approveRepeatRequest sends the prescription to the pharmacy.
func (s *Server) approveRepeatRequest(c echo.Context) error {
	r, err := s.findRepeatRequest(c)
	if err != nil {
		return err
	}
	return s.changeRepeatRequest(c, r, "herhaalrecepten_praktijk.notice_approved", s.closeRepeatRequest(c, r.ID, "naar_apotheek", ""))
}

// refuseRepeatRequest refuses the request with a reason the patient reads (required).
func (s *Server) refuseRepeatRequest(c echo.Context) error {
	r, err := s.findRepeatRequest(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(cleanText(c.FormValue("reden")))
	page := repeatRequestPage{GetRepeatRequestForStaffRow: r}
	page.Set("reden", reason)
	checkText(&page.Form, "reden", reason, "herhaalrecepten_praktijk.reason_required", maxRefuseReason)
	if page.Failed() {
		return s.showRepeatRequest(c, http.StatusUnprocessableEntity, page)
	}
	return s.changeRepeatRequest(c, r, "herhaalrecepten_praktijk.notice_refused", s.closeRepeatRequest(c, r.ID, "afgewezen", reason))
}

// closeRepeatRequest is the write that approves or refuses request id, handled by the one who acts.
func (s *Server) closeRepeatRequest(c echo.Context, id int64, to, reason string) func(context.Context, *queries.Queries) (int64, error) {
	return func(ctx context.Context, q *queries.Queries) (int64, error) {
		return q.CloseRepeatRequest(ctx, queries.CloseRepeatRequestParams{State: to, RefuseReason: reason, Now: sqlTime(s.clock.Now()),
			HandledBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, ID: id})
	}
}

// changeRepeatRequest runs write (an UPDATE of an open request) in one change with its access-log row
// and the patient's mail. A request handled meanwhile is said on its page and changes nothing.
func (s *Server) changeRepeatRequest(c echo.Context, r queries.GetRepeatRequestForStaffRow, notice string,
	write func(context.Context, *queries.Queries) (int64, error)) error {
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := write(ctx, q)
		if err != nil {
			return err
		}
		if n == 0 {
			return errRepeatHandled
		}
		cl.add(objRepeatRequest, r.ID, r.PatientID)
		return s.mailRepeat(ctx, q, r.Email, r.Locale, queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName), "herhaalrecepten_changed", r.ReadyOn)
	})
	if errors.Is(err, errRepeatHandled) {
		if r, err = s.findRepeatRequest(c); err != nil {
			return err
		}
		page := repeatRequestPage{GetRepeatRequestForStaffRow: r}
		page.Fail("", "herhaalrecepten_praktijk.handled")
		return s.showRepeatRequest(c, http.StatusConflict, page)
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, repeatQueuePath+"/"+strconv.FormatInt(r.ID, 10), notice)
}
