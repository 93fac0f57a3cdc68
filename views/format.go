package views

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"
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

// DayHeading formats the day of an instant, in the clinic's zone, as a list's heading: "maandag 3 maart",
// with the year ("maandag 4 januari 2027") when it is not the current year there.
func (tr *Translator) DayHeading(t time.Time) string {
	t = t.In(Zone)
	key := "date.weekday_day"
	if t.Year() != tr.clock.Now().In(Zone).Year() {
		key = "date.weekday_day_year"
	}
	return tr.T(key, "Weekday", tr.weekday(t), "Day", t.Day(), "Month", tr.month(t), "Year", t.Year())
}

// Duration formats the time between two instants in minutes: "45 minuten".
func (tr *Translator) Duration(from, to time.Time) string {
	return tr.T("date.minutes", "Count", int(to.Sub(from).Minutes()))
}

// WeekRange formats the days of a week from its first to its last (both in the clinic's zone):
// "2 – 8 maart 2026", "30 maart – 5 april 2026", "29 december 2025 – 4 januari 2026".
func (tr *Translator) WeekRange(first, last time.Time) string {
	first, last = first.In(Zone), last.In(Zone)
	from := tr.T("date.long", "Day", first.Day(), "Month", tr.month(first), "Year", first.Year())
	switch {
	case first.Year() != last.Year():
	case first.Month() != last.Month():
		from = tr.T("date.day_month", "Day", first.Day(), "Month", tr.month(first))
	default:
		from = strconv.Itoa(first.Day())
	}
	to := tr.T("date.long", "Day", last.Day(), "Month", tr.month(last), "Year", last.Year())
	return tr.T("date.range", "From", from, "To", to)
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
