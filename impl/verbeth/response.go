package verbeth

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// TagInfo is the HKDF info of the inResponseTo tag (spec/verbeth.md §7.3).
const TagInfo = "verbeth:hsr-hybrid:v1"

// Tag is the inResponseTo tag with the values behind it.
type Tag struct {
	ECDH [32]byte // X25519(r, A) = X25519(a, R)
	OKM  [32]byte // HKDF-SHA256(ikm = kemSecret, salt = ECDH, info = TagInfo, 32)
	Tag  [32]byte // keccak256(OKM): inResponseTo
}

// ComputeTag computes the hybrid tag (§7.3). The responder passes (r, A), the
// initiator (a, R); both get the same tag. Note the HKDF argument order: the
// ML-KEM secret is the input keying material and the X25519 output is the
// salt (the user's description has HKDF over x_ss || kem_ss).
func ComputeTag(x25519Secret, x25519Public, kemSecret []byte, p Profile) (Tag, error) {
	return computeTag("x25519Public", x25519Secret, x25519Public, kemSecret, p)
}

// computeTag is §7.3: ecdh, okm, inResponseTo, its checks in §7.3's order.
func computeTag(field string, secret, public, kemSecret []byte, p Profile) (Tag, error) {
	var t Tag
	if err := checkLen("kemSecret", kemSecret, KEMSecretSize); err != nil {
		return t, err
	}
	ecdh, err := X25519(field, secret, public, p)
	if err != nil {
		return t, err
	}
	t.ECDH = ecdh
	copy(t.OKM[:], hkdfSHA256(kemSecret, ecdh[:], TagInfo, 32))
	t.Tag = Keccak256(t.OKM[:])
	return t, nil
}

// RespondParams are the inputs of the responder's HandshakeResponse. The
// random values are listed in the order the SDK draws them: r, rk_s, m, the
// box nonce.
type RespondParams struct {
	InitiatorEphemeralPubKey []byte // the Handshake's ephemeralPubKey, 1216 bytes
	TagSecret                []byte // r, 32 bytes: its public key R goes on chain
	RatchetSecret            []byte // rk_s, 32 bytes: the box sender key and first ratchet key
	MLKEMMessage             []byte // m, 32 bytes
	BoxNonce                 []byte // 24 bytes
	ResponderKeys            UnifiedPubKeys
	Note                     string
	OmitNote                 bool // leave the note member out (the SDK does when note is undefined)
	Proof                    IdentityProof
}

// Response is the responder's HandshakeResponse event (the arguments of
// respondToHandshake) and every value behind it. The values inside the
// envelope are methods (Box, InnerPlaintext, KEMCiphertext) that decode
// them from Ciphertext into new memory at each call: a Response holds the
// event's bytes once, and what a method returns shares no memory.
type Response struct {
	InResponseTo        [32]byte // the tag
	ResponderEphemeralR [32]byte // R
	Ciphertext          []byte   // UTF-8 of the JSON envelope {v, epk, n, ct}: the on-chain bytes

	Tag              Tag
	InitiatorX25519  [32]byte // A
	KEMSecret        [32]byte
	RatchetPublicKey [32]byte // rk_p: the envelope's epk and the inner ephemeralPubKey
	SharedX25519     [32]byte // X25519(rk_s, A): the box's DH and the hybrid secret's X25519 input
	HybridSecret     [32]byte // hybridInitialSecret(SharedX25519, KEMSecret)
	RootKey0         [32]byte // RK0 of KDF_RK(zeros, HybridSecret)
	ChainKey0        [32]byte // CK0: the responder's first sending chain
}

// Box returns the NaCl box, Poly1305 tag (16) || XSalsa20 ciphertext,
// decoded from Ciphertext into new memory; nil if Ciphertext is not an
// envelope as RespondTo writes it.
func (r *Response) Box() []byte {
	e, ok := decodeCanonicalEnvelope(nil, r.Ciphertext)
	if !ok {
		return nil
	}
	return e.Box
}

// InnerPlaintext returns the UTF-8 of the inner JSON (§4.4), the box
// opened into new memory; nil if Box is nil or does not open with
// SharedX25519.
func (r *Response) InnerPlaintext() []byte {
	e, ok := decodeCanonicalEnvelope(nil, r.Ciphertext)
	if !ok {
		return nil
	}
	plain, _ := boxOpen(nil, e.Box, (*[24]byte)(e.Nonce), &r.SharedX25519)
	return plain
}

// KEMCiphertext returns kemCiphertext (1088 bytes), decoded from
// InnerPlaintext into new memory; nil if InnerPlaintext is nil or has no
// such member.
func (r *Response) KEMCiphertext() []byte {
	return kemCiphertextOf(r.InnerPlaintext())
}

// Contents returns Box, InnerPlaintext and KEMCiphertext, each in new
// memory of its own, decoding the envelope and opening the box once (the
// three calls do it three times and twice: a reference that reports all
// three paid a quarter of Respond's CPU for them).
func (r *Response) Contents() (box, innerPlaintext, kemCiphertext []byte) {
	e, ok := decodeCanonicalEnvelope(nil, r.Ciphertext)
	if !ok {
		return nil, nil, nil
	}
	plain, _ := boxOpen(nil, e.Box, (*[24]byte)(e.Nonce), &r.SharedX25519)
	return e.Box, plain, kemCiphertextOf(plain)
}

// kemCiphertextOf decodes the kemCiphertext member of an inner JSON into
// new memory: read as RespondTo writes it, or through the parser when
// readWritten refuses the text (a note with a lone surrogate, which Str
// writes as a \u escape).
func kemCiphertextOf(plain []byte) []byte {
	var s string
	if w, ok := readWritten(plain); ok {
		s = w.kemCiphertext
	} else {
		v, _, err := jsjson.ParseBytes(plain)
		if err != nil {
			return nil
		}
		ct, ok := v.Get("kemCiphertext")
		if !ok || ct.Kind != jsjson.String {
			return nil
		}
		s = ct.Str
	}
	b, _ := decodeBase64(s)
	return b
}

// Respond builds the HandshakeResponse (§7.4), its checks in §7.4's order.
//
// Strict rejects an initiator X25519 key of small order (LowOrderPoint) and
// an encapsulation key that fails the FIPS 203 modulus check (EKModulus);
// Deployed proceeds as the SDK does, with an all-zero X25519 output and
// noble 0.5.4's encapsulation respectively.
func Respond(in RespondParams, p Profile) (*Response, error) {
	r := new(Response)
	if err := RespondTo(r, in, p); err != nil {
		return nil, err
	}
	return r, nil
}

// RespondTo is Respond writing the HandshakeResponse into r, whose
// Ciphertext's memory it reuses: a caller that passes the same r again
// and again allocates per handshake little more than the primitives do.
// Whatever r held is overwritten, also memory that earlier results still
// share; in must not share r's memory. On an error r's contents are
// unspecified.
func RespondTo(r *Response, in RespondParams, p Profile) error {
	A, ek, err := SplitEphemeralPubKey(in.InitiatorEphemeralPubKey) // §7.4 step 1
	if err != nil {
		return renameField(err, "initiatorEphemeralPubKey")
	}
	if err := checkLen("boxNonce", in.BoxNonce, BoxNonceSize); err != nil {
		return err
	}
	*r = Response{InitiatorX25519: A, Ciphertext: r.Ciphertext[:0]}
	keys := in.ResponderKeys.array()
	size := 80 + jsjson.Base64Len(len(keys)) + jsjson.Base64Len(X25519Size) + jsjson.Base64Len(KEMCiphertextSize) +
		len(in.Note) + in.Proof.jsonSize() // the inner JSON's, or a few bytes more
	// Step 2: R and rk_p.
	if r.ResponderEphemeralR, err = X25519PublicKey(in.TagSecret); err != nil {
		return renameField(err, "tagSecret")
	}
	if r.RatchetPublicKey, err = X25519PublicKey(in.RatchetSecret); err != nil {
		return renameField(err, "ratchetSecret")
	}
	// kemCiphertext and the box are kept only as the envelope's base64:
	// they are written on this stack (a longer box moves to the heap).
	var kemCT [KEMCiphertextSize]byte
	var boxBuf [4096]byte
	kemCiphertext, kemSecret, err := appendEncapsulate(kemCT[:0], ek, in.MLKEMMessage, p) // step 3
	if err != nil {
		return err
	}
	r.KEMSecret = kemSecret
	if r.Tag, err = computeTag("ephemeralPubKey", in.TagSecret, A[:], r.KEMSecret[:], p); err != nil {
		return err
	}
	r.InResponseTo = r.Tag.Tag // step 4
	if r.SharedX25519, err = X25519("ephemeralPubKey", in.RatchetSecret, A[:], p); err != nil {
		return err
	}
	// Step 5: the inner JSON (§4.4), the note member left out when there
	// is none. It is written in the envelope's memory (which is longer),
	// sealed out of it, and then overwritten by the envelope.
	env := slices.Grow(r.Ciphertext, envelopeSize(X25519Size, BoxNonceSize, size+secretbox.Overhead))
	inner := jsjson.AppendObject(env).
		Base64("unifiedPubKeys", keys[:]).
		Base64("ephemeralPubKey", r.RatchetPublicKey[:]).
		Base64("kemCiphertext", kemCiphertext)
	if !in.OmitNote {
		inner = inner.Str("note", in.Note)
	}
	plain := inner.Object("identityProof", in.Proof.writeJSON).End()
	box := boxSeal(boxBuf[:0], plain, (*[24]byte)(in.BoxNonce), &r.SharedX25519)      // step 6: from rk_s, not r
	r.Ciphertext = AppendEnvelope(plain[:0], r.RatchetPublicKey[:], in.BoxNonce, box) // step 7
	// What step 8 keeps, and the responder's first chain (§7.7).
	r.HybridSecret = HybridInitialSecret(r.SharedX25519[:], r.KEMSecret[:])
	r.RootKey0, r.ChainKey0 = KDFRootKey(make([]byte, 32), r.HybridSecret[:])
	return nil
}

// EncodeEnvelope returns the response envelope as it is written (§4.3):
// JSON.stringify({v: 1, epk, n, ct}) with standard padded base64.
func EncodeEnvelope(epk, nonce, box []byte) []byte {
	return AppendEnvelope(nil, epk, nonce, box)
}

// AppendEnvelope appends EncodeEnvelope's bytes to dst.
func AppendEnvelope(dst, epk, nonce, box []byte) []byte {
	return jsjson.AppendObject(slices.Grow(dst, envelopeSize(len(epk), len(nonce), len(box)))).
		Num("v", 1).
		Base64("epk", epk).
		Base64("n", nonce).
		Base64("ct", box).
		End()
}

// envelopeSize is the length of the envelope of an epk, nonce and box of
// these lengths.
func envelopeSize(epk, nonce, box int) int {
	return len(`{"v":1,"epk":,"n":,"ct":}`) + jsjson.Base64Len(epk) + jsjson.Base64Len(nonce) + jsjson.Base64Len(box)
}

// Envelope is a decoded response envelope.
type Envelope struct {
	EPK   []byte // the box sender's public key (rk_p); 32 bytes
	Nonce []byte // 24 bytes
	Box   []byte // the NaCl box
}

// DecodeEnvelope decodes the response envelope from the event's ciphertext
// bytes (§4.3; §7.5 steps 1 and 2, and the envelope's Strict rules; see
// ReadEventJSON for the JSON text each profile accepts).
//
// Both profiles require epk, n and ct to be strings and epk and n to decode
// to 32 and 24 bytes (FieldLength; the SDK throws). Deployed decodes base64
// as Node's Buffer.from does (see nodeBase64), ignores v, and ignores sig
// unless it is truthy and not a string (Buffer.from throws: JSON). Strict
// then also requires canonical standard base64 (Base64), v = 1
// (MissingField when absent, Version otherwise), and sig, if present, to be
// a string (JSON) of canonical base64 (Base64).
//
// It is ReadEnvelope(b).Envelope(p).
func DecodeEnvelope(b []byte, p Profile) (*Envelope, error) {
	return ReadEnvelope(b).Envelope(p)
}

// EnvelopeReading is the event's ciphertext bytes read as both profiles
// read them, before Strict's own rules: the envelope itself when the bytes
// are as EncodeEnvelope writes it, else their JSON (EventJSON) and what
// Deployed decodes of it. A caller that decodes the same bytes under both
// profiles can read them once.
type EnvelopeReading struct {
	written *Envelope // the envelope, when the bytes are as written
	j       EventJSON
	e       *Envelope // what Deployed decodes, or err
	err     error
	v       jsjson.Value
	epk, n  b64Member
	ct      b64Member
	sig     jsjson.Value
	hasSig  bool
}

// ReadEnvelope reads the event's ciphertext bytes.
func ReadEnvelope(b []byte) EnvelopeReading {
	if e, ok := decodeCanonicalEnvelope(nil, b); ok {
		return EnvelopeReading{written: &e}
	}
	return readEnvelopeJSON(b)
}

// Envelope is DecodeEnvelope of the bytes r was read from.
func (r EnvelopeReading) Envelope(p Profile) (*Envelope, error) {
	if r.written != nil {
		e := *r.written // each caller its own Envelope, as DecodeEnvelope's
		return &e, nil
	}
	if r.err != nil {
		return nil, r.err
	}
	if p == Deployed {
		e := *r.e
		return &e, nil
	}
	if _, strictErr, _ := r.j.value("ciphertext", Strict); strictErr != nil {
		return nil, strictErr
	}
	ver, ok := r.v.Get("v")
	switch {
	case !ok:
		return nil, fieldErr("v", "present", category.MissingField, "absent", 1)
	case ver.Kind != jsjson.Number || ver.Num != 1:
		return nil, fieldErr("v", "version", category.Version, string(jsjson.Marshal(ver)), 1)
	}
	if r.hasSig && r.sig.Kind != jsjson.String {
		return nil, fieldErr("sig", "sig-string", category.JSON, r.sig.Kind.String(), "string")
	}
	if err := requireCanonical(r.epk, r.n, r.ct); err != nil {
		return nil, err
	}
	if r.hasSig && !b64Canonical(r.sig.Str) {
		return nil, notCanonical("sig", r.sig.Str)
	}
	e := *r.e
	return &e, nil
}

// decodeEnvelopeIn is DecodeEnvelope decoding into buf's memory when b is
// the envelope as written (and it fits).
func decodeEnvelopeIn(buf, b []byte, p Profile) (Envelope, error) {
	if e, ok := decodeCanonicalEnvelope(buf, b); ok {
		return e, nil
	}
	d, err := readEnvelopeJSON(b).Envelope(p)
	if err != nil {
		return Envelope{}, err
	}
	return *d, nil
}

// readEnvelopeJSON reads any bytes through the JSON parser, and decodes
// what Deployed decodes (Strict's own rules follow, in Envelope).
func readEnvelopeJSON(b []byte) EnvelopeReading {
	r := EnvelopeReading{j: ReadEventJSON(b)}
	r.v, _, r.err = r.j.value("ciphertext", Deployed)
	if r.err != nil {
		return r
	}
	if r.v.Kind != jsjson.Object {
		r.err = fieldErr("ciphertext", "type", category.JSON, r.v.Kind.String(), "object")
		return r
	}
	if r.epk, r.err = base64Member(r.v, "epk", X25519Size); r.err != nil {
		return r
	}
	if r.n, r.err = base64Member(r.v, "n", BoxNonceSize); r.err != nil {
		return r
	}
	if r.ct, r.err = base64Member(r.v, "ct", -1); r.err != nil {
		return r
	}
	r.e = &Envelope{EPK: r.epk.bytes, Nonce: r.n.bytes, Box: r.ct.bytes}
	r.sig, r.hasSig = r.v.Get("sig")
	if r.hasSig && r.sig.Truthy() && r.sig.Kind != jsjson.String {
		r.err = fieldErr("sig", "type", category.JSON, r.sig.Kind.String(), "string")
	}
	return r
}

// decodeCanonicalEnvelope decodes the envelope as EncodeEnvelope writes it,
// byte for byte: {"v":1,"epk":"…","n":"…","ct":"…"} with canonical base64
// of 32 and 24 bytes and of the box. Such bytes are valid in both profiles
// and decode the same as through the JSON parser, without a copy of the
// text or a parse tree, into buf's memory (or new memory if it is too
// small); anything else (false) takes that general path.
func decodeCanonicalEnvelope(buf, b []byte) (Envelope, bool) {
	epk, nonce, ct, ok := envelopeShape(b)
	if !ok {
		return Envelope{}, false
	}
	size := X25519Size + BoxNonceSize + base64.StdEncoding.DecodedLen(len(ct))
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	EPK, nonceB := buf[:X25519Size:X25519Size], buf[X25519Size:X25519Size+BoxNonceSize:X25519Size+BoxNonceSize]
	if !decodeCanonical(EPK, epk) || !decodeCanonical(nonceB, nonce) {
		return Envelope{}, false
	}
	box := buf[X25519Size+BoxNonceSize:]
	n, err := base64.StdEncoding.Decode(box, ct)
	if err != nil || !canonicalB64(ct) {
		return Envelope{}, false
	}
	return Envelope{EPK: EPK, Nonce: nonceB, Box: box[:n:n]}, true
}

// envelopeShape splits b, when it has the frame EncodeEnvelope writes
// (base64 of its texts unchecked), into the texts of epk, n and ct.
func envelopeShape(b []byte) (epk, nonce, ct []byte, ok bool) {
	const (
		head     = `{"v":1,"epk":"`
		epkLen   = 44 // base64 of 32 bytes
		mid1     = `","n":"`
		nonceLen = 32 // base64 of 24 bytes
		mid2     = `","ct":"`
		tail     = `"}`
	)
	ctAt := len(head) + epkLen + len(mid1) + nonceLen + len(mid2)
	if len(b) < ctAt+len(tail) || string(b[:len(head)]) != head ||
		string(b[len(head)+epkLen:][:len(mid1)]) != mid1 ||
		string(b[ctAt-len(mid2):ctAt]) != mid2 || string(b[len(b)-len(tail):]) != tail {
		return nil, nil, nil, false
	}
	return b[len(head):][:epkLen], b[len(head)+epkLen+len(mid1):][:nonceLen], b[ctAt : len(b)-len(tail)], true
}

// decodeCanonical decodes canonical padded standard base64 src into all of
// dst; false for anything else.
func decodeCanonical(dst, src []byte) bool {
	if !canonicalB64(src) || len(src)/4*3-strings.Count(string(src[len(src)-min(len(src), 2):]), "=") != len(dst) {
		return false
	}
	n, err := base64.StdEncoding.Decode(dst, src)
	return err == nil && n == len(dst)
}

// canonicalB64 is what base64.StdEncoding.Decode's success leaves to check
// for canonical base64: whole quads, no \r or \n (which it skips, and JSON
// strings cannot hold raw), unused bits zero.
func canonicalB64(src []byte) bool {
	return len(src)%4 == 0 && bytes.IndexByte(src, '\r') < 0 && bytes.IndexByte(src, '\n') < 0 &&
		(len(src) == 0 || unusedBitsZero(string(src[len(src)-4:])))
}

// b64Member is a string member holding base64, as read: its bytes as
// Node's Buffer.from decodes them, and whether the string is canonical
// (b64Canonical), found in the same pass.
type b64Member struct {
	name, str string
	bytes     []byte
	canonical bool
}

// base64Member reads a required string member holding base64 and checks
// the decoded length unless size is negative.
func base64Member(obj jsjson.Value, name string, size int) (b64Member, error) {
	return appendBase64Member(nil, obj, name, size)
}

// appendBase64Member is base64Member decoding into dst[len(dst):], which
// its bytes then share.
func appendBase64Member(dst []byte, obj jsjson.Value, name string, size int) (b64Member, error) {
	m, b, err := appendBase64Text(dst, obj, name, size)
	m.bytes = b
	return m, err
}

// appendBase64Text is appendBase64Member returning the bytes apart from
// the member (whose bytes are nil).
func appendBase64Text(dst []byte, obj jsjson.Value, name string, size int) (b64Member, []byte, error) {
	s, ok := obj.Get(name)
	if !ok || s.Kind != jsjson.String {
		return b64Member{}, nil, fieldErr(name, "type", category.JSON, kindOf(s, ok), "base64 string")
	}
	m := b64Member{name: name, str: s.Str}
	var b []byte
	if dst == nil {
		b, m.canonical = decodeBase64(s.Str)
	} else {
		b, m.canonical = appendBase64(dst, s.Str)
		b = b[len(dst):]
	}
	if size >= 0 {
		if err := checkLen(name, b, size); err != nil {
			return b64Member{}, nil, err
		}
	}
	return m, b, nil
}

// requireCanonical is Strict's rule for base64 members: standard base64,
// padded, no stray characters or unused bits. (Every canonical string
// decodes to the same bytes under Node's rules.) The first member that
// breaks it is the error.
func requireCanonical(members ...b64Member) error {
	for _, m := range members {
		if !m.canonical {
			return notCanonical(m.name, m.str)
		}
	}
	return nil
}

func notCanonical(name, s string) error {
	return fieldErr(name, "canonical base64", category.Base64, s, "standard base64 with padding")
}

// Pending is a Handshake the initiator has sent and not yet seen answered:
// its ephemeral X25519 secret a and ML-KEM seed. It may be used by one
// goroutine at a time.
type Pending struct {
	EphemeralSecret [32]byte
	seed            [MLKEMSeedSize]byte
	once            sync.Once
	kem             *KEMKey
}

// NewPending records a pending Handshake.
func NewPending(ephemeralSecret, mlkemSeed []byte) (*Pending, error) {
	if err := checkLen("ephemeralSecret", ephemeralSecret, X25519Size); err != nil {
		return nil, err
	}
	if err := checkLen("mlkemSeed", mlkemSeed, MLKEMSeedSize); err != nil {
		return nil, err
	}
	h := &Pending{}
	copy(h.EphemeralSecret[:], ephemeralSecret)
	copy(h.seed[:], mlkemSeed)
	return h, nil
}

// NewPendingWithKEM records a pending Handshake whose ML-KEM key pair is
// already expanded (Handshake.KEM), saving the re-expansion from the seed.
func NewPendingWithKEM(ephemeralSecret []byte, kem *KEMKey) (*Pending, error) {
	h, err := NewPending(ephemeralSecret, kem.Seed())
	if err != nil {
		return nil, err
	}
	h.once.Do(func() { h.kem = kem })
	return h, nil
}

// KEM returns the pending handshake's ML-KEM key pair, expanded on first use
// (only a candidate whose box opens needs it).
func (h *Pending) KEM() *KEMKey {
	h.once.Do(func() { h.kem, _ = NewKEMKey(h.seed[:]) })
	return h.kem
}

// ResponseEvent is a HandshakeResponse event as seen on chain.
type ResponseEvent struct {
	InResponseTo        [32]byte
	ResponderEphemeralR [32]byte
	Ciphertext          []byte
}

// OpenedResponse is a response opened by the initiator.
type OpenedResponse struct {
	EPK              [32]byte // the envelope's epk: the box sender's public key (rk_p)
	Nonce            [24]byte // the envelope's n: the box nonce
	SharedX25519     [32]byte // X25519(a, epk)
	InnerPlaintext   []byte   // the box opened (the box itself is not kept)
	KEMCiphertext    []byte
	KEMSecret        [32]byte
	Tag              Tag
	ResponderKeys    UnifiedPubKeys
	ResponderPubKeys []byte   // unifiedPubKeys as decoded
	RatchetPublicKey [32]byte // rk_p, the inner ephemeralPubKey
	Note             string
	HasNote          bool // false when note is absent (or, in Deployed, not a string)
	Proof            IdentityProof
}

// OpenResponse opens a response for one pending handshake (§7.5, the steps
// before the proof):
// open the box with a, decode the responder's keys, decapsulate
// kemCiphertext, recompute the tag with (a, R) and compare it with
// inResponseTo as 32 bytes. The proof is returned for VerifyIdentityProof,
// with the responder's address as the event sender.
//
// Both profiles reject: envelope and JSON defects (DecodeEnvelope; the
// inner JSON as the SDK's decryptHandshakeResponse reads it: identityProof
// truthy, unifiedPubKeys and ephemeralPubKey strings, kemCiphertext a string
// when truthy, all JSON), a box that does not open (AEADAuth), bad
// unifiedPubKeys (FieldLength, Version), a falsy kemCiphertext
// (MissingField) or one of the wrong length (FieldLength), a different tag
// (TagMismatch), an inner ephemeralPubKey that is not 32 bytes (FieldLength;
// the SDK fails later, when it sets up the session), an identityProof
// without string message and signature (JSON). Deployed treats a note that
// is not a string as absent.
//
// Strict then also rejects: inner JSON that is not strict JSON text (JSON),
// non-canonical base64 (Base64), the legacy 64-byte unifiedPubKeys
// (Version), a note that is not a string (JSON), and an epk, R or inner
// ephemeralPubKey of small order (LowOrderPoint).
func OpenResponse(h *Pending, ev ResponseEvent, p Profile) (*OpenedResponse, error) {
	o := new(OpenedResponse)
	o.presize(ev.Ciphertext)
	if err := OpenResponseTo(o, h, ev, p); err != nil {
		return nil, err
	}
	return o, nil
}

// presize gives a new OpenedResponse one allocation for what its byte
// slices will hold when ciphertext is an envelope as RespondTo writes it:
// the opened box, kemCiphertext and unifiedPubKeys (apart, Go's size
// classes round each up, by up to 240 bytes here). Each
// part is cut to its capacity, so that a longer value moves out rather
// than over the next part. A ciphertext without that envelope's frame
// leaves o as it is (else any text that starts like one would allocate
// 1.5 times its length).
func (o *OpenedResponse) presize(ciphertext []byte) {
	_, _, ct, ok := envelopeShape(ciphertext)
	if !ok {
		return
	}
	inner := max(base64.StdEncoding.DecodedLen(len(ct))-secretbox.Overhead, 0)
	buf := make([]byte, inner+KEMCiphertextSize+UnifiedPubKeysSize)
	o.InnerPlaintext, buf = buf[:0:inner], buf[inner:]
	o.KEMCiphertext, buf = buf[:0:KEMCiphertextSize], buf[KEMCiphertextSize:]
	o.ResponderPubKeys = buf[:0:UnifiedPubKeysSize]
}

// OpenResponseTo is OpenResponse writing into o, whose memory it reuses
// (InnerPlaintext, KEMCiphertext, ResponderPubKeys): a caller
// that passes the same o again and again allocates per response little
// more than the primitives and the JSON parse do. Whatever o held is
// overwritten, also memory that earlier results still share; ev must not
// share o's memory. On an error o's contents are unspecified.
func OpenResponseTo(o *OpenedResponse, h *Pending, ev ResponseEvent, p Profile) error {
	// The decoded box is not kept (only what it opens to): an envelope as
	// written is decoded on this stack (a longer box moves to the heap).
	var buf [4096]byte
	env, err := decodeEnvelopeIn(buf[:0], ev.Ciphertext, p)
	if err != nil {
		return err
	}
	return openWith(o, h, &env, ev, p, true)
}

// openWith runs §7.5's Deployed steps 3-13 (the envelope, steps 1 and 2,
// is decoded) and then, for Strict, the extra ones; full selects
// OpenResponse's checks ("open only"), else only what matching needs.
//
// It writes into o, reusing the memory of its byte slices; on an error o's
// contents are unspecified. o keeps none of env's memory.
func openWith(o *OpenedResponse, h *Pending, env *Envelope, ev ResponseEvent, p Profile, full bool) error {
	*o = OpenedResponse{InnerPlaintext: o.InnerPlaintext[:0], KEMCiphertext: o.KEMCiphertext[:0],
		ResponderPubKeys: o.ResponderPubKeys[:0]}
	copy(o.EPK[:], env.EPK) // DecodeEnvelope's lengths: 32 and 24
	copy(o.Nonce[:], env.Nonce)
	// Step 3: the box, keyed even by an all-zero X25519 output.
	o.SharedX25519, _ = X25519("epk", h.EphemeralSecret[:], o.EPK[:], Deployed)
	plain, ok := boxOpen(o.InnerPlaintext, env.Box, &o.Nonce, &o.SharedX25519)
	if !ok {
		return fieldErr("ct", "box", category.AEADAuth, "no authentic box for this handshake", "a box from epk to A")
	}
	o.InnerPlaintext = plain
	// The parsed strings may share plain's memory, which o.InnerPlaintext
	// hands to the caller: detach clones what o keeps. (An error's strings
	// may share it too, but o is not returned with it.)
	var v jsjson.Value
	var strictErr, err error
	// The value of a payload as RespondTo writes it is built here, in an
	// array on this stack, rather than by the parser (readWritten). Its
	// identityProof is an empty object and the proof is taken from w: a
	// second array, for the proof's members, referenced from the first,
	// would move to the heap (the compiler cannot tell that only strings
	// of v reach o).
	var members [5]jsjson.Member
	var written *IdentityProof
	if w, ok := readWritten(plain); ok {
		n := 3
		members[0] = jsjson.M("unifiedPubKeys", jsjson.Str(w.unifiedPubKeys))
		members[1] = jsjson.M("ephemeralPubKey", jsjson.Str(w.ephemeralPubKey))
		members[2] = jsjson.M("kemCiphertext", jsjson.Str(w.kemCiphertext))
		if w.hasNote {
			members[n] = jsjson.M("note", jsjson.Str(w.note))
			n++
		}
		members[n] = jsjson.M("identityProof", jsjson.Value{Kind: jsjson.Object})
		v = jsjson.Value{Kind: jsjson.Object, Members: members[:n+1]}
		written = &IdentityProof{Message: w.message, Signature: w.signature, MessageRawHex: w.messageRawHex}
	} else if v, strictErr, err = jsjson.ParseLenient(jsjson.DecodeTextView(plain)); err != nil {
		return wrapErr("payload", "JSON", category.JSON, err)
	}
	proof, ok := v.Get("identityProof") // step 5
	if !ok || !proof.Truthy() {
		return fieldErr("identityProof", "present", category.JSON, kindOf(proof, ok), "object")
	}
	// The members' texts are kept apart from their bytes, so that ratchetBuf
	// and the arrays of v stay on this stack.
	unified, unifiedBytes, err := appendBase64Text(o.ResponderPubKeys, v, "unifiedPubKeys", -1) // step 6
	if err != nil {
		return err
	}
	var ratchetBuf [48]byte // a longer ephemeralPubKey moves out; step 11 rejects it
	ratchetPub, ratchetBytes, err := appendBase64Text(ratchetBuf[:0], v, "ephemeralPubKey", -1)
	if err != nil {
		return err
	}
	// The base64 members as Strict judges them (their text, not their bytes).
	innerBase64, nb64 := [3]b64Member{unified, ratchetPub}, 2
	kc, hasKEM := v.Get("kemCiphertext")
	hasKEM = hasKEM && kc.Truthy()
	if hasKEM {
		kemCT, kemBytes, err := appendBase64Text(o.KEMCiphertext, v, "kemCiphertext", -1)
		if err != nil {
			return err
		}
		o.KEMCiphertext = kemBytes
		innerBase64[nb64] = kemCT
		nb64++
	}
	if full { // step 7
		if o.ResponderKeys, err = DecodeUnifiedPubKeys("unifiedPubKeys", unifiedBytes, Deployed); err != nil {
			return err
		}
		o.ResponderPubKeys = unifiedBytes
	}
	if !hasKEM { // step 8
		return fieldErr("kemCiphertext", "present", category.MissingField, "absent", "1088 bytes")
	}
	if o.KEMSecret, err = h.KEM().Decapsulate(o.KEMCiphertext); err != nil { // step 9
		return err
	}
	// Step 10: the tag again, compared as 32 bytes.
	o.Tag, _ = computeTag("responderEphemeralR", h.EphemeralSecret[:], ev.ResponderEphemeralR[:], o.KEMSecret[:], Deployed)
	if o.Tag.Tag != ev.InResponseTo {
		return fieldErr("inResponseTo", "tag", category.TagMismatch, hexs(ev.InResponseTo[:]), hexs(o.Tag.Tag[:]))
	}
	if full { // steps 11-13
		if err := checkLen("ephemeralPubKey", ratchetBytes, X25519Size); err != nil {
			return err
		}
		copy(o.RatchetPublicKey[:], ratchetBytes)
		if written != nil {
			o.Proof = *written
		} else if o.Proof, err = proofFromJSON("identityProof", proof); err != nil {
			return err
		}
		if note, ok := v.Get("note"); ok && note.Kind == jsjson.String {
			o.Note, o.HasNote = note.Str, true
		}
	}
	if p == Deployed {
		o.detach()
		return nil
	}
	if err := o.strictChecks(h, ev, full, v, strictErr, innerBase64[:nb64]); err != nil {
		return err
	}
	o.detach()
	return nil
}

// detach clones the strings o keeps from the parsed inner payload that
// share o.InnerPlaintext's memory.
func (o *OpenedResponse) detach() {
	for _, s := range []*string{&o.Note, &o.Proof.Message, &o.Proof.Signature, &o.Proof.MessageRawHex} {
		if within(*s, o.InnerPlaintext) {
			*s = strings.Clone(*s)
		}
	}
}

// within reports whether s's bytes lie in b's memory (a string the parser
// unescaped has its own).
func within(s string, b []byte) bool {
	if len(s) == 0 || len(b) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p < lo+uintptr(len(b))
}

// strictChecks are §7.5's Strict rules, in their order, on top of a
// response Deployed accepts (the envelope's own were DecodeEnvelope's):
// inner is the parsed inner payload, innerStrictErr what strict JSON says
// of its text, innerBase64 its base64 members as read.
func (o *OpenedResponse) strictChecks(h *Pending, ev ResponseEvent, full bool, inner jsjson.Value, innerStrictErr error, innerBase64 []b64Member) error {
	if isZero(o.SharedX25519[:]) {
		return fieldErr("epk", "low-order point", category.LowOrderPoint, hexs(o.EPK[:]), "a point of large order")
	}
	if err := strictJSONText("payload", o.InnerPlaintext, innerStrictErr); err != nil {
		return err
	}
	if inner.Kind != jsjson.Object {
		return fieldErr("payload", "type", category.JSON, inner.Kind.String(), "object")
	}
	if err := requireCanonical(innerBase64...); err != nil {
		return err
	}
	if isZero(o.Tag.ECDH[:]) {
		return fieldErr("responderEphemeralR", "low-order point", category.LowOrderPoint, hexs(ev.ResponderEphemeralR[:]), "a point of large order")
	}
	if !full {
		return nil
	}
	if _, err := DecodeUnifiedPubKeys("unifiedPubKeys", o.ResponderPubKeys, Strict); err != nil {
		return err
	}
	if note, ok := inner.Get("note"); ok && note.Kind != jsjson.String {
		return fieldErr("note", "type", category.JSON, note.Kind.String(), "string")
	}
	if o.RatchetPublicKey != o.EPK {
		if _, err := X25519("ephemeralPubKey", h.EphemeralSecret[:], o.RatchetPublicKey[:], Strict); err != nil {
			return err
		}
	}
	return nil
}

// MatchResult says which pending handshake a response answers.
type MatchResult struct {
	Index   int             // the first matching candidate, or -1
	Opened  *OpenedResponse // what matching revealed about it (no key or proof checks)
	Reasons []error         // for each candidate tried: nil for the match, else why not
}

// MatchResponse finds the pending handshake a response answers (§7.5,
// verbeth/response/match): for each candidate in order, open the box,
// require kemCiphertext, decapsulate, recompute the tag and compare 32 bytes
// (the SDK compares lowercase hex strings). It returns the first match.
//
// A malformed response is "no match" for every candidate, with the reason
// (the SDK throws out of the whole scan instead: research I2); one
// candidate's failure never stops the others. Candidates after the match
// are not tried. OpenResponse then performs the remaining checks.
func MatchResponse(pending []*Pending, ev ResponseEvent, p Profile) MatchResult {
	res := MatchResult{Index: -1, Reasons: make([]error, 0, len(pending))}
	env, envErr := DecodeEnvelope(ev.Ciphertext, p)
	for i, h := range pending {
		if envErr != nil {
			res.Reasons = append(res.Reasons, envErr)
			continue
		}
		o := new(OpenedResponse)
		err := openWith(o, h, env, ev, p, false)
		res.Reasons = append(res.Reasons, err)
		if err == nil {
			res.Index, res.Opened = i, o
			break
		}
	}
	return res
}

// Err returns nil for a match, else an error of category TagMismatch that
// wraps the reasons (the family verbeth/response/match rejects so).
func (m MatchResult) Err() error {
	if m.Index >= 0 {
		return nil
	}
	return &category.FieldError{Field: "inResponseTo", Rule: "match", Cat: category.TagMismatch,
		Got: len(m.Reasons), Want: "a pending handshake it answers", Err: joinReasons(m.Reasons)}
}

type reasons []error

func (r reasons) Error() string {
	s := ""
	for i, e := range r {
		if i > 0 {
			s += "; "
		}
		s += e.Error()
	}
	return s
}

func joinReasons(r []error) error {
	if len(r) == 0 {
		return nil
	}
	return reasons(r)
}
