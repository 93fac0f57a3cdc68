package photo

import (
	"context"
	"errors"
	"image/color"
	"os"
	"sync"
	"testing"

	"github.com/gen2brain/heic"
)

// The fixtures are made by testdata/mkheic.go with heif-enc.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestProcessHEIC(t *testing.T) {
	for _, name := range []string{
		"quadrants.heic",
		// Stored turned a quarter left (480×640) with an irot box that turns
		// it back: libheif applies irot while decoding, so it must come out
		// upright without any help from Process.
		"quadrants-irot.heic",
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Process(t.Context(), readFixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != 640 || p.Height != 480 || p.Source != "heic" {
				t.Errorf("got %d×%d from %q, want 640×480 from heic", p.Width, p.Height, p.Source)
			}
			if p.ThumbWidth != 320 || p.ThumbHeight != 240 {
				t.Errorf("thumb %d×%d, want 320×240", p.ThumbWidth, p.ThumbHeight)
			}
			want := [4]color.RGBA{red, green, blue, yellow}
			checkQuadrants(t, decodeTestJPEG(t, p.JPEG), want, 24)
			checkQuadrants(t, decodeTestJPEG(t, p.Thumb), want, 24)
		})
	}
}

func TestProcessHEICCorrupt(t *testing.T) {
	data := readFixture(t, "quadrants.heic")
	for _, n := range []int{40, len(data) / 2, len(data) - 100} {
		if _, err := Process(t.Context(), data[:n]); !errors.Is(err, ErrUnreadable) {
			t.Errorf("truncated to %d bytes: Process = %v, want ErrUnreadable", n, err)
		}
	}
}

// Each HEIC decode instantiates its own WASM module; two at once must not
// get in each other's way.
func TestProcessHEICConcurrent(t *testing.T) {
	data := readFixture(t, "quadrants-irot.heic")
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range cap(errs) {
		wg.Go(func() {
			p, err := Process(t.Context(), data)
			if err == nil && (p.Width != 640 || p.Height != 480) {
				err = errors.New("wrong size")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// Untrusted HEIC must be decoded by libheif compiled to WASM, never by a
// native libheif loaded from the system.
func TestHEICSandboxed(t *testing.T) {
	if heic.Dynamic() == nil || !heicSandboxed() {
		t.Fatal("gen2brain/heic loaded a system libheif; build with -tags nodynamic")
	}
}

// The decoder's own bookkeeping lands on the first bytes of the pixels
// (see repairHEIC); the top-left corner must still be the picture's.
func TestHEICTopLeftCorner(t *testing.T) {
	img, err := decode("heic", readFixture(t, "quadrants.heic"))
	if err != nil {
		t.Fatal(err)
	}
	for x := 0; x < 32; x++ {
		if c := img.At(x, 0); !near(c, red, 24) {
			t.Errorf("pixel (%d,0) is %v, want about %v", x, c, red)
		}
	}
}

func TestPatchTop(t *testing.T) {
	// A 10×4 plane: the 24 damaged bytes span rows 0–2, so all three are
	// redrawn from row 3.
	pix := make([]byte, 40)
	for i := range pix {
		pix[i] = 0xEE
	}
	for x := 0; x < 10; x++ {
		pix[30+x] = byte(x)
	}
	patchTop(pix, 10, 4)
	for i := 0; i < 24; i++ {
		if pix[i] != byte(i%10) {
			t.Fatalf("byte %d is %d, want %d", i, pix[i], i%10)
		}
	}
	if pix[24] != 0xEE {
		t.Error("patched past the damage")
	}
	patchTop(pix[:20], 10, 2) // too small to have an untouched row: left alone
}

// A HEIC waiting for its turn gives up when its request ends. Not parallel: it holds the turn.
func TestProcessHEICWaitEndsWithTheRequest(t *testing.T) {
	heicSlot <- struct{}{} // another HEIC is being decoded
	defer func() { <-heicSlot }()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Process(ctx, readFixture(t, "quadrants.heic")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Process = %v, want context.Canceled", err)
	}
}
