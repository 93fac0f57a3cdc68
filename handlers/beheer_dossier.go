package handlers

import (
	"database/sql"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// The dossier's settings (administrators): the categories and subcategories reports are filed under,
// in the order the patient's filters show them, and whether a new patient's dossier shows in the portal
// at once (else once their practitioner links it, dossier_praktijk.go).

const (
	dossierAdminPath = "/praktijk/beheer/dossier"
	maxCategoryName  = 100
)

type dossierAdminPage struct {
	views.Form // every form of the page: its fields are named per category (naam-<id>, volgorde-<id>)
	Categories []queries.ListReportCategoriesInUseRow
}

func (s *Server) renderAdminDossier(c echo.Context, status int, page dossierAdminPage) error {
	var err error
	if page.Categories, err = s.db.R.ListReportCategoriesInUse(c.Request().Context()); err != nil {
		return err
	}
	// A row shows its saved name and order, unless the administrator just typed another.
	for _, k := range page.Categories {
		id := strconv.FormatInt(k.ID, 10)
		if page.Error("naam-"+id) == nil && page.Error("volgorde-"+id) == nil {
			name := k.Category
			if k.Subcategory != "" {
				name = k.Subcategory
			}
			page.Set("naam-"+id, name)
			page.Set("volgorde-"+id, strconv.FormatInt(k.Position, 10))
		}
	}
	return s.render(c, status, "beheer_dossier", page)
}

func (s *Server) adminDossier(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	var page dossierAdminPage
	if clinic.DossierLinkedDefault == 1 {
		page.Set("gekoppeld", "1")
	}
	return s.renderAdminDossier(c, http.StatusOK, page)
}

// saveDossierDefault sets whether new patients' dossiers show in the portal at once.
func (s *Server) saveDossierDefault(c echo.Context) error {
	on := boolInt(c.FormValue("gekoppeld") == "1")
	if err := s.db.W.SetDossierLinkedDefault(c.Request().Context(), on); err != nil {
		return err
	}
	return redirectWithNotice(c, dossierAdminPath, "beheer_dossier.notice_default_saved")
}

// addReportCategory adds a category, or a subcategory (and its category when that is new).
func (s *Server) addReportCategory(c echo.Context) error {
	category, sub := strings.TrimSpace(c.FormValue("categorie")), strings.TrimSpace(c.FormValue("subcategorie"))
	var page dossierAdminPage
	page.Set("categorie", category)
	page.Set("subcategorie", sub)
	checkText(&page.Form, "categorie", category, "beheer_dossier.category_required", maxCategoryName)
	checkText(&page.Form, "subcategorie", sub, "", maxCategoryName)
	ctx := c.Request().Context()
	if !page.Failed() {
		taken, err := s.db.R.ReportCategoryTaken(ctx, queries.ReportCategoryTakenParams{Category: category, Subcategory: sub})
		if err != nil {
			return err
		}
		if taken > 0 {
			page.Fail("categorie", "beheer_dossier.category_taken")
		}
	}
	if page.Failed() {
		return s.renderAdminDossier(c, http.StatusUnprocessableEntity, page)
	}
	err := s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if sub != "" { // its category first, when the practice does not have it yet
			n, err := q.ReportCategoryTaken(ctx, queries.ReportCategoryTakenParams{Category: category})
			if err != nil {
				return err
			}
			if n == 0 {
				if _, err := q.AddReportCategory(ctx, queries.AddReportCategoryParams{Category: category}); err != nil {
					return err
				}
			}
		}
		_, err := q.AddReportCategory(ctx, queries.AddReportCategoryParams{Category: category, Subcategory: sub})
		return err
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, dossierAdminPath, "beheer_dossier.notice_added")
}

func (s *Server) reportCategoryOf(c echo.Context) (queries.ReportCategory, error) {
	return lookup(s, c, "id", objReportCategory, 0, s.db.R.GetReportCategory)
}

// saveReportCategory renames a category or subcategory and sets its place in the order; the reports
// filed under it move with it, so that the patient's filters keep finding them.
func (s *Server) saveReportCategory(c echo.Context) error {
	k, err := s.reportCategoryOf(c)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(k.ID, 10)
	name, order := strings.TrimSpace(c.FormValue("naam-"+id)), strings.TrimSpace(c.FormValue("volgorde-"+id))
	var page dossierAdminPage
	page.Set("naam-"+id, name)
	page.Set("volgorde-"+id, order)
	checkText(&page.Form, "naam-"+id, name, "beheer_dossier.category_required", maxCategoryName)
	position, err := strconv.Atoi(order)
	if err != nil || position < 0 || position > 9999 {
		page.Fail("volgorde-"+id, "beheer_dossier.order_invalid")
	}
	renamed := k
	if k.Subcategory == "" {
		renamed.Category = name
	} else {
		renamed.Subcategory = name
	}
	ctx := c.Request().Context()
	if !page.Failed() {
		taken, err := s.db.R.ReportCategoryTaken(ctx, queries.ReportCategoryTakenParams{Category: renamed.Category, Subcategory: renamed.Subcategory, ID: k.ID})
		if err != nil {
			return err
		}
		if taken > 0 {
			page.Fail("naam-"+id, "beheer_dossier.category_taken")
		}
	}
	if page.Failed() {
		return s.renderAdminDossier(c, http.StatusUnprocessableEntity, page)
	}
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := q.RenameReportCategory(ctx, queries.RenameReportCategoryParams{Category: renamed.Category,
			Subcategory: renamed.Subcategory, Position: int64(position), ID: k.ID}); err != nil {
			return err
		}
		if k.Subcategory == "" {
			if err := q.RenameSubcategoriesOf(ctx, queries.RenameSubcategoriesOfParams{NewCategory: renamed.Category, OldCategory: k.Category}); err != nil {
				return err
			}
		}
		return q.RenameReportsCategory(ctx, queries.RenameReportsCategoryParams{NewCategory: renamed.Category,
			OldSubcategory: k.Subcategory, NewSubcategory: renamed.Subcategory, OldCategory: k.Category})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, dossierAdminPath, "beheer_dossier.notice_saved")
}

// removeReportCategory removes a category (with its subcategories) or a subcategory that no report is
// filed under.
func (s *Server) removeReportCategory(c echo.Context) error {
	k, err := s.reportCategoryOf(c)
	if err != nil {
		return err
	}
	n, err := s.db.W.DeleteUnusedReportCategory(c.Request().Context(), queries.DeleteUnusedReportCategoryParams{ID: k.ID,
		Subcategory: k.Subcategory, Category: k.Category})
	if err != nil {
		return err
	}
	if n == 0 {
		var page dossierAdminPage
		page.Fail("naam-"+strconv.FormatInt(k.ID, 10), "beheer_dossier.category_in_use")
		return s.renderAdminDossier(c, http.StatusConflict, page)
	}
	return redirectWithNotice(c, dossierAdminPath, "beheer_dossier.notice_removed")
}
