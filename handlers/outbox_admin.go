package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminOutbox shows the administrator what mail and SMS is queued and what failed (built by the
// outbox work in progress).
func (s *Server) adminOutbox(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound) }

// retryOutbox sends a failed message again.
func (s *Server) retryOutbox(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound) }
