package handlers

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"balie/internal/photo"
)

// Forms that carry files are read part by part (readUpload), not with ParseMultipartForm, so that a file
// over the size limit costs no memory and loses nothing else the user typed: its bytes are counted and
// dropped, the form comes back with the limit named and the typed text kept. Even a body over the
// route's whole limit keeps the fields that came before the file (browsers send them in page order).

// maxUploadText bounds the text fields of a form with files together, their names and the files' names
// included: the longest text fits. maxUploadParts bounds the number of fields and files, so that a body
// of many empty parts cannot cost memory beyond these bounds.
const (
	maxUploadText  = 1 << 20
	maxUploadParts = 100
)

// uploadedFile is one file of a form: its bytes only when within photo.MaxBytes and within the bytes
// the form may keep (maxFiles files at the limit).
type uploadedFile struct {
	Name     string // as the user's device named it; shown shortened, never used as a file name
	Data     []byte
	TooLarge bool // larger than photo.MaxBytes: not read
	Unread   bool // beyond what the form may keep: not read
}

// uploaded is what readUpload read of a form with files.
type uploaded struct {
	files map[string][]uploadedFile
	// Cut: the body passed the route's limit; fields after that point are missing, and the last file
	// is marked TooLarge.
	Cut bool
}

// Files are the files sent in the form field name.
func (u *uploaded) Files(name string) []uploadedFile { return u.files[name] }

// errUploadText is a form whose text fields together pass maxUploadText.
var errUploadText = echo.NewHTTPError(http.StatusRequestEntityTooLarge)

// readUpload reads the request's form: its text fields become the request's form values (c.FormValue),
// and its files are read, each up to photo.MaxBytes, together up to maxFiles such files (so a request
// costs a bounded amount of memory, and small files refused later leave room for others). A request
// that is not multipart is read as an ordinary form.
func readUpload(c echo.Context, maxFiles int) (*uploaded, error) {
	r := c.Request()
	u := &uploaded{files: map[string][]uploadedFile{}}
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		return u, r.ParseForm()
	}
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest)
	}
	values := url.Values{}
	// Whatever was read is the form: c.FormValue must not try to read the body again.
	defer func() {
		r.Form, r.PostForm = values, values
		r.MultipartForm = &multipart.Form{Value: values}
	}()
	textLeft := int64(maxUploadText)
	fileBytesLeft := int64(maxFiles) * photo.MaxBytes
	for parts := 1; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err != nil {
			return u.cutOrBad(err)
		}
		name := part.FormName()
		if textLeft -= int64(len(name) + len(part.FileName())); textLeft < 0 || parts > maxUploadParts {
			return nil, errUploadText
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, textLeft+1))
			if err != nil {
				return u.cutOrBad(err)
			}
			if textLeft -= int64(len(b)); textLeft < 0 {
				return nil, errUploadText
			}
			values.Add(name, string(b))
			continue
		}
		f := uploadedFile{Name: part.FileName()}
		f.Data, err = io.ReadAll(io.LimitReader(part, min(photo.MaxBytes, fileBytesLeft)+1))
		switch {
		case err != nil:
		case int64(len(f.Data)) > photo.MaxBytes:
			f.Data, f.TooLarge = nil, true
		case int64(len(f.Data)) > fileBytesLeft:
			f.Data, f.Unread = nil, true
		}
		fileBytesLeft -= int64(len(f.Data))
		if err == nil && f.Data == nil {
			_, err = io.Copy(io.Discard, part) // counted against the route's limit, never kept
		}
		if err != nil {
			f.Data, f.TooLarge = nil, true
			u.files[name] = append(u.files[name], f)
			return u.cutOrBad(err)
		}
		u.files[name] = append(u.files[name], f)
	}
}

// cutOrBad ends reading: a body over the route's limit still gives what was read (Cut); anything else
// is a broken request.
func (u *uploaded) cutOrBad(err error) (*uploaded, error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		u.Cut = true
		return u, nil
	}
	return nil, echo.NewHTTPError(http.StatusBadRequest)
}

// status is the status of a form that comes back with problems: 413 when the body passed the route's
// limit (a file over the file limit but within it is a problem like any other: 422).
func (u *uploaded) status() int {
	if u.Cut {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}
