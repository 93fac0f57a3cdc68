package views

import (
	"testing"
	"time"

	"balie/internal/clock"
)

func TestFormat(t *testing.T) {
	in := "# Uw rechten\nU mag **altijd** stoppen.\nEcht.\n\n- een\n- <script>alert(1)</script>\n\nKlaar & af"
	want := "<h2>Uw rechten</h2>\n<p>U mag <strong>altijd</strong> stoppen.<br>Echt.</p>\n<ul>\n<li>een</li>\n<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>\n<p>Klaar &amp; af</p>\n"
	if got := string(Format(in)); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// A date shows its year when it is not in the current year in Amsterdam, by the app's clock, in both
// languages; the new year starts at midnight there, not in UTC.
func TestDayTimeShowsTheYearOutsideTheCurrentOne(t *testing.T) {
	t.Parallel()
	// 1 January 2026, 00:30 in Amsterdam, still 2025 in UTC.
	now := clock.NewFixed(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC))
	v := testViews(t, now, true)
	last := time.Date(2025, 12, 19, 13, 30, 0, 0, time.UTC) // vrijdag 19 december 2025, 14:30
	this := time.Date(2026, 3, 2, 13, 30, 0, 0, time.UTC)   // maandag 2 maart 2026, 14:30
	next := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)     // maandag 4 januari 2027, 09:00
	for _, c := range []struct {
		lang string
		at   time.Time
		want string
	}{
		{"nl", last, "vrijdag 19 december 2025, 14:30"},
		{"nl", this, "maandag 2 maart, 14:30"},
		{"nl", next, "maandag 4 januari 2027, 09:00"},
		{"en", last, "Friday 19 December 2025, 14:30"},
		{"en", this, "Monday 2 March, 14:30"},
	} {
		if got := v.Translator(c.lang).DayTime(c.at); got != c.want {
			t.Errorf("%s: DayTime(%s) = %q, want %q", c.lang, c.at, got, c.want)
		}
	}
	// A year later by the clock, this year's date is last year's.
	now.Set(time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC))
	if got, want := v.Translator("nl").DayTime(this), "maandag 2 maart 2026, 14:30"; got != want {
		t.Errorf("a year later: %q, want %q", got, want)
	}
}

func TestTelHref(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"033 760 1234": "tel:0337601234", "+31 33-760 1234": "tel:+31337601234", " 112 ": "tel:112"} {
		if got := string(telHref(in)); got != want {
			t.Errorf("telHref(%q) = %q, want %q", in, got, want)
		}
	}
}
