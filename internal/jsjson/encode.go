package jsjson

import (
	"math"
	"strconv"
	"strings"
)

// Marshal returns the JSON text of v exactly as JSON.stringify(v) writes it
// for the corresponding JavaScript value.
func Marshal(v Value) []byte { return AppendValue(make([]byte, 0, sizeHint(v)), v) }

// sizeHint estimates the length of v's JSON text, so that Marshal allocates
// once in the usual case.
func sizeHint(v Value) int {
	switch v.Kind {
	case String:
		return len(v.Str) + 2
	case Number:
		return 24
	case Array:
		n := 2
		for _, e := range v.Elems {
			n += sizeHint(e) + 1
		}
		return n
	case Object:
		n := 2
		for _, m := range v.Members {
			n += len(m.Name) + 4 + sizeHint(m.Value)
		}
		return n
	}
	return 5
}

// AppendValue appends the JSON.stringify text of v to dst.
func AppendValue(dst []byte, v Value) []byte {
	switch v.Kind {
	case Null:
		return append(dst, "null"...)
	case Bool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return append(dst, "null"...) // JSON.stringify's rule for non-finite numbers
		}
		return append(dst, FormatNumber(v.Num)...)
	case String:
		return AppendString(dst, v.Str)
	case Array:
		dst = append(dst, '[')
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendValue(dst, e)
		}
		return append(dst, ']')
	case Object:
		dst = append(dst, '{')
		for i, m := range v.Members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Name)
			dst = append(dst, ':')
			dst = AppendValue(dst, m.Value)
		}
		return append(dst, '}')
	}
	panic("jsjson: invalid Kind")
}

const hexDigits = "0123456789abcdef"

// copyAsIs marks the bytes AppendString copies without a look at the
// rune: printable ASCII but the quote and the backslash. A table lookup is
// one load per byte where the comparisons were four; base64 fields of
// kilobytes go through here.
var copyAsIs = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return
}()

// AppendString appends s (WTF-8) as a JSON string literal, escaped as
// JSON.stringify escapes: \" \\ \b \f \n \r \t, other controls below U+0020
// and lone surrogates as \u with four lowercase hex digits, everything else
// (including <, >, &, / and U+2028/U+2029) as is. Bytes of s that are not
// WTF-8, which no JavaScript string can hold, are written as U+FFFD.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for len(s) > 0 {
		// Copy the longest prefix that needs no escaping and no decoding.
		i := 0
		for i < len(s) && copyAsIs[s[i]] {
			i++
		}
		dst = append(dst, s[:i]...)
		if i == len(s) {
			break
		}
		r, n := nextRune(s[i:])
		s = s[i+n:]
		switch {
		case r == '"':
			dst = append(dst, '\\', '"')
		case r == '\\':
			dst = append(dst, '\\', '\\')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r < 0x20 || isSurrogate(r):
			dst = append(dst, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
		default:
			dst = appendWTF8(dst, r)
		}
	}
	return append(dst, '"')
}

// FormatNumber formats f as JavaScript's Number.prototype.toString() does
// (ECMA-262 Number::toString with radix 10): the shortest digits that round
// trip, positional notation for exponents from -7 to 20, otherwise
// d.ddde+N. Negative zero is "0".
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	case f < 0:
		return "-" + FormatNumber(-f)
	}
	// Shortest round-trip digits s (k of them) and n, with f = 0.s × 10^n.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	sign := "+"
	if n-1 < 0 {
		sign = "-"
	}
	exp = strconv.Itoa(abs(n - 1))
	if k == 1 {
		return digits + "e" + sign + exp
	}
	return digits[:1] + "." + digits[1:] + "e" + sign + exp
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
