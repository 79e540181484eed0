package vectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pqhs/pqhs/internal/jsjson"
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
		if !f.EqualOutput(name, want, got, ok) {
			out = append(out, Mismatch{Field: name, Expected: want, Actual: got})
		}
	}
	return out
}

// EqualOutput reports whether got, the answer's value of output name
// (present false: the answer lacks it), is want as Compare judges it: a
// missing optional output is equal. It builds nothing, so that a caller
// can judge an answer that passes without allocating.
func (f *Family) EqualOutput(name string, want, got json.RawMessage, present bool) bool {
	field, known := f.Output(name)
	if !present {
		return known && field.Optional
	}
	return bytes.Equal(want, got) || equalValue(field.Type, want, got)
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
	case String:
		return equalString(want, got)
	default:
		return bytes.Equal(canonical(want), canonical(got))
	}
}

// equalString compares JSON strings by the JavaScript string each one is
// (its UTF-16 code units, as JSON.parse reads the text): an escape equals
// the character it stands for, a lone surrogate escape only itself. Go's
// JSON decoder, which canonical uses, reads every lone surrogate, and
// every byte that is not UTF-8, as U+FFFD: "\ud800" equalled "\udbff" and
// "\ufffd". A text that is not UTF-8 JSON equals only the same bytes;
// values that are not strings compare as those of the json type do.
func equalString(want, got json.RawMessage) bool {
	w, wk := jsString(want)
	g, gk := jsString(got)
	switch {
	case wk == isString || gk == isString:
		return wk == gk && w == g
	case wk == notJSON || gk == notJSON:
		return bytes.Equal(want, got)
	}
	return bytes.Equal(canonical(want), canonical(got))
}

// What jsString found.
const (
	notJSON  = iota // not one JSON value in UTF-8
	isString        // a string
	isOther         // another JSON value
)

// jsString returns the value of raw, a JSON string, in WTF-8 (jsjson's
// JavaScript strings: a lone surrogate stays itself).
func jsString(raw json.RawMessage) (string, int) {
	if w, ok := plainString(raw); ok {
		return string(w), isString // nothing to unescape
	}
	v, _, err := jsjson.ParseLenient(string(raw))
	switch {
	case err != nil:
		return "", notJSON
	case v.Kind != jsjson.String:
		return "", isOther
	}
	return v.Str, isString
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
