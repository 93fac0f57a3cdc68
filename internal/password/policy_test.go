package password

import "testing"

func TestPolicy(t *testing.T) {
	p := Policy{ClinicName: "Gezondheidscentrum De Linde"}
	for pw, want := range map[string]bool{
		"":                            false,
		"kort":                        false,
		"fiets-boom-lamp-koffie":      true,
		"een zin als wachtwoord":      true,
		"qwertyuiop123":               false, // common with digits around it
		"Password1234!":               false,
		"aaaaaaaaaaaaaa":              false,
		"123456789012":                false,
		"abcabcabcabc":                false,
		"ik werk bij de linde":        false, // clinic name part
		"gezondheidscentrum2026":      false,
		"anna de vries heeft een kat": false, // own name
		"mijn adres is devries12345x": false, // e-mail local part
		"lange zin met é en ü en 🙂!":  true,
	} {
		got := OK(p.Check(pw, "Anna", "de Vries", "anna.devries@voorbeeld.example"))
		if got != want {
			t.Errorf("%q: ok=%v, want %v: %+v", pw, got, want, p.Check(pw, "Anna", "de Vries", "anna.devries@voorbeeld.example"))
		}
	}
	strict := Policy{Composition: true}
	if OK(strict.Check("fiets-boom-lamp-koffie")) || !OK(strict.Check("Fiets-boom-lamp-42")) {
		t.Fatal("composition rules")
	}
	if n := len(strict.Check("x")); n != 6 {
		t.Fatalf("%d rules with composition", n)
	}
}
