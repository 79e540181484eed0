package bench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/internal/fuzzengine"
)

// wireTargets are the wire targets with a bare twin, their packages, and
// how many executions a run makes under Go's engine and under libFuzzer:
// about 2-6 CPU-seconds each on this machine. A run is a count of
// executions, not a span of wall time, so that a loaded machine gives a
// run less CPU per second but not fewer executions (with 6 s of wall time
// at a load of 25, runs made as few as 50 executions after their start).
// A run's span is the whole run after its start (fuzzengine.Run,
// RunLibFuzzer), however short; PQHS_ENGINE_SCALE shortens every run.
var wireTargets = []struct {
	pkg, target     string
	goExecs, lfRuns int64
}{
	{"ixianwire", "IxiVarUInt", 120000, 200000}, {"ixianwire", "IxiVarInt", 120000, 200000},
	{"ixianwire", "IxiBytes", 120000, 200000}, {"ixianwire", "RequestAdd2", 120000, 200000},
	{"ixianwire", "AcceptAdd2", 100000, 200000}, {"ixianwire", "Keys2", 80000, 200000},
	{"ixianwire", "SpixiMessage", 80000, 150000},
	{"verbeth", "HandshakePayload", 45000, 20000}, {"verbeth", "ResponseEnvelope", 60000, 8000},
}

// scale is PQHS_ENGINE_SCALE, a factor on every run's executions (1).
func scale(n int64) int64 {
	if f, err := strconv.ParseFloat(os.Getenv("PQHS_ENGINE_SCALE"), 64); err == nil && f > 0 {
		return max(1, int64(float64(n)*f))
	}
	return n
}

var binaries sync.Map // package -> binary path

func binary(b *testing.B, pkg string) string {
	if p, ok := binaries.Load(pkg); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", "pqhs-bench-")
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, pkg+".test")
	if err := fuzzengine.Build(context.Background(), "../"+pkg, out); err != nil {
		b.Fatal(err)
	}
	binaries.Store(pkg, out)
	return out
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkEngine measures Go's native engine on each wire target and its
// bare twin (see the package comment).
func BenchmarkEngine(b *testing.B) {
	if !fuzzengine.CPUMeasured() {
		b.Skip("the fuzzing workers' CPU time is read from /proc: Linux only")
	}
	rounds := envInt("PQHS_ENGINE_ROUNDS", 5)
	for _, w := range wireTargets {
		b.Run(w.target, func(b *testing.B) {
			bin := binary(b, w.pkg)
			work := b.TempDir()
			corpus := filepath.Join("..", w.pkg, "testdata", "fuzz", "Fuzz"+w.target)
			for _, t := range []string{"Fuzz" + w.target, "FuzzBare" + w.target} {
				if err := os.CopyFS(filepath.Join(work, "testdata", "fuzz", t), os.DirFS(corpus)); err != nil {
					b.Fatal(err)
				}
			}
			pair(b, w.target, rounds, func(i int, t string) (fuzzengine.Result, error) {
				return fuzzengine.Run(context.Background(), fuzzengine.Options{Binary: bin, Dir: work, Target: t, Execs: scale(w.goExecs),
						Parallel: 1, CacheDir: filepath.Join(work, "cache", strconv.Itoa(i), t)}),
					nil
			}, func(t, input string) error {
				return fuzzengine.Replay(context.Background(), bin, work, t, input)
			})
		})
	}
}

// pair runs target's project and bare twin alternately (who goes first
// alternates too) in rounds, and reports their executions per CPU-second
// over all rounds and the ratio of the two (project/bare), and the median
// of the rounds' own ratios, which one disturbed run moves less. Each run
// is logged (go test -v). replay runs a failing input again without
// fuzzing (see sturdy).
func pair(b *testing.B, target string, rounds int, run func(round int, fuzzTarget string) (fuzzengine.Result, error),
	replay func(fuzzTarget, input string) error) {
	var execs, cpu [2]float64
	ratios := make([]float64, rounds)
	for i := range rounds {
		var rate [2]float64
		for k := range 2 {
			which := (i + k) % 2
			t := []string{"Fuzz" + target, "FuzzBare" + target}[which]
			r, err := sturdy(b.Logf, i, t, run, replay)
			if err != nil {
				b.Fatal(err)
			}
			if r.SpanCPU == 0 {
				b.Fatalf("%s: no measurement: %d executions after the start took no CPU time that could be read "+
					"(the workers' clock ticks every 10 ms; raise PQHS_ENGINE_SCALE): %+v", t, r.SpanExecs, r)
			}
			execs[which] += float64(r.SpanExecs)
			cpu[which] += r.SpanCPU
			rate[which] = float64(r.SpanExecs) / r.SpanCPU
			b.Logf("round %d %s: %d execs in %.2f CPU-s, %.0f/CPU-s, %d new", i, t, r.SpanExecs, r.SpanCPU, rate[which], r.NewEntries)
		}
		ratios[i] = rate[0] / rate[1]
	}
	slices.Sort(ratios)
	median := ratios[rounds/2]
	if rounds%2 == 0 {
		median = (ratios[rounds/2-1] + ratios[rounds/2]) / 2
	}
	project, bare := execs[0]/cpu[0], execs[1]/cpu[1]
	b.ReportMetric(project, "project-execs/cpu-s")
	b.ReportMetric(bare, "bare-execs/cpu-s")
	b.ReportMetric(project/bare, "ratio")
	b.ReportMetric(median, "median-ratio")
	b.ReportMetric(0, "ns/op")
}

// sturdy runs t and returns its result, unless the run failed on an input
// that passes when it is run again without fuzzing: then the failure was
// the machine's, not the input's, and the run is made again (twice at
// most; the input leaves the run's corpus for quarantineDir, where a rare
// real failure or a slow input can still be looked at). Go's worker gives up
// on an input after 10 s of wall time and libFuzzer after -timeout, which
// a stalled or overloaded machine reaches (at a load of 12-24 here, one
// run of FuzzBareSpixiMessage got 2.5 CPU-s in 70 s and failed so). A failure
// that reproduces, or one with no input to replay, is an error with what
// the engine printed.
func sturdy(logf func(string, ...any), round int, t string, run func(round int, fuzzTarget string) (fuzzengine.Result, error),
	replay func(fuzzTarget, input string) error) (fuzzengine.Result, error) {
	for try := 0; ; try++ {
		r, err := run(round, t)
		if err != nil {
			return r, fmt.Errorf("%s: %v", t, err)
		}
		if !r.Failed {
			return r, nil
		}
		if r.FailingInput == "" || try == 2 {
			return r, fmt.Errorf("%s failed (run %d of round %d): %s%s\n%+v", t, try+1, round, r.Failure, r.Err, r)
		}
		if err := replay(t, r.FailingInput); err != nil {
			return r, fmt.Errorf("%s failed, and its input %s fails again when replayed: %v\nthe run: %s", t, r.FailingInput, err, r.Failure)
		}
		kept, err := quarantine(t, r.FailingInput)
		if err != nil {
			return r, err
		}
		logf("round %d %s failed after %.0f s (%d executions, %.2f CPU-s) on an input that passes when replayed, so the run is made again; the input is kept in %s: %s",
			round, t, r.FailedAfter, r.Execs, r.SpanCPU, kept, strings.TrimSpace(r.Failure))
	}
}

// quarantineDir keeps the inputs that sturdy takes out of a corpus.
var quarantineDir = filepath.Join(os.TempDir(), "pqhs-fuzz-quarantine")

// quarantine moves input out of its corpus into quarantineDir (by copy, as
// the two may lie on different file systems) and returns where it is now.
func quarantine(target, input string) (string, error) {
	b, err := os.ReadFile(input)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(quarantineDir, 0o755); err != nil {
		return "", err
	}
	kept := filepath.Join(quarantineDir, target+"-"+filepath.Base(input))
	if err := os.WriteFile(kept, b, 0o644); err != nil {
		return "", err
	}
	return kept, os.Remove(input)
}

// BenchmarkLibFuzzer is BenchmarkEngine under libFuzzer: each wire target
// and its bare twin built with go-118-fuzz-build and clang (as
// .clusterfuzzlite/build.sh builds them), run alternately in rounds, each
// from a copy of the target's Go corpus (as BenchmarkEngine's runs start,
// and as OSS-Fuzz seeds a campaign), their executions per CPU-second of
// the (one) process after its start (fuzzengine.RunLibFuzzer). It needs
// clang; PQHS_LIBFUZZER_RUN selects targets by regexp.
func BenchmarkLibFuzzer(b *testing.B) {
	if _, err := exec.LookPath("clang"); err != nil {
		b.Skip("no clang")
	}
	if !fuzzengine.CPUMeasured() {
		b.Skip("libFuzzer's CPU time at its start is read from /proc: Linux only")
	}
	rounds := envInt("PQHS_ENGINE_ROUNDS", 5)
	sel := regexp.MustCompile(os.Getenv("PQHS_LIBFUZZER_RUN"))
	bins := map[string]string{}
	byPkg := map[string][]string{}
	for _, w := range wireTargets {
		if sel.MatchString(w.target) {
			byPkg[w.pkg] = append(byPkg[w.pkg], "Fuzz"+w.target, "FuzzBare"+w.target)
		}
	}
	out := b.TempDir()
	for pkg, ts := range byPkg {
		bs, err := fuzzengine.BuildLibFuzzer(context.Background(), "../..", "fuzz/"+pkg, ts, out, nil)
		if err != nil {
			b.Fatal(err)
		}
		maps.Copy(bins, bs)
	}
	for _, w := range wireTargets {
		if !sel.MatchString(w.target) {
			continue
		}
		b.Run(w.target, func(b *testing.B) {
			seeds := libFuzzerSeeds(b, filepath.Join("..", w.pkg, "testdata", "fuzz", "Fuzz"+w.target))
			pair(b, w.target, rounds, func(i int, t string) (fuzzengine.Result, error) {
				dir := b.TempDir()
				if err := os.CopyFS(filepath.Join(dir, "corpus"), seeds); err != nil {
					return fuzzengine.Result{}, err
				}
				// The same -seed for both runs of a round: they make the
				// same mutations until their coverage differs.
				// -runs counts the corpus's first executions too.
				return fuzzengine.RunLibFuzzer(context.Background(), bins[t], t, dir, "", time.Hour, nil, "-seed="+strconv.Itoa(i+1),
					"-runs="+strconv.FormatInt(scale(w.lfRuns)+int64(len(seeds)), 10)), nil
			}, func(t, input string) error {
				return fuzzengine.ReplayLibFuzzer(context.Background(), bins[t], input)
			})
		})
	}
}

// libFuzzerSeeds converts the Go corpus in dir to libFuzzer inputs
// (fuzzengine.LibFuzzerInput), one file per entry.
func libFuzzerSeeds(b *testing.B, dir string) fstest.MapFS {
	corpus, err := check.Corpus(dir)
	if err != nil {
		b.Fatal(err)
	}
	seeds := fstest.MapFS{}
	for name, args := range corpus {
		if in, ok := fuzzengine.LibFuzzerInput(args); ok {
			seeds[name] = &fstest.MapFile{Data: in, Mode: 0o644}
		}
	}
	if len(seeds) == 0 {
		b.Fatalf("%s: no seed", dir)
	}
	return seeds
}
