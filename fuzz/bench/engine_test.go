package bench

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pqhs/pqhs/internal/fuzzengine"
)

// wireTargets are the wire targets with a bare twin, and their packages.
var wireTargets = []struct{ pkg, target string }{
	{"ixianwire", "IxiVarUInt"}, {"ixianwire", "IxiVarInt"}, {"ixianwire", "IxiBytes"}, {"ixianwire", "RequestAdd2"},
	{"ixianwire", "AcceptAdd2"}, {"ixianwire", "Keys2"}, {"ixianwire", "SpixiMessage"},
	{"verbeth", "HandshakePayload"}, {"verbeth", "ResponseEnvelope"},
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
	rounds := envInt("PQHS_ENGINE_ROUNDS", 3)
	per := 6 * time.Second
	if d, err := time.ParseDuration(os.Getenv("PQHS_ENGINE_TIME")); err == nil {
		per = d
	}
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
			var execs, cpu [2]float64
			for i := range rounds {
				for k := range 2 {
					which := (i + k) % 2 // alternate who goes first
					t := []string{"Fuzz" + w.target, "FuzzBare" + w.target}[which]
					r := fuzzengine.Run(context.Background(), fuzzengine.Options{Binary: bin, Dir: work, Target: t, Time: per,
						Parallel: 1, CacheDir: filepath.Join(work, "cache", strconv.Itoa(i), t)})
					if r.Failed || r.SpanCPU == 0 {
						b.Fatalf("%s: %+v", t, r)
					}
					execs[which] += float64(r.SpanExecs)
					cpu[which] += r.SpanCPU
				}
			}
			project, bare := execs[0]/cpu[0], execs[1]/cpu[1]
			b.ReportMetric(project, "project-execs/cpu-s")
			b.ReportMetric(bare, "bare-execs/cpu-s")
			b.ReportMetric(project/bare, "ratio")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkLibFuzzer is BenchmarkEngine under libFuzzer: each wire target
// and its bare twin built with go-118-fuzz-build and clang (as
// .clusterfuzzlite/build.sh builds them), run alternately in rounds from
// empty corpora, their executions per CPU-second of the (one) process.
// It needs clang; PQHS_LIBFUZZER_RUN selects targets by regexp.
func BenchmarkLibFuzzer(b *testing.B) {
	if _, err := exec.LookPath("clang"); err != nil {
		b.Skip("no clang")
	}
	rounds := envInt("PQHS_ENGINE_ROUNDS", 3)
	per := 6 * time.Second
	if d, err := time.ParseDuration(os.Getenv("PQHS_ENGINE_TIME")); err == nil {
		per = d
	}
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
			var execs, cpu [2]float64
			for i := range rounds {
				for k := range 2 {
					which := (i + k) % 2
					t := []string{"Fuzz" + w.target, "FuzzBare" + w.target}[which]
					dir := b.TempDir()
					r := fuzzengine.RunLibFuzzer(context.Background(), bins[t], t, dir, "", per, nil)
					if r.Failed || r.SpanCPU == 0 {
						b.Fatalf("%s: %+v", t, r)
					}
					execs[which] += float64(r.SpanExecs)
					cpu[which] += r.SpanCPU
				}
			}
			project, bare := execs[0]/cpu[0], execs[1]/cpu[1]
			b.ReportMetric(project, "project-execs/cpu-s")
			b.ReportMetric(bare, "bare-execs/cpu-s")
			b.ReportMetric(project/bare, "ratio")
			b.ReportMetric(0, "ns/op")
		})
	}
}
