package ixian

import (
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/sha3"
	"testing"

	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"

	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// go test -run '^$' -bench . -benchmem ./impl/ixian

func BenchmarkVarUIntDecode(b *testing.B) {
	for _, in := range []struct{ name, hex string }{{"1byte", "2a"}, {"3byte", "fc2006"}, {"9byte", "feffffffffffffffff"}} {
		data := h(in.hex)
		for _, p := range []Profile{Strict, Deployed} {
			b.Run(in.name+"/"+p.String(), func(b *testing.B) {
				for b.Loop() {
					DecodeVarUInt(data, p)
				}
			})
		}
	}
}

func BenchmarkVarIntDecode(b *testing.B) {
	data := h("fa0000000000000080")
	for b.Loop() {
		DecodeVarInt(data, Strict)
	}
}

func BenchmarkVarIntEncode(b *testing.B) {
	buf := make([]byte, 0, 9)
	for b.Loop() {
		AppendVarInt(buf, -1<<40)
	}
}

func BenchmarkIxiBytesDecode(b *testing.B) {
	data := AppendIxiBytes(nil, make([]byte, 1568))
	for b.Loop() {
		DecodeIxiBytes(data, Strict)
	}
}

func BenchmarkPayloadDecode(b *testing.B) {
	u := runUnit(b, 0, Strict)
	req := (&RequestAdd2{MaxProtocolVersion: 1, PubKey: unitRSAPub(testkeys.IxianRequester)}).Encode()
	frame := (&SpixiMessage{Type: CodeAcceptAdd2, Data: u.acceptor.AcceptAdd2}).Encode()
	for _, p := range []Profile{Strict, Deployed} {
		b.Run("requestAdd2/"+p.String(), func(b *testing.B) {
			var m RequestAdd2
			b.SetBytes(int64(len(req)))
			for b.Loop() {
				if err := m.Decode(req, p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("acceptAdd2/"+p.String(), func(b *testing.B) {
			var m AcceptAdd2
			b.SetBytes(int64(len(u.acceptor.AcceptAdd2)))
			for b.Loop() {
				if err := m.Decode(u.acceptor.AcceptAdd2, p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("keys2/"+p.String(), func(b *testing.B) {
			var m Keys2
			b.SetBytes(int64(len(u.requester.Keys2)))
			for b.Loop() {
				if err := m.Decode(u.requester.Keys2, p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("SpixiMessage/"+p.String(), func(b *testing.B) {
			var m SpixiMessage
			b.SetBytes(int64(len(frame)))
			for b.Loop() {
				if err := m.Decode(frame, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchInputs struct {
	aScalar, aSeed, aesSalt, rScalar, m, chachaSalt, rsaPub []byte
}

func newBenchInputs() benchInputs {
	s := func(l string) []byte { b := detrand.Bytes("ixian/bench/"+l, 66); b[0] &= 1; return b }
	d := func(l string, n int) []byte { return detrand.Bytes("ixian/bench/"+l, n) }
	return benchInputs{s("a"), d("seed", 64), d("aes-salt", 32), s("r"), d("m", 32), d("chacha-salt", 32), unitRSAPub(testkeys.IxianAcceptor)}
}

// primitivesBench returns the floor under a handshake: the primitives
// both roles must call, each on its inputs in the form the protocol carries
// them. One call = 2 secp521r1 key pairs from scalars, parsing each
// peer's compressed public key (a square root, with the standard library's
// elliptic.UnmarshalCompressed), 2 ECDH, ML-KEM-1024 key generation from a
// seed, packing the encapsulation key and parsing it back, encapsulation
// and decapsulation (circl, as the package uses), and 4
// HKDF-HMAC-SHA3-512 (aesKey and chachaKey on each side).
func primitivesBench() func() {
	in := newBenchInputs()
	ikm := make([]byte, 98)
	compressed := func(scalar []byte) []byte {
		k, _ := ecdh.P521().NewPrivateKey(scalar)
		return compressP521(k.PublicKey().Bytes())
	}
	wireA, wireR := compressed(in.aScalar), compressed(in.rScalar)
	parse := func(wire []byte) *ecdh.PublicKey {
		x, y := elliptic.UnmarshalCompressed(elliptic.P521(), wire)
		unc := make([]byte, ECDHUncompressedSize)
		unc[0] = 4
		x.FillBytes(unc[1 : 1+ECDHSecretMaxSize])
		y.FillBytes(unc[1+ECDHSecretMaxSize:])
		k, _ := ecdh.P521().NewPublicKey(unc)
		return k
	}
	return func() {
		ka, _ := ecdh.P521().NewPrivateKey(in.aScalar)
		kr, _ := ecdh.P521().NewPrivateKey(in.rScalar)
		ka.PublicKey().Bytes() // each side's key, for the wire
		kr.PublicKey().Bytes()
		kr.ECDH(parse(wireA))
		ka.ECDH(parse(wireR))
		pk, sk := mlkem1024.NewKeyFromSeed(in.aSeed)
		ek := make([]byte, MLKEMPublicKeySize)
		pk.Pack(ek)
		var peer mlkem1024.PublicKey
		if err := peer.Unpack(ek); err != nil {
			panic(err)
		}
		ct, ss, ss2 := make([]byte, MLKEMCiphertextSize), make([]byte, 32), make([]byte, 32)
		peer.EncapsulateTo(ct, ss, in.m)
		sk.DecapsulateTo(ss2, ct)
		for range 2 { // each role derives both keys
			hkdf.Key(sha3.New512, ikm, in.aesSalt, AESKeyInfo, 32)
			hkdf.Key(sha3.New512, ikm, in.chachaSalt, ChachaKeyInfo, 32)
		}
	}
}

// handshakeBench returns one whole handshake, both roles: acceptAdd2
// built, decoded and answered with keys2, keys2 decoded and both sides'
// keys derived.
func handshakeBench(b *testing.B, p Profile) func() {
	in := newBenchInputs()
	return func() {
		a, err := AcceptorPrepare(in.aScalar, in.aSeed, in.aesSalt, 1, in.rsaPub, SpixiCapabilities, p)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Requester(a.AcceptAdd2, in.rScalar, in.m, in.chachaSalt, QuIXICapabilities, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Keys2(r.Keys2, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandshakeCost runs the handshake and its raw primitives in
// alternation and reports the ratio of their thread CPU times (the goal: at
// most 1.05) and of their allocations (at most 1.3), figures that hold on a
// loaded machine:
//
//	go test -run '^$' -bench HandshakeCost -benchtime 300x ./impl/ixian
func BenchmarkHandshakeCost(b *testing.B) {
	prim := primitivesBench()
	for _, p := range []Profile{Strict, Deployed} {
		b.Run(p.String(), func(b *testing.B) {
			cputime.Compare(b, "handshake", handshakeBench(b, p), "primitives", prim)
		})
	}
}

func BenchmarkRoles(b *testing.B) {
	in := newBenchInputs()
	a, _ := AcceptorPrepare(in.aScalar, in.aSeed, in.aesSalt, 1, in.rsaPub, SpixiCapabilities, Strict)
	r, _ := Requester(a.AcceptAdd2, in.rScalar, in.m, in.chachaSalt, QuIXICapabilities, Strict)
	b.Run("acceptorPrepare", func(b *testing.B) {
		for b.Loop() {
			AcceptorPrepare(in.aScalar, in.aSeed, in.aesSalt, 1, in.rsaPub, SpixiCapabilities, Strict)
		}
	})
	b.Run("requester", func(b *testing.B) {
		for b.Loop() {
			Requester(a.AcceptAdd2, in.rScalar, in.m, in.chachaSalt, QuIXICapabilities, Strict)
		}
	})
	b.Run("acceptorKeys2", func(b *testing.B) {
		for b.Loop() {
			a.Keys2(r.Keys2, Strict)
		}
	})
	b.Run("decompressPoint", func(b *testing.B) {
		for b.Loop() {
			parseECDHPubKey("b", a.ECDHPubKey, Strict)
		}
	})
}

func BenchmarkEnvelopes(b *testing.B) {
	ak, ck := detrand.Bytes("ixian/bench/ak", 32), detrand.Bytes("ixian/bench/ck", 32)
	nonce, aad, pt := detrand.Bytes("ixian/bench/nonce", 64), []byte{1, 1, 0}, make([]byte, 1024)
	s, _ := Spixi2Encrypt(pt, ak, ck, nonce, aad, Strict)
	b.Run("spixi2Encrypt/1KiB", func(b *testing.B) {
		b.SetBytes(1024)
		for b.Loop() {
			Spixi2Encrypt(pt, ak, ck, nonce, aad, Strict)
		}
	})
	b.Run("spixi2Decrypt/1KiB", func(b *testing.B) {
		b.SetBytes(1024)
		for b.Loop() {
			if _, err := Spixi2Decrypt(s.Envelope, ak, ck, aad, Strict); err != nil {
				b.Fatal(err)
			}
		}
	})
	pub := unitRSAPub(testkeys.IxianAcceptor)
	r, _ := RSA2Encrypt(pt, pub, ak, ck, make([]byte, 20), nonce, aad, Strict)
	key := testkeys.RSA(testkeys.IxianAcceptor)
	b.Run("rsa2Encrypt/1KiB", func(b *testing.B) {
		for b.Loop() {
			RSA2Encrypt(pt, pub, ak, ck, make([]byte, 20), nonce, aad, Strict)
		}
	})
	b.Run("rsa2Decrypt/1KiB", func(b *testing.B) {
		for b.Loop() {
			if _, err := RSA2Decrypt(r.Envelope, key, aad, Strict); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTransition(b *testing.B) {
	s := FriendState{Known: true, HandshakeStatus: 1, ProtocolVersion: 1, LastReceivedHandshakeMessageTimestamp: 5}
	e := Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 6}
	for b.Loop() {
		Transition(RoleRequester, s, e)
	}
}
