package photo

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

func TestProcessLargeJPEG(t *testing.T) {
	p, err := Process(t.Context(), encodeTestJPEG(t, quadrants(4000, 3000)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 2048 || p.Height != 1536 || p.Source != "jpeg" {
		t.Errorf("got %d×%d from %q, want 2048×1536 from jpeg", p.Width, p.Height, p.Source)
	}
	m := decodeTestJPEG(t, p.JPEG)
	if m.Bounds().Dx() != p.Width || m.Bounds().Dy() != p.Height {
		t.Errorf("JPEG is %v, Photo says %d×%d", m.Bounds().Size(), p.Width, p.Height)
	}
	checkQuadrants(t, m, [4]color.RGBA{red, green, blue, yellow}, 16)

	th := decodeTestJPEG(t, p.Thumb)
	if p.ThumbWidth != 320 || p.ThumbHeight != 240 || th.Bounds().Dx() != 320 || th.Bounds().Dy() != 240 {
		t.Errorf("thumb %d×%d (JPEG %v), want 320×240", p.ThumbWidth, p.ThumbHeight, th.Bounds().Size())
	}
	checkQuadrants(t, th, [4]color.RGBA{red, green, blue, yellow}, 16)
}

func TestProcessPortraitKeepsAspect(t *testing.T) {
	p, err := Process(t.Context(), encodeTestPNG(t, quadrants(1000, 3000)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 683 || p.Height != 2048 || p.ThumbWidth != 107 || p.ThumbHeight != 320 {
		t.Errorf("got %d×%d, thumb %d×%d; want 683×2048, thumb 107×320", p.Width, p.Height, p.ThumbWidth, p.ThumbHeight)
	}
}

func TestProcessSmallPNGNotUpscaled(t *testing.T) {
	p, err := Process(t.Context(), encodeTestPNG(t, quadrants(500, 250)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 500 || p.Height != 250 || p.Source != "png" {
		t.Errorf("got %d×%d from %q, want 500×250 from png", p.Width, p.Height, p.Source)
	}
	if s := decodeTestJPEG(t, p.JPEG).Bounds().Size(); s != image.Pt(500, 250) {
		t.Errorf("JPEG is %v", s)
	}
	if p.ThumbWidth != 320 || p.ThumbHeight != 160 {
		t.Errorf("thumb %d×%d, want 320×160", p.ThumbWidth, p.ThumbHeight)
	}

	// Smaller than a thumbnail: neither is scaled up.
	p, err = Process(t.Context(), encodeTestPNG(t, quadrants(40, 30)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 40 || p.Height != 30 || p.ThumbWidth != 40 || p.ThumbHeight != 30 {
		t.Errorf("got %d×%d, thumb %d×%d; want 40×30 for both", p.Width, p.Height, p.ThumbWidth, p.ThumbHeight)
	}
}

func TestProcessPNGAlphaOnWhite(t *testing.T) {
	// Left half fully transparent (its colour black, so a naive conversion
	// would show black), right half opaque red, a half-transparent stripe
	// of blue at the bottom of the right half.
	m := image.NewNRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 100; x < 200; x++ {
			c := color.NRGBA{220, 30, 30, 255}
			if y >= 75 {
				c = color.NRGBA{0, 0, 255, 128}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	p, err := Process(t.Context(), encodeTestPNG(t, m))
	if err != nil {
		t.Fatal(err)
	}
	out := decodeTestJPEG(t, p.JPEG)
	for _, c := range []struct {
		x, y int
		want color.RGBA
	}{
		{50, 50, color.RGBA{255, 255, 255, 255}},
		{150, 35, red},
		{150, 90, color.RGBA{127, 127, 255, 255}}, // half blue over white
	} {
		if got := out.At(c.x, c.y); !near(got, c.want, 12) {
			t.Errorf("at (%d,%d): %v, want about %v", c.x, c.y, got, c.want)
		}
	}
	if got := decodeTestJPEG(t, p.Thumb).At(20, 20); !near(got, color.RGBA{255, 255, 255, 255}, 12) {
		t.Errorf("thumb transparent part is %v, want white", got)
	}
}

func TestProcessRejects(t *testing.T) {
	jpg := encodeTestJPEG(t, quadrants(64, 64))
	pngData := encodeTestPNG(t, quadrants(64, 64))
	badCRC := bytes.Clone(pngData)
	badCRC[8+4+4+13] ^= 0xFF // IHDR's CRC

	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	random[0] = 0 // no accidental magic

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotAPhoto},
		{"random bytes", random, ErrNotAPhoto},
		{"pdf", []byte("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"), ErrNotAPhoto},
		{"over 5 MB", append(bytes.Clone(jpg), make([]byte, MaxBytes+1-len(jpg))...), ErrTooLarge},
		{"over 5 MB of garbage", make([]byte, MaxBytes+1), ErrTooLarge},
		{"exactly 5 MB of garbage", make([]byte, MaxBytes), ErrNotAPhoto},
		{"jpeg magic then garbage", append([]byte{0xFF, 0xD8, 0xFF}, random...), ErrUnreadable},
		{"truncated jpeg", jpg[:len(jpg)/2], ErrUnreadable},
		{"jpeg header only", jpg[:200], ErrUnreadable},
		{"truncated png", pngData[:len(pngData)-30], ErrUnreadable},
		{"png with bad crc", badCRC, ErrUnreadable},
		{"heic brand then garbage", append(ftyp("heic", "mif1"), random...), ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(t.Context(), tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Process = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.want.Error() {
				t.Errorf("error text %q leaks more than %q", err, tt.want)
			}
			if p.JPEG != nil || p.Thumb != nil {
				t.Error("got a photo with the error")
			}
		})
	}
}

// pngClaiming is a PNG whose IHDR claims w×h pixels of the given bit depth
// and colour type, followed by a tiny valid IDAT of one row: a decoder that
// trusts the header allocates the whole canvas before it finds out the data
// is missing.
func pngClaiming(w, h uint32, depth, colourType byte) []byte {
	chunk := func(typ string, body []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
		c = append(c, typ...)
		c = append(c, body...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colourType, 0, 0, 0) // no interlace
	channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colourType]
	var idat bytes.Buffer
	z := zlib.NewWriter(&idat)
	z.Write(make([]byte, 1+(int(w)*channels*int(depth)+7)/8)) // one row
	z.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	if colourType == 3 {
		out = append(out, chunk("PLTE", []byte{0, 0, 0})...)
	}
	out = append(out, chunk("IDAT", idat.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}

// The defect of issue 8: a few hundred bytes of PNG claiming 7000×7000 16-bit
// RGBA pixels (49 MP, under any pixel cap) would decode into 392 MB.
func TestProcessDecompressionBomb(t *testing.T) {
	bomb := pngClaiming(7000, 7000, 16, 6)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Process(t.Context(), bomb)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("Process = %v, want ErrTooManyPixels", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
		t.Errorf("allocated %d MB for a refused image", n>>20)
	}
	if n := MaxMegapixels(err); n < 40 || n >= 49 {
		t.Errorf("refused saying at most %d megapixels, want a number between 40 and 48 for 8 bytes a pixel", n)
	}

	// The same canvas at 8-bit grey takes 49 MB and is accepted as far as
	// size goes (and then fails for the missing rows, which is what this PNG is).
	if _, err := Process(t.Context(), pngClaiming(7000, 7000, 8, 0)); !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("Process = %v, want ErrUnreadable for the missing rows, not the pixel limit", err)
	}
}

// Photos being processed hold their cost out of the budget; one that does
// not fit waits until another is done, or until its request ends.
func TestProcessWaitsForMemory(t *testing.T) {
	data := encodeTestPNG(t, quadrants(32, 32))
	if !budget.TryAcquire(maxPhotoBytes) { // a large photo is being processed
		t.Fatal("the budget is in use")
	}
	released := false
	release := func() {
		if !released {
			budget.Release(maxPhotoBytes)
			released = true
		}
	}
	t.Cleanup(release) // should the test stop early, the budget is free for the next one

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Process(ctx, data); !errors.Is(err, context.Canceled) {
		t.Fatalf("Process = %v after its request ended, want context.Canceled", err)
	}

	done := make(chan error)
	go func() {
		_, err := Process(t.Context(), data)
		done <- err
	}()
	select {
	case <-done:
		t.Fatal("Process ran while the memory was taken")
	case <-time.After(100 * time.Millisecond):
	}
	release() // the large one finishes
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !budget.TryAcquire(maxPhotoBytes) {
		t.Fatal("Process did not give its memory back")
	}
	budget.Release(maxPhotoBytes)
}

func TestFit(t *testing.T) {
	tests := []struct{ w, h, edge, ww, wh int }{
		{4032, 3024, 2048, 2048, 1536},
		{3024, 4032, 2048, 1536, 2048},
		{2048, 2048, 2048, 2048, 2048},
		{2049, 10, 2048, 2048, 10},
		{100000, 1, 320, 320, 1},
		{10, 10, 320, 10, 10},
	}
	for _, tt := range tests {
		if w, h := fit(tt.w, tt.h, tt.edge); w != tt.ww || h != tt.wh {
			t.Errorf("fit(%d, %d, %d) = %d, %d; want %d, %d", tt.w, tt.h, tt.edge, w, h, tt.ww, tt.wh)
		}
	}
}
