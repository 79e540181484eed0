// Package reference runs the families of the vector catalogue on the
// reference implementation in impl/. It is the built-in adapter of the
// conformance runner and the oracle of vectorgen.
//
// Each operation decodes its inputs from vectors.Values, calls impl/, and
// encodes the outputs. A rejection is returned as an error carrying a
// category (see impl/category); any other error means the inputs themselves
// were malformed (a missing or ill-typed field), which is the caller's fault,
// not a verdict.
package reference

import (
	"fmt"
	"slices"

	"github.com/pqhs/pqhs/vectors"
)

// Op runs one family under a validation profile.
type Op func(p vectors.Profile, in vectors.Values) (vectors.Values, error)

// ops holds the operations by family name, the key an adapter request
// carries.
var ops = map[string]Op{}

// register adds the operation of a catalogued family.
func register(f *vectors.Family, op Op) {
	if !f.Catalogued() {
		panic(fmt.Sprintf("reference: %s is not in the vectors catalogue", f.Name))
	}
	if _, dup := ops[f.Name]; dup {
		panic(fmt.Sprintf("reference: %s registered twice", f.Name))
	}
	ops[f.Name] = op
}

// Lookup returns the operation of the family named name, as an adapter
// request names it.
func Lookup(name string) (Op, bool) {
	op, ok := ops[name]
	return op, ok
}

// Operations lists the supported operations, sorted.
func Operations() []string {
	out := make([]string, 0, len(ops))
	for name := range ops {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Run runs the operation of family f.
func Run(f *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	op, ok := ops[f.Name]
	if !ok {
		return nil, fmt.Errorf("reference: no operation %q", f.Name)
	}
	return op(p, in)
}
