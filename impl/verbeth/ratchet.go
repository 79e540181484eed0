package verbeth

import (
	"crypto/ed25519"
	"encoding/binary"
	"io"
	"math"
	"math/big"
	"slices"
	"sort"

	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/impl/category"
)

// Ratchet limits (spec/verbeth.md §7.9 steps 4 and 9) and the payload
// version (§3.3).
const (
	MaxSkipPerMessage    = 100000 // MAX_SKIP_PER_MESSAGE
	MaxStoredSkippedKeys = 1000   // MAX_STORED_SKIPPED_KEYS
	RatchetVersion       = 0x01   // RATCHET_VERSION_V1
)

// Session is a Double Ratchet session state, with the SDK's field names. Its
// JSON form (MarshalJSON, ParseSession) is what vectors carry; §4.5 defines
// it. The SDK's timestamps and addresses are left out; Clock stands
// in for Date.now() where the SDK's behaviour depends on it (pruning of
// skipped keys).
type Session struct {
	ConversationID       [32]byte
	TopicOutbound        [32]byte // the epoch-0 topics, kept for reference
	TopicInbound         [32]byte
	RootKey              [32]byte
	DHMySecretKey        [32]byte
	DHMyPublicKey        [32]byte
	DHTheirPublicKey     [32]byte
	SendingChainKey      *[32]byte // nil: cannot send
	SendingMsgNumber     uint32    // Ns
	ReceivingChainKey    *[32]byte // nil: nothing received yet (responder)
	ReceivingMsgNumber   uint32    // Nr
	PreviousChainLength  uint32    // PN
	SkippedKeys          []SkippedKey
	CurrentTopicOutbound [32]byte
	CurrentTopicInbound  [32]byte
	NextTopicOutbound    *[32]byte
	NextTopicInbound     *[32]byte
	PreviousTopicInbound *[32]byte
	TopicEpoch           uint32
	// Clock counts the decryptions that stored skipped keys; it orders them
	// as the SDK's createdAt timestamps do.
	Clock uint64
}

// SkippedKey is a stored message key of a skipped message.
type SkippedKey struct {
	DHPubKey   [32]byte // the sender's DH key of that chain
	MsgNumber  uint32
	MessageKey [32]byte
	CreatedAt  uint64 // the session Clock when it was stored
}

// Clone returns a deep copy.
func (s *Session) Clone() *Session {
	c := *s
	c.SkippedKeys = slices.Clone(s.SkippedKeys)
	for _, p := range []**[32]byte{&c.SendingChainKey, &c.ReceivingChainKey, &c.NextTopicOutbound, &c.NextTopicInbound, &c.PreviousTopicInbound} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	return &c
}

// Header is a ratchet message header (§3.3).
type Header struct {
	DH [32]byte // the sender's current DH public key
	PN uint32   // previous chain length
	N  uint32   // message number
}

// Bytes is the 40-byte encoding the signature covers: dh || u32be(pn) ||
// u32be(n).
func (h Header) Bytes() []byte {
	b := make([]byte, 0, RatchetHeaderSize)
	b = append(b, h.DH[:]...)
	b = binary.BigEndian.AppendUint32(b, h.PN)
	return binary.BigEndian.AppendUint32(b, h.N)
}

// RatchetPayload is a MessageSent ciphertext (§3.3):
//
//	0x01 || Ed25519 signature (64) || dh (32) || pn (4, BE) || n (4, BE) || nonce (24) || secretbox (16 + len)
//
// The signature covers everything after it.
type RatchetPayload struct {
	Signature [64]byte
	Header    Header
	Nonce     [24]byte
	Box       []byte // Poly1305 tag || XSalsa20 ciphertext
}

// Bytes encodes the payload.
func (m *RatchetPayload) Bytes() []byte {
	b := make([]byte, 0, RatchetPayloadMinSize+len(m.Box)-BoxOverhead)
	b = append(b, RatchetVersion)
	b = append(b, m.Signature[:]...)
	b = append(b, m.Header.Bytes()...)
	b = append(b, m.Nonce[:]...)
	return append(b, m.Box...)
}

// ParseRatchetPayload splits a payload (§3.3; §7.9 step 1). It rejects a payload shorter than
// 105 bytes (Truncated), a version other than 1 (Version), and, unlike the
// SDK's parser, one shorter than 145 bytes, which cannot hold a nonce and a
// Poly1305 tag (Truncated; the SDK's decryptor rejects those anyway).
func ParseRatchetPayload(b []byte) (*RatchetPayload, error) {
	const sdkMin = RatchetNonceOffset // what the SDK's parser needs: version, signature, header
	if len(b) < sdkMin {
		return nil, fieldErr("payload", "length", category.Truncated, len(b), RatchetPayloadMinSize)
	}
	if b[RatchetVersionOffset] != RatchetVersion {
		return nil, fieldErr("version", "value", category.Version, b[RatchetVersionOffset], RatchetVersion)
	}
	if len(b) < RatchetPayloadMinSize {
		return nil, fieldErr("payload", "length", category.Truncated, len(b), RatchetPayloadMinSize)
	}
	m := &RatchetPayload{}
	copy(m.Signature[:], b[RatchetSignatureOffset:RatchetHeaderOffset])
	copy(m.Header.DH[:], b[RatchetHeaderOffset:RatchetPNOffset])
	m.Header.PN = binary.BigEndian.Uint32(b[RatchetPNOffset:RatchetNOffset])
	m.Header.N = binary.BigEndian.Uint32(b[RatchetNOffset:RatchetNonceOffset])
	copy(m.Nonce[:], b[RatchetNonceOffset:RatchetBoxOffset])
	m.Box = b[RatchetBoxOffset:]
	return m, nil
}

// signedBytes is what the signature covers: header || nonce || box.
func (m *RatchetPayload) signedBytes() []byte {
	return m.Bytes()[RatchetHeaderOffset:]
}

// Padding constants (§3.4).
const (
	paddingMinBucket    = 64
	paddingMaxExpBucket = 16384
	paddingLinearStep   = 4096
	paddingFraming      = 5 // 0x00 marker || u32be(length)
	paddingMarker       = 0x00
)

// PaddingBucket returns the bucket for a plaintext of n bytes (§3.4): the framed
// size 5+n rounded up to 64, then to a power of two up to 16384, then to a
// multiple of 4096.
func PaddingBucket(n int) int {
	framed := paddingFraming + n
	switch {
	case framed <= paddingMinBucket:
		return paddingMinBucket
	case framed <= paddingMaxExpBucket:
		b := 1
		for b < framed {
			b <<= 1
		}
		return b
	}
	return (framed + paddingLinearStep - 1) / paddingLinearStep * paddingLinearStep
}

// PaddingSize returns the padded size for a plaintext of n bytes and a
// jitter, and the number of fill bytes, checking 0 <= jitter < bucket/8
// (§3.4).
func PaddingSize(n, jitter int) (size, fill int, err error) {
	bucket := PaddingBucket(n)
	if jitter < 0 || jitter >= bucket/8 {
		return 0, 0, fieldErr("jitter", "range", category.Padding, jitter, [2]int{0, bucket/8 - 1})
	}
	return bucket + jitter, bucket + jitter - paddingFraming - n, nil
}

// Pad frames and pads a plaintext (§3.4):
// 0x00 || u32be(len) || plaintext || fill, where the total is bucket +
// jitter. jitter and fill are the randomness the SDK draws.
func Pad(plaintext []byte, jitter int, fill []byte) ([]byte, error) {
	if uint64(len(plaintext)) > math.MaxUint32 {
		return nil, fieldErr("plaintext", "length", category.FieldLength, len(plaintext), "< 2^32")
	}
	size, nfill, err := PaddingSize(len(plaintext), jitter)
	if err != nil {
		return nil, err
	}
	if err := checkLen("paddingFill", fill, nfill); err != nil {
		return nil, err
	}
	out := make([]byte, 0, size)
	out = append(out, paddingMarker)
	out = binary.BigEndian.AppendUint32(out, uint32(len(plaintext)))
	out = append(out, plaintext...)
	return append(out, fill...), nil
}

// Unpad removes the padding (§3.4; §7.9 step 10). Both profiles require the 0x00 marker and a
// length that fits (Padding), as the SDK does. Strict also requires the
// padded size to be one the padding rule can produce for that length:
// bucket <= size < bucket + bucket/8 (Padding).
func Unpad(padded []byte, p Profile) ([]byte, error) {
	if len(padded) < paddingFraming || padded[0] != paddingMarker {
		return nil, fieldErr("padding", "marker", category.Padding, len(padded), "0x00 || u32be(length)")
	}
	n := binary.BigEndian.Uint32(padded[1:paddingFraming])
	if uint64(n)+paddingFraming > uint64(len(padded)) {
		return nil, fieldErr("padding", "length", category.Padding, n, len(padded)-paddingFraming)
	}
	if p == Strict {
		if b := PaddingBucket(int(n)); len(padded) < b || len(padded) >= b+b/8 {
			return nil, fieldErr("padding", "bucket", category.Padding, len(padded), [2]int{b, b + b/8 - 1})
		}
	}
	return padded[paddingFraming : paddingFraming+int(n)], nil
}

// EncryptRandomness is the randomness of one encryption, in the order the
// SDK draws it: the padding jitter, the fill bytes, the secretbox nonce.
type EncryptRandomness struct {
	Jitter      int    // 0 <= Jitter < bucket/8
	PaddingFill []byte // exactly bucket + Jitter - 5 - len(plaintext) bytes
	Nonce       []byte // 24 bytes
}

// DrawEncryptRandomness draws the randomness of one encryption from r
// exactly as the SDK draws it from nacl.randomBytes, so that a stream fed to
// the SDK (nacl.setPRNG) and to this function gives the same message:
//
//  1. the jitter, by rejection sampling: with c the smallest power of two
//     >= bucket/8, draw ceil(log2(c)/8) bytes (at least 1), read them as a
//     big-endian integer, keep the low log2(c) bits, and retry until the
//     value is below bucket/8;
//  2. the fill bytes, if there are any;
//  3. the 24-byte nonce.
func DrawEncryptRandomness(r io.Reader, plaintextLen int) (EncryptRandomness, error) {
	var rnd EncryptRandomness
	max := PaddingBucket(plaintextLen) / 8
	c, bits := 1, 0
	for c < max {
		c <<= 1
		bits++
	}
	nbytes := max1((bits + 7) / 8)
	buf := make([]byte, nbytes)
	for {
		if _, err := io.ReadFull(r, buf); err != nil {
			return rnd, err
		}
		v := 0
		for _, b := range buf {
			v = v<<8 | int(b)
		}
		if v &= c - 1; v < max {
			rnd.Jitter = v
			break
		}
	}
	_, nfill, _ := PaddingSize(plaintextLen, rnd.Jitter)
	rnd.PaddingFill = make([]byte, nfill)
	rnd.Nonce = make([]byte, SecretboxNonceSize)
	if _, err := io.ReadFull(r, rnd.PaddingFill); err != nil {
		return rnd, err
	}
	_, err := io.ReadFull(r, rnd.Nonce)
	return rnd, err
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Encrypted is one encrypted message and its intermediate values.
type Encrypted struct {
	Payload    []byte   // the MessageSent ciphertext
	Topic      [32]byte // the topic it goes out on (currentTopicOutbound)
	Header     Header
	MessageKey [32]byte
	Padded     []byte
	Signature  [64]byte
}

// Encrypt encrypts one message (§7.8) and returns the new session state (s
// is not modified): KDF_CK on the sending chain, pad, secretbox with the
// message key, sign header || nonce || box with the Ed25519 key of
// signingSeed, and advance Ns. The checks come in §7.8's order.
func (s *Session) Encrypt(plaintext, signingSeed []byte, rnd EncryptRandomness) (*Session, *Encrypted, error) {
	if s.SendingChainKey == nil {
		return nil, nil, fieldErr("sendingChainKey", "present", category.State, "null", "a sending chain")
	}
	if s.SendingMsgNumber == math.MaxUint32 {
		return nil, nil, fieldErr("sendingMsgNumber", "range", category.State, s.SendingMsgNumber, "< 2^32-1")
	}
	if err := checkLen("signingSeed", signingSeed, ed25519.SeedSize); err != nil {
		return nil, nil, err
	}
	if err := checkLen("nonce", rnd.Nonce, SecretboxNonceSize); err != nil {
		return nil, nil, err
	}
	padded, err := Pad(plaintext, rnd.Jitter, rnd.PaddingFill)
	if err != nil {
		return nil, nil, err
	}
	e := &Encrypted{Padded: padded, Topic: s.CurrentTopicOutbound}
	var ck [32]byte
	e.MessageKey, ck = KDFChainKey(s.SendingChainKey[:])                                     // §7.8 step 1
	e.Header = Header{DH: s.DHMyPublicKey, PN: s.PreviousChainLength, N: s.SendingMsgNumber} // step 2
	m := &RatchetPayload{Header: e.Header}
	copy(m.Nonce[:], rnd.Nonce)
	m.Box = secretbox.Seal(nil, padded, &m.Nonce, &e.MessageKey)              // step 3
	sig := ed25519.Sign(ed25519.NewKeyFromSeed(signingSeed), m.signedBytes()) // step 4
	copy(m.Signature[:], sig)
	e.Signature = m.Signature
	e.Payload = m.Bytes() // step 5
	// Step 6: only the sending chain advances.
	n := s.Clone()
	n.SendingChainKey = &ck
	n.SendingMsgNumber++
	return n, e, nil
}

// Decrypted is one decrypted message and its intermediate values.
type Decrypted struct {
	Plaintext  []byte
	Header     Header
	MessageKey [32]byte
	DHStep     bool // the header's DH key was new
	FromSkip   bool // a stored skipped key decrypted it
}

// edL is the order of the Ed25519 base point.
var edL, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// verifyEd25519 verifies as tweetnacl's sign.detached.verify does (§7.9
// step 3): like
// RFC 8032 with cofactorless verification and non-canonical public key
// encodings accepted (as Go does), but with S used modulo L, so that S >= L
// is accepted. canonical reports whether S < L.
func verifyEd25519(pub, msg, sig []byte) (ok, canonical bool) {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false, false
	}
	if ed25519.Verify(pub, msg, sig) {
		return true, true
	}
	le := slices.Clone(sig[32:])
	slices.Reverse(le)
	S := new(big.Int).SetBytes(le)
	if S.Cmp(edL) < 0 {
		return false, true
	}
	S.Mod(S, edL)
	reduced := make([]byte, 64)
	copy(reduced, sig[:32])
	S.FillBytes(reduced[32:])
	slices.Reverse(reduced[32:])
	return ed25519.Verify(pub, msg, reduced), false
}

// Decrypt decrypts one message for session s and returns the new state (s
// is not modified), following §7.9's steps: verify the signature before
// anything else, then the ratchet.
//
// In both profiles, in this order: parsing (ParseRatchetPayload); the
// Ed25519 signature over header || nonce || box with peerEd25519, verified
// as tweetnacl does (Signature); the skip limit, n - Nr and pn at most
// 100000 (SkipLimit); n below 2^32 - 1 (State); a stored skipped key for
// (dh, n) (AEADAuth, Padding if it fails); a message of the current chain that was already received
// (Replay; the SDK fails to decrypt it); no receiving chain (State); a DH
// step when dh is new, which needs newRatchetSecret (MissingField if nil),
// after storing the old chain's keys up to pn; the keys up to n; then
// KDF_CK, secretbox (AEADAuth) and unpadding (Padding).
//
// Strict then also rejects: a signature with S >= L (Signature), a new DH
// key of small order (LowOrderPoint), a DH step message with n > 100000
// (SkipLimit: the SDK measures n against the old chain), and padding of a
// size the padding rule cannot produce (Padding).
func (s *Session) Decrypt(payload, peerEd25519, newRatchetSecret []byte, p Profile) (*Session, *Decrypted, error) {
	m, err := ParseRatchetPayload(payload) // §7.9 step 1
	if err != nil {
		return nil, nil, err
	}
	if err := checkLen("peerEd25519", peerEd25519, Ed25519PublicKeySize); err != nil { // step 2
		return nil, nil, err
	}
	// Step 3: nothing below runs for a forged message.
	sigOK, canonical := verifyEd25519(peerEd25519, m.signedBytes(), m.Signature[:])
	if !sigOK {
		return nil, nil, fieldErr("signature", "Ed25519", category.Signature, hexs(m.Signature[:]), "a signature by peerEd25519")
	}
	h := m.Header
	d := &Decrypted{Header: h}
	skip := int64(h.N) - int64(s.ReceivingMsgNumber) // step 4
	if skip > MaxSkipPerMessage || h.PN > MaxSkipPerMessage {
		return nil, nil, fieldErr("n", "skip limit", category.SkipLimit, [2]uint32{h.PN, h.N}, MaxSkipPerMessage)
	}
	if h.N == math.MaxUint32 { // step 5
		// Nr would be 2^32, which the header cannot carry (the SDK, on
		// JavaScript numbers, would go on); no real chain gets there.
		// Checked after the skip limit, which rejects such a message
		// first in the SDK unless Nr is within 100000 of it.
		return nil, nil, fieldErr("n", "range", category.State, h.N, "< 2^32-1")
	}
	// Step 6: a stored skipped key.
	if i := slices.IndexFunc(s.SkippedKeys, func(k SkippedKey) bool { return k.DHPubKey == h.DH && k.MsgNumber == h.N }); i >= 0 {
		d.MessageKey, d.FromSkip = s.SkippedKeys[i].MessageKey, true
		if d.Plaintext, err = openMessage(m, &d.MessageKey, p); err != nil {
			return nil, nil, err
		}
		n := s.Clone()
		n.SkippedKeys = slices.Delete(n.SkippedKeys, i, i+1)
		if p == Strict && !canonical {
			return nil, nil, fieldErr("signature", "canonical S", category.Signature, hexs(m.Signature[32:]), "S < L")
		}
		return n, d, nil
	}
	if h.DH == s.DHTheirPublicKey && h.N < s.ReceivingMsgNumber { // step 7
		return nil, nil, fieldErr("n", "not yet received", category.Replay, h.N, s.ReceivingMsgNumber)
	}
	n := s.Clone()
	stamp := s.Clock + 1
	stored := false
	var dhReceive [32]byte
	if h.DH != s.DHTheirPublicKey { // step 8: a DH step
		if newRatchetSecret == nil {
			return nil, nil, fieldErr("newRatchetSecret", "present", category.MissingField, "absent", "32 bytes for the DH step")
		}
		if err := checkLen("newRatchetSecret", newRatchetSecret, X25519Size); err != nil {
			return nil, nil, err
		}
		if n.ReceivingChainKey != nil {
			stored = n.skipMessages(n.ReceivingMsgNumber, h.PN, stamp) || stored
		}
		dhReceive = n.dhRatchetStep(h.DH, newRatchetSecret)
		d.DHStep = true
	}
	if h.N > n.ReceivingMsgNumber { // step 9
		stored = n.skipMessages(n.ReceivingMsgNumber, h.N, stamp) || stored
	}
	if n.ReceivingChainKey == nil { // step 10
		return nil, nil, fieldErr("receivingChainKey", "present", category.State, "null", "a receiving chain")
	}
	var ck [32]byte
	d.MessageKey, ck = KDFChainKey(n.ReceivingChainKey[:])
	if d.Plaintext, err = openMessage(m, &d.MessageKey, p); err != nil {
		return nil, nil, err
	}
	n.ReceivingChainKey = &ck // step 11
	n.ReceivingMsgNumber = h.N + 1
	if stored {
		n.Clock = stamp
	}
	if p == Strict { // §7.9's Strict additions, in their order
		switch {
		case !canonical:
			return nil, nil, fieldErr("signature", "canonical S", category.Signature, hexs(m.Signature[32:]), "S < L")
		case d.DHStep && isZero(dhReceive[:]):
			return nil, nil, fieldErr("dh", "low-order point", category.LowOrderPoint, hexs(h.DH[:]), "a point of large order")
		case d.DHStep && h.N > MaxSkipPerMessage:
			return nil, nil, fieldErr("n", "skip limit", category.SkipLimit, h.N, MaxSkipPerMessage)
		}
	}
	return n, d, nil
}

// openMessage opens the secretbox and unpads (§7.9 steps 6 and 10).
func openMessage(m *RatchetPayload, key *[32]byte, p Profile) ([]byte, error) {
	padded, ok := secretbox.Open(nil, m.Box, &m.Nonce, key)
	if !ok {
		return nil, fieldErr("ciphertext", "secretbox", category.AEADAuth, "no authentic box", "a box under the message key")
	}
	pt, err := Unpad(padded, Deployed)
	if err != nil {
		return nil, err
	}
	if p == Strict {
		if _, err := Unpad(padded, Strict); err != nil {
			return nil, err
		}
	}
	return slices.Clone(pt), nil
}

// skipMessages stores the message keys of the receiving chain for numbers
// start..until-1 (§7.9, storing keys "from i up to j"), and prunes the store to
// MaxStoredSkippedKeys: a stable sort by CreatedAt, newest first, keeping
// the first 1000. It reports whether it stored any key.
//
// Only the first 1000 new keys can survive that pruning (they all carry the
// newest stamp), so later ones are derived but not kept: the memory stays
// bounded even when a crafted state makes the chain long.
func (s *Session) skipMessages(start, until uint32, stamp uint64) bool {
	if s.ReceivingChainKey == nil || until <= start {
		return false
	}
	ck := *s.ReceivingChainKey
	added := 0
	for i := start; i < until; i++ {
		mk, next := KDFChainKey(ck[:])
		if added < MaxStoredSkippedKeys {
			s.SkippedKeys = append(s.SkippedKeys, SkippedKey{DHPubKey: s.DHTheirPublicKey, MsgNumber: i, MessageKey: mk, CreatedAt: stamp})
			added++
		}
		ck = next
	}
	s.ReceivingChainKey = &ck
	if len(s.SkippedKeys) > MaxStoredSkippedKeys {
		sort.SliceStable(s.SkippedKeys, func(a, b int) bool { return s.SkippedKeys[a].CreatedAt > s.SkippedKeys[b].CreatedAt })
		s.SkippedKeys = s.SkippedKeys[:MaxStoredSkippedKeys]
	}
	return true
}

// dhRatchetStep is §7.9 step 8's DH step with the new key pair's secret
// given. It returns the receiving DH output.
func (s *Session) dhRatchetStep(theirNew [32]byte, newSecret []byte) [32]byte {
	dhReceive, _ := X25519("dh", s.DHMySecretKey[:], theirNew[:], Deployed)
	rk1, ckr := KDFRootKey(s.RootKey[:], dhReceive[:])
	newPub, _ := X25519PublicKey(newSecret)
	dhSend, _ := X25519("dh", newSecret, theirNew[:], Deployed)
	rk2, cks := KDFRootKey(rk1[:], dhSend[:])
	// The current topics come from the sender's DH key, so the labels swap.
	curOut, curIn := RatchetTopic(rk1[:], dhReceive[:], Inbound), RatchetTopic(rk1[:], dhReceive[:], Outbound)
	nextOut, nextIn := RatchetTopic(rk2[:], dhSend[:], Outbound), RatchetTopic(rk2[:], dhSend[:], Inbound)
	prevIn := s.CurrentTopicInbound
	s.RootKey = rk2
	s.DHMySecretKey, s.DHMyPublicKey, s.DHTheirPublicKey = [32]byte(newSecret), newPub, theirNew
	s.ReceivingChainKey, s.ReceivingMsgNumber = &ckr, 0
	s.SendingChainKey, s.PreviousChainLength, s.SendingMsgNumber = &cks, s.SendingMsgNumber, 0
	s.NextTopicOutbound, s.NextTopicInbound = &nextOut, &nextIn
	s.CurrentTopicOutbound, s.CurrentTopicInbound = curOut, curIn
	s.PreviousTopicInbound = &prevIn
	s.TopicEpoch++
	return dhReceive
}

// TopicMatch says which of a session's inbound topics a message arrived on.
type TopicMatch string

// The topic matches of inbound topic routing (§7.10).
const (
	TopicCurrent  TopicMatch = "current"
	TopicNext     TopicMatch = "next"
	TopicPrevious TopicMatch = "previous"
)

// RouteInbound finds which inbound topic a message arrived on (§7.10,
// steps 1-4 in order) before decrypting, and returns the
// session to decrypt with: on the next topic the next topics are promoted
// (previous inbound := current inbound, current := next, next := none,
// topicEpoch + 1). A topic the session does not know is rejected (State).
func (s *Session) RouteInbound(topic [32]byte) (*Session, TopicMatch, error) {
	switch {
	case topic == s.CurrentTopicInbound:
		return s.Clone(), TopicCurrent, nil
	case s.NextTopicInbound != nil && topic == *s.NextTopicInbound:
		n := s.Clone()
		if n.NextTopicOutbound != nil {
			prev := n.CurrentTopicInbound
			n.PreviousTopicInbound = &prev
			n.CurrentTopicInbound, n.CurrentTopicOutbound = *n.NextTopicInbound, *n.NextTopicOutbound
			n.NextTopicInbound, n.NextTopicOutbound = nil, nil
			n.TopicEpoch++
		}
		return n, TopicNext, nil
	case s.PreviousTopicInbound != nil && topic == *s.PreviousTopicInbound:
		return s.Clone(), TopicPrevious, nil
	}
	return nil, "", fieldErr("topic", "inbound topic", category.State, hexs(topic[:]), "a current, next or previous inbound topic")
}
