package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"net/url"
	"testing"
	"unicode/utf8"
)

type webManifest struct {
	Name        string `json:"name"`
	ShortName   string `json:"short_name"`
	Description string `json:"description"`
	Lang        string `json:"lang"`
	Dir         string `json:"dir"`
	Icons       []struct {
		Src, Sizes, Type, Purpose string
	} `json:"icons"`
}

func (c *client) manifest() webManifest {
	c.t.Helper()
	p := c.get("/manifest.webmanifest")
	wantStatus(c.t, p, http.StatusOK)
	var m webManifest
	if err := json.Unmarshal([]byte(p.Body), &m); err != nil {
		c.t.Fatalf("manifest: %v\n%s", err, p.Body)
	}
	return m
}

// pngAt fetches an icon as a home screen does and decodes it.
func (c *client) pngAt(src string) image.Image {
	c.t.Helper()
	p := c.get(src)
	wantStatus(c.t, p, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); ct != "image/png" {
		c.t.Fatalf("%s is served as %q", src, ct)
	}
	img, err := png.Decode(bytes.NewReader([]byte(p.Body)))
	if err != nil {
		c.t.Fatalf("%s: %v", src, err)
	}
	return img
}

// The home screen gets PNG icons of 192 and 512 px, a maskable one whose mark stays in the safe zone, and
// Apple's touch icon of 180 px; every one is a PNG of the size it claims.
func TestManifestIcons(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.newClient()
	teal := color.NRGBA{0x0b, 0x55, 0x63, 0xff}
	found := map[string]image.Image{}
	for _, ic := range c.manifest().Icons {
		if ic.Type != "image/png" {
			continue
		}
		img := c.pngAt(ic.Src)
		if size := img.Bounds().Size(); ic.Sizes != fmt.Sprintf("%dx%d", size.X, size.Y) {
			t.Errorf("%s claims %s but is %v", ic.Src, ic.Sizes, size)
		}
		found[ic.Purpose+" "+ic.Sizes] = img
	}
	for _, want := range []string{"any 192x192", "any 512x512", "maskable 512x512"} {
		if found[want] == nil {
			t.Errorf("the manifest has no PNG icon %q", want)
		}
	}
	if img := found["any 512x512"]; img != nil && alphaAt(img, 0, 0) != 0 {
		t.Error("the corners of the rounded icon are not transparent")
	}
	// The maskable icon fills its square; outside the safe zone (a circle of 40 % of the width around the
	// centre) there is nothing but background, inside it the white mark.
	if img := found["maskable 512x512"]; img != nil {
		size := img.Bounds().Dx()
		white := 0
		for y := range size {
			for x := range size {
				px := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				centre := float64(size) / 2
				if math.Hypot(float64(x)+0.5-centre, float64(y)+0.5-centre) > 0.4*float64(size) {
					if px != teal {
						t.Fatalf("the maskable icon has %v at (%d, %d), outside the safe zone", px, x, y)
					}
				} else if px == (color.NRGBA{0xff, 0xff, 0xff, 0xff}) {
					white++
				}
			}
		}
		if white < size*size/50 {
			t.Errorf("the maskable icon shows no mark (%d white pixels)", white)
		}
	}

	p := c.get("/inloggen")
	if p.Doc.Find(`link[rel="manifest"]`).AttrOr("crossorigin", "") != "use-credentials" {
		t.Error("the manifest is fetched without the visitor's cookies, so it cannot speak their language")
	}
	touch, ok := p.Doc.Find(`link[rel="apple-touch-icon"]`).Attr("href")
	if !ok {
		t.Fatal("the page links no apple-touch-icon")
	}
	img := c.pngAt(touch)
	if size := img.Bounds().Size(); size != image.Pt(180, 180) {
		t.Errorf("the apple-touch-icon is %v, want 180 × 180", size)
	}
	if alphaAt(img, 0, 0) != 0xff { // iOS paints transparent corners black
		t.Error("the apple-touch-icon is not opaque")
	}
}

func alphaAt(img image.Image, x, y int) uint8 {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA).A
}

// The manifest speaks the visitor's language and names the portal by the clinic's short name.
func TestManifestLanguage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	clinic, err := a.db.R.GetClinic(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := a.newClient()
	m := c.manifest()
	if m.Lang != "nl" || m.Dir != "ltr" || m.Name != clinic.Name+" – "+a.T("app.portal") ||
		m.Description != a.T("app.description", "Clinic", clinic.Name) {
		t.Errorf("the Dutch manifest: %+v", m)
	}
	if m.ShortName != "De Linde" || utf8.RuneCountInString(m.ShortName) > 12 {
		t.Errorf("short_name = %q, want the demo clinic's short name", m.ShortName)
	}
	c.follow(c.post("/taal", url.Values{"taal": {"en"}, "terug": {"/inloggen"}}))
	en := a.tr["en"]
	m = c.manifest()
	if m.Lang != "en" || m.Dir != "ltr" || m.Name != clinic.Name+" – "+en.T("app.portal") ||
		m.Description != en.T("app.description", "Clinic", clinic.Name) {
		t.Errorf("the English manifest: %+v", m)
	}
}

// The administrator sets the short name; one too long is refused with everything typed kept, and an empty
// one falls back to the clinic name's last words that fit.
func TestAdminSetsTheShortName(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	admin := a.staffClient("admin")
	p := admin.get("/praktijk/beheer/instellingen")
	if p.Doc.Find("#korte_naam").AttrOr("value", "") != "De Linde" ||
		p.Text("#korte_naam-hint") != a.T("beheer_settings.short_name_hint", "Max", 12, "Default", "De Linde") {
		t.Fatalf("the short name field: value %q, hint %q", p.Doc.Find("#korte_naam").AttrOr("value", ""), p.Text("#korte_naam-hint"))
	}
	form := url.Values{"naam": {"Huisartsenpraktijk Zuidwijk"}, "korte_naam": {"Huisartsen Zuidwijk"}, "telefoon": {"010 123 4567"},
		"totp": {"1"}, "dagen": {"5"}}
	p = admin.post("/praktijk/beheer/instellingen", form)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#korte_naam-error") != a.T("error.too_long", "Max", 12, "Count", 19) ||
		p.Doc.Find(`.error-summary a[href="#korte_naam"]`).Length() != 1 || p.Doc.Find("#korte_naam").AttrOr("aria-invalid", "") != "true" {
		t.Fatalf("a short name of 19 characters: error %q", p.Problem("#korte_naam-error"))
	}
	if p.Doc.Find("#korte_naam").AttrOr("value", "") != "Huisartsen Zuidwijk" || p.Doc.Find("#naam").AttrOr("value", "") != "Huisartsenpraktijk Zuidwijk" {
		t.Fatal("the typed names were lost")
	}
	if clinic, _ := a.db.R.GetClinic(context.Background()); clinic.ShortName != "De Linde" {
		t.Fatalf("stored %q after a refusal", clinic.ShortName)
	}

	form.Set("korte_naam", " Zuidwijk ")
	wantStatus(t, admin.post("/praktijk/beheer/instellingen", form), http.StatusSeeOther)
	if m := admin.manifest(); m.ShortName != "Zuidwijk" {
		t.Fatalf("short_name = %q after saving", m.ShortName)
	}
	// Empty: the clinic name's last words that fit, in the manifest and for Apple's home screen.
	form.Set("naam", "Fysiotherapie Het Anker")
	form.Set("korte_naam", "")
	wantStatus(t, admin.post("/praktijk/beheer/instellingen", form), http.StatusSeeOther)
	if m := admin.manifest(); m.ShortName != "Het Anker" {
		t.Fatalf("short_name = %q without a short name", m.ShortName)
	}
	p = a.newClient().get("/inloggen")
	if got := p.Doc.Find(`meta[name="apple-mobile-web-app-title"]`).AttrOr("content", ""); got != "Het Anker" {
		t.Fatalf("the page names the home-screen shortcut %q", got)
	}
}
