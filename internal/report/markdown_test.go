package report

import (
	"strings"
	"testing"
)

// The practice's formatting becomes HTML; HTML typed into the text stays text.
func TestHTMLFormatsMarkdownAndShowsRawHTMLAsText(t *testing.T) {
	t.Parallel()
	got, err := HTML("## Plan\n\n- *rust*\n- **bewegen**\n\n<div onclick=\"x()\">blok</div>\n\nZin met <b>vet</b> & meer.")
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{"<h2>Plan</h2>", "<li><em>rust</em></li>", "<strong>bewegen</strong>",
		"&lt;div onclick=&#34;x()&#34;&gt;blok&lt;/div&gt;", "&lt;b&gt;vet&lt;/b&gt; &amp; meer."} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "<div") || strings.Contains(s, "<b>") {
		t.Errorf("raw HTML reached the output: %s", s)
	}
}
