package handlers_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"balie/internal/mail"
	"balie/internal/mail/mailtest"
	"balie/internal/outbox"
	"balie/queries"
)

// smtpAt is a sender to the test SMTP server.
func smtpAt(t *testing.T, host string, port int) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, TLS: "none", From: "portaal@praktijk.example", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// failedMail enqueues an invitation and lets a real worker fail to deliver it to a mail server that
// hangs up at once, giving up after one attempt; it returns the row.
func failedMail(t *testing.T, a *testApp) queries.Outbox {
	t.Helper()
	ctx := context.Background()
	// The port stays taken: a closed one could be taken by another test's mail server meanwhile.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	m := mail.Message{Subject: "Uw uitnodiging", Text: "Maak uw account aan: http://localhost/activeren/geheim-token-123", HTML: "<p>geheim-token-123</p>"}
	if err := outbox.EnqueueEmail(ctx, a.db.W, a.clock.Now(), "anna@example.nl", "nl", m); err != nil {
		t.Fatal(err)
	}
	w := outbox.NewWorker(a.db, a.clock, outbox.Options{Email: smtpAt(t, "127.0.0.1", port), MaxAttempts: 1})
	if _, err := w.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := a.db.R.ListOutboxUnsent(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0].Status != outbox.Failed || rows[0].Recipient != "anna@example.nl" || rows[0].LastError == "" {
		t.Fatalf("no failed mail: %+v", rows)
	}
	return rows[0]
}

func TestAdminOutboxShowsFailedMailAndRetries(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	ctx := context.Background()
	failed := failedMail(t, a)
	c := a.staffClient("admin")
	page := "/praktijk/beheer/uitgaand"

	p := c.get(page)
	wantStatus(t, p, http.StatusOK)
	if got := p.Text("main h1"); got != a.T("beheer_outbox.title") {
		t.Fatalf("h1 %q", got)
	}
	if href, _ := p.Doc.Find(`nav a[aria-current=page]`).First().Attr("href"); href != page {
		t.Errorf("current menu item %q", href)
	}
	if got := p.Text(`nav a[href="` + page + `"]`); got != a.T("nav.admin_outbox") {
		t.Errorf("menu label %q", got)
	}
	tr := p.Doc.Find(fmt.Sprintf("#bericht-%d", failed.ID))
	text := tr.Text()
	for _, want := range []string{a.T("beheer_outbox.status_failed"), a.T("beheer_outbox.email"), "anna@example.nl", "Uw uitnodiging", failed.LastError} {
		if !strings.Contains(text, want) {
			t.Errorf("the failed row lacks %q: %s", want, strings.Join(strings.Fields(text), " "))
		}
	}
	// Failed rows come first.
	if first, _ := p.Doc.Find("table.outbox-unsent tbody tr").First().Attr("id"); first != fmt.Sprintf("bericht-%d", failed.ID) {
		t.Errorf("first row %q", first)
	}
	// The administrator sees who and why, never the bodies with their links and codes: not the
	// invitation's token, and not the admin's own sign-in code, which is in the list too.
	if strings.Contains(p.Body, "geheim-token-123") {
		t.Error("the page shows a mail's body")
	}
	if code := a.lastSMSCode(a.staff["admin"].UserName.String); strings.Contains(p.Body, code) {
		t.Error("the page shows an SMS code")
	}
	if !strings.Contains(p.Text("main"), a.T("beheer_outbox.sms")) {
		t.Error("the delivered sign-in SMS is not listed")
	}

	// Retry: Post/Redirect/Get back to the page with a notice; the row is queued again.
	retry := fmt.Sprintf("%s/%d/opnieuw", page, failed.ID)
	action, _ := tr.Find("form").Attr("action")
	if action != retry {
		t.Fatalf("retry form posts to %q", action)
	}
	p = c.post(retry, nil)
	wantStatus(t, p, http.StatusSeeOther)
	if loc := p.Header.Get("Location"); loc != page+"?melding=beheer_outbox.notice_retried" {
		t.Fatalf("redirect to %q", loc)
	}
	r, err := a.db.R.GetOutbox(ctx, failed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != outbox.Queued || r.Attempts != 0 || r.LastError != "" {
		t.Fatalf("after retry: %+v", r)
	}
	p = c.follow(p)
	wantStatus(t, p, http.StatusOK)
	if got := p.Text(".notice[role=status]"); got != a.T("beheer_outbox.notice_retried") {
		t.Errorf("notice %q", got)
	}
	tr = p.Doc.Find(fmt.Sprintf("#bericht-%d", failed.ID))
	if !strings.Contains(tr.Text(), a.T("beheer_outbox.status_queued")) || tr.Find("form").Length() != 0 {
		t.Errorf("the retried row: %s", strings.Join(strings.Fields(tr.Text()), " "))
	}
	// A second click changes nothing and is no error.
	wantStatus(t, c.post(retry, nil), http.StatusSeeOther)

	// The mail server is back: the worker delivers the retried mail, and the page lists it as sent.
	srv := mailtest.Start(t)
	w := outbox.NewWorker(a.db, a.clock, outbox.Options{Email: smtpAt(t, srv.Host, srv.Port)})
	if _, err := w.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(1)
	if len(got) != 1 || got[0].To[0] != "anna@example.nl" || !strings.Contains(got[0].Text, "geheim-token-123") {
		t.Fatalf("delivered %+v", got)
	}
	p = c.get(page)
	if tr := p.Doc.Find(fmt.Sprintf("table.outbox-sent #bericht-%d", failed.ID)); !strings.Contains(tr.Text(), "anna@example.nl") {
		t.Errorf("the sent mail is not listed as sent")
	}

	// Unknown ids are 404.
	for _, id := range []string{"999999", "abc", "-1"} {
		wantStatus(t, c.post(page+"/"+id+"/opnieuw", nil), http.StatusNotFound)
	}
}

func TestAdminOutboxIsForAdministratorsOnly(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	failed := failedMail(t, a)
	retry := fmt.Sprintf("/praktijk/beheer/uitgaand/%d/opnieuw", failed.ID)
	for _, c := range []*client{a.staffClient("assistant"), a.staffClient("practitioner"), a.patientClient(0)} {
		wantStatus(t, c.get("/praktijk/beheer/uitgaand"), http.StatusForbidden)
		wantStatus(t, c.post(retry, nil), http.StatusForbidden)
	}
	r, err := a.db.R.GetOutbox(context.Background(), failed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != outbox.Failed {
		t.Fatalf("a non-administrator retried: %+v", r)
	}
	// Only the administrator's menu has the page.
	p := a.staffClient("assistant").get("/praktijk/patienten")
	if p.Doc.Find(`a[href="/praktijk/beheer/uitgaand"]`).Length() != 0 {
		t.Error("the assistant's menu links to the outbox page")
	}
}

// A sign-in code that could not go out before it expired is not sent late: the administrator (and the
// demo's outbox) see it as not sent because the code had expired.
func TestAnExpiredSignInCodeIsNotSentAndShownAsSuch(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	wantStatus(t, a.newClient().post("/inloggen", url.Values{"naam": {me.UserName.String}, "wachtwoord": {demoPassword}}), http.StatusSeeOther)
	a.fixed.Advance(6 * time.Minute) // the SMS provider was unreachable all that time
	admin := a.staffClient("admin")  // delivers what is due
	for _, m := range a.sms.Messages() {
		if strings.HasSuffix(digitsOf(m.To), digitsOf(me.Mobile)[1:]) {
			t.Fatalf("the expired code was sent: %+v", m)
		}
	}
	var id int64
	if err := a.db.Read.QueryRow("SELECT id FROM outbox WHERE status = ? AND recipient LIKE '%' || ?", outbox.Expired, digitsOf(me.Mobile)[1:]).Scan(&id); err != nil {
		t.Fatalf("the code's SMS is not marked expired: %v", err)
	}
	p := admin.get("/praktijk/beheer/uitgaand")
	tr := p.Doc.Find(fmt.Sprintf("table.outbox-sent #bericht-%d", id))
	if !strings.Contains(tr.Text(), a.T("beheer_outbox.status_expired")) || !strings.Contains(tr.Text(), a.T("beheer_outbox.sms")) {
		t.Errorf("the administrator's page: %q", strings.Join(strings.Fields(tr.Text()), " "))
	}
	if !strings.Contains(a.newClient().get("/demo/outbox").Text("main"), a.T("demo.status_expired")) {
		t.Error("the demo outbox does not say the code expired")
	}
}
