package password

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes: nothing is truncated
	for _, pw := range []string{"correct horse battery staple", long, "kort"} {
		h, err := Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Fatalf("unexpected hash format %q", h)
		}
		if ok, err := Verify(pw, h); !ok || err != nil {
			t.Fatalf("Verify(%q) = %v, %v", pw, ok, err)
		}
		if ok, _ := Verify(pw+"x", h); ok {
			t.Fatalf("a different password verified")
		}
		if ok, _ := Verify(pw[:len(pw)-1], h); ok {
			t.Fatalf("a shorter password verified")
		}
	}
	if _, err := Verify("x", "$2a$10$bcrypt"); err == nil {
		t.Fatal("a foreign hash was accepted")
	}
	a, _ := Hash("same")
	b, _ := Hash("same")
	if a == b {
		t.Fatal("two hashes of one password share a salt")
	}
}
