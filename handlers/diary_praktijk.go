package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/queries"
)

// sharedDiaryEntry is a shared entry as the practice sees it.
func (s *Server) sharedDiaryEntry(c echo.Context) error {
	p := state(c).Patient
	e, err := lookup(s, c, "entry", objDiaryEntry, p.ID, func(ctx context.Context, id int64) (queries.DiaryEntry, error) {
		return s.db.R.GetSharedDiaryEntry(ctx, queries.GetSharedDiaryEntryParams{ID: id, PatientID: p.ID})
	})
	if err != nil {
		return err
	}
	if err := s.logAccess(c, objDiaryEntry, e.ID, accesslog.ActionRead, p.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "diary_entry", diaryEntryPage{Entry: e, Staff: true, Back: "/praktijk/patienten/" + strconv.FormatInt(p.ID, 10)})
}
