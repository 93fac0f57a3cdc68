package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/sync/semaphore"
)

// A few KB of PNG, JPEG or HEIC can claim a canvas that takes gigabytes once decoded, so the header is read
// first and the memory the whole conversion will take is worked out from what the decoder will really allocate
// (pixels × bytes per pixel of the decoded format, plus the copies made while turning, scaling and
// re-encoding). Nothing is decoded when that is over maxPhotoBytes.

// maxPhotoBytes bounds the memory one photo may take while it is processed, and also all the photos being
// processed at once together (budget). It is enough for a 48 MP phone photo as JPEG (about 120 MB), a 48 MP
// PNG (about 240 MB) and a HEIC of up to 18 MP, whose decoder needs far more (a 12 MP one about 285 MB, see
// heicBytesPerPixel), but not for a bomb: a 372 KB PNG claiming 7000×7000 16-bit RGBA pixels would take
// 440 MB. With the runtime's default memory limit of 512 MiB (-memory-limit) this leaves room for the rest of
// the server.
const maxPhotoBytes = 384 << 20

// budget: each photo holds its cost out of maxPhotoBytes while it is decoded and converted, so that a burst
// of uploads waits instead of exhausting a small server, and many small photos can be processed at once
// where one large one has it to itself.
var budget = semaphore.NewWeighted(maxPhotoBytes)

// ErrTooManyPixels: processing the photo would take more memory than any photo may (maxPhotoBytes). The
// error carries the limit for a photo like this one; see MaxMegapixels.
var ErrTooManyPixels = errors.New("photo: too many pixels to process")

type tooManyPixels struct{ maxMegapixels int }

func (e tooManyPixels) Error() string { return ErrTooManyPixels.Error() }
func (e tooManyPixels) Unwrap() error { return ErrTooManyPixels }

// MaxMegapixels is, for an ErrTooManyPixels, how many megapixels a photo of the same kind and format may
// have (for the message to the patient); 0 for any other error.
func MaxMegapixels(err error) int {
	var e tooManyPixels
	if errors.As(err, &e) {
		return e.maxMegapixels
	}
	return 0
}

// header is what the header of a photo says about its decode, before any pixel is decoded.
type header struct {
	width, height int
	orientation   int   // EXIF orientation still to apply (JPEG), else 1
	decodeBytes   int64 // what the decoder allocates for it
	// perPixel and fixedBytes tell how decodeBytes grows with the photo's size, to tell the patient how
	// many megapixels fit: perPixel bytes for each pixel plus fixedBytes.
	perPixel   float64
	fixedBytes int64
}

// cost is the memory the whole conversion takes: the decode, and everything after it while the decoded
// image is still held.
func (h header) cost() int64 {
	return h.decodeBytes + pipelineBytes(h.width, h.height, h.orientation)
}

// check refuses a photo whose conversion would take more than maxPhotoBytes, naming the number of
// megapixels a photo of its format may have.
func (h header) check() error {
	if h.cost() <= maxPhotoBytes {
		return nil
	}
	room := maxPhotoBytes - pipelineBytes(h.width, h.height, h.orientation) - h.fixedBytes
	return tooManyPixels{int(float64(room) / h.perPixel / 1e6)}
}

// readHeader reads the size and format of a photo from its header and works out its cost.
func readHeader(kind string, data []byte) (h header, err error) {
	// The header parsers are fed hostile input too.
	defer func() {
		if r := recover(); r != nil {
			h, err = header{}, unreadable{fmt.Errorf("panic: %v", r)}
		}
	}()
	switch kind {
	case "jpeg":
		h, err = readJPEGHeader(data)
	case "png":
		h, err = readPNGHeader(data)
	case "heic":
		h, err = readHEICHeader(data)
	default:
		return header{}, ErrNotAPhoto
	}
	if err != nil {
		return header{}, unreadable{err}
	}
	if h.width <= 0 || h.height <= 0 {
		return header{}, unreadable{errors.New("photo: no pixels")}
	}
	return h, h.check()
}

// reserve waits until the photo's cost fits in the budget, or ctx ends; release gives it back.
func reserve(ctx context.Context, h header) (release func(), err error) {
	n := h.cost()
	if err := budget.Acquire(ctx, n); err != nil {
		return nil, err
	}
	return func() { budget.Release(n) }, nil
}

// pixelBytes is w×h×perPixel.
func pixelBytes(w, h int, perPixel float64) int64 {
	return clampBytes(float64(w) * float64(h) * perPixel)
}

// clampBytes turns a number of bytes into an int64, an absurd one (from a header claiming 2^32 pixels a
// side) into one that is merely far too large.
func clampBytes(n float64) int64 {
	return int64(min(n, 1<<62))
}

// pipelineBytes is what Process allocates after the decode for a w×h photo: flatten's RGBA copy at most
// MaxEdge on a side, orient's turned copy, the JPEG encoder's growing buffer, the thumbnail scaler's float64
// scratch image (dw × sh, see scale.go) and the thumbnail itself, and a little for tables and state.
func pipelineBytes(w, h, orientation int) int64 {
	pw, ph := fit(w, h, MaxEdge)
	turned := orientation >= 2 && orientation <= 8
	if orientation >= 5 {
		pw, ph = ph, pw
	}
	tw, th := fit(pw, ph, ThumbEdge)
	pic, thumb := int64(pw)*int64(ph), int64(tw)*int64(th)
	n := 4*pic + 2*pic + 32*int64(tw)*int64(ph) + 6*thumb + 1<<20
	if turned {
		n += 4 * pic
	}
	return n
}

// readPNGHeader reads a PNG's IHDR. The decoded format follows from the colour type and bit depth; a tRNS chunk
// turns grey and RGB into NRGBA, and an interlaced PNG decodes each of its seven passes into an image of its
// own before merging them (together as large as the whole image once more).
func readPNGHeader(data []byte) (header, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return header{}, err
	}
	// DecodeConfig has checked that IHDR comes first: width, height, depth, colour type, compression,
	// filter, interlace from byte 16 on.
	depth, colourType, interlaced := data[24], data[25], data[28] == 1
	transparent := pngHasTRNS(data)
	var perPixel float64
	switch {
	case colourType == 3: // paletted
		perPixel = 1
	case colourType == 0 && !transparent: // grey
		perPixel = float64((depth + 7) / 8) // Gray or Gray16
	case depth == 16: // NRGBA64 or RGBA64
		perPixel = 8
	default: // RGBA or NRGBA
		perPixel = 4
	}
	if interlaced {
		perPixel *= 2
	}
	// Two rows of raw data (this one and the one before) at up to 8 bytes a pixel.
	n := pixelBytes(cfg.Width, cfg.Height, perPixel) + 2*(8*int64(cfg.Width)+1)
	return header{width: cfg.Width, height: cfg.Height, orientation: 1, decodeBytes: n, perPixel: perPixel}, nil
}

// pngHasTRNS reports whether a tRNS chunk comes before the image data.
func pngHasTRNS(data []byte) bool {
	for i := len(pngMagic); i+8 <= len(data); {
		n := int64(binary.BigEndian.Uint32(data[i:]))
		switch string(data[i+4 : i+8]) {
		case "tRNS":
			return true
		case "IDAT":
			return false
		}
		next := int64(i) + 12 + n // length, type, data, CRC
		if next > int64(len(data)) {
			return false
		}
		i = int(next)
	}
	return false
}

// readJPEGHeader reads a JPEG's frame header. Go's decoder allocates each component's plane padded to whole
// MCUs, a progressive JPEG also keeps every coefficient of every block (64 int32s a block, four times the
// plane), and an RGB or four-component JPEG is converted into a 4-byte-per-pixel image at the end.
func readJPEGHeader(data []byte) (header, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return header{}, err
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	f, ok := jpegFrameHeader(data)
	if !ok || len(f.sampling) == 0 {
		// The decoder skips junk this walk does not: assume the worst frame, progressive with every
		// component at full resolution padded to the largest MCU (32 pixels).
		comps := map[color.Model]int64{color.GrayModel: 1, color.CMYKModel: 4}[cfg.ColorModel]
		if comps == 0 {
			comps = 3
		}
		plane := (w + 32) * (h + 32)
		return jpegHeaderResult(cfg, comps*plane*5+4*w*h, data), nil
	}
	h0, v0 := int64(f.sampling[0][0]), int64(f.sampling[0][1])
	if len(f.sampling) == 1 {
		h0, v0 = 1, 1 // a single component is never subsampled (see image/jpeg's processSOF)
	}
	mxx, myy := (w+8*h0-1)/(8*h0), (h+8*v0-1)/(8*v0)
	var blocks int64
	for _, s := range f.sampling {
		if len(f.sampling) == 1 {
			s = [2]int{1, 1}
		}
		blocks += mxx * myy * int64(s[0]) * int64(s[1])
	}
	n := 64 * blocks
	if f.progressive {
		n += 4 * 64 * blocks
	}
	if len(f.sampling) == 4 || cfg.ColorModel == color.RGBAModel {
		n += 4 * w * h
	}
	return jpegHeaderResult(cfg, n, data), nil
}

func jpegHeaderResult(cfg image.Config, decodeBytes int64, data []byte) header {
	return header{width: cfg.Width, height: cfg.Height, orientation: jpegOrientation(data), decodeBytes: decodeBytes,
		perPixel: float64(decodeBytes) / float64(cfg.Width) / float64(cfg.Height)}
}

// jpegFrame is what a JPEG's frame header says: progressive or not, and each component's horizontal and
// vertical sampling factors.
type jpegFrame struct {
	progressive bool
	sampling    [][2]int
}

// jpegFrameHeader finds the frame header of the kinds image/jpeg decodes (SOF0 baseline, SOF1 extended,
// SOF2 progressive).
func jpegFrameHeader(data []byte) (f jpegFrame, ok bool) {
	eachJPEGSegment(data, func(marker byte, seg []byte) bool {
		if marker < 0xC0 || marker > 0xC2 {
			return true
		}
		// precision(1) height(2) width(2) components(1), then id(1) sampling(1) table(1) for each
		if len(seg) < 6 || len(seg) < 6+3*int(seg[5]) {
			return false
		}
		f.progressive = marker == 0xC2
		for i := range int(seg[5]) {
			hv := seg[6+3*i+1]
			f.sampling = append(f.sampling, [2]int{int(hv >> 4), int(hv & 15)})
		}
		ok = true
		return false
	})
	return f, ok
}
