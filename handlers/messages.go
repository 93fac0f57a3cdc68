package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/mail"
	"balie/internal/outbox"
	"balie/queries"
)

// Messages ("Berichten", seed 001): written conversations between the patient and the practice. No
// attachments. A clear line on every page: urgent matters go by phone or 112. What the patient types
// is kept as a draft (drafts.go) until it is sent. The patient gets a mail saying only that a message
// is waiting; practitioners get one if they asked for it.

const (
	maxSubject     = 150
	maxMessageBody = 10_000
	teamTarget     = "team" // the "to" value for the whole team
)

func init() {
	ownsThread := func(ctx context.Context, s *Server, userID int64, target string) (bool, error) {
		id, err := strconv.ParseInt(target, 10, 64)
		if err != nil {
			return false, nil
		}
		_, err = s.db.R.GetPatientThread(ctx, queries.GetPatientThreadParams{ID: id, PatientID: userID})
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	draftKinds["message"] = draftKind{role: "patient", owns: func(_ context.Context, _ *Server, _ int64, target string) (bool, error) {
		return target == draftNew, nil
	}}
	draftKinds["reply"] = draftKind{role: "patient", owns: ownsThread}
}

// messagesEnabled tells whether the clinic offers messages; when it does not, the area is not there.
func (s *Server) messagesEnabled(ctx context.Context) (bool, error) {
	clinic, err := s.clinic(ctx)
	return err == nil && clinic.MessagesEnabled == 1, err
}

func (s *Server) requireMessages(c echo.Context) error {
	on, err := s.messagesEnabled(c.Request().Context())
	if err != nil {
		return err
	}
	if !on {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return nil
}

type threadList struct {
	Threads []queries.ListPatientThreadsRow
	Draft   *queries.Draft
}

// messages lists the patient's conversations.
func (s *Server) messages(c echo.Context) error {
	if err := s.requireMessages(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := state(c).User
	if err := s.logAccess(c, "messages", 0, accesslog.ActionList, me.ID); err != nil {
		return err
	}
	threads, err := s.db.R.ListPatientThreads(ctx, me.ID)
	if err != nil {
		return err
	}
	draft, err := s.draftFor(ctx, me.ID, "message", draftNew)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "messages", threadList{Threads: threads, Draft: draft})
}

type messageForm struct {
	Practitioners []queries.ListPractitionersRow
	To            string
	Subject       string
	Body          string
	Restored      bool
	DraftSaved    bool
	ToError       string
	SubjectError  string
	BodyError     string
}

func (s *Server) messageFormData(c echo.Context, f messageForm) (messageForm, error) {
	var err error
	f.Practitioners, err = s.db.R.ListPractitioners(c.Request().Context())
	return f, err
}

// newMessage is the form for a new conversation, filled from its draft.
func (s *Server) newMessage(c echo.Context) error {
	if err := s.requireMessages(c); err != nil {
		return err
	}
	me := state(c).User
	f := messageForm{DraftSaved: c.QueryParam("concept") == "opgeslagen"}
	if me.PractitionerID.Valid {
		f.To = strconv.FormatInt(me.PractitionerID.Int64, 10)
	}
	d, err := s.draftFor(c.Request().Context(), me.ID, "message", draftNew)
	if err != nil {
		return err
	}
	if d != nil {
		f.Subject, f.Body, f.Restored = d.Title, d.Body, true
		if d.Extra != "" {
			f.To = d.Extra
		}
	}
	if f, err = s.messageFormData(c, f); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "message_new", f)
}

// checkBody checks a message's text; the form keeps it whatever happens.
func (s *Server) checkBody(c echo.Context, body string) string {
	switch n := utf8.RuneCountInString(body); {
	case strings.TrimSpace(body) == "":
		return s.tr(c).T("messages.body_required")
	case n > maxMessageBody:
		return s.tr(c).T("messages.body_too_long", "Max", maxMessageBody, "Count", n)
	}
	return ""
}

// sendMessage starts a conversation with a practitioner or the team.
func (s *Server) sendMessage(c echo.Context) error {
	if err := s.requireMessages(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := state(c).User
	tr := s.tr(c)
	f := messageForm{To: c.FormValue("aan"), Subject: strings.TrimSpace(c.FormValue("titel")), Body: cleanText(c.FormValue("tekst"))}
	f, err := s.messageFormData(c, f)
	if err != nil {
		return err
	}
	var to sql.NullInt64
	if f.To != teamTarget {
		id, _ := strconv.ParseInt(f.To, 10, 64)
		for _, p := range f.Practitioners {
			if p.ID == id {
				to = sql.NullInt64{Int64: id, Valid: true}
			}
		}
		if !to.Valid {
			f.ToError = tr.T("messages.to_required")
		}
	}
	switch n := utf8.RuneCountInString(f.Subject); {
	case n == 0:
		f.SubjectError = tr.T("messages.subject_required")
	case n > maxSubject:
		f.SubjectError = tr.T("messages.subject_too_long", "Max", maxSubject)
	}
	f.BodyError = s.checkBody(c, f.Body)
	if f.ToError != "" || f.SubjectError != "" || f.BodyError != "" {
		return s.render(c, http.StatusUnprocessableEntity, "message_new", f)
	}
	now := s.clock.Now()
	var id int64
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if id, err = q.CreateThread(ctx, queries.CreateThreadParams{PatientID: me.ID, PractitionerID: to, Kind: "message",
			Subject: f.Subject, CreatedAt: now, LastMessageAt: now}); err != nil {
			return err
		}
		if err := q.AddMessage(ctx, queries.AddMessageParams{ThreadID: id, SenderID: me.ID, Body: f.Body, SentAt: now}); err != nil {
			return err
		}
		if err := s.dropDraft(ctx, q, me.ID, "message", draftNew); err != nil {
			return err
		}
		return s.noticeToPractitioner(ctx, q, to, id)
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	if err := s.logAccess(c, "message_thread", id, accesslog.ActionChange, me.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/berichten/"+strconv.FormatInt(id, 10)+"?melding=verstuurd")
}

// noticeToPractitioner mails the practitioner written to that a message waits, if they asked for it.
// The mail names no patient and holds nothing of the message.
func (s *Server) noticeToPractitioner(ctx context.Context, q *queries.Queries, to sql.NullInt64, threadID int64) error {
	if !to.Valid {
		return nil
	}
	p, err := q.GetStaffMember(ctx, to.Int64)
	if err != nil || p.NotifyMessages == 0 {
		return err
	}
	clinic, err := q.GetClinic(ctx)
	if err != nil {
		return err
	}
	m, err := mail.Compose(s.views.Translator(p.Locale), clinic, "staff_new_message", map[string]any{
		"Name": p.FullName(), "Link": s.absoluteURL("/praktijk/berichten/" + strconv.FormatInt(threadID, 10))})
	if err != nil {
		return err
	}
	return outbox.EnqueueEmail(ctx, q, s.clock.Now(), p.Email, p.Locale, m)
}

type threadPage struct {
	Thread   queries.MessageThread
	With     string // who the conversation is with
	Messages []queries.ListThreadMessagesRow
	Reply    string
	Restored bool
	Error    string
	Notice   string
	Staff    bool
	Assignee []queries.User // staff: who it can be given to
}

var threadNotices = map[string]string{"verstuurd": "messages.notice_sent", "afgehandeld": "inbox.notice_handled",
	"open": "inbox.notice_open", "toegewezen": "inbox.notice_assigned"}

// patientThread finds the signed-in patient's conversation named in the URL; another's is a 404.
func (s *Server) patientThread(c echo.Context) (queries.MessageThread, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return queries.MessageThread{}, echo.NewHTTPError(http.StatusNotFound)
	}
	t, err := s.db.R.GetPatientThread(c.Request().Context(), queries.GetPatientThreadParams{ID: id, PatientID: state(c).User.ID})
	if errors.Is(err, sql.ErrNoRows) {
		return t, echo.NewHTTPError(http.StatusNotFound)
	}
	return t, err
}

func (s *Server) threadData(c echo.Context, t queries.MessageThread, page threadPage) (threadPage, error) {
	ctx := c.Request().Context()
	page.Thread = t
	var err error
	if page.Messages, err = s.db.R.ListThreadMessages(ctx, t.ID); err != nil {
		return page, err
	}
	page.With = s.tr(c).T("messages.team")
	if t.PractitionerID.Valid {
		if p, err := s.db.R.GetStaffMember(ctx, t.PractitionerID.Int64); err == nil {
			page.With = p.FullName()
		}
	}
	return page, nil
}

// thread shows a conversation to the patient and marks the practice's messages read.
func (s *Server) thread(c echo.Context) error {
	if err := s.requireMessages(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := state(c).User
	t, err := s.patientThread(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, "message_thread", t.ID, accesslog.ActionRead, me.ID); err != nil {
		return err
	}
	if err := s.db.W.MarkReadByPatient(ctx, queries.MarkReadByPatientParams{Now: sqlTime(s.clock.Now()), ThreadID: t.ID, PatientID: me.ID}); err != nil {
		return err
	}
	page := threadPage{Notice: threadNotices[c.QueryParam("melding")]}
	if d, err := s.draftFor(ctx, me.ID, "reply", strconv.FormatInt(t.ID, 10)); err != nil {
		return err
	} else if d != nil {
		page.Reply, page.Restored = d.Body, true
	}
	if page, err = s.threadData(c, t, page); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "message_thread", page)
}

// reply adds the patient's message to a conversation.
func (s *Server) reply(c echo.Context) error {
	if err := s.requireMessages(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := state(c).User
	t, err := s.patientThread(c)
	if err != nil {
		return err
	}
	body := cleanText(c.FormValue("tekst"))
	if problem := s.checkBody(c, body); problem != "" {
		page, err := s.threadData(c, t, threadPage{Reply: body, Error: problem})
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "message_thread", page)
	}
	now := s.clock.Now()
	target := strconv.FormatInt(t.ID, 10)
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := q.AddMessage(ctx, queries.AddMessageParams{ThreadID: t.ID, SenderID: me.ID, Body: body, SentAt: now}); err != nil {
			return err
		}
		if err := q.PatientWroteInThread(ctx, queries.PatientWroteInThreadParams{LastMessageAt: now, ID: t.ID}); err != nil {
			return err
		}
		if err := s.dropDraft(ctx, q, me.ID, "reply", target); err != nil {
			return err
		}
		to := t.AssignedTo
		if !to.Valid {
			to = t.PractitionerID
		}
		return s.noticeToPractitioner(ctx, q, to, t.ID)
	})
	if err != nil {
		return err
	}
	s.wakeOutbox()
	if err := s.logAccess(c, "message_thread", t.ID, accesslog.ActionChange, me.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/berichten/"+target+"?melding=verstuurd")
}
