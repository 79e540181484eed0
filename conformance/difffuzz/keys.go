package difffuzz

import (
	"crypto/elliptic"
	"encoding/hex"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/pqhs/pqhs/impl/ixian"
)

// Key replacements: the encodings of public keys that implementations
// disagree on, made from the key in the input so that the rest of the
// input stays consistent.

var p521 = elliptic.P521().Params()

// p521Decompress returns the point with x and the parity of y, or nil when
// x is not the abscissa of a point.
func p521Decompress(x *big.Int, odd bool) *big.Int {
	y := new(big.Int).ModSqrt(p521Y2(x), p521.P)
	if y == nil {
		return nil
	}
	if (y.Bit(0) == 1) != odd {
		y.Sub(p521.P, y)
	}
	return y
}

// p521Y2 is x³ - 3x + b modulo p: y² for a point with abscissa x.
func p521Y2(x *big.Int) *big.Int {
	y2 := new(big.Int).Exp(x, big.NewInt(3), p521.P)
	y2.Sub(y2, new(big.Int).Mul(x, big.NewInt(3)))
	y2.Add(y2, p521.B)
	return y2.Mod(y2, p521.P)
}

// p521HasPoint reports whether x is the abscissa of a point, as
// p521Decompress(x, _) != nil does, by the Legendre symbol of y² rather
// than a square root (an exponentiation modulo p, the larger cost).
func p521HasPoint(x *big.Int) bool { return big.Jacobi(p521Y2(x), p521.P) != -1 }

func p521Bytes(n *big.Int) []byte { return n.FillBytes(make([]byte, 66)) }

// p521Point reads a SEC 1 P-521 point in any of its forms.
func p521Point(b []byte) (x, y *big.Int, ok bool) {
	switch {
	case len(b) == 67 && (b[0] == 2 || b[0] == 3):
		p521Points.Lock()
		xy, hit := p521Points.m[string(b)]
		p521Points.Unlock()
		if hit {
			return xy[0], xy[1], xy[1] != nil
		}
		x = new(big.Int).SetBytes(b[1:])
		y = p521Decompress(x, b[0] == 3)
		p521Points.Lock()
		if len(p521Points.m) >= 4096 {
			clear(p521Points.m)
		}
		p521Points.m[string(b)] = [2]*big.Int{x, y}
		p521Points.Unlock()
		return x, y, y != nil
	case len(b) == 133 && (b[0] == 4 || b[0] == 6 || b[0] == 7):
		return new(big.Int).SetBytes(b[1:67]), new(big.Int).SetBytes(b[67:]), true
	}
	return nil, nil, false
}

// p521Points caches decompressed points (a square root modulo p costs
// more than the rest of a case): the keys of the bases come back again and
// again. The values are shared; nobody changes them.
var p521Points = struct {
	sync.Mutex
	m map[string][2]*big.Int
}{m: map[string][2]*big.Int{}}

// p521Keys are fresh public keys put where a field holds no key: one in
// 32 is drawn anew (a scalar multiplication), the others reused.
var p521Keys struct {
	sync.Mutex
	keys [][]byte
}

func freshP521Key(r *rand.Rand) ([]byte, error) {
	p521Keys.Lock()
	n := len(p521Keys.keys)
	if n >= 32 && r.IntN(32) != 0 {
		k := p521Keys.keys[r.IntN(n)]
		p521Keys.Unlock()
		return k, nil
	}
	p521Keys.Unlock()
	k, err := ixian.ECDHPublicKey(p521Scalar(r))
	if err != nil {
		return nil, err
	}
	p521Keys.Lock()
	if len(p521Keys.keys) < 32 {
		p521Keys.keys = append(p521Keys.keys, k)
	} else {
		p521Keys.keys[r.IntN(32)] = k
	}
	p521Keys.Unlock()
	return k, nil
}

// mutateP521 replaces a P-521 public key by another encoding of the same
// point, the other point with that x, a point off the curve, an x with no
// point, an unreduced x, the point at infinity, or a wrong prefix.
func mutateP521(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	x, y, ok := p521Point(b)
	if !ok {
		// Not a key: put a fresh one there.
		k, err := freshP521Key(r)
		if err != nil {
			return nil, ""
		}
		return slices.Clone(k), "a fresh compressed key"
	}
	comp := func(prefix byte, x *big.Int) []byte { return append([]byte{prefix}, p521Bytes(x)...) }
	parity := byte(y.Bit(0))
	switch r.IntN(14) {
	case 0:
		return append(comp(4, x), p521Bytes(y)...), "uncompressed form"
	case 1:
		return append(comp(6+parity, x), p521Bytes(y)...), "hybrid form"
	case 2:
		return append(comp(7-parity, x), p521Bytes(y)...), "hybrid form with the wrong parity"
	case 3:
		return comp(3-parity, x), "the other point with this x (compressed)"
	case 4:
		return append(comp(4, x), p521Bytes(new(big.Int).Add(y, big.NewInt(1)))...), "uncompressed, off the curve"
	case 5:
		nx := new(big.Int).Set(x)
		for {
			nx.Add(nx, big.NewInt(1))
			if !p521HasPoint(nx) {
				break
			}
		}
		return comp(2+parity, nx), "compressed x with no point"
	case 6:
		return comp(2+parity, new(big.Int).Add(x, p521.P)), "compressed x + p (unreduced)"
	case 7:
		return []byte{0}, "the point at infinity (00)"
	case 8:
		pre := []byte{0, 1, 4, 5, 6, 8}[r.IntN(6)]
		return comp(pre, x), fmt.Sprintf("67 bytes with prefix %02x", pre)
	case 9:
		return comp(2+parity, x)[:66], "compressed, one byte short"
	case 10:
		return append(comp(2+parity, x), 0), "compressed, one byte more"
	case 11:
		return append(comp(2+parity, p521.P), nil...), "compressed x = p"
	case 12:
		return append(comp(4, x), p521Bytes(new(big.Int).Add(y, p521.P))...), "uncompressed with y + p (unreduced)"
	default:
		return append(comp(4, new(big.Int).Add(x, p521.P)), p521Bytes(y)...), "uncompressed with x + p (unreduced)"
	}
}

// p521Scalar draws a private scalar below the group order.
func p521Scalar(r interface{ Uint32() uint32 }) []byte {
	b := make([]byte, 66)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	b[0] &= 0
	return b
}

// mutateP521Scalar replaces a private scalar by a boundary of [1, n-1].
func mutateP521Scalar(m *mctx, b []byte) ([]byte, string) {
	n := p521.N
	vals := []struct {
		v *big.Int
		d string
	}{
		{big.NewInt(0), "0"}, {big.NewInt(1), "1"}, {new(big.Int).Sub(n, big.NewInt(1)), "n-1"}, {n, "n"},
		{new(big.Int).Add(n, big.NewInt(1)), "n+1"}, {new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 528), big.NewInt(1)), "2^528-1"},
	}
	v := vals[m.r.IntN(len(vals))]
	return p521Bytes(v.v), "scalar " + v.d
}

// lowOrderX25519 are the X25519 public keys of small order (RFC 7748 §6.1,
// the list every implementation checks against) in their canonical form.
var lowOrderX25519 = func() [][]byte {
	var out [][]byte
	for _, h := range []string{
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	} {
		b, _ := hex.DecodeString(h)
		out = append(out, b)
	}
	return out
}()

// mutateX25519 replaces an X25519 public key by a key of small order (in
// its canonical form, with the ignored top bit set, or plus p), another
// non-canonical encoding of the same key, or a fresh random key.
func mutateX25519(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	switch r.IntN(6) {
	case 0, 1:
		i := r.IntN(len(lowOrderX25519))
		return slices.Clone(lowOrderX25519[i]), fmt.Sprintf("low-order point %d", i)
	case 2:
		i := r.IntN(len(lowOrderX25519))
		k := slices.Clone(lowOrderX25519[i])
		k[31] |= 0x80
		return k, fmt.Sprintf("low-order point %d with the top bit set", i)
	case 3:
		// p, p+1: the non-canonical encodings of 0 and 1.
		k := slices.Clone(lowOrderX25519[4])
		k[0] += byte(1 + r.IntN(2))
		return k, "p or p+1 (0 or 1 unreduced)"
	case 4:
		if len(b) == 32 {
			k := slices.Clone(b)
			k[31] ^= 0x80
			return k, "the top bit flipped"
		}
	}
	return randBytes(r, 32), "a random key"
}

// mutateEK puts a coefficient >= q into an ML-KEM encapsulation key (the
// FIPS 203 modulus check), keeping the rest.
func mutateEK(m *mctx, b []byte) ([]byte, string) {
	polys := (len(b) - 32) / 384
	if polys < 2 || len(b) != polys*384+32 {
		return nil, ""
	}
	out := slices.Clone(b)
	k := m.r.IntN(polys * 256)
	v := uint16(3329 + m.r.IntN(4096-3329))
	o := 3 * (k / 2)
	if k%2 == 0 {
		out[o] = byte(v)
		out[o+1] = out[o+1]&0xf0 | byte(v>>8)
	} else {
		out[o+1] = out[o+1]&0x0f | byte(v<<4)
		out[o+2] = byte(v >> 4)
	}
	return out, fmt.Sprintf("coefficient %d = %d (>= q)", k, v)
}

// mutateEphemeral mutates the Verbeth ephemeralPubKey A || ek: one of its
// halves.
func mutateEphemeral(m *mctx, b []byte) ([]byte, string) {
	if len(b) != 1216 {
		return nil, ""
	}
	if m.r.IntN(2) == 0 {
		a, d := mutateX25519(m, b[:32])
		return append(a, b[32:]...), "A: " + d
	}
	ek, d := mutateEK(m, b[32:])
	if ek == nil {
		return nil, ""
	}
	return append(slices.Clone(b[:32]), ek...), "ek: " + d
}

// mutateUnified mutates Verbeth unified public keys 0x01 || X25519 ||
// Ed25519: the version byte, the legacy 64-byte form, a key of small order.
func mutateUnified(m *mctx, b []byte) ([]byte, string) {
	if len(b) != 65 && len(b) != 64 {
		return nil, ""
	}
	switch m.r.IntN(4) {
	case 0:
		if len(b) == 65 {
			return slices.Clone(b[1:]), "legacy 64-byte form"
		}
		return append([]byte{1}, b...), "version 1 form"
	case 1:
		out := slices.Clone(b)
		out[0] = []byte{0, 2, 0xff}[m.r.IntN(3)]
		return out, fmt.Sprintf("version byte %02x", out[0])
	default:
		off := len(b) - 64
		x, d := mutateX25519(m, b[off:off+32])
		return append(append(slices.Clone(b[:off]), x...), b[off+32:]...), "x25519: " + d
	}
}
