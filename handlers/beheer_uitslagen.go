package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/internal/results"
	"balie/queries"
	"balie/views"
)

// The results' settings (administrators): per group of tests when a patient first sees a result (at
// once, after the practitioner has seen it, or after N days), and the tests with their unit and range.
// A changed rule works out again when each result still hidden shows (releaseResults).

const resultsAdminPath = "/praktijk/beheer/uitslagen"

// resultRules are a group's rules (result_groups.release), in the page's order.
var resultRules = []string{results.ReleaseDirect, results.ReleaseReview, results.ReleaseDays}

type resultsAdminPage struct {
	views.Form // every group's form: its fields are named per group (regel-<id>, dagen-<id>)
	Groups     []queries.ResultGroup
	Tests      []queries.ListResultTestsAdminRow
	Rules      []views.Option
	// posted is the group whose form came back with what was typed (-1: the new group's).
	posted int64
}

func (s *Server) renderAdminResults(c echo.Context, status int, page resultsAdminPage) error {
	ctx := c.Request().Context()
	var err error
	if page.Groups, err = s.db.R.ListResultGroups(ctx); err != nil {
		return err
	}
	if page.Tests, err = s.db.R.ListResultTestsAdmin(ctx); err != nil {
		return err
	}
	tr := s.tr(c)
	for _, r := range resultRules {
		page.Rules = append(page.Rules, views.Option{Value: r, Label: tr.T("beheer_uitslagen.rule_" + r)})
	}
	for _, g := range page.Groups { // a group shows what it holds, unless the administrator just typed another
		id := "-" + strconv.FormatInt(g.ID, 10)
		if g.ID != page.posted {
			page.Set("naam_nl"+id, g.NameNl)
			page.Set("naam_en"+id, g.NameEn)
			page.Set("regel"+id, g.Release)
			page.Set("dagen"+id, strconv.FormatInt(g.ReleaseDays, 10))
		}
	}
	if page.posted != -1 { // a new group starts at once, with the schema's 3 days
		page.Set("regel", results.ReleaseDirect)
		page.Set("dagen", "3")
	}
	return s.render(c, status, "beheer_uitslagen", page)
}

func (s *Server) adminResults(c echo.Context) error {
	return s.renderAdminResults(c, http.StatusOK, resultsAdminPage{})
}

// resultGroupInput is a group as the administrator typed it; the fields of an existing group are
// named after its id (naam_nl-3), a new group's have no suffix.
type resultGroupInput struct {
	NameNl, NameEn, Rule string
	Days                 int64
}

// checkResultGroup reads a group's fields in the order of the page; suffix is "" or "-<id>".
func checkResultGroup(c echo.Context, f *views.Form, suffix string) resultGroupInput {
	in := resultGroupInput{NameNl: strings.TrimSpace(c.FormValue("naam_nl" + suffix)), NameEn: strings.TrimSpace(c.FormValue("naam_en" + suffix)),
		Rule: c.FormValue("regel" + suffix)}
	daysText := strings.TrimSpace(c.FormValue("dagen" + suffix))
	f.Set("naam_nl"+suffix, in.NameNl)
	f.Set("naam_en"+suffix, in.NameEn)
	f.Set("regel"+suffix, in.Rule)
	f.Set("dagen"+suffix, daysText)
	checkText(f, "naam_nl"+suffix, in.NameNl, "beheer_uitslagen.name_nl_required", maxResultName)
	checkText(f, "naam_en"+suffix, in.NameEn, "beheer_uitslagen.name_en_required", maxResultName)
	if !slices.Contains(resultRules, in.Rule) {
		f.Fail("regel"+suffix, "beheer_uitslagen.rule_required")
	}
	var err error
	if in.Days, err = strconv.ParseInt(daysText, 10, 64); err != nil || in.Days < 1 || in.Days > 60 {
		f.Fail("dagen"+suffix, "beheer_uitslagen.days_invalid")
	}
	return in
}

// saveResultGroup renames a group and sets its release rule.
func (s *Server) saveResultGroup(c echo.Context) error {
	g, err := lookup(s, c, "id", objResultGroup, 0, s.db.R.GetResultGroup)
	if err != nil {
		return err
	}
	page := resultsAdminPage{posted: g.ID}
	in := checkResultGroup(c, &page.Form, "-"+strconv.FormatInt(g.ID, 10))
	if page.Failed() {
		return s.renderAdminResults(c, http.StatusUnprocessableEntity, page)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		if err := q.UpdateResultGroup(ctx, queries.UpdateResultGroupParams{ID: g.ID, NameNl: in.NameNl, NameEn: in.NameEn,
			Release: in.Rule, ReleaseDays: in.Days}); err != nil {
			return err
		}
		return s.releaseResults(ctx, q, releaseScope{GroupID: g.ID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_saved")
}

// addResultGroup adds a group, last in the practice's order.
func (s *Server) addResultGroup(c echo.Context) error {
	page := resultsAdminPage{posted: -1}
	in := checkResultGroup(c, &page.Form, "")
	if page.Failed() {
		return s.renderAdminResults(c, http.StatusUnprocessableEntity, page)
	}
	err := s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		_, err := q.InsertResultGroup(ctx, queries.InsertResultGroupParams{NameNl: in.NameNl, NameEn: in.NameEn, Release: in.Rule, ReleaseDays: in.Days})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_group_added")
}

const (
	maxResultName = 100
	maxResultCode = 30
	// resultKinds are a test's kinds (result_tests.kind), in the page's order.
	resultKindQuantity = "quantity"
	resultKindText     = "text"
)

// resultTestAdminPage adds or changes one test.
type resultTestAdminPage struct {
	views.Form
	Action string
	// ID is the test changed (0: a new one), Active whether it is still entered.
	ID     int64
	Active bool
	Groups []views.Option
	Kinds  []views.Option
}

func (s *Server) renderResultTest(c echo.Context, status int, page resultTestAdminPage) error {
	groups, err := s.db.R.ListResultGroups(c.Request().Context())
	if err != nil {
		return err
	}
	tr := s.tr(c)
	page.Groups = []views.Option{{Value: "", Label: tr.T("uitslagen_praktijk.group_pick")}}
	for _, g := range groups {
		page.Groups = append(page.Groups, views.Option{Value: strconv.FormatInt(g.ID, 10), Label: tr.Pick(g.NameNl, g.NameEn)})
	}
	page.Kinds = []views.Option{{Value: resultKindQuantity, Label: tr.T("beheer_uitslagen.kind_quantity")},
		{Value: resultKindText, Label: tr.T("beheer_uitslagen.kind_text")}}
	page.Action = resultsAdminPath + "/bepalingen"
	if page.ID != 0 {
		page.Action += "/" + strconv.FormatInt(page.ID, 10)
	}
	return s.render(c, status, "beheer_uitslagen_bepaling", page)
}

// newResultTestAdmin shows an empty test, in the group asked for (?groep=).
func (s *Server) newResultTestAdmin(c echo.Context) error {
	var page resultTestAdminPage
	page.Set("groep", c.QueryParam("groep"))
	page.Set("soort", resultKindQuantity)
	return s.renderResultTest(c, http.StatusOK, page)
}

// editResultTestAdmin shows a test with what it holds now.
func (s *Server) editResultTestAdmin(c echo.Context) error {
	t, err := lookup(s, c, "id", objResultTest, 0, s.db.R.GetResultTestAdmin)
	if err != nil {
		return err
	}
	page := resultTestAdminPage{ID: t.ID, Active: t.Active == 1}
	tr := s.tr(c)
	for name, v := range map[string]string{"groep": strconv.FormatInt(t.GroupID, 10), "code": t.Code, "naam_nl": t.NameNl, "naam_en": t.NameEn,
		"soort": t.Kind, "eenheid": t.Unit, "laag": optionalNumber(tr, t.RefLow), "hoog": optionalNumber(tr, t.RefHigh), "ref_tekst": t.RefText} {
		page.Set(name, v)
	}
	return s.renderResultTest(c, http.StatusOK, page)
}

// checkResultTest reads a test's fields in the order of the page; the page keeps everything typed.
func (s *Server) checkResultTest(c echo.Context, page *resultTestAdminPage) (queries.UpdateResultTestParams, error) {
	in := queries.UpdateResultTestParams{Code: strings.TrimSpace(c.FormValue("code")), NameNl: strings.TrimSpace(c.FormValue("naam_nl")),
		NameEn: strings.TrimSpace(c.FormValue("naam_en")), Kind: c.FormValue("soort"), Unit: strings.TrimSpace(c.FormValue("eenheid")),
		RefText: strings.TrimSpace(c.FormValue("ref_tekst"))}
	group, low, high := c.FormValue("groep"), c.FormValue("laag"), c.FormValue("hoog")
	for name, v := range map[string]string{"groep": group, "code": in.Code, "naam_nl": in.NameNl, "naam_en": in.NameEn, "soort": in.Kind,
		"eenheid": in.Unit, "laag": low, "hoog": high, "ref_tekst": in.RefText} {
		page.Set(name, v)
	}
	id, _ := strconv.ParseInt(group, 10, 64)
	g, err := s.db.R.GetResultGroup(c.Request().Context(), id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		page.Fail("groep", "beheer_uitslagen.group_required")
	case err != nil:
		return in, err
	}
	in.GroupID = g.ID
	failTooLong(&page.Form, "code", in.Code, maxResultCode)
	checkText(&page.Form, "naam_nl", in.NameNl, "beheer_uitslagen.name_nl_required", maxResultName)
	checkText(&page.Form, "naam_en", in.NameEn, "beheer_uitslagen.name_en_required", maxResultName)
	if in.Kind != resultKindQuantity && in.Kind != resultKindText {
		page.Fail("soort", "beheer_uitslagen.kind_required")
	}
	if in.Kind == resultKindText { // a written result has no unit and no bounds
		for _, field := range []string{"eenheid", "laag", "hoog"} {
			if strings.TrimSpace(page.Value(field)) != "" {
				page.Fail(field, "beheer_uitslagen.text_no_range")
			}
		}
	}
	failTooLong(&page.Form, "eenheid", in.Unit, maxResultUnit)
	var ok bool
	if in.RefLow, ok = optionalDecimal(low); !ok {
		page.Fail("laag", "beheer_uitslagen.low_number")
	}
	if in.RefHigh, ok = optionalDecimal(high); !ok {
		page.Fail("hoog", "beheer_uitslagen.high_number")
	} else if in.RefLow.Valid && in.RefHigh.Valid && in.RefLow.Float64 >= in.RefHigh.Float64 {
		page.Fail("hoog", "beheer_uitslagen.range_order")
	}
	failTooLong(&page.Form, "ref_tekst", in.RefText, maxResultName)
	return in, nil
}

// createResultTestAdmin adds a test, last in its group.
func (s *Server) createResultTestAdmin(c echo.Context) error {
	var page resultTestAdminPage
	in, err := s.checkResultTest(c, &page)
	if err != nil {
		return err
	}
	if page.Failed() {
		return s.renderResultTest(c, http.StatusUnprocessableEntity, page)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		_, err := q.InsertResultTest(ctx, queries.InsertResultTestParams{GroupID: in.GroupID, Code: in.Code, NameNl: in.NameNl, NameEn: in.NameEn,
			Kind: in.Kind, Unit: in.Unit, RefLow: in.RefLow, RefHigh: in.RefHigh, RefText: in.RefText})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_test_added")
}

// updateResultTestAdmin changes a test; moved to another group, its hidden results follow that
// group's rule.
func (s *Server) updateResultTestAdmin(c echo.Context) error {
	t, err := lookup(s, c, "id", objResultTest, 0, s.db.R.GetResultTestAdmin)
	if err != nil {
		return err
	}
	page := resultTestAdminPage{ID: t.ID, Active: t.Active == 1}
	in, err := s.checkResultTest(c, &page)
	if err != nil {
		return err
	}
	if page.Failed() {
		return s.renderResultTest(c, http.StatusUnprocessableEntity, page)
	}
	in.ID = t.ID
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		if err := q.UpdateResultTest(ctx, in); err != nil {
			return err
		}
		if in.GroupID == t.GroupID {
			return nil
		}
		return s.releaseResults(ctx, q, releaseScope{GroupID: in.GroupID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_test_saved")
}

// setResultTestActive retires a test (it is not entered any more, its results keep it) or takes it
// back into use.
func (s *Server) setResultTestActive(c echo.Context) error {
	t, err := lookup(s, c, "id", objResultTest, 0, s.db.R.GetResultTestAdmin)
	if err != nil {
		return err
	}
	on := boolInt(c.FormValue("actief") == "1")
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		return q.SetResultTestActive(ctx, queries.SetResultTestActiveParams{Active: on, ID: t.ID})
	})
	if err != nil {
		return err
	}
	if on == 1 {
		return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_test_on")
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_test_off")
}
