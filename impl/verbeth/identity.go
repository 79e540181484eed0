package verbeth

import (
	"crypto/ed25519"
	"crypto/sha256"
	"math/big"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// Identity keys derived from a wallet signature (the SDK's identity.ts,
// deriveIdentityKeys; spec/verbeth.md does not describe it: no wire byte
// depends on how a party got its keys). The wallet signs a fixed seed
// message; the signature, made low-s, seeds an HKDF from which the X25519
// identity key, the Ed25519 signing key and a secp256k1 session key follow.
// An EOA's ethers Wallet signs deterministically (RFC 6979), so the same
// wallet always gets the same keys.

// IdentitySeedHeader is the first line of the seed message.
const IdentitySeedHeader = "VerbEth Identity Seed v1"

// secp256k1 group order and half of it.
var (
	secp256k1N     = secp256k1.Params().N
	secp256k1HalfN = new(big.Int).Rsh(secp256k1N, 1)
)

// IdentitySeedMessage is the message the wallet signs:
// "VerbEth Identity Seed v1\nAddress: <address lowercased>\nContext: verbeth".
func IdentitySeedMessage(address string) string {
	return IdentitySeedHeader + "\nAddress: " + jsLower(address) + "\nContext: verbeth"
}

// IdentityKeys are the keys deriveIdentityKeys makes.
type IdentityKeys struct {
	SeedMessage string
	// SeedSignature is the signature as it enters the KDF: a 65-byte one
	// with s made low (n - s when s > n/2), any other one as given.
	SeedSignature     []byte
	IKM               [32]byte
	X25519SecretKey   [32]byte // used raw; X25519 clamps it
	X25519PublicKey   [32]byte
	Ed25519Seed       [32]byte
	Ed25519PublicKey  [32]byte
	SessionPrivateKey [32]byte // a secp256k1 key for the Safe session module
	SessionAddress    [20]byte // its Ethereum address
}

// DeriveIdentityKeys derives the identity keys from the wallet's address (as
// given to the SDK; it is lowercased) and its signature of
// IdentitySeedMessage(address):
//
//	sig' = sig with low s (65 bytes only)
//	ikm  = HKDF(sig' || SHA-256(seed) || "verbeth/addr:" + lower(address),
//	            salt "verbeth/seed-sig-v1", info "verbeth/ikm", 32)
//	x25519 secret  = HKDF(ikm, salt empty, "verbeth-x25519-v1", 32)
//	ed25519 seed   = HKDF(ikm, salt empty, "verbeth-ed25519-v1", 32)
//	session key    = HKDF(ikm, salt empty, "verbeth-session-secp256k1-v1", 32)
//
// Text is UTF-8 as TextEncoder writes it. A signature of another length
// than 65 bytes (a smart account's) is used as given, in both profiles.
// For a 65-byte one whose s is n or more, Strict refuses (invalid_key);
// Deployed computes n - s as the SDK does, a negative number whose hex
// digits the SDK parses pairwise into bytes, and uses those. A session key
// that is 0 or at least n (ethers' Wallet refuses it; probability 2^-128)
// is invalid_key.
func DeriveIdentityKeys(address string, seedSignature []byte, p Profile) (*IdentityKeys, error) {
	k := &IdentityKeys{SeedMessage: IdentitySeedMessage(address)}
	sig, err := lowS(seedSignature, p)
	if err != nil {
		return nil, err
	}
	k.SeedSignature = sig
	seed := []byte(jsjson.Text(k.SeedMessage))
	mh := sha256.Sum256(seed)
	in := make([]byte, 0, len(sig)+len(mh)+64)
	in = append(append(append(in, sig...), mh[:]...), jsjson.Text("verbeth/addr:"+jsLower(address))...)
	k.IKM = [32]byte(hkdfSHA256(in, []byte("verbeth/seed-sig-v1"), "verbeth/ikm", 32))
	k.X25519SecretKey = [32]byte(hkdfSHA256(k.IKM[:], nil, "verbeth-x25519-v1", 32))
	k.X25519PublicKey, _ = X25519PublicKey(k.X25519SecretKey[:])
	k.Ed25519Seed = [32]byte(hkdfSHA256(k.IKM[:], nil, "verbeth-ed25519-v1", 32))
	k.Ed25519PublicKey = [32]byte(ed25519.NewKeyFromSeed(k.Ed25519Seed[:]).Public().(ed25519.PublicKey))
	k.SessionPrivateKey = [32]byte(hkdfSHA256(k.IKM[:], nil, "verbeth-session-secp256k1-v1", 32))
	key, err := secpPrivateKey(k.SessionPrivateKey[:])
	if err != nil {
		return nil, renameField(err, "sessionPrivateKey")
	}
	k.SessionAddress = [20]byte(pubKeyAddress(key.PubKey()))
	return k, nil
}

// lowS is the SDK's canonicalizeEcdsaSig65.
func lowS(sig []byte, p Profile) ([]byte, error) {
	if len(sig) != ProofSignatureSize {
		return append([]byte(nil), sig...), nil
	}
	s := new(big.Int).SetBytes(sig[32:64])
	if s.Cmp(secp256k1HalfN) <= 0 {
		return append([]byte(nil), sig...), nil
	}
	if p == Strict && s.Cmp(secp256k1N) >= 0 {
		return nil, fieldErr("seedSignature", "s-range", category.InvalidKey, "s >= n", "s < n")
	}
	out := append([]byte(nil), sig...)
	low := jsBigIntTo32Bytes(new(big.Int).Sub(secp256k1N, s))
	copy(out[32:64], low[:])
	return out, nil
}

// jsBigIntTo32Bytes is the SDK's bigIntTo32BytesBE: the hex digits of x
// (with a "-" for a negative x), the last 64 kept, padded with "0" to 64,
// and each pair read with parseInt(pair, 16) into a Uint8Array (so "0-" is
// 0, "-a" is -10, stored as 246).
func jsBigIntTo32Bytes(x *big.Int) [32]byte {
	h := x.Text(16)
	if len(h) > 64 {
		h = h[len(h)-64:]
	}
	h = strings.Repeat("0", 64-len(h)) + h
	var out [32]byte
	for i := range out {
		out[i] = byte(jsParseHexInt(h[2*i : 2*i+2]))
	}
	return out
}

// jsParseHexInt is parseInt(s, 16) for a two-character string of hex
// digits and at most one "-": the sign, then the hex digits up to the first
// other character; NaN (no digit) becomes 0 in a Uint8Array.
func jsParseHexInt(s string) int {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	v := 0
	for i := 0; i < len(s); i++ {
		d := unhex(s[i])
		if d < 0 {
			break
		}
		v = v*16 + d
	}
	if neg {
		return -v
	}
	return v
}
