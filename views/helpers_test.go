package views

import (
	"testing"

	"balie/internal/clock"
	"balie/locales"
	"balie/static"
)

// testViews builds the views with the app's locales and assets on clk; fold as New does, or not.
func testViews(tb testing.TB, clk clock.Clock, fold bool) *Views {
	tb.Helper()
	bundle, err := locales.Bundle()
	if err != nil {
		tb.Fatal(err)
	}
	assets, err := static.Load()
	if err != nil {
		tb.Fatal(err)
	}
	v, err := build(bundle, assets, clk, fold)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}
