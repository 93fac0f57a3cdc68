package views

import (
	"encoding/json"
	"fmt"

	"balie/internal/questionnaire"
)

// Question is what the "question" partial (questionnaire_item.html) draws: one question of a
// questionnaire with the answers kept, its problem and whether it can be changed. Made in a template by
// the func question: {{template "question" (question $item $.Data.Answers $.Data.Form $readOnly)}}.
type Question struct {
	Item     *questionnaire.Item
	Def      *questionnaire.Definition
	Answers  questionnaire.Answers
	Form     Form   // the form's problems, at the question's field id (QuestionField)
	ReadOnly bool   // a preview, or answers that were submitted: every control disabled
	Lang     string // the page's language, for the texts the partial builds (When)
}

// QuestionField is the form field (name and id) of the question linkID: "v-" and the linkId. A form of a
// questionnaire sends each answer under it (several for a choice of several options), and its
// problems are recorded at it (Form.Fail), so the partial shows them beside the question.
func QuestionField(linkID string) string { return "v-" + linkID }

// AnswersOf reads a questionnaire's answers from a form's values (url.Values): the fields QuestionField
// names, for the definition's questions only.
func AnswersOf(d *questionnaire.Definition, values map[string][]string) questionnaire.Answers {
	a := questionnaire.Answers{}
	for _, q := range d.Questions() {
		if vs, ok := values[QuestionField(q.LinkID)]; ok {
			a[q.LinkID] = vs
		}
	}
	return a
}

// ID is the question's field id.
func (q Question) ID() string { return QuestionField(q.Item.LinkID) }

// Error is the question's problem, nil if none.
func (q Question) Error() *Text { return q.Form.Error(q.ID()) }

// Value is the question's (first) kept answer.
func (q Question) Value() string { return q.Answers.Value(q.Item.LinkID) }

// Chosen reports whether the option code is among the kept answers.
func (q Question) Chosen(code string) bool { return q.Answers.Has(q.Item.LinkID, code) }

// Described is the control's aria-describedby: its help, its condition and its error.
func (q Question) Described() string {
	ids := ""
	add := func(id string) {
		if ids != "" {
			ids += " "
		}
		ids += id
	}
	if !q.Item.Help.IsZero() {
		add(q.ID() + "-hint")
	}
	if len(q.Item.EnableWhen) > 0 {
		add(q.ID() + "-when")
	}
	if q.Error() != nil {
		add(q.ID() + "-error")
	}
	return ids
}

// Scale are the whole numbers of an integer question, from its minValue to its maxValue.
func (q Question) Scale() []int {
	var n []int
	if q.Item.MinValue == nil || q.Item.MaxValue == nil {
		return n
	}
	for i := *q.Item.MinValue; i <= *q.Item.MaxValue; i++ {
		n = append(n, i)
	}
	return n
}

// When is the condition said in words ("alleen invullen als …"), shown without JavaScript and read by
// screen readers: the first condition's question and, for "=", the answer it asks.
func (q Question) When() *Text {
	if len(q.Item.EnableWhen) == 0 || q.Def == nil {
		return nil
	}
	c := q.Item.EnableWhen[0]
	on := q.Def.Lookup(c.Question)
	if on == nil {
		return nil
	}
	question := on.Text.In(q.Lang)
	if c.Operator != "=" {
		return &Text{Key: "questionnaire.only_if_answered", Args: []any{"Question", question}}
	}
	answer := fmt.Sprint(c.Answer)
	switch v := c.Answer.(type) {
	case bool:
		key := "questionnaire.only_if_no"
		if v {
			key = "questionnaire.only_if_yes"
		}
		return &Text{Key: key, Args: []any{"Question", question}}
	case string:
		if o, ok := on.Option(v); ok {
			answer = o.Display.In(q.Lang)
		}
	}
	return &Text{Key: "questionnaire.only_if_equals", Args: []any{"Question", question, "Answer", answer}}
}

// WhenJSON is the question's conditions for static/balie.js, which shows a follow-up question only while
// they hold: each names the form field of the question it looks at, with the operator and the answer as
// the form sends it ("true", an option's code, a number); number: compare as numbers.
func (q Question) WhenJSON() string {
	type cond struct {
		Field  string `json:"field"`
		Op     string `json:"op"`
		Answer string `json:"answer"`
		Number bool   `json:"number,omitempty"`
	}
	rule := struct {
		Any  bool   `json:"any,omitempty"`
		When []cond `json:"when"`
	}{Any: q.Item.EnableBehavior == "any"}
	for _, c := range q.Item.EnableWhen {
		on := q.Def.Lookup(c.Question)
		answer := fmt.Sprint(c.Answer)
		if f, ok := c.Answer.(float64); ok {
			answer = fmt.Sprint(int64(f))
		}
		rule.When = append(rule.When, cond{Field: QuestionField(c.Question), Op: c.Operator, Answer: answer,
			Number: on != nil && on.Type == questionnaire.TypeInteger})
	}
	b, _ := json.Marshal(rule)
	return string(b)
}

// Field is the question as a field of the "field" partial (short text, long text, date): the kept
// answer, the question's problems, its help as the hint and its condition among what describes it.
func (q Question) Field() (Field, error) {
	form := Form{values: map[string]string{q.ID(): q.Value()}, errors: q.Form.errors}
	typ, length := "text", 0
	switch q.Item.Type {
	case questionnaire.TypeText:
		typ, length = "textarea", q.Item.Length()
	case questionnaire.TypeString:
		length = q.Item.Length()
	case questionnaire.TypeDate:
		typ = "date"
	}
	opts := []any{"type", typ, "hint", q.Item.Help.In(q.Lang)}
	if length > 0 {
		opts = append(opts, "maxlength", length)
	}
	if typ == "textarea" {
		opts = append(opts, "rows", 5)
	}
	if len(q.Item.EnableWhen) > 0 {
		opts = append(opts, "describedby", q.ID()+"-when")
	}
	if q.ReadOnly {
		opts = append(opts, "attrs", " disabled")
	}
	return fieldOf(form, q.ID(), q.Item.Text.In(q.Lang), opts...)
}

// Questionnaire is what the "questionnaire" partial draws: every section and question of a definition,
// with the kept answers and their problems.
type Questionnaire struct {
	Def      *questionnaire.Definition
	Answers  questionnaire.Answers
	Form     Form
	ReadOnly bool
}

// SectionID is the id of a section's heading.
func (Questionnaire) SectionID(linkID string) string { return "deel-" + linkID }
