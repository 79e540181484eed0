package verbeth

import (
	"bytes"
	"fmt"
	"testing"
)

// No result shares memory with another or with the caller's inputs:
// writing every byte of any byte slice a caller holds (an input, a
// result's field, what a Response's method returned) changes nothing else
// the results hold or compute. Two handshakes, one into new results and
// one through the To functions, and a response whose inner JSON takes the
// parser's path (its strings are cut out of the opened box). Left out, as
// documented: KEMPublicKey and the key pair's encapsulation key are
// EphemeralPubKey's tail.
func TestResultsShareNoMemory(t *testing.T) {
	alice, bob := newUnitParty(t, "alice"), newUnitParty(t, "bob")
	type slice struct {
		name string
		b    []byte
		at   int // its entry in state
	}
	var held []slice                       // what a caller may write
	type value struct{ name, from string } // from: the held slice it is computed from
	var state []value                      // what must not change
	var get []func() string                // state's values now
	hold := func(name string, b []byte) {
		held = append(held, slice{name, b, len(state)})
		state, get = append(state, value{name: name}), append(get, func() string { return string(b) })
	}
	derive := func(name, from string, f func() string) {
		state, get = append(state, value{name, from}), append(get, f)
	}
	opened := func(name string, o *OpenedResponse) {
		hold(name+".InnerPlaintext", o.InnerPlaintext)
		hold(name+".KEMCiphertext", o.KEMCiphertext)
		hold(name+".ResponderPubKeys", o.ResponderPubKeys)
		derive(name+"'s strings", "", func() string { return fmt.Sprintf("%q %+v", o.Note, o.Proof) })
	}
	for i, reuse := range []bool{false, true} {
		l := fmt.Sprint(i)
		ip := InitiateParams{EphemeralSecret: dr("alias/a/"+l, 32), MLKEMSeed: dr("alias/seed/"+l, 64), RecipientAddress: bob.address,
			IdentityX25519: bytes.Clone(alice.xPub[:]), IdentityEd25519: bytes.Clone(alice.edPub), Note: "note " + l, Proof: alice.proof}
		rp := RespondParams{TagSecret: dr("alias/r/"+l, 32), RatchetSecret: dr("alias/rk_s/"+l, 32), MLKEMMessage: dr("alias/m/"+l, 32),
			BoxNonce: dr("alias/nonce/"+l, 24), ResponderKeys: bob.keys(), Note: "back " + l, Proof: bob.proof}
		hs, r, o := new(Handshake), new(Response), new(OpenedResponse)
		pend := must(NewPending(ip.EphemeralSecret, ip.MLKEMSeed))(t)
		if reuse {
			must(0, InitiateTo(hs, ip))(t)
		} else {
			hs = must(Initiate(ip))(t)
		}
		rp.InitiatorEphemeralPubKey = hs.EphemeralPubKey
		if reuse {
			must(0, RespondTo(r, rp, Strict))(t)
		} else {
			r = must(Respond(rp, Strict))(t)
		}
		ev := ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: r.Ciphertext}
		if reuse {
			must(0, OpenResponseTo(o, pend, ev, Strict))(t)
		} else {
			o = must(OpenResponse(pend, ev, Strict))(t)
		}
		for _, in := range []struct {
			name string
			b    []byte
		}{{"EphemeralSecret", ip.EphemeralSecret}, {"MLKEMSeed", ip.MLKEMSeed}, {"IdentityX25519", ip.IdentityX25519},
			{"IdentityEd25519", ip.IdentityEd25519}, {"TagSecret", rp.TagSecret}, {"RatchetSecret", rp.RatchetSecret},
			{"MLKEMMessage", rp.MLKEMMessage}, {"BoxNonce", rp.BoxNonce}} {
			hold(l+": input "+in.name, in.b)
		}
		hold(l+": Handshake.PubKeys", hs.PubKeys)
		hold(l+": Handshake.EphemeralPubKey", hs.EphemeralPubKey)
		hold(l+": Handshake.PlaintextPayload", hs.PlaintextPayload)
		derive(l+": Handshake.KEM.Seed()", "", func() string { return string(hs.KEM.Seed()) })
		ct := l + ": Response.Ciphertext (and the event's)"
		hold(ct, r.Ciphertext)
		hold(l+": a Response.Box()", r.Box())
		hold(l+": a Response.InnerPlaintext()", r.InnerPlaintext())
		hold(l+": a Response.KEMCiphertext()", r.KEMCiphertext())
		derive(l+": Response.Box()", ct, func() string { return string(r.Box()) })
		derive(l+": Response.InnerPlaintext()", ct, func() string { return string(r.InnerPlaintext()) })
		derive(l+": Response.KEMCiphertext()", ct, func() string { return string(r.KEMCiphertext()) })
		opened(l+": OpenedResponse", o)
	}
	u := runUnit(t, Strict)
	inner := innerWith(t, u, func(map[string]any) {}) // members in another order, "<" escaped: the parser's path
	if _, ok := readWritten(inner); ok {
		t.Fatal("the re-encoded inner JSON is read as written")
	}
	ev := sealInner(u, inner)
	opened("parsed: OpenedResponse", must(OpenResponse(u.pending, ev, Strict))(t))
	hold("parsed: the event's ciphertext", ev.Ciphertext)

	snapshot := func() []string {
		s := make([]string, len(get))
		for i, f := range get {
			s[i] = f()
		}
		return s
	}
	before := snapshot()
	for _, h := range held {
		if len(h.b) == 0 {
			t.Fatalf("%s is empty", h.name)
		}
		for k := range h.b {
			h.b[k] ^= 0xff
		}
		after := snapshot()
		for k := range h.b {
			h.b[k] ^= 0xff
		}
		for j := range state {
			if j != h.at && state[j].from != h.name && after[j] != before[j] {
				t.Errorf("writing %s changes %s", h.name, state[j].name)
			}
		}
	}
}
