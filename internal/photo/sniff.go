package photo

import (
	"bytes"
	"encoding/binary"
)

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// Sniff tells the kind of the content ("jpeg", "png" or "heic") from its
// magic bytes only, or returns ErrNotAPhoto. File names and the client's
// content type are never trusted.
func Sniff(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		return "jpeg", nil
	case bytes.HasPrefix(data, pngMagic):
		return "png", nil
	case isHEIF(data):
		return "heic", nil
	}
	return "", ErrNotAPhoto
}

// isHEIF looks for an ISO-BMFF ftyp box at the start whose brands say
// HEVC-coded HEIF. AVIF uses the same container (and also lists mif1), so
// the codec brands decide: any HEVC brand wins, any AV1 brand without one
// rejects, and the generic HEIF brands alone are given a try.
func isHEIF(data []byte) bool {
	// size(4) "ftyp" major(4) minor_version(4) compatible brands(4 each)
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return false
	}
	size := int64(binary.BigEndian.Uint32(data))
	if size < 16 {
		return false // too small, or a 64-bit/to-EOF size no real ftyp uses
	}
	end := int64(len(data))
	if size < end {
		end = size
	}

	var hevc, av1, generic bool
	check := func(brand string) {
		switch brand {
		case "heic", "heix", "hevc", "hevx", "heim", "heis":
			hevc = true
		case "avif", "avis":
			av1 = true
		case "mif1", "msf1":
			generic = true
		}
	}
	check(string(data[8:12]))
	for i := int64(16); i+4 <= end; i += 4 {
		check(string(data[i : i+4]))
	}
	return hevc || (generic && !av1)
}
