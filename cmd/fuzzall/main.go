// Command fuzzall runs a fuzzing campaign: every fuzz target of the
// packages under fuzz/ (or those -run selects) with Go's native engine,
// for -time each, one after another or -jobs at once. Each package's test
// binary is built once with fuzzing instrumentation and run directly, so
// that the figures are the fuzzer's own: executions over fuzzing time
// (after the baseline run), with the time spent minimising new inputs
// reported apart, and executions per CPU-second of the fuzzing workers. It
// keeps each target's log and a summary in fuzz/campaign/, and exits 1 if
// any target failed; Go writes each failing input to
// fuzz/<package>/testdata/fuzz/<target>/, where it becomes a regression
// test of `go test ./...`.
//
//	go run ./cmd/fuzzall -time 10m
//	go run ./cmd/fuzzall -time 30s -run 'Ixian|Spixi' -jobs 2 -parallel 1
//	go run ./cmd/fuzzall -engine libfuzzer -time 30s -run 'IxiVarUInt$'
//
// -engine libfuzzer builds the targets as .clusterfuzzlite/build.sh does
// (go-118-fuzz-build, clang -fsanitize=fuzzer) and runs them with
// libFuzzer, one process each, its corpus in fuzz/campaign/libfuzzer/.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pqhs/pqhs/internal/fuzzengine"
	"github.com/pqhs/pqhs/internal/modroot"
)

func main() {
	var o options
	flag.DurationVar(&o.time, "time", 30*time.Second, "how long to fuzz each target (-fuzztime)")
	flag.StringVar(&o.run, "run", "", "fuzz only the targets matching this regexp")
	flag.StringVar(&o.skip, "skip", "", "leave out the targets matching this regexp")
	flag.BoolVar(&o.bare, "bare", false, "also fuzz the bare twins (FuzzBare*) of the throughput benchmarks")
	flag.IntVar(&o.jobs, "jobs", 1, "targets fuzzed at once")
	flag.IntVar(&o.parallel, "parallel", 0, "fuzzing workers per target (-parallel); 0: GOMAXPROCS/jobs")
	flag.DurationVar(&o.minimize, "minimize", 5*time.Second, "minimisation time per new input (-fuzzminimizetime; 0 turns it off); Go's default of 60s stalls on inputs of a few KB")
	flag.StringVar(&o.pkg, "pkg", "./fuzz/...", "the packages holding the targets")
	flag.StringVar(&o.out, "out", "fuzz/campaign", "directory for the logs and summary")
	flag.BoolVar(&o.verbose, "v", false, "echo the engine's progress lines")
	flag.StringVar(&o.engine, "engine", "go", "go (Go's native engine) or libfuzzer (go-118-fuzz-build and clang, as .clusterfuzzlite/build.sh builds the targets; the rapid properties are left out)")
	flag.Parse()
	if o.parallel == 0 {
		o.parallel = max(1, runtime.GOMAXPROCS(0)/o.jobs)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := campaign(ctx, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fuzzall:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

type options struct {
	time, minimize time.Duration
	run, skip      string
	bare           bool
	jobs, parallel int
	pkg, out       string
	verbose        bool
	engine         string
}

// target is one fuzz target and the package directory that holds it.
type target struct {
	name, pkg, dir string
}

// result is one target's run.
type result struct {
	Package string `json:"package"`
	fuzzengine.Result
	Log string `json:"log"`
}

func campaign(ctx context.Context, o options, w io.Writer) (int, error) {
	targets, err := listTargets(ctx, o)
	if err != nil {
		return 0, err
	}
	if len(targets) == 0 {
		return 0, errors.New("no target matches")
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return 0, err
	}
	bin, err := os.MkdirTemp("", "fuzzall-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(bin)
	binaries := map[string]string{} // package (go) or target (libfuzzer) -> binary
	switch o.engine {
	case "go":
		for _, t := range targets {
			if _, ok := binaries[t.pkg]; ok {
				continue
			}
			b := filepath.Join(bin, filepath.Base(t.pkg)+".test")
			fmt.Fprintf(w, "fuzzall: building %s\n", t.pkg)
			if err := fuzzengine.Build(ctx, t.pkg, b); err != nil {
				return 0, err
			}
			binaries[t.pkg] = b
		}
	case "libfuzzer":
		root, err := modroot.Find()
		if err != nil {
			return 0, err
		}
		var kept []target
		byPkg := map[string][]string{}
		for _, t := range targets {
			if strings.HasPrefix(t.name, "FuzzRapid") {
				continue // rapid.MakeFuzz needs the standard *testing.T
			}
			kept = append(kept, t)
			byPkg[t.pkg] = append(byPkg[t.pkg], t.name)
		}
		targets = kept
		for pkg, names := range byPkg {
			fmt.Fprintf(w, "fuzzall: building %d libFuzzer targets of %s\n", len(names), pkg)
			bins, err := fuzzengine.BuildLibFuzzer(ctx, root, strings.TrimPrefix(pkg, "github.com/pqhs/pqhs/"), names, bin, nil)
			if err != nil {
				return 0, err
			}
			for n, b := range bins {
				binaries[n] = b
			}
		}
	default:
		return 0, fmt.Errorf("unknown engine %q", o.engine)
	}
	cache, err := goEnv(ctx, "GOCACHE")
	if err != nil {
		return 0, err
	}
	if o.engine == "libfuzzer" {
		fmt.Fprintf(w, "fuzzall: libFuzzer, %d targets, %v each, %d at a time, one process each\n", len(targets), o.time, o.jobs)
	} else {
		fmt.Fprintf(w, "fuzzall: %d targets, %v each, %d at a time, %d workers each, minimisation %v\n",
			len(targets), o.time, o.jobs, o.parallel, o.minimize)
	}
	results := make([]result, len(targets))
	var mu sync.Mutex
	sem := make(chan struct{}, o.jobs)
	var wg sync.WaitGroup
	for i, t := range targets {
		sem <- struct{}{}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := result{Package: t.pkg, Log: filepath.Join(o.out, t.name+".log")}
			var log io.Writer = io.Discard
			if f, err := os.Create(r.Log); err == nil {
				defer f.Close()
				log = f
			}
			if o.verbose {
				log = io.MultiWriter(log, prefixWriter{w, &mu, t.name + ": "})
			}
			if o.engine == "libfuzzer" {
				// the corpus it grows stays in the campaign directory
				dir := filepath.Join(o.out, "libfuzzer", t.name)
				os.MkdirAll(dir, 0o755)
				abs, _ := filepath.Abs(dir)
				dicts, _ := filepath.Glob(filepath.Join(t.dir, "testdata", "*.dict"))
				dict := ""
				if len(dicts) > 0 {
					dict = dicts[0]
				}
				r.Result = fuzzengine.RunLibFuzzer(ctx, binaries[t.name], t.name, abs, dict, o.time, log)
			} else {
				r.Result = fuzzengine.Run(ctx, fuzzengine.Options{Binary: binaries[t.pkg], Dir: t.dir, Target: t.name, Time: o.time,
					Minimize: o.minimize, Parallel: o.parallel, Log: log,
					// where go test keeps the corpus a target grows
					CacheDir: filepath.Join(cache, "fuzz", t.pkg, t.name)})
			}
			mu.Lock()
			results[i] = r
			fmt.Fprintf(w, "%-26s %8.0f execs/s %8.0f per worker-CPU-s %9d execs %4d new %3d minimised in %5.1fs  %s\n",
				t.name, r.ExecsPerSec, r.ExecsPerCPU, r.Execs, r.NewEntries, r.Minimized, r.MinimizeSeconds, verdict(r))
			mu.Unlock()
		}()
	}
	wg.Wait()

	code := 0
	var done []result
	for _, r := range results {
		if r.Target == "" {
			continue
		}
		done = append(done, r)
		if r.Failed {
			code = 1
		}
	}
	if err := writeSummary(o, done); err != nil {
		return code, err
	}
	fmt.Fprintf(w, "\n%-26s %7s %10s %9s %11s %5s %9s %7s  %s\n", "target", "seconds", "execs", "execs/s", "per CPU-s", "new", "minimise", "corpus", "result")
	for _, r := range done {
		fmt.Fprintf(w, "%-26s %7.0f %10d %9.0f %11.0f %5d %8.1fs %7d  %s\n", r.Target, r.Seconds, r.Execs, r.ExecsPerSec, r.ExecsPerCPU,
			r.NewEntries, r.MinimizeSeconds, r.CorpusTotal, verdict(r))
	}
	if o.engine == "libfuzzer" {
		fmt.Fprintln(w, "execs/s: libFuzzer's executions over the run's wall time; per CPU-s: over the process's CPU time")
	} else {
		fmt.Fprintln(w, "execs/s: executions over the fuzzing time (after the baseline run, less the minimisation time per worker);\n"+
			"per CPU-s: executions per CPU-second of the fuzzing workers, from the end of the baseline run to their exit (Linux only)")
	}
	fmt.Fprintf(w, "summary: %s\n", filepath.Join(o.out, "summary.json"))
	return code, nil
}

func verdict(r result) string {
	switch {
	case r.Failed && r.FailingInput != "":
		return "FAILED " + r.FailingInput
	case r.Failed:
		return "FAILED (see " + r.Log + ")"
	case r.Flake:
		return "ok (deadline flake, golang/go#75804)"
	}
	return "ok"
}

type prefixWriter struct {
	w      io.Writer
	mu     *sync.Mutex
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l != "" {
			fmt.Fprint(p.w, p.prefix+l)
		}
	}
	return len(b), nil
}

func goEnv(ctx context.Context, name string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", name).Output()
	return strings.TrimSpace(string(out)), err
}

// listTargets asks go test for the packages' fuzz targets.
func listTargets(ctx context.Context, o options) ([]target, error) {
	out, err := exec.CommandContext(ctx, "go", "test", "-list", "^Fuzz", o.pkg).Output()
	if err != nil {
		return nil, fmt.Errorf("go test -list: %w", err)
	}
	var run, skip *regexp.Regexp
	if o.run != "" {
		if run, err = regexp.Compile(o.run); err != nil {
			return nil, err
		}
	}
	if o.skip != "" {
		if skip, err = regexp.Compile(o.skip); err != nil {
			return nil, err
		}
	}
	dirs := map[string]string{}
	var ts, pending []target
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && (f[0] == "ok" || f[0] == "?") {
			pkg := f[1]
			if _, ok := dirs[pkg]; !ok {
				d, err := exec.CommandContext(ctx, "go", "list", "-f", "{{.Dir}}", pkg).Output()
				if err != nil {
					return nil, fmt.Errorf("go list %s: %w", pkg, err)
				}
				dirs[pkg] = strings.TrimSpace(string(d))
			}
			for _, t := range pending {
				t.pkg, t.dir = pkg, dirs[pkg]
				ts = append(ts, t)
			}
			pending = nil
			continue
		}
		if !strings.HasPrefix(l, "Fuzz") || (run != nil && !run.MatchString(l)) || (skip != nil && skip.MatchString(l)) ||
			(!o.bare && strings.HasPrefix(l, "FuzzBare")) {
			continue
		}
		pending = append(pending, target{name: l})
	}
	return ts, nil
}

func writeSummary(o options, rs []result) error {
	b, err := json.MarshalIndent(struct {
		Engine   string   `json:"engine"`
		Time     string   `json:"timePerTarget"`
		Parallel int      `json:"workersPerTarget"`
		Minimize string   `json:"minimizeTime"`
		Go       string   `json:"go"`
		CPUs     int      `json:"cpus"`
		Results  []result `json:"results"`
	}{o.engine, o.time.String(), o.parallel, o.minimize.String(), runtime.Version(), runtime.NumCPU(), rs}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, "summary.json"), append(b, '\n'), 0o644)
}
