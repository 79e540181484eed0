package difffuzz

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// entry is an input the generator starts from: a vector test's inputs, a
// fresh valid input, or one kept for a new behaviour.
type entry struct {
	in         vectors.Values
	origin     string
	kept       bool // kept for a new behaviour during this campaign
	fromCorpus bool
}

// input is a generated input and how it was made.
type input struct {
	values vectors.Values
	base   *entry
	muts   []string
}

func (in *input) describe() string {
	if len(in.muts) == 0 {
		return in.base.origin
	}
	return in.base.origin + " + " + strings.Join(in.muts, " + ")
}

// maxPool bounds the entries of one family; beyond it new entries replace
// random old ones that did not come from the vectors.
const maxPool = 4096

// familyGen generates the inputs of one family.
type familyGen struct {
	fam     *vectors.Family
	profile vectors.Profile
	fresh   freshFunc

	mu      sync.RWMutex
	bases   []*entry // the vector tests: never replaced
	pool    []*entry // fresh and kept entries
	dict    map[string][]json.RawMessage
	jsonLex *jsonDict

	judged, unsupported, panics atomic.Int64
}

func newFamilyGen(f *vectors.Family, cases []conformance.Case, p vectors.Profile) *familyGen {
	g := &familyGen{fam: f, profile: p, fresh: freshFor(f), dict: map[string][]json.RawMessage{}, jsonLex: newJSONDict()}
	for i := range cases {
		c := &cases[i]
		if c.Family != f || c.Check != nil {
			continue
		}
		g.bases = append(g.bases, &entry{in: c.Inputs, origin: c.Name()})
		for name, raw := range c.Inputs {
			g.learn(name, raw)
		}
	}
	for i := range cases {
		// The signing keys of every family, so that edited ratchet
		// messages can be signed again.
		if b, err := cases[i].Inputs.Bytes("signingSeed"); err == nil {
			learnSeed(b)
		}
	}
	return g
}

// learn adds a value to the dictionary of its field (for splicing) and, for
// JSON fields, every value inside it to the dictionary of its path.
func (g *familyGen) learn(name string, raw json.RawMessage) {
	vs := g.dict[name]
	if len(vs) < 256 && !containsRaw(vs, raw) {
		g.dict[name] = append(vs, raw)
	}
	if fd, ok := g.fam.Input(name); ok && fd.Type == vectors.JSON {
		g.jsonLex.learn(name, raw)
	}
	if sh := shapeFor(g.fam, name); sh != nil && sh.jsonText {
		g.learnJSONText(name, raw)
	}
}

func containsRaw(vs []json.RawMessage, raw json.RawMessage) bool {
	for _, v := range vs {
		if string(v) == string(raw) {
			return true
		}
	}
	return false
}

// add puts an entry into the pool.
func (g *familyGen) add(e *entry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pool) < maxPool {
		g.pool = append(g.pool, e)
		return
	}
	g.pool[rand.IntN(len(g.pool))] = e
}

// freshOneIn is how rarely a pick draws fresh inputs. An Ixian draw runs a
// whole handshake (P-521 and ML-KEM-1024 keys), which costs more than
// judging a dozen decoder cases, and every draw adds its other inputs to the
// pool; Verbeth's are cheap.
func (g *familyGen) freshOneIn() int {
	if g.fam.Protocol() == "ixian" {
		return 24
	}
	return 8
}

// pick returns a base entry: a vector test, a pool entry, or a fresh one.
func (g *familyGen) pick(r *rand.Rand) *entry {
	if g.fresh != nil && (r.IntN(g.freshOneIn()) == 0 || len(g.bases)+len(g.pool) == 0) {
		if vs, err := g.fresh(r, g.profile); err == nil && len(vs) > 0 {
			i := r.IntN(len(vs))
			for j, v := range vs {
				if j != i && r.IntN(2) == 0 {
					g.add(&entry{in: v, origin: "fresh"})
				}
			}
			return &entry{in: vs[i], origin: "fresh"}
		}
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	nb, np := len(g.bases), len(g.pool)
	if nb+np == 0 {
		return &entry{in: vectors.Values{}, origin: "empty"}
	}
	// Kept entries are half the picks once there are some: they are where
	// new behaviour was found.
	if np > 0 && (nb == 0 || r.IntN(2) == 0) {
		return g.pool[r.IntN(np)]
	}
	return g.bases[r.IntN(nb)]
}

// generate makes one input: a base with one to four mutations.
func (g *familyGen) generate(r *rand.Rand) *input {
	b := g.pick(r)
	in := &input{values: maps.Clone(b.in), base: b}
	if b.origin == "fresh" && r.IntN(4) == 0 {
		return in // a fresh valid input as it is
	}
	n := 1
	for n < 4 && r.IntN(2) == 0 {
		n++
	}
	for range n {
		if d := g.mutate(r, in.values); d != "" {
			in.muts = append(in.muts, d)
		}
	}
	return in
}

// safeGenerate is generate, with a panic of a mutator (a bug of the
// generator, never of the implementation) making no input.
func (g *familyGen) safeGenerate(r *rand.Rand) (in *input, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			in, ok = nil, false
			g.panics.Add(1)
		}
	}()
	return g.generate(r), true
}

// other returns the value of field name in another input of the family,
// for splicing.
func (g *familyGen) other(r *rand.Rand, name string) (json.RawMessage, bool) {
	vs := g.dict[name]
	if len(vs) == 0 {
		return nil, false
	}
	return vs[r.IntN(len(vs))], true
}
