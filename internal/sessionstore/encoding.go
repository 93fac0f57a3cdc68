package sessionstore

import (
	"encoding/json"
	"fmt"
)

// A session's values are strings and whole numbers (the user's id). They are stored as JSON that says
// which, so that each comes back as the type that went in. (gob did that too, but compiled its type
// information anew at every request: 4 % of a page's CPU.)
type storedValue struct {
	S *string `json:"s,omitempty"`
	I *int64  `json:"i,omitempty"`
}

func encode(values map[any]any) ([]byte, error) {
	m := make(map[string]storedValue, len(values))
	for k, v := range values {
		if _, isMeta := k.(metaKey); isMeta {
			continue
		}
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("sessionstore: key %v is not a string", k)
		}
		switch v := v.(type) {
		case string:
			m[ks] = storedValue{S: &v}
		case int64:
			m[ks] = storedValue{I: &v}
		default:
			return nil, fmt.Errorf("sessionstore: the value of %q is a %T, not a string or an int64", ks, v)
		}
	}
	return json.Marshal(m)
}

func decode(data []byte) (map[string]any, error) {
	var m map[string]storedValue
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	values := make(map[string]any, len(m))
	for k, v := range m {
		switch {
		case v.S != nil:
			values[k] = *v.S
		case v.I != nil:
			values[k] = *v.I
		}
	}
	return values, nil
}
