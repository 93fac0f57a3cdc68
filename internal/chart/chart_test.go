package chart

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The chart is well-formed XML with its accessible name and one mark per value.
func TestChartIsValidSVG(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	c := Chart{ID: "trend-1", Title: "HbA1c <mmol/mol>", Desc: "6 waarden & een te hoge",
		Low: 20, High: 42, HasLow: true, HasHigh: true,
		Number: func(v float64) string { return fmt.Sprint(v) },
		Day:    func(t time.Time) string { return t.Format("2-1-2006") }}
	for i, v := range []float64{48, 51, 46, 44, 41, 43} {
		c.Points = append(c.Points, Point{At: start.AddDate(0, 4*i, 0), Value: v, Flag: flagOf(v)})
	}
	svg := c.SVG()
	var doc struct {
		XMLName xml.Name
		Role    string `xml:"role,attr"`
		Title   string `xml:"title"`
		Desc    string `xml:"desc"`
		Circles []struct {
			Class string `xml:"class,attr"`
		} `xml:"circle"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Title != c.Title || doc.Desc != c.Desc {
		t.Errorf("svg %q role %q title %q desc %q", doc.XMLName.Local, doc.Role, doc.Title, doc.Desc)
	}
	if len(doc.Circles) != 6 {
		t.Errorf("%d points, want 6", len(doc.Circles))
	}
	if strings.Contains(svg, "style=") {
		t.Errorf("a style attribute, which the CSP refuses: %s", svg)
	}
	one := Chart{ID: "t", Points: c.Points[:1], Number: c.Number, Day: c.Day}.SVG()
	if err := xml.Unmarshal([]byte(one), new(any)); err != nil || !strings.Contains(one, "<circle") {
		t.Errorf("a chart of one value: %v %s", err, one)
	}
}

// flagOf is the interpretation of a value against the range 20–42.
func flagOf(v float64) string {
	switch {
	case v > 42:
		return "H"
	case v < 20:
		return "L"
	}
	return "N"
}
