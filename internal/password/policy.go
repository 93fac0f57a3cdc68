package password

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// common.txt: the common-password list of zxcvbn-ts (@zxcvbn-ts/language-common 4.1.3, MIT, see
// common.LICENSE), lower-cased, entries of 4 characters or more.
//
//go:embed common.txt
var commonText string

var (
	commonOnce sync.Once
	common     map[string]struct{}
)

func isCommon(s string) bool {
	commonOnce.Do(func() {
		lines := strings.Split(commonText, "\n")
		common = make(map[string]struct{}, len(lines))
		for _, l := range lines {
			if l != "" {
				common[l] = struct{}{}
			}
		}
	})
	_, ok := common[s]
	return ok
}

// MinLength is the shortest password accepted (design.md §5).
const MinLength = 12

// Rule is one rule of the policy, named by its locale key ("password.rule_length" …).
type Rule struct {
	Key string
	OK  bool
}

// Policy is a clinic's password policy.
type Policy struct {
	ClinicName  string
	Composition bool // the GP-style rules: an upper-case letter, a lower-case letter and 2 digits
}

// Check returns every rule with whether pw keeps it, in the order the hint bar shows them. personal
// are the user's own names and e-mail address, which a password must not be built on.
func (p Policy) Check(pw string, personal ...string) []Rule {
	n := utf8.RuneCountInString(pw)
	lower := strings.ToLower(pw)
	rules := []Rule{
		{"password.rule_length", n >= MinLength && n <= MaxLength},
		{"password.rule_common", n > 0 && !looksCommon(lower)},
		{"password.rule_personal", n > 0 && !containsAny(lower, append([]string{p.ClinicName}, personal...))},
	}
	if p.Composition {
		var upper, low, digits int
		for _, r := range pw {
			switch {
			case unicode.IsUpper(r):
				upper++
			case unicode.IsLower(r):
				low++
			case unicode.IsDigit(r):
				digits++
			}
		}
		rules = append(rules,
			Rule{"password.rule_upper", upper > 0},
			Rule{"password.rule_lower", low > 0},
			Rule{"password.rule_digits", digits >= 2})
	}
	return rules
}

// OK reports whether every rule is kept.
func OK(rules []Rule) bool {
	for _, r := range rules {
		if !r.OK {
			return false
		}
	}
	return true
}

// looksCommon catches a common password, also with digits and symbols around it ("Welkom2024!"),
// repeated ("qwertyqwerty"), or one character over and over.
func looksCommon(lower string) bool {
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if core == "" {
		core = lower // digits only: "123456789012"
	}
	if isCommon(lower) || isCommon(core) {
		return true
	}
	for size := 1; size <= len(core)/2; size++ {
		if len(core)%size == 0 && strings.Repeat(core[:size], len(core)/size) == core {
			return size < 4 || isCommon(core[:size])
		}
	}
	return false
}

// containsAny reports whether s contains one of words (or the part of an e-mail address before @),
// ignoring words of fewer than 4 letters.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if at := strings.IndexByte(w, '@'); at >= 0 {
			w = w[:at]
		}
		for _, part := range append([]string{w}, strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })...) {
			if utf8.RuneCountInString(part) >= 4 && strings.Contains(s, part) {
				return true
			}
		}
	}
	return false
}
