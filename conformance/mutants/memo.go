package mutants

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/vectors"
)

// The reference's answers, remembered across mutants. Most mutants are the
// reference with one operation wrapped (ref, lenient, post, without), and
// every mutant runs the reference's own operations for the rest of a live
// session, so a run of all of them asks the reference the same questions
// dozens of times, among them RSA-4096 decryptions, P-521 agreements and
// skip chains of 100,000 ratchet keys. The reference is a function of its
// inputs (no randomness, no clock), so its answer to a request can be
// computed once: the mutants answer exactly as before.
var memo = struct {
	sync.Mutex
	m map[memoKey]*memoEntry
}{m: map[memoKey]*memoEntry{}}

// memoLimit bounds the memory: past it, answers are computed and not kept.
// The vector suite and a few live sessions in both profiles (about 3,900
// answers in December 2026) stay well below it.
const memoLimit = 1 << 13

type memoKey struct {
	op      string
	profile vectors.Profile
	inputs  string // the inputs' names and JSON, in name order
}

type memoEntry struct {
	once sync.Once
	out  vectors.Values
	err  error
}

// runReference is reference.Run through the memo. The outputs are a copy
// of the remembered map (callers such as post rewrite theirs); the JSON
// values in it are shared and read only.
func runReference(op string, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	k := memoKey{op: op, profile: p, inputs: inputsKey(in)}
	memo.Lock()
	e, ok := memo.m[k]
	if !ok && len(memo.m) < memoLimit {
		e = new(memoEntry)
		memo.m[k] = e
	}
	memo.Unlock()
	if e == nil {
		return referenceOp(op, p, in)
	}
	e.once.Do(func() { e.out, e.err = referenceOp(op, p, in) })
	return maps.Clone(e.out), e.err
}

// RunReference is reference.Run through the memo the mutants share. As
// live.Config.Reference it makes the runner's side of a live session, and
// the answers its requests are judged against, computed once for all the
// mutants and the reference's own run instead of once for each.
func RunReference(op *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	return runReference(op.Name, p, in)
}

func referenceOp(op string, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	o, _ := reference.Lookup(op)
	return o(p, in)
}

func inputsKey(in vectors.Values) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(in)) {
		b.WriteString(name)
		b.WriteByte(0)
		b.Write(in[name])
		b.WriteByte(0)
	}
	return b.String()
}

// Reference returns the reference as the mutants see it: the in-process
// reference adapter with its answers going through the memo that the
// mutants share. Running it on the tests before the mutants makes the
// reference's share of their work happen once.
func Reference() conformance.Adapter {
	return reference.AdapterWith(func(name string) (reference.Op, bool) {
		if _, ok := reference.Lookup(name); !ok {
			return nil, false
		}
		return reference.Op(memoOp(name)), true
	})
}

// memoOp is the reference's operation name through the memo.
func memoOp(name string) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) { return runReference(name, p, in) }
}
