package handlers_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// An inbox longer than a page goes on to the next page: no conversation is out of reach.
func TestInboxPages(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	now := testStart
	for i := range 60 {
		if _, err := a.db.Write.Exec(`INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at)
			VALUES (?, NULL, 'message', ?, ?, ?)`, a.people[i%len(a.people)].ID, fmt.Sprintf("Vraag %02d", i), now, now.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	sc := a.staffClient("assistant")
	first := sc.get("/praktijk/berichten?lijst=team")
	if n := first.Doc.Find(".entry-list li").Length(); n != 50 {
		t.Fatalf("%d conversations on the first page", n)
	}
	next, ok := first.Doc.Find(`.pager a[rel=next]`).Attr("href")
	if !ok {
		t.Fatal("no way to the older conversations")
	}
	second := sc.get(next)
	if n := second.Doc.Find(".entry-list li").Length(); n != 10 || second.Doc.Find(`.pager a[rel=next]`).Length() != 0 ||
		second.Doc.Find(`.pager a[rel=prev]`).Length() != 1 || !strings.Contains(second.Text(".entry-list"), "Vraag 00") {
		t.Fatalf("second page: %d conversations", n)
	}
}

// inboxIDs are the conversations a page of an inbox lists, in its order.
func inboxIDs(p *page) []int64 {
	var ids []int64
	p.Doc.Find(".entry-list li > a").Each(func(_ int, s *goquery.Selection) {
		var id int64
		fmt.Sscanf(s.AttrOr("href", ""), "/praktijk/berichten/%d", &id)
		ids = append(ids, id)
	})
	return ids
}

// addTeamThreads writes n conversations of kind to the team from the first patient, the i-th last
// written at from+i/3 minutes (three at a time at the same moment, so that pages end amid a tie), every
// handledEvery-th of them handled (0: none).
func addTeamThreads(t *testing.T, a *testApp, n int, kind string, from time.Time, handledEvery int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		at := from.Add(time.Duration(i/3) * time.Minute)
		var handled any
		if handledEvery > 0 && i%handledEvery == 0 {
			handled = at
		}
		var id int64
		if err := a.db.Write.QueryRow(`INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at, handled_at)
			VALUES (?, NULL, ?, ?, ?, ?, ?) RETURNING id`, a.people[0].ID, kind, fmt.Sprintf("Vraag %03d", i), at, at, handled).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// walkInbox reads a list from link to its last page by the pager's links, checking that each link keeps
// the list's address and filters; it returns the pages.
func walkInbox(t *testing.T, c *client, link, rel string, want url.Values) [][]int64 {
	t.Helper()
	var pages [][]int64
	base, _, _ := strings.Cut(link, "?")
	for link != "" {
		p := c.get(link)
		wantStatus(t, p, http.StatusOK)
		pages = append(pages, inboxIDs(p))
		p.Doc.Find(".pager a").Each(func(_ int, a *goquery.Selection) {
			u, err := url.Parse(a.AttrOr("href", ""))
			if err != nil || u.Path != base || u.Query().Get("lijst") != want.Get("lijst") || u.Query().Get("ook") != want.Get("ook") {
				t.Errorf("%s: a link to %q loses the list %v", link, a.AttrOr("href", ""), want)
			}
		})
		link = p.Doc.Find(`.pager a[rel=`+rel+`]`).AttrOr("href", "")
		if len(pages) > 20 {
			t.Fatalf("%s: no end to the pages", link)
		}
	}
	return pages
}

// Paging an inbox forward and back by its links: every conversation of the list exactly once, newest
// first (ties by the newest id), the same pages both ways, and every link keeps the list and its filter.
func TestInboxPagesForwardAndBack(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	from := testStart.Add(-24 * time.Hour)
	addTeamThreads(t, a, 130, "message", from, 4)
	addTeamThreads(t, a, 70, "econsult", from, 0)
	c := a.staffClient("assistant")
	for _, tc := range []struct {
		path     string
		query    url.Values
		kind     string
		handled  bool // handled conversations too
		teamOnly bool
		pages    int
	}{
		{"/praktijk/berichten", url.Values{"lijst": {"team"}}, "message", false, true, 2},
		{"/praktijk/berichten", url.Values{"lijst": {"team"}, "ook": {"afgehandeld"}}, "message", true, true, 3},
		{"/praktijk/berichten", url.Values{"lijst": {"alle"}, "ook": {"afgehandeld"}}, "message", true, false, 0},
		{"/praktijk/econsulten", url.Values{"lijst": {"alle"}}, "econsult", false, false, 2},
	} {
		want := a.ids(`SELECT id FROM message_threads WHERE kind = ? AND (? OR handled_at IS NULL)
			AND (NOT ? OR (practitioner_id IS NULL AND assigned_to IS NULL)) ORDER BY last_message_at DESC, id DESC`,
			tc.kind, tc.handled, tc.teamOnly)
		link := tc.path + "?" + tc.query.Encode()
		forward := walkInbox(t, c, link, "next", tc.query)
		if got := slices.Concat(forward...); !slices.Equal(got, want) || (tc.pages > 0 && len(forward) != tc.pages) {
			t.Fatalf("%s forward in %d pages: %v, want %v", link, len(forward), got, want)
		}
		last := c.get(link)
		for range len(forward) - 1 {
			last = c.get(last.Doc.Find(`.pager a[rel=next]`).AttrOr("href", ""))
		}
		back := walkInbox(t, c, last.Request.URL.RequestURI(), "prev", tc.query)
		slices.Reverse(back)
		if !slices.EqualFunc(back, forward, slices.Equal) {
			t.Fatalf("%s read back: %v, want %v", link, back, forward)
		}
	}
}

// Conversations that move to the top while staff page through the inbox (their patient writes again)
// do not move the pages: the next page goes on where the last one ended, whether the conversation came
// from a later page (with OFFSET, the next page would show one conversation again) or was the one the
// last page ended with.
func TestInboxPagesStayWhenConversationsMove(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	all := addTeamThreads(t, a, 150, "message", testStart.Add(-24*time.Hour), 0)
	c := a.staffClient("assistant")
	first := c.get("/praktijk/berichten?lijst=team")
	ids := inboxIDs(first)
	next := first.Doc.Find(`.pager a[rel=next]`).AttrOr("href", "")
	want := inboxIDs(c.get(next))
	if len(ids) != 50 || len(want) != 50 {
		t.Fatalf("pages of %d and %d conversations", len(ids), len(want))
	}
	patient := a.patientClient(0)
	for _, moved := range []int64{all[0], ids[len(ids)-1]} { // the oldest (on the third page), the first page's last
		p := patient.post(fmt.Sprint("/berichten/", moved), url.Values{"tekst": {"Nog een vraag."}})
		wantStatus(t, p, http.StatusSeeOther)
		a.fixed.Advance(time.Minute)
		if got := inboxIDs(c.get("/praktijk/berichten?lijst=team")); got[0] != moved {
			t.Fatalf("conversation %d did not move up: %v", moved, got)
		}
		if got := inboxIDs(c.get(next)); !slices.Equal(got, want) {
			t.Fatalf("after %d moved up, the next page is %v, want %v", moved, got, want)
		}
	}
}

// A cursor that is not one, or lies past either end of the list, shows the list from its start with
// its filters: never an error.
func TestInboxTamperedCursors(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	addTeamThreads(t, a, 60, "message", testStart.Add(-24*time.Hour), 0)
	c := a.staffClient("assistant")
	const list = "/praktijk/berichten?lijst=team&ook=afgehandeld"
	first := inboxIDs(c.get(list))
	key := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
	for _, tc := range []struct {
		q     string
		first bool // shows the first page (else some page of the list)
	}{
		{"na=%%%", true},
		{"na=", true},
		{"na=" + strings.Repeat("A", 5000), true},
		{"na=" + key("nope"), true},
		{"na=" + key(`{"t":"gisteren","i":1}`), true},
		{"na=" + key(`{"t":"2026-03-01T08:00:00Z","i":1e40}`), true},
		{"na=" + key(`{"t":"1900-01-01T00:00:00Z","i":1}`), true},    // past the end
		{"voor=" + key(`{"t":"9999-12-31T23:59:59Z","i":-1}`), true}, // before the start
		{"na=" + key("{}") + "&voor=" + key("{}"), true},
		{"pagina=3", true}, // an address from before the cursors
		{"voor=" + key("null"), false},
		{"na=" + key(`{"t":"2026-03-01T12:00:00+14:00","i":0}`), false},
	} {
		p := c.get(list + "&" + tc.q)
		if p.StatusCode == http.StatusSeeOther {
			if loc := p.Header.Get("Location"); loc != list {
				t.Errorf("%s: sent to %q", tc.q, loc)
			}
			p = c.follow(p)
		}
		wantStatus(t, p, http.StatusOK)
		if got := inboxIDs(p); len(got) == 0 || (tc.first && !slices.Equal(got, first)) {
			t.Errorf("%s: listed %v", tc.q, got)
		}
	}
}
