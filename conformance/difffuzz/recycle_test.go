package difffuzz

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// The campaign's recycled memory never holds a live input's values: inputs that
// are kept (not recycled) still hold what they were generated with after
// many more cases have reused the memory of the others.
func TestRecycleKeepsWhatIsKept(t *testing.T) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	r := rand.New(rand.NewPCG(1, 3))
	var bufs hexBufs
	type kept struct {
		in   *input
		copy vectors.Values
	}
	var live []kept
	recycled := 0
	for _, fam := range []*vectors.Family{vectors.IxianIxiVarUIntDecode, vectors.IxianIxiBytesDecode, vectors.IxianKeys2Decode, vectors.VerbethHandshakePayloadDecode} {
		g := newFamilyGen(fam, cases, vectors.Strict)
		for i := range 400 {
			in, ok := g.safeGenerate(r, &bufs)
			if !ok {
				continue
			}
			if i%4 == 0 {
				c := vectors.Values{}
				for k, v := range in.values {
					c[k] = slices.Clone(v)
				}
				live = append(live, kept{in, c})
				continue
			}
			recycled += len(in.owned)
			in.recycle()
		}
	}
	if recycled == 0 {
		t.Fatal("no memory was recycled: the test tests nothing")
	}
	for _, k := range live {
		if !maps.EqualFunc(k.in.values, k.copy, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
			t.Fatalf("a kept input changed after %d buffers were recycled (%s)", recycled, k.in.describe())
		}
	}
}

// TestGenerationDigest writes a digest of the inputs generated for every
// family, profile and a few seeds to the file $PQHS_GEN_DIGEST (skipped
// without it): run it before and after a change to generation that must
// not change what is generated (a speed-up), and compare the two files.
// Run it alone (-run TestGenerationDigest): the fresh P-521 keys are drawn
// from a cache the process's earlier tests fill.
func TestGenerationDigest(t *testing.T) {
	out := os.Getenv("PQHS_GEN_DIGEST")
	if out == "" {
		t.Skip("PQHS_GEN_DIGEST is not set")
	}
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range vectors.Profiles {
		for _, fam := range vectors.Families() {
			for seed := uint64(1); seed <= 2; seed++ {
				g := newFamilyGen(fam, cases, p)
				r := rand.New(rand.NewPCG(seed, 7))
				h := sha256.New()
				var bufs hexBufs
				for range 1500 {
					in, ok := g.safeGenerate(r, &bufs)
					if !ok {
						fmt.Fprintf(h, "PANIC\n")
						continue
					}
					for _, k := range slices.Sorted(maps.Keys(in.values)) {
						fmt.Fprintf(h, "%s=%s\n", k, in.values[k])
					}
					fmt.Fprintf(h, "# %s\n", in.describe())
					in.recycle()
				}
				fmt.Fprintf(f, "%s %s %d %x\n", p, fam.Name, seed, h.Sum(nil)[:8])
			}
		}
	}
}
