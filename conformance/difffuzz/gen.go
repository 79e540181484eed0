package difffuzz

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/internal/fasthex"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// entry is an input the generator starts from: a vector test's inputs, a
// fresh valid input, or one kept for a new behaviour.
type entry struct {
	in         vectors.Values
	origin     string
	kept       bool // kept for a new behaviour during this campaign
	fromCorpus bool
	sent       atomic.Bool // a fresh input sent as it is

	mu      sync.Mutex
	decoded map[string][]byte // hex fields, decoded once (hexField)
	// parsed holds the hex fields that mutations read as JSON texts,
	// parsed once (mctx.parse).
	parsed map[string]parsedText
}

type parsedText struct {
	v   jsjson.Value
	err error
}

// input is a generated input and how it was made.
type input struct {
	values vectors.Values
	base   *entry
	muts   []string
	// decoded holds the bytes of hex fields as last set by a mutation, so
	// that the next one need not decode them again (while the field still
	// holds the value set). A field set but not yet written as hex into
	// values is pending: mutations of one field follow each other without
	// writing the hex of each step (flush writes it).
	decoded []decodedHex
	// bufs, if set, gives the memory of large hex texts and of large
	// edited bytes; owned are the texts in values, scratch the bytes (which
	// never leave the input: only their hex does), for recycle.
	bufs           *hexBufs
	owned, scratch [][]byte
}

type decodedHex struct {
	name    string
	raw     []byte // values[name] when set (not pending)
	b       []byte
	pending bool
}

// same reports whether a and b are the same slice of memory.
func same(a, b []byte) bool {
	return len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
}

func (in *input) find(name string) *decodedHex {
	for i := range in.decoded {
		if in.decoded[i].name == name {
			return &in.decoded[i]
		}
	}
	return nil
}

// hexField returns the bytes of hex field name of in, for a mutation that
// then sets the field (setHex). owned tells whether the mutation may edit
// them in place: the bytes the last mutation set while they are pending
// are in's (no longer needed as they are); otherwise they are shared, with
// in.decoded or its base's cache, and must only be read (the mutations
// that change a field's length make new memory anyway, and the others
// copy first: copying here cost a field's length in bytes at every
// mutation, 64 KiB for the large fields).
func (in *input) hexField(name string) (b []byte, owned bool, err error) {
	raw := in.values[name]
	if d := in.find(name); d != nil && (d.pending || same(d.raw, raw)) {
		return d.b, d.pending, nil
	}
	if same(in.base.in[name], raw) {
		b, err = in.base.hexField(name)
		return b, false, err
	}
	b, err = in.values.Bytes(name)
	return b, true, err
}

// DecodedHex returns the bytes that vectors.Values.Bytes would decode from
// hex field name of in, when they are known without decoding it: those a
// mutation set and flush wrote, or the base entry's when the field is the
// base's (reference.Decoded, for the oracle). They must only be read.
func (in *input) DecodedHex(name string) ([]byte, bool) {
	raw, ok := in.values[name]
	if !ok {
		return nil, false
	}
	if d := in.find(name); d != nil && !d.pending && same(d.raw, raw) {
		return d.b, true
	}
	if in.base != nil && same(in.base.in[name], raw) {
		b, err := in.base.hexField(name)
		return b, err == nil
	}
	return nil, false
}

// setHex sets hex field name of in to b, which in then owns. The field is
// pending until flush.
func (in *input) setHex(name string, b []byte) {
	if d := in.find(name); d != nil {
		d.b, d.raw, d.pending = b, nil, true
		return
	}
	in.decoded = append(in.decoded, decodedHex{name: name, b: b, pending: true})
}

// forget drops what in knows of field name's bytes, before the field is
// set another way (spliced, added, dropped).
func (in *input) forget(name string) {
	if d := in.find(name); d != nil {
		d.pending, d.raw, d.b = false, nil, nil
	}
}

// flush writes the hex of every pending field into values.
func (in *input) flush() {
	for i := range in.decoded {
		d := &in.decoded[i]
		if !d.pending {
			continue
		}
		if n := 2*len(d.b) + 2; in.bufs != nil && n >= bigHex {
			raw := in.bufs.get(n, true)
			raw[0], raw[n-1] = '"', '"'
			fasthex.Encode(raw[1:], d.b)
			in.values[d.name] = raw
			in.owned = append(in.owned, raw)
		} else {
			in.values.SetBytes(d.name, d.b)
		}
		d.raw, d.pending = in.values[d.name], false
	}
}

// bigHex is the size from which the memory of a generated hex text, or of
// edited bytes, is recycled: the fields of 64 KiB (a size mutateBytes
// tries) make most of a campaign's garbage on decoder families.
const bigHex = 4 << 10

// hexBufs is a campaign's memory for large hex texts and edited bytes: a
// case that nothing keeps (no new behaviour, no finding, no adapter fault)
// gives its blocks back for the next cases. The lanes share it (a large
// case is one in thirty), so that it holds a few blocks however many lanes
// there are.
type hexBufs struct {
	mu   sync.Mutex
	free [][]byte
	// inputs are recycled inputs, whose map and slices the next inputs
	// reuse (newInput): per P, so that the lanes do not share a lock for
	// them.
	inputs sync.Pool
}

// get returns n bytes, not cleared: the smallest block that holds them.
// For a text (tight), one with at most a quarter to spare, else a new
// one: a text that a kept input takes lives as long as the campaign, and
// in a block twice its size (a 128 KiB text's for a 6 KiB one) doubled
// its memory; what kept inputs held was 1.7 times their length, and a
// growing heap costs a page fault per 4 KiB.
func (p *hexBufs) get(n int, tight bool) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	best := -1
	for i, b := range p.free {
		if c := cap(b); c >= n && (!tight || c-n <= n/4) && (best < 0 || c < cap(p.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return make([]byte, n)
	}
	b := p.free[best]
	p.free[best] = p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return b[:n]
}

// put keeps b for a later get: at most 16 buffers, the largest.
func (p *hexBufs) put(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < 16 {
		p.free = append(p.free, b)
		return
	}
	small := 0
	for i, f := range p.free {
		if cap(f) < cap(p.free[small]) {
			small = i
		}
	}
	if cap(b) > cap(p.free[small]) {
		p.free[small] = b
	}
}

// recycle gives the memory of in's large hex texts back to the campaign,
// and in itself with its values' map for a later input: in and its values
// must no longer be used.
func (in *input) recycle() {
	bufs := in.bufs
	if bufs == nil {
		return
	}
	for _, b := range in.owned {
		bufs.put(b)
	}
	for _, b := range in.scratch {
		bufs.put(b)
	}
	clear(in.values)
	clear(in.muts)
	clear(in.decoded)
	clear(in.owned)
	clear(in.scratch)
	*in = input{values: in.values, bufs: bufs, muts: in.muts[:0], decoded: in.decoded[:0], owned: in.owned[:0], scratch: in.scratch[:0]}
	bufs.inputs.Put(in)
}

// newInput returns an input made from b, its values a copy of b's: with
// bufs, in the memory of a recycled input if there is one (a map, the
// input and its slices were 5 of a case's 17 allocations).
func newInput(b *entry, bufs *hexBufs) *input {
	if bufs != nil {
		if in, _ := bufs.inputs.Get().(*input); in != nil {
			in.base = b
			if in.values == nil { // made from an entry with no inputs
				in.values = make(vectors.Values, len(b.in))
			}
			for k, v := range b.in {
				in.values[k] = v
			}
			return in
		}
	}
	return &input{values: maps.Clone(b.in), base: b, bufs: bufs}
}

// kept returns in as an entry kept for a new behaviour, knowing the bytes
// of the hex fields that in knows decoded (DecodedHex: its mutations' and
// its base's), so that the entry's first mutations do not decode them
// again (a 64 KiB field is a 128 KiB text). in must no longer be mutated
// or recycled: the entry shares those bytes, read only.
func (in *input) kept() *entry {
	e := &entry{in: in.values, origin: in.describe(), kept: true}
	for name := range in.values {
		if b, ok := in.DecodedHex(name); ok {
			if e.decoded == nil {
				e.decoded = map[string][]byte{}
			}
			e.decoded[name] = b
		}
	}
	return e
}

// hexField returns the bytes of the entry's hex field name, decoded once:
// shared by every input made from the entry, never to be written.
func (e *entry) hexField(name string) ([]byte, error) {
	e.mu.Lock()
	b, ok := e.decoded[name]
	e.mu.Unlock()
	if !ok {
		var err error
		if b, err = e.in.Bytes(name); err != nil {
			return nil, err
		}
		e.mu.Lock()
		if e.decoded == nil {
			e.decoded = map[string][]byte{}
		}
		e.decoded[name] = b
		e.mu.Unlock()
	}
	return b, nil
}

// parse is parseText(b). When b is the bytes of the field m mutates as
// its base entry holds them (a case's first mutation of the field), the
// entry's parse is copied rather than b parsed again: the parse decodes
// the text and makes every string, the copy only the arrays and objects.
func (m *mctx) parse(b []byte) (jsjson.Value, error) {
	if m.mem == nil || m.mem.base == nil || len(b) == 0 {
		return parseText(b)
	}
	e := m.mem.base
	e.mu.Lock()
	d, ok := e.decoded[m.field]
	p, parsed := e.parsed[m.field]
	e.mu.Unlock()
	if !ok || !same(d, b) {
		return parseText(b)
	}
	if !parsed {
		v, err := parseText(b)
		p = parsedText{v, err}
		e.mu.Lock()
		if e.parsed == nil {
			e.parsed = map[string]parsedText{}
		}
		e.parsed[m.field] = p
		e.mu.Unlock()
	}
	return cloneValue(p.v), p.err
}

// cloneValue copies v's arrays and objects, all the way down, so that the
// copy can be edited in place (the strings, never edited, are shared).
func cloneValue(v jsjson.Value) jsjson.Value {
	if v.Elems != nil {
		es := make([]jsjson.Value, len(v.Elems))
		for i, x := range v.Elems {
			es[i] = cloneValue(x)
		}
		v.Elems = es
	}
	if v.Members != nil {
		ms := make([]jsjson.Member, len(v.Members))
		for i, x := range v.Members {
			ms[i] = jsjson.Member{Name: x.Name, Value: cloneValue(x.Value)}
		}
		v.Members = ms
	}
	return v
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

	mu    sync.RWMutex
	bases []*entry // the vector tests: never replaced
	pool  []*entry // fresh and kept entries
	// freshes are the last fresh inputs drawn (freshKept at most; the
	// next to replace is freshNext).
	freshes   []*entry
	freshNext int
	dict      map[string][]json.RawMessage
	jsonLex   *jsonDict

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
	g.addLocked(e)
}

func (g *familyGen) addLocked(e *entry) {
	if len(g.pool) < maxPool {
		g.pool = append(g.pool, e)
		return
	}
	g.pool[rand.IntN(len(g.pool))] = e
}

// Fresh valid inputs (new keys, new randomness) are a quarter of the picks
// of a family that has a live generator: one pick in freshOneIn draws a new
// one, the others take one of the last freshKept drawn, so that each draw
// is the base of many cases. An Ixian draw runs P-521 and ML-KEM-1024 key
// generation, often a whole handshake (about 2 ms of CPU, the cost of
// judging some hundred decoder cases); a Verbeth draw an X25519, ML-KEM-768
// and Ed25519 exchange or a ratchet conversation. Drawing at every pick
// would make generation the runner's main cost.
const (
	freshShare = 4 // one pick in freshShare is a fresh input
	freshKept  = 16
)

// freshOneIn is how rarely a pick draws a new fresh input: one in 64 picks
// for Verbeth and the cheap Ixian families (framing, no keys), one in 512
// for the Ixian families whose draw makes keys.
func (g *familyGen) freshOneIn() int {
	if g.fam.Protocol() == "ixian" && !cheapFresh[g.fam] {
		return 512
	}
	return 64
}

// cheapFresh are the Ixian families whose fresh inputs need no key.
var cheapFresh = map[*vectors.Family]bool{
	vectors.IxianIxiVarUIntDecode: true, vectors.IxianIxiVarIntDecode: true, vectors.IxianIxiVarUIntEncode: true,
	vectors.IxianIxiVarIntEncode: true, vectors.IxianIxiBytesDecode: true, vectors.IxianIxiBytesEncode: true,
	vectors.IxianSpixiMessageEncode: true, vectors.IxianSpixiMessageDecode: true, vectors.IxianStreamMessageAdditionalData: true,
}

// pick returns a base entry: a vector test, a pool entry, or a fresh one.
func (g *familyGen) pick(r *rand.Rand) *entry {
	if g.fresh != nil {
		g.mu.RLock()
		nf, empty := len(g.freshes), len(g.bases)+len(g.pool) == 0
		g.mu.RUnlock()
		switch {
		case nf == 0 && !empty && r.IntN(freshShare) != 0:
		case nf == 0 || r.IntN(g.freshOneIn()) == 0:
			if vs, err := g.fresh(r, g.profile); err == nil && len(vs) > 0 {
				i := r.IntN(len(vs))
				e := &entry{in: vs[i], origin: "fresh"}
				g.mu.Lock()
				for j, v := range vs {
					if j != i && r.IntN(2) == 0 {
						g.addLocked(&entry{in: v, origin: "fresh"})
					}
				}
				if len(g.freshes) < freshKept {
					g.freshes = append(g.freshes, e)
				} else {
					g.freshes[g.freshNext] = e
					g.freshNext = (g.freshNext + 1) % freshKept
				}
				g.mu.Unlock()
				return e
			}
		case r.IntN(freshShare) == 0:
			g.mu.RLock()
			e := g.freshes[r.IntN(len(g.freshes))]
			g.mu.RUnlock()
			return e
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
func (g *familyGen) generate(r *rand.Rand) *input { return g.generateWith(r, nil) }

// generateWith is generate, the memory of large hex texts coming from bufs
// (see input.recycle).
func (g *familyGen) generateWith(r *rand.Rand, bufs *hexBufs) *input {
	b := g.pick(r)
	in := newInput(b, bufs)
	if b.origin == "fresh" && !b.sent.Swap(true) {
		return in // a fresh valid input as it is, once
	}
	n := 1
	for n < 4 && r.IntN(2) == 0 {
		n++
	}
	for range n {
		if d := g.mutate(r, in.values, in); d != "" {
			in.muts = append(in.muts, d)
		}
	}
	in.flush()
	return in
}

// safeGenerate is generate, with a panic of a mutator (a bug of the
// generator, never of the implementation) making no input.
func (g *familyGen) safeGenerate(r *rand.Rand, bufs *hexBufs) (in *input, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			in, ok = nil, false
			g.panics.Add(1)
		}
	}()
	return g.generateWith(r, bufs), true
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
