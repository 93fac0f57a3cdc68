package demo

import "testing"

// Anna de Vries's questionnaires: PHQ-9 and GAD-7 five times each over the past year, from moderate
// (or worse) to mild, every one with its report; a PHQ-9 open now; the intake set with one submitted
// (and its report), one half filled in as a draft, one not started; the practice's eHealth program.
func TestDemoOwnQuestionnaires(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 1)
	anna := count(t, db, `SELECT min(id) FROM users WHERE role = 'patient'`)
	for _, tc := range []struct {
		key         string
		first, last string
	}{{"phq-9", "moderately_severe", "mild"}, {"gad-7", "moderate", "mild"}} {
		q := `FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
			WHERE r.patient_id = ? AND d.key = ? AND r.submitted_at IS NOT NULL`
		if n := count(t, db, `SELECT count(*) `+q+` AND r.report_id IS NOT NULL AND r.submitted_at > date(?, '-1 year')`, anna, tc.key, testNow); n != 5 {
			t.Errorf("%s: %d submitted with a report in the past year, want 5", tc.key, n)
		}
		if n := count(t, db, `SELECT count(*) `+q+` AND ((r.band = ? AND r.submitted_at = (SELECT min(submitted_at) `+q+`))
			OR (r.band = ? AND r.submitted_at = (SELECT max(submitted_at) `+q+`)))`, anna, tc.key, tc.first, anna, tc.key, tc.last, anna, tc.key); n != 2 {
			t.Errorf("%s: the scores do not go from %s to %s", tc.key, tc.first, tc.last)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
		WHERE r.patient_id = ? AND d.kind = 'outcome' AND r.submitted_at IS NULL AND r.available_at <= ?`, anna, testNow); n != 1 {
		t.Errorf("%d outcome measures open now, want 1", n)
	}
	intake := func(cond string) int {
		return count(t, db, `SELECT count(*) FROM questionnaire_responses r JOIN questionnaire_definitions d ON d.id = r.definition_id
			WHERE r.patient_id = ? AND d.kind = 'intake' AND `+cond, anna)
	}
	if intake(`r.submitted_at IS NOT NULL AND r.report_id IS NOT NULL`) != 1 || intake(`r.submitted_at IS NULL`) != 2 ||
		intake(`EXISTS (SELECT 1 FROM drafts dr WHERE dr.user_id = r.patient_id AND dr.kind = 'questionnaire' AND dr.target = CAST(r.id AS TEXT))`) != 1 {
		t.Errorf("the intake set is not one submitted, one half filled in, one not started")
	}
	if n := count(t, db, `SELECT count(*) FROM questionnaire_responses r JOIN questionnaire_assignments a ON a.id = r.assignment_id
		JOIN users u ON u.id = a.assigned_by WHERE r.patient_id = ? AND u.role <> 'practitioner'`, anna); n != 0 {
		t.Errorf("%d of Anna's questionnaires not from a practitioner", n)
	}
	if n := count(t, db, `SELECT count(*) FROM clinic_settings WHERE ehealth_name = 'Minddistrict' AND ehealth_url LIKE 'https://%'`); n != 1 {
		t.Errorf("no eHealth program")
	}
}
