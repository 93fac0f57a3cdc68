package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/authorisation"
	"balie/queries"
	"balie/views"
)

// patientsPerPage is the length of one page of the patient list.
const patientsPerPage = 25

// patientRow is one patient in the list; the list's four queries return the same columns.
type patientRow = queries.ListPatientsAfterRow

// patientID is the list's cursor (handlers/paging.go): the id of a patient, whose name the queries look
// up, so that no name goes into an address.
func patientID(p patientRow) int64 { return p.ID }

type patientsData struct {
	views.Form // the search box: field q, id zoek
	Patients   []patientRow
	Pager      pager
}

// patients is the back office's patient list, searchable by name, birth date, e-mail or patient number.
// Showing a patient in the list is an access to their data, so every listed patient is logged.
func (s *Server) patients(c echo.Context) error {
	const base = "/praktijk/patienten"
	query := strings.TrimSpace(c.QueryParam("q"))
	var data patientsData
	data.Set("q", query)
	search, ok := parsePatientQuery(query)
	if checkText(&data.Form, "zoek", query, "", maxSearch); !data.Failed() && !ok {
		data.Fail("zoek", "patients_praktijk.bad_date")
	}
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "patients_praktijk", data)
	}
	keep := url.Values{}
	if query != "" {
		keep.Set("q", query)
	}
	var done bool
	var err error
	if data.Patients, data.Pager, done, err = s.patientsPage(c, search, base, keep); done || err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patients_praktijk", data)
}

// patientsPage reads the page of patients the cursor asks (the list's, or a search's) with its pager and
// logs the patients listed. done: the answer is err (an error, or a cursor past the list led to its
// first page).
func (s *Server) patientsPage(c echo.Context, search patientSearch, base string, keep url.Values) ([]patientRow, pager, bool, error) {
	cur := readCursor[int64](c)
	rows, err := s.findPatients(c.Request().Context(), search, cur)
	if err != nil {
		return nil, pager{}, true, err
	}
	patients, pg := pageOf(rows, patientsPerPage, cur, patientID, base, keep)
	if len(patients) == 0 && cur.Set {
		return nil, pg, true, toFirstPage(c, base, keep)
	}
	pg.Words = "patients_praktijk"
	if len(rows) > 0 {
		pg.Count = rows[0].Total
	}
	ids := make([]int64, len(patients))
	for i, p := range patients {
		ids[i] = p.ID
	}
	return patients, pg, false, s.logAccess(c, "patient_list", 0, accesslog.ActionList, ids...)
}

// findPatients reads one page and one more of the list from cur, each row with the list's capped count.
func (s *Server) findPatients(ctx context.Context, f patientSearch, cur cursor[int64]) ([]patientRow, error) {
	limit, count := int64(patientsPerPage+1), int64(countCap+1)
	switch {
	case f.nothing:
		return nil, nil
	case f.match == "" && !cur.Back:
		return s.db.R.ListPatientsAfter(ctx, queries.ListPatientsAfterParams{From: f.from, To: f.to,
			Cursor: cur.Key, Cap: count, Limit: limit})
	case f.match == "":
		rows, err := s.db.R.ListPatientsBefore(ctx, queries.ListPatientsBeforeParams{From: f.from, To: f.to,
			Cursor: cur.Key, Cap: count, Limit: limit})
		return convertRows(rows, err, func(r queries.ListPatientsBeforeRow) patientRow { return patientRow(r) })
	case !cur.Back:
		rows, err := s.db.R.SearchPatientsAfter(ctx, queries.SearchPatientsAfterParams{Match: f.match,
			Cursor: cur.Key, Cap: count, Limit: limit})
		return convertRows(rows, err, func(r queries.SearchPatientsAfterRow) patientRow { return patientRow(r) })
	default:
		rows, err := s.db.R.SearchPatientsBefore(ctx, queries.SearchPatientsBeforeParams{Match: f.match,
			Cursor: cur.Key, Cap: count, Limit: limit})
		return convertRows(rows, err, func(r queries.SearchPatientsBeforeRow) patientRow { return patientRow(r) })
	}
}

// patientSearch is what the list shows for a search: the patients the search index finds for match (an
// FTS5 query), or else those whose family name lies in [from, to): everyone, or the names that start
// with the one or two letters typed so far (a card index opened at them: search-as-you-type's first
// keystrokes answer at once, whatever the clinic's size). nothing: the search has no letter or digit.
type patientSearch struct {
	match    string
	from, to string
	nothing  bool
}

// lastName sorts after every family name (U+10FFFF, the highest code point).
const lastName = "\U0010FFFF"

var datePattern = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$`)

// parsePatientQuery decides what the search box holds: a date (03-04-1985, 3/4/1985, 1985-04-03), an
// e-mail address (anything with @), or words that start the words of a name, patient number or e-mail
// address, in any order. ok is false for a date that does not exist.
func parsePatientQuery(q string) (f patientSearch, ok bool) {
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
		f.match = `"` + t.Format("2006 01 02") + `"` // the index holds a date as its digits
		return f, true
	}
	words := indexWords(q)
	switch {
	case q == "":
		f.to = lastName
	case len(words) == 0:
		f.nothing = true
	case strings.Contains(q, "@"): // the address as the index holds it, perhaps cut short
		f.match = `"` + strings.Join(indexWords(emailJoiner.Replace(q)), " ") + `"*`
	case len(words) == 1 && utf8.RuneCountInString(words[0]) <= 2 && unicode.IsLetter([]rune(words[0])[0]):
		r := []rune(strings.ToLower(words[0]))
		r[0] = unicode.ToUpper(r[0]) // family names start with a capital
		f.from = string(r)
		r[len(r)-1]++
		f.to = string(r)
	default: // every word starts a word of the patient's
		f.match = `"` + strings.Join(words, `"* "`) + `"*`
	}
	// Turkish names: the index folds the dotless ı (and İ) into i, as it folds accents.
	f.match = strings.NewReplacer("ı", "i", "İ", "I").Replace(f.match)
	return f, true
}

// indexWords splits s where the index's tokenizer splits a text.
func indexWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// emailJoiner takes out of an address what the index's view patient_search_words (schema.sql) takes out,
// so that the address is one word there and here.
var emailJoiner = strings.NewReplacer(".", "", "@", "", "-", "", "_", "", "+", "")

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
	if data.Agenda, err = s.patientAgendaPanel(ctx, p.ID); err != nil {
		return err
	}
	if data.Dossier, err = s.dossierPanel(ctx, p); err != nil {
		return err
	}
	if data.Medication, err = s.medicationOf(ctx, p.ID); err != nil {
		return err
	}
	if data.Results, err = s.resultsPanel(ctx, p.ID); err != nil {
		return err
	}
	if data.Questionnaires, err = s.questionnairePanel(c, p.ID); err != nil {
		return err
	}
	if data.Consents, err = s.loadConsents(c, p.ID); err != nil {
		return err
	}
	if data.Approvals, err = s.db.R.ListApprovalsForStaff(ctx, p.ID); err != nil {
		return err
	}
	if data.Relations, err = s.relationsPanel(ctx, p); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patients_praktijk_patient", data)
}

type patientPage struct {
	personData
	Account        accountPanel
	SharedDiary    []queries.ListSharedDiaryEntriesRow // only what the patient shared
	Documents      []queries.ListDocumentsForStaffRow
	Agenda         patientAgenda                      // agenda_praktijk.go
	Dossier        dossierPanel                       // dossier_praktijk.go
	Medication     medicationList                     // medicatie.go
	Results        resultsPanel                       // uitslagen_praktijk.go
	Questionnaires questionnairePanelData             // vragenlijsten_praktijk.go
	Consents       consentsPage                       // consents.go
	Approvals      []queries.ListApprovalsForStaffRow // dossier_akkoord.go
	Relations      relationsPanel                     // kinderen_praktijk.go
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
	case s.childAge(p) >= 0 && s.childAge(p) < authorisation.ConsentAge:
		// Under 12 a child has no login of their own (seed 002): their parents have access.
		return redirectWithNotice(c, back, "account.notice_too_young")
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
