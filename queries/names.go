package queries

import (
	"strings"
	"unicode/utf8"
)

// FullName joins a Dutch name for display: "Anna", "van der", "Berg" → "Anna van der Berg".
func FullName(given, prefix, family string) string {
	return strings.Join(strings.Fields(given+" "+prefix+" "+family), " ")
}

// SortName writes a name the way a card index sorts it: "Berg, Anna van der".
func SortName(given, prefix, family string) string {
	return family + ", " + strings.TrimSpace(given+" "+prefix)
}

// FullName is the user's display name.
func (u User) FullName() string { return FullName(u.GivenName, u.NamePrefix, u.FamilyName) }

// FullName is the patient's display name.
func (p ListPatientsAfterRow) FullName() string {
	return FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// SortName is the patient's name as the patient list sorts it.
func (p ListPatientsAfterRow) SortName() string {
	return SortName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// PractitionerName is the display name of the appointment's practitioner.
func (a ListUpcomingAppointmentsRow) PractitionerName() string {
	return FullName(a.PractitionerGivenName, a.PractitionerNamePrefix, a.PractitionerFamilyName)
}

// PractitionerName is the practitioner a conversation is with ("" for the team).
func (t ListPatientThreadsRow) PractitionerName() string {
	return FullName(t.PractitionerGivenName, t.PractitionerNamePrefix, t.PractitionerFamilyName)
}

// SenderName is who wrote the message.
func (m ListThreadMessagesRow) SenderName() string {
	return FullName(m.SenderGivenName, m.SenderNamePrefix, m.SenderFamilyName)
}

// FullName is the practitioner's display name.
func (p ListPractitionersRow) FullName() string {
	return FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// PatientName is the patient the conversation is with.
func (r ListInboxAfterRow) PatientName() string {
	return FullName(r.PatientGivenName, r.PatientNamePrefix, r.PatientFamilyName)
}

// MaxShortName is the longest short name of the clinic, in characters: what a home screen shows under
// an icon without cutting it off.
const MaxShortName = 12

// HomeScreenName is the name a home screen shows under the portal's icon: the short name the clinic set
// or, without one, the clinic's name when it fits, else its last words that fit (a clinic's own name
// usually ends it: "Gezondheidscentrum De Linde" → "De Linde"), else its first characters.
func (c ClinicSetting) HomeScreenName() string {
	if c.ShortName != "" {
		return c.ShortName
	}
	words := strings.Fields(c.Name)
	short := ""
	for i := len(words) - 1; i >= 0; i-- {
		longer := strings.TrimSpace(words[i] + " " + short)
		if utf8.RuneCountInString(longer) > MaxShortName {
			break
		}
		short = longer
	}
	if name := []rune(strings.Join(words, " ")); short == "" && len(name) > MaxShortName { // one long word
		return string(name[:MaxShortName-1]) + "…"
	}
	return short
}

// AuthorName is who wrote the report.
func (r GetReportForStaffRow) AuthorName() string {
	return FullName(r.AuthorGivenName, r.AuthorNamePrefix, r.AuthorFamilyName)
}

// WithdrawerName is who withdrew the report ("" while it is not withdrawn).
func (r GetReportForStaffRow) WithdrawerName() string {
	return FullName(r.WithdrawerGivenName, r.WithdrawerNamePrefix, r.WithdrawerFamilyName)
}
