package verbeth

import (
	"slices"

	"github.com/pqhs/pqhs/impl/category"
)

// RecipientHash is the Handshake event's indexed recipientHash
// (spec/verbeth.md §7.1):
// keccak256(UTF-8("contact:" + address.toLowerCase())). The address is
// hashed as given (UTF-8), only lowercased; the SDK does not validate it.
func RecipientHash(address string) [32]byte {
	return Keccak256([]byte("contact:" + jsLower(address)))
}

// UnifiedPubKeys are a party's long-term public keys as carried in pubKeys
// and unifiedPubKeys (§3.1).
type UnifiedPubKeys struct {
	Version int      // 1, or 0 for the 64-byte legacy form
	X25519  [32]byte // the identity (encryption) key
	Ed25519 [32]byte // the signing key
}

// EncodeUnifiedPubKeys returns 0x01 || x25519 || ed25519 (65 bytes; §3.1).
// Deployed joins keys of any length, as the SDK's encodeUnifiedPubKeys does;
// Strict wants 32-byte keys, X25519 first (field_length).
func EncodeUnifiedPubKeys(x25519, ed25519 []byte, p Profile) ([]byte, error) {
	return appendUnifiedPubKeys(nil, x25519, ed25519, p)
}

// appendUnifiedPubKeys is EncodeUnifiedPubKeys appending to dst.
func appendUnifiedPubKeys(dst, x25519, ed25519 []byte, p Profile) ([]byte, error) {
	if p == Strict {
		if err := checkLen("identityPubKey", x25519, X25519Size); err != nil {
			return nil, err
		}
		if err := checkLen("signingPubKey", ed25519, Ed25519PublicKeySize); err != nil {
			return nil, err
		}
	}
	out := slices.Grow(dst, 1+len(x25519)+len(ed25519))
	out = append(out, unifiedPubKeysVersion)
	out = append(out, x25519...)
	return append(out, ed25519...), nil
}

// Bytes returns the version-1 encoding of k (the legacy version is never
// written).
func (k UnifiedPubKeys) Bytes() []byte {
	out := k.array()
	return out[:]
}

// array is Bytes in an array, which need not be allocated.
func (k UnifiedPubKeys) array() (out [UnifiedPubKeysSize]byte) {
	out[0] = unifiedPubKeysVersion
	copy(out[1:], k.X25519[:])
	copy(out[1+X25519Size:], k.Ed25519[:])
	return out
}

// unifiedPubKeysVersion is the first byte of the 65-byte form (§3.1).
const unifiedPubKeysVersion = 0x01

// DecodeUnifiedPubKeys decodes unified public keys (§3.1): 65 bytes starting 0x01,
// or the legacy 64-byte form (X25519 || Ed25519, version 0). The SDK decodes
// both; Strict accepts only version 1 and rejects the legacy form with
// category Version. field names the input in errors ("pubKeys" on a
// Handshake, "unifiedPubKeys" in a response).
func DecodeUnifiedPubKeys(field string, b []byte, p Profile) (UnifiedPubKeys, error) {
	var k UnifiedPubKeys
	switch {
	case len(b) == UnifiedPubKeysSize && b[0] == unifiedPubKeysVersion:
		k.Version = 1
		b = b[1:]
	case len(b) == UnifiedPubKeysSize:
		return k, fieldErr(field, "version", category.Version, b[0], 1)
	case len(b) == LegacyPubKeysSize:
		if p == Strict {
			return k, fieldErr(field, "legacy", category.Version, "legacy 64-byte form", "version 1 (65 bytes)")
		}
	default:
		return k, fieldErr(field, "length", category.FieldLength, len(b), UnifiedPubKeysSize)
	}
	copy(k.X25519[:], b[:X25519Size])
	copy(k.Ed25519[:], b[X25519Size:X25519Size+Ed25519PublicKeySize])
	return k, nil
}
