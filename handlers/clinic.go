package handlers

import (
	"context"

	"balie/queries"
)

// The clinic's settings are read by the page frame, the menu, the factor and password checks …. The
// server holds them in memory with their version (clinic_settings.version, raised by a trigger on every
// change, also one made by another process). A signed-in request learns the current version with its
// session (LoadSession) and reads the settings again only when the held ones are not that version; any
// other request reads them once.

// clinic returns the clinic's settings: the held ones when they are current, else read (once per request).
func (s *Server) clinic(ctx context.Context) (queries.ClinicSetting, error) {
	memo := memoOf(ctx)
	if memo.clinic != nil {
		return *memo.clinic, nil
	}
	if held := s.clinicHeld.Load(); held != nil && memo.clinicVersion != 0 && held.Version == memo.clinicVersion {
		memo.clinic = held
		return *held, nil
	}
	c, err := s.db.R.GetClinic(ctx)
	if err != nil {
		return c, err
	}
	s.clinicHeld.Store(&c)
	memo.clinic = &c
	return c, nil
}
