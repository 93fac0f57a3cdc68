package recordcopy

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// The copy as FHIR R4 (fhir/bundle.json): a Bundle of type "collection" with the patient, a
// DocumentReference for each report and document (its attachment's url is the file in the zip), an
// Appointment for each appointment, a MedicationStatement for each medicine and an Observation for each
// result the patient may see, made with the model
// library github.com/samply/golang-fhir-models. The bundle is written an entry at a time.

// emit adds one resource to the bundle, under the type and id that make its fullUrl.
type emit func(resourceType string, id int64, resource any) error

// resources add the record's resources to the bundle, by area, in order. Questionnaire answers
// (QuestionnaireResponse) add their function here when that area lands.
var resources = []func(r *record, add emit) error{
	patientResource, reportResources, documentResources, appointmentResources, medicationResources, resultResources,
}

// fullURL is a resource's stable name in the bundle: a UUID made from its type and id (RFC 4122
// version 5), so that references between entries hold and a later copy names the same resource alike.
func fullURL(resourceType string, id int64) string {
	h := sha1.Sum(fmt.Appendf(nil, "balie:%s/%d", resourceType, id))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func ptr[T any](v T) *T { return &v }

func instant(t time.Time) *string { return ptr(t.UTC().Format(time.RFC3339)) }

func date(t time.Time) *string { return ptr(t.UTC().Format(time.DateOnly)) }

func text(s string) *fhir.CodeableConcept { return &fhir.CodeableConcept{Text: ptr(s)} }

func (r *record) subject() *fhir.Reference {
	return &fhir.Reference{Reference: ptr(fullURL("Patient", r.patient.ID)), Display: ptr(r.patient.FullName())}
}

func patientResource(r *record, add emit) error {
	p := r.patient
	name := fhir.HumanName{Text: ptr(p.FullName()), Family: ptr(joined(" ", p.NamePrefix, p.FamilyName)), Given: []string{p.GivenName}}
	res := fhir.Patient{Id: ptr(fmt.Sprint(p.ID)), Active: ptr(true), Name: []fhir.HumanName{name}}
	if p.PatientNumber.Valid {
		res.Identifier = []fhir.Identifier{{Value: ptr(p.PatientNumber.String)}}
	}
	if p.BirthDate.Valid {
		res.BirthDate = date(p.BirthDate.Time)
	}
	if p.Email != "" {
		res.Telecom = []fhir.ContactPoint{{System: ptr(fhir.ContactPointSystemEmail), Value: ptr(p.Email)}}
	}
	return add("Patient", p.ID, res)
}

func reportResources(r *record, add emit) error {
	for _, rep := range r.reports {
		status := fhir.DocumentReferenceStatusCurrent
		if rep.SupersededBy.Valid { // replaced by a corrected version, which is in the copy too
			status = fhir.DocumentReferenceStatusSuperseded
		}
		res := fhir.DocumentReference{Id: ptr(fmt.Sprintf("report-%d", rep.ID)), Status: status,
			Type: text(r.tr.T("dossier_kopie.fhir_report")), Category: []fhir.CodeableConcept{*text(rep.Category)},
			Subject: r.subject(), Date: instant(rep.WrittenAt), Author: []fhir.Reference{{Display: ptr(rep.Author)}},
			Description: ptr(rep.Title),
			Content: []fhir.DocumentReferenceContent{{Attachment: fhir.Attachment{ContentType: ptr("application/pdf"),
				Url: ptr(reportFile(rep)), Title: ptr(rep.Title), Creation: instant(rep.WrittenAt)}}}}
		if rep.Subcategory != "" {
			res.Category = append(res.Category, *text(rep.Subcategory))
		}
		if err := add("DocumentReference", rep.ID, res); err != nil {
			return err
		}
	}
	return nil
}

func documentResources(r *record, add emit) error {
	for _, d := range r.documents {
		res := fhir.DocumentReference{Id: ptr(fmt.Sprintf("document-%d", d.ID)), Status: fhir.DocumentReferenceStatusCurrent,
			Type: text(r.tr.T("dossier_kopie.fhir_document")), Subject: r.subject(), Date: instant(d.CreatedAt), Description: ptr(d.Title),
			Content: []fhir.DocumentReferenceContent{{Attachment: fhir.Attachment{ContentType: ptr(d.ContentType),
				Url: ptr(documentFile(d)), Size: ptr(int(d.SizeBytes)), Title: ptr(d.Title), Creation: instant(d.CreatedAt)}}}}
		if d.ReportID.Valid { // an attachment of a report
			res.Context = &fhir.DocumentReferenceContext{Related: []fhir.Reference{{Reference: ptr(fullURL("DocumentReference", d.ReportID.Int64))}}}
		}
		// A document's id is not a report's: its fullUrl says "document".
		if err := add("DocumentReference/document", d.ID, res); err != nil {
			return err
		}
	}
	return nil
}

func appointmentResources(r *record, add emit) error {
	for _, a := range r.appointments {
		status := fhir.AppointmentStatusBooked
		switch {
		case a.Status == "cancelled":
			status = fhir.AppointmentStatusCancelled
		case a.Status == "noshow":
			status = fhir.AppointmentStatusNoshow
		case a.EndsAt.Before(r.now):
			status = fhir.AppointmentStatusFulfilled
		}
		res := fhir.Appointment{Id: ptr(fmt.Sprint(a.ID)), Status: status, AppointmentType: text(r.tr.Pick(a.KindNl, a.KindEn)),
			Start: instant(a.StartsAt), End: instant(a.EndsAt), MinutesDuration: ptr(int(a.EndsAt.Sub(a.StartsAt).Minutes())),
			Participant: []fhir.AppointmentParticipant{
				{Actor: r.subject(), Status: fhir.ParticipationStatusAccepted},
				{Actor: &fhir.Reference{Display: ptr(a.Practitioners)}, Status: fhir.ParticipationStatusAccepted},
			}}
		if p := place(a); p != "" {
			res.Description = ptr(p)
		}
		if a.Instructions != "" {
			res.PatientInstruction = ptr(a.Instructions)
		}
		if err := add("Appointment", a.ID, res); err != nil {
			return err
		}
	}
	return nil
}

func medicationResources(r *record, add emit) error {
	for _, m := range r.medication {
		status := "active"
		period := &fhir.Period{Start: date(m.StartedOn)}
		if m.EndedOn.Valid {
			period.End = date(m.EndedOn.Time)
			if !m.EndedOn.Time.After(r.now) {
				status = "completed"
			}
		}
		res := fhir.MedicationStatement{Id: ptr(fmt.Sprint(m.ID)), Status: status,
			MedicationCodeableConcept: fhir.CodeableConcept{Text: ptr(joined(" ", m.Name, m.Strength, m.Form))},
			Subject:                   *r.subject(), EffectivePeriod: period,
			Dosage: []fhir.Dosage{{Text: ptr(m.Dosage), PatientInstruction: optional(m.Instructions)}}}
		if m.Chronic == 1 { // the "continuous" category of schema.sql
			res.Category = text("continuous")
		}
		if err := add("MedicationStatement", m.ID, res); err != nil {
			return err
		}
	}
	return nil
}

// interpretationSystem is HL7's code system of Observation.interpretation (H: high, L: low, N: normal).
const interpretationSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

// quantity is a value with its unit as FHIR writes it.
func quantity(v float64, unit string) *fhir.Quantity {
	n := json.Number(strconv.FormatFloat(v, 'f', -1, 64))
	return &fhir.Quantity{Value: &n, Unit: optional(unit)}
}

func resultResources(r *record, add emit) error {
	for _, x := range r.results {
		code := fhir.CodeableConcept{Text: ptr(r.tr.Pick(x.NameNl, x.NameEn))}
		if x.Code != "" {
			code.Coding = []fhir.Coding{{Code: ptr(x.Code), Display: code.Text}}
		}
		res := fhir.Observation{Id: ptr(fmt.Sprint(x.ID)), Status: fhir.ObservationStatusFinal, Code: code, Subject: r.subject(),
			EffectiveDateTime: instant(x.EffectiveAt)}
		if x.ValueNum.Valid {
			res.ValueQuantity = quantity(x.ValueNum.Float64, x.Unit)
		} else {
			res.ValueString = ptr(x.ValueText)
		}
		if x.RefLow.Valid || x.RefHigh.Valid || x.RefText != "" {
			rr := fhir.ObservationReferenceRange{Text: optional(x.RefText)}
			if x.RefLow.Valid {
				rr.Low = quantity(x.RefLow.Float64, x.Unit)
			}
			if x.RefHigh.Valid {
				rr.High = quantity(x.RefHigh.Float64, x.Unit)
			}
			res.ReferenceRange = []fhir.ObservationReferenceRange{rr}
		}
		if x.Interpretation != "" {
			res.Interpretation = []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: ptr(interpretationSystem), Code: ptr(x.Interpretation)}}}}
		}
		if x.Comment != "" {
			res.Note = []fhir.Annotation{{Text: x.Comment}}
		}
		if err := add("Observation", x.ID, res); err != nil {
			return err
		}
	}
	return nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// writeBundle writes fhir/bundle.json: the Bundle's own fields as the library writes them, then its
// entries one at a time.
func writeBundle(_ context.Context, r *record, zw *zip.Writer) error {
	w, err := r.create(zw, "fhir/bundle.json")
	if err != nil {
		return err
	}
	head, err := json.Marshal(fhir.Bundle{Id: ptr(fmt.Sprintf("record-copy-%d", r.patient.ID)), Type: fhir.BundleTypeCollection, Timestamp: instant(r.now)})
	if err != nil {
		return err
	}
	// {"resourceType":"Bundle",…} becomes {"resourceType":"Bundle",…,"entry":[ … ]}
	if _, err := w.Write(append(bytes.TrimSuffix(head, []byte("}")), `,"entry":[`...)); err != nil {
		return err
	}
	first := true
	add := func(resourceType string, id int64, resource any) error {
		raw, err := json.Marshal(resource)
		if err != nil {
			return err
		}
		entry, err := json.Marshal(fhir.BundleEntry{FullUrl: ptr(fullURL(resourceType, id)), Resource: raw})
		if err != nil {
			return err
		}
		if !first {
			if _, err := io.WriteString(w, ",\n"); err != nil {
				return err
			}
		}
		first = false
		_, err = w.Write(entry)
		return err
	}
	for _, res := range resources {
		if err := res(r, add); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}
