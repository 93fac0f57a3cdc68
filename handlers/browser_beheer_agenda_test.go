package handlers_test

import "testing"

// The agenda's settings and a practitioner's availability at a phone's width: no sideways scrolling,
// axe clean, and a form sent with a bad input comes back in place with its error at the field and
// everything typed kept.
func TestBrowserAgendaSettingsAndAvailability(t *testing.T) {
	t.Parallel()
	a := newTestApp(t, withRealClock())
	t.Run("admin", func(t *testing.T) {
		t.Parallel()
		b := newBrowserTab(t, a)
		b.signIn(a.staff["admin"].UserName.String)
		b.open(agendaAdmin)
		b.fits("agenda settings")
		b.axe("agenda settings")
		b.wantFormError(formCase{name: "booking limits out of range", path: agendaAdmin,
			fill:   map[string]string{"#weken": "99", "#afzeggen": "12"},
			submit: "form[action='/praktijk/beheer/agenda/instellingen'] button", field: "weken", keep: []string{"#weken", "#afzeggen"}})
		b.wantFormError(formCase{name: "kind of appointment without a name", path: agendaAdmin + "/soorten/nieuw",
			fill:   map[string]string{"#naam_en": "Wound care", "#minuten": "20"},
			submit: "form button.primary-inline", field: "naam_nl", keep: []string{"#naam_en", "#minuten"}})
		b.open(agendaAdmin + "/soorten/nieuw")
		b.fits("new kind of appointment")
	})
	t.Run("practitioner", func(t *testing.T) {
		t.Parallel()
		b := newBrowserTab(t, a)
		b.signIn(a.staff["practitioner"].UserName.String)
		b.open("/praktijk/agenda/beschikbaarheid")
		b.fits("own availability")
		b.axe("own availability")
		b.wantFormError(formCase{name: "an absence without a date", path: "/praktijk/agenda/beschikbaarheid",
			fill:   map[string]string{"#notitie": "Nascholing"},
			submit: "form[action='/praktijk/agenda/beschikbaarheid/uitzonderingen'] button", field: "van_dag", keep: []string{"#notitie"}})
	})
}
