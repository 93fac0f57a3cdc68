package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"balie/handlers"
)

// The route list and the table of areas hold each other: every route names an area of the table, and
// every area of the table has a route (an area nobody can reach is a leftover).
func TestEveryRouteHasAnAreaAndEveryAreaARoute(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	areas, err := a.app.Areas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, r := range a.app.Routes() {
		if !slices.ContainsFunc(areas, func(ar handlers.AreaNow) bool { return ar.Name == r.Area }) {
			t.Errorf("%s %s: area %q is not in the table of areas", r.Method, r.Path, r.Area)
		}
		used[r.Area] = true
	}
	for _, ar := range areas {
		if !used[ar.Name] {
			t.Errorf("area %q has no route", ar.Name)
		}
	}
}

// askAs sends method path (with an empty form) as the first of clients the route lets in (not 403).
func askAs(a *testApp, method, path string, clients ...*client) *page {
	var p *page
	for _, c := range clients {
		req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", a.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if p = c.do(req); p.StatusCode != http.StatusForbidden {
			break
		}
	}
	return p
}

// menuLinks are the addresses in the page's menu.
func menuLinks(p *page) []string {
	var hrefs []string
	for _, n := range p.Doc.Find(".menu a").Nodes {
		for _, at := range n.Attr {
			if at.Key == "href" {
				hrefs = append(hrefs, at.Val)
			}
		}
	}
	return hrefs
}

// An area the clinic switches off is gone: each of its routes answers 404 before anything is looked up,
// for whoever may use it, and the menu no longer lists it.
func TestSwitchedOffAreasAreGoneFromRoutesAndMenu(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	clients := []*client{a.patientClient(0), a.staffClient("practitioner"), a.staffClient("admin")}
	homes := []string{"/overzicht", "/praktijk/patienten", "/praktijk/patienten"}
	menus := func() []string {
		var all []string
		for i, c := range clients {
			all = append(all, menuLinks(c.get(homes[i]))...)
		}
		return all
	}
	before := menus()
	// Every switch the clinic has, off.
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET messages_enabled = 0, econsult_enabled = 0"); err != nil {
		t.Fatal(err)
	}
	areas, err := a.app.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	off := map[string]string{}
	for _, ar := range areas {
		if !ar.On {
			off[ar.Name] = ar.Href
		}
	}
	for _, want := range []string{"conversations", "messages", "econsult"} {
		if _, ok := off[want]; !ok {
			t.Fatalf("area %s is still on with every switch off (off: %v)", want, off)
		}
	}
	after := menus()
	for name, href := range off {
		if href == "" {
			continue
		}
		if !slices.Contains(before, href) {
			t.Errorf("area %s (%s) was not in any menu while on", name, href)
		}
		if slices.Contains(after, href) {
			t.Errorf("area %s is off, but the menu still lists %s", name, href)
		}
	}
	denied := func() string { return a.scalar("SELECT count(*) FROM access_log WHERE outcome = 'denied'") }
	walked := 0
	for _, r := range a.app.Routes() {
		if _, ok := off[r.Area]; !ok {
			continue
		}
		path := strings.ReplaceAll(r.Path, ":id", strconv.FormatInt(a.people[0].ID, 10))
		was := denied()
		p := askAs(a, r.Method, path, clients...)
		if p.StatusCode != http.StatusNotFound || p.Text("main h1") != a.T("error.not_found_title") {
			t.Errorf("%s %s of switched-off area %s: status %d, h1 %q", r.Method, path, r.Area, p.StatusCode, p.Text("main h1"))
		}
		if denied() != was { // the area is not there: nothing was looked up, so nothing was refused
			t.Errorf("%s %s: the 404 came from a look-up, not from the area's switch", r.Method, path)
		}
		walked++
	}
	if walked < 8 {
		t.Fatalf("only %d routes of switched-off areas walked", walked)
	}
}

// A route's body limit is its own: an upload route takes a body over the default, and refuses one over
// its limit as too large.
func TestBodyOverTheRoutesLimitIsRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	clients := []*client{a.patientClient(0), a.staffClient("practitioner"), a.staffClient("admin")}
	checked := 0
	for _, r := range a.app.Routes() {
		if r.BodyLimit == 0 {
			continue
		}
		if r.Method != http.MethodPost {
			t.Errorf("%s %s has a body limit but takes no body", r.Method, r.Path)
			continue
		}
		// About a patient (the staff pages about one) or a staff member, asked by the first the route lets in.
		id := a.staff["practitioner"].ID
		if strings.HasPrefix(r.Path, "/praktijk/patienten/") {
			id = a.people[0].ID
		}
		path := strings.Replace(r.Path, ":id", strconv.FormatInt(id, 10), 1)
		path = strings.Replace(path, ":report", a.scalar(`SELECT min(id) FROM reports WHERE patient_id = ?`, a.people[0].ID), 1)
		// Sent as a photo: the upload forms name a file they cannot take, so the answer shows the refusal.
		send := func(size int64) *page {
			var p *page
			for _, c := range clients {
				if p = c.postMultipart(path, url.Values{"titel": {"Groot"}}, "foto", upload{"groot.bin", make([]byte, size)}); p.StatusCode != http.StatusForbidden {
					break
				}
			}
			return p
		}
		p := send(handlers.DefaultBodyLimit + 1)
		if p.StatusCode == http.StatusRequestEntityTooLarge {
			t.Errorf("%s %s: a body over the default limit but under the route's (%d) is refused", r.Method, r.Path, r.BodyLimit)
		}
		p = send(r.BodyLimit + 1)
		if p.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s %s: a body over the route's limit: status %d", r.Method, r.Path, p.StatusCode)
		}
		checked++
	}
	if checked < 3 {
		t.Fatalf("only %d routes with a limit of their own", checked)
	}
}

// currentItem is the address of the menu item the page marks as current ("" for none).
func currentItem(p *page) string {
	return p.Doc.Find(`.menu a[aria-current="page"]`).First().AttrOr("href", "")
}

// The menu marks the area of what the page shows: a conversation is under its own kind's queue for the
// practice (an e-consult under "E-consulten", not "Berichten"), and under "Berichten" for the patient.
func TestMenuMarksTheAreaThePageNames(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc, sc := a.patientClient(0), a.staffClient("practitioner")
	econsult := threadID(pc.postFiles("/berichten/vraag", url.Values{"titel": {"Plekje"}, "tekst": {"Sinds een week."}}))
	message := threadID(pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Tekst"}}))
	for _, tc := range []struct {
		c          *client
		path, want string
	}{
		{sc, "/praktijk/berichten/" + econsult, "/praktijk/econsulten"},
		{sc, "/praktijk/berichten/" + message, "/praktijk/berichten"},
		{sc, "/praktijk/econsulten", "/praktijk/econsulten"},
		{pc, "/berichten/" + econsult, "/berichten"},
		{pc, "/berichten/vraag", "/berichten"},
		{pc, "/dagboek/nieuw", "/dagboek"},
	} {
		p := tc.c.get(tc.path)
		wantStatus(t, p, http.StatusOK)
		if got := currentItem(p); got != tc.want {
			t.Errorf("%s: current menu item %q, want %q", tc.path, got, tc.want)
		}
	}
}
