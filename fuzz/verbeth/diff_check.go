package verbeth

import (
	"bytes"
	"crypto/ecdh"
	"crypto/mlkem"
	"crypto/mlkem/mlkemtest"
	"errors"

	"github.com/cloudflare/circl/dh/x25519"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
	"golang.org/x/crypto/curve25519"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
)

// Differential checks: two independent implementations of a primitive, and
// the reference implementation's use of it, must agree on every input.

// CheckMLKEM768 holds circl and crypto/mlkem against each other, with
// impl/verbeth's KEM on top, for ML-KEM-768: key generation from the seed
// d||z, encapsulation with the message m, decapsulation of the honest
// ciphertext edited by ctEdit (so malformed ciphertexts hit implicit
// rejection), and the encapsulation-key check and encapsulation for the
// key edited by ekEdit.
func CheckMLKEM768(t check.TB, seed, m, ctEdit, ekEdit []byte) {
	seed, m = check.Fit(seed, 64), check.Fit(m, 32)
	pkC, skC := mlkem768.NewKeyFromSeed(seed)
	ekC := make([]byte, mlkem768.PublicKeySize)
	pkC.Pack(ekC)
	dkS, err := mlkem.NewDecapsulationKey768(seed)
	if err != nil {
		t.Fatalf("crypto/mlkem: %v", err)
	}
	ekS := dkS.EncapsulationKey().Bytes()
	kem, err := verbeth.NewKEMKey(seed)
	if err != nil {
		t.Fatalf("verbeth: %v", err)
	}
	if !bytes.Equal(ekC, ekS) || !bytes.Equal(kem.EncapsulationKey(), ekS) {
		t.Fatalf("keygen: the encapsulation keys differ")
	}

	ssS, ctS, err := mlkemtest.Encapsulate768(dkS.EncapsulationKey(), m)
	if err != nil {
		t.Fatalf("crypto/mlkem: %v", err)
	}
	ctC, ssC := make([]byte, mlkem768.CiphertextSize), make([]byte, mlkem768.SharedKeySize)
	pkC.EncapsulateTo(ctC, ssC, m)
	ctV, ssV, err := verbeth.Encapsulate(ekS, m, verbeth.Strict)
	if err != nil || !bytes.Equal(ctC, ctS) || !bytes.Equal(ssC, ssS) || !bytes.Equal(ctV, ctS) || !bytes.Equal(ssV[:], ssS) {
		t.Fatalf("encapsulation differs: %v", err)
	}

	ct := check.XorFit(ctS, ctEdit)
	d1, err := dkS.Decapsulate(ct)
	if err != nil {
		t.Fatalf("crypto/mlkem refuses a ciphertext of the right size: %v", err)
	}
	d2 := make([]byte, mlkem768.SharedKeySize)
	skC.DecapsulateTo(d2, ct)
	d3, err := kem.Decapsulate(ct)
	if err != nil || !bytes.Equal(d1, d2) || !bytes.Equal(d3[:], d1) {
		t.Fatalf("decapsulation of %x differs: %x / %x / %x, %v", ct[:8], d1, d2, d3, err)
	}
	if bytes.Equal(ct, ctS) != bytes.Equal(d1, ssS) {
		t.Fatalf("an edited ciphertext decapsulates to the honest secret, or the honest one does not")
	}

	ek := check.XorFit(ekS, ekEdit)
	ekStd, errStd := mlkem.NewEncapsulationKey768(ek)
	var pk mlkem768.PublicKey
	errC := pk.Unpack(ek)
	ctV, ssV, errV := verbeth.Encapsulate(ek, m, verbeth.Strict)
	if (errStd == nil) != (errC == nil) || (errStd == nil) != (errV == nil) {
		t.Fatalf("the encapsulation-key check differs: crypto/mlkem %v, circl %v, verbeth %v", errStd, errC, errV)
	}
	check.Category(t, "verbeth.Encapsulate", errV)
	if errV != nil {
		if !errors.Is(errV, category.EKModulus) {
			t.Fatalf("a non-canonical key: %v", errV)
		}
		if ctD, _, err := verbeth.Encapsulate(ek, m, verbeth.Deployed); err != nil || len(ctD) != mlkem768.CiphertextSize {
			t.Fatalf("Deployed encapsulates to any key, as noble 0.5.4 does: %v", err)
		}
		return
	}
	ss2, ct2, _ := mlkemtest.Encapsulate768(ekStd, m)
	pk.EncapsulateTo(ctC, ssC, m)
	if !bytes.Equal(ct2, ctC) || !bytes.Equal(ss2, ssC) || !bytes.Equal(ctV, ct2) || !bytes.Equal(ssV[:], ss2) {
		t.Fatalf("encapsulation to an edited key differs")
	}
}

// CheckX25519 holds x/crypto's curve25519, crypto/ecdh and circl against
// each other, with impl/verbeth's X25519 on top: the public key of any
// 32-byte secret, and the shared secret with any 32-byte u-coordinate
// (top bit set, non-canonical, small order). All must agree on the value
// and on which inputs give the all-zero output, which x/crypto and
// crypto/ecdh refuse, circl reports, Deployed returns and Strict refuses
// as low_order_point.
func CheckX25519(t check.TB, scalar, point []byte) {
	scalar, point = check.Fit(scalar, 32), check.Fit(point, 32)

	pubX, err := curve25519.X25519(scalar, curve25519.Basepoint)
	if err != nil {
		t.Fatalf("x/crypto public key: %v", err)
	}
	priv, err := ecdh.X25519().NewPrivateKey(scalar)
	if err != nil {
		t.Fatalf("crypto/ecdh private key: %v", err)
	}
	var pubC, sk, pk, sharedC x25519.Key
	copy(sk[:], scalar)
	copy(pk[:], point)
	x25519.KeyGen(&pubC, &sk)
	pubV, err := verbeth.X25519PublicKey(scalar)
	if err != nil || !bytes.Equal(pubX, priv.PublicKey().Bytes()) || !bytes.Equal(pubX, pubC[:]) || !bytes.Equal(pubX, pubV[:]) {
		t.Fatalf("the public keys of %x differ: %v", scalar, err)
	}

	sharedX, errX := curve25519.X25519(scalar, point)
	var sharedE []byte
	pub, errE := ecdh.X25519().NewPublicKey(point)
	if errE == nil {
		sharedE, errE = priv.ECDH(pub)
	}
	okC := x25519.Shared(&sharedC, &sk, &pk)
	var legacy [32]byte
	//lint:ignore SA1019 an independent X25519 that gives the all-zero output of a small-order point, as the deployed SDK does
	curve25519.ScalarMult(&legacy, (*[32]byte)(scalar), (*[32]byte)(point))
	sharedD, errD := verbeth.X25519("point", scalar, point, verbeth.Deployed)
	sharedS, errS := verbeth.X25519("point", scalar, point, verbeth.Strict)
	check.Category(t, "X25519", errS)
	check.Category(t, "X25519", errD)

	zero := legacy == [32]byte{}
	if errD != nil || (errX != nil) != zero || (errE != nil) != zero || okC == zero || errors.Is(errS, category.LowOrderPoint) != zero ||
		(errS != nil && !zero) {
		t.Fatalf("X25519(%x, %x): all-zero %v; x/crypto %v, crypto/ecdh %v, circl ok %v, strict %v, deployed %v",
			scalar, point, zero, errX, errE, okC, errS, errD)
	}
	if sharedD != legacy {
		t.Fatalf("X25519(%x, %x): deployed %x, x/crypto ScalarMult %x", scalar, point, sharedD, legacy)
	}
	if !zero && (!bytes.Equal(sharedX, legacy[:]) || !bytes.Equal(sharedE, legacy[:]) || sharedC != x25519.Key(legacy) || sharedS != legacy) {
		t.Fatalf("X25519(%x, %x) differs: x/crypto %x, crypto/ecdh %x, circl %x, strict %x", scalar, point, sharedX, sharedE, sharedC, sharedS)
	}
}
