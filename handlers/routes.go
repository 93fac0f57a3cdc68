package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"balie/static"
)

// access says who may use a route.
type access int

const (
	public   access = iota // anyone
	signedIn               // any signed-in user
	patient                // signed-in patients
	staff                  // signed-in staff of any role
	admin                  // signed-in administrators
	account                // any full session, patient or staff: the user's own account pages

	// The pages of an unfinished session's stage (see stage.go).
	inActivation
	inFactor
	inSetup
	inTerms
	inReset
)

// Route is one entry of the route list.
type Route struct {
	Method  string
	Path    string
	Access  access
	Handler echo.HandlerFunc
	ID      names // what the id in Path names, if it has one
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

// Public reports whether the route needs no sign-in.
func (r Route) Public() bool { return r.Access == public }

// Stage is the unfinished sign-in stage whose page the route is ("" for the others).
func (r Route) Stage() string { return stageAccess[r.Access] }

// AnyStage reports whether a session in any stage may use the route (signing out, staying signed in).
func (r Route) AnyStage() bool { return r.Access == signedIn }

// Routes is every route of the app, in one list.
func (s *Server) Routes() []Route {
	routes := []Route{
		{http.MethodGet, "/", public, s.home, noID},
		{http.MethodGet, "/healthz", public, s.healthz, noID},
		{http.MethodGet, "/manifest.webmanifest", public, s.manifest, noID},
		{http.MethodGet, static.Prefix + "*", public, echo.WrapHandler(s.assets), noID},

		{http.MethodGet, "/inloggen", public, s.signInPage, noID},
		{http.MethodPost, "/inloggen", public, s.signIn, noID},
		{http.MethodGet, "/inloggen/code", inFactor, s.factorPage, noID},
		{http.MethodPost, "/inloggen/code", inFactor, s.checkFactor, noID},
		{http.MethodPost, "/inloggen/code/sms", inFactor, s.sendSignInCode, noID},
		{http.MethodPost, "/inloggen/code/app", inFactor, s.useAuthenticator, noID},
		{http.MethodGet, "/inloggen/beveiliging", inSetup, s.setupChoice, noID},
		{http.MethodPost, "/inloggen/beveiliging/app", inSetup, s.setupTOTPStart, noID},
		{http.MethodGet, "/inloggen/beveiliging/app", inSetup, s.setupTOTPPage, noID},
		{http.MethodPost, "/inloggen/beveiliging/app/bevestig", inSetup, s.setupTOTPConfirm, noID},
		{http.MethodPost, "/inloggen/beveiliging/sms", inSetup, s.setupSMSStart, noID},
		{http.MethodGet, "/inloggen/beveiliging/sms", inSetup, s.setupSMSPage, noID},
		{http.MethodPost, "/inloggen/beveiliging/sms/bevestig", inSetup, s.setupSMSConfirm, noID},
		// Passkeys (passkey.go): JSON for static/passkey.js.
		{http.MethodPost, "/inloggen/passkey/begin", public, s.passkeySignInBegin, noID},
		{http.MethodPost, "/inloggen/passkey/finish", public, s.passkeySignInFinish, noID},
		{http.MethodPost, "/inloggen/code/passkey/begin", inFactor, s.passkeyFactorBegin, noID},
		{http.MethodPost, "/inloggen/code/passkey/finish", inFactor, s.passkeyFactorFinish, noID},
		{http.MethodPost, "/inloggen/beveiliging/passkey/begin", inSetup, s.passkeySetupBegin, noID},
		{http.MethodPost, "/inloggen/beveiliging/passkey/finish", inSetup, s.passkeySetupFinish, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/begin", account, s.passkeySetupBegin, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/finish", account, s.passkeySetupFinish, noID},
		{http.MethodGet, "/voorwaarden", inTerms, s.termsToAccept, noID},
		{http.MethodPost, "/voorwaarden", inTerms, s.acceptTerms, noID},
		{http.MethodPost, "/uitloggen", signedIn, s.signOut, noID},
		{http.MethodPost, "/sessie/verlengen", signedIn, s.extendSession, noID},
		{http.MethodGet, "/activeren/:token", public, s.activationPage, noID},
		{http.MethodPost, "/activeren/:token", public, s.checkBirthDate, noID},
		{http.MethodPost, "/activeren/:token/nieuw", public, s.askNewLink, noID},
		{http.MethodGet, "/activeren/gegevens", inActivation, s.activationAccountPage, noID},
		{http.MethodPost, "/activeren/gegevens", inActivation, s.activateAccount, noID},
		{http.MethodPost, "/wachtwoord/regels", public, s.passwordRulesFragment, noID},
		{http.MethodGet, "/wachtwoord-vergeten", public, s.resetRequestPage, noID},
		{http.MethodPost, "/wachtwoord-vergeten", public, s.requestReset, noID},
		{http.MethodGet, "/wachtwoord-herstellen/nieuw", inReset, s.resetPasswordPage, noID},
		{http.MethodPost, "/wachtwoord-herstellen/nieuw", inReset, s.resetPassword, noID},
		{http.MethodGet, "/wachtwoord-herstellen/:token", public, s.resetFactorPage, noID},
		{http.MethodPost, "/wachtwoord-herstellen/:token", public, s.checkResetFactor, noID},
		{http.MethodPost, "/wachtwoord-herstellen/:token/sms", public, s.sendResetCode, noID},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/begin", public, s.passkeyResetBegin, noID},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/finish", public, s.passkeyResetFinish, noID},
		{http.MethodPost, "/taal", public, s.setLanguage, noID},
		{http.MethodPost, "/contrast", public, s.setContrast, noID},

		{http.MethodGet, "/overzicht", patient, s.overview, noID},
		{http.MethodGet, "/profiel", patient, s.profile, noID},
		{http.MethodGet, "/berichten", patient, s.messages, noID},
		{http.MethodGet, "/berichten/nieuw", patient, s.newMessage, noID},
		{http.MethodPost, "/berichten", patient, s.sendMessage, noID},
		{http.MethodGet, econsultPath, patient, s.newEconsult, noID},
		{http.MethodPost, econsultPath, patient, s.sendEconsult, noID},
		{http.MethodPost, econsultPath + "/concept", patient, s.saveEconsultDraft, noID},
		{http.MethodGet, "/berichten/fotos/:id", patient, s.patientPhoto, own(objPhoto)},
		{http.MethodGet, "/berichten/:id", patient, s.thread, own(objThread)},
		{http.MethodPost, "/berichten/:id", patient, s.reply, own(objThread)},
		{http.MethodGet, documentsPath, patient, s.documents, noID},
		{http.MethodGet, documentsPath + "/nieuw", patient, s.newDocument, noID},
		{http.MethodPost, documentsPath, patient, s.addDocument, noID},
		{http.MethodGet, documentsPath + "/:id", patient, s.downloadDocument, own(objDocument)},
		{http.MethodGet, documentsPath + "/:id/verwijderen", patient, s.confirmDeleteDocument, own(objDocument)},
		{http.MethodPost, documentsPath + "/:id/verwijderen", patient, s.deleteDocument, own(objDocument)},
		{http.MethodGet, "/dagboek", patient, s.diary, noID},
		{http.MethodGet, "/dagboek/nieuw", patient, s.newDiaryEntry, noID},
		{http.MethodPost, "/dagboek", patient, s.createDiaryEntry, noID},
		{http.MethodGet, "/dagboek/:id", patient, s.diaryEntry, own(objDiaryEntry)},
		{http.MethodGet, "/dagboek/:id/bewerken", patient, s.editDiaryEntry, own(objDiaryEntry)},
		{http.MethodPost, "/dagboek/:id", patient, s.updateDiaryEntry, own(objDiaryEntry)},
		{http.MethodPost, "/dagboek/:id/delen", patient, s.shareDiaryEntry(true), own(objDiaryEntry)},
		{http.MethodPost, "/dagboek/:id/niet-delen", patient, s.shareDiaryEntry(false), own(objDiaryEntry)},
		{http.MethodGet, "/dagboek/:id/verwijderen", patient, s.confirmDeleteDiaryEntry, own(objDiaryEntry)},
		{http.MethodPost, "/dagboek/:id/verwijderen", patient, s.deleteDiaryEntry, own(objDiaryEntry)},
		{http.MethodPost, "/concept", account, s.saveDraft, noID},

		{http.MethodGet, "/account/beveiliging", account, s.securityPage, noID},
		{http.MethodPost, "/account/beveiliging/wachtwoord", account, s.changePassword, noID},
		{http.MethodPost, "/account/beveiliging/factoren/:id/verwijderen", account, s.removeFactor, own(objFactor)},
		{http.MethodPost, "/account/beveiliging/sessies/beeindigen", account, s.endSession, noID},
		{http.MethodPost, "/account/beveiliging/mobiel", account, s.changeMobileStart, noID},
		{http.MethodGet, "/account/beveiliging/mobiel", account, s.changeMobilePage, noID},
		{http.MethodPost, "/account/beveiliging/mobiel/bevestig", account, s.changeMobileConfirm, noID},
		{http.MethodGet, "/account/beveiliging/nieuw", account, s.setupChoice, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/app", account, s.setupTOTPStart, noID},
		{http.MethodGet, "/account/beveiliging/nieuw/app", account, s.setupTOTPPage, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/app/bevestig", account, s.setupTOTPConfirm, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/sms", account, s.setupSMSStart, noID},
		{http.MethodGet, "/account/beveiliging/nieuw/sms", account, s.setupSMSPage, noID},
		{http.MethodPost, "/account/beveiliging/nieuw/sms/bevestig", account, s.setupSMSConfirm, noID},

		{http.MethodGet, "/praktijk/berichten", staff, s.inbox, noID},
		{http.MethodGet, "/praktijk/econsulten", staff, s.inbox, noID},
		{http.MethodGet, "/praktijk/fotos/:id", staff, s.staffPhoto, clinicWide(objPhoto)},
		{http.MethodPost, "/praktijk/berichten/meldingen", staff, s.setNotify, noID},
		{http.MethodGet, "/praktijk/berichten/:id", staff, s.inboxThread, clinicWide(objThread)},
		{http.MethodPost, "/praktijk/berichten/:id", staff, s.staffReply, clinicWide(objThread)},
		{http.MethodPost, "/praktijk/berichten/:id/afgehandeld", staff, s.markHandled, clinicWide(objThread)},
		{http.MethodPost, "/praktijk/berichten/:id/toewijzen", staff, s.assignThread, clinicWide(objThread)},
		{http.MethodGet, "/praktijk/patienten", staff, s.patients, noID},
		{http.MethodGet, "/praktijk/patienten/:id", staff, s.patient, clinicWide(objPatient)},
		{http.MethodPost, "/praktijk/patienten/:id/uitnodigen", staff, s.invitePatient, clinicWide(objPatient)},
		{http.MethodPost, "/praktijk/patienten/:id/ontgrendelen", staff, s.unlockPatient, clinicWide(objPatient)},
		{http.MethodGet, "/praktijk/patienten/:id/dagboek/:entry", staff, s.sharedDiaryEntry, own(objDiaryEntry)},
		{http.MethodGet, "/praktijk/patienten/:id/documenten/:doc", staff, s.staffDocument, own(objDocument)},

		{http.MethodGet, "/praktijk/beheer/medewerkers", admin, s.adminStaff, noID},
		{http.MethodPost, "/praktijk/beheer/medewerkers", admin, s.inviteStaff, noID},
		{http.MethodPost, "/praktijk/beheer/medewerkers/:id/uitnodigen", admin, s.reinviteStaff, clinicWide(objStaffMember)},
		{http.MethodGet, "/praktijk/beheer/instellingen", admin, s.adminSettings, noID},
		{http.MethodPost, "/praktijk/beheer/instellingen", admin, s.saveSettings, noID},
		{http.MethodGet, "/praktijk/beheer/voorwaarden", admin, s.adminTerms, noID},
		{http.MethodPost, "/praktijk/beheer/voorwaarden", admin, s.publishTerms, noID},
		{http.MethodGet, "/praktijk/beheer/uitgaand", admin, s.adminOutbox, noID},
		{http.MethodPost, "/praktijk/beheer/uitgaand/:id/opnieuw", admin, s.retryOutbox, clinicWide(objOutbox)},
	}
	if s.cfg.Demo {
		// Demo only: what would have been mailed or texted, including activation links, so it is public.
		routes = append(routes, Route{http.MethodGet, "/demo/outbox", public, s.demoOutbox, noID})
	}
	return routes
}

func (s *Server) register() {
	for _, r := range s.Routes() {
		s.echo.Add(r.Method, r.Path, r.Handler, s.require(r.Access))
	}
}
