package ixian

import (
	"bytes"
	"crypto/elliptic"
	"crypto/mlkem"
	"crypto/mlkem/mlkemtest"
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

func TestStripLeadingZeros(t *testing.T) {
	for in, want := range map[string]string{"": "", "00": "", "0001": "01", "000100": "0100", "01": "01", "000000ff": "ff"} {
		if got := stripLeadingZeros(h(in)); !bytes.Equal(got, h(want)) {
			t.Errorf("stripLeadingZeros(%s) = %x, want %s", in, got, want)
		}
	}
}

var p521N = elliptic.P521().Params().N

func TestECDHScalarRange(t *testing.T) {
	n := p521N.FillBytes(make([]byte, 66))
	nm1 := new(big.Int).Sub(p521N, big.NewInt(1)).FillBytes(make([]byte, 66))
	one := big.NewInt(1).FillBytes(make([]byte, 66))
	for name, c := range map[string]struct {
		scalar []byte
		want   category.Category
	}{
		"1":        {one, ""},
		"n-1":      {nm1, ""},
		"0":        {make([]byte, 66), category.InvalidKey},
		"n":        {n, category.InvalidKey},
		"2^528-1":  {bytes.Repeat([]byte{0xFF}, 66), category.InvalidKey},
		"65 bytes": {one[1:], category.InvalidKey},
		"67 bytes": {append([]byte{0}, one...), category.InvalidKey},
	} {
		_, err := ECDHPublicKey(c.scalar)
		wantCat(t, "ECDHPublicKey("+name+")", err, c.want)
	}
	// The generator's compressed encoding (SEC 2 secp521r1 G).
	g, _ := ECDHPublicKey(one)
	const gx = "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66"
	if got := hexOf(g); got != "03"+gx && got != "02"+gx {
		t.Errorf("1*G = %s", got)
	}
}

func TestECDHPeerKeyForms(t *testing.T) {
	a, b := unitScalar("hs66", "acceptor/ecdh-scalar"), unitScalar("hs66", requesterScalarLabel(0))
	bPub, _ := ECDHPublicKey(b)
	want, err := ECDH(a, bPub, Strict)
	if err != nil {
		t.Fatal(err)
	}
	aPub, _ := ECDHPublicKey(a)
	if back, _ := ECDH(b, aPub, Strict); !bytes.Equal(back, want) {
		t.Fatal("ECDH is not symmetric")
	}
	unc := uncompressed(t, bPub, 4)
	hyb := uncompressed(t, bPub, 6|(unc[132]&1))
	badHyb := bytes.Clone(hyb)
	badHyb[0] ^= 1
	offCurve := bytes.Clone(unc)
	offCurve[132] ^= 1
	// An X with no point: try X = 0, 1, 2, ... until x^3 - 3x + b is a non-residue.
	var noPoint []byte
	for x := byte(0); noPoint == nil; x++ {
		c := make([]byte, 67)
		c[0], c[66] = 2, x
		if _, err := parseECDHPubKey("t", c, Strict); err != nil {
			noPoint = c
		}
	}
	xTooBig := bytes.Clone(bPub)
	xTooBig[1] = 0x02 // X >= 2^521 > p
	for _, c := range []struct {
		name             string
		pub              []byte
		strict, deployed category.Category
	}{
		{"compressed", bPub, "", ""},
		{"uncompressed", unc, category.FieldLength, ""},
		{"hybrid", hyb, category.FieldLength, ""},
		{"hybrid with the wrong parity", badHyb, category.FieldLength, category.InvalidPoint},
		{"uncompressed off the curve", offCurve, category.FieldLength, category.InvalidPoint},
		{"compressed X without a point", noPoint, category.InvalidPoint, category.InvalidPoint},
		{"compressed X >= p", xTooBig, category.InvalidPoint, category.InvalidPoint},
		{"infinity", []byte{0}, category.InvalidPoint, category.InvalidPoint},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			w := c.strict
			if p == Deployed {
				w = c.deployed
			}
			ss, err := ECDH(a, c.pub, p)
			wantCat(t, "ECDH("+c.name+", "+p.String()+")", err, w)
			if err == nil && !bytes.Equal(ss, want) {
				t.Errorf("ECDH(%s, %v) gives a different secret", c.name, p)
			}
		}
	}
}

// circl's ML-KEM-1024 (used by the package) against the standard library.
func TestMLKEMAgainstStdlib(t *testing.T) {
	for i := range 4 {
		seed := detrand.Bytes("ixian/test/mlkem-seed/"+string(rune('a'+i)), 64)
		m := detrand.Bytes("ixian/test/mlkem-m/"+string(rune('a'+i)), 32)
		ek, err := MLKEMKeyGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		dk, err := mlkem.NewDecapsulationKey1024(seed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ek, dk.EncapsulationKey().Bytes()) {
			t.Fatal("encapsulation keys differ")
		}
		ct, ss, err := MLKEMEncapsulate(ek, m)
		if err != nil {
			t.Fatal(err)
		}
		ss2, ct2, err := mlkemtest.Encapsulate1024(dk.EncapsulationKey(), m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ct, ct2) || !bytes.Equal(ss, ss2) {
			t.Fatal("encapsulations differ")
		}
		got, err := MLKEMDecapsulate(seed, ct)
		if err != nil || !bytes.Equal(got, ss) {
			t.Fatal("decapsulation differs")
		}
		// Implicit rejection agrees too.
		ct[0] ^= 1
		r1, _ := MLKEMDecapsulate(seed, ct)
		r2, _ := dk.Decapsulate(ct)
		if !bytes.Equal(r1, r2) || bytes.Equal(r1, ss) {
			t.Fatal("implicit rejection differs")
		}
	}
}

func TestMLKEMRules(t *testing.T) {
	ek, _ := MLKEMKeyGen(make([]byte, 64))
	m := make([]byte, 32)
	bad := bytes.Clone(ek)
	bad[0], bad[1] = 0xFF, bad[1]|0x0F // first coefficient 0xFFF >= q
	if _, err := mlkem.NewEncapsulationKey1024(bad); err == nil {
		t.Fatal("crypto/mlkem accepts the unreduced key; the test key is wrong")
	}
	for _, c := range []struct {
		name string
		ek   []byte
		m    []byte
		want category.Category
	}{
		{"valid", ek, m, ""},
		{"coefficient >= q", bad, m, category.EKModulus},
		{"1184 bytes (ML-KEM-768)", ek[:1184], m, category.FieldLength},
		{"empty", nil, m, category.EmptyField},
		{"m of 31 bytes", ek, m[:31], category.InvalidKey},
	} {
		_, _, err := MLKEMEncapsulate(c.ek, c.m)
		wantCat(t, "MLKEMEncapsulate("+c.name+")", err, c.want)
	}
	_, err := MLKEMKeyGen(make([]byte, 32))
	wantCat(t, "MLKEMKeyGen(32-byte seed)", err, category.InvalidKey)
	_, err = MLKEMDecapsulate(make([]byte, 64), make([]byte, 1088))
	wantCat(t, "MLKEMDecapsulate(1088 bytes)", err, category.FieldLength)
}

func TestDeriveKeysRules(t *testing.T) {
	ss, kem, salt := bytes.Repeat([]byte{1}, 65), bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32)
	for _, c := range []struct {
		name                       string
		ecdh, kem, aesSalt, ccSalt []byte
		strict, deployed           category.Category
	}{
		{"valid", ss, kem, salt, salt, "", ""},
		{"ecdhSecret empty (a shared X of 0)", nil, kem, salt, salt, category.FieldLength, ""},
		{"ecdhSecret 67 bytes", bytes.Repeat([]byte{1}, 67), kem, salt, salt, category.FieldLength, category.FieldLength},
		{"ecdhSecret not stripped", append([]byte{0}, ss...), kem, salt, salt, category.FieldLength, category.FieldLength},
		{"mlkemSecret 31 bytes", ss, kem[:31], salt, salt, category.FieldLength, category.FieldLength},
		{"aesSalt 31 bytes", ss, kem, salt[:31], salt, category.SaltLength, ""},
		{"chachaSalt empty", ss, kem, salt, nil, category.SaltLength, ""},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			w := c.strict
			if p == Deployed {
				w = c.deployed
			}
			_, err := DeriveKeys(c.ecdh, c.kem, c.aesSalt, c.ccSalt, p)
			wantCat(t, "DeriveKeys("+c.name+", "+p.String()+")", err, w)
		}
	}
	// A null salt is HMAC-SHA3-512's 64 zero bytes (BouncyCastle and RFC 5869).
	k1, _ := DeriveKeys(ss, kem, nil, nil, Deployed)
	k2, _ := DeriveKeys(ss, kem, make([]byte, 64), make([]byte, 64), Deployed)
	if !bytes.Equal(k1.AESKey, k2.AESKey) || !bytes.Equal(k1.ChachaKey, k2.ChachaKey) {
		t.Error("a null salt is not 64 zero bytes")
	}
	if bytes.Equal(k1.AESKey, k1.ChachaKey) {
		t.Error("the two info strings give the same key")
	}
}

// TestHandshakeRandom runs both roles on random inputs: both must derive the
// same keys, in both profiles.
func TestHandshakeRandom(t *testing.T) {
	n := 8
	if testing.Short() {
		n = 2
	}
	rsaPub := unitRSAPub(testkeys.IxianAcceptor)
	draw := func(k int) []byte { b := make([]byte, k); rand.Read(b); return b }
	scalar := func() []byte { b := draw(66); b[0] &= 1; return b }
	lengths := map[int]int{}
	for range n {
		for _, p := range []Profile{Strict, Deployed} {
			a, err := AcceptorPrepare(scalar(), draw(64), draw(32), 1, rsaPub, SpixiCapabilities, p)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Requester(a.AcceptAdd2, scalar(), draw(32), draw(32), QuIXICapabilities, p)
			if err != nil {
				t.Fatal(err)
			}
			f, err := a.Keys2(r.Keys2, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.AESKey, f.AESKey) || !bytes.Equal(r.ChachaKey, f.ChachaKey) || !bytes.Equal(r.IKM, f.IKM) {
				t.Fatalf("the roles disagree")
			}
			lengths[len(r.ECDHSecret)]++
		}
	}
	t.Logf("ECDH secret lengths seen: %v", lengths)
}

func TestRoleRules(t *testing.T) {
	u := runUnit(t, 1, Strict)
	rsaPub := unitRSAPub(testkeys.IxianAcceptor)
	sc, seed, salt := unitScalar("x", "a"), make([]byte, 64), make([]byte, 32)

	_, err := AcceptorPrepare(sc, seed, salt, 2, rsaPub, 63, Strict)
	wantCat(t, "prepare version 2 (strict)", err, category.Version)
	a, err := AcceptorPrepare(sc, seed, salt, 2, rsaPub, 63, Deployed)
	wantCat(t, "prepare version 2 (deployed)", err, "")
	if err == nil && a.AcceptAdd2[0] != 2 {
		t.Error("version not written")
	}
	_, err = AcceptorPrepare(sc, seed, salt[:16], 1, rsaPub, 63, Strict)
	wantCat(t, "prepare 16-byte salt (strict)", err, category.SaltLength)
	_, err = AcceptorPrepare(sc, seed, salt, 1, nil, 63, Deployed)
	wantCat(t, "prepare without rsaPubKey", err, category.EmptyField)
	_, err = AcceptorPrepare(sc, seed, salt, 1, rsaPub, -1, Deployed)
	wantCat(t, "prepare negative capabilities", err, category.NegativeLength)
	_, err = AcceptorPrepare(make([]byte, 66), seed, salt, 1, rsaPub, 63, Deployed)
	wantCat(t, "prepare zero scalar", err, category.InvalidKey)

	// A point that is not on the curve, and an unreduced ML-KEM key, inside
	// an otherwise valid acceptAdd2.
	m := u.acceptor.Message
	m.ECDHPubKey = bytes.Clone(m.ECDHPubKey)
	m.ECDHPubKey[1] = 0x03
	_, err = Requester(m.Encode(), sc, make([]byte, 32), salt, 17, Deployed)
	wantCat(t, "requester, point off the curve", err, category.InvalidPoint)
	m = u.acceptor.Message
	m.MLKEMPubKey = bytes.Clone(m.MLKEMPubKey)
	m.MLKEMPubKey[0], m.MLKEMPubKey[1] = 0xFF, 0xFF
	_, err = Requester(m.Encode(), sc, make([]byte, 32), salt, 17, Deployed)
	wantCat(t, "requester, unreduced ML-KEM key", err, category.EKModulus)
	_, err = Requester(u.acceptor.AcceptAdd2, sc, make([]byte, 32), salt[:31], 17, Strict)
	wantCat(t, "requester, 31-byte chachaSalt (strict)", err, category.SaltLength)
	_, err = Requester(u.acceptor.AcceptAdd2, sc, make([]byte, 32), salt[:31], 17, Deployed)
	wantCat(t, "requester, 31-byte chachaSalt (deployed)", err, "")

	// A ciphertext for another key decapsulates to another secret: the keys
	// disagree, and nothing reports an error (ML-KEM's implicit rejection).
	k := u.requester.Message
	k.MLKEMCiphertext = bytes.Clone(k.MLKEMCiphertext)
	k.MLKEMCiphertext[10] ^= 1
	f, err := u.acceptor.Keys2(k.Encode(), Strict)
	if err != nil || bytes.Equal(f.AESKey, u.requester.AESKey) {
		t.Errorf("tampered ciphertext: %v", err)
	}
	// Restored state gives the same result as the prepared one.
	f2, err := AcceptorKeys2(u.acceptor.ECDHScalar, u.acceptor.MLKEMSeed, u.acceptor.AESSalt, u.requester.Keys2, Strict)
	if err != nil || !bytes.Equal(f2.ChachaKey, u.requester.ChachaKey) {
		t.Errorf("AcceptorKeys2: %v", err)
	}
}
