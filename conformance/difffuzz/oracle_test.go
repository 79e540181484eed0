package difffuzz

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// The oracle's byte-level path (reference.RunDecoded with the bytes
// generation holds, input.DecodedHex) answers as the hex path
// (reference.Run) on generated inputs of every family that has one, in
// both profiles: the same outputs, error and panic; the bytes it is given
// are those the hex decodes to and are left unwritten; and it is taken on
// most inputs (a DecodedHex that never answers would pass the rest).
func TestDecodedOracleAgrees(t *testing.T) {
	files, err := LoadVectors()
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	n := 120
	tested := 0
	for _, p := range vectors.Profiles {
		for _, fam := range vectors.Families() {
			field, ok := reference.ByteLevel(fam)
			if !ok {
				continue
			}
			tested++
			g := newFamilyGen(fam, cases, p)
			r := rand.New(rand.NewPCG(3, uint64(len(fam.Name))))
			var bufs hexBufs
			hits := 0
			for range n {
				in, ok := g.safeGenerate(r, &bufs)
				if !ok {
					continue
				}
				b, known := in.DecodedHex(field)
				var before []byte
				if known {
					hits++
					want, err := in.values.Bytes(field)
					if err != nil || !bytes.Equal(b, want) {
						t.Fatalf("%s: DecodedHex(%s) = %x, the hex decodes to %x (%v) (%s)", fam.Name, field, b, want, err, in.describe())
					}
					before = bytes.Clone(b)
				}
				hOut, hPanic, hErr := runReference(fam, p, in.values)
				dOut, dPanic, dErr := runWith(func(f *vectors.Family, p vectors.Profile, v vectors.Values) (vectors.Values, error) {
					return reference.RunDecoded(f, p, v, in)
				}, fam, p, in.values)
				if !reflect.DeepEqual(hOut, dOut) || !reflect.DeepEqual(hErr, dErr) || (hPanic == "") != (dPanic == "") {
					t.Fatalf("%s %s: %s\nhex:   %s %v %.60s\nbytes: %s %v %.60s", fam.Name, p, in.describe(), show(hOut), hErr, hPanic, show(dOut), dErr, dPanic)
				}
				if known && !bytes.Equal(b, before) {
					t.Fatalf("%s: the reference wrote the bytes it was given (%s)", fam.Name, in.describe())
				}
				in.recycle()
			}
			if hits < n/2 {
				t.Errorf("%s %s: the byte path taken on %d of %d inputs", fam.Name, p, hits, n)
			}
		}
	}
	if tested < 10 {
		t.Fatalf("%d families with a byte-level path, want the decoders'", tested/2)
	}
}

func show(v vectors.Values) string {
	s := fmt.Sprint(v)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// A case's features cost no allocation when the reference rejected with a
// FieldError (most cases of the decoder families), and a wrapped
// FieldError gives the same check features as the bare one.
func TestFeaturesAllocFree(t *testing.T) {
	fe := &category.FieldError{Field: "data", Rule: "length", Cat: category.Truncated, Got: 7}
	x := &execution{refErr: fe, reply: conformance.Reply{Kind: conformance.KindReject, Category: category.Truncated}}
	out := make([]uint64, 0, 16)
	if n := testing.AllocsPerRun(50, func() { out = x.features("f", out[:0]) }); n != 0 {
		t.Errorf("features allocated %v times per call", n)
	}
	bare := slices.Clone(x.features("f", nil))
	x.refErr = fmt.Errorf("wrapped: %w", fe)
	if wrapped := x.features("f", nil); !slices.Equal(bare, wrapped) {
		t.Errorf("a wrapped FieldError's features %x differ from the bare one's %x", wrapped, bare)
	}
}
