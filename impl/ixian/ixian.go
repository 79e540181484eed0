// Package ixian is a byte-exact reference implementation of the Ixian S2
// contact handshake v2 (requestAdd2, acceptAdd2, keys2) as Ixian-Core
// performs it, together with the pieces around it: IxiVarInt and IxiBytes,
// the SpixiMessage frame, secp521r1 ECDH and ML-KEM-1024 key agreement, the
// HKDF-HMAC-SHA3-512 session keys, the spixi2 and rsa2 envelopes, and the
// handshakeStatus state machine.
//
// spec/ixian-s2.md describes every layout and algorithm, the two validation
// profiles, the state machine, and where the user's description and the
// deployed code differ. Each function and each protocol step cites the
// section it implements ("§7.4 step 3"), as crypto/mlkem cites FIPS 203;
// Ixian-Core's and BouncyCastle's names appear only where they explain a
// deployed quirk. Names here are the protocol's own: acceptAdd2,
// ecdhPubKey, mlkemCiphertext, aesSalt, chachaSalt, handshakeStatus.
//
// Every random value is an argument: ECDH scalars, the ML-KEM-1024 seed d||z
// and encapsulation message m, salts, the spixi2 nonce, the temporary rsa2
// keys and the OAEP seed. The functions are therefore deterministic, and
// vectors can pin every intermediate value.
//
// Decoders take a Profile. Strict applies the protocol's rules; Deployed
// accepts exactly what Ixian-Core accepts (with the exceptions the spec
// lists). Anything Strict accepts, Deployed accepts with the same outputs.
// Every rejection is a *category.FieldError naming the field and the rule;
// when an input breaks several rules, the first one in wire order is
// reported. Decoders never panic, and their byte outputs are sub-slices of
// their input: a length prefix never makes them allocate.
package ixian

import (
	"encoding/hex"

	"github.com/pqhs/pqhs/impl/category"
)

// Profile is a validation profile (§9).
type Profile uint8

const (
	// Strict follows the protocol's description: minimal varints, 32-byte
	// salts, compressed ECDH keys, the capabilities field present, no
	// trailing bytes.
	Strict Profile = iota
	// Deployed accepts what Ixian-Core (master f950f71) accepts.
	Deployed
)

// Upstream is another name for Deployed: the behaviour of upstream
// Ixian-Core.
const Upstream = Deployed

func (p Profile) String() string {
	if p == Deployed {
		return "deployed"
	}
	return "strict"
}

// Sizes of the protocol's fixed-size values, in bytes: §7.1 for the keys,
// §5 for the salts, §8 for the envelopes, §4.2 for the SpixiMessage header.
const (
	ECDHScalarSize         = 66   // secp521r1 private scalar, big-endian
	ECDHPublicKeySize      = 67   // compressed secp521r1 point: 02/03 || X
	ECDHUncompressedSize   = 133  // 04 || X || Y (accepted by Deployed only)
	ECDHSecretMaxSize      = 66   // the X coordinate before leading zero bytes are stripped
	MLKEMSeedSize          = 64   // d || z
	MLKEMMessageSize       = 32   // m
	MLKEMPublicKeySize     = 1568 // ML-KEM-1024 encapsulation key
	MLKEMCiphertextSize    = 1568
	MLKEMSecretSize        = 32
	SaltSize               = 32 // aesSalt, chachaSalt
	KeySize                = 32 // aesKey, chachaKey
	Spixi2NonceSize        = 64
	Spixi2IVSize           = 12
	AEADTagSize            = 16
	OAEPSeedSize           = 20 // SHA-1 output length
	SpixiMessageHeaderSize = 8  // type and data length, an i32le each
)

// ProtocolVersion is the only S2 protocol version (§5.1, §5.2).
const ProtocolVersion = 1

// StreamCapabilities is the capabilities flag set of acceptAdd2 and keys2,
// a C# int (§5.4).
type StreamCapabilities int32

// The StreamCapabilities flags. 64 (Channels) is commented out upstream.
const (
	Incoming          StreamCapabilities = 1
	Outgoing          StreamCapabilities = 2
	IPN               StreamCapabilities = 4
	Apps              StreamCapabilities = 8
	AppProtocols      StreamCapabilities = 16
	GroupCapabilities StreamCapabilities = 32

	// DefaultCapabilities is what Ixian-Core assumes when a peer's
	// acceptAdd2 or keys2 has no capabilities field.
	DefaultCapabilities = Incoming | Outgoing | IPN | Apps // 15
	// SpixiCapabilities is what the Spixi app sends.
	SpixiCapabilities StreamCapabilities = 63
	// QuIXICapabilities is what the QuIXI headless client sends.
	QuIXICapabilities = Incoming | AppProtocols // 17
)

// SpixiMessageCode values used by the handshake (§4.2).
const (
	CodeChat        int32 = 0
	CodeMsgReceived int32 = 9
	CodeRequestAdd2 int32 = 40
	CodeAcceptAdd2  int32 = 41
	CodeKeys2       int32 = 42
)

func fieldErr(field, rule string, cat category.Category, got, want any) error {
	return &category.FieldError{Field: field, Rule: rule, Cat: cat, Got: got, Want: want}
}

func wrapErr(field, rule string, cat category.Category, err error) error {
	return &category.FieldError{Field: field, Rule: rule, Cat: cat, Err: err}
}

// hexOf formats bytes for an error message.
func hexOf(b []byte) string { return hex.EncodeToString(b) }
