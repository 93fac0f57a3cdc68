package queries_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"balie/queries"
)

// scansLog is a step of a plan that reads the whole access log (its aliases in the queries: l, m, c, k).
var scansLog = regexp.MustCompile(`^SCAN [lmck]( |$)`)

// The administrator's search of the access log walks the index that fits the search (a patient's rows,
// a staff member's, or everyone's by time), seeking at the period and the cursor, and sorts no more than
// the page: a rare patient or staff member in a huge log costs no walk over the whole log
// (BenchmarkAccessLogSearch in handlers measures it).
func TestAccessLogSearchUsesItsIndexes(t *testing.T) {
	db := openTest(t)
	for name, query := range map[string]string{"after": queries.SearchAccessLogAfterSQL, "before": queries.SearchAccessLogBeforeSQL} {
		rows, err := db.Read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, 7, 3, time.Time{}, time.Now(), 1001, 0, 26)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "\n  ")
		for _, want := range []string{"SEARCH m USING INDEX access_log_patient (patient_id=? AND at>? AND at<?)",
			"SEARCH m USING COVERING INDEX access_log_actor (actor_id=? AND at>? AND at<?)",
			"SEARCH m USING COVERING INDEX access_log_at (at>? AND at<?)",
			"SEARCH c USING INDEX access_log_patient (patient_id=? AND at>? AND at<?)",
			"SEARCH c USING COVERING INDEX access_log_actor (actor_id=? AND at>? AND at<?)",
			"MERGE (UNION ALL)"} {
			if !slices.Contains(plan, want) {
				t.Errorf("%s: the plan lacks %q:\n  %s", name, want, all)
			}
		}
		// The only sort is the last step: the page's rows, no more.
		if i := slices.Index(plan, "USE TEMP B-TREE FOR ORDER BY"); i >= 0 && i != len(plan)-1 {
			t.Errorf("%s: the plan sorts before the page is known:\n  %s", name, all)
		}
		for _, step := range plan {
			if scansLog.MatchString(step) {
				t.Errorf("%s: the plan walks the whole log (%s):\n  %s", name, step, all)
			}
		}
	}
}
