package handlers

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// area is one part of the app, as the route list names it (Route.Area): whether the clinic offers it,
// and its item in the menu. The menu and the clinic's switches are built from this table alone, so that
// a new area is one line here and its routes.
type area struct {
	Name string
	// On is the area's switch (the clinic's setting): a route of an area that is off answers 404 and the
	// menu leaves it out. nil: always on.
	On func(s *Server, clinic queries.ClinicSetting) bool
	// The area's menu item, if it has one: its address, label key, who sees it (Menu), and the number
	// beside it with the locale key of what that number counts ("" is unread messages).
	Href, Label string
	Menu        access
	Badge       func(b *badges) (int64, error)
	BadgeLabel  string
}

// areas is every area, the menu's items in the order the menu shows them (at most 64: menuKey has a bit
// for each).
var areas = []area{
	{Name: "site"}, // the home page, health check, manifest and static files
	{Name: "signin"},
	{Name: "signin_activation"},
	{Name: "signin_reset"},
	{Name: "preferences"}, // language and contrast
	{Name: "drafts"},
	{Name: "overview", Href: "/overzicht", Label: "nav.overview", Menu: patient},
	{Name: "agenda", Href: agendaPath, Label: "nav.agenda", Menu: patient},
	{Name: "dossier", Href: dossierPath, Label: "nav.dossier", Menu: patient},
	{Name: "medicatie", Href: medicationPath, Label: "nav.medication", Menu: patient},
	{Name: "herhaalrecepten", Href: repeatPath, Label: "nav.herhaalrecepten", Menu: patient},
	// The patient's conversations, messages and e-consults alike: there while the clinic offers either.
	{Name: "conversations", On: offersConversations, Href: "/berichten", Label: "nav.messages", Menu: patient, Badge: (*badges).unread},
	{Name: "uitslagen", Href: resultsPath, Label: "nav.uitslagen", Menu: patient},
	// The questionnaires the practice asked for, and the link to its eHealth program.
	{Name: "vragenlijsten", Href: questionnairesPath, Label: "nav.vragenlijsten", Menu: patient},
	{Name: "diary", Href: "/dagboek", Label: "nav.diary", Menu: patient},
	{Name: "documents", Href: documentsPath, Label: "nav.documents", Menu: patient},
	{Name: "consents", Href: consentsPath, Label: "nav.consents", Menu: patient},
	// The patient's one-time share codes; their viewer's pages (no account, no menu) are the area inzien.
	{Name: "deelcode", Href: deelcodePath, Label: "nav.deelcode", Menu: patient},
	{Name: "inzien"},
	// Relatives the patient invites to read along (naasten.go); never opened to someone else.
	{Name: "naasten", Href: naastenPath, Label: "nav.naasten", Menu: patient},
	{Name: "profile", Href: "/profiel", Label: "nav.profile", Menu: patient},
	// Switching between the portals one may open (the switcher is in the page frame, not the menu).
	{Name: "portalen"},
	{Name: "patients_praktijk", Href: "/praktijk/patienten", Label: "nav.patients", Menu: staff},
	// Writing a patient's dossier: pages under the patient's page.
	{Name: "dossier_praktijk"},
	// Keeping a patient's medication list: pages under the patient's page.
	{Name: "medicatie_praktijk"},
	// Entering a patient's results: pages under the patient's page.
	{Name: "uitslagen_praktijk"},
	// The practice's agenda; the number is the patients' own bookings and cancellations not yet seen.
	{Name: "agenda_praktijk", Href: "/praktijk/agenda", Label: "nav.agenda_praktijk", Menu: staff, Badge: (*badges).unseenAppointments, BadgeLabel: "agenda_praktijk.unseen_short"},
	// Parents' and relatives' authorisations: the panel on the patient page, and the list of those that
	// end or change soon.
	{Name: "kinderen_praktijk", Href: relationsStaffPath, Label: "nav.kinderen_praktijk", Menu: staff},
	{Name: "consents_praktijk", Href: consentsStaffPath, Label: "nav.consents_praktijk", Menu: staff},
	// Writing a message, and the practice's queue of them.
	{Name: "messages", On: offersMessages,
		Href: "/praktijk/berichten", Label: "nav.inbox", Menu: staff, Badge: (*badges).waitingMessages, BadgeLabel: "messages_praktijk.waiting_short"},
	// Asking an e-consult, and the practice's queue of them.
	{Name: "econsult", On: offersEconsult,
		Href: "/praktijk/econsulten", Label: "nav.econsult_queue", Menu: staff, Badge: (*badges).waitingEconsults, BadgeLabel: "messages_praktijk.waiting_short"},
	// The practice's conversation pages, of either kind: staff keep them whatever the clinic offers now.
	{Name: "messages_praktijk"},
	// The practice's queue of patients' requests to correct a report (AVG art. 16), with the open ones.
	{Name: "dossier_correction_praktijk", Href: correctionsPath, Label: "nav.dossier_corrections", Menu: staff,
		Badge: (*badges).openCorrections, BadgeLabel: "dossier_correction.open_short"},
	// The practice's queue of repeat prescriptions; the number is the open ones that are mine or no one's.
	{Name: "herhaalrecepten_praktijk", Href: repeatQueuePath, Label: "nav.herhaalrecepten_praktijk", Menu: staff,
		Badge: (*badges).openRepeatRequests, BadgeLabel: "herhaalrecepten_praktijk.open_short"},
	// Assigning questionnaires on the patient page, and the practice's queue of flagged responses; the
	// number is the flags not yet seen of assignments that are mine or no practitioner's.
	{Name: "vragenlijsten_praktijk", Href: flagQueuePath, Label: "nav.vragenlijsten_praktijk", Menu: staff,
		Badge: (*badges).flaggedQuestionnaires, BadgeLabel: "vragenlijsten_praktijk.open_short"},
	{Name: "security", Href: "/account/beveiliging", Label: "nav.security", Menu: account},
	{Name: "beheer_staff", Href: "/praktijk/beheer/medewerkers", Label: "nav.admin_staff", Menu: admin},
	{Name: "beheer_settings", Href: "/praktijk/beheer/instellingen", Label: "nav.admin_settings", Menu: admin},
	{Name: "beheer_agenda", Href: "/praktijk/beheer/agenda", Label: "nav.admin_agenda", Menu: admin},
	{Name: "beheer_dossier", Href: dossierAdminPath, Label: "nav.admin_dossier", Menu: admin},
	{Name: "beheer_herhaalrecepten", Href: repeatAdminPath, Label: "nav.admin_herhaalrecepten", Menu: admin},
	{Name: "beheer_consents", Href: consentsAdminPath, Label: "nav.admin_consents", Menu: admin},
	{Name: "beheer_uitslagen", Href: resultsAdminPath, Label: "nav.admin_uitslagen", Menu: admin},
	// The questionnaires the practice may assign: those that ship with Balie and uploaded ones.
	{Name: "beheer_vragenlijsten", Href: questionnairesAdminPath, Label: "nav.admin_questionnaires", Menu: admin},
	{Name: "beheer_terms", Href: "/praktijk/beheer/voorwaarden", Label: "nav.admin_terms", Menu: admin},
	{Name: "beheer_outbox", Href: "/praktijk/beheer/uitgaand", Label: "nav.admin_outbox", Menu: admin},
	{Name: "beheer_accesslog", Href: accessLogAdminPath, Label: "nav.admin_accesslog", Menu: admin},
	{Name: "demo", On: inDemo, Href: "/demo/outbox", Label: "nav.outbox", Menu: staff},
}

// The switches of the table: the clinic's settings (and the demo mode) say whether an area is there.
func offersMessages(_ *Server, cl queries.ClinicSetting) bool { return cl.MessagesEnabled == 1 }
func offersEconsult(_ *Server, cl queries.ClinicSetting) bool { return cl.EconsultEnabled == 1 }
func offersConversations(s *Server, cl queries.ClinicSetting) bool {
	return offersMessages(s, cl) || offersEconsult(s, cl)
}
func inDemo(s *Server, _ queries.ClinicSetting) bool { return s.cfg.Demo }

// areaNamed is the table's entry of name (a route's Area; a test holds the route list against the table).
func areaNamed(name string) area {
	for _, a := range areas {
		if a.Name == name {
			return a
		}
	}
	return area{Name: name}
}

// on reports whether the clinic offers the area now.
func (s *Server) on(ctx context.Context, a area) (bool, error) {
	if a.On == nil {
		return true, nil
	}
	clinic, err := s.clinic(ctx)
	return err == nil && a.On(s, clinic), err
}

// enterArea lets a request into its route's area only while the clinic offers it: otherwise the area is
// not there (404).
func (s *Server) enterArea(c echo.Context, name string) error {
	state(c).Area = name
	on, err := s.on(c.Request().Context(), areaNamed(name))
	if err == nil && !on {
		err = echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// showArea names the area a page belongs to when that is not its route's (an e-consult opened from the
// conversations), so that the menu marks the right item.
func showArea(c echo.Context, name string) { state(c).Area = name }

// badges counts the numbers beside the menu's items, each query at most once per menu.
type badges struct {
	s       *Server
	ctx     context.Context
	user    *queries.User
	patient *queries.User // the patient in view, on the portal
	waiting *queries.CountOpenForStaffRow
}

// unread is the number of the practice's messages the patient has not read (counted once per request:
// the overview counts them too).
func (b *badges) unread() (int64, error) {
	memo := memoOf(b.ctx)
	if b.patient == nil {
		return 0, nil
	}
	p := b.patient.ID
	if n, ok := memo.unreadOf(p); ok {
		return n, nil
	}
	n, err := b.s.db.R.CountUnreadForPatient(b.ctx, p)
	if err == nil {
		memo.noteUnread(p, n)
	}
	return n, err
}

// waitingFor are the open conversations that wait for this staff member or the team.
func (b *badges) waitingFor() (queries.CountOpenForStaffRow, error) {
	if b.waiting == nil {
		w, err := b.s.db.R.CountOpenForStaff(b.ctx, b.user.ID)
		if err != nil {
			return w, err
		}
		b.waiting = &w
	}
	return *b.waiting, nil
}

func (b *badges) waitingMessages() (int64, error) {
	w, err := b.waitingFor()
	return w.Messages, err
}

func (b *badges) waitingEconsults() (int64, error) {
	w, err := b.waitingFor()
	return w.Econsults, err
}

// unseenAppointments counts in the same statement as the conversations (waitingFor), read at every
// request: a patient's new booking shows at once.
func (b *badges) unseenAppointments() (int64, error) {
	w, err := b.waitingFor()
	return w.Appointments, err
}

// menuKey is what a menu's items depend on: the user's role and which areas of the table are off.
type menuKey struct {
	role string
	off  uint64 // bit i: areas[i] is off
}

// menuArea is an item of a cached menu, with the area it belongs to.
type menuArea struct {
	item views.MenuItem
	area area
}

// menuAreas returns the items of the menu for u's role while the clinic's switches are as now: built at
// the first page that needs them, then taken from s.menus, since only a settings change or another
// role gives another list.
func (s *Server) menuAreas(ctx context.Context, u *queries.User) []menuArea {
	key := menuKey{role: u.Role}
	for i, a := range areas {
		if a.Href == "" || a.On == nil || !a.Menu.fits(u.Role) {
			continue
		}
		if on, err := s.on(ctx, a); err != nil || !on {
			key.off |= 1 << i // a failed look-up leaves the item out rather than the page
		}
	}
	if cached, ok := s.menus.Load(key); ok {
		return cached.([]menuArea)
	}
	var list []menuArea
	for i, a := range areas {
		if a.Href == "" || !a.Menu.fits(u.Role) || key.off&(1<<i) != 0 {
			continue
		}
		list = append(list, menuArea{item: views.MenuItem{Href: a.Href, Label: a.Label, BadgeLabel: a.BadgeLabel}, area: a})
	}
	s.menus.Store(key, list)
	return list
}

// menu lists the areas the user may open and the clinic offers, with their numbers. The current item is
// the one of the page's area (Area, which a handler may name with showArea); a page of an area without
// an item of its own in this menu marks the item whose address its path begins with. On someone else's
// portal only the areas the authorisation opens are in it.
func (s *Server) menu(ctx context.Context, st *requestState, path string) []views.MenuItem {
	u, current := st.User, st.Area
	list := s.menuAreas(ctx, u)
	if st.Grant != nil || (u.Role == "relative" && st.Patient == nil) {
		list = slices.DeleteFunc(slices.Clone(list), func(m menuArea) bool {
			return m.area.Menu == patient && (st.Grant == nil || !st.Grant.allows(m.area.Name, http.MethodGet))
		})
	}
	items := make([]views.MenuItem, len(list))
	b := &badges{s: s, ctx: ctx, user: u, patient: st.Patient}
	for i, m := range list {
		items[i] = m.item
		if m.area.Badge != nil {
			items[i].Badge, _ = m.area.Badge(b)
		}
	}
	mark := func(is func(i int) bool) bool {
		for i := range items {
			if is(i) {
				items[i].Current = true
				return true
			}
		}
		return false
	}
	if !mark(func(i int) bool { return list[i].area.Name == current }) {
		mark(func(i int) bool { return path == items[i].Href || strings.HasPrefix(path, items[i].Href+"/") })
	}
	return items
}
