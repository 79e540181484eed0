package difffuzz

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/pqhs/pqhs/vectors"
)

// ixKeys2 writes keys2 itself instead of running the acceptor's prepare step
// and the requester's step (d8f856d). This keeps the two writers together:
// from the same random stream, the steps give the same keys2 and the same
// prepare inputs, in both profiles, and leave the stream in the same place.
func TestKeys2AgreesWithSteps(t *testing.T) {
	for _, p := range []vectors.Profile{vectors.Strict, vectors.Deployed} {
		for seed := range uint64(3) {
			fast, slow := rand.New(rand.NewPCG(seed, 42)), rand.New(rand.NewPCG(seed, 42))
			prep, keys2, err := ixKeys2(fast, p)
			if err != nil {
				t.Fatalf("%s seed %d: ixKeys2: %v", p, seed, err)
			}
			wantPrep := ixPrepareIn(slow)
			prepOut, err := run(vectors.IxianAcceptorPrepare, p, wantPrep)
			if err != nil {
				t.Fatal(err)
			}
			acc, _ := prepOut.Bytes("acceptAdd2")
			reqOut, err := run(vectors.IxianRequesterAcceptAdd2, p, ixRequesterIn(slow, acc))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := reqOut.Bytes("keys2")
			if !bytes.Equal(keys2, want) {
				t.Errorf("%s seed %d: keys2 differs from the requester step's:\n got %x\nwant %x", p, seed, keys2, want)
			}
			for _, name := range []string{"ecdhPrivateKey", "mlkemSeed", "aesSalt"} {
				if string(prep[name]) != string(wantPrep[name]) {
					t.Errorf("%s seed %d: prepare input %s differs", p, seed, name)
				}
			}
			if a, b := fast.Uint64(), slow.Uint64(); a != b {
				t.Errorf("%s seed %d: the random stream ends elsewhere (%x, %x)", p, seed, a, b)
			}
		}
	}
}
