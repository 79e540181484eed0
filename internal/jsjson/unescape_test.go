package jsjson

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// AppendUnescaped gives, wherever it accepts a string's content, the value
// the parser gives the string, with no error and no strict violation; and it
// accepts what AppendString writes of text without surrogates. The contents
// tried: written strings of escapes, controls and wide characters, and every
// one-byte edit of a short one.
func TestAppendUnescapedIsTheParse(t *testing.T) {
	check := func(content string, want bool) {
		t.Helper()
		if !isContent(content) {
			return // not what AppendUnescaped is given
		}
		got, ok := AppendUnescaped([]byte("x"), content)
		if want && !ok {
			t.Fatalf("AppendUnescaped declines %q", content)
		}
		if !ok {
			return
		}
		v, strictErr, err := ParseLenient(`"` + content + `"`)
		if err != nil || strictErr != nil || v.Kind != String || "x"+v.Str != string(got) {
			t.Fatalf("AppendUnescaped(%q) = %q; the parser: %q, %v, %v", content, got[1:], v.Str, err, strictErr)
		}
	}
	pieces := []string{"a", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "é", "\u2028", "😀", "\uffff", " "}
	r := rand.New(rand.NewPCG(3, 3))
	for range 2000 {
		s := ""
		for range r.IntN(12) {
			s += pieces[r.IntN(len(pieces))]
		}
		w := AppendString(nil, s)
		check(string(w[1:len(w)-1]), true)
	}
	short := `a\"\\\/\b\f\n\r\t\u00e9\u0041\u2028\uFFFFz`
	check(short, true)
	for i := range len(short) {
		for _, c := range []byte{'"', '\\', 'u', 'n', 'd', 'D', '8', '0', 'g', 0x01, 0x80, 0xff} {
			b := []byte(short)
			b[i] = c
			check(string(b), false)
		}
		check(short[:i], false)
		check(short[:i]+short[i+1:], false)
	}
	for _, s := range []string{`\ud800`, `\udc00`, `\ud83d\ude00`, `\u12`, `\x`, `\`} {
		if _, ok := AppendUnescaped(nil, s); ok {
			t.Errorf("AppendUnescaped accepts %q", s)
		}
	}
}

// isContent reports whether s can stand between a JSON string's quotes as
// a string reader finds it: valid UTF-8, no control character, every quote
// escaped (the escapes themselves are AppendUnescaped's to judge).
func isContent(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] < 0x20, s[i] == '"':
			return false
		case s[i] == '\\':
			i++
		}
	}
	return true
}
