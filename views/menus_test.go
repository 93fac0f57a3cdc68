package views

import (
	"fmt"
	"strings"
	"testing"
)

// The menu taken from the map is the one of the items asked for: another current item or number is
// another menu, and the map stops growing at menusMax.
func TestMenusAreKeptByWhatTheyShow(t *testing.T) {
	t.Parallel()
	v, page := overviewPage(t)
	menu := func(current int, badge int64) string {
		items := []MenuItem{{Href: "/overzicht", Label: "nav.overview"}, {Href: "/berichten", Label: "nav.messages", Badge: badge}}
		items[current].Current = true
		page.Menu = items
		out, err := v.Render("nl", "overview", false, page)
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		return s[strings.Index(s, `<ul class="menu">`):strings.Index(s, "</ul>")]
	}
	first := menu(0, 2)
	if again := menu(0, 2); again != first {
		t.Fatalf("the same menu twice:\n%s\n%s", first, again)
	}
	if !strings.Contains(first, `<a href="/overzicht" aria-current="page">`) || !strings.Contains(first, `<span class="badge">2<`) {
		t.Fatalf("menu %s", first)
	}
	if other := menu(1, 2); !strings.Contains(other, `<a href="/berichten" aria-current="page">`) || strings.Contains(other, `"/overzicht" aria-current`) {
		t.Fatalf("another current item: %s", other)
	}
	for n := range int64(menusMax + 10) {
		got := menu(0, n)
		if hasBadge := strings.Contains(got, fmt.Sprintf(`<span class="badge">%d<`, n)); hasBadge != (n > 0) {
			t.Fatalf("number %d: %s", n, got)
		}
	}
	kept := 0
	v.menus["nl"].cache.Range(func(any, any) bool { kept++; return true })
	if kept > menusMax {
		t.Fatalf("%d menus kept, at most %d", kept, menusMax)
	}
}
