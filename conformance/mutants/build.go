package mutants

import (
	"maps"
	"strings"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// The building blocks of mutants.

// ref is the reference's own operation of f.
func ref(f *vectors.Family) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		return runReference(f.Name, p, in)
	}
}

// lenient is the operation of f in a strict implementation that lacks the
// strict check rejecting with cat: where the strict profile rejects with cat
// (and when, if not nil, says the rejection is the one the bug skips), it
// answers as the deployed profile does. The vectors break one rule per test,
// so the deployed answer is what the implementation without that check
// gives.
func lenient(f *vectors.Family, cat category.Category, when func(in vectors.Values, err error) bool) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		out, err := runReference(f.Name, p, in)
		if p == vectors.Strict && category.Of(err) == cat && (when == nil || when(in, err)) {
			return runReference(f.Name, vectors.Deployed, in)
		}
		return out, err
	}
}

// lenientAll makes the operations of fams lenient for cat.
func lenientAll(cat category.Category, when func(vectors.Values, error) bool, fams ...*vectors.Family) map[*vectors.Family]op {
	ops := map[*vectors.Family]op{}
	for _, f := range fams {
		ops[f] = lenient(f, cat, when)
	}
	return ops
}

// post is the operation of fam with its outputs rewritten by f after the
// reference accepted.
func post(fam *vectors.Family, f func(p vectors.Profile, in, out vectors.Values) (vectors.Values, error)) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		out, err := runReference(fam.Name, p, in)
		if err != nil {
			return nil, err
		}
		return f(p, in, out)
	}
}

// without is the operation of f run on its inputs minus the named ones: an
// implementation that ignores what they say.
func without(f *vectors.Family, ignored ...string) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		v := maps.Clone(in)
		for _, n := range ignored {
			delete(v, n)
		}
		return runReference(f.Name, p, v)
	}
}

// messageHas matches a rejection whose message contains every part.
func messageHas(parts ...string) func(vectors.Values, error) bool {
	return func(_ vectors.Values, err error) bool {
		for _, s := range parts {
			if !strings.Contains(err.Error(), s) {
				return false
			}
		}
		return true
	}
}

func get(v vectors.Values, name string) []byte {
	b, err := v.Bytes(name)
	if err != nil {
		panic("mutants: " + name + ": " + err.Error())
	}
	return b
}

func getInt(v vectors.Values, name string) int64 {
	n, err := v.Int(name)
	if err != nil {
		panic("mutants: " + name + ": " + err.Error())
	}
	return n
}
