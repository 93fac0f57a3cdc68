package filetype

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"testing"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func cfbWith(names ...string) []byte {
	data := append([]byte{}, cfbMagic...)
	data = append(data, make([]byte, 504)...)
	for _, n := range names {
		data = append(data, utf16le(n)...)
	}
	return data
}

func TestDetect(t *testing.T) {
	heic, err := os.ReadFile("../photo/testdata/quadrants.heic")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want Type
		err  error
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), PDF, nil},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, JPEG, nil},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG, nil},
		{"heic", heic, HEIC, nil},
		{"docx", zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), DOCX, nil},
		{"xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"), XLSX, nil},
		{"docm", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), Type{}, ErrMacros},
		{"xlsm", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"), Type{}, ErrMacros},
		{"plain zip", zipOf(t, "foto.jpg", "brief.txt"), Type{}, ErrNotAllowed},
		{"zip without content types", zipOf(t, "word/document.xml"), Type{}, ErrNotAllowed},
		{"broken zip", []byte("PK\x03\x04 not really"), Type{}, ErrNotAllowed},
		{"doc", cfbWith("Root Entry", "WordDocument", "1Table"), DOC, nil},
		{"xls", cfbWith("Root Entry", "Workbook"), XLS, nil},
		{"doc with macros", cfbWith("Root Entry", "WordDocument", "Macros", "_VBA_PROJECT"), Type{}, ErrMacros},
		{"other compound file", cfbWith("Root Entry", "PowerPoint Document"), Type{}, ErrNotAllowed},
		{"exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), Type{}, ErrNotAllowed},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), Type{}, ErrNotAllowed},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>`), Type{}, ErrNotAllowed},
		{"empty", nil, Type{}, ErrNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Detect(c.data)
			if !errors.Is(err, c.err) || got != c.want {
				t.Fatalf("Detect = %v, %v; want %v, %v", got, err, c.want, c.err)
			}
		})
	}
}
