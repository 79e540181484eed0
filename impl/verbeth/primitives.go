package verbeth

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha3"
	"slices"

	"github.com/cloudflare/circl/dh/x25519"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
	kyberpke "github.com/cloudflare/circl/pke/kyber/kyber768"
	"golang.org/x/crypto/nacl/secretbox"
	// HSalsa20 of an X25519 output the package computed (all zero for a
	// small-order key, as tweetnacl allows): x/crypto exposes it only here.
	//lint:ignore SA1019 the deprecation asks for an AEAD; boxKey needs crypto_box_beforenm's HSalsa20 itself
	"golang.org/x/crypto/salsa20/salsa"
	xsha3 "golang.org/x/crypto/sha3"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/avxstate"
)

// X25519PublicKey returns the X25519 public key of a 32-byte secret, as
// tweetnacl's box.keyPair.fromSecretKey computes it (the secret is clamped).
func X25519PublicKey(secret []byte) ([32]byte, error) {
	var pub [32]byte
	if err := checkLen("secretKey", secret, X25519Size); err != nil {
		return pub, err
	}
	x25519.KeyGen((*x25519.Key)(&pub), (*x25519.Key)(secret))
	return pub, nil
}

// X25519 returns X25519(secret, public) (§1; §7's rule for X25519
// outputs) as tweetnacl's scalarMult computes it: the secret is clamped, the public key's top bit is ignored and values
// at or above 2^255-19 are reduced (RFC 7748). A public key of small order
// gives 32 zero bytes; Deployed returns them, as the SDK does, and Strict
// rejects the key with category LowOrderPoint. field names the public key in
// errors.
func X25519(field string, secret, public []byte, p Profile) ([32]byte, error) {
	var out [32]byte
	if err := checkLen(field, public, X25519Size); err != nil {
		return out, err
	}
	if err := checkLen("secretKey", secret, X25519Size); err != nil {
		return out, err
	}
	x25519.Shared((*x25519.Key)(&out), (*x25519.Key)(secret), (*x25519.Key)(public))
	if p == Strict && isZero(out[:]) {
		return out, fieldErr(field, "low-order point", category.LowOrderPoint, hexs(public), "a point of large order")
	}
	return out, nil
}

func isZero(b []byte) bool {
	var acc byte
	for _, c := range b {
		acc |= c
	}
	return acc == 0
}

// Keccak256 is Ethereum's keccak256 (§1: the original Keccak padding, not
// SHA3).
func Keccak256(parts ...[]byte) [32]byte {
	h := xsha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// hkdfSHA256 is HKDF-SHA256 with the SDK's argument order in mind: ikm is
// the secret, salt the HKDF salt (nil means 32 zero bytes, as noble does).
func hkdfSHA256(ikm, salt []byte, info string, n int) []byte {
	out, err := hkdf.Key(sha256.New, ikm, salt, info, n)
	if err != nil {
		panic(err) // only for n > 255*32, never asked for here
	}
	return out
}

// boxKey is NaCl's crypto_box_beforenm on an X25519 output: HSalsa20 with a
// zero input block. tweetnacl's box and Go's box.Precompute both do this.
func boxKey(shared *[32]byte) [32]byte {
	var key [32]byte
	var zero [16]byte
	salsa.HSalsa20(&key, &zero, shared, &salsa.Sigma)
	return key
}

// boxSeal appends the NaCl box of msg to dst, which must not overlap msg.
func boxSeal(dst, msg []byte, nonce *[24]byte, shared *[32]byte) []byte {
	key := boxKey(shared)
	return secretbox.Seal(dst, msg, nonce, &key)
}

// boxOpen appends the content of box to dst, which must not overlap box.
func boxOpen(dst, box []byte, nonce *[24]byte, shared *[32]byte) ([]byte, bool) {
	key := boxKey(shared)
	return secretbox.Open(dst, box, nonce, &key)
}

// KEMKey is an ML-KEM-768 key pair made from its 64-byte seed d||z, the form
// in which vectors carry it. (The SDK stores noble's 2400-byte expanded
// secret key; both come from the same seed.)
type KEMKey struct {
	seed [MLKEMSeedSize]byte
	// epk is a Handshake's ephemeralPubKey, A || ek (EphemeralPubKeySize
	// bytes), with A written by Initiate; ek is its tail.
	epk []byte
	dk  *mlkem768.PrivateKey
}

// NewKEMKey derives the key pair of ML-KEM-768 KeyGen_internal(d, z) from
// seed = d || z.
func NewKEMKey(seed []byte) (*KEMKey, error) {
	if err := checkLen("mlkemSeed", seed, MLKEMSeedSize); err != nil {
		return nil, err
	}
	k := new(KEMKey)
	copy(k.seed[:], seed)
	pk, dk := mlkem768.NewKeyFromSeed(seed)
	k.epk = make([]byte, EphemeralPubKeySize)
	pk.Pack(k.epk[X25519Size:])
	avxstate.Clear() // after circl's AVX2 code (see avxstate)
	k.dk = dk
	return k, nil
}

// EncapsulationKey returns the 1184-byte encapsulation key (kemPublicKey).
func (k *KEMKey) EncapsulationKey() []byte { return k.epk[X25519Size:] }

// Seed returns d || z.
func (k *KEMKey) Seed() []byte { return k.seed[:] }

// Decapsulate returns the shared secret in a 1088-byte ciphertext. A wrong
// ciphertext gives the implicit-rejection secret, as ML-KEM requires; only a
// wrong length is an error (noble throws on it).
func (k *KEMKey) Decapsulate(ct []byte) ([32]byte, error) {
	var ss [32]byte
	if err := checkLen("kemCiphertext", ct, KEMCiphertextSize); err != nil {
		return ss, err
	}
	k.dk.DecapsulateTo(ss[:], ct)
	avxstate.Clear()
	return ss, nil
}

// Encapsulate runs ML-KEM-768 Encaps_internal(ek, m) and returns the
// ciphertext and the shared secret.
//
// FIPS 203 requires the encapsulation key check: every 12-bit coefficient of
// ek below q = 3329. Strict rejects a key that fails it with category
// EKModulus. The SDK's @noble/post-quantum 0.5.4 skips the check (its
// decode-then-encode comparison never reduces), computes with the
// coefficients reduced mod q, and hashes the key as given; Deployed
// reproduces those bytes exactly.
func Encapsulate(ek, m []byte, p Profile) (ct []byte, ss [32]byte, err error) {
	return appendEncapsulate(nil, ek, m, p)
}

// appendEncapsulate is Encapsulate appending the ciphertext to dst.
func appendEncapsulate(dst, ek, m []byte, p Profile) (ct []byte, ss [32]byte, err error) {
	if err := checkLen("kemPublicKey", ek, EncapsulationKeySize); err != nil {
		return nil, ss, err
	}
	if err := checkLen("mlkemMessage", m, MLKEMMessageSize); err != nil {
		return nil, ss, err
	}
	dst = slices.Grow(dst, KEMCiphertextSize)
	ct = dst[len(dst) : len(dst)+KEMCiphertextSize]
	var pk mlkem768.PublicKey
	if pk.Unpack(ek) == nil {
		pk.EncapsulateTo(ct, ss[:], m)
		avxstate.Clear()
		return dst[:len(dst)+KEMCiphertextSize], ss, nil
	}
	avxstate.Clear()
	if p == Strict {
		return nil, ss, fieldErr("kemPublicKey", "modulus", category.EKModulus, "a coefficient >= 3329", "all coefficients < 3329")
	}
	ss = encapsulateFallback(ct, ek, m)
	return dst[:len(dst)+KEMCiphertextSize], ss, nil
}

// encapsulateFallback is noble 0.5.4's encapsulation for any key: (K, r) =
// G(m || H(ek as given)), c = K-PKE.Encrypt(ek with coefficients mod q, m, r),
// written into ct (KEMCiphertextSize bytes).
func encapsulateFallback(ct, ek, m []byte) [32]byte {
	var ss [32]byte
	h := sha3.Sum256(ek)
	g := sha3.New512()
	g.Write(m)
	g.Write(h[:])
	kr := g.Sum(nil)
	var cpa kyberpke.PublicKey
	cpa.Unpack(ek) // reduces every coefficient mod q
	cpa.EncryptTo(ct, m, kr[32:])
	avxstate.Clear()
	copy(ss[:], kr[:32])
	return ss
}
