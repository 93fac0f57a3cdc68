package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestMessageToPractitionerAndReply(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	pc := a.patientClient(0)
	p := pc.get("/berichten/nieuw")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".urgent"), "112") {
		t.Fatal("no line about urgent matters")
	}
	// Errors keep what was typed.
	p = pc.post("/berichten", url.Values{"aan": {fmt.Sprint(a.staff["practitioner"].ID)}, "titel": {""}, "tekst": {"Mijn vraag <script>x</script> 🙂"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#titel-error") != a.T("messages.subject_required") || p.Doc.Find("#tekst").Text() != "Mijn vraag <script>x</script> 🙂" {
		t.Fatal("the form lost the text or did not explain")
	}
	p = pc.post("/berichten", url.Values{"aan": {fmt.Sprint(a.staff["admin"].ID)}, "titel": {"Vraag"}, "tekst": {"x"}})
	if p.Problem("#aan-error") != a.T("messages.to_required") {
		t.Fatal("a message to a non-practitioner was accepted")
	}
	p = pc.post("/berichten", url.Values{"aan": {fmt.Sprint(a.staff["practitioner"].ID)}, "titel": {"Vraag over medicatie"}, "tekst": {"Mijn vraag <script>x</script> 🙂"}})
	wantStatus(t, p, http.StatusSeeOther)
	thread := threadID(p)
	p = pc.follow(p)
	if p.Doc.Find(".message-body script").Length() != 0 || !strings.Contains(p.Text(".message-body"), "<script>x</script> 🙂") {
		t.Fatal("the message was not shown escaped and as typed")
	}

	// The practitioner finds it in "Aan mij", unread; reading marks it read.
	sc := a.staffClient("practitioner")
	p = sc.get("/praktijk/berichten")
	link := p.Doc.Find(`a[href="/praktijk/berichten/` + thread + `"]`)
	if link.Length() != 1 || !link.Parent().HasClass("unread") {
		t.Fatal("the new message is not in the practitioner's inbox as unread")
	}
	sc.get("/praktijk/berichten/" + thread)
	if sc.get("/praktijk/berichten").Doc.Find("li.unread").Length() != 0 {
		t.Fatal("still unread after reading")
	}
	// The reply: the patient gets a mail without the content; the thread counts as handled.
	p = sc.post("/praktijk/berichten/"+thread, url.Values{"tekst": {"Neem de tabletten bij het eten."}})
	wantStatus(t, p, http.StatusSeeOther)
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) == 0 {
		t.Fatal("no mail to the patient")
	}
	last := mails[len(mails)-1]
	if strings.Contains(last.Text, "tabletten") || strings.Contains(last.HTML, "tabletten") || strings.Contains(last.Subject, "medicatie") {
		t.Fatal("the mail carries medical content")
	}
	if sc.get("/praktijk/berichten").Doc.Find(`a[href="/praktijk/berichten/`+thread+`"]`).Length() != 0 {
		t.Fatal("a handled thread is still in the open list")
	}
	// The patient sees the reply as unread in the menu, reads it, and the count goes down.
	p = pc.get("/berichten")
	if p.Text(`.sidebar a[href="/berichten"] .badge`) == "" {
		t.Fatal("no unread badge")
	}
	before := p.Text(`.sidebar a[href="/berichten"] .badge`)
	p = pc.get("/berichten/" + thread)
	if !strings.Contains(p.Text(".conversation"), "Neem de tabletten bij het eten.") {
		t.Fatal("the reply is not shown")
	}
	if after := pc.get("/berichten").Text(`.sidebar a[href="/berichten"] .badge`); after == before {
		t.Fatalf("the unread count did not go down (%q → %q)", before, after)
	}
	// The patient answers again: the thread is open again for the practice.
	wantStatus(t, pc.post("/berichten/"+thread, url.Values{"tekst": {"Dank u."}}), http.StatusSeeOther)
	if sc.get("/praktijk/berichten").Doc.Find(`a[href="/praktijk/berichten/`+thread+`"]`).Length() != 1 {
		t.Fatal("a new patient message did not reopen the thread")
	}
}

func TestMessageThreadsBelongToTheirPatient(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	mine, other := a.patientClient(0), a.patientClient(1)
	p := mine.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Privé"}, "tekst": {"Alleen voor mij"}})
	thread := threadID(p)
	wantStatus(t, other.get("/berichten/"+thread), http.StatusNotFound)
	wantStatus(t, other.post("/berichten/"+thread, url.Values{"tekst": {"x"}}), http.StatusNotFound)
	other.header.Set("HX-Request", "true")
	wantStatus(t, other.post("/concept", url.Values{"soort": {"reply"}, "doel": {thread}, "tekst": {"x"}}), http.StatusNotFound)
	other.header.Del("HX-Request")
	if strings.Contains(other.get("/berichten").Body, "Privé") {
		t.Fatal("another patient's thread is listed")
	}
	// Team messages are in the team list; staff routes refuse patients.
	if a.staffClient("assistant").get("/praktijk/berichten?lijst=team").Doc.Find(`a[href="/praktijk/berichten/`+thread+`"]`).Length() != 1 {
		t.Fatal("a message to the team is not in the team list")
	}
	wantStatus(t, mine.get("/praktijk/berichten/"+thread), http.StatusForbidden)
	wantStatus(t, a.staffClient("assistant").get("/praktijk/berichten/999999"), http.StatusNotFound)
}

func TestReplyDraftIsKeptPerThread(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	p := pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {"Eerste"}})
	thread := threadID(p)
	pc.header.Set("HX-Request", "true")
	wantStatus(t, pc.post("/concept", url.Values{"soort": {"reply"}, "doel": {thread}, "tekst": {"Half antwoord"}, "versie": {"10"}}), http.StatusOK)
	pc.header.Del("HX-Request")
	if got := pc.get("/berichten/" + thread).Doc.Find("#tekst").Text(); got != "Half antwoord" {
		t.Fatalf("reply draft %q", got)
	}
	wantStatus(t, pc.post("/berichten/"+thread, url.Values{"tekst": {"Half antwoord, nu af"}}), http.StatusSeeOther)
	if got := pc.get("/berichten/" + thread).Doc.Find("#tekst").Text(); got != "" {
		t.Fatalf("the draft stayed after sending: %q", got)
	}
}

func TestMessagesCanBeSwitchedOff(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET messages_enabled = 0"); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(0)
	// The GP practice still takes e-consults under "Berichten", but no messages.
	p := pc.get("/berichten")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find(`a[href="/berichten/nieuw"]`).Length() != 0 || p.Doc.Find(`a[href="/berichten/vraag"]`).Length() != 1 {
		t.Fatal("without messages the page should offer only the e-consult")
	}
	wantStatus(t, pc.get("/berichten/nieuw"), http.StatusNotFound)
	wantStatus(t, pc.post("/berichten", url.Values{"titel": {"x"}, "tekst": {"y"}}), http.StatusNotFound)
	// Neither: the area is gone.
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET econsult_enabled = 0"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, pc.get("/berichten"), http.StatusNotFound)
	if pc.get("/overzicht").Doc.Find(`.menu a[href="/berichten"]`).Length() != 0 {
		t.Fatal("the menu still lists messages")
	}
}

func TestPractitionerNoticeHasNoContent(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pr := a.staff["practitioner"]
	sc := a.staffClient("practitioner")
	wantStatus(t, sc.post("/praktijk/berichten/meldingen", url.Values{"aan": {"1"}}), http.StatusSeeOther)
	if sc.get("/praktijk/berichten").Text("form.inline-form span") != a.T("messages_praktijk.notify_on") {
		t.Fatal("the notice setting is not shown as on")
	}
	pc := a.patientClient(0)
	wantStatus(t, pc.post("/berichten", url.Values{"aan": {fmt.Sprint(pr.ID)}, "titel": {"Pijn in mijn knie"}, "tekst": {"Sinds gisteren"}}), http.StatusSeeOther)
	a.deliver()
	mails := a.smtp.To(pr.Email)
	if len(mails) == 0 {
		t.Fatal("no notice to the practitioner")
	}
	m := mails[len(mails)-1]
	for _, secret := range []string{"knie", "gisteren", a.people[0].FamilyName} {
		if strings.Contains(m.Subject+m.Text+m.HTML, secret) {
			t.Fatalf("the notice contains %q", secret)
		}
	}
}

// Whatever a patient types is stored exactly as typed and always shown escaped, to them and to the
// practice; what cannot be sent is explained and stays in the form.
func TestMessageTextIsKeptAsTyped(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	sc := a.staffClient("practitioner")
	sent := []string{
		`<script>alert("x")</script>`,
		`<img src=x onerror=alert(1)> <b>vet</b> &amp; "quotes" 'single'`,
		"Emoji 🙂👍🏽 en een zwj-familie 👨‍👩‍👧",
		"مرحبا، لدي سؤال عن دوائي\n\u202eשלום עולם",
		"  regels\n\n  met witruimte  \n",
		strings.Repeat("Lang verhaal. ", 10_000/14),
	}
	for _, text := range sent {
		p := pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {text}})
		wantStatus(t, p, http.StatusSeeOther)
		thread := threadID(p)
		var stored string
		if err := a.db.Read.QueryRow("SELECT body FROM messages WHERE thread_id = ?", thread).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != text {
			t.Fatalf("stored %q, typed %q", stored, text)
		}
		for _, view := range []*page{pc.get("/berichten/" + thread), sc.get("/praktijk/berichten/" + thread)} {
			body := view.Doc.Find(".message-body")
			if body.Text() != text || body.Find("*").Length() != 0 || body.AttrOr("dir", "") != "auto" {
				t.Fatalf("%s shows %q (%d elements), typed %q", view.Request.URL.Path, body.Text(), body.Find("*").Length(), text)
			}
		}
	}
	// Empty, only spaces, and one character too many: explained, and the text stays.
	for _, c := range []struct{ text, want string }{
		{"", a.T("messages.body_required")},
		{" \n\t ", a.T("messages.body_required")},
		{strings.Repeat("é", 10_001), a.T("error.too_long", "Max", 10_000, "Count", 10_001)},
	} {
		p := pc.post("/berichten", url.Values{"aan": {"team"}, "titel": {"Vraag"}, "tekst": {c.text}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Problem("#tekst-error") != c.want || p.Doc.Find("#tekst").Text() != c.text {
			t.Fatalf("%q: error %q, form kept %d characters", c.text[:min(len(c.text), 10)], p.Problem("#tekst-error"), len(p.Doc.Find("#tekst").Text()))
		}
	}
}

// A conversation shows staff whose it is: the patient's name links to their page, with the birth date
// to confirm who it is. The menu marks the queue it belongs to, the e-consults for an e-consult, though
// both are at /praktijk/berichten/:id.
func TestStaffConversationNamesThePatientAndItsQueue(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	sc := a.staffClient("assistant")
	for kind, queue := range map[string]string{"message": "/praktijk/berichten", "econsult": "/praktijk/econsulten"} {
		var thread, patient int64
		if err := a.db.Read.QueryRow(`SELECT t.id, t.patient_id FROM message_threads t JOIN users u ON u.id = t.patient_id
			WHERE t.kind = ? AND u.birth_date IS NOT NULL LIMIT 1`, kind).Scan(&thread, &patient); err != nil {
			t.Fatalf("a %s: %v", kind, err)
		}
		p := sc.get(fmt.Sprintf("/praktijk/berichten/%d", thread))
		wantStatus(t, p, http.StatusOK)
		pt, err := a.db.R.GetPatient(context.Background(), patient)
		if err != nil {
			t.Fatal(err)
		}
		link := p.Doc.Find("main .thread-patient a")
		if href, _ := link.Attr("href"); href != fmt.Sprintf("/praktijk/patienten/%d", patient) || strings.TrimSpace(link.Text()) != pt.FullName() {
			t.Errorf("a %s names its patient with the link %q to %q, want %q to their page", kind, link.Text(), href, pt.FullName())
		}
		if line, born := p.Text("main .thread-patient"), a.T("messages_praktijk.born", "Date", a.tr["nl"].LongDay(pt.BirthDate.Time)); !strings.Contains(line, born) {
			t.Errorf("a %s shows %q, want the birth date: %q", kind, line, born)
		}
		current := p.Doc.Find(".sidebar nav a[aria-current=page]")
		if href, _ := current.Attr("href"); current.Length() != 1 || href != queue {
			t.Errorf("on a %s the menu marks %q (%d items), want %s", kind, href, current.Length(), queue)
		}
		if back, _ := p.Doc.Find("main a.back").Attr("href"); back != queue {
			t.Errorf("a %s leads back to %q, want %s", kind, back, queue)
		}
	}
}

// Every message page says once, calmly, that urgent matters go by phone: its own line names the
// practice's number and 112, and the footer does not repeat it. Other pages keep the footer's line.
func TestUrgentLineOncePerScreen(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	var thread int64
	if err := a.db.Read.QueryRow("SELECT id FROM message_threads WHERE patient_id = ? AND kind = 'message' LIMIT 1", a.people[0].ID).Scan(&thread); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/berichten", "/berichten/nieuw", "/berichten/vraag", fmt.Sprintf("/berichten/%d", thread)} {
		p := pc.get(path)
		wantStatus(t, p, http.StatusOK)
		if n := strings.Count(p.Doc.Find("body").Text(), "112"); n != 1 {
			t.Errorf("%s mentions 112 %d times, want once", path, n)
		}
		if p.Doc.Find("main .urgent").Length() != 1 {
			t.Errorf("%s has no urgent line", path)
		}
	}
	if n := strings.Count(pc.get("/profiel").Doc.Find("body").Text(), "112"); n != 1 {
		t.Errorf("the profile mentions 112 %d times, want once (the footer)", n)
	}
}
