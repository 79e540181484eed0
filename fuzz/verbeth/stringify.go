package verbeth

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// stringify is JSON.stringify written from ECMA-262 (QuoteJSONString,
// Number::toString, SerializeJSONObject and SerializeJSONArray without
// indentation), independently of internal/jsjson's encoder, which the JSON
// target holds against it. Strings are WTF-8, as jsjson keeps them: a lone
// surrogate is three bytes ED A0-BF xx.
func stringify(v jsjson.Value) string {
	var b strings.Builder
	writeJS(&b, v)
	return b.String()
}

func writeJS(b *strings.Builder, v jsjson.Value) {
	switch v.Kind {
	case jsjson.Null:
		b.WriteString("null")
	case jsjson.Bool:
		b.WriteString(strconv.FormatBool(v.Bool))
	case jsjson.Number:
		b.WriteString(jsNumber(v.Num))
	case jsjson.String:
		quoteJS(b, v.Str)
	case jsjson.Array:
		b.WriteByte('[')
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJS(b, e)
		}
		b.WriteByte(']')
	case jsjson.Object:
		b.WriteByte('{')
		for i, m := range v.Members {
			if i > 0 {
				b.WriteByte(',')
			}
			quoteJS(b, m.Name)
			b.WriteByte(':')
			writeJS(b, m.Value)
		}
		b.WriteByte('}')
	}
}

// quoteJS is QuoteJSONString: the short escapes, \u00xx for the other
// controls, \udxxx for a lone surrogate, everything else as it is.
func quoteJS(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		if s[i] == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF { // a lone surrogate in WTF-8
			u := 0xD000 | int(s[i+1]&0x3F)<<6 | int(s[i+2]&0x3F)
			b.WriteString(`\u`)
			b.WriteByte(hex[u>>12])
			b.WriteByte(hex[u>>8&15])
			b.WriteByte(hex[u>>4&15])
			b.WriteByte(hex[u&15])
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
}

// jsNumber is Number::toString(x) as JSON writes it: null for NaN and the
// infinities, 0 for -0; otherwise the shortest digits that round-trip, in
// decimal notation when the exponent is within [-6, 21), else d.ddde±n.
func jsNumber(x float64) string {
	switch {
	case x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308:
		return "null"
	case x == 0:
		return "0"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	e := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX: the shortest digits
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	p, _ := strconv.Atoi(exp)
	k, n := len(digits), p+1 // x = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	ex := strconv.Itoa(max(n-1, 1-n))
	if k == 1 {
		return sign + digits + "e" + es + ex
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es + ex
}
