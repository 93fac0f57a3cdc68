package handlers

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// lookup finds the row named by the URL parameter param with find, a query scoped to what the user may
// see. A parameter that is not a number, and a row that is not there (or is another patient's), are
// the same 404.
func lookup[T any](c echo.Context, param string, find func(ctx context.Context, id int64) (T, error)) (T, error) {
	id, err := strconv.ParseInt(c.Param(param), 10, 64)
	if err != nil {
		var none T
		return none, echo.NewHTTPError(http.StatusNotFound)
	}
	v, err := find(c.Request().Context(), id)
	if errors.Is(err, sql.ErrNoRows) {
		return v, echo.NewHTTPError(http.StatusNotFound)
	}
	return v, err
}
