package jsjson

import (
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
// JSON.parse has no fixed limit; this one keeps hostile input from costing
// unbounded stack, and no protocol message comes near it.
const MaxDepth = 512

// SyntaxError reports JSON text that JSON.parse would reject, or that the
// strict mode rejects.
type SyntaxError struct {
	Offset int    // byte offset in the text where the problem was found
	Msg    string // what was wrong
}

func (e *SyntaxError) Error() string {
	return "jsjson: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Mode selects what Parse accepts beyond the JSON grammar.
type Mode uint8

const (
	// Lenient accepts what JSON.parse accepts: duplicate member names (the
	// last wins in Get) and \u escapes of lone surrogates.
	Lenient Mode = iota
	// Strict also rejects duplicate member names and lone surrogates.
	Strict
)

// Parse parses one JSON text, surrounded by optional JSON whitespace, as
// JSON.parse does. text must be valid UTF-8 (DecodeText produces such text
// from any bytes); anything else is a SyntaxError.
func Parse(text string, mode Mode) (Value, error) {
	v, strictErr, err := ParseLenient(text)
	if err == nil && mode == Strict && strictErr != nil {
		return Value{}, strictErr
	}
	return v, err
}

// ParseLenient parses as Parse does in Lenient mode and also reports the
// first thing Strict mode would have rejected (a duplicate member name or a
// lone surrogate), so that a caller can apply both rules in one pass.
func ParseLenient(text string) (v Value, strictErr, err error) {
	if !utf8.ValidString(text) {
		return Value{}, nil, &SyntaxError{Offset: invalidOffset(text), Msg: "invalid UTF-8"}
	}
	return parseValid(text)
}

// ParseBytes parses the text new TextDecoder().decode(b) gives, as
// ParseLenient(DecodeText(b)) does (the same value and errors), without
// checking again that the text DecodeText made is UTF-8.
//
// Bytes that are not UTF-8 are first parsed as far as a short window past
// the first ill-formed sequence: a rejection found well before the
// window's end is the whole text's, and decoding the rest is skipped. A
// fuzzer's JSON text extended with 64 KiB of random bytes is rejected a
// few bytes after its value, and decoding the random bytes cost ten times
// the parse.
func ParseBytes(b []byte) (v Value, strictErr, err error) {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	if k := invalidUTF8(b); k+parseWindow < len(b) {
		// The text decoded from b[:m] is that of b but for its last
		// character at most (the window may cut a sequence, which then
		// decodes to one U+FFFD), so it agrees with the whole text on all
		// but its last 3 bytes. The parser looks at most 6 bytes past the
		// offset of a rejection (a \u escape), and tells the end of its
		// text from a character only there: a rejection that far inside
		// the agreeing part is the whole text's.
		text := decodeUTF8(b[:k+parseWindow])
		if _, _, err := parseValid(text); err != nil {
			if se, ok := err.(*SyntaxError); ok && se.Offset+8 <= len(text)-3 {
				return Value{}, nil, err
			}
		}
	}
	return parseValid(decodeUTF8(b))
}

// parseWindow is how far past the first ill-formed sequence ParseBytes
// parses before it decodes the whole text.
const parseWindow = 256

// invalidUTF8 returns the offset of the first ill-formed sequence of b, or
// len(b).
func invalidUTF8(b []byte) int {
	i := 0
	for i < len(b) {
		for i+8 <= len(b) && (uint64(b[i])|uint64(b[i+1])|uint64(b[i+2])|uint64(b[i+3])|
			uint64(b[i+4])|uint64(b[i+5])|uint64(b[i+6])|uint64(b[i+7]))&0x80 == 0 {
			i += 8
		}
		if i >= len(b) {
			break
		}
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// parseValid is ParseLenient of text known to be valid UTF-8.
func parseValid(text string) (v Value, strictErr, err error) {
	p := parser{s: text}
	p.skipSpace()
	v, err = p.value(0)
	if err != nil {
		return Value{}, nil, err
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return Value{}, nil, p.fail("unexpected data after the JSON value")
	}
	return v, p.strictErr, nil
}

func invalidOffset(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(s)
}

type parser struct {
	s         string
	i         int
	strictErr error // the first violation of Strict mode's extra rules
}

// violate records msg as the first violation of Strict mode's rules, if
// there was none before.
func (p *parser) violate(offset int, msg string) {
	if p.strictErr == nil {
		p.strictErr = &SyntaxError{Offset: offset, Msg: msg}
	}
}

// fail returns a SyntaxError at the current offset. The messages are
// built by concatenation, not fmt: on hostile input most parses end here,
// and fmt.Sprintf was an eighth of a short parse. Each reads as the fmt
// verb it replaces would print it (%q of a byte is strconv.QuoteRune of
// it, %q of a string strconv.Quote, %c of a byte its code point); the
// tests compare them with fmt.
func (p *parser) fail(msg string) error {
	return &SyntaxError{Offset: p.i, Msg: msg}
}

// nestingMsg is the message for nesting deeper than MaxDepth.
var nestingMsg = "nesting deeper than " + strconv.Itoa(MaxDepth)

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	if p.i >= len(p.s) {
		return Value{}, p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		return Str(s), err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return Boolean(true), p.literal("true")
	case c == 'f':
		return Boolean(false), p.literal("false")
	case c == 'n':
		return Value{}, p.literal("null")
	default:
		msg := append(make([]byte, 0, 32), "unexpected character "...)
		return Value{}, p.fail(string(strconv.AppendQuoteRune(msg, rune(c))))
	}
}

func (p *parser) literal(word string) error {
	if len(p.s)-p.i < len(word) || p.s[p.i:p.i+len(word)] != word {
		return p.fail("invalid literal")
	}
	p.i += len(word)
	return nil
}

func (p *parser) object(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail(nestingMsg)
	}
	p.i++ // {
	v := Value{Kind: Object, Members: []Member{}}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v, nil
	}
	v.Members = make([]Member, 0, 4)
	var seen map[string]bool
	for {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return Value{}, p.fail("expected a member name")
		}
		at := p.i
		name, err := p.str()
		if err != nil {
			return Value{}, err
		}
		if p.strictErr == nil && duplicateName(v.Members, name, &seen) {
			p.violate(at, "duplicate member name "+strconv.Quote(name))
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return Value{}, p.fail("expected ':'")
		}
		p.i++
		p.skipSpace()
		m, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Members = append(v.Members, Member{Name: name, Value: m})
		p.skipSpace()
		if p.i >= len(p.s) {
			return Value{}, p.fail("unexpected end of input in an object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return v, nil
		default:
			return Value{}, p.fail("expected ',' or '}'")
		}
	}
}

// duplicateName reports whether name is among the members so far: by a
// scan while they are few, by a set once they are many (a hostile object
// may have millions). seen holds the set.
func duplicateName(members []Member, name string, seen *map[string]bool) bool {
	const few = 16
	if len(members) < few {
		for _, m := range members {
			if m.Name == name {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*few)
		for _, m := range members {
			(*seen)[m.Name] = true
		}
	}
	dup := (*seen)[name]
	(*seen)[name] = true
	return dup
}

func (p *parser) array(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail(nestingMsg)
	}
	p.i++ // [
	v := Value{Kind: Array, Elems: []Value{}}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		p.skipSpace()
		e, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Elems = append(v.Elems, e)
		p.skipSpace()
		if p.i >= len(p.s) {
			return Value{}, p.fail("unexpected end of input in an array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return v, nil
		default:
			return Value{}, p.fail("expected ',' or ']'")
		}
	}
}

func (p *parser) number() (Value, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.i < len(p.s) && p.s[p.i] >= '1' && p.s[p.i] <= '9':
		p.digits()
	default:
		return Value{}, p.fail("invalid number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return Value{}, p.fail("invalid number: no digits after '.'")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return Value{}, p.fail("invalid number: no exponent digits")
		}
	}
	// The grammar above is a subset of ParseFloat's; out-of-range values
	// become ±Inf or 0 as in JavaScript, so the range error is ignored.
	f, _ := strconv.ParseFloat(p.s[start:p.i], 64)
	return Num(f), nil
}

func (p *parser) digits() int {
	n := 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
		n++
	}
	return n
}

// plainInString marks the bytes a string holds as they are: all but the
// quote, the backslash and control characters.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return
}()

// plainWord reports whether the 8 bytes of s are all plainInString: none a
// quote, a backslash or a control character. It tests them at once, by the
// borrows of a subtraction per byte lane: b - x sets a lane's high bit where
// b < x, and b ^ c is 0 where b = c; the lanes of bytes >= 0x80 are masked
// off (those are plain). A lane borrows from the next only where it holds
// such a byte itself, so the answer for the word is exact.
func plainWord(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	control := w - ones*0x20
	quote := (w ^ ones*'"') - ones
	backslash := (w ^ ones*'\\') - ones
	return (control|quote|backslash)&^w&highs == 0
}

// skipPlain moves past the bytes a string holds as they are, eight at a
// time while there are eight: base64 strings of kilobytes come through here.
func (p *parser) skipPlain() {
	for p.i+8 <= len(p.s) && plainWord(p.s[p.i:p.i+8]) {
		p.i += 8
	}
	for p.i < len(p.s) && plainInString[p.s[p.i]] {
		p.i++
	}
}

// str parses a string literal and returns its content in WTF-8.
func (p *parser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes. Skip the bytes that cannot end it first.
	p.skipPlain()
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.fail("control character in a string")
		}
		p.i++
	}
	buf := []byte(p.s[start:p.i])
	var pendingHigh rune = -1 // a \u escape of a high surrogate waiting for its low half
	flush := func() error {
		if pendingHigh >= 0 {
			p.violate(p.i, "lone surrogate")
			buf = appendWTF8(buf, pendingHigh)
			pendingHigh = -1
		}
		return nil
	}
	for {
		if p.i >= len(p.s) {
			return "", p.fail("unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			if err := flush(); err != nil {
				return "", err
			}
			p.i++
			return unsafe.String(unsafe.SliceData(buf), len(buf)), nil // buf is not used again
		case c < 0x20:
			return "", p.fail("control character in a string")
		case c != '\\':
			if err := flush(); err != nil {
				return "", err
			}
			from := p.i
			p.skipPlain()
			buf = append(buf, p.s[from:p.i]...)
			continue
		}
		// An escape.
		if p.i+1 >= len(p.s) {
			return "", p.fail("unterminated escape")
		}
		e := p.s[p.i+1]
		if e != 'u' {
			if err := flush(); err != nil {
				return "", err
			}
			b, ok := simpleEscape(e)
			if !ok {
				return "", p.fail("invalid escape \\" + string(rune(e)))
			}
			buf = append(buf, b)
			p.i += 2
			continue
		}
		if p.i+6 > len(p.s) {
			return "", p.fail("short \\u escape")
		}
		u, err := strconv.ParseUint(p.s[p.i+2:p.i+6], 16, 16)
		if err != nil || !isHex4(p.s[p.i+2:p.i+6]) {
			return "", p.fail("invalid \\u escape")
		}
		r := rune(u)
		switch {
		case r >= 0xDC00 && r <= 0xDFFF && pendingHigh >= 0:
			buf = utf8.AppendRune(buf, 0x10000+(pendingHigh-0xD800)<<10+(r-0xDC00))
			pendingHigh = -1
		case r >= 0xD800 && r <= 0xDBFF:
			if err := flush(); err != nil {
				return "", err
			}
			pendingHigh = r
		default:
			if err := flush(); err != nil {
				return "", err
			}
			if isSurrogate(r) { // a lone low surrogate
				p.violate(p.i, "lone surrogate")
			}
			buf = appendWTF8(buf, r)
		}
		p.i += 6
	}
}

// simpleEscape is the character that the two-character escape \e stands
// for, and false for any e but those (\u among them).
func simpleEscape(e byte) (byte, bool) {
	switch e {
	case '"', '\\', '/':
		return e, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// AppendUnescaped appends to dst the value of s, the content of a JSON
// string between its quotes (valid UTF-8 without control characters, every
// quote escaped), as
// the parser decodes it; false for an invalid escape or a \u escape of a
// surrogate, paired or not, which are left to the parser (it pairs them,
// and Strict refuses a lone one).
func AppendUnescaped(dst []byte, s string) ([]byte, bool) {
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\\' {
			i++
		}
		dst = append(dst, s[:i]...)
		if s = s[i:]; len(s) == 0 {
			break
		}
		if len(s) < 2 {
			return dst, false
		}
		if b, ok := simpleEscape(s[1]); ok {
			dst = append(dst, b)
			s = s[2:]
			continue
		}
		if s[1] != 'u' || len(s) < 6 || !isHex4(s[2:6]) {
			return dst, false
		}
		u, _ := strconv.ParseUint(s[2:6], 16, 16)
		if isSurrogate(rune(u)) {
			return dst, false
		}
		dst = utf8.AppendRune(dst, rune(u))
		s = s[6:]
	}
	return dst, true
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
