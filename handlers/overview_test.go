package handlers_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The overview's tiles lead to their areas, and "Onderdelen in uw dossier" counts what the patient's
// dossier lists: the reports shared with them, not those still unshared.
func TestOverviewTilesCountWhatThePatientCanOpen(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	var reports int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM reports WHERE patient_id = ? AND published_at IS NOT NULL", me.ID).Scan(&reports); err != nil {
		t.Fatal(err)
	}
	if reports == 0 {
		t.Fatal("the demo patient has no published reports: the test proves nothing")
	}
	a.addReport(testReport{patient: me.ID, unpublished: true})
	pc := a.patientClient(0)
	listed := pc.get("/dossier").Text(".dossier [role=status]")

	p := pc.get("/overzicht")
	tiles := map[string]struct{ number, href string }{}
	p.Doc.Find(".tile").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Find("a").Attr("href")
		tiles[collapse(s.Find(".tile-label").Text())] = struct{ number, href string }{strings.TrimSpace(s.Find(".tile-number").Text()), href}
	})
	record, ok := tiles[a.T("overview.count_record")]
	if !ok {
		t.Fatalf("no tile %q among %v", a.T("overview.count_record"), tiles)
	}
	if n, _ := strconv.Atoi(record.number); n != reports || listed != a.T("dossier.count", "Count", n) {
		t.Errorf("%q shows %s, want %d (the dossier says %q)", a.T("overview.count_record"), record.number, reports, listed)
	}
	if record.href != "/dossier" {
		t.Errorf("%q leads to %q, want /dossier", a.T("overview.count_record"), record.href)
	}
	if got := tiles[a.T("overview.count_messages")].href; got != "/berichten" {
		t.Errorf("%q leads to %q, want /berichten", a.T("overview.count_messages"), got)
	}
}

func TestOverviewShowsNextAppointmentsAndCounts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.patientClient(0)
	p := c.get("/overzicht")
	wantStatus(t, p, http.StatusOK)
	if n := p.Doc.Find(".appointment").Length(); n < 1 || n > 3 {
		t.Fatalf("%d appointments listed", n)
	}
	when := p.Text(".appointment-when")
	if !strings.Contains(when, ", ") || !strings.ContainsAny(when, "0123456789") {
		t.Fatalf("appointment time %q is not like 'maandag 3 maart, 14:30'", when)
	}
	var upcoming int
	if err := a.db.Read.QueryRow(`SELECT count(*) FROM appointments WHERE patient_id = ? AND status = 'booked' AND starts_at >= ? AND visible_from <= ?`,
		a.people[0].ID, testStart, testStart).Scan(&upcoming); err != nil {
		t.Fatal(err)
	}
	if got := p.Doc.Find(".tile-number").First().Text(); got != fmt.Sprint(upcoming) {
		t.Fatalf("upcoming count %s, database says %d", got, upcoming)
	}
	labels := p.Doc.Find(".tile-label").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if strings.Join(labels, "|") != strings.Join([]string{a.T("overview.count_appointments"), a.T("overview.count_record"), a.T("overview.count_messages"),
		a.T("overview.count_medication"), a.T("overview.count_results"), a.T("overview.count_repeat"), a.T("overview.count_questionnaires")}, "|") {
		t.Fatalf("tiles %v", labels)
	}
	// The menu lists only built areas, with sign-out at the bottom.
	menu := p.Doc.Find(".sidebar .menu a").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("href", "") })
	if strings.Join(menu, " ") != "/overzicht /afspraken /dossier /medicatie /herhaalrecepten /berichten /uitslagen /vragenlijsten /dagboek /documenten /toestemmingen /deelcode /naasten /profiel /account/beveiliging" {
		t.Fatalf("menu %v", menu)
	}
	// The unread messages show beside "Berichten".
	if badge := p.Text(`.sidebar .menu a[href="/berichten"] .badge`); !strings.HasPrefix(badge, fmt.Sprint(p.Text(".tile:nth-child(3) .tile-number"))) {
		t.Fatalf("unread badge %q", badge)
	}
	if p.Text(".sidebar .sign-out button") != a.T("nav.sign_out") {
		t.Fatal("no sign-out in the menu")
	}
}
