package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// A form with files is read part by part; a body of many small parts is refused before it costs memory.
func TestUploadOfManyPartsIsRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	fields := url.Values{"titel": {"Brief"}}
	for i := range 150 {
		fields.Set(fmt.Sprintf("veld%d", i), "")
	}
	wantStatus(t, pc.postMultipart("/documenten", fields, "bestand", upload{"brief.pdf", testPDF}), http.StatusRequestEntityTooLarge)
	// The same form with its own fields only is taken.
	wantStatus(t, pc.postDocument("Brief", "brief.pdf", testPDF), http.StatusSeeOther)
}
