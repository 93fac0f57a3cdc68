package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"strings"
	"time"
)

// The trend of one test as a small SVG line chart, written here rather than with a charting library:
// the page inlines it under a Content-Security-Policy without 'unsafe-inline', so every colour and line
// must come from classes in static/app.css (no style attributes), and it must carry role="img", a title
// and a description for screen readers. The libraries looked at (go-analyze/charts, go-echarts) write
// styles into the SVG or need a script; this is a hundred lines and no dependency. The table beside the
// chart (views/uitslagen_test.html) holds the same values for everyone.

// Point is one value of the trend.
type Point struct {
	At    time.Time
	Value float64
	Flag  string // the interpretation: 'H', 'L', 'N' or ''
}

// Chart is what the trend shows.
type Chart struct {
	ID          string // unique in the page: the title's and description's ids derive from it
	Title, Desc string
	Points      []Point // oldest first
	// The reference range as a band (either end may be missing).
	Low, High       float64
	HasLow, HasHigh bool
	// Number and Day write an axis label as the reader's language does.
	Number func(float64) string
	Day    func(time.Time) string
}

// The drawing's size in user units; it scales to the page's width.
const (
	chartW, chartH            = 320.0, 180.0
	padLeft, padRight, padTop = 44.0, 12.0, 10.0
	padBottom                 = 26.0
	plotW, plotH              = chartW - padLeft - padRight, chartH - padTop - padBottom
	chartTicks                = 4
)

// SVG writes the chart. It needs at least one point.
func (c Chart) SVG() string {
	if len(c.Points) == 0 {
		return ""
	}
	lo, hi := c.Points[0].Value, c.Points[0].Value
	for _, p := range c.Points {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if c.HasLow {
		lo = math.Min(lo, c.Low)
	}
	if c.HasHigh {
		hi = math.Max(hi, c.High)
	}
	step := niceStep((hi - lo) / chartTicks)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	first, last := c.Points[0].At, c.Points[len(c.Points)-1].At
	span := last.Sub(first).Seconds()
	x := func(t time.Time) float64 {
		if span == 0 {
			return padLeft + plotW/2
		}
		return padLeft + plotW*t.Sub(first).Seconds()/span
	}
	y := func(v float64) float64 { return padTop + plotH*(hi-v)/(hi-lo) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 %g %g" role="img" aria-labelledby="%s-title %s-desc">`,
		chartW, chartH, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	if c.HasLow || c.HasHigh {
		top, bottom := hi, lo
		if c.HasHigh {
			top = c.High
		}
		if c.HasLow {
			bottom = c.Low
		}
		fmt.Fprintf(&b, `<rect class="trend-band" x="%s" y="%s" width="%s" height="%s"/>`,
			num(padLeft), num(y(top)), num(plotW), num(y(bottom)-y(top)))
	}
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<line class="trend-grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(padLeft), num(y(v)), num(padLeft+plotW), num(y(v)))
		fmt.Fprintf(&b, `<text class="trend-label" x="%s" y="%s" text-anchor="end">%s</text>`, num(padLeft-4), num(y(v)+4), esc(c.Number(v)))
	}
	fmt.Fprintf(&b, `<text class="trend-label" x="%s" y="%s" text-anchor="start">%s</text>`, num(padLeft), num(chartH-6), esc(c.Day(first)))
	if span > 0 {
		fmt.Fprintf(&b, `<text class="trend-label" x="%s" y="%s" text-anchor="end">%s</text>`, num(padLeft+plotW), num(chartH-6), esc(c.Day(last)))
	}
	if len(c.Points) > 1 {
		b.WriteString(`<polyline class="trend-line" points="`)
		for i, p := range c.Points {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(num(x(p.At)) + "," + num(y(p.Value)))
		}
		b.WriteString(`"/>`)
	}
	for _, p := range c.Points {
		class := "trend-point"
		if p.Flag == "H" || p.Flag == "L" {
			class += " trend-point-out" // a larger, hollow mark: out of range is not told by colour alone
		}
		fmt.Fprintf(&b, `<circle class="%s" cx="%s" cy="%s" r="%s"/>`, class, num(x(p.At)), num(y(p.Value)), pointRadius(p.Flag))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func pointRadius(flag string) string {
	if flag == "H" || flag == "L" {
		return "5"
	}
	return "3"
}

// niceStep rounds a raw tick distance up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func num(f float64) string { return fmt.Sprintf("%.1f", f) }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
