package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/gen2brain/heic"
)

// maxPixels refuses decompression bombs: a few KB of PNG or HEIC can claim
// a huge canvas, so the header is read first and nothing is allocated for
// images above it. 50 MP is well beyond any phone camera's default mode.
const maxPixels = 50_000_000

// errHEICNative: see heicSandboxed.
var errHEICNative = errors.New("photo: HEIC decoder is not sandboxed")

// errTooManyPixels: the header claims more than maxPixels (the cause inside ErrUnreadable).
var errTooManyPixels = errors.New("photo: too many pixels")

// unreadable wraps a decoder's error as ErrUnreadable. Its text is only
// ErrUnreadable's, so no decoder internals reach a patient; the cause stays
// reachable with errors.As/Is for logs and debugging.
type unreadable struct{ cause error }

func (e unreadable) Error() string   { return ErrUnreadable.Error() }
func (e unreadable) Unwrap() []error { return []error{ErrUnreadable, e.cause} }

// Cause is why a photo was unreadable, for the server's log (never for the patient); err itself otherwise.
func Cause(err error) error {
	var u unreadable
	if errors.As(err, &u) {
		return u.cause
	}
	return err
}

// heicSandboxed reports whether HEIC decoding runs libheif as WASM inside
// wazero. Untrusted uploads must never reach a native libheif.
//
// heic v0.4.5 has no ForceWasmMode switch: its init dlopens a system
// libheif.so through purego when the binary is dynamically linked and the
// library is installed, and then decodes natively. When that has happened
// HEIC is refused rather than decoded outside the sandbox. Building with
// -tags nodynamic leaves the purego path out of the binary altogether.
//
// The first HEIC decode compiles the WASM module, about a second.
func heicSandboxed() bool {
	return heic.Dynamic() != nil
}

// Each HEIC decode runs in a WASM instance of its own that grows to about 360 MB for a 12 MP photo
// (measured), so HEIC photos are decoded one at a time, within Process's slots.
var heicSlot = make(chan struct{}, 1)

// HEICRefused reports whether this binary refuses HEIC photos because a native libheif was loaded
// (see heicSandboxed); the server says so when it starts.
func HEICRefused() bool { return !heicSandboxed() }

// decode checks the size in the header, then decodes. For JPEG it also
// returns the EXIF orientation still to apply; HEIC comes out already turned,
// because libheif applies the irot/imir boxes itself.
func decode(kind string, data []byte) (img image.Image, orientation int, err error) {
	// The decoders are fed hostile input; a panic in one is a bad photo,
	// not a crashed request.
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, unreadable{fmt.Errorf("panic: %v", r)}
		}
	}()

	var decodeConfig func(io.Reader) (image.Config, error)
	var decodeImage func(io.Reader) (image.Image, error)
	orientation = 1
	switch kind {
	case "jpeg":
		decodeConfig, decodeImage = jpeg.DecodeConfig, jpeg.Decode
		orientation = jpegOrientation(data)
	case "png":
		decodeConfig, decodeImage = png.DecodeConfig, png.Decode
	case "heic":
		if !heicSandboxed() {
			return nil, 0, unreadable{errHEICNative}
		}
		decodeConfig, decodeImage = heic.DecodeConfig, heic.Decode
	default:
		return nil, 0, ErrNotAPhoto
	}

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, unreadable{err}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, 0, unreadable{fmt.Errorf("%w: %d×%d", errTooManyPixels, cfg.Width, cfg.Height)}
	}
	img, err = decodeImage(bytes.NewReader(data))
	if err != nil {
		return nil, 0, unreadable{err}
	}
	if kind == "heic" {
		repairHEIC(img)
	}
	return img, orientation, nil
}

// heic v0.4.5 hands back pixels that still live in the WASM module's memory
// and frees that buffer before returning, so the allocator writes its free
// list links over the first 24 bytes: a streak of wrong pixels at the top
// left. Those bytes are redrawn from the nearest untouched row, which cannot
// be told apart in a photo.
const heicClobbered = 24

func repairHEIC(img image.Image) {
	switch m := img.(type) {
	case *image.YCbCr:
		patchTop(m.Y, m.YStride, m.Rect.Dy())
	case *image.Gray:
		patchTop(m.Pix, m.Stride, m.Rect.Dy())
	case *image.RGBA:
		patchTop(m.Pix, m.Stride, m.Rect.Dy())
	case *image.NRGBA:
		patchTop(m.Pix, m.Stride, m.Rect.Dy())
	}
}

func patchTop(pix []byte, stride, rows int) {
	if stride <= 0 {
		return
	}
	src := (heicClobbered + stride - 1) / stride // first row past the damage
	if src >= rows || len(pix) < src*stride+stride {
		return
	}
	for i := 0; i < heicClobbered; i++ {
		pix[i] = pix[src*stride+i%stride]
	}
}
