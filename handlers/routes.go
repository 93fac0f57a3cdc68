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
}

// Public reports whether the route needs no sign-in.
func (r Route) Public() bool { return r.Access == public }

// Stage is the unfinished sign-in stage whose page the route is ("" for the others).
func (r Route) Stage() string { return stageAccess[r.Access] }

// AnyStage reports whether a session in any stage may use the route (signing out, staying signed in).
func (r Route) AnyStage() bool { return r.Access == signedIn }

// Routes is every route of the app, in one list.
func (s *Server) Routes() []Route {
	routes := []Route{
		{http.MethodGet, "/", public, s.home},
		{http.MethodGet, "/healthz", public, s.healthz},
		{http.MethodGet, "/manifest.webmanifest", public, s.manifest},
		{http.MethodGet, static.Prefix + "*", public, echo.WrapHandler(s.assets)},

		{http.MethodGet, "/inloggen", public, s.signInPage},
		{http.MethodPost, "/inloggen", public, s.signIn},
		{http.MethodGet, "/inloggen/code", inFactor, s.factorPage},
		{http.MethodPost, "/inloggen/code", inFactor, s.checkFactor},
		{http.MethodPost, "/inloggen/code/sms", inFactor, s.sendSignInCode},
		{http.MethodPost, "/inloggen/code/app", inFactor, s.useAuthenticator},
		{http.MethodGet, "/inloggen/beveiliging", inSetup, s.setupChoice},
		{http.MethodPost, "/inloggen/beveiliging/app", inSetup, s.setupTOTPStart},
		{http.MethodGet, "/inloggen/beveiliging/app", inSetup, s.setupTOTPPage},
		{http.MethodPost, "/inloggen/beveiliging/app/bevestig", inSetup, s.setupTOTPConfirm},
		{http.MethodPost, "/inloggen/beveiliging/sms", inSetup, s.setupSMSStart},
		{http.MethodGet, "/inloggen/beveiliging/sms", inSetup, s.setupSMSPage},
		{http.MethodPost, "/inloggen/beveiliging/sms/bevestig", inSetup, s.setupSMSConfirm},
		// Passkeys (passkey.go): JSON for static/passkey.js.
		{http.MethodPost, "/inloggen/passkey/begin", public, s.passkeySignInBegin},
		{http.MethodPost, "/inloggen/passkey/finish", public, s.passkeySignInFinish},
		{http.MethodPost, "/inloggen/code/passkey/begin", inFactor, s.passkeyFactorBegin},
		{http.MethodPost, "/inloggen/code/passkey/finish", inFactor, s.passkeyFactorFinish},
		{http.MethodPost, "/inloggen/beveiliging/passkey/begin", inSetup, s.passkeySetupBegin},
		{http.MethodPost, "/inloggen/beveiliging/passkey/finish", inSetup, s.passkeySetupFinish},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/begin", account, s.passkeySetupBegin},
		{http.MethodPost, "/account/beveiliging/nieuw/passkey/finish", account, s.passkeySetupFinish},
		{http.MethodGet, "/voorwaarden", inTerms, s.termsToAccept},
		{http.MethodPost, "/voorwaarden", inTerms, s.acceptTerms},
		{http.MethodPost, "/uitloggen", signedIn, s.signOut},
		{http.MethodPost, "/sessie/verlengen", signedIn, s.extendSession},
		{http.MethodGet, "/activeren/:token", public, s.activationPage},
		{http.MethodPost, "/activeren/:token", public, s.checkBirthDate},
		{http.MethodPost, "/activeren/:token/nieuw", public, s.askNewLink},
		{http.MethodGet, "/activeren/gegevens", inActivation, s.activationAccountPage},
		{http.MethodPost, "/activeren/gegevens", inActivation, s.activateAccount},
		{http.MethodPost, "/wachtwoord/regels", public, s.passwordRulesFragment},
		{http.MethodGet, "/wachtwoord-vergeten", public, s.resetRequestPage},
		{http.MethodPost, "/wachtwoord-vergeten", public, s.requestReset},
		{http.MethodGet, "/wachtwoord-herstellen/nieuw", inReset, s.resetPasswordPage},
		{http.MethodPost, "/wachtwoord-herstellen/nieuw", inReset, s.resetPassword},
		{http.MethodGet, "/wachtwoord-herstellen/:token", public, s.resetFactorPage},
		{http.MethodPost, "/wachtwoord-herstellen/:token", public, s.checkResetFactor},
		{http.MethodPost, "/wachtwoord-herstellen/:token/sms", public, s.sendResetCode},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/begin", public, s.passkeyResetBegin},
		{http.MethodPost, "/wachtwoord-herstellen/:token/passkey/finish", public, s.passkeyResetFinish},
		{http.MethodPost, "/taal", public, s.setLanguage},
		{http.MethodPost, "/contrast", public, s.setContrast},

		{http.MethodGet, "/overzicht", patient, s.overview},
		{http.MethodGet, "/profiel", patient, s.profile},
		{http.MethodGet, "/berichten", patient, s.messages},
		{http.MethodGet, "/berichten/nieuw", patient, s.newMessage},
		{http.MethodPost, "/berichten", patient, s.sendMessage},
		{http.MethodGet, econsultPath, patient, s.newEconsult},
		{http.MethodPost, econsultPath, patient, s.sendEconsult},
		{http.MethodPost, econsultPath + "/concept", patient, s.saveEconsultDraft},
		{http.MethodGet, "/berichten/fotos/:id", patient, s.patientPhoto},
		{http.MethodGet, "/berichten/:id", patient, s.thread},
		{http.MethodPost, "/berichten/:id", patient, s.reply},
		{http.MethodGet, documentsPath, patient, s.documents},
		{http.MethodGet, documentsPath + "/nieuw", patient, s.newDocument},
		{http.MethodPost, documentsPath, patient, s.addDocument},
		{http.MethodGet, documentsPath + "/:id", patient, s.downloadDocument},
		{http.MethodGet, documentsPath + "/:id/verwijderen", patient, s.confirmDeleteDocument},
		{http.MethodPost, documentsPath + "/:id/verwijderen", patient, s.deleteDocument},
		{http.MethodGet, "/dagboek", patient, s.diary},
		{http.MethodGet, "/dagboek/nieuw", patient, s.newDiaryEntry},
		{http.MethodPost, "/dagboek", patient, s.createDiaryEntry},
		{http.MethodGet, "/dagboek/:id", patient, s.diaryEntry},
		{http.MethodGet, "/dagboek/:id/bewerken", patient, s.editDiaryEntry},
		{http.MethodPost, "/dagboek/:id", patient, s.updateDiaryEntry},
		{http.MethodPost, "/dagboek/:id/delen", patient, s.shareDiaryEntry(true)},
		{http.MethodPost, "/dagboek/:id/niet-delen", patient, s.shareDiaryEntry(false)},
		{http.MethodGet, "/dagboek/:id/verwijderen", patient, s.confirmDeleteDiaryEntry},
		{http.MethodPost, "/dagboek/:id/verwijderen", patient, s.deleteDiaryEntry},
		{http.MethodPost, "/concept", account, s.saveDraft},

		{http.MethodGet, "/account/beveiliging", account, s.securityPage},
		{http.MethodPost, "/account/beveiliging/wachtwoord", account, s.changePassword},
		{http.MethodPost, "/account/beveiliging/factoren/:id/verwijderen", account, s.removeFactor},
		{http.MethodPost, "/account/beveiliging/sessies/beeindigen", account, s.endSession},
		{http.MethodPost, "/account/beveiliging/mobiel", account, s.changeMobileStart},
		{http.MethodGet, "/account/beveiliging/mobiel", account, s.changeMobilePage},
		{http.MethodPost, "/account/beveiliging/mobiel/bevestig", account, s.changeMobileConfirm},
		{http.MethodGet, "/account/beveiliging/nieuw", account, s.setupChoice},
		{http.MethodPost, "/account/beveiliging/nieuw/app", account, s.setupTOTPStart},
		{http.MethodGet, "/account/beveiliging/nieuw/app", account, s.setupTOTPPage},
		{http.MethodPost, "/account/beveiliging/nieuw/app/bevestig", account, s.setupTOTPConfirm},
		{http.MethodPost, "/account/beveiliging/nieuw/sms", account, s.setupSMSStart},
		{http.MethodGet, "/account/beveiliging/nieuw/sms", account, s.setupSMSPage},
		{http.MethodPost, "/account/beveiliging/nieuw/sms/bevestig", account, s.setupSMSConfirm},

		{http.MethodGet, "/praktijk/berichten", staff, s.inbox},
		{http.MethodGet, "/praktijk/econsulten", staff, s.inbox},
		{http.MethodGet, "/praktijk/fotos/:id", staff, s.staffPhoto},
		{http.MethodPost, "/praktijk/berichten/meldingen", staff, s.setNotify},
		{http.MethodGet, "/praktijk/berichten/:id", staff, s.inboxThread},
		{http.MethodPost, "/praktijk/berichten/:id", staff, s.staffReply},
		{http.MethodPost, "/praktijk/berichten/:id/afgehandeld", staff, s.markHandled},
		{http.MethodPost, "/praktijk/berichten/:id/toewijzen", staff, s.assignThread},
		{http.MethodGet, "/praktijk/patienten", staff, s.patients},
		{http.MethodGet, "/praktijk/patienten/:id", staff, s.patient},
		{http.MethodPost, "/praktijk/patienten/:id/uitnodigen", staff, s.invitePatient},
		{http.MethodPost, "/praktijk/patienten/:id/ontgrendelen", staff, s.unlockPatient},
		{http.MethodGet, "/praktijk/patienten/:id/dagboek/:entry", staff, s.sharedDiaryEntry},
		{http.MethodGet, "/praktijk/patienten/:id/documenten/:doc", staff, s.staffDocument},

		{http.MethodGet, "/praktijk/beheer/medewerkers", admin, s.adminStaff},
		{http.MethodPost, "/praktijk/beheer/medewerkers", admin, s.inviteStaff},
		{http.MethodPost, "/praktijk/beheer/medewerkers/:id/uitnodigen", admin, s.reinviteStaff},
		{http.MethodGet, "/praktijk/beheer/instellingen", admin, s.adminSettings},
		{http.MethodPost, "/praktijk/beheer/instellingen", admin, s.saveSettings},
		{http.MethodGet, "/praktijk/beheer/voorwaarden", admin, s.adminTerms},
		{http.MethodPost, "/praktijk/beheer/voorwaarden", admin, s.publishTerms},
		{http.MethodGet, "/praktijk/beheer/uitgaand", admin, s.adminOutbox},
		{http.MethodPost, "/praktijk/beheer/uitgaand/:id/opnieuw", admin, s.retryOutbox},
	}
	if s.cfg.Demo {
		// Demo only: what would have been mailed or texted, including activation links, so it is public.
		routes = append(routes, Route{http.MethodGet, "/demo/outbox", public, s.demoOutbox})
	}
	return routes
}

func (s *Server) register() {
	for _, r := range s.Routes() {
		s.echo.Add(r.Method, r.Path, r.Handler, s.require(r.Access))
	}
}
