package handlers_test

// Browser tests (design.md §9): what only a browser shows, on Debian's Chromium at a phone viewport.
// They drive the whole app, with its real clock, its strict CSP and its script, and run axe-core on the
// pages they visit. BALIE_SHOTS=dir also saves screenshots there, to look at by eye.

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeSource is axe-core 4.14.1 (MPL-2.0, the licence header is in the file), vendored so that the tests
// need no network.
//
//go:embed testdata/axe.min.js
var axeSource string

const (
	phoneWidth  = 390
	phoneHeight = 844
)

// How long a browser test waits for something before it fails. A wait ends as soon as what it waits
// for is there, so these limits cost nothing when things go well; they are generous because a loaded
// 2-core machine (CI, the other tests, a build beside them) can be ten times slower than an idle one.
const (
	waitLimit = 60 * time.Second // a page, an htmx swap, an answer of the server, a script
	slowLimit = 2 * waitLimit    // a HEIC photo decoded on the server (~3 s on an idle machine), axe-core on a page
)

// browserMissing is what a run without Chromium says; .ci/run installs it.
const browserMissing = "Chromium not found: install Debian's chromium to run the browser tests"

// findChromium is Debian's Chromium, or a chromium on PATH.
func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserSlots is how many browser tests drive the shared Chromium at once, whatever -parallel allows:
// each tab takes much of a core while pages load and axe-core runs, and the app it talks to shares the
// cores with the other tests. Four at a time on a 2-core machine: one of them is mostly the
// session-warning test, which spends two minutes waiting for real-time limits with an idle page.
var browserSlots = make(chan struct{}, max(4, runtime.GOMAXPROCS(0)/2+2))

// tabsOpen counts the tabs each test (by its name) has open. A slot is a test's, not a tab's: a test's
// second tab (two people, two devices) rides on the slot its first took, so that tests each waiting for a
// second slot cannot hold each other up for ever.
var tabsOpen = struct {
	sync.Mutex
	of map[string]int
}{of: map[string]int{}}

// takeBrowserSlot waits for a free browser slot, unless the test has one, and gives it back when the
// test's last tab has gone.
func takeBrowserSlot(t *testing.T) {
	tabsOpen.Lock()
	first := tabsOpen.of[t.Name()] == 0
	tabsOpen.of[t.Name()]++
	tabsOpen.Unlock()
	if first {
		browserSlots <- struct{}{}
	}
	t.Cleanup(func() {
		tabsOpen.Lock()
		tabsOpen.of[t.Name()]--
		last := tabsOpen.of[t.Name()] == 0
		tabsOpen.Unlock()
		if last {
			<-browserSlots
		}
	})
}

// browserTab is one headless Chromium with one tab, showing the test app.
type browserTab struct {
	t   *testing.T
	app *testApp
	ctx context.Context

	mu      sync.Mutex
	console []string // CSP violations and uncaught exceptions the pages reported

	width, height int64 // the emulated window (setViewport)
	mobile        bool
}

// sharedBrowser is the one headless Chromium of the test binary: starting one costs about two seconds
// of a core, fifty times over. Every tab gets a browser context of its own in it (its own cookies,
// storage and cache, like a separate profile), so tests see nothing of each other.
var sharedBrowser struct {
	once sync.Once
	ctx  context.Context // the browser's: tabs' contexts derive from it
	err  error
	stop func()
}

// startSharedBrowser starts the shared Chromium once. It stops before the test binary's deadline, so
// that a hanging page fails its test, with a message, instead of the whole run; TestMain stops it at
// the end (stopSharedBrowser).
func startSharedBrowser(t *testing.T, path string) (context.Context, error) {
	sharedBrowser.once.Do(func() {
		ctx, cancelTimeout := context.WithCancel(context.Background())
		if deadline, ok := t.Deadline(); ok {
			ctx, cancelTimeout = context.WithDeadline(context.Background(), deadline.Add(-waitLimit/2))
		}
		profile, err := os.MkdirTemp("", "balie-chromium-")
		if err != nil {
			cancelTimeout()
			sharedBrowser.err = err
			return
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
			chromedp.ExecPath(path),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// Many tabs at once, each a test's: none may be slowed down as a tab in the background.
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
			// Nothing the tests do not look at: no extensions, no browser UI (the address bar's popups are
			// pages of their own, two per window), no site isolation (one app per test, all on 127.0.0.1),
			// no crash reports or phishing checks.
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-component-extensions-with-background-pages", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-features", "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI,Translate,MediaRouter,OptimizationHints,site-per-process,IsolateOrigins"),
			chromedp.Flag("disable-site-isolation-trials", true),
			chromedp.Flag("disable-breakpad", true),
			chromedp.Flag("disable-hang-monitor", true),
			chromedp.Flag("disable-client-side-phishing-detection", true),
			chromedp.Flag("mute-audio", true),
			chromedp.UserDataDir(profile),
		)
		browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
		sharedBrowser.ctx = browserCtx
		sharedBrowser.stop = func() {
			cancelBrowser() // the browser is gone before its profile directory is removed
			cancelAlloc()
			cancelTimeout()
			_ = os.RemoveAll(profile)
		}
		sharedBrowser.err = chromedp.Do(browserCtx) // starts it, with a first blank tab
	})
	return sharedBrowser.ctx, sharedBrowser.err
}

// stopSharedBrowser ends the shared Chromium, if a test started it.
func stopSharedBrowser() {
	if sharedBrowser.stop != nil {
		sharedBrowser.stop()
	}
}

// newBrowserTab opens a tab in a fresh browser context of the shared Chromium, at a 390×844 phone
// viewport. Every step it takes has its own limit.
func newBrowserTab(t *testing.T, a *testApp) *browserTab {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(browserMissing)
		}
		t.Skip(browserMissing)
	}
	browserCtx, err := startSharedBrowser(t, path)
	if err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	takeBrowserSlot(t) // first, so that its cleanup runs after the tab has gone
	tabCtx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab) // closes the tab and disposes of its browser context
	b := &browserTab{t: t, app: a, ctx: tabCtx, width: phoneWidth, height: phoneHeight, mobile: true}
	// Each tab is a window of its own in the one browser, and only one window has the focus: every tab acts
	// as the focused one, as a person's phone does, so that a key pressed on a link activates it.
	focused := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(tabCtx, focused, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("opening a tab in %s: %v", path, err)
	}
	messages := chromedp.Console(tabCtx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				b.mu.Lock()
				b.console = append(b.console, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if len(b.console) > 0 {
			t.Errorf("the pages reported errors:\n  %s", strings.Join(b.console, "\n  "))
		}
	})
	return b
}

// jsString quotes s for use in a script.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// evalIn evaluates a script in the page.
func evalIn[T any](b *browserTab, script string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](script))
}

// eval evaluates a script in the page and fails the test when it cannot.
func eval[T any](b *browserTab, script string) T {
	b.t.Helper()
	v, err := evalIn[T](b, script)
	if err != nil {
		b.t.Fatalf("evaluating %s: %v (at %s)", script, err, b.where())
	}
	return v
}

// do runs actions and fails the test, saying what it was doing, when they fail.
func (b *browserTab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v (at %s)", what, err, b.where())
	}
}

// where is the current page, for failure messages.
func (b *browserTab) where() string {
	s, err := evalIn[string](b, `location.pathname + location.search + " — " + (document.body ? document.body.innerText.replace(/\s+/g, " ").slice(0, 300) : "")`)
	if err != nil {
		return "(page unknown: " + err.Error() + ")"
	}
	return s
}

// waitFor waits until the script is true in the page. It survives navigations: it asks again.
func (b *browserTab) waitFor(what, script string) {
	b.t.Helper()
	b.waitForWithin(what, script, waitLimit)
}

// waitForWithin is waitFor with its own limit: for what takes longer than a page (slowLimit), or
// comes after a time that the test sets (the session's limits).
func (b *browserTab) waitForWithin(what, script string, within time.Duration) {
	b.t.Helper()
	b.waitUntil(what, within, func() bool {
		ok, err := evalIn[bool](b, "!!("+script+")")
		return err == nil && ok
	})
}

// waitUntil waits until ok reports true, asking again every tenth of a second.
func (b *browserTab) waitUntil(what string, within time.Duration, ok func() bool) {
	b.t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) || b.ctx.Err() != nil {
			b.t.Fatalf("waiting for %s: not so after %s (at %s)", what, within, b.where())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitForDraft waits until the server keeps text as the body of the user's new draft of kind, and the
// page has taken in the answer to that save. The page's "saved" alone is not enough: it may answer an
// earlier save (one sent while photos were chosen, or during a pause in typing on a slow machine), and
// a reload or a send before the last save is in would find the older text.
func (b *browserTab) waitForDraft(userID int64, kind, text string) {
	b.t.Helper()
	b.waitUntil("the draft saved with all that was typed", waitLimit, func() bool {
		var body string
		err := b.app.db.Read.QueryRow("SELECT body FROM drafts WHERE user_id = ? AND kind = ? AND target = 'nieuw'", userID, kind).Scan(&body)
		if err != nil || body != text {
			return false
		}
		settled, err := evalIn[bool](b, draftSaved+` && document.querySelector("form[data-autosave].htmx-request") === null`)
		return err == nil && settled
	})
}

// loaded says that the page at path has loaded, with its scripts run.
func loaded(path string) string {
	return "location.pathname === " + jsString(path) + " && document.readyState === 'complete'"
}

func (b *browserTab) open(path string) {
	b.t.Helper()
	b.do("opening "+path, chromedp.Navigate(b.app.origin+path))
	b.waitFor("the page to load", "document.readyState === 'complete'")
}

func (b *browserTab) reload() {
	b.t.Helper()
	b.do("reloading", chromedp.Reload())
	b.waitFor("the page to load", "document.readyState === 'complete'")
}

// click clicks the first element matching the CSS selector, once it is visible.
func (b *browserTab) click(sel string) {
	b.t.Helper()
	b.do("clicking "+sel, chromedp.Click(chromedp.CSS(sel)))
}

func (b *browserTab) path() string {
	b.t.Helper()
	return eval[string](b, "location.pathname")
}

func (b *browserTab) wantPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.t.Fatalf("on %s, want %s (at %s)", got, want, b.where())
	}
}

// text is the text of the first element matching sel as it shows, with white space collapsed.
func (b *browserTab) text(sel string) string {
	b.t.Helper()
	return eval[string](b, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		return e ? e.innerText.replace(/\s+/g, " ").trim() : "<no "+`+jsString(sel)+`+">"; })()`)
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func (b *browserTab) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); got != collapse(want) {
		b.t.Errorf("%s shows %q, want %q", sel, got, collapse(want))
	}
}

func (b *browserTab) wantTextContains(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, collapse(want)) {
		b.t.Errorf("%s shows %q, want it to contain %q", sel, got, collapse(want))
	}
}

func (b *browserTab) attr(sel, name string) string {
	b.t.Helper()
	return eval[string](b, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		return e ? String(e.getAttribute(`+jsString(name)+`)) : "<no element>"; })()`)
}

// visible says whether the element shows: present, not hidden, with a box.
func (b *browserTab) visible(sel string) bool {
	b.t.Helper()
	return eval[bool](b, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		return !!e && e.checkVisibility() && e.getBoundingClientRect().height > 0; })()`)
}

// signIn signs in through the form and waits for the start page.
func (b *browserTab) signIn(name string) {
	b.t.Helper()
	b.passwordStep(name)
	b.do("typing the SMS code", chromedp.SendKeys(chromedp.CSS("#code"), b.app.lastSMSCode(name)))
	b.click("form button.primary")
	b.waitFor("the page after the code", "!location.pathname.startsWith('/inloggen') && document.readyState === 'complete'")
	if b.path() == "/voorwaarden" {
		b.click("form button.primary")
		b.waitFor("the start page after accepting the terms", "location.pathname !== '/voorwaarden' && document.readyState === 'complete'")
	}
}

// passwordStep signs in with the demo password, up to the page that asks for the SMS code.
func (b *browserTab) passwordStep(name string) {
	b.t.Helper()
	b.open("/inloggen")
	b.do("filling in the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#naam"), name),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), demoPassword))
	b.click("form button.primary")
	b.waitFor("the code page after the password", loaded("/inloggen/code"))
}

// signOut signs out the way a phone user does: open the menu, tap "Uitloggen".
func (b *browserTab) signOut() {
	b.t.Helper()
	b.openMenu()
	b.click(".menu-phone form.sign-out button")
	b.waitFor("the sign-in page after signing out", loaded("/inloggen"))
}

func (b *browserTab) openMenu() {
	b.t.Helper()
	if !eval[bool](b, `document.querySelector(".menu-phone").open`) {
		b.click(".menu-phone summary")
	}
	b.waitFor("the phone menu to open", `document.querySelector(".menu-phone").open`)
	if where := eval[string](b, `(() => { const r = document.querySelector(".menu-phone nav").getBoundingClientRect();
		return r.left >= 0 && r.right <= document.documentElement.clientWidth ? "" : JSON.stringify(r); })()`); where != "" {
		b.t.Fatalf("the phone menu opens partly off screen: %s", where)
	}
}

// lang is the language the page is in.
func (b *browserTab) lang() string {
	b.t.Helper()
	return eval[string](b, "document.documentElement.lang")
}

// switchLanguage taps the language switch and waits for the page in the other language.
func (b *browserTab) switchLanguage(to string) {
	b.t.Helper()
	b.click("form.language-switch button")
	b.waitFor("the page in "+to, "document.documentElement.lang === "+jsString(to)+" && document.readyState === 'complete'")
}

// switchContrast taps the contrast switch and waits for the page with high contrast on or off.
func (b *browserTab) switchContrast(on bool) {
	b.t.Helper()
	want := "document.documentElement.classList.contains('hc')"
	if !on {
		want = "!" + want
	}
	b.click("form.contrast-switch button")
	b.waitFor(fmt.Sprintf("high contrast %v", on), want+" && document.readyState === 'complete'")
}

func (b *browserTab) wantContrast(on bool) {
	b.t.Helper()
	if got := eval[bool](b, "document.documentElement.classList.contains('hc')"); got != on {
		b.t.Errorf("html.hc is %v, want %v", got, on)
	}
	if got, want := b.attr("form.contrast-switch button", "aria-pressed"), fmt.Sprint(on); got != want {
		b.t.Errorf("the contrast switch has aria-pressed=%s, want %s", got, want)
	}
}

// axeViolation is one failed axe-core rule with the elements that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs axe-core for WCAG 2.1 A and AA and its best practices, and returns the violations as JSON.
const axeRun = `(async () => {
	const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
	return JSON.stringify({
		passes: r.passes.length,
		incomplete: r.incomplete.map(v => v.id),
		violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), summary: n.failureSummary || ""}))})),
	});
})()`

// axe checks the page as it is now against WCAG 2.1 AA and axe's best practices, and fails the test
// with a readable list. Every page it checks also gets the page-wide checks of design.md §6: it fits a
// 360 px phone and a 200 % root font without scrolling sideways (fits), and its targets are large
// enough (wantTargetSizes).
func (b *browserTab) axe(name string) {
	b.t.Helper()
	b.runAxe(name)
	b.fits(name)
	b.wantTargetSizes(name)
}

func (b *browserTab) runAxe(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, slowLimit)
	defer cancel()
	// DevTools evaluation is not subject to the page's CSP, so no bypass is needed.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object" || (() => { `+axeSource+`
		; return true; })()`)); err != nil {
		b.t.Fatalf("axe on %s: loading axe-core: %v", name, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", name, err)
	}
	var res struct {
		Passes     int            `json:"passes"`
		Incomplete []string       `json:"incomplete"`
		Violations []axeViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		b.t.Fatalf("axe on %s: %v", name, err)
	}
	if res.Passes == 0 {
		b.t.Fatalf("axe on %s checked nothing", name)
	}
	b.t.Logf("axe on %s: %d rules pass; to review by hand: %v", name, res.Passes, res.Incomplete)
	if len(res.Violations) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range res.Violations {
		fmt.Fprintf(&sb, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    %s\n      %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	b.t.Errorf("axe on %s (%s): %d violations:%s", name, b.path(), len(res.Violations), sb.String())
}

// describeElement is a script function that names an element for a failure message: tag#id[name].classes.
const describeElement = `(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[name=" + e.name + "]" : "") +
	(e.className && typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : ""))`

// wideElements is a script expression: the first elements that stick out to the right of the window.
const wideElements = `[...document.querySelectorAll("body *")]
	.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && e.checkVisibility())
	.slice(0, 8)
	.map(e => ` + describeElement + `(e) + " (right edge " + Math.round(e.getBoundingClientRect().right) + ")")`

// pageWidth measures horizontal overflow: the document's width and the elements that stick out.
const pageWidth = `JSON.stringify({
	scrollWidth: document.documentElement.scrollWidth,
	innerWidth: window.innerWidth,
	wide: ` + wideElements + `
})`

// fitWidth is the narrowest phone the pages must fit (design.md §6).
const fitWidth = 360

// fitsScript measures whether the page scrolls sideways, as it is and with the root font at 200 % (a
// user's larger text), and then puts the font back. The style is set through the CSSOM, which the
// page's CSP allows.
const fitsScript = `(() => {
	const root = document.documentElement, font = root.style.fontSize;
	const measure = () => root.scrollWidth <= root.clientWidth ? "" :
		root.scrollWidth + " px wide in " + root.clientWidth + " px; sticking out: " + ` + wideElements + `.join(", ");
	const plain = measure();
	root.style.fontSize = "200%";
	const large = measure();
	root.style.fontSize = font;
	return JSON.stringify({plain, large});
})()`

// fits checks that the page does not scroll sideways on a 360 px phone, with the usual text and with a
// 200 % root font, and then gives the page its viewport back. It resizes instead of reloading, so the
// page keeps its state (an open menu, a shown warning, typed text).
func (b *browserTab) fits(name string) {
	b.t.Helper()
	b.do(fmt.Sprintf("emulating a %d px phone", fitWidth), chromedp.EmulateViewport(fitWidth, b.height, chromedp.EmulateMobile))
	var got struct{ Plain, Large string }
	if err := json.Unmarshal([]byte(eval[string](b, fitsScript)), &got); err != nil {
		b.t.Fatal(err)
	}
	b.setViewport(b.width, b.height, b.mobile)
	if got.Plain != "" {
		b.t.Errorf("%s (%s) at %d px scrolls sideways: %s", name, b.path(), fitWidth, got.Plain)
	}
	if got.Large != "" {
		b.t.Errorf("%s (%s) at %d px with a 200 %% root font scrolls sideways: %s", name, b.path(), fitWidth, got.Large)
	}
}

// targetSizes lists the visible targets smaller than 44 × 44 px (WCAG 2.5.5, design.md §6): links,
// buttons, fields, menus' summaries, and the labels of checkboxes and radio buttons, whose own box is
// 24 px or more. Exempt is only a link in running text: shown inline, in a block that has text of its
// own beside it ("… or go to <a>your documents</a>"); a link that stands on its own line is a target.
const targetSizes = `(() => {
	const describe = ` + describeElement + `;
	const inSentence = a => {
		if (getComputedStyle(a).display !== "inline") { return false; }
		let block = a.parentElement;
		while (block && getComputedStyle(block).display === "inline") { block = block.parentElement; }
		return !!block && block.innerText.replace(a.innerText, "").trim() !== "";
	};
	const choice = "input[type=checkbox], input[type=radio]";
	const small = [];
	for (const e of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, label")) {
		if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) { continue; }
		if (e.matches("label") && !(e.control && e.control.matches(choice))) { continue; }
		if (e.matches("a") && inSentence(e)) { continue; }
		const least = e.matches(choice) ? 24 : 44;
		const r = e.getBoundingClientRect();
		if (r.width + 0.5 < least || r.height + 0.5 < least) {
			small.push(describe(e) + " " + JSON.stringify((e.innerText || e.value || "").trim().slice(0, 40)) +
				" is " + Math.round(r.width) + "×" + Math.round(r.height) + ", want " + least + "×" + least + " or more");
		}
	}
	return small;
})()`

// wantTargetSizes checks that every target on the page is large enough to tap.
func (b *browserTab) wantTargetSizes(name string) {
	b.t.Helper()
	if small := eval[[]string](b, targetSizes); len(small) > 0 {
		b.t.Errorf("%s (%s) has targets too small to tap:\n  %s", name, b.path(), strings.Join(small, "\n  "))
	}
}

// wantNoHorizontalScroll checks the page at the given phone widths; it ends at the 390 px phone.
func (b *browserTab) wantNoHorizontalScroll(name string, widths ...int64) {
	b.t.Helper()
	for _, w := range widths {
		b.do(fmt.Sprintf("emulating a %d px phone", w), chromedp.EmulateViewport(w, phoneHeight, chromedp.EmulateMobile))
		b.reload()
		var m struct {
			ScrollWidth int64    `json:"scrollWidth"`
			InnerWidth  int64    `json:"innerWidth"`
			Wide        []string `json:"wide"`
		}
		if err := json.Unmarshal([]byte(eval[string](b, pageWidth)), &m); err != nil {
			b.t.Fatal(err)
		}
		if m.ScrollWidth > m.InnerWidth || m.ScrollWidth > w {
			b.t.Errorf("%s at %d px scrolls sideways: the page is %d px wide in a %d px window; sticking out: %s",
				name, w, m.ScrollWidth, m.InnerWidth, strings.Join(m.Wide, ", "))
		}
	}
	b.setViewport(phoneWidth, phoneHeight, true)
}

// setViewport emulates a window of w × h CSS pixels, a phone's (mobile) or a desktop's; the page-wide
// checks come back to it.
func (b *browserTab) setViewport(w, h int64, mobile bool) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	b.do(fmt.Sprintf("emulating a %d × %d px window", w, h), chromedp.EmulateViewport(w, h, opts...))
	b.width, b.height, b.mobile = w, h, mobile
}

// shot saves a screenshot of the whole page when BALIE_SHOTS names a directory (manual runs only).
func (b *browserTab) shot(name string) {
	b.t.Helper()
	dir := os.Getenv("BALIE_SHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// A patient signs in, switches to English and to high contrast (both survive a reload and signing out),
// and signs out through the phone menu; the overview then needs signing in again.
func TestBrowserPreferencesAndSignOut(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)
	p := a.people[0]
	en := a.tr["en"]

	b.signIn(p.UserName.String)
	b.wantPath("/overzicht")
	if got := b.lang(); got != "nl" {
		t.Fatalf("the overview is in %q, want nl first", got)
	}
	b.wantTextContains("h1", a.T("overview.welcome", "Name", p.GivenName))
	b.wantContrast(false)

	b.switchLanguage("en")
	b.wantPath("/overzicht")
	b.wantTextContains("h1", en.T("overview.welcome", "Name", p.GivenName))
	b.openMenu()
	b.wantText(".menu-phone .menu a[href='/overzicht']", en.T("nav.overview"))
	b.wantText(".menu-phone form.sign-out button", en.T("nav.sign_out"))
	b.reload()
	if got := b.lang(); got != "en" {
		t.Fatalf("after a reload the overview is in %q, want en", got)
	}
	b.wantTextContains("h1", en.T("overview.welcome", "Name", p.GivenName))
	// The browser fetches the manifest with the cookies, so that a home-screen shortcut speaks English too.
	if m := b.appManifest(); m.Lang != "en" || m.ShortName != "De Linde" {
		t.Errorf("the browser's manifest: lang %q, short name %q", m.Lang, m.ShortName)
	}

	b.switchContrast(true)
	b.wantPath("/overzicht")
	b.wantContrast(true)
	b.reload()
	b.wantContrast(true)
	b.shot("overview-en-hc")

	b.signOut()
	b.wantPath("/inloggen")
	reason := en.T("signin.notice_signed_out")
	if b.lang() == "nl" {
		reason = a.T("signin.notice_signed_out")
	}
	b.wantText("p.notice", reason)
	// The browser remembers both choices for the sign-in page too.
	if got := b.lang(); got != "en" {
		t.Errorf("the sign-in page after signing out is in %q, want en", got)
	}
	b.wantContrast(true)
	b.shot("signin-en-hc")

	b.open("/overzicht")
	b.wantPath("/inloggen")
	if b.visible("#session-warning") {
		t.Error("the sign-in page shows the session warning")
	}
}

// A patient writes a diary note and is warned before the idle limit, as a keyboard and screen-reader user
// meets it. The warning takes the focus and says the time left in words; Escape closes it and gives the
// note's field back; typing there starts the idle time again. The next warning's "Blijf ingelogd", pressed
// with Enter, starts it again and gives the field back. The save the warning makes of the typed note
// restarts nothing, so a typed draft cannot keep the session alive: left alone (at 400 % zoom, scrolled
// down to the note's buttons), the warning shows in view, covers none of the buttons, and the page goes to
// the sign-in page at the limit, saying why; the server has ended the session, and the note is there after
// signing in again.
func TestBrowserSessionWarning(t *testing.T) {
	t.Parallel()
	// The warning shows idle/2 before the limit (min(5 min, idle/2)): 30 s leave time for the checks
	// in it, axe included, on a loaded machine, and are more than the 15 s in which the server does
	// not record activity again.
	const idle = 60 * time.Second
	a := newTestApp(t, withRealClock(), withTimeouts(idle, 10*idle))
	b := newBrowserTab(t, a)
	me := a.people[0]
	// With 30 s left, the words go in steps of ten seconds.
	var lastSeconds []string
	for _, n := range []int{30, 20, 10} {
		lastSeconds = append(lastSeconds, a.T("session.left_seconds", "Count", n))
	}

	b.signIn(me.UserName.String)
	b.open("/dagboek/nieuw")
	if b.visible("#session-warning") {
		t.Fatal("the session warning shows right after signing in")
	}
	b.click("#tekst")
	seen := lastSeen(t, a, me.ID)

	b.waitForWithin("the session warning", warningShows, idle)
	// The page counts from the server's time, so however slow the machine, the warning is never early.
	if since := time.Since(seen); since < idle/2-time.Second {
		t.Errorf("the warning showed %s after the last request, want %s or more", since.Round(time.Second), idle/2)
	}
	if !b.visible("#session-warning") {
		t.Fatal("the session warning is not hidden, yet does not show")
	}
	b.wantText("#session-warning h2", a.T("session.warning_title"))
	b.wantText("#session-warning form.session-stay button", a.T("session.stay"))
	b.wantFocus(stayButton)
	b.wantTimeLeftSaid(lastSeconds...)
	if got := b.text("#session-warning .session-countdown"); !regexp.MustCompile(`^0:([0-2]\d|30)$`).MatchString(got) {
		t.Errorf("the countdown shows %q, want 0:30 or less", got)
	}
	b.press("Escape", kb.Escape)
	b.waitFor("the warning to close", warningHidden)
	b.wantFocus("#tekst")

	// Typing in the field it gave back is the patient's own: the save starts the idle time again on the
	// server and in the page.
	b.typeInto("#tekst", "Eén keer getypt.")
	b.waitForDraft(me.ID, "diary", "Eén keer getypt.")
	typed := lastSeen(t, a, me.ID)
	if !typed.After(seen) {
		t.Fatalf("typing did not restart the idle time: the server last saw the session at %s, as before", typed)
	}
	b.waitForWithin("the next warning", warningShows, idle)
	if since := time.Since(typed); since < idle/2-time.Second {
		t.Errorf("the next warning showed %s after the typed save, want %s or more", since.Round(time.Second), idle/2)
	}
	b.wantPath("/dagboek/nieuw")
	b.wantFocus(stayButton)
	b.press("Enter on "+a.T("session.stay"), kb.Enter)
	b.waitFor("the warning to go away", warningHidden)
	b.wantFocus("#tekst")
	stayed := lastSeen(t, a, me.ID)
	if !stayed.After(typed) {
		t.Fatalf("%q did not restart the idle time: the server last saw the session at %s, as before", a.T("session.stay"), stayed)
	}
	eval[bool](b, `(() => { document.querySelector("#draft-status").textContent = ""; return true; })()`)

	// Left alone at 400 % zoom of a 1280 × 1024 screen, scrolled down to the note's buttons: the warning
	// shows again, scrolled into view, and saves the draft (the only save now: nobody types); that save
	// restarts nothing, so the warning stays, and the page goes to sign in by itself.
	b.resize(320, 256, false)
	b.scrollTo("form.draft-form .form-actions")
	b.waitForWithin("the save at the next warning", draftSaved, idle)
	if since := time.Since(stayed); since < idle/2-time.Second {
		t.Errorf("the warning after %q showed %s after it, want %s or more", a.T("session.stay"), since.Round(time.Second), idle/2)
	}
	if !b.visible("#session-warning") {
		t.Fatal("the save at the warning restarted the page's countdown")
	}
	b.wantInView("#session-warning h2", stayButton)
	b.wantFocus(stayButton)
	b.shot("session-warning-zoom")
	b.wantWarningCoversNothing("form.draft-form")
	b.axe("the session warning")
	b.shot("session-warning")
	b.waitForWithin("the sign-in page at the idle limit", signedOutIdle, idle)
	b.wantText("p.notice", a.T("signin.notice_idle"))
	var sessions int
	if err := a.db.Read.QueryRow("SELECT count(*) FROM sessions WHERE user_id = ?", me.ID).Scan(&sessions); err != nil {
		t.Fatal(err)
	}
	if sessions != 0 {
		t.Errorf("%d sessions of the patient remain on the server", sessions)
	}
	if b.visible("#session-warning") {
		t.Error("the sign-in page shows the session warning")
	}
	b.axe("sign-in after the idle limit")

	b.signIn(me.UserName.String)
	b.open("/dagboek/nieuw")
	b.waitFor("the draft after signing in again", `document.querySelector("#tekst").value === "Eén keer getypt."`)
}

// The absolute limit cannot be extended, so its warning offers no "Blijf ingelogd"; it still takes the
// focus so that it is read, says the time left in words, covers none of the message form's buttons, fits
// at 400 % zoom, speaks the user's language, closes with Escape (the focus goes to the page's content,
// since nothing had it before) and shows again on the next page, also one that htmx swaps in.
func TestBrowserSessionWarningAbsolute(t *testing.T) {
	t.Parallel()
	// The warning shows 5 minutes before a limit (min(5 min, idle/2)): with 3 minutes in all, at once.
	a := newTestApp(t, withRealClock(), withTimeouts(10*time.Minute, 3*time.Minute))
	b := newBrowserTab(t, a)
	me := a.people[0]
	en := a.tr["en"]

	b.signIn(me.UserName.String)
	b.open("/berichten/nieuw")
	b.waitFor("the session warning", warningShows)
	b.wantText("#session-warning h2", a.T("session.warning_title"))
	b.wantText("#session-warning #session-warning-text", a.T("session.warning_absolute"))
	if b.visible("#session-warning form.session-stay") {
		t.Errorf("the warning for the absolute limit offers %q", a.T("session.stay"))
	}
	b.wantFocus("#session-warning")
	b.wantTimeLeftSaid(a.T("session.left_minutes", "Count", 3), a.T("session.left_minutes", "Count", 2), a.T("session.left_minute"))
	b.wantWarningCoversNothing("main form")
	b.axe("the warning for the absolute limit")

	b.resize(320, 256, false)
	b.open("/berichten/nieuw")
	b.waitFor("the session warning at 400 % zoom", warningShows)
	b.wantInView("#session-warning h2", "#session-warning .session-time")
	b.wantFocus("#session-warning")
	b.shot("session-warning-absolute-zoom")
	b.resize(phoneWidth, phoneHeight, true)

	b.press("Escape", kb.Escape)
	b.waitFor("the warning to close", warningHidden)
	b.wantFocus("#main")

	b.click("main a.back") // a boosted link: htmx swaps the next page in, with its own warning
	b.waitFor("the messages page", `location.pathname === "/berichten" && document.readyState === "complete"`)
	b.waitFor("the session warning on the next page", warningShows)
	b.wantFocus("#session-warning")

	b.switchLanguage("en")
	b.waitFor("the session warning in English", warningShows)
	b.wantText("#session-warning h2", en.T("session.warning_title"))
	b.wantText("#session-warning #session-warning-text", en.T("session.warning_absolute"))
	b.wantTimeLeftSaid(en.T("session.left_minutes", "Count", 3), en.T("session.left_minutes", "Count", 2), en.T("session.left_minute"))
}

// stayButton is the session warning's "Blijf ingelogd".
const stayButton = "#session-warning form.session-stay button"

// press presses a key (a kb constant) on what has the focus.
func (b *browserTab) press(what, key string) {
	b.t.Helper()
	b.do("pressing "+what, chromedp.KeyEvent(key))
}

// resize changes the window's size without loading the page again; mobile emulates a phone.
func (b *browserTab) resize(width, height int64, mobile bool) {
	b.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	b.do(fmt.Sprintf("resizing to %d × %d", width, height), chromedp.EmulateViewport(width, height, opts...))
}

// scrollTo scrolls the first element matching sel to the bottom of the window.
func (b *browserTab) scrollTo(sel string) {
	b.t.Helper()
	eval[bool](b, `(() => { document.querySelector(`+jsString(sel)+`).scrollIntoView({block: "end"}); return true; })()`)
}

// focused describes the element that has the focus, for failure messages.
const focused = `(e => e ? e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "") : "nothing")(document.activeElement)`

// wantFocus waits until the first element matching sel has the focus. (The session warning takes it
// only once the keys have paused, two seconds after the last.)
func (b *browserTab) wantFocus(sel string) {
	b.t.Helper()
	var had string
	b.waitUntil("the focus on "+sel, waitLimit, func() bool {
		ok, err := evalIn[bool](b, `document.activeElement === document.querySelector(`+jsString(sel)+`)`)
		if now, _ := evalIn[string](b, focused); err == nil && !ok && now != had {
			had = now
			b.t.Logf("waiting for the focus on %s: %s has it", sel, now)
		}
		return err == nil && ok
	})
}

// wantInView checks that the elements are wholly inside the window, not scrolled or pushed off it.
func (b *browserTab) wantInView(sels ...string) {
	b.t.Helper()
	for _, sel := range sels {
		if out := eval[string](b, `(() => { const e = document.querySelector(`+jsString(sel)+`);
			if (!e) return "missing";
			const r = e.getBoundingClientRect(), d = document.documentElement;
			return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= d.clientHeight && r.right <= d.clientWidth ? "" :
				"at " + JSON.stringify(r) + " in a " + d.clientWidth + " × " + d.clientHeight + " window"; })()`); out != "" {
			b.t.Errorf("%s is not in view: %s", sel, out)
		}
	}
}

// wantTimeLeftSaid waits until the session warning's live region says the time left, and checks that
// it says one of want and that a screen reader hears it: a live region that nothing hides.
func (b *browserTab) wantTimeLeftSaid(want ...string) {
	b.t.Helper()
	const live = "#session-warning .session-left"
	b.waitFor("the time left in words", `document.querySelector("`+live+`").textContent !== ""`)
	if got := b.text(live); !slices.Contains(want, got) {
		b.t.Errorf("the warning says %q, want one of %q", got, want)
	}
	if !eval[bool](b, `(e => ["status", "alert"].includes(e.getAttribute("role")) || ["polite", "assertive"].includes(e.getAttribute("aria-live")))(document.querySelector("`+live+`"))`) {
		b.t.Error("the time left is not in a live region (role status or alert, or aria-live)")
	}
	if eval[bool](b, `document.querySelector("`+live+`").closest("[aria-hidden=true]") !== null`) {
		b.t.Error("the time left is hidden from screen readers")
	}
}

// wantWarningCoversNothing checks, on a 360 px phone and a 1280 px screen, that the session warning
// covers none of the buttons of the form, with the buttons scrolled to the bottom of the window (where a
// floating box would sit). It ends at the 390 px phone.
func (b *browserTab) wantWarningCoversNothing(form string) {
	b.t.Helper()
	for _, size := range []struct {
		w, h   int64
		mobile bool
	}{{360, phoneHeight, true}, {1280, 1024, false}} {
		b.resize(size.w, size.h, size.mobile)
		covered := eval[string](b, `(() => {
			const buttons = [...document.querySelectorAll(`+jsString(form+" button[type=submit]")+`)];
			if (buttons.length === 0) return "no buttons";
			buttons[buttons.length - 1].scrollIntoView({block: "end"});
			const w = document.getElementById("session-warning").getBoundingClientRect();
			return buttons.filter(e => { const r = e.getBoundingClientRect();
				return r.left < w.right && w.left < r.right && r.top < w.bottom && w.top < r.bottom; })
				.map(e => e.innerText.trim()).join(", ");
		})()`)
		if covered != "" {
			b.t.Errorf("at %d px the session warning covers %s", size.w, covered)
		}
	}
	b.resize(phoneWidth, phoneHeight, true)
}

// The session warning's states, and the sign-in page the server sends an idle session to.
const (
	warningShows  = `!document.getElementById("session-warning").hidden`
	warningHidden = `document.getElementById("session-warning").hidden`
	signedOutIdle = `location.pathname === "/inloggen" && new URLSearchParams(location.search).get("melding") === "signin.notice_idle" && document.readyState === "complete"`
)

// lastSeen is when the server last recorded a request of the user's newest session: the idle limit
// counts from there.
func lastSeen(t *testing.T, a *testApp, userID int64) time.Time {
	t.Helper()
	var seen time.Time
	if err := a.db.Read.QueryRow("SELECT last_seen_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC LIMIT 1", userID).Scan(&seen); err != nil {
		t.Fatal(err)
	}
	return seen
}

// axe-core finds no WCAG 2.1 A/AA violations on the pages patients and staff see. (The visible session
// warning is checked in TestBrowserSessionWarning.)
func TestBrowserAxe(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)

	b.open("/inloggen")
	b.axe("sign-in (nl)")

	b.click("form button.primary") // nothing filled in
	b.waitFor("the sign-in errors", `document.querySelector("#naam-error") !== null && document.readyState === "complete"`)
	b.wantText("[data-error-summary] a[href='#naam']", a.T("signin.name_required"))
	b.axe("sign-in with errors")

	b.signIn(a.people[0].UserName.String)
	b.wantPath("/overzicht")
	b.axe("overview")
	b.openMenu()
	b.axe("overview with the menu open")
	if got := eval[string](b, `(() => { const badge = document.querySelector(".menu-phone .menu .badge");
		if (!badge) { return "no number in the menu"; }
		const label = document.createRange();
		label.selectNodeContents(badge.parentElement.firstChild);
		const gap = badge.getBoundingClientRect().left - label.getBoundingClientRect().right;
		return gap >= 4 ? "" : "the number is " + gap.toFixed(1) + " px from its label"; })()`); got != "" {
		t.Errorf("in the menu %s", got)
	}
	// The phone menu closes as a menu does: Escape gives the focus back to its button, and moving on
	// past its last item closes it.
	b.do("pressing Escape in the menu", chromedp.KeyEvent(kb.Escape))
	b.waitFor("the menu closed by Escape, the focus on its button",
		`!document.querySelector(".menu-phone").open && document.activeElement === document.querySelector(".menu-phone summary")`)
	b.openMenu()
	b.do("tabbing on from the menu's last item", chromedp.Focus(chromedp.CSS(".menu-phone form.sign-out button")), chromedp.KeyEvent(kb.Tab))
	b.waitFor("the menu closed once the focus left it", `!document.querySelector(".menu-phone").open && !document.querySelector(".menu-phone").contains(document.activeElement)`)
	b.open("/profiel")
	b.axe("profile")
	b.open("/documenten")
	b.axe("documents")
	b.open("/documenten/nieuw")
	b.axe("add a document")
	b.open("/overzicht")
	b.switchContrast(true)
	b.axe("overview in high contrast")
	b.open("/profiel")
	b.axe("profile in high contrast")
	b.switchContrast(false)
	b.signOut()
	b.axe("sign-in after signing out")

	b.signIn(a.staff["admin"].UserName.String) // an administrator sees all that staff see, and more
	b.wantPath("/praktijk/patienten")
	b.axe("staff patient list")
	b.click("table.patients tbody a") // a boosted link: htmx swaps the page in
	b.waitFor("a patient's page", `/^\/praktijk\/patienten\/\d+$/.test(location.pathname) && document.getElementById("details-title") !== null`)
	b.axe("staff patient page")
	patient := b.path()
	b.open("/praktijk/econsulten?lijst=alle")
	b.axe("staff e-consult queue")
	b.open("/praktijk/beheer/instellingen")
	b.axe("clinic settings")

	// On a wide screen: the patient list fits beside the menu, and the menu's column runs the whole
	// height of a long page.
	b.setViewport(1280, 600, false)
	b.open("/praktijk/patienten")
	if got := eval[string](b, `(() => { const w = document.querySelector(".table-wrap");
		return w.scrollWidth <= w.clientWidth ? "" : "the patient list is " + w.scrollWidth + " px wide in " + w.clientWidth + " px"; })()`); got != "" {
		t.Errorf("at 1280 px %s", got)
	}
	b.axe("staff patient list, wide")
	b.open(patient)
	if got := eval[string](b, `(() => { const page = document.documentElement.scrollHeight, side = document.querySelector(".sidebar").getBoundingClientRect().height;
		return page <= innerHeight ? "the page is not long" : side + 1 >= page ? "" : "the menu's column is " + side + " px high on a " + page + " px page"; })()`); got != "" {
		t.Errorf("at 1280 px %s", got)
	}
	b.setViewport(phoneWidth, phoneHeight, true)
	b.signOut()

	b.switchLanguage("en")
	b.wantPath("/inloggen")
	b.wantText("h1", a.tr["en"].T("signin.title"))
	b.axe("sign-in (en)")
}

// No page scrolls sideways on a 390 px or a 360 px wide phone.
func TestBrowserNoHorizontalScroll(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	b := newBrowserTab(t, a)

	b.open("/inloggen")
	b.wantNoHorizontalScroll("the sign-in page", phoneWidth, 360)
	b.shot("signin")

	b.signIn(a.people[0].UserName.String)
	b.wantNoHorizontalScroll("the overview", phoneWidth, 360)
	b.wantWholeWords("the overview's tiles", ".tile", phoneWidth, 360)
	b.shot("overview")
	b.openMenu()
	b.shot("overview-menu")
	b.open("/profiel")
	b.wantNoHorizontalScroll("the profile", phoneWidth, 360)
	b.shot("profile")
	var thread int64
	if err := a.db.Read.QueryRow("SELECT id FROM message_threads WHERE patient_id = ? AND kind = 'message' LIMIT 1", a.people[0].ID).Scan(&thread); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/berichten", "/berichten/nieuw", fmt.Sprintf("/berichten/%d", thread), "/berichten/vraag", "/dagboek",
		"/dagboek/nieuw", "/documenten", "/documenten/nieuw", "/account/beveiliging"} {
		b.open(path)
		if b.text("h1") == a.T("error.not_found_title") {
			t.Fatalf("%s is not there", path)
		}
		b.wantNoHorizontalScroll(path, phoneWidth, 360)
	}
	// Signed in on a second device with a long name: its line on "Waar u bent ingelogd" keeps room.
	elsewhere := a.newClient()
	elsewhere.header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36")
	elsewhere.signIn(a.people[0].UserName.String)
	b.open("/account/beveiliging")
	b.wantRoomyItems("the sessions", "#sessions-title ~ .factor-list li", phoneWidth, 360)
	b.signOut()

	b.signIn(a.staff["assistant"].UserName.String)
	b.wantPath("/praktijk/patienten")
	b.wantNoHorizontalScroll("the patient list", phoneWidth, 360)
	b.shot("patients")
	b.click("table.patients tbody a")
	b.waitFor("a patient's page", `/^\/praktijk\/patienten\/\d+$/.test(location.pathname) && document.getElementById("details-title") !== null`)
	b.wantNoHorizontalScroll("a patient's page", phoneWidth, 360)
	b.shot("patient")
	b.open("/praktijk/berichten")
	b.wantNoHorizontalScroll("the inbox", phoneWidth, 360)
	b.open("/praktijk/econsulten?lijst=alle")
	b.wantNoHorizontalScroll("the e-consult queue", phoneWidth, 360)
}
