package fasthex

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/pqhs/pqhs/internal/cputime"
)

// Encode agrees with encoding/hex at every length around its block size.
func TestAgreesWithEncodingHex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		want := hex.EncodeToString(src)
		got := make([]byte, 2*n)
		if Encode(got, src) != len(want) || string(got) != want {
			t.Fatalf("Encode(%x) = %s", src, got)
		}
		if got := AppendEncode([]byte("x"), src); string(got) != "x"+want {
			t.Fatalf("AppendEncode(%x) = %s", src, got)
		}
		if got := AppendEncode(make([]byte, 1, 100), src); string(got[1:]) != want {
			t.Fatalf("AppendEncode(%x) in place = %s", src, got)
		}
	}
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if got := AppendEncode(nil, all); string(got) != hex.EncodeToString(all) {
		t.Fatalf("every byte: %s", got)
	}
}

// BenchmarkEncode compares with encoding/hex on 64 KiB, in CPU time,
// interleaved (ratio: fasthex's time over encoding/hex's).
func BenchmarkEncode(b *testing.B) {
	src := make([]byte, 64<<10)
	dst := make([]byte, 2*len(src))
	cputime.Compare(b, "fasthex", func() { Encode(dst, src) }, "encoding-hex", func() { hex.Encode(dst, src) })
}
