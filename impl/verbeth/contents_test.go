package verbeth

import (
	"bytes"
	"testing"
)

// Contents gives what Box, InnerPlaintext and KEMCiphertext give, in
// memory of its own, on both of kemCiphertextOf's paths: the inner JSON as
// readWritten reads it, and one with a lone surrogate in the note (written
// as a \u escape, which only the parser reads). kemCiphertext is the unit
// handshake's (the same ek and message), as its opener read it.
func TestContentsIsTheMethods(t *testing.T) {
	u := runUnit(t, Strict)
	for _, note := range []string{"hello", "lone \xed\xa0\x80 surrogate"} {
		rp := RespondParams{InitiatorEphemeralPubKey: u.hs.EphemeralPubKey, TagSecret: dr("contents/r", 32),
			RatchetSecret: dr("contents/rk_s", 32), MLKEMMessage: dr("mlkem-m", 32), BoxNonce: dr("contents/nonce", 24),
			ResponderKeys: u.bob.keys(), Note: note, Proof: u.bob.proof}
		r := must(Respond(rp, Strict))(t)
		box, inner, kem := r.Contents()
		if _, written := readWritten(inner); written != (note == "hello") {
			t.Fatalf("note %q: readWritten reads the inner JSON: %v", note, written)
		}
		if !bytes.Equal(kem, u.opened.KEMCiphertext) || !bytes.Equal(r.KEMCiphertext(), kem) {
			t.Fatalf("note %q: kemCiphertext of %d bytes, KEMCiphertext() %d, want the unit's %x...", note, len(kem), len(r.KEMCiphertext()), u.opened.KEMCiphertext[:8])
		}
		if !bytes.Equal(box, r.Box()) || !bytes.Equal(inner, r.InnerPlaintext()) {
			t.Fatalf("note %q: Contents differs from Box and InnerPlaintext", note)
		}
		for _, b := range [][]byte{box, inner, kem} {
			for i := range b {
				b[i] ^= 0xff
			}
		}
		if !bytes.Equal(kem, flipped(r.KEMCiphertext())) || !bytes.Equal(box, flipped(r.Box())) || !bytes.Equal(inner, flipped(r.InnerPlaintext())) {
			t.Fatalf("note %q: Contents' results share memory", note)
		}
	}
}

func flipped(b []byte) []byte {
	c := bytes.Clone(b)
	for i := range c {
		c[i] ^= 0xff
	}
	return c
}
