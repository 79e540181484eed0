package verbeth

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// writtenInner is a response's inner payload (§4.4) read by readWritten:
// the strings of the value JSON.parse would build of it.
type writtenInner struct {
	unifiedPubKeys, ephemeralPubKey, kemCiphertext string
	note                                           string
	message, signature, messageRawHex              string
	hasNote, hasRawHex                             bool
}

// readWritten reads the payload when it is, byte for byte, in the form
// RespondTo writes (the members in its order, no space):
//
//	{"unifiedPubKeys":S,"ephemeralPubKey":S,"kemCiphertext":S[,"note":S],
//	 "identityProof":{"message":S,"signature":S[,"messageRawHex":S]}}
//
// with valid UTF-8, base64 strings without escapes and the other strings
// without \u escapes of surrogates. Such a text is valid JSON in both
// profiles, without duplicate names or lone surrogates, so JSON.parse and
// jsjson's strict mode accept it, and its value is the one these strings
// make: the base64 strings share plain's memory, the others are unescaped
// into one new allocation. Anything else (false) is for the parser. It
// saves the parse tree and the parser's copies of escaped strings.
func readWritten(plain []byte) (w writtenInner, ok bool) {
	if !utf8.Valid(plain) {
		return w, false
	}
	r := writtenReader{s: unsafe.String(unsafe.SliceData(plain), len(plain))}
	var raw [4]string // note, message, signature, messageRawHex as written
	r.lit(`{"unifiedPubKeys":`)
	w.unifiedPubKeys = r.base64()
	r.lit(`,"ephemeralPubKey":`)
	w.ephemeralPubKey = r.base64()
	r.lit(`,"kemCiphertext":`)
	w.kemCiphertext = r.base64()
	if w.hasNote = r.has(`,"note":`); w.hasNote {
		raw[0] = r.str()
	}
	r.lit(`,"identityProof":{"message":`)
	raw[1] = r.str()
	r.lit(`,"signature":`)
	raw[2] = r.str()
	if w.hasRawHex = r.has(`,"messageRawHex":`); w.hasRawHex {
		raw[3] = r.str()
	}
	r.lit(`}}`)
	if r.bad || len(r.s) != 0 {
		return w, false
	}
	size := 0
	for _, s := range raw {
		size += len(s) // unescaping never lengthens a string
	}
	buf := make([]byte, 0, size)
	var str [4]string
	for i, s := range raw {
		start := len(buf)
		if buf, ok = jsjson.AppendUnescaped(buf, s); !ok {
			return w, false
		}
		str[i] = unsafe.String(unsafe.SliceData(buf[start:]), len(buf)-start) // buf is never written again
	}
	w.note, w.message, w.signature, w.messageRawHex = str[0], str[1], str[2], str[3]
	return w, true
}

// writtenReader reads a text of a known form; bad records the first
// departure from it, after which every read returns nothing.
type writtenReader struct {
	s   string
	bad bool
}

// lit reads the literal text l.
func (r *writtenReader) lit(l string) {
	if !r.has(l) {
		r.bad = true
	}
}

// has reads l if the text continues with it.
func (r *writtenReader) has(l string) bool {
	if r.bad || len(r.s) < len(l) || r.s[:len(l)] != l {
		return false
	}
	r.s = r.s[len(l):]
	return true
}

// str reads a string literal and returns its content as written (escapes
// included): no control character, every backslash followed by one more
// character (jsjson.AppendUnescaped judges the escapes). It looks for the
// quote and the backslashes with strings.IndexByte and for control
// characters eight bytes at a time: a byte loop cost 3% of a handshake.
func (r *writtenReader) str() string {
	if r.bad || len(r.s) == 0 || r.s[0] != '"' {
		r.bad = true
		return ""
	}
	for i := 1; ; {
		q := strings.IndexByte(r.s[i:], '"')
		if q < 0 {
			break
		}
		seg := r.s[i : i+q]
		b := strings.IndexByte(seg, '\\')
		if b < 0 {
			if hasControl(seg) {
				break
			}
			s := r.s[1 : i+q]
			r.s = r.s[i+q+1:]
			return s
		}
		if hasControl(seg[:b]) || i+b+2 > len(r.s) {
			break
		}
		i += b + 2 // past the escaped character: never the closing quote
	}
	r.bad = true
	return ""
}

// hasControl reports whether s holds a byte below 0x20.
func hasControl(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; len(s) >= 8; s = s[8:] {
		// A byte below 0x20 borrows into its high bit, which a byte of
		// 0x80 or more has already (and ^x clears).
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
		if (x-0x20*ones)&^x&highs != 0 {
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}

// base64 reads a string literal without escapes.
func (r *writtenReader) base64() string {
	s := r.str()
	if strings.IndexByte(s, '\\') >= 0 {
		r.bad = true
		return ""
	}
	return s
}
