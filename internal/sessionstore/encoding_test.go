package sessionstore

import (
	"reflect"
	"testing"
)

// Values come back as the types that went in; other types are refused rather than changed.
func TestValuesKeepTheirTypes(t *testing.T) {
	in := map[any]any{UserIDKey: int64(42), "stage": "full", "empty": "", "zero": int64(0), metaKey{}: Meta{UserID: 42}}
	data, err := encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{UserIDKey: int64(42), "stage": "full", "empty": "", "zero": int64(0)}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("decoded %#v, want %#v", out, want)
	}
	for _, bad := range []map[any]any{{"n": 42}, {"b": []byte("x")}, {1: "one"}} {
		if _, err := encode(bad); err == nil {
			t.Errorf("%#v was encoded", bad)
		}
	}
	if _, err := decode([]byte{0x0e, 0xff, 0x81, 0x04}); err == nil { // gob, as an older version wrote
		t.Error("gob was decoded")
	}
}
