// Package detrand gives labelled deterministic bytes for test vectors and
// tests: the same label always gives the same bytes, on every machine and in
// every Go version.
//
// Bytes(label, n) is the first n bytes of SHAKE-256("pqhs detrand v1\x00" ‖
// label). Labels are plain text and name the value they make, for example
// "ixian/key-agreement/tc7/acceptor-mlkem-seed", so a vector file can say how
// each of its random inputs was drawn and anyone can redraw it.
package detrand

import (
	"crypto/sha3"
	"io"
)

const domain = "pqhs detrand v1\x00"

// Bytes returns n bytes determined by label alone.
func Bytes(label string, n int) []byte {
	out := make([]byte, n)
	Reader(label).Read(out)
	return out
}

// Reader returns an endless stream determined by label alone. Use it where an
// API wants an io.Reader; Go 1.26's key generators ignore it, so build keys
// from explicit seeds instead.
func Reader(label string) io.Reader {
	h := sha3.NewSHAKE256()
	h.Write([]byte(domain))
	h.Write([]byte(label))
	return h
}
