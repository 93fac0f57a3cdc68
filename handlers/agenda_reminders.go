package handlers

import "balie/internal/agenda"

// Reminders is the scheduler of appointment reminders (internal/agenda) with this app's database,
// clock and texts; the serve and demo commands run it beside the outbox worker.
func (s *Server) Reminders() *agenda.Reminders {
	return &agenda.Reminders{
		DB: s.db, Clock: s.clock, Log: s.log, Wake: s.wakeOutbox, Link: s.absoluteURL(agendaPath),
		Translator: func(lang string) agenda.Translator { return s.views.Translator(lang) },
	}
}
