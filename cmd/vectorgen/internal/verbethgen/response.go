package verbethgen

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/nacl/box"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethTag, Notes: notes, Groups: genTag})
	gen.Register(&gen.Generator{Family: vectors.VerbethHandshakeRespond, Notes: notes, Groups: genHandshakeRespond,
		Header: []string{
			"The scenario group is Bob's response to Alice's Handshake (the output of verbeth/handshake/initiate); its outputs are the inputs of verbeth/response/open and verbeth/response/match.",
		}})
	gen.Register(&gen.Generator{Family: vectors.VerbethResponseOpen, Notes: notes, Groups: genResponseOpen,
		Header: []string{
			"Unless a test says otherwise, the event is Bob's response of the scenario (verbeth/handshake/respond), opened by Alice's pending Handshake, with responder = Bob's address as events report it (EIP-55) and the expectations of the group.",
			"Tests that change the inner JSON re-seal it in a NaCl box from rk_s to A, as a responder writing such a payload would; the tag stays valid unless the test is about the tag.",
		}})
	gen.Register(&gen.Generator{Family: vectors.VerbethResponseMatch, Notes: notes, Groups: genResponseMatch,
		Header: []string{
			"The candidates are Alice's pending Handshake of the scenario (P0), two unrelated pending handshakes (P1, P2), and P3, which shares P0's ephemeral secret but has another ML-KEM key.",
			"P1 and P2 are drawn under verbeth/vectors/match/P1/ephemeralSecret, …/P1/mlkemSeed and the same for P2; P3's ML-KEM seed under verbeth/vectors/match/P3/mlkemSeed.",
		}})
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// b64URL is the URL-safe alphabet, padding kept.
func b64URL(b []byte) string {
	return strings.NewReplacer("+", "-", "/", "_").Replace(b64(b))
}

// b64UnusedBits sets an unused low bit of the last character before the
// padding (the value must have padding).
func b64UnusedBits(b []byte) string {
	s := []byte(b64(b))
	i := bytes.IndexByte(s, '=') - 1
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	v := strings.IndexByte(alphabet, s[i])
	s[i] = alphabet[v|1]
	return string(s)
}

// b64Junk inserts characters Node skips.
func b64Junk(b []byte, junk string) string {
	s := b64(b)
	return s[:4] + junk + s[4:8] + junk + s[8:]
}

// proofValue is the proof object as the SDK writes it.
func proofValue(p verbeth.IdentityProof) jsjson.Value {
	return jsjson.Obj(jsjson.M("message", jsjson.Str(p.Message)), jsjson.M("signature", jsjson.Str(p.Signature)),
		jsjson.M("messageRawHex", jsjson.Str(p.MessageRawHex)))
}

// members is an editable JSON object.
type members []jsjson.Member

func (ms members) set(name string, v jsjson.Value) members {
	out := append(members(nil), ms...)
	for i := range out {
		if out[i].Name == name {
			out[i].Value = v
			return out
		}
	}
	return append(out, jsjson.M(name, v))
}

func (ms members) del(name string) members {
	var out members
	for _, m := range ms {
		if m.Name != name {
			out = append(out, m)
		}
	}
	return out
}

func (ms members) add(name string, v jsjson.Value) members {
	return append(append(members(nil), ms...), jsjson.M(name, v))
}

func (ms members) bytes() []byte { return jsjson.Marshal(jsjson.Obj(ms...)) }

// inner is the scenario response's inner JSON.
func (s *scenario) inner() members {
	return members{
		jsjson.M("unifiedPubKeys", jsjson.Str(b64(s.bob.pubKeys))),
		jsjson.M("ephemeralPubKey", jsjson.Str(b64(s.resp.RatchetPublicKey[:]))),
		jsjson.M("kemCiphertext", jsjson.Str(b64(s.resp.KEMCiphertext()))),
		jsjson.M("note", jsjson.Str(unitNoteB)),
		jsjson.M("identityProof", proofValue(s.bob.proof)),
	}
}

// seal is the NaCl box from rk_s to the initiator's A with the scenario
// nonce (x/crypto's box: X25519 then HSalsa20; a low-order A gives the
// all-zero X25519 output, as tweetnacl does).
func (s *scenario) seal(inner []byte) []byte { return s.sealTo(inner, s.hs.EphemeralX25519, s.rks) }

func (s *scenario) sealTo(inner []byte, to [32]byte, from []byte) []byte {
	return box.Seal(nil, inner, (*[24]byte)(s.boxNonce), &to, (*[32]byte)(from))
}

// envelope is the scenario envelope around box ct.
func (s *scenario) envelope(ct []byte) members {
	return members{
		jsjson.M("v", jsjson.Num(1)),
		jsjson.M("epk", jsjson.Str(b64(s.resp.RatchetPublicKey[:]))),
		jsjson.M("n", jsjson.Str(b64(s.boxNonce))),
		jsjson.M("ct", jsjson.Str(b64(ct))),
	}
}

// env is the scenario envelope with the inner JSON re-sealed.
func (s *scenario) env(inner members) members { return s.envelope(s.seal(inner.bytes())) }

func genTag() []gen.Group {
	s := shared()
	kem := s.resp.KEMSecret[:]
	A, R := s.hs.EphemeralX25519, s.resp.ResponderEphemeralR
	pinned := []any{"ecdh", ccHex("response.tagECDH"), "okm", ccHex("response.tagOKM"), "inResponseTo", ccHex("response.inResponseTo")}
	var low []gen.Case
	for i, p := range lowOrderPoints {
		c := gen.Acceptable("initiator side with R = "+p.name, category.LowOrderPoint, vectors.Make("x25519Secret", s.a, "x25519Public", gen.Unhex(p.hex), "kemSecret", kem), "LowOrderPoint")
		if i < 4 {
			c.Flags = append(c.Flags, "CrossChecked")
			c = c.Pin("ecdh", ccHex("lowOrder."+itoaS(i)+".tweetnaclShared"))
		}
		low = append(low, c)
	}
	low = append(low, gen.Acceptable("responder side with A = 0, as the cross-check's low-order response", category.LowOrderPoint,
		vectors.Make("x25519Secret", s.r, "x25519Public", lowOrder(0), "kemSecret", kem), "LowOrderPoint", "CrossChecked").
		Pin("ecdh", ccHex("lowOrderResponse.tagECDH"), "inResponseTo", ccHex("lowOrderResponse.inResponseTo")))
	baseU := make([]byte, 32)
	baseU[0] = 9
	pPlus9 := gen.Unhex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
	var random []gen.Case
	for _, i := range []string{"1", "2", "3"} {
		sec := vecBytes(32, "tag", i, "x25519Secret")
		peer := gen.Must(verbeth.X25519PublicKey(vecBytes(32, "tag", i, "peerSecret")))
		random = append(random, gen.Valid("random keys and KEM secret "+i+"; the public key is that of the secret drawn under "+vecLabel("tag", i, "peerSecret"),
			vectors.Make("x25519Secret", sec, "x25519Public", peer, "kemSecret", vecBytes(32, "tag", i, "kemSecret")), "Random").
			Drew("x25519Secret", vecLabel("tag", i, "x25519Secret"), "kemSecret", vecLabel("tag", i, "kemSecret")))
	}
	return []gen.Group{
		{Type: "Tag", Comment: "the scenario's tag from both sides", Cases: []gen.Case{
			gen.Valid("responder side: (r, A)", vectors.Make("x25519Secret", s.r, "x25519Public", A, "kemSecret", kem), "Scenario", "CrossChecked").Pin(pinned...),
			gen.Valid("initiator side: (a, R)", vectors.Make("x25519Secret", s.a, "x25519Public", R, "kemSecret", kem), "Scenario", "CrossChecked").Pin(pinned...),
		}},
		{Type: "Tag", Comment: "public keys of small order", Cases: low},
		{Type: "Tag", Comment: "non-canonical public keys that are not of small order", Cases: []gen.Case{
			gen.Valid("A with the top bit set: the same tag", vectors.Make("x25519Secret", s.r, "x25519Public", topBit(A[:]), "kemSecret", kem), "NonCanonicalPublic").Pin(pinned...),
			gen.Valid("u = p + 9, the base point not reduced: ecdh is the secret's public key", vectors.Make("x25519Secret", s.r, "x25519Public", pPlus9, "kemSecret", kem), "NonCanonicalPublic").
				Pin("ecdh", gen.Must(verbeth.X25519PublicKey(s.r))),
			gen.Valid("u = 9, the base point: ecdh is the secret's public key", vectors.Make("x25519Secret", s.r, "x25519Public", baseU, "kemSecret", kem)).Pin("ecdh", R),
		}},
		{Type: "Tag", Comment: "random inputs", Cases: random},
		{Type: "Tag", Comment: "inputs of the wrong size", Cases: []gen.Case{
			gen.Invalid("secret of 31 bytes", category.FieldLength, vectors.Make("x25519Secret", s.r[:31], "x25519Public", A, "kemSecret", kem), "WrongLength"),
			gen.Invalid("public key of 31 bytes", category.FieldLength, vectors.Make("x25519Secret", s.r, "x25519Public", A[:31], "kemSecret", kem), "WrongLength"),
			gen.Invalid("public key of 33 bytes", category.FieldLength, vectors.Make("x25519Secret", s.r, "x25519Public", append(A[:], 0), "kemSecret", kem), "WrongLength"),
			gen.Invalid("public key of 1216 bytes (the whole ephemeralPubKey)", category.FieldLength, vectors.Make("x25519Secret", s.r, "x25519Public", s.hs.EphemeralPubKey, "kemSecret", kem), "WrongLength"),
			gen.Invalid("KEM secret of 31 bytes", category.FieldLength, vectors.Make("x25519Secret", s.r, "x25519Public", A, "kemSecret", kem[:31]), "WrongLength"),
			gen.Invalid("KEM secret of 64 bytes", category.FieldLength, vectors.Make("x25519Secret", s.r, "x25519Public", A, "kemSecret", append(append([]byte{}, kem...), kem...)), "WrongLength"),
		}},
	}
}

func itoaS(i int) string { return string(rune('0' + i)) }

func genHandshakeRespond() []gen.Group {
	s := shared()
	A, ek := s.hs.EphemeralX25519, s.hs.KEMPublicKey
	base := vectors.Make("initiatorEphemeralPubKey", s.hs.EphemeralPubKey, "tagSecret", s.r, "ratchetSecret", s.rks, "mlkemMessage", s.m,
		"boxNonce", s.boxNonce, "responderPubKeys", s.bob.pubKeys, "note", unitNoteB,
		"proofMessage", s.bob.proof.Message, "proofSignature", s.bob.proof.Signature)
	withA := func(a []byte) vectors.Values { return vectors.Make("initiatorEphemeralPubKey", slices.Concat(a, ek)) }
	var escaping []gen.Case
	for _, e := range escapingNotes {
		escaping = append(escaping, gen.Valid("note: "+e.comment, vectors.Make("note", e.note), e.flags...))
	}
	var low []gen.Case
	for i, p := range lowOrderPoints[1:5] {
		low = append(low, gen.Acceptable("A = "+p.name, category.LowOrderPoint, withA(lowOrder(i+1)), "LowOrderPoint"))
	}
	// A second non-canonical key: the last coefficient set to q.
	ekQ := append([]byte{}, ek...)
	ekQ[1150], ekQ[1151] = (ekQ[1150]&0x0f)|0x10, 0xd0 // coefficient 767 = b1150>>4 | b1151<<4 = 0xd01
	var random []gen.Case
	for _, i := range []string{"1", "2"} {
		lbl := func(n string) string { return vecLabel("respond", i, n) }
		random = append(random, gen.Valid("random responder randomness "+i, vectors.Make("tagSecret", vecBytes(32, "respond", i, "tagSecret"), "ratchetSecret", vecBytes(32, "respond", i, "ratchetSecret"),
			"mlkemMessage", vecBytes(32, "respond", i, "mlkemMessage"), "boxNonce", vecBytes(24, "respond", i, "boxNonce")), "Random").
			Drew("tagSecret", lbl("tagSecret"), "ratchetSecret", lbl("ratchetSecret"), "mlkemMessage", lbl("mlkemMessage"), "boxNonce", lbl("boxNonce")))
	}
	return []gen.Group{
		{Type: "HandshakeRespond", Comment: "Bob's response to Alice's Handshake", Inputs: base, Cases: []gen.Case{
			gen.Valid("Bob responds to Alice", vectors.Make(), "Scenario", "CrossChecked").Pin(
				"inResponseTo", ccHex("response.inResponseTo"), "responderEphemeralR", ccHex("response.responderEphemeralR"),
				"ciphertext", ccHex("response.ciphertext"), "ratchetPublicKey", ccHex("response.ratchetPublicKey"),
				"kemCiphertext", ccHex("response.kemCiphertext"), "kemSecret", ccHex("response.kemSecret"),
				"tagEcdh", ccHex("response.tagECDH"), "tagOkm", ccHex("response.tagOKM"), "sharedX25519", ccHex("response.sharedX25519"),
				"innerPlaintext", ccHex("response.innerPlaintext"), "box", ccHex("response.box"), "hybridSecret", ccHex("response.hybridSecret"),
				"rootKey0", ccHex("response.rootKey0"), "chainKey0", ccHex("response.chainKey0")).
				Drew("tagSecret", unitLabel("r"), "ratchetSecret", unitLabel("rk_s"), "mlkemMessage", unitLabel("mlkem-m"), "boxNonce", unitLabel("box-nonce")),
			gen.Valid("A with the top bit set: the same response", withA(topBit(A[:])), "NonCanonicalPublic").Pin(
				"inResponseTo", ccHex("response.inResponseTo"), "ciphertext", ccHex("response.ciphertext")),
		}},
		{Type: "HandshakeRespond", Comment: "no note", Inputs: without(base, "note"), Cases: []gen.Case{
			gen.Valid("no note: the inner JSON has no note member", vectors.Make(), "NoNote"),
		}},
		{Type: "HandshakeRespond", Comment: "notes that JSON.stringify escapes in particular ways", Inputs: base, Cases: escaping},
		{Type: "HandshakeRespond", Comment: "an initiator X25519 key of small order", Inputs: base, Cases: append([]gen.Case{
			gen.Acceptable("A = 0, as the cross-check's low-order response", category.LowOrderPoint, withA(lowOrder(0)), "LowOrderPoint", "CrossChecked").Pin(
				"tagEcdh", ccHex("lowOrderResponse.tagECDH"), "inResponseTo", ccHex("lowOrderResponse.inResponseTo"),
				"sharedX25519", ccHex("lowOrderResponse.sharedX25519"), "ciphertext", ccHex("lowOrderResponse.ciphertext"),
				"hybridSecret", ccHex("lowOrderResponse.hybridSecret")),
		}, low...)},
		{Type: "HandshakeRespond", Comment: "an encapsulation key that fails the FIPS 203 modulus check", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("ek with coefficients 4095, 3329, 3500 and 4000: @noble/post-quantum 0.5.4's outputs", category.EKModulus,
				vectors.Make("initiatorEphemeralPubKey", slices.Concat(A[:], ccHex("nonCanonicalEK.ek")), "mlkemMessage", ccHex("nonCanonicalEK.m")), "EKModulus", "CrossChecked").
				Pin("kemCiphertext", ccHex("nonCanonicalEK.cipherText"), "kemSecret", ccHex("nonCanonicalEK.sharedSecret")),
			gen.Acceptable("ek with its last coefficient equal to q = 3329", category.EKModulus, vectors.Make("initiatorEphemeralPubKey", slices.Concat(A[:], ekQ)), "EKModulus"),
		}},
		{Type: "HandshakeRespond", Comment: "random responder randomness", Inputs: base, Cases: random},
		{Type: "HandshakeRespond", Comment: "inputs of the wrong size", Inputs: base, Cases: []gen.Case{
			gen.Invalid("ephemeralPubKey of 32 bytes: A alone, as the user's description lays it out", category.FieldLength, vectors.Make("initiatorEphemeralPubKey", A), "SeedLayout", "WrongLength"),
			gen.Invalid("ephemeralPubKey of 1184 bytes: ek alone", category.FieldLength, vectors.Make("initiatorEphemeralPubKey", ek), "WrongLength"),
			gen.Invalid("ephemeralPubKey of 1215 bytes", category.FieldLength, vectors.Make("initiatorEphemeralPubKey", s.hs.EphemeralPubKey[:1215]), "WrongLength"),
			gen.Invalid("ephemeralPubKey of 1217 bytes", category.FieldLength, vectors.Make("initiatorEphemeralPubKey", append(append([]byte{}, s.hs.EphemeralPubKey...), 0)), "WrongLength"),
			gen.Invalid("empty ephemeralPubKey", category.FieldLength, vectors.Make("initiatorEphemeralPubKey", []byte{}), "WrongLength"),
			gen.Invalid("tag secret of 31 bytes", category.FieldLength, vectors.Make("tagSecret", s.r[:31]), "WrongLength"),
			gen.Invalid("ratchet secret of 33 bytes", category.FieldLength, vectors.Make("ratchetSecret", append(append([]byte{}, s.rks...), 0)), "WrongLength"),
			gen.Invalid("ML-KEM message of 31 bytes", category.FieldLength, vectors.Make("mlkemMessage", s.m[:31]), "WrongLength"),
			gen.Invalid("box nonce of 23 bytes", category.FieldLength, vectors.Make("boxNonce", s.boxNonce[:23]), "WrongLength"),
			gen.Invalid("box nonce of 32 bytes", category.FieldLength, vectors.Make("boxNonce", slices.Concat(s.boxNonce, s.boxNonce[:8])), "WrongLength"),
			gen.Invalid("responder keys in the 64-byte legacy form: a responder writes version 1", category.Version, vectors.Make("responderPubKeys", s.bob.pubKeys[1:]), "LegacyPubKeys"),
			gen.Invalid("responder keys of 66 bytes", category.FieldLength, vectors.Make("responderPubKeys", append(append([]byte{}, s.bob.pubKeys...), 0)), "WrongLength"),
		}},
	}
}

// merge overlays the later values on the earlier ones.
func merge(vs ...vectors.Values) vectors.Values {
	out := vectors.Values{}
	for _, v := range vs {
		for k, x := range v {
			out[k] = x
		}
	}
	return out
}

// without returns v without the named fields.
func without(v vectors.Values, names ...string) vectors.Values {
	out := merge(v)
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// hkdf32 is HKDF-SHA256 with 32 bytes of output.
func hkdf32(ikm, salt []byte, info string) []byte {
	return gen.Must(hkdf.Key(sha256.New, ikm, salt, info, 32))
}

func genResponseOpen() []gen.Group {
	s := shared()
	in := s.inner()
	ev := func(ct []byte) vectors.Values { return vectors.Make("ciphertext", ct) }
	envOf := func(ms members) vectors.Values { return ev(s.env(ms).bytes()) }
	rawEnv := func(ms members) vectors.Values { return ev(ms.bytes()) }
	scenarioEnv := s.envelope(s.resp.Box())
	plain := vectors.Make("ephemeralSecret", s.a, "mlkemSeed", s.mlkemSeed, "responderEphemeralR", s.resp.ResponderEphemeralR,
		"inResponseTo", s.resp.InResponseTo, "ciphertext", s.resp.Ciphertext, "responder", s.bob.checksummed)
	base := merge(plain, vectors.Make("expectedChainId", unitChainID, "expectedRpId", unitRpID, "expectedAddress", s.bob.checksummed))
	outs := []any{"responderPubKeys", s.bob.pubKeys, "ratchetPublicKey", s.resp.RatchetPublicKey, "note", unitNoteB,
		"proofMessage", s.bob.proof.Message, "proofSignature", s.bob.proof.Signature, "responderAddress", s.bob.address}
	str := jsjson.Str
	rkp := s.resp.RatchetPublicKey[:]

	// A zero-free marker replaced after encoding, for bytes JSON cannot hold.
	const mark = "@@MARK@@"
	replace := func(b []byte, with string) []byte { return bytes.Replace(b, []byte(mark), []byte(with), 1) }

	// The third party: Mallory answers Alice's Handshake with her own keys.
	mal := s.mallory
	malResp := gen.Must(verbeth.Respond(verbeth.RespondParams{InitiatorEphemeralPubKey: s.hs.EphemeralPubKey,
		TagSecret: vecBytes(32, "mallory", "tagSecret"), RatchetSecret: vecBytes(32, "mallory", "ratchetSecret"),
		MLKEMMessage: vecBytes(32, "mallory", "mlkemMessage"), BoxNonce: vecBytes(24, "mallory", "boxNonce"),
		ResponderKeys: mal.keys, Note: "Hi Alice, this is Bob", Proof: mal.proof}, verbeth.Strict))
	malEvent := vectors.Make("responderEphemeralR", malResp.ResponderEphemeralR, "inResponseTo", malResp.InResponseTo, "ciphertext", malResp.Ciphertext, "responder", mal.checksummed)

	// Tags made with plausible mistakes.
	swapped := verbeth.Keccak256(hkdf32(s.resp.Tag.ECDH[:], s.resp.KEMSecret[:], verbeth.TagInfo))
	flipped := s.resp.InResponseTo
	flipped[31] ^= 1
	// A kemCiphertext to another key: implicit rejection.
	otherKEM := gen.Must(verbeth.NewKEMKey(vecBytes(64, "open", "other-mlkem-seed")))
	otherCT, _ := must2(verbeth.Encapsulate(otherKEM.EncapsulationKey(), s.m, verbeth.Strict))
	ctFlip := append([]byte{}, s.resp.KEMCiphertext()...)
	ctFlip[0] ^= 1
	// R of small order, with the tag the initiator then computes.
	zeroR := gen.Must(verbeth.ComputeTag(s.r, lowOrder(0), s.resp.KEMSecret[:], verbeth.Deployed)).Tag
	// epk of small order: the box key is then HSalsa20 of 32 zero bytes.
	lowEPK := func(i int) vectors.Values {
		// Sealed "from" the low-order epk: X25519(a, epk) = 0, and so
		// X25519(rk_s, A) must be replaced by 0 too, which sealing to the
		// low-order point with any secret gives.
		boxed := s.sealTo(in.bytes(), [32]byte(lowOrder(i)), s.rks)
		return rawEnv(s.envelope(boxed).set("epk", str(b64(lowOrder(i)))))
	}
	boxWithR := s.sealTo(in.bytes(), s.hs.EphemeralX25519, s.r)
	boxToOther := s.sealTo(in.bytes(), gen.Must(verbeth.X25519PublicKey(vecBytes(32, "open", "other-a"))), s.rks)
	boxFlip := append([]byte{}, s.resp.Box()...)
	boxFlip[len(boxFlip)-1] ^= 1
	otherNonce := vecBytes(24, "open", "other-nonce")
	// A note one character longer at a time until the box is 1 mod 3 bytes
	// long, so that its base64 ends in ==.
	padNote := unitNoteB
	for len(s.seal(in.set("note", str(padNote)).bytes()))%3 != 1 {
		padNote += "!"
	}
	boxEq := s.seal(in.set("note", str(padNote)).bytes())
	outsEq := append(slices.Clone(outs), "note", padNote)

	return []gen.Group{
		{Type: "ResponseOpen", Comment: "responses both profiles accept", Inputs: base, Cases: []gen.Case{
			gen.Valid("Bob's response as the SDK writes it", vectors.Make(), "Scenario", "CrossChecked").Pin(
				"responderPubKeys", ccHex("parties.bob.unifiedPubKeys"), "ratchetPublicKey", ccHex("response.ratchetPublicKey"),
				"proofMessage", ccStr("parties.bob.proof.proof.message"), "proofSignature", ccStr("parties.bob.proof.proof.signature"),
				"responderAddress", ccStr("parties.bob.address"), "sharedX25519", ccHex("response.sharedX25519"),
				"innerPlaintext", ccHex("response.innerPlaintext"), "kemCiphertext", ccHex("response.kemCiphertext"),
				"kemSecret", ccHex("response.kemSecret"), "tagEcdh", ccHex("response.tagECDH"), "tagOkm", ccHex("response.tagOKM")),
			gen.Valid("responder given in lowercase", vectors.Make("responder", s.bob.address)).Pin(outs...),
			gen.Valid("no note member: note is null", envOf(in.del("note")), "NoNote").Pin("note", nil),
			gen.Valid("an empty note", envOf(in.set("note", str(""))), "EmptyNote").Pin("note", ""),
			gen.Valid("inner members in another order, with whitespace", ev(s.envelope(s.seal(append([]byte(" {\n"), jsjson.Marshal(jsjson.Obj(
				in[4], in[3], in[2], in[1], in[0]))[1:]...))).bytes()), "ParseNotCompare").Pin(outs...),
			gen.Valid("inner JSON with extra members", envOf(in.add("sig", str("AAAA")).add("v", jsjson.Num(3))), "ParseNotCompare").Pin(outs...),
			gen.Valid("envelope members in another order, with an extra member and whitespace", ev([]byte(`{ "ct": `+string(jsjson.Marshal(str(b64(s.resp.Box()))))+
				`, "n": "`+b64(s.boxNonce)+`", "x": [1, 2], "epk": "`+b64(rkp)+`", "v": 1 }`)), "ParseNotCompare").Pin(outs...),
			gen.Valid("envelope with a sig string of canonical base64 (ignored)", rawEnv(scenarioEnv.add("sig", str(b64(make([]byte, 64))))), "EnvelopeSig").Pin(outs...),
			gen.Valid("inner ephemeralPubKey differs from epk: rk_p is the inner one", envOf(in.set("ephemeralPubKey", str(b64(s.alice.xPub[:])))), "InnerEphemeralKey").
				Pin("ratchetPublicKey", s.alice.xPub),
		}},
		{Type: "ResponseOpen", Comment: "the verifier gives no expectations", Inputs: plain, Cases: []gen.Case{
			gen.Valid("no chain id, rp id or intended recipient given", vectors.Make()).Pin(outs...),
			gen.Valid("a third party's response, no intended recipient given: nobody can tell", merge(vectors.Make(), malEvent), "ThirdPartyResponse").
				Pin("responderPubKeys", mal.pubKeys, "responderAddress", mal.address),
		}},
		{Type: "ResponseOpen", Comment: "base64 that Node decodes and the strict profile rejects", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("n in the URL-safe alphabet", category.Base64, rawEnv(scenarioEnv.set("n", str(b64URL(s.boxNonce)))), "Base64URLSafe").Pin(outs...),
			gen.Acceptable("epk without padding", category.Base64, rawEnv(scenarioEnv.set("epk", str(strings.TrimRight(b64(rkp), "=")))), "Base64NoPadding").Pin(outs...),
			gen.Acceptable("epk with a non-zero unused bit", category.Base64, rawEnv(scenarioEnv.set("epk", str(b64UnusedBits(rkp)))), "Base64UnusedBits").Pin(outs...),
			gen.Acceptable("ct ending in == with a non-zero unused bit (a note of "+strconv.Itoa(len(padNote))+" characters makes the box 1 mod 3 bytes)", category.Base64, rawEnv(s.envelope(boxEq).set("ct", str(b64UnusedBits(boxEq)))), "Base64UnusedBits").Pin(outsEq...),
			gen.Acceptable("n with a space and a line break inside", category.Base64, rawEnv(scenarioEnv.set("n", str(b64Junk(s.boxNonce, " \n")))), "Base64Junk").Pin(outs...),
			gen.Acceptable("ct with * and $ inside", category.Base64, rawEnv(scenarioEnv.set("ct", str(b64Junk(s.resp.Box(), "*$")))), "Base64Junk").Pin(outs...),
			gen.Acceptable("ct in the URL-safe alphabet", category.Base64, rawEnv(scenarioEnv.set("ct", str(b64URL(s.resp.Box())))), "Base64URLSafe").Pin(outs...),
			gen.Acceptable("inner unifiedPubKeys in the URL-safe alphabet", category.Base64, envOf(in.set("unifiedPubKeys", str(b64URL(s.bob.pubKeys)))), "Base64URLSafe").Pin(outs...),
			gen.Acceptable("inner kemCiphertext without padding", category.Base64, envOf(in.set("kemCiphertext", str(strings.TrimRight(b64(s.resp.KEMCiphertext()), "=")))), "Base64NoPadding").Pin(outs...),
			gen.Acceptable("inner ephemeralPubKey with a tab inside", category.Base64, envOf(in.set("ephemeralPubKey", str(b64Junk(rkp, "\t")))), "Base64Junk").Pin(outs...),
		}},
		{Type: "ResponseOpen", Comment: "envelopes and inner JSON that the SDK reads and the strict profile does not", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("envelope without v", category.MissingField, rawEnv(scenarioEnv.del("v")), "EnvelopeVersion").Pin(outs...),
			gen.Acceptable("envelope with v = 2", category.Version, rawEnv(scenarioEnv.set("v", jsjson.Num(2))), "EnvelopeVersion").Pin(outs...),
			gen.Acceptable("envelope with v = \"1\", a string", category.Version, rawEnv(scenarioEnv.set("v", str("1"))), "EnvelopeVersion").Pin(outs...),
			gen.Acceptable("envelope with sig = null", category.JSON, rawEnv(scenarioEnv.add("sig", jsjson.Value{})), "EnvelopeSig").Pin(outs...),
			gen.Acceptable("envelope with sig = false", category.JSON, rawEnv(scenarioEnv.add("sig", jsjson.Boolean(false))), "EnvelopeSig").Pin(outs...),
			gen.Acceptable("envelope with sig = 0", category.JSON, rawEnv(scenarioEnv.add("sig", jsjson.Num(0))), "EnvelopeSig").Pin(outs...),
			gen.Acceptable("envelope with a sig string that is not base64", category.Base64, rawEnv(scenarioEnv.add("sig", str("not base64!"))), "EnvelopeSig").Pin(outs...),
			gen.Acceptable("envelope as 0x-hex of its JSON", category.Hex, ev([]byte("0x"+hex.EncodeToString(s.resp.Ciphertext))), "HexEncodedJSON").Pin(outs...),
			gen.Acceptable("envelope after a byte order mark", category.JSON, ev(append([]byte("\xef\xbb\xbf"), s.resp.Ciphertext...)), "ByteOrderMark").Pin(outs...),
			gen.Acceptable("envelope with epk twice, the first one wrong: the last counts", category.JSON, rawEnv(append(members{jsjson.M("epk", str("AAAA"))}, scenarioEnv...)), "DuplicateMember").Pin(outs...),
			gen.Acceptable("envelope with the byte 0xff in an extra member", category.JSON, ev(replace(scenarioEnv.add("x", str(mark)).bytes(), "\xff")), "InvalidUTF8").Pin(outs...),
			gen.Acceptable("inner JSON after a byte order mark", category.JSON, ev(s.envelope(s.seal(append([]byte("\xef\xbb\xbf"), in.bytes()...))).bytes()), "ByteOrderMark").Pin(outs...),
			gen.Acceptable("inner JSON with note twice: the last counts", category.JSON, envOf(append(members{jsjson.M("note", str("first"))}, in...)), "DuplicateMember").Pin(outs...),
			gen.Acceptable("inner note with a lone surrogate", category.JSON, envOf(in.set("note", str("a\xed\xa0\x80b"))), "LoneSurrogate").Pin("note", "a\xed\xa0\x80b"),
			gen.Acceptable("inner note with the byte 0xfe (read as U+FFFD)", category.JSON, ev(s.envelope(s.seal(replace(in.set("note", str(mark)).bytes(), "\xfe"))).bytes()), "InvalidUTF8").Pin("note", "\uFFFD"),
			gen.Acceptable("inner note is a number: the deployed profile reports no note", category.JSON, envOf(in.set("note", jsjson.Num(7))), "NoteType").Pin("note", nil),
			gen.Acceptable("inner unifiedPubKeys in the 64-byte legacy form", category.Version, envOf(in.set("unifiedPubKeys", str(b64(s.bob.pubKeys[1:])))), "LegacyPubKeys").
				Pin("responderPubKeys", s.bob.pubKeys[1:]),
		}},
		{Type: "ResponseOpen", Comment: "X25519 keys of small order", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("epk = 0, the box sealed with the all-zero X25519 output", category.LowOrderPoint, lowEPK(0), "LowOrderPoint").Pin(outs...),
			gen.Acceptable("epk of order 8, the box sealed with the all-zero X25519 output", category.LowOrderPoint, lowEPK(2), "LowOrderPoint").Pin(outs...),
			gen.Acceptable("R = 0, with the tag made from the all-zero X25519 output", category.LowOrderPoint, vectors.Make("responderEphemeralR", lowOrder(0), "inResponseTo", zeroR), "LowOrderPoint").
				Pin(append(outs, "tagEcdh", make([]byte, 32))...),
			gen.Acceptable("inner ephemeralPubKey = 0", category.LowOrderPoint, envOf(in.set("ephemeralPubKey", str(b64(lowOrder(0))))), "LowOrderPoint").Pin("ratchetPublicKey", lowOrder(0)),
			gen.Acceptable("inner ephemeralPubKey = p - 1", category.LowOrderPoint, envOf(in.set("ephemeralPubKey", str(b64(lowOrder(3))))), "LowOrderPoint").Pin("ratchetPublicKey", lowOrder(3)),
		}},
		{Type: "ResponseOpen", Comment: "a third party's valid response", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("Mallory answers Alice's Handshake with her own keys and proof; Bob is the intended recipient", category.ProofAddress, malEvent, "ThirdPartyResponse").
				Pin("responderPubKeys", mal.pubKeys, "responderAddress", mal.address, "note", "Hi Alice, this is Bob"),
			gen.Invalid("Mallory re-emits Bob's genuine response", category.ProofExecutor, vectors.Make("responder", mal.checksummed), "ReplayedResponse"),
		}},
		{Type: "ResponseOpen", Comment: "malformed envelopes", Inputs: base, Cases: []gen.Case{
			gen.Invalid("empty ciphertext", category.JSON, ev([]byte{}), "MalformedJSON"),
			gen.Invalid("not JSON", category.JSON, ev([]byte("v=1&epk=")), "MalformedJSON"),
			gen.Invalid("a JSON array", category.JSON, ev([]byte(`["`+b64(rkp)+`"]`)), "MalformedJSON"),
			gen.Invalid("the envelope without its last byte", category.JSON, ev(s.resp.Ciphertext[:len(s.resp.Ciphertext)-1]), "MalformedJSON"),
			gen.Invalid("0x followed by hex of a truncated envelope", category.JSON, ev([]byte("0x"+hex.EncodeToString(s.resp.Ciphertext[:40]))), "HexEncodedJSON"),
			gen.Invalid("no epk", category.JSON, rawEnv(scenarioEnv.del("epk")), "MalformedJSON"),
			gen.Invalid("epk is a number", category.JSON, rawEnv(scenarioEnv.set("epk", jsjson.Num(1))), "MalformedJSON"),
			gen.Invalid("epk is an array of bytes", category.JSON, rawEnv(scenarioEnv.set("epk", jsjson.Arr(jsjson.Num(1), jsjson.Num(2)))), "MalformedJSON"),
			gen.Invalid("no n", category.JSON, rawEnv(scenarioEnv.del("n")), "MalformedJSON"),
			gen.Invalid("no ct", category.JSON, rawEnv(scenarioEnv.del("ct")), "MalformedJSON"),
			gen.Invalid("ct is null", category.JSON, rawEnv(scenarioEnv.set("ct", jsjson.Value{})), "MalformedJSON"),
			gen.Invalid("sig = 1, a truthy number (Buffer.from throws)", category.JSON, rawEnv(scenarioEnv.add("sig", jsjson.Num(1))), "EnvelopeSig"),
			gen.Invalid("sig = {}, a truthy object", category.JSON, rawEnv(scenarioEnv.add("sig", jsjson.Obj())), "EnvelopeSig"),
			gen.Invalid("epk of 31 bytes", category.FieldLength, rawEnv(scenarioEnv.set("epk", str(b64(rkp[:31])))), "WrongLength"),
			gen.Invalid("epk of 33 bytes", category.FieldLength, rawEnv(scenarioEnv.set("epk", str(b64(append(append([]byte{}, rkp...), 0))))), "WrongLength"),
			gen.Invalid("epk with = in the middle: Node stops there", category.FieldLength, rawEnv(scenarioEnv.set("epk", str(b64(rkp)[:20]+"="+b64(rkp)[20:]))), "Base64PaddingInside"),
			gen.Invalid("n of 23 bytes", category.FieldLength, rawEnv(scenarioEnv.set("n", str(b64(s.boxNonce[:23])))), "WrongLength"),
			gen.Invalid("n of 32 bytes", category.FieldLength, rawEnv(scenarioEnv.set("n", str(b64(slices.Concat(s.boxNonce, s.boxNonce[:8]))))), "WrongLength"),
			gen.Invalid("empty ct", category.AEADAuth, rawEnv(scenarioEnv.set("ct", str(""))), "WrongBox"),
			gen.Invalid("the box with its last bit flipped", category.AEADAuth, rawEnv(s.envelope(boxFlip)), "WrongBox"),
			gen.Invalid("the box without its last byte", category.AEADAuth, rawEnv(s.envelope(s.resp.Box()[:len(s.resp.Box())-1])), "WrongBox"),
			gen.Invalid("another nonce in n", category.AEADAuth, rawEnv(scenarioEnv.set("n", str(b64(otherNonce)))), "WrongBox"),
			gen.Invalid("the box sealed to another initiator key", category.AEADAuth, rawEnv(s.envelope(boxToOther)), "WrongBox"),
			gen.Invalid("the box sealed with the tag key r instead of rk_s", category.AEADAuth, rawEnv(s.envelope(boxWithR)), "WrongBox"),
			gen.Invalid("epk = R, the tag key, with the box sealed from rk_s", category.AEADAuth, rawEnv(scenarioEnv.set("epk", str(b64(s.resp.ResponderEphemeralR[:])))), "WrongBox"),
		}},
		{Type: "ResponseOpen", Comment: "malformed inner JSON, sealed correctly", Inputs: base, Cases: []gen.Case{
			gen.Invalid("inner plaintext that is not JSON", category.JSON, ev(s.envelope(s.seal([]byte("Hi Alice"))).bytes()), "MalformedJSON"),
			gen.Invalid("inner JSON array", category.JSON, ev(s.envelope(s.seal([]byte(`[1]`))).bytes()), "MalformedJSON"),
			gen.Invalid("no identityProof", category.JSON, envOf(in.del("identityProof")), "MalformedJSON"),
			gen.Invalid("identityProof = null", category.JSON, envOf(in.set("identityProof", jsjson.Value{})), "MalformedJSON"),
			gen.Invalid("identityProof = \"\"", category.JSON, envOf(in.set("identityProof", str(""))), "MalformedJSON"),
			gen.Invalid("identityProof is a string", category.JSON, envOf(in.set("identityProof", str(s.bob.proof.Message))), "MalformedJSON"),
			gen.Invalid("identityProof without message", category.JSON, envOf(in.set("identityProof", jsjson.Obj(jsjson.M("signature", str(s.bob.proof.Signature))))), "MalformedJSON"),
			gen.Invalid("no unifiedPubKeys", category.JSON, envOf(in.del("unifiedPubKeys")), "MalformedJSON"),
			gen.Invalid("unifiedPubKeys is a number", category.JSON, envOf(in.set("unifiedPubKeys", jsjson.Num(65))), "MalformedJSON"),
			gen.Invalid("no ephemeralPubKey", category.JSON, envOf(in.del("ephemeralPubKey")), "MalformedJSON"),
			gen.Invalid("kemCiphertext is a number", category.JSON, envOf(in.set("kemCiphertext", jsjson.Num(1088))), "MalformedJSON"),
			gen.Invalid("no kemCiphertext", category.MissingField, envOf(in.del("kemCiphertext")), "MissingKEM"),
			gen.Invalid("kemCiphertext = \"\"", category.MissingField, envOf(in.set("kemCiphertext", str(""))), "MissingKEM"),
			gen.Invalid("kemCiphertext = null", category.MissingField, envOf(in.set("kemCiphertext", jsjson.Value{})), "MissingKEM"),
			gen.Invalid("kemCiphertext of 1087 bytes", category.FieldLength, envOf(in.set("kemCiphertext", str(b64(s.resp.KEMCiphertext()[:1087])))), "WrongLength"),
			gen.Invalid("kemCiphertext of 1089 bytes", category.FieldLength, envOf(in.set("kemCiphertext", str(b64(append(append([]byte{}, s.resp.KEMCiphertext()...), 0))))), "WrongLength"),
			gen.Invalid("unifiedPubKeys of 66 bytes", category.FieldLength, envOf(in.set("unifiedPubKeys", str(b64(append(append([]byte{}, s.bob.pubKeys...), 0))))), "WrongLength"),
			gen.Invalid("unifiedPubKeys of 65 bytes with version byte 2", category.Version, envOf(in.set("unifiedPubKeys", str(b64(append([]byte{2}, s.bob.pubKeys[1:]...))))), "KeyVersion"),
			gen.Invalid("inner ephemeralPubKey of 31 bytes", category.FieldLength, envOf(in.set("ephemeralPubKey", str(b64(rkp[:31])))), "WrongLength"),
			gen.Invalid("inner ephemeralPubKey of 1216 bytes", category.FieldLength, envOf(in.set("ephemeralPubKey", str(b64(s.hs.EphemeralPubKey)))), "WrongLength"),
		}},
		{Type: "ResponseOpen", Comment: "tags that do not match", Inputs: base, Cases: []gen.Case{
			gen.Invalid("inResponseTo with its last bit flipped", category.TagMismatch, vectors.Make("inResponseTo", flipped), "WrongTag"),
			gen.Invalid("inResponseTo all zero", category.TagMismatch, vectors.Make("inResponseTo", make([]byte, 32)), "WrongTag"),
			gen.Invalid("inResponseTo = the HKDF output without keccak256", category.TagMismatch, vectors.Make("inResponseTo", s.resp.Tag.OKM), "WrongPrimitive"),
			gen.Invalid("inResponseTo from HKDF with ikm and salt swapped", category.TagMismatch, vectors.Make("inResponseTo", swapped), "WrongPrimitive"),
			gen.Invalid("R of another key", category.TagMismatch, vectors.Make("responderEphemeralR", s.alice.xPub), "WrongTag"),
			gen.Invalid("R = rk_p: the ratchet key instead of the tag key", category.TagMismatch, vectors.Make("responderEphemeralR", rkp), "WrongTag"),
			gen.Invalid("kemCiphertext encapsulated to another key (implicit rejection)", category.TagMismatch, envOf(in.set("kemCiphertext", str(b64(otherCT)))), "ImplicitRejection"),
			gen.Invalid("kemCiphertext with its first bit flipped (implicit rejection)", category.TagMismatch, envOf(in.set("kemCiphertext", str(b64(ctFlip)))), "ImplicitRejection"),
		}},
		{Type: "ResponseOpen", Comment: "proofs that do not hold", Inputs: base, Cases: []gen.Case{
			gen.Invalid("the verifier is on chain 1", category.ProofChainID, vectors.Make("expectedChainId", 1), "ProofChainId"),
			gen.Invalid("the verifier expects another rp id", category.ProofRPID, vectors.Make("expectedRpId", "evil.example"), "ProofRpId"),
			gen.Invalid("Bob's binding message signed by Mallory", category.ProofSignature, envOf(in.set("identityProof", proofValue(verbeth.IdentityProof{
				Message: s.bob.proof.Message, Signature: mal.sign(s.bob.proof.Message).Signature}))), "ProofSignature"),
			gen.Invalid("Mallory's keys in unifiedPubKeys with Bob's proof", category.ProofKeys, envOf(in.set("unifiedPubKeys", str(b64(mal.pubKeys)))), "ProofKeys"),
		}},
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic("vectorgen: Verbeth fixture: " + err.Error())
	}
	return a, b
}

func genResponseMatch() []gen.Group {
	s := shared()
	type cand struct{ a, seed []byte }
	p0 := cand{s.a, s.mlkemSeed}
	p1 := cand{vecBytes(32, "match", "P1", "ephemeralSecret"), vecBytes(64, "match", "P1", "mlkemSeed")}
	p2 := cand{vecBytes(32, "match", "P2", "ephemeralSecret"), vecBytes(64, "match", "P2", "mlkemSeed")}
	p3 := cand{s.a, vecBytes(64, "match", "P3", "mlkemSeed")}
	pending := func(cs ...cand) vectors.Values {
		list := make([]map[string]string, len(cs))
		for i, c := range cs {
			list[i] = map[string]string{"ephemeralSecret": gen.Hex(c.a), "mlkemSeed": gen.Hex(c.seed)}
		}
		return vectors.Make("pending", json.RawMessage(gen.Must(json.Marshal(list))))
	}
	base := vectors.Make("responderEphemeralR", s.resp.ResponderEphemeralR, "inResponseTo", s.resp.InResponseTo, "ciphertext", s.resp.Ciphertext)
	in := s.inner()
	env := s.envelope(s.resp.Box())
	ev := func(ms members) vectors.Values { return vectors.Make("ciphertext", ms.bytes()) }
	sealed := func(ms members) vectors.Values { return ev(s.env(ms)) }
	kem := []any{"kemSecret", ccHex("response.kemSecret")}
	flipped := s.resp.InResponseTo
	flipped[0] ^= 0x80
	zeroR := gen.Must(verbeth.ComputeTag(s.r, lowOrder(0), s.resp.KEMSecret[:], verbeth.Deployed)).Tag
	return []gen.Group{
		{Type: "ResponseMatch", Comment: "matches", Inputs: base, Cases: []gen.Case{
			gen.Valid("one pending handshake, P0", pending(p0), "Scenario", "CrossChecked").Pin(append([]any{"index", 0}, kem...)...),
			gen.Valid("P1, P2, P0: the third matches", pending(p1, p2, p0), "SeveralPending").Pin("index", 2),
			gen.Valid("P0, P1: the first matches and the scan stops", pending(p0, p1), "SeveralPending").Pin("index", 0),
			gen.Valid("P3, P0: P3 opens the box but its ML-KEM key gives another tag; the scan goes on", pending(p3, p0), "SeveralPending", "ImplicitRejection").Pin("index", 1),
			gen.Valid("P0 twice: the first", pending(p0, p0), "SeveralPending").Pin("index", 0),
			gen.Valid("a proof without message: matching checks no proof", merge(sealed(in.set("identityProof", jsjson.Obj(jsjson.M("signature", jsjson.Str("0x"))))), pending(p0))).Pin("index", 0),
			gen.Valid("unifiedPubKeys of 1 byte: matching decodes no keys", merge(sealed(in.set("unifiedPubKeys", jsjson.Str("AA=="))), pending(p0))).Pin("index", 0),
		}},
		{Type: "ResponseMatch", Comment: "what only the deployed profile matches", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("n in the URL-safe alphabet: the strict profile finds no match", category.TagMismatch, merge(ev(env.set("n", jsjson.Str(b64URL(s.boxNonce)))), pending(p0)), "Base64URLSafe").Pin("index", 0),
			gen.Acceptable("R = 0 with its matching tag: the strict profile finds no match", category.TagMismatch, merge(vectors.Make("responderEphemeralR", lowOrder(0), "inResponseTo", zeroR), pending(p0)), "LowOrderPoint").Pin("index", 0),
			gen.Acceptable("envelope without v: the strict profile finds no match", category.TagMismatch, merge(ev(env.del("v")), pending(p0)), "EnvelopeVersion").Pin("index", 0),
		}},
		{Type: "ResponseMatch", Comment: "no match", Inputs: base, Cases: []gen.Case{
			gen.Invalid("no pending handshakes", category.TagMismatch, pending(), "NoMatch"),
			gen.Invalid("P1, P2: neither opens the box", category.TagMismatch, pending(p1, p2), "NoMatch"),
			gen.Invalid("P3 alone: the box opens, the tag differs", category.TagMismatch, pending(p3), "NoMatch", "ImplicitRejection"),
			gen.Invalid("the tag with its first bit flipped, P1 and P0", category.TagMismatch, merge(vectors.Make("inResponseTo", flipped), pending(p1, p0)), "WrongTag"),
			gen.Invalid("R of another key", category.TagMismatch, merge(vectors.Make("responderEphemeralR", s.alice.xPub), pending(p0)), "WrongTag"),
			gen.Invalid("a response that is not JSON, among P1 and P0", category.TagMismatch, merge(vectors.Make("ciphertext", []byte("garbage")), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("epk of 31 bytes, among P1 and P0", category.TagMismatch, merge(ev(env.set("epk", jsjson.Str(b64(s.resp.RatchetPublicKey[:31])))), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("n of 23 bytes, among P1 and P0", category.TagMismatch, merge(ev(env.set("n", jsjson.Str(b64(s.boxNonce[:23])))), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("kemCiphertext of 1087 bytes, among P1 and P0", category.TagMismatch, merge(sealed(in.set("kemCiphertext", jsjson.Str(b64(s.resp.KEMCiphertext()[:1087])))), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("no kemCiphertext, among P1 and P0", category.TagMismatch, merge(sealed(in.del("kemCiphertext")), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("no identityProof, among P1 and P0", category.TagMismatch, merge(sealed(in.del("identityProof")), pending(p1, p0)), "MalformedResponse"),
			gen.Invalid("inner plaintext that is not JSON, among P1 and P0", category.TagMismatch, merge(ev(s.envelope(s.seal([]byte("x")))), pending(p1, p0)), "MalformedResponse"),
		}},
	}
}
