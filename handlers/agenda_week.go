package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/queries"
)

// The agenda's week ("Mijn agenda", seed 003): /afspraken/week/2026-W49 shows the ISO week in its
// address, so that a link, a reload and Back show the same week. The route takes the rest of the path
// (/afspraken/week/*) rather than a :param, which the route list keeps for ids.

// agendaWeek is a week's page: its seven days, each with its appointments (cancelled and missed ones
// too), and the addresses of the weeks around it.
type agendaWeek struct {
	Week        int
	First, Last time.Time // the Monday and the Sunday
	Days        []agendaDay[queries.ListAgendaRow]
	Prev, Next  string
	ThisWeek    string
	IsThisWeek  bool
}

// weekPath is the address of the week that t lies in.
func weekPath(t time.Time) string { return agendaWeekPath + "/" + agenda.WeekName(t) }

// agendaThisWeek sends /afspraken/week to this week's address.
func (s *Server) agendaThisWeek(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, weekPath(s.clock.Now()))
}

// agendaWeekPage shows the week named in the address; a week that does not exist is a 404.
func (s *Server) agendaWeekPage(c echo.Context) error {
	monday, ok := agenda.ParseWeek(c.Param("*"))
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	patient := state(c).Patient
	now := s.clock.Now()
	next := monday.AddDate(0, 0, 7) // a week of 167 or 169 hours when the clocks change
	rows, err := s.db.R.ListAgenda(c.Request().Context(), queries.ListAgendaParams{
		PatientID: patient.ID, From: monday.UTC(), To: next.UTC(), Now: now, BookedOnly: 0})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, "agenda", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	// Seven days, the empty ones too: a week's columns stand still.
	days := make([]agendaDay[queries.ListAgendaRow], 7)
	today := localDay(now)
	for i := range days {
		days[i].Day = monday.AddDate(0, 0, i)
		days[i].Today = days[i].Day.Equal(today)
	}
	for _, d := range byDay(rows, startOf, now) {
		days[int(d.Day.Sub(monday).Hours()+12)/24].Items = d.Items
	}
	_, week := monday.ISOWeek()
	return s.render(c, http.StatusOK, "agenda_week", agendaWeek{
		Week: week, First: monday, Last: next.AddDate(0, 0, -1), Days: days,
		Prev: weekPath(monday.AddDate(0, 0, -7)), Next: weekPath(next), ThisWeek: weekPath(now),
		IsThisWeek: agenda.WeekOf(now).Equal(monday),
	})
}
