package views

import "testing"

func TestFormat(t *testing.T) {
	in := "# Uw rechten\nU mag **altijd** stoppen.\nEcht.\n\n- een\n- <script>alert(1)</script>\n\nKlaar & af"
	want := "<h2>Uw rechten</h2>\n<p>U mag <strong>altijd</strong> stoppen.<br>Echt.</p>\n<ul>\n<li>een</li>\n<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>\n<p>Klaar &amp; af</p>\n"
	if got := string(Format(in)); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
