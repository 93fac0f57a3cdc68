package static

// Home screens want PNG icons besides icon.svg: Android 192 and 512 px, a maskable one that the platform
// cuts to its own shape, Apple a 180 px touch icon. They are drawn from the same design as icon.svg (a
// rounded teal square with a white mark) by icons_draw_test.go, which `go generate` runs to write them
// and every test run holds against the committed files; they are embedded like the other assets, so
// that a start draws nothing.
//
//go:generate go test -run TestDrawnIconsAreCommitted -args -update

// Icon is one drawn icon: its logical asset name, its size in pixels, and how it is drawn.
type Icon struct {
	Name string
	Size int
	// Purpose is the icon's purpose in the web manifest; empty for Apple's, which the page links instead.
	Purpose string
	// FullBleed fills the whole square: the platform (maskable, Apple) cuts its own shape out of it.
	FullBleed bool
	// MarkScale shrinks the mark around the centre; a maskable icon keeps it inside the safe zone.
	MarkScale float64
}

// Icons are the drawn icons. The maskable one keeps its mark well within the safe zone, the central
// circle with a radius of 40 % of the icon that every platform's mask leaves whole.
var Icons = []Icon{
	{Name: "icon-192.png", Size: 192, Purpose: "any", MarkScale: 1},
	{Name: "icon-512.png", Size: 512, Purpose: "any", MarkScale: 1},
	{Name: "icon-maskable-512.png", Size: 512, Purpose: "maskable", FullBleed: true, MarkScale: 0.75},
	{Name: "apple-touch-icon.png", Size: 180, FullBleed: true, MarkScale: 1},
}
