package questionnaire

import "slices"

// Result is the score of an outcome measure's answers.
type Result struct {
	Total     Scale
	Subscales []Scale
	Flags     []Flag // raised, in the order of the definition
}

// Scale is the score of the total or of a subscale.
type Scale struct {
	ID    string // the subscale's id; "" for the total
	Title Text   // the subscale's title
	// Value is the score, rounded to the definition's decimals; only meaningful when Computed.
	Value    float64
	Computed bool // false: too many items unanswered (see Scoring.Missing)
	Answered int
	Missing  int
	Prorated bool  // computed from fewer items than the scale has
	Band     *Band // the band Value falls in, if the scale has bands
}

// Flag is a raised flag: its code (e.g. "suicide_risk"), the label for the practitioner and the help
// the patient sees at once.
type Flag struct {
	Code  string
	Label Text
	Help  Text
}

// Score scores the answers to an outcome measure: the total and each subscale with their bands, and the
// flags that are raised. A definition without scoring gives the zero Result. Answers to questions that
// do not apply, and answers that are not valid, count as missing.
func Score(d *Definition, a Answers) Result {
	sc := d.Scoring
	if sc == nil {
		return Result{}
	}
	raw := map[string]float64{} // the answered scored items' scores, before reversal
	for _, q := range d.Questions() {
		if !Enabled(d, a, q.LinkID) {
			continue
		}
		if s, ok := itemScore(q, a.Values(q.LinkID)); ok {
			raw[q.LinkID] = s
		}
	}
	scored := func(id string) (float64, bool) {
		s, ok := raw[id]
		if ok && slices.Contains(sc.Reversed, id) {
			lo, hi, _ := d.byID[id].scoreRange()
			s = hi + lo - s
		}
		return s, ok
	}
	r := Result{Total: scale(sc, sc.Method, sc.Items, sc.Bands, scored)}
	for _, sub := range sc.Subscales {
		method := sub.Method
		if method == "" {
			method = sc.Method
		}
		s := scale(sc, method, sub.Items, sub.Bands, scored)
		s.ID, s.Title = sub.ID, sub.Title
		r.Subscales = append(r.Subscales, s)
	}
	for _, f := range sc.Flags {
		if v, ok := r.value(f.Item, raw); ok && v >= f.AtLeast {
			r.Flags = append(r.Flags, Flag{Code: f.Code, Label: f.Label, Help: f.Help})
		}
	}
	return r
}

// value is what a flag looks at: the total, a subscale or an item's raw score.
func (r Result) value(id string, raw map[string]float64) (float64, bool) {
	if id == "" {
		return r.Total.Value, r.Total.Computed
	}
	for _, s := range r.Subscales {
		if s.ID == id {
			return s.Value, s.Computed
		}
	}
	v, ok := raw[id]
	return v, ok
}

// scale scores one list of items by method, with the scoring's rules for missing items and rounding.
func scale(sc *Scoring, method string, items []string, bands []Band, scored func(string) (float64, bool)) Scale {
	var s Scale
	var sum float64
	for _, id := range items {
		if v, ok := scored(id); ok {
			sum += v
			s.Answered++
		} else {
			s.Missing++
		}
	}
	switch {
	case s.Missing == 0:
	case sc.Missing == "prorate" && s.Missing <= sc.MaxMissing && s.Answered > 0:
		s.Prorated = true
	default:
		return s
	}
	s.Computed = true
	if method == "mean" {
		s.Value = sum / float64(s.Answered)
	} else {
		s.Value = sum * float64(len(items)) / float64(s.Answered)
	}
	s.Value = round(s.Value, sc.Decimals)
	for i := range bands {
		if bands[i].Min <= s.Value && s.Value <= bands[i].Max {
			s.Band = &bands[i]
			break
		}
	}
	return s
}
