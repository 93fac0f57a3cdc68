// Package demo fills an empty database with a fictional Dutch clinic: staff, patients and everything in
// their records, so that Balie can be tried out (`balie demo`) and measured with realistic volumes.
//
// The data depends only on Options: the same seed, number of patients and Now give the same database
// (apart from the password hash, whose salt is random). Each patient's name, birth date and address
// depend only on the seed and the patient's position, not on Now.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam also on a machine without a zoneinfo database

	"balie/internal/password"
	"balie/internal/photo"
	"balie/queries"
)

// Options says what to generate.
type Options struct {
	Patients int       // number of patients (25 when not positive)
	Now      time.Time // "today" for the data: appointments are placed around it (time.Now when zero)
	Seed     int64     // deterministic data for a given seed
	Password string    // the one demo password every demo account gets (policy-compliant; given by caller)
	// PatientsOnly leaves out the patients' records (appointments, reports, messages …): a clinic of
	// 100,000 patients for measuring the patient list, built in seconds rather than minutes.
	PatientsOnly bool
}

// SignIn is one account the demo prints so that a visitor can sign in.
type SignIn struct {
	Role     string // "admin", "practitioner", "assistant" or "patient"
	Name     string // display name
	UserName string
}

// Result tells what Generate made.
type Result struct {
	SignIns  []SignIn // the staff members and the first patient, in that order
	Patients int
}

// ErrNotEmpty is returned by Generate when the database already has users.
var ErrNotEmpty = errors.New("demo: the database already has users")

// IsEmpty reports whether the database has no users yet.
func IsEmpty(ctx context.Context, db *queries.DB) (bool, error) {
	n, err := db.R.DemoUserCount(ctx)
	if err != nil {
		return false, err
	}
	return n == 0, nil
}

// Generate fills an empty database (fresh from schema.sql) with a demo clinic. It returns ErrNotEmpty if
// the database already has users.
//
// Everything is written in one transaction: either the whole clinic is there or nothing is, so that a
// failed run can simply be repeated. Statements are prepared once per transaction.
func Generate(ctx context.Context, db *queries.DB, opts Options) (*Result, error) {
	if opts.Password == "" {
		return nil, errors.New("demo: no password given")
	}
	n := opts.Patients
	if n <= 0 {
		n = 25
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	// One hash for every account: argon2id costs tens of milliseconds and a lot of memory per call.
	hash, err := password.Hash(opts.Password)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	src := rand.NewPCG(0, 0)
	g := &generator{
		seed:     uint64(opts.Seed),
		src:      src,
		r:        rand.New(src),
		now:      now,
		today:    now.In(loc),
		loc:      loc,
		hash:     sql.NullString{String: hash, Valid: true},
		emails:   make(map[string]int, n),
		patients: n,
		busy:     make(map[busySlot]bool),
		closed:   make(map[time.Time]bool),

		patientsOnly: opts.PatientsOnly,
	}
	res := &Result{Patients: n}
	err = db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		g.q = q // prepares each statement once for the thousands of inserts
		count, err := g.q.DemoUserCount(ctx)
		if err != nil {
			return err
		}
		if count > 0 {
			return ErrNotEmpty
		}
		if err := g.q.UpsertClinic(ctx, queries.UpsertClinicParams{
			Name: clinicName, ShortName: clinicShort, Street: clinicStreet, Postcode: clinicPost, City: clinicCity,
			Phone: clinicPhone, Email: clinicEmail, Website: clinicWebsite,
		}); err != nil {
			return fmt.Errorf("clinic: %w", err)
		}
		if err := g.q.EnableEconsult(ctx); err != nil {
			return fmt.Errorf("clinic: %w", err)
		}
		if _, err := g.q.PublishTerms(ctx, queries.PublishTermsParams{TextNl: termsNl, TextEn: termsEn, PublishedAt: g.now.AddDate(-1, 0, 0)}); err != nil {
			return fmt.Errorf("terms: %w", err)
		}
		if res.SignIns, err = g.staff(ctx); err != nil {
			return fmt.Errorf("staff: %w", err)
		}
		if err := g.agendaSetup(ctx); err != nil {
			return fmt.Errorf("agenda: %w", err)
		}
		if err := g.resultsSetup(ctx); err != nil {
			return fmt.Errorf("results: %w", err)
		}
		if err := g.pharmacySetup(ctx); err != nil {
			return fmt.Errorf("pharmacies: %w", err)
		}
		for i, k := range reportKinds { // the practice's report categories, in the order of the templates
			if err := g.q.InsertReportCategory(ctx, queries.InsertReportCategoryParams{Category: k.category,
				Subcategory: k.subcategory, Position: int64(i)}); err != nil {
				return fmt.Errorf("report categories: %w", err)
			}
		}
		for i := range n {
			p, err := g.patient(ctx, i)
			if err != nil {
				return fmt.Errorf("patient %d: %w", i+1, err)
			}
			if i == 0 {
				res.SignIns = append(res.SignIns, SignIn{Role: "patient", Name: p.fullName(), UserName: p.email})
			}
		}
		if err := g.family(ctx, g.familyIDs); err != nil {
			return familyErr(err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A large transaction leaves a large WAL file behind; fold it into the database and shrink it. This is
	// housekeeping only: the data is committed, so a failure here (say, a busy reader) is not an error.
	_, _ = db.Write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return res, nil
}

// smsFactor gives a demo account codes by SMS as its second factor: in the demo they appear on the
// outbox page, so every sign-in can be tried without a phone.
func (g *generator) smsFactor(ctx context.Context, userID int64, mobile string, at time.Time) error {
	_, err := g.q.CreateFactor(ctx, queries.CreateFactorParams{UserID: userID, Kind: "sms", Label: mobile, CreatedAt: at})
	return err
}

// withoutAccount patients (the last ones) have no portal account yet.
const withoutAccount = 2

type generator struct {
	q      *queries.Queries
	seed   uint64
	src    *rand.PCG
	r      *rand.Rand
	now    time.Time // UTC
	today  time.Time // now in Europe/Amsterdam
	loc    *time.Location
	hash   sql.NullString
	emails map[string]int // e-mail address without number → how many patients have it

	patients                int
	patientsOnly            bool
	practitioner, assistant int64
	poh                     int64              // the second practitioner (POH-GGZ)
	busy                    map[busySlot]bool  // the practitioners' booked quarters of an hour
	closed                  map[time.Time]bool // local dates no appointment falls on: the closure day, the GP's absence
	places, kinds           map[string]int64   // the ids of the clinic's places and appointment kinds, by Dutch name
	photo                   *photo.Photo       // the e-consults' photo, made once
	resultTests             map[string]int64   // the ids of the practice's result tests, by code (results.go)
	pharmacies              []int64            // the practice's pharmacies (herhaalrecepten.go)
	familyIDs               []int64            // the Mulders, mother first (kinderen.go)
}

func (g *generator) staff(ctx context.Context) ([]SignIn, error) {
	var signIns []SignIn
	for _, s := range staff {
		id, err := g.q.CreateUser(ctx, queries.CreateUserParams{
			Role:         s.role,
			UserName:     sql.NullString{String: s.userName, Valid: true},
			Email:        s.userName,
			PasswordHash: g.hash,
			GivenName:    s.given,
			NamePrefix:   s.prefix,
			FamilyName:   s.family,
			Mobile:       s.mobile,
			Street:       clinicStreet,
			Postcode:     clinicPost,
			City:         clinicCity,
			Locale:       "nl",
			CreatedAt:    g.now.AddDate(-5, 0, 0),
		})
		if err != nil {
			return nil, err
		}
		if err := g.smsFactor(ctx, id, s.mobile, g.now.AddDate(-5, 0, 0)); err != nil {
			return nil, err
		}
		switch {
		case s.role == "practitioner" && g.practitioner == 0: // the GP, the patients' own practitioner
			g.practitioner = id
		case s.role == "practitioner":
			g.poh = id
		case s.role == "assistant":
			g.assistant = id
		}
		signIns = append(signIns, SignIn{Role: s.role, Name: s.display, UserName: s.userName})
	}
	return signIns, nil
}

// person is a patient's name.
type person struct {
	given, prefix, family string
	female                bool
	email                 string
}

// fullName is the name as written in Dutch: "Anna de Vries".
func (p person) fullName() string {
	if p.prefix == "" {
		return p.given + " " + p.family
	}
	return p.given + " " + p.prefix + " " + p.family
}

// formal is how a letter addresses the patient: "mevrouw De Vries" (a name prefix without a given name
// in front of it starts with a capital).
func (p person) formal() string {
	title := "de heer "
	if p.female {
		title = "mevrouw "
	}
	if p.prefix == "" {
		return title + p.family
	}
	return title + capFirst(p.prefix) + " " + p.family
}

// salutation is how a message greets the patient: "Beste mevrouw De Vries", "Beste meneer Jansen".
func (p person) salutation() string {
	if p.female {
		return p.formal()
	}
	return "meneer " + strings.TrimPrefix(p.formal(), "de heer ")
}

func capFirst(s string) string {
	for i, r := range s {
		if i == 0 {
			return strings.ToUpper(string(r)) + s[len(string(r)):]
		}
	}
	return s
}

// patient writes patient number i (0-based) and their whole record.
func (g *generator) patient(ctx context.Context, i int) (person, error) {
	// Every patient has an own random stream, so that their identity does not depend on what was drawn
	// for earlier patients' appointments (which depends on Now).
	g.src.Seed(g.seed, 0x62616c6965<<16+uint64(i))
	r := g.r
	first := i == 0
	// In a clinic of some size the last patients have not activated a portal account yet, so that staff
	// can try inviting them.
	hasAccount := g.patients < 10 || i < g.patients-withoutAccount

	var p person
	var birth time.Time
	if first {
		p = firstPatient
		birth = time.Date(1984, 5, 17, 0, 0, 0, 0, time.UTC)
	} else {
		p.female = r.IntN(2) == 0
		if p.female {
			p.given = femaleNames[r.IntN(len(femaleNames))]
		} else {
			p.given = maleNames[r.IntN(len(maleNames))]
		}
		fam := familyNames[r.IntN(len(familyNames))]
		p.prefix, p.family = fam[0], fam[1]
		from := time.Date(1935, 1, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2008, 12, 31, 0, 0, 0, 0, time.UTC)
		birth = from.AddDate(0, 0, r.IntN(int(to.Sub(from).Hours()/24)+1))
	}
	p.email = g.email(p)
	if m, ok := g.familyMemberAt(i); ok { // the Mulders (kinderen.go)
		p, birth, hasAccount = m.person, m.birth, m.account
	}
	city := g.city()
	locale := "nl"
	if !first && r.IntN(20) == 0 {
		locale = "en"
	}
	number := fmt.Sprintf("P%06d", i+1)
	mobile := g.mobile()
	created := g.now.Add(-time.Duration(600+r.IntN(1500))*24*time.Hour - g.dayTime())
	id, err := g.q.CreateUser(ctx, queries.CreateUserParams{
		Role:           "patient",
		UserName:       sql.NullString{String: p.email, Valid: hasAccount},
		Email:          p.email,
		PasswordHash:   sql.NullString{String: g.hash.String, Valid: hasAccount},
		GivenName:      p.given,
		NamePrefix:     p.prefix,
		FamilyName:     p.family,
		BirthDate:      sql.NullTime{Time: birth, Valid: true},
		Mobile:         mobile,
		Street:         fmt.Sprintf("%s %s", streets[r.IntN(len(streets))], g.houseNumber()),
		Postcode:       g.postcode(city.from, city.to),
		City:           city.name,
		PatientNumber:  sql.NullString{String: number, Valid: true},
		PractitionerID: sql.NullInt64{Int64: g.practitioner, Valid: true},
		Locale:         locale,
		CreatedAt:      created,
	})
	if err != nil {
		return p, err
	}
	if hasAccount {
		if err := g.smsFactor(ctx, id, mobile, created); err != nil {
			return p, fmt.Errorf("factor: %w", err)
		}
	}
	if _, ok := g.familyMemberAt(i); ok {
		g.familyIDs = append(g.familyIDs, id)
	}
	if g.patientsOnly {
		return p, nil
	}
	age := g.today.Year() - birth.Year()
	if err := g.appointments(ctx, id, first); err != nil {
		return p, fmt.Errorf("appointments: %w", err)
	}
	shared, err := g.reports(ctx, id, p, number, birth, first)
	if err != nil {
		return p, fmt.Errorf("reports: %w", err)
	}
	if err := g.documents(ctx, id, p, number, birth, first); err != nil {
		return p, fmt.Errorf("documents: %w", err)
	}
	if err := g.medication(ctx, id, age, first); err != nil {
		return p, fmt.Errorf("medication: %w", err)
	}
	if first {
		if err := g.recordCopy(ctx, id); err != nil {
			return p, fmt.Errorf("record copy: %w", err)
		}
	}
	if err := g.repeatRequests(ctx, id, first); err != nil {
		return p, fmt.Errorf("repeat prescriptions: %w", err)
	}
	if err := g.thread(ctx, id, p, first); err != nil {
		return p, fmt.Errorf("messages: %w", err)
	}
	if err := g.econsult(ctx, id, p, i); err != nil {
		return p, fmt.Errorf("e-consult: %w", err)
	}
	if err := g.results(ctx, id, first); err != nil {
		return p, fmt.Errorf("results: %w", err)
	}
	if err := g.practiceQuestionnaires(ctx, id, i); err != nil {
		return p, fmt.Errorf("questionnaires: %w", err)
	}
	if first {
		if err := g.ownQuestionnaires(ctx, id); err != nil {
			return p, fmt.Errorf("own questionnaires: %w", err)
		}
	}
	if first {
		if err := g.dossierHistory(ctx, id, created, shared); err != nil {
			return p, fmt.Errorf("dossier history: %w", err)
		}
		if err := g.partner(ctx, id); err != nil {
			return p, fmt.Errorf("partner: %w", err)
		}
	}
	return p, nil
}

// email returns voornaam.achternaam@voorbeeld.example, with a number from the second patient of that
// name on.
func (g *generator) email(p person) string {
	base := slug(p.given) + "." + slug(p.prefix+p.family)
	g.emails[base]++
	if n := g.emails[base]; n > 1 {
		return fmt.Sprintf("%s%d@%s", base, n, patientDomain)
	}
	return base + "@" + patientDomain
}

var slugFold = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'í': "i", 'ï': "i",
	'ı': "i", 'î': "i", 'ó': "o", 'ö': "o", 'ô': "o", 'ú': "u", 'ü': "u", 'û': "u", 'ç': "c", 'ş': "s",
	'ğ': "g", 'ñ': "n",
}

// slug lower-cases s and keeps only a-z (diacritics folded), for e-mail addresses.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case slugFold[r] != "":
			b.WriteString(slugFold[r])
		}
	}
	return b.String()
}

func (g *generator) city() cityRange {
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	n := g.r.IntN(total)
	for _, c := range cities {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return cities[0]
}

func (g *generator) postcode(from, to int) string {
	for {
		a := postcodeLetters[g.r.IntN(len(postcodeLetters))]
		b := postcodeLetters[g.r.IntN(len(postcodeLetters))]
		if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
			continue
		}
		return fmt.Sprintf("%04d %c%c", from+g.r.IntN(to-from+1), a, b)
	}
}

func (g *generator) houseNumber() string {
	n := fmt.Sprint(1 + g.r.IntN(180))
	switch g.r.IntN(12) {
	case 0:
		return n + "a"
	case 1:
		return n + "b"
	case 2:
		return n + "-" + fmt.Sprint(1+g.r.IntN(3))
	}
	return n
}

// mobileBlocks are the 06-ranges of Dutch mobile numbers (061–065 and 068).
var mobileBlocks = []int{1, 2, 3, 4, 5, 8}

func (g *generator) mobile() string {
	return fmt.Sprintf("06 %d%03d %04d", mobileBlocks[g.r.IntN(len(mobileBlocks))], g.r.IntN(1000), g.r.IntN(10000))
}

// dayTime is a random duration up to a day, to spread timestamps.
func (g *generator) dayTime() time.Duration {
	return g.upTo(24 * time.Hour)
}

// workday returns the local date day days from today (negative: in the past), moved away from today
// onto a working day when it falls in a weekend or on a fixed-date holiday.
func (g *generator) workday(day int) time.Time {
	step := 1
	if day < 0 {
		step = -1
	}
	for {
		d := time.Date(g.today.Year(), g.today.Month(), g.today.Day()+day, 0, 0, 0, 0, g.loc)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !holiday(d) && !g.closed[d] {
			return d
		}
		day += step
	}
}

func holiday(d time.Time) bool {
	m, n := d.Month(), d.Day()
	return m == time.January && n == 1 || m == time.April && n == 27 ||
		m == time.December && (n == 25 || n == 26)
}

// workTime returns a moment during office hours (09:00-17:00 local) day days from today, in UTC.
func (g *generator) workTime(day int) time.Time {
	d := g.workday(day)
	return time.Date(d.Year(), d.Month(), d.Day(), 9+g.r.IntN(8), g.r.IntN(60), g.r.IntN(60), 0, g.loc).UTC()
}

// busySlot is a quarter of an hour (Unix time / 900) in a practitioner's agenda.
type busySlot struct {
	who     int64
	quarter int64
}

// take books the practitioner's quarters from start for minutes when they are all free, and reports
// whether they were.
func (g *generator) take(who int64, start time.Time, minutes int) bool {
	quarters := int64((minutes + 14) / 15)
	for k := range quarters {
		if g.busy[busySlot{who, start.Unix()/900 + k}] {
			return false
		}
	}
	for k := range quarters {
		g.busy[busySlot{who, start.Unix()/900 + k}] = true
	}
	return true
}

// slot finds a free time of the given length in the practitioner's agenda on a working day between dayMin
// and dayMax days from today, between 08:00 and 17:00 local time, and books it. It returns the start in
// UTC, or false when a dozen tries found the agenda full (a large clinic's busy weeks): the database
// refuses two booked appointments of one practitioner at once.
func (g *generator) slot(who int64, dayMin, dayMax, minutes int) (time.Time, bool) {
	for try := 0; try < 12; try++ {
		d := g.workday(dayMin + g.r.IntN(dayMax-dayMin+1))
		q := g.r.IntN((9*60-minutes)/15 + 1)
		start := time.Date(d.Year(), d.Month(), d.Day(), 8, 15*q, 0, 0, g.loc)
		if g.take(who, start, minutes) {
			return start.UTC(), true
		}
	}
	return time.Time{}, false
}

func (g *generator) appointments(ctx context.Context, patient int64, first bool) error {
	if first {
		return g.firstPatientAppointments(ctx, patient)
	}
	r := g.r
	past, upcoming := 2+r.IntN(3), 1+r.IntN(3)
	// Past appointments, oldest first: the oldest is often the intake.
	days := make([]int, past)
	for k := range days {
		days[k] = -1 - r.IntN(540)
	}
	slices.Sort(days)
	for k, day := range days {
		kind := apptKinds[r.IntN(len(apptKinds))]
		if k == 0 && r.IntN(2) == 0 {
			kind = intake
		}
		status := "booked"
		if k > 0 && r.IntN(12) == 0 {
			status = "cancelled"
		}
		minutes := kind.minutes[r.IntN(len(kind.minutes))]
		who := g.practitionerOf(kind)
		start, ok := g.slot(who, day, day, minutes)
		if !ok {
			continue
		}
		created := start.AddDate(0, 0, -1-r.IntN(30))
		if err := g.appointment(ctx, patient, who, kind, start, minutes, status, created); err != nil {
			return err
		}
	}
	// Upcoming ones, within the next eight weeks (a day off moves on to the next working day).
	for range upcoming {
		kind := apptKinds[r.IntN(len(apptKinds))]
		minutes := kind.minutes[r.IntN(len(kind.minutes))]
		who := g.practitionerOf(kind)
		start, ok := g.slot(who, 1, 50, minutes)
		if !ok {
			continue
		}
		created := g.now.Add(-time.Duration(r.IntN(30))*24*time.Hour - g.dayTime())
		if err := g.appointment(ctx, patient, who, kind, start, minutes, "booked", created); err != nil {
			return err
		}
	}
	return nil
}

// pick returns k distinct indexes below n, in random order.
func (g *generator) pick(n, k int) []int {
	return g.r.Perm(n)[:min(k, n)]
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// dateNL formats a date the Dutch way: "3 maart 2026".
func dateNL(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), monthsNL[t.Month()-1], t.Year())
}

// firstPatientReports is how many reports Anna de Vries has: a record of two years to page and filter.
const firstPatientReports = 20

// sharedReport is one of the first patient's reports as the demo shares it with her.
type sharedReport struct {
	id        int64
	kind      reportKind
	published time.Time
}

// reports writes the patient's reports and returns the first patient's, oldest first (for
// dossierHistory).
func (g *generator) reports(ctx context.Context, patient int64, p person, number string, birth time.Time, first bool) ([]sharedReport, error) {
	r := g.r
	n, span := 2+r.IntN(4), 540
	var kinds []int
	if first {
		// Every kind at least once, then more of them, in four categories over two years.
		n, span = firstPatientReports, 720
		for len(kinds) < n {
			kinds = append(kinds, r.Perm(len(reportKinds))...)
		}
		kinds = kinds[:n]
	} else {
		kinds = g.pick(len(reportKinds), n)
	}
	// Intake and treatment plan come before the rest.
	slices.SortStableFunc(kinds, func(a, b int) int {
		switch {
		case reportKinds[a].first == reportKinds[b].first:
			return 0
		case reportKinds[a].first:
			return -1
		}
		return 1
	})
	days := make([]int, len(kinds))
	for k := range days {
		days[k] = -1 - r.IntN(span)
	}
	slices.Sort(days)
	he, him, his := "hij", "hem", "zijn"
	if p.female {
		he, him, his = "zij", "haar", "haar"
	}
	names := strings.NewReplacer("{Naam}", capFirst(p.formal()), "{naam}", p.formal(),
		"{Hij}", capFirst(he), "{hij}", he, "{hem}", him, "{zijn}", his)
	attachments := 0
	var shared []sharedReport
	for k, ki := range kinds {
		kind := reportKinds[ki]
		written := g.workTime(days[k])
		body := names.Replace(kind.bodies[r.IntN(len(kind.bodies))])
		body = strings.ReplaceAll(body, "{datum}", dateNL(written.AddDate(0, 0, -2-r.IntN(5)).In(g.loc)))
		body = strings.ReplaceAll(body, "{bd}", fmt.Sprintf("%d/%d", 118+r.IntN(40), 68+r.IntN(24)))
		var published sql.NullTime
		if first || r.IntN(5) > 0 {
			at := g.officeHours(written.Add(time.Duration(1+r.IntN(72)) * time.Hour))
			published = sql.NullTime{Time: earliest(at, g.now), Valid: true}
		}
		// The demo patient's newest report asks her akkoord (seed 001).
		approval := int64(0)
		if first && k == len(kinds)-1 {
			approval = 1
		}
		id, err := g.q.InsertReport(ctx, queries.InsertReportParams{
			PatientID:         patient,
			AuthorID:          g.practitioner,
			Title:             kind.title,
			Category:          kind.category,
			Subcategory:       kind.subcategory,
			Body:              body,
			SearchText:        queries.ReportSearchText(kind.title, body),
			WrittenAt:         written,
			PublishedAt:       published,
			ApprovalRequested: approval,
		})
		if err != nil {
			return nil, err
		}
		if first {
			shared = append(shared, sharedReport{id: id, kind: kind, published: published.Time})
		}
		// Two of her letters have an attachment under them (seed 003).
		if first && kind.category == "Brieven" && attachments < 2 {
			attachments++
			title := "Bijlage bij " + strings.ToLower(kind.title[:1]) + kind.title[1:]
			content := minimalPDF(title, []string{
				clinicName + ", " + clinicStreet + ", " + clinicPost + " " + clinicCity,
				"",
				"Cliënt: " + p.fullName() + " (" + number + "), geboren " + dateNL(birth),
				"Datum: " + dateNL(written.In(g.loc)),
				"",
				"Dit is een voorbeeldbijlage uit de demo van Balie.",
			})
			if err := g.q.InsertDocument(ctx, queries.InsertDocumentParams{
				PatientID: patient, UploadedBy: g.practitioner, Title: title,
				FileName: fmt.Sprintf("bijlage-%d.pdf", attachments), ContentType: "application/pdf",
				SizeBytes: int64(len(content)), CreatedAt: written, PublishedAt: published, Content: content,
				ReportID: sql.NullInt64{Int64: id, Valid: true},
			}); err != nil {
				return nil, err
			}
		}
	}
	return shared, nil
}

func (g *generator) documents(ctx context.Context, patient int64, p person, number string, birth time.Time,
	first bool) error {
	r := g.r
	n := 1 + r.IntN(2)
	if first {
		n = 2
	}
	for _, ki := range g.pick(len(docKinds), n) {
		kind := docKinds[ki]
		created := g.workTime(-1 - r.IntN(400))
		content := minimalPDF(kind.title, []string{
			clinicName + ", " + clinicStreet + ", " + clinicPost + " " + clinicCity,
			"",
			"Cliënt: " + p.fullName() + " (" + number + "), geboren " + dateNL(birth),
			"Datum: " + dateNL(created.In(g.loc)),
			"",
			kind.line,
			"Dit is een voorbeelddocument uit de demo van Balie.",
		})
		by := g.practitioner
		if kind.byAssistant {
			by = g.assistant
		}
		var published sql.NullTime
		if first || r.IntN(7) > 0 {
			at := g.officeHours(created.Add(time.Duration(1+r.IntN(48)) * time.Hour))
			published = sql.NullTime{Time: earliest(at, g.now), Valid: true}
		}
		if err := g.q.InsertDocument(ctx, queries.InsertDocumentParams{
			PatientID:   patient,
			UploadedBy:  by,
			Title:       kind.title,
			FileName:    kind.fileName,
			ContentType: "application/pdf",
			SizeBytes:   int64(len(content)),
			CreatedAt:   created,
			PublishedAt: published,
			Content:     content,
		}); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) medication(ctx context.Context, patient int64, age int, first bool) error {
	if first {
		return g.firstPatientMedication(ctx, patient)
	}
	r := g.r
	var fit []int
	for i, m := range medKinds {
		if age >= m.minAge {
			fit = append(fit, i)
		}
	}
	date := g.daysAgo
	for _, fi := range g.pick(len(fit), 1+r.IntN(4)) {
		m := medKinds[fit[fi]]
		var started int
		var ended sql.NullTime
		switch {
		case m.chronic:
			started = 200 + r.IntN(3000)
		case m.courseDays == 0: // as needed
			started = 14 + r.IntN(700)
			if r.IntN(3) == 0 {
				ended = sql.NullTime{Time: date(r.IntN(started)), Valid: true}
			}
		case r.IntN(5) < 3: // a course that has ended
			started = m.courseDays + 1 + r.IntN(500)
			ended = sql.NullTime{Time: date(started - m.courseDays), Valid: true}
		default: // a course still running
			started = r.IntN(m.courseDays)
			ended = sql.NullTime{Time: date(started - m.courseDays), Valid: true}
		}
		chronic := int64(0)
		if m.chronic {
			chronic = 1
		}
		if err := g.q.InsertMedication(ctx, queries.InsertMedicationParams{
			PatientID:    patient,
			PrescriberID: sql.NullInt64{Int64: g.practitioner, Valid: true},
			Name:         m.name,
			Strength:     m.strength,
			Form:         m.form,
			Dosage:       m.dosage,
			Instructions: m.instructions,
			Chronic:      chronic,
			StartedOn:    date(started),
			EndedOn:      ended,
		}); err != nil {
			return err
		}
	}
	return nil
}

// recordCopy gives Anna de Vries a copy of her record she asked for three months ago, long expired: her
// page at /dossier/kopie shows it, and a copy she asks for now is built while the demo runs.
func (g *generator) recordCopy(ctx context.Context, patient int64) error {
	at := g.officeHours(g.now.AddDate(0, -3, 0))
	id, err := g.q.RequestRecordCopy(ctx, queries.RequestRecordCopyParams{PatientID: patient, RequestedBy: patient, Now: at})
	if err != nil {
		return err
	}
	done := at.Add(2 * time.Minute)
	if err := g.q.FinishRecordCopy(ctx, queries.FinishRecordCopyParams{Now: sql.NullTime{Time: done, Valid: true},
		ExpiresAt: sql.NullTime{Time: done.Add(24 * time.Hour), Valid: true}, SizeBytes: 3_400_000, ID: id}); err != nil {
		return err
	}
	return g.q.ExpireRecordCopy(ctx, id)
}

func (g *generator) thread(ctx context.Context, patient int64, p person, first bool) error {
	_, err := g.writeThread(ctx, patient, p, first, "message", threadKinds[g.r.IntN(len(threadKinds))])
	return err
}

// writeThread writes a conversation of kind ("message" or "econsult") and returns its messages' ids.
func (g *generator) writeThread(ctx context.Context, patient int64, p person, first bool, threadType string, kind threadKind) ([]int64, error) {
	r := g.r
	// The practitioner writes during office hours, patients whenever they are awake; each message comes
	// one to thirty hours after the one before.
	times := make([]time.Time, len(kind.messages))
	for k, m := range kind.messages {
		var t time.Time
		if k == 0 {
			d := g.workday(-2 - r.IntN(45))
			t = time.Date(d.Year(), d.Month(), d.Day(), 7+r.IntN(15), r.IntN(60), r.IntN(60), 0, g.loc).UTC()
		} else {
			t = times[k-1].Add(time.Hour + time.Duration(r.IntN(29*3600))*time.Second)
		}
		if m.byPractitioner {
			t = g.officeHours(t)
		} else if h := t.In(g.loc).Hour(); h < 7 || h >= 23 {
			t = t.Add(8 * time.Hour)
		}
		times[k] = t
	}
	// A thread that would end in the future moves back by whole weeks, keeping days and hours.
	for times[len(times)-1].After(g.now.Add(-15 * time.Minute)) {
		for k, t := range times {
			times[k] = t.In(g.loc).AddDate(0, 0, -7).UTC()
		}
	}
	// Answered conversations are handled; one still waiting for the practice is open.
	last := times[len(times)-1]
	var handled sql.NullTime
	if kind.messages[len(kind.messages)-1].byPractitioner {
		handled = sql.NullTime{Time: last, Valid: true}
	}
	id, err := g.q.InsertThread(ctx, queries.InsertThreadParams{
		PatientID:      patient,
		PractitionerID: sql.NullInt64{Int64: g.practitioner, Valid: true},
		Kind:           threadType,
		Subject:        kind.subject,
		CreatedAt:      times[0],
		LastMessageAt:  last,
		HandledAt:      handled,
	})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(kind.messages))
	for k, m := range kind.messages {
		var body string
		sender := patient
		if m.byPractitioner {
			sender = g.practitioner
			body = "Beste " + p.salutation() + ",\n\n" + m.body + "\n\nMet vriendelijke groet,\n" + practitionerSignature
		} else {
			body = "Beste " + practitionerAddress + ",\n\n" + m.body + "\n\nMet vriendelijke groet,\n" + p.fullName()
		}
		// Every message was read shortly before the answer to it; the practitioner's last one is still
		// unread for about half of the patients (always for the first).
		var read sql.NullTime
		if k+1 < len(times) {
			read = sql.NullTime{Time: times[k+1].Add(-g.upTo(min(times[k+1].Sub(times[k]), time.Hour))), Valid: true}
		} else if !first && r.IntN(2) == 0 {
			read = sql.NullTime{Time: times[k].Add(g.upTo(min(g.now.Sub(times[k]), 48*time.Hour))), Valid: true}
		}
		if ids[k], err = g.q.InsertMessage(ctx, queries.InsertMessageParams{
			ThreadID: id,
			SenderID: sender,
			Body:     body,
			SentAt:   times[k],
			ReadAt:   read,
		}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// upTo returns a random whole number of seconds below d (d at least a second).
func (g *generator) upTo(d time.Duration) time.Duration {
	return time.Duration(g.r.Int64N(int64(d/time.Second))) * time.Second
}

// officeHours returns t when it falls in office hours (working days 08:00-17:00 local), and otherwise a
// moment early on the next working day.
func (g *generator) officeHours(t time.Time) time.Time {
	l := t.In(g.loc)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, g.loc)
	if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !holiday(d) && l.Hour() >= 8 && l.Hour() < 17 {
		return t
	}
	if l.Hour() >= 8 {
		d = d.AddDate(0, 0, 1)
	}
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || holiday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, g.loc).Add(g.upTo(2 * time.Hour)).UTC()
}
