package questionnaire

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFileSize bounds a definition file: the largest intake list is far smaller.
const MaxFileSize = 512 << 10

// Parse reads and validates a definition file. Its error is always a *ValidationError: bad JSON, a
// field of the wrong type or an unknown field, and every problem Validate finds, each with the line and
// column in the file (and the item's linkId where it is about an item).
func Parse(r io.Reader) (*Definition, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, &ValidationError{[]Problem{{Key: "questionnaire.too_large", Args: []any{"Max", MaxFileSize >> 10}}}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ValidationError{[]Problem{{Key: "questionnaire.empty"}}}
	}
	pos, p := scan(data)
	if p != nil {
		return nil, &ValidationError{[]Problem{*p}}
	}
	var d Definition
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, &ValidationError{[]Problem{decodeProblem(err, data, pos)}}
	}
	if err := Validate(&d); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			for i := range ve.Problems {
				if off, ok := pos.near(ve.Problems[i].path); ok {
					ve.Problems[i].Line, ve.Problems[i].Column = lineColumn(data, off)
				}
			}
		}
		return nil, err
	}
	return &d, nil
}

// positions are where each value of the file begins, by its JSON path (item[0].item[2].linkId).
type positions map[string]int

// near is the position of path, or of the closest enclosing value that has one.
func (p positions) near(path string) (int, bool) {
	for {
		if off, ok := p[path]; ok {
			return off, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return 0, false
		}
		path = path[:i]
	}
}

// key is the position of the first key named name (an unknown field), if any.
func (p positions) key(name string) (int, bool) {
	best, found := 0, false
	for path, off := range p {
		if (path == name || strings.HasSuffix(path, "."+name)) && (!found || off < best) {
			best, found = off, true
		}
	}
	return best, found
}

// scan walks the file's tokens, noting where every value begins; bad JSON is a problem at its line.
func scan(data []byte) (positions, *Problem) {
	type frame struct {
		object bool
		key    string // in an object: the key of the value being read
		index  int    // in an array: the index of the next value
		atKey  bool   // in an object: the next token is a key
	}
	pos := positions{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	path := func() string {
		var b strings.Builder
		for i, f := range stack {
			if f.object {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return b.String()
	}
	bad := func(off int) *Problem {
		line, col := lineColumn(data, off)
		return &Problem{Line: line, Column: col, Key: "questionnaire.bad_json", Args: []any{"Line", line, "Column", col}}
	}
	done := false
	for {
		start := skipSpace(data, int(dec.InputOffset()))
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !done {
				return nil, bad(len(data))
			}
			return pos, nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, bad(int(se.Offset))
			}
			return nil, bad(start)
		}
		if done {
			return nil, bad(start) // something after the definition's object
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].atKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
			} else {
				stack[n-1].key, stack[n-1].atKey = tok.(string), false
				continue
			}
		} else if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:n-1]
		} else {
			pos[path()] = start
			if ok && d == '{' {
				stack = append(stack, frame{object: true, atKey: true})
				continue
			}
			if ok && d == '[' {
				stack = append(stack, frame{})
				continue
			}
		}
		// A value ended: the enclosing object expects a key, the enclosing array its next value.
		if n := len(stack); n == 0 {
			done = true
		} else if stack[n-1].object {
			stack[n-1].atKey = true
		} else {
			stack[n-1].index++
		}
	}
}

// skipSpace moves past the white space and separators before a token.
func skipSpace(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

// lineColumn turns a byte offset into a line and a column (in characters), both from 1.
func lineColumn(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[start:]) + 1
}

// decodeProblem names what json.Decode refused: a value of the wrong type or an unknown field.
func decodeProblem(err error, data []byte, pos positions) Problem {
	var p Problem
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		field := te.Field[strings.LastIndexByte(te.Field, '.')+1:]
		p = Problem{Key: "questionnaire.wrong_type", Args: []any{"Field", field}}
		p.Line, p.Column = lineColumn(data, int(te.Offset))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		p = Problem{Key: "questionnaire.unknown_field", Args: []any{"Field", field}}
		if off, ok := pos.key(field); ok {
			p.Line, p.Column = lineColumn(data, off)
		}
	default:
		p = Problem{Key: "questionnaire.bad_json", Args: []any{"Line", 0, "Column", 0}}
	}
	return p
}
