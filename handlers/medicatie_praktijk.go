package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// The practice's side of the medication list (issue 13): a Medicatie panel on the patient page with the
// current and the stopped medicines, and pages to add a medicine, change a current one and stop it with a
// date and a reason. Every change goes through s.change, with its access-log row.

const (
	maxMedicationName    = 200
	maxMedicationDetail  = 100 // strength, form
	maxMedicationDosage  = 300
	maxMedicationNote    = 1000 // instructions
	maxMedicationStopWhy = 500
)

func medicationHome(patientID int64) string { return patientHome(patientID) + "/medicatie" }

func medicationPagePath(patientID, id int64) string {
	return medicationHome(patientID) + "/" + strconv.FormatInt(id, 10)
}

// medicationForm is the form of a new medicine or a change (fields naam, sterkte, vorm, dosering,
// instructies, soort, start, eind, voorschrijver), as typed.
type medicationForm struct {
	views.Form
	PatientName   string
	Action        string
	Back          string
	Editing       bool
	Kinds         []views.Option // soort: chronisch, kortdurend
	Prescribers   []views.Option
	practitioners []queries.ListPractitionersRow
}

func (s *Server) medicationFormOf(c echo.Context, p queries.User) (medicationForm, error) {
	tr := s.tr(c)
	f := medicationForm{PatientName: p.FullName(), Action: medicationHome(p.ID), Back: patientHome(p.ID),
		Kinds: []views.Option{{Value: "chronisch", Label: tr.T("medicatie_praktijk.kind_chronic")},
			{Value: "kortdurend", Label: tr.T("medicatie_praktijk.kind_short")}}}
	var err error
	if f.practitioners, err = s.db.R.ListPractitioners(c.Request().Context()); err != nil {
		return f, err
	}
	f.Prescribers = []views.Option{{Value: "", Label: tr.T("medicatie_praktijk.prescriber_choose")}}
	for _, pr := range f.practitioners {
		f.Prescribers = append(f.Prescribers, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: pr.FullName()})
	}
	return f, nil
}

// fill puts a stored medicine in the form.
func (f *medicationForm) fill(m queries.Medication) {
	f.Set("naam", m.Name)
	f.Set("sterkte", m.Strength)
	f.Set("vorm", m.Form)
	f.Set("dosering", m.Dosage)
	f.Set("instructies", m.Instructions)
	f.Set("soort", map[int64]string{0: "kortdurend", 1: "chronisch"}[m.Chronic])
	f.Set("start", m.StartedOn.Format("2006-01-02"))
	if m.EndedOn.Valid {
		f.Set("eind", m.EndedOn.Time.Format("2006-01-02"))
	}
	if m.PrescriberID.Valid {
		f.Set("voorschrijver", strconv.FormatInt(m.PrescriberID.Int64, 10))
	}
}

// check reads and checks the posted medicine in the order of the page; the form keeps everything typed.
func (f *medicationForm) check(c echo.Context, today time.Time) queries.CreateMedicationParams {
	text := func(name string) string {
		v := strings.TrimSpace(c.FormValue(name))
		f.Set(name, v)
		return v
	}
	m := queries.CreateMedicationParams{Name: text("naam"), Strength: text("sterkte"), Form: text("vorm"),
		Dosage: text("dosering"), Instructions: cleanText(c.FormValue("instructies"))}
	f.Set("instructies", m.Instructions)
	checkText(&f.Form, "naam", m.Name, "medicatie_praktijk.name_required", maxMedicationName)
	checkText(&f.Form, "sterkte", m.Strength, "", maxMedicationDetail)
	checkText(&f.Form, "vorm", m.Form, "", maxMedicationDetail)
	checkText(&f.Form, "dosering", m.Dosage, "medicatie_praktijk.dosage_required", maxMedicationDosage)
	checkText(&f.Form, "instructies", m.Instructions, "", maxMedicationNote)
	kind := choiceField(&f.Form, c, "soort", "medicatie_praktijk.kind_required", []string{"chronisch", "kortdurend"})
	if kind == "chronisch" {
		m.Chronic = 1
	}
	start, end := text("start"), text("eind")
	var ok bool
	if m.StartedOn, ok = parseDay(start); !ok {
		f.Fail("start", "medicatie_praktijk.start_invalid")
	} else if m.StartedOn.After(today) {
		f.Fail("start", "medicatie_praktijk.start_future")
	}
	if end != "" {
		switch e, ok := parseDay(end); {
		case !ok:
			f.Fail("eind", "medicatie_praktijk.end_invalid")
		case m.Chronic == 1:
			f.Fail("eind", "medicatie_praktijk.end_chronic")
		case e.Before(m.StartedOn):
			f.Fail("eind", "medicatie_praktijk.end_before_start")
		default:
			m.EndedOn = sqlTime(e)
		}
	}
	prescriber := c.FormValue("voorschrijver")
	f.Set("voorschrijver", prescriber)
	for _, pr := range f.practitioners {
		if strconv.FormatInt(pr.ID, 10) == prescriber {
			m.PrescriberID = sql.NullInt64{Int64: pr.ID, Valid: true}
		}
	}
	if !m.PrescriberID.Valid {
		f.Fail("voorschrijver", "medicatie_praktijk.prescriber_required")
	}
	return m
}

func (s *Server) renderMedicationForm(c echo.Context, status int, f medicationForm) error {
	return s.render(c, status, "medicatie_praktijk_form", f)
}

// newMedication is "Medicijn toevoegen": started today, prescribed by the patient's practitioner or by
// the practitioner who adds it.
func (s *Server) newMedication(c echo.Context) error {
	p, me := *state(c).Patient, state(c).User
	f, err := s.medicationFormOf(c, p)
	if err != nil {
		return err
	}
	f.Set("start", localDate(s.clock.Now()).Format("2006-01-02"))
	f.Set("soort", "chronisch")
	if me.Role == "practitioner" {
		f.Set("voorschrijver", strconv.FormatInt(me.ID, 10))
	} else if p.PractitionerID.Valid {
		f.Set("voorschrijver", strconv.FormatInt(p.PractitionerID.Int64, 10))
	}
	return s.renderMedicationForm(c, http.StatusOK, f)
}

func (s *Server) createMedication(c echo.Context) error {
	p := *state(c).Patient
	f, err := s.medicationFormOf(c, p)
	if err != nil {
		return err
	}
	m := f.check(c, localDate(s.clock.Now()))
	if f.Failed() {
		return s.renderMedicationForm(c, http.StatusUnprocessableEntity, f)
	}
	m.PatientID = p.ID
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.CreateMedication(ctx, m)
		cl.add(objMedication, id, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(p.ID), "medicatie_praktijk.notice_added")
}

// currentMedication is the medicine in the URL, if it is the patient in view's (else a 404), and whether
// it is still current: a stopped one is not changed or stopped again.
func (s *Server) currentMedication(c echo.Context) (queries.Medication, bool, error) {
	m, err := s.patientMedication(c, "med")
	return m, err == nil && medicationCurrent(m, localDate(s.clock.Now())), err
}

// notCurrent sends the user back to the patient page: the medicine was stopped meanwhile.
func notCurrent(c echo.Context, m queries.Medication) error {
	return redirectWithNotice(c, patientHome(m.PatientID), "medicatie_praktijk.notice_not_current")
}

func (s *Server) editMedicationForm(c echo.Context, m queries.Medication) (medicationForm, error) {
	f, err := s.medicationFormOf(c, *state(c).Patient)
	f.Action, f.Editing = medicationPagePath(m.PatientID, m.ID), true
	return f, err
}

// editMedication is "Wijzigen": the form with the medicine as it is.
func (s *Server) editMedication(c echo.Context) error {
	m, current, err := s.currentMedication(c)
	if err != nil {
		return err
	}
	if !current {
		return notCurrent(c, m)
	}
	if err := s.logAccess(c, objMedication, m.ID, accesslog.ActionRead, m.PatientID); err != nil {
		return err
	}
	f, err := s.editMedicationForm(c, m)
	if err != nil {
		return err
	}
	f.fill(m)
	return s.renderMedicationForm(c, http.StatusOK, f)
}

func (s *Server) updateMedication(c echo.Context) error {
	m, current, err := s.currentMedication(c)
	if err != nil {
		return err
	}
	if !current {
		return notCurrent(c, m)
	}
	f, err := s.editMedicationForm(c, m)
	if err != nil {
		return err
	}
	in := f.check(c, localDate(s.clock.Now()))
	if f.Failed() {
		return s.renderMedicationForm(c, http.StatusUnprocessableEntity, f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objMedication, m.ID, m.PatientID)
		return q.UpdateMedication(ctx, queries.UpdateMedicationParams{PrescriberID: in.PrescriberID, Name: in.Name,
			Strength: in.Strength, Form: in.Form, Dosage: in.Dosage, Instructions: in.Instructions, Chronic: in.Chronic,
			StartedOn: in.StartedOn, EndedOn: in.EndedOn, ID: m.ID, PatientID: m.PatientID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(m.PatientID), "medicatie_praktijk.notice_changed")
}

// stopForm is "Stoppen": the day it stopped (datum) and why (reden).
type stopForm struct {
	views.Form
	Medication  queries.Medication
	PatientName string
}

// stopMedicationPage asks when and why the medicine stopped; today by default.
func (s *Server) stopMedicationPage(c echo.Context) error {
	m, current, err := s.currentMedication(c)
	if err != nil {
		return err
	}
	if !current {
		return notCurrent(c, m)
	}
	if err := s.logAccess(c, objMedication, m.ID, accesslog.ActionRead, m.PatientID); err != nil {
		return err
	}
	f := stopForm{Medication: m, PatientName: state(c).Patient.FullName()}
	f.Set("datum", localDate(s.clock.Now()).Format("2006-01-02"))
	return s.render(c, http.StatusOK, "medicatie_praktijk_stop", f)
}

func (s *Server) stopMedication(c echo.Context) error {
	m, current, err := s.currentMedication(c)
	if err != nil {
		return err
	}
	if !current {
		return notCurrent(c, m)
	}
	f := stopForm{Medication: m, PatientName: state(c).Patient.FullName()}
	day, reason := strings.TrimSpace(c.FormValue("datum")), cleanText(c.FormValue("reden"))
	f.Set("datum", day)
	f.Set("reden", reason)
	ended, ok := parseDay(day)
	switch {
	case !ok:
		f.Fail("datum", "medicatie_praktijk.stop_date_invalid")
	case ended.After(localDate(s.clock.Now())):
		f.Fail("datum", "medicatie_praktijk.stop_date_future")
	case ended.Before(m.StartedOn):
		f.Fail("datum", "medicatie_praktijk.stop_date_before_start")
	}
	checkText(&f.Form, "reden", reason, "medicatie_praktijk.stop_reason_required", maxMedicationStopWhy)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "medicatie_praktijk_stop", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objMedication, m.ID, m.PatientID)
		return q.StopMedication(ctx, queries.StopMedicationParams{EndedOn: sqlTime(ended), StopReason: reason,
			StoppedBy: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, ID: m.ID, PatientID: m.PatientID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(m.PatientID), "medicatie_praktijk.notice_stopped")
}
