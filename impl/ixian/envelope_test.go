package ixian

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

func TestStreamMessageAAD(t *testing.T) {
	// id {1}, type info (1), timestamp 2026-01-01T00:00:01Z = 0x6955B901.
	if got := hexOf(StreamMessageAAD(IDAcceptAdd2, StreamInfo, 1767225601)); got != "0101fd01b95569" {
		t.Errorf("AAD = %s", got)
	}
	if got := hexOf(StreamMessageAAD([]byte{0xAA, 0xBB}, StreamError, -1)); got != "aabb00f80100" {
		t.Errorf("AAD = %s", got)
	}
}

func spixi2Fixture(t *testing.T, p Profile, aesKey []byte, nonce []byte) (*Spixi2Sealed, []byte, []byte, []byte) {
	t.Helper()
	if aesKey == nil {
		aesKey = detrand.Bytes("ixian/test/spixi2/aes", 32)
	}
	if nonce == nil {
		nonce = detrand.Bytes("ixian/test/spixi2/nonce", 64)
	}
	cc := detrand.Bytes("ixian/test/spixi2/chacha", 32)
	aad := StreamMessageAAD([]byte{9, 9}, StreamData, 1767225600)
	s, err := Spixi2Encrypt([]byte("a message"), aesKey, cc, nonce, aad, p)
	if err != nil {
		t.Fatal(err)
	}
	return s, aesKey, cc, aad
}

func TestSpixi2Rules(t *testing.T) {
	s, ak, ck, aad := spixi2Fixture(t, Strict, nil, nil)
	env := s.Envelope
	if len(env) != 1+64+1+len("a message")+32 {
		t.Fatalf("envelope is %d bytes", len(env))
	}
	flip := func(i int) []byte { b := bytes.Clone(env); b[i] ^= 1; return b }
	lenAt := 65 // the inner length byte
	otherLen := bytes.Clone(env)
	otherLen[lenAt]--
	nonMinimal := append(append(bytes.Clone(env[:lenAt]), 0xFC, env[lenAt], 0), env[lenAt+1:]...)
	aad2 := bytes.Clone(aad)
	aad2[0] ^= 1
	for _, c := range []struct {
		name             string
		env, aad         []byte
		strict, deployed category.Category
	}{
		{"valid", env, aad, "", ""},
		{"ciphertext bit flip", flip(len(env) - 20), aad, category.AEADAuth, category.AEADAuth},
		{"tag bit flip", flip(len(env) - 1), aad, category.AEADAuth, category.AEADAuth},
		{"nonce bit flip", flip(5), aad, category.AEADAuth, category.AEADAuth},
		{"other AAD", env, aad2, category.AEADAuth, category.AEADAuth},
		{"a byte appended", append(bytes.Clone(env), 0), aad, category.AEADAuth, category.AEADAuth},
		{"last byte cut", env[:len(env)-1], aad, category.AEADAuth, category.AEADAuth},
		{"inner length off by one", otherLen, aad, category.FieldLength, ""},
		{"inner length non-minimal", nonMinimal, aad, category.NonMinimalVarint, ""},
		{"only the nonce", env[:65], aad, category.Truncated, category.Truncated},
		{"body shorter than a tag", env[:66+15], aad, category.AEADAuth, category.AEADAuth},
		{"nonce cut", env[:30], aad, category.Truncated, category.Truncated},
		{"empty nonce", append([]byte{0}, env[65:]...), aad, category.EmptyField, category.EmptyField},
		{"negative inner length", append(append(bytes.Clone(env[:lenAt]), 0xF8, 1, 0), env[lenAt+1:]...), aad, category.NegativeLength, category.NegativeLength},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			w := c.strict
			if p == Deployed {
				w = c.deployed
			}
			pt, err := Spixi2Decrypt(c.env, ak, ck, c.aad, p)
			wantCat(t, "Spixi2Decrypt("+c.name+", "+p.String()+")", err, w)
			if err == nil && string(pt) != "a message" {
				t.Errorf("%s: plaintext %q", c.name, pt)
			}
		}
	}
	// Key and nonce sizes.
	_, err := Spixi2Decrypt(env, ak[:16], ck, aad, Deployed)
	wantCat(t, "16-byte aesKey, 32-byte envelope key", err, category.AEADAuth)
	_, err = Spixi2Decrypt(env, ak, ck[:16], aad, Deployed)
	wantCat(t, "16-byte chachaKey", err, category.FieldLength)
	_, err = Spixi2Encrypt(nil, ak, ck, make([]byte, 63), aad, Strict)
	wantCat(t, "63-byte nonce (strict)", err, category.FieldLength)
	_, err = Spixi2Encrypt(nil, ak, ck, nil, aad, Deployed)
	wantCat(t, "no nonce", err, category.EmptyField)

	// Deployed takes a 16-byte (AES-128) key and any nonce length, as
	// Ixian-Core does for the temporary keys of an rsa2 envelope.
	s16, ak16, _, _ := spixi2Fixture(t, Deployed, ak[:16], make([]byte, 7))
	if len(s16.AES.Key) != 16 || !bytes.Equal(s16.AES.IV, deriveKeyAndIV(make([]byte, 7), ak16).IV) {
		t.Error("a 16-byte base key derives a 16-byte key")
	}
	if pt, err := Spixi2Decrypt(s16.Envelope, ak16, ck, aad, Deployed); err != nil || string(pt) != "a message" {
		t.Errorf("AES-128 envelope: %v", err)
	}
	_, err = Spixi2Decrypt(s16.Envelope, ak16, ck, aad, Strict)
	wantCat(t, "AES-128 envelope (strict)", err, category.FieldLength)
}

func TestDeriveKeyAndIV(t *testing.T) {
	// Key first, then nonce; SHA3-512 twice; the IV follows the key.
	k, _ := DeriveKeyAndIV([]byte("nonce"), []byte("0123456789abcdef0123456789abcdef"))
	swapped, _ := DeriveKeyAndIV([]byte("0123456789abcdef0123456789abcdef"), []byte("nonce"))
	if _, err := DeriveKeyAndIV(nil, make([]byte, 53)); !errors.Is(err, category.FieldLength) {
		t.Errorf("a 53-byte base key: %v", err)
	}
	if bytes.Equal(k.Key[:5], swapped.Key) {
		t.Error("the order of key and nonce does not matter")
	}
	if len(k.Key) != 32 || len(k.IV) != 12 {
		t.Errorf("lengths %d, %d", len(k.Key), len(k.IV))
	}
}

func rsa2Fixture(t *testing.T, p Profile, tk, tc []byte) (*RSA2Sealed, []byte) {
	t.Helper()
	aad := StreamMessageAAD(IDKeys2, StreamInfo, 1767225602)
	s, err := RSA2Encrypt([]byte("frame"), unitRSAPub(testkeys.IxianAcceptor), tk, tc,
		detrand.Bytes("ixian/test/rsa2/oaep", 20), detrand.Bytes("ixian/test/rsa2/nonce", 64), aad, p)
	if err != nil {
		t.Fatal(err)
	}
	return s, aad
}

// oaep encrypts a chosen key block with the acceptor's key.
func oaep(t *testing.T, block []byte) []byte {
	t.Helper()
	ek, err := rsa.EncryptOAEP(sha1.New(), bytes.NewReader(make([]byte, 20)), &testkeys.RSA(testkeys.IxianAcceptor).PublicKey, block, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ek
}

func TestRSA2Rules(t *testing.T) {
	tk, tc := detrand.Bytes("ixian/test/rsa2/tk", 32), detrand.Bytes("ixian/test/rsa2/tc", 32)
	s, aad := rsa2Fixture(t, Strict, tk, tc)
	again, _ := rsa2Fixture(t, Strict, tk, tc)
	if !bytes.Equal(s.Envelope, again.Envelope) {
		t.Fatal("RSA2Encrypt is not deterministic")
	}
	if len(s.EncryptedKeys) != 512 || len(s.KeyBlock) != 66 || !bytes.Equal(s.Envelope[:3], h("fc0002")) {
		t.Fatalf("encrypted keys %d bytes, key block %d, envelope starts %x", len(s.EncryptedKeys), len(s.KeyBlock), s.Envelope[:3])
	}
	blob := s.Spixi2.Envelope
	build := func(ek []byte, blobPrefix []byte) []byte {
		out := AppendIxiBytes(nil, ek)
		if blobPrefix == nil {
			return AppendIxiBytes(out, blob)
		}
		return append(append(out, blobPrefix...), blob...)
	}
	ekFlip := bytes.Clone(s.EncryptedKeys)
	ekFlip[100] ^= 1
	// Key blocks with the same temporary keys, differently encoded.
	trailing := oaep(t, append(bytes.Clone(s.KeyBlock), 0xEE))
	nonMinimal := oaep(t, append(append(h("fc2000"), tk...), AppendIxiBytes(nil, tc)...))
	shortTC := oaep(t, append(AppendIxiBytes(nil, tk), AppendIxiBytes(nil, tc[:16])...))
	onlyTK := oaep(t, AppendIxiBytes(nil, tk))
	for _, c := range []struct {
		name             string
		env              []byte
		strict, deployed category.Category
	}{
		{"valid", s.Envelope, "", ""},
		{"encrypted keys flipped", build(ekFlip, nil), category.RSADecrypt, category.RSADecrypt},
		{"encrypted keys 511 bytes", build(s.EncryptedKeys[1:], nil), category.RSADecrypt, category.RSADecrypt},
		{"encrypted keys empty", build(nil, nil), category.EmptyField, category.EmptyField},
		{"outer length wrong", build(s.EncryptedKeys, AppendVarUInt(nil, uint64(len(blob)+5))), category.FieldLength, ""},
		{"outer length non-minimal", build(s.EncryptedKeys, binary.LittleEndian.AppendUint32([]byte{0xFD}, uint32(len(blob)))), category.NonMinimalVarint, ""},
		{"outer length reserved prefix", build(s.EncryptedKeys, h("ff")), category.InvalidVarint, category.InvalidVarint},
		{"key block with a trailing byte", build(trailing, nil), category.TrailingBytes, ""},
		{"key block with a non-minimal length", build(nonMinimal, nil), category.NonMinimalVarint, ""},
		{"16-byte tempChachaKey", build(shortTC, nil), category.FieldLength, category.FieldLength},
		{"no tempChachaKey", build(onlyTK, nil), category.Truncated, category.Truncated},
		{"blob byte appended", append(bytes.Clone(s.Envelope), 1), category.AEADAuth, category.AEADAuth},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			w := c.strict
			if p == Deployed {
				w = c.deployed
			}
			o, err := RSA2Decrypt(c.env, testkeys.RSA(testkeys.IxianAcceptor), aad, p)
			wantCat(t, "RSA2Decrypt("+c.name+", "+p.String()+")", err, w)
			if err == nil && (string(o.Plaintext) != "frame" || !bytes.Equal(o.TempAESKey, tk) || !bytes.Equal(o.TempChachaKey, tc)) {
				t.Errorf("%s: opened %+v", c.name, o)
			}
		}
	}
	_, err := RSA2Decrypt(s.Envelope, testkeys.RSA(testkeys.IxianRequester), aad, Deployed)
	wantCat(t, "RSA2Decrypt with the wrong key", err, category.RSADecrypt)

	// A 16-byte temporary AES key: Deployed writes and reads it (AES-128).
	s16, _ := rsa2Fixture(t, Deployed, tk[:16], tc)
	o, err := RSA2Decrypt(s16.Envelope, testkeys.RSA(testkeys.IxianAcceptor), aad, Deployed)
	if err != nil || len(o.TempAESKey) != 16 || string(o.Plaintext) != "frame" {
		t.Errorf("AES-128 temporary key: %v", err)
	}
	_, err = RSA2Decrypt(s16.Envelope, testkeys.RSA(testkeys.IxianAcceptor), aad, Strict)
	wantCat(t, "AES-128 temporary key (strict)", err, category.FieldLength)
	_, err = RSA2Encrypt(nil, unitRSAPub(testkeys.IxianAcceptor), tk, tc, make([]byte, 19), make([]byte, 64), aad, Strict)
	wantCat(t, "19-byte OAEP seed", err, category.FieldLength)
}
