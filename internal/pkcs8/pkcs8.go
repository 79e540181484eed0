// Package pkcs8 reads an RSA private key in PKCS #8 DER, the form of the
// project's test keys and of the vectors' rsaPrivateKey inputs.
//
// crypto/x509 reads it too, but importing crypto/x509 links package net,
// and with it runtime/cgo, into every binary that parses a key: about 60 ms
// of linker CPU per test binary, in some twenty test binaries of go test
// ./..., and a dynamically linked executable where a static one would do.
// ParseRSAPrivateKey accepts exactly the RSA keys that
// x509.ParsePKCS8PrivateKey accepts (the same ASN.1 structures, checks and
// key validation, under Go's default settings) and returns the same key;
// internal/testkeys' TestPKCS8AgreesWithX509 holds it to that. Its errors
// are worded differently.
package pkcs8

import (
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"math/big"
)

// The ASN.1 structures of RFC 5208 (PrivateKeyInfo, attributes left out as
// crypto/x509 leaves them out) and RFC 8017 (RSAPrivateKey).
type privateKeyInfo struct {
	Version    int
	Algo       algorithmIdentifier
	PrivateKey []byte
}

type algorithmIdentifier struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type rsaPrivateKey struct {
	Version int
	N       *big.Int
	E       int
	D       *big.Int
	P       *big.Int
	Q       *big.Int
	Dp      *big.Int `asn1:"optional"`
	Dq      *big.Int `asn1:"optional"`
	Qinv    *big.Int `asn1:"optional"`

	AdditionalPrimes []otherPrime `asn1:"optional,omitempty"`
}

type otherPrime struct {
	Prime *big.Int
	Exp   *big.Int // computed again by crypto/rsa, as crypto/x509 does
	Coeff *big.Int
}

var oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}

// ParseRSAPrivateKey parses an unencrypted PKCS #8 RSA private key and
// validates it (rsa.PrivateKey.Validate, after Precompute).
func ParseRSAPrivateKey(der []byte) (*rsa.PrivateKey, error) {
	var info privateKeyInfo
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		return nil, errors.New("pkcs8: not a PKCS #8 private key: " + err.Error())
	}
	if !info.Algo.Algorithm.Equal(oidRSAEncryption) {
		return nil, errors.New("pkcs8: not an RSA key (algorithm " + info.Algo.Algorithm.String() + ")")
	}
	var priv rsaPrivateKey
	rest, err := asn1.Unmarshal(info.PrivateKey, &priv)
	switch {
	case len(rest) > 0:
		return nil, errors.New("pkcs8: trailing data after the RSA private key")
	case err != nil:
		return nil, errors.New("pkcs8: not an RSA private key: " + err.Error())
	case priv.Version > 1:
		return nil, errors.New("pkcs8: unsupported RSA private key version")
	}
	if priv.N.Sign() <= 0 || priv.D.Sign() <= 0 || priv.P.Sign() <= 0 || priv.Q.Sign() <= 0 ||
		priv.Dp != nil && priv.Dp.Sign() <= 0 ||
		priv.Dq != nil && priv.Dq.Sign() <= 0 ||
		priv.Qinv != nil && priv.Qinv.Sign() <= 0 {
		return nil, errors.New("pkcs8: the RSA private key holds a zero or negative value")
	}
	key := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: priv.N, E: priv.E}, D: priv.D}
	key.Primes = append([]*big.Int{priv.P, priv.Q}, make([]*big.Int, len(priv.AdditionalPrimes))...)
	key.Precomputed.Dp, key.Precomputed.Dq, key.Precomputed.Qinv = priv.Dp, priv.Dq, priv.Qinv
	for i, a := range priv.AdditionalPrimes {
		if a.Prime.Sign() <= 0 {
			return nil, errors.New("pkcs8: the RSA private key holds a zero or negative prime")
		}
		key.Primes[i+2] = a.Prime
	}
	key.Precompute()
	if err := key.Validate(); err != nil {
		return nil, err
	}
	return key, nil
}
