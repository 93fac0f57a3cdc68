package handlers_test

import "testing"

// The administrator's questionnaires and the preview of the intake list that uses every question kind,
// at a phone's width: no sideways scrolling, tap targets large enough, axe clean.
func TestBrowserAdminQuestionnaires(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	id := a.scalar(`SELECT id FROM questionnaire_definitions WHERE key = 'intake-aanmelding'`)
	b := newBrowserTab(t, a)
	b.signIn(a.staff["admin"].UserName.String)
	b.open(questionnairesAdmin)
	b.fits("questionnaires")
	b.axe("questionnaires")
	b.open(questionnairesAdmin + "/" + id)
	b.fits("questionnaire preview")
	b.axe("questionnaire preview")
}
