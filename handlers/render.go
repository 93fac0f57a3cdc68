package handlers

import (
	"context"
	"database/sql"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/queries"
	"balie/views"
)

// render answers with a page: the whole document for normal and boosted requests, only its content for
// other htmx requests (design.md §3).
func (s *Server) render(c echo.Context, status int, page string, data any) error {
	r := c.Request()
	fragment := r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true"
	st := state(c)
	body, err := s.views.Render(st.Lang, page, fragment, s.pageFrame(c, data, !fragment))
	if err != nil {
		return err
	}
	c.Response().Header().Add("Vary", "HX-Request")
	return c.HTMLBlob(status, body)
}

// tr is the translator of the request's language, for messages built in handlers.
func (s *Server) tr(c echo.Context) *views.Translator { return s.views.Translator(state(c).Lang) }

// pageFrame fills in what every page shows around its own content. A fragment (withChrome false) has
// no menu or session timers, so they are not looked up: autosave answers stay cheap.
func (s *Server) pageFrame(c echo.Context, data any, withChrome bool) views.Page {
	st := state(c)
	clinic, err := s.clinic(c.Request().Context())
	if err != nil {
		s.log.Error("clinic settings", "err", err, "id", st.ID)
	}
	current := c.Request().URL.Path
	if m, ok := data.(menuPlaced); ok {
		current = m.MenuHref()
	}
	p := views.Page{
		Lang:          st.Lang,
		Clinic:        clinic,
		Path:          c.Request().URL.Path,
		ContrastClass: map[string]string{"on": "hc", "off": "no-hc"}[st.Contrast],
		RequestID:     st.ID,
		Demo:          s.cfg.Demo,
		Passkeys:      s.passkeysOffered(clinic),
		Data:          data,
		Notice:        s.noticeOf(c),
	}
	if f, ok := data.(interface{ FormErrors() []views.FieldError }); ok {
		p.Errors = f.FormErrors()
	}
	switch {
	case st.User == nil:
	case stageOf(st) != stageFull:
		p.Pending = true // half-way through signing in: no menu, but a way out
	default:
		p.User = st.User
		p.Home = homeOf(st.User.Role)
		if withChrome {
			p.Menu = s.menu(c.Request().Context(), st.User, current)
			p.Session.IdleLeft, p.Session.AbsoluteLeft = s.sessionTimes(st)
			p.Session.WarnBefore = int(warnBefore(s.cfg.IdleTimeout).Seconds())
		}
	}
	return p
}

// menuPlaced is page data that names the menu item it is under, where its path alone would mark
// another (an e-consult's conversation is at /praktijk/berichten/:id, but in the e-consult queue).
type menuPlaced interface{ MenuHref() string }

// menu lists the areas a user can open; an area appears here once it is built (messages only when the
// clinic offers them), with the number of unread messages beside "Berichten".
func (s *Server) menu(ctx context.Context, u *queries.User, current string) []views.MenuItem {
	var items []views.MenuItem
	messagesOn, econsultOn, _ := s.messageArea(ctx)
	if u.Role == "patient" {
		items = []views.MenuItem{{Href: "/overzicht", Label: "nav.overview"}}
		if messagesOn || econsultOn {
			unread, _ := s.db.R.CountUnreadForPatient(ctx, u.ID)
			items = append(items, views.MenuItem{Href: "/berichten", Label: "nav.messages", Badge: unread})
		}
		items = append(items,
			views.MenuItem{Href: "/dagboek", Label: "nav.diary"},
			views.MenuItem{Href: documentsPath, Label: "nav.documents"},
			views.MenuItem{Href: "/profiel", Label: "nav.profile"},
			views.MenuItem{Href: "/account/beveiliging", Label: "nav.security"})
	} else {
		items = []views.MenuItem{{Href: "/praktijk/patienten", Label: "nav.patients"}}
		// Beside each queue: how many open conversations wait for this staff member or the team.
		waiting, _ := s.db.R.CountOpenForStaff(ctx, sql.NullInt64{Int64: u.ID, Valid: true})
		if messagesOn {
			items = append(items, views.MenuItem{Href: "/praktijk/berichten", Label: "nav.inbox", Badge: waiting.Messages, BadgeLabel: "inbox.waiting_short"})
		}
		if econsultOn {
			items = append(items, views.MenuItem{Href: "/praktijk/econsulten", Label: "nav.econsult_queue", Badge: waiting.Econsults, BadgeLabel: "inbox.waiting_short"})
		}
		items = append(items, views.MenuItem{Href: "/account/beveiliging", Label: "nav.security"})
		if u.Role == "admin" {
			items = append(items,
				views.MenuItem{Href: "/praktijk/beheer/medewerkers", Label: "nav.admin_staff"},
				views.MenuItem{Href: "/praktijk/beheer/instellingen", Label: "nav.admin_settings"},
				views.MenuItem{Href: "/praktijk/beheer/voorwaarden", Label: "nav.admin_terms"},
				views.MenuItem{Href: "/praktijk/beheer/uitgaand", Label: "nav.admin_outbox"})
		}
		if s.cfg.Demo {
			items = append(items, views.MenuItem{Href: "/demo/outbox", Label: "nav.outbox"})
		}
	}
	for i := range items {
		items[i].Current = current == items[i].Href || strings.HasPrefix(current, items[i].Href+"/")
	}
	return items
}

func homeOf(role string) string {
	if role == "patient" {
		return "/overzicht"
	}
	return "/praktijk/patienten"
}
