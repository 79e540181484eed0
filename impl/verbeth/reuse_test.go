package verbeth

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// InitiateTo, RespondTo and OpenResponseTo, run again and again into the
// same three values, give what Initiate, Respond and OpenResponse give:
// nothing of an earlier handshake shows through, whether the next one is
// longer or shorter (note, proof), has no note, takes the envelope's JSON
// path, or follows a call that failed half-way.
func TestReuseGivesTheSameResults(t *testing.T) {
	alice, bob := newUnitParty(t, "alice"), newUnitParty(t, "bob")
	type step struct {
		name    string
		p       Profile
		note    string
		omit    bool
		proof   IdentityProof
		spaced  bool // the envelope with a space: the JSON path
		failing bool // RespondTo and OpenResponseTo fail (a small-order A in Strict; a wrong tag)
	}
	steps := []step{
		{name: "long note", p: Strict, note: strings.Repeat(unitNoteA, 20), proof: alice.proof},
		{name: "short note", p: Strict, note: "hi", proof: bob.proof},
		{name: "no note", p: Deployed, omit: true, proof: alice.proof},
		{name: "failing", p: Strict, note: "x", proof: alice.proof, failing: true},
		{name: "JSON path", p: Deployed, note: "spaced", proof: bob.proof, spaced: true},
		{name: "after the JSON path", p: Strict, note: unitNoteA, proof: alice.proof},
	}
	hs, r, o := new(Handshake), new(Response), new(OpenedResponse)
	for i, s := range steps {
		label := string(rune('a' + i))
		ip := InitiateParams{EphemeralSecret: dr("reuse/a/"+label, 32), MLKEMSeed: dr("reuse/seed/"+label, 64), RecipientAddress: bob.address,
			IdentityX25519: alice.xPub[:], IdentityEd25519: alice.edPub, Note: s.note, Proof: s.proof, Profile: s.p}
		want := must(Initiate(ip))(t)
		if err := InitiateTo(hs, ip); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !bytes.Equal(hs.KEM.Seed(), want.KEM.Seed()) || !bytes.Equal(hs.KEMPublicKey, want.KEMPublicKey) {
			t.Fatalf("%s: InitiateTo's KEM differs", s.name)
		}
		got, w := *hs, *want
		got.KEM, w.KEM = nil, nil
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("%s: InitiateTo gives\n%+v\nwant\n%+v", s.name, got, w)
		}

		rp := RespondParams{InitiatorEphemeralPubKey: hs.EphemeralPubKey, TagSecret: dr("reuse/r/"+label, 32), RatchetSecret: dr("reuse/rk_s/"+label, 32),
			MLKEMMessage: dr("reuse/m/"+label, 32), BoxNonce: dr("reuse/nonce/"+label, 24), ResponderKeys: bob.keys(),
			Note: s.note + " back", OmitNote: s.omit, Proof: s.proof}
		pend := must(NewPending(ip.EphemeralSecret, ip.MLKEMSeed))(t)
		if s.failing {
			bad := rp
			bad.InitiatorEphemeralPubKey = append(make([]byte, 32), hs.EphemeralPubKey[32:]...) // A = 0: small order
			if err := RespondTo(r, bad, Strict); err == nil {
				t.Fatalf("%s: RespondTo accepts a small-order A in Strict", s.name)
			}
		}
		wantR := must(Respond(rp, s.p))(t)
		if err := RespondTo(r, rp, s.p); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !reflect.DeepEqual(r, wantR) {
			t.Fatalf("%s: RespondTo gives\n%+v\nwant\n%+v", s.name, r, wantR)
		}

		ev := ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: bytes.Clone(r.Ciphertext)}
		if s.spaced {
			ev.Ciphertext = append([]byte("{ "), ev.Ciphertext[1:]...)
		}
		if s.failing {
			wrong := ev
			wrong.InResponseTo[0] ^= 1
			if err := OpenResponseTo(o, pend, wrong, s.p); err == nil {
				t.Fatalf("%s: OpenResponseTo accepts a wrong tag", s.name)
			}
		}
		wantO := must(OpenResponse(pend, ev, s.p))(t)
		if err := OpenResponseTo(o, pend, ev, s.p); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if g, w := *o, *wantO; !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: OpenResponseTo gives\n%+v\nwant\n%+v", s.name, g, w)
		}
	}
}
