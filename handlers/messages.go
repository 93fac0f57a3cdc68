package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
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

// ownsMessageThread: a reply's draft belongs to one of the patient in view's message threads (an
// e-consult takes no reply).
func ownsMessageThread(ctx context.Context, s *Server, patientID int64, target string) (int64, error) {
	return targetFound(target, func(id int64) (int64, error) {
		t, err := s.db.R.GetPatientThread(ctx, queries.GetPatientThreadParams{ID: id, PatientID: patientID})
		if err == nil && t.Kind != "message" {
			return 0, sql.ErrNoRows
		}
		return t.PatientID, err
	})
}

// messageArea tells which of messages and e-consults the clinic offers, as the table of areas says;
// "Berichten" shows either.
func (s *Server) messageArea(ctx context.Context) (messages, econsult bool, err error) {
	if messages, err = s.on(ctx, areaNamed("messages")); err != nil {
		return false, false, err
	}
	econsult, err = s.on(ctx, areaNamed("econsult"))
	return messages, econsult, err
}

type threadList struct {
	Threads       []queries.ListPatientThreadsRow
	Draft         *queries.Draft // an unsent new message
	EconsultDraft *queries.Draft // an unsent e-consult
	Messages      bool           // the clinic offers messages
	Econsult      bool           // the clinic offers e-consults
}

// messages lists the patient's conversations.
func (s *Server) messages(c echo.Context) error {
	var page threadList
	var err error
	ctx := c.Request().Context()
	if page.Messages, page.Econsult, err = s.messageArea(ctx); err != nil {
		return err
	}
	patient, me := state(c).Patient, state(c).User
	if err := s.logAccess(c, "messages", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	if page.Threads, err = s.db.R.ListPatientThreads(ctx, patient.ID); err != nil {
		return err
	}
	if page.Draft, err = s.draftFor(ctx, me.ID, "message", newDraft(c)); err != nil {
		return err
	}
	if page.EconsultDraft, err = s.draftFor(ctx, me.ID, "econsult", newDraft(c)); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "messages", page)
}

// messageForm is a new conversation: fields aan, titel, tekst and document.
type messageForm struct {
	views.Form
	practitioners []queries.ListPractitionersRow
	ToOptions     []views.Option // the practitioners, and the team
	DocumentChoice
}

func (s *Server) messageFormData(c echo.Context, f messageForm) (messageForm, error) {
	var err error
	if f.practitioners, err = s.db.R.ListPractitioners(c.Request().Context()); err != nil {
		return f, err
	}
	for _, p := range f.practitioners {
		f.ToOptions = append(f.ToOptions, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.FullName()})
	}
	f.ToOptions = append(f.ToOptions, views.Option{Value: teamTarget, Label: s.tr(c).T("messages.team")})
	f.DocumentChoice, err = s.documentChoice(c)
	return f, err
}

// DocumentChoice is the "Verwijzen naar een document" field (document): a message carries no
// attachment, but can point to a document the patient added under "Documenten".
type DocumentChoice struct {
	uploads []queries.ListPatientUploadsRow
	// DocumentOptions are "none" and the patient's own uploads; none at all when they have none.
	DocumentOptions []views.Option
}

// documentChoice offers the patient in view's own uploads.
func (s *Server) documentChoice(c echo.Context) (DocumentChoice, error) {
	uploads, err := s.db.R.ListPatientUploads(c.Request().Context(), state(c).Patient.ID)
	if err != nil || len(uploads) == 0 {
		return DocumentChoice{}, err
	}
	d := DocumentChoice{uploads: uploads, DocumentOptions: []views.Option{{Value: "", Label: s.tr(c).T("messages.document_none")}}}
	for _, u := range uploads {
		d.DocumentOptions = append(d.DocumentOptions, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Title})
	}
	return d, nil
}

// chosen checks the choice sent (kept in f) against the patient's own uploads: none, one of them, or a
// problem recorded in f (of the whole form when there is no field to correct: the patient has none).
func (d DocumentChoice) chosen(f *views.Form, value string) sql.NullInt64 {
	f.Set("document", value)
	if value == "" {
		return sql.NullInt64{}
	}
	for _, doc := range d.uploads {
		if strconv.FormatInt(doc.ID, 10) == value {
			return sql.NullInt64{Int64: doc.ID, Valid: true}
		}
	}
	field := "document"
	if len(d.uploads) == 0 {
		field = ""
	}
	f.Fail(field, "messages.document_invalid")
	return sql.NullInt64{}
}

// newMessage is the form for a new conversation, filled from its draft.
func (s *Server) newMessage(c echo.Context) error { return s.composeMessage(c, "", sql.NullInt64{}) }

// composeMessage is the form for a new conversation, filled from its draft; a subject and practitioner
// given (a question about a medicine) take the place of the draft's, and the draft's text is kept.
func (s *Server) composeMessage(c echo.Context, subject string, to sql.NullInt64) error {
	patient, me := state(c).Patient, state(c).User
	f := messageForm{}
	if patient.PractitionerID.Valid {
		f.Set("aan", strconv.FormatInt(patient.PractitionerID.Int64, 10))
	}
	d, err := s.draftFor(c.Request().Context(), me.ID, "message", newDraft(c))
	if err != nil {
		return err
	}
	if d != nil {
		f.Set("titel", d.Title)
		f.Set("tekst", d.Body)
		s.showRestored(c, d)
		extra := extraOf(d)
		if to := extra.Get("aan"); to != "" {
			f.Set("aan", to)
		}
		f.Set("document", extra.Get("document"))
	}
	if f, err = s.messageFormData(c, f); err != nil {
		return err
	}
	if subject != "" {
		f.Set("titel", subject)
	}
	for _, p := range f.practitioners { // only a practitioner one can still write to
		if to.Valid && p.ID == to.Int64 {
			f.Set("aan", strconv.FormatInt(p.ID, 10))
		}
	}
	return s.render(c, http.StatusOK, "messages_new", f)
}

// sendMessage starts a conversation with a practitioner or the team.
func (s *Server) sendMessage(c echo.Context) error {
	f, err := s.messageFormData(c, messageForm{})
	if err != nil {
		return err
	}
	// Checked in the order of the page.
	toValue, subject, body := c.FormValue("aan"), strings.TrimSpace(c.FormValue("titel")), cleanText(c.FormValue("tekst"))
	f.Set("aan", toValue)
	var to sql.NullInt64
	if toValue != teamTarget {
		id, _ := strconv.ParseInt(toValue, 10, 64)
		for _, p := range f.practitioners {
			if p.ID == id {
				to = sql.NullInt64{Int64: id, Valid: true}
			}
		}
		if !to.Valid {
			f.Fail("aan", "messages.to_required")
		}
	}
	f.Set("titel", subject)
	checkText(&f.Form, "titel", subject, "messages.subject_required", maxSubject)
	f.Set("tekst", body)
	checkText(&f.Form, "tekst", body, "messages.body_required", maxMessageBody)
	doc := f.chosen(&f.Form, c.FormValue("document"))
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "messages_new", f)
	}
	id, err := s.startThread(c, "message", to, subject, queries.AddMessageParams{Body: body, DocumentID: doc}, nil)
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/berichten/"+strconv.FormatInt(id, 10), "messages.notice_sent")
}

// startThread starts the patient in view's conversation of kind ("message" or "econsult", also the
// kind of its draft, which it drops) with first as its first message, and tells the practitioner.
// along runs in the same transaction with the new message's id (an e-consult's photos).
func (s *Server) startThread(c echo.Context, kind string, to sql.NullInt64, subject string, first queries.AddMessageParams,
	along func(ctx context.Context, q *queries.Queries, messageID int64) error) (int64, error) {
	patient, me := state(c).Patient, state(c).User
	now := s.clock.Now()
	var id int64
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if id, err = q.CreateThread(ctx, queries.CreateThreadParams{PatientID: patient.ID, PractitionerID: to, Kind: kind,
			Subject: subject, CreatedAt: now, LastMessageAt: now}); err != nil {
			return err
		}
		cl.add(objThread, id, patient.ID)
		first.ThreadID, first.SenderID, first.SentAt = id, me.ID, now
		msg, err := q.AddMessage(ctx, first)
		if err != nil {
			return err
		}
		if along != nil {
			if err := along(ctx, q, msg); err != nil {
				return err
			}
		}
		if err := s.dropDraft(ctx, q, me.ID, kind, newDraft(c)); err != nil {
			return err
		}
		return s.noticeToPractitioner(ctx, q, to, id)
	})
	if err != nil {
		return 0, err
	}
	s.wakeOutbox()
	return id, nil
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
	return s.queueMail(ctx, q, p.Email, p.Locale, "staff_new_message", map[string]any{
		"Name": p.FullName(), "Link": s.absoluteURL("/praktijk/berichten/" + strconv.FormatInt(threadID, 10))})
}

type threadPage struct {
	Thread   queries.MessageThread
	With     string // who the conversation is with
	Messages []queries.ListThreadMessagesRow
	Photos   map[int64][]queries.ListThreadPhotosRow // by message
	// What the clinic offers: the patient's reply form, or the way to a follow-up e-consult.
	MessagesOn, EconsultOn bool
	// The reply: tekst, and the patient's document.
	views.Form
	DocumentChoice
	Staff    bool
	Assignee []queries.User // staff: who it can be given to
	Patient  queries.User   // staff: whose conversation it is, to open their page and confirm who they are
}

// reply is what was typed as the reply (tekst), kept in the page and checked.
func (p *threadPage) reply(body string) {
	p.Set("tekst", body)
	checkText(&p.Form, "tekst", body, "messages.body_required", maxMessageBody)
}

// patientThread finds the patient in view's conversation named in the URL; another's is a 404.
func (s *Server) patientThread(c echo.Context) (queries.MessageThread, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objThread, patient, func(ctx context.Context, id int64) (queries.MessageThread, error) {
		return s.db.R.GetPatientThread(ctx, queries.GetPatientThreadParams{ID: id, PatientID: patient})
	})
}

// threadData loads a conversation for its page, patient's or practice's, and logs the read.
func (s *Server) threadData(c echo.Context, t queries.MessageThread, page threadPage) (threadPage, error) {
	ctx := c.Request().Context()
	page.Thread = t
	if t.Kind == "econsult" { // the menu marks the area of the conversation's kind
		showArea(c, "econsult")
	} else {
		showArea(c, "messages")
	}
	err := s.logAccess(c, objThread, t.ID, accesslog.ActionRead, t.PatientID)
	if err != nil {
		return page, err
	}
	if page.Messages, err = s.db.R.ListThreadMessages(ctx, t.ID); err != nil {
		return page, err
	}
	photos, err := s.db.R.ListThreadPhotos(ctx, t.ID)
	if err != nil {
		return page, err
	}
	page.Photos = map[int64][]queries.ListThreadPhotosRow{}
	for _, p := range photos {
		page.Photos[p.MessageID.Int64] = append(page.Photos[p.MessageID.Int64], p)
	}
	// Who the conversation is with: for the patient the practitioner (or the team), for staff the patient.
	switch {
	case page.Staff:
		p, err := s.db.R.GetPatient(ctx, t.PatientID)
		if err != nil {
			return page, err
		}
		page.Patient, page.With = p, p.FullName()
	case t.PractitionerID.Valid:
		p, err := s.db.R.GetStaffMember(ctx, t.PractitionerID.Int64)
		if err != nil {
			return page, err
		}
		page.With = p.FullName()
	default:
		page.With = s.tr(c).T("messages.team")
	}
	return page, nil
}

// PhotoURL is the address of a photo in the conversation, for the patient or for the practice.
func (p threadPage) PhotoURL(id int64, thumb bool) string {
	u := "/berichten/fotos/" + strconv.FormatInt(id, 10)
	if p.Staff {
		u = "/praktijk/fotos/" + strconv.FormatInt(id, 10)
	}
	if thumb {
		u += "?formaat=klein"
	}
	return u
}

// DocumentURL is the address of a document a message points to, for the patient or for the practice.
func (p threadPage) DocumentURL(id int64) string {
	if p.Staff {
		return "/praktijk/patienten/" + strconv.FormatInt(p.Thread.PatientID, 10) + "/documenten/" + strconv.FormatInt(id, 10)
	}
	return documentsPath + "/" + strconv.FormatInt(id, 10)
}

// Queue is the list the conversation belongs to: the patient's messages, or the practice's inbox or
// e-consult queue, though an e-consult's page is under /praktijk/berichten.
func (p threadPage) Queue() string {
	switch {
	case !p.Staff:
		return "/berichten"
	case p.Thread.Kind == "econsult":
		return "/praktijk/econsulten"
	}
	return "/praktijk/berichten"
}

// Answered tells whether the practice has written in the conversation.
func (p threadPage) Answered() bool {
	for _, m := range p.Messages {
		if m.SenderID != p.Thread.PatientID {
			return true
		}
	}
	return false
}

// Address is the conversation's page, the patient's or the practice's.
func (p threadPage) Address() string {
	if p.Staff {
		return "/praktijk/berichten/" + strconv.FormatInt(p.Thread.ID, 10)
	}
	return "/berichten/" + strconv.FormatInt(p.Thread.ID, 10)
}

// DraftKind is the kind of the reply's draft (drafts.go).
func (p threadPage) DraftKind() string {
	if p.Staff {
		return "staff_reply"
	}
	return "reply"
}

// CanReply tells whether the patient may answer here: not to an e-consult's answer (seed 002: a
// follow-up is a new e-consult), and only while the clinic offers messages.
func (p threadPage) CanReply() bool { return p.Staff || (p.Thread.Kind == "message" && p.MessagesOn) }

// thread shows a conversation to the patient and marks the practice's messages read.
func (s *Server) thread(c echo.Context) error {
	ctx := c.Request().Context()
	messagesOn, econsultOn, err := s.messageArea(ctx)
	if err != nil {
		return err
	}
	patient, me := state(c).Patient, state(c).User
	t, err := s.patientThread(c)
	if err != nil {
		return err
	}
	page := threadPage{MessagesOn: messagesOn, EconsultOn: econsultOn}
	if d, err := s.draftFor(ctx, me.ID, "reply", strconv.FormatInt(t.ID, 10)); err != nil {
		return err
	} else if d != nil {
		page.Set("tekst", d.Body)
		page.Set("document", extraOf(d).Get("document"))
		s.showRestored(c, d)
	}
	if page, err = s.threadData(c, t, page); err != nil {
		return err
	}
	// Marked read once the read is logged (threadData): the mark is part of reading, not a change of its own.
	// A relative reading along leaves it unread for the patient.
	if !readsAlong(c) {
		if err := s.db.W.MarkReadByPatient(ctx, queries.MarkReadByPatientParams{Now: sqlTime(s.clock.Now()), ThreadID: t.ID, PatientID: patient.ID}); err != nil {
			return err
		}
	}
	if page.CanReply() { // the reply form offers the patient's own documents
		if page.DocumentChoice, err = s.documentChoice(c); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "messages_thread", page)
}

// reply adds the patient's message to a conversation; an e-consult takes no reply (a follow-up is a new one).
func (s *Server) reply(c echo.Context) error {
	patient, me := state(c).Patient, state(c).User
	t, err := s.patientThread(c)
	if err != nil {
		return err
	}
	if t.Kind != "message" {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	page := threadPage{MessagesOn: true}
	if page.DocumentChoice, err = s.documentChoice(c); err != nil {
		return err
	}
	body := cleanText(c.FormValue("tekst"))
	page.reply(body)
	doc := page.chosen(&page.Form, c.FormValue("document"))
	if page.Failed() {
		if page, err = s.threadData(c, t, page); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "messages_thread", page)
	}
	now := s.clock.Now()
	target := strconv.FormatInt(t.ID, 10)
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.AddMessage(ctx, queries.AddMessageParams{ThreadID: t.ID, SenderID: me.ID, Body: body, DocumentID: doc, SentAt: now}); err != nil {
			return err
		}
		cl.add(objThread, t.ID, patient.ID)
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
	return redirectWithNotice(c, "/berichten/"+target, "messages.notice_sent")
}
