// Package smstest runs a local HTTP server that speaks CM.com's JSON messaging API, for tests: it checks
// the request as CM would (product token, sender, number format, content) and keeps what it accepted.
package smstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the product token the server accepts.
const Token = "00000000-0000-4000-8000-000000000000"

// Message is one accepted text.
type Message struct {
	From      string
	To        string // as sent to CM: 00 and the international number
	Text      string
	Reference string
}

// Server is a fake CM gateway on 127.0.0.1.
type Server struct {
	URL string

	t    testing.TB
	srv  *httptest.Server
	mu   sync.Mutex
	msgs []Message
	fail int // answer the next fail requests with a 500
	got  chan struct{}
}

// Start starts the server; it stops when the test ends.
func Start(t testing.TB) *Server {
	s := &Server{t: t, got: make(chan struct{}, 100)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1.0/message"
	t.Cleanup(s.srv.Close)
	return s
}

// Close stops the server: requests fail as when CM cannot be reached.
func (s *Server) Close() { s.srv.Close() }

// FailNext makes the next n requests fail with 500 Internal Server Error.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = n
}

// Messages returns what the server accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until the server has accepted at least n messages and returns them.
func (s *Server) Wait(n int) []Message {
	s.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.got:
		case <-deadline:
			s.t.Fatalf("smstest: %d messages after 10 s, want %d", len(s.Messages()), n)
		}
	}
}

type answerMsg struct {
	To               string  `json:"to"`
	Status           string  `json:"status"`
	Reference        string  `json:"reference"`
	Parts            int     `json:"parts"`
	MessageDetails   *string `json:"messageDetails"`
	MessageErrorCode int     `json:"messageErrorCode"`
}

type answer struct {
	Details   string      `json:"details"`
	ErrorCode int         `json:"errorCode"`
	Messages  []answerMsg `json:"messages"`
}

var (
	cmNumber = regexp.MustCompile(`^00[1-9][0-9]{7,14}$`)
	cmSender = regexp.MustCompile(`^([A-Za-z0-9 ]{1,11}|[0-9]{1,16})$`)
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, a answer) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(a)
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1.0/message" {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	if s.fail > 0 {
		s.fail--
		s.mu.Unlock()
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		reply(http.StatusBadRequest, answer{Details: "Content-Type must be application/json", ErrorCode: 999})
		return
	}
	var req struct {
		Messages struct {
			Authentication struct {
				ProductToken string `json:"productToken"`
			} `json:"authentication"`
			Msg []struct {
				From string `json:"from"`
				To   []struct {
					Number string `json:"number"`
				} `json:"to"`
				Body struct {
					Type    string `json:"type"`
					Content string `json:"content"`
				} `json:"body"`
				Reference       string   `json:"reference"`
				AllowedChannels []string `json:"allowedChannels"`
			} `json:"msg"`
		} `json:"messages"`
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&req); err != nil {
		reply(http.StatusBadRequest, answer{Details: "Invalid JSON: " + err.Error(), ErrorCode: 999, Messages: []answerMsg{}})
		return
	}
	token := r.Header.Get("X-CM-PRODUCTTOKEN")
	if token == "" {
		token = req.Messages.Authentication.ProductToken
	}
	if token != Token || (req.Messages.Authentication.ProductToken != "" && req.Messages.Authentication.ProductToken != token) {
		reply(http.StatusBadRequest, answer{Details: "No account found for the given authentication", ErrorCode: 101, Messages: []answerMsg{}})
		return
	}
	if len(req.Messages.Msg) == 0 {
		reply(http.StatusBadRequest, answer{Details: "A MESSAGES node requires at least one MSG node", ErrorCode: 999, Messages: []answerMsg{}})
		return
	}
	var out []answerMsg
	var accepted []Message
	for _, m := range req.Messages.Msg {
		for _, to := range m.To {
			a := answerMsg{To: to.Number, Reference: m.Reference}
			var why string
			switch {
			case !cmSender.MatchString(m.From):
				why = "Invalid or missing FROM"
			case !cmNumber.MatchString(to.Number):
				why = fmt.Sprintf("Gsm '%s' is not a number.", to.Number)
			case strings.TrimSpace(m.Body.Content) == "":
				why = "A body without content was found"
			case len(m.AllowedChannels) > 0 && !contains(m.AllowedChannels, "SMS"):
				why = "Channel not allowed"
			}
			if why != "" {
				a.Status, a.MessageDetails, a.MessageErrorCode = "Rejected", &why, 304
			} else {
				a.Status, a.Parts = "Accepted", 1
				accepted = append(accepted, Message{From: m.From, To: to.Number, Text: m.Body.Content, Reference: m.Reference})
			}
			out = append(out, a)
		}
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, accepted...)
	s.mu.Unlock()
	for range accepted {
		select {
		case s.got <- struct{}{}:
		default:
		}
	}
	status, code := http.StatusOK, 0
	switch {
	case len(accepted) == 0:
		status, code = http.StatusBadRequest, 201
	case len(accepted) < len(out):
		code = 201
	}
	reply(status, answer{Details: fmt.Sprintf("Created %d message(s)", len(accepted)), ErrorCode: code, Messages: out})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
