package handlers_test

import (
	"fmt"
	"strings"
	"testing"
)

// A patient on a phone reads their results (the new ones marked, out of range in words), opens HbA1c
// and sees its trend as a chart with a table beside it; axe is clean on both, nothing scrolls sideways
// and every tap target is large enough.
func TestBrowserResultsAndTrend(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	me := a.people[0] // the demo gives her two years of results
	b := newBrowserTab(t, a)
	b.signIn(me.UserName.String)
	b.open("/uitslagen")
	b.waitFor("the results", loaded("/uitslagen")+` && document.querySelector(".results-list .result-new") !== null`)
	b.axe("results")
	b.shot("uitslagen")
	b.wantNoHorizontalScroll("results", 360, 390)
	b.wantTargetSizes("results")

	href := fmt.Sprintf("/uitslagen/test/%d", a.number(`SELECT id FROM result_tests WHERE code = 'HBA1C'`))
	b.open(href)
	b.waitFor("the trend", loaded(href)+` && document.querySelector("figure svg[role=img] polyline") !== null &&
		document.querySelectorAll(".results-table tbody tr").length === 6`)
	if got := b.text(".results-table"); !strings.Contains(got, a.T("uitslagen.high")) {
		t.Errorf("the table does not say a value is too high: %q", got)
	}
	b.axe("trend")
	b.shot("uitslagen-trend")
	b.wantNoHorizontalScroll("trend", 360, 390)
	b.wantTargetSizes("trend")
}
