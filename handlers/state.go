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
