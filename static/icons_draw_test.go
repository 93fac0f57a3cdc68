package static

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "write the drawn icons whose pixels differ from the committed files")

// The PNG icons are drawn here and committed: a test fails when a committed file's pixels are not what
// the drawing gives (run `go generate ./static` after changing the design).
func TestDrawnIconsAreCommitted(t *testing.T) {
	for _, ic := range Icons {
		want := ic.draw()
		data, err := os.ReadFile(ic.Name)
		if err == nil {
			if got, err := png.Decode(bytes.NewReader(data)); err == nil && samePixels(got, want) {
				continue
			}
		}
		if !*update {
			t.Errorf("%s is not what the drawing gives: run go generate ./static", ic.Name)
			continue
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ic.Name, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func samePixels(a image.Image, b *image.NRGBA) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := b.Rect.Min.Y; y < b.Rect.Max.Y; y++ {
		for x := b.Rect.Min.X; x < b.Rect.Max.X; x++ {
			if color.NRGBAModel.Convert(a.At(x, y)) != b.NRGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}

// The design of icon.svg, in its 64-unit view box.
const (
	viewBox     = 64.0
	cornerR     = 14.0 // the square's rx
	strokeHalf  = 2.5  // half the mark's stroke-width
	markCentreX = viewBox / 2
	markCentreY = viewBox / 2
)

var (
	background = color.NRGBA{0x0b, 0x55, 0x63, 0xff}
	ink        = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// The mark: icon.svg's path "M16 44V20h14a8 8 0 0 1 0 16H16m14 0h4a8 8 0 0 1 0 16" moved by its
// translate(2 -6), as lines and right half-circles with round caps and joins.
var (
	markLines = [][4]float64{{18, 38, 18, 14}, {18, 14, 32, 14}, {32, 30, 18, 30}, {32, 30, 36, 30}}
	markArcs  = [][3]float64{{32, 22, 8}, {36, 38, 8}} // centre x, y and radius of each right half-circle
)

// draw renders the icon. Every pixel is covered by the shapes as far as its centre lies inside them, by
// their distance (anti-aliased edges without supersampling).
func (ic Icon) draw() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, ic.Size, ic.Size))
	unit := float64(ic.Size) / viewBox // pixels per view-box unit
	for py := range ic.Size {
		for px := range ic.Size {
			x, y := (float64(px)+0.5)/unit, (float64(py)+0.5)/unit
			alpha := 1.0
			if !ic.FullBleed {
				alpha = coverage(roundedSquare(x, y) * unit)
			}
			mx := markCentreX + (x-markCentreX)/ic.MarkScale
			my := markCentreY + (y-markCentreY)/ic.MarkScale
			white := coverage((markDistance(mx, my) - strokeHalf) * ic.MarkScale * unit)
			img.SetNRGBA(px, py, color.NRGBA{
				R: mix(background.R, ink.R, white), G: mix(background.G, ink.G, white), B: mix(background.B, ink.B, white),
				A: uint8(math.Round(alpha * 255)),
			})
		}
	}
	return img
}

// coverage is how much of a pixel a shape covers whose edge is d pixels away (negative: inside).
func coverage(d float64) float64 { return math.Max(0, math.Min(1, 0.5-d)) }

func mix(a, b uint8, t float64) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }

// roundedSquare is the signed distance to the view box's square with rounded corners.
func roundedSquare(x, y float64) float64 {
	half := viewBox/2 - cornerR
	qx, qy := math.Abs(x-viewBox/2)-half, math.Abs(y-viewBox/2)-half
	return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - cornerR
}

// markDistance is the distance from a point to the mark's centre line.
func markDistance(x, y float64) float64 {
	d := math.Inf(1)
	for _, l := range markLines {
		d = math.Min(d, segmentDistance(x, y, l[0], l[1], l[2], l[3]))
	}
	for _, a := range markArcs {
		cx, cy, r := a[0], a[1], a[2]
		if x >= cx { // beside the half-circle: its distance to the circle
			d = math.Min(d, math.Abs(math.Hypot(x-cx, y-cy)-r))
		} else { // behind it: its nearer end
			d = math.Min(d, math.Min(math.Hypot(x-cx, y-cy+r), math.Hypot(x-cx, y-cy-r)))
		}
	}
	return d
}

func segmentDistance(x, y, x1, y1, x2, y2 float64) float64 {
	dx, dy := x2-x1, y2-y1
	t := math.Max(0, math.Min(1, ((x-x1)*dx+(y-y1)*dy)/(dx*dx+dy*dy)))
	return math.Hypot(x-x1-t*dx, y-y1-t*dy)
}
