package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
	"balie/views"
)

// "Who looked at my file" (Wabvpz art. 15e, NEN 7513): the patient reads the access-log rows about
// their data that anyone else wrote, newest first, by period and a page at a time.

const (
	inzagePath    = "/dossier/inzage"
	accessPerPage = 25
	// objAccessLog: reading the access log is itself an access, logged like any other.
	objAccessLog = "access_log"
)

// accessRow is one access in a list of the log; the lists' queries return the same columns.
type accessRow = queries.ListAccessByOthersAfterRow

func accessRowID(r accessRow) int64 { return r.ID }

// accessItem is an access as a page shows it: who, in words (and on the administrator's page, about
// which patient).
type accessItem struct {
	accessRow
	Who, Role, For, What string
	Patient              string
	// ForYou: on the patient's own page, a row written on their behalf (a relative's, a parent's) says
	// "namens u" rather than their own name.
	ForYou bool
}

// period is a list's from/to filter: the days the user typed (fields van and tot, Amsterdam dates) as
// the half-open range [From, To) of instants.
type period struct {
	From, To time.Time
}

// everything is the range of the whole log.
var everything = period{From: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}

// readPeriod reads the fields van and tot from the address into f, recording a problem at each that is
// no date, or at tot when it lies before van. keep gets what the list's pages keep.
func readPeriod(c echo.Context, f *views.Form, keep url.Values, area string) period {
	p := everything
	day := func(field string) (time.Time, bool) {
		v := c.QueryParam(field)
		f.Set(field, v)
		if v == "" {
			return time.Time{}, false
		}
		d, err := time.ParseInLocation(time.DateOnly, v, views.Zone)
		if err != nil {
			f.Fail(field, area+".bad_date")
			return time.Time{}, false
		}
		keep.Set(field, v)
		return d, true
	}
	if d, ok := day("van"); ok {
		p.From = d.UTC()
	}
	if d, ok := day("tot"); ok {
		p.To = d.AddDate(0, 0, 1).UTC() // the whole last day
		if !p.To.After(p.From) {
			f.Fail("tot", area+".bad_period")
		}
	}
	return p
}

// wordOr is key in words, or other where the locale files have no such key (an object type or role
// that has no words of its own).
func wordOr(tr *views.Translator, key, other string) string {
	if tr.Has(key) {
		return tr.T(key)
	}
	return tr.T(other)
}

// accessItems puts the rows of a list in words for the page.
func (s *Server) accessItems(c echo.Context, rows []accessRow) []accessItem {
	tr := s.tr(c)
	word := func(prefix, value, other string) string { return wordOr(tr, prefix+value, other) }
	items := make([]accessItem, len(rows))
	for i, r := range rows {
		items[i] = accessItem{accessRow: r,
			Who:  queries.FullName(r.ActorGiven, r.ActorPrefix, r.ActorFamily),
			For:  queries.FullName(r.ForGiven, r.ForPrefix, r.ForFamily),
			Role: word("dossier_inzage.role_", r.ActorRole, "dossier_inzage.role_other"),
			What: word("dossier_inzage.object_", r.ObjectType, "dossier_inzage.object_other"),
		}
		if items[i].For != "" && r.ActorRole == "patient" { // a patient acting for another: a parent, a relative
			items[i].Role = tr.T("dossier_inzage.role_representative")
		}
		switch {
		case r.ShareLabel != "": // a share code's viewer (inzien.go)
			items[i].Who = tr.T("dossier_inzage.who_share_code", "Label", r.ShareLabel)
		case items[i].Who == "":
			items[i].Who = tr.T("dossier_inzage.who_unknown")
		}
	}
	return items
}

type inzageData struct {
	views.Form // the period: fields van and tot
	Accesses   []accessItem
	Pager      pager
}

// dossierInzage shows the patient every access to their data by someone else.
func (s *Server) dossierInzage(c echo.Context) error {
	patient := state(c).Patient
	var data inzageData
	keep := url.Values{}
	p := readPeriod(c, &data.Form, keep, "dossier_inzage")
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "dossier_inzage", data)
	}
	cur := readCursor[int64](c)
	rows, err := s.accessByOthers(c.Request().Context(), patient.ID, p, cur)
	if err != nil {
		return err
	}
	page, pg := pageOf(rows, accessPerPage, cur, accessRowID, inzagePath, keep)
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, inzagePath, keep)
	}
	pg.Words = "dossier_inzage"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	if err := s.logAccess(c, objAccessLog, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	data.Accesses, data.Pager = s.accessItems(c, page), pg
	for i := range data.Accesses {
		data.Accesses[i].ForYou = data.Accesses[i].For != ""
	}
	return s.render(c, http.StatusOK, "dossier_inzage", data)
}

// accessByOthers reads one page and one more of the patient's accesses by others from cur.
func (s *Server) accessByOthers(ctx context.Context, patientID int64, p period, cur cursor[int64]) ([]accessRow, error) {
	pid := sql.NullInt64{Int64: patientID, Valid: true}
	limit, count := int64(accessPerPage+1), int64(countCap+1)
	if !cur.Back {
		return s.db.R.ListAccessByOthersAfter(ctx, queries.ListAccessByOthersAfterParams{PatientID: pid,
			From: p.From, To: p.To, Cap: count, Cursor: cur.Key, Limit: limit})
	}
	rows, err := s.db.R.ListAccessByOthersBefore(ctx, queries.ListAccessByOthersBeforeParams{PatientID: pid,
		From: p.From, To: p.To, Cap: count, Cursor: cur.Key, Limit: limit})
	return convertRows(rows, err, func(r queries.ListAccessByOthersBeforeRow) accessRow { return accessRow(r) })
}
