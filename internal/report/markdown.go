// Package report turns a report's text (simple formatting: Markdown) into what the patient reads: HTML
// for the page, and a PDF with the practice's and the patient's details (pdf.go).
package report

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// md parses and renders the practice's Markdown. Raw HTML stays off: goldmark would drop it, which
// would silently lose what a practitioner typed ("<b>"), so rawText shows it as text instead.
var md = goldmark.New(goldmark.WithRendererOptions(
	renderer.WithNodeRenderers(util.Prioritized(rawText{}, 100)),
))

// HTML renders the report's text for the page. No HTML of the text's own reaches the page: a tag in it
// shows as the characters typed.
func HTML(body string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(body), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: goldmark escapes text, rawText escapes raw HTML
}

// rawText renders raw HTML, inline and as a block, escaped: as the text it is.
type rawText struct{}

func (rawText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawInline)
	reg.Register(ast.KindHTMLBlock, renderRawBlock)
}

func renderRawInline(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		template.HTMLEscape(w, s.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

func renderRawBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	_, _ = w.WriteString("<p>")
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		template.HTMLEscape(w, s.Value(source))
	}
	if b.HasClosure() {
		template.HTMLEscape(w, b.ClosureLine.Value(source))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
