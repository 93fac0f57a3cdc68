package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"

	"runtime"
	"testing"
)

// pngOf encodes m, with a tRNS chunk spliced in before the image data when transparent is set.
func pngOf(t *testing.T, m image.Image, transparent bool) []byte {
	t.Helper()
	data := encodeTestPNG(t, m)
	if !transparent {
		return data
	}
	i := bytes.Index(data, []byte("IDAT")) - 4
	trns := []byte{0, 0, 0, 2, 't', 'R', 'N', 'S', 0, 0}
	trns = binary.BigEndian.AppendUint32(trns, crc32.ChecksumIEEE(trns[4:]))
	return append(append(bytes.Clone(data[:i]), trns...), data[i:]...)
}

// The cost read from the header covers what the decoder really allocates, for each decoded format. Not
// parallel: it counts the process's allocations.
func TestDecodeBytesCoverTheDecoder(t *testing.T) {
	const w, h = 600, 400
	gray16 := image.NewGray16(image.Rect(0, 0, w, h))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, w, h))
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, w, h))
	paletted := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	tests := []struct {
		name string
		kind string
		data []byte
	}{
		{"png grey", "png", pngOf(t, image.NewGray(image.Rect(0, 0, w, h)), false)},
		{"png grey with tRNS", "png", pngOf(t, image.NewGray(image.Rect(0, 0, w, h)), true)},
		{"png grey 16-bit", "png", pngOf(t, gray16, false)},
		{"png grey 16-bit with tRNS", "png", pngOf(t, gray16, true)},
		{"png rgb", "png", pngOf(t, quadrants(w, h), false)},
		{"png rgba", "png", pngOf(t, image.NewNRGBA(image.Rect(0, 0, w, h)), false)},
		{"png rgb 16-bit", "png", pngOf(t, rgba64, false)},
		{"png rgba 16-bit", "png", pngOf(t, nrgba64, false)},
		{"png paletted", "png", pngOf(t, paletted, false)},
		{"jpeg 4:2:0", "jpeg", encodeTestJPEG(t, quadrants(w, h))},
		{"jpeg grey", "jpeg", encodeTestJPEG(t, image.NewGray(image.Rect(0, 0, w, h)))},
		{"jpeg progressive 4:4:4", "jpeg", readFixture(t, "progressive-444.jpg")},
		{"jpeg rgb", "jpeg", readFixture(t, "rgb.jpg")},
	}
	for _, tt := range tests {
		hdr, err := readHeader(tt.kind, tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		img, err := decode(tt.kind, tt.data)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		used := int64(after.TotalAlloc - before.TotalAlloc)
		// Above the decoder's small fixed allocations (tables, buffers), the estimate must cover it and
		// not be more than a quarter above.
		if used > hdr.decodeBytes+64<<10 || hdr.decodeBytes > used+used/4+64<<10 {
			t.Errorf("%s (%T): decoding allocated %d bytes, the header said %d", tt.name, img, used, hdr.decodeBytes)
		}
	}
}

// Process as a whole stays within the cost it reserved, for the formats that Go's scalers handle
// without per-pixel garbage, turned or not. Not parallel: it counts the process's allocations.
func TestProcessStaysWithinItsCost(t *testing.T) {
	jpg := encodeTestJPEG(t, photoLike(3000, 2000))
	turned := afterSOI(jpg, exifSegment(binary.BigEndian, 6))
	for _, data := range [][]byte{jpg, turned, encodeTestPNG(t, photoLike(2500, 1500))} {
		kind, _ := Sniff(data)
		hdr, err := readHeader(kind, data)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err = Process(t.Context(), data)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if used := int64(after.TotalAlloc - before.TotalAlloc); used > hdr.cost() {
			t.Errorf("%s, orientation %d: Process allocated %d bytes, more than the %d it reserved", kind, hdr.orientation, used, hdr.cost())
		}
	}
}

func TestProcessRefusesPixelBombs(t *testing.T) {
	t.Parallel()
	jpegBomb := jpegClaiming(t, 65000, 65000)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"png 7000×7000 16-bit RGBA", pngClaiming(7000, 7000, 16, 6)},
		{"png 20000×20000 grey", pngClaiming(20000, 20000, 8, 0)},
		{"jpeg 65000×65000", jpegBomb},
		{"heic 20000×20000", heicClaiming(t, 20000, 20000)},
		{"heic 2^32-1 square", heicClaiming(t, 1<<32-1, 1<<32-1)},
	} {
		_, err := Process(t.Context(), tt.data)
		if !errors.Is(err, ErrTooManyPixels) || err.Error() != ErrTooManyPixels.Error() {
			t.Errorf("%s: Process = %v, want ErrTooManyPixels and nothing more", tt.name, err)
		}
		if n := MaxMegapixels(err); n < 1 {
			t.Errorf("%s: limit %d megapixels", tt.name, n)
		}
	}
}

// jpegClaiming is a small real JPEG whose frame header claims width×height pixels.
func jpegClaiming(tb testing.TB, width, height uint16) []byte {
	tb.Helper()
	data := encodeTestJPEG(tb, quadrants(64, 48))
	sof := bytes.Index(data, []byte{0xFF, 0xC0})
	if sof < 0 {
		tb.Fatal("no frame header")
	}
	binary.BigEndian.PutUint16(data[sof+5:], height) // marker, length, precision, then height and width
	binary.BigEndian.PutUint16(data[sof+7:], width)
	return data
}
