package photo

import (
	"encoding/binary"
	"image"
)

// Phone cameras store pixels as the sensor saw them and put the way to turn
// them in the EXIF Orientation tag. Re-encoding drops EXIF, so the turn has
// to be applied to the pixels or the photo shows up sideways.

// jpegOrientation returns the EXIF Orientation (1–8) of a JPEG, or 1 when
// there is none or it cannot be read.
func jpegOrientation(data []byte) int {
	o := 1
	eachJPEGSegment(data, func(marker byte, seg []byte) bool {
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if v := tiffOrientation(seg[6:]); v != 0 {
				o = v
				return false
			}
		}
		return true
	})
	return o
}

// eachJPEGSegment calls f with each marker segment's marker and body, from
// the start up to the scan data, until f returns false. The input is
// untrusted: every offset is bounds-checked and nothing here may panic.
func eachJPEGSegment(data []byte, f func(marker byte, seg []byte) bool) {
	i := 2 // past SOI
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // scan data or end: headers come before
			return
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return
		}
		if !f(marker, data[i+4:i+2+n]) {
			return
		}
		i += 2 + n
	}
}

// tiffOrientation finds tag 0x0112 in IFD0 of a TIFF structure (the body of
// an Exif segment), or returns 0.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	// uint64 keeps the offset arithmetic from overflowing on 32-bit ints.
	ifd := uint64(bo.Uint32(t[4:]))
	size := uint64(len(t))
	if ifd < 8 || ifd+2 > size {
		return 0
	}
	count := uint64(bo.Uint16(t[ifd:]))
	for k := uint64(0); k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > size {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v uint32
		switch bo.Uint16(t[e+2:]) { // field type; the value sits inline
		case 3: // SHORT, as the standard says
			v = uint32(bo.Uint16(t[e+8:]))
		case 4: // LONG, written by some broken tools
			v = bo.Uint32(t[e+8:])
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 0
	}
	return 0
}

// orient returns m turned and/or flipped as EXIF orientation o asks.
// Orientations 5–8 swap width and height.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirror horizontally
				dx, dy = w-1-x, y
			case 3: // rotate 180°
				dx, dy = w-1-x, h-1-y
			case 4: // mirror vertically
				dx, dy = x, h-1-y
			case 5: // mirror along the main diagonal
				dx, dy = y, x
			case 6: // rotate 90° clockwise
				dx, dy = h-1-y, x
			case 7: // mirror along the other diagonal
				dx, dy = h-1-y, w-1-x
			case 8: // rotate 90° counter-clockwise
				dx, dy = y, w-1-x
			}
			d := dy*out.Stride + 4*dx
			copy(out.Pix[d:d+4], row[4*x:4*x+4])
		}
	}
	return out
}
