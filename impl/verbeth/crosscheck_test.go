package verbeth

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pqhs/pqhs/internal/detrand"
)

// The fixed scenario of testdata/crosscheck.json: Alice initiates, Bob
// responds, both set up sessions, Alice sends a message (Bob's DH step) and
// Bob replies (Alice's DH step). Every input comes from detrand under
// "verbeth/unit/…"; crosscheck/verbeth.mjs draws the same inputs and computes
// every value with @noble/* and tweetnacl, independently of this package.

func dr(label string, n int) []byte { return detrand.Bytes("verbeth/unit/"+label, n) }

var unitChainID = int64(8453)

const unitRpID = "pqhs.example"

type unitParty struct {
	edSeed, xSecret, secp []byte
	xPub                  [32]byte
	edPub                 []byte
	address               string
	proof                 IdentityProof
}

func newUnitParty(t testing.TB, name string) *unitParty {
	p := &unitParty{edSeed: dr(name+"/ed25519-seed", 32), xSecret: dr(name+"/x25519-secret", 32), secp: dr(name+"/secp256k1", 32)}
	p.xPub = must(X25519PublicKey(p.xSecret))(t)
	p.edPub = ed25519.NewKeyFromSeed(p.edSeed).Public().(ed25519.PublicKey)
	p.address = must(AddressOf(p.secp))(t)
	msg := must(BindingMessage(Binding{Address: p.address, PkEd25519: p.edPub, PkX25519: p.xPub[:], ExecutorAddress: p.address, ChainID: &unitChainID, RpID: unitRpID}))(t)
	p.proof = NewIdentityProof(msg, must(SignBindingMessage(p.secp, msg))(t))
	return p
}

func (p *unitParty) keys() UnifiedPubKeys {
	return UnifiedPubKeys{Version: 1, X25519: p.xPub, Ed25519: [32]byte(p.edPub)}
}

// must turns (v, err) into a function that fails the test on err.
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

const unitNoteA = "Hello Bob! <&> \"quoted\"\n\u2028 ünïcode 🔐"

type unitRun struct {
	alice, bob *unitParty
	hs         *Handshake
	resp       *Response
	pending    *Pending
	event      ResponseEvent
	opened     *OpenedResponse
	aliceS0    *Session
	aliceB     *Bootstrap
	bobS0      *Session
	bobB       *Bootstrap
	msg1       *Encrypted
	rnd1       EncryptRandomness
	aliceS1    *Session
	bobS1      *Session
	dec1       *Decrypted
	msg2       *Encrypted
	rnd2       EncryptRandomness
	bobS2      *Session
	promoted   *Session
	aliceS2    *Session
	dec2       *Decrypted
}

// runUnit runs the whole scenario under profile p.
func runUnit(t testing.TB, p Profile) *unitRun {
	t.Helper()
	u := &unitRun{alice: newUnitParty(t, "alice"), bob: newUnitParty(t, "bob")}
	u.hs = must(Initiate(InitiateParams{EphemeralSecret: dr("a", 32), MLKEMSeed: dr("mlkem-seed", 64), RecipientAddress: u.bob.address,
		IdentityX25519: u.alice.xPub[:], IdentityEd25519: u.alice.edPub, Note: unitNoteA, Proof: u.alice.proof}))(t)
	u.resp = must(Respond(RespondParams{InitiatorEphemeralPubKey: u.hs.EphemeralPubKey, TagSecret: dr("r", 32), RatchetSecret: dr("rk_s", 32),
		MLKEMMessage: dr("mlkem-m", 32), BoxNonce: dr("box-nonce", 24), ResponderKeys: u.bob.keys(), Note: "Hi Alice", Proof: u.bob.proof}, p))(t)
	u.pending = must(NewPending(dr("a", 32), dr("mlkem-seed", 64)))(t)
	u.event = ResponseEvent{InResponseTo: u.resp.InResponseTo, ResponderEphemeralR: u.resp.ResponderEphemeralR, Ciphertext: u.resp.Ciphertext}
	u.opened = must(OpenResponse(u.pending, u.event, p))(t)
	var err error
	if u.aliceS0, u.aliceB, err = NewInitiatorSession(dr("a", 32), u.opened.RatchetPublicKey[:], u.opened.KEMSecret[:], u.event.InResponseTo[:], dr("s1", 32), p); err != nil {
		t.Fatal(err)
	}
	if u.bobS0, u.bobB, err = NewResponderSession(dr("rk_s", 32), u.hs.EphemeralX25519[:], u.resp.KEMSecret[:], u.resp.InResponseTo[:], p); err != nil {
		t.Fatal(err)
	}
	pt1 := []byte("first message from Alice")
	u.rnd1 = must(DrawEncryptRandomness(detrand.Reader("verbeth/unit/msg1/random"), len(pt1)))(t)
	if u.aliceS1, u.msg1, err = u.aliceS0.Encrypt(pt1, u.alice.edSeed, u.rnd1); err != nil {
		t.Fatal(err)
	}
	if u.bobS1, u.dec1, err = u.bobS0.Decrypt(u.msg1.Payload, u.alice.edPub, dr("bob/dh-step", 32), p); err != nil {
		t.Fatal(err)
	}
	pt2 := []byte("reply from Bob")
	u.rnd2 = must(DrawEncryptRandomness(detrand.Reader("verbeth/unit/msg2/random"), len(pt2)))(t)
	if u.bobS2, u.msg2, err = u.bobS1.Encrypt(pt2, u.bob.edSeed, u.rnd2); err != nil {
		t.Fatal(err)
	}
	var match TopicMatch
	if u.promoted, match, err = u.aliceS1.RouteInbound(u.msg2.Topic); err != nil || match != TopicNext {
		t.Fatalf("RouteInbound = %v, %v; want next", match, err)
	}
	if u.aliceS2, u.dec2, err = u.promoted.Decrypt(u.msg2.Payload, u.bob.edPub, dr("alice/dh-step", 32), p); err != nil {
		t.Fatal(err)
	}
	return u
}

// crosscheck is testdata/crosscheck.json.
type crosscheck struct {
	Parties map[string]struct {
		X25519Public, Ed25519Public, Address, UnifiedPubKeys string
		Proof                                                struct {
			Message, MessageHash string
			Proof                struct{ Message, Signature, MessageRawHex string }
		}
	}
	Handshake struct {
		RecipientHash, PubKeys, EphemeralX25519, KemPublicKey, EphemeralPubKey, PlaintextPayload string
	}
	Response struct {
		ResponderEphemeralR, RatchetPublicKey, KemCiphertext, KemSecret, TagECDH, TagOKM, InResponseTo, SharedX25519 string
		InnerPlaintext, Box, Ciphertext, HybridSecret, RootKey0, ChainKey0                                           string
	}
	Bootstrap struct {
		TopicOutbound, TopicInbound, ConversationID, FirstRatchetPublic, Dh1, RootKey1, SendingChainKey1 string
		AliceState0, BobState0                                                                           json.RawMessage
	}
	Ratchet struct {
		Msg1, Msg2                                                    ccMessage
		BobDecrypt1, AliceDecrypt2                                    ccDecrypt
		AliceState1, BobState1, BobState2, AlicePromoted, AliceState2 json.RawMessage
	}
	LowOrder         []struct{ Point, TweetnaclShared string }
	LowOrderResponse struct {
		EphemeralPubKey, TagECDH, InResponseTo, SharedX25519, Ciphertext, HybridSecret string
	}
	Ed25519Malleable struct {
		Signature                      string
		TweetnaclAccepts, NobleAccepts bool
	}
	Base64         []ccBytesCase
	Hex            []ccBytesCase
	Numbers        []struct{ In, Out string }
	Trims          []struct{ In, Trim string }
	Lowers         []struct{ In, Lower string }
	NonCanonicalEK *struct {
		EK, M, CipherText, SharedSecret string
		CurrentNobleRejects             bool
	}
}

type ccMessage struct {
	Jitter                                                            int
	PaddingFill, Nonce, MessageKey, Padded, Signature, Payload, Topic string
}

type ccDecrypt struct {
	DhReceive, RootKeyA, ReceivingChainKey, NewRatchetPublic, DhSend, RootKeyB, SendingChainKey, MessageKey, Plaintext string
}

type ccBytesCase struct {
	In  []uint16
	Out string
}

func loadCrosscheck(t testing.TB) *crosscheck {
	t.Helper()
	raw, err := os.ReadFile("testdata/crosscheck.json")
	if err != nil {
		t.Fatal(err)
	}
	var c crosscheck
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// eqHex fails unless got is the bytes of the hex string want.
func eqHex(t *testing.T, name string, got []byte, want string) {
	t.Helper()
	if hex.EncodeToString(got) != want {
		t.Errorf("%s:\n got  %x\n want %s", name, got, want)
	}
}

// eqState compares a session with a state written by the crosscheck.
func eqState(t *testing.T, name string, s *Session, want json.RawMessage) {
	t.Helper()
	got := must(s.MarshalJSON())(t)
	var a, b any
	json.Unmarshal(got, &a)
	json.Unmarshal(want, &b)
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	if !bytes.Equal(ga, gb) {
		t.Errorf("%s:\n got  %s\n want %s", name, ga, gb)
	}
}

func TestCrosscheckHandshake(t *testing.T) {
	c := loadCrosscheck(t)
	for _, p := range []Profile{Strict, Deployed} {
		u := runUnit(t, p)
		for name, party := range map[string]*unitParty{"alice": u.alice, "bob": u.bob} {
			w := c.Parties[name]
			eqHex(t, name+" x25519", party.xPub[:], w.X25519Public)
			eqHex(t, name+" ed25519", party.edPub, w.Ed25519Public)
			eqHex(t, name+" unifiedPubKeys", party.keys().Bytes(), w.UnifiedPubKeys)
			if party.address != w.Address || party.proof.Message != w.Proof.Message ||
				party.proof.Signature != w.Proof.Proof.Signature || party.proof.MessageRawHex != w.Proof.Proof.MessageRawHex {
				t.Errorf("%s proof = %+v, want %+v", name, party.proof, w.Proof.Proof)
			}
			h := EIP191Hash(party.proof.Message)
			eqHex(t, name+" EIP-191 hash", h[:], w.Proof.MessageHash)
		}
		hs, r := u.hs, u.resp
		eqHex(t, "recipientHash", hs.RecipientHash[:], c.Handshake.RecipientHash)
		eqHex(t, "pubKeys", hs.PubKeys, c.Handshake.PubKeys)
		eqHex(t, "ephemeralX25519", hs.EphemeralX25519[:], c.Handshake.EphemeralX25519)
		eqHex(t, "kemPublicKey", hs.KEMPublicKey, c.Handshake.KemPublicKey)
		eqHex(t, "ephemeralPubKey", hs.EphemeralPubKey, c.Handshake.EphemeralPubKey)
		eqHex(t, "plaintextPayload", hs.PlaintextPayload, c.Handshake.PlaintextPayload)

		w := c.Response
		eqHex(t, "responderEphemeralR", r.ResponderEphemeralR[:], w.ResponderEphemeralR)
		eqHex(t, "rk_p", r.RatchetPublicKey[:], w.RatchetPublicKey)
		eqHex(t, "kemCiphertext", r.KEMCiphertext(), w.KemCiphertext)
		eqHex(t, "kemSecret", r.KEMSecret[:], w.KemSecret)
		eqHex(t, "tag ECDH", r.Tag.ECDH[:], w.TagECDH)
		eqHex(t, "tag OKM", r.Tag.OKM[:], w.TagOKM)
		eqHex(t, "inResponseTo", r.InResponseTo[:], w.InResponseTo)
		eqHex(t, "X25519(rk_s, A)", r.SharedX25519[:], w.SharedX25519)
		eqHex(t, "inner plaintext", r.InnerPlaintext(), w.InnerPlaintext)
		eqHex(t, "box", r.Box(), w.Box)
		eqHex(t, "ciphertext (envelope)", r.Ciphertext, w.Ciphertext)
		eqHex(t, "hybridSecret", r.HybridSecret[:], w.HybridSecret)
		eqHex(t, "RK0", r.RootKey0[:], w.RootKey0)
		eqHex(t, "CK0", r.ChainKey0[:], w.ChainKey0)

		o := u.opened
		eqHex(t, "opened kemSecret", o.KEMSecret[:], w.KemSecret)
		eqHex(t, "opened tag", o.Tag.Tag[:], w.InResponseTo)
		eqHex(t, "opened X25519(a, rk_p)", o.SharedX25519[:], w.SharedX25519)
		eqHex(t, "opened rk_p", o.RatchetPublicKey[:], w.RatchetPublicKey)
		eqHex(t, "opened unifiedPubKeys", o.ResponderPubKeys, c.Parties["bob"].UnifiedPubKeys)
		if o.Note != "Hi Alice" || !o.HasNote || o.Proof != u.bob.proof {
			t.Errorf("opened note %q (%v), proof %+v", o.Note, o.HasNote, o.Proof)
		}

		b := c.Bootstrap
		for side, bs := range map[string]*Bootstrap{"alice": u.aliceB, "bob": u.bobB} {
			eqHex(t, side+" hybridSecret", bs.HybridSecret[:], w.HybridSecret)
			eqHex(t, side+" RK0", bs.RootKey0[:], w.RootKey0)
			eqHex(t, side+" CK0", bs.ChainKey0[:], w.ChainKey0)
			eqHex(t, side+" conversationId", bs.ConversationID[:], b.ConversationID)
		}
		eqHex(t, "alice topicOutbound", u.aliceB.TopicOutbound[:], b.TopicOutbound)
		eqHex(t, "alice topicInbound", u.aliceB.TopicInbound[:], b.TopicInbound)
		eqHex(t, "bob topicOutbound", u.bobB.TopicOutbound[:], b.TopicInbound)
		eqHex(t, "bob topicInbound", u.bobB.TopicInbound[:], b.TopicOutbound)
		eqHex(t, "S1", u.aliceS0.DHMyPublicKey[:], b.FirstRatchetPublic)
		eqHex(t, "RK1", u.aliceS0.RootKey[:], b.RootKey1)
		eqHex(t, "CKs1", u.aliceS0.SendingChainKey[:], b.SendingChainKey1)
		eqState(t, "alice state 0", u.aliceS0, b.AliceState0)
		eqState(t, "bob state 0", u.bobS0, b.BobState0)
	}
}

func TestCrosscheckRatchet(t *testing.T) {
	c := loadCrosscheck(t)
	for _, p := range []Profile{Strict, Deployed} {
		u := runUnit(t, p)
		for _, m := range []struct {
			name string
			e    *Encrypted
			rnd  EncryptRandomness
			w    ccMessage
		}{{"msg1", u.msg1, u.rnd1, c.Ratchet.Msg1}, {"msg2", u.msg2, u.rnd2, c.Ratchet.Msg2}} {
			if m.rnd.Jitter != m.w.Jitter {
				t.Errorf("%s jitter = %d, want %d", m.name, m.rnd.Jitter, m.w.Jitter)
			}
			eqHex(t, m.name+" fill", m.rnd.PaddingFill, m.w.PaddingFill)
			eqHex(t, m.name+" nonce", m.rnd.Nonce, m.w.Nonce)
			eqHex(t, m.name+" messageKey", m.e.MessageKey[:], m.w.MessageKey)
			eqHex(t, m.name+" padded", m.e.Padded, m.w.Padded)
			eqHex(t, m.name+" signature", m.e.Signature[:], m.w.Signature)
			eqHex(t, m.name+" payload", m.e.Payload, m.w.Payload)
			eqHex(t, m.name+" topic", m.e.Topic[:], m.w.Topic)
		}
		for _, d := range []struct {
			name   string
			dec    *Decrypted
			before *Session
			after  *Session
			w      ccDecrypt
		}{{"bob decrypt 1", u.dec1, u.bobS0, u.bobS1, c.Ratchet.BobDecrypt1}, {"alice decrypt 2", u.dec2, u.promoted, u.aliceS2, c.Ratchet.AliceDecrypt2}} {
			if !d.dec.DHStep || d.dec.FromSkip {
				t.Errorf("%s: DHStep %v FromSkip %v", d.name, d.dec.DHStep, d.dec.FromSkip)
			}
			eqHex(t, d.name+" plaintext", d.dec.Plaintext, d.w.Plaintext)
			eqHex(t, d.name+" messageKey", d.dec.MessageKey[:], d.w.MessageKey)
			eqHex(t, d.name+" new root", d.after.RootKey[:], d.w.RootKeyB)
			eqHex(t, d.name+" new DH key", d.after.DHMyPublicKey[:], d.w.NewRatchetPublic)
			eqHex(t, d.name+" sending chain", d.after.SendingChainKey[:], d.w.SendingChainKey)
			// The intermediate values of the DH step, recomputed from the state before it.
			dhR := must(X25519("dh", d.before.DHMySecretKey[:], d.dec.Header.DH[:], p))(t)
			rkA, ckr := KDFRootKey(d.before.RootKey[:], dhR[:])
			eqHex(t, d.name+" dhReceive", dhR[:], d.w.DhReceive)
			eqHex(t, d.name+" rootKeyA", rkA[:], d.w.RootKeyA)
			eqHex(t, d.name+" receiving chain", ckr[:], d.w.ReceivingChainKey)
			dhS := must(X25519("dh", d.after.DHMySecretKey[:], d.dec.Header.DH[:], p))(t)
			eqHex(t, d.name+" dhSend", dhS[:], d.w.DhSend)
		}
		eqState(t, "alice state 1", u.aliceS1, c.Ratchet.AliceState1)
		eqState(t, "bob state 1", u.bobS1, c.Ratchet.BobState1)
		eqState(t, "bob state 2", u.bobS2, c.Ratchet.BobState2)
		eqState(t, "alice promoted", u.promoted, c.Ratchet.AlicePromoted)
		eqState(t, "alice state 2", u.aliceS2, c.Ratchet.AliceState2)
	}
}

// The deployed-profile behaviours recorded from tweetnacl, Node's Buffer,
// Number(), String.prototype.trim/toLowerCase and noble 0.5.4.
func TestCrosscheckDeployedBehaviour(t *testing.T) {
	c := loadCrosscheck(t)
	a := dr("a", 32)
	for _, lo := range c.LowOrder {
		pt, _ := hex.DecodeString(lo.Point)
		got, err := X25519("p", a, pt, Deployed)
		if err != nil || hex.EncodeToString(got[:]) != lo.TweetnaclShared {
			t.Errorf("Deployed X25519(a, %s) = %x, %v; tweetnacl %s", lo.Point, got, err, lo.TweetnaclShared)
		}
		if _, err := X25519("p", a, pt, Strict); err == nil {
			t.Errorf("Strict accepted low-order point %s", lo.Point)
		}
	}

	u := runUnit(t, Deployed)
	sig, _ := hex.DecodeString(c.Ed25519Malleable.Signature)
	if !c.Ed25519Malleable.TweetnaclAccepts || c.Ed25519Malleable.NobleAccepts {
		t.Fatalf("crosscheck recorded tweetnacl %v, noble %v", c.Ed25519Malleable.TweetnaclAccepts, c.Ed25519Malleable.NobleAccepts)
	}
	payload := append([]byte{1}, sig...)
	payload = append(payload, u.msg1.Payload[65:]...)
	if _, _, err := u.bobS0.Decrypt(payload, u.alice.edPub, dr("bob/dh-step", 32), Deployed); err != nil {
		t.Errorf("Deployed rejected the S+L signature tweetnacl accepts: %v", err)
	}
	if _, _, err := u.bobS0.Decrypt(payload, u.alice.edPub, dr("bob/dh-step", 32), Strict); !isCat(err, "signature") {
		t.Errorf("Strict on the S+L signature: %v, want category signature", err)
	}

	for _, b := range c.Base64 {
		in := unitsToWTF8(b.In)
		if got := hex.EncodeToString(nodeBase64(in)); got != b.Out {
			t.Errorf("nodeBase64(%q) = %s, Node %s", in, got, b.Out)
		}
	}
	for _, h := range c.Hex {
		in := unitsToWTF8(h.In)
		if got := hex.EncodeToString(nodeHex(in)); got != h.Out {
			t.Errorf("nodeHex(%q) = %s, Node %s", in, got, h.Out)
		}
	}
	for _, n := range c.Numbers {
		f := jsNumber(n.In)
		got := strconv.FormatFloat(f, 'g', -1, 64)
		switch {
		case f != f:
			got = "NaN"
		case f > 1e308:
			got = "Infinity"
		}
		if got != n.Out {
			t.Errorf("jsNumber(%q) = %s, Number() gave %s", n.In, got, n.Out)
		}
	}
	for _, tr := range c.Trims {
		if got := jsTrim(tr.In); got != tr.Trim {
			t.Errorf("jsTrim(%q) = %q, want %q", tr.In, got, tr.Trim)
		}
	}
	for _, l := range c.Lowers {
		if got := jsLower(l.In); got != l.Lower {
			t.Errorf("jsLower(%q) = %q, want %q", l.In, got, l.Lower)
		}
	}

	if c.NonCanonicalEK == nil {
		t.Fatal("testdata lacks the noble 0.5.4 record; regenerate it with NOBLE_PQ_054 set")
	}
	ek, _ := hex.DecodeString(c.NonCanonicalEK.EK)
	m, _ := hex.DecodeString(c.NonCanonicalEK.M)
	ct, ss, err := Encapsulate(ek, m, Deployed)
	if err != nil {
		t.Fatal(err)
	}
	eqHex(t, "noble 0.5.4 ciphertext", ct, c.NonCanonicalEK.CipherText)
	eqHex(t, "noble 0.5.4 shared secret", ss[:], c.NonCanonicalEK.SharedSecret)
	if _, _, err := Encapsulate(ek, m, Strict); !isCat(err, "ek_modulus") || !c.NonCanonicalEK.CurrentNobleRejects {
		t.Errorf("Strict Encapsulate on a non-canonical key: %v (noble 0.7 rejects: %v)", err, c.NonCanonicalEK.CurrentNobleRejects)
	}
}

func unitsToWTF8(u []uint16) string {
	var b []byte
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if r >= 0xD800 && r < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			b = append(b, string(utf16.DecodeRune(r, rune(u[i+1])))...)
			i++
			continue
		}
		if r >= 0xD800 && r <= 0xDFFF {
			b = append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
			continue
		}
		b = append(b, string(r)...)
	}
	return string(b)
}

// TestCrosscheckFresh re-runs crosscheck/verbeth.mjs and compares its output
// with testdata/crosscheck.json. It needs Node and the crosscheck package's
// node_modules, so it runs only with PQHS_CROSSCHECK=1:
//
//	PQHS_CROSSCHECK=1 go test -run CrosscheckFresh ./impl/verbeth
//
// The noble 0.5.4 record is compared only when NOBLE_PQ_054 is set too.
func TestCrosscheckFresh(t *testing.T) {
	if os.Getenv("PQHS_CROSSCHECK") == "" {
		t.Skip("set PQHS_CROSSCHECK=1 to re-run crosscheck/verbeth.mjs with Node")
	}
	out, err := exec.Command("node", "../../crosscheck/verbeth.mjs").Output()
	if err != nil {
		t.Fatalf("node crosscheck/verbeth.mjs: %v", err)
	}
	want, _ := os.ReadFile("testdata/crosscheck.json")
	got, pinned := strings.Split(string(out), "\n"), strings.Split(string(want), "\n")
	if len(got) != len(pinned) {
		t.Fatalf("the script wrote %d lines, testdata has %d", len(got), len(pinned))
	}
	for i := range got {
		if strings.HasPrefix(got[i], `"nonCanonicalEK"`) && os.Getenv("NOBLE_PQ_054") == "" {
			continue
		}
		if got[i] != pinned[i] {
			t.Errorf("line %d differs:\n node    %.200s\n pinned  %.200s", i+1, got[i], pinned[i])
		}
	}
}
