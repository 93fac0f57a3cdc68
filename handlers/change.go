package handlers

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// changeLog collects what a change touched, for its access-log rows.
type changeLog struct {
	s       *Server
	c       echo.Context
	entries []accesslog.Entry
}

// add records that the change touched a patient's object; an id made in the transaction is added once known.
func (l *changeLog) add(objectType string, objectID, patientID int64) {
	l.entries = append(l.entries, l.s.logEntry(l.c, objectType, objectID, accesslog.ActionChange, accesslog.OutcomeOK, patientID))
}

// addAccount records a change of u's account: a row when u is a patient (a staff member's own account is
// no patient's data).
func (l *changeLog) addAccount(objectType string, u *queries.User) {
	if id := patientOf(u); id != 0 {
		l.add(objectType, id, id)
	}
}

// change is the one way to change patients' data (design.md §8): fn runs in one write transaction and
// adds to cl what it touched, and those access-log rows are written in the same transaction, so that the
// change and its rows commit together or not at all. fn gets a context the client cannot cancel: a change
// once started finishes with its rows, even when the browser has gone.
func (s *Server) change(c echo.Context, fn func(ctx context.Context, q *queries.Queries, cl *changeLog) error) error {
	ctx := context.WithoutCancel(c.Request().Context())
	cl := &changeLog{s: s, c: c}
	return s.db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		if err := fn(ctx, q, cl); err != nil {
			return err
		}
		return accesslog.Insert(ctx, q, cl.entries...)
	})
}

// changeAccount changes u's account (fn) with change, and writes in the same transaction the account
// event of kind that the user and the practice see.
func (s *Server) changeAccount(c echo.Context, u *queries.User, kind string, fn func(ctx context.Context, q *queries.Queries) error) error {
	return s.change(c, func(ctx context.Context, q *queries.Queries, cl *changeLog) error {
		if err := fn(ctx, q); err != nil {
			return err
		}
		cl.addAccount(objAccount, u)
		return s.addAccountEvent(ctx, q, c, u.ID, kind)
	})
}
