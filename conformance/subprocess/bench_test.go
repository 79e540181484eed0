package subprocess_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// BenchmarkRunnerSubprocess is the cost per test through the adapter
// protocol: the runner's encoding, two pipe crossings, the adapter's
// decoding and encoding of the double's trivial step, and judging. One op
// is one test; the program's start is outside the timer.
func BenchmarkRunnerSubprocess(b *testing.B) {
	base := conformance.Cases([]*vectors.File{conformancetest.File(1000)})
	for _, bc := range []struct {
		name     string
		env      []string
		parallel int
	}{
		// An adapter with its own JSON handling, as a port would write one.
		{"fake", conformancetest.Env(conformancetest.ModeOK, 0, ""), 1},
		// A Go adapter on Serve, as `conformance -serve` is.
		{"serve", append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep), 1},
		{"serve-parallel", append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep), runtime.GOMAXPROCS(0)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cases := make([]conformance.Case, b.N)
			for i := range cases {
				cases[i] = base[i%len(base)]
			}
			cfg := subprocess.Config{Command: []string{self(b)}, Env: bc.env}
			adapters := make(chan *subprocess.Adapter, bc.parallel)
			for range bc.parallel {
				a := subprocess.New(cfg)
				if _, err := a.Hello(context.Background()); err != nil {
					b.Fatal(err)
				}
				adapters <- a
			}
			open := func() (conformance.Adapter, error) { return <-adapters, nil }
			b.ReportAllocs()
			b.ResetTimer()
			rep, err := conformance.Run(context.Background(), open, cases, conformance.Options{Parallel: bc.parallel, Timeout: 30 * time.Second})
			b.StopTimer()
			if err != nil || !rep.OK() {
				b.Fatalf("%v %+v", err, rep.Totals())
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tests/s")
		})
	}
}
