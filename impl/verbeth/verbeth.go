// Package verbeth is a byte-exact reference implementation of the Verbeth
// hybrid handshake (X25519 + ML-KEM-768) as @verbeth/sdk 0.2.1 performs it,
// and of the session bootstrap and ratchet messages that follow.
//
// spec/verbeth.md describes every layout and algorithm, the strict and
// deployed profiles, and where the user's description and the deployed code
// differ. Each function and each protocol step cites the section it
// implements ("§7.4 step 5"), as crypto/mlkem cites FIPS 203; the SDK's
// and its libraries' names appear only where they explain a deployed
// quirk. The names here are the protocol's own: recipientHash, pubKeys,
// ephemeralPubKey, plaintextPayload, inResponseTo, responderEphemeralR,
// kemCiphertext, hybridInitialSecret, KDF_RK, KDF_CK, topics.
//
// Every random value is an argument: the X25519 secrets a, r, rk_s and the
// ratchet secrets, the ML-KEM-768 seed d||z and encapsulation message m, the
// NaCl box nonce, the padding jitter and fill, the secretbox nonce. The
// functions are therefore deterministic, and test vectors can pin every
// intermediate value.
//
// Validation takes a Profile. Strict applies the protocol's rules; Deployed
// accepts exactly what the SDK accepts (with the exceptions spec/verbeth.md
// lists). Anything Strict accepts, Deployed accepts with the same outputs.
// Every rejection is a *category.FieldError.
package verbeth

import (
	"github.com/pqhs/pqhs/impl/category"
)

// Profile is a validation profile (§8).
type Profile uint8

const (
	// Strict follows the protocol's description and rejects what it forbids:
	// low-order X25519 points, non-canonical ML-KEM keys, lenient base64,
	// non-canonical signatures and proofs, unchecked chain ids and parties.
	Strict Profile = iota
	// Deployed accepts what @verbeth/sdk 0.2.1 accepts.
	Deployed
)

func (p Profile) String() string {
	if p == Deployed {
		return "deployed"
	}
	return "strict"
}

// Sizes of the protocol's fixed-size values, in bytes (§3).
const (
	X25519Size            = 32
	Ed25519PublicKeySize  = 32
	Ed25519SignatureSize  = 64
	MLKEMSeedSize         = 64   // d || z
	MLKEMMessageSize      = 32   // m
	EncapsulationKeySize  = 1184 // ML-KEM-768 ek
	KEMCiphertextSize     = 1088
	KEMSecretSize         = 32
	EphemeralPubKeySize   = X25519Size + EncapsulationKeySize // 1216 (§3.2)
	UnifiedPubKeysSize    = 65                                // 0x01 || X25519 || Ed25519 (§3.1)
	LegacyPubKeysSize     = 64                                // X25519 || Ed25519
	BoxNonceSize          = 24
	BoxOverhead           = 16
	TagSize               = 32
	ProofSignatureSize    = 65 // r || s || v
	SecretboxNonceSize    = 24
	RatchetHeaderSize     = 40                             // dh || pn || n (§3.3)
	RatchetPayloadMinSize = RatchetBoxOffset + BoxOverhead // 145
)

// Offsets of the fields of a ratchet message payload (§3.3):
//
//	0 version | 1 signature | 65 dh | 97 pn | 101 n | 105 nonce | 129 Poly1305 tag || ciphertext
//
// The header starts at RatchetHeaderOffset; the signature covers the
// payload from there to the end.
const (
	RatchetVersionOffset   = 0
	RatchetSignatureOffset = RatchetVersionOffset + 1
	RatchetHeaderOffset    = RatchetSignatureOffset + Ed25519SignatureSize // 65: dh
	RatchetPNOffset        = RatchetHeaderOffset + X25519Size              // 97
	RatchetNOffset         = RatchetPNOffset + 4                           // 101
	RatchetNonceOffset     = RatchetNOffset + 4                            // 105
	RatchetBoxOffset       = RatchetNonceOffset + SecretboxNonceSize       // 129
)

func fieldErr(field, rule string, cat category.Category, got, want any) error {
	return &category.FieldError{Field: field, Rule: rule, Cat: cat, Got: got, Want: want}
}

func wrapErr(field, rule string, cat category.Category, err error) error {
	return &category.FieldError{Field: field, Rule: rule, Cat: cat, Err: err}
}

func checkLen(field string, b []byte, n int) error {
	if len(b) != n {
		return fieldErr(field, "length", category.FieldLength, len(b), n)
	}
	return nil
}
