package handlers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/agenda"
	"balie/queries"
	"balie/views"
)

// The administrator's pages of the agenda: the kinds of appointment, the places, the limits on booking
// and the days the practice is closed. The practitioners' hours are in beheer_agenda_hours.go.

const agendaAdminPath = "/praktijk/beheer/agenda"

// Object types of the agenda's settings that an id in a URL names.
const (
	objPlace = "place"
)

// publishRules are the publication rules, in the page's order (the reminder's channels are
// reminderChannels, agenda_calendar.go).
var publishRules = []string{agenda.PublishNow, agenda.PublishDayBefore, agenda.PublishDaysBefore}

type agendaAdminPage struct {
	views.Form
	Kinds         []queries.AppointmentKind
	Places        []queries.Place
	ClosureDays   []queries.ClosureDay
	Practitioners []queries.ListPractitionersRow
	Channels      []views.Option
}

func (s *Server) adminAgenda(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	return s.agendaAdminPage(c, http.StatusOK, bookingForm(clinic))
}

// agendaAdminPage shows the agenda's settings with f in the forms of the page (booking limits and a new
// closure day).
func (s *Server) agendaAdminPage(c echo.Context, status int, f views.Form) error {
	ctx := c.Request().Context()
	data := agendaAdminPage{Form: f}
	var err error
	if data.Kinds, err = s.db.R.ListAppointmentKinds(ctx); err != nil {
		return err
	}
	if data.Places, err = s.db.R.ListPlaces(ctx); err != nil {
		return err
	}
	if data.ClosureDays, err = s.db.R.ListClosureDaysFrom(ctx, localDate(s.clock.Now())); err != nil {
		return err
	}
	if data.Practitioners, err = s.db.R.ListPractitioners(ctx); err != nil {
		return err
	}
	for _, ch := range reminderChannels {
		data.Channels = append(data.Channels, views.Option{Value: ch, Label: s.tr(c).T("beheer_agenda.channel_" + ch)})
	}
	return s.render(c, status, "beheer_agenda", data)
}

// bookingForm is the form of the booking limits with the clinic's settings in its fields.
func bookingForm(cl queries.ClinicSetting) views.Form {
	var f views.Form
	for name, n := range map[string]int64{"weken": cl.BookingWeeks, "vooraf": cl.BookingNoticeMinutes, "open": cl.BookingMaxOpen,
		"afzeggen": cl.CancelHours, "herinnering_uren": cl.ReminderHours} {
		f.Set(name, strconv.FormatInt(n, 10))
	}
	if cl.ClosedOnHolidays == 1 {
		f.Set("feestdagen", "1")
	}
	f.Set("herinnering", cl.ReminderChannel)
	return f
}

// numberField reads the whole number typed in field name and records a problem at it when it is not
// one from min to max.
func numberField(f *views.Form, c echo.Context, name string, min, max int64) int64 {
	typed := strings.TrimSpace(c.FormValue(name))
	f.Set(name, typed)
	n, err := strconv.ParseInt(typed, 10, 64)
	if err != nil || n < min || n > max {
		f.Fail(name, "beheer_agenda.number_range", "Min", min, "Max", max)
	}
	return n
}

// choiceField reads field name, one of choices; anything else is a problem at the field (its first
// radio button, or the select).
func choiceField(f *views.Form, c echo.Context, name, key string, choices []string) string {
	v := c.FormValue(name)
	f.Set(name, v)
	for _, ch := range choices {
		if v == ch {
			return v
		}
	}
	f.Fail(name, key)
	return ""
}

// checkField reads a checkbox.
func checkField(f *views.Form, c echo.Context, name string) int64 {
	if c.FormValue(name) == "1" {
		f.Set(name, "1")
		return 1
	}
	return 0
}

// saveBookingSettings stores the limits on booking and the reminders' defaults. The clinic's settings
// are read again by every server from their version, which the database raises.
func (s *Server) saveBookingSettings(c echo.Context) error {
	var f views.Form
	p := queries.UpdateBookingSettingsParams{
		BookingWeeks:         numberField(&f, c, "weken", 1, 52),
		BookingNoticeMinutes: numberField(&f, c, "vooraf", 0, 20160),
		BookingMaxOpen:       numberField(&f, c, "open", 1, 20),
		CancelHours:          numberField(&f, c, "afzeggen", 0, 336),
		ClosedOnHolidays:     checkField(&f, c, "feestdagen"),
		ReminderChannel:      choiceField(&f, c, "herinnering", "beheer_agenda.channel_required", reminderChannels),
		ReminderHours:        numberField(&f, c, "herinnering_uren", 1, 168),
	}
	if f.Failed() {
		return s.agendaAdminPage(c, http.StatusUnprocessableEntity, f)
	}
	ctx := c.Request().Context()
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error { return q.UpdateBookingSettings(ctx, p) }); err != nil {
		return err
	}
	return redirectWithNotice(c, agendaAdminPath, "beheer_agenda.notice_booking_saved")
}

// localDate is the date of t in the practice's zone as a DATE column holds it (midnight UTC).
func localDate(t time.Time) time.Time {
	l := t.In(agenda.Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// parseDay reads a date as a date field sends it (2026-04-27) or as people type it (27-4-2026), as a
// DATE column holds it.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2-1-2006", "2/1/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// parseClock reads a clock time (9:30, 09:30) and gives it as the schema stores it (09:30).
func parseClock(s string) (string, bool) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	h, m, err := agenda.ClockTime(s)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// addClosureDay adds a day the practice is closed (today or later).
func (s *Server) addClosureDay(c echo.Context) error {
	ctx := c.Request().Context()
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	f := bookingForm(clinic)
	typed, reason := c.FormValue("dag"), strings.TrimSpace(c.FormValue("reden"))
	f.Set("dag", typed)
	f.Set("reden", reason)
	day, ok := parseDay(typed)
	switch {
	case strings.TrimSpace(typed) == "":
		f.Fail("dag", "beheer_agenda.day_required")
	case !ok:
		f.Fail("dag", "beheer_agenda.day_invalid")
	case day.Before(localDate(s.clock.Now())):
		f.Fail("dag", "beheer_agenda.day_past")
	}
	checkText(&f, "reden", reason, "", maxLine)
	if f.Failed() {
		return s.agendaAdminPage(c, http.StatusUnprocessableEntity, f)
	}
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		return q.SetClosureDay(ctx, queries.SetClosureDayParams{Day: day, Reason: reason})
	}); err != nil {
		return err
	}
	return redirectWithNotice(c, agendaAdminPath, "beheer_agenda.notice_closure_added")
}

// removeClosureDay opens the practice again on a day it was closed.
func (s *Server) removeClosureDay(c echo.Context) error {
	ctx := c.Request().Context()
	day, ok := parseDay(c.FormValue("dag"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	var n int64
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) (err error) {
		n, err = q.DeleteClosureDay(ctx, day)
		return err
	}); err != nil {
		return err
	}
	if n == 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return redirectWithNotice(c, agendaAdminPath, "beheer_agenda.notice_closure_removed")
}

// kindPage is the form of an appointment kind, new (ID 0) or to change.
type kindPage struct {
	views.Form
	ID     int64
	Places []views.Option
	Rules  []views.Option
}

func (s *Server) kindPage(c echo.Context, status int, data kindPage) error {
	tr := s.tr(c)
	for _, r := range publishRules {
		data.Rules = append(data.Rules, views.Option{Value: r, Label: tr.T("beheer_agenda.rule_" + r)})
	}
	var err error
	if data.Places, err = s.placeOptions(c, "beheer_agenda.kind_no_place"); err != nil {
		return err
	}
	return s.render(c, status, "beheer_agenda_kind", data)
}

// placeOptions are the places to choose from, after the choice of none (noneKey).
func (s *Server) placeOptions(c echo.Context, noneKey string) ([]views.Option, error) {
	places, err := s.db.R.ListPlaces(c.Request().Context())
	opts := []views.Option{{Value: "", Label: s.tr(c).T(noneKey)}}
	for _, p := range places {
		label := p.Name
		if p.Active == 0 {
			label = s.tr(c).T("beheer_agenda.inactive_option", "Name", p.Name)
		}
		opts = append(opts, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: label})
	}
	return opts, err
}

func (s *Server) newKind(c echo.Context) error {
	return s.kindPage(c, http.StatusOK, kindPage{Form: kindForm(queries.AppointmentKind{Minutes: 15, ChoosePractitioner: 1,
		Cancellable: 1, Publish: agenda.PublishNow, PublishTime: "13:00", PublishDays: 1, Active: 1})})
}

func (s *Server) editKind(c echo.Context) error {
	k, err := lookup(s, c, "id", objAppointmentKind, 0, s.db.R.GetAppointmentKind)
	if err != nil {
		return err
	}
	return s.kindPage(c, http.StatusOK, kindPage{Form: kindForm(k), ID: k.ID})
}

// kindForm is the form with the kind in its fields.
func kindForm(k queries.AppointmentKind) views.Form {
	var f views.Form
	for name, v := range map[string]string{"naam_nl": k.NameNl, "naam_en": k.NameEn, "minuten": strconv.FormatInt(k.Minutes, 10),
		"publicatie": k.Publish, "tijd": k.PublishTime, "dagen": strconv.FormatInt(k.PublishDays, 10),
		"instructies_nl": k.InstructionsNl, "instructies_en": k.InstructionsEn} {
		f.Set(name, v)
	}
	if k.PlaceID.Valid {
		f.Set("plaats", strconv.FormatInt(k.PlaceID.Int64, 10))
	}
	for name, on := range map[string]int64{"boekbaar": k.Bookable, "kiezen": k.ChoosePractitioner, "afzeggen": k.Cancellable, "actief": k.Active} {
		if on == 1 {
			f.Set(name, "1")
		}
	}
	return f
}

// readKind reads the kind's form, with a problem at each field to correct. A place that is not there is
// refused (an id in a form field).
func (s *Server) readKind(c echo.Context) (queries.AppointmentKind, views.Form, error) {
	var f views.Form
	k := queries.AppointmentKind{
		NameNl: strings.TrimSpace(c.FormValue("naam_nl")), NameEn: strings.TrimSpace(c.FormValue("naam_en")),
		InstructionsNl: strings.TrimSpace(c.FormValue("instructies_nl")), InstructionsEn: strings.TrimSpace(c.FormValue("instructies_en")),
		PublishTime: "13:00", PublishDays: 1,
	}
	f.Set("naam_nl", k.NameNl)
	f.Set("naam_en", k.NameEn)
	checkText(&f, "naam_nl", k.NameNl, "beheer_agenda.kind_name_required", maxLine)
	checkText(&f, "naam_en", k.NameEn, "", maxLine)
	k.Minutes = numberField(&f, c, "minuten", 5, 480)
	k.Bookable, k.ChoosePractitioner = checkField(&f, c, "boekbaar"), checkField(&f, c, "kiezen")
	k.Cancellable = checkField(&f, c, "afzeggen")
	k.Publish = choiceField(&f, c, "publicatie", "beheer_agenda.rule_required", publishRules)
	// The time and the number of days are kept as typed, and checked only for the rule that uses them.
	typedTime, typedDays := strings.TrimSpace(c.FormValue("tijd")), strings.TrimSpace(c.FormValue("dagen"))
	f.Set("tijd", typedTime)
	f.Set("dagen", typedDays)
	switch k.Publish {
	case agenda.PublishDayBefore:
		clock, ok := parseClock(typedTime)
		if !ok {
			f.Fail("tijd", "beheer_agenda.time_invalid")
		}
		k.PublishTime = clock
	case agenda.PublishDaysBefore:
		k.PublishDays = numberField(&f, c, "dagen", 1, 60)
	}
	place := c.FormValue("plaats")
	f.Set("plaats", place)
	if place != "" {
		id, err := strconv.ParseInt(place, 10, 64)
		if err != nil {
			return k, f, s.refuse(c, objPlace, 0, 0)
		}
		if _, err := s.db.R.GetPlace(c.Request().Context(), id); errors.Is(err, sql.ErrNoRows) {
			return k, f, s.refuse(c, objPlace, id, 0)
		} else if err != nil {
			return k, f, err
		}
		k.PlaceID = sql.NullInt64{Int64: id, Valid: true}
	}
	f.Set("instructies_nl", k.InstructionsNl)
	f.Set("instructies_en", k.InstructionsEn)
	checkText(&f, "instructies_nl", k.InstructionsNl, "", maxInstructions)
	checkText(&f, "instructies_en", k.InstructionsEn, "", maxInstructions)
	k.Active = checkField(&f, c, "actief")
	return k, f, nil
}

// saveKind adds a kind (no id in the path) or changes one. When a kind's publication rule changes, the
// rule applies at once to its booked appointments that patients do not see yet, in the same
// transaction; one a patient already sees stays visible.
func (s *Server) saveKind(c echo.Context) error {
	var id int64
	if c.Param("id") != "" {
		old, err := lookup(s, c, "id", objAppointmentKind, 0, s.db.R.GetAppointmentKind)
		if err != nil {
			return err
		}
		id = old.ID
	}
	k, f, err := s.readKind(c)
	if err != nil {
		return err
	}
	if f.Failed() {
		return s.kindPage(c, http.StatusUnprocessableEntity, kindPage{Form: f, ID: id})
	}
	notice := "beheer_agenda.notice_kind_saved"
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if id == 0 {
			notice = "beheer_agenda.notice_kind_added"
			_, err := q.CreateAppointmentKind(ctx, queries.CreateAppointmentKindParams{NameNl: k.NameNl, NameEn: k.NameEn, Minutes: k.Minutes,
				Bookable: k.Bookable, ChoosePractitioner: k.ChoosePractitioner, Cancellable: k.Cancellable, Publish: k.Publish,
				PublishTime: k.PublishTime, PublishDays: k.PublishDays, PlaceID: k.PlaceID, InstructionsNl: k.InstructionsNl,
				InstructionsEn: k.InstructionsEn, Active: k.Active})
			return err
		}
		before, err := q.GetAppointmentKind(ctx, id)
		if err != nil {
			return err
		}
		if err := q.UpdateAppointmentKind(ctx, queries.UpdateAppointmentKindParams{NameNl: k.NameNl, NameEn: k.NameEn, Minutes: k.Minutes,
			Bookable: k.Bookable, ChoosePractitioner: k.ChoosePractitioner, Cancellable: k.Cancellable, Publish: k.Publish,
			PublishTime: k.PublishTime, PublishDays: k.PublishDays, PlaceID: k.PlaceID, InstructionsNl: k.InstructionsNl,
			InstructionsEn: k.InstructionsEn, Active: k.Active, ID: id}); err != nil {
			return err
		}
		if kindRule(before) == kindRule(k) {
			return nil
		}
		return s.republish(ctx, q, cl, id, kindRule(k))
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, agendaAdminPath, notice)
}

// kindRule is the kind's publication rule.
func kindRule(k queries.AppointmentKind) agenda.Rule {
	return ruleOf(k.Publish, k.PublishTime, k.PublishDays)
}

// republish gives the kind's booked appointments that patients do not see yet the moment from which
// they do by rule (never before now: what the rule would have shown already shows now).
func (s *Server) republish(ctx context.Context, q *queries.Queries, cl *changeLog, kindID int64, rule agenda.Rule) error {
	now := s.clock.Now()
	hidden, err := q.ListUnpublishedAppointmentsOfKind(ctx, queries.ListUnpublishedAppointmentsOfKindParams{KindID: kindID, Now: now})
	if err != nil {
		return err
	}
	for _, a := range hidden {
		at, err := agenda.VisibleFrom(rule, a.StartsAt, now)
		if err != nil {
			return err
		}
		if err := q.SetAppointmentVisibleFrom(ctx, queries.SetAppointmentVisibleFromParams{VisibleFrom: at, ID: a.ID}); err != nil {
			return err
		}
		cl.add(objAppointment, a.ID, a.PatientID)
	}
	return nil
}

// placePage is the form of a place, new (ID 0) or to change.
type placePage struct {
	views.Form
	ID int64
}

func (s *Server) newPlace(c echo.Context) error {
	var f views.Form
	f.Set("actief", "1")
	return s.render(c, http.StatusOK, "beheer_agenda_place", placePage{Form: f})
}

func (s *Server) editPlace(c echo.Context) error {
	p, err := lookup(s, c, "id", objPlace, 0, s.db.R.GetPlace)
	if err != nil {
		return err
	}
	var f views.Form
	for name, v := range map[string]string{"naam": p.Name, "straat": p.Street, "postcode": p.Postcode, "plaats": p.City} {
		f.Set(name, v)
	}
	if p.Active == 1 {
		f.Set("actief", "1")
	}
	return s.render(c, http.StatusOK, "beheer_agenda_place", placePage{Form: f, ID: p.ID})
}

// readPlace reads the place's form, with a problem at each field to correct.
func readPlace(c echo.Context) (queries.Place, views.Form) {
	var f views.Form
	p := queries.Place{Name: strings.TrimSpace(c.FormValue("naam")), Street: strings.TrimSpace(c.FormValue("straat")),
		Postcode: strings.TrimSpace(c.FormValue("postcode")), City: strings.TrimSpace(c.FormValue("plaats"))}
	for name, v := range map[string]string{"naam": p.Name, "straat": p.Street, "postcode": p.Postcode, "plaats": p.City} {
		f.Set(name, v)
	}
	checkText(&f, "naam", p.Name, "beheer_agenda.place_name_required", maxLine)
	checkText(&f, "straat", p.Street, "", maxLine)
	checkText(&f, "postcode", p.Postcode, "", maxPostcode)
	checkText(&f, "plaats", p.City, "", maxLine)
	p.Active = checkField(&f, c, "actief")
	return p, f
}

// savePlace adds a place (no id in the path) or changes one.
func (s *Server) savePlace(c echo.Context) error {
	var id int64
	if c.Param("id") != "" {
		old, err := lookup(s, c, "id", objPlace, 0, s.db.R.GetPlace)
		if err != nil {
			return err
		}
		id = old.ID
	}
	p, f := readPlace(c)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "beheer_agenda_place", placePage{Form: f, ID: id})
	}
	ctx := c.Request().Context()
	if err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if id == 0 {
			_, err := q.CreatePlace(ctx, queries.CreatePlaceParams{Name: p.Name, Street: p.Street, Postcode: p.Postcode, City: p.City, Active: p.Active})
			return err
		}
		return q.UpdatePlace(ctx, queries.UpdatePlaceParams{Name: p.Name, Street: p.Street, Postcode: p.Postcode, City: p.City, Active: p.Active, ID: id})
	}); err != nil {
		return err
	}
	return redirectWithNotice(c, agendaAdminPath, "beheer_agenda.notice_place_saved")
}
