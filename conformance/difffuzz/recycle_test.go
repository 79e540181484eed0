package difffuzz

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/internal/jsjson"
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

// A mutation reads a field's decoded bytes from its base entry's cache or
// from what an earlier mutation set, without a copy (input.hexField), and
// must never write them: after 60 inputs of every family are generated, every
// entry's cache still holds the bytes of its hex, and every input's values
// are those it was generated with.
func TestSharedBytesStayUnwritten(t *testing.T) {
	files, err := LoadVectors()
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	r := rand.New(rand.NewPCG(5, 11))
	var bufs hexBufs
	parsed := 0
	for _, fam := range vectors.Families() {
		g := newFamilyGen(fam, cases, vectors.Strict)
		type made struct {
			in   *input
			copy vectors.Values
		}
		var all []made
		for range 60 {
			in, ok := g.safeGenerate(r, &bufs)
			if !ok {
				continue
			}
			c := vectors.Values{}
			for k, v := range in.values {
				c[k] = slices.Clone(v)
			}
			all = append(all, made{in, c})
		}
		for _, m := range all {
			if !maps.EqualFunc(m.in.values, m.copy, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
				t.Fatalf("%s: an input changed after it was generated (%s)", fam.Name, m.in.describe())
			}
		}
		g.mu.RLock()
		entries := slices.Concat(g.bases, g.pool, g.freshes)
		g.mu.RUnlock()
		checked := 0
		for _, e := range entries {
			for name, b := range e.decoded {
				want, err := e.in.Bytes(name)
				if err != nil || !bytes.Equal(b, want) {
					t.Fatalf("%s: the decoded %s of entry %q was written", fam.Name, name, e.origin)
				}
				checked++
			}
			// The JSON texts parsed once (mctx.parse) are handed out as
			// copies: the entry's parse is still that of its bytes.
			for name, p := range e.parsed {
				v, err := parseText(e.decoded[name])
				if (err == nil) != (p.err == nil) || string(jsjson.Marshal(v)) != string(jsjson.Marshal(p.v)) {
					t.Fatalf("%s: the parsed %s of entry %q was written", fam.Name, name, e.origin)
				}
				parsed++
			}
		}
		if checked == 0 && len(fam.Inputs) > 0 && hasHex(fam) {
			t.Errorf("%s: no entry's bytes were decoded: the test tests nothing", fam.Name)
		}
	}
	if parsed == 0 {
		t.Error("no entry's JSON text was parsed: the test tests nothing")
	}
}

func hasHex(f *vectors.Family) bool {
	for _, fd := range f.Inputs {
		if fd.Type == vectors.Hex {
			return true
		}
	}
	return false
}

// BenchmarkGenerate is generation alone on the decoder families of
// BenchmarkRunnerCase (one op: an input made and its memory given back, as
// a case nothing keeps), with its heap per input:
//
//	go test -run '^$' -bench Generate -benchtime 200000x ./conformance/difffuzz
//
// cpu-µs/op is the process's CPU time per input (the runtime's work for
// the garbage included), which on a loaded machine the clock is not.
func BenchmarkGenerate(b *testing.B) {
	files, err := LoadVectors()
	if err != nil {
		b.Fatal(err)
	}
	cases := conformance.Cases(files)
	var gens []*familyGen
	for _, fam := range []*vectors.Family{
		vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiBytesDecode,
		vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode,
		vectors.VerbethHandshakePayloadDecode, vectors.VerbethUnifiedPubKeysDecode, vectors.VerbethRatchetPayloadDecode,
	} {
		gens = append(gens, newFamilyGen(fam, cases, vectors.Strict))
	}
	r := rand.New(rand.NewPCG(1, 1))
	var bufs hexBufs
	b.ReportAllocs()
	b.ResetTimer()
	t0 := cputime.Process()
	for range b.N {
		if in, ok := gens[r.IntN(len(gens))].safeGenerate(r, &bufs); ok {
			in.recycle()
		}
	}
	b.ReportMetric(float64(cputime.Process()-t0)/float64(b.N)/1e3, "cpu-µs/op")
}

// TestShareMemory holds shareMemory to what the copy before an edit needs:
// every cut of one array shares memory with it and with each other cut
// that overlaps it, a full-capacity cut (b[i:j:j]) included, and separate
// arrays or empty slices share nothing.
func TestShareMemory(t *testing.T) {
	b := make([]byte, 64)
	other := make([]byte, 64)
	for _, c := range []struct {
		name string
		x, y []byte
		want bool
	}{
		{"same", b, b, true},
		{"tail cut", b, b[8:16], true},
		{"full-capacity cut", b, b[8:16:16], true},
		{"two cuts overlapping", b[0:10:10], b[9:20:20], true},
		{"two cuts apart", b[0:10:10], b[10:20:20], false},
		{"other array", b, other, false},
		{"empty", b[:0:0], b, false},
	} {
		if got := shareMemory(c.x, c.y); got != c.want {
			t.Errorf("%s: shareMemory = %v, want %v", c.name, got, c.want)
		}
		if got := shareMemory(c.y, c.x); got != c.want {
			t.Errorf("%s (swapped): shareMemory = %v, want %v", c.name, got, c.want)
		}
	}
}

// A text gets a block with at most a quarter to spare (kept inputs hold
// their texts for the whole campaign), scratch bytes any block that holds
// them.
func TestHexBufsTextsFit(t *testing.T) {
	var p hexBufs
	p.put(make([]byte, 128<<10))
	if b := p.get(8<<10, true); cap(b) != 8<<10 {
		t.Fatalf("a text of 8 KiB got a block of %d bytes", cap(b))
	}
	p.put(make([]byte, 9<<10))
	if b := p.get(8<<10, true); cap(b) != 9<<10 {
		t.Fatalf("a text of 8 KiB did not get the free block of 9 KiB (got %d bytes)", cap(b))
	}
	if b := p.get(8<<10, false); cap(b) != 128<<10 {
		t.Fatalf("scratch of 8 KiB did not get the free block of 128 KiB (got %d bytes)", cap(b))
	}
}

// A recycled input's memory (its map, its slices, its hex blocks) leaves
// nothing in the inputs made with it: the inputs generated with recycling
// are those generated without, field for field and description for
// description, across families whose fields differ.
func TestRecycledInputsAreFresh(t *testing.T) {
	files, err := LoadVectors()
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	fams := []*vectors.Family{vectors.IxianIxiBytesDecode, vectors.IxianKeys2Decode, vectors.VerbethHandshakePayloadDecode, vectors.VerbethRatchetPayloadDecode}
	gens := func() []*familyGen {
		var gs []*familyGen
		for _, f := range fams {
			gs = append(gs, newFamilyGen(f, cases, vectors.Strict))
		}
		return gs
	}
	plain, recycled := gens(), gens()
	rp, rr := rand.New(rand.NewPCG(9, 4)), rand.New(rand.NewPCG(9, 4))
	var bufs hexBufs
	reused := 0
	var prev *input
	for i := range 600 {
		k := rp.IntN(len(fams))
		if rr.IntN(len(fams)) != k {
			t.Fatal("the two streams' randomness parted")
		}
		want := plain[k].generate(rp)
		got, ok := recycled[k].safeGenerate(rr, &bufs)
		if !ok {
			t.Fatalf("case %d: the generator panicked", i)
		}
		if !maps.EqualFunc(got.values, want.values, func(a, b json.RawMessage) bool { return string(a) == string(b) }) || got.describe() != want.describe() {
			t.Fatalf("case %d (%s): recycled memory made %s, want %s (%s)", i, fams[k].Name, got.describe(), want.describe(), showKeys(got.values, want.values))
		}
		if got == prev {
			reused++
		}
		prev = got
		got.recycle()
	}
	if reused == 0 {
		t.Error("no input reused a recycled one's memory: the test tests nothing")
	}
}

func showKeys(a, b vectors.Values) string {
	return fmt.Sprintf("fields %v and %v", slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b)))
}

// An input kept as an entry brings the bytes of its hex fields decoded
// (input.kept): each is what decoding the entry's hex gives, for fields a
// mutation changed as for those the base's.
func TestKeptEntryKnowsItsBytes(t *testing.T) {
	files, err := LoadVectors()
	if err != nil {
		t.Fatal(err)
	}
	cases := conformance.Cases(files)
	r := rand.New(rand.NewPCG(3, 8))
	var bufs hexBufs
	known, changed := 0, 0
	for _, fam := range []*vectors.Family{vectors.IxianIxiBytesDecode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.VerbethHandshakePayloadDecode, vectors.VerbethRatchetPayloadDecode} {
		g := newFamilyGen(fam, cases, vectors.Strict)
		for range 150 {
			in, ok := g.safeGenerate(r, &bufs)
			if !ok {
				continue
			}
			e := in.kept()
			for name, b := range e.decoded {
				want, err := e.in.Bytes(name)
				if err != nil || !bytes.Equal(b, want) {
					t.Fatalf("%s: the kept entry's %s is %.40x, its hex decodes to %.40x (%v) (%s)", fam.Name, name, b, want, err, in.describe())
				}
				known++
				if !same(in.base.in[name], e.in[name]) {
					changed++
				}
			}
		}
	}
	if known == 0 || changed == 0 {
		t.Fatalf("%d fields known, %d of them changed by a mutation: the test tests nothing", known, changed)
	}
}
