package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// firstLoadBudget is the most a phone may download to sign in and see its overview for the first time.
const firstLoadBudget = 40_000

// A phone that has never seen Balie opens the sign-in page, signs in and sees the overview: those two
// pages and every asset they reference (stylesheets, scripts, icons, the manifest, images; each once, as
// a browser caches them) travel in at most 40 KB. Counted are the bodies as sent to a browser that
// accepts gzip and brotli and says where a request comes from (Sec-Fetch-Site); the pages between (the code, redirects) are not. Sizes are fixed, so this is
// not a timing.
func TestFirstLoadIsSmall(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	seen := map[string]bool{}
	var lines []string
	total := 0
	// get fetches path as the phone does, counts what travelled and returns it decoded.
	get := func(path, site string) []byte {
		t.Helper()
		seen[path] = true
		resp, body, err := rawGet(c.http, a.srv.URL+path, site)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
		plain, err := decoded(resp, body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		total += len(body)
		lines = append(lines, fmt.Sprintf("%7d %7d %-4s %s", len(body), len(plain), resp.Header.Get("Content-Encoding"), path))
		return plain
	}
	// load fetches a page and the assets it references that the phone does not have yet.
	load := func(path, site string) {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(get(path, site)))
		if err != nil {
			t.Fatal(err)
		}
		page, _ := url.Parse(a.srv.URL + path) // a URL the test made
		doc.Find("link[href], script[src], img[src]").Each(func(_ int, e *goquery.Selection) {
			ref, ok := e.Attr("href")
			if !ok {
				ref, _ = e.Attr("src")
			}
			u, err := page.Parse(ref)
			if err != nil || u.Host != page.Host { // data: URLs and other sites are not Balie's bytes
				return
			}
			if !seen[u.RequestURI()] {
				get(u.RequestURI(), fromTheApp)
			}
		})
	}
	load("/inloggen", typedByHand)
	c.signIn(a.people[0].UserName.String)
	load("/overzicht", fromTheApp) // where signing in leads
	// The count means something only if it found what every page references.
	kinds := map[string]bool{}
	for p := range seen {
		kinds[path.Ext(p)] = true
	}
	for _, ext := range []string{".css", ".js"} {
		if !kinds[ext] {
			t.Errorf("no %s among what the pages reference: the count misses the assets\n%s", ext, strings.Join(lines, "\n"))
		}
	}
	t.Logf("first load: %d bytes transferred (budget %d)\n   sent decoded enc  path\n%s", total, firstLoadBudget, strings.Join(lines, "\n"))
	if total > firstLoadBudget {
		t.Errorf("the first load transfers %d bytes, more than %d:\n%s", total, firstLoadBudget, strings.Join(lines, "\n"))
	}
}
