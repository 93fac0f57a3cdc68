package photo

import (
	"bytes"
	"encoding/binary"
	"image/color"
	"testing"
)

func TestJPEGOrientation(t *testing.T) {
	jpg := encodeTestJPEG(t, quadrants(16, 16))
	le6 := exifSegment(binary.LittleEndian, 6)
	be8 := exifSegment(binary.BigEndian, 8)
	app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	xmp := append([]byte{0xFF, 0xE1, 0, 31}, "http://ns.adobe.com/xap/1.0/\x00"...)

	withLong := exifSegment(binary.LittleEndian, 0)
	binary.LittleEndian.PutUint16(withLong[4+6+10+2:], 4) // type LONG
	binary.LittleEndian.PutUint32(withLong[4+6+10+8:], 3)

	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"no exif", jpg, 1},
		{"little endian", afterSOI(jpg, le6), 6},
		{"big endian", afterSOI(jpg, be8), 8},
		{"after JFIF and XMP", afterSOI(jpg, append(append(app0, xmp...), le6...)), 6},
		{"LONG value", afterSOI(jpg, withLong), 3},
		{"out of range", afterSOI(jpg, exifSegment(binary.LittleEndian, 9)), 1},
		{"zero", afterSOI(jpg, exifSegment(binary.BigEndian, 0)), 1},
		{"exif after scan start is ignored", append(append([]byte{}, jpg...), le6...), 1},
		{"only SOI", []byte{0xFF, 0xD8}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jpegOrientation(tt.data); got != tt.want {
				t.Errorf("jpegOrientation = %d, want %d", got, tt.want)
			}
		})
	}
}

// Malformed EXIF must give orientation 1, never a panic or a read past the end.
func TestJPEGOrientationMalformed(t *testing.T) {
	good := afterSOI([]byte{0xFF, 0xD8, 0xFF, 0xD9}, exifSegment(binary.BigEndian, 6))
	tiff := 4 + 6 // offset of the TIFF header in the segment, after SOI: +2
	mutate := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"bad byte order", mutate(func(b []byte) { copy(b[2+tiff:], "XX") })},
		{"bad magic", mutate(func(b []byte) { b[2+tiff+3] = 43 })},
		{"IFD offset past end", mutate(func(b []byte) { binary.BigEndian.PutUint32(b[2+tiff+4:], 0xFFFFFFF0) })},
		{"IFD offset inside header", mutate(func(b []byte) { binary.BigEndian.PutUint32(b[2+tiff+4:], 2) })},
		{"entry count past end", mutate(func(b []byte) {
			binary.BigEndian.PutUint16(b[2+tiff+8:], 0xFFFF)
			binary.BigEndian.PutUint16(b[2+tiff+10:], 0x0110) // first entry: not Orientation
		})},
		{"segment length past end", mutate(func(b []byte) { binary.BigEndian.PutUint16(b[4:], 0xFFFF) })},
		{"segment length too small", mutate(func(b []byte) { binary.BigEndian.PutUint16(b[4:], 1) })},
		{"not a marker", mutate(func(b []byte) { b[2] = 0x00 })},
		{"wrong field type", mutate(func(b []byte) { binary.BigEndian.PutUint16(b[2+tiff+10+2:], 7) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jpegOrientation(tt.data); got != 1 {
				t.Errorf("jpegOrientation = %d, want 1", got)
			}
		})
	}
	// Every truncation of the Exif segment (the last 2 bytes are EOI).
	for n := range len(good) - 2 {
		if got := jpegOrientation(good[:n]); got != 1 {
			t.Errorf("truncated to %d bytes: jpegOrientation = %d, want 1", n, got)
		}
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(afterSOI([]byte{0xFF, 0xD8, 0xFF, 0xD9}, exifSegment(binary.LittleEndian, 6)))
	f.Add(afterSOI([]byte{0xFF, 0xD8, 0xFF, 0xD9}, exifSegment(binary.BigEndian, 3)))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Errorf("jpegOrientation = %d", o)
		}
	})
}

// Each EXIF orientation, applied by Process to a JPEG whose quarters are
// red, green / blue, yellow as stored. The expected corners are worked out
// by hand from the EXIF definitions, not from the code under test.
func TestProcessEXIFOrientation(t *testing.T) {
	const w, h = 160, 120 // stored size; 5–8 come out 120×160
	jpg := encodeTestJPEG(t, quadrants(w, h))
	R, G, B, Y := red, green, blue, yellow
	tests := []struct {
		orientation uint16
		want        [4]color.RGBA // top left, top right, bottom left, bottom right
		swapped     bool
	}{
		{1, [4]color.RGBA{R, G, B, Y}, false},
		{2, [4]color.RGBA{G, R, Y, B}, false}, // mirrored left to right
		{3, [4]color.RGBA{Y, B, G, R}, false}, // upside down
		{4, [4]color.RGBA{B, Y, R, G}, false}, // mirrored top to bottom
		{5, [4]color.RGBA{R, B, G, Y}, true},  // mirrored along the diagonal
		{6, [4]color.RGBA{B, R, Y, G}, true},  // turned a quarter clockwise
		{7, [4]color.RGBA{Y, G, B, R}, true},  // mirrored along the other diagonal
		{8, [4]color.RGBA{G, Y, R, B}, true},  // turned a quarter counter-clockwise
	}
	for _, tt := range tests {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run(bo.String()+"/"+string(rune('0'+tt.orientation)), func(t *testing.T) {
				p, err := Process(t.Context(), afterSOI(jpg, exifSegment(bo, tt.orientation)))
				if err != nil {
					t.Fatal(err)
				}
				wantW, wantH := w, h
				if tt.swapped {
					wantW, wantH = h, w
				}
				if p.Width != wantW || p.Height != wantH {
					t.Fatalf("size %d×%d, want %d×%d", p.Width, p.Height, wantW, wantH)
				}
				m := decodeTestJPEG(t, p.JPEG)
				if s := m.Bounds().Size(); s.X != wantW || s.Y != wantH {
					t.Fatalf("JPEG is %v, want %d×%d", s, wantW, wantH)
				}
				checkQuadrants(t, m, tt.want, 24)
				checkQuadrants(t, decodeTestJPEG(t, p.Thumb), tt.want, 24)
				if bytes.Contains(p.JPEG, []byte("Exif\x00\x00")) {
					t.Error("EXIF was kept")
				}
			})
		}
	}
}
