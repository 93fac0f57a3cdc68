package sms_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"balie/internal/clock"
	"balie/internal/sms"
	"balie/internal/sms/smstest"
	"balie/locales"
	"balie/static"
	"balie/views"
)

func TestSMSNormalize(t *testing.T) {
	good := map[string]string{
		"06 1234 5678":           "+31612345678",
		"06-12345678":            "+31612345678",
		"0612345678":             "+31612345678",
		"+31 6 12345678":         "+31612345678",
		"+31 (0)6 1234 5678":     "+31612345678",
		"0031612345678":          "+31612345678",
		" 06 87 65 43 21 ":       "+31687654321",
		"+32 470 12 34 56":       "+32470123456",
		"0049 151 23456789":      "+4915123456789",
		"+31612345678":           "+31612345678",
		"06\u00a01234\u00a05678": "+31612345678",
	}
	for in, want := range good {
		got, err := sms.Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", "020 123 4567", "010-1234567", "06 1234 567", "06 1234 56789", "066 123 4567", // pager
		"067 123 4567", "+31 20 123 4567", "612345678", "06-1234-567a", "+1 23", "0800 1234",
		"++31612345678", "06 1234 5678 ext 2",
	}
	for _, in := range bad {
		if got, err := sms.Normalize(in); !errors.Is(err, sms.ErrNotMobile) {
			t.Errorf("Normalize(%q) = %q, %v; want ErrNotMobile", in, got, err)
		}
	}
}

func TestSMSSendThroughCM(t *testing.T) {
	cm := smstest.Start(t)
	c := sms.New(cm.URL, smstest.Token, "Praktijk")
	if err := c.Send(context.Background(), 42, "+31612345678", "Uw inlogcode is 123456."); err != nil {
		t.Fatal(err)
	}
	got := cm.Messages()
	if len(got) != 1 {
		t.Fatalf("CM received %d messages", len(got))
	}
	want := smstest.Message{From: "Praktijk", To: "0031612345678", Text: "Uw inlogcode is 123456.", Reference: "balie-outbox-42"}
	if got[0] != want {
		t.Fatalf("CM received %+v, want %+v", got[0], want)
	}
}

func TestSMSErrorsAreShortAndSecretFree(t *testing.T) {
	cm := smstest.Start(t)
	ctx := context.Background()
	wrongToken := "11111111-2222-3333-4444-555555555555"
	err := sms.New(cm.URL, wrongToken, "Praktijk").Send(ctx, 1, "+31612345678", "x")
	if err == nil || !strings.Contains(err.Error(), "No account found") || !strings.Contains(err.Error(), "400") {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), wrongToken) {
		t.Fatalf("the error shows the token: %v", err)
	}
	// CM rejects the message itself (here: an empty text).
	err = sms.New(cm.URL, smstest.Token, "Praktijk").Send(ctx, 2, "+31612345678", " ")
	if err == nil || !strings.Contains(err.Error(), "A body without content") {
		t.Fatalf("empty text: %v", err)
	}
	// CM's server fails.
	cm.FailNext(1)
	if err := sms.New(cm.URL, smstest.Token, "Praktijk").Send(ctx, 3, "+31612345678", "x"); err == nil || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("server error: %v", err)
	}
	// A number that is not mobile never reaches CM.
	if err := sms.New(cm.URL, smstest.Token, "Praktijk").Send(ctx, 4, "020 1234567", "x"); !errors.Is(err, sms.ErrNotMobile) {
		t.Fatalf("landline: %v", err)
	}
	// CM cannot be reached.
	cm.Close()
	err = sms.New(cm.URL, smstest.Token, "Praktijk").Send(ctx, 5, "+31612345678", "x")
	if err == nil || strings.Contains(err.Error(), smstest.Token) {
		t.Fatalf("unreachable: %v", err)
	}
	if len(cm.Messages()) != 0 {
		t.Fatalf("CM accepted %d messages", len(cm.Messages()))
	}
}

// The code texts fit in one SMS part in both languages, even with a long clinic name.
func TestSMSTextsFitOnePart(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := views.New(bundle, assets, clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	clinic := "Huisartsenpraktijk De Lange Voorhout" // 36 characters
	for _, lang := range locales.Languages {
		for _, kind := range []string{"sign_in_code", "reset_code", "mobile_code"} {
			text, err := sms.Compose(v.Translator(lang), clinic, kind, map[string]any{"Code": "123456"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, "123456") || !strings.Contains(text, clinic) {
				t.Errorf("%s %s: %q lacks the code or the clinic", lang, kind, text)
			}
			if n := len([]rune(text)); n > 160 {
				t.Errorf("%s %s: %d characters: %q", lang, kind, n, text)
			}
			for _, r := range text {
				if r > 0x7e && !strings.ContainsRune("éèùìòÇØøÅåÄÖÑÜäöñüà", r) {
					t.Errorf("%s %s: %q is not in the GSM alphabet, so the SMS holds only 70 characters", lang, kind, r)
				}
			}
		}
	}
	if _, err := sms.Compose(v.Translator("nl"), clinic, "no_such_kind", nil); err == nil {
		t.Fatal("an unknown kind composed")
	}
}
