package ixian

import (
	"crypto/rsa"
	"encoding/binary"
	"math/big"

	"github.com/pqhs/pqhs/impl/category"
)

// Ixian's RSA public-key format (spec/ixian-s2.md §6):
//
//	version (1 byte, the address version) || int32 LE 0 ||
//	int32 LE len(modulus) || modulus || int32 LE len(exponent) || exponent
//
// with modulus and exponent big-endian as .NET exports them. A 4096-bit key
// with exponent 65537 is 528 bytes. Keys of exactly 523 bytes are the legacy
// form without the 5-byte header.
const (
	rsaHeaderSize     = 5   // the address version byte and the int32 0
	rsaLegacySize     = 523 // a headerless 4096-bit key
	rsaMinKeyBytes    = 49  // Address accepts public keys of 49..1023 bytes
	rsaMaxKeyBytes    = 1023
	rsaMaxAddrVersion = 2
)

// RSAPublicKeyBytes encodes pub in Ixian's public-key format (§6) with the
// given address version byte (wallet keys use 1).
func RSAPublicKeyBytes(pub *rsa.PublicKey, version byte) []byte {
	mod := pub.N.Bytes()
	exp := big.NewInt(int64(pub.E)).Bytes()
	out := make([]byte, 0, rsaHeaderSize+8+len(mod)+len(exp))
	out = append(out, version, 0, 0, 0, 0)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(mod)))
	out = append(out, mod...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(exp)))
	return append(out, exp...)
}

// ParseRSAPublicKey decodes a public key in Ixian's format (§6). See
// splitRSAPublicKey for the rules.
func ParseRSAPublicKey(b []byte, p Profile) (*rsa.PublicKey, error) {
	return parseRSAPublicKey("rsaPubKey", b, p)
}

func parseRSAPublicKey(field string, b []byte, p Profile) (*rsa.PublicKey, error) {
	mod, exp, err := splitRSAPublicKey(field, b, p)
	if err != nil {
		return nil, err
	}
	if len(exp) > 4 {
		return nil, fieldErr(field, "rsa-exponent-size", category.InvalidKey, len(exp), "at most 4 bytes")
	}
	e := 0
	for _, x := range exp {
		e = e<<8 | int(x)
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(mod), E: e}, nil
}

// splitRSAPublicKey checks the layout of an Ixian RSA public key and returns
// its modulus and exponent as sub-slices of b: §6's checks, steps 1-7 in
// order.
//
// Both profiles: the key is not empty (Ixian-Core's Address throws on null),
// is 49..1023 bytes long (Address), has address version 0, 1 or 2, and
// modulus and exponent lengths that are positive and fit. Strict wants
// nothing after the exponent, the int32 after the version byte to be 0 and
// no leading zero byte in modulus or exponent. Deployed also accepts the
// headerless 523-byte legacy form, ignores that int32, and reads what
// follows the exponent as Ixian-Core's key reader does: as the private
// parts of the key (checkRSAPrivateParts).
func splitRSAPublicKey(field string, b []byte, p Profile) (mod, exp []byte, err error) {
	k := readRSAKey(field, b)
	return k.rules(field, p)
}

// rsaKeyRead is a key as both profiles read it: the layout, what Strict
// judges in it (the legacy form, the key version, bytes after the
// exponent, leading zeros) and the errors of the reading itself, each at
// its step, so that rules gives each profile's first error in §6's order.
type rsaKeyRead struct {
	mod, exp   []byte
	legacy     bool   // the headerless 523-byte form (step 3)
	keyVersion uint32 // the int32 after the version byte (step 4)
	trailing   int    // bytes after the exponent (step 6)
	// err is the reading's error: of step 1 or 2 (early), of step 4 (the
	// address version) or of step 5 (the parts). The steps are bools, which
	// rules tests without an integer comparison (each a call into libFuzzer
	// when instrumented).
	err            error
	early, address bool
	private        error // Deployed's verdict on the bytes after the exponent (checkRSAPrivateParts)
}

func readRSAKey(field string, b []byte) (k rsaKeyRead) {
	if len(b) == 0 { // step 1
		k.err, k.early = fieldErr(field, "required", category.EmptyField, 0, "an RSA public key"), true
		return k
	}
	if len(b) < rsaMinKeyBytes || len(b) > rsaMaxKeyBytes {
		k.err, k.early = fieldErr(field, "rsa-length", category.FieldLength, len(b), "49..1023"), true
		return k
	}
	rest := b
	if len(b) == rsaLegacySize { // step 3
		k.legacy = true
	} else { // step 4
		if b[0] > rsaMaxAddrVersion {
			k.err, k.address = fieldErr(field, "rsa-address-version", category.InvalidKey, b[0], "0, 1 or 2"), true
			return k
		}
		k.keyVersion = binary.LittleEndian.Uint32(b[1:])
		rest = b[rsaHeaderSize:]
	}
	var err error
	if k.mod, rest, err = rsaPart(field, "modulus", rest); err != nil { // step 5
		k.err = err
		return k
	}
	if k.exp, rest, err = rsaPart(field, "exponent", rest); err != nil {
		k.err = err
		return k
	}
	if len(rest) != 0 { // step 6
		k.trailing = len(rest)
		k.private = checkRSAPrivateParts(field, rest, len(k.mod))
	}
	return k
}

// rules applies p's rules to the key as read, in §6's order.
func (k *rsaKeyRead) rules(field string, p Profile) (mod, exp []byte, err error) {
	if p != Strict {
		if k.err != nil {
			return nil, nil, k.err
		}
		if k.private != nil {
			return nil, nil, k.private
		}
		return k.mod, k.exp, nil
	}
	if k.early {
		return nil, nil, k.err
	}
	if k.legacy { // step 3
		return nil, nil, fieldErr(field, "rsa-header", category.InvalidKey, "523-byte legacy key", "the 5-byte header")
	}
	if k.address {
		return nil, nil, k.err
	}
	if v := k.keyVersion; v != 0 {
		return nil, nil, fieldErr(field, "rsa-key-version", category.InvalidKey, v, 0)
	}
	if k.err != nil {
		return nil, nil, k.err
	}
	if k.trailing != 0 { // step 6
		return nil, nil, fieldErr(field, "rsa-trailing", category.InvalidKey, k.trailing, 0)
	}
	mod, exp = k.mod, k.exp
	if p == Strict && (mod[0] == 0 || exp[0] == 0) { // step 7
		return nil, nil, fieldErr(field, "rsa-leading-zero", category.InvalidKey, "a leading zero byte", "minimal big-endian integers")
	}
	return mod, exp, nil
}

// rsaPart reads an int32 LE length and that many bytes.
func rsaPart(field, part string, b []byte) (v, rest []byte, err error) {
	if len(b) < 4 {
		return nil, nil, fieldErr(field, "rsa-"+part+"-length", category.InvalidKey, len(b), "a 4-byte length")
	}
	l := int32(binary.LittleEndian.Uint32(b))
	if l <= 0 || int64(l) > int64(len(b)-4) {
		return nil, nil, fieldErr(field, "rsa-"+part+"-length", category.InvalidKey, l, len(b)-4)
	}
	return b[4 : 4+l], b[4+l:], nil
}

// checkRSAPrivateParts checks what follows the exponent of a key under the
// deployed profile. Ixian-Core's key reader (rsaKeyFromBytes) reads six more
// parts from any bytes left there, each an int32 LE length and that many
// bytes: P, Q, DP, DQ, InverseQ and D, the layout rsaKeyToBytes writes for a
// private key; whatever follows D is not read. .NET then imports them with
// the modulus and exponent, and its RSAParameters rule wants D as long as
// the modulus and the other five half as long, rounded up, which is what
// ExportParameters writes. A key that meets all this is a complete private
// key: the reader imports it and the key verifies signatures like its
// public part. Anything else is invalid_key.
func checkRSAPrivateParts(field string, b []byte, modLen int) error {
	half := (modLen + 1) / 2
	for i, name := range rsaPrivateParts {
		want := half
		if i == len(rsaPrivateParts)-1 {
			want = modLen
		}
		v, rest, err := rsaPart(field, name, b)
		if err != nil {
			return err
		}
		if len(v) != want {
			return fieldErr(field, "rsa-"+name+"-length", category.InvalidKey, len(v), want)
		}
		b = rest
	}
	return nil
}

// rsaPrivateParts are the private parts in the order Ixian-Core writes them.
var rsaPrivateParts = [...]string{"p", "q", "dp", "dq", "inverseq", "d"}

// RSAPrivateKeyBytes encodes priv in Ixian-Core's private-key format: the
// public-key bytes with the address version byte, then P, Q, DP, DQ,
// InverseQ and D, each an int32 LE length and the value big-endian, the
// first five padded to half the modulus length and D to the modulus length
// as .NET's ExportParameters writes them. It is what a wallet stores; sent
// as a public key, Ixian-Core accepts it (the deployed profile too).
func RSAPrivateKeyBytes(priv *rsa.PrivateKey, version byte) []byte {
	priv.Precompute()
	out := RSAPublicKeyBytes(&priv.PublicKey, version)
	modLen := len(priv.N.Bytes())
	half := (modLen + 1) / 2
	for _, v := range []struct {
		x *big.Int
		n int
	}{
		{priv.Primes[0], half}, {priv.Primes[1], half},
		{priv.Precomputed.Dp, half}, {priv.Precomputed.Dq, half}, {priv.Precomputed.Qinv, half},
		{priv.D, modLen},
	} {
		out = binary.LittleEndian.AppendUint32(out, uint32(v.n))
		start := len(out)
		out = append(out, make([]byte, v.n)...)
		v.x.FillBytes(out[start:])
	}
	return out
}
