package ixian

import (
	"crypto/elliptic"
	"math/big"

	"github.com/pqhs/pqhs/impl/category"
)

// ZeroXPeerKey returns the compressed public key Q for which scalar·Q has
// the X coordinate 0, so that ECDH(scalar, Q) is the empty secret: Q =
// scalar^-1 · (0, y) (spec/ixian-s2.md §7.1: the secret of X = 0 is
// empty), where y is the even square root of the curve's b mod
// p (b is a square for secp521r1, so the points (0, ±y) exist). It makes
// test vectors for the case where Ixian-Core derives the keys from the
// ML-KEM secret alone; an honest peer meets it with probability 2^-520.
func ZeroXPeerKey(scalar []byte) ([]byte, error) {
	if _, err := newECDHPrivateKey("ecdhPrivateKey", scalar); err != nil {
		return nil, err
	}
	c := elliptic.P521()
	prm := c.Params()
	// p = 2^521 - 1 is 3 mod 4, so y = b^((p+1)/4) when b is a square.
	e := new(big.Int).Rsh(new(big.Int).Add(prm.P, big.NewInt(1)), 2)
	y := new(big.Int).Exp(prm.B, e, prm.P)
	if y.Bit(0) == 1 {
		y.Sub(prm.P, y)
	}
	// (0, y) is on y^2 = x^3 - 3x + b when y^2 = b.
	if new(big.Int).Exp(y, big.NewInt(2), prm.P).Cmp(prm.B) != 0 {
		return nil, fieldErr("curve", "zero-x", category.InvalidPoint, "b is not a square", "a point with X = 0")
	}
	inv := new(big.Int).ModInverse(new(big.Int).SetBytes(scalar), prm.N)
	//lint:ignore SA1019 crypto/ecdh multiplies only its own key pairs and returns an X alone; this needs the whole point scalar^-1 · (0, y).
	x, qy := c.ScalarMult(new(big.Int), y, inv.FillBytes(make([]byte, ECDHScalarSize)))
	return elliptic.MarshalCompressed(c, x, qy), nil
}
