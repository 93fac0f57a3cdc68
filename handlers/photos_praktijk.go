package handlers

import "github.com/labstack/echo/v4"

// staffPhoto serves a photo a patient has sent, to the practice (any sent photo: no patient in view).
func (s *Server) staffPhoto(c echo.Context) error {
	p, err := lookup(s, c, "id", objPhoto, 0, s.db.R.GetSentPhoto)
	if err != nil {
		return err
	}
	return s.servePhoto(c, p.ID, p.PatientID)
}
