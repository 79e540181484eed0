package ixian

import (
	"bytes"
	"crypto/sha3"
	"crypto/subtle"
	"slices"

	"github.com/cloudflare/circl/pke/kyber/kyber1024"

	"github.com/pqhs/pqhs/impl/category"
)

// Restoring an acceptor from what Ixian-Core persists (spec/ixian-s2.md
// §7.5). Between acceptAdd2 and keys2 Ixian-Core keeps the acceptor's
// ephemeral secrets in the Friend record, in BouncyCastle's own forms:
//
//   - the ECDH scalar as D.ToByteArrayUnsigned(): big-endian without leading
//     zero bytes, so 66 bytes about half the time, 65 almost all the rest;
//     it reads it back with new BigInteger(1, bytes);
//   - the ML-KEM-1024 decapsulation key as GetEncoded(): the expanded
//     3168-byte form dk_PKE || ek || H(ek) || z of FIPS 203, which
//     MLKemPrivateKeyParameters.FromEncoding reads back checking only its
//     length (BouncyCastle 2.6.2 does not check H(ek)).

// MLKEMPrivateKeySize is the size of an expanded ML-KEM-1024 decapsulation
// key, dk_PKE (1536) || ek (1568) || H(ek) (32) || z (32).
const MLKEMPrivateKeySize = 3168

// MLKEMExpandedKey returns the expanded 3168-byte decapsulation key of the
// ML-KEM-1024 key pair of seed d || z, as BouncyCastle's GetEncoded writes
// it and Ixian-Core persists it.
func MLKEMExpandedKey(seed []byte) ([]byte, error) {
	_, sk, err := mlkemKeys("mlkemSeed", seed)
	if err != nil {
		return nil, err
	}
	out := make([]byte, MLKEMPrivateKeySize)
	sk.Pack(out)
	return out, nil
}

// ECDHScalarUnsigned returns a 66-byte scalar in the form Ixian-Core
// persists it: BigInteger.ToByteArrayUnsigned, without leading zero bytes.
func ECDHScalarUnsigned(scalar []byte) []byte { return stripLeadingZeros(scalar) }

// Kept is the acceptor's ephemeral state between acceptAdd2 and keys2, in
// the forms this API makes or the forms Ixian-Core persists. Exactly one of
// MLKEMSeed and MLKEMPrivateKey is set.
type Kept struct {
	// ECDHPrivateKey is the scalar, big-endian: the 66 bytes of this API,
	// or BouncyCastle's unsigned form without leading zero bytes.
	ECDHPrivateKey []byte
	// MLKEMSeed is d || z (64 bytes), the form of this API.
	MLKEMSeed []byte
	// MLKEMPrivateKey is the expanded decapsulation key (3168 bytes),
	// the form Ixian-Core persists.
	MLKEMPrivateKey []byte
	AESSalt         []byte
}

// Restore rebuilds the acceptor from its kept state.
//
// Checks, in order: ECDHPrivateKey 1..66 bytes (invalid_key, scalar-length:
// the 66-byte form and every length BouncyCastle's ToByteArrayUnsigned
// writes) with a value in [1, n-1] (invalid_key, scalar-range); then the
// ML-KEM key: a seed of 64 bytes (invalid_key, seed-length), or an expanded
// key of 3168 bytes (invalid_key, dk-length) whose H(ek) Strict wants equal
// to SHA3-256 of its ek (invalid_key, dk-hash: FIPS 203's decapsulation-key
// check, which BouncyCastle 2.6.2 leaves out); AESSalt by the profile's
// salt rule. Setting both ML-KEM keys or neither is invalid_key.
func (k Kept) Restore(p Profile) (*Acceptor, error) {
	scalar, err := persistedScalar("ecdhPrivateKey", k.ECDHPrivateKey)
	if err != nil {
		return nil, err
	}
	priv, err := newECDHPrivateKey("ecdhPrivateKey", scalar)
	if err != nil {
		return nil, err
	}
	a := &Acceptor{ECDHScalar: slices.Clone(k.ECDHPrivateKey), priv: priv}
	switch {
	case (k.MLKEMSeed == nil) == (k.MLKEMPrivateKey == nil):
		return nil, fieldErr("mlkemSeed", "one-key", category.InvalidKey, "both or neither", "mlkemSeed or mlkemPrivateKey")
	case k.MLKEMSeed != nil:
		pk, sk, err := mlkemKeys("mlkemSeed", k.MLKEMSeed)
		if err != nil {
			return nil, err
		}
		a.MLKEMSeed, a.dk = slices.Clone(k.MLKEMSeed), sk
		a.MLKEMPubKey = make([]byte, MLKEMPublicKeySize)
		pk.Pack(a.MLKEMPubKey)
	default:
		dk, err := checkExpandedKey("mlkemPrivateKey", k.MLKEMPrivateKey, p)
		if err != nil {
			return nil, err
		}
		a.MLKEMPrivateKey = dk
		a.MLKEMPubKey = slices.Clone(dk[dkEKOffset:dkHOffset])
	}
	if err := checkSalt("aesSalt", k.AESSalt, p); err != nil {
		return nil, err
	}
	a.AESSalt = slices.Clone(k.AESSalt)
	a.ECDHPubKey = compressP521(priv.PublicKey().Bytes())
	return a, nil
}

// persistedScalar left-pads a scalar of 1..66 bytes to 66.
func persistedScalar(field string, b []byte) ([]byte, error) {
	if len(b) == 0 || len(b) > ECDHScalarSize {
		return nil, fieldErr(field, "scalar-length", category.InvalidKey, len(b), "1..66")
	}
	out := make([]byte, ECDHScalarSize)
	copy(out[ECDHScalarSize-len(b):], b)
	return out, nil
}

// Offsets in an expanded ML-KEM-1024 decapsulation key.
const (
	dkEKOffset = kyber1024.PrivateKeySize             // 1536
	dkHOffset  = dkEKOffset + kyber1024.PublicKeySize // 3104
	dkZOffset  = dkHOffset + 32                       // 3136
)

func checkExpandedKey(field string, dk []byte, p Profile) ([]byte, error) {
	if len(dk) != MLKEMPrivateKeySize {
		return nil, fieldErr(field, "dk-length", category.InvalidKey, len(dk), MLKEMPrivateKeySize)
	}
	if p == Strict {
		h := sha3.Sum256(dk[dkEKOffset:dkHOffset])
		if !bytes.Equal(h[:], dk[dkHOffset:dkZOffset]) {
			return nil, fieldErr(field, "dk-hash", category.InvalidKey, hexOf(dk[dkHOffset:dkZOffset]), hexOf(h[:]))
		}
	}
	return slices.Clone(dk), nil
}

// decapsulateExpanded is ML-KEM-1024 decapsulation (FIPS 203
// ML-KEM.Decaps_internal) with an expanded key, taking H(ek) and z from the
// key bytes as BouncyCastle does: m' = K-PKE.Decrypt(dk_PKE, c);
// (K', r') = SHA3-512(m' || h); K' if K-PKE.Encrypt(ek, m', r') = c, else
// SHAKE-256(z || c) (implicit rejection). With a consistent key this is
// decapsulation with the key's seed.
func decapsulateExpanded(dk, ct []byte) ([]byte, error) {
	if err := checkExact("mlkemCiphertext", ct, MLKEMCiphertextSize); err != nil {
		return nil, err
	}
	var sk kyber1024.PrivateKey
	var pk kyber1024.PublicKey
	sk.Unpack(dk[:dkEKOffset])
	pk.Unpack(dk[dkEKOffset:dkHOffset])
	var m [kyber1024.PlaintextSize]byte
	sk.DecryptTo(m[:], ct)
	g := sha3.New512()
	g.Write(m[:])
	g.Write(dk[dkHOffset:dkZOffset])
	kr := g.Sum(nil)
	ct2 := make([]byte, MLKEMCiphertextSize)
	pk.EncryptTo(ct2, m[:], kr[32:])
	j := sha3.NewSHAKE256()
	j.Write(dk[dkZOffset:])
	j.Write(ct)
	ss := make([]byte, MLKEMSecretSize)
	j.Read(ss)
	subtle.ConstantTimeCopy(subtle.ConstantTimeCompare(ct, ct2), ss, kr[:MLKEMSecretSize])
	return ss, nil
}

// Keys2 is Restore followed by Acceptor.Keys2.
func (k Kept) Keys2(keys2 []byte, p Profile) (*AcceptorResult, error) {
	a, err := k.Restore(p)
	if err != nil {
		return nil, err
	}
	return a.Keys2(keys2, p)
}
