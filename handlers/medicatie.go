package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// The medication list ("Medicatie", issue 13): what the patient takes now, chronic first, and what they
// stopped, behind "Gestopte medicatie". "Klopt dit niet?" opens a new message to the practice with a
// subject that names the medicine; nothing is sent until the patient sends it. The practice keeps the list
// on the patient page (medicatie_praktijk.go).

const (
	medicationPath = "/medicatie"
	objMedication  = "medication"
	// stoppedShown is how many stopped medicines a list shows, the most recently ended first.
	stoppedShown = 50
)

// medicationRow is one medicine in a list; the current and the stopped list return the same columns.
type medicationRow = queries.ListCurrentMedicationRow

// medicationList is the patient's medication as both the patient's page and the practice's panel show it.
type medicationList struct {
	Current []medicationRow
	Stopped []medicationRow
	// More: there are more stopped medicines than Stopped shows.
	More bool
}

// medicationOf reads the patient's current and stopped medication on the practice's today.
func (s *Server) medicationOf(ctx context.Context, patientID int64) (medicationList, error) {
	var l medicationList
	today := localDate(s.clock.Now())
	var err error
	if l.Current, err = s.db.R.ListCurrentMedication(ctx, queries.ListCurrentMedicationParams{PatientID: patientID, Today: sqlTime(today)}); err != nil {
		return l, err
	}
	stopped, err := s.db.R.ListStoppedMedication(ctx, queries.ListStoppedMedicationParams{PatientID: patientID,
		Today: sqlTime(today), Limit: stoppedShown + 1})
	if l.Stopped, err = convertRows(stopped, err, func(r queries.ListStoppedMedicationRow) medicationRow { return medicationRow(r) }); err != nil {
		return l, err
	}
	if len(l.Stopped) > stoppedShown {
		l.Stopped, l.More = l.Stopped[:stoppedShown], true
	}
	return l, nil
}

// medicationCurrent is the rule of queries/medicatie.sql for one row: not stopped, and not past its end.
func medicationCurrent(m queries.Medication, today time.Time) bool {
	return m.StopReason == "" && (!m.EndedOn.Valid || !m.EndedOn.Time.Before(today))
}

type medicationPage struct {
	medicationList
	Messages bool // the clinic offers messages: "Klopt dit niet?" can start one
}

// medication is the patient's medication list.
func (s *Server) medication(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	if err := s.logAccess(c, objMedication, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	var page medicationPage
	var err error
	if page.medicationList, err = s.medicationOf(ctx, patient.ID); err != nil {
		return err
	}
	if page.Messages, err = s.on(ctx, areaNamed("messages")); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "medicatie", page)
}

// patientMedication is the medicine in the URL, if it is the patient in view's; else a 404.
func (s *Server) patientMedication(c echo.Context, param string) (queries.Medication, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, param, objMedication, patient, func(ctx context.Context, id int64) (queries.Medication, error) {
		return s.db.R.GetMedication(ctx, queries.GetMedicationParams{ID: id, PatientID: patient})
	})
}

// stoppedPage is every stopped medicine, a page at a time: the patient's (/medicatie/gestopt) or, for
// the practice, the patient in view's (Staff: with the way back to the patient page).
type stoppedPage struct {
	Items    []medicationRow
	Pager    pager
	Staff    bool
	Back     string
	Messages bool
}

// stoppedMedication lists the stopped medication of the patient in view from the cursor, newest end
// first, at base.
func (s *Server) stoppedMedication(base, back string, staff bool) func(c echo.Context) error {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		patient := state(c).Patient
		path := strings.ReplaceAll(base, ":id", strconv.FormatInt(patient.ID, 10))
		cur := readCursor[int64](c)
		today, limit, count := sqlTime(localDate(s.clock.Now())), int64(stoppedShown+1), int64(countCap+1)
		var rows []queries.ListStoppedMedicationAfterRow
		var err error
		if !cur.Back {
			rows, err = s.db.R.ListStoppedMedicationAfter(ctx, queries.ListStoppedMedicationAfterParams{PatientID: patient.ID, Today: today,
				Cap: count, Cursor: cur.Key, Limit: limit})
		} else {
			back, berr := s.db.R.ListStoppedMedicationBefore(ctx, queries.ListStoppedMedicationBeforeParams{PatientID: patient.ID, Today: today,
				Cap: count, Cursor: cur.Key, Limit: limit})
			rows, err = convertRows(back, berr, func(r queries.ListStoppedMedicationBeforeRow) queries.ListStoppedMedicationAfterRow {
				return queries.ListStoppedMedicationAfterRow(r)
			})
		}
		if err != nil {
			return err
		}
		items, pg := pageOf(rows, stoppedShown, cur, func(r queries.ListStoppedMedicationAfterRow) int64 { return r.ID }, path, nil)
		if len(items) == 0 && cur.Set {
			return toFirstPage(c, path, nil)
		}
		pg.Words = "medicatie"
		if len(rows) > 0 {
			pg.Count = rows[0].Total
		}
		if err := s.logAccess(c, objMedication, 0, accesslog.ActionList, patient.ID); err != nil {
			return err
		}
		page := stoppedPage{Pager: pg, Staff: staff, Back: strings.ReplaceAll(back, ":id", strconv.FormatInt(patient.ID, 10))}
		for _, r := range items {
			page.Items = append(page.Items, medicationRow{ID: r.ID, Name: r.Name, Strength: r.Strength, Form: r.Form, Dosage: r.Dosage,
				Instructions: r.Instructions, Chronic: r.Chronic, StartedOn: r.StartedOn, EndedOn: r.EndedOn, StopReason: r.StopReason,
				PrescriberGivenName: r.PrescriberGivenName, PrescriberNamePrefix: r.PrescriberNamePrefix,
				PrescriberFamilyName: r.PrescriberFamilyName, PrescriberRole: r.PrescriberRole})
		}
		if !staff {
			if page.Messages, err = s.on(ctx, areaNamed("messages")); err != nil {
				return err
			}
		}
		return s.render(c, http.StatusOK, "medicatie_gestopt", page)
	}
}

// medicationQuestion is "Klopt dit niet?": the form of a new message, its subject naming the medicine and
// addressed to who prescribed it (or the patient's own practitioner).
func (s *Server) medicationQuestion(c echo.Context) error {
	m, err := s.patientMedication(c, "id")
	if err != nil {
		return err
	}
	if on, err := s.on(c.Request().Context(), areaNamed("messages")); err != nil || !on {
		if err == nil {
			err = echo.NewHTTPError(http.StatusNotFound)
		}
		return err
	}
	if err := s.logAccess(c, objMedication, m.ID, accesslog.ActionRead, m.PatientID); err != nil {
		return err
	}
	subject := s.tr(c).T("medicatie.question_subject", "Medicine", m.Title())
	return s.composeMessage(c, subject, m.PrescriberID)
}
