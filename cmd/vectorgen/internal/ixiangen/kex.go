package ixiangen

// Ixian key agreement: ECDH, the key derivation and the three role steps.

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha3"
	"crypto/sha512"
	"fmt"
	"hash"
	"math/big"
	"slices"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	hsHeader := "The handshakes hs66, hs65, hs64 and hs63 of crosscheck/ixian.mjs have ECDH secrets of 66, 65, 64 and 63 bytes; their inputs are drawn under ixian/unit/<handshake>/… and their outputs pinned to @noble's. Other tests change one input of hs66 unless they say otherwise."
	gen.Register(&gen.Generator{Family: vectors.IxianECDH, Notes: notes, Groups: genECDH, Header: []string{hsHeader, scalarNote}})
	gen.Register(&gen.Generator{Family: vectors.IxianDeriveKeys, Notes: notes, Groups: genDeriveKeys, Header: []string{hsHeader,
		"The trap tests are valid tests whose comment gives the first bytes of the aesKey (or chachaKey) a port with the named bug would derive instead."}})
	gen.Register(&gen.Generator{Family: vectors.IxianAcceptorPrepare, Notes: notes, Groups: genAcceptorPrepare, Header: []string{hsHeader, scalarNote}})
	gen.Register(&gen.Generator{Family: vectors.IxianRequesterAcceptAdd2, Notes: notes, Groups: genRequesterAcceptAdd2, Header: []string{hsHeader, scalarNote}})
	gen.Register(&gen.Generator{Family: vectors.IxianAcceptorKeys2, Notes: notes, Groups: genAcceptorKeys2, Header: []string{hsHeader, scalarNote}})
	gen.Register(&gen.Generator{Family: vectors.IxianAcceptorKeys2Persisted, Notes: notes, Groups: genAcceptorKeys2Persisted})
}

// invalidScalars are private scalars both profiles refuse (invalid_key).
func invalidScalars(h *handshake) []struct {
	comment string
	scalar  []byte
} {
	n := curveN
	return []struct {
		comment string
		scalar  []byte
	}{
		{"ecdhPrivateKey 0", make([]byte, 66)},
		{"ecdhPrivateKey n, the group order", scalarOf(n)},
		{"ecdhPrivateKey n+1 (a port that reduces mod n would use 1)", scalarOf(new(big.Int).Add(n, big.NewInt(1)))},
		{"ecdhPrivateKey of 66 0xff bytes (above 2^521)", bytes.Repeat([]byte{0xff}, 66)},
		{"ecdhPrivateKey of 65 bytes: hs66's acceptor scalar without its leading zero byte, as Ixian-Core stores it", h.acceptorScalar[1:]},
		{"ecdhPrivateKey of 67 bytes: a zero byte prepended", slices.Concat([]byte{0}, h.requesterScalar)},
	}
}

// pointCases are peer keys that both profiles refuse at ECDH, for the
// family input or payload built by put. compressed is a valid key.
func pointCases(put func(pub []byte) vectors.Values, compressed []byte, withForms bool) []gen.Case {
	noPoint := noPointX()
	xs := []gen.Case{
		gen.Invalid(fmt.Sprintf("compressed key whose X (%d) has no curve point", new(big.Int).SetBytes(noPoint[1:])), category.InvalidPoint, put(noPoint), "NoCurvePoint"),
		gen.Invalid("compressed key with X = p", category.InvalidPoint, put(slices.Concat([]byte{2}, scalarOf(curveP))), "CoordinateRange"),
		gen.Invalid("compressed key with X + p in place of a valid X (the same point to a port that reduces X mod p)", category.InvalidPoint, put(xPlusP(compressed)), "CoordinateRange"),
		gen.Invalid("compressed key with X = 2^528-1", category.InvalidPoint, put(slices.Concat([]byte{3}, bytes.Repeat([]byte{0xff}, 66))), "CoordinateRange"),
		gen.Invalid("a lone 00: the point at infinity", category.InvalidPoint, put([]byte{0}), "PointAtInfinity"),
	}
	if withForms {
		xs = append(xs,
			gen.Invalid("67 bytes with prefix 04", category.InvalidPoint, put(slices.Concat([]byte{4}, compressed[1:])), "PointPrefix"),
			gen.Invalid("67 bytes with prefix 01", category.InvalidPoint, put(slices.Concat([]byte{1}, compressed[1:])), "PointPrefix"),
			gen.Invalid("66 bytes: the bare X", category.FieldLength, put(compressed[1:]), "PointLength"),
			gen.Invalid("68 bytes: a zero byte appended", category.FieldLength, put(slices.Concat(compressed, []byte{0})), "PointLength"),
			gen.Invalid("empty", category.EmptyField, put([]byte{}), "EmptyField"),
		)
	}
	return xs
}

func genECDH() []gen.Group {
	hs := fixtures()
	var crossChecked []gen.Case
	for _, h := range hs {
		word := secretWord(h.secretLen)
		crossChecked = append(crossChecked,
			gen.Valid(h.name+", the requester's side: "+word, vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", h.acceptor.ECDHPubKey), secretFlags(h, "CrossChecked", "Handshake")...).
				Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "ownPublicKey", gen.Unhex(h.cc.RequesterECDHPubKey)).
				Drew("ecdhPrivateKey", h.requesterScalarLabel),
			gen.Valid(h.name+", the acceptor's side: "+word, vectors.Make("ecdhPrivateKey", h.acceptorScalar, "publicKey", h.requester.ECDHPubKey), secretFlags(h, "CrossChecked", "Handshake")...).
				Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "ownPublicKey", gen.Unhex(h.cc.AcceptorECDHPubKey)).
				Drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar")),
		)
	}
	var random []gen.Case
	for i := 1; i <= 3; i++ {
		tc := fmt.Sprintf("random-%d", i)
		d, peer := vecLabel("ecdh", tc, "ecdhPrivateKey"), vecLabel("ecdh", tc, "peer-scalar")
		pub := gen.Must(ixian.ECDHPublicKey(drawScalar(peer)))
		random = append(random, gen.Valid(fmt.Sprintf("random %d: publicKey is the compressed key of the scalar drawn under %s", i, peer),
			vectors.Make("ecdhPrivateKey", drawScalar(d), "publicKey", pub), "Random").Drew("ecdhPrivateKey", d))
	}
	h := hs[0]
	accPub := h.acceptor.ECDHPubKey
	other := slices.Concat([]byte{accPub[0] ^ 1}, accPub[1:])
	one := scalarOf(big.NewInt(1))
	nMinus1 := scalarOf(new(big.Int).Sub(curveN, big.NewInt(1)))
	put := func(pub []byte) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", pub)
	}
	var badScalars []gen.Case
	for _, s := range invalidScalars(h) {
		badScalars = append(badScalars, gen.Invalid(s.comment, category.InvalidKey, vectors.Make("ecdhPrivateKey", s.scalar, "publicKey", accPub), "ScalarRange"))
	}
	return []gen.Group{
		{Type: "ECDH", Comment: "both sides of the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "ECDH", Comment: "random key pairs", Cases: random},
		{Type: "ECDH", Comment: "edge cases of a valid exchange", Cases: []gen.Case{
			gen.Valid("ecdhPrivateKey 1: the secret is the peer's own X, stripped", vectors.Make("ecdhPrivateKey", one, "publicKey", accPub), "ScalarRange"),
			gen.Valid("ecdhPrivateKey n-1: -Q has Q's X, so the same secret as 1", vectors.Make("ecdhPrivateKey", nMinus1, "publicKey", accPub), "ScalarRange"),
			gen.Valid("hs66's acceptor key with the other Y parity: -Q gives the same X", vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", other), "PointParity").
				Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret)),
		}},
		{Type: "ECDH", Comment: "point forms only the deployed profile reads", Cases: []gen.Case{
			gen.Acceptable("hs66's acceptor key uncompressed (04)", category.FieldLength, put(uncompressed(h.acceptorScalar, 4)), "UncompressedPoint").Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret)),
			gen.Acceptable("hs66's acceptor key hybrid (06/07 with Y's parity)", category.FieldLength, put(uncompressed(h.acceptorScalar, 6)), "HybridPoint").Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret)),
		}},
		{Type: "ECDH", Comment: "a shared X of 0", Cases: []gen.Case{
			gen.Acceptable("publicKey d^-1·(0, sqrt(b)): the shared X is 0, so the secret is empty", category.InvalidPoint, zeroXECDH(), "ZeroX", "CrossChecked").
				Pin("ecdhSecret", []byte{}, "ownPublicKey", gen.Must(ixian.ECDHPublicKey(gen.Unhex(crossCheck().Frames.ZeroX.RequesterScalar)))),
		}},
		{Type: "ECDH", Comment: "invalid public keys", Cases: pointCases(put, accPub, true)},
		{Type: "ECDH", Comment: "invalid points in forms only the deployed profile reads", Cases: invalidForms(put, h.acceptorScalar)},
		{Type: "ECDH", Comment: "invalid private keys", Cases: badScalars},
	}
}

// hkdfKey is HKDF with any hash, for the trap comments.
func hkdfKey(hf func() hash.Hash, ikm, salt []byte, info string) []byte {
	return gen.Must(hkdf.Key(hf, ikm, salt, info, 32))
}

func genDeriveKeys() []gen.Group {
	hs := fixtures()
	in := func(h *handshake) vectors.Values {
		return vectors.Make("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret), "aesSalt", h.aesSalt, "chachaSalt", h.chachaSalt)
	}
	pin := func(x gen.Case, h *handshake) gen.Case {
		return x.Pin("ikm", gen.Unhex(h.cc.IKM), "aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey),
			"aesPrk", gen.Unhex(h.cc.AESPRK), "chachaPrk", gen.Unhex(h.cc.ChachaPRK))
	}
	var crossChecked []gen.Case
	for _, h := range hs {
		crossChecked = append(crossChecked, pin(gen.Valid(h.name+": "+secretWord(h.secretLen), in(h), secretFlags(h, "CrossChecked", "Handshake")...), h))
	}
	// Traps: what a port with one bug derives instead, for the comments.
	sha3_512 := func() hash.Hash { return sha3.New512() }
	trap := func(h *handshake, what, key string, wrong, right []byte, flags ...string) gen.Case {
		if bytes.Equal(wrong, right) {
			panic("vectorgen: a deriveKeys trap does not change " + key)
		}
		return pin(gen.Valid(fmt.Sprintf("%s: %s would give %s %x…", h.name, what, key, wrong[:6]), in(h), append([]string{"CrossChecked"}, flags...)...), h)
	}
	ss := func(h *handshake) []byte { return gen.Unhex(h.cc.ECDHSecret) }
	kem := func(h *handshake) []byte { return gen.Unhex(h.cc.MLKEMSecret) }
	aesOf := func(h *handshake) []byte { return gen.Unhex(h.cc.AESKey) }
	h65, h64, h63, h66 := hs[1], hs[2], hs[3], hs[0]
	traps := []gen.Case{
		trap(h65, "an IKM of mlkemSecret || ecdhSecret", "aesKey", hkdfKey(sha3_512, slices.Concat(kem(h65), ss(h65)), h65.aesSalt, ixian.AESKeyInfo), aesOf(h65), "IKMOrder"),
		trap(h66, "the two salts swapped", "aesKey", hkdfKey(sha3_512, slices.Concat(ss(h66), kem(h66)), h66.chachaSalt, ixian.AESKeyInfo), aesOf(h66), "SwappedSalts"),
		trap(h66, "one salt (aesSalt) for both keys", "chachaKey", hkdfKey(sha3_512, slices.Concat(ss(h66), kem(h66)), h66.aesSalt, ixian.ChachaKeyInfo), gen.Unhex(h66.cc.ChachaKey), "SwappedSalts"),
		trap(h64, "HKDF over HMAC-SHA-512", "aesKey", hkdfKey(sha512.New, slices.Concat(ss(h64), kem(h64)), h64.aesSalt, ixian.AESKeyInfo), aesOf(h64), "HKDFHash"),
		trap(h63, "HKDF over HMAC-SHA3-256", "aesKey", hkdfKey(func() hash.Hash { return sha3.New256() }, slices.Concat(ss(h63), kem(h63)), h63.aesSalt, ixian.AESKeyInfo), aesOf(h63), "HKDFHash"),
		trap(h66, "the info strings swapped", "aesKey", hkdfKey(sha3_512, slices.Concat(ss(h66), kem(h66)), h66.aesSalt, ixian.ChachaKeyInfo), aesOf(h66), "InfoStrings"),
		trap(h65, "the ECDH secret padded to 66 bytes", "aesKey", hkdfKey(sha3_512, slices.Concat([]byte{0}, ss(h65), kem(h65)), h65.aesSalt, ixian.AESKeyInfo), aesOf(h65), "StrippedSecret"),
		trap(h63, "the ECDH secret padded to 66 bytes", "aesKey", hkdfKey(sha3_512, slices.Concat([]byte{0, 0, 0}, ss(h63), kem(h63)), h63.aesSalt, ixian.AESKeyInfo), aesOf(h63), "StrippedSecret"),
	}
	h := h66
	salt := func(n int) []byte { return repeat(h.aesSalt, n) }
	csalt := func(n int) []byte { return repeat(h.chachaSalt, n) }
	emptyOut := gen.Must(ixian.DeriveKeys(ss(h), kem(h), nil, h.chachaSalt, ixian.Deployed))
	zeroOut := gen.Must(ixian.DeriveKeys(ss(h), kem(h), make([]byte, 64), h.chachaSalt, ixian.Deployed))
	if !bytes.Equal(emptyOut.AESKey, zeroOut.AESKey) {
		panic("vectorgen: an empty salt should act as 64 zero bytes")
	}
	var salts []gen.Case
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		salts = append(salts,
			gen.Acceptable(fmt.Sprintf("aesSalt of %d bytes", n), category.SaltLength, in(h).With("aesSalt", salt(n)), flags...),
			gen.Acceptable(fmt.Sprintf("chachaSalt of %d bytes", n), category.SaltLength, in(h).With("chachaSalt", csalt(n)), flags...),
		)
	}
	salts = append(salts,
		gen.Acceptable("aesSalt of 64 zero bytes: the same aesKey as the empty salt (RFC 5869's default salt)", category.SaltLength, in(h).With("aesSalt", make([]byte, 64)), "SaltLength", "EmptySalt").
			Pin("aesKey", emptyOut.AESKey),
		gen.Acceptable("aesSalt of 72 bytes: HMAC-SHA3-512's block size, used as the HMAC key as it is", category.SaltLength, in(h).With("aesSalt", salt(72)), "SaltLength", "LongSalt"),
		gen.Acceptable("aesSalt of 73 bytes: longer than a block, so HMAC hashes it first", category.SaltLength, in(h).With("aesSalt", salt(73)), "SaltLength", "LongSalt"),
		gen.Acceptable("aesSalt of 145 bytes: longer than two blocks, hashed whole", category.SaltLength, in(h).With("aesSalt", salt(145)), "SaltLength", "LongSalt"),
		gen.Valid("equal salts: aesKey and chachaKey still differ by their info strings", in(h).With("chachaSalt", h.aesSalt), "InfoStrings"),
	)
	return []gen.Group{
		{Type: "DeriveKeys", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "DeriveKeys", Comment: "traps: valid tests a port with the named bug fails", Cases: traps},
		{Type: "DeriveKeys", Comment: "salts", Cases: salts},
		{Type: "DeriveKeys", Comment: "secrets of the wrong size", Cases: []gen.Case{
			zeroXDeriveKeys(),
			gen.Invalid("ecdhSecret of 67 bytes", category.FieldLength, in(h).With("ecdhSecret", slices.Concat(ss(h), []byte{1})), "SecretLength"),
			gen.Invalid("hs65's ecdhSecret padded to 66 bytes with a zero byte", category.FieldLength, in(h65).With("ecdhSecret", slices.Concat([]byte{0}, ss(h65))), "SecretLength", "StrippedSecret"),
			gen.Invalid("mlkemSecret of 31 bytes", category.FieldLength, in(h).With("mlkemSecret", kem(h)[:31]), "SecretLength"),
			gen.Invalid("mlkemSecret of 33 bytes", category.FieldLength, in(h).With("mlkemSecret", slices.Concat(kem(h), []byte{0})), "SecretLength"),
			gen.Invalid("mlkemSecret empty", category.FieldLength, in(h).With("mlkemSecret", []byte{}), "SecretLength"),
		}},
	}
}

func genAcceptorPrepare() []gen.Group {
	hs := fixtures()
	in := func(h *handshake) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.acceptorScalar, "mlkemSeed", h.acceptorSeed, "aesSalt", h.aesSalt, "version", 1, "rsaPubKey", acceptorRSA, "capabilities", 63)
	}
	drawn := func(x gen.Case, h *handshake) gen.Case {
		return x.Drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar"), "mlkemSeed", h.label("acceptor/mlkem-seed"), "aesSalt", h.label("acceptor/aes-salt"))
	}
	var crossChecked []gen.Case
	for _, h := range hs {
		crossChecked = append(crossChecked, drawn(gen.Valid(h.name+"'s acceptor", in(h), "CrossChecked", "Handshake"), h).
			Pin("acceptAdd2", gen.Unhex(h.cc.AcceptAdd2), "ecdhPubKey", gen.Unhex(h.cc.AcceptorECDHPubKey), "mlkemPubKey", gen.Unhex(h.cc.MLKEMPubKey)))
	}
	var random []gen.Case
	for i := 1; i <= 2; i++ {
		l := func(s string) string { return vecLabel("acceptor/prepare", fmt.Sprintf("random-%d", i), s) }
		random = append(random, gen.Valid(fmt.Sprintf("random %d", i), vectors.Make("ecdhPrivateKey", drawScalar(l("ecdhPrivateKey")), "mlkemSeed", detrand.Bytes(l("mlkemSeed"), 64),
			"aesSalt", detrand.Bytes(l("aesSalt"), 32), "version", 1, "rsaPubKey", acceptorRSA, "capabilities", 63), "Random").
			Drew("ecdhPrivateKey", l("ecdhPrivateKey"), "mlkemSeed", l("mlkemSeed"), "aesSalt", l("aesSalt")))
	}
	h := hs[0]
	var odd []gen.Case
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		odd = append(odd, gen.Acceptable(fmt.Sprintf("aesSalt of %d bytes", n), category.SaltLength, in(h).With("aesSalt", repeat(h.aesSalt, n)), flags...))
	}
	odd = append(odd,
		gen.Acceptable("version 2", category.Version, in(h).With("version", 2), "VersionRule"),
		gen.Acceptable("version 0 (a friend whose requestAdd2 said 0)", category.Version, in(h).With("version", 0), "VersionRule"),
		gen.Acceptable("the 523-byte legacy rsaPubKey", category.InvalidKey, in(h).With("rsaPubKey", legacyRSA(acceptorRSA)), "LegacyRSAKey"),
	)
	var bad []gen.Case
	for _, s := range invalidScalars(h) {
		bad = append(bad, gen.Invalid(s.comment, category.InvalidKey, in(h).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	bad = append(bad,
		gen.Invalid("mlkemSeed of 32 bytes (d only)", category.InvalidKey, in(h).With("mlkemSeed", h.acceptorSeed[:32]), "SeedLength"),
		gen.Invalid("mlkemSeed of 63 bytes", category.InvalidKey, in(h).With("mlkemSeed", h.acceptorSeed[:63]), "SeedLength"),
		gen.Invalid("mlkemSeed of 65 bytes", category.InvalidKey, in(h).With("mlkemSeed", slices.Concat(h.acceptorSeed, []byte{0})), "SeedLength"),
		gen.Invalid("rsaPubKey empty", category.EmptyField, in(h).With("rsaPubKey", []byte{}), "EmptyField"),
		gen.Invalid("rsaPubKey of 48 bytes", category.FieldLength, in(h).With("rsaPubKey", acceptorRSA[:48]), "RSAKeyFormat"),
	)
	return []gen.Group{
		{Type: "AcceptorPrepare", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "AcceptorPrepare", Comment: "random inputs", Cases: random},
		{Type: "AcceptorPrepare", Cases: []gen.Case{
			gen.Valid("capabilities 17 (QuIXI)", in(h).With("capabilities", 17), "Capabilities"),
			gen.Valid("capabilities 0", in(h).With("capabilities", 0), "Capabilities"),
		}},
		{Type: "AcceptorPrepare", Comment: "what only the deployed profile writes", Cases: odd},
		{Type: "AcceptorPrepare", Comment: "unusable inputs", Cases: bad},
	}
}

func genRequesterAcceptAdd2() []gen.Group {
	hs := fixtures()
	in := func(h *handshake, acceptAdd2 []byte) vectors.Values {
		return vectors.Make("acceptAdd2", acceptAdd2, "ecdhPrivateKey", h.requesterScalar, "mlkemMessage", h.mlkemMessage, "chachaSalt", h.chachaSalt, "capabilities", 17)
	}
	var crossChecked []gen.Case
	for _, h := range hs {
		crossChecked = append(crossChecked, gen.Valid(h.name+"'s requester: "+secretWord(h.secretLen), in(h, h.acceptor.AcceptAdd2), secretFlags(h, "CrossChecked", "Handshake")...).
			Pin("keys2", gen.Unhex(h.cc.Keys2), "ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret), "ikm", gen.Unhex(h.cc.IKM),
				"aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey), "peerCapabilities", 63,
				"aesPrk", gen.Unhex(h.cc.AESPRK), "chachaPrk", gen.Unhex(h.cc.ChachaPRK),
				"ecdhPubKey", gen.Unhex(h.cc.RequesterECDHPubKey), "mlkemCiphertext", gen.Unhex(h.cc.MLKEMCiphertext)).
			Drew("ecdhPrivateKey", h.requesterScalarLabel, "mlkemMessage", h.label("requester/mlkem-m"), "chachaSalt", h.label("requester/chacha-salt")))
	}
	h := hs[0]
	accept := acceptAdd2Wire(h.acceptor.AcceptAdd2)
	l := func(s string) string { return vecLabel("requester/acceptAdd2", "random", s) }
	rnd := gen.Must(ixian.AcceptorPrepare(drawScalar(l("acceptor-scalar")), detrand.Bytes(l("acceptor-mlkem-seed"), 64), detrand.Bytes(l("aesSalt"), 32), 1, acceptorRSA, 63, ixian.Strict))
	m := peerMessage{name: "acceptAdd2", sender: "acceptor", wire: accept, whole: h.acceptor.AcceptAdd2, senderScalar: h.acceptorScalar,
		senderKey: h.acceptor.ECDHPubKey, salt: "aesSalt", keptSalt: "chachaSalt", in: func(msg []byte) vectors.Values { return in(h, msg) }}
	odd, bad := m.cases(h)
	odd = append(odd,
		gen.Invalid("acceptAdd2 with the acceptor's key uncompressed, Y + p in place of Y", category.FieldLength, in(h, accept.With("ecdhPubKey", ixiBytes(yPlusP(h.acceptorScalar)))), "UncompressedPoint", "CoordinateRange").
			DeployedRejects(category.InvalidPoint),
		h.pinKeys(gen.Acceptable("acceptAdd2 version 2", category.Version, in(h, accept.With("version", []byte{2})), "VersionRule")),
		h.pinKeys(gen.Acceptable("a byte after acceptAdd2's capabilities", category.TrailingBytes, in(h, accept.With("capabilities", []byte{63, 0})), "TrailingBytes")),
	)
	ek := h.acceptor.MLKEMPubKey
	bad = append(bad,
		gen.Invalid("acceptAdd2's mlkemPubKey with its first coefficient set to q = 3329", category.EKModulus, in(h, accept.With("mlkemPubKey", ixiBytes(unreduced(ek, 0, 3329)))), "EKModulus"),
		gen.Invalid("acceptAdd2's mlkemPubKey with its last coefficient set to 4095", category.EKModulus, in(h, accept.With("mlkemPubKey", ixiBytes(unreduced(ek, 1023, 4095)))), "EKModulus"),
		gen.Invalid("acceptAdd2's mlkemPubKey of 1184 bytes", category.FieldLength, in(h, accept.With("mlkemPubKey", ixiBytes(ek[:1184]))), "MLKEMLength"),
		gen.Invalid("mlkemMessage of 31 bytes", category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("mlkemMessage", h.mlkemMessage[:31]), "SeedLength"),
		gen.Invalid("mlkemMessage of 64 bytes", category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("mlkemMessage", repeat(h.mlkemMessage, 64)), "SeedLength"),
		gen.Invalid("acceptAdd2 cut after mlkemPubKey", category.Truncated, in(h, accept.CutAfter("mlkemPubKey")), "Truncated"),
		gen.Invalid("an empty acceptAdd2", category.Truncated, in(h, []byte{}), "Truncated"),
	)
	for _, s := range invalidScalars(h)[:3] {
		bad = append(bad, gen.Invalid(s.comment, category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	return []gen.Group{
		{Type: "RequesterAcceptAdd2", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "RequesterAcceptAdd2", Comment: "random inputs", Cases: []gen.Case{
			gen.Valid("random: acceptAdd2 made by ixian/acceptor/prepare from inputs drawn under "+l("…"),
				vectors.Make("acceptAdd2", rnd.AcceptAdd2, "ecdhPrivateKey", drawScalar(l("ecdhPrivateKey")), "mlkemMessage", detrand.Bytes(l("mlkemMessage"), 32),
					"chachaSalt", detrand.Bytes(l("chachaSalt"), 32), "capabilities", 63), "Random").
				Drew("ecdhPrivateKey", l("ecdhPrivateKey"), "mlkemMessage", l("mlkemMessage"), "chachaSalt", l("chachaSalt")),
		}},
		{Type: "RequesterAcceptAdd2", Comment: "what only the deployed profile accepts", Cases: append(odd, zeroXRequester(accept))},
		{Type: "RequesterAcceptAdd2", Comment: "what both profiles refuse", Cases: bad},
	}
}

func genAcceptorKeys2Persisted() []gen.Group {
	hs := fixtures()
	if gen.Hex(gen.Must(ixian.MLKEMExpandedKey(hs[0].acceptorSeed))) != crossCheck().Frames.ExpandedKey.DK {
		panic("vectorgen: hs66's expanded ML-KEM key differs from crosscheck.json")
	}
	in := func(h *handshake, scalar, dk, keys2 []byte) vectors.Values {
		return vectors.Make("ecdhPrivateKey", scalar, "mlkemPrivateKey", dk, "aesSalt", h.aesSalt, "keys2", keys2)
	}
	dkOf := func(h *handshake) []byte { return gen.Must(ixian.MLKEMExpandedKey(h.acceptorSeed)) }
	var crossChecked []gen.Case
	for _, h := range hs {
		sc := ixian.ECDHScalarUnsigned(h.acceptorScalar)
		crossChecked = append(crossChecked, gen.Valid(fmt.Sprintf("%s's acceptor, its scalar persisted in %d bytes and its expanded ML-KEM key", h.name, len(sc)),
			in(h, sc, dkOf(h), h.requester.Keys2), "CrossChecked", "Handshake", "PersistedState").
			Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret), "ikm", gen.Unhex(h.cc.IKM),
				"aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey), "peerCapabilities", 17,
				"aesPrk", gen.Unhex(h.cc.AESPRK), "chachaPrk", gen.Unhex(h.cc.ChachaPRK)))
	}
	h := hs[0]
	dk := dkOf(h)
	badHash := slices.Clone(dk)
	badHash[3104] ^= 1
	sc := ixian.ECDHScalarUnsigned(h.acceptorScalar)
	return []gen.Group{
		{Type: "AcceptorKeys2Persisted", Comment: "the handshakes of crosscheck/ixian.mjs, restored from the persisted forms", Cases: crossChecked},
		{Type: "AcceptorKeys2Persisted", Comment: "other persisted forms", Cases: []gen.Case{
			gen.Valid("hs66's scalar in the 66-byte form of this API: the same acceptor", in(h, h.acceptorScalar, dk, h.requester.Keys2), "PersistedState").
				Pin("aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey)),
			gen.Valid("ecdhPrivateKey 01: the scalar 1", in(h, []byte{1}, dk, h.requester.Keys2), "PersistedState", "ScalarRange").
				Pin("mlkemSecret", gen.Unhex(h.cc.MLKEMSecret)),
		}},
		{Type: "AcceptorKeys2Persisted", Comment: "what only the deployed profile accepts", Cases: []gen.Case{
			gen.Acceptable("H(ek) in the expanded key with a bit flipped: BouncyCastle does not check it, decapsulation yields the implicit rejection secret SHAKE-256(z || c)", category.InvalidKey,
				in(h, sc, badHash, h.requester.Keys2), "PersistedState", "ExpandedKeyHash", "CrossChecked").
				Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(crossCheck().Frames.ExpandedKey.BadHashSecret)),
		}},
		{Type: "AcceptorKeys2Persisted", Comment: "what both profiles refuse", Cases: []gen.Case{
			gen.Invalid("an empty ecdhPrivateKey", category.InvalidKey, in(h, []byte{}, dk, h.requester.Keys2), "PersistedState"),
			gen.Invalid("ecdhPrivateKey 00: the scalar 0", category.InvalidKey, in(h, []byte{0}, dk, h.requester.Keys2), "PersistedState", "ScalarRange"),
			gen.Invalid("ecdhPrivateKey of 67 bytes", category.InvalidKey, in(h, slices.Concat([]byte{0}, h.acceptorScalar), dk, h.requester.Keys2), "PersistedState"),
			gen.Invalid("ecdhPrivateKey n, the group order", category.InvalidKey, in(h, scalarOf(curveN), dk, h.requester.Keys2), "PersistedState", "ScalarRange"),
			gen.Invalid("mlkemPrivateKey of 3167 bytes", category.InvalidKey, in(h, sc, dk[:3167], h.requester.Keys2), "PersistedState"),
			gen.Invalid("mlkemPrivateKey of 64 bytes: the seed instead", category.InvalidKey, in(h, sc, h.acceptorSeed, h.requester.Keys2), "PersistedState"),
			gen.Invalid("keys2 cut inside mlkemCiphertext", category.Truncated, in(h, sc, dk, keys2Wire(h.requester.Keys2).Cut("mlkemCiphertext", 1000)), "Truncated"),
		}},
	}
}

func genAcceptorKeys2() []gen.Group {
	hs := fixtures()
	in := func(h *handshake, keys2 []byte) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.acceptorScalar, "mlkemSeed", h.acceptorSeed, "aesSalt", h.aesSalt, "keys2", keys2)
	}
	var crossChecked []gen.Case
	for _, h := range hs {
		crossChecked = append(crossChecked, gen.Valid(h.name+"'s acceptor: "+secretWord(h.secretLen), in(h, h.requester.Keys2), secretFlags(h, "CrossChecked", "Handshake")...).
			Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret), "ikm", gen.Unhex(h.cc.IKM),
				"aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey), "peerCapabilities", 17,
				"aesPrk", gen.Unhex(h.cc.AESPRK), "chachaPrk", gen.Unhex(h.cc.ChachaPRK)).
			Drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar"), "mlkemSeed", h.label("acceptor/mlkem-seed"), "aesSalt", h.label("acceptor/aes-salt")))
	}
	h := hs[0]
	keys := keys2Wire(h.requester.Keys2)
	ct := h.requester.MLKEMCiphertext
	m := peerMessage{name: "keys2", sender: "requester", wire: keys, whole: h.requester.Keys2, senderScalar: h.requesterScalar,
		senderKey: h.requester.ECDHPubKey, salt: "chachaSalt", keptSalt: "aesSalt", keptWord: "a kept ", in: func(msg []byte) vectors.Values { return in(h, msg) }}
	odd, bad := m.cases(h)
	bad = append(bad,
		gen.Invalid("keys2's mlkemCiphertext of 1088 bytes", category.FieldLength, in(h, keys.With("mlkemCiphertext", ixiBytes(ct[:1088]))), "MLKEMLength"),
		gen.Invalid("keys2's mlkemCiphertext of 1567 bytes", category.FieldLength, in(h, keys.With("mlkemCiphertext", ixiBytes(ct[:1567]))), "MLKEMLength"),
		gen.Invalid("keys2's mlkemCiphertext empty", category.EmptyField, in(h, keys.With("mlkemCiphertext", []byte{0})), "EmptyField"),
		gen.Invalid("mlkemSeed of 63 bytes", category.InvalidKey, in(h, h.requester.Keys2).With("mlkemSeed", h.acceptorSeed[:63]), "SeedLength"),
		gen.Invalid("keys2 cut inside mlkemCiphertext", category.Truncated, in(h, keys.Cut("mlkemCiphertext", 1000)), "Truncated"),
		gen.Invalid("an empty keys2", category.Truncated, in(h, []byte{}), "Truncated"),
	)
	for _, s := range invalidScalars(h)[1:2] {
		bad = append(bad, gen.Invalid(s.comment, category.InvalidKey, in(h, h.requester.Keys2).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	return []gen.Group{
		{Type: "AcceptorKeys2", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "AcceptorKeys2", Comment: "implicit rejection: a ciphertext not made for this key decapsulates to a pseudo-random secret", Cases: []gen.Case{
			gen.Valid("hs66's keys2 with the first ciphertext byte flipped: the ECDH secret is right, the ML-KEM secret is the implicit rejection value",
				in(h, keys.With("mlkemCiphertext", ixiBytes(flip(ct, 0)))), "ImplicitRejection").Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret)),
			gen.Valid("hs65's keys2 given to hs66's acceptor: another ECDH secret and the implicit rejection value", in(h, hs[1].requester.Keys2), "ImplicitRejection"),
		}},
		{Type: "AcceptorKeys2", Comment: "what only the deployed profile accepts", Cases: append(odd,
			gen.Acceptable("keys2's ecdhPubKey d^-1·(0, sqrt(b)) for the acceptor's d: the shared X is 0, the keys come from the ML-KEM secret alone", category.InvalidPoint,
				in(h, keys.With("ecdhPubKey", ixiBytes(gen.Must(ixian.ZeroXPeerKey(h.acceptorScalar))))), "ZeroX").
				Pin("ecdhSecret", []byte{}, "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret), "ikm", gen.Unhex(h.cc.MLKEMSecret),
					"aesKey", hkdfKey(sha3New512, gen.Unhex(h.cc.MLKEMSecret), h.aesSalt, ixian.AESKeyInfo),
					"chachaKey", hkdfKey(sha3New512, gen.Unhex(h.cc.MLKEMSecret), h.chachaSalt, ixian.ChachaKeyInfo)))},
		{Type: "AcceptorKeys2", Comment: "what both profiles refuse", Cases: bad},
	}
}

func sha3New512() hash.Hash { return sha3.New512() }

// The shared X of 0 (spec/ixian-s2.md §7.1): crosscheck/ixian.mjs makes the
// peer key Q = d^-1·(0, y) with @noble/curves and derives the keys from the
// ML-KEM secret alone with @noble/hashes; Ixian-Core's ECDH secret is then
// empty (BouncyCastle's ToByteArrayUnsigned of 0) and its IKM the ML-KEM
// secret. Strict refuses the point (invalid_point), or, handed the empty
// secret, its length (field_length).

func zeroXECDH() vectors.Values {
	z := crossCheck().Frames.ZeroX
	return vectors.Make("ecdhPrivateKey", gen.Unhex(z.RequesterScalar), "publicKey", gen.Unhex(z.AcceptorECDHPubKey))
}

func zeroXDeriveKeys() gen.Case {
	z := crossCheck().Frames.ZeroX
	return gen.Acceptable("ecdhSecret empty, as after a shared X of 0: the keys come from the ML-KEM secret alone", category.FieldLength,
		vectors.Make("ecdhSecret", []byte{}, "mlkemSecret", gen.Unhex(z.MLKEMSecret), "aesSalt", gen.Unhex(z.AESSalt), "chachaSalt", gen.Unhex(z.ChachaSalt)),
		"ZeroX", "SecretLength", "CrossChecked").
		Pin("ikm", gen.Unhex(z.MLKEMSecret), "aesKey", gen.Unhex(z.AESKey), "chachaKey", gen.Unhex(z.ChachaKey),
			"aesPrk", gen.Unhex(z.AESPRK), "chachaPrk", gen.Unhex(z.ChachaPRK))
}

func zeroXRequester(accept wire) gen.Case {
	z := crossCheck().Frames.ZeroX
	ek := gen.Must(ixian.MLKEMKeyGen(gen.Unhex(z.MLKEMSeed)))
	payload := acceptAdd2Wire(accept.With("ecdhPubKey", ixiBytes(gen.Unhex(z.AcceptorECDHPubKey)))).
		With("mlkemPubKey", ixiBytes(ek))
	payload = acceptAdd2Wire(payload).With("aesSalt", ixiBytes(gen.Unhex(z.AESSalt)))
	return gen.Acceptable("acceptAdd2's ecdhPubKey d^-1·(0, sqrt(b)) for the requester's d: the shared X is 0, the keys come from the ML-KEM secret alone", category.InvalidPoint,
		vectors.Make("acceptAdd2", payload, "ecdhPrivateKey", gen.Unhex(z.RequesterScalar), "mlkemMessage", gen.Unhex(z.MLKEMMessage),
			"chachaSalt", gen.Unhex(z.ChachaSalt), "capabilities", 17), "ZeroX", "CrossChecked").
		Pin("ecdhSecret", []byte{}, "mlkemSecret", gen.Unhex(z.MLKEMSecret), "ikm", gen.Unhex(z.MLKEMSecret), "aesKey", gen.Unhex(z.AESKey), "chachaKey", gen.Unhex(z.ChachaKey))
}

// pinSecrets pins h's ECDH and ML-KEM secrets, which a change to a salt or
// to the capabilities leaves as they are; pinKeys pins the AES and ChaCha
// keys too, for a change that leaves both salts.
func (h *handshake) pinSecrets(x gen.Case) gen.Case {
	return x.Pin("ecdhSecret", gen.Unhex(h.cc.ECDHSecret), "mlkemSecret", gen.Unhex(h.cc.MLKEMSecret))
}

func (h *handshake) pinKeys(x gen.Case) gen.Case {
	return h.pinSecrets(x).Pin("aesKey", gen.Unhex(h.cc.AESKey), "chachaKey", gen.Unhex(h.cc.ChachaKey))
}

// peerMessage is the message one side receives from the other (acceptAdd2
// at the requester, keys2 at the acceptor), for the cases both receivers
// share (cases).
type peerMessage struct {
	name, sender string // "acceptAdd2", "acceptor"
	wire         wire   // its fields
	whole        []byte // the message as the sender wrote it
	senderScalar []byte // the sender's ECDH private key
	senderKey    []byte // and its compressed public key
	salt         string // the salt the message carries: "aesSalt" or "chachaSalt"
	keptSalt     string // the other, which the receiver kept from its own message
	keptWord     string // what the kept salt's comment starts with
	in           func(msg []byte) vectors.Values
}

// cases are the receiver's cases that only the deployed profile accepts,
// and one both refuse (odd): each salt at 0, 31, 33 and 64 bytes (the
// secrets and the other salt's key as they were), no capabilities, the
// sender's key uncompressed and hybrid (the same keys), and uncompressed
// off the curve; and the invalid points of pointCases as the message's
// ecdhPubKey (bad).
func (m peerMessage) cases(h *handshake) (odd, bad []gen.Case) {
	salts := map[string][]byte{"aesSalt": h.aesSalt, "chachaSalt": h.chachaSalt}
	// A salt of another length changes its own key; the other key is pinned.
	otherKey := func(salt string) (string, []byte) {
		if salt == "aesSalt" {
			return "chachaKey", gen.Unhex(h.cc.ChachaKey)
		}
		return "aesKey", gen.Unhex(h.cc.AESKey)
	}
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		odd = append(odd,
			h.pinSecrets(gen.Acceptable(fmt.Sprintf("%s's %s of %d bytes", m.name, m.salt, n), category.SaltLength, m.in(m.wire.With(m.salt, ixiBytes(repeat(salts[m.salt], n)))), flags...)).
				Pin(otherKey(m.salt)),
			h.pinSecrets(gen.Acceptable(fmt.Sprintf("%s%s of %d bytes", m.keptWord, m.keptSalt, n), category.SaltLength, m.in(m.whole).With(m.keptSalt, repeat(salts[m.keptSalt], n)), flags...)).
				Pin(otherKey(m.keptSalt)),
		)
	}
	withKey := func(pub []byte) vectors.Values { return m.in(m.wire.With("ecdhPubKey", ixiBytes(pub))) }
	odd = append(odd,
		h.pinKeys(gen.Acceptable(m.name+" without capabilities: peerCapabilities 15", category.MissingField, m.in(m.wire.With("capabilities", nil)), "MissingCapabilities")).Pin("peerCapabilities", 15),
		h.pinKeys(gen.Acceptable(m.name+" with the "+m.sender+"'s key uncompressed: the same secret", category.FieldLength, withKey(uncompressed(m.senderScalar, 4)), "UncompressedPoint")),
		h.pinKeys(gen.Acceptable(m.name+" with the "+m.sender+"'s key hybrid: the same secret", category.FieldLength, withKey(uncompressed(m.senderScalar, 6)), "HybridPoint")),
		gen.Invalid(m.name+" with the "+m.sender+"'s key uncompressed and off the curve (Y + 1)", category.FieldLength, withKey(offCurve(m.senderScalar)), "UncompressedPoint", "OffCurveUncompressed").
			DeployedRejects(category.InvalidPoint),
	)
	for _, x := range pointCases(withKey, m.senderKey, false) {
		x.Comment = m.name + "'s ecdhPubKey: " + x.Comment
		bad = append(bad, x)
	}
	return odd, bad
}
