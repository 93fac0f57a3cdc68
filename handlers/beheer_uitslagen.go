package handlers

import (
	"context"
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
	for _, g := range page.Groups { // a group shows its saved rule, unless the administrator just typed another
		id := strconv.FormatInt(g.ID, 10)
		if page.Error("dagen-"+id) == nil && page.Error("regel-"+id) == nil {
			page.Set("regel-"+id, g.Release)
			page.Set("dagen-"+id, strconv.FormatInt(g.ReleaseDays, 10))
		}
	}
	return s.render(c, status, "beheer_uitslagen", page)
}

func (s *Server) adminResults(c echo.Context) error {
	return s.renderAdminResults(c, http.StatusOK, resultsAdminPage{})
}

// saveResultGroup sets a group's release rule.
func (s *Server) saveResultGroup(c echo.Context) error {
	g, err := lookup(s, c, "id", objResultGroup, 0, s.db.R.GetResultGroup)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(g.ID, 10)
	rule, daysText := c.FormValue("regel-"+id), strings.TrimSpace(c.FormValue("dagen-"+id))
	var page resultsAdminPage
	page.Set("regel-"+id, rule)
	page.Set("dagen-"+id, daysText)
	if !slices.Contains(resultRules, rule) {
		page.Fail("regel-"+id, "beheer_uitslagen.rule_required")
	}
	days, err := strconv.ParseInt(daysText, 10, 64)
	if err != nil || days < 1 || days > 60 {
		page.Fail("dagen-"+id, "beheer_uitslagen.days_invalid")
	}
	if page.Failed() {
		return s.renderAdminResults(c, http.StatusUnprocessableEntity, page)
	}
	err = s.change(c, func(ctx context.Context, q *queries.Queries, _ *changeLog) error {
		if err := q.UpdateResultGroup(ctx, queries.UpdateResultGroupParams{ID: g.ID, Release: rule, ReleaseDays: days}); err != nil {
			return err
		}
		return s.releaseResults(ctx, q, releaseScope{GroupID: g.ID})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, resultsAdminPath, "beheer_uitslagen.notice_saved")
}
