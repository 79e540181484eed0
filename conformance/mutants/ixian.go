package mutants

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha3"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"math/big"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/pkcs8"
	"github.com/pqhs/pqhs/vectors"
)

// The Ixian mutants.

// ixKDF is a key derivation: ikm and the two session keys from the two
// secrets and the two salts.
type ixKDF func(ecdhSecret, mlkemSecret, aesSalt, chachaSalt []byte) (ikm, aesKey, chachaKey []byte)

func hkdfKey(h func() hash.Hash, ikm, salt []byte, info string) []byte {
	k, err := hkdf.Key(h, ikm, salt, info, 32)
	if err != nil {
		panic(err)
	}
	return k
}

func sha3512() hash.Hash { return sha3.New512() }

// kdf is the honest derivation with its parts replaceable.
func kdf(h func() hash.Hash, kemFirst, swapSalts bool, aesInfo, chachaInfo string) ixKDF {
	return func(ecdhSecret, mlkemSecret, aesSalt, chachaSalt []byte) ([]byte, []byte, []byte) {
		ikm := append(slices.Clone(ecdhSecret), mlkemSecret...)
		if kemFirst {
			ikm = append(slices.Clone(mlkemSecret), ecdhSecret...)
		}
		if swapSalts {
			aesSalt, chachaSalt = chachaSalt, aesSalt
		}
		return ikm, hkdfKey(h, ikm, aesSalt, aesInfo), hkdfKey(h, ikm, chachaSalt, chachaInfo)
	}
}

// keySchedule returns both roles of an implementation whose key derivation
// is f and whose ECDH secret is transformed by ecdh (nil: as is): the
// reference's outputs with the keys recomputed from its ecdhSecret and
// mlkemSecret.
func keySchedule(f ixKDF, ecdh func([]byte) []byte) map[*vectors.Family]op {
	if ecdh == nil {
		ecdh = func(b []byte) []byte { return b }
	}
	rederive := func(out vectors.Values, aesSalt, chachaSalt []byte) vectors.Values {
		ss := ecdh(get(out, "ecdhSecret"))
		ikm, ak, ck := f(ss, get(out, "mlkemSecret"), aesSalt, chachaSalt)
		return out.With("ecdhSecret", ss, "ikm", ikm, "aesKey", ak, "chachaKey", ck)
	}
	ops := map[*vectors.Family]op{
		vectors.IxianRequesterAcceptAdd2: post(vectors.IxianRequesterAcceptAdd2, func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			m, err := ixian.DecodeAcceptAdd2(get(in, "acceptAdd2"), reference.IxianProfile(p))
			if err != nil {
				return nil, err
			}
			return rederive(out, m.AESSalt, get(in, "chachaSalt")), nil
		}),
		vectors.IxianAcceptorKeys2: post(vectors.IxianAcceptorKeys2, func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			m, err := ixian.DecodeKeys2(get(in, "keys2"), reference.IxianProfile(p))
			if err != nil {
				return nil, err
			}
			return rederive(out, get(in, "aesSalt"), m.ChachaSalt), nil
		}),
	}
	return ops
}

func pad66(b []byte) []byte {
	if len(b) >= 66 {
		return b
	}
	return append(make([]byte, 66-len(b)), b...)
}

// ixianMutants are the Ixian mutants: one row per bug.
var ixianMutants = []*Mutant{
	{
		Name:    "ixian-ecdh-unstripped",
		Bug:     "the P-521 shared secret is the X coordinate as a fixed 66-byte string: its leading zero bytes are not stripped as BouncyCastle's ToByteArrayUnsigned does, so about half of all handshakes derive other keys",
		Profile: vectors.Strict,
		Rules:   []string{"IX-ECDH-SECRET"},
		ops:     unstrippedOps(),
	},
	{
		Name:    "ixian-ikm-order",
		Bug:     "the HKDF input keying material is mlkemSecret || ecdhSecret, the order of the hybrid's name (\"post-quantum first\"), instead of ecdhSecret || mlkemSecret",
		Profile: vectors.Strict,
		Rules:   []string{"IX-KDF-DERIVE"},
		ops:     kdfOps(kdf(sha3512, true, false, ixian.AESKeyInfo, ixian.ChachaKeyInfo)),
	},
	{
		Name:    "ixian-salts-swapped",
		Bug:     "aesKey is salted with the requester's chachaSalt and chachaKey with the acceptor's aesSalt (each side salting the key it sends with)",
		Profile: vectors.Strict,
		Rules:   []string{"IX-KDF-DERIVE"},
		ops:     kdfOps(kdf(sha3512, false, true, ixian.AESKeyInfo, ixian.ChachaKeyInfo)),
	},
	{
		Name:    "ixian-hkdf-sha256",
		Bug:     "HKDF over HMAC-SHA-256, the library default, instead of HMAC-SHA3-512",
		Profile: vectors.Strict,
		Rules:   []string{"IX-KDF-DERIVE"},
		ops:     kdfOps(kdf(sha256.New, false, false, ixian.AESKeyInfo, ixian.ChachaKeyInfo)),
	},
	{
		Name:    "ixian-hkdf-info",
		Bug:     "both keys derived with the info \"IXI AES Key\" (a copy-pasted call), so chachaKey has the wrong info",
		Profile: vectors.Strict,
		Rules:   []string{"IX-KDF-DERIVE"},
		ops:     kdfOps(kdf(sha3512, false, false, ixian.AESKeyInfo, ixian.AESKeyInfo)),
	},
	{
		Name:    "ixian-salt-any-length",
		Bug:     "a strict implementation that takes salts of any length (31, 33, empty), as Ixian-Core does, instead of exactly 32 bytes",
		Profile: vectors.Strict,
		Rules:   []string{"IX-SALT-LENGTH"},
		ops:     lenientAll(category.SaltLength, nil, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianDeriveKeys, vectors.IxianAcceptorPrepare, vectors.IxianRequesterAcceptAdd2, vectors.IxianAcceptorKeys2),
	},
	{
		Name:    "ixian-varint-nonminimal",
		Bug:     "a strict implementation that accepts non-minimal IxiVarInts (fc 05 00 for 5), as every Ixian-Core reader does",
		Profile: vectors.Strict,
		Rules:   []string{"IX-VARINT-MINIMAL"},
		ops: lenientAll(category.NonMinimalVarint, nil, vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiBytesDecode, vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode,
			vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode, vectors.IxianSpixi2Decrypt, vectors.IxianRSA2Decrypt, vectors.IxianRequesterAcceptAdd2, vectors.IxianAcceptorKeys2),
	},
	{
		Name:    "ixian-trailing-ignored",
		Bug:     "a strict implementation that ignores bytes after the last field of a payload, frame or key block, as Ixian-Core does",
		Profile: vectors.Strict,
		Rules:   []string{"IX-NO-TRAILING"},
		ops:     lenientAll(category.TrailingBytes, nil, vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode, vectors.IxianRSA2Decrypt, vectors.IxianRequesterAcceptAdd2, vectors.IxianAcceptorKeys2),
	},
	{
		Name:    "ixian-uncompressed-point",
		Bug:     "a strict implementation that accepts 133-byte uncompressed and hybrid P-521 keys, as BouncyCastle's DecodePoint does, where the protocol writes 67-byte compressed keys",
		Profile: vectors.Strict,
		Rules:   []string{"IX-ECDH-COMPRESSED"},
		ops:     lenientAll(category.FieldLength, messageHas("ecdh-compressed-length", "got 133"), vectors.IxianECDH, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianRequesterAcceptAdd2, vectors.IxianAcceptorKeys2),
	},
	{
		Name:    "ixian-varint-compactsize",
		Bug:     "IxiVarInt read and written with Bitcoin CompactSize's one-byte range, which ends at 0xfc: 0xf8..0xfc are values, not prefixes",
		Profile: vectors.Strict,
		Rules:   []string{"IX-VARINT-FORMAT"},
		ops: map[*vectors.Family]op{
			vectors.IxianIxiVarUIntDecode: compactDecode(vectors.IxianIxiVarUIntDecode, false),
			vectors.IxianIxiVarIntDecode:  compactDecode(vectors.IxianIxiVarIntDecode, true),
			vectors.IxianIxiVarUIntEncode: compactEncode(vectors.IxianIxiVarUIntEncode, "data"),
			vectors.IxianIxiVarIntEncode:  compactEncode(vectors.IxianIxiVarIntEncode, "data"),
			vectors.IxianIxiBytesDecode:   compactBytesDecode,
			vectors.IxianIxiBytesEncode:   compactBytesEncode,
		},
	},
	{
		Name:    "ixian-varint-twos-complement",
		Bug:     "negative IxiVarInts written as 0xfe and the 64-bit two's complement, and 0xfe values above 2^63-1 read back as negative, instead of the f8/f9/fa magnitude prefixes",
		Profile: vectors.Strict,
		Rules:   []string{"IX-VARINT-FORMAT", "IX-VARINT-INT64"},
		ops: map[*vectors.Family]op{
			vectors.IxianIxiVarIntEncode: func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
				v, err := in.Decimal("value")
				if err != nil || v.Sign() >= 0 || !v.IsInt64() {
					return ref(vectors.IxianIxiVarIntEncode)(p, in)
				}
				return vectors.Values{}.SetBytes("data", binary.LittleEndian.AppendUint64([]byte{0xfe}, uint64(v.Int64()))), nil
			},
			vectors.IxianIxiVarIntDecode: func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
				b := get(in, "data")
				if len(b) >= 9 && b[0] == 0xfe && b[8] >= 0x80 {
					return vectors.Values{}.SetInt64("value", int64(binary.LittleEndian.Uint64(b[1:9]))).Set("length", 9).Set("minimal", true), nil
				}
				return ref(vectors.IxianIxiVarIntDecode)(p, in)
			},
		},
	},
	{
		Name:    "ixian-capabilities-default-zero",
		Bug:     "an acceptAdd2 or keys2 without capabilities (senders before Ixian-Core 5c914e7) read as capabilities 0, the language's default, instead of Ixian-Core's 15",
		Profile: vectors.Deployed,
		Rules:   []string{"IX-CAPS-PRESENT"},
		ops: map[*vectors.Family]op{
			vectors.IxianAcceptAdd2Decode:    capsZero(vectors.IxianAcceptAdd2Decode, "payload", "capabilities", decodeAcceptCaps),
			vectors.IxianKeys2Decode:         capsZero(vectors.IxianKeys2Decode, "payload", "capabilities", decodeKeys2Caps),
			vectors.IxianRequesterAcceptAdd2: capsZero(vectors.IxianRequesterAcceptAdd2, "acceptAdd2", "peerCapabilities", decodeAcceptCaps),
			vectors.IxianAcceptorKeys2:       capsZero(vectors.IxianAcceptorKeys2, "keys2", "peerCapabilities", decodeKeys2Caps),
		},
	},
	{
		Name:    "ixian-spixi2-nonce-first",
		Bug:     "spixi2's per-message key and IV from SHA3-512(SHA3-512(nonce || key)) instead of key || nonce",
		Profile: vectors.Strict,
		Rules:   []string{"IX-ENVELOPE-KEY-IV"},
		ops: map[*vectors.Family]op{
			vectors.IxianSpixi2Encrypt: spixi2Encrypt(nonceFirst),
			vectors.IxianSpixi2Decrypt: spixi2Decrypt(nonceFirst),
		},
	},
	{
		Name:    "ixian-oaep-sha256",
		Bug:     "rsa2's key block wrapped with RSA-OAEP over SHA-256 and MGF1-SHA-256 (the modern default) instead of .NET's OAEP-SHA1",
		Profile: vectors.Strict,
		Rules:   []string{"IX-RSA2-LAYOUT"},
		ops:     map[*vectors.Family]op{vectors.IxianRSA2Encrypt: oaep256Encrypt, vectors.IxianRSA2Decrypt: oaep256Decrypt},
	},
	{
		Name:    "ixian-explicit-rejection",
		Bug:     "an ML-KEM decapsulation whose re-encryption check fails is an error (an explicit-rejection library, or a port that compares), where FIPS 203 returns the implicit-rejection secret and the handshake goes on to mismatched keys",
		Profile: vectors.Strict,
		Rules:   []string{"IX-ACCEPTOR-KEYS2"},
		ops: map[*vectors.Family]op{vectors.IxianAcceptorKeys2: post(vectors.IxianAcceptorKeys2, func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			m, err := ixian.DecodeKeys2(get(in, "keys2"), reference.IxianProfile(p))
			if err != nil {
				return nil, err
			}
			// K = J(z || c) = SHAKE256(z || c, 32) when the check fails.
			h := sha3.NewSHAKE256()
			h.Write(get(in, "mlkemSeed")[32:])
			h.Write(m.MLKEMCiphertext)
			j := make([]byte, 32)
			h.Read(j)
			if slices.Equal(j, get(out, "mlkemSecret")) {
				return nil, &category.FieldError{Field: "mlkemCiphertext", Rule: "decapsulation", Cat: category.AEADAuth, Got: "re-encryption mismatch"}
			}
			return out, nil
		})},
	},
	{
		Name:    "ixian-second-acceptAdd2",
		Bug:     "an acceptAdd2 accepted whatever the handshakeStatus: a second one after keys were derived (status 2 or 3) replaces the session keys",
		Profile: vectors.Strict,
		Rules:   []string{"IX-STATUS-STEP"},
		ops: map[*vectors.Family]op{vectors.IxianHandshakeStatus: statusOp(func(s *ixian.FriendState, e ixian.Event) {
			if e.Kind == ixian.AcceptAdd2Received && s.HandshakeStatus > 1 {
				s.HandshakeStatus = 1
			}
		})},
	},
	{
		Name:    "ixian-acceptAdd2-replay",
		Bug:     "no timestamp check on acceptAdd2: a replayed one (a timestamp not newer than the last handshake message) is processed",
		Profile: vectors.Strict,
		Rules:   []string{"IX-STATUS-REPLAY"},
		ops: map[*vectors.Family]op{vectors.IxianHandshakeStatus: statusOp(func(s *ixian.FriendState, e ixian.Event) {
			if e.Kind == ixian.AcceptAdd2Received && s.Known && e.Timestamp <= s.LastReceivedHandshakeMessageTimestamp {
				s.LastReceivedHandshakeMessageTimestamp = e.Timestamp - 1
			}
		})},
	},
}

// honestKDF is the derivation of spec/ixian-s2.md, unchanged.
var honestKDF = kdf(sha3512, false, false, ixian.AESKeyInfo, ixian.ChachaKeyInfo)

// kdfOps are the operations of an implementation whose key derivation is
// f: both roles and ixian/deriveKeys.
func kdfOps(f ixKDF) map[*vectors.Family]op {
	ops := keySchedule(f, nil)
	ops[vectors.IxianDeriveKeys] = post(vectors.IxianDeriveKeys, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
		ikm, ak, ck := f(get(in, "ecdhSecret"), get(in, "mlkemSecret"), get(in, "aesSalt"), get(in, "chachaSalt"))
		return out.With("ikm", ikm, "aesKey", ak, "chachaKey", ck), nil
	})
	return ops
}

// unstrippedOps are the operations of an implementation whose P-521 secret
// keeps its leading zeros: both roles and ixian/ecdh.
func unstrippedOps() map[*vectors.Family]op {
	ops := keySchedule(honestKDF, pad66)
	ops[vectors.IxianECDH] = post(vectors.IxianECDH, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
		return out.With("ecdhSecret", pad66(get(out, "ecdhSecret"))), nil
	})
	return ops
}

// compactDecode reads 0xf8..0xfc as one-byte values; the rest as Ixian does.
func compactDecode(f *vectors.Family, signed bool) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		b := get(in, "data")
		if len(b) > 0 && b[0] >= 0xf8 && b[0] <= 0xfc {
			out := vectors.Values{}.Set("length", 1).Set("minimal", true)
			if signed {
				return out.SetInt64("value", int64(b[0])), nil
			}
			return out.SetUint64("value", uint64(b[0])), nil
		}
		return ref(f)(p, in)
	}
}

// compactEncode writes 0xf8..0xfc as one byte.
func compactEncode(f *vectors.Family, field string) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		v, err := in.Decimal("value")
		if err == nil && v.IsInt64() && v.Int64() >= 0xf8 && v.Int64() <= 0xfc {
			return vectors.Values{}.SetBytes(field, []byte{byte(v.Int64())}), nil
		}
		return ref(f)(p, in)
	}
}

func compactBytesDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b := get(in, "data")
	if len(b) > 0 && b[0] >= 0xf8 && b[0] <= 0xfc {
		n := int(b[0])
		if len(b) < 1+n {
			return nil, &category.FieldError{Field: "value", Rule: "length", Cat: category.Truncated, Got: len(b) - 1, Want: n}
		}
		return vectors.Values{}.SetBytes("value", b[1:1+n]).Set("length", 1+n), nil
	}
	return ref(vectors.IxianIxiBytesDecode)(p, in)
}

func compactBytesEncode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	v := get(in, "value")
	if len(v) >= 0xf8 && len(v) <= 0xfc {
		return vectors.Values{}.SetBytes("data", append([]byte{byte(len(v))}, v...)), nil
	}
	return ref(vectors.IxianIxiBytesEncode)(p, in)
}

func decodeAcceptCaps(b []byte, p ixian.Profile) (bool, error) {
	m, err := ixian.DecodeAcceptAdd2(b, p)
	if err != nil {
		return false, err
	}
	return m.CapabilitiesPresent, nil
}

func decodeKeys2Caps(b []byte, p ixian.Profile) (bool, error) {
	m, err := ixian.DecodeKeys2(b, p)
	if err != nil {
		return false, err
	}
	return m.CapabilitiesPresent, nil
}

// capsZero reports capabilities 0 where the message had none.
func capsZero(f *vectors.Family, payload, field string, present func([]byte, ixian.Profile) (bool, error)) op {
	return post(f, func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
		ok, err := present(get(in, payload), reference.IxianProfile(p))
		if err != nil {
			return nil, err
		}
		if !ok {
			return out.With(field, 0), nil
		}
		return out, nil
	})
}

// nonceFirst is deriveKeyAndIv with the hash inputs swapped.
func nonceFirst(nonce, key []byte) (k, iv []byte) {
	h1 := sha3.Sum512(append(slices.Clone(nonce), key...))
	h := sha3.Sum512(h1[:])
	return h[:len(key)], h[len(key) : len(key)+12]
}

func spixi2Encrypt(derive func(nonce, key []byte) ([]byte, []byte)) op {
	return post(vectors.IxianSpixi2Encrypt, func(_ vectors.Profile, in, _ vectors.Values) (vectors.Values, error) {
		nonce, ak, ck, aad, pt := get(in, "nonce"), get(in, "aesKey"), get(in, "chachaKey"), get(in, "aad"), get(in, "plaintext")
		ka, ia := derive(nonce, ak)
		kc, ic := derive(nonce, ck)
		gcm := newGCM(ka)
		c1 := gcm.Seal(nil, ia, pt, nil)
		cc, err := chacha20poly1305.New(kc)
		if err != nil {
			return nil, err
		}
		c2 := cc.Seal(nil, ic, c1, aad)
		env := ixian.AppendIxiBytes(ixian.AppendIxiBytes(nil, nonce), c2)
		return vectors.Values{}.SetBytes("ciphertext", env).SetBytes("aesDerivedKey", ka).SetBytes("aesIv", ia).
			SetBytes("chachaDerivedKey", kc).SetBytes("chachaIv", ic).SetBytes("aesCiphertext", c1), nil
	})
}

func newGCM(key []byte) cipher.AEAD {
	b, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		panic(err)
	}
	return g
}

func spixi2Decrypt(derive func(nonce, key []byte) ([]byte, []byte)) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		// The reference settles every rule but authentication.
		if _, err := ref(vectors.IxianSpixi2Decrypt)(p, in); err != nil {
			return nil, err
		}
		env, ak, ck, aad := get(in, "ciphertext"), get(in, "aesKey"), get(in, "chachaKey"), get(in, "aad")
		nonce, n, err := ixian.DecodeIxiBytes(env, reference.IxianProfile(p))
		if err != nil {
			return nil, err
		}
		_, m, _, err := ixian.DecodeVarUInt(env[n:], reference.IxianProfile(p))
		if err != nil {
			return nil, err
		}
		ka, ia := derive(nonce, ak)
		kc, ic := derive(nonce, ck)
		cc, err := chacha20poly1305.New(kc)
		if err != nil {
			return nil, err
		}
		fail := &category.FieldError{Field: "ciphertext", Rule: "aead", Cat: category.AEADAuth}
		c1, err := cc.Open(nil, ic, env[n+m:], aad)
		if err != nil {
			return nil, fail
		}
		pt, err := newGCM(ka).Open(nil, ia, c1, nil)
		if err != nil {
			return nil, fail
		}
		return vectors.Values{}.SetBytes("plaintext", pt), nil
	}
}

// oaep256 is RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) over SHA-256 with an
// explicit 32-byte seed and an empty label.
func oaep256(pub *rsa.PublicKey, msg, seed []byte) ([]byte, error) {
	k := pub.Size()
	const hLen = sha256.Size
	if len(msg) > k-2*hLen-2 {
		return nil, &category.FieldError{Field: "keyBlock", Rule: "rsa-oaep", Cat: category.FieldLength, Got: len(msg), Want: k - 2*hLen - 2}
	}
	lHash := sha256.Sum256(nil)
	db := make([]byte, k-hLen-1)
	copy(db, lHash[:])
	db[len(db)-len(msg)-1] = 1
	copy(db[len(db)-len(msg):], msg)
	mgf := func(out, seed []byte) {
		var c [4]byte
		for done := 0; done < len(out); {
			h := sha256.Sum256(append(slices.Clone(seed), c[:]...))
			for i := 0; i < len(h) && done < len(out); i++ {
				out[done] ^= h[i]
				done++
			}
			binary.BigEndian.PutUint32(c[:], binary.BigEndian.Uint32(c[:])+1)
		}
	}
	s := slices.Clone(seed)
	mgf(db, s)
	mgf(s, db)
	em := append(append([]byte{0}, s...), db...)
	c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(pub.E)), pub.N)
	return c.FillBytes(make([]byte, k)), nil
}

// oaep256Encrypt wants a 32-byte OAEP seed (SHA-256's length) and seals
// the key block with OAEP-SHA256; the spixi2 blob is the reference's.
func oaep256Encrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	seed := get(in, "oaepSeed")
	if len(seed) != sha256.Size {
		return nil, &category.FieldError{Field: "oaepSeed", Rule: "length", Cat: category.FieldLength, Got: len(seed), Want: sha256.Size}
	}
	out, err := ref(vectors.IxianRSA2Encrypt)(p, in.With("oaepSeed", make([]byte, 20)))
	if err != nil {
		return nil, err
	}
	pub, err := ixian.ParseRSAPublicKey(get(in, "rsaPubKey"), reference.IxianProfile(p))
	if err != nil {
		return nil, err
	}
	ek, err := oaep256(pub, get(out, "keyBlock"), seed)
	if err != nil {
		return nil, err
	}
	env := get(out, "envelope")
	_, n, err := ixian.DecodeIxiBytes(env, ixian.Deployed)
	if err != nil {
		return nil, err
	}
	return out.With("envelope", append(ixian.AppendIxiBytes(nil, ek), env[n:]...), "encryptedKeys", ek), nil
}

// oaep256Decrypt unwraps the key block with OAEP-SHA256.
func oaep256Decrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	out, err := ref(vectors.IxianRSA2Decrypt)(p, in)
	if err != nil {
		return nil, err
	}
	k, err := pkcs8.ParseRSAPrivateKey(get(in, "rsaPrivateKey"))
	if err != nil {
		return nil, err
	}
	ek, _, err := ixian.DecodeIxiBytes(get(in, "envelope"), reference.IxianProfile(p))
	if err != nil {
		return nil, err
	}
	if _, err := rsa.DecryptOAEP(sha256.New(), nil, k, ek, nil); err != nil {
		return nil, &category.FieldError{Field: "encryptedKeys", Rule: "rsa-oaep", Cat: category.RSADecrypt, Err: err}
	}
	return out, nil
}

// statusOp is ixian/handshakeStatus with the state changed by bug just
// before the event under test (after the events of before).
func statusOp(bug func(*ixian.FriendState, ixian.Event)) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		var role string
		var s ixian.FriendState
		var e ixian.Event
		var before []ixian.Event
		if err := in.Get("role", &role); err != nil {
			return nil, err
		}
		if err := in.Get("state", &s); err != nil {
			return nil, err
		}
		if err := in.Get("event", &e); err != nil {
			return nil, err
		}
		if in.Has("before") {
			if err := in.Get("before", &before); err != nil {
				return nil, err
			}
		}
		for _, b := range before {
			o, err := ixian.Transition(ixian.Role(role), s, b)
			if err != nil {
				return nil, err
			}
			s = o.State
		}
		bug(&s, e)
		o, err := ixian.Transition(ixian.Role(role), s, e)
		if err != nil {
			return nil, fmt.Errorf("event: %w", err)
		}
		if o.Verdict == ixian.Rejected {
			return nil, o.Err
		}
		state, err := json.Marshal(o.State)
		if err != nil {
			return nil, err
		}
		return vectors.Values{"state": state}.Set("action", o.Action), nil
	}
}
