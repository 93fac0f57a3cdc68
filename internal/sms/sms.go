// Package sms sends text messages through CM.com's Business Messaging API and composes their texts.
//
// Provider choice: CM.com (Breda) is a Dutch provider that many Dutch healthcare organisations and
// portals already use for sign-in codes. It offers a data processing agreement under Dutch/EU law,
// ISO 27001 and NEN 7510 certification, alphanumeric sender names ("Praktijk") and a plain JSON HTTP
// API with a product token, so Balie needs no SDK. The endpoint is configurable (-sms-url): CM's global
// endpoint https://gw.messaging.cm.com/v1.0/message by default, their non-Cloudflare endpoint on request.
//
// Acceptance by CM is not delivery: delivery reports arrive later by webhook, which Balie does not use.
// A message that CM accepted counts as sent; one it rejected, or a request that failed, is retried by the
// outbox worker. CM does not deduplicate, so an SMS can arrive twice in the rare case that Balie stops
// between CM's acceptance and recording it (see internal/outbox).
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// DefaultURL is CM.com's global messaging endpoint.
const DefaultURL = "https://gw.messaging.cm.com/v1.0/message"

// Client sends SMS through CM.com. Safe for concurrent use.
type Client struct {
	url    string
	token  string
	sender string
	http   *http.Client
}

// New returns a client for the endpoint url (DefaultURL if empty) with CM's product token and the
// sender name shown on the phone (at most 11 letters and digits).
func New(url, token, sender string) *Client {
	if url == "" {
		url = DefaultURL
	}
	return &Client{url: url, token: token, sender: sender, http: &http.Client{Timeout: 30 * time.Second}}
}

// The request body of CM's JSON gateway.
type request struct {
	Messages requestMessages `json:"messages"`
}

type requestMessages struct {
	Authentication authentication `json:"authentication"`
	Msg            []requestMsg   `json:"msg"`
}

type authentication struct {
	ProductToken string `json:"productToken"`
}

type requestMsg struct {
	From            string      `json:"from"`
	To              []recipient `json:"to"`
	Body            body        `json:"body"`
	Reference       string      `json:"reference"`
	AllowedChannels []string    `json:"allowedChannels"`
	// A code text with a long clinic name, or a character outside GSM-7 (70 characters a part), may
	// need more than one part; without these CM refuses messages over one part.
	MinimumNumberOfMessageParts int `json:"minimumNumberOfMessageParts"`
	MaximumNumberOfMessageParts int `json:"maximumNumberOfMessageParts"`
}

type recipient struct {
	Number string `json:"number"`
}

type body struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

// response is CM's answer: errorCode 0 and every message "Accepted" means accepted.
type response struct {
	Details   string `json:"details"`
	ErrorCode int    `json:"errorCode"`
	Messages  []struct {
		To               string `json:"to"`
		Status           string `json:"status"`
		Reference        string `json:"reference"`
		Parts            int    `json:"parts"`
		MessageDetails   string `json:"messageDetails"`
		MessageErrorCode int    `json:"messageErrorCode"`
	} `json:"messages"`
}

// Send hands one text to CM for the number to (in international form, as Normalize returns it). id is
// the outbox row's id, sent as CM's reference. An error says briefly why, never with the token.
func (c *Client) Send(ctx context.Context, id int64, to, text string) error {
	number, err := Normalize(to)
	if err != nil {
		return err
	}
	if c.token == "" {
		return errors.New("sms: no product token configured")
	}
	reqBody, err := json.Marshal(request{Messages: requestMessages{
		Authentication: authentication{ProductToken: c.token},
		Msg: []requestMsg{{
			From:                        c.sender,
			To:                          []recipient{{Number: "00" + strings.TrimPrefix(number, "+")}},
			Body:                        body{Type: "auto", Content: text},
			Reference:                   fmt.Sprintf("balie-outbox-%d", id),
			AllowedChannels:             []string{"SMS"},
			MinimumNumberOfMessageParts: 1,
			MaximumNumberOfMessageParts: 3,
		}},
	}})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(reqBody))
	if err != nil {
		return fmt.Errorf("sms: bad endpoint: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CM-PRODUCTTOKEN", c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		// The error names the URL, never the token (it is in a header and the body only).
		return fmt.Errorf("sms: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("sms: reading the answer: %w", err)
	}
	var r response
	jsonErr := json.Unmarshal(raw, &r)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if jsonErr == nil && (r.Details != "" || r.ErrorCode != 0) {
			return fmt.Errorf("sms: HTTP %d: %s", resp.StatusCode, r.describe())
		}
		return fmt.Errorf("sms: HTTP %d", resp.StatusCode)
	}
	if jsonErr != nil {
		return errors.New("sms: the answer is not CM's JSON")
	}
	if r.ErrorCode != 0 || len(r.Messages) == 0 {
		return fmt.Errorf("sms: %s", r.describe())
	}
	for _, m := range r.Messages {
		if !strings.EqualFold(m.Status, "Accepted") {
			return fmt.Errorf("sms: %s", r.describe())
		}
	}
	return nil
}

// describe is CM's reason in one short line.
func (r response) describe() string {
	for _, m := range r.Messages {
		if !strings.EqualFold(m.Status, "Accepted") {
			return short(fmt.Sprintf("%s (%d)", nonEmpty(m.MessageDetails, m.Status, "rejected"), m.MessageErrorCode))
		}
	}
	return short(fmt.Sprintf("%s (%d)", nonEmpty(r.Details, "no messages accepted"), r.ErrorCode))
}

func nonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return s
}

// ErrNotMobile says a phone number cannot receive text messages (or is not a phone number).
var ErrNotMobile = errors.New("sms: not a mobile phone number")

// Normalize turns a mobile number as people write it into international form: "06 1234 5678",
// "06-12345678", "+31 6 12345678" and "0031612345678" all become "+31612345678". Dutch numbers must be
// mobile (06-1…5 and 06-8; 066 pagers, 067 data and 0970 machine numbers receive no SMS); a foreign number
// must be written internationally (+ or 00) with 8 to 15 digits, and is not checked further.
func Normalize(s string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || unicode.IsSpace(r):
		default:
			return "", ErrNotMobile
		}
	}
	n := b.String()
	switch {
	case strings.HasPrefix(n, "+"):
		n = n[1:]
	case strings.HasPrefix(n, "00"):
		n = n[2:]
	case strings.HasPrefix(n, "0"):
		n = "31" + n[1:] // a national Dutch number
	default:
		return "", ErrNotMobile
	}
	// "+31 (0)6 …" is a common way to write it.
	if strings.HasPrefix(n, "310") {
		n = "31" + n[3:]
	}
	if strings.HasPrefix(n, "31") {
		national := n[2:]
		if len(national) != 9 || national[0] != '6' || !strings.ContainsRune("123458", rune(national[1])) {
			return "", ErrNotMobile
		}
		return "+" + n, nil
	}
	if len(n) < 8 || len(n) > 15 || n[0] == '0' {
		return "", ErrNotMobile
	}
	return "+" + n, nil
}

// Translator translates a locale key with template data given as name, value pairs
// (views.Translator has this method).
type Translator interface {
	T(key string, pairs ...any) string
}

// Compose is the text of the SMS kind (locale key sms.<kind>) in the translator's language; data fills
// its template (Code, …) and Clinic is the clinic's name. A text has no medical content, ever.
func Compose(tr Translator, clinic, kind string, data map[string]any) (string, error) {
	key := "sms." + kind
	pairs := []any{"Clinic", clinic}
	for k, v := range data {
		pairs = append(pairs, k, v)
	}
	text := tr.T(key, pairs...)
	if text == key || strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("sms: no text %q in the locale files", key)
	}
	return text, nil
}
