package mutants

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// The Verbeth mutants.

// verbethMutants are the Verbeth mutants: one row per bug.
var verbethMutants = []*Mutant{
	{
		Name:    "verbeth-tag-hkdf-swapped",
		Bug:     "the tag's HKDF with ikm = the X25519 output and salt = the ML-KEM secret, the order of the user's description's diagram, instead of ikm = kemSecret, salt = X25519 output",
		Profile: vectors.Strict,
		Rules:   []string{"VB-TAG-HKDF"},
		ops: tagOps(func(ecdh, kem []byte) (okm, tag []byte) {
			okm, err := hkdf.Key(sha256.New, ecdh, kem, verbeth.TagInfo, 32)
			if err != nil {
				panic(err)
			}
			t := verbeth.Keccak256(okm)
			return okm, t[:]
		}),
	},
	{
		Name:    "verbeth-tag-no-keccak",
		Bug:     "inResponseTo is the HKDF output itself, without the final keccak256",
		Profile: vectors.Strict,
		Rules:   []string{"VB-TAG-HKDF"},
		ops: tagOps(func(ecdh, kem []byte) (okm, tag []byte) {
			okm = tagOKM(ecdh, kem)
			return okm, okm
		}),
	},
	{
		Name:    "verbeth-root-from-tag-key",
		Bug:     "the responder's hybrid secret (and so the root key) from X25519(r, A), the tag key pair the user's description names, instead of X25519(rk_s, A)",
		Profile: vectors.Strict,
		Rules:   []string{"VB-HYBRID-SECRET", "VB-RESPONSE-WRITE"},
		ops: map[*vectors.Family]op{vectors.VerbethHandshakeRespond: post(vectors.VerbethHandshakeRespond, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			shared := get(out, "tagEcdh")
			h := verbeth.HybridInitialSecret(shared, get(out, "kemSecret"))
			rk, ck := verbeth.KDFRootKey(make([]byte, 32), h[:])
			return out.With("sharedX25519", shared, "hybridSecret", h[:], "rootKey0", rk[:], "chainKey0", ck[:]), nil
		})},
	},
	{
		Name:    "verbeth-hybrid-ikm-order",
		Bug:     "hybridInitialSecret over kemSecret || X25519 output instead of X25519 output || kemSecret",
		Profile: vectors.Strict,
		Rules:   []string{"VB-HYBRID-SECRET"},
		ops: map[*vectors.Family]op{
			vectors.VerbethHybridSecret: post(vectors.VerbethHybridSecret, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
				return out.With("hybridSecret", swappedHybrid(get(in, "sharedX25519"), get(in, "kemSecret"))), nil
			}),
			vectors.VerbethHandshakeRespond: post(vectors.VerbethHandshakeRespond, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
				h := swappedHybrid(get(out, "sharedX25519"), get(out, "kemSecret"))
				rk, ck := verbeth.KDFRootKey(make([]byte, 32), h)
				return out.With("hybridSecret", h, "rootKey0", rk[:], "chainKey0", ck[:]), nil
			}),
		},
	},
	{
		Name:    "verbeth-low-order-accepted",
		Bug:     "a strict implementation that uses X25519 public keys of small order (all-zero shared secret), as tweetnacl does, instead of rejecting them",
		Profile: vectors.Strict,
		Rules:   []string{"VB-LOW-ORDER"},
		ops:     lenientAll(category.LowOrderPoint, nil, vectors.VerbethTag, vectors.VerbethHandshakeRespond, vectors.VerbethResponseOpen, vectors.VerbethSessionInitiator, vectors.VerbethSessionResponder, vectors.VerbethRatchetDecrypt),
	},
	{
		Name:    "verbeth-go-json",
		Bug:     "the Handshake payload and the response's inner JSON written with Go's encoding/json, which escapes <, >, & and U+2028/U+2029 and replaces invalid UTF-16, where JSON.stringify writes them raw: other bytes, another box",
		Profile: vectors.Strict,
		Rules:   []string{"VB-HANDSHAKE-INITIATE", "VB-RESPONSE-WRITE"},
		ops: map[*vectors.Family]op{
			vectors.VerbethHandshakeInitiate: post(vectors.VerbethHandshakeInitiate, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
				var p struct {
					PlaintextPayload string    `json:"plaintextPayload"`
					IdentityProof    goJSProof `json:"identityProof"`
				}
				b, err := reencode(get(out, "plaintextPayload"), &p)
				if err != nil {
					return nil, err
				}
				return out.With("plaintextPayload", b), nil
			}),
			vectors.VerbethHandshakeRespond: post(vectors.VerbethHandshakeRespond, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
				var inner struct {
					UnifiedPubKeys  string    `json:"unifiedPubKeys"`
					EphemeralPubKey string    `json:"ephemeralPubKey"`
					KEMCiphertext   string    `json:"kemCiphertext"`
					Note            *string   `json:"note,omitempty"`
					IdentityProof   goJSProof `json:"identityProof"`
				}
				b, err := reencode(get(out, "innerPlaintext"), &inner)
				if err != nil {
					return nil, err
				}
				var A, rks [32]byte
				var nonce [24]byte
				copy(A[:], get(in, "initiatorEphemeralPubKey"))
				copy(rks[:], get(in, "ratchetSecret"))
				copy(nonce[:], get(in, "boxNonce"))
				sealed := box.Seal(nil, b, &nonce, &A, &rks)
				ct := verbeth.EncodeEnvelope(get(out, "ratchetPublicKey"), nonce[:], sealed)
				return out.With("innerPlaintext", b, "box", sealed, "ciphertext", ct), nil
			}),
		},
	},
	{
		Name:    "verbeth-base64-lenient",
		Bug:     "a strict implementation that decodes the response's base64 leniently (URL-safe alphabet, missing padding, junk characters, non-zero unused bits), as Node's Buffer.from does",
		Profile: vectors.Strict,
		Rules:   []string{"VB-BASE64-CANONICAL"},
		ops:     lenientAll(category.Base64, nil, vectors.VerbethResponseOpen),
	},
	{
		Name:    "verbeth-third-party-accepted",
		Bug:     "a strict implementation that does not check that a response comes from the party the Handshake was sent to: anyone can answer it (research I1)",
		Profile: vectors.Strict,
		Rules:   []string{"VB-PROOF-PARTY"},
		ops:     map[*vectors.Family]op{vectors.VerbethResponseOpen: without(vectors.VerbethResponseOpen, "expectedAddress"), vectors.VerbethIdentityProofVerify: without(vectors.VerbethIdentityProofVerify, "expectedAddress")},
	},
	{
		Name:    "verbeth-chain-id-ignored",
		Bug:     "a strict implementation that requires a ChainId line but never compares it with the verifier's chain: a proof made for another chain is accepted",
		Profile: vectors.Strict,
		Rules:   []string{"VB-PROOF-CHAIN-EXPECTED"},
		ops:     map[*vectors.Family]op{vectors.VerbethResponseOpen: without(vectors.VerbethResponseOpen, "expectedChainId"), vectors.VerbethIdentityProofVerify: without(vectors.VerbethIdentityProofVerify, "expectedChainId")},
	},
	{
		Name:    "verbeth-legacy-pubkeys",
		Bug:     "a strict implementation that still decodes the 64-byte version-0 unified keys of old SDKs",
		Profile: vectors.Strict,
		Rules:   []string{"VB-UNIFIED-KEYS-LEGACY"},
		ops:     lenientAll(category.Version, messageHas("legacy"), vectors.VerbethUnifiedPubKeysDecode, vectors.VerbethResponseOpen),
	},
	{
		Name:    "verbeth-ek-modulus-unchecked",
		Bug:     "a strict implementation that encapsulates to an ML-KEM key with a coefficient >= q, as @noble/post-quantum 0.5.4 does, without FIPS 203's modulus check",
		Profile: vectors.Strict,
		Rules:   []string{"VB-EK-MODULUS"},
		ops:     lenientAll(category.EKModulus, nil, vectors.VerbethHandshakeRespond),
	},
	{
		Name:    "verbeth-ed25519-s-unreduced",
		Bug:     "a strict implementation that accepts Ed25519 signatures with S >= L (S used modulo L, as tweetnacl does): malleable message signatures",
		Profile: vectors.Strict,
		Rules:   []string{"VB-ED25519-CANONICAL-S"},
		ops:     lenientAll(category.Signature, messageHas("canonical S"), vectors.VerbethRatchetDecrypt),
	},
	{
		Name:    "verbeth-padding-unchecked",
		Bug:     "a strict implementation that checks only the padding's marker and length, not that its size is one the padding rule produces",
		Profile: vectors.Strict,
		Rules:   []string{"VB-PADDING-BUCKET"},
		ops:     lenientAll(category.Padding, nil, vectors.VerbethRatchetDecrypt),
	},
	{
		Name:    "verbeth-legacy-executor",
		Bug:     "the executor read from the ExecutorSafeAddress line of SDK 0.1.6 and earlier, which 0.1.7 renamed and stopped reading",
		Profile: vectors.Deployed,
		Rules:   []string{"VB-PROOF-EXECUTOR-SENDER"},
		ops:     map[*vectors.Family]op{vectors.VerbethIdentityProofVerify: legacyExecutorVerify},
	},
	{
		Name:    "verbeth-topics-not-swapped",
		Bug:     "the responder's epoch-0 topics with the initiator's labels: its outbound topic is T(\"outbound\") instead of T(\"inbound\"), so the two sides never hear each other",
		Profile: vectors.Strict,
		Rules:   []string{"VB-SESSION-RESPONDER"},
		ops: map[*vectors.Family]op{vectors.VerbethSessionResponder: post(vectors.VerbethSessionResponder, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			return editState(out, func(s *verbeth.Session) {
				s.TopicOutbound, s.TopicInbound = s.TopicInbound, s.TopicOutbound
				s.CurrentTopicOutbound, s.CurrentTopicInbound = s.CurrentTopicInbound, s.CurrentTopicOutbound
			}, "topicOutbound", "topicInbound")
		})},
	},
	{
		Name:    "verbeth-conversation-id-bytes",
		Bug:     "the conversation id hashes the two topics' 32 raw bytes, sorted, instead of their 0x-hex strings joined by \":\"",
		Profile: vectors.Strict,
		Rules:   []string{"VB-SESSION-INITIATOR", "VB-SESSION-RESPONDER"},
		ops:     map[*vectors.Family]op{vectors.VerbethSessionInitiator: conversationIDBytes(vectors.VerbethSessionInitiator), vectors.VerbethSessionResponder: conversationIDBytes(vectors.VerbethSessionResponder)},
	},
	{
		Name:    "verbeth-skipped-key-kept",
		Bug:     "a stored skipped message key is not deleted when it decrypts its message, so a replayed out-of-order message decrypts again",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-DECRYPT", "VB-RATCHET-REPLAY"},
		ops:     map[*vectors.Family]op{vectors.VerbethRatchetDecrypt: post(vectors.VerbethRatchetDecrypt, keepSkippedKey)},
	},
	{
		Name:    "verbeth-skip-limit-unenforced",
		Bug:     "no skip limit: a message numbered far ahead of its chain makes the receiver derive every key up to it (the check is made for DH steps only)",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-SKIP-LIMIT"},
		ops:     map[*vectors.Family]op{vectors.VerbethRatchetDecrypt: noSkipLimit},
	},
}

// tagOKM is the tag's HKDF of spec/verbeth.md, unchanged: ikm = kemSecret,
// salt = the X25519 output.
func tagOKM(ecdh, kem []byte) []byte {
	okm, err := hkdf.Key(sha256.New, kem, ecdh, verbeth.TagInfo, 32)
	if err != nil {
		panic(err)
	}
	return okm
}

// swappedHybrid is hybridInitialSecret with its two secrets swapped.
func swappedHybrid(x, kem []byte) []byte { h := verbeth.HybridInitialSecret(kem, x); return h[:] }

// conversationIDBytes is f with the conversation id hashed over the two
// topics' raw bytes, sorted.
func conversationIDBytes(f *vectors.Family) op {
	return post(f, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
		a, b := get(out, "topicOutbound"), get(out, "topicInbound")
		if bytes.Compare(a, b) > 0 {
			a, b = b, a
		}
		id := verbeth.Keccak256(a, b)
		out, err := editState(out, func(s *verbeth.Session) { s.ConversationID = id }, "", "")
		if err != nil {
			return nil, err
		}
		return out.With("conversationId", id[:]), nil
	})
}

type goJSProof struct {
	Message       string `json:"message"`
	Signature     string `json:"signature"`
	MessageRawHex string `json:"messageRawHex,omitempty"`
}

// reencode parses JSON into v with encoding/json and writes it back with
// it: Go's escaping in place of JSON.stringify's.
func reencode(b []byte, v any) ([]byte, error) {
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// tagOps are the operations of an implementation whose tag is f(ecdh, kem).
// Opening and matching recompute the tag of the response that the
// reference opened and reject it when it is not the event's inResponseTo
// (where the reference's own tag check rejects, the mutant says the same).
func tagOps(f func(ecdh, kem []byte) (okm, tag []byte)) map[*vectors.Family]op {
	mismatch := &category.FieldError{Field: "inResponseTo", Rule: "tag", Cat: category.TagMismatch}
	return map[*vectors.Family]op{
		vectors.VerbethTag: post(vectors.VerbethTag, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			okm, t := f(get(out, "ecdh"), get(in, "kemSecret"))
			return out.With("okm", okm, "inResponseTo", t), nil
		}),
		vectors.VerbethHandshakeRespond: post(vectors.VerbethHandshakeRespond, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			okm, t := f(get(out, "tagEcdh"), get(out, "kemSecret"))
			return out.With("tagOkm", okm, "inResponseTo", t), nil
		}),
		vectors.VerbethResponseOpen: post(vectors.VerbethResponseOpen, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			if _, t := f(get(out, "tagEcdh"), get(out, "kemSecret")); !bytes.Equal(t, get(in, "inResponseTo")) {
				return nil, mismatch
			}
			return out, nil
		}),
		vectors.VerbethResponseMatch: post(vectors.VerbethResponseMatch, func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			var pending []struct {
				EphemeralSecret string `json:"ephemeralSecret"`
			}
			if err := in.Get("pending", &pending); err != nil {
				return nil, err
			}
			a, err := hex.DecodeString(pending[getInt(out, "index")].EphemeralSecret)
			if err != nil {
				return nil, err
			}
			ecdh, err := verbeth.X25519("responderEphemeralR", a, get(in, "responderEphemeralR"), reference.VerbethProfile(p))
			if err != nil {
				return nil, err
			}
			if _, t := f(ecdh[:], get(out, "kemSecret")); !bytes.Equal(t, get(in, "inResponseTo")) {
				return nil, mismatch
			}
			return out, nil
		}),
	}
}

// editState changes the session state output with f, and swaps the outputs
// a and b when they are named.
func editState(out vectors.Values, f func(*verbeth.Session), a, b string) (vectors.Values, error) {
	s, err := verbeth.ParseSession(out["state"])
	if err != nil {
		return nil, err
	}
	f(s)
	js, err := s.MarshalJSON()
	if err != nil {
		return nil, err
	}
	out = out.With("state", json.RawMessage(js))
	if a != "" {
		out[a], out[b] = out[b], out[a]
	}
	return out, nil
}

// keepSkippedKey puts back the stored key that decrypted the message.
func keepSkippedKey(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
	before, err := verbeth.ParseSession(in["state"])
	if err != nil {
		return nil, err
	}
	m, err := verbeth.ParseRatchetPayload(get(in, "payload"))
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(before.SkippedKeys, func(k verbeth.SkippedKey) bool { return k.DHPubKey == m.Header.DH && k.MsgNumber == m.Header.N })
	if i < 0 {
		return out, nil
	}
	return editState(out, func(s *verbeth.Session) {
		s.SkippedKeys = slices.Insert(s.SkippedKeys, min(i, len(s.SkippedKeys)), before.SkippedKeys[i])
	}, "", "")
}

// noSkipLimit decrypts a message of the current receiving chain however far
// ahead its number is, deriving every chain key up to it. A message that
// needs a DH step is left to the reference (the limit the SDK applies there
// is measured against the old chain, which this mutant keeps). Beyond 2^20
// keys it gives up with aead_auth, standing in for a port that would run
// for hours (n = 2^32 - 1 is four billion HMACs).
func noSkipLimit(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	out, err := ref(vectors.VerbethRatchetDecrypt)(p, in)
	if category.Of(err) != category.SkipLimit {
		return out, err
	}
	s, perr := verbeth.ParseSession(in["state"])
	m, merr := verbeth.ParseRatchetPayload(get(in, "payload"))
	if perr != nil || merr != nil || s.ReceivingChainKey == nil || m.Header.DH != s.DHTheirPublicKey || m.Header.N < s.ReceivingMsgNumber {
		return out, err
	}
	if m.Header.N-s.ReceivingMsgNumber > 1<<20 {
		return nil, &category.FieldError{Field: "ciphertext", Rule: "secretbox", Cat: category.AEADAuth, Got: "gave up deriving keys", Want: m.Header.N}
	}
	ck := *s.ReceivingChainKey
	var mk [32]byte
	for i := s.ReceivingMsgNumber; ; i++ {
		mk, ck = verbeth.KDFChainKey(ck[:])
		if i == m.Header.N {
			break
		}
	}
	padded, ok := secretbox.Open(nil, m.Box, &m.Nonce, &mk)
	if !ok {
		return nil, &category.FieldError{Field: "ciphertext", Rule: "secretbox", Cat: category.AEADAuth}
	}
	pt, err := verbeth.Unpad(padded, reference.VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	n := s.Clone()
	n.ReceivingChainKey = &ck
	n.ReceivingMsgNumber = m.Header.N + 1
	js, err := n.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return vectors.Values{"state": js}.SetBytes("plaintext", pt).SetBytes("messageKey", mk[:]), nil
}

// legacyExecutorVerify verifies an identity proof as the SDK did up to
// 0.1.6, reading an ExecutorSafeAddress line as the executor. Proofs
// without that line go to the reference; with it, the mutant makes the
// deployed checks itself on the message with the line renamed, the
// signature still over the message as sent.
func legacyExecutorVerify(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	msg, err := in.String("proofMessage")
	if err != nil || !strings.Contains(msg, "\nExecutorSafeAddress:") {
		return ref(vectors.VerbethIdentityProofVerify)(p, in)
	}
	b, err := verbeth.ParseBindingMessage(strings.Replace(msg, "\nExecutorSafeAddress:", "\nExecutorAddress:", 1), reference.VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	fail := func(c category.Category, field string) error {
		return &category.FieldError{Field: field, Rule: "legacy executor", Cat: c}
	}
	sigText, _ := in.String("proofSignature")
	sig, err := hex.DecodeString(strings.TrimPrefix(sigText, "0x"))
	if err != nil || len(sig) != 65 || sig[64] < 27 || b.Address == nil {
		return nil, fail(category.ProofSignature, "signature")
	}
	hash := verbeth.EIP191Hash(msg)
	pub, _, err := ecdsa.RecoverCompact(append([]byte{sig[64]}, sig[:64]...), hash[:])
	if err != nil {
		return nil, fail(category.ProofSignature, "signature")
	}
	addr := verbeth.Keccak256(pub.SerializeUncompressed()[1:])
	if !bytes.Equal(addr[12:], b.Address) {
		return nil, fail(category.ProofSignature, "signature")
	}
	sender, _ := in.String("eventSender")
	if s, err := hex.DecodeString(strings.TrimPrefix(strings.ToLower(sender), "0x")); err != nil || !bytes.Equal(s, b.ExecutorAddress) {
		return nil, fail(category.ProofExecutor, "ExecutorSafeAddress")
	}
	if !bytes.Equal(b.PkX25519, get(in, "wireX25519")) || !bytes.Equal(b.PkEd25519, get(in, "wireEd25519")) {
		return nil, fail(category.ProofKeys, "PkX25519")
	}
	if in.Has("expectedChainId") && (!b.HasChainID || b.ChainID != float64(getInt(in, "expectedChainId"))) {
		return nil, fail(category.ProofChainID, "ChainId")
	}
	return vectors.Values{}.Set("address", "0x"+hex.EncodeToString(b.Address)).
		Set("executorAddress", "0x"+hex.EncodeToString(b.ExecutorAddress)).SetBytes("messageHash", hash[:]), nil
}
