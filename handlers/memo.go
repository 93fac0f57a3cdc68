package handlers

import (
	"context"

	"balie/queries"
)

// requestMemo is what a request already knows, so that no statement runs twice for it: the version of
// the clinic's settings its session load saw (0: none) and the settings once it has them (clinic.go),
// and the patient's unread messages once a page has counted them (the menu's badge shows the same
// number). requestContext puts an empty one in every request's context.
type requestMemo struct {
	clinicVersion int64
	clinic        *queries.ClinicSetting
	unread        *int64
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
