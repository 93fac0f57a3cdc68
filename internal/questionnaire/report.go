package questionnaire

import (
	"fmt"
	"strings"
	"time"
)

// Words are the texts a report of answers needs besides the definition's own, in its language: the
// caller translates them (the web layer from its locale files, the demo in Dutch).
type Words struct {
	Lang       string
	Yes, No    string
	Unanswered string
	Score      func(score string) string // the score's line, "Score: 12"
	Number     func(float64) string      // a score as the language writes it
	Day        func(time.Time) string    // a date answer
}

// Report writes submitted answers as a report's text (Markdown, as the dossier shows it and its PDF
// prints it): the score first where the patient may see it (score), then each section that applies as a
// heading and each question that applies in bold with its answer under it. Every text of the patient's
// is escaped: an answer cannot become a heading, a link or a list.
func Report(d *Definition, a Answers, result Result, score bool, w Words) string {
	var b strings.Builder
	if score && result.Total.Computed {
		line := w.Score(w.Number(result.Total.Value))
		if result.Total.Band != nil {
			line += " (" + result.Total.Band.Label.In(w.Lang) + ")"
		}
		fmt.Fprintf(&b, "**%s**\n\n", markdownEscape(line))
	}
	for _, section := range d.Item {
		if !Enabled(d, a, section.LinkID) {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n", markdownEscape(section.Text.In(w.Lang)))
		for _, it := range section.Item {
			if Enabled(d, a, it.LinkID) {
				fmt.Fprintf(&b, "**%s**  \n%s\n\n", markdownEscape(it.Text.In(w.Lang)), answerText(it, a.Values(it.LinkID), w))
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// answerText is a question's answer in words.
func answerText(it *Item, values []string, w Words) string {
	if len(values) == 0 {
		return "*" + w.Unanswered + "*"
	}
	words := make([]string, 0, len(values))
	for _, v := range values {
		switch it.Type {
		case TypeChoice:
			if o, ok := it.Option(v); ok {
				v = o.Display.In(w.Lang)
			}
		case TypeBoolean:
			v = map[bool]string{true: w.Yes, false: w.No}[v == "true"]
		case TypeDate:
			if day, err := time.Parse(time.DateOnly, v); err == nil {
				v = w.Day(day)
			}
		}
		words = append(words, v)
	}
	text := markdownEscape(strings.Join(words, ", "))
	// Each line of a long answer stays a line.
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "  \n")
}

// markdownEscape makes text plain text in Markdown: every punctuation mark Markdown reads is escaped.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~", r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
