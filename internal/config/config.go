// Package config reads Balie's configuration from flags and BALIE_* environment variables (a flag wins
// over its variable) and refuses configurations that would be unsafe for medical data.
package config

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary can be told.
type Config struct {
	Addr           string
	DBPath         string
	BaseURL        string
	TLSCert        string
	TLSKey         string
	TrustedProxies []string // CIDRs whose X-Forwarded-For is believed

	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration

	SMTPHost     string
	SMTPPort     int
	SMTPTLS      string // "starttls", "tls" or "none"
	SMTPUser     string
	SMTPPassword string
	MailFrom     string

	SMSURL    string
	SMSToken  string
	SMSSender string

	// MemoryLimit is the Go runtime's soft memory limit in bytes (GOMEMLIMIT, when set, wins).
	MemoryLimit int64

	// Demo mode: no mail or SMS leaves the machine; the outbox is shown in the browser.
	Demo bool
}

// Bounds a clinic may choose within (design.md §5).
const (
	MinIdle     = 5 * time.Minute
	MaxIdle     = 60 * time.Minute
	MinAbsolute = 15 * time.Minute
	MaxAbsolute = 12 * time.Hour
	// Processing photos alone may take up to 384 MiB (internal/photo's maxPhotoBytes).
	MinMemoryLimit = 512 << 20
)

// Parse reads args (after the subcommand) and the environment into a Config starting from defaults.
// Usage text names each flag's environment variable. The caller fills in what follows from other
// settings and then calls Check.
func Parse(fs *flag.FlagSet, args []string, defaults Config) (*Config, error) {
	c := defaults
	envOf := map[string]string{} // flag name → environment variable
	str := func(p *string, name, env, usage string) {
		fs.StringVar(p, name, *p, usage+" (env "+env+")")
		envOf[name] = env
	}
	dur := func(p *time.Duration, name, env, usage string) {
		fs.DurationVar(p, name, *p, usage+" (env "+env+")")
		envOf[name] = env
	}
	str(&c.Addr, "addr", "BALIE_ADDR", "address to listen on, host:port")
	str(&c.DBPath, "db", "BALIE_DB", "path of the SQLite database file (created if missing)")
	str(&c.BaseURL, "base-url", "BALIE_BASE_URL", "public address patients use, e.g. https://portaal.praktijk.nl; https unless on localhost")
	str(&c.TLSCert, "tls-cert", "BALIE_TLS_CERT", "TLS certificate file, to serve https directly instead of behind a reverse proxy")
	str(&c.TLSKey, "tls-key", "BALIE_TLS_KEY", "TLS private key file (with -tls-cert)")
	proxies := strings.Join(c.TrustedProxies, ",")
	str(&proxies, "trusted-proxies", "BALIE_TRUSTED_PROXIES", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted, e.g. 127.0.0.1/32")
	dur(&c.IdleTimeout, "idle-timeout", "BALIE_IDLE_TIMEOUT", fmt.Sprintf("sign out after this long without activity (%v to %v)", MinIdle, MaxIdle))
	dur(&c.AbsoluteTimeout, "absolute-timeout", "BALIE_ABSOLUTE_TIMEOUT", fmt.Sprintf("sign out this long after signing in, whatever happens (%v to %v)", MinAbsolute, MaxAbsolute))
	str(&c.SMTPHost, "smtp-host", "BALIE_SMTP_HOST", "SMTP server for outgoing mail")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (env BALIE_SMTP_PORT)")
	envOf["smtp-port"] = "BALIE_SMTP_PORT"
	str(&c.SMTPTLS, "smtp-tls", "BALIE_SMTP_TLS", "SMTP encryption: starttls, tls or none (none only to a server on localhost)")
	str(&c.SMTPUser, "smtp-user", "BALIE_SMTP_USER", "SMTP user name")
	str(&c.SMTPPassword, "smtp-password", "BALIE_SMTP_PASSWORD", "SMTP password (prefer the environment variable over the flag)")
	str(&c.MailFrom, "mail-from", "BALIE_MAIL_FROM", "sender address of outgoing mail, e.g. portaal@praktijk.nl")
	str(&c.SMSURL, "sms-url", "BALIE_SMS_URL", "HTTP API address of the SMS provider")
	str(&c.SMSToken, "sms-token", "BALIE_SMS_TOKEN", "API token of the SMS provider (prefer the environment variable)")
	str(&c.SMSSender, "sms-sender", "BALIE_SMS_SENDER", "sender name shown on SMS messages (at most 11 characters)")
	fs.Var((*byteSize)(&c.MemoryLimit), "memory-limit", "soft memory limit of the Go runtime, e.g. 512MiB or 2GiB; GOMEMLIMIT, if set, wins (env BALIE_MEMORY_LIMIT)")
	envOf["memory-limit"] = "BALIE_MEMORY_LIMIT"
	// The environment first, so that a flag on the command line wins.
	for name, env := range envOf {
		if v, ok := os.LookupEnv(env); ok {
			if err := fs.Set(name, v); err != nil {
				return nil, fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	c.TrustedProxies = nil
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	return &c, nil
}

// Secure reports whether the portal is reached over https, so cookies must be Secure.
func (c *Config) Secure() bool {
	u, err := url.Parse(c.BaseURL)
	return err == nil && u.Scheme == "https"
}

// Check refuses unsafe or inconsistent settings, naming the setting and what to do.
func (c *Config) Check() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	u, err := url.Parse(c.BaseURL)
	switch {
	case c.BaseURL == "":
		bad("-base-url (BALIE_BASE_URL) is required: the address patients use, e.g. https://portaal.praktijk.nl")
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		bad("-base-url %q is not an http(s) address", c.BaseURL)
	case net.ParseIP(u.Hostname()) != nil:
		bad("-base-url %q is an IP address, but passkeys need a host name: use the name patients type, e.g. https://portaal.praktijk.nl (on this computer: http://%s)", c.BaseURL, net.JoinHostPort("localhost", cmp.Or(u.Port(), "8080")))
	case u.Scheme == "http" && !isLocalHost(u.Hostname()):
		bad("-base-url %q uses plain http: medical data must travel over https (only localhost may use http)", c.BaseURL)
	case u.Path != "" && u.Path != "/":
		bad("-base-url %q has a path: serve Balie at the root of its own host name", c.BaseURL)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("-tls-cert and -tls-key go together: give both or neither")
	}
	if c.IdleTimeout < MinIdle || c.IdleTimeout > MaxIdle {
		bad("-idle-timeout %v is outside %v to %v", c.IdleTimeout, MinIdle, MaxIdle)
	}
	if c.AbsoluteTimeout < MinAbsolute || c.AbsoluteTimeout > MaxAbsolute {
		bad("-absolute-timeout %v is outside %v to %v", c.AbsoluteTimeout, MinAbsolute, MaxAbsolute)
	}
	if c.IdleTimeout > c.AbsoluteTimeout {
		bad("-idle-timeout %v is longer than -absolute-timeout %v", c.IdleTimeout, c.AbsoluteTimeout)
	}
	for _, p := range c.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil {
			bad("-trusted-proxies: %q is not a CIDR such as 127.0.0.1/32", p)
		}
	}
	switch c.SMTPTLS {
	case "starttls", "tls":
	case "none":
		if c.SMTPHost != "" && !isLocalHost(c.SMTPHost) {
			bad("-smtp-tls none sends mail unencrypted to %s: only allowed for a server on localhost", c.SMTPHost)
		}
	default:
		bad("-smtp-tls %q: choose starttls, tls or none", c.SMTPTLS)
	}
	if c.SMTPHost != "" && c.MailFrom == "" {
		bad("-mail-from is required when -smtp-host is set")
	}
	if c.SMSURL != "" {
		if su, err := url.Parse(c.SMSURL); err != nil || (su.Scheme != "https" && !(su.Scheme == "http" && isLocalHost(su.Hostname()))) {
			bad("-sms-url %q must be an https address", c.SMSURL)
		}
	}
	if c.SMSToken != "" && c.SMSSender == "" {
		bad("-sms-sender is required with -sms-token: the name patients see as the sender, e.g. Praktijk")
	}
	if c.MemoryLimit < MinMemoryLimit {
		bad("-memory-limit %v is below %v: photo uploads alone may need 384MiB", byteSize(c.MemoryLimit), byteSize(MinMemoryLimit))
	}
	if len(c.SMSSender) > 11 {
		bad("-sms-sender %q is longer than 11 characters", c.SMSSender)
	}
	return errors.Join(errs...)
}

func isLocalHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// byteSize is a flag for an amount of memory written as GOMEMLIMIT is: a whole number of bytes with an
// optional unit B, KiB, MiB, GiB or TiB.
type byteSize int64

var byteUnits = []struct {
	suffix string
	shift  uint
}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}

func (b byteSize) String() string {
	for _, u := range byteUnits {
		if n := int64(b); n != 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return "0"
}

func (b *byteSize) Set(s string) error {
	num, shift := s, uint(0)
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			num, shift = strings.TrimSuffix(s, u.suffix), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64>>shift {
		return fmt.Errorf("%q is not an amount of memory such as 512MiB or 2GiB", s)
	}
	*b = byteSize(n << shift)
	return nil
}
