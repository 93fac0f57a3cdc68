package queries

import "strings"

// The names the medication list shows (queries/medicatie.sql).

// MedicationTitle names a medicine as a pharmacy does: "Metformine 500 mg tablet".
func MedicationTitle(name, strength, form string) string {
	return strings.Join(strings.Fields(name+" "+strength+" "+form), " ")
}

// Title is the medicine with its strength and form.
func (m Medication) Title() string { return MedicationTitle(m.Name, m.Strength, m.Form) }

// Title is the medicine with its strength and form.
func (r ListCurrentMedicationRow) Title() string { return MedicationTitle(r.Name, r.Strength, r.Form) }

// PrescriberName is who prescribed the medicine ("" when not known).
func (r ListCurrentMedicationRow) PrescriberName() string {
	return FullName(r.PrescriberGivenName, r.PrescriberNamePrefix, r.PrescriberFamilyName)
}
