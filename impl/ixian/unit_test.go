package ixian

import (
	"fmt"

	"github.com/pqhs/pqhs/internal/detrand"
)

// The fixed handshakes of testdata/crosscheck.json. Every input is drawn
// from detrand under "ixian/unit/<case>/…"; crosscheck/ixian.mjs draws the
// same inputs and recomputes every value with @noble/*.
//
// counter selects the requester's scalar so that the ECDH secret has
// secretLen bytes after its leading zero bytes are stripped; it is the
// first counter that does (TestSearchSecretLengths).
type unitCase struct {
	name      string
	secretLen int
	counter   int64
}

var unitCases = []unitCase{
	{"hs66", 66, 0},
	{"hs65", 65, 0},
	{"hs64", 64, 279},
	{"hs63", 63, 726},
}

func unitBytes(c, label string, n int) []byte {
	return detrand.Bytes("ixian/unit/"+c+"/"+label, n)
}

// unitScalar draws a secp521r1 scalar: 66 bytes with the top 7 bits
// cleared, so below 2^521; it is at least n (invalid) with probability
// about 2^-260.
func unitScalar(c, label string) []byte {
	b := unitBytes(c, label, ECDHScalarSize)
	b[0] &= 1
	return b
}

func requesterScalarLabel(k int64) string {
	return fmt.Sprintf("requester/ecdh-scalar/%d", k)
}
