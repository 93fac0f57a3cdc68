// Package mail composes Balie's notification mails (HTML and plain text, in the recipient's language,
// from the locale files) and sends them over SMTP with go-mail. Mails only say that something is waiting
// in the portal, or how to get in: never medical content (design.md §7). They go out through the outbox
// (internal/outbox), never directly from a request.
package mail

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"
	ttemplate "text/template"

	"balie/queries"
)

// Message is one composed mail.
type Message struct {
	To      string
	Subject string
	Text    string // plain text, links written out
	HTML    string
}

// Translator translates a locale key with template data given as name, value pairs
// (views.Translator has this method).
type Translator interface {
	T(key string, pairs ...any) string
}

// Compose renders the mail kind in the translator's language for the clinic. A kind is defined entirely
// by locale keys:
//
//	mail.<kind>.subject    the subject line
//	mail.<kind>.intro      the message: paragraphs separated by a blank line
//	mail.<kind>.action     optional: the label of the button that opens data["Link"] (then required)
//	mail.<kind>.outro      optional: paragraphs after the button
//	mail.<kind>.greeting   optional: instead of mail.greeting ("Beste {{.Name}},")
//	mail.<kind>.reason     optional: instead of mail.reason, why the recipient gets this mail
//
// around a shared layout (greeting, signature, and a footer that says the mail holds no medical
// information, why it was sent and how to reach the clinic). data fills the templates; Clinic and Phone
// are the clinic's; missing data is an error. The returned Message has no To: the outbox row has the
// recipient. The kinds in the locale files and the data they need:
//
//	invitation          Name, Days, Link (activation)
//	staff_invitation    Name, Days, Link (activation)
//	renewal_requested   Name (the patient), Link (the patient's page in the back office); to staff
//	activation_locked   Name (the patient), Link (the patient's page in the back office); to staff
//	password_reset      Name, Minutes, Link (reset)
//	password_changed    Name
//	mobile_changed      Name, End (last digits of the new number)
//	factor_added        Name, Factor (the kind of sign-in method, mail.factor_added.kind_*, translated)
//	appointment_cancelled  Name, When (the date and time; the patient cancelled in the portal)
//	appointment_reminder   Name, When (the date and time), Link (the patient's appointments)
//
// Name is optional everywhere: without it the greeting is general.
func Compose(tr Translator, clinic queries.ClinicSetting, kind string, data map[string]any) (Message, error) {
	vars := map[string]any{}
	for k, v := range data {
		vars[k] = v
	}
	vars["Clinic"], vars["Phone"] = clinic.Name, clinic.Phone
	pairs := make([]any, 0, 2*len(vars))
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pairs = append(pairs, k, vars[k])
	}
	t := func(key string) string { return tr.T(key, pairs...) }
	// optional returns the text of key, or "" when the locale files do not have it.
	optional := func(key string) string {
		if s := t(key); s != key {
			return s
		}
		return ""
	}
	prefix := "mail." + kind + "."
	subject := optional(prefix + "subject")
	intro := optional(prefix + "intro")
	if subject == "" || intro == "" {
		return Message{}, fmt.Errorf("mail: kind %q has no subject or intro in the locale files", kind)
	}
	l := layout{
		Lang:      t("mail.lang"),
		Subject:   strings.Join(strings.Fields(subject), " "), // one line, whatever the data held
		Clinic:    clinic.Name,
		Intro:     paragraphs(intro),
		Outro:     paragraphs(optional(prefix + "outro")),
		Action:    optional(prefix + "action"),
		LinkHint:  t("mail.link_hint"),
		SignOff:   t("mail.sign_off"),
		NoMedical: t("mail.no_medical"),
		Never:     t("mail.never_password"),
		Reason:    optional(prefix + "reason"),
	}
	if l.Reason == "" {
		l.Reason = t("mail.reason")
	}
	l.Greeting = optional(prefix + "greeting")
	if l.Greeting == "" {
		if name, _ := vars["Name"].(string); strings.TrimSpace(name) != "" {
			l.Greeting = t("mail.greeting")
		} else {
			l.Greeting = t("mail.greeting_plain")
		}
	}
	if clinic.Phone != "" {
		l.Contact = t("mail.contact")
	}
	if l.Action != "" {
		link, _ := vars["Link"].(string)
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Message{}, fmt.Errorf("mail: kind %q needs an http(s) Link, got %q", kind, link)
		}
		l.Link = link
	}
	if l.Lang == "mail.lang" {
		return Message{}, errors.New("mail: the locale files lack mail.lang")
	}
	// go-i18n writes "<no value>" for template data the caller did not give.
	for _, s := range append(append([]string{l.Subject, l.Greeting, l.Action, l.Reason, l.Contact, l.Never}, l.Intro...), l.Outro...) {
		if strings.Contains(s, "<no value>") {
			return Message{}, fmt.Errorf("mail: kind %q lacks template data: %q", kind, s)
		}
	}
	var text, html bytes.Buffer
	if err := textLayout.Execute(&text, l); err != nil {
		return Message{}, err
	}
	if err := htmlLayout.Execute(&html, l); err != nil {
		return Message{}, err
	}
	return Message{Subject: l.Subject, Text: text.String(), HTML: html.String()}, nil
}

// layout is what both layouts show.
type layout struct {
	Lang, Subject, Clinic, Greeting string
	Intro, Outro                    []string
	Action, Link, LinkHint          string
	SignOff                         string
	NoMedical, Never, Reason        string
	Contact                         string
}

// paragraphs splits a text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// The plain-text version: the link written out on its own line, so that every mail program makes it
// clickable and it can be copied whole.
var textLayout = mustText(`{{.Greeting}}
{{range .Intro}}
{{.}}
{{end}}{{if .Action}}
{{.Action}}:
{{.Link}}
{{end}}{{range .Outro}}
{{.}}
{{end}}
{{.SignOff}}
{{.Clinic}}

-- 
{{.NoMedical}} {{.Never}}
{{.Reason}}{{with .Contact}}
{{.}}{{end}}
`)

func mustText(s string) *ttemplate.Template {
	return ttemplate.Must(ttemplate.New("text").Parse(s))
}

// The HTML version: a single centred column of tables with inline styles, which every mail program
// shows the same (a page's Content-Security-Policy does not apply to mail). html/template escapes
// everything the data brings in.
var htmlLayout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f6f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f6f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #c9d3d6;border-radius:8px;">
<tr><td style="padding:18px 24px;border-bottom:4px solid #0b5563;font-family:Arial,Helvetica,sans-serif;font-size:20px;font-weight:bold;color:#1b2326;">{{.Clinic}}</td></tr>
<tr><td style="padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b2326;">
<p style="margin:0 0 16px 0;">{{.Greeting}}</p>
{{range .Intro}}<p style="margin:0 0 16px 0;">{{.}}</p>
{{end}}{{if .Action}}<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px 0;"><tr><td style="background-color:#0b5563;border-radius:6px;"><a href="{{.Link}}" style="display:inline-block;padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">{{.Action}}</a></td></tr></table>
<p style="margin:0 0 16px 0;font-size:14px;color:#4a5a60;">{{.LinkHint}}<br><a href="{{.Link}}" style="color:#0b5563;word-break:break-all;">{{.Link}}</a></p>
{{end}}{{range .Outro}}<p style="margin:0 0 16px 0;">{{.}}</p>
{{end}}<p style="margin:0;">{{.SignOff}}<br>{{.Clinic}}</p>
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #c9d3d6;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:1.5;color:#4a5a60;">
<p style="margin:0 0 8px 0;">{{.NoMedical}} {{.Never}}</p>
<p style="margin:0;">{{.Reason}}{{with .Contact}}<br>{{.}}{{end}}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))
