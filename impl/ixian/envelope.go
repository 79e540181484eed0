package ixian

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha3"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pqhs/pqhs/impl/category"
)

// StreamMessageCode values (the StreamMessage type field,
// spec/ixian-s2.md §4.1).
const (
	StreamError int64 = 0
	StreamInfo  int64 = 1 // every handshake message
	StreamData  int64 = 2
)

// Handshake StreamMessage ids: one raw byte each (§4.1).
var (
	IDRequestAdd2 = []byte{0}
	IDAcceptAdd2  = []byte{1}
	IDKeys2       = []byte{2}
)

// AppendStreamMessageAAD appends a StreamMessage's additional data, the AAD
// of both envelopes (§4.1, additional data):
//
//	id (raw, no length) || IxiVarInt(type) || IxiVarInt(timestamp)
//
// type and timestamp go through the signed encoder; timestamp is in Unix
// seconds.
func AppendStreamMessageAAD(dst, id []byte, msgType, timestamp int64) []byte {
	return AppendVarInt(AppendVarInt(append(dst, id...), msgType), timestamp)
}

// StreamMessageAAD returns AppendStreamMessageAAD(nil, ...).
func StreamMessageAAD(id []byte, msgType, timestamp int64) []byte {
	return AppendStreamMessageAAD(nil, id, msgType, timestamp)
}

// sha3sqSize is the length of SHA3sq's output (§1), what DeriveKeyAndIV
// cuts the key and IV from.
const sha3sqSize = 64

// DerivedKey is a per-message key and IV (§8.1).
type DerivedKey struct {
	Key []byte // as long as the base key
	IV  []byte // 12 bytes
	// Hash is the whole SHA3-512(SHA3-512(baseKey || nonce)) that Key and
	// IV are cut from (64 bytes).
	Hash []byte
}

// DeriveKeyAndIV derives a per-message key and IV (§8.1): h = SHA3-512(
// SHA3-512(baseKey || nonce)) (key first), key = h[0:len(baseKey)], iv =
// the next 12 bytes. A base key longer than 52 bytes leaves no room for the
// IV (Ixian-Core throws): field_length.
func DeriveKeyAndIV(nonce, baseKey []byte) (DerivedKey, error) {
	if len(baseKey) > sha3sqSize-Spixi2IVSize {
		return DerivedKey{}, fieldErr("baseKey", "key-length", category.FieldLength, len(baseKey), "at most 52")
	}
	return deriveKeyAndIV(nonce, baseKey), nil
}

func deriveKeyAndIV(nonce, baseKey []byte) DerivedKey {
	h := sha3.New512()
	h.Write(baseKey)
	h.Write(nonce)
	var d [sha3sqSize]byte
	h.Sum(d[:0])
	d = sha3.Sum512(d[:])
	n := len(baseKey)
	all := bytes.Clone(d[:])
	return DerivedKey{Key: all[:n:n], IV: all[n : n+Spixi2IVSize : n+Spixi2IVSize], Hash: all}
}

// Spixi2Sealed is a spixi2 envelope with its intermediate values (§8.2).
type Spixi2Sealed struct {
	Envelope      []byte     // IxiBytes(nonce) || IxiBytes(chacha output)
	AES           DerivedKey // from aesKey
	Chacha        DerivedKey // from chachaKey
	AESCiphertext []byte     // AES-GCM output: ciphertext || tag
}

// checkSpixi2Keys makes §8.2's key checks: chachaKey is 32 bytes in both profiles (BouncyCastle's
// ChaCha20-Poly1305 takes no other). aesKey is 32 bytes in Strict; Deployed
// also takes 16 and 24 (AES-128/192-GCM): the temporary keys of an rsa2
// envelope come from the sender and nothing upstream checks their length.
func checkSpixi2Keys(aesField, chachaField string, aesKey, chachaKey []byte, p Profile) error {
	switch {
	case len(aesKey) == 0:
		return fieldErr(aesField, "required", category.EmptyField, 0, KeySize)
	case p == Strict && len(aesKey) != KeySize,
		len(aesKey) != 16 && len(aesKey) != 24 && len(aesKey) != 32:
		want := any(KeySize)
		if p == Deployed {
			want = "16, 24 or 32"
		}
		return fieldErr(aesField, "key-length", category.FieldLength, len(aesKey), want)
	case len(chachaKey) == 0:
		return fieldErr(chachaField, "required", category.EmptyField, 0, KeySize)
	case len(chachaKey) != KeySize:
		return fieldErr(chachaField, "key-length", category.FieldLength, len(chachaKey), KeySize)
	}
	return nil
}

// checkSpixi2Nonce makes §8.2's nonce checks: 64 bytes in Strict. Ixian-Core writes 64 and reads any
// length but zero (a null nonce throws).
func checkSpixi2Nonce(nonce []byte, p Profile) error {
	switch {
	case len(nonce) == 0:
		return fieldErr("nonce", "required", category.EmptyField, 0, Spixi2NonceSize)
	case p == Strict && len(nonce) != Spixi2NonceSize:
		return fieldErr("nonce", "length", category.FieldLength, len(nonce), Spixi2NonceSize)
	}
	return nil
}

// Spixi2Encrypt is spixi2 encryption (§8.2) with the nonce given (step 1):
//
//  2. aes, chacha = DeriveKeyAndIV(nonce, aesKey), DeriveKeyAndIV(nonce, chachaKey)
//  3. c1 = AES-GCM(aes.Key, aes.IV, no AAD)(plaintext)            (|pt|+16)
//  4. c2 = ChaCha20-Poly1305(chacha.Key, chacha.IV, aad)(c1)       (|pt|+32)
//  5. envelope = IxiBytes(nonce) || IxiBytes(c2)
func Spixi2Encrypt(plaintext, aesKey, chachaKey, nonce, aad []byte, p Profile) (*Spixi2Sealed, error) {
	if err := checkSpixi2Keys("aesKey", "chachaKey", aesKey, chachaKey, p); err != nil {
		return nil, err
	}
	if err := checkSpixi2Nonce(nonce, p); err != nil {
		return nil, err
	}
	// Step 2: the per-message keys; step 3: c1.
	s := &Spixi2Sealed{AES: deriveKeyAndIV(nonce, aesKey), Chacha: deriveKeyAndIV(nonce, chachaKey)}
	s.AESCiphertext = aesGCM(s.AES).Seal(nil, s.AES.IV, plaintext, nil)
	cc, _ := chacha20poly1305.New(s.Chacha.Key) // 32 bytes, checked
	// Steps 4 and 5: c2 sealed straight after B(nonce) and its length.
	n := len(s.AESCiphertext) + AEADTagSize
	env := make([]byte, 0, IxiBytesSize(nonce)+VarUIntSize(uint64(n))+n)
	env = AppendVarUInt(AppendIxiBytes(env, nonce), uint64(n))
	s.Envelope = cc.Seal(env, s.Chacha.IV, s.AESCiphertext, aad)
	return s, nil
}

func aesGCM(k DerivedKey) cipher.AEAD {
	b, err := aes.NewCipher(k.Key)
	if err != nil {
		panic("ixian: AES key length was checked: " + err.Error())
	}
	g, _ := cipher.NewGCM(b)
	return g
}

// Spixi2Decrypt is spixi2 decryption (§8.2):
//
//  1. read IxiBytes(nonce), then the length of the ChaCha ciphertext as an
//     IxiVarUInt, which Ixian-Core does not compare with anything;
//  2. open ChaCha20-Poly1305 from there to the end of the envelope, with aad
//     (so bytes appended to an envelope fail authentication: aead_auth);
//  3. open AES-GCM without AAD.
//
// Strict also wants a 64-byte nonce, a minimal length, and the length to
// equal what follows it (field_length, checked after authentication).
func Spixi2Decrypt(envelope, aesKey, chachaKey, aad []byte, p Profile) ([]byte, error) {
	if err := checkSpixi2Keys("aesKey", "chachaKey", aesKey, chachaKey, p); err != nil {
		return nil, err
	}
	return spixi2Open(envelope, aesKey, chachaKey, aad, p)
}

// spixi2Open is §8.2's decryption after the key checks, its checks in
// §8.2's order.
func spixi2Open(env, aesKey, chachaKey, aad []byte, p Profile) ([]byte, error) {
	// Step 1: B(nonce), then the length of c2.
	nonce, n, err := readIxiBytes("nonce", env, p)
	if err != nil {
		return nil, err
	}
	if err := checkSpixi2Nonce(nonce, p); err != nil {
		return nil, err
	}
	rest := env[n:]
	l, n, _, err := readVarUInt("ciphertextLength", rest, p)
	if err != nil {
		return nil, err
	}
	// Step 2: ChaCha20-Poly1305 over everything to the end of the envelope.
	body := rest[n:]
	cck := deriveKeyAndIV(nonce, chachaKey)
	cc, _ := chacha20poly1305.New(cck.Key)
	if len(body) < AEADTagSize {
		return nil, fieldErr("ciphertext", "chacha20poly1305", category.AEADAuth, len(body), "at least 16 bytes")
	}
	c1, err := cc.Open(nil, cck.IV, body, aad)
	if err != nil {
		return nil, wrapErr("ciphertext", "chacha20poly1305", category.AEADAuth, err)
	}
	// Step 3: AES-GCM.
	ak := deriveKeyAndIV(nonce, aesKey)
	if len(c1) < AEADTagSize {
		return nil, fieldErr("ciphertext", "aes-gcm", category.AEADAuth, len(c1), "at least 16 bytes")
	}
	pt, err := aesGCM(ak).Open(c1[:0], ak.IV, c1, nil)
	if err != nil {
		return nil, wrapErr("ciphertext", "aes-gcm", category.AEADAuth, err)
	}
	// Strict only, after authentication: the length of c2 (inner-length).
	if p == Strict && l != uint64(len(body)) {
		return nil, fieldErr("ciphertextLength", "inner-length", category.FieldLength, l, len(body))
	}
	return pt, nil
}

// RSA2Sealed is an rsa2 envelope with its intermediate values (§8.3).
type RSA2Sealed struct {
	Envelope      []byte // IxiBytes(encryptedKeys) || IxiBytes(spixi2 envelope)
	KeyBlock      []byte // IxiBytes(tempAesKey) || IxiBytes(tempChachaKey), 66 bytes
	EncryptedKeys []byte // RSA-OAEP-SHA1 of KeyBlock
	Spixi2        *Spixi2Sealed
}

// RSA2Encrypt is rsa2 encryption (§8.3), the envelope of acceptAdd2 and
// keys2, with its randomness given (step 1: tempAesKey, tempChachaKey):
//
//  2. blob = Spixi2Encrypt(plaintext, tempAesKey, tempChachaKey, nonce, aad)
//  3. keyBlock = IxiBytes(tempAesKey) || IxiBytes(tempChachaKey)
//  4. encryptedKeys = RSA-OAEP(SHA-1, MGF1-SHA-1, empty label, seed = oaepSeed)(rsaPubKey, keyBlock)
//  5. envelope = IxiBytes(encryptedKeys) || IxiBytes(blob)
//
// rsaPubKey is in Ixian's format. oaepSeed is the 20 random bytes of OAEP
// encoding (RFC 8017 7.1.1 step 2d); crypto/rsa reads exactly those from
// the reader it is given, so the result is deterministic.
func RSA2Encrypt(plaintext, rsaPubKey, tempAESKey, tempChachaKey, oaepSeed, nonce, aad []byte, p Profile) (*RSA2Sealed, error) {
	pub, err := parseRSAPublicKey("rsaPubKey", rsaPubKey, p)
	if err != nil {
		return nil, err
	}
	if len(oaepSeed) != OAEPSeedSize {
		return nil, fieldErr("oaepSeed", "length", category.FieldLength, len(oaepSeed), OAEPSeedSize)
	}
	blob, err := spixi2ForRSA2(plaintext, tempAESKey, tempChachaKey, nonce, aad, p) // step 2
	if err != nil {
		return nil, err
	}
	s := &RSA2Sealed{Spixi2: blob}
	s.KeyBlock = AppendIxiBytes(AppendIxiBytes(nil, tempAESKey), tempChachaKey)                         // step 3
	s.EncryptedKeys, err = rsa.EncryptOAEP(sha1.New(), bytes.NewReader(oaepSeed), pub, s.KeyBlock, nil) // step 4
	if err != nil {
		return nil, wrapErr("rsaPubKey", "rsa-oaep", category.InvalidKey, err)
	}
	env := make([]byte, 0, IxiBytesSize(s.EncryptedKeys)+IxiBytesSize(blob.Envelope))
	s.Envelope = AppendIxiBytes(AppendIxiBytes(env, s.EncryptedKeys), blob.Envelope) // step 5
	return s, nil
}

func spixi2ForRSA2(plaintext, tk, tc, nonce, aad []byte, p Profile) (*Spixi2Sealed, error) {
	if err := checkSpixi2Keys("tempAesKey", "tempChachaKey", tk, tc, p); err != nil {
		return nil, err
	}
	return Spixi2Encrypt(plaintext, tk, tc, nonce, aad, p)
}

// RSA2Opened is a decrypted rsa2 envelope (§8.3).
type RSA2Opened struct {
	Plaintext     []byte
	TempAESKey    []byte
	TempChachaKey []byte
}

// RSA2Decrypt is rsa2 decryption (§8.3), its checks in §8.3's order:
//
//  1. read IxiBytes(encryptedKeys), then the blob's length as an IxiVarUInt,
//     which Ixian-Core ignores;
//  2. RSA-OAEP-SHA1-decrypt encryptedKeys (rsa_decrypt on failure, also when
//     its length is not the modulus length);
//  3. read IxiBytes(tempAesKey) and IxiBytes(tempChachaKey) from the result
//     (Deployed ignores anything after them);
//  4. Spixi2Decrypt the rest of the envelope with the two keys.
//
// Strict also wants a minimal outer length equal to what follows it, a
// 66-byte key block and 32-byte keys.
func RSA2Decrypt(envelope []byte, priv *rsa.PrivateKey, aad []byte, p Profile) (*RSA2Opened, error) {
	ek, n, err := readIxiBytes("encryptedKeys", envelope, p)
	if err != nil {
		return nil, err
	}
	if len(ek) == 0 {
		return nil, fieldErr("encryptedKeys", "required", category.EmptyField, 0, priv.Size())
	}
	rest := envelope[n:]
	l, n, _, err := readVarUInt("envelopeLength", rest, p)
	if err != nil {
		return nil, err
	}
	blob := rest[n:]
	if len(ek) != priv.Size() {
		return nil, fieldErr("encryptedKeys", "rsa-length", category.RSADecrypt, len(ek), priv.Size())
	}
	block, err := rsa.DecryptOAEP(sha1.New(), nil, priv, ek, nil)
	if err != nil {
		return nil, wrapErr("encryptedKeys", "rsa-oaep", category.RSADecrypt, err)
	}
	o := new(RSA2Opened)
	if o.TempAESKey, n, err = readIxiBytes("tempAesKey", block, p); err != nil {
		return nil, err
	}
	var m int
	if o.TempChachaKey, m, err = readIxiBytes("tempChachaKey", block[n:], p); err != nil {
		return nil, err
	}
	if err := checkTrailingField("keyBlock", block[n+m:], p); err != nil {
		return nil, err
	}
	if err := checkSpixi2Keys("tempAesKey", "tempChachaKey", o.TempAESKey, o.TempChachaKey, p); err != nil {
		return nil, err
	}
	if o.Plaintext, err = spixi2Open(blob, o.TempAESKey, o.TempChachaKey, aad, p); err != nil {
		return nil, err
	}
	if p == Strict && l != uint64(len(blob)) {
		return nil, fieldErr("envelopeLength", "outer-length", category.FieldLength, l, len(blob))
	}
	return o, nil
}

func checkTrailingField(field string, rest []byte, p Profile) error {
	if p == Strict && len(rest) != 0 {
		return fieldErr(field, "no-trailing", category.TrailingBytes, len(rest), 0)
	}
	return nil
}
