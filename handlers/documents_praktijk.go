package handlers

import (
	"context"

	"github.com/labstack/echo/v4"

	"balie/queries"
)

// staffDocument serves a document of the patient in the URL to the practice.
func (s *Server) staffDocument(c echo.Context) error {
	p := state(c).Patient
	d, err := lookup(s, c, "doc", objDocument, p.ID, func(ctx context.Context, id int64) (queries.GetDocumentOfPatientRow, error) {
		return s.db.R.GetDocumentOfPatient(ctx, queries.GetDocumentOfPatientParams{ID: id, PatientID: p.ID})
	})
	if err != nil {
		return err
	}
	return s.serveDocument(c, d.ID, d.PatientID, d.Title, d.ContentType)
}
