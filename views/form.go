package views

import (
	"fmt"
	"html/template"
	"strings"
)

// Text is a translatable text: a locale key and its template data as name, value, name, value …
// Handlers speak in Texts; the page translates them in its language.
type Text struct {
	Key  string
	Args []any
}

// Form is a form as the user sent it: what they typed and what was wrong, per field. Handlers fill it
// (Set, Fail) and embed it in the page's data; the "field" partial shows a field's label, hint, error
// and kept value, and the layout shows the error summary above the page and "Fout: " in its title.
//
// Values are kept by the field's name, errors by the field's id (its name, unless a page has two
// fields of one name), in the order they were found: handlers check fields in the order of the page,
// so that the summary lists them in that order.
type Form struct {
	values map[string]string
	errors []FieldError
}

// FieldError is one problem of a form. An empty Field is a problem of the whole form: the summary
// shows it without a link.
type FieldError struct {
	Field string
	Text
}

// Set keeps what the user typed in a field, to show it again.
func (f *Form) Set(name, value string) {
	if f.values == nil {
		f.values = map[string]string{}
	}
	f.values[name] = value
}

// Fail records a problem with the field whose id is field: a locale key and its data pairs.
func (f *Form) Fail(field, key string, args ...any) {
	f.errors = append(f.errors, FieldError{Field: field, Text: Text{Key: key, Args: args}})
}

// Value is what the user typed in the field named name.
func (f Form) Value(name string) string { return f.values[name] }

// Error is the first problem of the field whose id is field (nil if none).
func (f Form) Error(field string) *Text {
	for i := range f.errors {
		if f.errors[i].Field == field {
			return &f.errors[i].Text
		}
	}
	return nil
}

// ErrorsOf are all the problems of the field whose id is field, in the order found: a field that takes
// several files has one per refused file.
func (f Form) ErrorsOf(field string) []Text {
	var texts []Text
	for _, e := range f.errors {
		if e.Field == field {
			texts = append(texts, e.Text)
		}
	}
	return texts
}

// Failed reports whether any problem was found.
func (f Form) Failed() bool { return len(f.errors) > 0 }

// FormErrors lists the problems for the error summary; a page's data that embeds a Form has it, and so
// the page frame finds them (Page.Errors).
func (f Form) FormErrors() []FieldError { return f.errors }

// Option is one choice of a select or of a group of radio buttons; Label is shown as it is (translate
// it in the template or the handler).
type Option struct {
	Value string
	Label string
}

// Field is what the "field" partial draws: made in a template by the func field (see fieldOf).
type Field struct {
	Form  Form
	Name  string
	ID    string
	Label string
	Hint  string
	Type  string // text, email, tel, url, search, password, date, textarea, select, file, checkbox, radios, dateparts
	Error *Text  // the first of Errors
	// Errors are all the field's problems, each shown on its own line.
	Errors []Text

	Autocomplete string
	Inputmode    string
	Maxlength    int
	Rows         int
	Accept       string
	Multiple     bool
	Class        string   // of the control
	DescribedBy  string   // more ids that describe the control (e.g. live password rules)
	Options      []Option // of a select or radios
	Attrs        template.HTMLAttr
}

// Value is the field's kept value; a password is never written back into a page.
func (f Field) Value() string {
	if f.Type == "password" {
		return ""
	}
	return f.Form.Value(f.Name)
}

// Part is one input of a date asked as day, month and year (Type "dateparts"): the inputs are named
// and identified <name>-dag, <name>-maand, <name>-jaar, and the first is where the summary links.
type Part struct {
	ID, Label, Autocomplete, Class string
	Maxlength                      int
}

// Parts are the three inputs of a "dateparts" field, labels in the page's language.
func (f Field) Parts(day, month, year string) []Part {
	return []Part{
		{f.ID + "-dag", day, "bday-day", "w2", 2},
		{f.ID + "-maand", month, "bday-month", "w2", 2},
		{f.ID + "-jaar", year, "bday-year", "w4", 4},
	}
}

// Described is the control's aria-describedby: its hint, the ids it was given, and its error.
func (f Field) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.DescribedBy != "" {
		ids = append(ids, f.DescribedBy)
	}
	if f.Error != nil {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// fieldOf makes a Field for the template func field: {{template "field" (field .Data.Form "titel"
// (t "documents.name") "hint" (t "documents.name_hint") "maxlength" 300)}}. The options are name,
// value pairs; an unknown name is a template bug and fails the page's render (the view tests render
// every page).
func fieldOf(form Form, name, label string, options ...any) (Field, error) {
	f := Field{Form: form, Name: name, ID: name, Label: label, Type: "text"}
	if len(options)%2 != 0 {
		return f, fmt.Errorf("field %q: options must be pairs", name)
	}
	for i := 0; i < len(options); i += 2 {
		key, value := fmt.Sprint(options[i]), options[i+1]
		var ok bool
		switch key {
		case "id":
			f.ID, ok = value.(string)
		case "type":
			f.Type, ok = value.(string)
		case "hint":
			f.Hint, ok = value.(string)
		case "autocomplete":
			f.Autocomplete, ok = value.(string)
		case "inputmode":
			f.Inputmode, ok = value.(string)
		case "maxlength":
			f.Maxlength, ok = value.(int)
		case "rows":
			f.Rows, ok = value.(int)
		case "accept":
			f.Accept, ok = value.(string)
		case "multiple":
			f.Multiple, ok = value.(bool)
		case "class":
			f.Class, ok = value.(string)
		case "describedby":
			f.DescribedBy, ok = value.(string)
		case "options":
			f.Options, ok = value.([]Option)
		case "attrs":
			// Attributes the control needs beyond these (htmx); written in the template, never user input.
			var s string
			s, ok = value.(string)
			f.Attrs = template.HTMLAttr(s)
		}
		if !ok {
			return f, fmt.Errorf("field %q: bad option %q = %v", name, key, value)
		}
	}
	f.Errors = form.ErrorsOf(f.ID)
	if f.Type == "dateparts" {
		// A date's problem is recorded at the part to correct (the summary links there).
		for _, p := range f.Parts("", "", "") {
			f.Errors = append(f.Errors, form.ErrorsOf(p.ID)...)
		}
	}
	if len(f.Errors) > 0 {
		f.Error = &f.Errors[0]
	}
	return f, nil
}
