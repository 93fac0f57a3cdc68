package cli

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"balie/internal/clock"
	"balie/internal/config"
	"balie/internal/demo"
	"balie/queries"
)

// DemoPassword is the password of every demo account. It is printed with the sign-ins; a demo
// database must never hold real patients.
const DemoPassword = "balie-demo-wachtwoord"

func runDemo(args []string, schema string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("balie demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	patients := fs.Int("patients", 25, "number of demo patients in a new database (e.g. 10000 for benchmarks)")
	defaults := serverDefaults()
	defaults.Addr, defaults.DBPath, defaults.Demo = "localhost:8080", "balie-demo.db", true
	cfg, err := parseDemo(fs, args, defaults)
	if err != nil {
		return err
	}
	if *patients < 1 {
		return fmt.Errorf("-patients must be at least 1")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := queries.Open(ctx, cfg.DBPath, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	empty, err := demo.IsEmpty(ctx, db)
	if err != nil {
		return err
	}
	if empty {
		fmt.Fprintf(stdout, "Filling %s with a demo clinic of %d patients …\n", cfg.DBPath, *patients)
		if _, err := demo.Generate(ctx, db, demo.Options{Patients: *patients, Now: clock.Real{}.Now(), Seed: 1, Password: DemoPassword}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "Using the existing demo clinic in %s (delete the file for a fresh one).\n", cfg.DBPath)
	}
	return run(ctx, cfg, db, stdout, func(addr string) { printSignIns(ctx, db, cfg.BaseURL, stdout) })
}

// parseDemo reads the flags; without -base-url the portal's address follows from -addr. An address on
// this computer (all addresses, or a loopback one such as 127.0.0.1) becomes localhost: passkeys need a
// host name, and browsers treat localhost as secure over plain http.
func parseDemo(fs *flag.FlagSet, args []string, defaults config.Config) (*config.Config, error) {
	cfg, err := config.Parse(fs, args, defaults)
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		host, port, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return nil, fmt.Errorf("-addr %q: %w", cfg.Addr, err)
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && (ip.IsUnspecified() || ip.IsLoopback()) {
			host = "localhost"
		}
		cfg.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	return cfg, cfg.Check()
}

func printSignIns(ctx context.Context, db *queries.DB, baseURL string, w io.Writer) {
	staff, err := db.R.ListStaff(ctx)
	if err != nil {
		fmt.Fprintln(w, "could not list the demo sign-ins:", err)
		return
	}
	patients, err := db.R.ListPatientSignIns(ctx, 3)
	if err != nil {
		fmt.Fprintln(w, "could not list the demo sign-ins:", err)
		return
	}
	// The mother of the demo's family (a demo of 20 patients or more), whose children's portals show the
	// rules for parents (internal/demo/kinderen.go).
	mother, err := db.R.GetUserBySignInName(ctx, sql.NullString{String: demo.FamilyParentSignIn, Valid: true})
	family := err == nil
	if family {
		patients = append(patients, mother)
	}
	fmt.Fprintf(w, "\nBalie demo is running: open %s\n\n", baseURL)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tNAME\tUSER NAME")
	for _, u := range append(staff, patients...) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Role, u.FullName(), u.UserName.String)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nEvery demo account has the password: %s\n", DemoPassword)
	if len(patients) > 0 && patients[0].BirthDate.Valid {
		fmt.Fprintf(w, "A care provider reads %s's shared record at %s/inzien with the share code %s and her birth date %s\n(the code works for 7 days after the demo was made, then 24 hours from its first use).\n",
			patients[0].FullName(), baseURL, demo.ShareCode, patients[0].BirthDate.Time.Format("2-1-2006"))
	}
	fmt.Fprintf(w, "%s reads along with %s (her appointments and medication): user name %s\n", demo.Partner.Name, firstName(patients), demo.Partner.UserName)
	if family {
		fmt.Fprintf(w, "%s is the parent of three patients: Noah (9, no account of his own), Emma (14, who consented) and Daan\n(16 since last month: his mother's access stopped on his birthday; he can let her in again under Toestemmingen).\n", mother.FullName())
	}
	fmt.Fprintln(w, "The last two patients have no account yet: sign in as staff and send one an invitation.")
	fmt.Fprintf(w, "Signing in asks for a code sent by SMS. Nothing is sent in the demo: read the codes (and all mail)\nat %s/demo/outbox\nStop with Ctrl+C.\n\n", baseURL)
}

// firstName is the name of the first patient of the sign-ins (Anna de Vries).
func firstName(patients []queries.User) string {
	if len(patients) == 0 {
		return ""
	}
	return patients[0].FullName()
}
