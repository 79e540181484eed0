package verbeth

import (
	"strings"
	"testing"
)

// OpenResponse cuts one allocation into parts for the opened box,
// kemCiphertext and unifiedPubKeys (presize). Opening a
// response with a longer note into that result must give what a new
// result gives: a part that is too small moves out, never over the next
// (notes that make the opened box longer than its part, than it and
// kemCiphertext's, and than all parts).
func TestOpenResponseToIntoPresized(t *testing.T) {
	alice, bob := newUnitParty(t, "alice"), newUnitParty(t, "bob")
	a, seed := dr("presize/a", 32), dr("presize/seed", 64)
	hs := must(Initiate(InitiateParams{EphemeralSecret: a, MLKEMSeed: seed, RecipientAddress: bob.address,
		IdentityX25519: alice.xPub[:], IdentityEd25519: alice.edPub, Proof: alice.proof}))(t)
	pend := must(NewPendingWithKEM(a, hs.KEM))(t)
	event := func(note string) ResponseEvent {
		r := must(Respond(RespondParams{InitiatorEphemeralPubKey: hs.EphemeralPubKey, TagSecret: dr("presize/r", 32),
			RatchetSecret: dr("presize/rk_s", 32), MLKEMMessage: dr("presize/m", 32), BoxNonce: dr("presize/nonce", 24),
			ResponderKeys: bob.keys(), Note: note, Proof: bob.proof}, Strict))(t)
		return ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: r.Ciphertext}
	}
	short := event("hi")
	for _, n := range []int{40, 240, 400} {
		o := must(OpenResponse(pend, short, Strict))(t)
		long := event(strings.Repeat("a longer note ", n))
		want := must(OpenResponse(pend, long, Strict))(t)
		if err := OpenResponseTo(o, pend, long, Strict); err != nil {
			t.Fatal(err)
		}
		if g, w := *o, *want; !equalOpened(g, w) {
			t.Fatalf("ciphertext of %d bytes: OpenResponseTo into a presized result gives\n%+v\nwant\n%+v", len(long.Ciphertext), g, w)
		}
	}
}

func equalOpened(a, b OpenedResponse) bool {
	return string(a.InnerPlaintext) == string(b.InnerPlaintext) && string(a.KEMCiphertext) == string(b.KEMCiphertext) &&
		string(a.ResponderPubKeys) == string(b.ResponderPubKeys) && a.EPK == b.EPK && a.Nonce == b.Nonce &&
		a.Note == b.Note && a.Proof == b.Proof && a.KEMSecret == b.KEMSecret && a.Tag == b.Tag
}

// Only a ciphertext with the written envelope's frame is presized: text
// that merely starts like one would otherwise allocate 1.5 times its
// length before the decoder rejects it.
func TestPresizeNeedsEnvelopeFrame(t *testing.T) {
	var o OpenedResponse
	o.presize([]byte(`{"v":1,"epk":"` + strings.Repeat("A", 1<<12)))
	if o.InnerPlaintext != nil || o.KEMCiphertext != nil {
		t.Fatalf("presized for a text without the envelope's frame: %d + %d bytes", cap(o.InnerPlaintext), cap(o.KEMCiphertext))
	}
}
