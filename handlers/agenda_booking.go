package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/agenda"
	"balie/queries"
	"balie/views"
)

// Patients book appointments themselves (seed 002, "Afspraken maken"): the kind, the practitioner where
// the kind lets them choose, a day and a free time, then a confirmation with an optional short reason.
// Each step is a plain page whose choices travel in the address (soort, behandelaar, dag, maand, tijd)
// and are checked again at every step; the booking itself checks everything once more in its write
// transaction, where the database also refuses an overlap (schema.sql), so a time is never booked twice.

const (
	bookingPath      = agendaPath + "/maken"
	bookingTimesPath = bookingPath + "/tijden"
	bookingCheckPath = bookingPath + "/bevestigen"
	// maxBookingReason is the length of the short reason a patient may give.
	maxBookingReason = 200
	// timeLayout writes a free time in the address: local clock time with its offset, so that the hour
	// that comes twice when summer time ends is still one moment.
	timeLayout = "2006-01-02T15:04Z07:00"
)

var (
	// errTimeTaken: the time is no longer free (someone else booked it meanwhile).
	errTimeTaken = errors.New("booking: the time is not free")
	// errTooManyOpen: the patient has as many booked appointments to come as the practice allows.
	errTooManyOpen = errors.New("booking: too many open appointments")
)

// bookingPractitioner is a practitioner a patient may book with.
type bookingPractitioner struct {
	ID   int64
	Name string
}

// booking is what the patient chose so far, each choice checked against the practice's data.
type booking struct {
	Kind          queries.ListBookingPractitionersRow
	Practitioners []bookingPractitioner // who take the kind, the patient's own practitioner first
	// Practitioner is the one chosen; 0 when the kind leaves it to the practice (the first one free).
	Practitioner int64
}

// Choose reports whether the patient chooses the practitioner: the kind allows it and there is a choice.
func (b booking) Choose() bool { return b.Kind.ChoosePractitioner == 1 && len(b.Practitioners) > 1 }

// NameOf is the name of the practitioner with id.
func (b booking) NameOf(id int64) string {
	for _, p := range b.Practitioners {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

// query is the address's part that carries the choices so far, with more name, value pairs.
func (b booking) query(more ...string) string {
	v := url.Values{"soort": {strconv.FormatInt(b.Kind.ID, 10)}}
	if b.Practitioner != 0 {
		v.Set("behandelaar", strconv.FormatInt(b.Practitioner, 10))
	}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	return v.Encode()
}

// PractitionerHref and TimesHref lead back to the steps before.
func (b booking) PractitionerHref() string {
	return bookingTimesPath + "?soort=" + strconv.FormatInt(b.Kind.ID, 10)
}
func (b booking) TimesHref(day string) string {
	return bookingTimesPath + "?" + b.query("dag", day)
}

// readBooking checks the kind (field soort) and practitioner (behandelaar) the patient chose, from the
// address or the form (value). A kind not given or no longer bookable is a problem of the form (its
// key); an id that names no kind, or a practitioner the patient may not choose, is refused (404).
func (s *Server) readBooking(c echo.Context, q *queries.Queries, value func(string) string) (booking, string, error) {
	var b booking
	soort := strings.TrimSpace(value("soort"))
	if soort == "" {
		return b, "agenda_booking.kind_required", nil
	}
	patient := state(c).Patient
	kindID, err := strconv.ParseInt(soort, 10, 64)
	if err != nil {
		return b, "", s.refuse(c, objAppointmentKind, 0, patient.ID)
	}
	rows, err := q.ListBookingPractitioners(c.Request().Context(), queries.ListBookingPractitionersParams{Now: s.clock.Now(), KindID: kindID})
	if err != nil {
		return b, "", err
	}
	if len(rows) == 0 {
		return b, "", s.refuse(c, objAppointmentKind, kindID, patient.ID)
	}
	b.Kind = rows[0]
	if b.Kind.Bookable != 1 || b.Kind.Active != 1 {
		return b, "agenda_booking.kind_not_bookable", nil
	}
	for _, r := range rows {
		if r.PractitionerID != 0 {
			b.Practitioners = append(b.Practitioners, bookingPractitioner{r.PractitionerID, queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)})
		}
	}
	// The patient's own practitioner first: chosen by default, and given the time when the kind leaves
	// the choice to the practice.
	if own := patient.PractitionerID; own.Valid {
		slices.SortStableFunc(b.Practitioners, func(x, y bookingPractitioner) int {
			return boolRank(y.ID == own.Int64) - boolRank(x.ID == own.Int64)
		})
	}
	if v := strings.TrimSpace(value("behandelaar")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !b.Choose() || b.NameOf(id) == "" {
			return b, "", s.refuse(c, objStaffMember, id, patient.ID)
		}
		b.Practitioner = id
	}
	return b, "", nil
}

func boolRank(v bool) int {
	if v {
		return 1
	}
	return 0
}

// freeTimes are the times the booking's kind is free, with its chosen practitioner or (none chosen) the
// first free of all who take it, in the practice's booking window at now; with a day (any moment of it),
// only on that local day: the booking's own check, which holds the writer, works out one day, not weeks.
func (s *Server) freeTimes(ctx context.Context, q *queries.Queries, b booking, now, day time.Time) ([]agenda.Slot, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return nil, err
	}
	from, to := agenda.Window(now, int(clinic.BookingNoticeMinutes), int(clinic.BookingWeeks))
	if !day.IsZero() {
		d := day.In(agenda.Zone)
		first := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, agenda.Zone)
		from, to = later(from, first), earlier(to, time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, agenda.Zone))
	}
	hours, err := q.ListBookingHours(ctx, from.In(agenda.Zone).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	spans, err := q.ListBookingSpans(ctx, queries.ListBookingSpansParams{From: from, To: to, Since: from.Add(-24 * time.Hour)})
	if err != nil {
		return nil, err
	}
	r := agenda.Request{Kind: b.Kind.ID, Minutes: int(b.Kind.Minutes), From: from, To: to,
		ClosedDays: map[string]bool{}, Holidays: clinic.ClosedOnHolidays == 1}
	index := map[int64]int{} // practitioner → their schedule in r
	for _, p := range b.Practitioners {
		if b.Practitioner == 0 || p.ID == b.Practitioner {
			index[p.ID] = len(r.Schedules)
			r.Schedules = append(r.Schedules, agenda.Schedule{Practitioner: p.ID})
		}
	}
	for _, h := range hours {
		if h.PractitionerID == 0 {
			r.ClosedDays[h.Starts] = true
		} else if i, ok := index[h.PractitionerID]; ok {
			r.Schedules[i].Hours = append(r.Schedules[i].Hours, agenda.WeeklyHours{Weekday: int(h.Weekday), Starts: h.Starts, Ends: h.Ends, Kind: h.KindID})
		}
	}
	for _, sp := range spans {
		i, ok := index[sp.PractitionerID]
		if !ok {
			continue
		}
		span := agenda.Span{Start: sp.StartsAt, End: sp.EndsAt}
		if sp.Kind == "busy" {
			r.Schedules[i].Busy = append(r.Schedules[i].Busy, span)
		} else {
			r.Schedules[i].Exceptions = append(r.Schedules[i].Exceptions, agenda.Exception{Span: span, Absent: sp.Kind == "absent", Kind: sp.KindID})
		}
	}
	return agenda.FreeTimes(r)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// slotAt is the free time that starts at start, if there is one.
func slotAt(slots []agenda.Slot, start time.Time) (agenda.Slot, bool) {
	for _, sl := range slots {
		if sl.Start.Equal(start) {
			return sl, true
		}
	}
	return agenda.Slot{}, false
}

// bookingKindsPage is the first step: which kind.
type bookingKindsPage struct {
	views.Form
	Kinds []views.Option
}

func (s *Server) bookingKinds(c echo.Context) error {
	return s.renderBookingKinds(c, http.StatusOK, "")
}

// renderBookingKinds shows the kinds, with problem (a locale key) at the choice when there is one.
func (s *Server) renderBookingKinds(c echo.Context, status int, problem string) error {
	kinds, err := s.db.R.ListBookableKinds(c.Request().Context())
	if err != nil {
		return err
	}
	p := bookingKindsPage{}
	tr := s.tr(c)
	for _, k := range kinds {
		p.Kinds = append(p.Kinds, views.Option{Value: strconv.FormatInt(k.ID, 10),
			Label: tr.T("agenda_booking.kind_option", "Name", tr.Pick(k.NameNl, k.NameEn), "Minutes", k.Minutes)})
	}
	p.Set("soort", c.QueryParam("soort"))
	if problem != "" {
		p.Fail("soort", problem)
	}
	return s.render(c, status, "agenda_booking", p)
}

// bookingPractitionerPage is the step where the patient chooses the practitioner.
type bookingPractitionerPage struct {
	views.Form
	booking
	Options []views.Option
}

// bookingTimesPage shows the days of a month that have free times, and the free times of one of them.
type bookingTimesPage struct {
	views.Form
	booking
	Month      string // "maart 2026"
	Days       []bookingDay
	Day        time.Time // the day whose times show (local midnight); zero when the month has none
	DayName    string    // that day, as "dinsdag 3 maart"
	Times      []views.Option
	Prev, Next string // the months before and after that have free times ("" when none)
	None       bool   // no free times at all
}

// bookingDay is a date button.
type bookingDay struct {
	ID      string // YYYY-MM-DD
	Label   string // "dinsdag 3"
	Href    string
	Current bool
	date    time.Time
}

func (s *Server) bookingTimes(c echo.Context) error {
	b, problem, err := s.readBooking(c, s.db.R, c.QueryParam)
	if err != nil {
		return err
	}
	if problem != "" {
		return s.renderBookingKinds(c, http.StatusUnprocessableEntity, problem)
	}
	if b.Choose() && b.Practitioner == 0 {
		p := bookingPractitionerPage{booking: b}
		own := state(c).Patient.PractitionerID
		for _, pr := range b.Practitioners {
			label := pr.Name
			if own.Valid && own.Int64 == pr.ID {
				label = s.tr(c).T("agenda_booking.own_practitioner", "Name", pr.Name)
			}
			p.Options = append(p.Options, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: label})
		}
		p.Set("behandelaar", p.Options[0].Value)
		return s.render(c, http.StatusOK, "agenda_booking_practitioner", p)
	}
	return s.renderBookingTimes(c, http.StatusOK, b, c.QueryParam("dag"), c.QueryParam("maand"), "", "")
}

// renderBookingTimes shows the free times: of day (YYYY-MM-DD) if given, else of the first day with free
// times in month (YYYY-MM), else of the first day with free times. problem (a locale key) is said at
// field ("" for the whole page).
func (s *Server) renderBookingTimes(c echo.Context, status int, b booking, day, monthParam, field, problem string) error {
	slots, err := s.freeTimes(c.Request().Context(), s.db.R, b, s.clock.Now(), time.Time{})
	if err != nil {
		return err
	}
	p := bookingTimesPage{booking: b, None: len(slots) == 0}
	if problem != "" {
		p.Fail(field, problem)
	}
	if p.None {
		return s.render(c, status, "agenda_booking_times", p)
	}
	dateOf := func(t time.Time) time.Time {
		l := t.In(agenda.Zone)
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, agenda.Zone)
	}
	if d, err := time.ParseInLocation(time.DateOnly, day, agenda.Zone); err == nil {
		p.Day = d
	}
	first := dateOf(slots[0].Start)
	month := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, agenda.Zone)
	if !p.Day.IsZero() {
		month = time.Date(p.Day.Year(), p.Day.Month(), 1, 0, 0, 0, 0, agenda.Zone)
	} else if m, err := time.ParseInLocation("2006-01", monthParam, agenda.Zone); err == nil {
		month = m
	}
	tr := s.tr(c)
	p.Month = tr.T("agenda_booking.month", "Month", tr.T("date.month_"+strconv.Itoa(int(month.Month()))), "Year", month.Year())
	next := month.AddDate(0, 1, 0)
	for _, sl := range slots {
		d := dateOf(sl.Start)
		switch {
		case d.Before(month):
			p.Prev = bookingTimesPath + "?" + b.query("maand", d.Format("2006-01"))
		case !d.Before(next):
			if p.Next == "" {
				p.Next = bookingTimesPath + "?" + b.query("maand", d.Format("2006-01"))
			}
		default:
			if p.Day.IsZero() {
				p.Day = d
			}
			if n := len(p.Days); n == 0 || !p.Days[n-1].date.Equal(d) {
				p.Days = append(p.Days, bookingDay{ID: d.Format(time.DateOnly), date: d, Href: b.TimesHref(d.Format(time.DateOnly)),
					Current: d.Equal(p.Day), Label: tr.T("agenda_booking.day_button", "Weekday", weekdayName(tr, d), "Day", d.Day())})
			}
			if d.Equal(p.Day) {
				p.Times = append(p.Times, views.Option{Value: sl.Start.In(agenda.Zone).Format(timeLayout), Label: sl.Start.In(agenda.Zone).Format("15:04")})
			}
		}
	}
	if !p.Day.IsZero() {
		p.DayName = tr.T("agenda_booking.day_name", "Weekday", weekdayName(tr, p.Day), "Day", p.Day.Day(),
			"Month", tr.T("date.month_"+strconv.Itoa(int(p.Day.Month()))))
	}
	return s.render(c, status, "agenda_booking_times", p)
}

// weekdayName is the day of the week of t in the translator's language.
func weekdayName(tr *views.Translator, t time.Time) string {
	return tr.T("date.day_" + strconv.Itoa(int(t.Weekday())))
}

// bookingConfirmPage is the last step: what will be booked, the optional reason, "Bevestigen".
type bookingConfirmPage struct {
	views.Form
	booking
	Slot agenda.Slot
	Time string // the free time as the form sends it
}

// Day is the local date of the time, for the way back to that day's times.
func (p bookingConfirmPage) Day() string { return dayOf(p.Time) }

// readSlot reads the chosen time (field tijd) and finds it among the free times. problem is the locale
// key of what is wrong: no time chosen, a time outside the booking window (or no time at all), or a
// time in it that is not free (agenda_booking.taken: someone booked it meanwhile).
func (s *Server) readSlot(ctx context.Context, q *queries.Queries, b booking, tijd string, now time.Time) (agenda.Slot, string, error) {
	if strings.TrimSpace(tijd) == "" {
		return agenda.Slot{}, "agenda_booking.time_required", nil
	}
	clinic, err := s.clinic(ctx)
	if err != nil {
		return agenda.Slot{}, "", err
	}
	from, to := agenda.Window(now, int(clinic.BookingNoticeMinutes), int(clinic.BookingWeeks))
	start, err := time.Parse(timeLayout, tijd)
	if err != nil || start.Before(from) || !start.Before(to) {
		return agenda.Slot{}, "agenda_booking.time_outside", nil
	}
	slots, err := s.freeTimes(ctx, q, b, now, start)
	if err != nil {
		return agenda.Slot{}, "", err
	}
	sl, ok := slotAt(slots, start)
	if !ok {
		return sl, "agenda_booking.taken", nil
	}
	return sl, "", nil
}

// dayOf is the local date (YYYY-MM-DD) of a time as the form sends it, "" when it is none.
func dayOf(tijd string) string {
	t, err := time.Parse(timeLayout, tijd)
	if err != nil {
		return ""
	}
	return t.In(agenda.Zone).Format(time.DateOnly)
}

func (s *Server) bookingCheck(c echo.Context) error {
	b, problem, err := s.readBooking(c, s.db.R, c.QueryParam)
	if err != nil {
		return err
	}
	if problem != "" {
		return s.renderBookingKinds(c, http.StatusUnprocessableEntity, problem)
	}
	tijd := c.QueryParam("tijd")
	sl, problem, err := s.readSlot(c.Request().Context(), s.db.R, b, tijd, s.clock.Now())
	if err != nil {
		return err
	}
	if problem != "" {
		return s.renderBookingTimes(c, http.StatusUnprocessableEntity, b, dayOf(tijd), "", "tijd", problem)
	}
	return s.render(c, http.StatusOK, "agenda_booking_confirm", bookingConfirmPage{booking: b, Slot: sl, Time: tijd})
}

// book makes the appointment. In one write transaction it counts the patient's open bookings against
// the practice's limit, finds the time still free, and inserts it (the database refuses an overlap all
// the same); a time taken meanwhile shows the times left, with what happened.
func (s *Server) book(c echo.Context) error {
	patient, me := state(c).Patient, state(c).User
	b, problem, err := s.readBooking(c, s.db.R, c.FormValue)
	if err != nil {
		return err
	}
	if problem != "" {
		return s.renderBookingKinds(c, http.StatusUnprocessableEntity, problem)
	}
	ctx := c.Request().Context()
	tijd, reason := c.FormValue("tijd"), cleanText(c.FormValue("reden"))
	page := bookingConfirmPage{booking: b, Time: tijd}
	page.Set("reden", reason)
	checkText(&page.Form, "reden", reason, "", maxBookingReason)
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	var id int64
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		sl, slotProblem, err := s.readSlot(ctx, q, b, tijd, now)
		if err != nil {
			return err
		}
		if problem = slotProblem; problem != "" {
			return errTimeTaken
		}
		page.Slot = sl
		if page.Failed() {
			return nil // the reason is shown again, the time still free
		}
		open, err := q.CountOpenBookings(ctx, queries.CountOpenBookingsParams{PatientID: patient.ID, Now: now})
		if err != nil {
			return err
		}
		if open >= clinic.BookingMaxOpen {
			return errTooManyOpen
		}
		remind, err := s.remindAt(ctx, sl.Start, now)
		if err != nil {
			return err
		}
		id, err = q.InsertBooking(ctx, queries.InsertBookingParams{PatientID: patient.ID, PractitionerID: sl.Practitioner,
			KindID: b.Kind.ID, PlaceID: b.Kind.PlaceID, StartsAt: sl.Start, EndsAt: sl.End,
			Instructions: kindInstructions(b.Kind.InstructionsNl, b.Kind.InstructionsEn, patient.Locale),
			Reason:       reason, BookedBy: sql.NullInt64{Int64: me.ID, Valid: true}, VisibleFrom: now, RemindAt: remind, CreatedAt: now})
		if err != nil {
			if isOverlap(err) {
				problem = "agenda_booking.taken"
				return errTimeTaken
			}
			return err
		}
		cl.add(objAppointment, id, patient.ID)
		// Date, time and practice only: never the kind or the reason (internal/mail).
		return s.mailAppointment(ctx, q, patient.Email, patient.Locale, patient.FullName(), "appointment_booked", sl.Start, nil)
	})
	switch {
	case errors.Is(err, errTimeTaken):
		// Taken meanwhile (409), or never one to take (422): the times left that day, and what happened.
		status := http.StatusUnprocessableEntity
		if problem == "agenda_booking.taken" {
			status = http.StatusConflict
		}
		return s.renderBookingTimes(c, status, b, dayOf(tijd), "", "", problem)
	case errors.Is(err, errTooManyOpen):
		page.Fail("", "agenda_booking.too_many", "Max", clinic.BookingMaxOpen, "Phone", clinic.Phone)
		return s.render(c, http.StatusUnprocessableEntity, "agenda_booking_confirm", page)
	case err != nil:
		return err
	case page.Failed():
		return s.render(c, http.StatusUnprocessableEntity, "agenda_booking_confirm", page)
	}
	s.wakeOutbox()
	return redirectWithNotice(c, agendaPath, "agenda_booking.notice_booked")
}
