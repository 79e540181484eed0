package verbeth

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
)

// Short native fuzz targets: nothing malformed may panic, every rejection
// carries a category, and whatever Strict accepts Deployed accepts with the
// same result. (The fuzz/ package will hold the long campaigns.)
//
//	go test -run '^$' -fuzz '^FuzzResponseInner$' -fuzztime 20s -fuzzminimizetime 1s ./impl/verbeth
//
// (Without -fuzzminimizetime, the default minute of minimisation per new
// input stalls the short runs.)

// sameVerdict checks the profile invariant for one input.
func sameVerdict[T any](t *testing.T, strict T, errS error, deployed T, errD error) {
	t.Helper()
	for _, err := range []error{errS, errD} {
		if err != nil && !hasCategory(err) {
			t.Fatalf("untyped error: %v", err)
		}
	}
	if errS == nil && errD != nil {
		t.Fatalf("Strict accepted what Deployed rejects: %v", errD)
	}
	if errS == nil && !reflect.DeepEqual(strict, deployed) {
		t.Fatalf("the profiles' outputs differ:\n%+v\n%+v", strict, deployed)
	}
}

func FuzzHandshakePayload(f *testing.F) {
	u := runUnit(f, Strict)
	f.Add(u.hs.PlaintextPayload)
	f.Add([]byte("0x" + strings.Repeat("7b", 3)))
	f.Add([]byte(`{"plaintextPayload":"\ud800","identityProof":{"message":"m","signature":"s","messageRawHex":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, errS := ParseHandshakePayload(b, Strict)
		d, errD := ParseHandshakePayload(b, Deployed)
		sameVerdict(t, s, errS, d, errD)
	})
}

// openBoth runs matching and opening under both profiles.
func openBoth(t *testing.T, pend *Pending, ev ResponseEvent) {
	ms, md := MatchResponse([]*Pending{pend}, ev, Strict), MatchResponse([]*Pending{pend}, ev, Deployed)
	if ms.Index >= 0 && md.Index < 0 {
		t.Fatalf("Strict matched, Deployed did not: %v", md.Reasons)
	}
	for _, r := range append(ms.Reasons, md.Reasons...) {
		if r != nil && !hasCategory(r) {
			t.Fatalf("untyped reason %v", r)
		}
	}
	s, errS := OpenResponse(pend, ev, Strict)
	d, errD := OpenResponse(pend, ev, Deployed)
	if errS == nil && errD == nil {
		s.Envelope, d.Envelope = nil, nil
	}
	sameVerdict(t, s, errS, d, errD)
}

func FuzzResponseCiphertext(f *testing.F) {
	u := runUnit(f, Strict)
	f.Add(u.resp.Ciphertext, u.resp.ResponderEphemeralR[:], u.resp.InResponseTo[:])
	f.Add([]byte("0x"+strings.Repeat("7b22", 4)), make([]byte, 32), make([]byte, 32))
	f.Add([]byte(`{"epk":"AAAA","n":null,"ct":5}`), make([]byte, 32), make([]byte, 32))
	pend := u.pending
	f.Fuzz(func(t *testing.T, ct, r, tag []byte) {
		ev := ResponseEvent{Ciphertext: ct}
		copy(ev.ResponderEphemeralR[:], r)
		copy(ev.InResponseTo[:], tag)
		openBoth(t, pend, ev)
		_, errS := DecodeEnvelope(ct, Strict)
		_, errD := DecodeEnvelope(ct, Deployed)
		sameVerdict(t, 0, errS, 0, errD)
	})
}

// FuzzResponseInner seals the fuzzed inner plaintext correctly, so that the
// JSON, base64, key and tag checks behind the box are reached.
func FuzzResponseInner(f *testing.F) {
	u := runUnit(f, Strict)
	f.Add(u.resp.InnerPlaintext)
	f.Add(append([]byte("\uFEFF"), u.resp.InnerPlaintext...))
	f.Add(bytes.Replace(u.resp.InnerPlaintext, []byte(`"note":"Hi Alice"`), []byte(`"note":5`), 1))
	f.Add([]byte(`{"identityProof":1,"unifiedPubKeys":"","ephemeralPubKey":"","kemCiphertext":"AAAA"}`))
	f.Fuzz(func(t *testing.T, inner []byte) {
		openBoth(t, u.pending, sealInner(u, inner))
	})
}

func FuzzIdentityProof(f *testing.F) {
	u := newUnitParty(f, "alice")
	f.Add(u.proof.Message, u.proof.Signature, u.address)
	f.Add(strings.ReplaceAll(u.proof.Message, "\n", "\r\n"), u.proof.Signature[:131], "XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36")
	f.Add("\nAddress: XE00\nChainId: 0x\nExecutorSafe: 0", "0x", "")
	chain := unitChainID
	f.Fuzz(func(t *testing.T, message, sig, sender string) {
		for _, ctx := range []ProofContext{{}, {ChainID: &chain, RpID: unitRpID, ExpectedAddress: sender}} {
			s, errS := VerifyIdentityProof(IdentityProof{Message: message, Signature: sig}, sender, u.xPub[:], u.edPub, ctx, Strict)
			d, errD := VerifyIdentityProof(IdentityProof{Message: message, Signature: sig}, sender, u.xPub[:], u.edPub, ctx, Deployed)
			if errS == nil {
				s.Binding, d.Binding = nil, nil
			}
			sameVerdict(t, s, errS, d, errD)
		}
		ps, errS := ParseBindingMessage(message, Strict)
		pd, errD := ParseBindingMessage(message, Deployed)
		if errS == nil && errD == nil && (ps.Address == nil) != (pd.Address == nil) {
			t.Fatal("the parsers disagree on Address")
		}
		sameVerdict(t, 0, errS, 0, errD)
	})
}

// FuzzRatchetDecrypt re-signs the fuzzed payload with the sender's key, so
// that the ratchet behind the signature check is reached; n and pn are kept
// below 64 to keep each run short.
func FuzzRatchetDecrypt(f *testing.F) {
	u := runUnit(f, Strict)
	f.Add(u.msg1.Payload, true)
	f.Add(u.msg2.Payload, false)
	f.Add(u.msg1.Payload[:150], true)
	states := []*Session{u.bobS0, u.aliceS1, u.bobS1, u.promoted}
	newSecret := dr("fuzz/dh", 32)
	f.Fuzz(func(t *testing.T, payload []byte, resignIt bool) {
		p := bytes.Clone(payload)
		if len(p) >= 105 {
			binary.BigEndian.PutUint32(p[97:], binary.BigEndian.Uint32(p[97:])%64)
			binary.BigEndian.PutUint32(p[101:], binary.BigEndian.Uint32(p[101:])%64)
		}
		for i, s := range states {
			key, seed := u.alice.edPub, u.alice.edSeed
			if i == 1 || i == 3 {
				key, seed = u.bob.edPub, u.bob.edSeed
			}
			in := p
			if resignIt && len(in) >= 65 {
				in = resign(in, seed)
			}
			ns, ds, errS := s.Decrypt(in, key, newSecret, Strict)
			nd, dd, errD := s.Decrypt(in, key, newSecret, Deployed)
			sameVerdict(t, [2]any{ns, ds}, errS, [2]any{nd, dd}, errD)
		}
		if m, err := ParseRatchetPayload(payload); err == nil && !bytes.Equal(m.Bytes(), payload) {
			t.Fatal("ParseRatchetPayload does not round-trip")
		}
	})
}

func FuzzRespond(f *testing.F) {
	u := runUnit(f, Strict)
	f.Add(u.hs.EphemeralPubKey)
	f.Add(make([]byte, EphemeralPubKeySize))
	f.Add(bytes.Repeat([]byte{0xFF}, EphemeralPubKeySize))
	in := RespondParams{TagSecret: dr("r", 32), RatchetSecret: dr("rk_s", 32), MLKEMMessage: dr("mlkem-m", 32),
		BoxNonce: dr("box-nonce", 24), ResponderKeys: u.bob.keys(), Note: "n", Proof: u.bob.proof}
	f.Fuzz(func(t *testing.T, eph []byte) {
		in := in
		in.InitiatorEphemeralPubKey = eph
		s, errS := Respond(in, Strict)
		d, errD := Respond(in, Deployed)
		sameVerdict(t, s, errS, d, errD)
	})
}

func FuzzParseSession(f *testing.F) {
	u := runUnit(f, Strict)
	for _, s := range []*Session{u.aliceS0, u.bobS1, u.aliceS2} {
		b, _ := s.MarshalJSON()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSession(b)
		if err != nil {
			if !hasCategory(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		out, _ := s.MarshalJSON()
		back, err := ParseSession(out)
		if err != nil || !reflect.DeepEqual(s, back) {
			t.Fatalf("round trip: %v", err)
		}
		// Any state, however odd, must not make the ratchet panic.
		s.Decrypt(u.msg1.Payload, u.alice.edPub, dr("bob/dh-step", 32), Deployed)
		s.Encrypt([]byte("x"), u.alice.edSeed, u.rnd1)
	})
}
