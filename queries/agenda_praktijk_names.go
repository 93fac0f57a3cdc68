package queries

// The names the practice's agenda shows (queries/agenda_praktijk.sql).

// PatientName is whose appointment it is.
func (r ListStaffAgendaRow) PatientName() string {
	return FullName(r.PatientGivenName, r.PatientNamePrefix, r.PatientFamilyName)
}

// PatientName is who booked or cancelled.
func (r ListUnseenAppointmentsRow) PatientName() string {
	return FullName(r.PatientGivenName, r.PatientNamePrefix, r.PatientFamilyName)
}

// PatientName is whose appointment it is.
func (r GetAppointmentForStaffRow) PatientName() string {
	return FullName(r.PatientGivenName, r.PatientNamePrefix, r.PatientFamilyName)
}

// PractitionerName is whose agenda the appointment is in.
func (r GetAppointmentForStaffRow) PractitionerName() string {
	return FullName(r.PractitionerGivenName, r.PractitionerNamePrefix, r.PractitionerFamilyName)
}

// PractitionerName is whose agenda the appointment is in.
func (r ListPatientAppointmentsUpcomingRow) PractitionerName() string {
	return FullName(r.PractitionerGivenName, r.PractitionerNamePrefix, r.PractitionerFamilyName)
}

// PractitionerName is whose agenda the appointment was in.
func (r ListPatientAppointmentsPastRow) PractitionerName() string {
	return FullName(r.PractitionerGivenName, r.PractitionerNamePrefix, r.PractitionerFamilyName)
}
