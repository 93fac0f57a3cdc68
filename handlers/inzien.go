package handlers

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/report"
	"balie/internal/token"
	"balie/queries"
	"balie/views"
)

// The viewer of a share code (issue 15): a professional with no account enters the code and the
// patient's birth date at /inzien and reads, read-only, the areas the patient chose, until the code's
// 24 hours end, the patient revokes it, or the viewer is idle for the portal's idle time. The viewer's
// session is its own cookie (SameSite=Strict), never the portal's, so no portal or staff route opens
// for it. Every page the viewer reads is access-logged with actor role "viewer" and the code's id
// (logEntry), which the patient's "who looked at my file" shows as the code's label.

const (
	inzienPath = "/inzien"
	// maxShareCodeTries wrong entries lock a code; the patient sees it locked.
	maxShareCodeTries = 5
	viewerKey         = "balie.viewer"
	viewerRole        = "viewer"
)

// shareCodeThrottle limits entries per address, as sign-ins are (throttle.go): one address guessing
// many codes.
var shareCodeThrottle = throttleRule{prefix: "inzien:", max: 20, window: 15 * time.Minute, lock: 15 * time.Minute}

// viewerSession is the viewer's live session: the code and its patient.
type viewerSession = queries.GetViewerSessionRow

// viewerOf is the request's viewer, nil unless it is a share code's viewer page.
func viewerOf(c echo.Context) *viewerSession {
	v, _ := c.Get(viewerKey).(*viewerSession)
	return v
}

// viewerCookie is the name of the viewer's cookie: a __Host- cookie over https, as the portal's is.
func (s *Server) viewerCookie() string {
	if s.cfg.Secure() {
		return "__Host-balie-inzien"
	}
	return "balie-inzien"
}

func (s *Server) setViewerCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: s.viewerCookie(), Value: value, Path: "/", MaxAge: maxAge,
		Secure: s.cfg.Secure(), HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// loadViewer finds the viewer's live session, sets the patient in view and restarts its idle time. It
// reports whether there is one; a cookie whose session has ended is deleted.
func (s *Server) loadViewer(c echo.Context) (bool, error) {
	ck, err := c.Cookie(s.viewerCookie())
	if err != nil || ck.Value == "" {
		return false, nil
	}
	ctx := c.Request().Context()
	now := s.clock.Now()
	v, err := s.db.R.GetViewerSession(ctx, queries.GetViewerSessionParams{
		SessionHash: sql.NullString{String: token.Hash(ck.Value), Valid: true},
		Now:         sqlTime(now), IdleSince: sqlTime(now.Add(-s.cfg.IdleTimeout))})
	if errors.Is(err, sql.ErrNoRows) {
		s.setViewerCookie(c, "", -1)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if now.Sub(v.SessionSeenAt.Time) >= touchEvery {
		if err := s.db.W.TouchViewerSession(ctx, queries.TouchViewerSessionParams{Now: sqlTime(now), ID: v.ID}); err != nil {
			return false, err
		}
	}
	c.Set(viewerKey, &v)
	state(c).Patient = &v.User
	return true, nil
}

// viewerHeaders: the viewer's pages are for no search engine and name no page they came from.
func viewerHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
}

// viewerPage wraps a viewer's page of area ("" for the start page): without a live session the viewer
// is sent to enter the code; an area the code does not open is not there (404, logged as denied).
func (s *Server) viewerPage(area string, h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		viewerHeaders(c)
		ok, err := s.loadViewer(c)
		if err != nil {
			return err
		}
		if !ok {
			return navigate(c, withNotice(inzienPath, "inzien.notice_ended"))
		}
		if area != "" {
			on, err := s.on(c.Request().Context(), areaNamed(area))
			if err != nil {
				return err
			}
			if !on || !hasArea(viewerOf(c).Areas, area) {
				return s.refuse(c, area, 0, state(c).Patient.ID)
			}
		}
		return h(c)
	}
}

// viewerBanner is what every viewer's page says at its top: read-only, shared by whom, until when.
type viewerBanner struct {
	Name, Label string
	Until       time.Time
}

// viewerLink is an area the code opens, as the start page links it.
type viewerLink struct{ Href, Label string }

// viewerAreaPaths are the viewer's page of each shareable area.
var viewerAreaPaths = map[string]string{
	"dossier": inzienPath + "/dossier", "documents": inzienPath + "/documenten", "medicatie": inzienPath + "/medicatie",
	"uitslagen": inzienPath + "/uitslagen", "agenda": inzienPath + "/afspraken",
}

// inzienPage is every viewer's page: the form to enter a code (Banner nil), or Section of the code's
// patient.
type inzienPage struct {
	views.Form // code, geboortedatum
	Banner     *viewerBanner
	Section    string
	Links      []viewerLink
	Dossier    dossierPage
	Report     *reportPage
	Documents  documentsPage
	Medication medicationPage
	Results    resultsPage
	Agenda     agendaList[queries.ListAgendaRow]
	Pager      pager
	// Attachments: the code opens documents too, so a report's attachments may be downloaded.
	Attachments bool
}

// viewerRender renders a viewer's page of section with its banner.
func (s *Server) viewerRender(c echo.Context, section string, data inzienPage) error {
	v := viewerOf(c)
	data.Section = section
	data.Banner = &viewerBanner{Name: v.User.FullName(), Label: v.Label, Until: v.EndsAt.Time}
	return s.render(c, http.StatusOK, "inzien", data)
}

// inzien is the form to enter a code, or for a live viewer the areas the code opens.
func (s *Server) inzien(c echo.Context) error {
	viewerHeaders(c)
	ok, err := s.loadViewer(c)
	if err != nil || !ok {
		if err == nil {
			err = s.render(c, http.StatusOK, "inzien", inzienPage{})
		}
		return err
	}
	v := viewerOf(c)
	var data inzienPage
	for _, a := range shareableAreas {
		if on, err := s.on(c.Request().Context(), areaNamed(a.Name)); err == nil && on && hasArea(v.Areas, a.Name) {
			data.Links = append(data.Links, viewerLink{Href: viewerAreaPaths[a.Name], Label: a.Label})
		}
	}
	if err := s.logAccess(c, objShareCode, v.ID, accesslog.ActionRead, v.User.ID); err != nil {
		return err
	}
	return s.viewerRender(c, "start", data)
}

// enterShareCode checks a code and birth date. A try is taken from the address's limit and from the
// code before the date is compared, in one write, so that tries sent at once cannot pass either limit;
// whatever was wrong, the answer is the same.
func (s *Server) enterShareCode(c echo.Context) error {
	viewerHeaders(c)
	var data inzienPage
	code := strings.TrimSpace(c.FormValue("code"))
	data.Set("code", c.FormValue("code"))
	if code == "" {
		data.Fail("code", "inzien.code_missing")
	} else {
		failTooLong(&data.Form, "code", code, maxLine)
	}
	var parts [3]string
	for i, suffix := range datePartSuffixes {
		parts[i] = strings.TrimSpace(c.FormValue(birthField + suffix))
		data.Set(birthField+suffix, parts[i])
	}
	typed, bad := parseDayMonthYear(parts[0], parts[1], parts[2])
	if bad >= 0 {
		data.Fail(birthField+datePartSuffixes[bad], "inzien.birth_invalid")
	}
	if data.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "inzien", data)
	}
	tries := []limitedTry{{rule: shareCodeThrottle, key: shareCodeThrottle.key(c.RealIP())}}
	session, sessionHash, err := token.New()
	if err != nil {
		return err
	}
	now := s.clock.Now()
	var wait time.Duration
	opened := false
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if wait, err = s.takeTriesIn(ctx, q, tries); err != nil {
			return err
		}
		r, err := q.TakeShareCodeTry(ctx, queries.TakeShareCodeTryParams{MaxTries: maxShareCodeTries, Now: sqlTime(now),
			CodeHash: token.ShareCodeHash(code)})
		if errors.Is(err, sql.ErrNoRows) {
			return nil // no live code: the address's try stays taken
		}
		if err != nil {
			return err
		}
		p, err := q.GetUser(ctx, r.PatientID)
		if err != nil || !p.BirthDate.Valid || !typed.Equal(p.BirthDate.Time.UTC()) {
			return err // a wrong date: both tries stay taken
		}
		if err := q.OpenShareCode(ctx, queries.OpenShareCodeParams{Now: sqlTime(now), EndsAt: sqlTime(now.Add(shareCodeOpen)),
			SessionHash: sql.NullString{String: sessionHash, Valid: true}, ID: r.ID}); err != nil {
			return err
		}
		c.Set(viewerKey, &viewerSession{ID: r.ID}) // the log's row is the viewer's
		cl.add(objShareCode, r.ID, r.PatientID)
		opened = true
		return nil
	})
	switch {
	case errors.Is(err, errNoTry):
		data.Fail("", "inzien.wait", "Minutes", int(math.Ceil(wait.Minutes())))
		return s.render(c, http.StatusTooManyRequests, "inzien", data)
	case err != nil:
		return err
	case !opened:
		data.Fail("", "inzien.wrong")
		return s.render(c, http.StatusUnprocessableEntity, "inzien", data)
	}
	if err := s.giveTriesBack(c.Request().Context(), tries); err != nil {
		return err
	}
	s.setViewerCookie(c, session, 0)
	return c.Redirect(http.StatusSeeOther, inzienPath)
}

// stopViewing ends the viewer's session.
func (s *Server) stopViewing(c echo.Context) error {
	if ck, err := c.Cookie(s.viewerCookie()); err == nil && ck.Value != "" {
		if err := s.db.W.EndViewerSession(c.Request().Context(), sql.NullString{String: token.Hash(ck.Value), Valid: true}); err != nil {
			return err
		}
	}
	s.setViewerCookie(c, "", -1)
	return redirectWithNotice(c, inzienPath, "inzien.notice_stopped")
}

// viewerDossier lists the patient's reports, a page at a time, without marking any read.
func (s *Server) viewerDossier(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	var data dossierPage
	linked, err := s.dossierLinked(ctx, patient)
	if err != nil {
		return err
	}
	if linked {
		cur := readCursor[int64](c)
		rows, err := s.findDossier(ctx, patient.ID, dossierPage{}, cur)
		if err != nil {
			return err
		}
		page, pg := pageOf(rows, dossierPerPage, cur, func(r dossierRow) int64 { return r.ID }, inzienPath+"/dossier", nil)
		pg.Words = "dossier"
		if len(rows) > 0 {
			pg.Count = rows[0].Total
		}
		data.Pager = pg
		if data.Items, err = s.withAttachments(ctx, patient.ID, 0, page); err != nil {
			return err
		}
		for i := range data.Items {
			data.Items[i].Viewer = true
		}
	}
	if err := s.logAccess(c, "dossier", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.viewerRender(c, "dossier", inzienPage{Dossier: data})
}

// viewerReport shows one report, read-only: no akkoord, no correction, not marked read.
func (s *Server) viewerReport(c echo.Context) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	r, err := s.findReport(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objReport, r.ID, accesslog.ActionRead, patient.ID); err != nil {
		return err
	}
	text, err := report.HTML(r.Body)
	if err != nil {
		return err
	}
	page := reportPage{GetDossierReportRow: r, Text: text, Viewer: true}
	if page.Attachments, err = s.attachmentsOf(ctx, patient.ID, 0, r.ID); err != nil {
		return err
	}
	return s.viewerRender(c, "report", inzienPage{Report: &page, Attachments: hasArea(viewerOf(c).Areas, "documents")})
}

// viewerDocuments lists the patient's documents.
func (s *Server) viewerDocuments(c echo.Context) error {
	patient := state(c).Patient
	if err := s.logAccess(c, "documents", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	docs, err := s.db.R.ListPatientDocuments(c.Request().Context(), queries.ListPatientDocumentsParams{PatientID: patient.ID,
		Now: sqlTime(s.clock.Now())})
	if err != nil {
		return err
	}
	return s.viewerRender(c, "documents", inzienPage{Documents: documentsPage{Documents: docs, Viewer: true}})
}

// viewerMedication lists the patient's medication.
func (s *Server) viewerMedication(c echo.Context) error {
	patient := state(c).Patient
	list, err := s.medicationOf(c.Request().Context(), patient.ID)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objMedication, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.viewerRender(c, "medicatie", inzienPage{Medication: medicationPage{medicationList: list}})
}

// viewerResults lists the patient's results, newest first, without marking any seen.
func (s *Server) viewerResults(c echo.Context) error {
	patient := state(c).Patient
	page, pg, err := s.resultsPageOf(c, patient.ID, readCursor[int64](c), inzienPath+"/uitslagen")
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objResult, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	tr := s.tr(c)
	data := resultsPage{Pager: pg, Viewer: true}
	for _, r := range page {
		v := showResult(tr, r)
		v.New = false // new is the patient's own mark
		data.Items = append(data.Items, v)
	}
	return s.viewerRender(c, "uitslagen", inzienPage{Results: data})
}

// viewerAgenda lists the patient's upcoming appointments.
func (s *Server) viewerAgenda(c echo.Context) error {
	patient := state(c).Patient
	now := s.clock.Now()
	rows, err := s.db.R.ListAgenda(c.Request().Context(), queries.ListAgendaParams{
		PatientID: patient.ID, From: now, To: agendaEnd, Now: now, BookedOnly: 1})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, "agenda", 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.viewerRender(c, "agenda", inzienPage{Agenda: agendaList[queries.ListAgendaRow]{Days: byDay(rows, startOf, now), Viewer: true}})
}
