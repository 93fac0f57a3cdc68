package static

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Text assets (CSS, scripts, the SVG icon) are sent compressed to browsers that accept it: brotli, else
// gzip. Each is compressed once, at its first request (not at start), at the best level: they are fixed
// for the life of the process. PNGs are compressed already. Assets hold no secrets, so compressing them
// gives nothing away (BREACH concerns pages that carry a secret beside text an attacker chooses).

// compressible are the extensions worth compressing.
var compressible = map[string]bool{".css": true, ".js": true, ".svg": true}

// encodings are the compressed forms of one asset, made on first use.
type encodings struct {
	br, gz func() []byte
}

func newEncodings(data []byte) *encodings {
	return &encodings{
		br: sync.OnceValue(func() []byte {
			var buf bytes.Buffer
			w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
			_, _ = w.Write(data) // a bytes.Buffer does not fail
			_ = w.Close()
			return buf.Bytes()
		}),
		gz: sync.OnceValue(func() []byte {
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level
			_, _ = w.Write(data)
			_ = w.Close()
			return buf.Bytes()
		}),
	}
}

// encode picks the best encoding the request accepts for the asset name: its bytes and the value of
// Content-Encoding ("" for the asset as it is).
func (a *Assets) encode(r *http.Request, name string) ([]byte, string) {
	data := a.data[name]
	e, ok := a.compressed[name]
	if !ok {
		return data, ""
	}
	accepted := r.Header.Get("Accept-Encoding")
	switch {
	case Accepts(accepted, "br"):
		return e.br(), "br"
	case Accepts(accepted, "gzip"):
		return e.gz(), "gzip"
	}
	return data, ""
}

// Accepts reports whether an Accept-Encoding header accepts coding (listed without q=0).
func Accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

func isCompressible(name string) bool { return compressible[path.Ext(name)] }
