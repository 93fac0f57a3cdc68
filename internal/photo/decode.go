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

// errHEICNative: see heicSandboxed.
var errHEICNative = errors.New("photo: HEIC decoder is not sandboxed")

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

// HEIC photos are decoded one at a time: each decode keeps both cores busy for seconds, and its memory is
// an estimate from measurements (heicBytesPerPixel) rather than a count of the decoder's allocations.
var heicSlot = make(chan struct{}, 1)

// HEICRefused reports whether this binary refuses HEIC photos because a native libheif was loaded
// (see heicSandboxed); the server says so when it starts.
func HEICRefused() bool { return !heicSandboxed() }

// decode decodes a photo whose header has been read (readHeader) and paid for
// (reserve). HEIC comes out already turned, because libheif applies the
// irot/imir boxes itself; a JPEG's EXIF orientation is still to be applied.
func decode(kind string, data []byte) (img image.Image, err error) {
	// The decoders are fed hostile input; a panic in one is a bad photo,
	// not a crashed request.
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, unreadable{fmt.Errorf("panic: %v", r)}
		}
	}()

	var decodeImage func(io.Reader) (image.Image, error)
	switch kind {
	case "jpeg":
		decodeImage = jpeg.Decode
	case "png":
		decodeImage = png.Decode
	case "heic":
		if !heicSandboxed() {
			return nil, unreadable{errHEICNative}
		}
		decodeImage = heic.Decode
	default:
		return nil, ErrNotAPhoto
	}
	img, err = decodeImage(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable{err}
	}
	if kind == "heic" {
		repairHEIC(img)
	}
	return img, nil
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
