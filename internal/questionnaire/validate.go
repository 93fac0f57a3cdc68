package questionnaire

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"time"
)

// validID is the form of a definition's id, a linkId, an option's code, a subscale's id and a flag's
// code: short, and safe in a form field's name and an address.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// validator collects a definition's problems in the order of the file.
type validator struct {
	d        *Definition
	problems []Problem
}

func (v *validator) fail(path, linkID, key string, args ...any) {
	v.problems = append(v.problems, Problem{LinkID: linkID, Key: key, Args: args, path: path})
}

// Validate checks a definition and prepares it for use (resolves option sets, indexes the items). Its
// error is a *ValidationError listing every problem.
func Validate(d *Definition) error {
	v := &validator{d: d}
	d.byID, d.parent, d.order = map[string]*Item{}, map[string]*Item{}, map[string]int{}
	if d.ResourceType != "" && d.ResourceType != "Questionnaire" {
		v.fail("resourceType", "", "questionnaire.bad_resource_type")
	}
	if !validID.MatchString(d.ID) {
		v.fail("id", "", "questionnaire.bad_id")
	}
	if d.Version == "" || len(d.Version) > 20 {
		v.fail("version", "", "questionnaire.bad_version")
	}
	if d.Kind != KindOutcome && d.Kind != KindIntake {
		v.fail("kind", "", "questionnaire.bad_kind", "Kind", d.Kind)
	}
	v.text("title", "", d.Title, true)
	v.text("description", "", d.Description, false)
	v.text("instructions", "", d.Instructions, false)
	for name, set := range d.OptionSets {
		v.options("optionSets."+name, "", set)
	}
	if len(d.Item) == 0 {
		v.fail("item", "", "questionnaire.no_sections")
	}
	for i, s := range d.Item {
		v.section(fmt.Sprintf("item[%d]", i), s)
	}
	// Conditions after all items are known: they name earlier questions only.
	for i, s := range d.Item {
		v.conditions(fmt.Sprintf("item[%d]", i), s)
		for j, q := range s.Item {
			v.conditions(fmt.Sprintf("item[%d].item[%d]", i, j), q)
		}
	}
	switch {
	case d.Scoring != nil:
		v.scoring(d.Scoring)
	case d.Kind == KindOutcome:
		v.fail("kind", "", "questionnaire.no_scoring")
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

// text checks that a text has both languages (when required or when one is given).
func (v *validator) text(path, linkID string, t Text, required bool) {
	if !required && t.IsZero() {
		return
	}
	if t.NL == "" {
		v.fail(path, linkID, "questionnaire.missing_nl")
	}
	if t.EN == "" {
		v.fail(path, linkID, "questionnaire.missing_en")
	}
}

// index notes an item's linkId: present, well-formed and unique.
func (v *validator) index(path string, it *Item) bool {
	if !validID.MatchString(it.LinkID) {
		v.fail(path+".linkId", it.LinkID, "questionnaire.bad_link_id")
		return false
	}
	if _, dup := v.d.byID[it.LinkID]; dup {
		v.fail(path+".linkId", it.LinkID, "questionnaire.duplicate_link_id", "LinkID", it.LinkID)
		return false
	}
	v.d.byID[it.LinkID] = it
	v.d.order[it.LinkID] = len(v.d.order)
	return true
}

func (v *validator) section(path string, s *Item) {
	if s == nil {
		v.fail(path, "", "questionnaire.not_a_section")
		return
	}
	v.index(path, s)
	if s.Type != TypeGroup {
		v.fail(path+".type", s.LinkID, "questionnaire.not_a_section")
		return
	}
	v.text(path+".text", s.LinkID, s.Text, true)
	v.text(path+".help", s.LinkID, s.Help, false)
	if len(s.Item) == 0 {
		v.fail(path, s.LinkID, "questionnaire.empty_section")
	}
	for j, q := range s.Item {
		qpath := fmt.Sprintf("%s.item[%d]", path, j)
		if q == nil {
			v.fail(qpath, "", "questionnaire.unknown_type", "Type", "null")
			continue
		}
		if v.index(qpath, q) {
			v.d.parent[q.LinkID] = s
		}
		v.question(qpath, q)
	}
}

func (v *validator) question(path string, q *Item) {
	switch q.Type {
	case TypeString, TypeText, TypeChoice, TypeInteger, TypeDate, TypeBoolean:
	case TypeGroup:
		v.fail(path+".type", q.LinkID, "questionnaire.nested_section")
		return
	default:
		v.fail(path+".type", q.LinkID, "questionnaire.unknown_type", "Type", q.Type)
		return
	}
	v.text(path+".text", q.LinkID, q.Text, true)
	v.text(path+".help", q.LinkID, q.Help, false)
	notFor := func(field string, set bool) {
		if set {
			v.fail(path+"."+field, q.LinkID, "questionnaire.not_for_type", "Field", field, "Type", q.Type)
		}
	}
	text := q.Type == TypeString || q.Type == TypeText
	notFor("maxLength", !text && q.MaxLength != 0)
	if text && (q.MaxLength < 0 || q.MaxLength > MaxLength) {
		v.fail(path+".maxLength", q.LinkID, "questionnaire.bad_max_length", "Max", MaxLength)
	}
	choice := q.Type == TypeChoice
	notFor("answerOption", !choice && len(q.AnswerOption) > 0)
	notFor("answerValueSet", !choice && q.AnswerValueSet != "")
	notFor("repeats", !choice && q.Repeats)
	if choice {
		switch {
		case q.AnswerValueSet != "" && len(q.AnswerOption) > 0:
			v.fail(path+".answerValueSet", q.LinkID, "questionnaire.options_twice")
		case q.AnswerValueSet != "":
			set, ok := v.d.OptionSets[q.AnswerValueSet]
			if !ok {
				v.fail(path+".answerValueSet", q.LinkID, "questionnaire.unknown_option_set", "Name", q.AnswerValueSet)
			}
			q.AnswerOption, q.AnswerValueSet = set, "" // resolved: the item has its options itself
		default:
			v.options(path+".answerOption", q.LinkID, q.AnswerOption)
		}
	}
	scale := q.Type == TypeInteger
	notFor("lowLabel", !scale && !q.LowLabel.IsZero())
	notFor("highLabel", !scale && !q.HighLabel.IsZero())
	notFor("minValue", !scale && q.MinValue != nil)
	notFor("maxValue", !scale && q.MaxValue != nil)
	if scale {
		if q.MinValue == nil || q.MaxValue == nil || *q.MinValue >= *q.MaxValue {
			v.fail(path, q.LinkID, "questionnaire.bad_range")
		}
		v.text(path+".lowLabel", q.LinkID, q.LowLabel, false)
		v.text(path+".highLabel", q.LinkID, q.HighLabel, false)
	}
}

// options checks a list of answer options: at least two, codes well-formed and unique, labels in both
// languages. An option set is checked once, where it is defined.
func (v *validator) options(path, linkID string, opts []Option) {
	if len(opts) < 2 {
		v.fail(path, linkID, "questionnaire.no_options")
	}
	seen := map[string]bool{}
	for i, o := range opts {
		opath := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !validID.MatchString(o.Code):
			v.fail(opath+".code", linkID, "questionnaire.bad_option_code")
		case seen[o.Code]:
			v.fail(opath+".code", linkID, "questionnaire.duplicate_option", "Code", o.Code)
		}
		seen[o.Code] = true
		v.text(opath+".display", linkID, o.Display, true)
	}
}

// conditions checks an item's enableWhen: each names an earlier question, with an operator and an answer
// that fit that question's type.
func (v *validator) conditions(path string, it *Item) {
	if it == nil {
		return
	}
	if it.EnableBehavior != "" && it.EnableBehavior != "all" && it.EnableBehavior != "any" {
		v.fail(path+".enableBehavior", it.LinkID, "questionnaire.bad_behavior")
	}
	for i, c := range it.EnableWhen {
		cpath := fmt.Sprintf("%s.enableWhen[%d]", path, i)
		q, ok := v.d.byID[c.Question]
		switch {
		case !ok:
			v.fail(cpath+".question", it.LinkID, "questionnaire.enable_unknown", "LinkID", c.Question)
			continue
		case !q.IsQuestion():
			v.fail(cpath+".question", it.LinkID, "questionnaire.enable_section", "LinkID", c.Question)
			continue
		case v.d.order[c.Question] >= v.d.order[it.LinkID]:
			v.fail(cpath+".question", it.LinkID, "questionnaire.enable_later", "LinkID", c.Question)
			continue
		}
		if !operatorFits(c.Operator, q.Type) {
			v.fail(cpath+".operator", it.LinkID, "questionnaire.enable_operator", "Operator", c.Operator)
		} else if !answerFits(c, q) {
			v.fail(cpath+".answer", it.LinkID, "questionnaire.enable_answer", "LinkID", c.Question)
		}
	}
}

func operatorFits(op, typ string) bool {
	switch op {
	case "exists", "=", "!=":
		return true
	case ">", ">=", "<", "<=":
		return typ == TypeInteger || typ == TypeDate
	}
	return false
}

// answerFits reports whether a condition's answer is of its question's type (an option's code for a
// choice).
func answerFits(c Condition, q *Item) bool {
	if c.Operator == "exists" {
		_, ok := c.Answer.(bool)
		return ok
	}
	switch q.Type {
	case TypeBoolean:
		_, ok := c.Answer.(bool)
		return ok
	case TypeInteger:
		n, ok := c.Answer.(float64)
		return ok && n == math.Trunc(n)
	case TypeChoice:
		code, ok := c.Answer.(string)
		_, known := q.Option(code)
		return ok && known
	case TypeDate:
		s, ok := c.Answer.(string)
		_, err := time.Parse(time.DateOnly, s)
		return ok && err == nil
	default:
		_, ok := c.Answer.(string)
		return ok
	}
}

func (v *validator) scoring(sc *Scoring) {
	const path = "scoring"
	if sc.Method != "sum" && sc.Method != "mean" {
		v.fail(path+".method", "", "questionnaire.bad_method")
	}
	if sc.Missing != "" && sc.Missing != "none" && sc.Missing != "prorate" {
		v.fail(path+".missing", "", "questionnaire.bad_missing")
	}
	if sc.MaxMissing < 0 || (sc.Missing != "prorate" && sc.MaxMissing != 0) {
		v.fail(path+".maxMissing", "", "questionnaire.bad_missing")
	}
	if sc.Decimals < 0 || sc.Decimals > 3 {
		v.fail(path+".decimals", "", "questionnaire.bad_decimals")
	}
	v.scoredItems(path+".items", sc.Items, true)
	v.scoredItems(path+".reversed", sc.Reversed, false)
	for _, id := range sc.Reversed {
		if !slices.Contains(sc.Items, id) && !slices.ContainsFunc(sc.Subscales, func(s Subscale) bool { return slices.Contains(s.Items, id) }) {
			v.fail(path+".reversed", id, "questionnaire.reversed_unscored", "LinkID", id)
		}
	}
	v.bands(path+".bands", "", sc.Bands, sc, sc.Method, sc.Items)
	ids := map[string]bool{}
	for i, s := range sc.Subscales {
		spath := fmt.Sprintf("%s.subscales[%d]", path, i)
		switch {
		case !validID.MatchString(s.ID):
			v.fail(spath+".id", "", "questionnaire.bad_subscale_id")
		case ids[s.ID] || v.d.byID[s.ID] != nil:
			v.fail(spath+".id", s.ID, "questionnaire.duplicate_subscale", "ID", s.ID)
		}
		ids[s.ID] = true
		v.text(spath+".title", s.ID, s.Title, true)
		method := s.Method
		if method == "" {
			method = sc.Method
		} else if method != "sum" && method != "mean" {
			v.fail(spath+".method", s.ID, "questionnaire.bad_method")
		}
		v.scoredItems(spath+".items", s.Items, true)
		v.bands(spath+".bands", s.ID, s.Bands, sc, method, s.Items)
	}
	for i, f := range sc.Flags {
		fpath := fmt.Sprintf("%s.flags[%d]", path, i)
		if !validID.MatchString(f.Code) {
			v.fail(fpath+".code", "", "questionnaire.bad_flag")
		}
		if f.Item != "" && !ids[f.Item] && !v.scoredItem(f.Item) {
			v.fail(fpath+".item", f.Item, "questionnaire.flag_unknown", "LinkID", f.Item)
		}
		v.text(fpath+".label", "", f.Label, true)
		v.text(fpath+".help", "", f.Help, false)
	}
}

// scoredItem reports whether linkID is a question that has a score.
func (v *validator) scoredItem(linkID string) bool {
	q := v.d.byID[linkID]
	if q == nil {
		return false
	}
	_, _, ok := q.scoreRange()
	return ok
}

// scoredItems checks that a list names questions that have scores, once each.
func (v *validator) scoredItems(path string, ids []string, required bool) {
	if required && len(ids) == 0 {
		v.fail(path, "", "questionnaire.no_scored_items")
	}
	seen := map[string]bool{}
	for i, id := range ids {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		q := v.d.byID[id]
		switch {
		case q == nil || !q.IsQuestion():
			v.fail(ipath, id, "questionnaire.score_unknown_item", "LinkID", id)
		case seen[id]:
			v.fail(ipath, id, "questionnaire.score_twice", "LinkID", id)
		case !v.scoredItem(id):
			v.fail(ipath, id, "questionnaire.score_no_values", "LinkID", id)
		}
		seen[id] = true
	}
}

// bands checks a scale's bands: each well-formed and labelled, in order from low to high, meeting at
// steps of the scale's precision without overlap or gap, and together covering every score the scale
// can have.
func (v *validator) bands(path, scale string, bands []Band, sc *Scoring, method string, items []string) {
	step := math.Pow(10, -float64(sc.Decimals))
	for i, b := range bands {
		bpath := fmt.Sprintf("%s[%d]", path, i)
		if b.Min > b.Max {
			v.fail(bpath, scale, "questionnaire.bad_band", "Min", b.Min, "Max", b.Max)
		}
		if !validID.MatchString(b.Code) {
			v.fail(bpath+".code", scale, "questionnaire.bad_band_code")
		}
		v.text(bpath+".label", scale, b.Label, true)
		if i == 0 {
			continue
		}
		prev := bands[i-1]
		switch next := round(prev.Max+step, sc.Decimals); {
		case b.Min < next:
			v.fail(bpath+".min", scale, "questionnaire.band_overlap", "Min", b.Min, "Max", prev.Max)
		case b.Min > next:
			v.fail(bpath+".min", scale, "questionnaire.band_gap", "From", next, "To", round(b.Min-step, sc.Decimals))
		}
	}
	lo, hi, ok := v.possible(method, items, sc.Decimals)
	if len(bands) > 0 && ok && (bands[0].Min > lo || bands[len(bands)-1].Max < hi) {
		v.fail(path, scale, "questionnaire.band_range", "Min", lo, "Max", hi)
	}
}

// possible is the lowest and highest score of a scale, if all its items have scores.
func (v *validator) possible(method string, items []string, decimals int) (lo, hi float64, ok bool) {
	for _, id := range items {
		q := v.d.byID[id]
		if q == nil {
			return 0, 0, false
		}
		l, h, scored := q.scoreRange()
		if !scored {
			return 0, 0, false
		}
		lo, hi = lo+l, hi+h
	}
	if len(items) == 0 {
		return 0, 0, false
	}
	if method == "mean" {
		lo, hi = lo/float64(len(items)), hi/float64(len(items))
	}
	return round(lo, decimals), round(hi, decimals), true
}

// round rounds half away from zero to decimals.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}
