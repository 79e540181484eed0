package fuzz

import (
	"bytes"
	"testing"
)

// Native fuzz targets of the Ixian S2 handshake. The checks are in
// ixian_wire.go and ixian_crypto.go; the seed corpora in testdata/fuzz come
// from the vectors. Run one with
//
//	go test -run '^$' -fuzz '^FuzzAcceptAdd2$' -fuzztime 30s -fuzzminimizetime 5s ./fuzz

var varintSeeds = []string{"", "00", "f7", "f8", "fb", "ff", "fc", "fcf700", "fcf800", "fc0500", "fdffff0000", "fd00000100",
	"feffffffff00000000", "feffffffffffffffff", "fe0000000000000080", "f80000", "f80100", "faffffffffffffff7f",
	"fa0000000000000080", "fa0100000000000080"}

func FuzzIxiVarUInt(f *testing.F) {
	for _, s := range varintSeeds {
		f.Add(unhex(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiVarUInt(t, data) })
}

func FuzzIxiVarInt(f *testing.F) {
	for _, s := range varintSeeds {
		f.Add(unhex(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiVarInt(t, data) })
}

func FuzzIxiBytes(f *testing.F) {
	for _, s := range []string{"00", "03aabbcc", "04aabbcc", "fc0100aa", "fc0000", "fdffffff7f", "fd00000080",
		"feffffffffffffffff", "f80100", "0300"} {
		f.Add(unhex(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiBytes(t, data) })
}

func FuzzRequestAdd2(f *testing.F) {
	x := Ixian()
	f.Add(x.RequestAdd2)
	f.Add(append(unhex("fc0100"), x.RequestAdd2[1:]...)) // a non-minimal version
	f.Add(append(bytes.Clone(x.RequestAdd2), 0))
	f.Add(unhex("0100"))
	f.Fuzz(func(t *testing.T, payload []byte) { CheckRequestAdd2(t, payload) })
}

func FuzzAcceptAdd2(f *testing.F) {
	x := Ixian()
	a := x.Acceptor.AcceptAdd2
	f.Add(a)
	f.Add(a[:len(a)-1]) // no capabilities
	f.Add(append(bytes.Clone(a), 0))
	f.Add(append(a[:len(a)-1:len(a)-1], unhex("fdffffffff")...)) // capabilities above 2^31
	f.Fuzz(func(t *testing.T, payload []byte) { CheckAcceptAdd2(t, payload) })
}

func FuzzKeys2(f *testing.F) {
	x := Ixian()
	k := x.Requester.Keys2
	f.Add(k)
	f.Add(k[:len(k)-1])
	f.Add(append(bytes.Clone(k), 1))
	f.Fuzz(func(t *testing.T, payload []byte) { CheckKeys2(t, payload) })
}

func FuzzSpixiMessage(f *testing.F) {
	x := Ixian()
	f.Add(x.AcceptFrame)
	f.Add(x.KeysFrame[:len(x.KeysFrame)-6]) // no channel, no group fields
	f.Add(unhex("29000000ffffff7f"))
	f.Add(unhex("2a000000ffffffff"))
	f.Fuzz(func(t *testing.T, frame []byte) { CheckSpixiMessage(t, frame) })
}

func FuzzRSAPublicKey(f *testing.F) {
	x := Ixian()
	f.Add(x.AcceptorRSA)
	f.Add(x.AcceptorRSA[5:]) // the 523-byte legacy form
	f.Add(append([]byte{1, 1, 0, 0, 0}, x.AcceptorRSA[5:]...))
	f.Fuzz(func(t *testing.T, key []byte) { CheckRSAPublicKey(t, key) })
}

func FuzzP521PeerKey(f *testing.F) {
	x := Ixian()
	f.Add(x.Acceptor.ECDHScalar, x.Requester.ECDHPubKey)
	f.Add(x.Acceptor.ECDHScalar, p521Uncompressed(x.Requester.ECDHPubKey, 4))
	f.Add(x.Acceptor.ECDHScalar, p521Uncompressed(x.Requester.ECDHPubKey, 6))
	f.Add(make([]byte, 66), x.Requester.ECDHPubKey)
	f.Fuzz(func(t *testing.T, scalar, publicKey []byte) { CheckP521PeerKey(t, scalar, publicKey) })
}

func FuzzIxianTransition(f *testing.F) {
	f.Add(uint8(0), true, true, false, false, 0, 1, int64(5), uint8(6), 0, int64(6), []byte{0})
	f.Add(uint8(1), true, true, true, false, 1, 1, int64(5), uint8(5), 0, int64(0), []byte(nil))
	f.Add(uint8(0), true, true, false, false, 1, 1, int64(5), uint8(4), 1, int64(6), []byte(nil))
	f.Add(uint8(1), false, false, false, false, 0, 0, int64(0), uint8(7), 0, int64(0), []byte(nil))
	f.Fuzz(func(t *testing.T, role uint8, known, approved, pending, disabled bool, status, version int, lastTimestamp int64,
		kind uint8, eventVersion int, eventTimestamp int64, msgID []byte) {
		CheckIxianTransition(t, role, known, approved, pending, disabled, status, version, lastTimestamp, kind, eventVersion, eventTimestamp, msgID)
	})
}

func FuzzSpixi2Decrypt(f *testing.F) {
	x := Ixian()
	f.Add(x.AESKey, x.ChachaKey, x.AAD, x.Spixi2)
	f.Add(x.AESKey[:16], x.ChachaKey, x.AAD, x.Spixi2)
	f.Fuzz(func(t *testing.T, aesKey, chachaKey, aad, ciphertext []byte) {
		CheckSpixi2Decrypt(t, aesKey, chachaKey, aad, ciphertext)
	})
}

func FuzzSpixi2Layout(f *testing.F) {
	x := Ixian()
	f.Add(x.Nonce, unhex("fc2500"), []byte("hello"), x.AAD, uint8(2))
	f.Add(x.Nonce[:12], unhex("25"), []byte(""), []byte{}, uint8(0))
	f.Add([]byte{}, unhex("00"), []byte("x"), x.AAD, uint8(1))
	f.Fuzz(func(t *testing.T, nonce, lengthField, plaintext, aad []byte, aesSize uint8) {
		CheckSpixi2Layout(t, nonce, lengthField, plaintext, aad, aesSize)
	})
}

func FuzzRSA2Decrypt(f *testing.F) {
	x := Ixian()
	f.Add(x.RSA2Key, x.AAD, x.RSA2)
	f.Add(x.RSA2Key, x.AAD, x.RSA2[:600])
	f.Fuzz(func(t *testing.T, rsaPrivateKey, aad, envelope []byte) {
		CheckRSA2Decrypt(t, rsaPrivateKey, aad, envelope)
	})
}

func FuzzRSA2KeyBlock(f *testing.F) {
	x := Ixian()
	block := append(append([]byte{32}, x.AESKey...), append([]byte{32}, x.ChachaKey...)...)
	f.Add(block, x.Nonce, []byte("hello"), x.AAD)
	f.Add(append([]byte{16}, block[1:17]...), x.Nonce[:8], []byte("x"), []byte{})
	f.Add(append(unhex("fc2000"), block[1:]...), x.Nonce, []byte{}, x.AAD)
	f.Fuzz(func(t *testing.T, keyBlock, nonce, plaintext, aad []byte) {
		CheckRSA2KeyBlock(t, keyBlock, nonce, plaintext, aad)
	})
}

func FuzzIxianKeyAgreement(f *testing.F) {
	b := func(label string, n int) []byte { return ixianBytes("seed/"+label, n) }
	f.Add(b("acc", 66), b("seed", 64), b("aes", 32), b("req", 66), b("m", 32), b("chacha", 32), true, uint16(0), uint8(1))
	f.Add(b("acc", 66), b("seed", 64), []byte{}, b("req", 66), b("m", 32), b("chacha", 7), false, uint16(100), uint8(0x80))
	f.Fuzz(func(t *testing.T, acceptorScalar, mlkemSeed, aesSalt, requesterScalar, mlkemMessage, chachaSalt []byte, strict bool, flip uint16, mask uint8) {
		CheckIxianKeyAgreement(t, acceptorScalar, mlkemSeed, aesSalt, requesterScalar, mlkemMessage, chachaSalt, strict, flip, mask)
	})
}
