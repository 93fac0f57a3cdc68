package factor

import (
	"strings"
	"testing"
	"time"
)

func TestTOTPAcceptsNeighbouringStepsOnceEach(t *testing.T) {
	key, err := NewTOTP("Praktijk", "anna@voorbeeld.example")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 10, 0, time.UTC)
	code := TOTPCode(key.Secret(), now)
	step, ok := CheckTOTP(key.Secret(), code, now, 0)
	if !ok || step != now.Unix()/Period {
		t.Fatalf("current code refused: %v %d", ok, step)
	}
	if _, ok := CheckTOTP(key.Secret(), code, now, step); ok {
		t.Fatal("a code was accepted twice")
	}
	prev := TOTPCode(key.Secret(), now.Add(-Period*time.Second))
	if _, ok := CheckTOTP(key.Secret(), prev[:3]+" "+prev[3:], now, 0); !ok {
		t.Fatal("the previous step (typed with a space) was refused")
	}
	old := TOTPCode(key.Secret(), now.Add(-3*Period*time.Second))
	if _, ok := CheckTOTP(key.Secret(), old, now, 0); ok && old != code && old != prev {
		t.Fatal("a code three steps old was accepted")
	}
	for _, bad := range []string{"", "12345", "abcdef", "1234567"} {
		if _, ok := CheckTOTP(key.Secret(), bad, now, 0); ok {
			t.Fatalf("%q accepted", bad)
		}
	}
	again, err := TOTPKey("Praktijk", "anna@voorbeeld.example", key.Secret())
	if err != nil || again.Secret() != key.Secret() {
		t.Fatalf("rebuilt key differs: %v", err)
	}
	qr, err := QRCode(key)
	if err != nil || !strings.HasPrefix(qr, "data:image/png;base64,") {
		t.Fatalf("QR: %v", err)
	}
}

func TestSMSCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		c, err := NewCode()
		if err != nil || len(c) != 6 || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("code %q %v", c, err)
		}
		seen[c] = true
	}
	if len(seen) < 45 {
		t.Fatal("codes repeat too often")
	}
	h := HashCode("attempt-1", "123456")
	if !SameHash(h, HashCode("attempt-1", "123 456")) || SameHash(h, HashCode("attempt-2", "123456")) {
		t.Fatal("code hashes are not bound to their attempt")
	}
	if GroupSecret("ABCDEFGHIJ") != "ABCD EFGH IJ" {
		t.Fatal(GroupSecret("ABCDEFGHIJ"))
	}
}
