package queries

import "strings"

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
func (p SearchPatientsRow) FullName() string {
	return FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// SortName is the patient's name as the patient list sorts it.
func (p SearchPatientsRow) SortName() string {
	return SortName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// PractitionerName is the display name of the appointment's practitioner.
func (a ListUpcomingAppointmentsRow) PractitionerName() string {
	return FullName(a.PractitionerGivenName, a.PractitionerNamePrefix, a.PractitionerFamilyName)
}
