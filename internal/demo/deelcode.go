package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"balie/internal/accesslog"
	"balie/internal/token"
	"balie/queries"
)

// ShareCode is the live share code Anna de Vries made for her locum: the demo prints it among its
// sign-ins, so that a tester can read her shared record at /inzien with it and her birth date.
const ShareCode = "ANNAD-EVR34"

// shareCodes gives the first patient two share codes (handlers/deelcode.go): one she made for her
// physiotherapist ten days ago, used the next day and expired 24 hours later, with what he read (the
// rows returned, for her access log); and a live one for a locum, not used yet.
func (g *generator) shareCodes(ctx context.Context, patient int64, shared []sharedReport) ([]accesslog.Entry, error) {
	made := g.officeHours(g.now.AddDate(0, 0, -10))
	used := g.officeHours(made.Add(24 * time.Hour))
	_, hash, err := token.NewShareCode()
	if err != nil {
		return nil, err
	}
	id, err := g.q.CreateShareCode(ctx, queries.CreateShareCodeParams{PatientID: patient, CodeHash: hash,
		Label: "fysiotherapeut Bakker", Areas: "dossier medicatie", Now: made, UnusedUntil: made.AddDate(0, 0, 7), MaxLive: 5})
	if err != nil {
		return nil, err
	}
	if err := g.q.OpenShareCode(ctx, queries.OpenShareCodeParams{Now: sql.NullTime{Time: used, Valid: true},
		EndsAt: sql.NullTime{Time: used.Add(24 * time.Hour), Valid: true}, ID: id}); err != nil {
		return nil, err
	}
	address := "145.53.12.88" // the physiotherapy practice
	var log []accesslog.Entry
	view := func(at time.Time, object string, objectID int64, action string) {
		log = append(log, accesslog.Entry{At: at, ActorRole: "viewer", ShareCodeID: id, PatientID: patient,
			ObjectType: object, ObjectID: objectID, Action: action, Outcome: accesslog.OutcomeOK, Address: address,
			RequestID: fmt.Sprintf("%016x", g.r.Uint64())})
	}
	view(used, "share_code", id, accesslog.ActionChange)
	view(used.Add(20*time.Second), "share_code", id, accesslog.ActionRead)
	view(used.Add(time.Minute), "dossier", 0, accesslog.ActionList)
	read := 0
	for k := len(shared) - 1; k >= 0 && read < 2; k-- { // the two newest reports shared by then
		if shared[k].published.Before(used) {
			read++
			view(used.Add(time.Duration(1+read)*time.Minute), "report", shared[k].id, accesslog.ActionRead)
		}
	}
	view(used.Add(5*time.Minute), "medication", 0, accesslog.ActionList)

	if _, err := g.q.CreateShareCode(ctx, queries.CreateShareCodeParams{PatientID: patient, CodeHash: token.ShareCodeHash(ShareCode),
		Label: "waarnemend huisarts", Areas: "dossier documents medicatie uitslagen agenda", Now: g.now.Add(-time.Hour),
		UnusedUntil: g.now.Add(-time.Hour).AddDate(0, 0, 7), MaxLive: 5}); err != nil {
		return nil, err
	}
	return log, nil
}
