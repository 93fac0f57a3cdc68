package handlers_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A notice in the address shows only if it names a notice: an address cannot make a page say any
// other text of the app (a link in a phishing mail saying "Uw account is geblokkeerd").
func TestAddressShowsOnlyNotices(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	p := pc.get("/documenten?melding=documents.notice_added")
	wantStatus(t, p, http.StatusOK)
	if p.Text(".notice") != a.T("documents.notice_added") {
		t.Fatalf("notice %q, want %q", p.Text(".notice"), a.T("documents.notice_added"))
	}
	for _, key := range []string{"signin_activation.locked", "error.server", "documents.notice_", "x.notice_nothing", "documents.notice_added.x"} {
		if p := pc.get("/documenten?melding=" + key); p.Doc.Find(".notice").Length() != 0 {
			t.Errorf("?melding=%s shows %q", key, p.Text(".notice"))
		}
	}
}

// Every notice a handler gives is named <area>.notice_<what>, or the page would silently say nothing.
func TestHandlersGiveOnlyNoticeKeys(t *testing.T) {
	t.Parallel()
	given := regexp.MustCompile(`(?:redirectWithNotice\([^\n]*, |setNotice\(c, )"([a-z0-9_.]+)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range given.FindAllStringSubmatch(string(src), -1) {
			found++
			if area, what, ok := strings.Cut(m[1], ".notice_"); !ok || area == "" || what == "" {
				t.Errorf("%s gives the notice %q, which is not named <area>.notice_<what>", f, m[1])
			}
		}
	}
	if found < 10 {
		t.Fatalf("found only %d notices given: the pattern no longer matches the handlers", found)
	}
}
