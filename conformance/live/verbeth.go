package live

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"golang.org/x/crypto/nacl/box"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

// The Verbeth live checks. Alice is the initiator, Bob the responder and
// Mallory a third party; whichever of Alice and Bob the adapter is not, the
// runner plays on the reference.

const (
	VerbethInitiator       = "verbeth/live/initiator"
	VerbethResponder       = "verbeth/live/responder"
	VerbethOpenTampered    = "verbeth/live/open-tampered"
	VerbethRespondInvalid  = "verbeth/live/respond-invalid"
	VerbethDecryptTampered = "verbeth/live/decrypt-tampered"
)

const (
	vbChainID   = 8453 // Base, the chain Verbeth is deployed on
	vbChainText = "8453"
)

func init() {
	register(&check{
		family: VerbethInitiator,
		title:  "Verbeth live session, the adapter as initiator: Handshake, open the runner's response, bootstrap, ratchet both ways with a DH step each way",
		ops:    []*vectors.Family{vectors.VerbethHandshakeInitiate, vectors.VerbethResponseOpen, vectors.VerbethSessionInitiator},
		opt: []*vectors.Family{vectors.VerbethResponseMatch, vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt,
			vectors.VerbethLogHandshakeEncode, vectors.VerbethLogHandshakeResponseDecode},
		run: verbethInitiator,
	})
	register(&check{
		family: VerbethResponder,
		title:  "Verbeth live session, the adapter as responder: answer the runner's Handshake, bootstrap, ratchet both ways with a DH step each way",
		ops:    []*vectors.Family{vectors.VerbethHandshakeRespond, vectors.VerbethSessionResponder},
		opt: []*vectors.Family{vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt,
			vectors.VerbethLogHandshakeDecode, vectors.VerbethLogHandshakeResponseEncode},
		run: verbethResponder,
	})
	register(&check{
		family: VerbethOpenTampered,
		title:  "Verbeth live: the adapter as initiator opens tampered and hostile responses (box, envelope byte, ML-KEM ciphertext, third party, low-order keys)",
		ops:    []*vectors.Family{vectors.VerbethResponseOpen},
		run:    verbethOpenTampered,
	})
	register(&check{
		family: VerbethRespondInvalid,
		title:  "Verbeth live: the adapter as responder refuses hostile Handshakes (low-order A, ML-KEM key with a coefficient >= q, wrong size)",
		ops:    []*vectors.Family{vectors.VerbethHandshakeRespond},
		run:    verbethRespondInvalid,
	})
	register(&check{
		family: VerbethDecryptTampered,
		title:  "Verbeth live: the adapter decrypts tampered ratchet messages (flipped bit, re-signed box, replay, wrong peer key, low-order DH key, skip limit)",
		ops:    []*vectors.Family{vectors.VerbethRatchetDecrypt},
		run:    verbethDecryptTampered,
	})
}

// vbParty is one Verbeth identity: long-term keys and an identity proof.
type vbParty struct {
	name           string
	x25519         []byte // identity X25519 public key
	edSeed, ed     []byte // Ed25519 signing seed and public key
	address        string
	proofMessage   string
	proofSignature string
}

func (s *session) vbParty(name string) *vbParty {
	p := &vbParty{name: name, edSeed: s.draw(name+"/ed25519Seed", 32)}
	x, err := verbeth.X25519PublicKey(s.draw(name+"/x25519Secret", 32))
	if err != nil {
		s.broken("%v", err)
	}
	p.x25519 = x[:]
	p.ed = ed25519.NewKeyFromSeed(p.edSeed).Public().(ed25519.PublicKey)
	eth := s.draw(name+"/secp256k1Key", 32)
	if p.address, err = verbeth.AddressOf(eth); err != nil {
		s.broken("%s's secp256k1 key: %v", name, err)
	}
	chain := int64(vbChainID)
	msg, err := verbeth.BindingMessage(verbeth.Binding{Address: p.address, PkEd25519: p.ed, PkX25519: p.x25519, ExecutorAddress: p.address, ChainID: &chain})
	if err != nil {
		s.broken("%v", err)
	}
	sig, err := verbeth.SignBindingMessage(eth, msg)
	if err != nil {
		s.broken("%v", err)
	}
	proof := verbeth.NewIdentityProof(msg, sig)
	p.proofMessage, p.proofSignature = proof.Message, proof.Signature
	return p
}

func (p *vbParty) pubKeys() []byte {
	b, _ := verbeth.EncodeUnifiedPubKeys(p.x25519, p.ed, verbeth.Strict)
	return b
}

// noteRunes are the characters notes are drawn from: plain text, and what
// JSON writers disagree on (quotes, backslash, controls, HTML characters,
// U+2028, non-BMP characters).
var noteRunes = []rune("abcdefghij klmnop ABC 0123 .,:;!?-_/\"\\\n\t\x01<>&'é中\u2028\u2029😀")

// note draws a note of 0..40 characters.
func (s *session) note(name string) string {
	n := s.intn(name+"/length", 41)
	b := s.draw(name+"/chars", n)
	var sb strings.Builder
	for _, x := range b {
		sb.WriteRune(noteRunes[int(x)%len(noteRunes)])
	}
	return sb.String()
}

// initiateInputs are the inputs of Alice's Handshake to Bob.
func (s *session) initiateInputs(alice, bob *vbParty, a, seed []byte) vectors.Values {
	return vectors.Make("ephemeralSecret", a, "mlkemSeed", seed, "recipientAddress", bob.address,
		"identityX25519", alice.x25519, "identityEd25519", alice.ed, "note", s.note("alice/note"),
		"proofMessage", alice.proofMessage, "proofSignature", alice.proofSignature)
}

// respondInputs are the inputs of Bob's response to ephemeralPubKey.
func (s *session) respondInputs(bob *vbParty, ephemeralPubKey []byte) vectors.Values {
	return vectors.Make("initiatorEphemeralPubKey", ephemeralPubKey, "tagSecret", s.draw("bob/tagSecret", 32),
		"ratchetSecret", s.draw("bob/ratchetSecret", 32), "mlkemMessage", s.draw("bob/mlkemMessage", 32),
		"boxNonce", s.draw("bob/boxNonce", 24), "responderPubKeys", bob.pubKeys(), "note", s.note("bob/note"),
		"proofMessage", bob.proofMessage, "proofSignature", bob.proofSignature)
}

// openInputs are the inputs with which Alice opens a response from
// responder, meaning to talk to intended.
func openInputs(a, seed []byte, resp vectors.Values, responder, intended string) vectors.Values {
	return vectors.Values{
		"ephemeralSecret":     hexRaw(a),
		"mlkemSeed":           hexRaw(seed),
		"responderEphemeralR": resp["responderEphemeralR"],
		"inResponseTo":        resp["inResponseTo"],
		"ciphertext":          resp["ciphertext"],
	}.Set("responder", responder).Set("expectedChainId", vbChainID).Set("expectedAddress", intended)
}

func hexRaw(b []byte) json.RawMessage { return vectors.Values{}.SetBytes("x", b)["x"] }

// handshakeLog carries a Handshake as the chain does, as an event log
// (spec/verbeth.md §2.1): one side writes the log (topics and ABI data), the
// other reads it back, and the values must be what the Handshake holds.
// fromAdapter says the adapter writes it. Skipped when the adapter lacks the
// log family its side needs.
func (s *session) handshakeLog(hs vectors.Values, sender *vbParty, fromAdapter bool) {
	enc, dec := vectors.VerbethLogHandshakeEncode, vectors.VerbethLogHandshakeDecode
	if fromAdapter && !s.supports(enc) || !fromAdapter && !s.supports(dec) {
		return
	}
	in := vectors.Make("recipientHash", s.bytes(hs, "recipientHash"), "sender", addressBytes(s, sender.address), "pubKeys", s.bytes(hs, "pubKeys"),
		"ephemeralPubKey", s.bytes(hs, "ephemeralPubKey"), "plaintextPayload", s.bytes(hs, "plaintextPayload"))
	s.logRoundTrip(enc, dec, in, "the Handshake log", fromAdapter)
}

// responseLog is handshakeLog for the HandshakeResponse.
func (s *session) responseLog(resp vectors.Values, responder *vbParty, fromAdapter bool) {
	enc, dec := vectors.VerbethLogHandshakeResponseEncode, vectors.VerbethLogHandshakeResponseDecode
	if fromAdapter && !s.supports(enc) || !fromAdapter && !s.supports(dec) {
		return
	}
	in := vectors.Make("inResponseTo", s.bytes(resp, "inResponseTo"), "responder", addressBytes(s, responder.address),
		"responderEphemeralR", s.bytes(resp, "responderEphemeralR"), "ciphertext", s.bytes(resp, "ciphertext"))
	s.logRoundTrip(enc, dec, in, "the HandshakeResponse log", fromAdapter)
}

func (s *session) logRoundTrip(enc, dec *vectors.Family, in vectors.Values, what string, fromAdapter bool) {
	var log, read vectors.Values
	if fromAdapter {
		log = s.call(enc, in, accept, "the adapter emits "+what)
	} else {
		log = s.peer(enc, in, "the runner emits "+what)
	}
	din := vectors.Values{"topics": log["topics"], "data": log["data"]}
	if fromAdapter {
		read = s.peer(dec, din, "the runner reads "+what)
	} else {
		read = s.call(dec, din, accept, "the adapter reads "+what)
	}
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	slices.Sort(names) // a fixed order: transcripts are compared
	for _, name := range names {
		s.agree(what+"'s "+name, s.bytes(read, name), s.bytes(in, name))
	}
}

// addressBytes is the 20 bytes of a 0x-hex address.
func addressBytes(s *session, a string) []byte {
	b, err := hex.DecodeString(strings.TrimPrefix(strings.ToLower(a), "0x"))
	if err != nil || len(b) != 20 {
		s.broken("address %q", a)
	}
	return b
}

func verbethInitiator(s *session) {
	alice, bob := s.vbParty("alice"), s.vbParty("bob")
	a, seed := s.draw("alice/ephemeralSecret", 32), s.draw("alice/mlkemSeed", 64)
	initIn := s.initiateInputs(alice, bob, a, seed)
	hs := s.call(vectors.VerbethHandshakeInitiate, initIn, accept, "Alice's Handshake to Bob")
	s.handshakeLog(hs, alice, true)

	// Bob reads the Handshake and answers it.
	payload := s.peer(vectors.VerbethHandshakePayloadDecode, vectors.Make("plaintextPayload", s.bytes(hs, "plaintextPayload")), "Bob reads the Handshake's payload")
	s.agreeText("Alice's note", s.str(payload, "note"), mustString(initIn, "note"))
	h := verbeth.RecipientHash(bob.address)
	s.agree("recipientHash", s.bytes(hs, "recipientHash"), h[:])
	s.agree("Alice's unified public keys", s.bytes(hs, "pubKeys"), alice.pubKeys())
	epk := s.bytes(hs, "ephemeralPubKey")
	respIn := s.respondInputs(bob, epk)
	resp := s.peer(vectors.VerbethHandshakeRespond, respIn, "Bob responds")
	s.responseLog(resp, bob, false)

	opened := s.call(vectors.VerbethResponseOpen, openInputs(a, seed, resp, bob.address, bob.address), accept, "Alice opens Bob's response")
	s.agree("Bob's unified public keys", s.bytes(opened, "responderPubKeys"), bob.pubKeys())
	s.agreeText("the responder's address", s.str(opened, "responderAddress"), bob.address)
	s.agree("rk_p", s.bytes(opened, "ratchetPublicKey"), s.bytes(resp, "ratchetPublicKey"))
	s.agreeText("Bob's note", s.str(opened, "note"), mustString(respIn, "note"))
	kem, ok := s.optBytes(opened, "kemSecret")
	switch {
	case ok:
	case s.supports(vectors.VerbethResponseMatch):
		m := s.call(vectors.VerbethResponseMatch, vectors.Make("pending", []map[string]string{{"ephemeralSecret": fmt.Sprintf("%x", a), "mlkemSeed": fmt.Sprintf("%x", seed)}},
			"responderEphemeralR", resp["responderEphemeralR"], "inResponseTo", resp["inResponseTo"], "ciphertext", resp["ciphertext"]), accept, "Alice matches Bob's response")
		kem = s.bytes(m, "kemSecret")
	default:
		kem = s.bytes(resp, "kemSecret")
		s.logf("note: the adapter reports no kemSecret and has no %s: Alice's session uses Bob's", vectors.VerbethResponseMatch)
	}
	s.agree("the ML-KEM secret", kem, s.bytes(resp, "kemSecret"))

	sa := s.call(vectors.VerbethSessionInitiator, vectors.Make("ephemeralSecret", a, "ratchetPublicKey", s.bytes(opened, "ratchetPublicKey"), "kemSecret", kem,
		"inResponseTo", s.bytes(resp, "inResponseTo"), "firstRatchetSecret", s.draw("alice/firstRatchetSecret", 32)), accept, "Alice's session")
	sb := s.peer(vectors.VerbethSessionResponder, vectors.Make("ratchetSecret", mustBytes(respIn, "ratchetSecret"), "initiatorEphemeralX25519", epk[:32],
		"kemSecret", s.bytes(resp, "kemSecret"), "inResponseTo", s.bytes(resp, "inResponseTo")), "Bob's session")
	s.bootstrapAgree(sa, sb)
	s.conversation(&side{name: "Alice", adapter: true, state: s.raw(sa, "state"), seed: alice.edSeed, peerEd: bob.ed},
		&side{name: "Bob", state: s.raw(sb, "state"), seed: bob.edSeed, peerEd: alice.ed})
}

func verbethResponder(s *session) {
	alice, bob := s.vbParty("alice"), s.vbParty("bob")
	a, seed := s.draw("alice/ephemeralSecret", 32), s.draw("alice/mlkemSeed", 64)
	hs := s.peer(vectors.VerbethHandshakeInitiate, s.initiateInputs(alice, bob, a, seed), "Alice's Handshake to Bob")
	s.handshakeLog(hs, alice, false)
	epk := s.bytes(hs, "ephemeralPubKey")

	respIn := s.respondInputs(bob, epk)
	resp := s.call(vectors.VerbethHandshakeRespond, respIn, accept, "Bob responds")
	s.responseLog(resp, bob, true)
	rkp, err := verbeth.X25519PublicKey(mustBytes(respIn, "ratchetSecret"))
	if err != nil {
		s.broken("%v", err)
	}
	opened := s.peer(vectors.VerbethResponseOpen, openInputs(a, seed, resp, bob.address, bob.address), "Alice opens Bob's response")
	s.agree("rk_p", s.bytes(opened, "ratchetPublicKey"), rkp[:])
	s.agreeText("Bob's note", s.str(opened, "note"), mustString(respIn, "note"))
	s.agree("Bob's unified public keys", s.bytes(opened, "responderPubKeys"), bob.pubKeys())
	kem, ok := s.optBytes(resp, "kemSecret")
	if !ok {
		kem = s.bytes(opened, "kemSecret")
		s.logf("note: the adapter reports no kemSecret: Bob's session uses the one Alice decapsulated")
	}
	s.agree("the ML-KEM secret", kem, s.bytes(opened, "kemSecret"))

	sb := s.call(vectors.VerbethSessionResponder, vectors.Make("ratchetSecret", mustBytes(respIn, "ratchetSecret"), "initiatorEphemeralX25519", epk[:32],
		"kemSecret", kem, "inResponseTo", s.bytes(resp, "inResponseTo")), accept, "Bob's session")
	sa := s.peer(vectors.VerbethSessionInitiator, vectors.Make("ephemeralSecret", a, "ratchetPublicKey", s.bytes(opened, "ratchetPublicKey"), "kemSecret", s.bytes(opened, "kemSecret"),
		"inResponseTo", s.bytes(resp, "inResponseTo"), "firstRatchetSecret", s.draw("alice/firstRatchetSecret", 32)), "Alice's session")
	s.bootstrapAgree(sa, sb)
	s.conversation(&side{name: "Alice", state: s.raw(sa, "state"), seed: alice.edSeed, peerEd: bob.ed},
		&side{name: "Bob", adapter: true, state: s.raw(sb, "state"), seed: bob.edSeed, peerEd: alice.ed})
}

// bootstrapAgree checks the two sessions' shared values: the initiator's
// outbound topic is the responder's inbound one and the other way round, and
// the conversation id and the secrets behind the root key are the same.
func (s *session) bootstrapAgree(sa, sb vectors.Values) {
	s.agree("Alice's outbound and Bob's inbound topic", s.bytes(sa, "topicOutbound"), s.bytes(sb, "topicInbound"))
	s.agree("Alice's inbound and Bob's outbound topic", s.bytes(sa, "topicInbound"), s.bytes(sb, "topicOutbound"))
	s.agree("the conversation id", s.bytes(sa, "conversationId"), s.bytes(sb, "conversationId"))
	for _, name := range []string{"sharedX25519", "hybridSecret", "rootKey0", "chainKey0"} {
		x, ok1 := s.optBytes(sa, name)
		y, ok2 := s.optBytes(sb, name)
		if ok1 && ok2 {
			s.agree(name, x, y)
		}
	}
}

// side is one end of a ratchet conversation.
type side struct {
	name    string
	adapter bool
	state   json.RawMessage
	seed    []byte // own Ed25519 signing seed
	peerEd  []byte // the other side's Ed25519 key
}

// sent is one message on the wire.
type sent struct {
	label            string
	payload, topic   []byte
	plaintext        []byte
	sender, receiver *side
}

// conversation exchanges ratchet messages: Alice sends two, Bob receives
// them (his DH step) and sends two, Alice receives them in reverse order
// (her DH step on the later one, the earlier from its stored key, both
// routed by topic, the first on her next inbound topic), and Alice sends one
// more, which Bob receives with a second DH step.
func (s *session) conversation(alice, bob *side) {
	if !s.supports(vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt) {
		s.logf("note: no ratchet messages: the adapter lacks %s or %s", vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt)
		return
	}
	a1, a2 := s.encrypt(alice, bob, "alice/1"), s.encrypt(alice, bob, "alice/2")
	s.decrypt(a1)
	s.decrypt(a2)
	b1, b2 := s.encrypt(bob, alice, "bob/1"), s.encrypt(bob, alice, "bob/2")
	s.decrypt(b2)
	s.decrypt(b1)
	s.decrypt(s.encrypt(alice, bob, "alice/3"))
	for _, x := range []*side{alice, bob} {
		st, err := verbeth.ParseSession(x.state)
		if err != nil {
			s.fail("%s's state: %v", x.name, err)
		}
		s.logf("%s's state: epoch %d, Ns %d, Nr %d, PN %d, %d skipped keys", x.name, st.TopicEpoch, st.SendingMsgNumber, st.ReceivingMsgNumber, st.PreviousChainLength, len(st.SkippedKeys))
	}
}

func (s *session) encrypt(x, to *side, label string) *sent {
	pt := s.draw(label+"/plaintext", s.intn(label+"/plaintextLength", 300))
	rnd, err := verbeth.DrawEncryptRandomness(detrand.Reader(s.seed.Label(s.family, s.n, label+"/encryptRandomness")), len(pt))
	if err != nil {
		s.broken("%v", err)
	}
	req := vectors.Make("state", x.state, "plaintext", pt, "signingSeed", x.seed, "jitter", rnd.Jitter, "paddingFill", rnd.PaddingFill, "nonce", rnd.Nonce)
	what := fmt.Sprintf("%s encrypts message %s (%d bytes)", x.name, label, len(pt))
	out := s.by(x, vectors.VerbethRatchetEncrypt, req, what)
	x.state = s.raw(out, "state")
	return &sent{label: label, payload: s.bytes(out, "payload"), topic: s.bytes(out, "topic"), plaintext: pt, sender: x, receiver: to}
}

// by has x's side run op: the adapter, which must accept, or the runner's
// reference peer.
func (s *session) by(x *side, op *vectors.Family, req vectors.Values, what string) vectors.Values {
	if x.adapter {
		return s.call(op, req, accept, what)
	}
	return s.peer(op, req, what)
}

// decrypt delivers m to the other side, on the topic it was sent on.
func (s *session) decrypt(m *sent) {
	x := m.receiver
	req := vectors.Make("state", x.state, "payload", m.payload, "peerEd25519", x.peerEd,
		"newRatchetSecret", s.draw(m.label+"/newRatchetSecret", 32), "topic", m.topic)
	what := fmt.Sprintf("%s decrypts message %s", x.name, m.label)
	out := s.by(x, vectors.VerbethRatchetDecrypt, req, what)
	x.state = s.raw(out, "state")
	s.agree("message "+m.label, s.bytes(out, "plaintext"), m.plaintext)
}

func mustBytes(v vectors.Values, name string) []byte {
	b, err := v.Bytes(name)
	if err != nil {
		panic(err)
	}
	return b
}

func mustString(v vectors.Values, name string) string {
	x, err := v.String(name)
	if err != nil {
		panic(err)
	}
	return x
}

// vbScene is an honest handshake run entirely on the reference, the
// material of the tamper checks.
type vbScene struct {
	alice, bob *vbParty
	a, seed    []byte
	hs         *verbeth.Handshake
	respIn     verbeth.RespondParams
	resp       *verbeth.Response
	alicePend  *verbeth.Pending
}

func (s *session) vbScene() *vbScene {
	sc := &vbScene{alice: s.vbParty("alice"), bob: s.vbParty("bob"), a: s.draw("alice/ephemeralSecret", 32), seed: s.draw("alice/mlkemSeed", 64)}
	var err error
	sc.hs, err = verbeth.Initiate(verbeth.InitiateParams{
		EphemeralSecret: sc.a, MLKEMSeed: sc.seed, RecipientAddress: sc.bob.address,
		IdentityX25519: sc.alice.x25519, IdentityEd25519: sc.alice.ed, Note: s.note("alice/note"),
		Proof: verbeth.IdentityProof{Message: sc.alice.proofMessage, Signature: sc.alice.proofSignature},
	})
	if err != nil {
		s.broken("initiate: %v", err)
	}
	sc.respIn = s.respondParams(sc.bob, sc.hs.EphemeralPubKey, "bob")
	if sc.resp, err = verbeth.Respond(sc.respIn, verbeth.Strict); err != nil {
		s.broken("respond: %v", err)
	}
	if sc.alicePend, err = verbeth.NewPending(sc.a, sc.seed); err != nil {
		s.broken("pending: %v", err)
	}
	s.logf("runner  a Handshake from Alice to Bob and Bob's response, on the reference")
	return sc
}

func (s *session) respondParams(p *vbParty, ephemeralPubKey []byte, who string) verbeth.RespondParams {
	keys, err := verbeth.DecodeUnifiedPubKeys("pubKeys", p.pubKeys(), verbeth.Strict)
	if err != nil {
		s.broken("%v", err)
	}
	return verbeth.RespondParams{
		InitiatorEphemeralPubKey: ephemeralPubKey,
		TagSecret:                s.draw(who+"/tagSecret", 32),
		RatchetSecret:            s.draw(who+"/ratchetSecret", 32),
		MLKEMMessage:             s.draw(who+"/mlkemMessage", 32),
		BoxNonce:                 s.draw(who+"/boxNonce", 24),
		ResponderKeys:            keys,
		Note:                     s.note(who + "/note"),
		Proof:                    verbeth.IdentityProof{Message: p.proofMessage, Signature: p.proofSignature},
	}
}

// event is a response as open's inputs carry it.
func event(tag, R [32]byte, ciphertext []byte) vectors.Values {
	return vectors.Make("inResponseTo", tag[:], "responderEphemeralR", R[:], "ciphertext", ciphertext)
}

// seal boxes inner from rk_s to A, as a responder does, with the envelope's
// epk and nonce.
func seal(inner []byte, nonce []byte, A [32]byte, rks []byte) []byte {
	var n [24]byte
	var k [32]byte
	copy(n[:], nonce)
	copy(k[:], rks)
	return box.Seal(nil, inner, &n, &A, &k)
}

// lowOrder are X25519 public keys of small order: u = 0, u = 1, a point of
// order 8, and u = p - 1 (order 2).
var lowOrder = [][]byte{
	make([]byte, 32),
	append([]byte{1}, make([]byte, 31)...),
	unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
	unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
}

func unhex(s string) []byte {
	b, err := vectors.Values{"x": json.RawMessage(`"` + s + `"`)}.Bytes("x")
	if err != nil {
		panic(err)
	}
	return b
}

func verbethOpenTampered(s *session) {
	sc := s.vbScene()
	r := sc.resp
	open := func(ev vectors.Values, responder string) vectors.Values {
		v := openInputs(sc.a, sc.seed, ev, responder, sc.bob.address)
		return v
	}
	env, err := verbeth.DecodeEnvelope(r.Ciphertext, verbeth.Strict)
	if err != nil {
		s.broken("%v", err)
	}

	// A bit of the box flipped: the box does not open.
	boxed, i := s.flip("boxFlip", env.Box, 0, len(env.Box))
	s.call(vectors.VerbethResponseOpen, open(event(r.InResponseTo, r.ResponderEphemeralR, verbeth.EncodeEnvelope(env.EPK, env.Nonce, boxed)), sc.bob.address),
		reject(category.AEADAuth), fmt.Sprintf("a bit of byte %d of the box flipped", i))

	// A bit of the envelope's bytes flipped anywhere: whatever the reference
	// says (a JSON, base64 or length error, a box that does not open, or,
	// in the deployed profile, base64 bits that Node ignores).
	ct, i := s.flip("envelopeFlip", r.Ciphertext, 0, len(r.Ciphertext))
	s.call(vectors.VerbethResponseOpen, open(event(r.InResponseTo, r.ResponderEphemeralR, ct), sc.bob.address),
		same, fmt.Sprintf("a bit of byte %d of the envelope flipped (%q)", i, ct[i]))

	// The ML-KEM ciphertext flipped inside a well-sealed box: Alice
	// decapsulates another secret (implicit rejection), so the tag differs.
	kemCT, i := s.flip("kemCiphertextFlip", r.KEMCiphertext(), 0, len(r.KEMCiphertext()))
	old, neu := base64.StdEncoding.EncodeToString(r.KEMCiphertext()), base64.StdEncoding.EncodeToString(kemCT)
	if !strings.Contains(string(r.InnerPlaintext()), old) {
		s.broken("the inner plaintext does not hold the ML-KEM ciphertext")
	}
	inner := []byte(strings.Replace(string(r.InnerPlaintext()), old, neu, 1))
	ct = verbeth.EncodeEnvelope(env.EPK, env.Nonce, seal(inner, env.Nonce, sc.hs.EphemeralX25519, sc.respIn.RatchetSecret))
	s.call(vectors.VerbethResponseOpen, open(event(r.InResponseTo, r.ResponderEphemeralR, ct), sc.bob.address),
		reject(category.TagMismatch), fmt.Sprintf("a bit of byte %d of the ML-KEM ciphertext flipped, re-sealed (implicit rejection)", i))

	// Mallory answers Alice's Handshake with her own keys and proof; Alice
	// meant to talk to Bob.
	mallory := s.vbParty("mallory")
	mr, err := verbeth.Respond(s.respondParams(mallory, sc.hs.EphemeralPubKey, "mallory"), verbeth.Strict)
	if err != nil {
		s.broken("%v", err)
	}
	s.call(vectors.VerbethResponseOpen, open(event(mr.InResponseTo, mr.ResponderEphemeralR, mr.Ciphertext), mallory.address),
		strictReject(category.ProofAddress), "Mallory's response to Alice's Handshake, sent by Mallory; Alice expects Bob")

	// A low-order epk, the box sealed with the all-zero X25519 output, as the
	// SDK would do.
	lo := lowOrder[s.intn("lowOrderEPK", len(lowOrder))]
	var zero, lo32 [32]byte
	copy(lo32[:], lo)
	var shared [32]byte
	box.Precompute(&shared, &lo32, &zero)
	var nonce [24]byte
	copy(nonce[:], env.Nonce)
	ct = verbeth.EncodeEnvelope(lo, env.Nonce, box.SealAfterPrecomputation(nil, r.InnerPlaintext(), &nonce, &shared))
	s.call(vectors.VerbethResponseOpen, open(event(r.InResponseTo, r.ResponderEphemeralR, ct), sc.bob.address),
		strictReject(category.LowOrderPoint), fmt.Sprintf("epk = %x, a point of small order, the box sealed with the all-zero X25519 output", lo))

	// A low-order R with the tag it gives.
	lo = lowOrder[s.intn("lowOrderR", len(lowOrder))]
	t, err := verbeth.ComputeTag(sc.a, lo, r.KEMSecret[:], verbeth.Deployed)
	if err != nil {
		s.broken("%v", err)
	}
	var R [32]byte
	copy(R[:], lo)
	s.call(vectors.VerbethResponseOpen, open(event(t.Tag, R, r.Ciphertext), sc.bob.address),
		strictReject(category.LowOrderPoint), fmt.Sprintf("R = %x, a point of small order, with its tag", lo))
}

func verbethRespondInvalid(s *session) {
	alice, bob := s.vbParty("alice"), s.vbParty("bob")
	hs := s.peer(vectors.VerbethHandshakeInitiate, s.initiateInputs(alice, bob, s.draw("alice/ephemeralSecret", 32), s.draw("alice/mlkemSeed", 64)), "Alice's Handshake to Bob")
	epk := s.bytes(hs, "ephemeralPubKey")
	respond := func(e []byte) vectors.Values { return s.respondInputs(bob, e) }

	lo := lowOrder[s.intn("lowOrderA", len(lowOrder))]
	e := append(slices.Clone(lo), epk[32:]...)
	s.call(vectors.VerbethHandshakeRespond, respond(e), strictReject(category.LowOrderPoint), fmt.Sprintf("A = %x, a point of small order", lo))

	// One 12-bit coefficient of ek set to a value >= q = 3329.
	e = slices.Clone(epk)
	k := s.intn("ekCoefficient", 3*256) // which coefficient of the three polynomials
	v := 3329 + s.intn("ekValue", 4096-3329)
	setCoefficient(e[32:], k, v)
	s.call(vectors.VerbethHandshakeRespond, respond(e), strictReject(category.EKModulus), fmt.Sprintf("coefficient %d of ek set to %d >= q", k, v))

	n := 1215 + 2*s.intn("wrongLength", 2)
	e = append(slices.Clone(epk), 0)[:n]
	s.call(vectors.VerbethHandshakeRespond, respond(e), reject(category.FieldLength), fmt.Sprintf("ephemeralPubKey of %d bytes", n))
}

// setCoefficient sets the 12-bit coefficient k of an encoded ML-KEM key
// (ByteEncode_12: two coefficients in three bytes, little-endian).
func setCoefficient(ek []byte, k, v int) {
	i := 3 * (k / 2)
	if k%2 == 0 {
		ek[i] = byte(v)
		ek[i+1] = ek[i+1]&0xf0 | byte(v>>8)
	} else {
		ek[i+1] = ek[i+1]&0x0f | byte(v<<4)
		ek[i+2] = byte(v >> 4)
	}
}

func verbethDecryptTampered(s *session) {
	sc := s.vbScene()
	r := sc.resp
	a0, boot, err := verbeth.NewInitiatorSession(sc.a, r.RatchetPublicKey[:], r.KEMSecret[:], r.InResponseTo[:], s.draw("alice/firstRatchetSecret", 32), verbeth.Strict)
	if err != nil {
		s.broken("Alice's session: %v", err)
	}
	bob0, _, err := verbeth.NewResponderSession(sc.respIn.RatchetSecret, sc.hs.EphemeralX25519[:], r.KEMSecret[:], r.InResponseTo[:], verbeth.Strict)
	if err != nil {
		s.broken("Bob's session: %v", err)
	}
	send := func(st *verbeth.Session, label string) (*verbeth.Session, []byte) {
		pt := s.draw(label+"/plaintext", s.intn(label+"/plaintextLength", 200))
		rnd, err := verbeth.DrawEncryptRandomness(detrand.Reader(s.seed.Label(s.family, s.n, label+"/encryptRandomness")), len(pt))
		if err != nil {
			s.broken("%v", err)
		}
		n, e, err := st.Encrypt(pt, sc.alice.edSeed, rnd)
		if err != nil {
			s.broken("encrypt: %v", err)
		}
		return n, e.Payload
	}
	a1, m1 := send(a0, "alice/1")
	_, m2 := send(a1, "alice/2")
	s.logf("runner  Alice's sessions and two messages from her, on the reference")
	dec := func(st *verbeth.Session, payload, peerEd []byte, label string) vectors.Values {
		js, err := st.MarshalJSON()
		if err != nil {
			s.broken("%v", err)
		}
		return vectors.Make("state", json.RawMessage(js), "payload", payload, "peerEd25519", peerEd, "newRatchetSecret", s.draw(label+"/newRatchetSecret", 32))
	}

	flipped, i := s.flip("payloadFlip", m1, 1, len(m1))
	s.call(vectors.VerbethRatchetDecrypt, dec(bob0, flipped, sc.alice.ed, "flip"), reject(category.Signature), fmt.Sprintf("a bit of byte %d of message 1 flipped", i))

	boxAt := 1 + 64 + 40 + 24
	body, i := s.flip("boxFlip", m1, boxAt, len(m1))
	resigned := append(append([]byte{1}, ed25519.Sign(ed25519.NewKeyFromSeed(sc.alice.edSeed), body[65:])...), body[65:]...)
	s.call(vectors.VerbethRatchetDecrypt, dec(bob0, resigned, sc.alice.ed, "resign"), reject(category.AEADAuth), fmt.Sprintf("a bit of byte %d of message 1's box flipped, re-signed by Alice", i))

	s.call(vectors.VerbethRatchetDecrypt, dec(bob0, m2, sc.bob.ed, "wrongKey"), reject(category.Signature), "message 2 verified with Bob's own key instead of Alice's")

	// S + L in place of S: tweetnacl reduces S modulo L and accepts.
	malleated := slices.Clone(m1)
	S := new(big.Int).SetBytes(reverse(malleated[33:65]))
	S.Add(S, ed25519L)
	copy(malleated[33:65], reverse(S.FillBytes(make([]byte, 32))))
	s.call(vectors.VerbethRatchetDecrypt, dec(bob0, malleated, sc.alice.ed, "malleated"), strictReject(category.Signature), "message 1 with S + L in place of its signature's S")

	out := s.call(vectors.VerbethRatchetDecrypt, dec(bob0, m1, sc.alice.ed, "m1"), accept, "message 1, honest")
	var bob1 *verbeth.Session
	bob1, err = verbeth.ParseSession(s.raw(out, "state"))
	if err != nil {
		s.fail("Bob's state after message 1: %v", err)
	}
	s.call(vectors.VerbethRatchetDecrypt, dec(bob1, m1, sc.alice.ed, "replay"), reject(category.Replay), "message 1 again")

	far := a1.Clone()
	far.SendingMsgNumber = verbeth.MaxSkipPerMessage + 2 + uint32(s.intn("skip", 1000))
	_, mFar := send(far, "alice/far")
	s.call(vectors.VerbethRatchetDecrypt, dec(bob1, mFar, sc.alice.ed, "far"), reject(category.SkipLimit), fmt.Sprintf("message number %d after message 1: beyond the skip limit", far.SendingMsgNumber))

	lo := lowOrder[s.intn("lowOrderDH", len(lowOrder))]
	// Alice's first sending chain as it would be had her DH key been lo:
	// KDF_RK(RK0, X25519(rk_s, lo)), with the all-zero X25519 output.
	evil := a0.Clone()
	copy(evil.DHMyPublicKey[:], lo)
	_, ck := verbeth.KDFRootKey(boot.RootKey0[:], make([]byte, 32))
	evil.SendingChainKey = &ck
	_, mLow := send(evil, "alice/lowOrder")
	s.call(vectors.VerbethRatchetDecrypt, dec(bob0, mLow, sc.alice.ed, "lowOrder"), strictReject(category.LowOrderPoint), fmt.Sprintf("a message whose DH key is %x, a point of small order", lo))
}

// ed25519L is the order of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493.
var ed25519L, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// reverse returns b reversed (little-endian <-> big-endian).
func reverse(b []byte) []byte {
	out := slices.Clone(b)
	slices.Reverse(out)
	return out
}
