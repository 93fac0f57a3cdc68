package mail_test

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"balie/internal/clock"
	"balie/internal/mail"
	"balie/internal/mail/mailtest"
	"balie/locales"
	"balie/queries"
	"balie/static"
	"balie/views"
)

var clinic = queries.ClinicSetting{Name: "Huisartsenpraktijk De Linde", Phone: "010 123 45 67"}

func translators(t *testing.T) map[string]*views.Translator {
	t.Helper()
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
	out := map[string]*views.Translator{}
	for _, l := range locales.Languages {
		out[l] = v.Translator(l)
	}
	return out
}

var keyLike = regexp.MustCompile(`(sms|mail)\.[a-z_]`) // an untranslated key

const link = "https://portaal.example.nl/activeren/abc123?x=1&y=2"

func TestMailComposeInBothLanguages(t *testing.T) {
	tr := translators(t)
	data := map[string]any{"Name": "Anna de Vries", "Days": 5, "Link": link}
	nl, err := mail.Compose(tr["nl"], clinic, "invitation", data)
	if err != nil {
		t.Fatal(err)
	}
	en, err := mail.Compose(tr["en"], clinic, "invitation", data)
	if err != nil {
		t.Fatal(err)
	}
	if nl.Subject != tr["nl"].T("mail.invitation.subject", "Clinic", clinic.Name) || !strings.Contains(nl.Subject, clinic.Name) {
		t.Fatalf("nl subject %q", nl.Subject)
	}
	if en.Subject != tr["en"].T("mail.invitation.subject", "Clinic", clinic.Name) || en.Subject == nl.Subject {
		t.Fatalf("en subject %q", en.Subject)
	}
	for lang, m := range map[string]mail.Message{"nl": nl, "en": en} {
		greeting := tr[lang].T("mail.greeting", "Name", "Anna de Vries")
		for _, want := range []string{greeting, "5", clinic.Name, clinic.Phone, tr[lang].T("mail.no_medical"), tr[lang].T("mail.invitation.action")} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s text lacks %q:\n%s", lang, want, m.Text)
			}
		}
		// The plain text has the link on a line of its own, whole.
		if !strings.Contains(m.Text, "\n"+link+"\n") {
			t.Errorf("%s text lacks the link on its own line:\n%s", lang, m.Text)
		}
		if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
			t.Errorf("%s html has no lang", lang)
		}
		escaped := strings.ReplaceAll(link, "&", "&amp;")
		if !strings.Contains(m.HTML, `href="`+escaped+`"`) {
			t.Errorf("%s html lacks the button link", lang)
		}
		if m.To != "" {
			t.Errorf("Compose set To")
		}
	}
	if !strings.Contains(nl.Text, "Beste Anna de Vries,") || !strings.Contains(en.Text, "Dear Anna de Vries,") {
		t.Fatalf("greetings:\n%s\n%s", nl.Text, en.Text)
	}
}

func TestMailHTMLEscapesData(t *testing.T) {
	tr := translators(t)
	evil := queries.ClinicSetting{Name: `Praktijk <b>"&"</b>`, Phone: "010"}
	m, err := mail.Compose(tr["nl"], evil, "renewal_requested", map[string]any{"Name": `<script>alert(1)</script>`, "Link": link})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", "<b>", `"&"`} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("html contains %q unescaped", bad)
		}
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("html lacks the escaped name:\n%s", m.HTML)
	}
	// The plain text is text: the name as typed.
	if !strings.Contains(m.Text, `<script>alert(1)</script>`) {
		t.Errorf("text lacks the name")
	}
	// Staff mails greet colleagues, not the patient they are about.
	if !strings.HasPrefix(m.Text, tr["nl"].T("mail.renewal_requested.greeting")) {
		t.Errorf("greeting: %q", m.Text[:40])
	}
	// A link must be http(s): a javascript: link is refused, not escaped into the mail.
	if _, err := mail.Compose(tr["nl"], clinic, "invitation", map[string]any{"Days": 5, "Link": "javascript:alert(1)"}); err == nil {
		t.Fatal("javascript: link accepted")
	}
	// A subject is one line whatever the data holds.
	m, err = mail.Compose(tr["nl"], queries.ClinicSetting{Name: "A\r\nBcc: x@example.com", Phone: "1"}, "invitation", map[string]any{"Days": 5, "Link": link})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Fatalf("subject %q", m.Subject)
	}
}

// Every kind composes in both languages with the data its doc names, and missing data is an error.
func TestMailEveryKindComposes(t *testing.T) {
	tr := translators(t)
	kinds := map[string]map[string]any{
		"invitation":                        {"Name": "Anna", "Days": 5, "Link": link},
		"staff_invitation":                  {"Name": "Bert", "Days": 5, "Link": link},
		"renewal_requested":                 {"Name": "Anna", "Link": link},
		"activation_locked":                 {"Name": "Anna", "Link": link},
		"password_reset":                    {"Name": "Anna", "Minutes": 30, "Link": link},
		"password_changed":                  {"Name": "Anna"},
		"mobile_changed":                    {"Name": "Anna", "End": "78"},
		"factor_added":                      {"Name": "Anna", "Factor": "een passkey"},
		"new_message":                       {"Name": "Anna", "Link": link},
		"staff_new_message":                 {"Name": "Sanne", "Link": link},
		"appointment_cancelled":             {"Name": "Anna", "When": "dinsdag 10 maart, 10:00"},
		"appointment_reminder":              {"Name": "Anna", "When": "dinsdag 10 maart, 10:00", "Link": link},
		"appointment_booked":                {"Name": "Anna", "When": "dinsdag 3 maart, 09:00", "Link": link},
		"dossier_summary":                   {"Name": "Anna", "What": "2 nieuwe verslagen en 1 nieuw document", "Link": link},
		"dossier_kopie":                     {"Name": "Anna", "Link": link},
		"uitslagen":                         {"Name": "Anna", "Link": link},
		"kinderen_invitation":               {"Name": "Peter", "Days": 5, "Link": link},
		"naasten_invitation":                {"Name": "Mark", "Days": 5, "Link": link},
		"naasten_added":                     {"Name": "Mark", "Link": link},
		"kinderen_sixteen_month":            {"Name": "Peter", "Link": link},
		"kinderen_sixteen_day":              {"Name": "Peter", "Link": link},
		"dossier_correction_received":       {"Name": "Anna"},
		"dossier_correction_handled":        {"Name": "Anna", "Link": link},
		"herhaalrecepten_requested":         {"Name": "Anna", "Day": "13 januari 2026", "Link": link},
		"herhaalrecepten_changed":           {"Name": "Anna", "Day": "13 januari 2026", "Link": link},
		"appointment_made":                  {"Name": "Anna", "When": "maandag 9 maart, 09:30"},
		"appointment_moved":                 {"Name": "Anna", "When": "dinsdag 10 maart, 10:00", "Old": "maandag 9 maart, 09:30"},
		"appointment_cancelled_by_practice": {"Name": "Anna", "When": "maandag 9 maart, 09:30"},
		"questionnaire_ready":               {"Name": "Anna", "Link": link},
		"questionnaire_flagged":             {"Name": "Sanne", "Link": link},
	}
	// Every kind the locale files define is composed here: a kind added without a test, or left behind
	// by a flow that no longer sends it, fails.
	files, err := locales.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range regexp.MustCompile(`(?m)^"mail\.([a-z_]+)\.subject"`).FindAllStringSubmatch(string(files["nl"]), -1) {
		if _, ok := kinds[kind[1]]; !ok {
			t.Errorf("mail kind %q is in the locale files but not tested here", kind[1])
		}
	}
	for kind, data := range kinds {
		for lang, tr := range tr {
			m, err := mail.Compose(tr, clinic, kind, data)
			if err != nil {
				t.Errorf("%s %s: %v", lang, kind, err)
				continue
			}
			if m.Subject == "" || m.Text == "" || m.HTML == "" || keyLike.MatchString(m.Text) {
				t.Errorf("%s %s: %+v", lang, kind, m)
			}
			if _, hasLink := data["Link"]; hasLink && !strings.Contains(m.Text, link) {
				t.Errorf("%s %s: no link", lang, kind)
			}
		}
	}
	if _, err := mail.Compose(tr["nl"], clinic, "password_reset", map[string]any{"Link": link}); err == nil {
		t.Error("password_reset without Minutes composed")
	}
	if _, err := mail.Compose(tr["nl"], clinic, "invitation", map[string]any{"Days": 5}); err == nil {
		t.Error("invitation without Link composed")
	}
	if _, err := mail.Compose(tr["nl"], clinic, "no_such_kind", nil); err == nil {
		t.Error("unknown kind composed")
	}
	// Without a name the greeting is general.
	m, err := mail.Compose(tr["nl"], clinic, "new_message", map[string]any{"Link": link})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Text, tr["nl"].T("mail.greeting_plain")) {
		t.Errorf("greeting %q", m.Text[:20])
	}
}

func testMessage(t *testing.T) mail.Message {
	m, err := mail.Compose(translators(t)["nl"], clinic, "invitation", map[string]any{"Name": "Anna Ğüneş", "Days": 5, "Link": link})
	if err != nil {
		t.Fatal(err)
	}
	m.To = "anna@example.nl"
	return m
}

func TestMailSendOverSMTP(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", From: "Praktijk <portaal@praktijk.example>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage(t)
	if err := s.Send(context.Background(), 17, m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(1)[0]
	if got.ContentType != "multipart/alternative" {
		t.Errorf("content type %q", got.ContentType)
	}
	if got.Subject != m.Subject {
		t.Errorf("subject %q, want %q", got.Subject, m.Subject)
	}
	if got.Header.Get("To") != "<anna@example.nl>" && got.Header.Get("To") != "anna@example.nl" {
		t.Errorf("To %q", got.Header.Get("To"))
	}
	if len(got.To) != 1 || got.To[0] != "anna@example.nl" || got.From != "portaal@praktijk.example" {
		t.Errorf("envelope %s → %v", got.From, got.To)
	}
	if want := "<" + s.MessageID(17, m) + ">"; got.MessageID != want || !strings.HasPrefix(want, "<balie.outbox-17.") || !strings.HasSuffix(want, "@praktijk.example>") {
		t.Errorf("Message-ID %q, want %q", got.MessageID, want)
	}
	if got.Text != m.Text {
		t.Errorf("text part differs:\n%q\n%q", got.Text, m.Text)
	}
	if got.HTML != m.HTML {
		t.Errorf("html part differs")
	}
	if links := got.Links(); len(links) != 1 || links[0] != link {
		t.Errorf("links %v", links)
	}
	if got.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted %q", got.Header.Get("Auto-Submitted"))
	}
	// The same row sent again has the same Message-ID; another row or another content does not.
	if err := s.Send(context.Background(), 17, m); err != nil {
		t.Fatal(err)
	}
	if again := srv.Wait(2)[1]; again.MessageID != got.MessageID {
		t.Errorf("a repeat has Message-ID %q, first %q", again.MessageID, got.MessageID)
	}
	other := m
	other.Text += "x"
	if s.MessageID(18, m) == s.MessageID(17, m) || s.MessageID(17, other) == s.MessageID(17, m) {
		t.Error("Message-IDs collide")
	}
}

func TestMailSendWithSTARTTLSAndAuth(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: true, User: "portaal", Password: "geheim-wachtwoord"})
	cfg := mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "starttls", User: "portaal", Password: "geheim-wachtwoord",
		From: "portaal@praktijk.example", Timeout: 5 * time.Second, TLSConfig: srv.ClientTLS}
	s, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), 1, testMessage(t)); err != nil {
		t.Fatal(err)
	}
	srv.Wait(1)
	// A wrong password fails, and the error does not show it.
	cfg.Password = "verkeerd-wachtwoord"
	s, _ = mail.NewSMTP(cfg)
	err = s.Send(context.Background(), 2, testMessage(t))
	if err == nil || strings.Contains(err.Error(), "verkeerd-wachtwoord") {
		t.Fatalf("wrong password: %v", err)
	}
	// Without a trusted certificate STARTTLS is refused: no mail in the clear.
	cfg.Password, cfg.TLSConfig = "geheim-wachtwoord", nil
	s, _ = mail.NewSMTP(cfg)
	if err := s.Send(context.Background(), 3, testMessage(t)); err == nil {
		t.Fatal("sent to a server with an untrusted certificate")
	}
	if n := len(srv.Mails()); n != 1 {
		t.Fatalf("server received %d mails", n)
	}
}

func TestMailSendFailsWhenServerIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens here now
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: "none", From: "portaal@praktijk.example", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), 1, testMessage(t)); err == nil {
		t.Fatal("no error")
	} else if !strings.Contains(err.Error(), fmt.Sprint(port)) && !strings.Contains(err.Error(), "refused") {
		t.Logf("error: %v", err)
	}
	for _, bad := range []mail.SMTPConfig{{From: "a@b.example"}, {Host: "h", From: "not an address"}, {Host: "h", From: "a@b.example", TLS: "ssl"}} {
		if _, err := mail.NewSMTP(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
