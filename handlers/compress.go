package handlers

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"balie/static"
)

// Pages are sent gzip-compressed (a phone on mobile data pays for every byte), but only to requests the
// app's own pages made (Sec-Fetch-Site same-origin) or the user made by hand (none: typed, bookmarked).
// BREACH needs an attacker to have the victim's browser send many requests whose responses reflect the
// attacker's guesses next to a secret (a search term beside patients' names, the CSRF token), and to see
// their sizes; such requests come from the attacker's site (cross-site), and those answers, like those to
// clients that do not say where a request comes from, go uncompressed.

// gzipLevel favours speed: a page is compressed at every request, and the first levels already give
// most of the gain on HTML.
const gzipLevel = gzip.BestSpeed

// minCompressed is the size below which compressing is not worth it.
const minCompressed = 1024

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzipLevel) // a valid level
	return w
}}

// compressPage reports whether the answer to r may be compressed (see above).
func compressPage(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return static.Accepts(r.Header.Get("Accept-Encoding"), "gzip")
	}
	return false
}

// sendHTML answers with a page, compressed when it may be.
func sendHTML(c echo.Context, status int, body []byte) error {
	h := c.Response().Header()
	h.Add("Vary", "Accept-Encoding")
	if len(body) < minCompressed || !compressPage(c.Request()) {
		return c.HTMLBlob(status, body)
	}
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	_, _ = w.Write(body) // a bytes.Buffer does not fail
	_ = w.Close()
	gzipWriters.Put(w)
	h.Set(echo.HeaderContentEncoding, "gzip")
	return c.Blob(status, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}
