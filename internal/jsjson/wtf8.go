package jsjson

import (
	"iter"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// decodeWTF8 decodes one code point from s, accepting the 3-byte encodings
// of surrogates that UTF-8 forbids. Invalid bytes decode as (RuneError, 1),
// like utf8.DecodeRuneInString.
func decodeWTF8(s string) (rune, int) {
	if len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2] >= 0x80 && s[2] <= 0xBF {
		return 0xD000 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

func isSurrogate(r rune) bool { return r >= 0xD800 && r <= 0xDFFF }

// appendWTF8 appends r, which may be a surrogate, in (generalised) UTF-8.
func appendWTF8(dst []byte, r rune) []byte {
	if isSurrogate(r) {
		return append(dst, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(dst, r)
}

// Units yields the UTF-16 code units of the JavaScript string that the WTF-8
// string s holds. A high surrogate directly followed by a low one yields the
// pair, as the same units would in JavaScript. Bytes that are not WTF-8 yield
// U+FFFD each.
func Units(s string) iter.Seq[uint16] {
	return func(yield func(uint16) bool) {
		for len(s) > 0 {
			r, n := decodeWTF8(s)
			s = s[n:]
			if r >= 0x10000 {
				r -= 0x10000
				if !yield(uint16(0xD800+(r>>10))) || !yield(uint16(0xDC00+(r&0x3FF))) {
					return
				}
				continue
			}
			if !yield(uint16(r)) {
				return
			}
		}
	}
}

// runes yields the code points of s, joining a high surrogate with a
// directly following low surrogate, and leaving other surrogates alone.
func runes(s string) iter.Seq[rune] {
	return func(yield func(rune) bool) {
		for len(s) > 0 {
			r, n := nextRune(s)
			s = s[n:]
			if !yield(r) {
				return
			}
		}
	}
}

// nextRune decodes the first code point of s as runes yields it, and its
// length in bytes.
func nextRune(s string) (rune, int) {
	r, n := decodeWTF8(s)
	if r >= 0xD800 && r <= 0xDBFF && len(s) >= n+3 {
		if r2, n2 := decodeWTF8(s[n:]); r2 >= 0xDC00 && r2 <= 0xDFFF {
			return 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00), n + n2
		}
	}
	return r, n
}

// WellFormed reports whether s is well-formed UTF-8, that is, a JavaScript
// string without lone surrogates.
func WellFormed(s string) bool { return utf8.ValidString(s) }

// Text returns s with every lone surrogate (and any byte that is not WTF-8)
// replaced by U+FFFD: the string TextEncoder would encode.
func Text(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for r := range runes(s) {
		if isSurrogate(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Text returns the string value made well-formed; see the package function.
func (v Value) Text() string { return Text(v.Str) }

// DecodeTextView is DecodeText without the copy when b is valid UTF-8: the
// string then shares b's memory, so b must not change while the string or
// any part of it (a parsed Value's strings) is in use. Callers keep what
// they return beyond that with strings.Clone.
func DecodeTextView(b []byte) string {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	if len(b) == 0 || !utf8.Valid(b) {
		return decodeUTF8(b) // not DecodeText, which would drop a second byte order mark
	}
	return unsafe.String(&b[0], len(b))
}

// DecodeText decodes b as new TextDecoder().decode(b) does: UTF-8, one
// leading byte order mark removed, and each maximal ill-formed subsequence
// replaced by one U+FFFD (the WHATWG Encoding Standard's UTF-8 decoder).
func DecodeText(b []byte) string {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	return decodeUTF8(b)
}

// decodeUTF8 is DecodeText of b without a leading byte order mark.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	// The text is at most three bytes per byte (U+FFFD for each). Short
	// input, most of a fuzzer's, is decoded on the stack and copied once.
	const short = 128
	if len(b) <= short {
		var buf [3 * short]byte
		return string(appendDecoded(buf[:0], b))
	}
	out := appendDecoded(make([]byte, 0, len(b)+len(b)/4), b)
	return unsafe.String(unsafe.SliceData(out), len(out)) // out is not used again
}

// appendDecoded appends the UTF-8 decoding of b to out: valid stretches as
// they are (a run of ASCII bytes at once), and one U+FFFD for each maximal
// ill-formed subsequence.
func appendDecoded(out, b []byte) []byte {
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] < utf8.RuneSelf {
			i++
		}
		out, b = append(out, b[:i]...), b[i:]
		if len(b) == 0 {
			break
		}
		if r, n := utf8.DecodeRune(b); r != utf8.RuneError || n > 1 {
			out, b = append(out, b[:n]...), b[n:]
			continue
		}
		out, b = append(out, "\uFFFD"...), b[maximalSubpart(b):]
	}
	return out
}

// maximalSubpart is the length of the maximal ill-formed subsequence at the
// start of b, which does not start with a valid UTF-8 sequence: the lead
// byte and the continuation bytes that follow it in the ranges the lead
// allows (the WHATWG decoder's lower and upper bounds), or 1 for a byte that
// leads nothing.
func maximalSubpart(b []byte) int {
	c := b[0]
	need, lower, upper := 0, byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lower = 0xA0
		} else if c == 0xED {
			upper = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lower = 0x90
		} else if c == 0xF4 {
			upper = 0x8F
		}
	}
	n := 1
	for n <= need && n < len(b) && b[n] >= lower && b[n] <= upper {
		n++
		lower, upper = 0x80, 0xBF
	}
	return n
}
