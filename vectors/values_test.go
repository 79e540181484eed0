package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
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
