package handlers_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The overview's tiles lead to their areas, and "Onderdelen in uw dossier" counts only what the patient
// can open: the documents they see under "Documenten", not the reports that have no page yet.
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
	pc := a.patientClient(0)
	documents := pc.get("/documenten").Doc.Find(".entry-list li").Length()

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
	if want := strconv.Itoa(documents); record.number != want {
		t.Errorf("%q shows %s, want %s (the documents the patient can open)", a.T("overview.count_record"), record.number, want)
	}
	if record.href != "/documenten" {
		t.Errorf("%q leads to %q, want /documenten", a.T("overview.count_record"), record.href)
	}
	if got := tiles[a.T("overview.count_messages")].href; got != "/berichten" {
		t.Errorf("%q leads to %q, want /berichten", a.T("overview.count_messages"), got)
	}
}
