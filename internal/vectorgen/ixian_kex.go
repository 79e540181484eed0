package vectorgen

// Ixian key agreement: ECDH, the key derivation and the three role steps.

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha3"
	"crypto/sha512"
	"fmt"
	"hash"
	"math/big"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	hsHeader := "The handshakes hs66, hs65, hs64 and hs63 of crosscheck/ixian.mjs have ECDH secrets of 66, 65, 64 and 63 bytes; their inputs are drawn under ixian/unit/<handshake>/… and their outputs pinned to @noble's. Other tests change one input of hs66 unless they say otherwise."
	Register(&Generator{Family: vectors.IxianECDH, Notes: ixNotes, Groups: genIxECDH, Header: []string{hsHeader, ixScalarNote}})
	Register(&Generator{Family: vectors.IxianDeriveKeys, Notes: ixNotes, Groups: genIxDeriveKeys, Header: []string{hsHeader,
		"The trap tests are valid tests whose comment gives the first bytes of the aesKey (or chachaKey) a port with the named bug would derive instead."}})
	Register(&Generator{Family: vectors.IxianAcceptorPrepare, Notes: ixNotes, Groups: genIxAcceptorPrepare, Header: []string{hsHeader, ixScalarNote}})
	Register(&Generator{Family: vectors.IxianRequesterAcceptAdd2, Notes: ixNotes, Groups: genIxRequester, Header: []string{hsHeader, ixScalarNote}})
	Register(&Generator{Family: vectors.IxianAcceptorKeys2, Notes: ixNotes, Groups: genIxAcceptorKeys2, Header: []string{hsHeader, ixScalarNote}})
}

// ixBadScalars are private scalars both profiles refuse (invalid_key).
func ixBadScalars(h *ixHS) []struct {
	comment string
	scalar  []byte
} {
	n := ixN
	return []struct {
		comment string
		scalar  []byte
	}{
		{"ecdhPrivateKey 0", make([]byte, 66)},
		{"ecdhPrivateKey n, the group order", ixScalarOf(n)},
		{"ecdhPrivateKey n+1 (a port that reduces mod n would use 1)", ixScalarOf(new(big.Int).Add(n, big.NewInt(1)))},
		{"ecdhPrivateKey of 66 0xff bytes (above 2^521)", bytes.Repeat([]byte{0xff}, 66)},
		{"ecdhPrivateKey of 65 bytes: hs66's acceptor scalar without its leading zero byte, as Ixian-Core stores it", h.acceptorScalar[1:]},
		{"ecdhPrivateKey of 67 bytes: a zero byte prepended", ixCat([]byte{0}, h.requesterScalar)},
	}
}

// ixPointCases are peer keys that both profiles refuse at ECDH, for the
// family input or payload built by put. compressed is a valid key.
func ixPointCases(put func(pub []byte) vectors.Values, compressed []byte, withForms bool) []ixc {
	noPoint := ixNoPointX()
	xs := []ixc{
		ixBad(fmt.Sprintf("compressed key whose X (%d) has no curve point", new(big.Int).SetBytes(noPoint[1:])), category.InvalidPoint, put(noPoint), "NoCurvePoint"),
		ixBad("compressed key with X = p", category.InvalidPoint, put(ixCat([]byte{2}, ixScalarOf(ixP))), "CoordinateRange"),
		ixBad("compressed key with X + p in place of a valid X (the same point to a port that reduces X mod p)", category.InvalidPoint, put(ixXPlusP(compressed)), "CoordinateRange"),
		ixBad("compressed key with X = 2^528-1", category.InvalidPoint, put(ixCat([]byte{3}, bytes.Repeat([]byte{0xff}, 66))), "CoordinateRange"),
		ixBad("a lone 00: the point at infinity", category.InvalidPoint, put([]byte{0}), "PointAtInfinity"),
	}
	if withForms {
		xs = append(xs,
			ixBad("67 bytes with prefix 04", category.InvalidPoint, put(ixCat([]byte{4}, compressed[1:])), "PointPrefix"),
			ixBad("67 bytes with prefix 01", category.InvalidPoint, put(ixCat([]byte{1}, compressed[1:])), "PointPrefix"),
			ixBad("66 bytes: the bare X", category.FieldLength, put(compressed[1:]), "PointLength"),
			ixBad("68 bytes: a zero byte appended", category.FieldLength, put(ixCat(compressed, []byte{0})), "PointLength"),
			ixBad("empty", category.EmptyField, put([]byte{}), "EmptyField"),
		)
	}
	return xs
}

func genIxECDH() []Group {
	hs := ixFixtures()
	var cc []Case
	for _, h := range hs {
		word := ixSecretWord(h.secretLen)
		cc = append(cc,
			ixOK(h.name+", the requester's side: "+word, vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", h.acceptor.ECDHPubKey), ixSecretFlags(h, "CrossChecked", "Handshake")...).
				pins("ecdhSecret", ixHex(h.cc.ECDHSecret), "ownPublicKey", ixHex(h.cc.RequesterECDHPubKey)).
				drew("ecdhPrivateKey", h.requesterScalarLabel).c,
			ixOK(h.name+", the acceptor's side: "+word, vectors.Make("ecdhPrivateKey", h.acceptorScalar, "publicKey", h.requester.ECDHPubKey), ixSecretFlags(h, "CrossChecked", "Handshake")...).
				pins("ecdhSecret", ixHex(h.cc.ECDHSecret), "ownPublicKey", ixHex(h.cc.AcceptorECDHPubKey)).
				drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar")).c,
		)
	}
	var random []Case
	for i := 1; i <= 3; i++ {
		tc := fmt.Sprintf("random-%d", i)
		d, peer := ixVecLabel("ecdh", tc, "ecdhPrivateKey"), ixVecLabel("ecdh", tc, "peer-scalar")
		pub := ixMust(ixian.ECDHPublicKey(ixScalar(peer)))
		random = append(random, ixOK(fmt.Sprintf("random %d: publicKey is the compressed key of the scalar drawn under %s", i, peer),
			vectors.Make("ecdhPrivateKey", ixScalar(d), "publicKey", pub), "Random").drew("ecdhPrivateKey", d).c)
	}
	h := hs[0]
	accPub := h.acceptor.ECDHPubKey
	other := ixCat([]byte{accPub[0] ^ 1}, accPub[1:])
	one := ixScalarOf(big.NewInt(1))
	nMinus1 := ixScalarOf(new(big.Int).Sub(ixN, big.NewInt(1)))
	put := func(pub []byte) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", pub)
	}
	var badScalars []ixc
	for _, s := range ixBadScalars(h) {
		badScalars = append(badScalars, ixBad(s.comment, category.InvalidKey, vectors.Make("ecdhPrivateKey", s.scalar, "publicKey", accPub), "ScalarRange"))
	}
	return []Group{
		{Type: "ECDH", Comment: "both sides of the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "ECDH", Comment: "random key pairs", Cases: random},
		{Type: "ECDH", Comment: "edge cases of a valid exchange", Cases: ixCases(
			ixOK("ecdhPrivateKey 1: the secret is the peer's own X, stripped", vectors.Make("ecdhPrivateKey", one, "publicKey", accPub), "ScalarRange"),
			ixOK("ecdhPrivateKey n-1: -Q has Q's X, so the same secret as 1", vectors.Make("ecdhPrivateKey", nMinus1, "publicKey", accPub), "ScalarRange"),
			ixOK("hs66's acceptor key with the other Y parity: -Q gives the same X", vectors.Make("ecdhPrivateKey", h.requesterScalar, "publicKey", other), "PointParity").
				pins("ecdhSecret", ixHex(h.cc.ECDHSecret)),
		)},
		{Type: "ECDH", Comment: "point forms only the deployed profile reads", Cases: ixCases(
			ixSoso("hs66's acceptor key uncompressed (04)", category.FieldLength, put(ixUncompressed(h.acceptorScalar, 4)), "UncompressedPoint").pins("ecdhSecret", ixHex(h.cc.ECDHSecret)),
			ixSoso("hs66's acceptor key hybrid (06/07 with Y's parity)", category.FieldLength, put(ixUncompressed(h.acceptorScalar, 6)), "HybridPoint").pins("ecdhSecret", ixHex(h.cc.ECDHSecret)),
		)},
		{Type: "ECDH", Comment: "invalid public keys", Cases: ixCases(ixPointCases(put, accPub, true)...)},
		{Type: "ECDH", Comment: "invalid points in forms only the deployed profile reads", Cases: ixCases(ixInvalidForms(put, h.acceptorScalar)...)},
		{Type: "ECDH", Comment: "invalid private keys", Cases: ixCases(badScalars...)},
	}
}

// ixHKDF is HKDF with any hash, for the trap comments.
func ixHKDF(hf func() hash.Hash, ikm, salt []byte, info string) []byte {
	return ixMust(hkdf.Key(hf, ikm, salt, info, 32))
}

func genIxDeriveKeys() []Group {
	hs := ixFixtures()
	in := func(h *ixHS) vectors.Values {
		return vectors.Make("ecdhSecret", ixHex(h.cc.ECDHSecret), "mlkemSecret", ixHex(h.cc.MLKEMSecret), "aesSalt", h.aesSalt, "chachaSalt", h.chachaSalt)
	}
	pin := func(x ixc, h *ixHS) ixc {
		return x.pins("ikm", ixHex(h.cc.IKM), "aesKey", ixHex(h.cc.AESKey), "chachaKey", ixHex(h.cc.ChachaKey))
	}
	var cc []Case
	for _, h := range hs {
		cc = append(cc, pin(ixOK(h.name+": "+ixSecretWord(h.secretLen), in(h), ixSecretFlags(h, "CrossChecked", "Handshake")...), h).c)
	}
	// Traps: what a port with one bug derives instead, for the comments.
	sha3_512 := func() hash.Hash { return sha3.New512() }
	trap := func(h *ixHS, what, key string, wrong, right []byte, flags ...string) Case {
		if bytes.Equal(wrong, right) {
			panic("vectorgen: a deriveKeys trap does not change " + key)
		}
		return pin(ixOK(fmt.Sprintf("%s: %s would give %s %x…", h.name, what, key, wrong[:6]), in(h), append([]string{"CrossChecked"}, flags...)...), h).c
	}
	ss := func(h *ixHS) []byte { return ixHex(h.cc.ECDHSecret) }
	kem := func(h *ixHS) []byte { return ixHex(h.cc.MLKEMSecret) }
	aesOf := func(h *ixHS) []byte { return ixHex(h.cc.AESKey) }
	h65, h64, h63, h66 := hs[1], hs[2], hs[3], hs[0]
	traps := []Case{
		trap(h65, "an IKM of mlkemSecret || ecdhSecret", "aesKey", ixHKDF(sha3_512, ixCat(kem(h65), ss(h65)), h65.aesSalt, ixian.AESKeyInfo), aesOf(h65), "IKMOrder"),
		trap(h66, "the two salts swapped", "aesKey", ixHKDF(sha3_512, ixCat(ss(h66), kem(h66)), h66.chachaSalt, ixian.AESKeyInfo), aesOf(h66), "SwappedSalts"),
		trap(h66, "one salt (aesSalt) for both keys", "chachaKey", ixHKDF(sha3_512, ixCat(ss(h66), kem(h66)), h66.aesSalt, ixian.ChachaKeyInfo), ixHex(h66.cc.ChachaKey), "SwappedSalts"),
		trap(h64, "HKDF over HMAC-SHA-512", "aesKey", ixHKDF(sha512.New, ixCat(ss(h64), kem(h64)), h64.aesSalt, ixian.AESKeyInfo), aesOf(h64), "HKDFHash"),
		trap(h63, "HKDF over HMAC-SHA3-256", "aesKey", ixHKDF(func() hash.Hash { return sha3.New256() }, ixCat(ss(h63), kem(h63)), h63.aesSalt, ixian.AESKeyInfo), aesOf(h63), "HKDFHash"),
		trap(h66, "the info strings swapped", "aesKey", ixHKDF(sha3_512, ixCat(ss(h66), kem(h66)), h66.aesSalt, ixian.ChachaKeyInfo), aesOf(h66), "InfoStrings"),
		trap(h65, "the ECDH secret padded to 66 bytes", "aesKey", ixHKDF(sha3_512, ixCat([]byte{0}, ss(h65), kem(h65)), h65.aesSalt, ixian.AESKeyInfo), aesOf(h65), "StrippedSecret"),
		trap(h63, "the ECDH secret padded to 66 bytes", "aesKey", ixHKDF(sha3_512, ixCat([]byte{0, 0, 0}, ss(h63), kem(h63)), h63.aesSalt, ixian.AESKeyInfo), aesOf(h63), "StrippedSecret"),
	}
	h := h66
	salt := func(n int) []byte { return ixRep(h.aesSalt, n) }
	csalt := func(n int) []byte { return ixRep(h.chachaSalt, n) }
	emptyOut := ixMust(ixian.DeriveKeys(ss(h), kem(h), nil, h.chachaSalt, ixian.Deployed))
	zeroOut := ixMust(ixian.DeriveKeys(ss(h), kem(h), make([]byte, 64), h.chachaSalt, ixian.Deployed))
	if !bytes.Equal(emptyOut.AESKey, zeroOut.AESKey) {
		panic("vectorgen: an empty salt should act as 64 zero bytes")
	}
	var salts []ixc
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		salts = append(salts,
			ixSoso(fmt.Sprintf("aesSalt of %d bytes", n), category.SaltLength, in(h).With("aesSalt", salt(n)), flags...),
			ixSoso(fmt.Sprintf("chachaSalt of %d bytes", n), category.SaltLength, in(h).With("chachaSalt", csalt(n)), flags...),
		)
	}
	salts = append(salts,
		ixSoso("aesSalt of 64 zero bytes: the same aesKey as the empty salt (RFC 5869's default salt)", category.SaltLength, in(h).With("aesSalt", make([]byte, 64)), "SaltLength", "EmptySalt").
			pins("aesKey", emptyOut.AESKey),
		ixSoso("aesSalt of 72 bytes: HMAC-SHA3-512's block size, used as the HMAC key as it is", category.SaltLength, in(h).With("aesSalt", salt(72)), "SaltLength", "LongSalt"),
		ixSoso("aesSalt of 73 bytes: longer than a block, so HMAC hashes it first", category.SaltLength, in(h).With("aesSalt", salt(73)), "SaltLength", "LongSalt"),
		ixOK("equal salts: aesKey and chachaKey still differ by their info strings", in(h).With("chachaSalt", h.aesSalt), "InfoStrings"),
	)
	return []Group{
		{Type: "DeriveKeys", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "DeriveKeys", Comment: "traps: valid tests a port with the named bug fails", Cases: traps},
		{Type: "DeriveKeys", Comment: "salts", Cases: ixCases(salts...)},
		{Type: "DeriveKeys", Comment: "secrets of the wrong size", Cases: ixCases(
			ixBad("ecdhSecret empty", category.FieldLength, in(h).With("ecdhSecret", []byte{}), "SecretLength"),
			ixBad("ecdhSecret of 67 bytes", category.FieldLength, in(h).With("ecdhSecret", ixCat(ss(h), []byte{1})), "SecretLength"),
			ixBad("hs65's ecdhSecret padded to 66 bytes with a zero byte", category.FieldLength, in(h65).With("ecdhSecret", ixCat([]byte{0}, ss(h65))), "SecretLength", "StrippedSecret"),
			ixBad("mlkemSecret of 31 bytes", category.FieldLength, in(h).With("mlkemSecret", kem(h)[:31]), "SecretLength"),
			ixBad("mlkemSecret of 33 bytes", category.FieldLength, in(h).With("mlkemSecret", ixCat(kem(h), []byte{0})), "SecretLength"),
			ixBad("mlkemSecret empty", category.FieldLength, in(h).With("mlkemSecret", []byte{}), "SecretLength"),
		)},
	}
}

func genIxAcceptorPrepare() []Group {
	hs := ixFixtures()
	in := func(h *ixHS) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.acceptorScalar, "mlkemSeed", h.acceptorSeed, "aesSalt", h.aesSalt, "version", 1, "rsaPubKey", ixRSAAcc, "capabilities", 63)
	}
	drawn := func(x ixc, h *ixHS) ixc {
		return x.drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar"), "mlkemSeed", h.label("acceptor/mlkem-seed"), "aesSalt", h.label("acceptor/aes-salt"))
	}
	var cc []Case
	for _, h := range hs {
		cc = append(cc, drawn(ixOK(h.name+"'s acceptor", in(h), "CrossChecked", "Handshake"), h).
			pins("acceptAdd2", ixHex(h.cc.AcceptAdd2), "ecdhPubKey", ixHex(h.cc.AcceptorECDHPubKey), "mlkemPubKey", ixHex(h.cc.MLKEMPubKey)).c)
	}
	var random []Case
	for i := 1; i <= 2; i++ {
		l := func(s string) string { return ixVecLabel("acceptor/prepare", fmt.Sprintf("random-%d", i), s) }
		random = append(random, ixOK(fmt.Sprintf("random %d", i), vectors.Make("ecdhPrivateKey", ixScalar(l("ecdhPrivateKey")), "mlkemSeed", detrand.Bytes(l("mlkemSeed"), 64),
			"aesSalt", detrand.Bytes(l("aesSalt"), 32), "version", 1, "rsaPubKey", ixRSAAcc, "capabilities", 63), "Random").
			drew("ecdhPrivateKey", l("ecdhPrivateKey"), "mlkemSeed", l("mlkemSeed"), "aesSalt", l("aesSalt")).c)
	}
	h := hs[0]
	var odd []ixc
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		odd = append(odd, ixSoso(fmt.Sprintf("aesSalt of %d bytes", n), category.SaltLength, in(h).With("aesSalt", ixRep(h.aesSalt, n)), flags...))
	}
	odd = append(odd,
		ixSoso("version 2", category.Version, in(h).With("version", 2), "VersionRule"),
		ixSoso("version 0 (a friend whose requestAdd2 said 0)", category.Version, in(h).With("version", 0), "VersionRule"),
		ixSoso("the 523-byte legacy rsaPubKey", category.InvalidKey, in(h).With("rsaPubKey", ixRSALegacy(ixRSAAcc)), "LegacyRSAKey"),
	)
	var bad []ixc
	for _, s := range ixBadScalars(h) {
		bad = append(bad, ixBad(s.comment, category.InvalidKey, in(h).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	bad = append(bad,
		ixBad("mlkemSeed of 32 bytes (d only)", category.InvalidKey, in(h).With("mlkemSeed", h.acceptorSeed[:32]), "SeedLength"),
		ixBad("mlkemSeed of 63 bytes", category.InvalidKey, in(h).With("mlkemSeed", h.acceptorSeed[:63]), "SeedLength"),
		ixBad("mlkemSeed of 65 bytes", category.InvalidKey, in(h).With("mlkemSeed", ixCat(h.acceptorSeed, []byte{0})), "SeedLength"),
		ixBad("rsaPubKey empty", category.EmptyField, in(h).With("rsaPubKey", []byte{}), "EmptyField"),
		ixBad("rsaPubKey of 48 bytes", category.FieldLength, in(h).With("rsaPubKey", ixRSAAcc[:48]), "RSAKeyFormat"),
	)
	return []Group{
		{Type: "AcceptorPrepare", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "AcceptorPrepare", Comment: "random inputs", Cases: random},
		{Type: "AcceptorPrepare", Cases: ixCases(
			ixOK("capabilities 17 (QuIXI)", in(h).With("capabilities", 17), "Capabilities"),
			ixOK("capabilities 0", in(h).With("capabilities", 0), "Capabilities"),
		)},
		{Type: "AcceptorPrepare", Comment: "what only the deployed profile writes", Cases: ixCases(odd...)},
		{Type: "AcceptorPrepare", Comment: "unusable inputs", Cases: ixCases(bad...)},
	}
}

func genIxRequester() []Group {
	hs := ixFixtures()
	in := func(h *ixHS, acceptAdd2 []byte) vectors.Values {
		return vectors.Make("acceptAdd2", acceptAdd2, "ecdhPrivateKey", h.requesterScalar, "mlkemMessage", h.mlkemMessage, "chachaSalt", h.chachaSalt, "capabilities", 17)
	}
	var cc []Case
	for _, h := range hs {
		cc = append(cc, ixOK(h.name+"'s requester: "+ixSecretWord(h.secretLen), in(h, h.acceptor.AcceptAdd2), ixSecretFlags(h, "CrossChecked", "Handshake")...).
			pins("keys2", ixHex(h.cc.Keys2), "ecdhSecret", ixHex(h.cc.ECDHSecret), "mlkemSecret", ixHex(h.cc.MLKEMSecret), "ikm", ixHex(h.cc.IKM),
				"aesKey", ixHex(h.cc.AESKey), "chachaKey", ixHex(h.cc.ChachaKey), "peerCapabilities", 63,
				"ecdhPubKey", ixHex(h.cc.RequesterECDHPubKey), "mlkemCiphertext", ixHex(h.cc.MLKEMCiphertext)).
			drew("ecdhPrivateKey", h.requesterScalarLabel, "mlkemMessage", h.label("requester/mlkem-m"), "chachaSalt", h.label("requester/chacha-salt")).c)
	}
	h := hs[0]
	f := ixAcceptAdd2Fields(h.acceptor.AcceptAdd2)
	with := func(i int, b []byte) vectors.Values { return in(h, ixReplace(f, i, b)) }
	pinSecrets := func(x ixc) ixc {
		return x.pins("ecdhSecret", ixHex(h.cc.ECDHSecret), "mlkemSecret", ixHex(h.cc.MLKEMSecret))
	}
	pinSame := func(x ixc) ixc {
		return pinSecrets(x).pins("aesKey", ixHex(h.cc.AESKey), "chachaKey", ixHex(h.cc.ChachaKey))
	}
	l := func(s string) string { return ixVecLabel("requester/acceptAdd2", "random", s) }
	rnd := ixMust(ixian.AcceptorPrepare(ixScalar(l("acceptor-scalar")), detrand.Bytes(l("acceptor-mlkem-seed"), 64), detrand.Bytes(l("aesSalt"), 32), 1, ixRSAAcc, 63, ixian.Strict))
	var odd []ixc
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		odd = append(odd,
			pinSecrets(ixSoso(fmt.Sprintf("acceptAdd2's aesSalt of %d bytes", n), category.SaltLength, with(4, ixb(ixRep(h.aesSalt, n))), flags...)).
				pins("chachaKey", ixHex(h.cc.ChachaKey)),
			pinSecrets(ixSoso(fmt.Sprintf("chachaSalt of %d bytes", n), category.SaltLength, in(h, h.acceptor.AcceptAdd2).With("chachaSalt", ixRep(h.chachaSalt, n)), flags...)).
				pins("aesKey", ixHex(h.cc.AESKey)),
		)
	}
	odd = append(odd,
		pinSame(ixSoso("acceptAdd2 without capabilities: peerCapabilities 15", category.MissingField, with(5, nil), "MissingCapabilities")).pins("peerCapabilities", 15),
		pinSame(ixSoso("acceptAdd2 with the acceptor's key uncompressed: the same secret", category.FieldLength, with(2, ixb(ixUncompressed(h.acceptorScalar, 4))), "UncompressedPoint")),
		pinSame(ixSoso("acceptAdd2 with the acceptor's key hybrid: the same secret", category.FieldLength, with(2, ixb(ixUncompressed(h.acceptorScalar, 6))), "HybridPoint")),
		ixBad("acceptAdd2 with the acceptor's key uncompressed and off the curve (Y + 1)", category.FieldLength, with(2, ixb(ixOffCurve(h.acceptorScalar))), "UncompressedPoint", "OffCurveUncompressed").
			deployedRejects(category.InvalidPoint),
		pinSame(ixSoso("acceptAdd2 version 2", category.Version, with(0, []byte{2}), "VersionRule")),
		pinSame(ixSoso("a byte after acceptAdd2's capabilities", category.TrailingBytes, with(5, []byte{63, 0}), "TrailingBytes")),
	)
	var bad []ixc
	for _, x := range ixPointCases(func(pub []byte) vectors.Values { return with(2, ixb(pub)) }, h.acceptor.ECDHPubKey, false) {
		x.c.Comment = "acceptAdd2's ecdhPubKey: " + x.c.Comment
		bad = append(bad, x)
	}
	ek := h.acceptor.MLKEMPubKey
	bad = append(bad,
		ixBad("acceptAdd2's mlkemPubKey with its first coefficient set to q = 3329", category.EKModulus, with(3, ixb(ixUnreduced(ek, 0, 3329))), "EKModulus"),
		ixBad("acceptAdd2's mlkemPubKey with its last coefficient set to 4095", category.EKModulus, with(3, ixb(ixUnreduced(ek, 1023, 4095))), "EKModulus"),
		ixBad("acceptAdd2's mlkemPubKey of 1184 bytes", category.FieldLength, with(3, ixb(ek[:1184])), "MLKEMLength"),
		ixBad("mlkemMessage of 31 bytes", category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("mlkemMessage", h.mlkemMessage[:31]), "SeedLength"),
		ixBad("mlkemMessage of 64 bytes", category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("mlkemMessage", ixRep(h.mlkemMessage, 64)), "SeedLength"),
		ixBad("acceptAdd2 cut after mlkemPubKey", category.Truncated, in(h, ixCat(f[0], f[1], f[2], f[3])), "Truncated"),
		ixBad("an empty acceptAdd2", category.Truncated, in(h, []byte{}), "Truncated"),
	)
	for _, s := range ixBadScalars(h)[:3] {
		bad = append(bad, ixBad(s.comment, category.InvalidKey, in(h, h.acceptor.AcceptAdd2).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	return []Group{
		{Type: "RequesterAcceptAdd2", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "RequesterAcceptAdd2", Comment: "random inputs", Cases: ixCases(
			ixOK("random: acceptAdd2 made by ixian/acceptor/prepare from inputs drawn under "+l("…"),
				vectors.Make("acceptAdd2", rnd.AcceptAdd2, "ecdhPrivateKey", ixScalar(l("ecdhPrivateKey")), "mlkemMessage", detrand.Bytes(l("mlkemMessage"), 32),
					"chachaSalt", detrand.Bytes(l("chachaSalt"), 32), "capabilities", 63), "Random").
				drew("ecdhPrivateKey", l("ecdhPrivateKey"), "mlkemMessage", l("mlkemMessage"), "chachaSalt", l("chachaSalt")),
		)},
		{Type: "RequesterAcceptAdd2", Comment: "what only the deployed profile accepts", Cases: ixCases(odd...)},
		{Type: "RequesterAcceptAdd2", Comment: "what both profiles refuse", Cases: ixCases(bad...)},
	}
}

func genIxAcceptorKeys2() []Group {
	hs := ixFixtures()
	in := func(h *ixHS, keys2 []byte) vectors.Values {
		return vectors.Make("ecdhPrivateKey", h.acceptorScalar, "mlkemSeed", h.acceptorSeed, "aesSalt", h.aesSalt, "keys2", keys2)
	}
	var cc []Case
	for _, h := range hs {
		cc = append(cc, ixOK(h.name+"'s acceptor: "+ixSecretWord(h.secretLen), in(h, h.requester.Keys2), ixSecretFlags(h, "CrossChecked", "Handshake")...).
			pins("ecdhSecret", ixHex(h.cc.ECDHSecret), "mlkemSecret", ixHex(h.cc.MLKEMSecret), "ikm", ixHex(h.cc.IKM),
				"aesKey", ixHex(h.cc.AESKey), "chachaKey", ixHex(h.cc.ChachaKey), "peerCapabilities", 17).
			drew("ecdhPrivateKey", h.label("acceptor/ecdh-scalar"), "mlkemSeed", h.label("acceptor/mlkem-seed"), "aesSalt", h.label("acceptor/aes-salt")).c)
	}
	h := hs[0]
	f := ixKeys2Fields(h.requester.Keys2)
	with := func(i int, b []byte) vectors.Values { return in(h, ixReplace(f, i, b)) }
	pinSecrets := func(x ixc) ixc {
		return x.pins("ecdhSecret", ixHex(h.cc.ECDHSecret), "mlkemSecret", ixHex(h.cc.MLKEMSecret))
	}
	pinSame := func(x ixc) ixc {
		return pinSecrets(x).pins("aesKey", ixHex(h.cc.AESKey), "chachaKey", ixHex(h.cc.ChachaKey))
	}
	ct := h.requester.MLKEMCiphertext
	var odd []ixc
	for _, n := range []int{0, 31, 33, 64} {
		flags := []string{"SaltLength"}
		if n == 0 {
			flags = append(flags, "EmptySalt")
		}
		odd = append(odd,
			pinSecrets(ixSoso(fmt.Sprintf("keys2's chachaSalt of %d bytes", n), category.SaltLength, with(2, ixb(ixRep(h.chachaSalt, n))), flags...)).
				pins("aesKey", ixHex(h.cc.AESKey)),
			pinSecrets(ixSoso(fmt.Sprintf("a kept aesSalt of %d bytes", n), category.SaltLength, in(h, h.requester.Keys2).With("aesSalt", ixRep(h.aesSalt, n)), flags...)).
				pins("chachaKey", ixHex(h.cc.ChachaKey)),
		)
	}
	odd = append(odd,
		pinSame(ixSoso("keys2 without capabilities: peerCapabilities 15", category.MissingField, with(3, nil), "MissingCapabilities")).pins("peerCapabilities", 15),
		pinSame(ixSoso("keys2 with the requester's key uncompressed: the same secret", category.FieldLength, with(0, ixb(ixUncompressed(h.requesterScalar, 4))), "UncompressedPoint")),
		pinSame(ixSoso("keys2 with the requester's key hybrid: the same secret", category.FieldLength, with(0, ixb(ixUncompressed(h.requesterScalar, 6))), "HybridPoint")),
		ixBad("keys2 with the requester's key uncompressed and off the curve (Y + 1)", category.FieldLength, with(0, ixb(ixOffCurve(h.requesterScalar))), "UncompressedPoint", "OffCurveUncompressed").
			deployedRejects(category.InvalidPoint),
	)
	var bad []ixc
	for _, x := range ixPointCases(func(pub []byte) vectors.Values { return with(0, ixb(pub)) }, h.requester.ECDHPubKey, false) {
		x.c.Comment = "keys2's ecdhPubKey: " + x.c.Comment
		bad = append(bad, x)
	}
	bad = append(bad,
		ixBad("keys2's mlkemCiphertext of 1088 bytes", category.FieldLength, with(1, ixb(ct[:1088])), "MLKEMLength"),
		ixBad("keys2's mlkemCiphertext of 1567 bytes", category.FieldLength, with(1, ixb(ct[:1567])), "MLKEMLength"),
		ixBad("keys2's mlkemCiphertext empty", category.EmptyField, with(1, []byte{0}), "EmptyField"),
		ixBad("mlkemSeed of 63 bytes", category.InvalidKey, in(h, h.requester.Keys2).With("mlkemSeed", h.acceptorSeed[:63]), "SeedLength"),
		ixBad("keys2 cut inside mlkemCiphertext", category.Truncated, in(h, ixCat(f[0], f[1][:1000])), "Truncated"),
		ixBad("an empty keys2", category.Truncated, in(h, []byte{}), "Truncated"),
	)
	for _, s := range ixBadScalars(h)[1:2] {
		bad = append(bad, ixBad(s.comment, category.InvalidKey, in(h, h.requester.Keys2).With("ecdhPrivateKey", s.scalar), "ScalarRange"))
	}
	return []Group{
		{Type: "AcceptorKeys2", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "AcceptorKeys2", Comment: "implicit rejection: a ciphertext not made for this key decapsulates to a pseudo-random secret", Cases: ixCases(
			ixOK("hs66's keys2 with the first ciphertext byte flipped: the ECDH secret is right, the ML-KEM secret is the implicit rejection value",
				with(1, ixb(ixFlip(ct, 0))), "ImplicitRejection").pins("ecdhSecret", ixHex(h.cc.ECDHSecret)),
			ixOK("hs65's keys2 given to hs66's acceptor: another ECDH secret and the implicit rejection value", in(h, hs[1].requester.Keys2), "ImplicitRejection"),
		)},
		{Type: "AcceptorKeys2", Comment: "what only the deployed profile accepts", Cases: ixCases(odd...)},
		{Type: "AcceptorKeys2", Comment: "what both profiles refuse", Cases: ixCases(bad...)},
	}
}
