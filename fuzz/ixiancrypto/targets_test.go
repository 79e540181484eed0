package ixiancrypto

import (
	"bytes"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
)

// Native fuzz targets of the Ixian key exchange and envelopes. The checks
// are in check.go; the seed corpora in testdata/fuzz come from the vectors.
// Run one with
//
//	go test -run '^$' -fuzz '^FuzzSpixi2Decrypt$' -fuzztime 30s -fuzzminimizetime 5s ./fuzz/ixiancrypto

func FuzzP521PeerKey(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.Acceptor.ECDHScalar, x.Requester.ECDHPubKey)
	f.Add(x.Acceptor.ECDHScalar, ixfix.P521Uncompressed(x.Requester.ECDHPubKey, 4))
	f.Add(x.Acceptor.ECDHScalar, ixfix.P521Uncompressed(x.Requester.ECDHPubKey, 6))
	f.Add(make([]byte, 66), x.Requester.ECDHPubKey)
	wrong := ixfix.P521Uncompressed(x.Requester.ECDHPubKey, 6)
	wrong[0] = 6 | (^wrong[len(wrong)-1])&1 // a hybrid prefix with the wrong parity
	f.Add(x.Acceptor.ECDHScalar, wrong)
	flipped := bytes.Clone(x.Requester.ECDHPubKey)
	flipped[0] ^= 1 // the other point of the same X
	f.Add(x.Acceptor.ECDHScalar, flipped)
	f.Fuzz(func(t *testing.T, scalar, publicKey []byte) { CheckP521PeerKey(t, scalar, publicKey) })
}

func FuzzSpixi2Decrypt(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.AESKey, x.ChachaKey, x.AAD, x.Spixi2)
	f.Add(x.AESKey[:16], x.ChachaKey, x.AAD, x.Spixi2)
	f.Fuzz(func(t *testing.T, aesKey, chachaKey, aad, ciphertext []byte) {
		CheckSpixi2Decrypt(t, aesKey, chachaKey, aad, ciphertext)
	})
}

func FuzzSpixi2Layout(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.Nonce, check.Unhex("fc2500"), []byte("hello"), x.AAD, uint8(2))
	f.Add(x.Nonce[:12], check.Unhex("25"), []byte(""), []byte{}, uint8(0))
	f.Add([]byte{}, check.Unhex("00"), []byte("x"), x.AAD, uint8(1))
	f.Fuzz(func(t *testing.T, nonce, lengthField, plaintext, aad []byte, aesSize uint8) {
		CheckSpixi2Layout(t, nonce, lengthField, plaintext, aad, aesSize)
	})
}

func FuzzRSA2Decrypt(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.RSA2Key, x.AAD, x.RSA2)
	f.Add(x.RSA2Key, x.AAD, x.RSA2[:600])
	f.Fuzz(func(t *testing.T, rsaPrivateKey, aad, envelope []byte) {
		CheckRSA2Decrypt(t, rsaPrivateKey, aad, envelope)
	})
}

func FuzzRSA2KeyBlock(f *testing.F) {
	x := ixfix.Ixian()
	block := append(append([]byte{32}, x.AESKey...), append([]byte{32}, x.ChachaKey...)...)
	f.Add(block, x.Nonce, []byte("hello"), x.AAD)
	f.Add(append([]byte{16}, block[1:17]...), x.Nonce[:8], []byte("x"), []byte{})
	f.Add(append(check.Unhex("fc2000"), block[1:]...), x.Nonce, []byte{}, x.AAD)
	f.Fuzz(func(t *testing.T, keyBlock, nonce, plaintext, aad []byte) {
		CheckRSA2KeyBlock(t, keyBlock, nonce, plaintext, aad)
	})
}

func FuzzIxianKeyAgreement(f *testing.F) {
	b := func(label string, n int) []byte { return ixfix.Bytes("seed/"+label, n) }
	f.Add(b("acc", 66), b("seed", 64), b("aes", 32), b("req", 66), b("m", 32), b("chacha", 32), true, uint16(0), uint8(1))
	f.Add(b("acc", 66), b("seed", 64), []byte{}, b("req", 66), b("m", 32), b("chacha", 7), false, uint16(100), uint8(0x80))
	f.Fuzz(func(t *testing.T, acceptorScalar, mlkemSeed, aesSalt, requesterScalar, mlkemMessage, chachaSalt []byte, strict bool, flip uint16, mask uint8) {
		CheckIxianKeyAgreement(t, acceptorScalar, mlkemSeed, aesSalt, requesterScalar, mlkemMessage, chachaSalt, strict, flip, mask)
	})
}

func FuzzMLKEM1024(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.Acceptor.MLKEMSeed, ixfix.Bytes("requester/mlkem-m", 32), []byte{}, []byte{})
	f.Add(x.Acceptor.MLKEMSeed, ixfix.Bytes("requester/mlkem-m", 32), []byte{0, 0, 0, 1}, []byte{0, 0xf0})
	f.Fuzz(func(t *testing.T, seed, m, ciphertextEdit, keyEdit []byte) {
		CheckMLKEM1024(t, seed, m, ciphertextEdit, keyEdit)
	})
}
