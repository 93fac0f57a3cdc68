package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// patientsPerPage is the length of one page of the patient list.
const patientsPerPage = 25

type patientsData struct {
	views.Form // the search box: field q, id zoek
	Patients   []queries.SearchPatientsRow
	Total      int64
	Page       int
	Pages      int
}

// PageURL is the address of another page of the same search.
func (d patientsData) PageURL(page int) string {
	v := url.Values{}
	if q := d.Value("q"); q != "" {
		v.Set("q", q)
	}
	if page > 1 {
		v.Set("p", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/praktijk/patienten"
	}
	return "/praktijk/patienten?" + v.Encode()
}

// patients is the back office's patient list, searchable by name, birth date, e-mail or patient number.
// Showing a patient in the list is an access to their data, so every listed patient is logged.
func (s *Server) patients(c echo.Context) error {
	ctx := c.Request().Context()
	query := strings.TrimSpace(c.QueryParam("q"))
	data := patientsData{Page: 1}
	data.Set("q", query)
	if p, err := strconv.Atoi(c.QueryParam("p")); err == nil && p > 1 {
		data.Page = p
	}
	filter, ok := parsePatientQuery(query)
	if checkText(&data.Form, "zoek", query, "", maxSearch); !data.Failed() && !ok {
		data.Fail("zoek", "patients_praktijk.bad_date")
	}
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "patients_praktijk", data)
	}
	offset := int64((data.Page - 1) * patientsPerPage)
	var err error
	data.Patients, err = s.db.R.SearchPatients(ctx, queries.SearchPatientsParams{
		BirthDate: filter.BirthDate, Email: filter.Email, Name: filter.Name, Limit: patientsPerPage, Offset: offset})
	if err != nil {
		return err
	}
	if data.Page == 1 && len(data.Patients) < patientsPerPage {
		data.Total = int64(len(data.Patients)) // everything fits on one page: no need to count
	} else if data.Total, err = s.db.R.CountSearchPatients(ctx, queries.CountSearchPatientsParams(filter)); err != nil {
		return err
	}
	data.Pages = max(1, int((data.Total+patientsPerPage-1)/patientsPerPage))
	if data.Page > data.Pages { // a page past the end (an old link): show the last one
		return c.Redirect(http.StatusSeeOther, data.PageURL(data.Pages))
	}
	ids := make([]int64, len(data.Patients))
	for i, p := range data.Patients {
		ids[i] = p.ID
	}
	if err := s.logAccess(c, "patient_list", 0, accesslog.ActionList, ids...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patients_praktijk", data)
}

var datePattern = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$`)

// parsePatientQuery decides what the search box holds: a date (03-04-1985, 3/4/1985, 1985-04-03), an
// e-mail address (anything with @) or a name or patient number. ok is false for a date that does not
// exist.
func parsePatientQuery(q string) (f queries.CountSearchPatientsParams, ok bool) {
	if q == "" {
		return f, true
	}
	if m := datePattern.FindStringSubmatch(q); m != nil {
		var d, mo, y int
		if m[1] != "" {
			d, mo, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
		} else {
			y, mo, d = atoi(m[4]), atoi(m[5]), atoi(m[6])
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != mo || t.Year() != y {
			return f, false
		}
		f.BirthDate = t
		return f, true
	}
	if strings.Contains(q, "@") {
		f.Email = strings.ToLower(q)
		return f, true
	}
	f.Name = strings.ToLower(strings.Join(strings.Fields(q), " "))
	return f, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// patient is one patient's page in the back office; later areas add their panels here.
func (s *Server) patient(c echo.Context) error {
	ctx := c.Request().Context()
	p := *state(c).Patient
	if err := s.logAccess(c, objPatient, p.ID, accesslog.ActionRead, p.ID); err != nil {
		return err
	}
	person, err := s.person(ctx, p)
	if err != nil {
		return err
	}
	person.Staff = true
	data := patientPage{personData: person}
	if data.Account, err = s.accountPanel(ctx, p); err != nil {
		return err
	}
	if data.SharedDiary, err = s.db.R.ListSharedDiaryEntries(ctx, p.ID); err != nil {
		return err
	}
	if data.Documents, err = s.db.R.ListDocumentsForStaff(ctx, p.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patients_praktijk_patient", data)
}

type patientPage struct {
	personData
	Account     accountPanel
	SharedDiary []queries.ListSharedDiaryEntriesRow // only what the patient shared
	Documents   []queries.ListDocumentsForStaffRow
}

// invitePatient is the patient page's "send invitation" button.
func (s *Server) invitePatient(c echo.Context) error {
	ctx := c.Request().Context()
	p := *state(c).Patient
	back := "/praktijk/patienten/" + strconv.FormatInt(p.ID, 10)
	switch {
	case p.PasswordHash.Valid:
		return redirectWithNotice(c, back, "account.notice_has_account")
	case p.Email == "":
		return redirectWithNotice(c, back, "account.notice_no_email")
	}
	if err := s.invite(ctx, c, p, "invitation"); err != nil {
		return err
	}
	return redirectWithNotice(c, back, "account.notice_invited")
}

// unlockPatient lifts a lock on a patient's account (staff, after checking who is calling).
func (s *Server) unlockPatient(c echo.Context) error {
	p := *state(c).Patient
	err := s.changeAccount(c, &p, "unlocked", func(ctx context.Context, q *queries.Queries) error {
		for _, key := range s.lockKeys(p) {
			if err := q.ClearThrottle(ctx, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, "/praktijk/patienten/"+strconv.FormatInt(p.ID, 10), "account.notice_unlocked")
}
