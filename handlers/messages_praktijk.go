package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"slices"
	"strconv"

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

type inboxPage struct {
	Kind     string // "message" or "econsult": each has its own queue
	Base     string // the queue's address
	Scope    string
	OpenOnly bool
	Threads  []queries.ListInboxRow
	Page     int  // 1, 2, …: the list shows inboxPageSize conversations a page
	More     bool // there is a next page
	Notify   bool // this staff member gets a mail when a patient writes to them
}

var inboxScopes = map[string]string{"mijn": "mine", "team": "team", "alle": "all"}

// URL is the inbox's address with another scope or filter (from its first page).
func (p inboxPage) URL(scope string, openOnly bool) string {
	v := url.Values{"lijst": {scope}}
	if !openOnly {
		v.Set("ook", "afgehandeld")
	}
	return p.Base + "?" + v.Encode()
}

// PageURL is the address of another page of the same list.
func (p inboxPage) PageURL(page int) string {
	return p.URL(p.Scope, p.OpenOnly) + "&pagina=" + strconv.Itoa(page)
}

// inbox is a queue of one kind of conversation: its route's area says which.
func (s *Server) inbox(c echo.Context) error {
	ctx := c.Request().Context()
	me := state(c).User
	page := inboxPage{Base: c.Path(), Kind: "message", Scope: c.QueryParam("lijst"),
		OpenOnly: c.QueryParam("ook") != "afgehandeld", Notify: me.NotifyMessages == 1}
	if state(c).Area == "econsult" {
		page.Kind = "econsult"
	}
	var err error
	if _, ok := inboxScopes[page.Scope]; !ok {
		page.Scope = "mijn"
	}
	page.Page, _ = strconv.Atoi(c.QueryParam("pagina"))
	page.Page = max(page.Page, 1)
	offset := int64(page.Page-1) * inboxPageSize
	staffID := sql.NullInt64{Int64: me.ID, Valid: true}
	// One more than a page is read to know whether a next page exists.
	if page.OpenOnly {
		rows, err := s.db.R.ListOpenInbox(ctx, queries.ListOpenInboxParams{Kind: page.Kind, Scope: inboxScopes[page.Scope],
			StaffID: staffID, Limit: inboxPageSize + 1, Offset: offset})
		if err != nil {
			return err
		}
		for _, r := range rows {
			page.Threads = append(page.Threads, queries.ListInboxRow(r))
		}
	} else if page.Threads, err = s.db.R.ListInbox(ctx, queries.ListInboxParams{Kind: page.Kind, Scope: inboxScopes[page.Scope],
		StaffID: staffID, Limit: inboxPageSize + 1, Offset: offset}); err != nil {
		return err
	}
	if page.More = len(page.Threads) > inboxPageSize; page.More {
		page.Threads = page.Threads[:inboxPageSize]
	}
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
