package jsjson

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// nodeCases is testdata/node.json, written by crosscheck/verbeth-jsjson.mjs
// with Node's own JSON.stringify, JSON.parse, String(number) and TextDecoder.
type nodeCases struct {
	Stringify []struct {
		In  []uint16 `json:"in"`
		Out string   `json:"out"`
	} `json:"stringify"`
	Nums []struct {
		Bits     string `json:"bits"`
		ToString string `json:"toString"`
		JSON     string `json:"json"`
	} `json:"nums"`
	Nested  string `json:"nested"`
	Decodes []struct {
		In  string   `json:"in"`
		Out []uint16 `json:"out"`
	} `json:"decodes"`
	Texts []struct {
		In  []uint16 `json:"in"`
		OK  bool     `json:"ok"`
		Out *string  `json:"out"`
	} `json:"texts"`
}

func loadNode(t *testing.T) nodeCases {
	t.Helper()
	raw, err := os.ReadFile("testdata/node.json")
	if err != nil {
		t.Fatal(err)
	}
	var c nodeCases
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// fromUnits turns UTF-16 code units into the WTF-8 string this package uses.
func fromUnits(u []uint16) string {
	var b []byte
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if utf16.IsSurrogate(r) && r < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			r = utf16.DecodeRune(r, rune(u[i+1]))
			i++
		}
		b = appendWTF8(b, r)
	}
	return string(b)
}

func TestStringifyMatchesNode(t *testing.T) {
	for _, c := range loadNode(t).Stringify {
		s := fromUnits(c.In)
		if got := string(AppendString(nil, s)); got != c.Out {
			t.Errorf("AppendString(%q) = %q, Node wrote %q", s, got, c.Out)
		}
		var back []uint16
		for u := range Units(s) {
			back = append(back, u)
		}
		if len(back) != len(c.In) || (len(back) > 0 && string(utf16.Decode(back)) != string(utf16.Decode(c.In))) {
			t.Errorf("Units(%q) = %v, want %v", s, back, c.In)
		}
	}
}

func TestNumbersMatchNode(t *testing.T) {
	for _, c := range loadNode(t).Nums {
		u, _ := strconv.ParseUint(c.Bits, 16, 64)
		f := math.Float64frombits(u)
		if got := FormatNumber(f); got != c.ToString {
			t.Errorf("FormatNumber(%v) = %q, Node wrote %q", f, got, c.ToString)
		}
		if got := string(Marshal(Num(f))); got != c.JSON {
			t.Errorf("Marshal(%v) = %q, Node wrote %q", f, got, c.JSON)
		}
	}
}

func TestNestedMatchesNode(t *testing.T) {
	v := Obj(
		M("v", Num(1)),
		M("b", Arr(Boolean(true), Boolean(false), Value{}, Arr(), Obj())),
		M("s", Str("x<y")),
		M("n", Num(-2.5e-8)),
		M("o", Obj(M("z", Num(0)))),
	)
	if got, want := string(Marshal(v)), loadNode(t).Nested; got != want {
		t.Fatalf("Marshal = %s, Node wrote %s", got, want)
	}
}

func TestDecodeTextMatchesNode(t *testing.T) {
	for _, c := range loadNode(t).Decodes {
		b, _ := hex.DecodeString(c.In)
		got := DecodeText(b)
		if want := fromUnits(c.Out); got != want {
			t.Errorf("DecodeText(%s) = %q, TextDecoder gave %q", c.In, got, want)
		}
	}
}

// jsView marshals v as JSON.stringify(JSON.parse(text)) would: duplicate
// names collapse to the first position with the last value.
func jsView(v Value) Value {
	switch v.Kind {
	case Array:
		out := Arr()
		for _, e := range v.Elems {
			out.Elems = append(out.Elems, jsView(e))
		}
		return out
	case Object:
		out := Obj()
		index := map[string]int{}
		for _, m := range v.Members {
			if i, ok := index[m.Name]; ok {
				out.Members[i].Value = jsView(m.Value)
				continue
			}
			index[m.Name] = len(out.Members)
			out.Members = append(out.Members, M(m.Name, jsView(m.Value)))
		}
		return out
	}
	return v
}

func TestParseMatchesNode(t *testing.T) {
	for _, c := range loadNode(t).Texts {
		text := fromUnits(c.In)
		v, err := Parse(text, Lenient)
		if (err == nil) != c.OK {
			t.Errorf("Parse(%q): err = %v, JSON.parse ok = %v", text, err, c.OK)
			continue
		}
		if err != nil {
			continue
		}
		if got := string(Marshal(jsView(v))); got != *c.Out {
			t.Errorf("Parse(%q) re-marshalled = %s, Node %s", text, got, *c.Out)
		}
	}
}

func TestParseStrict(t *testing.T) {
	for _, text := range []string{`{"a":1,"a":1}`, `"\ud800"`, `"\udc00"`, `"\ud800x"`, `{"x":{"b":1,"b":2}}`} {
		if _, err := Parse(text, Lenient); err != nil {
			t.Errorf("Lenient Parse(%s): %v", text, err)
		}
		if _, err := Parse(text, Strict); err == nil {
			t.Errorf("Strict Parse(%s) accepted", text)
		}
	}
	if _, err := Parse(`{"a":"\ud83d\ude00","b":{"a":1}}`, Strict); err != nil {
		t.Errorf("Strict rejected a well-formed text: %v", err)
	}
	// Duplicates among few members are found by a scan, among many by a
	// set: each position of the repeat on both sides of the switch.
	for n := 1; n <= 40; n++ {
		for dup := range n {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, `"m%d":%d,`, i, i)
			}
			fmt.Fprintf(&b, `"m%d":0`, dup)
			unique := "{" + strings.TrimSuffix(b.String(), fmt.Sprintf(`,"m%d":0`, dup)) + "}"
			if _, err := Parse(unique, Strict); err != nil {
				t.Fatalf("%d distinct members rejected: %v", n, err)
			}
			if _, err := Parse("{"+b.String()+"}", Strict); err == nil {
				t.Fatalf("member %d of %d repeated last: accepted", dup, n)
			}
		}
	}
}

func TestParseLimits(t *testing.T) {
	deep := func(n int) string {
		b := make([]byte, 0, 2*n)
		for i := 0; i < n; i++ {
			b = append(b, '[')
		}
		for i := 0; i < n; i++ {
			b = append(b, ']')
		}
		return string(b)
	}
	if _, err := Parse(deep(MaxDepth), Strict); err != nil {
		t.Errorf("depth %d rejected: %v", MaxDepth, err)
	}
	if _, err := Parse(deep(MaxDepth+1), Lenient); err == nil {
		t.Errorf("depth %d accepted", MaxDepth+1)
	}
	if _, err := Parse("\"\xff\"", Lenient); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
}

func TestGetLastWins(t *testing.T) {
	v, err := Parse(`{"a":1,"b":2,"a":3}`, Lenient)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := v.Get("a"); a.Num != 3 {
		t.Fatalf("Get(a) = %v, want 3", a.Num)
	}
	if _, ok := v.Get("c"); ok {
		t.Fatal("Get(c) found a member")
	}
}

func TestText(t *testing.T) {
	v, _ := Parse(`"a\ud800b\ud83d\ude00"`, Lenient)
	if WellFormed(v.Str) {
		t.Fatal("lone surrogate reported well-formed")
	}
	if got, want := v.Text(), "a\uFFFDb\U0001F600"; got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
}

func TestTruthy(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want bool
	}{{Value{}, false}, {Boolean(false), false}, {Num(0), false}, {Num(math.NaN()), false}, {Str(""), false},
		{Num(-1), true}, {Str("0"), true}, {Arr(), true}, {Obj(), true}, {Boolean(true), true}} {
		if c.v.Truthy() != c.want {
			t.Errorf("Truthy(%v) = %v", c.v, !c.want)
		}
	}
}

// TestNodeFresh re-runs crosscheck/verbeth-jsjson.mjs (needs Node) and
// compares its output with testdata/node.json:
//
//	PQHS_CROSSCHECK=1 go test -run NodeFresh ./internal/jsjson
func TestNodeFresh(t *testing.T) {
	if os.Getenv("PQHS_CROSSCHECK") == "" {
		t.Skip("set PQHS_CROSSCHECK=1 to re-run crosscheck/verbeth-jsjson.mjs with Node")
	}
	out, err := exec.Command("node", "../../crosscheck/verbeth-jsjson.mjs").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := os.ReadFile("testdata/node.json"); string(out) != string(want) {
		t.Fatal("Node's output differs from testdata/node.json; regenerate it and review the diff")
	}
}

// Object writes what Marshal writes for the same members: names and
// strings that need escaping, lone surrogates, numbers, base64 and nested
// objects.
func TestObjectEqualsMarshal(t *testing.T) {
	bin := []byte{0, 1, 2, 0xfb, 0xff, 0xfe, 0x7f}
	for n := range len(bin) + 1 {
		names := []string{"v", "a\"b", "\u2028", "é\\", ""}
		strs := []string{"", "x\ny", "\xed\xa0\x80", "<&>", "\u0007"}
		for i := range names {
			got := AppendObject([]byte("prefix")).
				Num(names[i], float64(n)-0.5).
				Str(names[(i+1)%len(names)], strs[i]).
				Base64("b64", bin[:n]).
				Object("o", func(o ObjectWriter) ObjectWriter { return o.Str("in", strs[(i+2)%len(strs)]) }).
				Object("empty", func(o ObjectWriter) ObjectWriter { return o }).
				End()
			want := Marshal(Obj(
				M(names[i], Num(float64(n)-0.5)),
				M(names[(i+1)%len(names)], Str(strs[i])),
				M("b64", Str(base64.StdEncoding.EncodeToString(bin[:n]))),
				M("o", Obj(M("in", Str(strs[(i+2)%len(strs)])))),
				M("empty", Obj()),
			))
			if string(got) != "prefix"+string(want) {
				t.Errorf("Object wrote %s, Marshal %s", got, want)
			}
			if len(Str(base64.StdEncoding.EncodeToString(bin[:n])).Str)+2 != Base64Len(n) {
				t.Errorf("Base64Len(%d) = %d", n, Base64Len(n))
			}
		}
	}
	if got := string(AppendObject(nil).End()); got != "{}" {
		t.Errorf("empty object: %s", got)
	}
}

// plainWord agrees with the byte table on words with each kind of byte in
// each lane, next to bytes that borrow (0x00, 0x20, 0x80, 0xff) and not.
func TestPlainWord(t *testing.T) {
	special := []byte{0, 1, 0x1f, 0x20, 0x21, '"', '#', '\\', ']', 0x7f, 0x80, 0xc3, 0xff}
	for _, fill := range special {
		for _, b := range special {
			for lane := range 8 {
				w := []byte{fill, fill, fill, fill, fill, fill, fill, fill}
				w[lane] = b
				want := true
				for _, c := range w {
					want = want && plainInString[c]
				}
				if got := plainWord(string(w)); got != want {
					t.Errorf("plainWord(%x) = %v", w, got)
				}
			}
		}
	}
}
