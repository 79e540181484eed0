package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/conformance/reference"
)

// liveOptions are the flags of live peer mode (package conformance/live)
// and of the mutant catch matrix (-mutants, mutants.go).
type liveOptions struct {
	sessions int
	seed     string
	mutants  bool
	mutant   string
}

func (l *liveOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&l.sessions, "live", 0, "live peer mode: instead of the vectors, play N fresh sessions of every live check against the adapter (both roles of both protocols, tampered and hostile messages); selection, expectations and reports apply as to vectors")
	fs.StringVar(&l.seed, "live-seed", "", "the seed of live peer mode, 32 hex digits (default: drawn from crypto/rand and printed); with -family and -tc it replays a failing session exactly")
	fs.StringVar(&l.mutant, "mutant", "", "use the named deliberately wrong implementation of conformance/mutants as the built-in adapter (in process, or with -serve), to see how the suite catches it")
	fs.BoolVar(&l.mutants, "mutants", false, "run the suite against every deliberately wrong implementation of conformance/mutants and print which tests catch which bug (the catch matrix); exits 1 if a mutant goes uncaught")
}

// maxSessions bounds -live. A run keeps 8 bytes per test whatever N
// (conformance.RunSource), but its reports list every test: a million
// sessions of each of the live checks make a JUnit file of gigabytes, and
// a bound there says so before the run rather than after hours.
const maxSessions = 1_000_000

// liveConfig returns the configuration of live peer mode, and says on w
// which seed it uses.
func liveConfig(l *liveOptions, w io.Writer) (live.Config, error) {
	if l.sessions < 0 {
		return live.Config{}, errors.New("-live: want a positive number of sessions")
	}
	if l.sessions > maxSessions {
		return live.Config{}, fmt.Errorf("-live %d: at most %d sessions of each check in one run; run several with different -live-seed values for more", l.sessions, maxSessions)
	}
	seed := live.NewSeed()
	if l.seed != "" {
		var err error
		if seed, err = live.ParseSeed(l.seed); err != nil {
			return live.Config{}, err
		}
	}
	fmt.Fprintf(w, "conformance: live peer mode, %d sessions of each check, seed %s (replay one with -live %d -live-seed %s -family FAMILY -tc N)\n",
		l.sessions, seed, l.sessions, seed)
	return live.Config{Sessions: l.sessions, Seed: seed}, nil
}

// builtin is the built-in adapter: the reference, or the mutant -mutant
// names.
func (l *liveOptions) builtin() (conformance.Adapter, error) {
	if l.mutant == "" {
		return reference.Adapter(), nil
	}
	m, ok := mutants.Lookup(l.mutant)
	if !ok {
		return nil, fmt.Errorf("-mutant %q: no such mutant (-mutants lists them)", l.mutant)
	}
	return m.Adapter(), nil
}
