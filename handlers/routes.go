package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"balie/static"
)

// access says who may use a route.
type access int

const (
	public   access = iota // anyone
	signedIn               // any signed-in user
	patient                // the portal: signed-in patients, and relatives on a portal they may open
	staff                  // signed-in staff of any role
	admin                  // signed-in administrators
	account                // any full session, patient or staff: the user's own account pages

	// The pages of an unfinished session's stage (see signin_stage.go).
	inActivation
	inFactor
	inSetup
	inTerms
	inReset
)

// Route is one entry of the route list: everything the app knows about a route is here, so that no
// other table keyed by path is needed.
type Route struct {
	Method  string
	Path    string
	Access  access
	Area    string // its entry in the table of areas (areas.go): the clinic's switch and the menu
	Handler echo.HandlerFunc
	ID      names // what the id in Path names, if it has one
	// BodyLimit bounds the request's body, in bytes; 0 is defaultBodyLimit. Only uploads need more.
	BodyLimit int64
}

// names says what the id in a route's path (its last parameter but :token) names: an object of the
// access log's type Object, which lookup finds within what the user may see, so that another patient's
// id is a 404 logged as denied. A test walks the routes with an id and proves it, one fixture per type.
type names struct {
	Object string
	// Clinic: any staff member (on the administrator's pages: any administrator) may open any of these;
	// only an id that names nothing is refused.
	Clinic bool
}

// noID is the names of a route without an id.
var noID names

// own names an object of the patient in view (the signed-in patient, or on /praktijk/patienten/:id/… the
// patient of the path), or of the user's own account.
func own(objectType string) names { return names{Object: objectType} }

// clinicWide names an object of the clinic that any staff member may open.
func clinicWide(objectType string) names { return names{Object: objectType, Clinic: true} }

// patientPath begins the staff pages about one patient: their patient in view is the patient of the path.
const patientPath = "/praktijk/patienten/:id"

// aboutPatientInPath reports whether the route is a staff page about the patient whose id is in its path.
func (r Route) aboutPatientInPath() bool {
	return r.Path == patientPath || strings.HasPrefix(r.Path, patientPath+"/")
}

// fits reports whether a signed-in user of role may use a route of access a (a stage's routes and the
// account pages: anyone whose session is in the right stage).
func (a access) fits(role string) bool {
	switch a {
	case patient:
		// A relative has no portal of their own, but opens those of the patients who authorised them
		// (enterPatient decides which routes of it).
		return role == "patient" || role == "relative"
	case staff:
		return isStaff(role)
	case admin:
		return role == "admin"
	}
	return true
}

// Portal reports whether the route is the portal's: the patient in view's pages (enterPatient).
func (r Route) Portal() bool { return r.Access == patient }

// Public reports whether the route needs no sign-in.
func (r Route) Public() bool { return r.Access == public }

// Stage is the unfinished sign-in stage whose page the route is ("" for the others).
func (r Route) Stage() string { return stageAccess[r.Access] }

// AnyStage reports whether a session in any stage may use the route (signing out, staying signed in).
func (r Route) AnyStage() bool { return r.Access == signedIn }

// Routes is every route of the app, in one list.
func (s *Server) Routes() []Route {
	routes := []Route{
		{http.MethodGet, "/", public, "site", s.home, noID, 0},
		{http.MethodGet, "/healthz", public, "site", s.healthz, noID, 0},
		{http.MethodGet, "/manifest.webmanifest", public, "site", s.manifest, noID, 0},
		{http.MethodGet, static.Prefix + "*", public, "site", echo.WrapHandler(s.assets), noID, 0},

		{http.MethodGet, "/inloggen", public, "signin", s.signInPage, noID, 0},
		{http.MethodPost, "/inloggen", public, "signin", s.signIn, noID, 0},
		{http.MethodGet, "/inloggen/code", inFactor, "signin", s.factorPage, noID, 0},
		{http.MethodPost, "/inloggen/code", inFactor, "signin", s.checkFactor, noID, 0},
		{http.MethodPost, "/inloggen/code/sms", inFactor, "signin", s.sendSignInCode, noID, 0},
		{http.MethodPost, "/inloggen/code/app", inFactor, "signin", s.useAuthenticator, noID, 0},
		{http.MethodGet, "/inloggen/beveiliging", inSetup, "signin", s.setupChoice, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/app", inSetup, "signin", s.setupTOTPStart, noID, 0},
		{http.MethodGet, "/inloggen/beveiliging/app", inSetup, "signin", s.setupTOTPPage, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/app/bevestig", inSetup, "signin", s.setupTOTPConfirm, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/sms", inSetup, "signin", s.setupSMSStart, noID, 0},
		{http.MethodGet, "/inloggen/beveiliging/sms", inSetup, "signin", s.setupSMSPage, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/sms/bevestig", inSetup, "signin", s.setupSMSConfirm, noID, 0},
		// Passkeys (signin_passkey.go): JSON for static/passkey.js.
		{http.MethodPost, "/inloggen/passkey/begin", public, "signin", s.passkeySignInBegin, noID, 0},
		{http.MethodPost, "/inloggen/passkey/finish", public, "signin", s.passkeySignInFinish, noID, 0},
		{http.MethodPost, "/inloggen/code/passkey/begin", inFactor, "signin", s.passkeyFactorBegin, noID, 0},
		{http.MethodPost, "/inloggen/code/passkey/finish", inFactor, "signin", s.passkeyFactorFinish, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/passkey/begin", inSetup, "signin", s.passkeySetupBegin, noID, 0},
		{http.MethodPost, "/inloggen/beveiliging/passkey/finish", inSetup, "signin", s.passkeySetupFinish, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/begin", account, "security", s.passkeySetupBegin, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/finish", account, "security", s.passkeySetupFinish, noID, 0},
		{http.MethodGet, "/voorwaarden", inTerms, "signin", s.termsToAccept, noID, 0},
		{http.MethodPost, "/voorwaarden", inTerms, "signin", s.acceptTerms, noID, 0},
		{http.MethodPost, "/uitloggen", signedIn, "signin", s.signOut, noID, 0},
		{http.MethodPost, "/sessie/verlengen", signedIn, "signin", s.extendSession, noID, 0},
		{http.MethodGet, "/activeren/:token", public, "signin_activation", s.activationPage, noID, 0},
		{http.MethodPost, "/activeren/:token", public, "signin_activation", s.checkBirthDate, noID, 0},
		{http.MethodPost, "/activeren/:token/nieuw", public, "signin_activation", s.askNewLink, noID, 0},
		{http.MethodGet, "/activeren/gegevens", inActivation, "signin_activation", s.activationAccountPage, noID, 0},
		{http.MethodPost, "/activeren/gegevens", inActivation, "signin_activation", s.activateAccount, noID, 0},
		{http.MethodPost, "/wachtwoord/regels", public, "signin_reset", s.passwordRulesFragment, noID, 0},
		{http.MethodGet, "/wachtwoord-vergeten", public, "signin_reset", s.resetRequestPage, noID, 0},
		{http.MethodPost, "/wachtwoord-vergeten", public, "signin_reset", s.requestReset, noID, 0},
		{http.MethodGet, "/wachtwoord-herstellen/nieuw", inReset, "signin_reset", s.resetPasswordPage, noID, 0},
		{http.MethodPost, "/wachtwoord-herstellen/nieuw", inReset, "signin_reset", s.resetPassword, noID, 0},
		{http.MethodGet, "/wachtwoord-herstellen/:token", public, "signin_reset", s.resetFactorPage, noID, 0},
		{http.MethodPost, "/wachtwoord-herstellen/:token", public, "signin_reset", s.checkResetFactor, noID, 0},
		{http.MethodPost, "/wachtwoord-herstellen/:token/sms", public, "signin_reset", s.sendResetCode, noID, 0},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/begin", public, "signin_reset", s.passkeyResetBegin, noID, 0},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/finish", public, "signin_reset", s.passkeyResetFinish, noID, 0},
		{http.MethodPost, "/taal", public, "preferences", s.setLanguage, noID, 0},
		{http.MethodPost, "/contrast", public, "preferences", s.setContrast, noID, 0},
		// A share code's viewer (inzien.go): no account, a session of its own that viewerPage checks.
		{http.MethodGet, inzienPath, public, "inzien", s.inzien, noID, 0},
		{http.MethodPost, inzienPath, public, "inzien", s.enterShareCode, noID, 0},
		{http.MethodPost, inzienPath + "/stoppen", public, "inzien", s.stopViewing, noID, 0},
		{http.MethodGet, inzienPath + "/dossier", public, "inzien", s.viewerPage("dossier", s.viewerDossier), noID, 0},
		{http.MethodGet, inzienPath + "/dossier/:id", public, "inzien", s.viewerPage("dossier", s.viewerReport), own(objReport), 0},
		{http.MethodGet, inzienPath + "/dossier/:id/pdf", public, "inzien", s.viewerPage("dossier", s.dossierPDF), own(objReport), 0},
		{http.MethodGet, inzienPath + "/documenten", public, "inzien", s.viewerPage("documents", s.viewerDocuments), noID, 0},
		{http.MethodGet, inzienPath + "/documenten/:id", public, "inzien", s.viewerPage("documents", s.downloadDocument), own(objDocument), 0},
		{http.MethodGet, inzienPath + "/medicatie", public, "inzien", s.viewerPage("medicatie", s.viewerMedication), noID, 0},
		{http.MethodGet, inzienPath + "/uitslagen", public, "inzien", s.viewerPage("uitslagen", s.viewerResults), noID, 0},
		{http.MethodGet, inzienPath + "/afspraken", public, "inzien", s.viewerPage("agenda", s.viewerAgenda), noID, 0},

		{http.MethodGet, "/overzicht", patient, "overview", s.overview, noID, 0},
		{http.MethodGet, "/profiel", patient, "profile", s.profile, noID, 0},
		{http.MethodGet, agendaPath, patient, "agenda", s.agenda, noID, 0},
		{http.MethodGet, agendaPastPath, patient, "agenda", s.pastAppointments, noID, 0},
		{http.MethodGet, agendaWeekPath, patient, "agenda", s.agendaThisWeek, noID, 0},
		{http.MethodGet, agendaWeekPath + "/*", patient, "agenda", s.agendaWeekPage, noID, 0}, // an ISO week, not an id
		{http.MethodGet, agendaPath + "/:id", patient, "agenda", s.appointment, own(objAppointment), 0},
		{http.MethodGet, dossierPath, patient, "dossier", s.dossier, noID, 0},
		{http.MethodGet, dossierPath + "/:id", patient, "dossier", s.dossierReport, own(objReport), 0},
		{http.MethodGet, dossierPath + "/:id/pdf", patient, "dossier", s.dossierPDF, own(objReport), 0},
		{http.MethodGet, medicationPath, patient, "medicatie", s.medication, noID, 0},
		{http.MethodGet, medicationPath + "/gestopt", patient, "medicatie", s.stoppedMedication(medicationPath+"/gestopt", medicationPath, false), noID, 0},
		{http.MethodGet, medicationPath + "/:id/klopt-niet", patient, "medicatie", s.medicationQuestion, own(objMedication), 0},
		{http.MethodGet, resultsPath, patient, "uitslagen", s.results, noID, 0},
		{http.MethodGet, resultsTestPath + "/:id", patient, "uitslagen", s.resultTest, own(objResultTest), 0},
		{http.MethodGet, resultsSettingsPath, patient, "uitslagen", s.resultSettings, noID, 0},
		{http.MethodPost, resultsSettingsPath, patient, "uitslagen", s.saveResultSettings, noID, 0},
		{http.MethodGet, questionnairesPath, patient, "vragenlijsten", s.ownQuestionnaires, noID, 0},
		{http.MethodGet, submittedQuestionnairesPath, patient, "vragenlijsten", s.submittedQuestionnaires, noID, 0},
		{http.MethodGet, questionnairesPath + "/verloop/*", patient, "vragenlijsten", s.ownQuestionnaireTrend, noID, 0}, // a questionnaire's key, not an id
		{http.MethodGet, questionnairesPath + "/:id", patient, "vragenlijsten", s.ownQuestionnaireResponse, own(objQuestionnaireResponse), 0},
		{http.MethodPost, questionnairesPath + "/:id", patient, "vragenlijsten", s.saveOwnQuestionnaire, own(objQuestionnaireResponse), 0},
		{http.MethodGet, "/berichten", patient, "conversations", s.messages, noID, 0},
		{http.MethodGet, "/berichten/nieuw", patient, "messages", s.newMessage, noID, 0},
		{http.MethodPost, "/berichten", patient, "messages", s.sendMessage, noID, 0},
		{http.MethodGet, econsultPath, patient, "econsult", s.newEconsult, noID, 0},
		{http.MethodPost, econsultPath, patient, "econsult", s.sendEconsult, noID, photoUploadLimit},
		{http.MethodPost, econsultPath + "/concept", patient, "econsult", s.saveEconsultDraft, noID, photoUploadLimit},
		{http.MethodGet, "/berichten/fotos/:id", patient, "conversations", s.patientPhoto, own(objPhoto), 0},
		{http.MethodGet, "/berichten/:id", patient, "conversations", s.thread, own(objThread), 0},
		{http.MethodPost, "/berichten/:id", patient, "messages", s.reply, own(objThread), 0},
		{http.MethodGet, documentsPath, patient, "documents", s.documents, noID, 0},
		{http.MethodGet, documentsPath + "/nieuw", patient, "documents", s.newDocument, noID, 0},
		{http.MethodPost, documentsPath, patient, "documents", s.addDocument, noID, documentUploadLimit},
		{http.MethodGet, documentsPath + "/:id", patient, "documents", s.downloadDocument, own(objDocument), 0},
		{http.MethodGet, documentsPath + "/:id/verwijderen", patient, "documents", s.confirmDeleteDocument, own(objDocument), 0},
		{http.MethodPost, documentsPath + "/:id/verwijderen", patient, "documents", s.deleteDocument, own(objDocument), 0},
		{http.MethodGet, inzagePath, patient, "dossier", s.dossierInzage, noID, 0},
		{http.MethodGet, consentsPath, patient, "consents", s.consents, noID, 0},
		{http.MethodGet, deelcodePath, patient, "deelcode", s.deelcode, noID, 0},
		{http.MethodPost, deelcodePath, patient, "deelcode", s.makeShareCode, noID, 0},
		{http.MethodGet, deelcodePath + "/:id/intrekken", patient, "deelcode", s.confirmRevokeShareCode, own(objShareCode), 0},
		{http.MethodPost, deelcodePath + "/:id/intrekken", patient, "deelcode", s.revokeShareCode, own(objShareCode), 0},
		// A consent the practice asks (any patient's the same), refused unless the patient may change it here.
		{http.MethodGet, consentsPath + "/:id", patient, "consents", s.confirmConsent, clinicWide(objConsentKind), 0},
		{http.MethodPost, consentsPath + "/:id", patient, "consents", s.changeConsent, clinicWide(objConsentKind), 0},
		// A child's choice about a parent's access: their own authorisations, from 12 (kinderen.go).
		{http.MethodGet, consentsPath + "/ouders/:auth", patient, "consents", s.confirmParentChoice, own(objAuthorisation), 0},
		{http.MethodPost, consentsPath + "/ouders/:auth", patient, "consents", s.changeParentChoice, own(objAuthorisation), 0},
		{http.MethodGet, documentsPath + "/:id/akkoord", patient, "documents", s.documentAkkoordPage, own(objDocument), 0},
		{http.MethodPost, documentsPath + "/:id/akkoord", patient, "documents", s.giveDocumentAkkoord, own(objDocument), 0},
		{http.MethodGet, dossierPath + "/instellingen", patient, "dossier", s.summarySettings, noID, 0},
		{http.MethodPost, dossierPath + "/instellingen", patient, "dossier", s.saveSummarySettings, noID, 0},
		{http.MethodGet, kopiePath, patient, "dossier", s.dossierKopie, noID, 0},
		{http.MethodPost, kopiePath, patient, "dossier", s.requestKopie, noID, 0},
		{http.MethodGet, kopiePath + "/:id", patient, "dossier", s.dossierKopieRequest, own(objRecordCopy), 0},
		{http.MethodGet, kopiePath + "/:id/download", patient, "dossier", s.downloadKopie, own(objRecordCopy), 0},
		{http.MethodGet, dossierPath + "/:id/akkoord", patient, "dossier", s.reportAkkoordPage, own(objReport), 0},
		{http.MethodPost, dossierPath + "/:id/akkoord", patient, "dossier", s.giveReportAkkoord, own(objReport), 0},
		{http.MethodGet, dossierPath + "/:id/correctie", patient, "dossier", s.correctionPage, own(objReport), 0},
		{http.MethodPost, dossierPath + "/:id/correctie", patient, "dossier", s.askCorrection, own(objReport), 0},
		{http.MethodGet, agendaSettingsPath, patient, "agenda", s.showAgendaSettings, noID, 0},
		{http.MethodPost, agendaSettingsPath, patient, "agenda", s.saveReminderChannel, noID, 0},
		{http.MethodPost, agendaSettingsPath + "/agenda", patient, "agenda", s.newCalendarFeed, noID, 0},
		{http.MethodPost, agendaSettingsPath + "/agenda/intrekken", patient, "agenda", s.revokeCalendarFeed, noID, 0},
		{http.MethodGet, agendaPath + "/:id/afzeggen", patient, "agenda", s.confirmCancelAppointment, own(objAppointment), 0},
		{http.MethodPost, agendaPath + "/:id/afzeggen", patient, "agenda", s.cancelAppointment, own(objAppointment), 0},
		{http.MethodGet, agendaPath + "/:id/afspraak.ics", patient, "agenda", s.appointmentCalendar, own(objAppointment), 0},
		// A patient's calendar subscription, read by their calendar app: the secret in the path is the key.
		{http.MethodGet, feedPath + ":token", public, "agenda", s.calendarFeed, noID, 0},
		{http.MethodGet, bookingPath, patient, "agenda", s.bookingKinds, noID, 0},
		{http.MethodGet, bookingTimesPath, patient, "agenda", s.bookingTimes, noID, 0},
		{http.MethodGet, bookingCheckPath, patient, "agenda", s.bookingCheck, noID, 0},
		{http.MethodPost, bookingPath, patient, "agenda", s.book, noID, 0},
		{http.MethodGet, repeatPath, patient, "herhaalrecepten", s.repeatPrescriptions, noID, 0},
		{http.MethodPost, repeatPath, patient, "herhaalrecepten", s.requestRepeat, noID, 0},
		{http.MethodGet, naastenPath, patient, "naasten", s.naasten, noID, 0},
		{http.MethodGet, naastenPath + "/nieuw", patient, "naasten", s.newRelative, noID, 0},
		{http.MethodPost, naastenPath, patient, "naasten", s.inviteRelative, noID, 0},
		{http.MethodGet, naastenPath + "/:id", patient, "naasten", s.editRelative, own(objAuthorisation), 0},
		{http.MethodPost, naastenPath + "/:id", patient, "naasten", s.saveRelative, own(objAuthorisation), 0},
		{http.MethodGet, naastenPath + "/:id/stoppen", patient, "naasten", s.confirmEndRelative, own(objAuthorisation), 0},
		{http.MethodPost, naastenPath + "/:id/stoppen", patient, "naasten", s.endRelative, own(objAuthorisation), 0},
		{http.MethodGet, portalsPath, patient, "portalen", s.portals, noID, 0},
		{http.MethodPost, portalsPath, patient, "portalen", s.switchPortal, noID, 0},
		{http.MethodGet, portalsPath + "/:id/stoppen", patient, "portalen", s.confirmEndGrant, own(objPortal), 0},
		{http.MethodPost, portalsPath + "/:id/stoppen", patient, "portalen", s.endGrant, own(objPortal), 0},
		{http.MethodGet, "/dagboek", patient, "diary", s.diary, noID, 0},
		{http.MethodGet, "/dagboek/nieuw", patient, "diary", s.newDiaryEntry, noID, 0},
		{http.MethodPost, "/dagboek", patient, "diary", s.createDiaryEntry, noID, 0},
		{http.MethodGet, "/dagboek/:id", patient, "diary", s.diaryEntry, own(objDiaryEntry), 0},
		{http.MethodGet, "/dagboek/:id/bewerken", patient, "diary", s.editDiaryEntry, own(objDiaryEntry), 0},
		{http.MethodPost, "/dagboek/:id", patient, "diary", s.updateDiaryEntry, own(objDiaryEntry), 0},
		{http.MethodPost, "/dagboek/:id/delen", patient, "diary", s.shareDiaryEntry(true), own(objDiaryEntry), 0},
		{http.MethodPost, "/dagboek/:id/niet-delen", patient, "diary", s.shareDiaryEntry(false), own(objDiaryEntry), 0},
		{http.MethodGet, "/dagboek/:id/verwijderen", patient, "diary", s.confirmDeleteDiaryEntry, own(objDiaryEntry), 0},
		{http.MethodPost, "/dagboek/:id/verwijderen", patient, "diary", s.deleteDiaryEntry, own(objDiaryEntry), 0},
		{http.MethodPost, "/concept", account, "drafts", s.saveDraft, noID, 0},

		{http.MethodGet, "/account/beveiliging", account, "security", s.securityPage, noID, 0},
		{http.MethodPost, "/account/beveiliging/wachtwoord", account, "security", s.changePassword, noID, 0},
		{http.MethodPost, "/account/beveiliging/factoren/:id/verwijderen", account, "security", s.removeFactor, own(objFactor), 0},
		{http.MethodPost, "/account/beveiliging/sessies/beeindigen", account, "security", s.endSession, noID, 0},
		{http.MethodPost, "/account/beveiliging/mobiel", account, "security", s.changeMobileStart, noID, 0},
		{http.MethodGet, "/account/beveiliging/mobiel", account, "security", s.changeMobilePage, noID, 0},
		{http.MethodPost, "/account/beveiliging/mobiel/bevestig", account, "security", s.changeMobileConfirm, noID, 0},
		{http.MethodGet, "/account/beveiliging/nieuw", account, "security", s.setupChoice, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/app", account, "security", s.setupTOTPStart, noID, 0},
		{http.MethodGet, "/account/beveiliging/nieuw/app", account, "security", s.setupTOTPPage, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/app/bevestig", account, "security", s.setupTOTPConfirm, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/sms", account, "security", s.setupSMSStart, noID, 0},
		{http.MethodGet, "/account/beveiliging/nieuw/sms", account, "security", s.setupSMSPage, noID, 0},
		{http.MethodPost, "/account/beveiliging/nieuw/sms/bevestig", account, "security", s.setupSMSConfirm, noID, 0},

		{http.MethodGet, "/praktijk/berichten", staff, "messages", s.inbox, noID, 0},
		{http.MethodGet, "/praktijk/econsulten", staff, "econsult", s.inbox, noID, 0},
		{http.MethodGet, "/praktijk/fotos/:id", staff, "messages_praktijk", s.staffPhoto, clinicWide(objPhoto), 0},
		{http.MethodPost, "/praktijk/berichten/meldingen", staff, "messages_praktijk", s.setNotify, noID, 0},
		{http.MethodGet, "/praktijk/berichten/:id", staff, "messages_praktijk", s.inboxThread, clinicWide(objThread), 0},
		{http.MethodPost, "/praktijk/berichten/:id", staff, "messages_praktijk", s.staffReply, clinicWide(objThread), 0},
		{http.MethodPost, "/praktijk/berichten/:id/afgehandeld", staff, "messages_praktijk", s.markHandled, clinicWide(objThread), 0},
		{http.MethodPost, "/praktijk/berichten/:id/toewijzen", staff, "messages_praktijk", s.assignThread, clinicWide(objThread), 0},
		{http.MethodGet, "/praktijk/patienten", staff, "patients_praktijk", s.patients, noID, 0},
		{http.MethodGet, "/praktijk/patienten/:id", staff, "patients_praktijk", s.patient, clinicWide(objPatient), 0},
		{http.MethodPost, "/praktijk/patienten/:id/uitnodigen", staff, "patients_praktijk", s.invitePatient, clinicWide(objPatient), 0},
		{http.MethodPost, "/praktijk/patienten/:id/ontgrendelen", staff, "patients_praktijk", s.unlockPatient, clinicWide(objPatient), 0},
		{http.MethodGet, "/praktijk/patienten/:id/dagboek/:entry", staff, "patients_praktijk", s.sharedDiaryEntry, own(objDiaryEntry), 0},
		{http.MethodGet, "/praktijk/patienten/:id/documenten/:doc", staff, "patients_praktijk", s.staffDocument, own(objDocument), 0},
		{http.MethodPost, patientPath + "/dossier", staff, "dossier_praktijk", s.setDossierLink, clinicWide(objPatient), 0},
		{http.MethodGet, patientPath + "/verslagen/nieuw", staff, "dossier_praktijk", s.newReport, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/verslagen", staff, "dossier_praktijk", s.createReport, clinicWide(objPatient), 0},
		{http.MethodGet, patientPath + "/verslagen/:report", staff, "dossier_praktijk", s.report, own(objReport), 0},
		{http.MethodPost, patientPath + "/verslagen/:report", staff, "dossier_praktijk", s.updateReport, own(objReport), 0},
		{http.MethodGet, patientPath + "/verslagen/:report/bewerken", staff, "dossier_praktijk", s.editReport, own(objReport), 0},
		{http.MethodPost, patientPath + "/verslagen/:report/bijlagen", staff, "dossier_praktijk", s.addAttachment, own(objReport), documentUploadLimit},
		{http.MethodGet, patientPath + "/verslagen/:report/intrekken", staff, "dossier_praktijk", s.confirmWithdrawReport, own(objReport), 0},
		{http.MethodPost, patientPath + "/verslagen/:report/ouders", staff, "kinderen_praktijk", s.hideReportFromParents, own(objReport), 0},
		{http.MethodPost, patientPath + "/verslagen/:report/intrekken", staff, "dossier_praktijk", s.withdrawReport, own(objReport), 0},
		{http.MethodGet, patientPath + "/documenten/nieuw", staff, "dossier_praktijk", s.newPracticeDocument, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/documenten", staff, "dossier_praktijk", s.publishDocument, clinicWide(objPatient), documentUploadLimit},
		{http.MethodPost, patientPath + "/documenten/:doc/ouders", staff, "kinderen_praktijk", s.hideDocumentFromParents, own(objDocument), 0},
		{http.MethodGet, patientPath + "/uitslagen/nieuw", staff, "uitslagen_praktijk", s.newResult, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/uitslagen", staff, "uitslagen_praktijk", s.createResult, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/uitslagen/:result/gezien", staff, "uitslagen_praktijk", s.reviewResult(false), own(objResult), 0},
		{http.MethodPost, patientPath + "/uitslagen/:result/vrijgeven", staff, "uitslagen_praktijk", s.reviewResult(true), own(objResult), 0},
		{http.MethodGet, patientPath + "/foto", staff, "patients_praktijk", s.patientProfilePhoto, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/foto", staff, "patients_praktijk", s.placePatientPhoto, clinicWide(objPatient), photoUploadLimit},
		{http.MethodPost, patientPath + "/toestemmingen/:kind", staff, "consents_praktijk", s.recordConsentForPatient, clinicWide(objConsentKind), 0},
		{http.MethodGet, consentsStaffPath, staff, "consents_praktijk", s.consentsOverview, noID, 0},
		{http.MethodGet, consentsStaffPath + "/:id", staff, "consents_praktijk", s.consentPatients, clinicWide(objConsentKind), 0},
		{http.MethodGet, patientPath + "/vertegenwoordigers/nieuw", staff, "kinderen_praktijk", s.newParent, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/vertegenwoordigers", staff, "kinderen_praktijk", s.addParent, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/vertegenwoordigers/:auth/toestemming", staff, "kinderen_praktijk", s.recordChildConsent, own(objAuthorisation), 0},
		{http.MethodGet, patientPath + "/vertegenwoordigers/:auth/beeindigen", staff, "kinderen_praktijk", s.endRelationPage, own(objAuthorisation), 0},
		{http.MethodPost, patientPath + "/vertegenwoordigers/:auth/beeindigen", staff, "kinderen_praktijk", s.endRelation, own(objAuthorisation), 0},
		{http.MethodGet, relationsStaffPath, staff, "kinderen_praktijk", s.changingSoon, noID, 0},
		{http.MethodGet, patientPath + "/medicatie/nieuw", staff, "medicatie_praktijk", s.newMedication, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/medicatie", staff, "medicatie_praktijk", s.createMedication, clinicWide(objPatient), 0},
		{http.MethodGet, patientPath + "/medicatie/gestopt", staff, "medicatie_praktijk", s.stoppedMedication(patientPath+"/medicatie/gestopt", patientPath+"#medicatie", true), clinicWide(objPatient), 0},
		{http.MethodGet, patientPath + "/medicatie/:med", staff, "medicatie_praktijk", s.editMedication, own(objMedication), 0},
		{http.MethodPost, patientPath + "/medicatie/:med", staff, "medicatie_praktijk", s.updateMedication, own(objMedication), 0},
		{http.MethodGet, patientPath + "/medicatie/:med/stoppen", staff, "medicatie_praktijk", s.stopMedicationPage, own(objMedication), 0},
		{http.MethodPost, patientPath + "/medicatie/:med/stoppen", staff, "medicatie_praktijk", s.stopMedication, own(objMedication), 0},
		{http.MethodGet, patientPath + "/vragenlijsten/nieuw", staff, "vragenlijsten_praktijk", s.newQuestionnaireAssignment, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/vragenlijsten", staff, "vragenlijsten_praktijk", s.assignQuestionnaire, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/vragenlijsten/toewijzingen/:assignment/stoppen", staff, "vragenlijsten_praktijk", s.endQuestionnaireAssignment, own(objQuestionnaireAssignment), 0},
		{http.MethodGet, patientPath + "/vragenlijsten/:response", staff, "vragenlijsten_praktijk", s.questionnaireResponse, own(objQuestionnaireResponse), 0},
		{http.MethodGet, patientPath + "/vragenlijsten/:response/verloop", staff, "vragenlijsten_praktijk", s.questionnaireTrend, own(objQuestionnaireResponse), 0},
		{http.MethodPost, patientPath + "/vragenlijsten/:response/gezien", staff, "vragenlijsten_praktijk", s.markFlagSeen, own(objQuestionnaireResponse), 0},
		{http.MethodGet, patientPath + "/ehealth", staff, "vragenlijsten_praktijk", s.patientEhealth, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/ehealth", staff, "vragenlijsten_praktijk", s.setPatientEhealth, clinicWide(objPatient), 0},
		{http.MethodGet, flagQueuePath, staff, "vragenlijsten_praktijk", s.flagQueue, noID, 0},
		{http.MethodGet, patientPath + "/afspraken/nieuw", staff, "agenda_praktijk", s.newAppointment, clinicWide(objPatient), 0},
		{http.MethodPost, patientPath + "/afspraken", staff, "agenda_praktijk", s.createAppointment, clinicWide(objPatient), 0},
		{http.MethodGet, staffAgendaPath, staff, "agenda_praktijk", s.agendaPraktijk, noID, 0},
		{http.MethodGet, staffAgendaPath + "/nieuw", staff, "agenda_praktijk", s.agendaNewPatient, noID, 0},
		{http.MethodGet, staffAgendaPath + "/afspraken/:id", staff, "agenda_praktijk", s.staffAppointmentPage, clinicWide(objAppointment), 0},
		{http.MethodGet, staffAgendaPath + "/afspraken/:id/verplaatsen", staff, "agenda_praktijk", s.moveAppointmentPage, clinicWide(objAppointment), 0},
		{http.MethodPost, staffAgendaPath + "/afspraken/:id/verplaatsen", staff, "agenda_praktijk", s.moveAppointment, clinicWide(objAppointment), 0},
		{http.MethodGet, staffAgendaPath + "/afspraken/:id/afzeggen", staff, "agenda_praktijk", s.staffCancelPage, clinicWide(objAppointment), 0},
		{http.MethodPost, staffAgendaPath + "/afspraken/:id/afzeggen", staff, "agenda_praktijk", s.staffCancel, clinicWide(objAppointment), 0},
		{http.MethodPost, staffAgendaPath + "/afspraken/:id/niet-verschenen", staff, "agenda_praktijk", s.markNoShow, clinicWide(objAppointment), 0},
		{http.MethodPost, staffAgendaPath + "/afspraken/:id/gezien", staff, "agenda_praktijk", s.markSeen, clinicWide(objAppointment), 0},
		{http.MethodGet, repeatQueuePath, staff, "herhaalrecepten_praktijk", s.repeatQueue, noID, 0},
		{http.MethodGet, repeatQueuePath + "/:id", staff, "herhaalrecepten_praktijk", s.repeatRequest, clinicWide(objRepeatRequest), 0},
		{http.MethodPost, repeatQueuePath + "/:id/toewijzen", staff, "herhaalrecepten_praktijk", s.assignRepeatRequest, clinicWide(objRepeatRequest), 0},
		{http.MethodPost, repeatQueuePath + "/:id/goedkeuren", staff, "herhaalrecepten_praktijk", s.approveRepeatRequest, clinicWide(objRepeatRequest), 0},
		{http.MethodPost, repeatQueuePath + "/:id/afwijzen", staff, "herhaalrecepten_praktijk", s.refuseRepeatRequest, clinicWide(objRepeatRequest), 0},
		{http.MethodGet, correctionsPath, staff, "dossier_correction_praktijk", s.correctionQueue, noID, 0},
		{http.MethodGet, correctionsPath + "/:id", staff, "dossier_correction_praktijk", s.correctionRequest, clinicWide(objReportCorrection), 0},
		{http.MethodPost, correctionsPath + "/:id/corrigeren", staff, "dossier_correction_praktijk", s.correctReport, clinicWide(objReportCorrection), 0},
		{http.MethodPost, correctionsPath + "/:id/verklaring", staff, "dossier_correction_praktijk", s.addStatement, clinicWide(objReportCorrection), 0},

		{http.MethodGet, "/praktijk/beheer/medewerkers", admin, "beheer_staff", s.adminStaff, noID, 0},
		{http.MethodPost, "/praktijk/beheer/medewerkers", admin, "beheer_staff", s.inviteStaff, noID, 0},
		{http.MethodPost, "/praktijk/beheer/medewerkers/:id/uitnodigen", admin, "beheer_staff", s.reinviteStaff, clinicWide(objStaffMember), 0},
		{http.MethodGet, accessLogAdminPath, admin, "beheer_accesslog", s.adminAccessLog, noID, 0},
		{http.MethodGet, "/praktijk/beheer/medewerkers/:id/foto", admin, "beheer_staff", s.staffMemberPhoto, clinicWide(objStaffMember), 0},
		{http.MethodPost, "/praktijk/beheer/medewerkers/:id/foto", admin, "beheer_staff", s.placeStaffMemberPhoto, clinicWide(objStaffMember), photoUploadLimit},
		{http.MethodGet, "/praktijk/beheer/instellingen", admin, "beheer_settings", s.adminSettings, noID, 0},
		{http.MethodPost, "/praktijk/beheer/instellingen", admin, "beheer_settings", s.saveSettings, noID, 0},
		{http.MethodPost, ehealthSettingsPath, admin, "beheer_settings", s.saveEhealthSettings, noID, 0},
		{http.MethodGet, agendaAdminPath, admin, "beheer_agenda", s.adminAgenda, noID, 0},
		{http.MethodPost, agendaAdminPath + "/instellingen", admin, "beheer_agenda", s.saveBookingSettings, noID, 0},
		{http.MethodPost, agendaAdminPath + "/sluitingsdagen", admin, "beheer_agenda", s.addClosureDay, noID, 0},
		{http.MethodPost, agendaAdminPath + "/sluitingsdagen/verwijderen", admin, "beheer_agenda", s.removeClosureDay, noID, 0},
		{http.MethodGet, agendaAdminPath + "/soorten/nieuw", admin, "beheer_agenda", s.newKind, noID, 0},
		{http.MethodPost, agendaAdminPath + "/soorten", admin, "beheer_agenda", s.saveKind, noID, 0},
		{http.MethodGet, agendaAdminPath + "/soorten/:id", admin, "beheer_agenda", s.editKind, clinicWide(objAppointmentKind), 0},
		{http.MethodPost, agendaAdminPath + "/soorten/:id", admin, "beheer_agenda", s.saveKind, clinicWide(objAppointmentKind), 0},
		{http.MethodGet, agendaAdminPath + "/plaatsen/nieuw", admin, "beheer_agenda", s.newPlace, noID, 0},
		{http.MethodPost, agendaAdminPath + "/plaatsen", admin, "beheer_agenda", s.savePlace, noID, 0},
		{http.MethodGet, agendaAdminPath + "/plaatsen/:id", admin, "beheer_agenda", s.editPlace, clinicWide(objPlace), 0},
		{http.MethodPost, agendaAdminPath + "/plaatsen/:id", admin, "beheer_agenda", s.savePlace, clinicWide(objPlace), 0},
		// A practitioner's availability: the administrator's pages of anyone's, the practitioner's of their own.
		{http.MethodGet, agendaAdminPath + "/behandelaars/:id", admin, "beheer_agenda", s.availability, clinicWide(objStaffMember), 0},
		{http.MethodPost, agendaAdminPath + "/behandelaars/:id/uren", admin, "beheer_agenda", s.addHours, clinicWide(objStaffMember), 0},
		{http.MethodPost, agendaAdminPath + "/behandelaars/:id/uitzonderingen", admin, "beheer_agenda", s.addException, clinicWide(objStaffMember), 0},
		{http.MethodGet, ownHoursPath, staff, "agenda_praktijk", s.availability, noID, 0},
		{http.MethodPost, ownHoursPath + "/uren", staff, "agenda_praktijk", s.addHours, noID, 0},
		{http.MethodPost, ownHoursPath + "/uitzonderingen", staff, "agenda_praktijk", s.addException, noID, 0},
		{http.MethodPost, ownHoursPath + "/uren/:id/verwijderen", staff, "agenda_praktijk", s.removeHours, clinicWide(objAvailability), 0},
		{http.MethodPost, ownHoursPath + "/uitzonderingen/:id/verwijderen", staff, "agenda_praktijk", s.removeException, clinicWide(objAvailabilityException), 0},
		{http.MethodGet, dossierAdminPath, admin, "beheer_dossier", s.adminDossier, noID, 0},
		{http.MethodGet, repeatAdminPath, admin, "beheer_herhaalrecepten", s.adminRepeat, noID, 0},
		{http.MethodPost, repeatAdminPath, admin, "beheer_herhaalrecepten", s.saveRepeatSettings, noID, 0},
		{http.MethodPost, repeatAdminPath + "/apotheken", admin, "beheer_herhaalrecepten", s.addPharmacy, noID, 0},
		{http.MethodPost, repeatAdminPath + "/apotheken/:id", admin, "beheer_herhaalrecepten", s.setPharmacyActive, clinicWide(objPharmacy), 0},
		{http.MethodPost, dossierAdminPath + "/koppeling", admin, "beheer_dossier", s.saveDossierDefault, noID, 0},
		{http.MethodPost, dossierAdminPath + "/categorieen", admin, "beheer_dossier", s.addReportCategory, noID, 0},
		{http.MethodPost, dossierAdminPath + "/categorieen/:id", admin, "beheer_dossier", s.saveReportCategory, clinicWide(objReportCategory), 0},
		{http.MethodPost, dossierAdminPath + "/categorieen/:id/verwijderen", admin, "beheer_dossier", s.removeReportCategory, clinicWide(objReportCategory), 0},
		{http.MethodGet, resultsAdminPath, admin, "beheer_uitslagen", s.adminResults, noID, 0},
		{http.MethodPost, resultsAdminPath + "/groepen", admin, "beheer_uitslagen", s.addResultGroup, noID, 0},
		{http.MethodPost, resultsAdminPath + "/groepen/:id", admin, "beheer_uitslagen", s.saveResultGroup, clinicWide(objResultGroup), 0},
		{http.MethodGet, resultsAdminPath + "/bepalingen/nieuw", admin, "beheer_uitslagen", s.newResultTestAdmin, noID, 0},
		{http.MethodPost, resultsAdminPath + "/bepalingen", admin, "beheer_uitslagen", s.createResultTestAdmin, noID, 0},
		{http.MethodGet, resultsAdminPath + "/bepalingen/:id", admin, "beheer_uitslagen", s.editResultTestAdmin, clinicWide(objResultTest), 0},
		{http.MethodPost, resultsAdminPath + "/bepalingen/:id", admin, "beheer_uitslagen", s.updateResultTestAdmin, clinicWide(objResultTest), 0},
		{http.MethodPost, resultsAdminPath + "/bepalingen/:id/actief", admin, "beheer_uitslagen", s.setResultTestActive, clinicWide(objResultTest), 0},
		{http.MethodGet, consentsAdminPath, admin, "beheer_consents", s.adminConsents, noID, 0},
		{http.MethodPost, consentsAdminPath, admin, "beheer_consents", s.saveConsentKind, noID, 0},
		{http.MethodGet, consentsAdminPath + "/:id", admin, "beheer_consents", s.editConsentKind, clinicWide(objConsentKind), 0},
		{http.MethodPost, consentsAdminPath + "/:id", admin, "beheer_consents", s.saveConsentKind, clinicWide(objConsentKind), 0},
		{http.MethodGet, questionnairesAdminPath, admin, "beheer_vragenlijsten", s.adminQuestionnaires, noID, 0},
		{http.MethodPost, questionnairesAdminPath, admin, "beheer_vragenlijsten", s.uploadQuestionnaire, noID, questionnaireUploadLimit},
		{http.MethodGet, questionnairesAdminPath + "/:id", admin, "beheer_vragenlijsten", s.previewQuestionnaire, clinicWide(objQuestionnaireDefinition), 0},
		{http.MethodPost, questionnairesAdminPath + "/:id/aanbieden", admin, "beheer_vragenlijsten", s.offerQuestionnaire, clinicWide(objQuestionnaireDefinition), 0},
		{http.MethodPost, questionnairesAdminPath + "/:id/score", admin, "beheer_vragenlijsten", s.setQuestionnaireScore, clinicWide(objQuestionnaireDefinition), 0},
		{http.MethodGet, "/praktijk/beheer/voorwaarden", admin, "beheer_terms", s.adminTerms, noID, 0},
		{http.MethodPost, "/praktijk/beheer/voorwaarden", admin, "beheer_terms", s.publishTerms, noID, 0},
		{http.MethodGet, "/praktijk/beheer/uitgaand", admin, "beheer_outbox", s.adminOutbox, noID, 0},
		{http.MethodPost, "/praktijk/beheer/uitgaand/:id/opnieuw", admin, "beheer_outbox", s.retryOutbox, clinicWide(objOutbox), 0},
	}
	if s.cfg.Demo {
		// Demo only: what would have been mailed or texted, including activation links, so it is public.
		routes = append(routes, Route{http.MethodGet, "/demo/outbox", public, "demo", s.demoOutbox, noID, 0})
	}
	return routes
}

func (s *Server) register() {
	for _, r := range s.Routes() {
		limit := r.BodyLimit
		if limit == 0 {
			limit = defaultBodyLimit
		}
		s.echo.Add(r.Method, r.Path, r.Handler, limitBody(limit), s.require(r))
	}
}
