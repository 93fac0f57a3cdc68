package mail

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	TLS      string // "starttls" (the default), "tls" (implicit TLS, usually port 465) or "none" (localhost only)
	User     string // empty: no authentication
	Password string
	From     string // sender address, e.g. portaal@praktijk.nl or "Praktijk <portaal@praktijk.nl>"
	Timeout  time.Duration
	// TLSConfig overrides the TLS settings (tests trust their own certificate with it).
	TLSConfig *tls.Config
}

// SMTP sends mail over SMTP, one connection per message. Safe for concurrent use.
type SMTP struct {
	cfg    SMTPConfig
	from   *mail.Address
	domain string
}

// NewSMTP checks the configuration and returns a sender.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", cfg.From, err)
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = "starttls"
	case "starttls", "tls", "none":
	default:
		return nil, fmt.Errorf("mail: TLS mode %q: choose starttls, tls or none", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{"starttls": 587, "tls": 465, "none": 25}[cfg.TLS]
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	return &SMTP{cfg: cfg, from: from, domain: domain}, nil
}

// MessageID is the Message-ID of outbox row id carrying m: the same for every attempt to send that row,
// so a receiving server or mail program can recognise a repeat after a retry, and different for another
// message (the hash covers the content, so a row id used again by a new database gets a new ID).
func (s *SMTP) MessageID(id int64, m Message) string {
	h := sha256.Sum256([]byte(m.To + "\x00" + m.Subject + "\x00" + m.Text))
	return fmt.Sprintf("balie.outbox-%d.%s@%s", id, hex.EncodeToString(h[:8]), s.domain)
}

// Send delivers m (m.To is the recipient) as outbox row id: multipart/alternative with the plain text
// first and the HTML second. The error is the mail server's answer, or why it could not be reached.
func (s *SMTP) Send(ctx context.Context, id int64, m Message) error {
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(s.MessageID(id, m))
	msg.SetDate()
	// RFC 3834: no out-of-office replies to an automatic message.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetUserAgent("Balie")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}

	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.cfg.TLSConfig))
	}
	if s.cfg.User != "" {
		auth := gomail.SMTPAuthAutoDiscover // the strongest mechanism the server offers over TLS
		if s.cfg.TLS == "none" {
			auth = gomail.SMTPAuthPlain // only to a server on localhost (config.Check)
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout+5*time.Second)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	return nil
}
