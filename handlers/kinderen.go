package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"balie/internal/accesslog"
	"balie/internal/agenda"
	"balie/internal/authorisation"
	"balie/queries"
)

// Children and parents, the child's own side (issue 15, seed 002): under Toestemmingen a child with an
// own account sees which parents may open their portal, since when and what they may see; from 12 the
// child gives or refuses consent there, and from 16 may let a parent back in. It is a section of
// /toestemmingen rather than an item of its own in the menu: it is a consent, and the menu is the same
// for every patient (areas.go), while only a few patients have parents with access.
//
// Letting a parent back in from 16 records the child's consent on the same authorisation: its row was
// never ended (the age rule stops it counting, internal/authorisation, checked at every request), and it
// keeps what the practice checked (parental authority, the areas). A row that was ended (refused, or by
// the practice) stays ended: a new one is the practice's to make, after checking again. The practice
// ends a parent's access for a reason of its own (parental authority withdrawn, a court's decision) that
// the child may not know and cannot judge, so the child never re-opens it; their page lists that parent
// and says so, and to ask the practice, rather than showing nothing. The practice's note is not shown.
//
// Only the child acts here, never someone who opened the child's portal on their behalf.

// childChoice is what the child chooses for one parent: to refuse (weigeren: ends the access at once) or
// to consent (toestaan).
const (
	choiceRefuse  = "weigeren"
	choiceConsent = "toestaan"
)

func parentChoicePath(id int64) string {
	return consentsPath + "/ouders/" + strconv.FormatInt(id, 10)
}

// childParent is one parent's live authorisation as the child sees it.
type childParent struct {
	queries.ListParentAuthorisationsOfChildRow
	Reason    string // authorisation.Reason* ("" counts now)
	AreaNames []string
	// The choices the child has: from 12 a refusal, and consent while the access does not count for want
	// of it (12 to 16 without consent, or from 16 without the child's own since the birthday).
	CanRefuse, CanConsent bool
	// EndedByPractice: the practice ended it; the child has no choice, and is told why.
	EndedByPractice bool
}

func (p childParent) Name() string { return queries.FullName(p.GivenName, p.NamePrefix, p.FamilyName) }

// ConsentByChild: the consent was given by the child from this account (not recorded by the practice).
func (p childParent) ConsentByChild() bool { return p.ChildConsentBy.Int64 == p.PatientID }

// childParents is the section "Ouders en verzorgers" of the child's Toestemmingen.
type childParents struct {
	Items []childParent
	Young bool // under 12: parents have access, the child decides nothing yet
	Adult bool // 16 or older
}

func childParentOf(row queries.ListParentAuthorisationsOfChildRow, birth authorisation.Date, age int, now time.Time) childParent {
	a := queries.Authorisation{Kind: row.Kind, PatientID: row.PatientID, LastDay: row.LastDay, EndedAt: row.EndedAt,
		ChildConsent: row.ChildConsent, ChildConsentBy: row.ChildConsentBy, ChildConsentAt: row.ChildConsentAt}
	p := childParent{ListParentAuthorisationsOfChildRow: row, Reason: authorisation.Reason(authorisationOf(a), birth, now, agenda.Zone),
		AreaNames: strings.Split(row.Areas, ",")}
	p.EndedByPractice = row.EndReason == "staff"
	p.CanRefuse = age >= authorisation.ConsentAge && p.Reason != authorisation.ReasonEnded
	p.CanConsent = p.CanRefuse && (p.Reason == authorisation.ReasonNeedsConsent || p.Reason == authorisation.ReasonAge16)
	return p
}

// childParentsOf reads the parents of the patient in view for their own Toestemmingen; nothing when
// someone else opened the portal, or the birth date is unknown (the age decides everything).
func (s *Server) childParentsOf(c echo.Context) (childParents, error) {
	p := state(c).Patient
	if state(c).OnBehalfOf != 0 || !p.BirthDate.Valid {
		return childParents{}, nil
	}
	rows, err := s.db.R.ListParentAuthorisationsOfChild(c.Request().Context(), p.ID)
	if err != nil || len(rows) == 0 {
		return childParents{}, err
	}
	now, age := s.clock.Now(), s.childAge(*p)
	out := childParents{Young: age < authorisation.ConsentAge, Adult: age >= authorisation.AdultAge}
	for _, row := range rows {
		out.Items = append(out.Items, childParentOf(row, dateOfDay(p.BirthDate.Time), age, now))
	}
	return out, s.logAccess(c, objAuthorisation, 0, accesslog.ActionList, p.ID)
}

// childParentOfURL is the parent's live authorisation in the URL, if the child may choose about it: the
// patient's own, signed in as themselves, aged 12 or older. Anything else is a 404, logged as denied.
func (s *Server) childParentOfURL(c echo.Context) (childParent, error) {
	p := state(c).Patient
	age := s.childAge(*p)
	row, err := lookup(s, c, "auth", objAuthorisation, p.ID, func(ctx context.Context, id int64) (queries.ListParentAuthorisationsOfChildRow, error) {
		if state(c).OnBehalfOf != 0 || age < authorisation.ConsentAge {
			return queries.ListParentAuthorisationsOfChildRow{}, sql.ErrNoRows
		}
		rows, err := s.db.R.ListParentAuthorisationsOfChild(ctx, p.ID)
		for _, r := range rows {
			if r.ID == id {
				return r, err
			}
		}
		return queries.ListParentAuthorisationsOfChildRow{}, sql.ErrNoRows
	})
	if err != nil {
		return childParent{}, err
	}
	return childParentOf(row, dateOfDay(p.BirthDate.Time), age, s.clock.Now()), nil
}

// parentChoicePage asks the child to confirm a refusal or a consent (in a dialog over Toestemmingen with
// JavaScript, else its own page).
type parentChoicePage struct {
	Parent childParent
	Choice string
}

// choiceOf is the choice in the request, if the child has it for this parent.
func choiceOf(c echo.Context, p childParent) (string, bool) {
	switch choice := c.FormValue("keuze"); {
	case choice == choiceRefuse && p.CanRefuse, choice == choiceConsent && p.CanConsent:
		return choice, true
	}
	return "", false
}

func (s *Server) confirmParentChoice(c echo.Context) error {
	p, err := s.childParentOfURL(c)
	if err != nil {
		return err
	}
	choice, ok := choiceOf(c, p)
	if !ok {
		return redirectWithNotice(c, consentsPath+"#ouders", "kinderen.notice_nothing_to_do")
	}
	if err := s.logAccess(c, objAuthorisation, p.ID, accesslog.ActionRead, p.PatientID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "kinderen_confirm", parentChoicePage{Parent: p, Choice: choice})
}

// changeParentChoice records the confirmed choice as the child's own (setConsent: a refusal ends it at
// once, end_reason 'patient').
func (s *Server) changeParentChoice(c echo.Context) error {
	p, err := s.childParentOfURL(c)
	if err != nil {
		return err
	}
	choice, ok := choiceOf(c, p)
	if !ok {
		return redirectWithNotice(c, consentsPath+"#ouders", "kinderen.notice_nothing_to_do")
	}
	a := queries.Authorisation{ID: p.ID, PatientID: p.PatientID}
	if choice == choiceRefuse {
		if err := s.setConsent(c, a, authorisation.ConsentRefused); err != nil {
			return err
		}
		return redirectWithNotice(c, consentsPath+"#ouders", "kinderen.notice_refused")
	}
	if err := s.setConsent(c, a, authorisation.ConsentGiven); err != nil {
		return err
	}
	return redirectWithNotice(c, consentsPath+"#ouders", "kinderen.notice_consented")
}
