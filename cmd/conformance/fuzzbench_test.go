//go:build unix

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/difffuzz"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/vectors"
)

// Families for the throughput figures: decoders (framing, JSON, base64; no
// public-key operation) and crypto families (key agreement, KEM, KDF,
// AEAD, signatures).
var (
	benchDecoders = []*vectors.Family{
		vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiBytesDecode,
		vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode,
		vectors.VerbethHandshakePayloadDecode, vectors.VerbethUnifiedPubKeysDecode, vectors.VerbethRatchetPayloadDecode,
	}
	benchCrypto = []*vectors.Family{
		vectors.IxianECDH, vectors.IxianDeriveKeys, vectors.IxianSpixi2Decrypt,
		vectors.VerbethTag, vectors.VerbethHybridSecret, vectors.VerbethKDFRootKey, vectors.VerbethRatchetDecrypt,
	}
)

// BenchmarkFuzzThroughput is differential fuzzing's speed against the
// reference behind `conformance -serve` and against the TypeScript port
// (skipped unless node and its build are there), on decoder and on crypto
// families:
//
//	go test -run '^$' -bench FuzzThroughput -benchtime 10000x ./cmd/conformance
//
// One op is one generated case (2 adapter instances, 16 requests in flight
// each, pipelined). It reports:
//   - cases/s: cases judged per second of wall time (load-dependent).
//   - cpu-µs/case: the CPU time (user and system, from the kernel's process
//     clocks) of both sides, the runner's process and the adapters', per
//     case. This is the load-robust figure: on 2 idle cores the rate is at
//     most 2e6 / cpu-µs/case cases per second. The adapters' start is not
//     in it: a campaign of minutes pays it once, while at 10,000 cases
//     node's start (about 0.35 s of CPU per instance) would be a fifth of
//     the port's figure. It is measured just before, as the CPU of
//     starting as many instances, reading their hello and closing them,
//     and subtracted.
//   - adapter-start-ms: that start, per instance.
//   - runner-%cpu: the runner process's share of that CPU. It counts
//     generation (fresh inputs, mutation), the reference as the oracle,
//     the protocol's encoding and decoding, judging (conformance.Judge),
//     the campaign's bookkeeping, and the Go runtime's work for all of
//     them (garbage collection, scheduling).
//   - oracle-µs/case: the oracle's part of the runner's CPU, the
//     reference's calls timed on their thread's CPU clock
//     (Options.MeasureOracle).
//   - runner-net-%cpu: the runner's share without the oracle, (runner -
//     oracle) / (runner + adapters).
//
// The oracle is the crypto the campaign checks: the implementation does the
// same work for the same case, so runner-net-%cpu is the figure for "the
// runner is not the bottleneck"; runner-%cpu is the bound with the oracle
// counted against the runner.
func BenchmarkFuzzThroughput(b *testing.B) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		b.Fatal(err)
	}
	cases := conformance.Cases(files)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	targets := []struct {
		name    string
		command []string
		env     []string
	}{
		{"serve", []string{exe, "-serve"}, append(os.Environ(), envMain+"=1")},
	}
	ts, _ := filepath.Abs("../../conformance/adapters/typescript/dist/adapter.js")
	if node, err := exec.LookPath("node"); err == nil {
		if _, err := os.Stat(ts); err == nil {
			targets = append(targets, struct {
				name    string
				command []string
				env     []string
			}{"typescript", []string{node, ts}, nil})
		}
	}
	for _, tg := range targets {
		for _, set := range []struct {
			name string
			fams []*vectors.Family
		}{{"decoders", benchDecoders}, {"crypto", benchCrypto}} {
			b.Run(tg.name+"/"+set.name, func(b *testing.B) {
				cfg := subprocess.Config{Command: tg.command, Env: tg.env}
				open := func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }
				start := startCPU(b, cfg, 2)
				children0, self0 := childrenCPU(), cputime.Process()
				began := time.Now()
				res, err := difffuzz.Run(context.Background(), open, difffuzz.Options{
					Profile: vectors.Strict, Families: set.fams, Cases: cases, Execs: int64(b.N),
					Instances: 2, InFlight: 16, Seed: 1, MinimizeExecs: -1, MeasureOracle: true,
				})
				elapsed := time.Since(began)
				if err != nil {
					b.Fatal(err)
				}
				runner, adapters := cputime.Process()-self0, max(0, childrenCPU()-children0-start)
				total, n := float64(runner+adapters), float64(res.Stats.Execs)
				b.ReportMetric(n/elapsed.Seconds(), "cases/s")
				b.ReportMetric(total/n/1e3, "cpu-µs/case")
				b.ReportMetric(100*float64(runner)/total, "runner-%cpu")
				b.ReportMetric(float64(res.Stats.OracleCPU)/n/1e3, "oracle-µs/case")
				b.ReportMetric(100*float64(runner-res.Stats.OracleCPU)/total, "runner-net-%cpu")
				b.ReportMetric(float64(start)/2/1e6, "adapter-start-ms")
				if res.Stats.Findings > 0 && tg.name == "serve" {
					b.Fatalf("the reference disagrees with itself: %s", res.Findings[0].Signature)
				}
			})
		}
	}
}

// BenchmarkFuzzProtocol is the protocol's share of BenchmarkFuzzThroughput
// on decoder families, without generation, oracle or judging: the inputs of
// the decoder families' vectors sent in turn through 2 instances × 16
// requests in flight to `conformance -serve` and to the TypeScript port
// (skipped unless node and its build are there):
//
//	go test -run '^$' -bench FuzzProtocol -benchtime 20000x ./cmd/conformance
//
// One op is one request answered. It reports the CPU time per request of
// the runner's process (runner-µs/req: encoding, pipes, routing, decoding
// and the Go runtime's work for them) and of the adapters
// (adapter-µs/req: the same on the other side plus the decode itself), and
// the runner's share of both (runner-%cpu). As in BenchmarkFuzzThroughput,
// the adapters' start is measured apart (adapter-start-ms, per instance)
// and not counted.
func BenchmarkFuzzProtocol(b *testing.B) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		b.Fatal(err)
	}
	var reqs []conformance.Request
	for _, c := range conformance.Cases(files) {
		if slices.Contains(benchDecoders, c.Family) {
			reqs = append(reqs, conformance.Request{Op: c.Family.Name, Profile: vectors.Strict, Inputs: c.Inputs})
		}
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	targets := [][]string{{"serve", exe, "-serve"}}
	ts, _ := filepath.Abs("../../conformance/adapters/typescript/dist/adapter.js")
	if node, err := exec.LookPath("node"); err == nil {
		if _, err := os.Stat(ts); err == nil {
			targets = append(targets, []string{"typescript", node, ts})
		}
	}
	for _, tg := range targets {
		b.Run(tg[0], func(b *testing.B) {
			cfg := subprocess.Config{Command: tg[1:], Env: append(os.Environ(), envMain+"=1")}
			const instances, inFlight = 2, 16
			start := startCPU(b, cfg, instances)
			var adapters []*subprocess.Adapter
			for range instances {
				a := subprocess.New(cfg)
				if _, err := a.Hello(context.Background()); err != nil {
					b.Fatal(err)
				}
				adapters = append(adapters, a)
			}
			children0, self0 := childrenCPU(), cputime.Process()
			var next atomic.Int64
			var wg sync.WaitGroup
			var failed atomic.Pointer[error]
			for i := range instances * inFlight {
				a := adapters[i%instances]
				wg.Go(func() {
					for {
						n := next.Add(1) - 1
						if n >= int64(b.N) {
							return
						}
						if _, err := a.Do(context.Background(), reqs[n%int64(len(reqs))]); err != nil {
							failed.Store(&err)
							return
						}
					}
				})
			}
			wg.Wait()
			for _, a := range adapters {
				a.Close()
			}
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			runner, others := cputime.Process()-self0, max(0, childrenCPU()-children0-start)
			n := float64(b.N)
			b.ReportMetric(float64(runner)/n/1e3, "runner-µs/req")
			b.ReportMetric(float64(others)/n/1e3, "adapter-µs/req")
			b.ReportMetric(100*float64(runner)/float64(runner+others), "runner-%cpu")
			b.ReportMetric(float64(start)/instances/1e6, "adapter-start-ms")
		})
	}
}

// startCPU is the CPU time of n adapter instances that start, say hello
// and are closed: what a run's adapters spend on their start.
func startCPU(b *testing.B, cfg subprocess.Config, n int) time.Duration {
	c0 := childrenCPU()
	for range n {
		a := subprocess.New(cfg)
		if _, err := a.Hello(context.Background()); err != nil {
			b.Fatal(err)
		}
		if err := a.Close(); err != nil {
			b.Fatal(err)
		}
	}
	return childrenCPU() - c0
}

// childrenCPU is the CPU time (user and system) of the child processes
// that have exited and been waited for: the adapters, once a campaign has
// closed them.
func childrenCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
