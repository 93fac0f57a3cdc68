package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"balie/internal/config"
	"balie/queries"
)

// lockedBuffer is a log output written by several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func createPatient(t *testing.T, db *queries.DB, userName, email string) int64 {
	t.Helper()
	id, err := db.W.CreateUser(context.Background(), queries.CreateUserParams{Role: "patient", UserName: sql.NullString{String: userName, Valid: true},
		Email: email, GivenName: "Test", FamilyName: userName, Locale: "nl", CreatedAt: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A database from before user names were kept apart from other accounts' addresses: serve names every
// account whose user name is another account's address when it starts, and starts all the same.
func TestServeReportsSignInNameClashesAtStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(t.TempDir(), "b.db"), schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.W.UpsertClinic(ctx, queries.UpsertClinicParams{Name: "Praktijk", Phone: "010 1234567"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec("DROP TRIGGER IF EXISTS users_sign_in_names_insert"); err != nil { // as an older database
		t.Fatal(err)
	}
	martijn := createPatient(t, db, "martijn", "martijn.blom@voorbeeld.example")
	taker := createPatient(t, db, "Martijn.Blom@voorbeeld.example", "noor@voorbeeld.example")
	createPatient(t, db, "anna@voorbeeld.example", "anna@voorbeeld.example") // her own address: no clash

	cfg := &config.Config{Addr: "127.0.0.1:0", BaseURL: "http://localhost", IdleTimeout: 20 * time.Minute, AbsoluteTimeout: time.Hour, SMTPTLS: "none"}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var out lockedBuffer
	started := false
	if err := run(runCtx, cfg, db, &out, func(string) { started = true; stop() }); err != nil {
		t.Fatal(err)
	}
	if !started {
		t.Fatal("serve did not start")
	}
	var clashes []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if msg, _ := line["msg"].(string); strings.HasPrefix(msg, "sign-in name clash") {
			clashes = append(clashes, line)
		}
	}
	if len(clashes) != 1 {
		t.Fatalf("%d clashes reported, want 1:\n%s", len(clashes), out.String())
	}
	c := clashes[0]
	if c["level"] != "ERROR" || c["user_name_account"] != float64(taker) || c["email_account"] != float64(martijn) {
		t.Fatalf("clash reported as %v; want user_name_account %d, email_account %d", c, taker, martijn)
	}
}

// create-staff gives the new colleague their address as user name: not one that is another account's
// sign-in name.
func TestCreateStaffRefusesAnotherAccountsAddress(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "b.db")
	db, err := queries.Open(context.Background(), path, schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	createPatient(t, db, "martijn", "martijn.blom@voorbeeld.example")
	code, _, stderr := runMain(t, "admin", "create-staff", "-db", path, "-email", "Martijn.Blom@voorbeeld.example", "-name", "Bert Bos", "-role", "assistant")
	if code != 1 || !strings.Contains(stderr, "already in use") {
		t.Fatalf("create-staff with a patient's address: exit %d, %q", code, stderr)
	}
	staff, err := db.R.ListStaff(context.Background())
	if err != nil || len(staff) != 0 {
		t.Fatalf("staff %v, %v", staff, err)
	}
}
