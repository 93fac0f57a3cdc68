package handlers

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// overviewAppointments is how many upcoming appointments the overview lists.
const overviewAppointments = 3

type overviewData struct {
	Appointments []queries.ListUpcomingAppointmentsRow
	Tiles        []overviewTile
	// DossierNotLinked: the patient's dossier does not show yet; the page says to ask the practitioner.
	DossierNotLinked bool
	Agenda           bool // the next appointments are shown (not on a portal whose authorisation leaves them out)
}

// overviewTile is one count on the overview; Label is a locale key, Href the area it leads to ("" while
// the area is not there: messages only when the clinic offers them).
type overviewTile struct {
	Number int64
	Label  string
	Href   string
	area   string // the area it counts (what an authorisation must open)
}

// overview ("Overzicht") is the patient's start page: the next appointments and what is waiting.
func (s *Server) overview(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	if err := s.logAccess(c, "overview", 0, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	// On someone else's portal only what the authorisation opens is read (data minimisation): the
	// appointments not at all without the agenda; the counts are one statement, their tiles left out.
	g := state(c).Grant
	opens := func(area string) bool { return g == nil || g.allows(area, http.MethodGet) }
	now := s.clock.Now()
	data := overviewData{Agenda: opens("agenda")}
	if data.Agenda {
		var err error
		if data.Appointments, err = s.db.R.ListUpcomingAppointments(ctx, queries.ListUpcomingAppointmentsParams{
			PatientID: patient.ID, Now: now, Limit: overviewAppointments}); err != nil {
			return err
		}
	}
	counts, err := s.db.R.GetOverviewCounts(ctx, queries.GetOverviewCountsParams{PatientID: patient.ID, Now: now, Today: sqlTime(localDate(now))})
	if err != nil {
		return err
	}
	memoOf(ctx).noteUnread(patient.ID, counts.UnreadMessages) // the menu's badge
	linked, err := s.dossierLinked(ctx, patient)
	if err != nil {
		return err
	}
	conversations := areaNamed("conversations")
	on, err := s.on(ctx, conversations)
	if err != nil {
		return err
	}
	var messagesHref string
	if on {
		messagesHref = conversations.Href
	}
	data.DossierNotLinked = !linked && opens("dossier")
	data.Tiles = slices.DeleteFunc([]overviewTile{
		{counts.UpcomingAppointments, "overview.count_appointments", agendaPath, "agenda"},
		{counts.RecordItems, "overview.count_record", dossierPath, "dossier"},
		{counts.UnreadMessages, "overview.count_messages", messagesHref, "conversations"},
		{counts.CurrentMedication, "overview.count_medication", medicationPath, "medicatie"},
		{counts.NewResults, "overview.count_results", resultsPath, "uitslagen"},
		{counts.OpenRepeatRequests, "overview.count_repeat", repeatPath, "herhaalrecepten"},
		{counts.OpenQuestionnaires, "overview.count_questionnaires", questionnairesPath, "vragenlijsten"},
	}, func(t overviewTile) bool { return !opens(t.area) })
	return s.render(c, http.StatusOK, "overview", data)
}
