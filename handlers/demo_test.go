package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"balie/internal/mail"
	"balie/internal/outbox"
)

// The demo outbox shows the codes in text messages apart and the links in mails clickable.
func TestDemoOutboxShowsCodesAndLinks(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	if err := outbox.EnqueueEmail(ctx, a.db.W, a.clock.Now(), "anna@example.nl", "nl", mail.Message{Subject: "Uw uitnodiging", Text: "Open http://localhost/activeren/abc123 om te beginnen."}); err != nil {
		t.Fatal(err)
	}
	if err := outbox.EnqueueSMS(ctx, a.db.W, a.clock.Now(), "06 1234 5678", "nl", "Uw inlogcode voor Praktijk is 123456. Deel deze code met niemand.", a.clock.Now().Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	p := a.newClient().get("/demo/outbox")
	wantStatus(t, p, http.StatusOK)
	if got := p.Text(".outbox-sms .outbox-code"); got != "123456" {
		t.Errorf("code %q", got)
	}
	if !strings.Contains(p.Text(".outbox-sms .outbox-body"), "Uw inlogcode voor Praktijk is 123456. Deel deze code met niemand.") {
		t.Errorf("sms text %q", p.Text(".outbox-sms .outbox-body"))
	}
	if href, _ := p.Doc.Find(".outbox-email .outbox-body a").First().Attr("href"); href != "http://localhost/activeren/abc123" {
		t.Errorf("link %q", href)
	}
}
