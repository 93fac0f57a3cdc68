package cli

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"balie/internal/accesslog"
	"balie/internal/token"
	"balie/queries"
)

func admin(args []string, schema string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("admin needs a command: clinic, create-staff or verify-log")
	}
	switch args[0] {
	case "clinic":
		return adminClinic(args[1:], schema, stdout, stderr)
	case "create-staff":
		return adminCreateStaff(args[1:], schema, stdout, stderr)
	case "verify-log":
		return adminVerifyLog(args[1:], schema, stdout, stderr)
	default:
		return fmt.Errorf("unknown admin command %q: use clinic, create-staff or verify-log", args[0])
	}
}

func openFor(ctx context.Context, path, schema string) (*queries.DB, error) {
	db, err := queries.Open(ctx, path, schema)
	if err != nil {
		return nil, fmt.Errorf("cannot open the database: %w", err)
	}
	return db, nil
}

func adminClinic(args []string, schema string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("balie admin clinic", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "balie.db", "path of the SQLite database file (env BALIE_DB)")
	var c queries.UpsertClinicParams
	fs.StringVar(&c.Name, "name", "", "the clinic's name, as patients know it (required)")
	fs.StringVar(&c.ShortName, "short-name", "", fmt.Sprintf("the name under the icon on a home screen, at most %d characters (default: the name's last words that fit)", queries.MaxShortName))
	fs.StringVar(&c.Phone, "phone", "", "the phone number patients call (required)")
	fs.StringVar(&c.Street, "street", "", "street and number")
	fs.StringVar(&c.Postcode, "postcode", "", "postcode, e.g. 1234 AB")
	fs.StringVar(&c.City, "city", "", "city")
	fs.StringVar(&c.Email, "email", "", "the clinic's e-mail address")
	fs.StringVar(&c.Website, "website", "", "the clinic's website")
	if err := parseWithDBEnv(fs, args, dbPath); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" || strings.TrimSpace(c.Phone) == "" {
		return fmt.Errorf("-name and -phone are required")
	}
	if utf8.RuneCountInString(c.ShortName) > queries.MaxShortName {
		return fmt.Errorf("-short-name has more than %d characters", queries.MaxShortName)
	}
	ctx := context.Background()
	db, err := openFor(ctx, *dbPath, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.W.UpsertClinic(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Clinic settings saved: %s, %s\n", c.Name, c.Phone)
	return nil
}

func adminCreateStaff(args []string, schema string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("balie admin create-staff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "balie.db", "path of the SQLite database file (env BALIE_DB)")
	email := fs.String("email", "", "the staff member's e-mail address; also their user name (required)")
	name := fs.String("name", "", `full name, e.g. "Anna van der Berg" (required)`)
	role := fs.String("role", "", "admin, practitioner or assistant (required)")
	baseURL := fs.String("base-url", "", "public address of the portal, for the link (env BALIE_BASE_URL)")
	valid := fs.Duration("valid", 5*24*time.Hour, "how long the activation link works")
	if err := parseWithDBEnv(fs, args, dbPath); err != nil {
		return err
	}
	if *baseURL == "" {
		*baseURL = envOr("BALIE_BASE_URL", "http://localhost:8080")
	}
	*email = strings.ToLower(strings.TrimSpace(*email))
	given, prefix, family := splitName(*name)
	switch {
	case !strings.Contains(*email, "@"):
		return fmt.Errorf("-email %q is not an e-mail address", *email)
	case given == "" || family == "":
		return fmt.Errorf(`-name needs a given and a family name, e.g. "Anna van der Berg"`)
	case *role != "admin" && *role != "practitioner" && *role != "assistant":
		return fmt.Errorf("-role must be admin, practitioner or assistant")
	}
	ctx := context.Background()
	db, err := openFor(ctx, *dbPath, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now().UTC()
	raw, hash, err := token.New()
	if err != nil {
		return err
	}
	err = db.Tx(ctx, func(_ *sql.Tx, q *queries.Queries) error {
		// Staff sign in with their address: it must mean their account alone (design.md §5).
		taken, err := q.SignInNameTaken(ctx, queries.SignInNameTakenParams{Name: sql.NullString{String: *email, Valid: true}})
		if err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("cannot create the account: %s is already in use (another account's user name or e-mail address)", *email)
		}
		id, err := q.CreateUser(ctx, queries.CreateUserParams{
			Role: *role, UserName: sql.NullString{String: *email, Valid: true}, Email: *email,
			GivenName: given, NamePrefix: prefix, FamilyName: family, Locale: "nl", CreatedAt: now,
		})
		if err != nil {
			return fmt.Errorf("cannot create the account (is %s already in use?): %w", *email, err)
		}
		return q.CreateActivation(ctx, queries.CreateActivationParams{
			TokenHash: hash, UserID: id, CreatedAt: now, ExpiresAt: now.Add(*valid)})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s %s (%s).\nActivation link, valid until %s, usable once:\n%s/activeren/%s\n",
		*role, queries.FullName(given, prefix, family), *email, now.Add(*valid).Format(time.RFC1123), strings.TrimRight(*baseURL, "/"), raw)
	return nil
}

// parseWithDBEnv parses fs, taking the database path from BALIE_DB unless -db is given.
func parseWithDBEnv(fs *flag.FlagSet, args []string, dbPath *string) error {
	*dbPath = envOr("BALIE_DB", *dbPath)
	return fs.Parse(args)
}

// splitName splits a Dutch name: "Anna van der Berg" → "Anna", "van der", "Berg". Lower-case words
// between the first and the last are the prefix.
func splitName(full string) (given, prefix, family string) {
	f := strings.Fields(full)
	if len(f) < 2 {
		return "", "", ""
	}
	given, rest := f[0], f[1:]
	i := 0
	for i < len(rest)-1 && rest[i] == strings.ToLower(rest[i]) {
		i++
	}
	return given, strings.Join(rest[:i], " "), strings.Join(rest[i:], " ")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// adminVerifyLog recomputes the access log's hash chain (internal/accesslog/chain.go) and reports the
// number of rows and the last hash, or the first row where the chain breaks (an error: exit status 1).
func adminVerifyLog(args []string, schema string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("balie admin verify-log", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "balie.db", "path of the SQLite database file (env BALIE_DB)")
	if err := parseWithDBEnv(fs, args, dbPath); err != nil {
		return err
	}
	// Opening a path that holds nothing would make a new, empty database, whose log is trivially whole.
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("cannot open the database: %w", err)
	}
	ctx := context.Background()
	db, err := openFor(ctx, *dbPath, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	v, broken, err := accesslog.Verify(ctx, db.R)
	if err != nil {
		return err
	}
	if broken != nil {
		return fmt.Errorf("%w (%d rows before it are intact)", broken, v.Rows)
	}
	fmt.Fprintf(stdout, "Access log OK: %d rows, last hash %x\n", v.Rows, v.LastHash)
	return nil
}
