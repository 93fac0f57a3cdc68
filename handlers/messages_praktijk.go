package handlers

import (
	"context"
	"database/sql"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// The back office's inbox: conversations written to the staff member ("mijn"), to the team ("team")
// or all of them, open or handled; staff read, reply, assign to a colleague and mark handled. A reply
// mails the patient that a message is waiting, nothing more.

const inboxPageSize = 50

// anyThread: staff may draft a reply in any conversation of the clinic; the draft is about its patient.
func anyThread(ctx context.Context, s *Server, _ int64, target string) (int64, error) {
	return targetFound(target, func(id int64) (int64, error) {
		t, err := s.db.R.GetThread(ctx, id)
		return t.PatientID, err
	})
}

// inboxRow is one conversation in a queue; the queue's four queries return the same columns.
type inboxRow = queries.ListInboxAfterRow

// threadKey is a queue's cursor (handlers/paging.go): where a conversation sorts, newest first. It is
// the sort key itself rather than the conversation's id: a conversation moves to the top whenever
// someone writes in it, and a page must not follow it there.
type threadKey struct {
	At time.Time `json:"t"`
	ID int64     `json:"i"`
}

func threadKeyOf(t inboxRow) threadKey { return threadKey{At: t.LastMessageAt, ID: t.ID} }

// inboxTop sorts before every conversation: the key the first page is read after.
var inboxTop = threadKey{At: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), ID: math.MaxInt64}

type inboxPage struct {
	Kind     string // "message" or "econsult": each has its own queue
	Base     string // the queue's address
	Scope    string
	OpenOnly bool
	Threads  []inboxRow
	Pager    pager
	Notify   bool // this staff member gets a mail when a patient writes to them
}

var inboxScopes = map[string]string{"mijn": "mine", "team": "team", "alle": "all"}

// inboxFilters are the query values of the inbox with another scope or filter.
func inboxFilters(scope string, openOnly bool) url.Values {
	v := url.Values{"lijst": {scope}}
	if !openOnly {
		v.Set("ook", "afgehandeld")
	}
	return v
}

// URL is the inbox's address with another scope or filter (from its first page).
func (p inboxPage) URL(scope string, openOnly bool) string {
	return p.Base + "?" + inboxFilters(scope, openOnly).Encode()
}

// inbox is a queue of one kind of conversation: its route's area says which.
func (s *Server) inbox(c echo.Context) error {
	me := state(c).User
	page := inboxPage{Base: c.Path(), Kind: "message", Scope: c.QueryParam("lijst"),
		OpenOnly: c.QueryParam("ook") != "afgehandeld", Notify: me.NotifyMessages == 1}
	if state(c).Area == "econsult" {
		page.Kind = "econsult"
	}
	if _, ok := inboxScopes[page.Scope]; !ok {
		page.Scope = "mijn"
	}
	keep := inboxFilters(page.Scope, page.OpenOnly)
	cur := readCursor[threadKey](c)
	rows, err := s.findThreads(c.Request().Context(), page, me.ID, cur)
	if err != nil {
		return err
	}
	page.Threads, page.Pager = pageOf(rows, inboxPageSize, cur, threadKeyOf, page.Base, keep)
	if len(page.Threads) == 0 && cur.Set {
		return toFirstPage(c, page.Base, keep)
	}
	page.Pager.Words = "messages_praktijk"
	// The list shows patients' names and subjects: one access-log row per patient in it.
	var patients []int64
	for _, t := range page.Threads {
		if !slices.Contains(patients, t.PatientID) {
			patients = append(patients, t.PatientID)
		}
	}
	if err := s.logAccess(c, "inbox_"+page.Kind, 0, accesslog.ActionList, patients...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "messages_praktijk", page)
}

// findThreads reads one page and one more of the queue p shows to staff member me, from cur.
func (s *Server) findThreads(ctx context.Context, p inboxPage, me int64, cur cursor[threadKey]) ([]inboxRow, error) {
	key := cur.Key
	if !cur.Set {
		key = inboxTop
	}
	arg := queries.ListInboxAfterParams{Scope: inboxScopes[p.Scope], StaffID: sql.NullInt64{Int64: me, Valid: true},
		Kind: p.Kind, At: key.At, ID: key.ID, Limit: inboxPageSize + 1}
	switch {
	case p.OpenOnly && !cur.Back:
		rows, err := s.db.R.ListOpenInboxAfter(ctx, queries.ListOpenInboxAfterParams(arg))
		return convertRows(rows, err, func(r queries.ListOpenInboxAfterRow) inboxRow { return inboxRow(r) })
	case p.OpenOnly:
		rows, err := s.db.R.ListOpenInboxBefore(ctx, queries.ListOpenInboxBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListOpenInboxBeforeRow) inboxRow { return inboxRow(r) })
	case !cur.Back:
		return s.db.R.ListInboxAfter(ctx, arg)
	default:
		rows, err := s.db.R.ListInboxBefore(ctx, queries.ListInboxBeforeParams(arg))
		return convertRows(rows, err, func(r queries.ListInboxBeforeRow) inboxRow { return inboxRow(r) })
	}
}

// staffThread finds the conversation in the URL (any patient's: staff work for the whole clinic).
func (s *Server) staffThread(c echo.Context) (queries.MessageThread, error) {
	return lookup(s, c, "id", objThread, 0, s.db.R.GetThread)
}

func (s *Server) staffThreadPage(c echo.Context, t queries.MessageThread, page threadPage) (threadPage, error) {
	page.Staff = true
	page, err := s.threadData(c, t, page)
	if err != nil {
		return page, err
	}
	page.Assignee, err = s.db.R.ListStaff(c.Request().Context())
	return page, err
}

func (s *Server) inboxThread(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.staffThread(c)
	if err != nil {
		return err
	}
	var page threadPage
	if d, err := s.draftFor(ctx, state(c).User.ID, "staff_reply", strconv.FormatInt(t.ID, 10)); err != nil {
		return err
	} else if d != nil {
		page.Set("tekst", d.Body)
		s.showRestored(c, d)
	}
	if page, err = s.staffThreadPage(c, t, page); err != nil {
		return err
	}
	// Marked read once the read is logged (staffThreadPage): part of reading, not a change of its own.
	if err := s.db.W.MarkReadByStaff(ctx, queries.MarkReadByStaffParams{Now: sqlTime(s.clock.Now()), ThreadID: t.ID, PatientID: t.PatientID}); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "messages_thread", page)
}

// staffReply answers the patient; the conversation counts as handled, and the patient gets a mail that
// a message is waiting.
func (s *Server) staffReply(c echo.Context) error {
	ctx := c.Request().Context()
	me := state(c).User
	t, err := s.staffThread(c)
	if err != nil {
		return err
	}
	body := cleanText(c.FormValue("tekst"))
	var page threadPage
	if page.reply(body); page.Failed() {
		page, err := s.staffThreadPage(c, t, page)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "messages_thread", page)
	}
	patient, err := s.db.R.GetPatient(ctx, t.PatientID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	target := strconv.FormatInt(t.ID, 10)
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.AddMessage(ctx, queries.AddMessageParams{ThreadID: t.ID, SenderID: me.ID, Body: body, SentAt: now}); err != nil {
			return err
		}
		cl.add(objThread, t.ID, t.PatientID)
		if err := q.StaffWroteInThread(ctx, queries.StaffWroteInThreadParams{LastMessageAt: now, ID: t.ID}); err != nil {
			return err
		}
		if _, err := q.SetThreadHandled(ctx, queries.SetThreadHandledParams{HandledAt: sqlTime(now), ID: t.ID}); err != nil {
			return err
		}
		if err := s.dropDraft(ctx, q, me.ID, "staff_reply", target); err != nil {
			return err
		}
		return s.queueMail(ctx, q, patient.Email, patient.Locale, "new_message", map[string]any{
			"Name": patient.FullName(), "Link": s.absoluteURL("/berichten")})
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, "/praktijk/berichten/"+target, "messages.notice_sent")
}

// markHandled marks a conversation handled, or open again (field open=1).
func (s *Server) markHandled(c echo.Context) error {
	t, err := s.staffThread(c)
	if err != nil {
		return err
	}
	at, notice := sqlTime(s.clock.Now()), "messages_praktijk.notice_handled"
	if c.FormValue("open") == "1" {
		at, notice = sql.NullTime{}, "messages_praktijk.notice_open"
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.SetThreadHandled(ctx, queries.SetThreadHandledParams{HandledAt: at, ID: t.ID}); err != nil {
			return err
		}
		cl.add(objThread, t.ID, t.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/berichten/"+strconv.FormatInt(t.ID, 10), notice)
}

// assignThread gives a conversation to a colleague.
func (s *Server) assignThread(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.staffThread(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.FormValue("aan"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if _, err := s.db.R.GetStaffMember(ctx, id); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.AssignThread(ctx, queries.AssignThreadParams{AssignedTo: sql.NullInt64{Int64: id, Valid: true}, ID: t.ID}); err != nil {
			return err
		}
		cl.add(objThread, t.ID, t.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/berichten/"+strconv.FormatInt(t.ID, 10), "messages_praktijk.notice_assigned")
}

// setNotify turns the staff member's own notice mails on or off.
func (s *Server) setNotify(c echo.Context) error {
	on := int64(0)
	if c.FormValue("aan") == "1" {
		on = 1
	}
	if err := s.db.W.SetNotifyMessages(c.Request().Context(), queries.SetNotifyMessagesParams{NotifyMessages: on, ID: state(c).User.ID}); err != nil {
		return err
	}
	return redirectBack(c) // to the queue it was set from
}
