package verbeth

import (
	"crypto/sha256"
	"encoding/hex"
)

// HKDF infos of the session bootstrap (spec/verbeth.md §7.7).
const (
	HybridInfo  = "VerbethHybrid"
	RatchetInfo = "VerbethRatchet"
)

// HybridInitialSecret combines the X25519 and ML-KEM secrets (§7.7, hybrid):
// HKDF-SHA256(ikm = x25519Secret || kemSecret, salt = 32 zero bytes,
// info = "VerbethHybrid", 32). The X25519 input is X25519(rk_s, A) =
// X25519(a, rk_p), the same value that keys the response's box; the tag key
// pair (r, R) plays no part.
func HybridInitialSecret(x25519Secret, kemSecret []byte) [32]byte {
	var out [32]byte
	ikm := append(append(make([]byte, 0, 64), x25519Secret...), kemSecret...)
	copy(out[:], hkdfSHA256(ikm, make([]byte, 32), HybridInfo, 32))
	return out
}

// KDFRootKey is §7.7's KDF_RK: HKDF-SHA256(ikm = dh, salt = rootKey, info =
// "VerbethRatchet", 64), split into the new root key and a chain key.
func KDFRootKey(rootKey, dh []byte) (newRootKey, chainKey [32]byte) {
	out := hkdfSHA256(dh, rootKey, RatchetInfo, 64)
	copy(newRootKey[:], out[:32])
	copy(chainKey[:], out[32:])
	return
}

// KDFChainKey is §7.7's KDF_CK: the message key HMAC-SHA256(chainKey, 0x01) and the
// next chain key HMAC-SHA256(chainKey, 0x02).
func KDFChainKey(chainKey []byte) (messageKey, newChainKey [32]byte) {
	// HMAC (RFC 2104) spelled out over sha256.Sum256, which works on the
	// stack: skipping 100,000 messages runs this 100,000 times, and
	// crypto/hmac's allocations and state copies cost twice the hashing.
	// TestKDFChainKeyIsHMAC compares it with crypto/hmac.
	var key [sha256.BlockSize]byte
	if len(chainKey) > len(key) {
		h := sha256.Sum256(chainKey)
		copy(key[:], h[:])
	} else {
		copy(key[:], chainKey)
	}
	var inner [sha256.BlockSize + 1]byte
	var outer [sha256.BlockSize + sha256.Size]byte
	for i, k := range key {
		inner[i], outer[i] = k^0x36, k^0x5c
	}
	inner[sha256.BlockSize] = 1
	h := sha256.Sum256(inner[:])
	copy(outer[sha256.BlockSize:], h[:])
	messageKey = sha256.Sum256(outer[:])
	inner[sha256.BlockSize] = 2
	h = sha256.Sum256(inner[:])
	copy(outer[sha256.BlockSize:], h[:])
	newChainKey = sha256.Sum256(outer[:])
	return
}

// Direction is a topic direction label.
type Direction string

// The two directions. At epoch 0, Outbound is always the initiator-to-
// responder direction; after that the labels are from the point of view of
// the party whose DH key produced the topic (see DHRatchet).
const (
	Outbound Direction = "outbound"
	Inbound  Direction = "inbound"
)

// Topic is §7.7's T and T3: keccak256(HKDF-SHA256(ikm, salt, info = "verbeth:topic-" +
// direction + ":" + version, 32)). Epoch 0 uses version "v2" with ikm = the
// hybrid secret and salt = inResponseTo (a rule found only in the SDK's
// code); later epochs use "v3" with ikm = the DH output and salt = the root
// key.
func Topic(ikm, salt []byte, dir Direction, version string) [32]byte {
	return Keccak256(hkdfSHA256(ikm, salt, "verbeth:topic-"+string(dir)+":"+version, 32))
}

// Epoch0Topic is Topic(hybridSecret, inResponseTo, dir, "v2").
func Epoch0Topic(hybridSecret, tag []byte, dir Direction) [32]byte {
	return Topic(hybridSecret, tag, dir, "v2")
}

// RatchetTopic is §7.7's T3: Topic(dh, rootKey, dir, "v3").
func RatchetTopic(rootKey, dh []byte, dir Direction) [32]byte {
	return Topic(dh, rootKey, dir, "v3")
}

// ConversationID is §7.7's conversationId: keccak256 of the UTF-8 text of the two topics as
// lowercase 0x-hex strings, sorted, joined by ":". (The SDK hashes the
// strings, not the bytes.)
func ConversationID(topicA, topicB [32]byte) [32]byte {
	a, b := "0x"+hex.EncodeToString(topicA[:]), "0x"+hex.EncodeToString(topicB[:])
	if b < a {
		a, b = b, a
	}
	return Keccak256([]byte(a + ":" + b))
}

// Bootstrap holds the values both sides derive from the handshake (§7.7).
type Bootstrap struct {
	SharedX25519   [32]byte // X25519(a, rk_p) = X25519(rk_s, A)
	HybridSecret   [32]byte
	RootKey0       [32]byte // RK0 from KDF_RK(zeros, hybridSecret)
	ChainKey0      [32]byte // CK0: the responder's first sending chain
	TopicOutbound  [32]byte // this side's epoch-0 outbound topic
	TopicInbound   [32]byte
	ConversationID [32]byte
}

func bootstrap(shared, kemSecret, tag []byte, initiator bool) *Bootstrap {
	b := &Bootstrap{}
	copy(b.SharedX25519[:], shared)
	b.HybridSecret = HybridInitialSecret(shared, kemSecret)
	b.RootKey0, b.ChainKey0 = KDFRootKey(make([]byte, 32), b.HybridSecret[:])
	out, in := Epoch0Topic(b.HybridSecret[:], tag, Outbound), Epoch0Topic(b.HybridSecret[:], tag, Inbound)
	if !initiator {
		out, in = in, out
	}
	b.TopicOutbound, b.TopicInbound = out, in
	b.ConversationID = ConversationID(out, in)
	return b
}

func checkBootstrapInputs(kemSecret, tag []byte) error {
	if err := checkLen("kemSecret", kemSecret, KEMSecretSize); err != nil {
		return err
	}
	return checkLen("inResponseTo", tag, TagSize)
}

// NewInitiatorSession sets up the initiator's ratchet session after a
// response matched (§7.7, initiator state; checks in §7.7's order): the hybrid
// secret from X25519(a, rk_p) and kemSecret; (RK0, CK0) = KDF_RK(zeros,
// hybrid); the first DH step with the new key pair s1: (RK1, CKs) =
// KDF_RK(RK0, X25519(s1, rk_p)); CK0 becomes the receiving chain; the
// epoch-0 topics, and the v3 topics of the next epoch from (RK1, dh1).
//
// Strict rejects an rk_p of small order (LowOrderPoint); Deployed uses the
// all-zero outputs as the SDK does.
func NewInitiatorSession(ephemeralSecret, ratchetPublicKey, kemSecret, tag, firstRatchetSecret []byte, p Profile) (*Session, *Bootstrap, error) {
	if err := checkBootstrapInputs(kemSecret, tag); err != nil {
		return nil, nil, err
	}
	// The deployed checks first, then strict's low-order check, so that an
	// input both profiles reject gets one category from both.
	shared, err := X25519("ratchetPublicKey", ephemeralSecret, ratchetPublicKey, Deployed)
	if err != nil {
		return nil, nil, err
	}
	s1Pub, err := X25519PublicKey(firstRatchetSecret)
	if err != nil {
		return nil, nil, renameField(err, "firstRatchetSecret")
	}
	if p == Strict {
		if _, err := X25519("ratchetPublicKey", ephemeralSecret, ratchetPublicKey, Strict); err != nil {
			return nil, nil, err
		}
	}
	dh1, _ := X25519("ratchetPublicKey", firstRatchetSecret, ratchetPublicKey, Deployed)
	b := bootstrap(shared[:], kemSecret, tag, true)
	rk1, cks := KDFRootKey(b.RootKey0[:], dh1[:])
	ckr := b.ChainKey0
	nextOut, nextIn := RatchetTopic(rk1[:], dh1[:], Outbound), RatchetTopic(rk1[:], dh1[:], Inbound)
	s := &Session{
		ConversationID:       b.ConversationID,
		TopicOutbound:        b.TopicOutbound,
		TopicInbound:         b.TopicInbound,
		RootKey:              rk1,
		DHMySecretKey:        [32]byte(firstRatchetSecret),
		DHMyPublicKey:        s1Pub,
		DHTheirPublicKey:     [32]byte(ratchetPublicKey),
		SendingChainKey:      &cks,
		ReceivingChainKey:    &ckr,
		CurrentTopicOutbound: b.TopicOutbound,
		CurrentTopicInbound:  b.TopicInbound,
		NextTopicOutbound:    &nextOut,
		NextTopicInbound:     &nextIn,
	}
	return s, b, nil
}

// NewResponderSession sets up the responder's ratchet session (§7.7,
// responder state; checks in §7.7's order): the hybrid secret from X25519(rk_s, A) and
// kemSecret; (RK0, CK0) = KDF_RK(zeros, hybrid); CK0 is the sending chain,
// there is no receiving chain yet, rk_s stays the DH key; the epoch-0
// topics with the directions swapped.
//
// Deployed keeps the first 32 bytes of a longer A, as the SDK does when
// its accept path hands it the whole 1216-byte ephemeralPubKey; Strict
// wants 32 bytes (field_length) and rejects an A of small order
// (LowOrderPoint).
func NewResponderSession(ratchetSecret, initiatorX25519, kemSecret, tag []byte, p Profile) (*Session, *Bootstrap, error) {
	if err := checkBootstrapInputs(kemSecret, tag); err != nil {
		return nil, nil, err
	}
	if p == Deployed && len(initiatorX25519) > X25519Size {
		initiatorX25519 = initiatorX25519[:X25519Size]
	}
	shared, err := X25519("initiatorEphemeralX25519", ratchetSecret, initiatorX25519, p)
	if err != nil {
		return nil, nil, err
	}
	pub, _ := X25519PublicKey(ratchetSecret)
	b := bootstrap(shared[:], kemSecret, tag, false)
	cks := b.ChainKey0
	s := &Session{
		ConversationID:       b.ConversationID,
		TopicOutbound:        b.TopicOutbound,
		TopicInbound:         b.TopicInbound,
		RootKey:              b.RootKey0,
		DHMySecretKey:        [32]byte(ratchetSecret),
		DHMyPublicKey:        pub,
		DHTheirPublicKey:     [32]byte(initiatorX25519),
		SendingChainKey:      &cks,
		CurrentTopicOutbound: b.TopicOutbound,
		CurrentTopicInbound:  b.TopicInbound,
	}
	return s, b, nil
}
