package reference

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

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

func setState(out vectors.Values, name string, s *verbeth.Session) error {
	b, err := s.MarshalJSON()
	if err != nil {
		return err
	}
	out[name] = json.RawMessage(b)
	return nil
}

func readState(r *vectors.Reader) (*verbeth.Session, error) {
	raw := r.Raw("state")
	if err := r.Err(); err != nil {
		return nil, err
	}
	return states.parse(raw)
}

// states holds the sessions parsed from state texts, so that a state is
// parsed once per process, as if when the vectors were loaded, rather than
// for every vector that carries it and on every replay: parsing took as
// long as the ratchet step itself (33 us of a ratchet/encrypt vector's
// 47). The sessions are shared: Session's methods return a new session and
// leave theirs alone. A state that does not parse is not kept.
var states = stateCache{max: 32 << 20}

type stateCache struct {
	mu   sync.Mutex
	m    map[string]*verbeth.Session // by the state's JSON text
	size int                         // the texts' bytes
	max  int                         // beyond which the cache starts afresh
}

func (c *stateCache) parse(raw []byte) (*verbeth.Session, error) {
	c.mu.Lock()
	s, ok := c.m[string(raw)]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := verbeth.ParseSession(raw)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.size+len(raw) > c.max {
		c.m, c.size = map[string]*verbeth.Session{}, 0
	}
	if len(raw) <= c.max {
		c.m[string(raw)] = s
		c.size += len(raw)
	}
	return s, nil
}

func verbethRecipientHash(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	addr := r.String("address")
	if err := r.Err(); err != nil {
		return nil, err
	}
	h := verbeth.RecipientHash(addr)
	return vectors.Values{}.SetBytes("recipientHash", h[:]), nil
}

func verbethUnifiedDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("pubKeys")
	if err != nil {
		return nil, err
	}
	return verbethUnifiedDecodeBytes(p, b)
}

func verbethUnifiedDecodeBytes(p vectors.Profile, b []byte) (vectors.Values, error) {
	k, err := verbeth.DecodeUnifiedPubKeys("pubKeys", b, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("version", k.Version).SetBytes("x25519", k.X25519[:]).SetBytes("ed25519", k.Ed25519[:]), nil
}

func verbethUnifiedEncode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	x, ed := r.Bytes("x25519"), r.Bytes("ed25519")
	if err := r.Err(); err != nil {
		return nil, err
	}
	b, err := verbeth.EncodeUnifiedPubKeys(x, ed, VerbethProfile(p))
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

func verbethInitiate(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	params := verbeth.InitiateParams{
		EphemeralSecret:  r.Bytes("ephemeralSecret"),
		MLKEMSeed:        r.Bytes("mlkemSeed"),
		RecipientAddress: r.String("recipientAddress"),
		IdentityX25519:   r.Bytes("identityX25519"),
		IdentityEd25519:  r.Bytes("identityEd25519"),
		Note:             r.String("note"),
		Proof:            proofOf(r.String("proofMessage"), r.String("proofSignature")),
		Profile:          VerbethProfile(p),
	}
	if err := r.Err(); err != nil {
		return nil, err
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
	return verbethPayloadDecodeBytes(p, b)
}

func verbethPayloadDecodeBytes(p vectors.Profile, b []byte) (vectors.Values, error) {
	h, err := verbeth.ParseHandshakePayload(b, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}
	out.Set("note", h.Note)
	out.Set("proofMessage", h.Proof.Message)
	out.Set("proofSignature", h.Proof.Signature)
	return out, nil
}

func verbethTag(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	secret, public, kem := r.Bytes("x25519Secret"), r.Bytes("x25519Public"), r.Bytes("kemSecret")
	if err := r.Err(); err != nil {
		return nil, err
	}
	t, err := verbeth.ComputeTag(secret, public, kem, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ecdh", t.ECDH[:]).SetBytes("okm", t.OKM[:]).SetBytes("inResponseTo", t.Tag[:]), nil
}

func verbethRespond(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	note, hasNote := r.OptString("note")
	params := verbeth.RespondParams{
		InitiatorEphemeralPubKey: r.Bytes("initiatorEphemeralPubKey"),
		TagSecret:                r.Bytes("tagSecret"),
		RatchetSecret:            r.Bytes("ratchetSecret"),
		MLKEMMessage:             r.Bytes("mlkemMessage"),
		BoxNonce:                 r.Bytes("boxNonce"),
		Note:                     note,
		OmitNote:                 !hasNote,
		Proof:                    proofOf(r.String("proofMessage"), r.String("proofSignature")),
	}
	keys := r.Bytes("responderPubKeys")
	if err := r.Err(); err != nil {
		return nil, err
	}
	// The responder writes its own keys, always in the version-1 form.
	k, err := verbeth.DecodeUnifiedPubKeys("responderPubKeys", keys, verbeth.Strict)
	if err != nil {
		return nil, err
	}
	params.ResponderKeys = k
	res, err := verbeth.Respond(params, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	box, inner, kemCT := res.Contents()
	return vectors.Values{}.
		SetBytes("inResponseTo", res.InResponseTo[:]).
		SetBytes("responderEphemeralR", res.ResponderEphemeralR[:]).
		SetBytes("ciphertext", res.Ciphertext).
		SetBytes("ratchetPublicKey", res.RatchetPublicKey[:]).
		SetBytes("kemCiphertext", kemCT).
		SetBytes("kemSecret", res.KEMSecret[:]).
		SetBytes("tagEcdh", res.Tag.ECDH[:]).
		SetBytes("tagOkm", res.Tag.OKM[:]).
		SetBytes("sharedX25519", res.SharedX25519[:]).
		SetBytes("innerPlaintext", inner).
		SetBytes("box", box).
		SetBytes("hybridSecret", res.HybridSecret[:]).
		SetBytes("rootKey0", res.RootKey0[:]).
		SetBytes("chainKey0", res.ChainKey0[:]), nil
}

// responseEvent reads the HandshakeResponse event fields.
func responseEvent(r *vectors.Reader) (verbeth.ResponseEvent, error) {
	var ev verbeth.ResponseEvent
	R, tag, ct := r.Bytes("responderEphemeralR"), r.Bytes("inResponseTo"), r.Bytes("ciphertext")
	if err := r.Err(); err != nil {
		return ev, err
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
	r := in.Reader()
	a, seed := r.Bytes("ephemeralSecret"), r.Bytes("mlkemSeed")
	responder := r.String("responder")
	ctx := verbeth.ProofContext{ChainID: r.OptInt("expectedChainId")}
	ctx.RpID, _ = r.OptString("expectedRpId")
	ctx.ExpectedAddress, _ = r.OptString("expectedAddress")
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
	if VerbethProfile(p) == verbeth.Strict {
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
		out.Set("note", o.Note)
	} else {
		out.Set("note", nil)
	}
	out.Set("proofMessage", o.Proof.Message)
	out.Set("proofSignature", o.Proof.Signature)
	return out.Set("responderAddress", v.Address).
		SetBytes("sharedX25519", o.SharedX25519[:]).
		SetBytes("innerPlaintext", o.InnerPlaintext).
		SetBytes("kemCiphertext", o.KEMCiphertext).
		SetBytes("kemSecret", o.KEMSecret[:]).
		SetBytes("tagEcdh", o.Tag.ECDH[:]).
		SetBytes("tagOkm", o.Tag.OKM[:]), nil
}

func verbethMatch(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
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
	m := verbeth.MatchResponse(pending, ev, VerbethProfile(p))
	if err := m.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("index", m.Index).SetBytes("kemSecret", m.Opened.KEMSecret[:]), nil
}

func verbethBindingMessage(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	b := verbeth.Binding{
		Address:         r.String("address"),
		PkEd25519:       r.Bytes("ed25519"),
		PkX25519:        r.Bytes("x25519"),
		ExecutorAddress: r.String("executorAddress"),
		ChainID:         r.OptInt("chainId"),
	}
	b.RpID, _ = r.OptString("rpId")
	if err := r.Err(); err != nil {
		return nil, err
	}
	m, err := verbeth.BindingMessage(b)
	if err != nil {
		return nil, err
	}
	h := verbeth.EIP191Hash(m)
	out := vectors.Values{}
	out.Set("message", m)
	return out.SetBytes("messageHash", h[:]), nil
}

func verbethVerify(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	proof := verbeth.IdentityProof{Message: r.String("proofMessage"), Signature: r.String("proofSignature")}
	sender := r.String("eventSender")
	x, ed := r.Bytes("wireX25519"), r.Bytes("wireEd25519")
	ctx := verbeth.ProofContext{ChainID: r.OptInt("expectedChainId")}
	ctx.RpID, _ = r.OptString("expectedRpId")
	ctx.ExpectedAddress, _ = r.OptString("expectedAddress")
	if err := r.Err(); err != nil {
		return nil, err
	}
	v, err := verbeth.VerifyIdentityProof(proof, sender, x, ed, ctx, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("address", v.Address).Set("executorAddress", v.ExecutorAddress).SetBytes("messageHash", v.MessageHash[:]), nil
}

// need32 rejects inputs of a KDF that are not 32 bytes.
func need32(r *vectors.Reader, names ...string) ([][]byte, error) {
	out := make([][]byte, len(names))
	for i, n := range names {
		out[i] = r.Bytes(n)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	for i, n := range names {
		if _, err := bytes32(n, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func verbethHybridSecret(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(in.Reader(), "sharedX25519", "kemSecret")
	if err != nil {
		return nil, err
	}
	h := verbeth.HybridInitialSecret(b[0], b[1])
	return vectors.Values{}.SetBytes("hybridSecret", h[:]), nil
}

func verbethKDFRootKey(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(in.Reader(), "rootKey", "dh")
	if err != nil {
		return nil, err
	}
	rk, ck := verbeth.KDFRootKey(b[0], b[1])
	return vectors.Values{}.SetBytes("newRootKey", rk[:]).SetBytes("chainKey", ck[:]), nil
}

func verbethKDFChainKey(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := need32(in.Reader(), "chainKey")
	if err != nil {
		return nil, err
	}
	mk, ck := verbeth.KDFChainKey(b[0])
	return vectors.Values{}.SetBytes("messageKey", mk[:]).SetBytes("newChainKey", ck[:]), nil
}

func verbethTopic(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	dir, version := r.String("direction"), r.String("version")
	if err := r.Err(); err != nil {
		return nil, err
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
	r := in.Reader()
	a, rkp, kem, tag, s1 := r.Bytes("ephemeralSecret"), r.Bytes("ratchetPublicKey"), r.Bytes("kemSecret"), r.Bytes("inResponseTo"), r.Bytes("firstRatchetSecret")
	if err := r.Err(); err != nil {
		return nil, err
	}
	s, b, err := verbeth.NewInitiatorSession(a, rkp, kem, tag, s1, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return sessionOutputs(s, b)
}

func verbethSessionResponder(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	rks, A, kem, tag := r.Bytes("ratchetSecret"), r.Bytes("initiatorEphemeralX25519"), r.Bytes("kemSecret"), r.Bytes("inResponseTo")
	if err := r.Err(); err != nil {
		return nil, err
	}
	s, b, err := verbeth.NewResponderSession(rks, A, kem, tag, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return sessionOutputs(s, b)
}

func verbethPayloadSplit(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	return verbethPayloadSplitBytes(p, b)
}

func verbethPayloadSplitBytes(_ vectors.Profile, b []byte) (vectors.Values, error) {
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
	r := in.Reader()
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	pt, seed := r.Bytes("plaintext"), r.Bytes("signingSeed")
	rnd := verbeth.EncryptRandomness{Jitter: int(r.Int("jitter")), PaddingFill: r.Bytes("paddingFill"), Nonce: r.Bytes("nonce")}
	if err := r.Err(); err != nil {
		return nil, err
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
	r := in.Reader()
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	payload, peer := r.Bytes("payload"), r.Bytes("peerEd25519")
	newSecret := r.OptBytes("newRatchetSecret")
	topic := r.OptBytes("topic")
	if err := r.Err(); err != nil {
		return nil, err
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
	n, d, err := s.Decrypt(payload, peer, newSecret, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	out.SetBytes("plaintext", d.Plaintext)
	if err := setState(out, "state", n); err != nil {
		return nil, err
	}
	return out.SetBytes("messageKey", d.MessageKey[:]), nil
}
