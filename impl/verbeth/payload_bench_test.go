package verbeth

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// BenchmarkParseHandshakePayload parses what a fuzzer mostly feeds the
// plaintextPayload parser: short random bytes ("garbage"), and a payload
// with a few random bytes overwritten ("mutated"), under both profiles, as
// FuzzHandshakePayload does.
func BenchmarkParseHandshakePayload(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 13))
	payload := HandshakePayload{Note: "hello", Proof: IdentityProof{Message: "VerbEth Key Binding v1\nAddress: 0x00", Signature: "0x" + strings.Repeat("5a", 65)}}.Bytes()
	garbage, mutated := make([][]byte, 256), make([][]byte, 256)
	for i := range garbage {
		g := make([]byte, rng.IntN(48))
		for j := range g {
			g[j] = byte(rng.Uint32())
		}
		garbage[i] = g
		m := append([]byte(nil), payload...)
		for range 1 + rng.IntN(3) {
			m[rng.IntN(len(m))] = byte(rng.Uint32())
		}
		mutated[i] = m
	}
	for _, c := range []struct {
		name   string
		inputs [][]byte
	}{{"garbage", garbage}, {"mutated", mutated}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				in := c.inputs[i%len(c.inputs)]
				ParseHandshakePayload(in, Strict)
				ParseHandshakePayload(in, Deployed)
			}
		})
	}
}

// nodeHexUnits is nodeHex as it was first written: every code unit first,
// then the pairs. TestNodeHexUnits holds nodeHex to it.
func nodeHexUnits(s string) []byte {
	var units []uint16
	for u := range jsjson.Units(s) {
		units = append(units, u)
	}
	out := make([]byte, 0, len(units)/2)
	for i := 0; i+1 < len(units); i += 2 {
		a, b := unhex(byte(units[i])), unhex(byte(units[i+1]))
		if a < 0 || b < 0 {
			break
		}
		out = append(out, byte(a<<4|b))
	}
	return out
}

func TestNodeHexUnits(t *testing.T) {
	alphabet := []string{"0", "9", "a", "F", "g", "x", " ", "\u0130", "\u0161", "\u0100", "\U00010030", "\xed\xa0\xb0", "\xff", "\u0041"}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := nodeHex(s), nodeHexUnits(s); !bytes.Equal(got, want) {
			t.Fatalf("nodeHex(%q) = %x; reading every unit first gives %x", s, got, want)
		}
	}
}
