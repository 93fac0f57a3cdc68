package queries

// ByName is who recorded the change: the patient or a staff member.
func (e ListConsentHistoryRow) ByName() string {
	return FullName(e.ByGivenName, e.ByNamePrefix, e.ByFamilyName)
}

// FullName is the patient's display name.
func (p ListConsentPatientsAfterRow) FullName() string {
	return FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// FullName is the practitioner's display name.
func (p ListPatientPractitionersRow) FullName() string {
	return FullName(p.GivenName, p.NamePrefix, p.FamilyName)
}

// ConsentKeyRelatives is the key (consent_kinds.key) of the consent "Mijn naasten mogen met mij meelezen
// in het portaal.", recorded when the first relative starts reading along and the last stops.
const ConsentKeyRelatives = "relatives"
