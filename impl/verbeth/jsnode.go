package verbeth

// The SDK runs on JavaScript: Node's Buffer decodes its base64 and hex,
// ethers normalises its addresses, String.prototype.trim and toLowerCase
// shape its proof parser, Number() reads its chain ids. The Deployed profile
// needs each of these exactly; this file has them, each checked against the
// real thing (see the tests and crosscheck/verbeth.mjs).

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/pqhs/pqhs/internal/jsjson"
)

func hexs(b []byte) string { return hex.EncodeToString(b) }

// b64Canonical reports whether s is canonical standard base64: the
// alphabet A-Z a-z 0-9 + /, '=' padding to a multiple of four, zero unused
// bits, nothing else. Every such string decodes to the same bytes under
// Node's rules.
func b64Canonical(s string) bool {
	if len(s)%4 != 0 {
		return false
	}
	pad := 0
	if len(s) > 0 && s[len(s)-1] == '=' {
		pad++
		if s[len(s)-2] == '=' {
			pad++
		}
	}
	body := s[:len(s)-pad]
	for i := 0; i < len(body); i++ {
		if c := body[i]; c == '-' || c == '_' || nodeBase64Value[c] < 0 {
			return false
		}
	}
	if pad == 0 {
		return true
	}
	last := nodeBase64Value[body[len(body)-1]]
	if pad == 1 {
		return last&0x03 == 0 // 18 bits used of 3 characters
	}
	return last&0x0F == 0 // 12 bits used of 2 characters
}

var nodeBase64Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < 64; i++ {
		t[std[i]] = int8(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

// nodeBase64 decodes s (a JavaScript string, in WTF-8) as Node's
// Buffer.from(s, 'base64') does (Node 20):
//   - each UTF-16 code unit is read by its low byte only;
//   - both the standard and the URL-safe alphabet are accepted;
//   - '=' (by its low byte) ends the data wherever it appears;
//   - every other byte is skipped;
//   - a final group of 2 or 3 characters gives 1 or 2 bytes, a lone final
//     character is dropped, and unused low bits are ignored.
func nodeBase64(s string) []byte {
	b, _ := decodeBase64(s)
	return b
}

// decodeBase64 is nodeBase64 that also reports whether s is canonical
// (b64Canonical), without a second pass over s.
func decodeBase64(s string) (b []byte, canonical bool) {
	// Fast path: what Go's padded standard decoder accepts (it skips \r and
	// \n, so those take the slow path) decodes the same under Node's rules,
	// and is canonical unless the unused bits are set. Every canonical
	// string takes this path.
	if strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, '\n') < 0 {
		if out, err := base64.StdEncoding.DecodeString(s); err == nil {
			return out, unusedBitsZero(s)
		}
	}
	return nodeBase64Slow(s), false
}

// appendBase64 is decodeBase64 appending to dst.
func appendBase64(dst []byte, s string) (b []byte, canonical bool) {
	if strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, '\n') < 0 {
		// AppendDecode only reads its src.
		if out, err := base64.StdEncoding.AppendDecode(dst, unsafe.Slice(unsafe.StringData(s), len(s))); err == nil {
			return out, unusedBitsZero(s)
		}
	}
	return append(dst, nodeBase64Slow(s)...), false
}

// unusedBitsZero reports whether the low bits of a padded base64 string's
// last character, which no byte uses, are zero.
func unusedBitsZero(s string) bool {
	switch {
	case strings.HasSuffix(s, "=="):
		return nodeBase64Value[s[len(s)-3]]&0x0F == 0 // 12 bits used of 2 characters
	case strings.HasSuffix(s, "="):
		return nodeBase64Value[s[len(s)-2]]&0x03 == 0 // 18 bits used of 3 characters
	}
	return true
}

func nodeBase64Slow(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for u := range jsjson.Units(s) {
		c := byte(u)
		v := nodeBase64Value[c]
		if v < 0 {
			if c == '=' {
				break
			}
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// nodeHex decodes s as Buffer.from(s, 'hex') does: pairs of hex digits,
// each UTF-16 code unit read by its low byte, stopping at the first pair that
// is not two hex digits; an odd final digit is dropped. It stops at the
// first unit that is not a digit (no pair after it counts), and reads ASCII,
// whose bytes are its units, without decoding.
func nodeHex(s string) []byte {
	out := make([]byte, 0, len(s)/2)
	hi := -1 // the first digit of a pair, once read
	i := 0
	for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
		v := unhex(s[i])
		if v < 0 {
			return out
		}
		if hi < 0 {
			hi = v
		} else {
			out, hi = append(out, byte(hi<<4|v)), -1
		}
	}
	for u := range jsjson.Units(s[i:]) {
		v := unhex(byte(u))
		if v < 0 {
			return out
		}
		if hi < 0 {
			hi = v
		} else {
			out, hi = append(out, byte(hi<<4|v)), -1
		}
	}
	return out
}

// isJSSpace is the set String.prototype.trim removes: WhiteSpace and
// LineTerminator of ECMA-262 (unlike Go's unicode.IsSpace it excludes U+0085
// and includes U+FEFF).
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// jsLower is String.prototype.toLowerCase: Unicode's full lowercase mapping.
// It differs from strings.ToLower only for U+0130, which becomes "i\u0307".
func jsLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

var (
	jsDecimal = lazyRegexp(`^[+-]?(Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)$`)
	jsRadix   = lazyRegexp(`^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$`)
)

// jsNumber is Number(s) for a string: surrounding whitespace ignored, "" is
// 0, decimal with sign, point and exponent, Infinity, and unsigned 0x, 0o,
// 0b integers; anything else is NaN.
func jsNumber(s string) float64 {
	s = jsTrim(s)
	switch {
	case s == "":
		return 0
	case jsDecimal.MatchString(s):
		sign := 1.0
		if s[0] == '+' || s[0] == '-' {
			if s[0] == '-' {
				sign = -1
			}
			s = s[1:]
		}
		if s == "Infinity" {
			return math.Inf(int(sign))
		}
		f, _ := strconv.ParseFloat(s, 64) // ±Inf on overflow, as in JavaScript
		return sign * f
	case jsRadix.MatchString(s):
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		n, _ := new(big.Int).SetString(s[2:], base)
		f, _ := new(big.Float).SetInt(n).Float64() // round to nearest, as JavaScript does
		return f
	}
	return math.NaN()
}

// checksumAddress is EIP-55: 0x and 40 hex digits, a letter upper-cased
// where the corresponding nibble of keccak256(lowercase hex) is 8 or more.
func checksumAddress(addr []byte) string {
	lower := hex.EncodeToString(addr)
	h := Keccak256([]byte(lower))
	out := []byte("0x" + lower)
	for i := 0; i < 40; i++ {
		nib := h[i/2] >> 4
		if i%2 == 1 {
			nib = h[i/2] & 0x0F
		}
		if nib >= 8 && out[2+i] >= 'a' {
			out[2+i] -= 'a' - 'A'
		}
	}
	return string(out)
}

var (
	ethersHexAddress = lazyRegexp(`^(0x)?[0-9a-fA-F]{40}$`)
	ethersMixedCase  = lazyRegexp(`[A-F].*[a-f]|[a-f].*[A-F]`)
	ethersICAP       = lazyRegexp(`^XE[0-9]{2}[0-9A-Za-z]{30,31}$`)
)

// ethersGetAddress is ethers v6 getAddress: 40 hex digits with or without
// 0x; if the digits mix cases they must be the EIP-55 checksum; also ICAP
// direct addresses (XE, two check digits, base 36). It returns the 20 bytes.
func ethersGetAddress(s string) ([]byte, bool) {
	if ethersHexAddress.MatchString(s) {
		digits := strings.TrimPrefix(s, "0x")
		b, _ := hex.DecodeString(digits)
		if ethersMixedCase.MatchString("0x"+digits) && checksumAddress(b) != "0x"+digits {
			return nil, false
		}
		return b, true
	}
	if ethersICAP.MatchString(s) {
		if s[2:4] != ibanChecksum(s) {
			return nil, false
		}
		n, _ := new(big.Int).SetString(strings.ToLower(s[4:]), 36)
		if n.BitLen() > 160 {
			return nil, false // ethers builds a 41-digit "address" that nothing then accepts
		}
		return n.FillBytes(make([]byte, 20)), true
	}
	return nil, false
}

// ibanChecksum is the ISO 7064 mod 97-10 check of an ICAP address, as
// ethers computes it.
func ibanChecksum(s string) string {
	s = strings.ToUpper(s)
	s = s[4:] + s[:2] + "00"
	var digits strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			digits.WriteByte(c)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	r := new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return strconv.FormatInt(98-r+100, 10)[1:] // two digits
}

// strictAddress accepts the form the SDK writes: 0x and 40 lowercase hex.
func strictAddress(s string) ([]byte, bool) {
	if len(s) != 42 || s[:2] != "0x" || strings.ToLower(s) != s {
		return nil, false
	}
	b, err := hex.DecodeString(s[2:])
	return b, err == nil
}

// addressString is the lowercase 0x form of a 20-byte address.
func addressString(b []byte) string { return "0x" + hex.EncodeToString(b) }
