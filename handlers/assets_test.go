package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"

	"github.com/andybalholm/brotli"

	"balie/static"
)

func mustAssets(t testing.TB) *static.Assets {
	a, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// getAsSent GETs url with header and returns the answer with its body as it travelled: Go's client
// leaves a body compressed when the request names the encodings it accepts itself.
func getAsSent(t *testing.T, hc *http.Client, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header = header
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// Text assets travel compressed to browsers that accept it (brotli first, then gzip), as they are to
// those that do not; PNGs as they are. Caches are told the answer depends on Accept-Encoding.
func TestAssetsAreSentCompressed(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	login := a.newClient().get("/inloggen")
	script := login.Doc.Find(`script[src*="htmx"]`).AttrOr("src", "")
	icon := login.Doc.Find(`link[rel=apple-touch-icon]`).AttrOr("href", "")
	fetch := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		return getAsSent(t, http.DefaultClient, a.srv.URL+path, http.Header{"Accept-Encoding": {accept}})
	}
	_, plain := fetch(script, "identity")
	for _, tc := range []struct{ accept, encoding string }{
		{"gzip, deflate, br, zstd", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip;q=0.8", "gzip"}, {"identity", ""},
	} {
		res, body := fetch(script, tc.accept)
		if got := res.Header.Get("Content-Encoding"); got != tc.encoding {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.encoding)
		}
		if res.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Accept-Encoding %q: Vary %q", tc.accept, res.Header.Get("Vary"))
		}
		var r io.Reader = bytes.NewReader(body)
		switch tc.encoding {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			if r, _ = gzip.NewReader(r); r == nil {
				t.Fatal("not gzip")
			}
		}
		decoded, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(decoded, plain) || (tc.encoding != "" && len(body) > len(plain)/2) {
			t.Fatalf("Accept-Encoding %q: %d bytes sent for %d, decoded equal: %v (%v)", tc.accept, len(body), len(plain), bytes.Equal(decoded, plain), err)
		}
	}
	if res, _ := fetch(icon, "gzip, br"); res.Header.Get("Content-Encoding") != "" || res.StatusCode != http.StatusOK {
		t.Fatalf("a PNG: status %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}
