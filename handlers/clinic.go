package handlers

import (
	"context"

	"balie/queries"
)

// The clinic's settings are read by the page frame, the menu, the factor and password checks …: once
// per request is enough. requestContext puts an empty memo in every request's context.

type clinicMemoKey struct{}

type clinicMemo struct{ settings *queries.ClinicSetting }

func withClinicMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, clinicMemoKey{}, &clinicMemo{})
}

// clinic returns the clinic's settings, read at most once per request.
func (s *Server) clinic(ctx context.Context) (queries.ClinicSetting, error) {
	memo, ok := ctx.Value(clinicMemoKey{}).(*clinicMemo)
	if ok && memo.settings != nil {
		return *memo.settings, nil
	}
	c, err := s.db.R.GetClinic(ctx)
	if err == nil && ok {
		memo.settings = &c
	}
	return c, err
}
