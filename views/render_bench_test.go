package views

import (
	"testing"
	"time"

	"balie/internal/clock"
	"balie/queries"
)

// The page frame's share of a page, without the database: the overview of a signed-in patient as the
// handlers fill it in (handlers/overview.go, handlers/render.go), rendered in Dutch.
//
//	go test ./views -run XXX -bench Render -benchmem
func BenchmarkRenderOverview(b *testing.B) {
	v, page := overviewPage(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Render("nl", "overview", false, page); err != nil {
			b.Fatal(err)
		}
	}
}

// overviewNow is the clock of overviewPage's views.
var overviewNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// overviewPage returns the views and the page the overview of a signed-in patient renders.
func overviewPage(tb testing.TB) (*Views, Page) {
	tb.Helper()
	now := overviewNow
	v := testViews(tb, clock.NewFixed(now), true)
	var appts []queries.ListUpcomingAppointmentsRow
	for i := range 3 {
		at := now.Add(time.Duration(i+1) * 26 * time.Hour)
		appts = append(appts, queries.ListUpcomingAppointmentsRow{StartsAt: at, EndsAt: at.Add(30 * time.Minute),
			KindNl: "Consult", KindEn: "Consultation", Place: "Kamer 2", PractitionerGivenName: "Anna", PractitionerFamilyName: "Visser"})
	}
	type tile struct {
		Number int64
		Label  string
		Href   string
	}
	return v, Page{
		Lang:   "nl",
		Clinic: queries.ClinicSetting{Name: "Huisartsenpraktijk De Linde", Phone: "030 123 45 67"},
		User:   &queries.User{Role: "patient", GivenName: "Sanne", FamilyName: "de Vries"},
		Home:   "/overzicht",
		Menu: []MenuItem{{Href: "/overzicht", Label: "nav.overview", Current: true},
			{Href: "/berichten", Label: "nav.messages", Badge: 2}, {Href: "/dagboek", Label: "nav.diary"},
			{Href: "/documenten", Label: "nav.documents"}, {Href: "/profiel", Label: "nav.profile"}},
		Path:    "/overzicht",
		Session: SessionTimes{IdleLeft: 1200, AbsoluteLeft: 3600, WarnBefore: 300},
		Data: struct {
			Appointments     []queries.ListUpcomingAppointmentsRow
			Tiles            []tile
			DossierNotLinked bool
			Agenda           bool
		}{appts, []tile{{3, "overview.count_appointments", ""}, {4, "overview.count_record", "/dossier"},
			{2, "overview.count_messages", "/berichten"}}, false, true},
	}
}
