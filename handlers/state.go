package handlers

import (
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"balie/internal/sessionstore"
	"balie/queries"
	"balie/views"
)

// requestState is what the middleware learns about a request, for the handlers and the page frame.
type requestState struct {
	ID       string
	Lang     string
	Contrast string // "on", "off" or "" (follow the device)
	User     *queries.User
	Session  *sessions.Session
	Meta     sessionstore.Meta
	// Why a presented session was not accepted ("" when none was presented or it was fine).
	Ended string
	// Patient is the patient in view: whose data the request reads or writes, set by the access layer
	// (enterPatient); nil on pages about no one patient.
	Patient *queries.User
	// OnBehalfOf is the patient the signed-in user acts for when that is someone else (portalPatient);
	// 0 when they act as themselves. Every access-log row of the request records it.
	OnBehalfOf int64
	// Grant is the authorisation through which the user has the patient in view's portal open (nil on
	// the user's own portal and off the portal): what it opens (inview.go).
	Grant *grant
	// Area is the area the page belongs to: its route's, unless the handler names another (showArea).
	Area string
	// Notice is what the page this request renders says about the user's last action (notice.go).
	Notice *views.Text
}

const stateKey = "balie.state"

func state(c echo.Context) *requestState {
	if st, ok := c.Get(stateKey).(*requestState); ok {
		return st
	}
	st := &requestState{Lang: "nl"}
	c.Set(stateKey, st)
	return st
}

// isStaff reports whether a role belongs to the clinic's staff.
func isStaff(role string) bool {
	return role == "admin" || role == "practitioner" || role == "assistant"
}
