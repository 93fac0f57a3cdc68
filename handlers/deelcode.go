package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/token"
	"balie/queries"
	"balie/views"
)

// One-time share codes (issue 15), the patient's page: the patient makes a code for a professional (a
// physiotherapist, a school nurse, a locum) that opens the chosen areas read-only at /inzien (inzien.go)
// together with the patient's birth date; sees each code's state and what its viewer read; and revokes
// one at once. Only the patient themselves makes and revokes codes: someone reading along in another's
// portal cannot pass that portal on.

const (
	deelcodePath = "/deelcode"
	// objShareCode: a share code in the access log (and the id in the revoke page's path).
	objShareCode = "share_code"
	// maxLiveCodes is how many codes a patient may have live at once.
	maxLiveCodes = 5
	// shareCodeUnused is how long a code that was never entered keeps working: long enough to hand it
	// over at an appointment next week, short enough not to lie about for long.
	shareCodeUnused = 7 * 24 * time.Hour
	// shareCodeOpen is how long a code opens the areas from its first right entry.
	shareCodeOpen = 24 * time.Hour
	// maxShareLabel bounds "for whom".
	maxShareLabel = 100
	// codesShown is how many of the patient's codes the page lists, newest first.
	codesShown = 20
	// viewsShown is how many of the viewers' reads the page lists in all.
	viewsShown = 200
)

// shareableAreas are the areas a code may open, in the order the form offers them, with their names
// in the menu.
var shareableAreas = []struct{ Name, Label string }{
	{"dossier", "nav.dossier"},
	{"documents", "nav.documents"},
	{"medicatie", "nav.medication"},
	{"uitslagen", "nav.uitslagen"},
	{"agenda", "nav.agenda"},
}

// areaField is the form's checkbox of a shareable area.
func areaField(name string) string { return "gebied-" + name }

// shareCodeItem is one of the patient's codes as the page shows it: its state in words, the areas it
// opens and what its viewer read.
type shareCodeItem struct {
	queries.ListShareCodesRow
	State  string    // locale key
	Until  time.Time // the end of the state, where it has one
	Live   bool
	Labels []string // the areas' menu names (locale keys)
	Views  []shareView
}

// shareView is a read by a code's viewer: when, and what in words ("Een verslag").
type shareView struct {
	At   time.Time
	What string
}

// shareState is a code's state at now: revoked, locked, in use until its 24 hours end, not yet used
// until it expires unused, or expired.
func shareState(r queries.ListShareCodesRow, now time.Time) (key string, until time.Time, live bool) {
	switch {
	case r.RevokedAt.Valid:
		return "deelcode.state_revoked", r.RevokedAt.Time, false
	case r.LockedAt.Valid:
		return "deelcode.state_locked", r.LockedAt.Time, false
	case r.EndsAt.Valid && r.EndsAt.Time.After(now):
		return "deelcode.state_in_use", r.EndsAt.Time, true
	case !r.EndsAt.Valid && r.UnusedUntil.After(now):
		return "deelcode.state_unused", r.UnusedUntil, true
	}
	return "deelcode.state_expired", coalesceTime(r.EndsAt, r.UnusedUntil), false
}

func coalesceTime(t sql.NullTime, otherwise time.Time) time.Time {
	if t.Valid {
		return t.Time
	}
	return otherwise
}

// areaLabels are the menu names of the space-separated area names of a code.
func areaLabels(areas string) []string {
	var labels []string
	for _, a := range shareableAreas {
		if hasArea(areas, a.Name) {
			labels = append(labels, a.Label)
		}
	}
	return labels
}

// hasArea reports whether the space-separated list areas holds name.
func hasArea(areas, name string) bool {
	for _, a := range strings.Fields(areas) {
		if a == name {
			return true
		}
	}
	return false
}

// madeCode is a new code, shown once.
type madeCode struct {
	Code, Label string
	Until       time.Time
}

type deelcodePage struct {
	views.Form // label, and a checkbox per area
	Areas      []struct{ Name, Label string }
	Made       *madeCode
	Codes      []shareCodeItem
	MaxLive    int
	Address    string // where the viewer enters the code
}

// ownPortalOnly refuses the share code pages to someone acting in another patient's portal.
func ownPortalOnly(c echo.Context) error {
	if state(c).OnBehalfOf != 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return nil
}

// deelcode shows the form for a new code and the patient's codes.
func (s *Server) deelcode(c echo.Context) error {
	if err := ownPortalOnly(c); err != nil {
		return err
	}
	return s.renderDeelcode(c, http.StatusOK, deelcodePage{})
}

// renderDeelcode fills in the offered areas and the patient's codes with their viewers' reads, logs the
// read, and renders the page.
func (s *Server) renderDeelcode(c echo.Context, status int, data deelcodePage) error {
	ctx := c.Request().Context()
	patient := state(c).Patient
	now := s.clock.Now()
	data.MaxLive, data.Address = maxLiveCodes, s.absoluteURL(inzienPath)
	for _, a := range shareableAreas {
		if on, err := s.on(ctx, areaNamed(a.Name)); err != nil || !on {
			continue
		}
		data.Areas = append(data.Areas, a)
	}
	rows, err := s.db.R.ListShareCodes(ctx, queries.ListShareCodesParams{PatientID: patient.ID, Limit: codesShown})
	if err != nil {
		return err
	}
	at := map[int64]int{}
	for i, r := range rows {
		item := shareCodeItem{ListShareCodesRow: r, Labels: areaLabels(r.Areas)}
		item.State, item.Until, item.Live = shareState(r, now)
		data.Codes = append(data.Codes, item)
		at[r.ID] = i
	}
	if len(rows) > 0 {
		seen, err := s.db.R.ListShareCodeViews(ctx, queries.ListShareCodeViewsParams{
			PatientID: sql.NullInt64{Int64: patient.ID, Valid: true}, Since: rows[len(rows)-1].CreatedAt, Limit: viewsShown})
		if err != nil {
			return err
		}
		tr := s.tr(c)
		for _, v := range seen {
			if i, ok := at[v.ShareCodeID.Int64]; ok {
				data.Codes[i].Views = append(data.Codes[i].Views,
					shareView{At: v.At, What: wordOr(tr, "dossier_inzage.object_"+v.ObjectType, "dossier_inzage.object_other")})
			}
		}
	}
	if err := s.logAccess(c, objShareCode, 0, accesslog.ActionList, patient.ID); err != nil {
		return err
	}
	return s.render(c, status, "deelcode", data)
}

// makeShareCode makes a code for the chosen areas and shows it once.
func (s *Server) makeShareCode(c echo.Context) error {
	if err := ownPortalOnly(c); err != nil {
		return err
	}
	patient := state(c).Patient
	var data deelcodePage
	label := strings.TrimSpace(c.FormValue("voor"))
	data.Set("voor", c.FormValue("voor"))
	checkText(&data.Form, "voor", label, "deelcode.label_missing", maxShareLabel)
	var chosen []string
	for _, a := range shareableAreas {
		if c.FormValue(areaField(a.Name)) != "" {
			data.Set(areaField(a.Name), "1")
			chosen = append(chosen, a.Name)
		}
	}
	if len(chosen) == 0 {
		data.Fail(areaField(shareableAreas[0].Name), "deelcode.areas_missing")
	}
	if data.Failed() {
		return s.renderDeelcode(c, http.StatusUnprocessableEntity, data)
	}
	code, hash, err := token.NewShareCode()
	if err != nil {
		return err
	}
	now := s.clock.Now()
	err = s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		id, err := q.CreateShareCode(ctx, queries.CreateShareCodeParams{PatientID: patient.ID, CodeHash: hash, Label: label,
			Areas: strings.Join(chosen, " "), Now: now, UnusedUntil: now.Add(shareCodeUnused), MaxLive: maxLiveCodes})
		if err != nil {
			return err
		}
		cl.add(objShareCode, id, patient.ID)
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) { // the limit of live codes: nothing was made
		data.Fail("", "deelcode.too_many", "Max", maxLiveCodes)
		return s.renderDeelcode(c, http.StatusUnprocessableEntity, data)
	}
	if err != nil {
		return err
	}
	setNotice(c, "deelcode.notice_made")
	return s.renderDeelcode(c, http.StatusOK, deelcodePage{Made: &madeCode{Code: code, Label: label, Until: now.Add(shareCodeUnused)}})
}

// patientShareCode finds the patient's code of the URL; another's is a 404.
func (s *Server) patientShareCode(c echo.Context) (queries.GetShareCodeRow, error) {
	patient := state(c).Patient.ID
	return lookup(s, c, "id", objShareCode, patient, func(ctx context.Context, id int64) (queries.GetShareCodeRow, error) {
		return s.db.R.GetShareCode(ctx, queries.GetShareCodeParams{ID: id, PatientID: patient})
	})
}

// confirmRevokeShareCode asks to confirm revoking a code (also the page without JavaScript).
func (s *Server) confirmRevokeShareCode(c echo.Context) error {
	if err := ownPortalOnly(c); err != nil {
		return err
	}
	r, err := s.patientShareCode(c)
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objShareCode, r.ID, accesslog.ActionRead, state(c).Patient.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "deelcode_revoke", r)
}

// revokeShareCode ends a code at once: its viewer's next request finds no session.
func (s *Server) revokeShareCode(c echo.Context) error {
	if err := ownPortalOnly(c); err != nil {
		return err
	}
	r, err := s.patientShareCode(c)
	if err != nil {
		return err
	}
	patient := state(c).Patient.ID
	if err := s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		n, err := q.RevokeShareCode(ctx, queries.RevokeShareCodeParams{Now: sqlTime(s.clock.Now()), ID: r.ID, PatientID: patient})
		if n > 0 {
			cl.add(objShareCode, r.ID, patient)
		}
		return err
	}); err != nil {
		return err
	}
	return redirectWithNotice(c, deelcodePath, "deelcode.notice_revoked")
}
