package handlers_test

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// appManifest is the page's web manifest as the browser fetched it (as it does for "add to home
// screen"), failing the test when the browser found a problem in it.
func (b *browserTab) appManifest() webManifest {
	b.t.Helper()
	var res cdppage.GetAppManifestResult
	b.do("reading the web manifest", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		res, err = cdp.Call(ctx, t, cdppage.GetAppManifest, cdppage.GetAppManifestParams{})
		return err
	}))
	for _, e := range res.Errors {
		b.t.Errorf("the browser finds a problem in the manifest: %s (line %d)", e.Message, e.Line)
	}
	var m webManifest
	if err := json.NewDecoder(strings.NewReader(res.Data)).Decode(&m); err != nil {
		b.t.Fatalf("the manifest %s: %v", res.URL, err)
	}
	return m
}
