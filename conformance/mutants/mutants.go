// Package mutants holds deliberately wrong implementations of the two
// handshakes: the proof that the conformance suite catches real bugs.
//
// Each Mutant is the reference implementation with one bug that a real port
// makes (a P-521 secret not stripped of its leading zeros, an IKM in the
// wrong order, a tag HKDF with its inputs swapped, a strict check left out,
// ...), behind the same conformance.Adapter interface as any port. Where the
// bug lives inside a flow, the mutant rebuilds the flow from impl's exported
// building blocks or post-processes the reference's intermediate outputs
// (the reported ecdhSecret, left-padded, re-enters the key derivation).
// Every mutant says which profile it claims; a strict check left out is a
// bug of a strict implementation only. The mutants are rows of four tables
// (ixianMutants, verbethMutants, rareMutants, stepMutants): a name, the bug, the profile,
// the spec rules it breaks and the operations it replaces, built from the
// blocks of build.go.
//
// Catch runs a mutant against the vector tests of the families it changes
// and the live sessions that use them, and reports the tests that fail: a
// mutant no test fails is a gap in the vectors. WriteMatrix prints which
// tests catch which mutant; `go run ./cmd/conformance -mutants` prints it for
// all of them.
package mutants

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Mutant is a deliberately wrong implementation.
type Mutant struct {
	// Name identifies the mutant: protocol-bug, e.g. "ixian-ikm-order".
	Name string
	// Bug says what the implementation gets wrong and why a port does it.
	Bug string
	// Profile is the profile the mutant claims to follow and is judged by.
	Profile vectors.Profile
	// Rules are the ids of the spec rules the bug breaks (spec/ixian-s2.md,
	// spec/verbeth.md), the rules a port that has it gets wrong.
	Rules []string
	// ops replace the reference's operations; the others are the
	// reference's own.
	ops map[*vectors.Family]op
}

// op runs one family, as reference.Op does: outputs, or an error that
// carries a category for a rejection.
type op func(p vectors.Profile, in vectors.Values) (vectors.Values, error)

// all is every mutant: the rows of the tables ixianMutants (ixian.go),
// verbethMutants (verbeth.go), rareMutants (rare.go) and stepMutants
// (steps.go). A new mutant is a new row in one of them.
var all = register(ixianMutants, verbethMutants, rareMutants, stepMutants, frameMutants)

// register joins the tables, refusing a name given twice and an operation
// the reference lacks: a table with such a row fails at start-up.
func register(tables ...[]*Mutant) []*Mutant {
	var out []*Mutant
	for _, t := range tables {
		for _, m := range t {
			if slices.ContainsFunc(out, func(x *Mutant) bool { return x.Name == m.Name }) {
				panic("mutants: " + m.Name + " registered twice")
			}
			for f := range m.ops {
				if _, ok := reference.Lookup(f.Name); !ok {
					panic("mutants: " + m.Name + " replaces " + f.Name + ", which the reference lacks")
				}
			}
			if dec, ok := m.ops[vectors.VerbethRatchetDecrypt]; ok && m.ops[vectors.VerbethRatchetDeliver] == nil {
				// A session receiving several messages runs the mutant's
				// decryption for each.
				m.ops[vectors.VerbethRatchetDeliver] = func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
					return reference.RatchetDeliver(p, in, dec)
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// All returns every mutant, sorted by name.
func All() []*Mutant {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b *Mutant) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Lookup returns the named mutant.
func Lookup(name string) (*Mutant, bool) {
	i := slices.IndexFunc(all, func(m *Mutant) bool { return m.Name == name })
	if i < 0 {
		return nil, false
	}
	return all[i], true
}

// Families lists the families whose operation the mutant changes, sorted by
// name.
func (m *Mutant) Families() []*vectors.Family {
	return slices.SortedFunc(maps.Keys(m.ops), func(a, b *vectors.Family) int { return strings.Compare(a.Name, b.Name) })
}

// Adapter returns the mutant as an in-process adapter. It announces the
// reference's operations and only the mutant's profile.
func (m *Mutant) Adapter() conformance.Adapter {
	info := reference.Info()
	info.Name = "pqhs-mutant " + m.Name
	info.Profiles = []vectors.Profile{m.Profile}
	ops := make(map[string]op, len(m.ops))
	for f, o := range m.ops {
		ops[f.Name] = o
	}
	return &conformance.Func{Info: info, Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		f, ok := ops[req.Op]
		if !ok {
			if _, ok := reference.Lookup(req.Op); !ok {
				return conformance.ErrorReply(fmt.Sprintf("malformed inputs for %s: reference: no operation %q", req.Op, req.Op)), nil
			}
			f = memoOp(req.Op)
		}
		out, err := f(req.Profile, req.Inputs)
		if err != nil {
			if c := category.Of(err); c != "" {
				return conformance.RejectReply(c, err.Error()), nil
			}
			return conformance.ErrorReply(fmt.Sprintf("malformed inputs for %s: %v", req.Op, err)), nil
		}
		return conformance.OutputsReply(out), nil
	}}
}

// Cases returns the cases that exercise m: the vector tests of the families
// it changes, and the live sessions of the checks that may send one of
// their operations.
func (m *Mutant) Cases(vecs []conformance.Case, liveCases []conformance.Case) []conformance.Case {
	var out []conformance.Case
	for _, c := range vecs {
		if _, ok := m.ops[c.Family]; ok {
			out = append(out, c)
		}
	}
	for _, c := range liveCases {
		if slices.ContainsFunc(live.Uses(c.Family), func(f *vectors.Family) bool { _, ok := m.ops[f]; return ok }) {
			out = append(out, c)
		}
	}
	return out
}

// Result is what the suite made of one mutant.
type Result struct {
	Mutant *Mutant
	Report *conformance.Report
	// Caught are the tests that failed: the ones that catch the bug.
	Caught []*conformance.Result
	// Errors are tests that ended in an error: a mutant should be a working
	// implementation with one bug, never a broken adapter.
	Errors []*conformance.Result
}

// Catch runs cases against m under its profile.
func Catch(ctx context.Context, m *Mutant, cases []conformance.Case, parallel int) (*Result, error) {
	rep, err := conformance.Run(ctx, conformance.Shared(m.Adapter()), cases, conformance.Options{Profile: m.Profile, Parallel: parallel})
	if err != nil {
		return nil, err
	}
	r := &Result{Mutant: m, Report: rep}
	for i := range rep.Results {
		switch x := &rep.Results[i]; x.Verdict {
		case conformance.Fail:
			r.Caught = append(r.Caught, x)
		case conformance.Error:
			r.Errors = append(r.Errors, x)
		}
	}
	return r, nil
}

// Names returns the caught tests as family#tcIds, ranges joined:
// "ixian/ecdh#3-5,9".
func (r *Result) Names() []string { return compress(r.Caught) }

func compress(rs []*conformance.Result) []string {
	ids := map[string][]int{}
	for _, x := range rs {
		ids[x.Case.Family.Name] = append(ids[x.Case.Family.Name], x.Case.TcID)
	}
	var out []string
	for _, fam := range slices.Sorted(maps.Keys(ids)) {
		l := ids[fam]
		sort.Ints(l)
		var parts []string
		for i := 0; i < len(l); {
			j := i
			for j+1 < len(l) && l[j+1] == l[j]+1 {
				j++
			}
			if j > i {
				parts = append(parts, fmt.Sprintf("%d-%d", l[i], l[j]))
			} else {
				parts = append(parts, fmt.Sprint(l[i]))
			}
			i = j + 1
		}
		out = append(out, fam+"#"+strings.Join(parts, ","))
	}
	return out
}

// WriteMatrix prints the catch matrix: for every mutant, its profile, its
// bug and the tests that catch it, vector tests and live sessions apart.
func WriteMatrix(w io.Writer, rs []*Result) error {
	uncaught := 0
	var b strings.Builder
	for _, r := range rs {
		var vec, liv []*conformance.Result
		for _, x := range r.Caught {
			if x.Case.Check != nil {
				liv = append(liv, x)
			} else {
				vec = append(vec, x)
			}
		}
		status := fmt.Sprintf("caught by %d of %d tests", len(r.Caught), len(r.Report.Results))
		if len(r.Caught) == 0 {
			status = fmt.Sprintf("NOT CAUGHT by any of %d tests", len(r.Report.Results))
			uncaught++
		}
		fmt.Fprintf(&b, "%s (%s): %s\n  bug: %s\n", r.Mutant.Name, r.Mutant.Profile, status, r.Mutant.Bug)
		if len(vec) > 0 {
			fmt.Fprintf(&b, "  vectors (%d): %s\n", len(vec), strings.Join(compress(vec), " "))
		}
		if len(liv) > 0 {
			fmt.Fprintf(&b, "  live (%d): %s\n", len(liv), strings.Join(compress(liv), " "))
		}
		if len(r.Errors) > 0 {
			fmt.Fprintf(&b, "  errors (%d): %s: %s\n", len(r.Errors), strings.Join(compress(r.Errors), " "), r.Errors[0].Message)
		}
	}
	fmt.Fprintf(&b, "%d mutants, %d caught, %d not caught\n", len(rs), len(rs)-uncaught, uncaught)
	_, err := io.WriteString(w, b.String())
	return err
}

// Seed is the live seed of the catch matrix: fixed, so that the matrix is
// the same on every run.
var Seed, _ = live.ParseSeed("6d7574616e7473206d75737420646965")

// Matrix runs every mutant in ms on its cases among vecs and liveCases,
// up to parallel mutants at a time, and returns the results in the order
// of ms.
func Matrix(ctx context.Context, ms []*Mutant, vecs, liveCases []conformance.Case, parallel int) ([]*Result, error) {
	out := make([]*Result, len(ms))
	errs := make([]error, len(ms))
	sem := make(chan struct{}, max(1, parallel))
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = Catch(ctx, m, m.Cases(vecs, liveCases), 1)
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}
