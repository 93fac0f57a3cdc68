package demo

import (
	"bytes"
	"fmt"
	"strconv"
)

// minimalPDF returns a small valid PDF 1.4 document: one A4 page with a bold heading and a few lines of
// text in the standard Helvetica fonts (no embedded font, so the file stays around 1 KB). Text is
// encoded as WinAnsi, which covers the Dutch diacritics; other characters become '?'.
func minimalPDF(title string, lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("BT\n/F2 18 Tf\n72 770 Td\n")
	writePDFString(&content, title)
	content.WriteString(" Tj\n/F1 11 Tf\n0 -30 Td\n")
	for i, l := range lines {
		if i > 0 {
			content.WriteString("0 -16 Td\n")
		}
		writePDFString(&content, l)
		content.WriteString(" Tj\n")
	}
	content.WriteString("ET\n")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " +
			"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
		"<< /Length " + strconv.Itoa(content.Len()) + " >>\nstream\n" + content.String() + "endstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
	}

	var b bytes.Buffer
	// The comment with bytes above 127 tells transfer programs that the file is binary.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	// Each cross-reference entry is exactly 20 bytes: offset, generation, type, and a two-byte end of
	// line (here space and LF).
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// writePDFString writes s as a PDF literal string in WinAnsi encoding.
func writePDFString(b *bytes.Buffer, s string) {
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r >= 0x20 && r < 0x7f:
			b.WriteByte(byte(r))
		case r >= 0xa0 && r <= 0xff: // Latin-1 and WinAnsi agree here
			fmt.Fprintf(b, "\\%03o", r)
		case r == '€':
			b.WriteString("\\200")
		case r == '‘' || r == '’':
			b.WriteByte('\'')
		default:
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
}
