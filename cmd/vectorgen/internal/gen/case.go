package gen

import (
	"encoding/hex"
	"maps"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// The case builder. A generator states each case as its verdict, its inputs
// and what it knows beyond them:
//
//	gen.Acceptable("aesSalt of 31 bytes", category.SaltLength, in, "SaltLength").
//		Pin("chachaKey", key).
//		Drew("chachaSalt", label)
//
// Every method returns a changed copy and adds to what the case already
// holds: pins and drawn labels merge, whatever the order of the calls.

// Valid is a case both profiles accept.
func Valid(comment string, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Valid}
}

// Invalid is a case both profiles reject with cat.
func Invalid(comment string, cat category.Category, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Invalid, Error: cat}
}

// Acceptable is a case the strict profile rejects with cat and the deployed
// profile accepts.
func Acceptable(comment string, cat category.Category, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Acceptable, Error: cat}
}

// Pin adds outputs known independently of the reference (from a
// cross-check, or equal to such a value by construction), as name/value
// pairs encoded as vectors.Make does. Build fails unless the reference
// produces them.
func (c Case) Pin(kv ...any) Case {
	c.Pinned = c.Pinned.With(kv...)
	return c
}

// Drew records the detrand label of drawn inputs: name, label, name,
// label...
func (c Case) Drew(kv ...string) Case {
	c.Drawn = maps.Clone(c.Drawn)
	if c.Drawn == nil {
		c.Drawn = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c.Drawn[kv[i]] = kv[i+1]
	}
	return c
}

// DeployedRejects marks an invalid case whose deployed profile rejects with
// another category than the strict one: the deployed code reads a form the
// strict profile refuses, then finds the value itself bad.
func (c Case) DeployedRejects(cat category.Category) Case {
	c.DeployedError = cat
	return c
}

// Unhex decodes a hex literal of a fixture; it panics on bad hex.
func Unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic("vectorgen: bad hex in a fixture: " + s)
	}
	return b
}

// Hex is lowercase hex.
func Hex(b []byte) string { return hex.EncodeToString(b) }

// Must returns v, and panics on err: a fixture that cannot be built is a
// bug of the generator.
func Must[T any](v T, err error) T {
	if err != nil {
		panic("vectorgen: fixture: " + err.Error())
	}
	return v
}
