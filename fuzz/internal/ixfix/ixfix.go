// Package ixfix is the fixed Ixian handshake the fuzz targets seed from,
// and the P-521 helpers they share. Every input is drawn from
// internal/detrand under "pqhs/fuzz/ixian/…".
package ixfix

import (
	"crypto/elliptic"
	"math"
	"math/big"
	"sync"

	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// EventKinds is the order in which the handshakeStatus target reads its
// kind argument.
var EventKinds = []ixian.EventKind{ixian.RequestAdd2Sent, ixian.AcceptAdd2Sent, ixian.Keys2Sent,
	ixian.RequestAdd2Received, ixian.AcceptAdd2Received, ixian.Keys2Received, ixian.MsgReceived,
	ixian.RequestAddReceived, ixian.AcceptAddReceived, ixian.KeysReceived}

// Fixture is one fixed Ixian handshake, every input drawn from
// internal/detrand under "pqhs/fuzz/ixian/…": the handwritten seeds of the
// targets and the keys of the envelope targets come from it.
type Fixture struct {
	RequesterRSA, AcceptorRSA []byte // Ixian-format public keys
	RequestAdd2               []byte
	Acceptor                  *ixian.Acceptor
	Requester                 *ixian.RequesterResult
	AcceptFrame, KeysFrame    []byte // SpixiMessage frames of acceptAdd2 and keys2
	AESKey, ChachaKey         []byte // the session keys
	Nonce, AAD                []byte
	Spixi2                    []byte // a spixi2 envelope under the session keys
	RSA2                      []byte // an rsa2 envelope of AcceptFrame to the requester
	RSA2Key                   []byte // the requester's private key, PKCS#8 DER
}

// Bytes draws n bytes under the label.
func Bytes(label string, n int) []byte { return detrand.Bytes("pqhs/fuzz/ixian/"+label, n) }

// Ixian returns the fixture, built once.
var Ixian = sync.OnceValue(func() *Fixture {
	must := func(err error) {
		if err != nil {
			panic("ixfix: the Ixian fixture: " + err.Error())
		}
	}
	x := &Fixture{
		RequesterRSA: ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianRequester).PublicKey, 1),
		AcceptorRSA:  ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey, 1),
		RSA2Key:      testkeys.PKCS8(testkeys.IxianRequester),
	}
	x.RequestAdd2 = (&ixian.RequestAdd2{MaxProtocolVersion: 1, PubKey: x.RequesterRSA}).Encode()
	var err error
	x.Acceptor, err = ixian.AcceptorPrepare(P521Scalar(Bytes("acceptor/ecdh-scalar", 66)), Bytes("acceptor/mlkem-seed", 64),
		Bytes("acceptor/aes-salt", 32), 1, x.AcceptorRSA, ixian.SpixiCapabilities, ixian.Strict)
	must(err)
	x.Requester, err = ixian.Requester(x.Acceptor.AcceptAdd2, P521Scalar(Bytes("requester/ecdh-scalar", 66)),
		Bytes("requester/mlkem-m", 32), Bytes("requester/chacha-salt", 32), ixian.QuIXICapabilities, ixian.Strict)
	must(err)
	x.AESKey, x.ChachaKey = x.Requester.AESKey, x.Requester.ChachaKey
	x.AcceptFrame = (&ixian.SpixiMessage{Type: ixian.CodeAcceptAdd2, Data: x.Acceptor.AcceptAdd2}).Encode()
	x.KeysFrame = (&ixian.SpixiMessage{Type: ixian.CodeKeys2, Data: x.Requester.Keys2}).Encode()
	x.Nonce = Bytes("spixi2/nonce", ixian.Spixi2NonceSize)
	x.AAD = ixian.StreamMessageAAD(ixian.IDKeys2, ixian.StreamInfo, 1767225600)
	s, err := ixian.Spixi2Encrypt([]byte("fuzz fixture message"), x.AESKey, x.ChachaKey, x.Nonce, x.AAD, ixian.Strict)
	must(err)
	x.Spixi2 = s.Envelope
	r, err := ixian.RSA2Encrypt(x.AcceptFrame, x.RequesterRSA, Bytes("rsa2/temp-aes", 32), Bytes("rsa2/temp-chacha", 32),
		Bytes("rsa2/oaep-seed", 20), Bytes("rsa2/nonce", 64), x.AAD, ixian.Strict)
	must(err)
	x.RSA2 = r.Envelope
	return x
})

// P521N is the order of the P-521 group.
var P521N, _ = new(big.Int).SetString("01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409", 16)

// P521Scalar fits b into a 66-byte big-endian scalar below 2^521: the form
// of a secp521r1 private key, which is valid unless 0 or >= n.
func P521Scalar(b []byte) []byte {
	s := make([]byte, ixian.ECDHScalarSize)
	copy(s, b)
	s[0] &= 1
	return s
}

// P521Valid reports whether a 66-byte scalar is in [1, n-1].
func P521Valid(s []byte) bool {
	k := new(big.Int).SetBytes(s)
	return k.Sign() > 0 && k.Cmp(P521N) < 0
}

// P521Uncompressed returns the 133-byte form of a compressed point, with
// the given prefix (04 uncompressed, 06 or 07 hybrid).
func P521Uncompressed(compressed []byte, prefix byte) []byte {
	x, y := elliptic.UnmarshalCompressed(elliptic.P521(), compressed)
	if x == nil {
		panic("ixfix: not a compressed P-521 point")
	}
	out := make([]byte, ixian.ECDHUncompressedSize)
	out[0] = prefix
	x.FillBytes(out[1:67])
	y.FillBytes(out[67:])
	return out
}

// AppendVarUIntWidth writes v as an IxiVarUInt of the given width (1, 3, 5
// or 9 bytes), or minimally if v does not fit it.
func AppendVarUIntWidth(dst []byte, v uint64, width int) []byte {
	switch {
	case width == 3 && v <= math.MaxUint16:
		return append(dst, 0xFC, byte(v), byte(v>>8))
	case width == 5 && v <= math.MaxUint32:
		return append(dst, 0xFD, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	case width == 9:
		dst = append(dst, 0xFE)
		for i := range 8 {
			dst = append(dst, byte(v>>(8*i)))
		}
		return dst
	}
	return ixian.AppendVarUInt(dst, v)
}
