package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"balie/handlers"
	"balie/internal/accesslog"
	"balie/internal/clock"
	"balie/internal/config"
	"balie/internal/demo"
	"balie/internal/mail"
	"balie/internal/mail/mailtest"
	"balie/internal/outbox"
	"balie/internal/sms"
	"balie/internal/sms/smstest"
	"balie/internal/testdb"
	"balie/locales"
	"balie/queries"
	"balie/views"
)

// demoPassword is the password of every account the test clinic has.
const demoPassword = "test-wachtwoord-voor-balie"

// testStart is "now" in handler tests: a Monday morning in Amsterdam.
var testStart = time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)

// testApp is the whole app on a real SQLite file, served over real HTTP on 127.0.0.1.
type testApp struct {
	t      testing.TB
	srv    *httptest.Server
	origin string // where a browser opens the app: srv.URL, or the app's own address (withServerBaseURL)
	db     *queries.DB
	clock  clock.Clock
	fixed  *clock.Fixed // nil when the app runs on the real clock
	cfg    *config.Config
	app    *handlers.Server
	tr     map[string]*views.Translator
	staff  map[string]queries.User // by role
	people []queries.User          // the demo patients, by id

	// Mail and SMS really go out: the outbox worker delivers to an SMTP server and an SMS gateway
	// (speaking CM's API) on 127.0.0.1, and tests read them as the recipient would.
	worker *outbox.Worker
	smtp   *mailtest.Server
	sms    *smstest.Server
}

type appOption func(*config.Config, *appSetup)

type appSetup struct {
	realClock     bool
	patients      int
	patientsOnly  bool
	serverBaseURL bool
	log           io.Writer
}

// withRealClock runs the app on the wall clock (browser tests, where the page's script keeps time).
func withRealClock() appOption { return func(_ *config.Config, s *appSetup) { s.realClock = true } }

// withServerBaseURL makes the app's public address (cfg.BaseURL) the test server's, as
// http://localhost:PORT: WebAuthn checks the page's origin against it and refuses an IP address as the
// relying party's id. Browser tests with passkeys open the app there (browserTab.open uses a.origin).
func withServerBaseURL() appOption {
	return func(_ *config.Config, s *appSetup) { s.serverBaseURL = true }
}

// withLog sends everything the app logs to w, for tests that read the log.
func withLog(w io.Writer) appOption { return func(_ *config.Config, s *appSetup) { s.log = w } }

// withBaseURL sets the address patients use (cfg.BaseURL).
func withBaseURL(u string) appOption { return func(c *config.Config, _ *appSetup) { c.BaseURL = u } }

// withPatients sets the size of the demo clinic (benchmarks use 10,000).
func withPatients(n int) appOption { return func(_ *config.Config, s *appSetup) { s.patients = n } }

// withPatientsOnly makes a clinic of n patients without records (the patient list's benchmarks).
func withPatientsOnly(n int) appOption {
	return func(_ *config.Config, s *appSetup) { s.patients, s.patientsOnly = n, true }
}

// withTimeouts sets the session limits.
func withTimeouts(idle, absolute time.Duration) appOption {
	return func(c *config.Config, _ *appSetup) { c.IdleTimeout, c.AbsoluteTimeout = idle, absolute }
}

// newTestApp starts the app with a small demo clinic (3 staff, 4 patients unless told otherwise), a copy
// of the one the test process prepared (copyPreparedClinic).
func newTestApp(t testing.TB, opts ...appOption) *testApp {
	t.Helper()
	ctx := context.Background()
	cfg := &config.Config{
		Addr: "127.0.0.1:0", BaseURL: "http://localhost", DBPath: filepath.Join(t.TempDir(), "balie.db"),
		IdleTimeout: 20 * time.Minute, AbsoluteTimeout: 60 * time.Minute, SMTPTLS: "none", Demo: true,
	}
	setup := &appSetup{patients: 4}
	for _, o := range opts {
		o(cfg, setup)
	}
	a := &testApp{t: t, cfg: cfg, tr: map[string]*views.Translator{}, staff: map[string]queries.User{}}
	clinic := demo.Options{Patients: setup.patients, PatientsOnly: setup.patientsOnly, Seed: 7, Password: demoPassword} // Now zero: the real clock
	if setup.realClock {
		a.clock = clock.Real{}
	} else {
		a.fixed = clock.NewFixed(testStart)
		a.clock = a.fixed
		clinic.Now = testStart
	}
	copyPreparedClinic(t, clinic, cfg.DBPath)
	db, err := queries.Open(ctx, cfg.DBPath, testdb.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	a.db = db
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	// The listener exists before the app, so that the app can know its own address.
	a.srv = httptest.NewUnstartedServer(nil)
	if setup.serverBaseURL {
		_, port, err := net.SplitHostPort(a.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		cfg.BaseURL = "http://localhost:" + port
	}
	alog := accesslog.New(db)
	// The app's warnings and errors go to the test's own output: shown with -v or when the test fails,
	// under its name, also when tests run in parallel.
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	if setup.log != nil {
		logger = slog.New(slog.NewTextHandler(setup.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a.app, err = handlers.New(handlers.Deps{DB: db, Config: cfg, Clock: a.clock, Logger: logger, AccessLog: alog, Bundle: bundle})
	if err != nil {
		t.Fatal(err)
	}
	a.smtp, a.sms = mailtest.Start(t), smstest.Start(t)
	mailer, err := mail.NewSMTP(mail.SMTPConfig{Host: a.smtp.Host, Port: a.smtp.Port, TLS: "none", From: "portaal@delinde.example"})
	if err != nil {
		t.Fatal(err)
	}
	a.worker = outbox.NewWorker(db, a.clock, outbox.Options{Email: mailer, SMS: sms.New(a.sms.URL, smstest.Token, "De Linde"), Logger: logger})
	a.srv.Config.Handler = a.app
	a.srv.Start()
	a.origin = a.srv.URL
	if setup.serverBaseURL {
		a.origin = cfg.BaseURL
	}
	t.Cleanup(func() {
		a.srv.Close()
		alog.Close()
		db.Close()
	})
	// Translators for asserting on texts as the user sees them.
	v, err := views.New(bundle, mustAssets(t), a.clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range locales.Languages {
		a.tr[l] = v.Translator(l)
	}
	staff, err := db.R.ListStaff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		a.staff[s.Role] = s
	}
	a.people, err = db.R.ListPatientSignIns(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// preparedClinics are the demo clinics of this test process, generated once for each set of demo
// options (everything that makes their data differ) and copied for every test: generating a clinic costs
// far more than copying its file.
var preparedClinics struct {
	dir     string // made and removed by TestMain
	mu      sync.Mutex
	clinics map[demo.Options]*preparedClinic
}

type preparedClinic struct {
	once sync.Once
	path string
	err  error
}

// copyPreparedClinic writes the demo clinic that opts describe to the new file path, generating it the
// first time these options are asked for. A zero opts.Now is the wall clock when it is generated.
func copyPreparedClinic(tb testing.TB, opts demo.Options, path string) {
	tb.Helper()
	schema := testdb.Schema(tb)
	preparedClinics.mu.Lock()
	if preparedClinics.clinics == nil {
		preparedClinics.clinics = map[demo.Options]*preparedClinic{}
	}
	c := preparedClinics.clinics[opts]
	if c == nil {
		c = &preparedClinic{}
		preparedClinics.clinics[opts] = c
	}
	preparedClinics.mu.Unlock()
	c.once.Do(func() { c.path, c.err = cachedClinic(schema, opts) })
	if c.err != nil {
		tb.Fatalf("preparing the demo clinic %+v: %v", opts, c.err)
	}
	if err := copyFile(c.path, path); err != nil {
		tb.Fatalf("copying the demo clinic: %v", err)
	}
}

// clinicCacheEnv names a directory that keeps prepared clinics between test processes, for someone
// running the 100,000-patient benchmarks again and again (its build takes most of a minute):
//
//	BALIE_CLINIC_CACHE=/tmp/balie-clinics go test ./handlers -run XXX -bench 'BenchmarkPatientSearch$'
//
// A clinic is kept under the hash of schema.sql and its demo options; after a change to the demo
// generator (internal/demo), empty the directory. Unset (the default), every process generates its own.
const clinicCacheEnv = "BALIE_CLINIC_CACHE"

// cachedClinic is prepareClinic through the cache that clinicCacheEnv names, if it names one.
func cachedClinic(schema string, opts demo.Options) (string, error) {
	cache := os.Getenv(clinicCacheEnv)
	if cache == "" {
		return prepareClinic(schema, opts)
	}
	sum := sha256.Sum256(fmt.Appendf([]byte(schema), "\x00%+v", opts))
	kept := filepath.Join(cache, hex.EncodeToString(sum[:12])+".db")
	if _, err := os.Stat(kept); err == nil {
		return kept, nil
	}
	path, err := prepareClinic(schema, opts)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cache, 0o700); err != nil {
		return "", err
	}
	// Copied under a name of its own and renamed, so that a process that stops halfway leaves no clinic
	// that looks whole.
	tmp := fmt.Sprintf("%s.%d.tmp", kept, os.Getpid())
	if err := copyFile(path, tmp); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, kept)
}

// prepareClinic generates a demo clinic into a file of its own under preparedClinics.dir.
func prepareClinic(schema string, opts demo.Options) (string, error) {
	dir, err := os.MkdirTemp(preparedClinics.dir, "clinic-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "balie.db")
	ctx := context.Background()
	db, err := queries.Open(ctx, path, schema)
	if err != nil {
		return "", err
	}
	_, err = demo.Generate(ctx, db, opts)
	// Closing the last connection merges the write-ahead log into the database file and removes it, so
	// that a plain copy of the file is the whole clinic.
	if err := errors.Join(err, db.Close()); err != nil {
		return "", err
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("the write-ahead log of %s is still there (%v)", path, err)
	}
	return path, nil
}

// copyFile copies the closed database file src to the new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

func TestMain(m *testing.M) {
	flag.Parse()
	// Most handler tests spend their time waiting (a browser's page, a real-time session limit, the
	// writer's commit), not computing: four run at once per core, unless -parallel says otherwise. The
	// browsers among them are held to their own slots (browser_test.go).
	parallelSet := false
	flag.Visit(func(f *flag.Flag) { parallelSet = parallelSet || f.Name == "test.parallel" })
	if !parallelSet {
		_ = flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	dir, err := os.MkdirTemp("", "balie-clinics-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	preparedClinics.dir = dir
	code := m.Run()
	stopSharedBrowser()
	closeBenchApp()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// T translates a key as the Dutch (default) user sees it.
func (a *testApp) T(key string, pairs ...any) string { return a.tr["nl"].T(key, pairs...) }

// client is a browser without JavaScript: a cookie jar that does not follow redirects on its own.
type client struct {
	t    testing.TB
	app  *testApp
	http *http.Client
	// headers added to every request
	header http.Header
}

func (a *testApp) newClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, app: a, header: http.Header{}, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// page is a response with its parsed HTML.
type page struct {
	*http.Response
	Body string
	Doc  *goquery.Document
}

// Text is the trimmed text of the first element matching sel.
func (p *page) Text(sel string) string { return strings.TrimSpace(p.Doc.Find(sel).First().Text()) }

// Problem is the text of a field's error (sel) as a sighted user reads it: without the "Fout:" that only
// screen readers hear.
func (p *page) Problem(sel string) string {
	e := p.Doc.Find(sel).First().Clone()
	e.Find(".visually-hidden").Remove()
	return strings.TrimSpace(e.Text())
}

// Problems are the lines of a field's error (sel) as a sighted user reads them: a field that takes
// several files has one line per refused file.
func (p *page) Problems(sel string) []string {
	e := p.Doc.Find(sel).First().Clone()
	e.Find(".visually-hidden").Remove()
	var lines []string
	e.Contents().Each(func(_ int, n *goquery.Selection) {
		if line := strings.TrimSpace(n.Text()); line != "" {
			lines = append(lines, line)
		}
	})
	return lines
}

func (c *client) do(req *http.Request) *page {
	c.t.Helper()
	p, err := c.send(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return p
}

// send is do without failing the test: it may run on other goroutines (requests sent at once).
func (c *client) send(req *http.Request) (*page, error) {
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	return &page{Response: resp, Body: string(body), Doc: doc}, nil
}

func (c *client) get(path string) *page {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form as a browser on this site does (same-origin).
func (c *client) post(path string, form url.Values) *page {
	c.t.Helper()
	return c.do(c.formRequest(path, form))
}

func (c *client) formRequest(path string, form url.Values) *http.Request {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// follow GETs the Location of a redirect.
func (c *client) follow(p *page) *page {
	c.t.Helper()
	loc := p.Header.Get("Location")
	if loc == "" {
		c.t.Fatalf("expected a redirect, got %d", p.StatusCode)
	}
	return c.get(loc)
}

// signIn signs in as a person does: the demo password, the SMS code the phone received (read from the
// outbox), and the terms when they are new; it returns the start page.
func (c *client) signIn(name string) *page {
	c.t.Helper()
	return c.signInWith(name, demoPassword)
}

// signInWith signs in with the given password, then as signIn.
func (c *client) signInWith(name, password string) *page {
	c.t.Helper()
	p := c.post("/inloggen", url.Values{"naam": {name}, "wachtwoord": {password}})
	if p.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign-in of %s: status %d: %s", name, p.StatusCode, p.Text(".error-summary"))
	}
	return c.finishSignIn(p, name)
}

// finishSignIn walks the stages after the password: the SMS code and the terms.
func (c *client) finishSignIn(p *page, name string) *page {
	c.t.Helper()
	for i := 0; i < 4 && p.StatusCode == http.StatusSeeOther; i++ {
		switch p.Header.Get("Location") {
		case "/inloggen/code":
			p = c.post("/inloggen/code", url.Values{"code": {c.app.lastSMSCode(name)}})
		case "/voorwaarden": // read them, accept the version shown
			version := c.get("/voorwaarden").Doc.Find(`input[name=versie]`).AttrOr("value", "")
			p = c.post("/voorwaarden", url.Values{"versie": {version}})
		default:
			return c.follow(p)
		}
	}
	c.t.Fatalf("sign-in of %s did not finish: status %d at %s: %s", name, p.StatusCode, p.Request.URL.Path, p.Text(".error-summary, .field-error"))
	return nil
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

// deliver lets the outbox worker send everything that is due (tests run it by hand, on the app's clock).
func (a *testApp) deliver() {
	a.t.Helper()
	if _, err := a.worker.SendDue(context.Background()); err != nil {
		a.t.Fatal(err)
	}
}

// lastSMSCode is the code in the newest text message the user's phone received.
func (a *testApp) lastSMSCode(name string) string {
	a.t.Helper()
	u, err := a.db.R.GetUserBySignInName(context.Background(), sql.NullString{String: name, Valid: true})
	if err != nil {
		a.t.Fatalf("no user %s: %v", name, err)
	}
	a.deliver()
	msgs := a.sms.Messages()
	want := digitsOf(u.Mobile)[1:] // without the leading 0 of 06…, which 0031 replaces
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.HasSuffix(digitsOf(msgs[i].To), want) {
			if code := sixDigits.FindString(msgs[i].Text); code != "" {
				return code
			}
		}
	}
	a.t.Fatalf("no SMS code for %s (%s)", name, u.Mobile)
	return ""
}

// lastMailLink is the path of the first link in the newest mail the address received.
func (a *testApp) lastMailLink(to string) string {
	a.t.Helper()
	a.deliver()
	mails := a.smtp.To(to)
	if len(mails) == 0 || len(mails[len(mails)-1].Links()) == 0 {
		a.t.Fatalf("no mail with a link to %s", to)
	}
	u, err := url.Parse(mails[len(mails)-1].Links()[0])
	if err != nil {
		a.t.Fatal(err)
	}
	return u.Path
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (a *testApp) patientClient(i int) *client {
	c := a.newClient()
	c.signIn(a.people[i].UserName.String)
	return c
}

func (a *testApp) staffClient(role string) *client {
	c := a.newClient()
	c.signIn(a.staff[role].UserName.String)
	return c
}

func wantStatus(t testing.TB, p *page, want int) {
	t.Helper()
	if p.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", p.Request.Method, p.Request.URL.Path, p.StatusCode, want, p.Body[:min(len(p.Body), 600)])
	}
}

// upload is a file a form sends.
type upload struct {
	Name string
	Data []byte
}

// postFiles sends a multipart form with photos in the field "foto", as a browser on this site does.
func (c *client) postFiles(path string, form url.Values, files ...upload) *page {
	c.t.Helper()
	return c.postMultipart(path, form, "foto", files...)
}

// postMultipart sends a multipart form with files in field.
func (c *client) postMultipart(path string, form url.Values, field string, files ...upload) *page {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for _, f := range files {
		part, err := w.CreateFormFile(field, f.Name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = part.Write(f.Data)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// threadID is the conversation a redirect after sending leads to (/berichten/<id>?…).
func threadID(p *page) string {
	return strings.Split(strings.TrimPrefix(p.Header.Get("Location"), "/berichten/"), "?")[0]
}

// heicFixturePath is a real HEIC photo (640×480, four coloured quadrants), as an iPhone sends.
const heicFixturePath = "../internal/photo/testdata/quadrants.heic"

func heicFixture(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(heicFixturePath)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
