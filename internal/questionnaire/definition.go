// Package questionnaire holds questionnaires as data: the definition of an outcome measure or an intake
// list (a JSON file close to FHIR R4 Questionnaire), the checks of a patient's answers, which follow-up
// questions apply, and the scoring of outcome measures (sums, means, reversed items, subscales, bands and
// flags). It knows nothing of HTTP or SQL: the web layer parses a file (Parse), shows its problems
// translated (Problem.Key and Args are locale keys and their data), renders its items (Definition.Item),
// checks what a patient sent (Check), keeps what applies (Relevant) and scores it (Score).
//
// # The file
//
// One JSON object per instrument; names follow FHIR Questionnaire where FHIR has one:
//
//	{
//	  "id": "phq-9", "version": "1", "kind": "outcome",          // kind: "outcome" or "intake"
//	  "title": {"nl": "…", "en": "…"},                           // every shown text in both languages
//	  "description": {…}, "instructions": {…},                   // optional
//	  "optionSets": {"frequency": [{"code": "0", "score": 0, "display": {"nl": "…", "en": "…"}}, …]},
//	  "item": [                                                  // the sections (FHIR group items)
//	    {"linkId": "klachten", "type": "group", "text": {…}, "item": [
//	      {"linkId": "phq9-1", "type": "choice", "text": {…}, "required": true, "answerValueSet": "frequency"},
//	      {"linkId": "roken", "type": "boolean", "text": {…}},
//	      {"linkId": "roken-hoeveel", "type": "integer", "minValue": 0, "maxValue": 80, "text": {…},
//	       "enableWhen": [{"question": "roken", "operator": "=", "answer": true}]}
//	    ]}
//	  ],
//	  "showScore": true,                                          // the patient sees score and band
//	  "scoring": {"method": "sum", "items": ["phq9-1", …], "missing": "none",
//	              "bands": [{"min": 0, "max": 4, "code": "minimal", "label": {…}}, …],
//	              "flags": [{"code": "suicide_risk", "item": "phq9-9", "atLeast": 1, "label": {…}, "help": {…}}]}
//	}
//
// Question types (Item.Type): "string" (short text, maxLength, default 200), "text" (long text,
// maxLength, default 2000), "choice" (one option; "repeats": true for several), "integer" (a scale from
// minValue to maxValue with optional lowLabel and highLabel), "date" (YYYY-MM-DD) and "boolean" (yes/no).
// Sections are "group" items at the top level; questions sit in sections. A question or section with
// enableWhen applies only when its conditions hold ("enableBehavior": "all", the default, or "any"), and
// only while the question it names applies itself.
package questionnaire

import (
	"fmt"
	"strings"
)

// Kinds of definition.
const (
	KindOutcome = "outcome" // an outcome measure (ROM): scored, with bands
	KindIntake  = "intake"  // an intake list: answers go into the dossier as they are
)

// Item types, as FHIR names them.
const (
	TypeGroup   = "group"
	TypeString  = "string"
	TypeText    = "text"
	TypeChoice  = "choice"
	TypeInteger = "integer"
	TypeDate    = "date"
	TypeBoolean = "boolean"
)

// Default and largest maxLength of the text types.
const (
	DefaultStringLength = 200
	DefaultTextLength   = 2000
	MaxLength           = 10000
)

// Text is a text in Dutch and English (both are required where a text is shown).
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In is the text in lang ("en" or else Dutch), the Dutch one where the English is missing.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.NL
}

// IsZero reports whether neither language is given.
func (t Text) IsZero() bool { return t.NL == "" && t.EN == "" }

// Definition is one questionnaire: an outcome measure or an intake list. Use it only after Parse or
// Validate accepted it: they resolve option sets and index the items.
type Definition struct {
	ResourceType string `json:"resourceType,omitempty"` // "Questionnaire", if given
	ID           string `json:"id"`                     // stable key, e.g. "phq-9": a-z, 0-9 and "-"
	Version      string `json:"version"`
	Kind         string `json:"kind"`
	Title        Text   `json:"title"`
	Description  Text   `json:"description"`
	Instructions Text   `json:"instructions"`
	// OptionSets are answer options that several questions share (answerValueSet names one).
	OptionSets map[string][]Option `json:"optionSets,omitempty"`
	Item       []*Item             `json:"item"` // the sections
	Scoring    *Scoring            `json:"scoring,omitempty"`
	// ShowScore: the patient sees the score and its band after submitting, unless the practice says
	// otherwise for this key (the administrator's questionnaires page).
	ShowScore bool `json:"showScore,omitempty"`

	byID   map[string]*Item
	parent map[string]*Item // a question's section
	order  map[string]int   // every item's place in the file
}

// Item is a section (Type "group", with its questions in Item) or a question.
type Item struct {
	LinkID   string `json:"linkId"`
	Type     string `json:"type"`
	Text     Text   `json:"text"`
	Help     Text   `json:"help"` // shown under the question (FHIR: a help display item)
	Required bool   `json:"required"`
	Repeats  bool   `json:"repeats"` // a choice of several options
	// MaxLength of a string or text answer in characters; 0 is the type's default.
	MaxLength      int         `json:"maxLength"`
	AnswerOption   []Option    `json:"answerOption"`
	AnswerValueSet string      `json:"answerValueSet"` // the name of one of the definition's option sets
	MinValue       *int        `json:"minValue"`
	MaxValue       *int        `json:"maxValue"`
	LowLabel       Text        `json:"lowLabel"`  // a scale's label at MinValue
	HighLabel      Text        `json:"highLabel"` // and at MaxValue
	EnableWhen     []Condition `json:"enableWhen"`
	EnableBehavior string      `json:"enableBehavior"` // "all" (default) or "any"
	Item           []*Item     `json:"item"`           // a section's questions
}

// Option is an answer option of a choice: its code (what is stored), its score (for scored items) and
// its label.
type Option struct {
	Code    string   `json:"code"`
	Score   *float64 `json:"score"`
	Display Text     `json:"display"`
}

// Condition is one enableWhen: the question it names, an operator ("exists", "=", "!=", ">", ">=",
// "<", "<=") and the answer to compare with, of the named question's type: true/false for a boolean
// (and for "exists"), an option's code for a choice, a number for an integer, "YYYY-MM-DD" for a date,
// a string for a text. Ordering operators fit integers and dates only.
type Condition struct {
	Question string `json:"question"`
	Operator string `json:"operator"`
	Answer   any    `json:"answer"`
}

// Scoring is how an outcome measure is scored.
type Scoring struct {
	Method string   `json:"method"` // "sum" or "mean" of the items' scores
	Items  []string `json:"items"`  // the total's items
	// Reversed items score max+min−value, min and max being the item's lowest and highest score.
	Reversed []string `json:"reversed"`
	// Missing says what a scale does with unanswered items: "none" (the default): any missing item and
	// the score is not computed; "prorate": with at most MaxMissing items missing, a sum is the answered
	// items' sum × items/answered (a mean is the answered items' mean); with more, not computed.
	Missing    string `json:"missing"`
	MaxMissing int    `json:"maxMissing"`
	// Decimals the scores are rounded to (half away from zero); bands meet at steps of 10^-Decimals.
	Decimals  int        `json:"decimals"`
	Bands     []Band     `json:"bands"` // of the total, from low to high, without gaps or overlaps
	Subscales []Subscale `json:"subscales"`
	Flags     []FlagRule `json:"flags"`
}

// Subscale is a named part of the items with its own score and bands (method: the total's if empty).
type Subscale struct {
	ID     string   `json:"id"`
	Title  Text     `json:"title"`
	Method string   `json:"method"`
	Items  []string `json:"items"`
	Bands  []Band   `json:"bands"`
}

// Band is a range of scores with its label ("Matige klachten"); Min and Max are included.
type Band struct {
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Code  string  `json:"code"`
	Label Text    `json:"label"`
}

// FlagRule raises a flag for the practitioner when a score is at least AtLeast: the score of the
// question Item (its option's score, before any reversal), of a subscale (Item names its id) or of the
// total (Item empty). Help is shown to the patient at once (where to get help now).
type FlagRule struct {
	Code    string  `json:"code"`
	Item    string  `json:"item"`
	AtLeast float64 `json:"atLeast"`
	Label   Text    `json:"label"`
	Help    Text    `json:"help"`
}

// Problem is one thing wrong with a definition or with answers: a locale key (questionnaire.*) and its
// data as name, value pairs, with where it is: the item's linkId and, in a parsed file, its line and
// column (0 when unknown).
type Problem struct {
	LinkID string
	Line   int
	Column int
	Key    string
	Args   []any
	path   string // the JSON path of what is wrong, which Parse turns into Line and Column
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", p.Line, p.Column)
	}
	if p.LinkID != "" {
		fmt.Fprintf(&b, "item %q: ", p.LinkID)
	}
	b.WriteString(p.Key)
	if len(p.Args) > 0 {
		fmt.Fprint(&b, " ", p.Args)
	}
	return b.String()
}

// ValidationError is a definition that cannot be used, with all its problems in the order of the file.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "questionnaire: " + strings.Join(parts, "; ")
}

// Lookup is the item (section or question) of linkID, nil if there is none.
func (d *Definition) Lookup(linkID string) *Item { return d.byID[linkID] }

// Questions are all questions in the order of the file.
func (d *Definition) Questions() []*Item {
	var qs []*Item
	for _, s := range d.Item {
		qs = append(qs, s.Item...)
	}
	return qs
}

// Scored reports whether the definition has a score.
func (d *Definition) Scored() bool { return d.Scoring != nil }

// Options are a choice's answer options (its own, or its option set's).
func (it *Item) Options() []Option { return it.AnswerOption }

// Option is the option of code, if the item has it.
func (it *Item) Option(code string) (Option, bool) {
	for _, o := range it.AnswerOption {
		if o.Code == code {
			return o, true
		}
	}
	return Option{}, false
}

// Length is the maximum length of a string or text answer, in characters.
func (it *Item) Length() int {
	switch {
	case it.MaxLength > 0:
		return it.MaxLength
	case it.Type == TypeText:
		return DefaultTextLength
	default:
		return DefaultStringLength
	}
}

// IsQuestion reports whether the item asks something (not a section).
func (it *Item) IsQuestion() bool { return it.Type != TypeGroup }

// scoreRange is the lowest and highest score of a scored item.
func (it *Item) scoreRange() (lo, hi float64, ok bool) {
	switch it.Type {
	case TypeInteger:
		if it.MinValue == nil || it.MaxValue == nil {
			return 0, 0, false
		}
		return float64(*it.MinValue), float64(*it.MaxValue), true
	case TypeChoice:
		if it.Repeats || len(it.AnswerOption) == 0 {
			return 0, 0, false
		}
		for i, o := range it.AnswerOption {
			if o.Score == nil {
				return 0, 0, false
			}
			if i == 0 || *o.Score < lo {
				lo = *o.Score
			}
			if i == 0 || *o.Score > hi {
				hi = *o.Score
			}
		}
		return lo, hi, true
	}
	return 0, 0, false
}
