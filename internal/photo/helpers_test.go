package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// The four colours of the test pictures: top left, top right, bottom left,
// bottom right (the same as testdata/mkheic.go uses).
var (
	red    = color.RGBA{220, 30, 30, 255}
	green  = color.RGBA{30, 200, 30, 255}
	blue   = color.RGBA{30, 30, 220, 255}
	yellow = color.RGBA{240, 220, 20, 255}
)

func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := red
			switch {
			case x >= w/2 && y >= h/2:
				c = yellow
			case x >= w/2:
				c = green
			case y >= h/2:
				c = blue
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encodeTestJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeTestPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifSegment builds an APP1 Exif segment whose IFD0 holds one entry, the
// Orientation tag, in the given byte order.
func exifSegment(bo binary.ByteOrder, orientation uint16) []byte {
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8) // IFD0 right after the header
	bo.PutUint16(tiff[8:], 1) // one entry
	e := tiff[10:]
	bo.PutUint16(e[0:], 0x0112) // Orientation
	bo.PutUint16(e[2:], 3)      // SHORT
	bo.PutUint32(e[4:], 1)      // one value
	bo.PutUint16(e[8:], orientation)
	// the last 4 bytes: no next IFD

	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	return append(seg, payload...)
}

// afterSOI splices segment into a JPEG right after its SOI marker.
func afterSOI(jpg, segment []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, segment...)
	return append(out, jpg[2:]...)
}

func decodeTestJPEG(t testing.TB, data []byte) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("result is not a JPEG: %v", err)
	}
	return m
}

// near reports whether c is within tol of want in each channel.
func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) bool {
		diff := int(a>>8) - int(b)
		return diff >= -tol && diff <= tol
	}
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// checkQuadrants checks the colour in the middle of each quarter of m.
func checkQuadrants(t *testing.T, m image.Image, want [4]color.RGBA, tol int) {
	t.Helper()
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	pts := [4]image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
	names := [4]string{"top left", "top right", "bottom left", "bottom right"}
	for i, p := range pts {
		if c := m.At(b.Min.X+p.X, b.Min.Y+p.Y); !near(c, want[i], tol) {
			t.Errorf("%s is %v, want about %v", names[i], c, want[i])
		}
	}
}
