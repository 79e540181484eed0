package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/vectors"
)

// runMutants prints the catch matrix: every mutant of conformance/mutants
// against the vector tests of the families it changes and the live sessions
// that use them (-live N sessions of each check, default 2, with the fixed
// seed of mutants.Seed unless -live-seed is given). -protocol and -family
// choose the mutants that change a selected family, and the selection
// applies to the tests as in a replay. Exit status 1 when a mutant goes
// uncaught or a test errs.
func runMutants(o *options, stdout, stderr io.Writer) (int, error) {
	sel, err := selection(o)
	if err != nil {
		return 2, err
	}
	// Only the files of the selected families are read, as for a replay.
	files, where, err := loadSelected(o.vectorsDir, sel.MatchFamily)
	if err != nil {
		return 2, err
	}
	n, seed := o.live.sessions, mutants.Seed
	if n == 0 {
		n = 2
	}
	if o.live.seed != "" {
		if seed, err = live.ParseSeed(o.live.seed); err != nil {
			return 2, err
		}
	}
	parallel := o.parallel
	if parallel <= 0 {
		parallel = runtime.NumCPU()
	}
	fmt.Fprintf(stderr, "conformance: the mutants against the vectors from %s and %d live sessions of each check, seed %s\n", where, n, seed)
	var ms []*mutants.Mutant
	chooser := conformance.Selection{Protocols: sel.Protocols, Families: sel.Families}
	for _, m := range mutants.All() {
		if slices.ContainsFunc(m.Families(), func(f *vectors.Family) bool { return chooser.Match(&conformance.Case{Family: f}) }) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return 2, fmt.Errorf("no mutant changes a selected family")
	}
	vecs := conformance.Select(conformance.Cases(files), sel)
	liveCases := conformance.Select(live.Cases(live.Config{Sessions: n, Seed: seed}), sel)
	rs, err := mutants.Matrix(context.Background(), ms, vecs, liveCases, parallel)
	if err != nil {
		return 2, err
	}
	if err := mutants.WriteMatrix(stdout, rs); err != nil {
		return 2, err
	}
	for _, r := range rs {
		if len(r.Caught) == 0 || len(r.Errors) > 0 {
			return 1, nil
		}
	}
	return 0, nil
}
