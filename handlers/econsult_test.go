package handlers_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"balie/internal/photo"
)

// testJPEG is a photo as a phone camera makes it: w×h pixels with a gradient, so it compresses like one.
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(200 + x%50), uint8(150 + y%80), uint8((x + y) % 256), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// imageSize decodes a served photo and returns its size.
func imageSize(t testing.TB, p *page) (int, int) {
	t.Helper()
	if ct := p.Header.Get("Content-Type"); ct != "image/jpeg" {
		t.Fatalf("content type %q", ct)
	}
	cfg, err := jpeg.DecodeConfig(strings.NewReader(p.Body))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height
}

func TestEconsultWithPhotosAnsweredByTheGP(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	pc := a.patientClient(0)
	waitingBefore := waitingBadge(a.staffClient("practitioner"), "/praktijk/econsulten")
	p := pc.get("/berichten")
	if p.Doc.Find(`a[href="/berichten/vraag"]`).Length() != 1 {
		t.Fatal("no way to ask the GP a question")
	}
	p = pc.get("/berichten/vraag")
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Text(".urgent"), "112") || p.Doc.Find(`input[type=file][name=foto][accept*="image/heic"]`).Length() != 1 {
		t.Fatal("the form lacks the urgent line or a photo field that takes HEIC")
	}

	// A missing subject and a PDF among the photos: both explained, the question and the good photo kept.
	question := "Sinds een week een rode plek op mijn arm <b>jeukt</b> 🙂"
	p = pc.postFiles("/berichten/vraag", url.Values{"titel": {""}, "tekst": {question}},
		upload{"arm.jpg", testJPEG(t, 3000, 2000)}, upload{"brief.pdf", []byte("%PDF-1.7\n...")})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if p.Problem("#titel-error") != a.T("messages.subject_required") || p.Doc.Find("#tekst").Text() != question {
		t.Fatal("the form lost the question or did not explain the subject")
	}
	if !strings.Contains(p.Text("#econsult-photos"), a.T("econsult.photo_not_a_photo", "Name", "brief.pdf")) {
		t.Fatal("the PDF was not refused with a clear message")
	}
	if p.Doc.Find("#econsult-photos .photo-strip img").Length() != 1 {
		t.Fatal("the good photo was not kept")
	}

	p = pc.postFiles("/berichten/vraag", url.Values{"titel": {"Rode plek op arm"}, "tekst": {question}})
	wantStatus(t, p, http.StatusSeeOther)
	thread := threadID(p)
	p = pc.follow(p)
	if p.Text(".notice") != a.T("econsult.notice_sent") || p.Doc.Find(".message-body b").Length() != 0 ||
		!strings.Contains(p.Text(".message-body"), "<b>jeukt</b> 🙂") {
		t.Fatal("the sent question is not shown as typed, escaped, with a notice")
	}
	img := p.Doc.Find(".photo-strip img")
	if img.Length() != 1 {
		t.Fatalf("%d photos in the conversation, want 1", img.Length())
	}
	thumbURL, _ := img.Attr("src")
	fullURL, _ := img.Parent().Attr("href")
	if w, h := imageSize(t, pc.get(thumbURL)); max(w, h) > photo.ThumbEdge {
		t.Fatalf("thumbnail %d×%d", w, h)
	}
	full := pc.get(fullURL)
	if w, h := imageSize(t, full); w != photo.MaxEdge || h != 1365 {
		t.Fatalf("photo %d×%d, want scaled down to %d wide", w, h, photo.MaxEdge)
	}
	if full.Header.Get("Cache-Control") != "no-store" || full.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("a photo may be cached or sniffed")
	}
	// Until answered, the patient cannot add to it: that is what a new e-consult is for.
	if p.Doc.Find(`textarea[name=tekst]`).Length() != 0 || !strings.Contains(p.Body, a.T("econsult.waiting")) {
		t.Fatal("an e-consult offers a reply form, or does not say what happens next")
	}
	wantStatus(t, pc.post("/berichten/"+thread, url.Values{"tekst": {"nog iets"}}), http.StatusNotFound)

	// The GP: in the e-consult queue (not among the messages), with the photo, and counted in the menu.
	sc := a.staffClient("practitioner")
	if got := waitingBadge(sc, "/praktijk/econsulten"); got != waitingBefore+1 {
		t.Fatalf("the menu counts %d open e-consults, want %d", got, waitingBefore+1)
	}
	if sc.get("/praktijk/berichten").Doc.Find(`a[href="/praktijk/berichten/`+thread+`"]`).Length() != 0 {
		t.Fatal("the e-consult is in the messages inbox")
	}
	q := sc.get("/praktijk/econsulten")
	wantStatus(t, q, http.StatusOK)
	if q.Doc.Find(`li.unread a[href="/praktijk/berichten/`+thread+`"]`).Length() != 1 {
		t.Fatal("the e-consult is not in the GP's queue as unread")
	}
	p = sc.get("/praktijk/berichten/" + thread)
	staffImg := p.Doc.Find(".photo-strip img")
	src, _ := staffImg.Attr("src")
	if staffImg.Length() != 1 || !strings.HasPrefix(src, "/praktijk/fotos/") {
		t.Fatal("the GP does not see the photo")
	}
	if w, _ := imageSize(t, sc.get(strings.Split(src, "?")[0])); w != photo.MaxEdge {
		t.Fatal("the GP's photo is not the scaled one")
	}
	if back, _ := p.Doc.Find("a.back").Attr("href"); back != "/praktijk/econsulten" {
		t.Fatalf("back link %q", back)
	}
	// The answer: handled, and the patient gets a mail without content.
	p = sc.post("/praktijk/berichten/"+thread, url.Values{"tekst": {"Smeer er twee keer per dag hydrocortisoncrème op."}})
	wantStatus(t, p, http.StatusSeeOther)
	if sc.get("/praktijk/econsulten").Doc.Find(`a[href="/praktijk/berichten/`+thread+`"]`).Length() != 0 {
		t.Fatal("an answered e-consult is still open")
	}
	if got := waitingBadge(sc, "/praktijk/econsulten"); got != waitingBefore {
		t.Fatalf("after the answer the menu counts %d open e-consults, want %d", got, waitingBefore)
	}
	a.deliver()
	mails := a.smtp.To(me.Email)
	if len(mails) == 0 {
		t.Fatal("no mail to the patient")
	}
	if last := mails[len(mails)-1]; strings.Contains(last.Text+last.HTML+last.Subject, "hydrocortison") || strings.Contains(last.Text+last.HTML, "arm") {
		t.Fatal("the mail carries medical content")
	}

	// The patient reads the answer and can ask a follow-up as a new e-consult.
	p = pc.get("/berichten/" + thread)
	if !strings.Contains(p.Doc.Find(".message-body").Last().Text(), "hydrocortison") {
		t.Fatal("the answer is not in the conversation")
	}
	if !strings.Contains(p.Body, a.T("econsult.no_reply")) {
		t.Fatal("the answered e-consult does not say how to follow up")
	}
	next, ok := p.Doc.Find(`a[href^="/berichten/vraag?over="]`).Attr("href")
	if !ok {
		t.Fatal("no way to ask a follow-up")
	}
	if v, _ := pc.get(next).Doc.Find("#titel").Attr("value"); v != a.T("econsult.follow_up_subject", "Subject", "Rode plek op arm") {
		t.Fatalf("follow-up subject %q", v)
	}
}

func TestEconsultPhotoChecks(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	heic := heicFixture(t)
	tooLarge := append(testJPEG(t, 40, 40), make([]byte, photo.MaxBytes)...)
	typed := url.Values{"titel": {"Wrat"}, "tekst": {"Mijn vraag"}}
	// Without JavaScript "Concept opslaan" keeps the text and the photos; each refused file says why.
	p := pc.postFiles("/berichten/vraag/concept", typed,
		upload{"IMG_0001.HEIC", heic}, upload{"groot.jpg", tooLarge}, upload{"kapot.jpg", testJPEG(t, 50, 50)[:200]},
		upload{"notities.txt", []byte("geen foto")})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	errs := p.Problems("#foto-error")
	want := []string{
		a.T("econsult.photo_too_large", "Name", "groot.jpg", "Max", 5),
		a.T("econsult.photo_unreadable", "Name", "kapot.jpg"),
		a.T("econsult.photo_not_a_photo", "Name", "notities.txt"),
	}
	if !slices.Equal(errs, want) {
		t.Fatalf("photo errors %q, want %q", errs, want)
	}
	if p.Doc.Find("#econsult-photos img").Length() != 1 || p.Doc.Find("#tekst").Text() != "Mijn vraag" {
		t.Fatal("the HEIC photo or the text was lost")
	}
	// Both come back on a reload.
	p = pc.get("/berichten/vraag")
	if v, _ := p.Doc.Find("#titel").Attr("value"); v != "Wrat" || p.Doc.Find("#econsult-photos img").Length() != 1 {
		t.Fatal("the draft did not keep the text and the photo")
	}

	// htmx: choosing photos answers with the photo list only; at most three in all.
	pc.header.Set("HX-Request", "true")
	p = pc.postFiles("/berichten/vraag/concept", nil,
		upload{"a.jpg", testJPEG(t, 64, 48)}, upload{"b.png", testPNG(t)}, upload{"c.jpg", testJPEG(t, 64, 48)})
	pc.header.Del("HX-Request")
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("#econsult-photos").Length() != 1 || p.Doc.Find("nav, h1").Length() != 0 {
		t.Fatal("the htmx answer is not just the photo list")
	}
	tooMany := a.T("econsult.photo_too_many", "Max", 3, "Name", "c.jpg")
	if p.Doc.Find("#econsult-photos img").Length() != 3 || p.Text("#econsult-photos .hint") != a.T("econsult.photos_full", "Max", 3) ||
		!slices.Equal(p.Problems("#foto-error"), []string{tooMany}) {
		t.Fatal("more than three photos, or no clear word about the fourth")
	}
	// A screen reader hears what became of the photos (the live region outside the swapped list), and
	// finds the refusal from the file field; the form was not sent, so there is no error summary.
	status := p.Doc.Find("#photo-status")
	if swap, _ := status.Attr("hx-swap-oob"); swap != "innerHTML" || strings.TrimSpace(status.Text()) != a.T("econsult.photos_added", "Count", 2)+" "+tooMany {
		t.Fatalf("live region %q (swap %q)", status.Text(), swap)
	}
	if !slices.Contains(strings.Fields(p.Doc.Find("#foto").AttrOr("aria-describedby", "")), "foto-error") ||
		p.Doc.Find("#foto").AttrOr("aria-invalid", "") != "true" || p.Doc.Find(".error-summary").Length() != 0 {
		t.Fatal("the refusal is not linked to the file field, or a summary came with the photo list")
	}
	// Removing one makes room again.
	first, _ := p.Doc.Find(`#econsult-photos button[name=verwijder]`).First().Attr("value")
	p = pc.postFiles("/berichten/vraag/concept", url.Values{"verwijder": {first}, "titel": {"Wrat"}, "tekst": {"Mijn vraag"}})
	wantStatus(t, p, http.StatusOK)
	if p.Doc.Find("#econsult-photos img").Length() != 2 || p.Doc.Find("input[type=file]").Length() != 1 {
		t.Fatal("removing a photo did not make room")
	}
	// A text too long even for a draft is not kept, and the field says so with the text still there.
	long := strings.Repeat("a", 100_001)
	p = pc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"Wrat"}, "tekst": {long}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if got, want := p.Problem("#tekst-error"), a.T("error.too_long", "Max", 100_000, "Count", 100_001); got != want ||
		p.Doc.Find("#tekst").Text() != long || p.Doc.Find(".error-summary").Length() != 1 {
		t.Fatalf("too long a draft: error %q, want %q (text kept: %v)", got, want, p.Doc.Find("#tekst").Text() == long)
	}
	// Photos past the request's limit: the form comes back (413) naming the limit, with the typed text.
	p = pc.postFiles("/berichten/vraag", typed, upload{"1.jpg", make([]byte, 5*photo.MaxBytes)}, upload{"2.jpg", make([]byte, 5*photo.MaxBytes)})
	wantStatus(t, p, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.Text("#econsult-photos"), a.T("econsult.photo_too_large", "Name", "2.jpg", "Max", 5)) ||
		p.Doc.Find("#tekst").Text() != "Mijn vraag" {
		t.Fatal("the form did not come back with the limit named and the text kept")
	}
	// The whole form sent: its summary names each refused file and leads to the file field.
	if p.Doc.Find(`.error-summary a[href="#foto"]`).Length() != len(p.Problems("#foto-error")) || p.Doc.Find(`.error-summary a`).Length() == 0 {
		t.Fatal("the summary does not lead to the refused photos")
	}
}

// testPNG is a small PNG as a screenshot is.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEconsultPhotosAreThePatientsOwn(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	owner, other := a.patientClient(0), a.patientClient(1)
	p := owner.postFiles("/berichten/vraag/concept", url.Values{"titel": {"x"}}, upload{"a.jpg", testJPEG(t, 64, 48)})
	pending, _ := p.Doc.Find("#econsult-photos button[name=verwijder]").Attr("value")
	staff := a.staffClient("practitioner")
	// A photo waiting in an unsent e-consult: not for another patient, not for the practice yet.
	wantStatus(t, other.get("/berichten/fotos/"+pending), http.StatusNotFound)
	wantStatus(t, other.get("/berichten/fotos/"+pending+"?formaat=klein"), http.StatusNotFound)
	wantStatus(t, staff.get("/praktijk/fotos/"+pending), http.StatusNotFound)
	wantStatus(t, other.postFiles("/berichten/vraag/concept", url.Values{"verwijder": {pending}}), http.StatusNotFound)
	wantStatus(t, owner.get("/berichten/fotos/"+pending), http.StatusOK)

	// Once sent: still not another patient's, and now the practice's.
	p = owner.postFiles("/berichten/vraag", url.Values{"titel": {"Vraag"}, "tekst": {"Tekst"}})
	thread := threadID(p)
	wantStatus(t, other.get("/berichten/fotos/"+pending), http.StatusNotFound)
	wantStatus(t, other.get("/berichten/"+thread), http.StatusNotFound)
	wantStatus(t, staff.get("/praktijk/fotos/"+pending), http.StatusOK)
	// A sent photo cannot be removed any more.
	wantStatus(t, owner.postFiles("/berichten/vraag/concept", url.Values{"verwijder": {pending}}), http.StatusNotFound)

	// Every read of a photo is in the access log, for the owner and for the practice.
	var reads int
	if err := a.db.Write.QueryRow(`SELECT count(*) FROM access_log WHERE object_type = 'photo' AND object_id = ? AND action = 'read'
		AND patient_id = ?`, pending, a.people[0].ID).Scan(&reads); err != nil {
		t.Fatal(err)
	}
	if reads != 2 {
		t.Fatalf("%d photo reads logged, want 2", reads)
	}
}

func TestEconsultIsAClinicChoice(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	if _, err := a.db.Write.Exec("UPDATE clinic_settings SET econsult_enabled = 0"); err != nil {
		t.Fatal(err)
	}
	pc := a.patientClient(0)
	wantStatus(t, pc.get("/berichten/vraag"), http.StatusNotFound)
	wantStatus(t, pc.postFiles("/berichten/vraag", url.Values{"titel": {"x"}, "tekst": {"y"}}), http.StatusNotFound)
	if pc.get("/berichten").Doc.Find(`a[href="/berichten/vraag"]`).Length() != 0 {
		t.Fatal("the messages page offers an e-consult the clinic does not")
	}
	sc := a.staffClient("practitioner")
	wantStatus(t, sc.get("/praktijk/econsulten"), http.StatusNotFound)
	if sc.get("/praktijk/berichten").Doc.Find(`nav a[href="/praktijk/econsulten"]`).Length() != 0 {
		t.Fatal("the menu shows the e-consult queue")
	}
	// Turned on in the settings by the administrator.
	ac := a.staffClient("admin")
	form := url.Values{"naam": {"De Linde"}, "telefoon": {"020 123 45 67"}, "totp": {"1"}, "sms": {"1"}, "dagen": {"5"}, "berichten": {"1"}, "econsult": {"1"}}
	wantStatus(t, ac.post("/praktijk/beheer/instellingen", form), http.StatusSeeOther)
	wantStatus(t, pc.get("/berichten/vraag"), http.StatusOK)
	if sc.get("/praktijk/berichten").Doc.Find(`a[href="/praktijk/econsulten"]`).Length() == 0 {
		t.Fatal("the menu lacks the e-consult queue")
	}
}

// The queues show patients' names and subjects, so opening one is in the access log for each of them.
func TestInboxListsAreLogged(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	wantStatus(t, pc.postFiles("/berichten/vraag", url.Values{"titel": {"Vraag"}, "tekst": {"Tekst"}}), http.StatusSeeOther)
	sc := a.staffClient("practitioner")
	wantStatus(t, sc.get("/praktijk/econsulten"), http.StatusOK)
	var n int
	if err := a.db.Write.QueryRow(`SELECT count(*) FROM access_log WHERE object_type = 'inbox_econsult' AND action = 'list'
		AND patient_id = ? AND actor_id = ?`, a.people[0].ID, a.staff["practitioner"].ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d rows for the listed patient (%v)", n, err)
	}
}

// Two uploads that cross (two taps, two tabs) still leave at most three photos in the e-consult.
func TestEconsultPhotoLimitHoldsWhenUploadsCross(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	photos := []upload{{"a.jpg", testJPEG(t, 640, 480)}, {"b.jpg", testJPEG(t, 640, 480)}, {"c.jpg", testJPEG(t, 640, 480)}}
	done := make(chan int, 2)
	for range 2 {
		go func() {
			status := 0
			defer func() { done <- status }() // sent even when the request fails the test
			status = pc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"x"}}, photos...).StatusCode
		}()
	}
	for range 2 {
		// One takes the three photos (200), the other is told there is no room (422).
		if status := <-done; status != http.StatusOK && status != http.StatusUnprocessableEntity {
			t.Fatalf("an upload answered %d", status)
		}
	}
	var waiting int
	if err := a.db.Write.QueryRow("SELECT count(*) FROM photos WHERE patient_id = ? AND message_id IS NULL", a.people[0].ID).Scan(&waiting); err != nil {
		t.Fatal(err)
	}
	if waiting != 3 {
		t.Fatalf("%d photos wait in the e-consult, want 3", waiting)
	}
}

// waitingBadge is the number the back office's menu shows beside the queue at href (0 when none).
func waitingBadge(c *client, href string) int {
	c.t.Helper()
	text := strings.TrimSpace(c.get("/praktijk/patienten").Doc.Find(`.sidebar .menu a[href="` + href + `"] .badge`).Contents().First().Text())
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		c.t.Fatalf("badge %q", text)
	}
	return n
}

// Pages that show a patient's data only in passing still log the read: the follow-up form (an earlier
// subject), a refused reply (the whole conversation), a delete question (a title).
func TestPassingReadsAreLogged(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	me := a.people[0]
	pc := a.patientClient(0)
	p := pc.postFiles("/berichten/vraag", url.Values{"titel": {"Vraag"}, "tekst": {"Tekst"}})
	thread := threadID(p)
	reads := func(object string) int {
		var n int
		if err := a.db.Write.QueryRow(`SELECT count(*) FROM access_log WHERE object_type = ? AND action = 'read' AND patient_id = ?`,
			object, me.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := reads("message_thread")
	pc.get("/berichten/vraag?over=" + thread)
	if reads("message_thread") != before+1 {
		t.Fatal("the follow-up form's read of the earlier e-consult is not logged")
	}
	sc := a.staffClient("practitioner")
	wantStatus(t, sc.post("/praktijk/berichten/"+thread, url.Values{"tekst": {""}}), http.StatusUnprocessableEntity)
	if reads("message_thread") != before+2 {
		t.Fatal("the refused reply's page does not log the read")
	}
	wantStatus(t, pc.postDocument("Brief", "brief.pdf", testPDF), http.StatusSeeOther)
	before = reads("document")
	pc.get("/documenten/" + uploadedID(t, pc, "Brief") + "/verwijderen")
	if reads("document") != before+1 {
		t.Fatal("the delete question's read is not logged")
	}
	// The notice setting, changed from the e-consult queue, goes back to that queue.
	p = sc.post("/praktijk/berichten/meldingen", url.Values{"aan": {"1"}, "terug": {"/praktijk/econsulten"}})
	if p.Header.Get("Location") != "/praktijk/econsulten" {
		t.Fatalf("after the notice setting: %q", p.Header.Get("Location"))
	}
	if v, _ := sc.get("/praktijk/econsulten").Doc.Find(`form[action="/praktijk/berichten/meldingen"] input[name=terug]`).Attr("value"); v != "/praktijk/econsulten" {
		t.Fatalf("the notice form returns to %q", v)
	}
}
