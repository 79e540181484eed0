package verbeth

import (
	"bytes"
	"crypto/ecdh"
	"crypto/mlkem"
	"crypto/mlkem/mlkemtest"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
)

// wantCat checks an error's category; "" means success.
func wantCat(t *testing.T, name string, err error, want string) {
	t.Helper()
	got := string(category.Of(err))
	if err != nil && got == "" {
		t.Errorf("%s: untyped error %v", name, err)
		return
	}
	if got != want {
		t.Errorf("%s: category %q (%v), want %q", name, got, err, want)
	}
}

// The fast primitives (circl) agree with the standard library.
func TestPrimitivesAgainstStdlib(t *testing.T) {
	for i := range 8 {
		seed := detrand.Bytes("verbeth/test/mlkem-seed/"+string(rune('a'+i)), 64)
		m := detrand.Bytes("verbeth/test/mlkem-m/"+string(rune('a'+i)), 32)
		k := must(NewKEMKey(seed))(t)
		dk := must(mlkem.NewDecapsulationKey768(seed))(t)
		if !bytes.Equal(k.EncapsulationKey(), dk.EncapsulationKey().Bytes()) {
			t.Fatal("ML-KEM-768 encapsulation keys differ between circl and crypto/mlkem")
		}
		ssStd, ctStd, err := mlkemtest.Encapsulate768(dk.EncapsulationKey(), m)
		if err != nil {
			t.Fatal(err)
		}
		ct, ss, err := Encapsulate(k.EncapsulationKey(), m, Strict)
		if err != nil || !bytes.Equal(ct, ctStd) || !bytes.Equal(ss[:], ssStd) {
			t.Fatalf("Encapsulate differs from mlkemtest.Encapsulate768: %v", err)
		}
		// Deployed's noble-0.5.4 path agrees too on a canonical key.
		ctD, ssD, _ := encapsulateNoble054(k.EncapsulationKey(), m)
		if !bytes.Equal(ctD, ct) || ssD != ss {
			t.Fatal("the noble 0.5.4 path differs on a canonical key")
		}
		got := must(k.Decapsulate(ct))(t)
		want := must(dk.Decapsulate(ct))(t)
		if !bytes.Equal(got[:], want) || got != ss {
			t.Fatal("Decapsulate differs from crypto/mlkem")
		}
		// Implicit rejection matches too.
		ct[5] ^= 1
		got = must(k.Decapsulate(ct))(t)
		want = must(dk.Decapsulate(ct))(t)
		if !bytes.Equal(got[:], want) {
			t.Fatal("implicit rejection differs from crypto/mlkem")
		}
	}

	for i := range 16 {
		sk := detrand.Bytes("verbeth/test/x25519-sk/"+string(rune('a'+i)), 32)
		pk := detrand.Bytes("verbeth/test/x25519-pk/"+string(rune('a'+i)), 32)
		switch i % 4 {
		case 1:
			pk[31] |= 0x80 // the top bit is ignored
		case 2:
			copy(pk, []byte{0xed - byte(i), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}) // u >= p: reduced
		}
		want, _ := curve25519.X25519(sk, pk)
		got := must(X25519("pk", sk, pk, Strict))(t)
		if !bytes.Equal(got[:], want) {
			t.Fatalf("X25519 differs from x/crypto/curve25519 for %x", pk)
		}
		if i%4 == 0 {
			priv := must(ecdh.X25519().NewPrivateKey(sk))(t)
			pub := must(ecdh.X25519().NewPublicKey(pk))(t)
			std := must(priv.ECDH(pub))(t)
			if !bytes.Equal(got[:], std) {
				t.Fatal("X25519 differs from crypto/ecdh")
			}
			gp := must(X25519PublicKey(sk))(t)
			if !bytes.Equal(gp[:], priv.PublicKey().Bytes()) {
				t.Fatal("X25519PublicKey differs from crypto/ecdh")
			}
		}
		// The NaCl box agrees with x/crypto/nacl/box.
		nonce := (*[24]byte)(detrand.Bytes("verbeth/test/nonce", 24))
		msg := []byte("box me")
		want2 := box.Seal(nil, msg, nonce, (*[32]byte)(pk), (*[32]byte)(sk))
		if sealed := boxSeal(nil, msg, nonce, &got); !bytes.Equal(sealed, want2) {
			t.Fatal("boxSeal differs from x/crypto/nacl/box")
		}
	}
}

// encapsulateNoble054 forces the path Deployed takes for a non-canonical key.
func encapsulateNoble054(ek, m []byte) ([]byte, [32]byte, error) {
	bad := bytes.Clone(ek)
	bad[0], bad[1] = 0xff, bad[1]|0x0f // coefficient 0 := 4095
	if _, _, err := Encapsulate(bad, m, Deployed); err != nil {
		return nil, [32]byte{}, err
	}
	// Run the same code on the canonical key by calling the fallback directly.
	ct := make([]byte, KEMCiphertextSize)
	return ct, encapsulateFallback(ct, ek, m), nil
}

func TestEKModulus(t *testing.T) {
	k := must(NewKEMKey(dr("mlkem-seed", 64)))(t)
	m := dr("mlkem-m", 32)
	for _, c := range []struct {
		name string
		poke func([]byte)
	}{
		{"coefficient 3329 (q)", func(b []byte) { b[0], b[1] = 0x01, b[1]&0xF0|0x0D }},
		{"coefficient 4095 in the last polynomial", func(b []byte) { b[1150] = 0xF0 | b[1150]&0x0F; b[1151] = 0xFF }},
	} {
		ek := bytes.Clone(k.EncapsulationKey())
		c.poke(ek)
		_, _, err := Encapsulate(ek, m, Strict)
		wantCat(t, c.name+" strict", err, "ek_modulus")
		if _, err := mlkem.NewEncapsulationKey768(ek); err == nil {
			t.Errorf("%s: crypto/mlkem accepts the key", c.name)
		}
		ct, ss, err := Encapsulate(ek, m, Deployed)
		wantCat(t, c.name+" deployed", err, "")
		// The key's owner cannot recover the secret: H(ek) differs.
		if got := must(k.Decapsulate(ct))(t); got == ss {
			t.Errorf("%s: the owner decapsulated the secret of a non-canonical key", c.name)
		}
	}
	// A canonical key with a coefficient of q-1 is fine.
	ek := bytes.Clone(k.EncapsulationKey())
	ek[0], ek[1] = 0x00, ek[1]&0xF0|0x0D // 3328
	_, _, err := Encapsulate(ek, m, Strict)
	wantCat(t, "coefficient 3328", err, "")
}

func TestRecipientHash(t *testing.T) {
	u := newUnitParty(t, "bob")
	c := loadCrosscheck(t)
	checksummed := checksumAddress(must(hex.DecodeString(u.address[2:]))(t))
	if checksummed == u.address {
		t.Fatal("the checksummed form should differ from the lowercase one")
	}
	// The address is lowercased before hashing, so both forms give one hash.
	for _, a := range []string{u.address, checksummed} {
		h := RecipientHash(a)
		eqHex(t, "recipientHash("+a+")", h[:], c.Handshake.RecipientHash)
	}
	if h := RecipientHash(u.address[2:]); hex.EncodeToString(h[:]) == c.Handshake.RecipientHash {
		t.Error("the 0x prefix is part of the hashed text")
	}
}

func TestUnifiedPubKeys(t *testing.T) {
	x, ed := dr("x", 32), dr("ed", 32)
	enc := must(EncodeUnifiedPubKeys(x, ed, Strict))(t)
	if len(enc) != 65 || enc[0] != 1 || !bytes.Equal(enc[1:33], x) || !bytes.Equal(enc[33:], ed) {
		t.Fatalf("EncodeUnifiedPubKeys = %x", enc)
	}
	legacy := append(bytes.Clone(x), ed...)
	v2 := append([]byte{2}, legacy...)
	for _, c := range []struct {
		name           string
		in             []byte
		strict, deploy string
	}{
		{"v1", enc, "", ""},
		{"legacy 64", legacy, "version", ""},
		{"version 2", v2, "version", "version"},
		{"version 0 in 65 bytes", append([]byte{0}, legacy...), "version", "version"},
		{"66 bytes", append(bytes.Clone(enc), 0), "field_length", "field_length"},
		{"empty", nil, "field_length", "field_length"},
		{"63 bytes", legacy[:63], "field_length", "field_length"},
	} {
		_, err := DecodeUnifiedPubKeys("pubKeys", c.in, Strict)
		wantCat(t, c.name+" strict", err, c.strict)
		k, err := DecodeUnifiedPubKeys("pubKeys", c.in, Deployed)
		wantCat(t, c.name+" deployed", err, c.deploy)
		if err == nil && (!bytes.Equal(k.X25519[:], x) || !bytes.Equal(k.Ed25519[:], ed)) {
			t.Errorf("%s: decoded %+v", c.name, k)
		}
	}
	if _, err := EncodeUnifiedPubKeys(x[:31], ed, Strict); err == nil {
		t.Error("EncodeUnifiedPubKeys accepted a 31-byte key")
	}
}

func TestHandshakePayload(t *testing.T) {
	u := runUnit(t, Strict)
	payload := u.hs.PlaintextPayload
	got := must(ParseHandshakePayload(payload, Strict))(t)
	if got.Note != unitNoteA || got.Proof != u.alice.proof {
		t.Fatalf("parsed %+v", got)
	}
	proofJSON := string(must(json.Marshal(u.alice.proof.Message))(t))
	sigJSON := `"` + u.alice.proof.Signature + `"`
	bom := append([]byte("\uFEFF"), payload...)
	hexWrapped := []byte("0x" + hex.EncodeToString(payload))
	cases := []struct {
		name           string
		in             []byte
		strict, deploy string
	}{
		{"as written", payload, "", ""},
		{"reordered, spaced, escaped", []byte(` { "identityProof" : {"signature":` + sigJSON + `, "message":` + proofJSON + `}, "plaintextPayload" : "\u0048i" } `), "", ""},
		{"empty note", []byte(`{"plaintextPayload":"","identityProof":{"message":"m","signature":"s"}}`), "", ""},
		{"0x-hex of the JSON", hexWrapped, "hex", ""},
		{"byte order mark", bom, "json", ""},
		{"invalid UTF-8 in the note", []byte("{\"plaintextPayload\":\"\xff\",\"identityProof\":{\"message\":\"m\",\"signature\":\"s\"}}"), "json", ""},
		{"lone surrogate", []byte(`{"plaintextPayload":"\ud800","identityProof":{"message":"m","signature":"s"}}`), "json", ""},
		{"duplicate member", []byte(`{"plaintextPayload":"a","plaintextPayload":"b","identityProof":{"message":"m","signature":"s"}}`), "json", ""},
		{"note not a string", []byte(`{"plaintextPayload":1,"identityProof":{"message":"m","signature":"s"}}`), "json", "json"},
		{"no proof", []byte(`{"plaintextPayload":"a"}`), "json", "json"},
		{"proof without signature", []byte(`{"plaintextPayload":"a","identityProof":{"message":"m"}}`), "json", "json"},
		{"signature not a string", []byte(`{"plaintextPayload":"a","identityProof":{"message":"m","signature":1}}`), "json", "json"},
		{"array", []byte(`[]`), "json", "json"},
		{"not JSON", []byte(`{"plaintextPayload":`), "json", "json"},
		{"empty", nil, "json", "json"},
		{"0x with bad hex", []byte("0xzz"), "json", "json"},
	}
	for _, c := range cases {
		_, err := ParseHandshakePayload(c.in, Strict)
		wantCat(t, c.name+" strict", err, c.strict)
		_, err = ParseHandshakePayload(c.in, Deployed)
		wantCat(t, c.name+" deployed", err, c.deploy)
	}
	if p := must(ParseHandshakePayload([]byte("{\"plaintextPayload\":\"a\xe2\x82b\",\"identityProof\":{\"message\":\"m\",\"signature\":\"s\"}}"), Deployed))(t); p.Note != "a\uFFFDb" {
		t.Errorf("Deployed note = %q, want TextDecoder's a\\uFFFDb", p.Note)
	}
}

// envelopeWith re-encodes the unit response's envelope with changes.
func envelopeWith(t *testing.T, u *unitRun, edit func(m map[string]any)) []byte {
	var m map[string]any
	if err := json.Unmarshal(u.resp.Ciphertext, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ := json.Marshal(m)
	return b
}

func urlSafe(s string) string {
	return strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(s), "=")
}

// The verdicts below were compared with @verbeth/sdk 0.2.1 itself
// (matchHsrToContact and verifyAndExtractHandshakeResponseKeys).
func TestResponseEnvelope(t *testing.T) {
	u := runUnit(t, Strict)
	text := string(u.resp.Ciphertext)
	cases := []struct {
		name           string
		ct             []byte
		strict, deploy string
	}{
		{"as written", u.resp.Ciphertext, "", ""},
		{"URL-safe base64, no padding", envelopeWith(t, u, func(m map[string]any) {
			for _, k := range []string{"epk", "n", "ct"} {
				m[k] = urlSafe(m[k].(string))
			}
		}), "base64", ""},
		{"junk inside ct", envelopeWith(t, u, func(m map[string]any) { s := m["ct"].(string); m["ct"] = s[:10] + " *\n" + s[10:] }), "base64", ""},
		{"0x-hex of the envelope", []byte("0x" + hex.EncodeToString(u.resp.Ciphertext)), "hex", ""},
		{"byte order mark", append([]byte("\uFEFF"), u.resp.Ciphertext...), "json", ""},
		{"no v", envelopeWith(t, u, func(m map[string]any) { delete(m, "v") }), "missing_field", ""},
		{"v = 2", envelopeWith(t, u, func(m map[string]any) { m["v"] = 2 }), "version", ""},
		{"duplicate epk, last wins", []byte(strings.Replace(text, `{"v":1,`, `{"v":1,"epk":"AAAA",`, 1)), "json", ""},
		{"sig null", envelopeWith(t, u, func(m map[string]any) { m["sig"] = nil }), "json", ""},
		{"sig number", envelopeWith(t, u, func(m map[string]any) { m["sig"] = 5 }), "json", "json"},
		{"epk number", envelopeWith(t, u, func(m map[string]any) { m["epk"] = 5 }), "json", "json"},
		{"epk 31 bytes", envelopeWith(t, u, func(m map[string]any) { m["epk"] = base64.StdEncoding.EncodeToString(make([]byte, 31)) }), "field_length", "field_length"},
		{"epk unpadded 31 bytes", envelopeWith(t, u, func(m map[string]any) { m["epk"] = base64.RawStdEncoding.EncodeToString(make([]byte, 31)) }), "field_length", "field_length"},
		{"nonce 23 bytes", envelopeWith(t, u, func(m map[string]any) { m["n"] = base64.StdEncoding.EncodeToString(make([]byte, 23)) }), "field_length", "field_length"},
		{"not JSON", []byte(`{"v":1,`), "json", "json"},
		{"null", []byte(`null`), "json", "json"},
	}
	for _, c := range cases {
		_, err := DecodeEnvelope(c.ct, Strict)
		wantCat(t, c.name+" strict", err, c.strict)
		e, err := DecodeEnvelope(c.ct, Deployed)
		wantCat(t, c.name+" deployed", err, c.deploy)
		if err == nil && (!bytes.Equal(e.EPK, u.resp.RatchetPublicKey[:]) || !bytes.Equal(e.Box, u.resp.Box())) {
			t.Errorf("%s: deployed decoded different bytes", c.name)
		}
	}
}

// sealInner seals an inner plaintext for the unit handshake, as a responder
// would, and returns the response event.
func sealInner(u *unitRun, inner []byte) ResponseEvent {
	shared := u.resp.SharedX25519
	ct := EncodeEnvelope(u.resp.RatchetPublicKey[:], dr("box-nonce", 24), boxSeal(nil, inner, (*[24]byte)(dr("box-nonce", 24)), &shared))
	return ResponseEvent{InResponseTo: u.resp.InResponseTo, ResponderEphemeralR: u.resp.ResponderEphemeralR, Ciphertext: ct}
}

func innerWith(t *testing.T, u *unitRun, edit func(m map[string]any)) []byte {
	var m map[string]any
	if err := json.Unmarshal(u.resp.InnerPlaintext(), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, _ := json.Marshal(m)
	return b
}

// The match and open verdicts were compared with @verbeth/sdk 0.2.1
// (matchHsrToContact, verifyAndExtractHandshakeResponseKeys) except where
// a comment says otherwise.
func TestOpenAndMatch(t *testing.T) {
	u := runUnit(t, Strict)
	legacy := append(bytes.Clone(u.bob.xPub[:]), u.bob.edPub...)
	cases := []struct {
		name                       string
		inner                      []byte
		matchStrict, matchDeployed string
		openStrict, openDeployed   string
	}{
		{"as written", u.resp.InnerPlaintext(), "", "", "", ""},
		{"note a number", innerWith(t, u, func(m map[string]any) { m["note"] = 5 }), "", "", "json", ""},
		{"no note", innerWith(t, u, func(m map[string]any) { delete(m, "note") }), "", "", "", ""},
		{"legacy unifiedPubKeys", innerWith(t, u, func(m map[string]any) { m["unifiedPubKeys"] = base64.StdEncoding.EncodeToString(legacy) }), "", "", "version", ""},
		{"unifiedPubKeys version 2", innerWith(t, u, func(m map[string]any) {
			m["unifiedPubKeys"] = base64.StdEncoding.EncodeToString(append([]byte{2}, legacy...))
		}), "", "", "version", "version"},
		{"no kemCiphertext", innerWith(t, u, func(m map[string]any) { delete(m, "kemCiphertext") }), "missing_field", "missing_field", "missing_field", "missing_field"},
		{"empty kemCiphertext", innerWith(t, u, func(m map[string]any) { m["kemCiphertext"] = "" }), "missing_field", "missing_field", "missing_field", "missing_field"},
		{"short kemCiphertext", innerWith(t, u, func(m map[string]any) { m["kemCiphertext"] = m["kemCiphertext"].(string)[:100] }), "field_length", "field_length", "field_length", "field_length"},
		// Longer than its part of a presized result (OpenResponse.presize):
		// it moves out rather than over unifiedPubKeys' bytes.
		{"long kemCiphertext", innerWith(t, u, func(m map[string]any) {
			m["kemCiphertext"] = base64.StdEncoding.EncodeToString(make([]byte, KEMCiphertextSize+12))
		}), "field_length", "field_length", "field_length", "field_length"},
		{"other kemCiphertext", innerWith(t, u, func(m map[string]any) {
			m["kemCiphertext"] = base64.StdEncoding.EncodeToString(make([]byte, KEMCiphertextSize))
		}), "tag_mismatch", "tag_mismatch", "tag_mismatch", "tag_mismatch"},
		{"no identityProof", innerWith(t, u, func(m map[string]any) { delete(m, "identityProof") }), "json", "json", "json", "json"},
		{"identityProof a string", innerWith(t, u, func(m map[string]any) { m["identityProof"] = "x" }), "", "", "json", "json"},
		// The SDK accepts this response and fails only when it sets up the session.
		{"ephemeralPubKey 31 bytes", innerWith(t, u, func(m map[string]any) { m["ephemeralPubKey"] = base64.StdEncoding.EncodeToString(make([]byte, 31)) }), "", "", "field_length", "field_length"},
		{"no unifiedPubKeys", innerWith(t, u, func(m map[string]any) { delete(m, "unifiedPubKeys") }), "json", "json", "json", "json"},
		{"URL-safe kemCiphertext", innerWith(t, u, func(m map[string]any) { m["kemCiphertext"] = urlSafe(m["kemCiphertext"].(string)) }), "base64", "", "base64", ""},
		{"byte order mark", append([]byte("\uFEFF"), u.resp.InnerPlaintext()...), "json", "", "json", ""},
		{"not JSON", []byte("{"), "json", "json", "json", "json"},
		{"null", []byte("null"), "json", "json", "json", "json"},
	}
	for _, c := range cases {
		ev := sealInner(u, c.inner)
		for _, p := range []Profile{Strict, Deployed} {
			wantM, wantO := c.matchStrict, c.openStrict
			if p == Deployed {
				wantM, wantO = c.matchDeployed, c.openDeployed
			}
			pend := must(NewPending(dr("a", 32), dr("mlkem-seed", 64)))(t)
			m := MatchResponse([]*Pending{pend}, ev, p)
			var err error
			if m.Index < 0 {
				err = m.Reasons[0]
				if !isCat(m.Err(), "tag_mismatch") {
					t.Errorf("%s: MatchResult.Err() = %v", c.name, m.Err())
				}
			}
			wantCat(t, c.name+" match "+p.String(), err, wantM)
			_, err = OpenResponse(pend, ev, p)
			wantCat(t, c.name+" open "+p.String(), err, wantO)
		}
	}
}

// Matching tries every candidate, never stops at a malformed one, and names
// a reason for each.
func TestMatchCandidates(t *testing.T) {
	u := runUnit(t, Strict)
	var pending []*Pending
	for i := range 5 {
		pending = append(pending, must(NewPending(dr("other-a/"+string(rune('0'+i)), 32), dr("other-seed/"+string(rune('0'+i)), 64)))(t))
	}
	// A candidate with the right a but another ML-KEM key opens the box and then fails the tag.
	pending = append(pending, must(NewPending(dr("a", 32), dr("other-seed/x", 64)))(t), u.pending, u.pending)
	for _, p := range []Profile{Strict, Deployed} {
		m := MatchResponse(pending, u.event, p)
		if m.Index != 6 || m.Opened == nil || m.Opened.KEMSecret != u.resp.KEMSecret {
			t.Fatalf("%s: Index = %d", p, m.Index)
		}
		if len(m.Reasons) != 7 {
			t.Fatalf("%s: %d reasons, want 7 (candidates after the match are not tried)", p, len(m.Reasons))
		}
		for i := range 5 {
			wantCat(t, "other handshake", m.Reasons[i], "aead_auth")
		}
		wantCat(t, "same a, other ML-KEM key", m.Reasons[5], "tag_mismatch")
		if m.Reasons[6] != nil {
			t.Errorf("the match has reason %v", m.Reasons[6])
		}
	}
	// A malformed response is no match for everyone, with a reason each.
	bad := u.event
	bad.Ciphertext = []byte("not json")
	m := MatchResponse(pending, bad, Deployed)
	if m.Index != -1 || len(m.Reasons) != len(pending) {
		t.Fatalf("malformed: %+v", m)
	}
	for _, r := range m.Reasons {
		wantCat(t, "malformed", r, "json")
	}
	if m := MatchResponse(nil, u.event, Deployed); m.Index != -1 || m.Err() == nil {
		t.Fatal("no candidates matched")
	}
}

// Anyone can answer a Handshake: a third party's response matches and its
// proof verifies against the third party (research I1, confirmed with the
// SDK). Strict, given the intended recipient, rejects it.
func TestThirdPartyResponse(t *testing.T) {
	u := runUnit(t, Strict)
	mallory := newUnitParty(t, "mallory")
	r := must(Respond(RespondParams{InitiatorEphemeralPubKey: u.hs.EphemeralPubKey, TagSecret: dr("mallory/r", 32), RatchetSecret: dr("mallory/rk_s", 32),
		MLKEMMessage: dr("mallory/m", 32), BoxNonce: dr("mallory/n", 24), ResponderKeys: mallory.keys(), Note: "I am Bob", Proof: mallory.proof}, Strict))(t)
	ev := ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: r.Ciphertext}
	ctx := ProofContext{ChainID: &unitChainID, RpID: unitRpID, ExpectedAddress: u.bob.address}
	for _, p := range []Profile{Strict, Deployed} {
		o, err := OpenResponse(u.pending, ev, p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		_, err = VerifyIdentityProof(o.Proof, mallory.address, o.ResponderKeys.X25519[:], o.ResponderKeys.Ed25519[:], ctx, p)
		want := ""
		if p == Strict {
			want = "proof_address"
		}
		wantCat(t, "Mallory's response, "+p.String(), err, want)
	}
	// Bob's own response passes the same strict check.
	_, err := VerifyIdentityProof(u.opened.Proof, u.bob.address, u.opened.ResponderKeys.X25519[:], u.opened.ResponderKeys.Ed25519[:], ctx, Strict)
	wantCat(t, "Bob's response", err, "")
}

// Responding to a low-order X25519 key: Deployed builds on the all-zero
// output exactly as tweetnacl (and the SDK) does; Strict rejects.
func TestRespondLowOrder(t *testing.T) {
	c := loadCrosscheck(t)
	u := runUnit(t, Strict)
	eph := must(hex.DecodeString(c.LowOrderResponse.EphemeralPubKey))(t)
	in := RespondParams{InitiatorEphemeralPubKey: eph, TagSecret: dr("r", 32), RatchetSecret: dr("rk_s", 32), MLKEMMessage: dr("mlkem-m", 32),
		BoxNonce: dr("box-nonce", 24), ResponderKeys: u.bob.keys(), Note: "Hi Alice", Proof: u.bob.proof}
	_, err := Respond(in, Strict)
	wantCat(t, "strict", err, "low_order_point")
	r := must(Respond(in, Deployed))(t)
	eqHex(t, "tag ECDH", r.Tag.ECDH[:], c.LowOrderResponse.TagECDH)
	eqHex(t, "inResponseTo", r.InResponseTo[:], c.LowOrderResponse.InResponseTo)
	eqHex(t, "X25519(rk_s, A)", r.SharedX25519[:], c.LowOrderResponse.SharedX25519)
	eqHex(t, "ciphertext", r.Ciphertext, c.LowOrderResponse.Ciphertext)
	eqHex(t, "hybridSecret", r.HybridSecret[:], c.LowOrderResponse.HybridSecret)
	in.InitiatorEphemeralPubKey = eph[:1215]
	_, err = Respond(in, Deployed)
	wantCat(t, "1215 bytes", err, "field_length")
}

func TestComputeTagBothSides(t *testing.T) {
	u := runUnit(t, Strict)
	r := must(ComputeTag(dr("r", 32), u.hs.EphemeralX25519[:], u.resp.KEMSecret[:], Strict))(t)
	a := must(ComputeTag(dr("a", 32), u.resp.ResponderEphemeralR[:], u.resp.KEMSecret[:], Strict))(t)
	if r != a || r.Tag != u.resp.InResponseTo {
		t.Fatal("the two sides' tags differ")
	}
	_, err := ComputeTag(dr("a", 32), make([]byte, 32), u.resp.KEMSecret[:], Strict)
	wantCat(t, "zero point", err, "low_order_point")
	_, err = ComputeTag(dr("a", 32), make([]byte, 32), u.resp.KEMSecret[:31], Deployed)
	wantCat(t, "short kem secret", err, "field_length")
}

// An input both profiles reject must get the same category from both:
// strict's own rules run after every deployed check. These inputs carry a
// strict-only defect and a defect both profiles see.
func TestBothProfilesRejectAlike(t *testing.T) {
	type check struct {
		name string
		run  func(Profile) error
	}
	var zero [32]byte
	checks := []check{
		{"0x-hex of JSON without plaintextPayload", func(p Profile) error {
			_, err := ParseHandshakePayload([]byte("0x"+hex.EncodeToString([]byte(`{"identityProof":{"message":"m","signature":"s"}}`))), p)
			return err
		}},
		{"0x-hex of an envelope without epk", func(p Profile) error {
			_, err := DecodeEnvelope([]byte("0x"+hex.EncodeToString([]byte(`{"v":1,"n":"","ct":""}`))), p)
			return err
		}},
		{"low-order rk_p and a 31-byte s1", func(p Profile) error {
			_, _, err := NewInitiatorSession(make([]byte, 32), zero[:], make([]byte, 32), make([]byte, 32), make([]byte, 31), p)
			return err
		}},
	}
	for _, c := range checks {
		s, d := c.run(Strict), c.run(Deployed)
		if s == nil || d == nil {
			t.Errorf("%s: strict %v, deployed %v; both must reject", c.name, s, d)
			continue
		}
		if category.Of(s) != category.Of(d) {
			t.Errorf("%s: strict says %s, deployed %s", c.name, category.Of(s), category.Of(d))
		}
	}
}
