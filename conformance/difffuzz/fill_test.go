package difffuzz

import (
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
