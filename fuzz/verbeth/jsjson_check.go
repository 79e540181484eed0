package verbeth

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"unicode/utf8"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// CheckJSJSON checks internal/jsjson, the JSON.parse / JSON.stringify /
// TextDecoder model under every Verbeth decoder, on the bytes as text and
// on their TextDecoder decoding:
//
//   - DecodeText always yields UTF-8, and is the identity on UTF-8 without
//     a byte order mark;
//   - Parse's two modes agree with ParseLenient, and errors are SyntaxErrors;
//   - what the strict mode accepts, encoding/json accepts with the same
//     value (an independent parser: numbers, strings, last-wins objects);
//   - Marshal writes what JSON.stringify writes (stringify.go, from
//     ECMA-262, held against Node's outputs in TestStringifyMatchesNode);
//   - Marshal's output parses back to a value that marshals the same.
func CheckJSJSON(t check.TB, b []byte) {
	text := jsjson.DecodeText(b)
	if !utf8.ValidString(text) {
		t.Fatalf("DecodeText(%q) = %q is not UTF-8", b, text)
	}
	if utf8.Valid(b) {
		want := string(bytes.TrimPrefix(b, []byte("\uFEFF"))) // one byte order mark goes
		if text != want {
			t.Fatalf("DecodeText changed valid UTF-8: %q -> %q", b, text)
		}
	}
	for _, src := range []string{string(b), text} {
		v, strictErr, err := jsjson.ParseLenient(src)
		var se *jsjson.SyntaxError
		if err != nil {
			if !errors.As(err, &se) {
				t.Fatalf("ParseLenient(%q): %T %v", src, err, err)
			}
			continue
		}
		if strictErr != nil && !errors.As(strictErr, &se) {
			t.Fatalf("ParseLenient(%q): strict error %T %v", src, strictErr, strictErr)
		}
		vl, errL := jsjson.Parse(src, jsjson.Lenient)
		vs, errS := jsjson.Parse(src, jsjson.Strict)
		if errL != nil || !reflect.DeepEqual(vl, v) || (errS == nil) != (strictErr == nil) || (errS == nil && !reflect.DeepEqual(vs, v)) {
			t.Fatalf("Parse(%q) disagrees with ParseLenient: %v / %v / %v", src, errL, errS, strictErr)
		}
		if strictErr == nil {
			var std any
			if err := json.Unmarshal([]byte(src), &std); err != nil {
				var re *json.UnmarshalTypeError
				if !errors.As(err, &re) { // encoding/json refuses numbers beyond float64; JSON.parse gives Infinity
					t.Fatalf("strict jsjson accepts %q, encoding/json says %v", src, err)
				}
			} else if got := toAny(v); !reflect.DeepEqual(got, std) {
				t.Fatalf("%q: jsjson reads %#v, encoding/json %#v", src, got, std)
			}
		}
		out := jsjson.Marshal(v)
		if want := stringify(v); string(out) != want {
			t.Fatalf("Marshal(Parse(%q)) = %q; JSON.stringify (stringify.go) writes %q", src, out, want)
		}
		back, err := jsjson.Parse(string(out), jsjson.Lenient)
		if err != nil || !bytes.Equal(jsjson.Marshal(back), out) {
			t.Fatalf("Marshal(Parse(%q)) = %q does not round-trip: %v", src, out, err)
		}
	}
}

// toAny converts a value to what encoding/json decodes into an any.
func toAny(v jsjson.Value) any {
	switch v.Kind {
	case jsjson.Bool:
		return v.Bool
	case jsjson.Number:
		return v.Num
	case jsjson.String:
		return v.Str
	case jsjson.Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = toAny(e)
		}
		return out
	case jsjson.Object:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			out[m.Name] = toAny(m.Value)
		}
		return out
	}
	return nil
}
