package static

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
)

// Home screens want PNG icons besides icon.svg: Android 192 and 512 px, a maskable one that the platform
// cuts to its own shape, Apple a 180 px touch icon. They are drawn here from the same design as icon.svg
// (a rounded teal square with a white mark), once per process, and served like the embedded files.

// Icon is one drawn icon: its logical asset name, its size in pixels, and how it is drawn.
type Icon struct {
	Name string
	Size int
	// Purpose is the icon's purpose in the web manifest; empty for Apple's, which the page links instead.
	Purpose string
	// FullBleed fills the whole square: the platform (maskable, Apple) cuts its own shape out of it.
	FullBleed bool
	// MarkScale shrinks the mark around the centre; a maskable icon keeps it inside the safe zone.
	MarkScale float64
}

// Icons are the drawn icons. The maskable one keeps its mark well within the safe zone, the central
// circle with a radius of 40 % of the icon that every platform's mask leaves whole.
var Icons = []Icon{
	{Name: "icon-192.png", Size: 192, Purpose: "any", MarkScale: 1},
	{Name: "icon-512.png", Size: 512, Purpose: "any", MarkScale: 1},
	{Name: "icon-maskable-512.png", Size: 512, Purpose: "maskable", FullBleed: true, MarkScale: 0.75},
	{Name: "apple-touch-icon.png", Size: 180, FullBleed: true, MarkScale: 1},
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

var drawnIcons = sync.OnceValues(func() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, ic := range Icons {
		var buf bytes.Buffer
		if err := png.Encode(&buf, ic.draw()); err != nil {
			return nil, err
		}
		out[ic.Name] = buf.Bytes()
	}
	return out, nil
})

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
