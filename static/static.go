// Package static embeds the CSS, JavaScript and icons (the PNGs drawn by icons_draw_test.go) and serves them
// under content-hashed names (app.css → app.3f2a1b9c.css), so that they can be cached for a year and
// still change with a release.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed *.css *.js *.svg *.png
var files embed.FS

// Prefix is the URL path under which assets are served.
const Prefix = "/static/"

// Assets maps logical names to hashed ones and back.
type Assets struct {
	hashed  map[string]string // "app.css" → "app.3f2a1b9c.css"
	logical map[string]string // the reverse
	data    map[string][]byte // logical name → content
	// compressed are the compressed forms of the text assets (compress.go), by logical name.
	compressed map[string]*encodings
}

// Load hashes every embedded file.
func Load() (*Assets, error) {
	a := &Assets{hashed: map[string]string{}, logical: map[string]string{}, data: map[string][]byte{},
		compressed: map[string]*encodings{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".go") {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		a.add(name, data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Assets) add(name string, data []byte) {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
	a.hashed[name], a.logical[h], a.data[name] = h, name, data
	if isCompressible(name) {
		a.compressed[name] = newEncodings(data)
	}
}

// Path returns the URL of the asset with the logical name; it panics on an unknown name so that a typo
// in a template fails every test that renders it.
func (a *Assets) Path(name string) string {
	h, ok := a.hashed[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return Prefix + h
}

// ServeHTTP serves a hashed asset with a year of caching, compressed if the browser accepts it (compress.go);
// unknown names are 404.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := a.logical[strings.TrimPrefix(r.URL.Path, Prefix)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	data, encoding := a.encode(r, name)
	h := w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if isCompressible(name) {
		h.Add("Vary", "Accept-Encoding")
	}
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
