package handlers_test

import (
	"testing"

	"balie/static"
)

func mustAssets(t testing.TB) *static.Assets {
	a, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	return a
}
