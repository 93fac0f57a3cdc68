package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"balie/internal/config"
	"balie/internal/testdb"
	"balie/queries"
)

func schema(t *testing.T) string { return testdb.Schema(t) }

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, schema(t), &out, &errb)
	return code, out.String(), errb.String()
}

func TestServeRefusesUnsafeConfiguration(t *testing.T) {
	t.Setenv("BALIE_BASE_URL", "")
	db := filepath.Join(t.TempDir(), "b.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-db", db}, "-base-url (BALIE_BASE_URL) is required"},
		{[]string{"-db", db, "-base-url", "http://portaal.praktijk.example"}, "plain http"},
		{[]string{"-db", db, "-base-url", "https://p.example", "-idle-timeout", "2m"}, "-idle-timeout 2m0s is outside"},
		{[]string{"-db", db, "-base-url", "https://p.example", "-idle-timeout", "50m", "-absolute-timeout", "30m"}, "longer than -absolute-timeout"},
		{[]string{"-db", db, "-base-url", "https://p.example", "-smtp-host", "mail.example", "-mail-from", "a@b.example", "-smtp-tls", "none"}, "unencrypted"},
		{[]string{"-db", db, "-base-url", "https://p.example", "-tls-cert", "c.pem"}, "go together"},
		{[]string{"-db", db, "-base-url", "https://p.example", "-sms-token", "t"}, "-sms-sender is required"},
		{[]string{"-db", filepath.Join(t.TempDir(), "no", "such", "dir", "b.db"), "-base-url", "https://p.example"}, "refusing to start"},
		{[]string{"-db", db, "-base-url", "https://p.example"}, "balie admin clinic"},
	} {
		code, _, stderr := runMain(t, append([]string{"serve"}, tc.args...)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("serve %v: exit %d, stderr %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
	// Environment variables are read, and a bad one is named.
	t.Setenv("BALIE_IDLE_TIMEOUT", "twintig minuten")
	code, _, stderr := runMain(t, "serve", "-db", db, "-base-url", "https://p.example")
	if code != 1 || !strings.Contains(stderr, "BALIE_IDLE_TIMEOUT") {
		t.Errorf("bad env: exit %d, %q", code, stderr)
	}
}

func TestServeRefusesAFileThatIsNotABalieDatabase(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("geen database "), 200), 0o600)
	code, _, stderr := runMain(t, "serve", "-db", junk, "-base-url", "https://p.example")
	if code != 1 || !strings.Contains(stderr, "refusing to start") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}

func TestServeHelpNamesEveryEnvironmentVariable(t *testing.T) {
	code, _, stderr := runMain(t, "serve", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, env := range []string{"BALIE_ADDR", "BALIE_DB", "BALIE_BASE_URL", "BALIE_IDLE_TIMEOUT", "BALIE_ABSOLUTE_TIMEOUT", "BALIE_SMTP_HOST", "BALIE_SMS_TOKEN", "BALIE_TRUSTED_PROXIES", "BALIE_MEMORY_LIMIT"} {
		if !strings.Contains(stderr, env) {
			t.Errorf("serve -h does not mention %s", env)
		}
	}
}

// The clinic's short name (under the icon on a home screen) is refused when a home screen would cut it.
func TestAdminClinicShortName(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	args := []string{"admin", "clinic", "-db", db, "-name", "Praktijk Het Anker", "-phone", "010 123 4567"}
	if code, _, stderr := runMain(t, append(args, "-short-name", "Praktijk Anker")...); code == 0 || !strings.Contains(stderr, "-short-name") {
		t.Fatalf("a short name of 14 characters: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runMain(t, append(args, "-short-name", "Het Anker")...); code != 0 {
		t.Fatalf("admin clinic: %d %s", code, stderr)
	}
	q, err := queries.Open(context.Background(), db, schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if clinic, err := q.R.GetClinic(context.Background()); err != nil || clinic.ShortName != "Het Anker" {
		t.Fatalf("stored %q, %v", clinic.ShortName, err)
	}
}

func TestAdminClinicAndCreateStaff(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	code, _, stderr := runMain(t, "admin", "clinic", "-db", db, "-name", "Praktijk Het Anker", "-phone", "010 123 4567")
	if code != 0 {
		t.Fatalf("admin clinic: %d %s", code, stderr)
	}
	code, out, stderr := runMain(t, "admin", "create-staff", "-db", db, "-email", "Beheer@Anker.example", "-name", "Anna van der Berg", "-role", "admin", "-base-url", "https://portaal.anker.example")
	if code != 0 {
		t.Fatalf("create-staff: %d %s", code, stderr)
	}
	link := regexp.MustCompile(`https://portaal\.anker\.example/activeren/[A-Za-z0-9_-]{43}`).FindString(out)
	if link == "" {
		t.Fatalf("no activation link in %q", out)
	}
	d, err := queries.Open(context.Background(), db, schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	staff, err := d.R.ListStaff(context.Background())
	if err != nil || len(staff) != 1 {
		t.Fatalf("staff %v %v", staff, err)
	}
	s := staff[0]
	if s.GivenName != "Anna" || s.NamePrefix != "van der" || s.FamilyName != "Berg" || s.Email != "beheer@anker.example" || s.PasswordHash.Valid {
		t.Fatalf("created %+v", s)
	}
	var stored string
	d.Read.QueryRow("SELECT token_hash FROM activations").Scan(&stored)
	if stored == "" || strings.Contains(link, stored) {
		t.Fatal("the token is not stored hashed")
	}
	// Same address again is refused with a clear message.
	code, _, stderr = runMain(t, "admin", "create-staff", "-db", db, "-email", "beheer@anker.example", "-name", "Bert Bos", "-role", "assistant")
	if code != 1 || !strings.Contains(stderr, "already in use") {
		t.Fatalf("duplicate: %d %q", code, stderr)
	}
	for _, bad := range [][]string{{"-email", "geen-adres", "-name", "A B", "-role", "admin"}, {"-email", "a@b.example", "-name", "Cher", "-role", "admin"}, {"-email", "a@b.example", "-name", "A B", "-role", "baas"}} {
		if code, _, _ := runMain(t, append([]string{"admin", "create-staff", "-db", db}, bad...)...); code != 1 {
			t.Errorf("%v accepted", bad)
		}
	}
}

// A request in flight when the signal comes is finished before the server stops.
func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "b.db")
	ctx := context.Background()
	db, err := queries.Open(ctx, dbPath, schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.W.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk", Phone: "010 1234567"}); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Addr: "127.0.0.1:0", BaseURL: "http://localhost", IdleTimeout: 20 * time.Minute, AbsoluteTimeout: time.Hour, SMTPTLS: "none"}
	runCtx, stop := context.WithCancel(ctx)
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(runCtx, cfg, db, io.Discard, func(a string) { addrc <- a }) }()
	addr := <-addrc

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "naam=iemand&wachtwoord=fout-fout-fout"
	// Send the headers and half the body, then ask the server to stop.
	fmt.Fprintf(conn, "POST /inloggen HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(100 * time.Millisecond)
	stop()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("the server stopped with a request in flight: %v", err)
	default:
	}
	fmt.Fprint(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("in-flight request got %d", resp.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop after the request finished")
	}
}

// serve and demo give the Go runtime a memory limit, unless GOMEMLIMIT has. Not parallel: the limit is the
// process's.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	t.Setenv("GOMEMLIMIT", "")
	if got := limitMemory(600 << 20); got != 600<<20 || debug.SetMemoryLimit(-1) != 600<<20 {
		t.Fatalf("limit %d, runtime's %d; want 600 MiB", got, debug.SetMemoryLimit(-1))
	}
	t.Setenv("GOMEMLIMIT", "1GiB") // read by the runtime at start; here the 600 MiB stand for it
	if got := limitMemory(700 << 20); got != 600<<20 || debug.SetMemoryLimit(-1) != 600<<20 {
		t.Fatalf("GOMEMLIMIT was overridden: limit %d", got)
	}

	// The default, and a setting too small for photo uploads, refused by name.
	if d := serverDefaults().MemoryLimit; d != 512<<20 {
		t.Errorf("default memory limit %d, want 512 MiB", d)
	}
	db := filepath.Join(t.TempDir(), "b.db")
	for _, tc := range []struct {
		flag, env, want string
	}{
		{"-memory-limit=100MiB", "", "-memory-limit 100MiB is below 512MiB"},
		{"-memory-limit=veel", "", `"veel" is not an amount of memory`},
		{"", "256MiB", "-memory-limit 256MiB is below 512MiB"},
		{"", "1,5GiB", "BALIE_MEMORY_LIMIT"},
	} {
		t.Setenv("BALIE_MEMORY_LIMIT", tc.env)
		if tc.env == "" {
			os.Unsetenv("BALIE_MEMORY_LIMIT") // t.Setenv puts back what was there
		}
		args := []string{"serve", "-db", db, "-base-url", "https://p.example"}
		if tc.flag != "" {
			args = append(args, tc.flag)
		}
		if code, _, stderr := runMain(t, args...); code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s %s: exit %d, stderr %q; want %q", tc.flag, tc.env, code, stderr, tc.want)
		}
	}
}

// Passkeys need a host name (WebAuthn refuses an IP address), so serve refuses a -base-url that is an
// IP address and names the fix.
func TestServeRefusesAnIPAddressAsBaseURL(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, base := range []string{"https://10.0.0.5", "https://[2001:db8::1]:8443", "http://127.0.0.1:8080", "http://[::1]:8080"} {
		code, _, stderr := runMain(t, "serve", "-db", db, "-base-url", base)
		if code != 1 || !strings.Contains(stderr, "passkeys need a host name") || !strings.Contains(stderr, "https://portaal.praktijk.nl") {
			t.Errorf("serve -base-url %s: exit %d, stderr %q", base, code, stderr)
		}
	}
}

// The demo on an address of this computer is reached as localhost, where passkeys work: the passkey
// sign-in answers its options instead of a 500.
func TestDemoOnALoopbackAddressUsesLocalhost(t *testing.T) {
	t.Parallel()
	defaults := serverDefaults()
	defaults.Demo = true
	dbPath := filepath.Join(t.TempDir(), "demo.db")
	for addr, want := range map[string]string{
		"127.0.0.1:9000": "http://localhost:9000", "[::1]:9000": "http://localhost:9000", "127.0.0.2:9000": "http://localhost:9000",
		":9000": "http://localhost:9000", "0.0.0.0:9000": "http://localhost:9000", "localhost:9000": "http://localhost:9000",
	} {
		cfg, err := parseDemo(flag.NewFlagSet("demo", flag.ContinueOnError), []string{"-addr", addr, "-db", dbPath}, defaults)
		if err != nil || cfg.BaseURL != want {
			t.Errorf("demo -addr %s: base URL %q (%v), want %s", addr, cfg.BaseURL, err, want)
		}
	}

	cfg, err := parseDemo(flag.NewFlagSet("demo", flag.ContinueOnError), []string{"-addr", "127.0.0.1:0", "-db", dbPath}, defaults)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	db, err := queries.Open(ctx, dbPath, schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.W.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk", Phone: "010 1234567"}); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, db, io.Discard, func(a string) { addrc <- a }) }()
	defer func() { stop(); <-done }()
	req, _ := http.NewRequest(http.MethodPost, "http://"+<-addrc+"/inloggen/passkey/begin", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var options struct {
		PublicKey struct {
			RPID string `json:"rpId"`
		} `json:"publicKey"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&options); resp.StatusCode != http.StatusOK || err != nil || options.PublicKey.RPID != "localhost" {
		t.Fatalf("passkey sign-in on the demo at 127.0.0.1: %d, %v, rpId %q", resp.StatusCode, err, options.PublicKey.RPID)
	}
}
