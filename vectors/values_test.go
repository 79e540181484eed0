package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// The fast paths of Bytes and String give what encoding/json gives, and
// every input they do not handle goes the slow way with the same result.
func TestValuesFastPaths(t *testing.T) {
	v := Values{
		"lower":   json.RawMessage(`"00ff10"`),
		"upper":   json.RawMessage(`"00FF10"`),
		"escaped": json.RawMessage(`"00\u0066f10"`),
		"empty":   json.RawMessage(`""`),
		"odd":     json.RawMessage(`"0f0"`),
		"nothex":  json.RawMessage(`"zz"`),
		"number":  json.RawMessage(`12`),
		"text":    json.RawMessage(`"caf\u00e9 <b> \"q\""`),
		"utf8":    json.RawMessage(`"café"`),
		"bad":     json.RawMessage("\"a\xffb\""),
	}
	for _, name := range []string{"lower", "upper", "escaped"} {
		if b, err := v.Bytes(name); err != nil || !bytes.Equal(b, []byte{0, 0xff, 0x10}) {
			t.Errorf("Bytes(%s) = %x, %v", name, b, err)
		}
	}
	if b, err := v.Bytes("empty"); err != nil || len(b) != 0 {
		t.Errorf("Bytes(empty) = %x, %v", b, err)
	}
	for _, name := range []string{"odd", "nothex", "number", "missing"} {
		_, err := v.Bytes(name)
		var te *TypeError
		var me *MissingError
		if !errors.As(err, &te) && !errors.As(err, &me) {
			t.Errorf("Bytes(%s): %v, want a TypeError or MissingError", name, err)
		}
	}
	for name, want := range map[string]string{"text": "café <b> \"q\"", "utf8": "café", "bad": "a\ufffdb", "lower": "00ff10"} {
		if s, err := v.String(name); err != nil || s != want {
			t.Errorf("String(%s) = %q, %v; want %q", name, s, err, want)
		}
	}
	out := Values{}.SetBytes("b", []byte{0xab, 0x01}).SetBytes("e", nil)
	if string(out["b"]) != `"ab01"` || string(out["e"]) != `""` {
		t.Errorf("SetBytes: %s %s", out["b"], out["e"])
	}
}

// Parse compacts objects and arrays so that an answer written compactly is
// byte for byte the expected value.
func TestParseCompactsValues(t *testing.T) {
	f := &File{Family: "x/y", NumberOfTests: 1, TestGroups: []Group{{
		Type:   "x",
		Inputs: Values{"g": json.RawMessage(`[1, 2]`)},
		Tests: []Test{{TcID: 1, Result: Valid, Flags: []string{},
			Inputs:  Values{"s": json.RawMessage(`{"a": {"b": [1, "x y"]}}`)},
			Outputs: Values{"o": json.RawMessage(`{"k": "v"}`), "h": json.RawMessage(`"00"`)}}},
	}}}
	data, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	tc := g.TestGroups[0].Tests[0]
	for got, want := range map[string]string{
		string(g.TestGroups[0].Inputs["g"]): `[1,2]`,
		string(tc.Inputs["s"]):              `{"a":{"b":[1,"x y"]}}`,
		string(tc.Outputs["o"]):             `{"k":"v"}`,
		string(tc.Outputs["h"]):             `"00"`,
	} {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	again, err := Marshal(g)
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("Marshal(Parse(x)) != x: %v\n%s\n%s", err, again, data)
	}
}

// Make and With encode every kind of value by one rule, and With leaves
// its receiver alone.
func TestMakeAndWith(t *testing.T) {
	var arr [4]byte
	arr[3] = 0xcd
	v := Make("b", []byte{0xab}, "a32", [32]byte{31: 1}, "a4", arr, "n", big.NewInt(-12),
		"s", "a<b", "lone", "x\xed\xa0\x80y", "raw", json.RawMessage(`{"k":1}`), "i", 7, "t", true, "gone", nil)
	want := map[string]string{
		"b": `"ab"`, "a32": `"` + strings.Repeat("00", 31) + `01"`, "a4": `"000000cd"`, "n": `"-12"`,
		"s": `"a<b"`, "lone": `"x\ud800y"`, "raw": `{"k":1}`, "i": `7`, "t": `true`,
	}
	if len(v) != len(want) {
		t.Errorf("Make gave %d fields, want %d: %v", len(v), len(want), v)
	}
	for name, w := range want {
		if string(v[name]) != w {
			t.Errorf("Make %s = %s, want %s", name, v[name], w)
		}
	}
	w := v.With("b", nil, "i", 8)
	if w.Has("b") || string(w["i"]) != "8" || string(v["i"]) != "7" || !v.Has("b") {
		t.Errorf("With: %v (receiver now %v)", w, v)
	}
	if got := Values(nil).With("i", 1); string(got["i"]) != "1" {
		t.Errorf("With on nil: %v", got)
	}
}

// A Reader keeps the first error and reads JavaScript strings as
// JSON.parse does.
func TestReader(t *testing.T) {
	in := Make("h", []byte{1, 2}, "i", 5, "big", int64(1)<<40, "d", "123", "lone", "x\xed\xa0\x80y", "num", 3)
	r := in.Reader()
	if b := r.Bytes("h"); !bytes.Equal(b, []byte{1, 2}) || r.Int("i") != 5 || r.Decimal("d").Int64() != 123 ||
		r.String("lone") != "x\xed\xa0\x80y" || r.OptBytes("none") != nil || r.OptInt("none") != nil || r.Err() != nil {
		t.Fatalf("reads: %v", r.Err())
	}
	if s, ok := r.OptString("none"); ok || s != "" {
		t.Error("OptString of an absent field")
	}
	r.Int32("big")
	first := r.Err()
	var te *TypeError
	if !errors.As(first, &te) || te.Field != "big" {
		t.Fatalf("Int32 beyond 32 bits: %v", first)
	}
	r.Bytes("missing")
	r.String("num")
	if r.Err() != first {
		t.Errorf("the first error was replaced by %v", r.Err())
	}
	if r := in.Reader(); r.Raw("missing") != nil || r.Err() == nil {
		t.Error("Raw of a missing field")
	}
}
