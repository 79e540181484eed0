package ixian

import (
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/sha3"

	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"

	"github.com/pqhs/pqhs/impl/category"
)

// The HKDF info strings of the two session keys (spec/ixian-s2.md §7.1,
// KDF).
const (
	AESKeyInfo    = "IXI AES Key"
	ChachaKeyInfo = "IXI ChaCha Key"
)

var p521 = ecdh.P521()

// newECDHPrivateKey checks a secp521r1 scalar (§7.1, private key
// material): 66 bytes big-endian, in [1, n-1]. BouncyCastle's ECPrivateKeyParameters refuses the same range;
// Ixian-Core stores the scalar with leading zero bytes stripped, which this
// API does not (it is local state, never on the wire).
func newECDHPrivateKey(field string, scalar []byte) (*ecdh.PrivateKey, error) {
	if len(scalar) != ECDHScalarSize {
		return nil, fieldErr(field, "scalar-length", category.InvalidKey, len(scalar), ECDHScalarSize)
	}
	k, err := p521.NewPrivateKey(scalar)
	if err != nil {
		return nil, wrapErr(field, "scalar-range", category.InvalidKey, err)
	}
	return k, nil
}

// compressP521 returns the 67-byte compressed form of an uncompressed point.
func compressP521(uncompressed []byte) []byte {
	out := make([]byte, ECDHPublicKeySize)
	out[0] = 2 | uncompressed[ECDHUncompressedSize-1]&1
	copy(out[1:], uncompressed[1:1+ECDHSecretMaxSize])
	return out
}

// ECDHPublicKey returns the compressed (67-byte) public key of a 66-byte
// big-endian scalar in [1, n-1], as BouncyCastle's Q.GetEncoded(true).
func ECDHPublicKey(scalar []byte) ([]byte, error) {
	k, err := newECDHPrivateKey("ecdhPrivateKey", scalar)
	if err != nil {
		return nil, err
	}
	return compressP521(k.PublicKey().Bytes()), nil
}

// parseECDHPubKey checks a peer's public key (checkECDHPubKey) and that it
// is a point on secp521r1 (§7.1: on-curve, hybrid-parity).
func parseECDHPubKey(field string, b []byte, p Profile) (*ecdh.PublicKey, error) {
	if err := checkECDHPubKey(field, b, p); err != nil {
		return nil, err
	}
	var unc []byte
	switch b[0] {
	case 2, 3:
		x, y := elliptic.UnmarshalCompressed(elliptic.P521(), b)
		if x == nil {
			return nil, fieldErr(field, "on-curve", category.InvalidPoint, "no curve point with this X", "a point on secp521r1")
		}
		unc = make([]byte, ECDHUncompressedSize)
		unc[0] = 4
		x.FillBytes(unc[1 : 1+ECDHSecretMaxSize])
		y.FillBytes(unc[1+ECDHSecretMaxSize:])
	case 4:
		unc = b
	default: // 06, 07: hybrid, whose prefix repeats Y's parity
		if b[0]&1 != b[len(b)-1]&1 {
			return nil, fieldErr(field, "hybrid-parity", category.InvalidPoint, hexOf(b[:1]), "the parity of Y")
		}
		unc = make([]byte, ECDHUncompressedSize)
		copy(unc, b)
		unc[0] = 4
	}
	k, err := p521.NewPublicKey(unc)
	if err != nil {
		return nil, wrapErr(field, "on-curve", category.InvalidPoint, err)
	}
	return k, nil
}

// stripLeadingZeros returns b without its leading zero bytes, as
// BouncyCastle's BigInteger.ToByteArrayUnsigned encodes the shared X.
func stripLeadingZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// ECDH computes the secp521r1 shared secret (§7.1, ECDH): the affine X
// coordinate of scalar*peerPublicKey as an unsigned big-endian integer with
// leading zero bytes stripped, as BouncyCastle's agreement returns it. It is 66 bytes long about half the time, 65
// bytes almost all the rest, 64 bytes once in 512 and 63 bytes once in
// 131072. This is the protocol's main byte-compatibility trap. When X is 0
// (the points (0, ±sqrt(b)) exist on secp521r1) the secret is empty, as
// BouncyCastle's ToByteArrayUnsigned of zero is, and Deployed returns it
// (DeriveKeys then derives from the ML-KEM secret alone, as Ixian-Core
// does); Strict refuses it (invalid_point, rule zero-x): the ECDH half would
// contribute nothing.
//
// scalar is 66 bytes big-endian in [1, n-1] (invalid_key otherwise).
// peerPublicKey: 67 bytes compressed, or in Deployed also 133 bytes
// uncompressed or hybrid; a point not on the curve is invalid_point.
func ECDH(scalar, peerPublicKey []byte, p Profile) ([]byte, error) {
	k, err := newECDHPrivateKey("ecdhPrivateKey", scalar)
	if err != nil {
		return nil, err
	}
	return ecdhWith(k, "publicKey", peerPublicKey, p)
}

func ecdhWith(k *ecdh.PrivateKey, field string, peer []byte, p Profile) ([]byte, error) {
	pub, err := parseECDHPubKey(field, peer, p)
	if err != nil {
		return nil, err
	}
	x, err := k.ECDH(pub)
	if err != nil { // unreachable for a valid point of prime order; kept for safety
		return nil, wrapErr(field, "ecdh", category.InvalidPoint, err)
	}
	ss := stripLeadingZeros(x)
	if len(ss) == 0 && p == Strict {
		return nil, fieldErr(field, "zero-x", category.InvalidPoint, "a shared X of 0", "a shared X other than 0")
	}
	return ss, nil
}

// MLKEMKeyGen derives an ML-KEM-1024 key pair from the 64-byte seed d || z
// (§7.1; FIPS 203 ML-KEM.KeyGen_internal) and returns the 1568-byte
// encapsulation key. Ixian-Core's BouncyCastle draws the seed itself and keeps the
// expanded 3168-byte decapsulation key; the seed is this API's form of it.
func MLKEMKeyGen(seed []byte) ([]byte, error) {
	pk, _, err := mlkemKeys("mlkemSeed", seed)
	if err != nil {
		return nil, err
	}
	ek := make([]byte, MLKEMPublicKeySize)
	pk.Pack(ek)
	return ek, nil
}

func mlkemKeys(field string, seed []byte) (*mlkem1024.PublicKey, *mlkem1024.PrivateKey, error) {
	if len(seed) != MLKEMSeedSize {
		return nil, nil, fieldErr(field, "seed-length", category.InvalidKey, len(seed), MLKEMSeedSize)
	}
	pk, sk := mlkem1024.NewKeyFromSeed(seed)
	return pk, sk, nil
}

// MLKEMEncapsulate encapsulates to a 1568-byte ML-KEM-1024 encapsulation key
// with the 32-byte message m (§7.1; FIPS 203 ML-KEM.Encaps_internal) and returns
// the ciphertext and the 32-byte shared secret. A key with a coefficient of
// q or more is ek_modulus, in both profiles: BouncyCastle's encapsulator
// checks it too.
func MLKEMEncapsulate(ek, m []byte) (ct, ss []byte, err error) {
	return mlkemEncapsulate("mlkemPubKey", ek, m)
}

func mlkemEncapsulate(field string, ek, m []byte) (ct, ss []byte, err error) {
	if err := checkExact(field, ek, MLKEMPublicKeySize); err != nil {
		return nil, nil, err
	}
	if len(m) != MLKEMMessageSize {
		return nil, nil, fieldErr("mlkemMessage", "length", category.InvalidKey, len(m), MLKEMMessageSize)
	}
	var pk mlkem1024.PublicKey
	if err := pk.Unpack(ek); err != nil {
		return nil, nil, wrapErr(field, "ek-modulus", category.EKModulus, err)
	}
	ct = make([]byte, MLKEMCiphertextSize)
	ss = make([]byte, MLKEMSecretSize)
	pk.EncapsulateTo(ct, ss, m)
	return ct, ss, nil
}

// MLKEMDecapsulate decapsulates a 1568-byte ciphertext with the key pair of
// seed (§7.1, §7.5 step 2). Any ciphertext of the right length decapsulates (implicit
// rejection gives a pseudo-random secret).
func MLKEMDecapsulate(seed, ct []byte) ([]byte, error) {
	_, sk, err := mlkemKeys("mlkemSeed", seed)
	if err != nil {
		return nil, err
	}
	return mlkemDecapsulate(sk, ct)
}

func mlkemDecapsulate(sk *mlkem1024.PrivateKey, ct []byte) ([]byte, error) {
	if err := checkExact("mlkemCiphertext", ct, MLKEMCiphertextSize); err != nil {
		return nil, err
	}
	ss := make([]byte, MLKEMSecretSize)
	sk.DecapsulateTo(ss, ct)
	return ss, nil
}

// Keys are the outputs of the key derivation (§7.2).
type Keys struct {
	IKM       []byte // ecdhSecret || mlkemSecret
	AESKey    []byte // 32 bytes
	ChachaKey []byte // 32 bytes
	// AESPRK and ChachaPRK are HKDF-Extract's pseudo-random keys,
	// HMAC-SHA3-512(salt, IKM) (64 bytes): the intermediate value that
	// tells a wrong salt or hash from a wrong info string.
	AESPRK, ChachaPRK []byte
}

// DeriveKeys derives the session keys (§7.2):
//
//	ikm       = ecdhSecret || mlkemSecret                                          (step 1)
//	aesKey    = HKDF-HMAC-SHA3-512(ikm, salt = aesSalt,    info = "IXI AES Key",    32)  (step 2)
//	chachaKey = HKDF-HMAC-SHA3-512(ikm, salt = chachaSalt, info = "IXI ChaCha Key", 32)  (step 3)
//
// ecdhSecret must be at most 66 bytes without a leading zero byte (the form
// ECDH returns) and mlkemSecret 32 bytes, in both profiles (field_length).
// An empty ecdhSecret (a shared X of 0) is Strict's field_length; Deployed
// derives the keys from mlkemSecret alone, as Ixian-Core does.
// Strict wants 32-byte salts (salt_length); Deployed takes any salt, and an
// empty one acts as 64 zero bytes, as in BouncyCastle and RFC 5869.
func DeriveKeys(ecdhSecret, mlkemSecret, aesSalt, chachaSalt []byte, p Profile) (*Keys, error) {
	switch {
	case len(ecdhSecret) > ECDHSecretMaxSize || len(ecdhSecret) == 0 && p == Strict:
		return nil, fieldErr("ecdhSecret", "length", category.FieldLength, len(ecdhSecret), "1..66")
	case len(ecdhSecret) > 0 && ecdhSecret[0] == 0:
		return nil, fieldErr("ecdhSecret", "stripped", category.FieldLength, len(ecdhSecret), "no leading zero byte")
	case len(mlkemSecret) != MLKEMSecretSize:
		return nil, fieldErr("mlkemSecret", "length", category.FieldLength, len(mlkemSecret), MLKEMSecretSize)
	}
	if err := checkSalt("aesSalt", aesSalt, p); err != nil {
		return nil, err
	}
	if err := checkSalt("chachaSalt", chachaSalt, p); err != nil {
		return nil, err
	}
	// §7.2 step 1: ECDH first, whatever its length.
	ikm := make([]byte, 0, len(ecdhSecret)+len(mlkemSecret))
	ikm = append(append(ikm, ecdhSecret...), mlkemSecret...)
	k := &Keys{IKM: ikm}
	k.AESKey, k.AESPRK = hkdfSHA3(ikm, aesSalt, AESKeyInfo)             // step 2
	k.ChachaKey, k.ChachaPRK = hkdfSHA3(ikm, chachaSalt, ChachaKeyInfo) // step 3
	return k, nil
}

// hkdfSHA3 returns the 32-byte key and the pseudo-random key of
// HKDF-HMAC-SHA3-512 (§1, HKDF).
func hkdfSHA3(ikm, salt []byte, info string) (key, prk []byte) {
	prk, err := hkdf.Extract(sha3.New512, ikm, salt)
	if err == nil {
		key, err = hkdf.Expand(sha3.New512, prk, info, KeySize)
	}
	if err != nil {
		panic("ixian: HKDF of 32 bytes failed: " + err.Error()) // only for lengths > 255*64
	}
	return key, prk
}
