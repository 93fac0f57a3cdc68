package queries_test

import (
	"testing"

	"balie/queries"
)

func TestHomeScreenName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, short, want string }{
		{"Gezondheidscentrum De Linde", "", "De Linde"},
		{"Praktijk Noord", "", "Noord"}, // 14 characters: the last word
		{"GGZ Noord", "", "GGZ Noord"},  // fits as it is
		{"Tandartspraktijk Smit & Zonen", "", "Smit & Zonen"},
		{"Fysiotherapiecentrum", "", "Fysiotherap…"}, // one word too long: cut, and says so
		{"Gezondheidscentrum De Linde", "Linde", "Linde"},
	} {
		got := queries.ClinicSetting{Name: tc.name, ShortName: tc.short}.HomeScreenName()
		if got != tc.want {
			t.Errorf("%q, %q → %q, want %q", tc.name, tc.short, got, tc.want)
		}
	}
}
