package handlers_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// Layout checks that measure the page as it is drawn: words that break in the middle, buttons outside
// their card. Each runs at the phone widths given and ends at the 390 px phone.

// brokenWords finds the words in the elements matching a selector that the browser drew on more than
// one line ("Ongeleze|n").
const brokenWords = `(sel => {
	let checked = 0;
	const broken = [];
	for (const el of document.querySelectorAll(sel)) {
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n; (n = walker.nextNode());) {
			for (const m of n.data.matchAll(/\S+/g)) {
				const r = document.createRange();
				r.setStart(n, m.index);
				r.setEnd(n, m.index + m[0].length);
				checked++;
				if (new Set([...r.getClientRects()].map(q => Math.round(q.top))).size > 1) broken.push(m[0]);
			}
		}
	}
	return JSON.stringify({checked, broken});
})`

// wantWholeWords checks that no word in the elements matching sel breaks across lines.
func (b *browserTab) wantWholeWords(name, sel string, widths ...int64) {
	b.t.Helper()
	b.atWidths(widths, func(w int64) {
		var m struct {
			Checked int      `json:"checked"`
			Broken  []string `json:"broken"`
		}
		if err := json.Unmarshal([]byte(eval[string](b, brokenWords+"("+jsString(sel)+")")), &m); err != nil {
			b.t.Fatal(err)
		}
		if m.Checked == 0 {
			b.t.Fatalf("%s at %d px: no words in %s", name, w, sel)
		}
		if len(m.Broken) > 0 {
			b.t.Errorf("%s at %d px breaks words in the middle: %s", name, w, strings.Join(m.Broken, ", "))
		}
	})
}

// cramped finds the list items of a card whose text gets less than half the card's width, and the
// buttons that stick out of their card.
const cramped = `(sel => {
	const items = [...document.querySelectorAll(sel)];
	const problems = [];
	for (const li of items) {
		const card = li.closest(".card").getBoundingClientRect();
		const text = li.firstElementChild.getBoundingClientRect();
		if (text.width < card.width / 2) problems.push("the text of " + JSON.stringify(li.innerText.slice(0, 40)) + " is " + Math.round(text.width) + " px wide in a card of " + Math.round(card.width) + " px");
		for (const btn of li.querySelectorAll("button")) {
			const r = btn.getBoundingClientRect();
			if (r.left < card.left || r.right > card.right || r.top < card.top || r.bottom > card.bottom) problems.push("the button " + JSON.stringify(btn.innerText) + " sticks out of its card");
		}
	}
	return JSON.stringify({items: items.length, problems});
})`

// wantRoomyItems checks that the list items matching sel have room for their text and keep their
// buttons inside their card.
func (b *browserTab) wantRoomyItems(name, sel string, widths ...int64) {
	b.t.Helper()
	b.atWidths(widths, func(w int64) {
		var m struct {
			Items    int      `json:"items"`
			Problems []string `json:"problems"`
		}
		if err := json.Unmarshal([]byte(eval[string](b, cramped+"("+jsString(sel)+")")), &m); err != nil {
			b.t.Fatal(err)
		}
		if m.Items == 0 {
			b.t.Fatalf("%s at %d px: nothing matches %s", name, w, sel)
		}
		for _, p := range m.Problems {
			b.t.Errorf("%s at %d px: %s", name, w, p)
		}
	})
}

// atWidths runs check on the page at each phone width, then returns to the 390 px phone.
func (b *browserTab) atWidths(widths []int64, check func(w int64)) {
	b.t.Helper()
	for _, w := range widths {
		b.do(fmt.Sprintf("emulating a %d px phone", w), chromedp.EmulateViewport(w, phoneHeight, chromedp.EmulateMobile))
		b.reload()
		check(w)
	}
	b.do("back to the phone", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
}
