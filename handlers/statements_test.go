package handlers_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// statementsOf is how many SQL statements the request of p ran, as the request log says (the rows the
// access log writes for it are not among them: its writer commits them apart).
func statementsOf(t *testing.T, logs *logBuffer, p *page) int {
	t.Helper()
	id := p.Header.Get("X-Request-Id")
	m := regexp.MustCompile(`msg=request id=` + regexp.QuoteMeta(id) + ` .*statements=(\d+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no request log line for %s %s (id %s)", p.Request.Method, p.Request.URL.Path, id)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// A page costs few statements (issue 10): who is asking (session, user and the version of the clinic's
// settings) is one, the settings themselves come from memory, and the page's own content the rest.
func TestPagesRunFewStatements(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	a := newTestApp(t, withLog(logs))
	patient := a.patientClient(0)
	staff := a.staffClient("assistant")
	for _, tc := range []struct {
		c      *client
		path   string
		budget int
	}{
		{patient, "/overzicht", 3},        // who, the appointments, the counts (the menu's badge among them)
		{staff, "/praktijk/patienten", 4}, // who, the page of patients, how many, the menu's badges
	} {
		tc.c.get(tc.path) // the first request after a change reads the settings
		p := tc.c.get(tc.path)
		wantStatus(t, p, http.StatusOK)
		if n := statementsOf(t, logs, p); n > tc.budget {
			t.Errorf("GET %s ran %d statements, more than %d", tc.path, n, tc.budget)
		}
	}
}
