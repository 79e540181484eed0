package difffuzz

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// fillPCG writes what r.Uint64's calls would, at every length around its
// block of two words, and leaves r where they would.
func TestFillPCG(t *testing.T) {
	if !pcgLayout {
		t.Skip("rand.Rand's layout is not the one pcgOf reads: appendRand calls r.Uint64")
	}
	for n := range 70 {
		slow, fast := rand.New(rand.NewPCG(uint64(n), 9)), rand.New(rand.NewPCG(uint64(n), 9))
		want := make([]byte, 0, n)
		for len(want) < n {
			w := slow.Uint64()
			for i := 0; i < 8 && len(want) < n; i++ {
				want = append(want, byte(w>>(8*i)))
			}
		}
		got := make([]byte, n)
		fillPCG(pcgOf(fast), got)
		if string(got) != string(want) {
			t.Fatalf("%d bytes: %x, want %x", n, got, want)
		}
		if a, b := fast.Uint64(), slow.Uint64(); a != b {
			t.Fatalf("%d bytes: the next value is %x, want %x", n, a, b)
		}
	}
	if pcgOf(rand.New(rand.NewChaCha8([32]byte{}))) != nil {
		t.Fatal("pcgOf took a ChaCha8 for a PCG")
	}
}

// p521HasPoint agrees with p521Decompress on consecutive abscissae (about
// half have a point) and on 0 and p-1.
func TestP521HasPoint(t *testing.T) {
	x := new(big.Int).SetBytes(p521Bytes(big.NewInt(12345)))
	with := 0
	for i := range 24 {
		x.Add(x, big.NewInt(1))
		want := p521Decompress(x, i%2 == 0) != nil
		if p521HasPoint(x) != want {
			t.Fatalf("x = %v: p521HasPoint = %v, want %v", x, !want, want)
		}
		if want {
			with++
		}
	}
	if with == 0 || with == 24 {
		t.Fatalf("%d of 24 abscissae have a point: the test tests nothing", with)
	}
	for _, x := range []*big.Int{big.NewInt(0), new(big.Int).Sub(p521.P, big.NewInt(1))} {
		if p521HasPoint(x) != (p521Decompress(x, false) != nil) {
			t.Fatalf("x = %v: p521HasPoint disagrees", x)
		}
	}
}
