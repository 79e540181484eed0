package difffuzz_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/difffuzz"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/vectors"
)

// benchDecoders are cmd/conformance's BenchmarkFuzzThroughput decoder
// families.
var benchDecoders = []*vectors.Family{
	vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiBytesDecode,
	vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode,
	vectors.VerbethHandshakePayloadDecode, vectors.VerbethUnifiedPubKeysDecode, vectors.VerbethRatchetPayloadDecode,
}

// timedAdapter is an in-process adapter whose calls are timed on their
// thread's CPU clock, so that a benchmark can take them out of the
// process's time: one call in 8, counting for 8, as Options.MeasureOracle
// times the oracle (a thread clock read is a system call).
type timedAdapter struct {
	conformance.Adapter
	calls, cpu *atomic.Int64
}

func (a timedAdapter) Do(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	if a.calls.Add(1)%8 != 0 {
		return a.Adapter.Do(ctx, req)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := cputime.Thread()
	defer func() { a.cpu.Add(8 * int64(cputime.Thread()-t0)) }()
	return a.Adapter.Do(ctx, req)
}

// BenchmarkRunnerCase is the runner's own CPU per generated case on the
// decoder families, without any pipe: a campaign against the reference in
// process, less the reference's calls as the oracle and as the adapter
// (each estimated from a sample timed on its thread's CPU clock). What is left is generation
// (base choice, mutation, fresh inputs), judging, the campaign's
// bookkeeping, and the Go runtime's work for all of them and for the two
// reference calls' garbage:
//
//	go test -run '^$' -bench RunnerCase -benchtime 20000x ./conformance/difffuzz
//
// It reports own-cpu-µs/case (that figure), oracle-µs/case, and the heap
// allocated per case (B/op, allocs/op, the reference's calls included).
func BenchmarkRunnerCase(b *testing.B) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		b.Fatal(err)
	}
	all := conformance.Cases(files)
	var calls, adapterCPU atomic.Int64
	a := timedAdapter{reference.Adapter(), &calls, &adapterCPU}
	b.ReportAllocs()
	b.ResetTimer()
	t0 := cputime.Process()
	res, err := difffuzz.Run(context.Background(), conformance.Shared(a), difffuzz.Options{
		Profile: vectors.Strict, Families: benchDecoders, Cases: all, Execs: int64(b.N),
		Instances: 1, InFlight: 2, Seed: 1, MinimizeExecs: -1, MeasureOracle: true,
	})
	cpu := cputime.Process() - t0
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	n := float64(res.Stats.Execs + res.Stats.Discarded)
	own := cpu - res.Stats.OracleCPU - time.Duration(adapterCPU.Load())
	b.ReportMetric(float64(own)/n/1e3, "own-cpu-µs/case")
	b.ReportMetric(float64(res.Stats.OracleCPU)/n/1e3, "oracle-µs/case")
	b.ReportMetric(float64(adapterCPU.Load())/n/1e3, "adapter-µs/case")
}
