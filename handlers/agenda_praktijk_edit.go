package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/queries"
	"balie/views"
)

// Making, moving and cancelling an appointment, and marking a no-show, by staff. Each is one change with
// its access-log row. The patient gets a mail (date, time and practice only) when the appointment exists
// for them at that moment: an appointment not yet published (visible_from) is made, moved and cancelled
// without a word, and one made or moved into its publication shows at once.

const (
	// maxInstructions bounds the practice's instructions to the patient ("Neem uw medicijnen mee"), of
	// an appointment and of a kind.
	maxInstructions = 1000
	maxCancelReason = 500
)

// errNotBooked: the appointment was changed, cancelled or marked meanwhile (after the request read it);
// the change did nothing.
var errNotBooked = errors.New("agenda_praktijk: the appointment is no longer booked")

// appointmentForm is the form of a new appointment (Kinds set) or of a move (Kinds nil).
type appointmentForm struct {
	views.Form
	Action, Back  string
	PatientName   string
	When          string // a move: the appointment's time now
	Kinds         []views.Option
	Practitioners []views.Option
	Extras        []views.Option
	Places        []views.Option
	kinds         []queries.ListAppointmentKindsForStaffRow
	practitioners []queries.ListPractitionersRow
	places        []queries.ListActivePlacesRow
}

// appointmentChoices fills the form's lists: kinds (new appointments only), practitioners and places.
func (s *Server) appointmentChoices(c echo.Context, f *appointmentForm, withKinds bool) error {
	ctx := c.Request().Context()
	tr := s.tr(c)
	var err error
	if withKinds {
		if f.kinds, err = s.db.R.ListAppointmentKindsForStaff(ctx); err != nil {
			return err
		}
		f.Kinds = []views.Option{{Value: "", Label: tr.T("agenda_praktijk.kind_choose")}}
		for _, k := range f.kinds {
			f.Kinds = append(f.Kinds, views.Option{Value: strconv.FormatInt(k.ID, 10),
				Label: tr.T("agenda_praktijk.kind_option", "Name", tr.Pick(k.NameNl, k.NameEn), "Minutes", k.Minutes)})
		}
	}
	if f.practitioners, err = s.db.R.ListPractitioners(ctx); err != nil {
		return err
	}
	f.Extras = []views.Option{{Value: "", Label: tr.T("agenda_praktijk.extra_none")}}
	for _, p := range f.practitioners {
		o := views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.FullName()}
		f.Practitioners = append(f.Practitioners, o)
		f.Extras = append(f.Extras, o)
	}
	if f.places, err = s.db.R.ListActivePlaces(ctx); err != nil {
		return err
	}
	none := "agenda_praktijk.place_none"
	if withKinds {
		none = "agenda_praktijk.place_of_kind"
	}
	f.Places = []views.Option{{Value: "", Label: tr.T(none)}}
	for _, p := range f.places {
		f.Places = append(f.Places, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	return nil
}

// appointmentInput is a checked form.
type appointmentInput struct {
	Kind         queries.ListAppointmentKindsForStaffRow
	Lead, Extra  int64
	Start, End   time.Time
	Place        sql.NullInt64
	Instructions string
}

// formID reads the form's field name as one of ids ("" is 0 when empty is allowed), ok false otherwise.
func formID(c echo.Context, name string, emptyOK bool, has func(int64) bool) (int64, bool) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return 0, emptyOK
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && has(id)
}

// check reads and checks the posted appointment in the order of the page; the form keeps everything
// typed. A new appointment (kind chosen) takes what is left empty from its kind: duration, place and
// instructions (in the patient's language).
func (f *appointmentForm) check(c echo.Context, now time.Time, kind *queries.ListAppointmentKindsForStaffRow, locale string) appointmentInput {
	for _, name := range []string{"soort", "behandelaar", "extra", "datum", "tijd", "duur", "plaats", "instructies"} {
		f.Set(name, strings.TrimSpace(c.FormValue(name)))
	}
	in := appointmentInput{Instructions: cleanText(c.FormValue("instructies"))}
	f.Set("instructies", in.Instructions)
	if kind == nil {
		id, ok := formID(c, "soort", false, func(id int64) bool {
			for _, k := range f.kinds {
				if k.ID == id {
					in.Kind = k
					return true
				}
			}
			return false
		})
		if !ok || id == 0 {
			f.Fail("soort", "agenda_praktijk.kind_required")
		}
	} else {
		in.Kind = *kind
	}
	isPractitioner := func(id int64) bool {
		for _, p := range f.practitioners {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	var ok bool
	if in.Lead, ok = formID(c, "behandelaar", false, isPractitioner); !ok {
		f.Fail("behandelaar", "agenda_praktijk.practitioner_required")
	}
	if in.Extra, ok = formID(c, "extra", true, isPractitioner); !ok || (in.Extra != 0 && in.Extra == in.Lead) {
		f.Fail("extra", "agenda_praktijk.extra_invalid")
	}
	day, dayErr := time.ParseInLocation("2006-01-02", f.Value("datum"), agenda.Zone)
	if dayErr != nil {
		f.Fail("datum", "agenda_praktijk.date_invalid")
	}
	clock, clockErr := time.Parse("15:04", f.Value("tijd"))
	if clockErr != nil {
		f.Fail("tijd", "agenda_praktijk.time_invalid")
	}
	if dayErr == nil && clockErr == nil {
		in.Start = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, agenda.Zone).UTC()
		if !in.Start.After(now) {
			f.Fail("tijd", "agenda_praktijk.time_past")
		}
	}
	minutes := in.Kind.Minutes
	if v := f.Value("duur"); v != "" || kind != nil {
		n, err := strconv.Atoi(v)
		if err != nil || n < 5 || n > 480 {
			f.Fail("duur", "agenda_praktijk.minutes_invalid")
		}
		minutes = int64(n)
	}
	in.End = in.Start.Add(time.Duration(minutes) * time.Minute)
	place, ok := formID(c, "plaats", true, func(id int64) bool {
		for _, p := range f.places {
			if p.ID == id {
				return true
			}
		}
		return false
	})
	if !ok {
		f.Fail("plaats", "agenda_praktijk.place_invalid")
	}
	switch {
	case place != 0:
		in.Place = sql.NullInt64{Int64: place, Valid: true}
	case kind == nil:
		in.Place = in.Kind.PlaceID
	}
	checkText(&f.Form, "instructies", in.Instructions, "", maxInstructions)
	if in.Instructions == "" && kind == nil {
		in.Instructions = kindInstructions(in.Kind.InstructionsNl, in.Kind.InstructionsEn, locale)
	}
	return in
}

// ruleOf is a publication rule from its columns (an appointment kind's, or a row that joins one).
func ruleOf(publish, at string, days int64) agenda.Rule {
	return agenda.Rule{Publish: publish, Time: at, Days: days}
}

// newAppointmentForm is the form of a new appointment for the patient in view; the agenda's link brings
// the day, time and practitioner, otherwise the patient's own practitioner (or the signed-in one) leads.
func (s *Server) newAppointmentForm(c echo.Context) (appointmentForm, error) {
	p := *state(c).Patient
	path := "/praktijk/patienten/" + strconv.FormatInt(p.ID, 10)
	f := appointmentForm{Action: path + "/afspraken", Back: path, PatientName: p.FullName()}
	return f, s.appointmentChoices(c, &f, true)
}

func (s *Server) renderAppointmentForm(c echo.Context, status int, f appointmentForm, patientID int64) error {
	// The form names the patient: a read of their data.
	if err := s.logAccess(c, objPatient, patientID, accesslog.ActionRead, patientID); err != nil {
		return err
	}
	return s.render(c, status, "agenda_praktijk_form", f)
}

func (s *Server) newAppointment(c echo.Context) error {
	p := *state(c).Patient
	f, err := s.newAppointmentForm(c)
	if err != nil {
		return err
	}
	lead := c.QueryParam("behandelaar")
	if lead == "" && p.PractitionerID.Valid {
		lead = strconv.FormatInt(p.PractitionerID.Int64, 10)
	} else if lead == "" && state(c).User.Role == "practitioner" {
		lead = strconv.FormatInt(state(c).User.ID, 10)
	}
	f.Set("behandelaar", lead)
	f.Set("datum", c.QueryParam("datum"))
	f.Set("tijd", c.QueryParam("tijd"))
	return s.renderAppointmentForm(c, http.StatusOK, f, p.ID)
}

// createAppointment makes the appointment, published by its kind's rule.
func (s *Server) createAppointment(c echo.Context) error {
	p := *state(c).Patient
	me := state(c).User
	f, err := s.newAppointmentForm(c)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	in := f.check(c, now, nil, p.Locale)
	if f.Failed() {
		return s.renderAppointmentForm(c, http.StatusUnprocessableEntity, f, p.ID)
	}
	k := in.Kind
	visible, err := agenda.VisibleFrom(ruleOf(k.Publish, k.PublishTime, k.PublishDays), in.Start, now)
	if err != nil {
		return err
	}
	remind, err := s.remindAt(c.Request().Context(), in.Start, now)
	if err != nil {
		return err
	}
	var id int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		var err error
		if id, err = q.CreateAppointment(ctx, queries.CreateAppointmentParams{PatientID: p.ID, PractitionerID: in.Lead,
			KindID: k.ID, PlaceID: in.Place, StartsAt: in.Start, EndsAt: in.End, Instructions: in.Instructions,
			BookedBy: sql.NullInt64{Int64: me.ID, Valid: true}, VisibleFrom: visible, RemindAt: remind, CreatedAt: now}); err != nil {
			return err
		}
		if in.Extra != 0 {
			if err := q.AddAppointmentPractitioner(ctx, queries.AddAppointmentPractitionerParams{AppointmentID: id, PractitionerID: in.Extra}); err != nil {
				return err
			}
		}
		cl.add(objAppointment, id, p.ID)
		if visible.After(now) {
			return nil // not there for the patient yet: no mail
		}
		return s.mailAppointment(ctx, q, p.Email, p.Locale, p.FullName(), "appointment_made", in.Start, nil)
	})
	if isOverlap(err) {
		f.Fail("tijd", "agenda_praktijk.overlap")
		return s.renderAppointmentForm(c, http.StatusUnprocessableEntity, f, p.ID)
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, staffAppointmentPath(id), "agenda_praktijk.notice_made")
}

// moveForm is the form of a move of a, with its lists.
func (s *Server) moveForm(c echo.Context, a queries.GetAppointmentForStaffRow) (appointmentForm, error) {
	path := staffAppointmentPath(a.ID)
	f := appointmentForm{Action: path + "/verplaatsen", Back: path,
		PatientName: a.PatientName(),
		When:        s.tr(c).DayTime(a.StartsAt)}
	return f, s.appointmentChoices(c, &f, false)
}

// bookedOr sends a change of an appointment that is no longer booked back to its page, saying so.
func bookedOr(c echo.Context, a queries.GetAppointmentForStaffRow) (bool, error) {
	if a.Status == "booked" {
		return true, nil
	}
	return false, redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_not_booked")
}

// bookedMoveForm is the appointment of the path and its move form, while it is booked; ok false: the
// answer is err (a 404, or the appointment's page saying it is no longer booked).
func (s *Server) bookedMoveForm(c echo.Context) (queries.GetAppointmentForStaffRow, appointmentForm, bool, error) {
	a, err := s.staffAppointment(c)
	if err != nil {
		return a, appointmentForm{}, false, err
	}
	if ok, err := bookedOr(c, a); !ok {
		return a, appointmentForm{}, false, err
	}
	f, err := s.moveForm(c, a)
	return a, f, err == nil, err
}

func (s *Server) moveAppointmentPage(c echo.Context) error {
	a, f, ok, err := s.bookedMoveForm(c)
	if !ok {
		return err
	}
	start := a.StartsAt.In(agenda.Zone)
	f.Set("behandelaar", strconv.FormatInt(a.PractitionerID, 10))
	if a.ExtraID != 0 {
		f.Set("extra", strconv.FormatInt(a.ExtraID, 10))
	}
	f.Set("datum", start.Format("2006-01-02"))
	f.Set("tijd", start.Format("15:04"))
	f.Set("duur", strconv.Itoa(int(a.EndsAt.Sub(a.StartsAt).Minutes())))
	if a.PlaceID.Valid {
		f.Set("plaats", strconv.FormatInt(a.PlaceID.Int64, 10))
	}
	f.Set("instructies", a.Instructions)
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_praktijk_form", f)
}

// moveAppointment gives a booked appointment another time, practitioner, place or instructions. The
// patient who already sees it keeps seeing it; one who does not yet sees it by its kind's rule from
// the new time. A new time gets a new reminder.
func (s *Server) moveAppointment(c echo.Context) error {
	a, f, ok, err := s.bookedMoveForm(c)
	if !ok {
		return err
	}
	now := s.clock.Now()
	kind := queries.ListAppointmentKindsForStaffRow{ID: a.KindID, Publish: a.Publish, PublishTime: a.PublishTime, PublishDays: a.PublishDays}
	in := f.check(c, now, &kind, a.PatientLocale)
	render := func(status int) error {
		if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
			return err
		}
		return s.render(c, status, "agenda_praktijk_form", f)
	}
	if f.Failed() {
		return render(http.StatusUnprocessableEntity)
	}
	wasVisible := !a.VisibleFrom.After(now)
	moved := !in.Start.Equal(a.StartsAt)
	visible := a.VisibleFrom
	if !wasVisible {
		if visible, err = agenda.VisibleFrom(ruleOf(a.Publish, a.PublishTime, a.PublishDays), in.Start, now); err != nil {
			return err
		}
	}
	remind, reminded := a.RemindAt, a.RemindedAt
	if moved {
		if remind, err = s.remindAt(c.Request().Context(), in.Start, now); err != nil {
			return err
		}
		reminded = sql.NullTime{}
	}
	name := a.PatientName()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := q.ClearAppointmentPractitioners(ctx, a.ID); err != nil {
			return err
		}
		n, err := q.MoveAppointment(ctx, queries.MoveAppointmentParams{PractitionerID: in.Lead, PlaceID: in.Place,
			StartsAt: in.Start, EndsAt: in.End, Instructions: in.Instructions, VisibleFrom: visible,
			RemindAt: remind, RemindedAt: reminded, ID: a.ID, Revision: a.Revision})
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotBooked
		}
		if in.Extra != 0 {
			if err := q.AddAppointmentPractitioner(ctx, queries.AddAppointmentPractitionerParams{AppointmentID: a.ID, PractitionerID: in.Extra}); err != nil {
				return err
			}
		}
		cl.add(objAppointment, a.ID, a.PatientID)
		switch {
		case wasVisible && moved:
			return s.mailAppointment(ctx, q, a.PatientEmail, a.PatientLocale, name, "appointment_moved", in.Start, &a.StartsAt)
		case !wasVisible && !visible.After(now): // moved into its publication: new to the patient
			return s.mailAppointment(ctx, q, a.PatientEmail, a.PatientLocale, name, "appointment_made", in.Start, nil)
		}
		return nil
	})
	switch {
	case isOverlap(err):
		f.Fail("tijd", "agenda_praktijk.overlap")
		return render(http.StatusUnprocessableEntity)
	case errors.Is(err, errNotBooked):
		return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_not_booked")
	case err != nil:
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_moved")
}

// cancelForm asks before cancelling, with an optional reason for the practice's own eyes.
type cancelForm struct {
	views.Form
	A queries.GetAppointmentForStaffRow
	// Mails: the patient sees the appointment and it is still to come, so a mail tells them.
	Mails bool
}

func (s *Server) cancelFormOf(a queries.GetAppointmentForStaffRow) cancelForm {
	now := s.clock.Now()
	return cancelForm{A: a, Mails: !a.VisibleFrom.After(now) && a.StartsAt.After(now)}
}

func (s *Server) staffCancelPage(c echo.Context) error {
	a, err := s.staffAppointment(c)
	if err != nil {
		return err
	}
	if ok, err := bookedOr(c, a); !ok {
		return err
	}
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_praktijk_cancel", s.cancelFormOf(a))
}

// staffCancel cancels a booked appointment; the time is free again at once. The patient who sees
// the appointment, and for whom it is still to come, gets a mail.
func (s *Server) staffCancel(c echo.Context) error {
	a, err := s.staffAppointment(c)
	if err != nil {
		return err
	}
	if ok, err := bookedOr(c, a); !ok {
		return err
	}
	f := s.cancelFormOf(a)
	reason := cleanText(c.FormValue("reden"))
	f.Set("reden", reason)
	if checkText(&f.Form, "reden", reason, "", maxCancelReason); f.Failed() {
		if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "agenda_praktijk_cancel", f)
	}
	now := s.clock.Now()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.CancelAppointmentByStaff(ctx, queries.CancelAppointmentByStaffParams{Now: sqlTime(now),
			StaffID: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, Reason: reason, ID: a.ID, Revision: a.Revision})
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotBooked
		}
		cl.add(objAppointment, a.ID, a.PatientID)
		if !f.Mails {
			return nil // not there for the patient, or over: no mail
		}
		name := a.PatientName()
		return s.mailAppointment(ctx, q, a.PatientEmail, a.PatientLocale, name, "appointment_cancelled_by_practice", a.StartsAt, nil)
	})
	if errors.Is(err, errNotBooked) {
		return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_not_booked")
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_cancelled")
}

// markNoShow records that the patient did not come: only once the appointment has started.
func (s *Server) markNoShow(c echo.Context) error {
	a, err := s.staffAppointment(c)
	if err != nil {
		return err
	}
	if ok, err := bookedOr(c, a); !ok {
		return err
	}
	now := s.clock.Now()
	if a.StartsAt.After(now) {
		return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_not_started")
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.MarkNoShow(ctx, queries.MarkNoShowParams{ID: a.ID, Now: now})
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotBooked
		}
		cl.add(objAppointment, a.ID, a.PatientID)
		return nil
	})
	if errors.Is(err, errNotBooked) {
		return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_not_booked")
	}
	if err != nil {
		return err
	}
	return redirectWithNotice(c, staffAppointmentPath(a.ID), "agenda_praktijk.notice_noshow")
}

// markSeen is "Gezien" beside a patient's own booking or cancellation: it leaves the list and the count.
func (s *Server) markSeen(c echo.Context) error {
	a, err := s.staffAppointment(c)
	if err != nil {
		return err
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if _, err := q.MarkAppointmentSeen(ctx, a.ID); err != nil {
			return err
		}
		cl.add(objAppointment, a.ID, a.PatientID)
		return nil
	})
	if err != nil {
		return err
	}
	back := staffAgendaPath
	if t := c.FormValue("terug"); t != "" {
		back = localPath(t)
	}
	return redirectWithNotice(c, back, "agenda_praktijk.notice_seen")
}
