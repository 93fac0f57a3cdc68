package questionnaire

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

func builtin(t *testing.T, id string) *Definition {
	t.Helper()
	all, err := Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range all {
		if b.Def.ID == id {
			return b.Def
		}
	}
	t.Fatalf("no built-in definition %q", id)
	return nil
}

// spread answers items with scores 0–3 that add up to total, highest first.
func spread(prefix string, items, total int) Answers {
	a := Answers{}
	for i := 1; i <= items; i++ {
		s := min(3, total)
		total -= s
		a[prefix+strconv.Itoa(i)] = []string{strconv.Itoa(s)}
	}
	return a
}

// The published cut-offs: PHQ-9 0–4, 5–9, 10–14, 15–19, 20–27; GAD-7 0–4, 5–9, 10–14, 15–21.
func TestScoreBandsAtEveryEdge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id, prefix string
		items      int
		total      int
		band       string
		label      string
	}{
		{"phq-9", "phq9-", 9, 0, "minimal", "Minimale klachten"},
		{"phq-9", "phq9-", 9, 4, "minimal", "Minimale klachten"},
		{"phq-9", "phq9-", 9, 5, "mild", "Lichte klachten"},
		{"phq-9", "phq9-", 9, 9, "mild", "Lichte klachten"},
		{"phq-9", "phq9-", 9, 10, "moderate", "Matige klachten"},
		{"phq-9", "phq9-", 9, 14, "moderate", "Matige klachten"},
		{"phq-9", "phq9-", 9, 15, "moderately_severe", "Matig ernstige klachten"},
		{"phq-9", "phq9-", 9, 19, "moderately_severe", "Matig ernstige klachten"},
		{"phq-9", "phq9-", 9, 20, "severe", "Ernstige klachten"},
		{"phq-9", "phq9-", 9, 27, "severe", "Ernstige klachten"},
		{"gad-7", "gad7-", 7, 0, "minimal", "Minimale klachten"},
		{"gad-7", "gad7-", 7, 4, "minimal", "Minimale klachten"},
		{"gad-7", "gad7-", 7, 5, "mild", "Lichte klachten"},
		{"gad-7", "gad7-", 7, 9, "mild", "Lichte klachten"},
		{"gad-7", "gad7-", 7, 10, "moderate", "Matige klachten"},
		{"gad-7", "gad7-", 7, 14, "moderate", "Matige klachten"},
		{"gad-7", "gad7-", 7, 15, "severe", "Ernstige klachten"},
		{"gad-7", "gad7-", 7, 21, "severe", "Ernstige klachten"},
	}
	for _, tt := range tests {
		d := builtin(t, tt.id)
		a := spread(tt.prefix, tt.items, tt.total)
		if p := Check(d, a); len(p) > 0 {
			t.Errorf("%s %d: answers refused: %v", tt.id, tt.total, p)
		}
		r := Score(d, a)
		if !r.Total.Computed || r.Total.Value != float64(tt.total) {
			t.Errorf("%s %d: total %v (computed %v)", tt.id, tt.total, r.Total.Value, r.Total.Computed)
			continue
		}
		if r.Total.Band == nil || r.Total.Band.Code != tt.band || r.Total.Band.Label.NL != tt.label {
			t.Errorf("%s %d: band %+v, want %s %q", tt.id, tt.total, r.Total.Band, tt.band, tt.label)
		}
	}
}

func TestPHQ9Item9RaisesTheFlag(t *testing.T) {
	t.Parallel()
	d := builtin(t, "phq-9")
	for _, item9 := range []string{"0", "1", "2", "3"} {
		a := spread("phq9-", 9, 0)
		a["phq9-9"] = []string{item9}
		r := Score(d, a)
		raised := len(r.Flags) == 1 && r.Flags[0].Code == "suicide_risk"
		if raised != (item9 != "0") {
			t.Errorf("item 9 = %s: flags %+v", item9, r.Flags)
		}
		if raised && (!strings.Contains(r.Flags[0].Help.NL, "0800-0113") || !strings.Contains(r.Flags[0].Help.NL, "112") ||
			!strings.Contains(r.Flags[0].Help.NL, "huisarts") || !strings.Contains(r.Flags[0].Help.EN, "0800-0113")) {
			t.Errorf("the help does not say where to get help now: %+v", r.Flags[0].Help)
		}
	}
	// The difficulty question counts for nothing, and PHQ-9 is not scored with an item missing.
	a := spread("phq9-", 9, 12)
	a["phq9-moeite"] = []string{"extreem"}
	if r := Score(d, a); r.Total.Value != 12 {
		t.Errorf("the difficulty question changed the total: %v", r.Total.Value)
	}
	delete(a, "phq9-3")
	if r := Score(d, a); r.Total.Computed || r.Total.Missing != 1 {
		t.Errorf("PHQ-9 with an item missing: %+v", r.Total)
	}
}

func TestScoreReversedItemsAndSubscales(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/wellbeing.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	type scale struct {
		value    float64
		computed bool
		band     string
	}
	tests := []struct {
		name                string
		answers             Answers
		total, mood, energy scale
		prorated            bool
		flag                bool
	}{
		// m2 and e2 are reversed: a (1) scores 3, c (3) scores 1.
		{"all answered", Answers{"m1": {"c"}, "m2": {"a"}, "e1": {"2"}, "e2": {"b"}},
			scale{10, true, "high"}, scale{3, true, "ok"}, scale{4, true, ""}, false, false},
		{"lowest", Answers{"m1": {"a"}, "m2": {"c"}, "e1": {"1"}, "e2": {"c"}},
			scale{4, true, "low"}, scale{1, true, "low"}, scale{2, true, ""}, false, false},
		{"one missing: prorated", Answers{"m1": {"c"}, "m2": {"a"}, "e2": {"a"}},
			scale{12, true, "high"}, scale{3, true, "ok"}, scale{6, true, ""}, true, true},
		{"rounded to one decimal", Answers{"m1": {"b"}, "m2": {"b"}, "e2": {"a"}},
			scale{9.3, true, "high"}, scale{2, true, "ok"}, scale{6, true, ""}, true, true},
		{"a mean's band edge", Answers{"m1": {"a"}, "m2": {"b"}, "e1": {"1"}, "e2": {"c"}},
			scale{5, true, "low"}, scale{1.5, true, "low"}, scale{2, true, ""}, false, false},
		{"out of range counts as missing", Answers{"m1": {"c"}, "m2": {"a"}, "e1": {"9"}, "e2": {"a"}},
			scale{12, true, "high"}, scale{3, true, "ok"}, scale{6, true, ""}, true, true},
		{"two missing: not computed", Answers{"m1": {"c"}, "e1": {"2"}},
			scale{0, false, ""}, scale{3, true, "ok"}, scale{4, true, ""}, false, false},
	}
	check := func(name, what string, got Scale, want scale) {
		band := ""
		if got.Band != nil {
			band = got.Band.Code
		}
		if got.Computed != want.computed || (want.computed && got.Value != want.value) || band != want.band {
			t.Errorf("%s: %s = %v (computed %v, band %q), want %v", name, what, got.Value, got.Computed, band, want)
		}
	}
	for _, tt := range tests {
		r := Score(d, tt.answers)
		check(tt.name, "total", r.Total, tt.total)
		if len(r.Subscales) != 2 || r.Subscales[0].ID != "stemming" || r.Subscales[1].ID != "energie" {
			t.Fatalf("%s: subscales %+v", tt.name, r.Subscales)
		}
		check(tt.name, "stemming", r.Subscales[0], tt.mood)
		check(tt.name, "energie", r.Subscales[1], tt.energy)
		if r.Total.Prorated != tt.prorated {
			t.Errorf("%s: prorated %v", tt.name, r.Total.Prorated)
		}
		if (len(r.Flags) == 1) != tt.flag {
			t.Errorf("%s: flags %+v", tt.name, r.Flags)
		}
	}
}

func TestCheckNamesEachKindOfProblem(t *testing.T) {
	t.Parallel()
	d := builtin(t, "intake-aanmelding")
	good := func() Answers {
		return Answers{"reden": {"Ik slaap slecht."}, "klachten": {"slaap", "anders"}, "klachten-anders": {"Hoofdpijn"},
			"last": {"6"}, "doel": {"Weer werken"}, "verwezen": {"false"}, "eerder": {"false"}, "begin": {"2025-09-01"}}
	}
	if p := Check(d, good()); len(p) > 0 {
		t.Fatalf("good answers refused: %v", p)
	}
	tests := []struct {
		name   string
		change func(Answers)
		linkID string
		key    string
	}{
		{"required", func(a Answers) { a["reden"] = []string{"  "} }, "reden", "questionnaire.answer_required"},
		{"required follow-up that applies", func(a Answers) { a["verwezen"] = []string{"true"} }, "verwijzer", "questionnaire.answer_required"},
		{"unknown option", func(a Answers) { a["klachten"] = []string{"slaap", "hoofdpijn"} }, "klachten", "questionnaire.answer_unknown_option"},
		{"several where one is asked", func(a Answers) {
			a["eerder"] = []string{"true"}
			a["eerder-wie"] = []string{"De huisarts"}
			a["eerder-geholpen"] = []string{"ja", "nee"}
		}, "eerder-geholpen", "questionnaire.answer_one"},
		{"too long", func(a Answers) { a["doel"] = []string{strings.Repeat("é", 301)} }, "doel", "questionnaire.answer_too_long"},
		{"out of range", func(a Answers) { a["last"] = []string{"11"} }, "last", "questionnaire.answer_range"},
		{"not a number", func(a Answers) { a["last"] = []string{"veel"} }, "last", "questionnaire.answer_range"},
		{"bad date", func(a Answers) { a["begin"] = []string{"2025-02-30"} }, "begin", "questionnaire.answer_date"},
		{"not yes or no", func(a Answers) { a["verwezen"] = []string{"misschien"} }, "verwezen", "questionnaire.answer_boolean"},
	}
	for _, tt := range tests {
		a := good()
		tt.change(a)
		p := Check(d, a)
		if len(p) != 1 || p[0].LinkID != tt.linkID || p[0].Key != tt.key {
			t.Errorf("%s: problems %v, want %s at %s", tt.name, p, tt.key, tt.linkID)
		}
	}
	// A text at its maximum is fine; the maximum is in the problem's data.
	a := good()
	a["doel"] = []string{strings.Repeat("é", 300)}
	if p := Check(d, a); len(p) > 0 {
		t.Errorf("300 characters refused: %v", p)
	}
	a["doel"] = []string{strings.Repeat("é", 301)}
	if p := Check(d, a); len(p) != 1 || len(p[0].Args) != 2 || p[0].Args[1] != 300 {
		t.Errorf("too long: %v", p)
	}
}

func TestEnabledFollowUps(t *testing.T) {
	t.Parallel()
	aanmelding, persoonlijk, phq := builtin(t, "intake-aanmelding"), builtin(t, "intake-persoonlijk"), builtin(t, "phq-9")
	tests := []struct {
		name    string
		d       *Definition
		answers Answers
		linkID  string
		want    bool
	}{
		{"question without conditions", aanmelding, Answers{}, "reden", true},
		{"yes/no unanswered", aanmelding, Answers{}, "eerder-wie", false},
		{"yes", aanmelding, Answers{"eerder": {"true"}}, "eerder-wie", true},
		{"no", aanmelding, Answers{"eerder": {"false"}}, "eerder-wie", false},
		{"one of several choices", aanmelding, Answers{"klachten": {"angst", "anders"}}, "klachten-anders", true},
		{"other choices", aanmelding, Answers{"klachten": {"angst"}}, "klachten-anders", false},
		{"chain: both apply", persoonlijk, Answers{"dagbesteding": {"werk"}, "ziekgemeld": {"true"}}, "ziekgemeld-sinds", true},
		{"chain: the first no longer applies", persoonlijk, Answers{"dagbesteding": {"studie"}, "ziekgemeld": {"true"}}, "ziekgemeld-sinds", false},
		{"any of nine: none", phq, spread("phq9-", 9, 0), "phq9-moeite", false},
		{"any of nine: one", phq, spread("phq9-", 9, 1), "phq9-moeite", true},
		{"unknown item", phq, Answers{}, "nope", false},
	}
	for _, tt := range tests {
		if got := Enabled(tt.d, tt.answers, tt.linkID); got != tt.want {
			t.Errorf("%s: Enabled(%s) = %v", tt.name, tt.linkID, got)
		}
	}
	// What no longer applies is dropped, and not checked.
	a := Answers{"dagbesteding": {"studie"}, "ziekgemeld": {"true"}, "ziekgemeld-sinds": {"not a date"}, "onbekend": {"x"}}
	kept := Relevant(persoonlijk, a)
	if len(kept) != 1 || kept.Value("dagbesteding") != "studie" {
		t.Errorf("Relevant kept %v", kept)
	}
	for _, p := range Check(persoonlijk, a) {
		if p.LinkID == "ziekgemeld-sinds" {
			t.Errorf("a question that does not apply was checked: %v", p)
		}
	}
}

// base is a small valid definition; each case of TestParseErrors changes one thing in it.
const base = `{
  "id": "test",
  "version": "1",
  "kind": "outcome",
  "title": {"nl": "Test", "en": "Test"},
  "item": [
    {
      "linkId": "deel",
      "type": "group",
      "text": {"nl": "Deel", "en": "Part"},
      "item": [
        {
          "linkId": "v1",
          "type": "choice",
          "text": {"nl": "Vraag 1", "en": "Question 1"},
          "answerOption": [
            {"code": "0", "score": 0, "display": {"nl": "Nee", "en": "No"}},
            {"code": "1", "score": 1, "display": {"nl": "Ja", "en": "Yes"}}
          ]
        },
        {
          "linkId": "v2",
          "type": "integer",
          "minValue": 0,
          "maxValue": 2,
          "text": {"nl": "Vraag 2", "en": "Question 2"},
          "enableWhen": [{"question": "v1", "operator": "=", "answer": "1"}]
        }
      ]
    }
  ],
  "scoring": {
    "method": "sum",
    "items": ["v1", "v2"],
    "bands": [
      {"min": 0, "max": 1, "code": "laag", "label": {"nl": "Laag", "en": "Low"}},
      {"min": 2, "max": 3, "code": "hoog", "label": {"nl": "Hoog", "en": "High"}}
    ]
  }
}`

func TestParseErrors(t *testing.T) {
	t.Parallel()
	if _, err := Parse(strings.NewReader(base)); err != nil {
		t.Fatalf("the base definition: %v", err)
	}
	tests := []struct {
		name     string
		old, new string
		key      string
		linkID   string
		at       string // the text on the line the problem names (in the changed file)
	}{
		{"bad JSON", `"version": "1",`, `"version": "1"`, "questionnaire.bad_json", "", `"kind"`},
		{"value of the wrong type", `"maxValue": 2,`, `"maxValue": "twee",`, "questionnaire.wrong_type", "", `"twee"`},
		{"unknown field", `"version": "1",`, `"version": "1", "auteur": "x",`, "questionnaire.unknown_field", "", `"auteur"`},
		{"unknown question kind", `"type": "integer",`, `"type": "slider",`, "questionnaire.unknown_type", "v2", `"slider"`},
		{"duplicate linkId", `"linkId": "v2",`, `"linkId": "v1",`, "questionnaire.duplicate_link_id", "v1", "\"linkId\": \"v1\",\n          \"type\": \"integer\""},
		{"enableWhen names an unknown item", `{"question": "v1",`, `{"question": "v9",`, "questionnaire.enable_unknown", "v2", `"v9"`},
		{"option without English label", `{"nl": "Ja", "en": "Yes"}`, `{"nl": "Ja"}`, "questionnaire.missing_en", "v1", `"Ja"`},
		{"bands overlap", `{"min": 2, "max": 3, "code": "hoog"`, `{"min": 1, "max": 3, "code": "hoog"`, "questionnaire.band_overlap", "", `"hoog"`},
		{"bands leave a gap", `{"min": 2, "max": 3, "code": "hoog"`, `{"min": 3, "max": 3, "code": "hoog"`, "questionnaire.band_gap", "", `"hoog"`},
		{"bands do not cover every score", `{"min": 2, "max": 3, "code": "hoog"`, `{"min": 2, "max": 2, "code": "hoog"`, "questionnaire.band_range", "", `"bands"`},
		{"scored item without score values", `{"code": "1", "score": 1,`, `{"code": "1",`, "questionnaire.score_no_values", "v1", `"items": ["v1", "v2"]`},
	}
	for _, tt := range tests {
		src := strings.Replace(base, tt.old, tt.new, 1)
		if src == base {
			t.Fatalf("%s: %q is not in the base", tt.name, tt.old)
		}
		_, err := Parse(strings.NewReader(src))
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Errorf("%s: error %v, want a ValidationError", tt.name, err)
			continue
		}
		p := ve.Problems[0]
		wantLine := strings.Count(src[:strings.Index(src, tt.at)], "\n") + 1
		if p.Key != tt.key || p.LinkID != tt.linkID || p.Line != wantLine || p.Column == 0 {
			t.Errorf("%s: %v, want %s at line %d, item %q", tt.name, ve.Problems, tt.key, wantLine, tt.linkID)
		}
	}
}

func TestBuiltinsUseEveryQuestionKind(t *testing.T) {
	t.Parallel()
	all, err := Builtins()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	intakes, followUps := 0, 0
	for _, b := range all {
		if b.Def.Kind == KindIntake {
			intakes++
			for _, q := range b.Def.Questions() {
				kinds[q.Type+map[bool]string{true: "+repeats"}[q.Repeats]] = true
				if len(q.EnableWhen) > 0 && b.Def.Lookup(q.EnableWhen[0].Question).Type == TypeBoolean {
					followUps++
				}
			}
		}
	}
	for _, k := range []string{"string", "text", "choice", "choice+repeats", "integer", "date", "boolean"} {
		if !kinds[k] {
			t.Errorf("the intake set has no question of kind %s", k)
		}
	}
	if intakes != 3 || followUps == 0 {
		t.Errorf("%d intake questionnaires, %d yes/no follow-ups", intakes, followUps)
	}
}
