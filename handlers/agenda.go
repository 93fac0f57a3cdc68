package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/queries"
)

// The patient's agenda ("Afspraken", issue 11): every upcoming appointment grouped by day, the earlier
// ones a page at a time, a week in seven columns, and one appointment with what the patient can do with
// it. Released or not at all: every query (queries/agenda.sql) asks visible_from <= now, so that an
// appointment the practice has not published yet is nowhere on these pages, and its id is a 404.

const (
	agendaPath     = "/afspraken"
	agendaPastPath = agendaPath + "/eerder"
	agendaWeekPath = agendaPath + "/week"

	pastAppointmentsPerPage = 20
)

// agendaEnd lies after every appointment: the upcoming list reads from now to here.
var agendaEnd = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// agendaDay is a day of a list or a week (its local midnight) with its appointments, in time order.
type agendaDay[T any] struct {
	Day   time.Time
	Today bool
	Items []T
}

// byDay groups appointments, in time order, by the local day they start on; start reads a row's start.
func byDay[T any](rows []T, start func(T) time.Time, now time.Time) []agendaDay[T] {
	var days []agendaDay[T]
	for _, r := range rows {
		day := localDay(start(r))
		if n := len(days); n == 0 || !days[n-1].Day.Equal(day) {
			days = append(days, agendaDay[T]{Day: day, Today: day.Equal(localDay(now))})
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, r)
	}
	return days
}

// localDay is the start of t's day in the practice's zone.
func localDay(t time.Time) time.Time {
	l := t.In(agenda.Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, agenda.Zone)
}

// agendaList is the list page: the upcoming appointments, or (Past) a page of the earlier ones.
type agendaList[T any] struct {
	Past   bool
	Days   []agendaDay[T]
	Pager  pager
	Viewer bool // a share code's viewer's (inzien.go): read-only
}

func startOf(r queries.ListAgendaRow) time.Time              { return r.StartsAt }
func pastStartOf(r queries.ListPastAgendaAfterRow) time.Time { return r.StartsAt }

// agenda ("Afspraken") lists every upcoming appointment of the patient in view.
func (s *Server) agenda(c echo.Context) error {
	patient := state(c).Patient
	now := s.clock.Now()
	rows, err := s.db.R.ListAgenda(c.Request().Context(), queries.ListAgendaParams{
		PatientID: patient.ID, From: now, To: agendaEnd, Now: now, BookedOnly: 1})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, "agenda", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda", agendaList[queries.ListAgendaRow]{Days: byDay(rows, startOf, now)})
}

// pastAppointments ("Eerdere afspraken") lists the appointments that have begun, newest first, a page at
// a time: cancelled and missed ones too, marked as such.
func (s *Server) pastAppointments(c echo.Context) error {
	patient := state(c).Patient
	cur := readCursor[int64](c)
	rows, err := s.findPastAppointments(c.Request().Context(), patient.ID, cur)
	if err != nil {
		return err
	}
	page, pg := pageOf(rows, pastAppointmentsPerPage, cur, func(r queries.ListPastAgendaAfterRow) int64 { return r.ID }, agendaPastPath, nil)
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, agendaPastPath, nil)
	}
	pg.Words = "agenda.past"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	if err := s.logAccess(c, "agenda", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda", agendaList[queries.ListPastAgendaAfterRow]{
		Past: true, Days: byDay(page, pastStartOf, s.clock.Now()), Pager: pg})
}

// findPastAppointments reads one page and one more of the earlier appointments from cur, each row with
// the list's capped count.
func (s *Server) findPastAppointments(ctx context.Context, patientID int64, cur cursor[int64]) ([]queries.ListPastAgendaAfterRow, error) {
	now, limit, count := s.clock.Now(), int64(pastAppointmentsPerPage+1), int64(countCap+1)
	if !cur.Back {
		return s.db.R.ListPastAgendaAfter(ctx, queries.ListPastAgendaAfterParams{PatientID: patientID, Now: now,
			Cap: count, Cursor: cur.Key, Limit: limit})
	}
	rows, err := s.db.R.ListPastAgendaBefore(ctx, queries.ListPastAgendaBeforeParams{PatientID: patientID, Now: now,
		Cap: count, Cursor: cur.Key, Limit: limit})
	return convertRows(rows, err, func(r queries.ListPastAgendaBeforeRow) queries.ListPastAgendaAfterRow {
		return queries.ListPastAgendaAfterRow(r)
	})
}

// isOverlap reports whether the database refused a change because it double-books a practitioner
// (the triggers of schema.sql).
func isOverlap(err error) bool {
	return err != nil && strings.Contains(err.Error(), "appointment overlap")
}

// kindInstructions are a kind's instructions for a new appointment, in the patient's language (Dutch
// when the kind has none in English).
func kindInstructions(nl, en, locale string) string {
	if locale == "en" && en != "" {
		return en
	}
	return nl
}

// remindAt is when the reminder of an appointment that starts at start is due (the practice's lead
// time), or none when that moment has passed: the mail that the appointment was made says it all.
func (s *Server) remindAt(ctx context.Context, start, now time.Time) (sql.NullTime, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return sql.NullTime{}, err
	}
	at := start.Add(-time.Duration(clinic.ReminderHours) * time.Hour)
	if !at.After(now) {
		return sql.NullTime{}, nil
	}
	return sqlTime(at), nil
}

// mailAppointment queues a mail of kind about the appointment at start to the patient, in their
// language: the date and time (and, for a move, the old ones), the practice and a link to their
// appointments, nothing more (internal/mail). Every mail about an appointment is queued here, by
// staff and patients alike.
func (s *Server) mailAppointment(ctx context.Context, q *queries.Queries, to, locale, name, kind string, start time.Time, old *time.Time) error {
	if to == "" {
		return nil
	}
	tr := s.views.Translator(locale)
	data := map[string]any{"Name": name, "When": tr.DayTime(start), "Link": s.absoluteURL(agendaPath)}
	if old != nil {
		data["Old"] = tr.DayTime(*old)
	}
	return s.queueMail(ctx, q, to, locale, kind, data)
}

// appointmentPage is one appointment and what the patient may do with it: add it to their own calendar
// while it is to come, cancel it while the practice allows (agenda.CanCancel), or else call.
type appointmentPage struct {
	queries.GetPatientAppointmentRow
	Upcoming  bool
	CanCancel bool
}

// appointment shows one appointment of the patient in view, once published; any other id is a 404.
func (s *Server) appointment(c echo.Context) error {
	patient := state(c).Patient
	now := s.clock.Now()
	a, err := lookup(s, c, "id", objAppointment, patient.ID, func(ctx context.Context, id int64) (queries.GetPatientAppointmentRow, error) {
		return s.db.R.GetPatientAppointment(ctx, queries.GetPatientAppointmentParams{ID: id, PatientID: patient.ID, Now: now})
	})
	if err != nil {
		return err
	}
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	upcoming := a.Status == "booked" && !a.StartsAt.Before(now)
	return s.render(c, http.StatusOK, "agenda_appointment", appointmentPage{GetPatientAppointmentRow: a, Upcoming: upcoming,
		CanCancel: upcoming && agenda.CanCancel(a.Cancellable == 1, a.StartsAt, now, clinic.CancelHours)})
}
