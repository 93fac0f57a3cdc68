package demo

import "testing"

// The practice's questionnaires in the demo: three patients besides Anna with assignments; one
// repeated PHQ-9 with three scores going down and one open, its next moment set; the intake set open;
// one flagged response not yet seen; every stored score is the server's own.
func TestDemoPracticeQuestionnaires(t *testing.T) {
	db, _ := generate(t, 1)
	first := count(t, db, `SELECT min(id) FROM users WHERE role = 'patient'`)
	// Anna's own are the patient's side's (vragenlijsten_test.go).
	if n := count(t, db, `SELECT count(DISTINCT patient_id) FROM questionnaire_assignments WHERE patient_id <> ?`, first); n != 3 {
		t.Errorf("%d patients with assignments, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses r JOIN questionnaire_assignments a ON a.id = r.assignment_id
		WHERE a.repeat_weeks = 6 AND a.next_at IS NOT NULL AND r.submitted_at IS NOT NULL`); n != 3 {
		t.Errorf("%d submitted repeated PHQ-9s, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses WHERE submitted_at IS NULL AND patient_id <> ?`, first); n != 4 {
		t.Errorf("%d open responses, want 4 (one PHQ-9, three intake lists)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses WHERE flagged = 1 AND flag_seen_at IS NULL AND band = 'moderate' AND score_total = 14`); n != 1 {
		t.Errorf("%d flagged responses waiting, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
		WHERE r.submitted_at IS NOT NULL AND r.score_total IS NULL AND d.kind = 'outcome'`); n != 0 {
		t.Errorf("%d submitted responses without a score", n)
	}
}
