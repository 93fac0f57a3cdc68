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

type settingsPage struct {
	views.Form
	// What home screens show when the short name is left empty, and its longest.
	DefaultShortName string
	MaxShortName     int
}

func (s *Server) adminSettings(c echo.Context) error {
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "beheer_settings", settingsForm(clinic, strconv.FormatInt(clinic.InvitationDays, 10)))
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// saveSettings stores the clinic's details and security choices. SMS can never be the only factor.
func (s *Server) saveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	on := func(name string) int64 { return boolInt(c.FormValue(name) == "1") }
	daysTyped := strings.TrimSpace(c.FormValue("dagen"))
	cl := queries.ClinicSetting{
		Name: strings.TrimSpace(c.FormValue("naam")), ShortName: strings.TrimSpace(c.FormValue("korte_naam")), Street: strings.TrimSpace(c.FormValue("straat")),
		Postcode: strings.TrimSpace(c.FormValue("postcode")), City: strings.TrimSpace(c.FormValue("plaats")),
		Phone: strings.TrimSpace(c.FormValue("telefoon")), Email: strings.TrimSpace(c.FormValue("email")),
		Website:   strings.TrimSpace(c.FormValue("website")),
		AllowTotp: on("totp"), AllowPasskey: on("passkey"), AllowSms: on("sms"), CompositionRules: on("samenstelling"),
		MessagesEnabled: on("berichten"), EconsultEnabled: on("econsult"),
	}
	days, err := strconv.Atoi(daysTyped)
	cl.InvitationDays = int64(days)
	f := settingsForm(cl, daysTyped)
	// In the order of the page, so that the summary lists the problems in that order.
	checkText(&f.Form, "naam", cl.Name, "beheer_settings.name_required", maxLine)
	checkText(&f.Form, "korte_naam", cl.ShortName, "", queries.MaxShortName)
	checkText(&f.Form, "telefoon", cl.Phone, "beheer_settings.phone_required", maxPhone)
	checkText(&f.Form, "straat", cl.Street, "", maxLine)
	checkText(&f.Form, "postcode", cl.Postcode, "", maxPostcode)
	checkText(&f.Form, "plaats", cl.City, "", maxLine)
	checkText(&f.Form, "email", cl.Email, "", maxEmail)
	checkText(&f.Form, "website", cl.Website, "", maxLine)
	if cl.AllowTotp == 0 && cl.AllowPasskey == 0 {
		f.Fail("totp", "beheer_settings.factor_required") // the first of the factors: tick it, or the passkey
	}
	if err != nil || days < 1 || days > 30 {
		f.Fail("dagen", "beheer_settings.days_range")
	}
	if f.Failed() {
		return s.render(c, http.StatusUnprocessableEntity, "beheer_settings", f)
	}
	err = s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := q.UpsertClinic(ctx, queries.UpsertClinicParams{Name: cl.Name, ShortName: cl.ShortName, Street: cl.Street, Postcode: cl.Postcode, City: cl.City,
			Phone: cl.Phone, Email: cl.Email, Website: cl.Website}); err != nil {
			return err
		}
		return q.UpdateSecuritySettings(ctx, queries.UpdateSecuritySettingsParams{AllowTotp: cl.AllowTotp, AllowPasskey: cl.AllowPasskey,
			AllowSms: cl.AllowSms, CompositionRules: cl.CompositionRules, InvitationDays: cl.InvitationDays,
			MessagesEnabled: cl.MessagesEnabled, EconsultEnabled: cl.EconsultEnabled})
	})
	if err != nil {
		return err
	}
	return redirectWithNotice(c, settingsPath, "beheer_settings.notice_saved")
}

// settingsForm is the form with the clinic's settings in its fields; days as typed.
func settingsForm(cl queries.ClinicSetting, days string) settingsPage {
	f := settingsPage{DefaultShortName: queries.ClinicSetting{Name: cl.Name}.HomeScreenName(), MaxShortName: queries.MaxShortName}
	for name, value := range map[string]string{"naam": cl.Name, "korte_naam": cl.ShortName, "telefoon": cl.Phone, "straat": cl.Street, "postcode": cl.Postcode,
		"plaats": cl.City, "email": cl.Email, "website": cl.Website, "dagen": days,
		"ehealth_naam": cl.EhealthName, "ehealth_adres": cl.EhealthUrl} {
		f.Set(name, value)
	}
	for name, on := range map[string]int64{"berichten": cl.MessagesEnabled, "econsult": cl.EconsultEnabled, "totp": cl.AllowTotp,
		"passkey": cl.AllowPasskey, "sms": cl.AllowSms, "samenstelling": cl.CompositionRules} {
		if on == 1 {
			f.Set(name, "1") // a checkbox is ticked when its value is not empty
		}
	}
	return f
}
