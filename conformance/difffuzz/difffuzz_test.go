package difffuzz_test

import (
	"context"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/difffuzz"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/vectors"
)

func cases(t testing.TB) []conformance.Case {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	return conformance.Cases(files)
}

// The reference against itself: no finding, whatever is generated, and
// nothing the generators make panics the reference.
func TestReferenceAgreesWithItself(t *testing.T) {
	n := int64(3000)
	if testing.Short() {
		n = 1000
	}
	for _, p := range vectors.Profiles {
		res, err := difffuzz.Run(context.Background(), conformance.Shared(reference.Adapter()), difffuzz.Options{
			Profile: p, Cases: cases(t), Execs: n, Seed: 1, InFlight: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v", p, res.Stats)
		for _, f := range res.Findings {
			t.Errorf("%s: %s\n%s", f.Signature, f.Origin, f.Expected.Message)
		}
	}
}
