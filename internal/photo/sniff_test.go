package photo

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

// ftyp builds an ISO-BMFF ftyp box with a major and compatible brands,
// followed by a few bytes of something else.
func ftyp(major string, compatible ...string) []byte {
	b := make([]byte, 16, 16+4*len(compatible)+8)
	copy(b[4:], "ftyp")
	copy(b[8:], major)
	for _, c := range compatible {
		b = append(b, c...)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return append(b, 0, 0, 0, 8, 'f', 'r', 'e', 'e')
}

func TestSniff(t *testing.T) {
	heicFixture, err := os.ReadFile("testdata/quadrants.heic")
	if err != nil {
		t.Fatal(err)
	}
	small := quadrants(8, 8)
	tests := []struct {
		name string
		data []byte
		want string // "" for ErrNotAPhoto
	}{
		{"jpeg", encodeTestJPEG(t, small), "jpeg"},
		{"jpeg magic only", []byte{0xFF, 0xD8, 0xFF}, "jpeg"},
		{"png", encodeTestPNG(t, small), "png"},
		{"heic fixture", heicFixture, "heic"},
		{"iphone brands", ftyp("heic", "mif1", "heic"), "heic"},
		{"heic as compatible brand", ftyp("mif1", "heic"), "heic"},
		{"heix", ftyp("heix", "mif1"), "heic"},
		{"hevc sequence", ftyp("msf1", "hevc"), "heic"},
		{"generic heif only", ftyp("mif1", "miaf"), "heic"},
		{"avif", ftyp("avif", "avif", "mif1", "miaf", "MA1B"), ""},
		{"avif sequence", ftyp("avis", "avis", "msf1", "iso8"), ""},
		{"avif major, mif1 only", ftyp("avif", "mif1"), ""},
		{"mp4", ftyp("isom", "isom", "iso2", "avc1", "mp41"), ""},
		{"quicktime", ftyp("qt  ", "qt  "), ""},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), ""},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), ""},
		{"text", []byte("hello doctor, see attached"), ""},
		{"html", []byte("<!doctype html><img src=x onerror=alert(1)>"), ""},
		{"empty", nil, ""},
		{"jpeg truncated", []byte{0xFF, 0xD8}, ""},
		{"png truncated", []byte("\x89PNG\r\n\x1a"), ""},
		{"png lookalike", []byte("\x89PNG\r\n\x1a\x00"), ""},
		{"ftyp truncated", ftyp("heic")[:12], ""},
		{"ftyp size too small", append([]byte{0, 0, 0, 8}, ftyp("heic")[4:]...), ""},
		{"ftyp at wrong offset", append([]byte{0}, ftyp("heic", "mif1")...), ""},
		// A brand in the bytes after the ftyp box does not count.
		{"brand past the box", append(ftyp("isom"), "heic"...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff(tt.data)
			if tt.want == "" {
				if !errors.Is(err, ErrNotAPhoto) || got != "" {
					t.Errorf("Sniff = %q, %v; want ErrNotAPhoto", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Sniff = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
