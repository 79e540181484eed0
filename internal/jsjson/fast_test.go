package jsjson

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// decodeTextStates is the WHATWG Encoding Standard's UTF-8 decoder written
// as its state machine, byte by byte: the form DecodeText had before it
// copied valid stretches whole. DecodeText must agree with it.
func decodeTextStates(b []byte) string {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	var out []byte
	var need, seen int
	var cp rune
	lower, upper := byte(0x80), byte(0xBF)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if need == 0 {
			switch {
			case c <= 0x7F:
				out = append(out, c)
			case c >= 0xC2 && c <= 0xDF:
				need, cp = 1, rune(c&0x1F)
			case c >= 0xE0 && c <= 0xEF:
				if c == 0xE0 {
					lower = 0xA0
				} else if c == 0xED {
					upper = 0x9F
				}
				need, cp = 2, rune(c&0x0F)
			case c >= 0xF0 && c <= 0xF4:
				if c == 0xF0 {
					lower = 0x90
				} else if c == 0xF4 {
					upper = 0x8F
				}
				need, cp = 3, rune(c&0x07)
			default:
				out = utf8.AppendRune(out, utf8.RuneError)
			}
			continue
		}
		if c < lower || c > upper {
			need, seen, cp = 0, 0, 0
			lower, upper = 0x80, 0xBF
			out = utf8.AppendRune(out, utf8.RuneError)
			i-- // the byte starts afresh
			continue
		}
		lower, upper = 0x80, 0xBF
		cp = cp<<6 | rune(c&0x3F)
		seen++
		if seen == need {
			out = utf8.AppendRune(out, cp)
			need, seen, cp = 0, 0, 0
		}
	}
	if need != 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return string(out)
}

// TestDecodeTextStates compares DecodeText with the state machine on every
// sequence of up to three bytes drawn from the bytes where UTF-8's rules
// change, and on random strings of such bytes and ASCII.
func TestDecodeTextStates(t *testing.T) {
	edges := []byte{0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
		0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xBB, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF}
	check := func(b []byte) {
		if got, want := DecodeText(b), decodeTextStates(b); got != want {
			t.Fatalf("DecodeText(%x) = %q; the state machine gives %q", b, got, want)
		}
	}
	for _, x := range edges {
		check([]byte{x})
		for _, y := range edges {
			check([]byte{x, y})
			for _, z := range edges {
				check([]byte{x, y, z})
				check([]byte{x, y, z, 'a'})
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			if rng.IntN(3) == 0 {
				b[i] = byte(rng.IntN(0x80))
			} else {
				b[i] = edges[rng.IntN(len(edges))] | byte(rng.IntN(16))&0x0F
			}
		}
		check(b)
	}
}

// TestMessagesAsFmt checks that the messages built without fmt read as
// the fmt verbs they replace print them.
func TestMessagesAsFmt(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if _, err := Parse(string([]byte{b}), Lenient); utf8.ValidString(string([]byte{b})) && !isValueStart(b) {
			want := &SyntaxError{Offset: 0, Msg: fmt.Sprintf("unexpected character %q", b)}
			if err == nil || err.Error() != want.Error() {
				t.Errorf("Parse(%q): %v; want %v", b, err, want)
			}
		}
		if _, err := Parse(`"\`+string([]byte{b})+`"`, Lenient); err != nil && utf8.ValidString(string([]byte{b})) && b != 'u' {
			if want := fmt.Sprintf("jsjson: invalid escape \\%c at offset %d", b, 1); err.Error() != want {
				t.Errorf("escape %q: %v; want %v", b, err, want)
			}
		}
	}
	for _, name := range []string{"a", "é", "\x00", "\"\\", "\u2028", "\U0001F600", "a\x7fb"} {
		m := string(Marshal(Str(name)))
		_, strictErr, err := ParseLenient(`{` + m + `:1,` + m + `:2}`)
		want := &SyntaxError{Offset: len(m) + 4, Msg: fmt.Sprintf("duplicate member name %q", name)}
		if err != nil || strictErr == nil || strictErr.Error() != want.Error() {
			t.Errorf("%q twice: %v, %v; want %v", name, err, strictErr, want)
		}
	}
	deep := ""
	for range MaxDepth + 1 {
		deep += "["
	}
	if _, err := Parse(deep, Lenient); err == nil || err.(*SyntaxError).Msg != fmt.Sprintf("nesting deeper than %d", MaxDepth) {
		t.Errorf("deep: %v", err)
	}
	e := &SyntaxError{Offset: 17, Msg: "x y"}
	if got, want := e.Error(), fmt.Sprintf("jsjson: %s at offset %d", e.Msg, e.Offset); got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

func isValueStart(b byte) bool {
	switch {
	case b == '{' || b == '[' || b == '"' || b == '-' || b >= '0' && b <= '9' || b == 't' || b == 'f' || b == 'n':
		return true
	case b == ' ' || b == '\t' || b == '\n' || b == '\r':
		return true
	}
	return false
}

// TestDecodeTextViewOneBOM: DecodeTextView, like TextDecoder, drops one
// byte order mark, also when what follows is not UTF-8 (it dropped two).
func TestDecodeTextViewOneBOM(t *testing.T) {
	for _, in := range []string{"\uFEFF\uFEFF\xff", "\uFEFF\uFEFFa", "\uFEFF\xff", "\xff\uFEFF"} {
		if got, want := DecodeTextView([]byte(in)), DecodeText([]byte(in)); got != want {
			t.Errorf("DecodeTextView(%q) = %q; DecodeText gives %q", in, got, want)
		}
	}
}

// ParseBytes answers as ParseLenient(DecodeText(b)) on texts that are not
// UTF-8 (where it may stop at a window past the first ill-formed sequence):
// with the window's end in every part of a string, an escape, a number or
// a literal, and on JSON texts followed, preceded or broken by random bytes.
func TestParseBytesWindow(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		v, strictErr, err := ParseBytes(b)
		wv, wStrict, werr := ParseLenient(DecodeText(b))
		if fmt.Sprint(err) != fmt.Sprint(werr) || fmt.Sprint(strictErr) != fmt.Sprint(wStrict) || fmt.Sprintf("%#v", v) != fmt.Sprintf("%#v", wv) {
			t.Fatalf("ParseBytes(%q) = %v, %v, %v; want %v, %v, %v", b, v, strictErr, err, wv, wStrict, werr)
		}
	}
	tails := []string{`\u12`, `\u1234"]`, `\ud800\udc00"]`, `\`, `\n"]`, `"]`, `", 1e5]`, `", tru`, `", true]`, `", nul]`,
		`", 12.`, `", -`, `", 1e+`, `"] x`, `"]  `, `", {"a":1,"a":2}]`, "\x01", "\xe0\xa0", "\xe0\xa0\x80\"]", "\xc2", `", [[[`, `", {"a" 1}]`}
	for n := parseWindow - 24; n <= parseWindow+8; n++ {
		for _, tail := range tails {
			for _, bad := range []string{"\xff", "\xe0\x80", "\xf0\x90\x80"} {
				b := []byte(`["` + bad + strings.Repeat("a", n) + tail)
				check(b)
				check(append(b, []byte(`"]`+strings.Repeat("\xfe", 300))...))
				check([]byte("\ufeff" + string(b)))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{`{"a":[1,2.5e3,"x\u00e9",true,false,null],"b":{"c":"\ud83d\ude00"}}`, `"abc"`, `[ ]`, `{"a":1,"a":2}`, `12`, `"\ud800"`}
	for range 20000 {
		text := []byte(texts[r.IntN(len(texts))])
		junk := make([]byte, r.IntN(600))
		for i := range junk {
			junk[i] = byte(r.Uint32())
			if r.IntN(3) == 0 {
				junk[i] = "a\"\\{}[]:,0 u\xff\xe0\xa0"[r.IntN(15)]
			}
		}
		at := r.IntN(len(text) + 1)
		switch r.IntN(3) {
		case 0:
			text = append(text[:at:at], junk...)
		case 1:
			text = append(append(text[:at:at], junk...), text[at:]...)
		default:
			text = append(junk, text...)
		}
		check(text)
	}
}
