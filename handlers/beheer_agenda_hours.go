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

	"balie/internal/agenda"
	"balie/queries"
	"balie/views"
)

// A practitioner's availability: the weekly hours in which patients may book, and the exceptions to them
// (absence, extra hours). One set of handlers serves both pages, scoped by who asks: a practitioner
// edits their own (ownHoursPath), an administrator anyone's (under agendaAdminPath/behandelaars/:id).

const ownHoursPath = "/praktijk/agenda/beschikbaarheid"

// Object types of the availability that an id in a URL names.
const (
	objAvailability          = "availability"
	objAvailabilityException = "availability_exception"
)

var exceptionKinds = []string{"absent", "extra"}

type hoursPage struct {
	views.Form
	Who            queries.User
	Own            bool   // the practitioner's own page (else the administrator's)
	Base           string // the page's address; its forms post below it
	Hours          []hoursRow
	Exceptions     []queries.AvailabilityException
	Weekdays       []views.Option
	Kinds          []views.Option
	Places         []views.Option
	ExceptionKinds []views.Option
}

// hoursRow is weekly hours with the name of their day.
type hoursRow struct {
	queries.ListAvailabilityHoursRow
	Day string
}

// hoursOwner is whose availability the request is about, and the address of their page: the
// practitioner in the path (the administrator's pages), or else the one who asks, who must be a
// practitioner.
func (s *Server) hoursOwner(c echo.Context) (queries.User, string, error) {
	if c.Param("id") != "" {
		u, err := lookup(s, c, "id", objStaffMember, 0, s.db.R.GetPractitioner)
		return u, hoursPathOf(c, u.ID), err
	}
	me := state(c).User
	if me == nil || me.Role != "practitioner" {
		return queries.User{}, "", echo.NewHTTPError(http.StatusForbidden)
	}
	return *me, ownHoursPath, nil
}

// hoursPathOf is the page of the practitioner's availability for the one who asks.
func hoursPathOf(c echo.Context, practitionerID int64) string {
	if state(c).User.ID == practitionerID {
		return ownHoursPath
	}
	return agendaAdminPath + "/behandelaars/" + strconv.FormatInt(practitionerID, 10)
}

func (s *Server) availability(c echo.Context) error {
	who, base, err := s.hoursOwner(c)
	if err != nil {
		return err
	}
	var f views.Form
	f.Set("dag", "1")
	f.Set("soort", "absent")
	return s.hoursPage(c, http.StatusOK, hoursPage{Form: f, Who: who, Base: base})
}

func (s *Server) hoursPage(c echo.Context, status int, data hoursPage) error {
	ctx := c.Request().Context()
	tr := s.tr(c)
	data.Own = data.Base == ownHoursPath
	hours, err := s.db.R.ListAvailabilityHours(ctx, data.Who.ID)
	if err != nil {
		return err
	}
	for _, h := range hours {
		data.Hours = append(data.Hours, hoursRow{h, tr.T("date.day_" + strconv.FormatInt(h.Weekday%7, 10))})
	}
	if data.Exceptions, err = s.db.R.ListAvailabilityExceptionsFrom(ctx, queries.ListAvailabilityExceptionsFromParams{
		PractitionerID: data.Who.ID, EndsAt: s.clock.Now()}); err != nil {
		return err
	}
	for d := 1; d <= 7; d++ {
		data.Weekdays = append(data.Weekdays, views.Option{Value: strconv.Itoa(d), Label: tr.T("date.day_" + strconv.Itoa(d%7))})
	}
	kinds, err := s.db.R.ListAppointmentKinds(ctx)
	if err != nil {
		return err
	}
	data.Kinds = []views.Option{{Value: "", Label: tr.T("beheer_agenda.hours_every_kind")}}
	for _, k := range kinds {
		if k.Active == 1 && k.Bookable == 1 {
			data.Kinds = append(data.Kinds, views.Option{Value: strconv.FormatInt(k.ID, 10), Label: tr.Pick(k.NameNl, k.NameEn)})
		}
	}
	if data.Places, err = s.placeOptions(c, "beheer_agenda.hours_kind_place"); err != nil {
		return err
	}
	for _, k := range exceptionKinds {
		data.ExceptionKinds = append(data.ExceptionKinds, views.Option{Value: k, Label: tr.T("beheer_agenda.exception_" + k)})
	}
	return s.render(c, status, "beheer_agenda_hours", data)
}

// errHoursOverlap: the new hours overlap hours of the practitioner that were stored meanwhile.
var errHoursOverlap = errors.New("availability hours overlap")

// optionalID reads an id from a form field that may be left empty (the choice of none); an id that
// names nothing is refused.
func optionalID(s *Server, c echo.Context, name, objectType string, find func(context.Context, int64) error) (sql.NullInt64, error) {
	v := c.FormValue(name)
	if v == "" {
		return sql.NullInt64{}, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return sql.NullInt64{}, s.refuse(c, objectType, 0, 0)
	}
	if err := find(c.Request().Context(), id); errors.Is(err, sql.ErrNoRows) {
		return sql.NullInt64{}, s.refuse(c, objectType, id, 0)
	} else if err != nil {
		return sql.NullInt64{}, err
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}

// addHours adds weekly hours; hours that overlap others of the same day are refused at the field.
func (s *Server) addHours(c echo.Context) error {
	who, base, err := s.hoursOwner(c)
	if err != nil {
		return err
	}
	var f views.Form
	weekday := numberField(&f, c, "dag", 1, 7)
	from, to := clockField(&f, c, "van"), clockField(&f, c, "tot")
	if from != "" && to != "" && to <= from {
		f.Fail("tot", "beheer_agenda.hours_order")
	}
	kind, err := optionalID(s, c, "soort_uren", objAppointmentKind, func(ctx context.Context, id int64) error {
		_, err := s.db.R.GetAppointmentKind(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	place, err := optionalID(s, c, "plaats", objPlace, func(ctx context.Context, id int64) error {
		_, err := s.db.R.GetPlace(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	f.Set("soort_uren", c.FormValue("soort_uren"))
	f.Set("plaats", c.FormValue("plaats"))
	f.Set("soort", "absent")
	again := func() error {
		return s.hoursPage(c, http.StatusUnprocessableEntity, hoursPage{Form: f, Who: who, Base: base})
	}
	if f.Failed() {
		return again()
	}
	ctx := c.Request().Context()
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		// Checked where it is stored: of two crossing requests, one wins.
		n, err := q.CountOverlappingHours(ctx, queries.CountOverlappingHoursParams{PractitionerID: who.ID, Weekday: weekday, Ends: to, Starts: from})
		if err != nil {
			return err
		}
		if n > 0 {
			return errHoursOverlap
		}
		_, err = q.InsertAvailabilityHours(ctx, queries.InsertAvailabilityHoursParams{PractitionerID: who.ID, Weekday: weekday,
			Starts: from, Ends: to, KindID: kind, PlaceID: place})
		return err
	})
	if errors.Is(err, errHoursOverlap) {
		f.Fail("van", "beheer_agenda.hours_overlap")
		return again()
	}
	if err != nil {
		return err
	}
	return redirectWithNotice(c, base, "beheer_agenda.notice_hours_added")
}

// clockField reads the clock time typed in field name (as HH:MM), with a problem at the field when it
// is none.
func clockField(f *views.Form, c echo.Context, name string) string {
	typed := strings.TrimSpace(c.FormValue(name))
	f.Set(name, typed)
	clock, ok := parseClock(typed)
	switch {
	case typed == "":
		f.Fail(name, "beheer_agenda.time_required")
	case !ok:
		f.Fail(name, "beheer_agenda.time_invalid")
	}
	return clock
}

// momentField reads a date and an optional clock time (fields <name>_dag and <name>_tijd) as a moment
// in the practice's zone; without a time, the start of the day, or with end set the end of it.
func momentField(f *views.Form, c echo.Context, name string, end bool) (time.Time, bool) {
	typedDay, typedTime := strings.TrimSpace(c.FormValue(name+"_dag")), strings.TrimSpace(c.FormValue(name+"_tijd"))
	f.Set(name+"_dag", typedDay)
	f.Set(name+"_tijd", typedTime)
	day, ok := parseDay(typedDay)
	switch {
	case typedDay == "":
		f.Fail(name+"_dag", "beheer_agenda.day_required")
		return time.Time{}, false
	case !ok:
		f.Fail(name+"_dag", "beheer_agenda.day_invalid")
		return time.Time{}, false
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, agenda.Zone)
	if typedTime == "" {
		if end {
			at = at.AddDate(0, 0, 1)
		}
		return at.UTC(), true
	}
	clock, ok := parseClock(typedTime)
	if !ok {
		f.Fail(name+"_tijd", "beheer_agenda.time_invalid")
		return time.Time{}, false
	}
	h, m, _ := agenda.ClockTime(clock)
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, agenda.Zone).UTC(), true
}

// addException adds an absence or extra hours, from one moment to a later one that has not passed.
func (s *Server) addException(c echo.Context) error {
	who, base, err := s.hoursOwner(c)
	if err != nil {
		return err
	}
	var f views.Form
	f.Set("dag", "1")
	kind := choiceField(&f, c, "soort", "beheer_agenda.exception_required", exceptionKinds)
	from, okFrom := momentField(&f, c, "van", false)
	to, okTo := momentField(&f, c, "tot", true)
	switch {
	case okFrom && okTo && !to.After(from):
		f.Fail("tot_dag", "beheer_agenda.exception_order")
	case okTo && !to.After(s.clock.Now()):
		f.Fail("tot_dag", "beheer_agenda.exception_past")
	}
	note := strings.TrimSpace(c.FormValue("notitie"))
	f.Set("notitie", note)
	checkText(&f, "notitie", note, "", maxLine)
	if f.Failed() {
		return s.hoursPage(c, http.StatusUnprocessableEntity, hoursPage{Form: f, Who: who, Base: base})
	}
	ctx := c.Request().Context()
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		_, err := q.InsertAvailabilityException(ctx, queries.InsertAvailabilityExceptionParams{PractitionerID: who.ID, Kind: kind,
			StartsAt: from, EndsAt: to, Note: note})
		return err
	}); err != nil {
		return err
	}
	return redirectWithNotice(c, base, "beheer_agenda.notice_exception_added")
}

// mayEditHours reports whether the one who asks may change the practitioner's availability: their own,
// or anyone's for an administrator.
func mayEditHours(c echo.Context, practitionerID int64) bool {
	me := state(c).User
	return me.Role == "admin" || me.ID == practitionerID
}

// scopedTo makes find answer "no such row" for a row of a practitioner the one who asks may not edit,
// so that lookup refuses it as it refuses an id that names nothing.
func scopedTo[T any](c echo.Context, find func(context.Context, int64) (T, error), owner func(T) int64) func(context.Context, int64) (T, error) {
	return func(ctx context.Context, id int64) (T, error) {
		v, err := find(ctx, id)
		if err == nil && !mayEditHours(c, owner(v)) {
			var zero T
			return zero, sql.ErrNoRows
		}
		return v, err
	}
}

func (s *Server) removeHours(c echo.Context) error {
	h, err := lookup(s, c, "id", objAvailability, 0, scopedTo(c, s.db.R.GetAvailabilityHours,
		func(h queries.AvailabilityHour) int64 { return h.PractitionerID }))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return q.DeleteAvailabilityHours(ctx, h.ID) }); err != nil {
		return err
	}
	return redirectWithNotice(c, hoursPathOf(c, h.PractitionerID), "beheer_agenda.notice_hours_removed")
}

func (s *Server) removeException(c echo.Context) error {
	e, err := lookup(s, c, "id", objAvailabilityException, 0, scopedTo(c, s.db.R.GetAvailabilityException,
		func(e queries.AvailabilityException) int64 { return e.PractitionerID }))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return q.DeleteAvailabilityException(ctx, e.ID) }); err != nil {
		return err
	}
	return redirectWithNotice(c, hoursPathOf(c, e.PractitionerID), "beheer_agenda.notice_exception_removed")
}
