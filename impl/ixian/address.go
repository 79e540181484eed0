package ixian

import (
	"bytes"
	"crypto/sha3"
	"crypto/sha512"

	"github.com/pqhs/pqhs/impl/category"
)

// Ixian addresses (Address/Address.cs). A StreamMessage carries its sender
// and recipient as addresses, and a receiver binds a public key to a sender
// by deriving the key's address (spec/ixian-s2.md §6).
//
// The constructor takes either an address or a public key and tells them
// apart by length alone:
//
//	33 or 45 bytes    an address without its checksum
//	36 or 48 bytes    an address with a 3-byte checksum
//	49..1023 bytes    a public key
//
// Byte 0 is the address version (0, 1 or 2), except that a 523-byte value
// is version 0. Each version then builds its address: v0 keeps a 33-byte
// address (checking the checksum of a 36-byte one) and hashes anything else
// as a key, 0x00 || SHA512^4(key[5:])[:32] (key[0:] for 523 bytes); v1 and
// v2 keep a 45-byte address (checking a 48-byte one) and hash anything else,
// 0x01 || SHA512(SHA512(key[1:]))[:44] and 0x02 || SHA3-512(SHA3-512(key))[:44].
// So a 36-byte value of version 1 is hashed as a key, and a 45-byte value of
// version 0 too.
const (
	addressV0Size       = 33
	addressV1Size       = 45
	addressChecksumSize = 3
	addressMaxKeyBytes  = rsaMaxKeyBytes
)

// Address is an Ixian address as Ixian-Core's Address constructor builds it
// from bytes, without an address nonce.
type Address struct {
	// NoChecksum is addressNoChecksum: 33 bytes (version 0) or 45 bytes
	// (versions 1 and 2). It is what a StreamMessage writes.
	NoChecksum []byte
	// Version is the address version the constructor chose.
	Version int
	// FromKey says the input was a public key (49..1023 bytes) rather than
	// an address.
	FromKey bool
}

// WithChecksum is addressWithChecksum: NoChecksum followed by the first 3
// bytes of SHA-512(SHA-512(NoChecksum)).
func (a Address) WithChecksum() []byte {
	c := addressChecksum(a.NoChecksum)
	return append(bytes.Clone(a.NoChecksum), c[:]...)
}

// Equal is Address.SequenceEqual: the addresses without checksum are the
// same bytes.
func (a Address) Equal(b Address) bool { return bytes.Equal(a.NoChecksum, b.NoChecksum) }

// NewAddress builds the address of b, an address or a public key, exactly
// as Ixian-Core's Address(byte[]) constructor does.
//
// Errors, in this order: empty (Ixian-Core throws on null and reads byte 0
// of an empty array): empty_field; a length that is none of 33, 36, 45, 48
// or 49..1023: field_length; an address version above 2: version; a 36- or
// 48-byte address whose checksum does not match: address_checksum. Both
// profiles agree: these are the constructor's own checks.
func NewAddress(b []byte) (Address, error) {
	return newAddress("address", b)
}

func newAddress(field string, b []byte) (Address, error) {
	n := len(b)
	if n == 0 {
		return Address{}, fieldErr(field, "required", category.EmptyField, 0, "an address or a public key")
	}
	version := int(b[0])
	if n == rsaLegacySize {
		version = 0
	}
	fromKey := false
	switch {
	case n == addressV0Size || n == addressV1Size:
	case n == addressV0Size+addressChecksumSize || n == addressV1Size+addressChecksumSize:
	case n >= rsaMinKeyBytes && n <= addressMaxKeyBytes:
		fromKey = true
	default:
		return Address{}, fieldErr(field, "address-length", category.FieldLength, n, "33, 36, 45, 48 or 49..1023")
	}
	if version > rsaMaxAddrVersion {
		return Address{}, fieldErr(field, "address-version", category.Version, version, "0, 1 or 2")
	}
	keep, keyed := addressV0Size, 0
	if version > 0 {
		keep = addressV1Size
	}
	switch n {
	case keep:
		return Address{NoChecksum: bytes.Clone(b), Version: version}, nil
	case keep + addressChecksumSize:
		c := addressChecksum(b[:keep])
		if !bytes.Equal(c[:], b[keep:]) {
			return Address{}, fieldErr(field, "address-checksum", category.AddressChecksum, hexOf(b[keep:]), hexOf(c[:]))
		}
		return Address{NoChecksum: bytes.Clone(b[:keep]), Version: version}, nil
	}
	// Hashed as a public key (also an address-sized value of another
	// version, which the constructor's version switch sends here).
	out := make([]byte, 0, addressV1Size)
	switch version {
	case 0:
		keyed = rsaHeaderSize
		if n == rsaLegacySize {
			keyed = 0
		}
		h := sha512.Sum512(b[keyed:])
		for range 3 {
			h = sha512.Sum512(h[:])
		}
		out = append(append(out, 0), h[:addressV0Size-1]...)
	case 1:
		h := sha512.Sum512(b[1:])
		h = sha512.Sum512(h[:])
		out = append(append(out, 1), h[:addressV1Size-1]...)
	default:
		h := sha3.Sum512(b)
		h = sha3.Sum512(h[:])
		out = append(append(out, 2), h[:addressV1Size-1]...)
	}
	return Address{NoChecksum: out, Version: version, FromKey: fromKey}, nil
}

// addressChecksum is the first 3 bytes of SHA-512(SHA-512(a)).
func addressChecksum(a []byte) [addressChecksumSize]byte {
	h := sha512.Sum512(a)
	h = sha512.Sum512(h[:])
	return [addressChecksumSize]byte(h[:addressChecksumSize])
}
