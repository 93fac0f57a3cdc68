package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// The administrator searches the whole access log (NEN 7513) by patient, staff member and period.

const accessLogAdminPath = "/praktijk/beheer/toegangslog"

type logSearchRow = queries.SearchAccessLogAfterRow

func logSearchRowID(r logSearchRow) int64 { return r.ID }

type adminAccessLogData struct {
	views.Form // patient (a name or patient number), medewerker (a staff member's id), van, tot
	Staff      []views.Option
	Accesses   []accessItem
	Pager      pager
}

// adminAccessLog is the administrator's search of the log.
func (s *Server) adminAccessLog(c echo.Context) error {
	ctx := c.Request().Context()
	var data adminAccessLogData
	keep := url.Values{}
	staff, err := s.db.R.ListStaff(ctx)
	if err != nil {
		return err
	}
	data.Staff = []views.Option{{Value: "", Label: s.tr(c).T("beheer_accesslog.staff_anyone")}}
	for _, u := range staff {
		data.Staff = append(data.Staff, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: queries.FullName(u.GivenName, u.NamePrefix, u.FamilyName)})
	}
	patientID := s.logSearchPatient(c, &data, keep)
	actorID := int64(0)
	if v := c.QueryParam("medewerker"); v != "" {
		data.Set("medewerker", v)
		id, err := strconv.ParseInt(v, 10, 64)
		for _, u := range staff {
			if err == nil && u.ID == id {
				actorID = id
			}
		}
		if actorID == 0 {
			data.Fail("medewerker", "beheer_accesslog.staff_unknown")
		}
		keep.Set("medewerker", v)
	}
	p := readPeriod(c, &data.Form, keep, "dossier_inzage")
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "beheer_accesslog", data)
	}
	cur := readCursor[int64](c)
	rows, err := s.searchAccessLog(ctx, patientID, actorID, p, cur)
	if err != nil {
		return err
	}
	page, pg := pageOf(rows, accessPerPage, cur, logSearchRowID, accessLogAdminPath, keep)
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, accessLogAdminPath, keep)
	}
	pg.Words = "beheer_accesslog"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	// Every patient on the page had data of theirs shown: logged, as the patient list is.
	var patients []int64
	plain := make([]accessRow, len(page))
	for i, r := range page {
		plain[i] = accessRow{ID: r.ID, At: r.At, ActorRole: r.ActorRole, ObjectType: r.ObjectType, Action: r.Action, Outcome: r.Outcome,
			ActorGiven: r.ActorGiven, ActorPrefix: r.ActorPrefix, ActorFamily: r.ActorFamily, ForGiven: r.ForGiven, ForPrefix: r.ForPrefix, ForFamily: r.ForFamily, ShareLabel: r.ShareLabel}
		if r.PatientID != 0 {
			patients = append(patients, r.PatientID)
		}
	}
	if err := s.logAccess(c, objAccessLog, 0, accesslog.ActionSearch, uniqueIDs(patients)...); err != nil {
		return err
	}
	data.Accesses, data.Pager = s.accessItems(c, plain), pg
	for i, r := range page {
		data.Accesses[i].Patient = queries.FullName(r.PatientGiven, r.PatientPrefix, r.PatientFamily)
	}
	return s.render(c, http.StatusOK, "beheer_accesslog", data)
}

// logSearchPatient finds the one patient the field patient names, through the patient list's search
// (a name, patient number, birth date or e-mail address): 0 when it is empty, a problem at the field
// when it names no one or several.
func (s *Server) logSearchPatient(c echo.Context, data *adminAccessLogData, keep url.Values) int64 {
	q := strings.TrimSpace(c.QueryParam("patient"))
	data.Set("patient", q)
	if q == "" {
		return 0
	}
	keep.Set("patient", q)
	if checkText(&data.Form, "patient", q, "", maxSearch); data.Failed() {
		return 0
	}
	search, ok := parsePatientQuery(q)
	if !ok {
		data.Fail("patient", "patients_praktijk.bad_date")
		return 0
	}
	found, err := s.findPatients(c.Request().Context(), search, cursor[int64]{})
	switch {
	case err != nil || len(found) == 0:
		data.Fail("patient", "beheer_accesslog.patient_none")
	case len(found) > 1:
		data.Fail("patient", "beheer_accesslog.patient_many", "Count", found[0].Total)
	default:
		return found[0].ID
	}
	return 0
}

// searchAccessLog reads one page and one more of the log's search from cur.
func (s *Server) searchAccessLog(ctx context.Context, patientID, actorID int64, p period, cur cursor[int64]) ([]logSearchRow, error) {
	limit, count := int64(accessPerPage+1), int64(countCap+1)
	if !cur.Back {
		return s.db.R.SearchAccessLogAfter(ctx, queries.SearchAccessLogAfterParams{PatientID: patientID, ActorID: actorID,
			From: p.From, To: p.To, Cap: count, Cursor: cur.Key, Limit: limit})
	}
	rows, err := s.db.R.SearchAccessLogBefore(ctx, queries.SearchAccessLogBeforeParams{PatientID: patientID, ActorID: actorID,
		From: p.From, To: p.To, Cap: count, Cursor: cur.Key, Limit: limit})
	return convertRows(rows, err, func(r queries.SearchAccessLogBeforeRow) logSearchRow { return logSearchRow(r) })
}

// uniqueIDs is ids without repeats, in their first order.
func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
