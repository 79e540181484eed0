package difffuzz

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// LoadVectors parses the vector files once for the package's tests (those of
// package difffuzz_test too); the cases are made from them anew for each use.
var LoadVectors = sync.OnceValues(func() ([]*vectors.File, error) { return vectors.LoadFS(vectors.FS) })

// An implementation's own inputs (keys, state, randomness) keep their
// length, and its JSON state is only ever replaced whole: the order in which
// a port checks them against a peer's input is no protocol's rule.
func TestLocalInputsStayWellFormed(t *testing.T) {
	files, err := LoadVectors()
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	r := rand.New(rand.NewPCG(1, 2))
	for _, fam := range []*vectors.Family{vectors.VerbethRatchetEncrypt, vectors.VerbethResponseOpen, vectors.VerbethResponseMatch, vectors.IxianRSA2Decrypt} {
		g := newFamilyGen(fam, cases, vectors.Strict)
		for range 300 {
			in := g.generate(r)
			for name := range localInputs {
				got, ok := in.values[name]
				base, inBase := in.base.in[name]
				if !ok || !inBase {
					continue
				}
				fd, _ := fam.Input(name)
				if fd.Type == vectors.JSON || name == "rsaPrivateKey" {
					if string(got) != string(base) && !containsRaw(g.dict[name], got) {
						t.Fatalf("%s: %s edited inside (%s)", fam.Name, name, in.describe())
					}
					continue
				}
				if fd.Type == vectors.Hex && len(got) != len(base) {
					t.Fatalf("%s: %s changed length from %d to %d (%s)", fam.Name, name, len(base), len(got), in.describe())
				}
			}
		}
	}
}
