package handlers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// The repeat prescriptions' settings (administrators): until what time a request counts for the next
// working day, which days the practice works, and the pharmacies patients choose from (a pharmacy is
// switched off rather than removed: earlier requests keep pointing to it).

const (
	repeatAdminPath = "/praktijk/beheer/herhaalrecepten"
	// objPharmacy: a pharmacy of the practice's list.
	objPharmacy     = "pharmacy"
	maxPharmacyName = 100
	maxPharmacyCity = 60
)

type repeatAdminPage struct {
	views.Form
	Pharmacies []queries.Pharmacy
}

// Weekdays are the working days' checkboxes, Monday (1) first: the bit of each is 1 << (day-1).
func (repeatAdminPage) Weekdays() []views.Option {
	days := make([]views.Option, 7)
	for i := range days {
		days[i] = views.Option{Value: strconv.Itoa(i + 1), Label: fmt.Sprintf("date.day_%d", (i+1)%7)}
	}
	return days
}

func (s *Server) renderAdminRepeat(c echo.Context, status int, page repeatAdminPage) error {
	var err error
	if page.Pharmacies, err = s.db.R.ListPharmacies(c.Request().Context()); err != nil {
		return err
	}
	return s.render(c, status, "beheer_herhaalrecepten", page)
}

func (s *Server) adminRepeat(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	var page repeatAdminPage
	page.Set("afsluittijd", fmt.Sprintf("%02d:%02d", clinic.RepeatCutoffMinutes/60, clinic.RepeatCutoffMinutes%60))
	for d := 1; d <= 7; d++ {
		if clinic.RepeatWorkingDays&(1<<(d-1)) != 0 {
			page.Set("dag-"+strconv.Itoa(d), "1")
		}
	}
	return s.renderAdminRepeat(c, http.StatusOK, page)
}

// saveRepeatSettings sets the cut-off time (HH:MM) and the working days (at least one).
func (s *Server) saveRepeatSettings(c echo.Context) error {
	var page repeatAdminPage
	cutoff := strings.TrimSpace(c.FormValue("afsluittijd"))
	page.Set("afsluittijd", cutoff)
	t, err := time.Parse("15:04", strings.Replace(cutoff, ".", ":", 1))
	if err != nil {
		page.Fail("afsluittijd", "beheer_herhaalrecepten.cutoff_invalid")
	}
	days := int64(0)
	for d := 1; d <= 7; d++ {
		if c.FormValue("dag-"+strconv.Itoa(d)) == "1" {
			page.Set("dag-"+strconv.Itoa(d), "1")
			days |= 1 << (d - 1)
		}
	}
	if days == 0 {
		page.Fail("dag-1", "beheer_herhaalrecepten.days_required")
	}
	if page.Failed() {
		return s.renderAdminRepeat(c, http.StatusUnprocessableEntity, page)
	}
	if err := s.db.W.UpdateRepeatSettings(c.Request().Context(), queries.UpdateRepeatSettingsParams{
		RepeatCutoffMinutes: int64(t.Hour()*60 + t.Minute()), RepeatWorkingDays: days}); err != nil {
		return err
	}
	return redirectWithNotice(c, repeatAdminPath, "beheer_herhaalrecepten.notice_saved")
}

// addPharmacy adds a pharmacy to the list patients choose from.
func (s *Server) addPharmacy(c echo.Context) error {
	var page repeatAdminPage
	name, street, city := strings.TrimSpace(c.FormValue("naam")), strings.TrimSpace(c.FormValue("straat")), strings.TrimSpace(c.FormValue("plaats"))
	page.Set("naam", name)
	page.Set("straat", street)
	page.Set("plaats", city)
	checkText(&page.Form, "naam", name, "beheer_herhaalrecepten.name_required", maxPharmacyName)
	checkText(&page.Form, "straat", street, "", maxPharmacyName)
	checkText(&page.Form, "plaats", city, "", maxPharmacyCity)
	if page.Failed() {
		return s.renderAdminRepeat(c, http.StatusUnprocessableEntity, page)
	}
	if _, err := s.db.W.InsertPharmacy(c.Request().Context(), queries.InsertPharmacyParams{Name: name, Street: street, City: city}); err != nil {
		return err
	}
	return redirectWithNotice(c, repeatAdminPath, "beheer_herhaalrecepten.notice_pharmacy_added")
}

// setPharmacyActive offers a pharmacy to patients again (actief=1) or no longer.
func (s *Server) setPharmacyActive(c echo.Context) error {
	p, err := lookup(s, c, "id", objPharmacy, 0, s.db.R.GetPharmacy)
	if err != nil {
		return err
	}
	on := boolInt(c.FormValue("actief") == "1")
	if _, err := s.db.W.SetPharmacyActive(c.Request().Context(), queries.SetPharmacyActiveParams{Active: on, ID: p.ID}); err != nil {
		return err
	}
	if on == 1 {
		return redirectWithNotice(c, repeatAdminPath, "beheer_herhaalrecepten.notice_pharmacy_on")
	}
	return redirectWithNotice(c, repeatAdminPath, "beheer_herhaalrecepten.notice_pharmacy_off")
}
