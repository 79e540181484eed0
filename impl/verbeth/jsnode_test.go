package verbeth

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"reflect"
	"testing"
)

// The fast paths agree with the character-by-character model of Node's
// decoder (itself checked against Node in TestCrosscheckDeployedBehaviour),
// and the canonical-form check with a decode/re-encode round trip.
func TestBase64FastPaths(t *testing.T) {
	alphabet := []string{"A", "Q", "z", "0", "+", "/", "-", "_", "=", "==", " ", "\n", "\r", "*", "\u0141", "\xed\xa0\xbd"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b []byte
		for range rng.IntN(14) {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		s := string(b)
		if got, want := nodeBase64(s), nodeBase64Slow(s); !bytes.Equal(got, want) {
			t.Fatalf("nodeBase64(%q) = %x, slow path %x", s, got, want)
		}
		out, err := base64.StdEncoding.Strict().DecodeString(s)
		canonical := err == nil && base64.StdEncoding.EncodeToString(out) == s
		if b64Canonical(s) != canonical {
			t.Fatalf("b64Canonical(%q) = %v", s, !canonical)
		}
		if _, c := decodeBase64(s); c != canonical {
			t.Fatalf("decodeBase64(%q) says canonical %v", s, c)
		}
	}
	for n := range 40 {
		b := bytes.Repeat([]byte{0xA5}, n)
		s := base64.StdEncoding.EncodeToString(b)
		if !b64Canonical(s) || !bytes.Equal(nodeBase64(s), b) {
			t.Fatalf("length %d", n)
		}
	}
}

// The envelope's fast path (decodeCanonicalEnvelope) takes only bytes the
// JSON path decodes to the same envelope in both profiles: the envelope as
// written, and each one-byte change of it (of a sample) that the fast path
// still takes.
func TestCanonicalEnvelopeFastPath(t *testing.T) {
	u := runUnit(t, Strict)
	env := u.resp.Ciphertext
	check := func(b []byte) bool {
		e, ok := decodeCanonicalEnvelope(nil, b)
		if !ok {
			return false
		}
		fast := &e
		for _, p := range []Profile{Strict, Deployed} {
			slow, err := readEnvelopeJSON(b).Envelope(p)
			if err != nil || !reflect.DeepEqual(fast, slow) {
				t.Fatalf("%q, %s: fast path %+v, JSON path %+v, %v", b, p, fast, slow, err)
			}
		}
		return true
	}
	if !check(env) {
		t.Fatal("the envelope as written misses the fast path")
	}
	taken := 0
	for i := range env {
		// Every byte of the members' framing and of epk and n, the last
		// quad of ct and what follows; a sample of ct's other bytes.
		if i >= 110 && i < len(env)-8 && i%97 != 0 {
			continue
		}
		for _, c := range []byte("\n\r=A/+\"\\ Bg") {
			b := append([]byte(nil), env...)
			b[i] = c
			if check(b) {
				taken++
			}
		}
	}
	if taken == 0 {
		t.Error("no changed envelope took the fast path")
	}
}
