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
	"context"
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

// Process checks, decodes, orients, scales and re-encodes one uploaded photo.
// It returns ErrTooLarge, ErrNotAPhoto, an error that is ErrTooManyPixels or
// ErrUnreadable, or ctx's error when ctx ends while the photo waits for memory
// (see budget).
func Process(ctx context.Context, data []byte) (Photo, error) {
	if len(data) > MaxBytes {
		return Photo{}, ErrTooLarge
	}
	kind, err := Sniff(data)
	if err != nil {
		return Photo{}, err
	}
	hdr, err := readHeader(kind, data)
	if err != nil {
		return Photo{}, err
	}

	// A HEIC waits for its own turn before reserving memory, so that a queue of HEICs never holds memory
	// other photos could use meanwhile.
	if kind == "heic" {
		select {
		case heicSlot <- struct{}{}:
			defer func() { <-heicSlot }()
		case <-ctx.Done():
			return Photo{}, ctx.Err()
		}
	}
	release, err := reserve(ctx, hdr)
	if err != nil {
		return Photo{}, err
	}
	defer release()

	img, err := decode(kind, data)
	if err != nil {
		return Photo{}, err
	}

	// Scaling first and turning the smaller result gives the same pixels as
	// the other way round, for a fraction of the work on a 12 MP photo.
	b := img.Bounds()
	w, h := fit(b.Dx(), b.Dy(), MaxEdge)
	pic := orient(flatten(img, w, h, photoScaler), hdr.orientation)
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
