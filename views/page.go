package views

import (
	"time"

	"balie/queries"
)

// Page is what every template receives: the frame (language, clinic, user, menu, session timers) and
// the page's own Data.
type Page struct {
	Lang          string
	Clinic        queries.ClinicSetting
	User          *queries.User // nil before sign-in and until it is complete
	Pending       bool          // signed in half-way (second factor, activation, terms)
	Home          string        // the signed-in user's start page
	Menu          []MenuItem
	Path          string // the current path, for forms that come back here
	ContrastClass string // "hc", "no-hc" or "" (follow the device)
	Session       SessionTimes
	RequestID     string
	Demo          bool
	Passkeys      bool // passkeys are offered: the clinic allows them and this address can have them
	Data          any
	// Errors are the problems of the form the page shows again (its Data embeds a Form): the layout
	// puts them in the error summary and "Fout: " before the title.
	Errors []FieldError
	// Notice is what the last action did ("Uw bericht is verstuurd"), shown once by the layout.
	Notice *Text
	// Portal is whose portal a patient or relative has open, when they may open more than their own
	// (nil: no switcher).
	Portal *Portal
}

// Portal is the patient in view as the menu's switcher and the banner show them.
type Portal struct {
	Own       bool // the user's own portal (no banner)
	Name      string
	BirthDate time.Time // zero when not known
}

// MenuItem is one entry of the main menu; Label is a locale key.
type MenuItem struct {
	Href    string
	Label   string
	Current bool
	Badge   int64 // e.g. unread messages; 0 shows nothing
	// BadgeLabel is the locale key of what the number counts, for screen readers ("ongelezen" if empty).
	BadgeLabel string
}

// BadgeKey is the locale key that says what the badge counts.
func (m MenuItem) BadgeKey() string {
	if m.BadgeLabel == "" {
		return "messages.unread_short"
	}
	return m.BadgeLabel
}

// SessionTimes are the seconds left until the session's idle and absolute limits.
type SessionTimes struct {
	IdleLeft     int
	AbsoluteLeft int
	WarnBefore   int // how long before either limit the warning shows
}
