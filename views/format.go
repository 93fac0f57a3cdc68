package views

import (
	"html/template"
	"regexp"
	"strings"
)

var boldPattern = regexp.MustCompile(`\*\*(.+?)\*\*`)

// Format turns text written by clinic staff into simple HTML: blank lines separate paragraphs, lines
// starting with "- " form a list, "# " starts a heading and **words** are bold. Everything is escaped
// first, so no markup of the writer's own gets through.
func Format(text string) template.HTML {
	var b strings.Builder
	var list bool
	var para []string
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + strings.Join(para, "<br>") + "</p>\n")
			para = nil
		}
	}
	endList := func() {
		if list {
			b.WriteString("</ul>\n")
			list = false
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		inline := func(s string) string {
			return boldPattern.ReplaceAllString(template.HTMLEscapeString(s), "<strong>$1</strong>")
		}
		switch {
		case line == "":
			flushPara()
			endList()
		case strings.HasPrefix(line, "- "), strings.HasPrefix(line, "* "):
			flushPara()
			if !list {
				b.WriteString("<ul>\n")
				list = true
			}
			b.WriteString("<li>" + inline(strings.TrimSpace(line[2:])) + "</li>\n")
		case strings.HasPrefix(line, "# "):
			flushPara()
			endList()
			b.WriteString("<h2>" + inline(strings.TrimSpace(line[2:])) + "</h2>\n")
		default:
			endList()
			para = append(para, inline(line))
		}
	}
	flushPara()
	endList()
	return template.HTML(b.String())
}

// telHref is a phone number as a tel: link's address: its digits, and a leading + (spaces and dashes
// are for reading, not dialling).
func telHref(phone string) template.URL {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}
