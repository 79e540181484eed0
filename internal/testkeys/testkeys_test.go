package testkeys

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/internal/pkcs8"
)

func TestKeys(t *testing.T) {
	for _, n := range []string{IxianRequester, IxianAcceptor} {
		k := RSA(n)
		if k.N.BitLen() != 4096 || k.E != 65537 {
			t.Errorf("%s: %d bits, e = %d", n, k.N.BitLen(), k.E)
		}
		if err := k.Validate(); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if k := RSA(IxianExposed); k.N.BitLen() != 1024 || k.E != 65537 || k.Validate() != nil {
		t.Errorf("%s: %d bits, e = %d", IxianExposed, k.N.BitLen(), k.E)
	}
	if RSA(IxianRequester).N.Cmp(RSA(IxianAcceptor).N) == 0 {
		t.Error("the two keys are the same")
	}
}

// pkcs8.ParseRSAPrivateKey accepts what x509.ParsePKCS8PrivateKey accepts
// and returns the same key: on the three keys; on each cut short, with a
// byte appended, and in PKCS #1 rather than PKCS #8; on edits of one byte
// in every seventh of the 1024-bit key's; and on a key that is not RSA's.
// It is tested here, beside the keys, so that only this test binary links
// crypto/x509 (the reason package pkcs8 exists).
func TestPKCS8AgreesWithX509(t *testing.T) {
	var inputs [][]byte
	for _, n := range []string{IxianRequester, IxianAcceptor, IxianExposed} {
		der := PKCS8(n)
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, der, append(slices.Clone(der), 0), x509.MarshalPKCS1PrivateKey(k.(*rsa.PrivateKey)))
		for _, cut := range []int{0, 1, 2, 26, len(der) / 2, len(der) - 1} {
			inputs = append(inputs, der[:cut])
		}
		if n == IxianExposed {
			for i := 0; i < len(der); i += 7 {
				edit := slices.Clone(der)
				edit[i] ^= 0x41
				inputs = append(inputs, edit)
			}
		}
	}
	// A P-256 private key in PKCS #8.
	ec, _ := hex.DecodeString("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420ca4538460d23fb07c6ef954c1731749b1bc80ac5232f9ca1d2e53f1ab0093fb5a1440342000469257de3d0e122bc9170842f30635c2ee10a91785a54ff2935b820d6f81aa097d75a1c048b369d42c2b31ccce936e62e01f92e79d69167d9af4f7fb51f06f9f1")
	inputs = append(inputs, ec)
	accepted := 0
	for _, in := range inputs {
		kx, errX := x509.ParsePKCS8PrivateKey(in)
		rx, isRSA := kx.(*rsa.PrivateKey)
		if errX == nil && !isRSA {
			errX = errors.New("not an RSA key")
		}
		kp, errP := pkcs8.ParseRSAPrivateKey(in)
		switch {
		case (errX == nil) != (errP == nil):
			t.Errorf("%x:\n  crypto/x509: %v\n  pkcs8: %v", in[:min(len(in), 48)], errX, errP)
		case errX == nil:
			accepted++
			if !rx.Equal(kp) || len(rx.Primes) != len(kp.Primes) || rx.Precomputed.Dp.Cmp(kp.Precomputed.Dp) != 0 ||
				rx.Precomputed.Dq.Cmp(kp.Precomputed.Dq) != 0 || rx.Precomputed.Qinv.Cmp(kp.Precomputed.Qinv) != 0 {
				t.Errorf("%x: the keys differ", in[:min(len(in), 48)])
			}
		}
	}
	t.Logf("%d of %d inputs accepted", accepted, len(inputs))
	if accepted < 6 || accepted == len(inputs) {
		t.Errorf("%d of %d inputs accepted", accepted, len(inputs))
	}
}
