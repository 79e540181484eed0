// Package alloctest replays a fuzz target's corpus through its decoder and
// checks the allocation bound of pqhs (a length prefix never makes code
// allocate more than the input holds) outside the fuzz loop. Only the
// targets' unit tests import it.
package alloctest

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/check"
)

// Case is one input: what it may allocate and the call that decodes it.
type Case struct {
	Name  string
	Limit uint64
	Run   func()
}

// Corpus returns the argument lists of target's corpus,
// testdata/fuzz/Fuzz<target>, in the current directory, in the order of the
// file names.
func Corpus(t testing.TB, target string) [][]any {
	c, err := check.Corpus(filepath.Join("testdata", "fuzz", "Fuzz"+target))
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]any, 0, len(c))
	for _, name := range slices.Sorted(maps.Keys(c)) {
		out = append(out, c[name])
	}
	return out
}

// Check runs every case and reports each that allocates beyond its limit.
// It fails when there are fewer than min cases: a corpus that went missing
// must not pass in silence.
func Check(t *testing.T, min int, cases []Case) {
	t.Helper()
	if len(cases) < min {
		t.Fatalf("only %d inputs, want at least %d", len(cases), min)
	}
	for _, c := range cases {
		if n := check.AllocBytes(c.Run); n > c.Limit {
			t.Errorf("%s: %d bytes allocated (limit %d)", c.Name, n, c.Limit)
		}
	}
}

// Bytes makes the cases of a one-[]byte-argument decoder under each of the
// given profiles.
func Bytes[P any](inputs [][]byte, profiles []P, limit func(n int) uint64, decode func(in []byte, p P)) []Case {
	var out []Case
	for _, in := range inputs {
		for _, p := range profiles {
			out = append(out, Case{Name: fmt.Sprintf("%v: %d-byte input %x", p, len(in), in[:min(len(in), 40)]), Limit: limit(len(in)),
				Run: func() { decode(in, p) }})
		}
	}
	return out
}

// First returns the first argument of each argument list, as bytes.
func First(corpus [][]any) [][]byte {
	var out [][]byte
	for _, args := range corpus {
		switch v := args[0].(type) {
		case []byte:
			out = append(out, v)
		case string:
			out = append(out, []byte(v))
		}
	}
	return out
}
