// Package fasthex encodes lowercase hexadecimal as encoding/hex does, faster:
// the vector format carries every byte string as hex, and differential
// fuzzing writes kilobytes of it per generated case (64 KiB is one of the
// sizes it tries). On amd64, 16 bytes at a time in SSE2 registers (about
// 7 times encoding/hex's speed on 64 KiB; a table lookup per byte, the
// code elsewhere or with the purego tag, was about twice). (Decoding was
// tried too: a word-at-a-time decoder was no faster than encoding/hex's.)
package fasthex

import "encoding/binary"

// pairs[b] is the two hex digits of b, first digit in the low byte.
var pairs = func() (t [256]uint16) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = uint16(digits[i>>4]) | uint16(digits[i&15])<<8
	}
	return t
}()

// Encode writes the lowercase hex of src into dst, which must hold
// 2*len(src) bytes, and returns that length: hex.Encode.
func Encode(dst, src []byte) int {
	encode(dst[:2*len(src)], src)
	return 2 * len(src)
}

// encodeGeneric is Encode in Go, a table lookup per byte: what is left
// after encodeBlocks, and the whole on other architectures.
func encodeGeneric(dst, src []byte) {
	dst = dst[:2*len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		s := src[i : i+4 : i+4]
		binary.LittleEndian.PutUint64(dst[2*i:2*i+8], uint64(pairs[s[0]])|uint64(pairs[s[1]])<<16|uint64(pairs[s[2]])<<32|uint64(pairs[s[3]])<<48)
	}
	for ; i < len(src); i++ {
		binary.LittleEndian.PutUint16(dst[2*i:], pairs[src[i]])
	}
}

// AppendEncode appends the lowercase hex of src to dst: hex.AppendEncode.
func AppendEncode(dst, src []byte) []byte {
	n := len(dst)
	if cap(dst)-n < 2*len(src) {
		nb := make([]byte, n, n+2*len(src))
		copy(nb, dst)
		dst = nb
	}
	dst = dst[:n+2*len(src)]
	Encode(dst[n:], src)
	return dst
}
