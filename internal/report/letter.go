package report

import (
	"strings"
	"time"
)

// Translator gives the words around a report in the reader's language (views.Translator is one).
type Translator interface {
	T(key string, pairs ...any) string
	LongDay(d time.Time) string
}

// Letter is what the PDF of a report says: the report and who it is for. The dossier's "Download als
// PDF" and the copy of the record (internal/recordcopy) make the same PDF from it.
type Letter struct {
	Practice string
	// The patient's name, and birth date (a calendar date; zero: unknown).
	Patient string
	Born    time.Time
	Title   string
	// The author's name and role (a role key: "practitioner" …).
	Author, AuthorRole    string
	Category, Subcategory string
	// Written is the report's date as a calendar date (midnight UTC, as LongDay reads it).
	Written time.Time
	Body    string // Markdown
}

// Document lays the letter out with its details and page labels in tr's language.
func (l Letter) Document(tr Translator) Document {
	born := ""
	if !l.Born.IsZero() {
		born = tr.LongDay(l.Born)
	}
	return Document{
		Practice: l.Practice,
		Title:    l.Title,
		Details: []string{
			tr.T("dossier.pdf_patient", "Name", l.Patient, "Born", born),
			tr.T("dossier.pdf_author", "Name", l.Author, "Role", tr.T("role."+l.AuthorRole)),
			tr.T("dossier.pdf_date", "Date", tr.LongDay(l.Written)),
			strings.TrimSuffix(l.Category+" · "+l.Subcategory, " · "),
		},
		Body:      l.Body,
		PageLabel: func(page, pages int) string { return tr.T("dossier.pdf_page", "Page", page, "Pages", pages) },
		Author:    l.Practice,
		Subject:   l.Title,
	}
}
