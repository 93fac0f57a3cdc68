package report

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/signintech/gopdf"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// The PDF's fonts: DejaVu Sans (Bitstream Vera licence, fonts/LICENSE), which has every letter of Dutch
// ("ë", "é", "ï") and more. gopdf embeds only the letters a PDF uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	fontItalic []byte
)

// fonts parses the three fonts once: parsing them took most of a short report's PDF (a copy of the
// record makes hundreds). Each PDF takes a copy with its own set of the letters it uses.
var fonts = sync.OnceValues(func() (*gopdf.FontContainer, error) {
	fc := &gopdf.FontContainer{}
	for s, data := range [][]byte{regular: fontRegular, bold: fontBold, italic: fontItalic} {
		if err := fc.AddTTFFontData(families[s], data); err != nil {
			return nil, err
		}
	}
	return fc, nil
})

// Document is a report as its PDF shows it. The caller translates every word around the report.
type Document struct {
	Practice string
	Title    string
	// Details are the lines under the title: the patient's name and birth date, the author, the date.
	Details []string
	Body    string // Markdown
	// PageLabel is the footer of page (from 1) of pages: "Pagina 1 van 3".
	PageLabel func(page, pages int) string
	// Author and Subject fill the PDF's own properties.
	Author, Subject string
}

// The page: A4 in points, its margins and the room the footer keeps.
const (
	pageWidth  = 595.28
	pageHeight = 841.89
	margin     = 56.0
	footer     = 36.0
	bodySize   = 10.5
	indentStep = 16.0
)

type style int

const (
	regular style = iota
	bold
	italic
)

var families = [...]string{regular: "regular", bold: "bold", italic: "italic"}

// PDF writes the report as a PDF to w: the practice and the report's title and details at the top, the
// text with its headings, lists and emphasis, and page numbers at the foot of every page.
func PDF(w io.Writer, d Document) error {
	p := &writer{pdf: &gopdf.GoPdf{}}
	p.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	p.pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Author: d.Author, Subject: d.Subject, Creator: "Balie"})
	fc, err := fonts()
	if err != nil {
		return fmt.Errorf("font: %w", err)
	}
	for _, family := range families {
		if err := p.pdf.AddTTFFontFromFontContainer(family, fc); err != nil {
			return fmt.Errorf("font: %w", err)
		}
	}
	p.practice = d.Practice
	p.newPage()
	p.paragraph([]run{{text: d.Title, style: bold}}, 16, 0)
	for _, line := range d.Details {
		p.paragraph([]run{{text: line}}, 9.5, 0)
	}
	p.y += 4
	p.pdf.SetLineWidth(0.5)
	p.pdf.Line(margin, p.y, pageWidth-margin, p.y)
	p.y += 12

	src := []byte(d.Body)
	doc := md.Parser().Parse(text.NewReader(src))
	p.blocks(doc, src, 0)
	if p.err != nil {
		return p.err
	}
	pages := p.pdf.GetNumberOfPages()
	for i := 1; i <= pages; i++ {
		if err := p.pdf.SetPage(i); err != nil {
			return err
		}
		p.font(regular, 8)
		p.pdf.SetXY(margin, pageHeight-margin+footer/2)
		if err := p.pdf.Text(d.PageLabel(i, pages)); err != nil {
			return err
		}
	}
	return p.pdf.Write(w)
}

// writer lays the report out on pages, top to bottom; the first error stops it.
type writer struct {
	pdf      *gopdf.GoPdf
	practice string
	y        float64
	err      error
}

// run is a piece of text in one style.
type run struct {
	text  string
	style style
}

func (p *writer) font(s style, size float64) {
	if err := p.pdf.SetFont(families[s], "", size); err != nil && p.err == nil {
		p.err = err
	}
}

// newPage begins a page with the practice's name at its head.
func (p *writer) newPage() {
	p.pdf.AddPage()
	p.font(bold, 8)
	p.pdf.SetXY(margin, margin-24)
	if err := p.pdf.Text(p.practice); err != nil && p.err == nil {
		p.err = err
	}
	p.y = margin
}

// paragraph writes runs from the left margin plus indent, wrapped at the right margin, in size, and
// leaves a little room after them.
func (p *writer) paragraph(runs []run, size, indent float64) {
	p.line(runs, size, indent, "")
	p.y += size * 0.5
}

// line writes runs wrapped like paragraph, with a list item's marker in front of the first line.
func (p *writer) line(runs []run, size, indent float64, marker string) {
	lead := size * 1.45
	left, right := margin+indent, pageWidth-margin
	p.ensure(lead)
	if marker != "" {
		p.font(regular, size)
		p.write(left-indentStep+2, marker)
	}
	// The words of a line in one style go out as one piece of text: a PDF of pieces per word is large
	// and slow to write.
	x, style := left, regular
	var piece strings.Builder
	pieceX := left
	flush := func() {
		if piece.Len() > 0 {
			p.write(pieceX, piece.String())
			piece.Reset()
		}
		pieceX = x
	}
	newLine := func() {
		flush()
		x, pieceX = left, left
		p.y += lead
		if p.ensure(lead) {
			p.font(style, size) // the new page's head changed it
		}
	}
	for _, r := range runs {
		flush()
		style = r.style
		p.font(style, size)
		for i, word := range strings.Split(r.text, "\n") {
			if i > 0 { // a hard line break
				newLine()
			}
			for _, w := range splitWords(word) {
				width := p.width(w)
				if x+width > right && x > left {
					if strings.TrimSpace(w) == "" {
						continue // no space at the start of a line
					}
					newLine()
				}
				for width > right-left { // a word longer than the line: cut it
					cut := p.fit(w, right-left)
					piece.WriteString(w[:cut])
					w = w[cut:]
					width = p.width(w)
					newLine()
				}
				piece.WriteString(w)
				x += width
			}
		}
	}
	flush()
	p.y += lead
}

// ensure starts a new page when fewer than h points are left above the footer, and reports whether it did.
func (p *writer) ensure(h float64) bool {
	if p.y+h > pageHeight-margin-footer/2 {
		p.newPage()
		return true
	}
	return false
}

// write puts s on the current line at x (the baseline sits below p.y).
func (p *writer) write(x float64, s string) {
	p.pdf.SetXY(x, p.y)
	if err := p.pdf.Cell(nil, s); err != nil && p.err == nil {
		p.err = err
	}
}

func (p *writer) width(s string) float64 {
	w, err := p.pdf.MeasureTextWidth(s)
	if err != nil && p.err == nil {
		p.err = err
	}
	return w
}

// fit is how many bytes of s (at least one letter) fit in width.
func (p *writer) fit(s string, width float64) int {
	n := 0
	for i, r := range s {
		if i > 0 && p.width(s[:i+utf8.RuneLen(r)]) > width {
			break
		}
		n = i + utf8.RuneLen(r)
	}
	return n
}

// splitWords cuts s into words, each followed by the spaces after it, so that a line may break there.
func splitWords(s string) []string {
	var words []string
	start := 0
	for i := 1; i < len(s); i++ {
		if s[i] != ' ' && s[i-1] == ' ' {
			words = append(words, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		words = append(words, s[start:])
	}
	return words
}

// blocks writes the block children of n (the document, a list item, a quote) at indent.
func (p *writer) blocks(n ast.Node, src []byte, indent float64) {
	for c := n.FirstChild(); c != nil && p.err == nil; c = c.NextSibling() {
		p.block(c, src, indent)
	}
}

// block writes one block at indent.
func (p *writer) block(c ast.Node, src []byte, indent float64) {
	switch b := c.(type) {
	case *ast.Heading:
		size := map[int]float64{1: 15, 2: 13, 3: 11.5}[b.Level]
		if size == 0 {
			size = bodySize
		}
		p.y += size * 0.4
		p.paragraph(inlines(b, src, bold), size, indent)
	case *ast.Paragraph, *ast.TextBlock:
		p.paragraph(inlines(b, src, regular), bodySize, indent)
	case *ast.List:
		p.list(b, src, indent)
	case *ast.Blockquote:
		p.blocks(b, src, indent+indentStep)
	case *ast.ThematicBreak:
		p.ensure(12)
		p.pdf.Line(margin+indent, p.y+4, pageWidth-margin, p.y+4)
		p.y += 12
	default: // code and raw HTML: their lines as they were typed
		var lines []string
		for i := 0; i < c.Lines().Len(); i++ {
			s := c.Lines().At(i)
			lines = append(lines, strings.TrimRight(string(s.Value(src)), "\n"))
		}
		if len(lines) > 0 {
			p.paragraph([]run{{text: strings.Join(lines, "\n")}}, bodySize, indent)
		}
	}
}

// list writes a list's items, each with its bullet or number, its text indented.
func (p *writer) list(l *ast.List, src []byte, indent float64) {
	number := l.Start
	for item := l.FirstChild(); item != nil && p.err == nil; item = item.NextSibling() {
		marker := "•"
		if l.IsOrdered() {
			marker = strconv.Itoa(number) + "."
			number++
		}
		first := true
		for c := item.FirstChild(); c != nil && p.err == nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				m := ""
				if first {
					m = marker
				}
				p.line(inlines(c, src, regular), bodySize, indent+indentStep, m)
				if !l.IsTight {
					p.y += bodySize * 0.5
				}
			case *ast.List:
				p.list(c.(*ast.List), src, indent+indentStep)
			default: // a quote or code in a list item
				p.block(c, src, indent+indentStep)
			}
			first = false
		}
	}
	p.y += bodySize * 0.5
}

// inlines are the runs of n's inline children: emphasis in italic, strong emphasis in bold (base is the
// style of the block: headings are bold).
func inlines(n ast.Node, src []byte, base style) []run {
	var runs []run
	var walk func(n ast.Node, s style)
	walk = func(n ast.Node, s style) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				t := string(v.Segment.Value(src))
				switch {
				case v.HardLineBreak():
					t += "\n"
				case v.SoftLineBreak():
					t += " "
				}
				runs = append(runs, run{text: t, style: s})
			case *ast.String:
				runs = append(runs, run{text: string(v.Value), style: s})
			case *ast.Emphasis:
				e := italic
				if v.Level >= 2 || s == bold {
					e = bold
				}
				walk(v, e)
			case *ast.AutoLink:
				runs = append(runs, run{text: string(v.URL(src)), style: s})
			case *ast.RawHTML:
				for i := 0; i < v.Segments.Len(); i++ {
					seg := v.Segments.At(i)
					runs = append(runs, run{text: string(seg.Value(src)), style: s})
				}
			default: // links, code spans: their text
				walk(v, s)
			}
		}
	}
	walk(n, base)
	return runs
}
