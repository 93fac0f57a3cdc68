package handlers

import (
	"bytes"
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

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/internal/sms"
	"balie/internal/token"
	"balie/queries"
	"balie/views"
)

// Calendar files and the patient's settings for reminders and calendars ("Herinneringen en agenda"):
// an .ics file per appointment, and a private subscription address that a calendar app reads by itself.
// The address holds a secret that is stored only hashed and shown once; a new one replaces it, and the
// patient can revoke it. The events say "Afspraak bij {praktijk}", never what the appointment is for.

const (
	agendaSettingsPath = agendaPath + "/instellingen"
	// feedPath begins a subscription address; the rest is its secret.
	feedPath = "/agenda/"
	// feedHistory is how far back a feed lists appointments: a calendar keeps what it read before.
	feedHistory = 6 // months
)

// feedThrottle bounds the reads of subscription addresses per client address: a calendar app reads one
// a few times an hour, and the secrets cannot be guessed, so only a flood reaches it.
var feedThrottle = throttleRule{prefix: "feed-address:", max: 60, window: 15 * time.Minute, lock: 15 * time.Minute}

// calendarInfo is what the events of the patient's calendar files share, in the language lang.
func (s *Server) calendarInfo(ctx context.Context, lang string) (agenda.CalendarInfo, error) {
	clinic, err := s.clinic(ctx)
	if err != nil {
		return agenda.CalendarInfo{}, err
	}
	tr := s.views.Translator(lang)
	host := "balie"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	place := strings.Join(strings.Fields(clinic.Postcode+" "+clinic.City), " ")
	return agenda.CalendarInfo{
		Name:     tr.T("agenda_calendar.feed_name", "Clinic", clinic.Name),
		Title:    tr.T("agenda_calendar.event_title", "Clinic", clinic.Name),
		Location: strings.Trim(strings.TrimSpace(clinic.Street)+", "+place, ", "),
		UIDHost:  host,
		Link:     func(id int64) string { return s.absoluteURL(agendaPath + "/" + strconv.FormatInt(id, 10)) },
	}, nil
}

// sendCalendar answers with a calendar file of events.
func (s *Server) sendCalendar(c echo.Context, info agenda.CalendarInfo, events []agenda.Event, download string) error {
	var b bytes.Buffer
	if err := agenda.WriteCalendar(&b, info, events, s.clock.Now()); err != nil {
		return err
	}
	if download != "" {
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+download+`"`)
	}
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", b.Bytes())
}

// appointmentCalendar sends one appointment as a calendar file ("Zet in mijn agenda").
func (s *Server) appointmentCalendar(c echo.Context) error {
	a, err := s.publishedAppointment(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
		return err
	}
	info, err := s.calendarInfo(c.Request().Context(), state(c).Lang)
	if err != nil {
		return err
	}
	info.Name = "" // one appointment to add, not a calendar of its own
	event := agenda.Event{ID: a.ID, Start: a.StartsAt, End: a.EndsAt, Created: a.CreatedAt, Cancelled: a.Status == "cancelled", Revision: a.Revision}
	return s.sendCalendar(c, info, []agenda.Event{event}, "afspraak.ics")
}

// calendarFeed is a patient's subscription address, read by a calendar app without a session: the
// secret in the path is the key. An unknown, renewed or revoked address is a 404. Each read is
// logged with the patient as actor and subject.
func (s *Server) calendarFeed(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	ctx := c.Request().Context()
	tries := []limitedTry{{rule: feedThrottle, key: feedThrottle.key(c.RealIP())}}
	wait, err := s.takeTries(ctx, tries)
	if err != nil {
		return err
	}
	if wait > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return c.NoContent(http.StatusTooManyRequests)
	}
	feed, err := s.db.R.GetCalendarFeedByHash(ctx, []byte(token.Hash(c.Param("token"))))
	if errors.Is(err, sql.ErrNoRows) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	if err := s.giveTriesBack(ctx, tries); err != nil {
		return err
	}
	now := s.clock.Now()
	rows, err := s.db.R.ListFeedAppointments(ctx, queries.ListFeedAppointmentsParams{
		PatientID: feed.UserID, Since: now.AddDate(0, -feedHistory, 0), Now: now})
	if err != nil {
		return err
	}
	entry := s.logEntry(c, objCalendarFeed, feed.UserID, accesslog.ActionList, accesslog.OutcomeOK, feed.UserID)
	entry.ActorID, entry.ActorRole = feed.UserID, "patient" // no session: the address is the patient's
	if err := s.access.Write(entry); err != nil {
		return err
	}
	if err := s.db.W.CalendarFeedRead(ctx, queries.CalendarFeedReadParams{Now: sqlTime(now), UserID: feed.UserID}); err != nil {
		return err
	}
	info, err := s.calendarInfo(ctx, feed.Locale)
	if err != nil {
		return err
	}
	events := make([]agenda.Event, len(rows))
	for i, r := range rows {
		events[i] = agenda.Event{ID: r.ID, Start: r.StartsAt, End: r.EndsAt, Created: r.CreatedAt, Cancelled: r.Status == "cancelled", Revision: r.Revision}
	}
	return s.sendCalendar(c, info, events, "")
}

// agendaSettingsPage is "Herinneringen en agenda".
type agendaSettingsPage struct {
	views.Form
	Channels  []views.Option
	Hours     int64 // how long before an appointment the reminder comes
	HasMobile bool
	// Feed is the patient's subscription address, if they have one; Address is a new one's, shown once.
	Feed    *queries.GetCalendarFeedRow
	Address string
	Webcal  string
}

// reminderChannels are the choices of the reminder's channel, in the page's order.
var reminderChannels = []string{agenda.RemindEmail, agenda.RemindSMS, agenda.RemindBoth, agenda.RemindNone}

// agendaSettings builds the settings page; f holds what the patient chose (or sent).
func (s *Server) agendaSettings(c echo.Context, f views.Form) (agendaSettingsPage, error) {
	ctx := c.Request().Context()
	patient := state(c).Patient
	clinic, err := s.clinic(ctx)
	if err != nil {
		return agendaSettingsPage{}, err
	}
	_, mobileErr := sms.Normalize(patient.Mobile)
	page := agendaSettingsPage{Form: f, Hours: clinic.ReminderHours, HasMobile: mobileErr == nil}
	tr := s.tr(c)
	for _, ch := range reminderChannels {
		page.Channels = append(page.Channels, views.Option{Value: ch, Label: tr.T("agenda_calendar.channel_" + ch)})
	}
	if page.Value("herinnering") == "" {
		page.Set("herinnering", patient.ReminderChannel.String)
		if !patient.ReminderChannel.Valid {
			page.Set("herinnering", clinic.ReminderChannel)
		}
	}
	feed, err := s.db.R.GetCalendarFeed(ctx, patient.ID)
	switch {
	case err == nil:
		page.Feed = &feed
	case !errors.Is(err, sql.ErrNoRows):
		return page, err
	}
	return page, nil
}

// showAgendaSettings shows "Herinneringen en agenda".
func (s *Server) showAgendaSettings(c echo.Context) error {
	page, err := s.agendaSettings(c, views.Form{})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_calendar", page)
}

// saveReminderChannel stores how the patient wants to be reminded.
func (s *Server) saveReminderChannel(c echo.Context) error {
	patient := state(c).Patient
	channel := c.FormValue("herinnering")
	var f views.Form
	f.Set("herinnering", channel)
	_, mobileErr := sms.Normalize(patient.Mobile)
	switch {
	case !slices.Contains(reminderChannels, channel):
		f.Fail("herinnering", "agenda_calendar.channel_required")
	case (channel == agenda.RemindSMS || channel == agenda.RemindBoth) && mobileErr != nil:
		f.Fail("herinnering", "agenda_calendar.no_mobile")
	}
	if f.Failed() {
		page, err := s.agendaSettings(c, f)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "agenda_calendar", page)
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objAccount, patient.ID, patient.ID)
		return q.SetReminderChannel(ctx, queries.SetReminderChannelParams{Channel: sql.NullString{String: channel, Valid: true}, ID: patient.ID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, agendaSettingsPath, "agenda_calendar.notice_saved")
}

// newCalendarFeed makes the patient's subscription address, or a new one in place of the old (which
// stops working at once), and shows it this once: only its hash is kept.
func (s *Server) newCalendarFeed(c echo.Context) error {
	patient := state(c).Patient
	raw, hash, err := token.New()
	if err != nil {
		return err
	}
	renewed := false
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		_, err := q.GetCalendarFeed(ctx, patient.ID)
		if renewed = err == nil; err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		cl.add(objCalendarFeed, patient.ID, patient.ID)
		return q.SetCalendarFeed(ctx, queries.SetCalendarFeedParams{UserID: patient.ID, TokenHash: []byte(hash), Now: s.clock.Now()})
	})
	if err != nil {
		return err
	}
	page, err := s.agendaSettings(c, views.Form{})
	if err != nil {
		return err
	}
	page.Address = s.absoluteURL(feedPath + raw)
	page.Webcal = "webcal://" + strings.TrimPrefix(strings.TrimPrefix(page.Address, "https://"), "http://")
	page.Set("adres", page.Address)
	if renewed {
		setNotice(c, "agenda_calendar.notice_renewed")
	} else {
		setNotice(c, "agenda_calendar.notice_created")
	}
	return s.render(c, http.StatusOK, "agenda_calendar", page)
}

// revokeCalendarFeed ends the patient's subscription address.
func (s *Server) revokeCalendarFeed(c echo.Context) error {
	patient := state(c).Patient
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.DeleteCalendarFeed(ctx, patient.ID)
		if n > 0 {
			cl.add(objCalendarFeed, patient.ID, patient.ID)
		}
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, agendaSettingsPath, "agenda_calendar.notice_revoked")
}
