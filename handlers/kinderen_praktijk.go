package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/internal/authorisation"
	"balie/internal/sms"
	"balie/queries"
	"balie/views"
)

// Children and parents, the practice's side (issue 15, seed 002): the panel "Vertegenwoordigers en
// naasten" on the patient page with every authorisation of the patient, whether it counts now and why
// not (internal/authorisation decides), and pages to add a parent's authorisation after checking
// parental authority, to record the child's consent and to end one; and the practice's list of
// authorisations that end or change within 60 days. Every change goes through s.change with its
// access-log row.

const (
	objAuthorisation = "authorisation"

	relationsStaffPath  = "/praktijk/vertegenwoordigers"
	maxAuthorityChecked = 200
	maxEndNote          = 500
	// changingSoonDays is how far ahead the practice's list looks.
	changingSoonDays = 60
	changingPerPage  = 25
)

// parentAreas are the portal's areas a parent may be given, all of them by default: every area an
// authorisation can open (inview.go); stored in authorisations.areas separated by commas.
var parentAreas = grantableAreas

func relationsHome(patientID int64) string { return patientHome(patientID) + "/vertegenwoordigers" }

func relationPath(patientID, id int64) string {
	return relationsHome(patientID) + "/" + strconv.FormatInt(id, 10)
}

// dateOfDay is the calendar day of a DATE column (stored as UTC midnight).
func dateOfDay(t time.Time) authorisation.Date { return authorisation.DateOf(t, time.UTC) }

// dateStart is the day d as a DATE column holds it, for the templates' date functions.
func dateStart(d authorisation.Date) time.Time { return d.Start(time.UTC) }

// authorisationOf is what internal/authorisation needs of a row.
func authorisationOf(a queries.Authorisation) authorisation.Authorisation {
	r := authorisation.Authorisation{Kind: a.Kind, PatientID: a.PatientID, Ended: a.EndedAt.Valid,
		Consent: a.ChildConsent, ConsentBy: a.ChildConsentBy.Int64, ConsentAt: a.ChildConsentAt.Time}
	if a.LastDay.Valid {
		r.LastDay = &a.LastDay.Time
	}
	return r
}

// relation is one authorisation as the panel shows it.
type relation struct {
	queries.ListAuthorisationsOfPatientRow
	Reason string // authorisation.Reason* ("" counts now)
	// ChangesOn is the day it next changes by the child's age (a parent's, 12th or 16th birthday) or ends
	// by its last day, whichever comes first; zero when there is none.
	ChangesOn time.Time
	// CanConsent: staff may record the child's consent (a live parent's authorisation of a child of 12–15).
	CanConsent bool
	AreaNames  []string
}

func (r relation) GranteeName() string {
	return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
}

// ConsentByChild reports whether the child gave or refused it from their own account.
func (r relation) ConsentByChild() bool { return r.ChildConsentBy.Int64 == r.PatientID }

// relationsPanel is the patient page's panel "Vertegenwoordigers en naasten".
type relationsPanel struct {
	Items []relation
	// Age is the patient's age today (-1 without a birth date); CanAdd: a parent's authorisation may be
	// added (the patient is under 16).
	Age    int
	CanAdd bool
	// MayHide: the practitioner may hide single reports and documents from parents (the patient is 12
	// to 16 and a parent's authorisation is live).
	MayHide bool
}

// childAge is the patient's age today, or -1 when the birth date is not known.
func (s *Server) childAge(p queries.User) int {
	if !p.BirthDate.Valid {
		return -1
	}
	return authorisation.Age(dateOfDay(p.BirthDate.Time), authorisation.DateOf(s.clock.Now(), agenda.Zone))
}

func (s *Server) relationsPanel(ctx context.Context, p queries.User) (relationsPanel, error) {
	rows, err := s.db.R.ListAuthorisationsOfPatient(ctx, p.ID)
	if err != nil {
		return relationsPanel{}, err
	}
	now := s.clock.Now()
	today := authorisation.DateOf(now, agenda.Zone)
	panel := relationsPanel{Age: s.childAge(p)}
	panel.CanAdd = panel.Age >= 0 && panel.Age < authorisation.AdultAge
	birth := dateOfDay(p.BirthDate.Time)
	for _, row := range rows {
		a := queries.Authorisation{Kind: row.Kind, PatientID: row.PatientID, LastDay: row.LastDay, EndedAt: row.EndedAt,
			ChildConsent: row.ChildConsent, ChildConsentBy: row.ChildConsentBy, ChildConsentAt: row.ChildConsentAt}
		r := relation{ListAuthorisationsOfPatientRow: row, Reason: authorisation.Reason(authorisationOf(a), birth, now, agenda.Zone),
			AreaNames: strings.Split(row.Areas, ",")}
		if !row.EndedAt.Valid {
			if row.Kind == authorisation.KindParent && p.BirthDate.Valid {
				if d, ok := authorisation.NextLimit(birth, today); ok {
					r.ChangesOn = dateStart(d)
				}
				r.CanConsent = panel.Age >= authorisation.ConsentAge && panel.Age < authorisation.AdultAge
			}
			if row.LastDay.Valid && (r.ChangesOn.IsZero() || row.LastDay.Time.Before(r.ChangesOn)) {
				r.ChangesOn = row.LastDay.Time
			}
		}
		panel.Items = append(panel.Items, r)
		panel.MayHide = panel.MayHide || (row.Kind == authorisation.KindParent && !row.EndedAt.Valid && hidingAge(panel.Age))
	}
	return panel, nil
}

// hidingAge: from 12 to 16 the practitioner may hide single items from parents (seed 002); under 12
// parents see what the child sees, and from 16 their access has ended.
func hidingAge(age int) bool { return age >= authorisation.ConsentAge && age < authorisation.AdultAge }

// mayHideFromParents is relationsPanel's MayHide for a page without the panel.
func (s *Server) mayHideFromParents(ctx context.Context, p queries.User) (bool, error) {
	if !hidingAge(s.childAge(p)) {
		return false, nil
	}
	return s.db.R.HasLiveParentAuthorisation(ctx, p.ID)
}

// setHiddenFromParents is "Niet zichtbaar voor ouders" (verbergen=1) and its undoing (verbergen=0) for a
// report or a document of the patient in view, with set writing the row; hiding only while the practice
// may (mayHideFromParents), showing again always. Back is the page to return to.
func (s *Server) setHiddenFromParents(c echo.Context, obj string, id int64, back string,
	set func(ctx context.Context, q *queries.Queries, hidden int64) (int64, error)) error {
	p := *state(c).Patient
	hidden := int64(0)
	if c.FormValue("verbergen") == "1" {
		hidden = 1
		if ok, err := s.mayHideFromParents(c.Request().Context(), p); err != nil || !ok {
			if err != nil {
				return err
			}
			return redirectWithNotice(c, back, "kinderen_praktijk.notice_hide_not_now")
		}
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(obj, id, p.ID)
		_, err := set(ctx, q, hidden)
		return err
	})
	if err != nil {
		return err
	}
	if hidden == 1 {
		return redirectWithNotice(c, back, "kinderen_praktijk.notice_hidden")
	}
	return redirectWithNotice(c, back, "kinderen_praktijk.notice_shown")
}

// hideToggle is the state and the button of "Niet zichtbaar voor ouders" (views/kinderen_hide.html).
type hideToggle struct {
	Action string // where the button posts
	Title  string // the item's title, for a screen reader when a list has several buttons
	Hidden bool
	May    bool // hiding is possible now (MayHide)
}

// HideToggle is the report page's.
func (p staffReportPage) HideToggle() hideToggle {
	return hideToggle{Action: reportPath(p.Report.PatientID, p.Report.ID) + "/ouders", Hidden: p.Report.HiddenFromParents == 1, May: p.MayHide}
}

// DocumentToggle is the one beside a document in the patient page's list.
func (p patientPage) DocumentToggle(d queries.ListDocumentsForStaffRow) hideToggle {
	return hideToggle{Action: patientHome(p.Patient.ID) + "/documenten/" + strconv.FormatInt(d.ID, 10) + "/ouders", Title: d.Title,
		Hidden: d.HiddenFromParents == 1, May: p.Relations.MayHide}
}

// hideReportFromParents is the toggle on the staff report page.
func (s *Server) hideReportFromParents(c echo.Context) error {
	r, err := s.reportOf(c)
	if err != nil {
		return err
	}
	return s.setHiddenFromParents(c, objReport, r.ID, reportPath(r.PatientID, r.ID), func(ctx context.Context, q *queries.Queries, hidden int64) (int64, error) {
		return q.SetReportHiddenFromParents(ctx, queries.SetReportHiddenFromParentsParams{Hidden: hidden, ID: r.ID, PatientID: r.PatientID})
	})
}

// hideDocumentFromParents is the toggle beside a document in the patient page's list.
func (s *Server) hideDocumentFromParents(c echo.Context) error {
	p := state(c).Patient
	d, err := lookup(s, c, "doc", objDocument, p.ID, func(ctx context.Context, id int64) (queries.GetDocumentOfPatientRow, error) {
		return s.db.R.GetDocumentOfPatient(ctx, queries.GetDocumentOfPatientParams{ID: id, PatientID: p.ID})
	})
	if err != nil {
		return err
	}
	return s.setHiddenFromParents(c, objDocument, d.ID, patientHome(p.ID)+"#documenten", func(ctx context.Context, q *queries.Queries, hidden int64) (int64, error) {
		return q.SetDocumentHiddenFromParents(ctx, queries.SetDocumentHiddenFromParentsParams{Hidden: hidden, ID: d.ID, PatientID: d.PatientID})
	})
}

// parentForm is "Ouder of verzorger toevoegen": parental authority checked (gecontroleerd) and how
// (hoe), the parent (ouder: a patient's id from the search zoek, or "nieuw" with voornaam,
// tussenvoegsel, achternaam, email and mobiel), and the areas (gebied-…).
type parentForm struct {
	views.Form
	PatientName string
	PatientID   int64
	Query       string
	Parents     []views.Option
	Areas       []string
}

// parentFormOf is the form with the patients the search finds (none without a search); the child is
// not among them.
func (s *Server) parentFormOf(c echo.Context, p queries.User, query string) (parentForm, error) {
	f := parentForm{PatientName: p.FullName(), PatientID: p.ID, Query: query, Areas: parentAreas}
	f.Set("zoek", query)
	if query != "" {
		search, ok := parsePatientQuery(query)
		if ok {
			rows, err := s.findPatients(c.Request().Context(), search, cursor[int64]{})
			if err != nil {
				return f, err
			}
			var ids []int64
			for i, r := range rows {
				if i == patientsPerPage || r.ID == p.ID {
					continue
				}
				label := queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
				if r.PatientNumber.Valid {
					label += " · " + r.PatientNumber.String
				}
				if r.BirthDate.Valid {
					label += " · " + r.BirthDate.Time.Format("02-01-2006")
				}
				f.Parents = append(f.Parents, views.Option{Value: strconv.FormatInt(r.ID, 10), Label: label})
				ids = append(ids, r.ID)
			}
			if err := s.logAccess(c, "patient_list", 0, accesslog.ActionList, ids...); err != nil {
				return f, err
			}
		}
	}
	f.Parents = append(f.Parents, views.Option{Value: "nieuw", Label: s.tr(c).T("kinderen_praktijk.parent_new")})
	return f, nil
}

// newParent is the form; the areas are all ticked.
func (s *Server) newParent(c echo.Context) error {
	p := *state(c).Patient
	f, err := s.parentFormOf(c, p, strings.TrimSpace(c.QueryParam("zoek")))
	if err != nil {
		return err
	}
	for _, a := range parentAreas {
		f.Set("gebied-"+a, "1")
	}
	if age := s.childAge(p); age < 0 || age >= authorisation.AdultAge {
		f.Fail("", "kinderen_praktijk.error_sixteen")
	}
	return s.render(c, http.StatusOK, "kinderen_praktijk_form", f)
}

// addParent stores a parent's authorisation (and a new account for a parent who is not a patient, who
// is then invited with a mail that names no one).
func (s *Server) addParent(c echo.Context) error {
	p := *state(c).Patient
	me := state(c).User
	f, err := s.parentFormOf(c, p, strings.TrimSpace(c.FormValue("zoek")))
	if err != nil {
		return err
	}
	text := func(name string) string {
		v := strings.TrimSpace(c.FormValue(name))
		f.Set(name, v)
		return v
	}
	if age := s.childAge(p); age < 0 || age >= authorisation.AdultAge {
		f.Fail("", "kinderen_praktijk.error_sixteen")
	}
	if text("gecontroleerd") == "" {
		f.Fail("gecontroleerd", "kinderen_praktijk.error_checked")
	}
	how := text("hoe")
	checkText(&f.Form, "hoe", how, "kinderen_praktijk.error_how", maxAuthorityChecked)
	choice := text("ouder")
	var parent queries.User
	var newParent queries.CreateUserParams
	switch choice {
	case "":
		f.Fail("ouder", "kinderen_praktijk.error_parent")
	case "nieuw":
		newParent = queries.CreateUserParams{Role: "relative", GivenName: text("voornaam"), NamePrefix: text("tussenvoegsel"),
			FamilyName: text("achternaam"), Email: strings.ToLower(text("email")), Locale: "nl", CreatedAt: s.clock.Now()}
		checkText(&f.Form, "voornaam", newParent.GivenName, "kinderen_praktijk.error_given", maxPersonName)
		checkText(&f.Form, "tussenvoegsel", newParent.NamePrefix, "", maxPersonName)
		checkText(&f.Form, "achternaam", newParent.FamilyName, "kinderen_praktijk.error_family", maxPersonName)
		if checkText(&f.Form, "email", newParent.Email, "kinderen_praktijk.error_email", maxEmail); f.Error("email") == nil {
			if addr, err := mail.ParseAddress(newParent.Email); err != nil || addr.Address != newParent.Email {
				f.Fail("email", "kinderen_praktijk.error_email")
			}
		}
		mobile := text("mobiel")
		if !failTooLong(&f.Form, "mobiel", mobile, maxPhone) {
			if n, err := sms.Normalize(mobile); err != nil {
				f.Fail("mobiel", "kinderen_praktijk.error_mobile")
			} else {
				newParent.Mobile = n
			}
		}
	default:
		id, err := strconv.ParseInt(choice, 10, 64)
		if err == nil {
			parent, err = s.db.R.GetPatient(c.Request().Context(), id)
		}
		if err != nil || id == p.ID {
			return s.refuse(c, objPatient, id, p.ID)
		}
	}
	areas := readAreas(c, &f.Form, parentAreas, "kinderen_praktijk.error_areas")
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "kinderen_praktijk_form", f)
	}
	exists := false
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if choice == "nieuw" {
			id, err := q.CreateUser(ctx, newParent)
			if err != nil {
				return err
			}
			parent = queries.User{ID: id, Role: newParent.Role, Email: newParent.Email, GivenName: newParent.GivenName,
				NamePrefix: newParent.NamePrefix, FamilyName: newParent.FamilyName, Locale: newParent.Locale}
		} else if exists, err = q.LiveAuthorisationExists(ctx, queries.LiveAuthorisationExistsParams{GranteeID: parent.ID, PatientID: p.ID}); err != nil || exists {
			return err
		}
		id, err := q.CreateParentAuthorisation(ctx, queries.CreateParentAuthorisationParams{PatientID: p.ID, GranteeID: parent.ID,
			Areas: strings.Join(areas, ","), Now: s.clock.Now(), CreatedBy: sql.NullInt64{Int64: me.ID, Valid: true}, AuthorityChecked: how})
		cl.add(objAuthorisation, id, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	if exists {
		f.Fail("ouder", "kinderen_praktijk.error_exists")
		return s.render(c, http.StatusUnprocessableEntity, "kinderen_praktijk_form", f)
	}
	if choice == "nieuw" {
		if err := s.invite(c.Request().Context(), c, parent, "kinderen_invitation"); err != nil {
			return err
		}
	}
	return redirectWithNotice(c, patientHome(p.ID), "kinderen_praktijk.notice_added")
}

// patientAuthorisation is the authorisation in the URL, if it is the patient in view's (else a 404).
func (s *Server) patientAuthorisation(c echo.Context) (queries.Authorisation, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "auth", objAuthorisation, patient, func(ctx context.Context, id int64) (queries.Authorisation, error) {
		return s.db.R.GetAuthorisationOfPatient(ctx, queries.GetAuthorisationOfPatientParams{ID: id, PatientID: patient})
	})
}

// recordChildConsent records the child's consent as staff heard it (given, or refused: which ends it), for
// a child of 12 to 16; from 16 only the child can consent, from their own account.
func (s *Server) recordChildConsent(c echo.Context) error {
	a, err := s.patientAuthorisation(c)
	if err != nil {
		return err
	}
	p := *state(c).Patient
	consent := c.FormValue("toestemming")
	age := s.childAge(p)
	switch {
	case a.EndedAt.Valid || a.Kind != authorisation.KindParent:
		return redirectWithNotice(c, patientHome(p.ID), "kinderen_praktijk.notice_ended_already")
	case age < authorisation.ConsentAge || age >= authorisation.AdultAge:
		return redirectWithNotice(c, patientHome(p.ID), "kinderen_praktijk.notice_consent_age")
	case consent != authorisation.ConsentGiven && consent != authorisation.ConsentRefused:
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if err := s.setConsent(c, a, consent); err != nil {
		return err
	}
	if consent == authorisation.ConsentRefused {
		return redirectWithNotice(c, patientHome(p.ID), "kinderen_praktijk.notice_refused")
	}
	return redirectWithNotice(c, patientHome(p.ID), "kinderen_praktijk.notice_consented")
}

// setConsent records consent by the signed-in user (staff, or the child themselves); a refusal ends the
// authorisation at once, as the patient's (the child's) decision, whoever records it.
func (s *Server) setConsent(c echo.Context, a queries.Authorisation, consent string) error {
	now := s.clock.Now()
	by := sql.NullInt64{Int64: state(c).User.ID, Valid: true}
	return s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objAuthorisation, a.ID, a.PatientID)
		if _, err := q.RecordChildConsent(ctx, queries.RecordChildConsentParams{Consent: consent, By: by,
			Now: sqlTime(now), ID: a.ID, PatientID: a.PatientID}); err != nil || consent != authorisation.ConsentRefused {
			return err
		}
		_, err := q.EndAuthorisation(ctx, queries.EndAuthorisationParams{Now: sqlTime(now), By: by, Reason: "patient",
			ID: a.ID, PatientID: a.PatientID})
		return err
	})
}

// endForm is "Beëindigen": why (reden).
type endForm struct {
	views.Form
	Relation    queries.Authorisation
	GranteeName string
	PatientName string
}

func (s *Server) endFormOf(c echo.Context) (endForm, bool, error) {
	a, err := s.patientAuthorisation(c)
	if err != nil {
		return endForm{}, false, err
	}
	g, err := s.db.R.GetUser(c.Request().Context(), a.GranteeID)
	if err != nil && err != sql.ErrNoRows {
		return endForm{}, false, err
	}
	return endForm{Relation: a, GranteeName: g.FullName(), PatientName: state(c).Patient.FullName()}, !a.EndedAt.Valid, nil
}

func (s *Server) endRelationPage(c echo.Context) error {
	f, live, err := s.endFormOf(c)
	if err != nil {
		return err
	}
	if !live {
		return redirectWithNotice(c, patientHome(f.Relation.PatientID), "kinderen_praktijk.notice_ended_already")
	}
	if err := s.logAccess(c, objAuthorisation, f.Relation.ID, accesslog.ActionRead, f.Relation.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "kinderen_praktijk_end", f)
}

func (s *Server) endRelation(c echo.Context) error {
	f, live, err := s.endFormOf(c)
	if err != nil {
		return err
	}
	a := f.Relation
	if !live {
		return redirectWithNotice(c, patientHome(a.PatientID), "kinderen_praktijk.notice_ended_already")
	}
	note := cleanText(c.FormValue("reden"))
	f.Set("reden", note)
	checkText(&f.Form, "reden", note, "kinderen_praktijk.error_end_reason", maxEndNote)
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "kinderen_praktijk_end", f)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		cl.add(objAuthorisation, a.ID, a.PatientID)
		_, err := q.EndAuthorisation(ctx, queries.EndAuthorisationParams{Now: sqlTime(s.clock.Now()),
			By: sql.NullInt64{Int64: state(c).User.ID, Valid: true}, Reason: "staff", Note: note, ID: a.ID, PatientID: a.PatientID})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, patientHome(a.PatientID), "kinderen_praktijk.notice_ended")
}

// changingRow is one line of the practice's list of authorisations that change soon.
type changingRow = queries.ListChangingSoonAfterRow

// changingKey is the list's cursor: the sort key itself (the day moves the list as time passes).
type changingKey struct {
	On string
	ID int64
}

func changingKeyOf(r changingRow) changingKey { return changingKey{r.ChangeOn, r.ID} }

type changingPage struct {
	Items []changingItem
	Pager pager
}

// changingItem is a row with its day of change as a date, for the template.
type changingItem struct {
	changingRow
	On time.Time
}

func (r changingItem) ChildName() string {
	return queries.FullName(r.GivenName, r.NamePrefix, r.FamilyName)
}
func (r changingItem) GranteeName() string {
	return queries.FullName(r.GranteeGivenName, r.GranteeNamePrefix, r.GranteeFamilyName)
}

// changingSoon is /praktijk/vertegenwoordigers: the live authorisations that end or change within 60
// days, soonest first, by keyset.
func (s *Server) changingSoon(c echo.Context) error {
	ctx := c.Request().Context()
	today := localDate(s.clock.Now())
	from, until := today.Format("2006-01-02"), today.AddDate(0, 0, changingSoonDays).Format("2006-01-02")
	cur := readCursor[changingKey](c)
	limit, count := int64(changingPerPage+1), int64(countCap+1)
	var rows []changingRow
	var err error
	if cur.Back {
		var back []queries.ListChangingSoonBeforeRow
		back, err = s.db.R.ListChangingSoonBefore(ctx, queries.ListChangingSoonBeforeParams{Today: from, Until: until,
			Cap: count, BeforeOn: cur.Key.On, BeforeID: cur.Key.ID, Limit: limit})
		rows, err = convertRows(back, err, func(r queries.ListChangingSoonBeforeRow) changingRow { return changingRow(r) })
	} else {
		rows, err = s.db.R.ListChangingSoonAfter(ctx, queries.ListChangingSoonAfterParams{Today: from, Until: until,
			Cap: count, AfterOn: cur.Key.On, AfterID: cur.Key.ID, Limit: limit})
	}
	if err != nil {
		return err
	}
	var data changingPage
	page, pg := pageOf(rows, changingPerPage, cur, changingKeyOf, relationsStaffPath, url.Values{})
	data.Pager = pg
	if len(page) == 0 && cur.Set {
		return toFirstPage(c, relationsStaffPath, url.Values{})
	}
	data.Pager.Words = "kinderen_praktijk"
	if len(rows) > 0 {
		data.Pager.Count = rows[0].Total
	}
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.PatientID
		on, _ := time.Parse(time.DateOnly, r.ChangeOn)
		data.Items = append(data.Items, changingItem{r, on})
	}
	if err := s.logAccess(c, "authorisation_list", 0, accesslog.ActionList, ids...); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "kinderen_praktijk", data)
}
