package reference

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// The Verbeth families (vectors/catalog_verbeth.go) on impl/verbeth.
//
// Where an operation runs several impl steps (open, then verify the proof),
// it runs every step under the deployed profile first and the strict extras
// after, as impl/verbeth does within each step: an input both profiles
// reject is then rejected with the same category by both.

func init() {
	register(vectors.VerbethRecipientHash, verbethRecipientHash)
	register(vectors.VerbethUnifiedPubKeysDecode, verbethUnifiedDecode)
	register(vectors.VerbethUnifiedPubKeysEncode, verbethUnifiedEncode)
	register(vectors.VerbethHandshakeInitiate, verbethInitiate)
	register(vectors.VerbethHandshakePayloadDecode, verbethPayloadDecode)
	register(vectors.VerbethTag, verbethTag)
	register(vectors.VerbethHandshakeRespond, verbethRespond)
	register(vectors.VerbethResponseOpen, verbethOpen)
	register(vectors.VerbethResponseMatch, verbethMatch)
	register(vectors.VerbethIdentityProofBindingMessage, verbethBindingMessage)
	register(vectors.VerbethIdentityProofVerify, verbethVerify)
	register(vectors.VerbethHybridSecret, verbethHybridSecret)
	register(vectors.VerbethKDFRootKey, verbethKDFRootKey)
	register(vectors.VerbethKDFChainKey, verbethKDFChainKey)
	register(vectors.VerbethTopic, verbethTopic)
	register(vectors.VerbethSessionInitiator, verbethSessionInitiator)
	register(vectors.VerbethSessionResponder, verbethSessionResponder)
	register(vectors.VerbethRatchetPayloadDecode, verbethPayloadSplit)
	register(vectors.VerbethRatchetEncrypt, verbethEncrypt)
	register(vectors.VerbethRatchetDecrypt, verbethDecrypt)
}

func verbethProfile(p vectors.Profile) verbeth.Profile {
	if p == vectors.Deployed {
		return verbeth.Deployed
	}
	return verbeth.Strict
}

// vin reads a family's inputs, remembering the first harness error (a
// missing or ill-typed field) so that an operation can read everything and
// check once.
type vin struct {
	in  vectors.Values
	err error
}

func (r *vin) bytes(name string) []byte {
	b, err := r.in.Bytes(name)
	if err != nil && r.err == nil {
		r.err = err
	}
	return b
}

// optBytes returns nil when the field is absent.
func (r *vin) optBytes(name string) []byte {
	if !r.in.Has(name) {
		return nil
	}
	return r.bytes(name)
}

// str reads a JavaScript string. encoding/json would turn the escape of a
// lone surrogate into U+FFFD; JSON.parse keeps it, and so does jsjson (as
// WTF-8), which is what the SDK's strings hold.
func (r *vin) str(name string) string {
	raw, ok := r.in[name]
	if !ok {
		if r.err == nil {
			r.err = &vectors.MissingError{Field: name}
		}
		return ""
	}
	v, err := jsjson.Parse(string(raw), jsjson.Lenient)
	if (err != nil || v.Kind != jsjson.String) && r.err == nil {
		r.err = &vectors.TypeError{Field: name, Want: "string", Err: err}
	}
	return v.Str
}

func (r *vin) optStr(name string) (string, bool) {
	if !r.in.Has(name) {
		return "", false
	}
	return r.str(name), true
}

func (r *vin) int(name string) int64 {
	n, err := r.in.Int(name)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n
}

func (r *vin) optInt(name string) *int64 {
	if !r.in.Has(name) {
		return nil
	}
	n := r.int(name)
	return &n
}

func (r *vin) raw(name string) json.RawMessage {
	raw, ok := r.in[name]
	if !ok && r.err == nil {
		r.err = &vectors.MissingError{Field: name}
	}
	return raw
}

// bytes32 reads a bytes32 event field; any other size is a field_length
// rejection (a chain cannot carry one, but a port's API can be handed one).
func bytes32(name string, b []byte) ([32]byte, error) {
	var out [32]byte
	if len(b) != 32 {
		return out, &category.FieldError{Field: name, Rule: "length", Cat: category.FieldLength, Got: len(b), Want: 32}
	}
	copy(out[:], b)
	return out, nil
}

// setStr stores a JavaScript string: through encoding/json when it is
// well-formed, else with jsjson, which writes lone surrogates as \u
// escapes (as JSON.stringify does) instead of U+FFFD.
func setStr(out vectors.Values, name, s string) {
	if jsjson.WellFormed(s) {
		out.Set(name, s)
		return
	}
	out[name] = json.RawMessage(jsjson.AppendString(nil, s))
}

func setState(out vectors.Values, name string, s *verbeth.Session) error {
	b, err := s.MarshalJSON()
	if err != nil {
		return err
	}
	out[name] = json.RawMessage(b)
	return nil
}

func readState(r *vin) (*verbeth.Session, error) {
	raw := r.raw("state")
	if r.err != nil {
		return nil, r.err
	}
	return verbeth.ParseSession(raw)
}

func verbethRecipientHash(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	addr := r.str("address")
	if r.err != nil {
		return nil, r.err
	}
	h := verbeth.RecipientHash(addr)
	return vectors.Values{}.SetBytes("recipientHash", h[:]), nil
}

func verbethUnifiedDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("pubKeys")
	if err != nil {
		return nil, err
	}
	k, err := verbeth.DecodeUnifiedPubKeys("pubKeys", b, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("version", k.Version).SetBytes("x25519", k.X25519[:]).SetBytes("ed25519", k.Ed25519[:]), nil
}

func verbethUnifiedEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	x, ed := r.bytes("x25519"), r.bytes("ed25519")
	if r.err != nil {
		return nil, r.err
	}
	b, err := verbeth.EncodeUnifiedPubKeys(x, ed)
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("pubKeys", b), nil
}

// proofOf builds the proof object the SDK's createBindingProof makes from a
// message and its signature text: messageRawHex is derived from the message.
func proofOf(message, signature string) verbeth.IdentityProof {
	return verbeth.IdentityProof{
		Message:       message,
		Signature:     signature,
		MessageRawHex: "0x" + hex.EncodeToString([]byte(jsjson.Text(message))),
	}
}

func verbethInitiate(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	params := verbeth.InitiateParams{
		EphemeralSecret:  r.bytes("ephemeralSecret"),
		MLKEMSeed:        r.bytes("mlkemSeed"),
		RecipientAddress: r.str("recipientAddress"),
		IdentityX25519:   r.bytes("identityX25519"),
		IdentityEd25519:  r.bytes("identityEd25519"),
		Note:             r.str("note"),
		Proof:            proofOf(r.str("proofMessage"), r.str("proofSignature")),
	}
	if r.err != nil {
		return nil, r.err
	}
	h, err := verbeth.Initiate(params)
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.
		SetBytes("recipientHash", h.RecipientHash[:]).
		SetBytes("pubKeys", h.PubKeys).
		SetBytes("ephemeralPubKey", h.EphemeralPubKey).
		SetBytes("ephemeralX25519", h.EphemeralX25519[:]).
		SetBytes("kemPublicKey", h.KEMPublicKey).
		SetBytes("plaintextPayload", h.PlaintextPayload), nil
}

func verbethPayloadDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("plaintextPayload")
	if err != nil {
		return nil, err
	}
	h, err := verbeth.ParseHandshakePayload(b, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}
	setStr(out, "note", h.Note)
	setStr(out, "proofMessage", h.Proof.Message)
	setStr(out, "proofSignature", h.Proof.Signature)
	return out, nil
}

func verbethTag(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	secret, public, kem := r.bytes("x25519Secret"), r.bytes("x25519Public"), r.bytes("kemSecret")
	if r.err != nil {
		return nil, r.err
	}
	t, err := verbeth.ComputeTag(secret, public, kem, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ecdh", t.ECDH[:]).SetBytes("okm", t.OKM[:]).SetBytes("inResponseTo", t.Tag[:]), nil
}

func verbethRespond(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	note, hasNote := r.optStr("note")
	params := verbeth.RespondParams{
		InitiatorEphemeralPubKey: r.bytes("initiatorEphemeralPubKey"),
		TagSecret:                r.bytes("tagSecret"),
		RatchetSecret:            r.bytes("ratchetSecret"),
		MLKEMMessage:             r.bytes("mlkemMessage"),
		BoxNonce:                 r.bytes("boxNonce"),
		Note:                     note,
		OmitNote:                 !hasNote,
		Proof:                    proofOf(r.str("proofMessage"), r.str("proofSignature")),
	}
	keys := r.bytes("responderPubKeys")
	if r.err != nil {
		return nil, r.err
	}
	// The responder writes its own keys, always in the version-1 form.
	k, err := verbeth.DecodeUnifiedPubKeys("responderPubKeys", keys, verbeth.Strict)
	if err != nil {
		return nil, err
	}
	params.ResponderKeys = k
	res, err := verbeth.Respond(params, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.
		SetBytes("inResponseTo", res.InResponseTo[:]).
		SetBytes("responderEphemeralR", res.ResponderEphemeralR[:]).
		SetBytes("ciphertext", res.Ciphertext).
		SetBytes("ratchetPublicKey", res.RatchetPublicKey[:]).
		SetBytes("kemCiphertext", res.KEMCiphertext).
		SetBytes("kemSecret", res.KEMSecret[:]).
		SetBytes("tagEcdh", res.Tag.ECDH[:]).
		SetBytes("tagOkm", res.Tag.OKM[:]).
		SetBytes("sharedX25519", res.SharedX25519[:]).
		SetBytes("innerPlaintext", res.InnerPlaintext).
		SetBytes("box", res.Box).
		SetBytes("hybridSecret", res.HybridSecret[:]).
		SetBytes("rootKey0", res.RootKey0[:]).
		SetBytes("chainKey0", res.ChainKey0[:]), nil
}

// responseEvent reads the HandshakeResponse event fields.
func responseEvent(r *vin) (verbeth.ResponseEvent, error) {
	var ev verbeth.ResponseEvent
	R, tag, ct := r.bytes("responderEphemeralR"), r.bytes("inResponseTo"), r.bytes("ciphertext")
	if r.err != nil {
		return ev, r.err
	}
	var err error
	if ev.ResponderEphemeralR, err = bytes32("responderEphemeralR", R); err != nil {
		return ev, err
	}
	if ev.InResponseTo, err = bytes32("inResponseTo", tag); err != nil {
		return ev, err
	}
	ev.Ciphertext = ct
	return ev, nil
}

func verbethOpen(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	a, seed := r.bytes("ephemeralSecret"), r.bytes("mlkemSeed")
	responder := r.str("responder")
	ctx := verbeth.ProofContext{ChainID: r.optInt("expectedChainId")}
	ctx.RpID, _ = r.optStr("expectedRpId")
	ctx.ExpectedAddress, _ = r.optStr("expectedAddress")
	ev, err := responseEvent(r)
	if err != nil {
		return nil, err
	}
	pending, err := verbeth.NewPending(a, seed)
	if err != nil {
		return nil, err
	}
	o, err := verbeth.OpenResponse(pending, ev, verbeth.Deployed)
	if err != nil {
		return nil, err
	}
	verify := func(p verbeth.Profile) (*verbeth.VerifiedProof, error) {
		return verbeth.VerifyIdentityProof(o.Proof, responder, o.ResponderKeys.X25519[:], o.ResponderKeys.Ed25519[:], ctx, p)
	}
	v, err := verify(verbeth.Deployed)
	if err != nil {
		return nil, err
	}
	if verbethProfile(p) == verbeth.Strict {
		if o, err = verbeth.OpenResponse(pending, ev, verbeth.Strict); err != nil {
			return nil, err
		}
		if v, err = verify(verbeth.Strict); err != nil {
			return nil, err
		}
	}
	out := vectors.Values{}.
		SetBytes("responderPubKeys", o.ResponderPubKeys).
		SetBytes("ratchetPublicKey", o.RatchetPublicKey[:])
	if o.HasNote {
		setStr(out, "note", o.Note)
	} else {
		out.Set("note", nil)
	}
	setStr(out, "proofMessage", o.Proof.Message)
	setStr(out, "proofSignature", o.Proof.Signature)
	return out.Set("responderAddress", v.Address).
		SetBytes("sharedX25519", o.SharedX25519[:]).
		SetBytes("innerPlaintext", o.InnerPlaintext).
		SetBytes("kemCiphertext", o.KEMCiphertext).
		SetBytes("kemSecret", o.KEMSecret[:]).
		SetBytes("tagEcdh", o.Tag.ECDH[:]).
		SetBytes("tagOkm", o.Tag.OKM[:]), nil
}

func verbethMatch(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	var list []struct {
		EphemeralSecret string `json:"ephemeralSecret"`
		MLKEMSeed       string `json:"mlkemSeed"`
	}
	if err := in.Get("pending", &list); err != nil {
		return nil, err
	}
	ev, err := responseEvent(r)
	if err != nil {
		return nil, err
	}
	pending := make([]*verbeth.Pending, len(list))
	for i, c := range list {
		a, err1 := hex.DecodeString(c.EphemeralSecret)
		seed, err2 := hex.DecodeString(c.MLKEMSeed)
		if err1 != nil || err2 != nil {
			return nil, &vectors.TypeError{Field: fmt.Sprintf("pending[%d]", i), Want: "hex ephemeralSecret and mlkemSeed"}
		}
		if pending[i], err = verbeth.NewPending(a, seed); err != nil {
			return nil, err
		}
	}
	m := verbeth.MatchResponse(pending, ev, verbethProfile(p))
	if err := m.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("index", m.Index).SetBytes("kemSecret", m.Opened.KEMSecret[:]), nil
}

func verbethBindingMessage(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	b := verbeth.Binding{
		Address:         r.str("address"),
		PkEd25519:       r.bytes("ed25519"),
		PkX25519:        r.bytes("x25519"),
		ExecutorAddress: r.str("executorAddress"),
		ChainID:         r.optInt("chainId"),
	}
	b.RpID, _ = r.optStr("rpId")
	if r.err != nil {
		return nil, r.err
	}
	m, err := verbeth.BindingMessage(b)
	if err != nil {
		return nil, err
	}
	h := verbeth.EIP191Hash(m)
	out := vectors.Values{}
	setStr(out, "message", m)
	return out.SetBytes("messageHash", h[:]), nil
}

func verbethVerify(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	proof := verbeth.IdentityProof{Message: r.str("proofMessage"), Signature: r.str("proofSignature")}
	sender := r.str("eventSender")
	x, ed := r.bytes("wireX25519"), r.bytes("wireEd25519")
	ctx := verbeth.ProofContext{ChainID: r.optInt("expectedChainId")}
	ctx.RpID, _ = r.optStr("expectedRpId")
	ctx.ExpectedAddress, _ = r.optStr("expectedAddress")
	if r.err != nil {
		return nil, r.err
	}
	v, err := verbeth.VerifyIdentityProof(proof, sender, x, ed, ctx, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("address", v.Address).Set("executorAddress", v.ExecutorAddress).SetBytes("messageHash", v.MessageHash[:]), nil
}

// need32 rejects inputs of a KDF that are not 32 bytes.
func need32(r *vin, names ...string) ([][]byte, error) {
	out := make([][]byte, len(names))
	for i, n := range names {
		out[i] = r.bytes(n)
	}
	if r.err != nil {
		return nil, r.err
	}
	for i, n := range names {
		if _, err := bytes32(n, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func verbethHybridSecret(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(&vin{in: in}, "sharedX25519", "kemSecret")
	if err != nil {
		return nil, err
	}
	h := verbeth.HybridInitialSecret(b[0], b[1])
	return vectors.Values{}.SetBytes("hybridSecret", h[:]), nil
}

func verbethKDFRootKey(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(&vin{in: in}, "rootKey", "dh")
	if err != nil {
		return nil, err
	}
	rk, ck := verbeth.KDFRootKey(b[0], b[1])
	return vectors.Values{}.SetBytes("newRootKey", rk[:]).SetBytes("chainKey", ck[:]), nil
}

func verbethKDFChainKey(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(&vin{in: in}, "chainKey")
	if err != nil {
		return nil, err
	}
	mk, ck := verbeth.KDFChainKey(b[0])
	return vectors.Values{}.SetBytes("messageKey", mk[:]).SetBytes("newChainKey", ck[:]), nil
}

func verbethTopic(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	dir, version := r.str("direction"), r.str("version")
	if r.err != nil {
		return nil, r.err
	}
	if dir != string(verbeth.Outbound) && dir != string(verbeth.Inbound) {
		return nil, &vectors.TypeError{Field: "direction", Want: `"outbound" or "inbound"`}
	}
	if version != "v2" && version != "v3" {
		return nil, &vectors.TypeError{Field: "version", Want: `"v2" or "v3"`}
	}
	b, err := need32(r, "ikm", "salt")
	if err != nil {
		return nil, err
	}
	t := verbeth.Topic(b[0], b[1], verbeth.Direction(dir), version)
	return vectors.Values{}.SetBytes("topic", t[:]), nil
}

func sessionOutputs(s *verbeth.Session, b *verbeth.Bootstrap) (vectors.Values, error) {
	out := vectors.Values{}
	if err := setState(out, "state", s); err != nil {
		return nil, err
	}
	return out.
		SetBytes("topicOutbound", b.TopicOutbound[:]).
		SetBytes("topicInbound", b.TopicInbound[:]).
		SetBytes("conversationId", b.ConversationID[:]).
		SetBytes("sharedX25519", b.SharedX25519[:]).
		SetBytes("hybridSecret", b.HybridSecret[:]).
		SetBytes("rootKey0", b.RootKey0[:]).
		SetBytes("chainKey0", b.ChainKey0[:]), nil
}

func verbethSessionInitiator(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	a, rkp, kem, tag, s1 := r.bytes("ephemeralSecret"), r.bytes("ratchetPublicKey"), r.bytes("kemSecret"), r.bytes("inResponseTo"), r.bytes("firstRatchetSecret")
	if r.err != nil {
		return nil, r.err
	}
	s, b, err := verbeth.NewInitiatorSession(a, rkp, kem, tag, s1, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return sessionOutputs(s, b)
}

func verbethSessionResponder(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	rks, A, kem, tag := r.bytes("ratchetSecret"), r.bytes("initiatorEphemeralX25519"), r.bytes("kemSecret"), r.bytes("inResponseTo")
	if r.err != nil {
		return nil, r.err
	}
	s, b, err := verbeth.NewResponderSession(rks, A, kem, tag, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	return sessionOutputs(s, b)
}

func verbethPayloadSplit(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	m, err := verbeth.ParseRatchetPayload(b)
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.
		SetBytes("signature", m.Signature[:]).
		SetBytes("dh", m.Header.DH[:]).
		Set("pn", m.Header.PN).
		Set("n", m.Header.N).
		SetBytes("nonce", m.Nonce[:]).
		SetBytes("box", m.Box), nil
}

func verbethEncrypt(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	pt, seed := r.bytes("plaintext"), r.bytes("signingSeed")
	rnd := verbeth.EncryptRandomness{Jitter: int(r.int("jitter")), PaddingFill: r.bytes("paddingFill"), Nonce: r.bytes("nonce")}
	if r.err != nil {
		return nil, r.err
	}
	n, e, err := s.Encrypt(pt, seed, rnd)
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}.SetBytes("payload", e.Payload)
	if err := setState(out, "state", n); err != nil {
		return nil, err
	}
	return out.
		SetBytes("topic", e.Topic[:]).
		SetBytes("messageKey", e.MessageKey[:]).
		SetBytes("padded", e.Padded).
		SetBytes("signature", e.Signature[:]), nil
}

func verbethDecrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &vin{in: in}
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	payload, peer := r.bytes("payload"), r.bytes("peerEd25519")
	newSecret := r.optBytes("newRatchetSecret")
	topic := r.optBytes("topic")
	if r.err != nil {
		return nil, r.err
	}
	out := vectors.Values{}
	if in.Has("topic") {
		t, err := bytes32("topic", topic)
		if err != nil {
			return nil, err
		}
		var match verbeth.TopicMatch
		if s, match, err = s.RouteInbound(t); err != nil {
			return nil, err
		}
		out.Set("topicMatch", string(match))
	}
	if newSecret == nil && in.Has("newRatchetSecret") {
		newSecret = []byte{} // present but empty: a wrong size, not an absent secret
	}
	n, d, err := s.Decrypt(payload, peer, newSecret, verbethProfile(p))
	if err != nil {
		return nil, err
	}
	out.SetBytes("plaintext", d.Plaintext)
	if err := setState(out, "state", n); err != nil {
		return nil, err
	}
	return out.SetBytes("messageKey", d.MessageKey[:]), nil
}
