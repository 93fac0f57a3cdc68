// Package filetype decides what an uploaded document is from its content alone, against the allow-list
// of design.md §5: PDF, images, Word and Excel. The file name and the browser's content type are never
// trusted; the stored file gets the content type and extension decided here.
package filetype

import (
	"archive/zip"
	"bytes"
	"errors"

	"balie/internal/photo"
)

// Type is an allowed kind of document.
type Type struct {
	Name        string // "pdf", "jpeg", "png", "heic", "docx", "xlsx", "doc", "xls"
	ContentType string
	Ext         string // with the dot
}

var (
	// ErrNotAllowed: the content is none of the allowed kinds.
	ErrNotAllowed = errors.New("filetype: not an allowed kind of document")
	// ErrMacros: a Word or Excel file that carries macros, which nobody at a clinic should have to open.
	ErrMacros = errors.New("filetype: office document with macros")
)

var (
	PDF  = Type{"pdf", "application/pdf", ".pdf"}
	JPEG = Type{"jpeg", "image/jpeg", ".jpg"}
	PNG  = Type{"png", "image/png", ".png"}
	HEIC = Type{"heic", "image/heic", ".heic"}
	DOCX = Type{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"}
	XLSX = Type{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"}
	DOC  = Type{"doc", "application/msword", ".doc"}
	XLS  = Type{"xls", "application/vnd.ms-excel", ".xls"}
)

var (
	pdfMagic = []byte("%PDF-")
	zipMagic = []byte("PK\x03\x04")
	// Compound File Binary: the container of Word 97–2003 and Excel 97–2003 files.
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Detect tells which allowed kind data is.
func Detect(data []byte) (Type, error) {
	switch {
	case bytes.HasPrefix(data, pdfMagic):
		return PDF, nil
	case bytes.HasPrefix(data, zipMagic):
		return officeOpenXML(data)
	case bytes.HasPrefix(data, cfbMagic):
		return compoundFile(data)
	}
	switch kind, err := photo.Sniff(data); {
	case err != nil:
		return Type{}, ErrNotAllowed
	case kind == "jpeg":
		return JPEG, nil
	case kind == "png":
		return PNG, nil
	default:
		return HEIC, nil
	}
}

// officeOpenXML tells a .docx from a .xlsx by the parts the zip holds; any other zip is refused, and so
// is one with a VBA project (macros).
func officeOpenXML(data []byte) (Type, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Type{}, ErrNotAllowed
	}
	found := Type{}
	var contentTypes bool
	for _, f := range z.File {
		switch f.Name {
		case "[Content_Types].xml":
			contentTypes = true
		case "word/document.xml":
			found = DOCX
		case "xl/workbook.xml":
			found = XLSX
		case "word/vbaProject.bin", "xl/vbaProject.bin":
			return Type{}, ErrMacros
		}
	}
	if !contentTypes || found.Name == "" {
		return Type{}, ErrNotAllowed
	}
	return found, nil
}

// compoundFile tells a Word 97–2003 file from an Excel one by the name of its main stream, as the
// directory stores it (UTF-16LE); one with a macros storage is refused.
func compoundFile(data []byte) (Type, error) {
	has := func(name string) bool { return bytes.Contains(data, utf16le(name)) }
	switch {
	case has("_VBA_PROJECT") || has("Macros"):
		return Type{}, ErrMacros
	case has("WordDocument"):
		return DOC, nil
	case has("Workbook") || has("Book"):
		return XLS, nil
	}
	return Type{}, ErrNotAllowed
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// Ext is the extension of an allowed content type, "" for any other.
func Ext(contentType string) string {
	for _, t := range []Type{PDF, JPEG, PNG, HEIC, DOCX, XLSX, DOC, XLS} {
		if t.ContentType == contentType {
			return t.Ext
		}
	}
	return ""
}
