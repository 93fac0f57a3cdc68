package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/queries"
	"balie/views"
)

// The practice's agenda (/praktijk/agenda): a day or a week, of one practitioner (their own and the
// appointments they take part in) or of the whole practice grouped per practitioner. Staff see every
// appointment, also one the patient does not see yet. A practitioner's agenda starts with the
// appointments patients booked or cancelled themselves that staff have not seen (the number beside
// "Agenda" in the menu). Making, moving and cancelling: agenda_praktijk_edit.go.

const staffAgendaPath = "/praktijk/agenda"

// staffAppointmentPath is the address of an appointment's page in the back office.
func staffAppointmentPath(id int64) string {
	return staffAgendaPath + "/afspraken/" + strconv.FormatInt(id, 10)
}

// whole is the agenda of the whole practice in the address (?wie=alle).
const whole = "alle"

type staffAgendaPage struct {
	views.Form // the choice of agenda: field wie
	Week       bool
	Heading    staffAgendaDay // the day shown, or the week's Monday
	WeekNumber int
	Days       []staffAgendaDay
	Who        string // a practitioner's id or whole
	Whole      bool
	Choices    []views.Option
	Prev, Next string
	Today      string
	DayView    string
	WeekView   string
	New        string // "Afspraak maken" for this agenda and day
	Self       string // this page's address, where "Gezien" returns to
	// The picker keeps the period: its hidden field's name (dag or week) and value.
	Period, PeriodValue string
	Unseen              []queries.ListUnseenAppointmentsRow
	Now                 time.Time
}

// staffAgendaDay is a calendar day of the agenda with its appointments, per practitioner in the whole
// practice's agenda (one group without a name otherwise).
type staffAgendaDay struct {
	Date                    string // yyyy-mm-dd
	Weekday, Day, Month, Yr int
	Today                   bool
	Link                    string // the day's own view
	Groups                  []staffAgendaGroup
}

func (d staffAgendaDay) Empty() bool { return len(d.Groups) == 0 }

type staffAgendaGroup struct {
	PractitionerID int64 // 0: the agenda is one practitioner's
	Practitioner   string
	Items          []queries.ListStaffAgendaRow
}

func dateParam(d time.Time) string { return d.Format("2006-01-02") }

// staffAgendaURL is the address of the agenda of who on the day d, or in its week.
func staffAgendaURL(d time.Time, week bool, who string) string {
	v := url.Values{"wie": {who}}
	if week {
		v.Set("week", agenda.WeekName(d))
	} else {
		v.Set("dag", dateParam(d))
	}
	return staffAgendaPath + "?" + v.Encode()
}

// agendaPraktijk is the agenda page: ?dag=2026-03-02 or ?week=2026-W10 (today when neither, or when
// unreadable), ?wie=<practitioner's id> or alle.
func (s *Server) agendaPraktijk(c echo.Context) error {
	ctx := c.Request().Context()
	me := state(c).User
	now := s.clock.Now()
	today := localDay(now)
	page := staffAgendaPage{Now: now}
	day := today
	if w := c.QueryParam("week"); w != "" {
		page.Week = true
		if monday, ok := agenda.ParseWeek(w); ok {
			day = monday
		}
	} else if d, err := time.ParseInLocation("2006-01-02", c.QueryParam("dag"), agenda.Zone); err == nil {
		day = d
	}
	practitioners, err := s.db.R.ListPractitioners(ctx)
	if err != nil {
		return err
	}
	page.Who, page.Choices = s.agendaOwner(c, practitioners)
	page.Set("wie", page.Who)
	page.Whole = page.Who == whole
	from, days := day, 1
	if page.Week {
		from, days = agenda.WeekOf(day), 7
	}
	owner, _ := strconv.ParseInt(page.Who, 10, 64)
	rows, err := s.db.R.ListStaffAgenda(ctx, queries.ListStaffAgendaParams{From: from.UTC(), To: from.AddDate(0, 0, days).UTC(), PractitionerID: owner})
	if err != nil {
		return err
	}
	page.Days = groupAgenda(rows, from, days, today, page.Who, practitioners, page.Whole)
	page.Heading = page.Days[0]
	_, page.WeekNumber = from.ISOWeek()
	page.Prev = staffAgendaURL(from.AddDate(0, 0, -days), page.Week, page.Who)
	page.Next = staffAgendaURL(from.AddDate(0, 0, days), page.Week, page.Who)
	page.Today = staffAgendaURL(today, page.Week, page.Who)
	page.Self = staffAgendaURL(day, page.Week, page.Who)
	page.Period, page.PeriodValue = "dag", dateParam(day)
	if page.Week {
		page.Period, page.PeriodValue = "week", agenda.WeekName(from)
	}
	page.WeekView = staffAgendaURL(day, true, page.Who)
	page.DayView = staffAgendaURL(day, false, page.Who)
	if page.Week && agenda.WeekOf(today).Equal(from) {
		page.DayView = staffAgendaURL(today, false, page.Who)
	}
	newVisit := url.Values{"datum": {dateParam(day)}}
	if !page.Whole {
		newVisit.Set("behandelaar", page.Who)
	}
	page.New = staffAgendaPath + "/nieuw?" + newVisit.Encode()
	// A practitioner's own unseen bookings and cancellations, above their agenda.
	if me.Role == "practitioner" {
		if page.Unseen, err = s.db.R.ListUnseenAppointments(ctx, me.ID); err != nil {
			return err
		}
	}
	// The agenda shows patients' names: one access-log row per patient in it.
	var patients []int64
	seen := func(id int64) {
		if !slices.Contains(patients, id) {
			patients = append(patients, id)
		}
	}
	for _, r := range rows {
		seen(r.PatientID)
	}
	for _, u := range page.Unseen {
		seen(u.PatientID)
	}
	if err := s.logAccess(c, "agenda", 0, accesslog.ActionList, patients...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_praktijk", page)
}

// agendaOwner is whose agenda the page shows (?wie=): a practitioner's id, or the whole practice;
// without a valid choice a practitioner's own, and the whole practice for other staff. choices are the
// options of the page's picker.
func (s *Server) agendaOwner(c echo.Context, practitioners []queries.ListPractitionersRow) (string, []views.Option) {
	me := state(c).User
	choices := []views.Option{{Value: whole, Label: s.tr(c).T("agenda_praktijk.whole_practice")}}
	who := whole
	if me.Role == "practitioner" {
		who = strconv.FormatInt(me.ID, 10)
	}
	asked := c.QueryParam("wie")
	for _, p := range practitioners {
		id := strconv.FormatInt(p.ID, 10)
		choices = append(choices, views.Option{Value: id, Label: p.FullName()})
		if id == asked {
			who = id
		}
	}
	if asked == whole {
		who = whole
	}
	return who, choices
}

// groupAgenda puts the rows (in order of time) under their days from from, and in the whole practice's
// agenda under their practitioner within the day, in the order of practitioners.
func groupAgenda(rows []queries.ListStaffAgendaRow, from time.Time, days int, today time.Time, who string,
	practitioners []queries.ListPractitionersRow, byPractitioner bool) []staffAgendaDay {
	out := make([]staffAgendaDay, days)
	index := map[string]int{}
	for i := range out {
		d := from.AddDate(0, 0, i)
		out[i] = staffAgendaDay{Date: dateParam(d), Weekday: int(d.Weekday()), Day: d.Day(), Month: int(d.Month()), Yr: d.Year(),
			Today: d.Equal(today), Link: staffAgendaURL(d, false, who)}
		index[out[i].Date] = i
	}
	names := map[int64]string{}
	order := map[int64]int{}
	for i, p := range practitioners {
		names[p.ID], order[p.ID] = p.FullName(), i
	}
	for _, r := range rows {
		i, ok := index[dateParam(r.StartsAt.In(agenda.Zone))]
		if !ok {
			continue
		}
		d := &out[i]
		var owner int64
		if byPractitioner {
			owner = r.PractitionerID
		}
		g := slices.IndexFunc(d.Groups, func(g staffAgendaGroup) bool { return g.PractitionerID == owner })
		if g < 0 {
			d.Groups = append(d.Groups, staffAgendaGroup{PractitionerID: owner, Practitioner: names[owner]})
			g = len(d.Groups) - 1
		}
		d.Groups[g].Items = append(d.Groups[g].Items, r)
	}
	for i := range out {
		slices.SortStableFunc(out[i].Groups, func(a, b staffAgendaGroup) int {
			return order[a.PractitionerID] - order[b.PractitionerID]
		})
	}
	return out
}

// staffAppointment finds the appointment in the URL: any of the clinic's (staff work for the whole
// practice), published to the patient or not.
func (s *Server) staffAppointment(c echo.Context) (queries.GetAppointmentForStaffRow, error) {
	return lookup(s, c, "id", objAppointment, 0, s.db.R.GetAppointmentForStaff)
}

type staffAppointmentView struct {
	A         queries.GetAppointmentForStaffRow
	Back      string // the day in its practitioner's agenda
	Visible   bool   // the patient sees it now
	Booked    bool
	CanNoShow bool // booked and started
	Past      bool
}

// staffAppointmentPage shows one appointment with what staff can do with it. Opening it counts as
// having seen the patient's own booking or cancellation.
func (s *Server) staffAppointmentPage(c echo.Context) error {
	a, err := s.staffAppointment(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objAppointment, a.ID, accesslog.ActionRead, a.PatientID); err != nil {
		return err
	}
	if a.StaffSeen == 0 {
		// Part of reading, like a message marked read (messages_praktijk.go), once the read is logged.
		if _, err := s.db.W.MarkAppointmentSeen(c.Request().Context(), a.ID); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	return s.render(c, http.StatusOK, "agenda_praktijk_appointment", staffAppointmentView{A: a,
		Back:    staffAgendaURL(localDay(a.StartsAt), false, strconv.FormatInt(a.PractitionerID, 10)),
		Visible: !a.VisibleFrom.After(now), Booked: a.Status == "booked",
		CanNoShow: a.Status == "booked" && !a.StartsAt.After(now), Past: !a.EndsAt.After(now)})
}

// patientAgenda is the agenda panel of the patient's page: what is still to come (also what the patient
// does not see yet) and the last few that are over.
type patientAgenda struct {
	Upcoming []queries.ListPatientAppointmentsUpcomingRow
	Past     []queries.ListPatientAppointmentsPastRow
	Now      time.Time
}

func (s *Server) patientAgendaPanel(ctx context.Context, patientID int64) (patientAgenda, error) {
	now := s.clock.Now()
	p := patientAgenda{Now: now}
	var err error
	if p.Upcoming, err = s.db.R.ListPatientAppointmentsUpcoming(ctx, queries.ListPatientAppointmentsUpcomingParams{PatientID: patientID, Now: now}); err != nil {
		return p, err
	}
	p.Past, err = s.db.R.ListPatientAppointmentsPast(ctx, queries.ListPatientAppointmentsPastParams{PatientID: patientID, Now: now})
	return p, err
}

// agendaNewPatient is "Afspraak maken" from the agenda: find the patient (the patient list's search, by
// name, birth date, e-mail or patient number), then make it on their page's form, with the agenda's
// day and practitioner.
type agendaPatientChoice struct {
	views.Form // the search box: field q, id zoek
	Patients   []patientRow
	Pager      pager
	Searched   bool
	Carry      url.Values // the agenda's day, time and practitioner, carried on to the form
}

// Link is the form of a new appointment for the patient with id, with what the agenda carried.
func (d agendaPatientChoice) Link(id int64) string {
	link := "/praktijk/patienten/" + strconv.FormatInt(id, 10) + "/afspraken/nieuw"
	if len(d.Carry) > 0 {
		link += "?" + d.Carry.Encode()
	}
	return link
}

func (s *Server) agendaNewPatient(c echo.Context) error {
	const base = staffAgendaPath + "/nieuw"
	query := strings.TrimSpace(c.QueryParam("q"))
	var data agendaPatientChoice
	data.Set("q", query)
	carry := url.Values{}
	for _, k := range []string{"datum", "tijd", "behandelaar"} {
		if v := c.QueryParam(k); v != "" && len(v) <= 20 {
			carry.Set(k, v)
		}
	}
	data.Carry = carry
	if query == "" {
		return s.render(c, http.StatusOK, "agenda_praktijk_patient", data)
	}
	data.Searched = true
	search, ok := parsePatientQuery(query)
	if checkText(&data.Form, "zoek", query, "", maxSearch); !data.Failed() && !ok {
		data.Fail("zoek", "patients_praktijk.bad_date")
	}
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "agenda_praktijk_patient", data)
	}
	keep := url.Values{"q": {query}}
	for k, v := range carry {
		keep[k] = v
	}
	var done bool
	var err error
	if data.Patients, data.Pager, done, err = s.patientsPage(c, search, base, keep); done || err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda_praktijk_patient", data)
}
