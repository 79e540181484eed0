package verbeth

import (
	"fmt"
	"testing"

	"github.com/pqhs/pqhs/internal/cputime"
)

func TestZZAllocs(t *testing.T) {
	u := runUnit(t, Strict)
	a, seed := dr("a", 32), dr("mlkem-seed", 64)
	ip := InitiateParams{EphemeralSecret: a, MLKEMSeed: seed, RecipientAddress: u.bob.address,
		IdentityX25519: u.alice.xPub[:], IdentityEd25519: u.alice.edPub, Note: unitNoteA, Proof: u.alice.proof}
	rp := RespondParams{TagSecret: dr("r", 32), RatchetSecret: dr("rk_s", 32), MLKEMMessage: dr("mlkem-m", 32),
		BoxNonce: dr("box-nonce", 24), ResponderKeys: u.bob.keys(), Note: "Hi Alice", Proof: u.bob.proof}
	hs, _ := Initiate(ip)
	rp.InitiatorEphemeralPubKey = hs.EphemeralPubKey
	r, _ := Respond(rp, Strict)
	pend, _ := NewPendingWithKEM(a, hs.KEM)
	ev := ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: r.Ciphertext}
	o, err := OpenResponse(pend, ev, Strict)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("hs: pub %d epk %d payload %d\n", len(hs.PubKeys), len(hs.EphemeralPubKey), len(hs.PlaintextPayload))
	fmt.Printf("r: ct %d kemct %d inner %d box %d\n", len(r.Ciphertext), len(r.KEMCiphertext), len(r.InnerPlaintext), len(r.Box))
	fmt.Printf("o: envbox %d inner %d kemct %d rpk %d note %d proof %d %d %d\n", len(o.Envelope.Box), len(o.InnerPlaintext), len(o.KEMCiphertext), len(o.ResponderPubKeys), len(o.Note), len(o.Proof.Message), len(o.Proof.Signature), len(o.Proof.MessageRawHex))
	b, n := cputime.Allocs(50, func() { Initiate(ip) })
	fmt.Printf("Initiate %.0f B %.1f allocs\n", b, n)
	b, n = cputime.Allocs(50, func() { Respond(rp, Strict) })
	fmt.Printf("Respond %.0f B %.1f allocs\n", b, n)
	b, n = cputime.Allocs(50, func() {
		p2, _ := NewPendingWithKEM(a, hs.KEM)
		OpenResponse(p2, ev, Strict)
	})
	fmt.Printf("Open %.0f B %.1f allocs\n", b, n)
	b, n = cputime.Allocs(50, func() { NewPendingWithKEM(a, hs.KEM) })
	fmt.Printf("pending %.0f B %.1f allocs\n", b, n)
	b, n = cputime.Allocs(50, func() { HybridInitialSecret(o.SharedX25519[:], o.KEMSecret[:]) })
	fmt.Printf("hybrid %.0f B %.1f allocs\n", b, n)
}
