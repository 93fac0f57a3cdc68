package demo

import "testing"

// Anna de Vries takes four chronic medicines and two running courses, and stopped one with a reason.
func TestDemoMedication(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 5)
	anna := `(SELECT id FROM users WHERE user_name = 'anna.devries@voorbeeld.example')`
	today := testNow.Format("2006-01-02")
	if got := count(t, db, `SELECT count(*) FROM medication WHERE chronic = 1 AND stop_reason = '' AND ended_on IS NULL AND patient_id = `+anna); got != 4 {
		t.Errorf("%d chronic medicines, want 4", got)
	}
	if got := count(t, db, `SELECT count(*) FROM medication WHERE chronic = 0 AND stop_reason = '' AND substr(ended_on, 1, 10) >= ? AND patient_id = `+anna, today); got != 2 {
		t.Errorf("%d running courses, want 2", got)
	}
	if got := count(t, db, `SELECT count(*) FROM medication WHERE stop_reason <> '' AND stopped_by IS NOT NULL AND substr(ended_on, 1, 10) < ? AND patient_id = `+anna, today); got != 1 {
		t.Errorf("%d stopped medicines, want 1", got)
	}
	if got := count(t, db, `SELECT count(*) FROM medication WHERE patient_id = `+anna); got != 7 {
		t.Errorf("%d medicines in all, want 7", got)
	}
}
