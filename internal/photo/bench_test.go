package photo

import (
	"errors"
	"image"
	"math/rand/v2"
	"testing"
)

// photoLike is a stand-in for a camera photo: smooth gradients with fine
// grain, so the JPEG coder has detail to work on.
func photoLike(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := int(rng.Uint32()%24) - 12
			i := m.PixOffset(x, y)
			m.Pix[i+0] = clamp8(x*255/w + n)
			m.Pix[i+1] = clamp8(y*255/h + n)
			m.Pix[i+2] = clamp8((x+y)*255/(w+h) + n)
			m.Pix[i+3] = 255
		}
	}
	return m
}

func clamp8(v int) uint8 {
	return uint8(min(max(v, 0), 255))
}

func BenchmarkProcessJPEG12MP(b *testing.B) {
	data := encodeTestJPEG(b, photoLike(4032, 3024))
	if len(data) > MaxBytes {
		b.Fatalf("test photo is %d bytes, over MaxBytes", len(data))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(b.Context(), data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProcessHEIC(b *testing.B) {
	data := readFixture(b, "quadrants.heic")
	if _, err := Process(b.Context(), data); err != nil { // compile the WASM module outside the timing
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(b.Context(), data); err != nil {
			b.Fatal(err)
		}
	}
}

// A bomb is refused from its header: no decoding, a few hundred KB of allocation at most.
func BenchmarkRefuseBomb(b *testing.B) {
	jpegBomb := jpegClaiming(b, 65000, 65000)
	for _, bb := range []struct {
		name string
		data []byte
	}{
		{"PNG7000x7000x16bit", pngClaiming(7000, 7000, 16, 6)},
		{"JPEG65000x65000", jpegBomb},
		{"HEIC20000x20000", heicClaiming(b, 20000, 20000)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Process(b.Context(), bb.data); !errors.Is(err, ErrTooManyPixels) {
					b.Fatal(err)
				}
			}
		})
	}
}
