package handlers

import (
	"context"

	"balie/queries"
)

// requestMemo is what a request already knows, so that no statement runs twice for it: the version of
// the clinic's settings its session load saw (0: none) and the settings once it has them (clinic.go),
// and a patient's unread messages once a page has counted them (the menu's badge shows the same
// number). requestContext puts an empty one in every request's context.
type requestMemo struct {
	clinicVersion int64
	clinic        *queries.ClinicSetting
	unread        *patientCount
}

// patientCount is a number counted for one patient: a memo of it serves only that patient.
type patientCount struct {
	patientID, n int64
}

// noteUnread remembers the patient's number of unread messages for the rest of the request.
func (m *requestMemo) noteUnread(patientID, n int64) { m.unread = &patientCount{patientID, n} }

// unreadOf is the patient's number of unread messages if the request has counted it.
func (m *requestMemo) unreadOf(patientID int64) (int64, bool) {
	if m.unread == nil || m.unread.patientID != patientID {
		return 0, false
	}
	return m.unread.n, true
}

type requestMemoKey struct{}

func withRequestMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestMemoKey{}, &requestMemo{})
}

// memoOf is the request's memo; a context without one (a background job) gets a fresh one, which
// remembers nothing beyond the call.
func memoOf(ctx context.Context) *requestMemo {
	if m, ok := ctx.Value(requestMemoKey{}).(*requestMemo); ok {
		return m
	}
	return &requestMemo{}
}
