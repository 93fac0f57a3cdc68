package handlers

import (
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// The practice's side of consents: the panel on the patient page (loadConsents, where staff also record
// a change the patient told them), and the clinic-wide overview: per consent how many patients gave or
// withdrew it, and who, the latest change first.

const (
	consentsStaffPath = "/praktijk/toestemmingen"
	consentsPerPage   = 25
)

// recordConsentForPatient records a change on the patient page, for any consent still asked.
func (s *Server) recordConsentForPatient(c echo.Context) error {
	patient := state(c).Patient
	kind, err := lookup(s, c, "kind", objConsentKind, 0, s.db.R.GetConsentKind)
	if err != nil {
		return err
	}
	given, err := strconv.ParseInt(c.FormValue("geven"), 10, 64)
	if err != nil || (given != 0 && given != 1) || kind.Active != 1 {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if err := s.recordConsent(c, patient.ID, kind, given); err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/patienten/"+strconv.FormatInt(patient.ID, 10)+"#toestemmingen",
		"consents_praktijk.notice_recorded")
}

// consentsOverview counts, per consent, the patients who gave and withdrew it.
func (s *Server) consentsOverview(c echo.Context) error {
	kinds, err := s.db.R.CountConsents(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "consents_praktijk", kinds)
}

type consentPatientsPage struct {
	Kind     queries.ConsentKind
	Patients []queries.ListConsentPatientsAfterRow
	Pager    pager
}

// consentPatients lists the patients with a state of one consent, the latest change first, a page at a
// time; each page's patients are logged as listed.
func (s *Server) consentPatients(c echo.Context) error {
	ctx := c.Request().Context()
	kind, err := lookup(s, c, "id", objConsentKind, 0, s.db.R.GetConsentKind)
	if err != nil {
		return err
	}
	cur := readCursor[int64](c)
	var rows []queries.ListConsentPatientsAfterRow
	if cur.Back {
		var before []queries.ListConsentPatientsBeforeRow
		before, err = s.db.R.ListConsentPatientsBefore(ctx, queries.ListConsentPatientsBeforeParams{KindID: kind.ID,
			Cap: countCap + 1, Before: cur.Key, Limit: consentsPerPage + 1})
		rows, err = convertRows(before, err, func(r queries.ListConsentPatientsBeforeRow) queries.ListConsentPatientsAfterRow {
			return queries.ListConsentPatientsAfterRow(r)
		})
	} else {
		after := int64(math.MaxInt64)
		if cur.Set {
			after = cur.Key
		}
		rows, err = s.db.R.ListConsentPatientsAfter(ctx, queries.ListConsentPatientsAfterParams{KindID: kind.ID,
			Cap: countCap + 1, After: after, Limit: consentsPerPage + 1})
	}
	if err != nil {
		return err
	}
	base := consentsStaffPath + "/" + strconv.FormatInt(kind.ID, 10)
	data := consentPatientsPage{Kind: kind}
	data.Patients, data.Pager = pageOf(rows, consentsPerPage, cur,
		func(r queries.ListConsentPatientsAfterRow) int64 { return r.ID }, base, nil)
	if len(data.Patients) == 0 && cur.Set {
		return toFirstPage(c, base, nil)
	}
	data.Pager.Words = "consents_praktijk"
	if len(rows) > 0 {
		data.Pager.Count = rows[0].Total
	}
	ids := make([]int64, len(data.Patients))
	for i, p := range data.Patients {
		ids[i] = p.PatientID
	}
	if len(ids) > 0 {
		if err := s.logAccess(c, objConsent, 0, accesslog.ActionList, ids...); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "consents_praktijk_kind", data)
}
