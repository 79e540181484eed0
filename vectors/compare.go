package vectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Mismatch is one output that differs from the expected value.
type Mismatch struct {
	Field    string
	Expected json.RawMessage
	Actual   json.RawMessage // nil when the field is missing
}

func (m Mismatch) String() string {
	if m.Actual == nil {
		return fmt.Sprintf("%s: missing, want %s", m.Field, m.Expected)
	}
	return fmt.Sprintf("%s: got %s, want %s", m.Field, m.Actual, m.Expected)
}

// Compare checks actual against expected, field by field, as the family's
// output types say: hex case-insensitively, JSON values structurally, the
// rest exactly. Optional outputs are compared only when present in actual.
// Fields in actual that expected lacks are ignored: an implementation may
// report more than a vector pins.
func (f *Family) Compare(expected, actual Values) []Mismatch {
	names := make([]string, 0, len(expected))
	for name := range expected {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []Mismatch
	for _, name := range names {
		want := expected[name]
		got, ok := actual[name]
		field, known := f.Output(name)
		if !ok {
			if known && field.Optional {
				continue
			}
			out = append(out, Mismatch{Field: name, Expected: want})
			continue
		}
		if !equalValue(field.Type, want, got) {
			out = append(out, Mismatch{Field: name, Expected: want, Actual: got})
		}
	}
	return out
}

func equalValue(t Type, want, got json.RawMessage) bool {
	switch t {
	case Hex:
		if w, ok := plainString(want); ok {
			if g, ok := plainString(got); ok {
				return bytes.EqualFold(w, g)
			}
		}
		var w, g string
		if json.Unmarshal(want, &w) != nil || json.Unmarshal(got, &g) != nil {
			return false
		}
		return strings.EqualFold(w, g)
	case HexList:
		var w, g []string
		if json.Unmarshal(want, &w) != nil || json.Unmarshal(got, &g) != nil || len(w) != len(g) {
			return false
		}
		for i := range w {
			if !strings.EqualFold(w[i], g[i]) {
				return false
			}
		}
		return true
	default:
		return bytes.Equal(canonical(want), canonical(got))
	}
}

// canonical re-encodes a JSON value with sorted keys and no spaces, so that
// two encodings of the same value compare equal. Invalid JSON is returned as
// is and then compares unequal to any valid value.
func canonical(raw json.RawMessage) []byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return raw
	}
	out, err := marshalCompact(v)
	if err != nil {
		return raw
	}
	return out
}
