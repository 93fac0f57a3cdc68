// Package photo checks and normalises the photos patients attach to an
// e-consult from their phone: JPEG, PNG or HEIC in, a JPEG of bounded size
// and a thumbnail out.
//
// Everything but the pixels is dropped on purpose: the stored JPEG carries
// no EXIF, XMP or ICC data, so no GPS location, device serial or timestamp
// of a patient's photo is kept or passed on to the practice.
package photo

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
)

const (
	MaxBytes  = 5 << 20 // at most 5 MB per uploaded file
	MaxEdge   = 2048    // the stored photo's longest side, in pixels
	ThumbEdge = 320     // the thumbnail's longest side, in pixels
)

// The caller maps these to translated messages for the patient.
var (
	ErrTooLarge   = errors.New("photo: file is larger than 5 MB")
	ErrNotAPhoto  = errors.New("photo: not a JPEG, PNG or HEIC photo")
	ErrUnreadable = errors.New("photo: photo cannot be read")
)

// Photo is one processed upload.
type Photo struct {
	JPEG                    []byte // the photo as JPEG, longest side at most MaxEdge
	Width, Height           int
	Thumb                   []byte // JPEG thumbnail, longest side at most ThumbEdge
	ThumbWidth, ThumbHeight int
	Source                  string // "jpeg", "png" or "heic": what was sent
}

const jpegQuality = 85

// A decoded 12 MP JPEG takes about 48 MB and a 12 MP HEIC about 360 MB
// (libheif in WASM has its own heap; see heicSlot), so only this many are
// processed at once; a burst of uploads then waits instead of exhausting a
// small server.
var slots = make(chan struct{}, 2)

// Process checks, decodes, orients, scales and re-encodes one uploaded photo.
// It returns ErrTooLarge, ErrNotAPhoto or an error that is ErrUnreadable.
func Process(data []byte) (Photo, error) {
	if len(data) > MaxBytes {
		return Photo{}, ErrTooLarge
	}
	kind, err := Sniff(data)
	if err != nil {
		return Photo{}, err
	}

	// A HEIC waits for its own turn before taking a slot, so that a queue of HEICs never holds a slot
	// a JPEG could use meanwhile.
	if kind == "heic" {
		heicSlot <- struct{}{}
		defer func() { <-heicSlot }()
	}
	slots <- struct{}{}
	defer func() { <-slots }()

	img, orientation, err := decode(kind, data)
	if err != nil {
		return Photo{}, err
	}

	// Scaling first and turning the smaller result gives the same pixels as
	// the other way round, for a fraction of the work on a 12 MP photo.
	b := img.Bounds()
	w, h := fit(b.Dx(), b.Dy(), MaxEdge)
	pic := orient(flatten(img, w, h, photoScaler), orientation)
	w, h = pic.Rect.Dx(), pic.Rect.Dy()
	tw, th := fit(w, h, ThumbEdge)
	thumb := flatten(pic, tw, th, thumbScaler)

	p := Photo{Width: w, Height: h, ThumbWidth: tw, ThumbHeight: th, Source: kind}
	if p.JPEG, err = encodeJPEG(pic); err != nil {
		return Photo{}, unreadable{err}
	}
	if p.Thumb, err = encodeJPEG(thumb); err != nil {
		return Photo{}, unreadable{err}
	}
	return p, nil
}

func encodeJPEG(m image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
