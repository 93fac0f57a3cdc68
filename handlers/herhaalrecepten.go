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

	"balie/internal/accesslog"
	"balie/internal/repeatrx"
	"balie/queries"
	"balie/views"
)

// Repeat prescriptions (herhaalrecepten, seed 002): the patient ticks their current chronic medication,
// chooses the pharmacy (remembered for next time), adds a note if they like and sends; before the
// practice's cut-off on a working day it is ready the next working day. Below the form, their requests
// with their state: aangevraagd → in behandeling → naar de apotheek / afgewezen (with the reason).

const (
	repeatPath    = "/herhaalrecepten"
	repeatPerPage = 20
	maxRepeatNote = 1000
	// objRepeatRequest: a patient's request (a medication the form named is an objMedication).
	objRepeatRequest = "repeat_request"
	// repeatTick is the name of a medication's checkbox: repeatTick + its id.
	repeatTick = "medicijn-"
)

type repeatPage struct {
	views.Form
	Medication []queries.ListRepeatMedicationRow
	Pharmacies []views.Option
	ReadyOn    time.Time // when a request sent now is ready
	Requests   []queries.ListRepeatRequestsAfterRow
	Pager      pager
}

// Tickable reports whether any medication can be requested now.
func (p repeatPage) Tickable() bool {
	for _, m := range p.Medication {
		if !m.Requested {
			return true
		}
	}
	return false
}

// Tick is the name of a medication's checkbox.
func (repeatPage) Tick(id int64) string { return repeatTick + strconv.FormatInt(id, 10) }

// Label is how a medication reads in the list: "Metformine 500 mg tablet".
func (repeatPage) Label(m queries.ListRepeatMedicationRow) string {
	return strings.Join(strings.Fields(m.Name+" "+m.Strength+" "+m.Form), " ")
}

// repeatPrescriptions shows the form and the patient's requests.
func (s *Server) repeatPrescriptions(c echo.Context) error {
	var page repeatPage
	return s.showRepeatPage(c, http.StatusOK, &page, true)
}

// showRepeatPage reads what the page shows beside the form (the medication, pharmacies, ready date and
// a page of requests), logs the read and renders it. fresh: the form as first shown, with the pharmacy
// chosen last.
func (s *Server) showRepeatPage(c echo.Context, status int, page *repeatPage, fresh bool) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	now := s.clock.Now()
	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	if page.Medication == nil {
		if page.Medication, err = s.db.R.ListRepeatMedication(ctx, queries.ListRepeatMedicationParams{PatientID: patient.ID, Today: localDate(now)}); err != nil {
			return err
		}
	}
	pharmacies, err := s.db.R.ListActivePharmacies(ctx, patient.ID)
	if err != nil {
		return err
	}
	for _, p := range pharmacies {
		label := p.Name
		if p.City != "" {
			label += ", " + p.City
		}
		page.Pharmacies = append(page.Pharmacies, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: label})
		if fresh && p.Chosen {
			page.Set("apotheek", strconv.FormatInt(p.ID, 10))
		}
	}
	page.ReadyOn = repeatrx.ReadyOn(now, int(clinic.RepeatCutoffMinutes), int(clinic.RepeatWorkingDays))

	cur := readCursor[int64](c)
	limit, count := int64(repeatPerPage+1), int64(countCap+1)
	var rows []queries.ListRepeatRequestsAfterRow
	if cur.Back {
		back, err := s.db.R.ListRepeatRequestsBefore(ctx, queries.ListRepeatRequestsBeforeParams{PatientID: patient.ID, Cap: count, Cursor: cur.Key, Limit: limit})
		rows, err = convertRows(back, err, func(r queries.ListRepeatRequestsBeforeRow) queries.ListRepeatRequestsAfterRow {
			return queries.ListRepeatRequestsAfterRow(r)
		})
		if err != nil {
			return err
		}
	} else if rows, err = s.db.R.ListRepeatRequestsAfter(ctx, queries.ListRepeatRequestsAfterParams{PatientID: patient.ID, Cap: count, Cursor: cur.Key, Limit: limit}); err != nil {
		return err
	}
	page.Requests, page.Pager = pageOf(rows, repeatPerPage, cur, func(r queries.ListRepeatRequestsAfterRow) int64 { return r.ID }, repeatPath, nil)
	if len(page.Requests) == 0 && cur.Set {
		return toFirstPage(c, repeatPath, nil)
	}
	page.Pager.Words = "herhaalrecepten"
	if len(rows) > 0 {
		page.Pager.Count = rows[0].Total
	}
	if err := s.logAccess(c, objRepeatRequest, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, status, "herhaalrecepten", page)
}

// errAlreadyRequested: the database refused an item (repeat_request_items_check) because an open
// request asks for it already: sent twice at once, from two tabs or devices.
var errAlreadyRequested = errors.New("medication already requested")

// requestRepeat sends a request. Only the patient's current chronic medication can be ticked: a form
// that names another patient's medication (or none at all) is refused as a 404 and logged; the
// patient's own medication that cannot be re-ordered is a 422 that says so.
func (s *Server) requestRepeat(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	now := s.clock.Now()
	today := localDate(now)
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	var page repeatPage
	if page.Medication, err = s.db.R.ListRepeatMedication(ctx, queries.ListRepeatMedicationParams{PatientID: patient.ID, Today: today}); err != nil {
		return err
	}
	orderable := map[int64]queries.ListRepeatMedicationRow{}
	for _, m := range page.Medication {
		orderable[m.ID] = m
	}
	var ticked []int64
	for name := range form {
		rest, ok := strings.CutPrefix(name, repeatTick)
		if !ok || form.Get(name) == "" {
			continue
		}
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return s.refuse(c, objMedication, 0, patient.ID)
		}
		page.Set(name, "1")
		m, ok := orderable[id]
		switch {
		case ok && m.Requested:
			page.Fail("medicijnen", "herhaalrecepten.error_already_requested")
		case ok:
			ticked = append(ticked, id)
		default:
			other, err := s.db.R.GetRepeatMedication(ctx, queries.GetRepeatMedicationParams{Today: today, ID: id})
			if errors.Is(err, sql.ErrNoRows) || (err == nil && other.PatientID != patient.ID) {
				return s.refuse(c, objMedication, id, patient.ID)
			} else if err != nil {
				return err
			}
			page.Fail("medicijnen", "herhaalrecepten.error_not_orderable")
		}
	}
	if len(ticked) == 0 && !page.Failed() {
		page.Fail("medicijnen", "herhaalrecepten.error_none")
	}
	pharmacy, _ := strconv.ParseInt(c.FormValue("apotheek"), 10, 64)
	page.Set("apotheek", c.FormValue("apotheek"))
	if ok, err := s.pharmacyOffered(ctx, patient.ID, pharmacy); err != nil {
		return err
	} else if !ok {
		page.Fail("apotheek", "herhaalrecepten.error_pharmacy")
	}
	note := cleanText(c.FormValue("opmerking"))
	page.Set("opmerking", note)
	checkText(&page.Form, "opmerking", note, "", maxRepeatNote)
	if page.Failed() {
		return s.showRepeatPage(c, http.StatusUnprocessableEntity, &page, false)
	}

	clinic, err := s.clinic(ctx)
	if err != nil {
		return err
	}
	ready := repeatrx.ReadyOn(now, int(clinic.RepeatCutoffMinutes), int(clinic.RepeatWorkingDays))
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.InsertRepeatRequest(ctx, queries.InsertRepeatRequestParams{PatientID: patient.ID, PharmacyID: pharmacy, Note: note, RequestedAt: now, ReadyOn: ready})
		if err != nil {
			return err
		}
		for _, m := range ticked {
			if err := q.InsertRepeatRequestItem(ctx, queries.InsertRepeatRequestItemParams{RequestID: id, MedicationID: m}); err != nil {
				if strings.Contains(err.Error(), "already requested") {
					return errAlreadyRequested
				}
				return err
			}
		}
		if err := q.SetPatientPharmacy(ctx, queries.SetPatientPharmacyParams{PatientID: patient.ID, PharmacyID: pharmacy}); err != nil {
			return err
		}
		cl.add(objRepeatRequest, id, patient.ID)
		return s.mailRepeat(ctx, q, patient.Email, patient.Locale, patient.FullName(), "herhaalrecepten_requested", ready)
	})
	if errors.Is(err, errAlreadyRequested) {
		page.Medication = nil // read again: it shows which one is waiting now
		page.Fail("medicijnen", "herhaalrecepten.error_already_requested")
		return s.showRepeatPage(c, http.StatusUnprocessableEntity, &page, false)
	}
	if err != nil {
		return err
	}
	s.wakeOutbox()
	return redirectWithNotice(c, repeatPath, "herhaalrecepten.notice_sent")
}

// pharmacyOffered reports whether id is a pharmacy patients may choose now.
func (s *Server) pharmacyOffered(ctx context.Context, patientID, id int64) (bool, error) {
	list, err := s.db.R.ListActivePharmacies(ctx, patientID)
	for _, p := range list {
		if p.ID == id {
			return true, err
		}
	}
	return false, err
}

// mailRepeat queues a mail of kind about the patient's repeat prescriptions: that something happened and
// when it is ready, with a button to the page, never which medicine. A patient without an address gets
// none.
func (s *Server) mailRepeat(ctx context.Context, q *queries.Queries, to, locale, name, kind string, ready time.Time) error {
	if to == "" {
		return nil
	}
	return s.queueMail(ctx, q, to, locale, kind, map[string]any{"Name": name, "Day": s.views.Translator(locale).LongDay(ready),
		"Link": s.absoluteURL(repeatPath)})
}
