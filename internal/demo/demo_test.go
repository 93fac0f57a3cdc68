package demo

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/internal/sms"
	"balie/internal/testdb"
	"balie/queries"
)

const testPassword = "paard-nietje-batterij-42"

var testNow = time.Date(2026, 3, 11, 9, 30, 0, 0, time.UTC) // a Wednesday

func openDB(t testing.TB) *queries.DB { return testdb.Open(t) }

func generate(t *testing.T, seed int64) (*queries.DB, *Result) {
	return generateAt(t, seed, testNow)
}

func generateAt(t *testing.T, seed int64, now time.Time) (*queries.DB, *Result) {
	t.Helper()
	db := openDB(t)
	res, err := Generate(context.Background(), db, Options{Patients: 25, Now: now, Seed: seed, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	return db, res
}

func count(t *testing.T, db *queries.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{
		testNow,
		time.Date(2026, 3, 28, 22, 45, 0, 0, time.UTC),  // Saturday night before summer time starts
		time.Date(2026, 12, 24, 16, 59, 0, 0, time.UTC), // Christmas Eve, just before closing
	} {
		t.Run(now.Format(time.DateTime), func(t *testing.T) {
			t.Parallel()
			testGenerate(t, now)
		})
	}
}

func testGenerate(t *testing.T, testNow time.Time) {
	ctx := context.Background()
	db, res := generateAt(t, 1, testNow)

	if res.Patients != 25 {
		t.Errorf("Result.Patients = %d", res.Patients)
	}
	for role, want := range map[string]int{"admin": 1, "practitioner": 2, "assistant": 1, "patient": 25} {
		if got := count(t, db, "SELECT count(*) FROM users WHERE role = ?", role); got != want {
			t.Errorf("%d users with role %s, want %d", got, role, want)
		}
	}
	clinic, err := db.R.GetClinic(ctx)
	if err != nil || clinic.Name == "" || !regexp.MustCompile(`^\d{4} [A-Z]{2}$`).MatchString(clinic.Postcode) {
		t.Errorf("clinic = %+v, %v", clinic, err)
	}

	// The sign-ins: four staff members and the first patient, all with the demo password.
	if len(res.SignIns) != 5 {
		t.Fatalf("SignIns = %+v", res.SignIns)
	}
	for i, role := range []string{"admin", "practitioner", "practitioner", "assistant", "patient"} {
		s := res.SignIns[i]
		if s.Role != role || s.Name == "" || !strings.HasSuffix(s.UserName, ".example") {
			t.Errorf("SignIns[%d] = %+v", i, s)
		}
		u, err := db.R.GetUserBySignInName(ctx, sql.NullString{String: s.UserName, Valid: true})
		if err != nil {
			t.Errorf("sign-in %s: %v", s.UserName, err)
			continue
		}
		if u.Role != role {
			t.Errorf("%s has role %s, want %s", s.UserName, u.Role, role)
		}
	}
	first := res.SignIns[4]
	if got := count(t, db, `SELECT count(*) FROM appointments a JOIN users u ON u.id = a.patient_id
		WHERE u.user_name = ? AND a.starts_at > ? AND a.status = 'booked'`, first.UserName, testNow); got < 2 {
		t.Errorf("first patient has %d upcoming appointments, want at least 2", got)
	}

	// One shared hash, and a real one.
	if got := count(t, db, "SELECT count(DISTINCT password_hash) FROM users"); got != 1 {
		t.Errorf("%d distinct password hashes", got)
	}
	if got := count(t, db, "SELECT count(*) FROM users WHERE password_hash NOT LIKE '$argon2id$%'"); got != 0 {
		t.Errorf("%d users without an argon2id hash", got)
	}

	// Every patient has a full record.
	perPatient := map[string]string{
		"past appointment":     "SELECT count(*) FROM appointments WHERE patient_id = u.id AND starts_at < ?1",
		"upcoming appointment": "SELECT count(*) FROM appointments WHERE patient_id = u.id AND starts_at > ?1 AND status = 'booked'",
		"report":               "SELECT count(*) FROM reports WHERE patient_id = u.id",
		"document":             "SELECT count(*) FROM documents WHERE patient_id = u.id",
		"medication":           "SELECT count(*) FROM medication WHERE patient_id = u.id",
		"thread":               "SELECT count(*) FROM message_threads WHERE patient_id = u.id",
		"message": "SELECT count(*) FROM messages m JOIN message_threads th ON th.id = m.thread_id " +
			"WHERE th.patient_id = u.id",
	}
	for what, sub := range perPatient {
		q := "SELECT count(*) FROM users u WHERE u.role = 'patient' AND (" + sub + ") = 0"
		if got := count(t, db, q, testNow); got != 0 {
			t.Errorf("%d patients without a %s", got, what)
		}
	}
	if got := count(t, db, "SELECT count(*) FROM appointments WHERE starts_at > ?", testNow.AddDate(0, 0, 56)); got != 0 {
		t.Errorf("%d appointments more than eight weeks ahead", got)
	}

	// Appointments fall on working days between 08:00 and 17:00 in Amsterdam.
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	appts, err := db.Read.Query("SELECT starts_at, ends_at FROM appointments")
	if err != nil {
		t.Fatal(err)
	}
	for appts.Next() {
		var start, end time.Time
		if err := appts.Scan(&start, &end); err != nil {
			t.Fatal(err)
		}
		s, e := start.In(ams), end.In(ams)
		d := end.Sub(start)
		if s.Weekday() == time.Saturday || s.Weekday() == time.Sunday || s.Hour() < 8 ||
			e.Hour()*60+e.Minute() > 17*60 || d < 15*time.Minute || d > time.Hour {
			t.Errorf("appointment %v - %v", s, e)
		}
	}
	appts.Close()

	// Documents are small PDFs whose recorded size is right.
	rows, err := db.Read.Query("SELECT content_type, size_bytes, content FROM documents")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var ctype string
		var size int64
		var content []byte
		if err := rows.Scan(&ctype, &size, &content); err != nil {
			t.Fatal(err)
		}
		if ctype != "application/pdf" || !bytes.HasPrefix(content, []byte("%PDF-")) ||
			size != int64(len(content)) || size > 2048 {
			t.Errorf("document: %s, %d bytes, starts %q", ctype, size, content[:min(8, len(content))])
		}
	}
	rows.Close()

	// Some things are not shared or not read yet; nothing is in the future that should not be.
	if got := count(t, db, "SELECT count(*) FROM reports WHERE published_at IS NULL"); got == 0 {
		t.Error("every report is published")
	}
	if got := count(t, db, "SELECT count(*) FROM reports WHERE written_at > ?1 OR published_at > ?1", testNow); got != 0 {
		t.Errorf("%d reports from the future", got)
	}
	if got := count(t, db, "SELECT count(*) FROM messages WHERE sent_at > ?1 OR read_at > ?1", testNow); got != 0 {
		t.Errorf("%d messages from the future", got)
	}
	if got := count(t, db, "SELECT count(*) FROM medication WHERE chronic = 1"); got == 0 {
		t.Error("no chronic medication")
	}
	if got := count(t, db, "SELECT count(*) FROM medication WHERE ended_on < ?", testNow); got == 0 {
		t.Error("no ended medication")
	}
	unread := count(t, db, `SELECT count(*) FROM messages m JOIN message_threads th ON th.id = m.thread_id
		WHERE m.read_at IS NULL AND m.sender_id = th.practitioner_id AND m.sent_at = th.last_message_at`)
	if unread == 0 || unread == 25 {
		t.Errorf("%d of 25 threads end unread", unread)
	}
	// The one patient message the practice has not read is the first patient's open e-consult.
	if got := count(t, db, `SELECT count(*) FROM messages m JOIN message_threads th ON th.id = m.thread_id
		WHERE m.read_at IS NULL AND m.sender_id = th.patient_id AND th.kind = 'econsult' AND th.handled_at IS NULL`); got != 1 {
		t.Errorf("%d open e-consults, want 1", got)
	}
	if got := count(t, db, "SELECT count(*) FROM messages WHERE read_at IS NULL AND sender_id IN (SELECT id FROM users WHERE role = 'patient')"); got != 1 {
		t.Errorf("%d unread patient messages", got)
	}
	if got := count(t, db, `SELECT count(*) FROM photos p JOIN messages m ON m.id = p.message_id JOIN message_threads th ON th.id = m.thread_id
		WHERE th.kind = 'econsult' AND m.sender_id = th.patient_id`); got != 5 {
		t.Errorf("%d e-consult photos, want one for each of 5 e-consults", got)
	}

	// Unique e-mail addresses and patient numbers, all on .example.
	if got := count(t, db, "SELECT count(DISTINCT email) FROM users WHERE role = 'patient'"); got != 25 {
		t.Errorf("%d distinct patient e-mail addresses", got)
	}
	if got := count(t, db, "SELECT count(DISTINCT patient_number) FROM users WHERE role = 'patient'"); got != 25 {
		t.Errorf("%d distinct patient numbers", got)
	}
	if got := count(t, db, "SELECT count(*) FROM users WHERE email NOT LIKE '%.example' OR user_name <> lower(email)"); got != 0 {
		t.Errorf("%d users with another e-mail domain or a user name that is not their address", got)
	}
	// Apart from the Mulder children (kinderen.go), whose ages follow Now.
	if got := count(t, db, "SELECT count(*) FROM users WHERE role = 'patient' AND (birth_date < ? OR birth_date >= ?) AND email NOT LIKE 'l.mulder+%'",
		time.Date(1935, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC)); got != 0 {
		t.Errorf("%d patients born outside 1935-2008", got)
	}
}

func TestGenerateRefusesNonEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	empty, err := IsEmpty(ctx, db)
	if err != nil || !empty {
		t.Fatalf("IsEmpty on a new database = %v, %v", empty, err)
	}
	if _, err := Generate(ctx, db, Options{Patients: 3, Now: testNow, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	empty, err = IsEmpty(ctx, db)
	if err != nil || empty {
		t.Fatalf("IsEmpty after Generate = %v, %v", empty, err)
	}
	_, err = Generate(ctx, db, Options{Patients: 3, Now: testNow, Password: testPassword})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second Generate: %v, want ErrNotEmpty", err)
	}
	if got := count(t, db, "SELECT count(*) FROM users WHERE role = 'patient'"); got != 3 {
		t.Errorf("%d patients after the refused run", got)
	}
}

func names(t *testing.T, db *queries.DB) []string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT given_name || ' ' || name_prefix || ' ' || family_name || ' ' || birth_date || ' ' || email
		FROM users WHERE role = 'patient' ORDER BY patient_number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, _ := generate(t, 7)
	b, _ := generate(t, 7)
	c, _ := generate(t, 8)
	na, nb, nc := names(t, a), names(t, b), names(t, c)
	if strings.Join(na, "\n") != strings.Join(nb, "\n") {
		t.Errorf("same seed, different patients:\n%v\n%v", na, nb)
	}
	if strings.Join(na, "\n") == strings.Join(nc, "\n") {
		t.Error("different seeds, same patients")
	}
	// The first patient is the same for every seed.
	if na[0] != nc[0] {
		t.Errorf("first patients differ: %q, %q", na[0], nc[0])
	}
	same := "SELECT group_concat(kind_id || starts_at, ',') FROM (SELECT kind_id, starts_at FROM appointments ORDER BY id)"
	var sa, sb string
	a.Read.QueryRow(same).Scan(&sa)
	b.Read.QueryRow(same).Scan(&sb)
	if sa != sb || sa == "" {
		t.Error("same seed, different appointments")
	}
}

func TestEmail(t *testing.T) {
	t.Parallel()
	g := &generator{emails: map[string]int{}}
	for _, tc := range []struct {
		p    person
		want string
	}{
		{person{given: "Zoë", prefix: "van der", family: "Meer"}, "zoe.vandermeer@voorbeeld.example"},
		{person{given: "Zoë", prefix: "van der", family: "Meer"}, "zoe.vandermeer2@voorbeeld.example"},
		{person{given: "Hüseyin", family: "Yılmaz"}, "huseyin.yilmaz@voorbeeld.example"},
		{person{given: "Jan", prefix: "in 't", family: "Veld"}, "jan.intveld@voorbeeld.example"},
		{person{given: "Said", family: "El Amrani"}, "said.elamrani@voorbeeld.example"},
	} {
		if got := g.email(tc.p); got != tc.want {
			t.Errorf("email(%+v) = %s, want %s", tc.p, got, tc.want)
		}
	}
	if got := (person{given: "Jan", prefix: "van den", family: "Berg"}).formal(); got != "de heer Van den Berg" {
		t.Errorf("formal = %q", got)
	}
}

// TestPDF checks the structure a PDF reader relies on: the header, every cross-reference offset
// pointing at its object, startxref pointing at the table, and the stream length.
func TestPDF(t *testing.T) {
	t.Parallel()
	pdf := minimalPDF("Informatiefolder slaaphygiëne (versie 2)", []string{"Cliënt: Zoë de Vries", "back\\slash €"})
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("header or trailer missing:\n%s", pdf)
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 7\n")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	entries := pdf[xref+len("xref\n0 7\n"):]
	for i := range 7 {
		e := entries[20*i : 20*i+20]
		if i == 0 {
			if string(e) != "0000000000 65535 f \n" {
				t.Errorf("entry 0 = %q", e)
			}
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" {
			t.Fatalf("entry %d = %q", i, e)
		}
		if want := strconv.Itoa(i) + " 0 obj\n"; !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d not at offset %d: %q", i, off, pdf[off:off+10])
		}
	}
	loc := regexp.MustCompile(`/Length (\d+) >>\nstream\n`).FindSubmatchIndex(pdf)
	length, _ := strconv.Atoi(string(pdf[loc[2]:loc[3]]))
	if !bytes.HasPrefix(pdf[loc[1]+length:], []byte("endstream")) {
		t.Errorf("stream length %d is wrong", length)
	}
	for _, want := range []string{`(Informatiefolder slaaphygi\353ne \(versie 2\)) Tj`, `(Cli\353nt: Zo\353 de Vries) Tj`,
		`(back\\slash \200) Tj`} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func BenchmarkGenerate10000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		res, err := Generate(context.Background(), db, Options{Patients: 10000, Now: testNow, Seed: 1, Password: testPassword})
		if err != nil {
			b.Fatal(err)
		}
		if res.Patients != 10000 {
			b.Fatal(res.Patients)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// Every demo account can receive its sign-in code: the mobile numbers are real Dutch mobile ranges.
func TestDemoMobileNumbersCanReceiveTexts(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 3)
	rows, err := db.Read.Query("SELECT mobile FROM users")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		if _, err := sms.Normalize(m); err != nil {
			t.Errorf("demo number %q cannot receive texts: %v", m, err)
		}
	}
}

// In a clinic of some size the last two patients have no portal account yet (to try inviting).
func TestDemoLeavesTheLastPatientsToInvite(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := Generate(context.Background(), db, Options{Patients: 12, Now: testNow, Seed: 1, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	var without int
	if err := db.Read.QueryRow("SELECT count(*) FROM users WHERE role = 'patient' AND password_hash IS NULL AND user_name IS NULL").Scan(&without); err != nil {
		t.Fatal(err)
	}
	if without != 2 {
		t.Fatalf("%d patients without an account, want 2", without)
	}
}

// The demo's patient, Anna de Vries, has what the agenda has to show: one appointment within 24 hours
// that she can no longer cancel, one next week that she can, one shown only from the afternoon before
// (not yet at the demo's start), and history with one cancelled appointment. The GP has a schedule to
// book in, partly taken, with a closure day and a day of absence; the POH-GGZ has an agenda too.
func TestDemoAgenda(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 5)
	ctx := context.Background()
	anna, err := db.R.GetUserBySignInName(ctx, sql.NullString{String: "anna.devries@voorbeeld.example", Valid: true})
	if err != nil {
		t.Fatal(err)
	}
	clinic, err := db.R.GetClinic(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if clinic.BookingWeeks != 8 || clinic.CancelHours != 24 {
		t.Errorf("booking weeks %d, cancel hours %d", clinic.BookingWeeks, clinic.CancelHours)
	}
	rows, err := db.Read.Query(`SELECT a.starts_at, a.status, a.visible_from, a.cancelled_at IS NOT NULL, k.cancellable, k.publish
		FROM appointments a JOIN appointment_kinds k ON k.id = a.kind_id WHERE a.patient_id = ? ORDER BY a.starts_at`, anna.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	local := testNow.In(agenda.Zone)
	monday := time.Date(local.Year(), local.Month(), local.Day()-int(local.Weekday()+6)%7+7, 0, 0, 0, 0, agenda.Zone)
	var soon, nextWeek, hidden, past, cancelled, other int
	for rows.Next() {
		var start, visible time.Time
		var status, publish string
		var hasCancelledAt bool
		var cancellable int64
		if err := rows.Scan(&start, &status, &visible, &hasCancelledAt, &cancellable, &publish); err != nil {
			t.Fatal(err)
		}
		canCancel := agenda.CanCancel(cancellable == 1, start, testNow, clinic.CancelHours)
		switch {
		case start.Before(testNow) && status == "cancelled" && hasCancelledAt:
			cancelled++
		case start.Before(testNow) && status == "booked":
			past++
		case status != "booked":
			other++
		case start.Sub(testNow) < 24*time.Hour && cancellable == 1 && !canCancel && !visible.After(testNow):
			soon++
		case !start.Before(monday) && start.Before(monday.AddDate(0, 0, 7)) && canCancel && !visible.After(testNow):
			nextWeek++
		case publish == agenda.PublishDayBefore && visible.After(testNow):
			s := start.In(agenda.Zone)
			if want := time.Date(s.Year(), s.Month(), s.Day()-1, 13, 0, 0, 0, agenda.Zone); !visible.Equal(want) {
				t.Errorf("the appointment of %v is visible from %v, want %v", s, visible.In(agenda.Zone), want)
			}
			hidden++
		default:
			other++
		}
	}
	if soon != 1 || nextWeek != 1 || hidden != 1 || past < 2 || cancelled != 1 || other != 0 {
		t.Errorf("Anna has %d within 24 hours, %d next week, %d not yet visible, %d past, %d cancelled, %d else", soon, nextWeek, hidden, past, cancelled, other)
	}
	if got := count(t, db, "SELECT count(*) FROM appointments WHERE status = 'cancelled' AND (cancelled_at IS NULL OR cancelled_by IS NULL)"); got != 0 {
		t.Errorf("%d cancelled appointments without when or by whom", got)
	}

	// Two practitioners with appointments, and a choice of them for one bookable kind.
	if got := count(t, db, `SELECT count(DISTINCT practitioner_id) FROM appointments WHERE starts_at > ?`, testNow); got != 2 {
		t.Errorf("upcoming appointments with %d practitioners, want 2", got)
	}
	if got := count(t, db, `SELECT count(DISTINCT h.practitioner_id) FROM availability_hours h
		JOIN appointment_kinds k ON k.bookable = 1 AND (h.kind_id IS NULL OR h.kind_id = k.id) WHERE k.name_nl = ?`, phoneKind); got != 2 {
		t.Errorf("%d practitioners offer phone consultations, want 2", got)
	}
	// The GP (Sanne Visser): hours on every working day, one absence and one closure day in the next
	// eight weeks, on which no appointment falls, and part of the time taken.
	var gp int64
	if err := db.Read.QueryRow("SELECT id FROM users WHERE user_name = 's.visser@delinde.example'").Scan(&gp); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, "SELECT count(DISTINCT weekday) FROM availability_hours WHERE practitioner_id = ? AND kind_id IS NULL", gp); got != 5 {
		t.Errorf("the GP has hours on %d days of the week", got)
	}
	eightWeeks := testNow.AddDate(0, 0, 56)
	if got := count(t, db, "SELECT count(*) FROM availability_exceptions WHERE practitioner_id = ? AND kind = 'absent' AND starts_at > ? AND ends_at < ?", gp, testNow, eightWeeks); got != 1 {
		t.Errorf("the GP has %d absences in the next eight weeks", got)
	}
	if got := count(t, db, "SELECT count(*) FROM closure_days WHERE day > ? AND day < ?", testNow, eightWeeks); got != 1 {
		t.Errorf("%d closure days in the next eight weeks", got)
	}
	if got := count(t, db, `SELECT count(*) FROM appointments a WHERE a.status = 'booked' AND (
		EXISTS (SELECT 1 FROM availability_exceptions e WHERE e.practitioner_id = a.practitioner_id AND e.starts_at < a.ends_at AND e.ends_at > a.starts_at)
		OR EXISTS (SELECT 1 FROM closure_days c WHERE date(c.day) = date(a.starts_at)))`); got != 0 {
		t.Errorf("%d appointments on a closure day or during an absence", got)
	}
	if got := count(t, db, "SELECT count(*) FROM appointments WHERE practitioner_id = ? AND status = 'booked' AND starts_at > ? AND starts_at < ?", gp, testNow, eightWeeks); got < 10 {
		t.Errorf("only %d of the GP's times in the next eight weeks are taken", got)
	}
}

// Anna de Vries's dossier: about twenty reports over two years in four categories, all shared with her,
// two letters with an attachment, and her newest report asking her akkoord; the practice's categories
// are the ones the reports use.
func TestDemoDossier(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 5)
	anna := `(SELECT id FROM users WHERE user_name = 'anna.devries@voorbeeld.example')`
	// Besides the reports of her submitted questionnaires (vragenlijsten_test.go).
	if got := count(t, db, `SELECT count(*) FROM reports WHERE published_at IS NOT NULL AND category <> 'Vragenlijsten' AND patient_id = `+anna); got != firstPatientReports {
		t.Errorf("%d published reports, want %d", got, firstPatientReports)
	}
	if got := count(t, db, `SELECT count(DISTINCT category) FROM reports WHERE patient_id = `+anna); got < 4 {
		t.Errorf("reports in %d categories, want at least 4", got)
	}
	if got := count(t, db, `SELECT julianday(max(written_at)) - julianday(min(written_at)) > 365 FROM reports WHERE patient_id = `+anna); got != 1 {
		t.Error("the reports do not span more than a year")
	}
	if got := count(t, db, `SELECT count(*) FROM documents d JOIN reports r ON r.id = d.report_id AND r.patient_id = d.patient_id WHERE d.patient_id = `+anna); got != 2 {
		t.Errorf("%d attachments, want 2", got)
	}
	if got := count(t, db, `SELECT count(*) FROM reports WHERE approval_requested = 1 AND patient_id = `+anna); got != 1 {
		t.Errorf("%d reports ask her akkoord, want 1", got)
	}
	if got := count(t, db, `SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_categories c
		WHERE c.category = r.category AND c.subcategory = r.subcategory)`); got != 0 {
		t.Errorf("%d reports under a category the practice does not have", got)
	}
	// One report carries her statement that she disagrees, added by the practitioner after she asked.
	if got := count(t, db, `SELECT count(*) FROM report_corrections k JOIN reports r ON r.id = k.report_id
		WHERE k.kind = 'statement' AND k.outcome = 'statement_added' AND k.handled_at > k.asked_at AND k.handled_at <= ?
		AND k.asked_at > r.published_at AND r.superseded_by IS NULL AND r.approval_requested = 0 AND k.patient_id = `+anna, testNow); got != 1 {
		t.Errorf("%d reports with her statement, want 1", got)
	}
	// Consents: at least one given now, and one given and later withdrawn.
	if got := count(t, db, `SELECT count(*) FROM consent_events e WHERE e.given = 1 AND e.patient_id = `+anna+`
		AND NOT EXISTS (SELECT 1 FROM consent_events n WHERE n.patient_id = e.patient_id AND n.kind_id = e.kind_id AND n.id > e.id)`); got < 1 {
		t.Error("no consent given")
	}
	if got := count(t, db, `SELECT count(*) FROM consent_events w JOIN consent_events g ON g.patient_id = w.patient_id
		AND g.kind_id = w.kind_id AND g.given = 1 AND g.at < w.at WHERE w.given = 0 AND w.at <= ? AND w.patient_id = `+anna, testNow); got < 1 {
		t.Error("no consent given and then withdrawn")
	}
	// Who looked at her file: a practitioner reading her reports and an assistant her appointments, over
	// the last months, in a chain that verifies.
	for _, who := range []string{`actor_role = 'practitioner' AND object_type = 'report'`, `actor_role = 'assistant' AND object_type = 'agenda'`} {
		if got := count(t, db, `SELECT count(DISTINCT date(at)) FROM access_log WHERE `+who+` AND at > ? AND at <= ? AND patient_id = `+anna,
			testNow.AddDate(0, -5, 0), testNow); got < 3 {
			t.Errorf("%s: on %d days, want at least 3", who, got)
		}
	}
	if _, broken, err := accesslog.Verify(context.Background(), db.R); err != nil || broken != nil {
		t.Errorf("the access log does not verify: %v %v", broken, err)
	}
}

// Repeat prescriptions: the practice's pharmacies, Anna de Vries's remembered one (Apotheek De Linde),
// her re-order waiting in the queue, a few handled ones in her history (one refused, with its reason),
// and an open queue of other patients' re-orders for the practice.
func TestDemoRepeatPrescriptions(t *testing.T) {
	t.Parallel()
	db, _ := generate(t, 1) // the seed of `balie demo`
	anna := `(SELECT id FROM users WHERE user_name = 'anna.devries@voorbeeld.example')`
	if got := count(t, db, `SELECT count(*) FROM pharmacies WHERE active = 1`); got != len(demoPharmacies) {
		t.Errorf("%d pharmacies", got)
	}
	if got := count(t, db, `SELECT count(*) FROM patient_pharmacies c JOIN pharmacies p ON p.id = c.pharmacy_id
		WHERE p.name = 'Apotheek De Linde' AND c.patient_id = `+anna); got != 1 {
		t.Error("Anna's pharmacy is not remembered")
	}
	if got := count(t, db, `SELECT count(*) FROM repeat_requests WHERE state = 'aangevraagd' AND patient_id = `+anna); got != 1 {
		t.Errorf("%d of Anna's re-orders wait, want 1", got)
	}
	if got := count(t, db, `SELECT count(*) FROM repeat_requests WHERE handled_at IS NOT NULL AND patient_id = `+anna); got != 3 {
		t.Errorf("%d handled re-orders in Anna's history, want 3", got)
	}
	if got := count(t, db, `SELECT count(*) FROM repeat_requests WHERE state = 'afgewezen' AND refuse_reason <> '' AND patient_id = `+anna); got != 1 {
		t.Errorf("%d of Anna's re-orders refused with a reason, want 1", got)
	}
	if got := count(t, db, `SELECT count(*) FROM repeat_requests WHERE handled_at IS NULL AND patient_id <> `+anna); got < 2 {
		t.Errorf("only %d other re-orders in the practice's queue", got)
	}
	if got := count(t, db, `SELECT count(*) FROM repeat_request_items i JOIN medication m ON m.id = i.medication_id
		JOIN repeat_requests r ON r.id = i.request_id WHERE m.chronic = 0 OR m.patient_id <> r.patient_id`); got != 0 {
		t.Errorf("%d re-ordered items are not the patient's chronic medication", got)
	}
}
