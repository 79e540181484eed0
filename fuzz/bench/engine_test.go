package bench

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/internal/fuzzengine"
)

// wireTargets are the wire targets with a bare twin, their packages, and
// how many executions a run makes under Go's engine and under libFuzzer:
// about 2-6 CPU-seconds each on this machine. Go's engine prints progress
// every 3 s, and a run's span ends at its last progress line read while
// the workers run: a run of under 3 s of wall time, which a quiet machine
// gave the varint targets at 60,000 and the Verbeth ones at 15,000 and
// 25,000, has none and fails. A run is a count of
// executions, not a span of wall time, so that a loaded machine gives a
// run less CPU per second but not fewer executions (with 6 s of wall time
// at a load of 25, runs made as few as 50 executions after their start).
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
			pair(b, w.target, rounds, func(i int, t string) fuzzengine.Result {
				return fuzzengine.Run(context.Background(), fuzzengine.Options{Binary: bin, Dir: work, Target: t, Execs: scale(w.goExecs),
					Parallel: 1, CacheDir: filepath.Join(work, "cache", strconv.Itoa(i), t)})
			})
		})
	}
}

// pair runs target's project and bare twin alternately (who goes first
// alternates too) in rounds, and reports their executions per CPU-second
// over all rounds and the ratio of the two (project/bare), and the median
// of the rounds' own ratios, which one disturbed run moves less. Each run
// is logged (go test -v).
func pair(b *testing.B, target string, rounds int, run func(round int, fuzzTarget string) fuzzengine.Result) {
	var execs, cpu [2]float64
	ratios := make([]float64, rounds)
	for i := range rounds {
		var rate [2]float64
		for k := range 2 {
			which := (i + k) % 2
			t := []string{"Fuzz" + target, "FuzzBare" + target}[which]
			r := run(i, t)
			if r.Failed || r.SpanCPU == 0 {
				b.Fatalf("%s: %+v", t, r)
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
			pair(b, w.target, rounds, func(i int, t string) fuzzengine.Result {
				dir := b.TempDir()
				if err := os.CopyFS(filepath.Join(dir, "corpus"), seeds); err != nil {
					b.Fatal(err)
				}
				// The same -seed for both runs of a round: they make the
				// same mutations until their coverage differs.
				// -runs counts the corpus's first executions too.
				return fuzzengine.RunLibFuzzer(context.Background(), bins[t], t, dir, "", time.Hour, nil, "-seed="+strconv.Itoa(i+1),
					"-runs="+strconv.FormatInt(scale(w.lfRuns)+int64(len(seeds)), 10))
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
