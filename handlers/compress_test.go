package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Pages go gzip-compressed to requests from the app's own pages and those the user makes by hand, never
// to requests another site makes or to clients that do not say where a request comes from (BREACH:
// handlers/compress.go). What is compressed is the very page.
func TestPagesAreCompressedOnlyForTheirOwnSite(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	staff := a.staffClient("assistant")
	search := "/praktijk/patienten?" + url.Values{"q": {a.people[0].FamilyName}}.Encode()
	fetch := func(c *client, path, site string) (*http.Response, []byte) {
		t.Helper()
		h := http.Header{"Accept-Encoding": {"gzip, deflate, br"}}
		if site != "" {
			h.Set("Sec-Fetch-Site", site)
		}
		res, body := getAsSent(t, c.http, a.srv.URL+path, h)
		if res.StatusCode != http.StatusOK || !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Fatalf("GET %s (%q): status %d, Vary %q", path, site, res.StatusCode, res.Header.Values("Vary"))
		}
		return res, body
	}
	for _, tc := range []struct {
		c    *client
		path string
	}{{a.newClient(), "/inloggen"}, {staff, search}} {
		_, plain := fetch(tc.c, tc.path, "cross-site")
		for site, compressed := range map[string]bool{"same-origin": true, "none": true, "cross-site": false, "same-site": false, "": false} {
			res, body := fetch(tc.c, tc.path, site)
			got := res.Header.Get("Content-Encoding")
			if compressed != (got == "gzip") || !compressed && got != "" {
				t.Errorf("GET %s, Sec-Fetch-Site %q: Content-Encoding %q", tc.path, site, got)
				continue
			}
			if !compressed {
				continue
			}
			r, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("GET %s: not gzip: %v", tc.path, err)
			}
			decoded, err := io.ReadAll(r)
			if err != nil || !strings.Contains(string(decoded), "</html>") || len(body) > len(decoded)/2 ||
				tc.path == search && !bytes.Contains(decoded, []byte(a.people[0].FamilyName)) {
				t.Errorf("GET %s: %d bytes sent for a page of %d (plain %d) (%v)", tc.path, len(body), len(decoded), len(plain), err)
			}
		}
	}
}
