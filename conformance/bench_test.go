package conformance_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
)

// noop answers every request with a reply computed beforehand, so that a
// benchmark measures the runner alone: scheduling, the request, judging
// (output comparison or category check) and the result.
func noop(cases []conformance.Case) *conformance.Func {
	replies := map[string]conformance.Reply{}
	for i := range cases {
		c := &cases[i]
		req := conformance.Request{Op: c.Family.Name, Profile: "strict", Inputs: c.Inputs}
		replies[string(c.Inputs["data"])] = conformancetest.Reply(req)
	}
	return &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		return replies[string(req.Inputs["data"])], nil
	}}
}

// benchCases returns n cases cycling through a thousand distinct ones.
func benchCases(n int) []conformance.Case {
	base := doubleCases(1000)
	out := make([]conformance.Case, n)
	for i := range out {
		out[i] = base[i%len(base)]
	}
	return out
}

// BenchmarkRunnerInProcess is the runner's cost per test with an adapter
// that costs nothing: one op is one test.
func BenchmarkRunnerInProcess(b *testing.B) {
	for _, bc := range []struct {
		name     string
		parallel int
		timeout  time.Duration
	}{
		{"serial", 1, 0},
		{"serial-timeout", 1, 30 * time.Second},
		{"parallel", runtime.GOMAXPROCS(0), 30 * time.Second},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cases := benchCases(b.N)
			open := conformance.Shared(noop(cases[:min(len(cases), 1000)]))
			b.ReportAllocs()
			b.ResetTimer()
			rep, err := conformance.Run(context.Background(), open, cases, conformance.Options{Parallel: bc.parallel, Timeout: bc.timeout})
			b.StopTimer()
			if err != nil || !rep.OK() {
				b.Fatalf("%v %+v", err, rep.Totals())
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tests/s")
		})
	}
}
