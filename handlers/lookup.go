package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"
)

// lookup finds the object named by the URL parameter param with find, a query scoped to what the user may
// see. objectType names it in the access log, patientID is the patient in view whose scope find applies
// (0 on the clinic's own pages, where any staff member may open any of them). A parameter that is not a
// number, and a row that is not there (or is another patient's), are the same 404, logged as denied.
func lookup[T any](s *Server, c echo.Context, param, objectType string, patientID int64,
	find func(ctx context.Context, id int64) (T, error)) (T, error) {
	var v T
	id, err := strconv.ParseInt(c.Param(param), 10, 64)
	if err != nil {
		return v, s.refuse(c, objectType, 0, patientID)
	}
	v, err = find(c.Request().Context(), id)
	if errors.Is(err, sql.ErrNoRows) {
		return v, s.refuse(c, objectType, id, patientID)
	}
	return v, err
}
