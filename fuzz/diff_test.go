package fuzz

import "testing"

// Differential fuzz targets: circl against crypto/mlkem for ML-KEM, and
// x/crypto, crypto/ecdh and circl against each other for X25519, with the
// reference implementation's use of each on top.

func FuzzMLKEM768(f *testing.F) {
	v := Verbeth()
	f.Add(v.MLKEMSeed, v.Respond.MLKEMMessage, []byte{}, []byte{})
	f.Add(v.MLKEMSeed, v.Respond.MLKEMMessage, []byte{1}, []byte{0xff, 0xff})
	f.Fuzz(func(t *testing.T, seed, m, ciphertextEdit, keyEdit []byte) {
		CheckMLKEM768(t, seed, m, ciphertextEdit, keyEdit)
	})
}

func FuzzMLKEM1024(f *testing.F) {
	x := Ixian()
	f.Add(x.Acceptor.MLKEMSeed, ixianBytes("requester/mlkem-m", 32), []byte{}, []byte{})
	f.Add(x.Acceptor.MLKEMSeed, ixianBytes("requester/mlkem-m", 32), []byte{0, 0, 0, 1}, []byte{0, 0xf0})
	f.Fuzz(func(t *testing.T, seed, m, ciphertextEdit, keyEdit []byte) {
		CheckMLKEM1024(t, seed, m, ciphertextEdit, keyEdit)
	})
}

func FuzzX25519(f *testing.F) {
	v := Verbeth()
	f.Add(v.Alice.XSecret, v.Bob.XPub[:])
	f.Add(v.Alice.XSecret, make([]byte, 32))
	f.Add(v.Alice.XSecret, unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) // p - 1
	f.Add(v.Alice.XSecret, unhex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) // p: non-canonical 0
	f.Add(v.Alice.XSecret, unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")) // order 8
	f.Fuzz(func(t *testing.T, scalar, point []byte) { CheckX25519(t, scalar, point) })
}
