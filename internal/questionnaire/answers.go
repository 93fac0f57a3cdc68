package questionnaire

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Answers are a patient's answers by linkId, as a form sends them (url.Values has this shape): an
// option's code for a choice (several for a choice that repeats), "true" or "false" for a boolean, a
// whole number for an integer, "YYYY-MM-DD" for a date, the text for a string or text. An empty value
// is no answer.
type Answers map[string][]string

// Values are the answers to linkID without empty ones (texts trimmed).
func (a Answers) Values(linkID string) []string {
	var vs []string
	for _, v := range a[linkID] {
		if v = strings.TrimSpace(v); v != "" {
			vs = append(vs, v)
		}
	}
	return vs
}

// Value is the first answer to linkID, "" if none.
func (a Answers) Value(linkID string) string {
	if vs := a.Values(linkID); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Has reports whether the answers hold code for linkID (a choice's option is chosen).
func (a Answers) Has(linkID, code string) bool {
	for _, v := range a.Values(linkID) {
		if v == code {
			return true
		}
	}
	return false
}

// Enabled reports whether the item linkID applies to these answers: its section's and its own
// enableWhen hold, each naming a question that applies itself (an answer to a question that does not
// apply counts as no answer). An unknown linkID does not apply.
func Enabled(d *Definition, a Answers, linkID string) bool {
	it := d.byID[linkID]
	if it == nil {
		return false
	}
	if s := d.parent[linkID]; s != nil && !Enabled(d, a, s.LinkID) {
		return false
	}
	if len(it.EnableWhen) == 0 {
		return true
	}
	anyOf := it.EnableBehavior == "any"
	for _, c := range it.EnableWhen {
		if holds(d, a, c) == anyOf {
			return anyOf
		}
	}
	return !anyOf
}

// holds reports whether one condition holds.
func holds(d *Definition, a Answers, c Condition) bool {
	q := d.byID[c.Question]
	var vs []string
	if Enabled(d, a, c.Question) {
		vs = a.Values(c.Question)
	}
	if c.Operator == "exists" {
		want, _ := c.Answer.(bool)
		return (len(vs) > 0) == want
	}
	if len(vs) == 0 {
		return false // FHIR: a condition on a question without an answer is false, also for "!="
	}
	want := conditionValue(c.Answer)
	if c.Operator == "!=" {
		for _, v := range vs {
			if same(q, v, want) {
				return false
			}
		}
		return true
	}
	for _, v := range vs {
		if compare(q, v, want, c.Operator) {
			return true
		}
	}
	return false
}

// conditionValue is a condition's answer as a form would send it.
func conditionValue(x any) string {
	switch v := x.(type) {
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

func same(q *Item, v, want string) bool { return compare(q, v, want, "=") }

// compare compares an answer with a condition's value: integers as numbers, everything else as text
// (dates in YYYY-MM-DD order as text too).
func compare(q *Item, v, want, op string) bool {
	c := strings.Compare(v, want)
	if q.Type == TypeInteger {
		x, err1 := strconv.Atoi(v)
		y, err2 := strconv.Atoi(want)
		if err1 != nil || err2 != nil {
			return false
		}
		c = cmpInt(x, y)
	}
	switch op {
	case "=":
		return c == 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	}
	return false
}

func cmpInt(x, y int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Relevant are the answers to the questions that apply, without empty values and unknown linkIds: what
// is kept when a patient submits (an answer to a follow-up that no longer applies is dropped).
func Relevant(d *Definition, a Answers) Answers {
	out := Answers{}
	for _, q := range d.Questions() {
		if vs := a.Values(q.LinkID); len(vs) > 0 && Enabled(d, a, q.LinkID) {
			out[q.LinkID] = vs
		}
	}
	return out
}

// Check finds what is wrong with answers, at most one problem per question, in the order of the
// questions: a required question that applies but has no answer, an answer to a choice that is not one
// of its options (or several where one is asked), a text over its maximum length, a number that is not
// whole or outside its scale, a date that is not one, a yes/no that is neither. Questions that do not
// apply are not checked (Relevant drops their answers).
func Check(d *Definition, a Answers) []Problem {
	var problems []Problem
	for _, q := range d.Questions() {
		if !Enabled(d, a, q.LinkID) {
			continue
		}
		if key, args := checkOne(q, a.Values(q.LinkID)); key != "" {
			problems = append(problems, Problem{LinkID: q.LinkID, Key: key, Args: args})
		}
	}
	return problems
}

// checkOne is the problem of one question's answers, "" if none.
func checkOne(q *Item, vs []string) (string, []any) {
	if len(vs) == 0 {
		if q.Required {
			return "questionnaire.answer_required", nil
		}
		return "", nil
	}
	if len(vs) > 1 && !(q.Type == TypeChoice && q.Repeats) {
		return "questionnaire.answer_one", nil
	}
	for _, v := range vs {
		switch q.Type {
		case TypeString, TypeText:
			if utf8.RuneCountInString(v) > q.Length() {
				return "questionnaire.answer_too_long", []any{"Max", q.Length()}
			}
		case TypeChoice:
			if _, ok := q.Option(v); !ok {
				return "questionnaire.answer_unknown_option", nil
			}
		case TypeInteger:
			n, err := strconv.Atoi(v)
			if err != nil || n < *q.MinValue || n > *q.MaxValue {
				return "questionnaire.answer_range", []any{"Min", *q.MinValue, "Max", *q.MaxValue}
			}
		case TypeDate:
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return "questionnaire.answer_date", nil
			}
		case TypeBoolean:
			if v != "true" && v != "false" {
				return "questionnaire.answer_boolean", nil
			}
		}
	}
	return "", nil
}

// itemScore is the score of a scored question's answer (before reversal), if it has a valid one.
func itemScore(q *Item, vs []string) (float64, bool) {
	if len(vs) != 1 {
		return 0, false
	}
	switch q.Type {
	case TypeChoice:
		if o, ok := q.Option(vs[0]); ok && o.Score != nil {
			return *o.Score, true
		}
	case TypeInteger:
		if n, err := strconv.Atoi(vs[0]); err == nil && n >= *q.MinValue && n <= *q.MaxValue {
			return float64(n), true
		}
	}
	return 0, false
}
