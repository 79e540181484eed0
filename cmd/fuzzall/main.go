// Command fuzzall runs a fuzzing campaign: every fuzz target of package
// fuzz (or those -run selects) with `go test -fuzz`, for -time each, one
// after another or -jobs at once. It prints each target's executions per
// second and new corpus entries, keeps each target's log and a summary in
// fuzz/campaign/, and exits 1 if any target failed; Go writes each failing
// input to fuzz/testdata/fuzz/<target>/, where it becomes a regression test
// of `go test ./...`.
//
//	go run ./cmd/fuzzall -time 10m
//	go run ./cmd/fuzzall -time 30s -run 'Ixian|Spixi' -jobs 2 -parallel 1
package main

import (
	"bufio"
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
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	var o options
	flag.DurationVar(&o.time, "time", 30*time.Second, "how long to fuzz each target (go test -fuzztime)")
	flag.StringVar(&o.run, "run", "", "fuzz only the targets matching this regexp")
	flag.StringVar(&o.skip, "skip", "", "leave out the targets matching this regexp")
	flag.IntVar(&o.jobs, "jobs", 1, "targets fuzzed at once")
	flag.IntVar(&o.parallel, "parallel", 0, "fuzzing workers per target (go test -parallel); 0: GOMAXPROCS/jobs")
	flag.DurationVar(&o.minimize, "minimize", 5*time.Second, "minimisation time per new input (go test -fuzzminimizetime); Go's default of 60s stalls on inputs of a few KB")
	flag.StringVar(&o.pkg, "pkg", "./fuzz", "the package holding the targets")
	flag.StringVar(&o.out, "out", "fuzz/campaign", "directory for the logs and summary")
	flag.BoolVar(&o.verbose, "v", false, "echo go test's progress lines")
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
	jobs, parallel int
	pkg, out       string
	verbose        bool
}

// result is one target's run.
type result struct {
	Target      string  `json:"target"`
	Seconds     float64 `json:"seconds"` // as go test reports: fuzzing time, after the baseline
	Execs       int64   `json:"execs"`
	ExecsPerSec float64 `json:"execsPerSec"`
	NewEntries  int     `json:"newEntries"`  // new interesting inputs this run
	CorpusTotal int     `json:"corpusTotal"` // seeds, cached corpus and new entries
	Failed      bool    `json:"failed"`
	// Flake is go test failing with "context deadline exceeded" at the end
	// of -fuzztime without a failing input: a race in Go's fuzzing
	// coordinator (golang/go#75804, fixed in Go 1.27), not a finding.
	Flake        bool   `json:"flake,omitempty"`
	FailingInput string `json:"failingInput,omitempty"` // the regression input Go wrote
	Log          string `json:"log"`
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
	fmt.Fprintf(w, "fuzzall: %d targets, %v each, %d at a time, %d workers each, minimisation %v\n",
		len(targets), o.time, o.jobs, o.parallel, o.minimize)
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
			r := fuzzOne(ctx, o, t, w, &mu)
			mu.Lock()
			results[i] = r
			status := verdict(r)
			fmt.Fprintf(w, "%-26s %8.0f execs/s  %9d execs  %4d new  %s\n", t, r.ExecsPerSec, r.Execs, r.NewEntries, status)
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
	fmt.Fprintf(w, "\n%-26s %7s %10s %9s %5s %7s  %s\n", "target", "seconds", "execs", "execs/s", "new", "corpus", "result")
	for _, r := range done {
		fmt.Fprintf(w, "%-26s %7.0f %10d %9.0f %5d %7d  %s\n", r.Target, r.Seconds, r.Execs, r.ExecsPerSec, r.NewEntries, r.CorpusTotal, verdict(r))
	}
	fmt.Fprintf(w, "summary: %s\n", filepath.Join(o.out, "summary.json"))
	return code, nil
}

func verdict(r result) string {
	switch {
	case r.Failed:
		return "FAILED " + r.FailingInput
	case r.Flake:
		return "ok (deadline flake, golang/go#75804)"
	}
	return "ok"
}

// listTargets asks go test for the package's fuzz targets.
func listTargets(ctx context.Context, o options) ([]string, error) {
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
	var ts []string
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(l, "Fuzz") || (run != nil && !run.MatchString(l)) || (skip != nil && skip.MatchString(l)) {
			continue
		}
		ts = append(ts, l)
	}
	return ts, nil
}

var (
	progressRE = regexp.MustCompile(`fuzz: elapsed: (\d+)s, execs: (\d+) \(\d+/sec\), new interesting: (\d+) \(total: (\d+)\)`)
	failingRE  = regexp.MustCompile(`Failing input written to (\S+)`)
)

// fuzzOne runs one target and parses go test's output.
func fuzzOne(ctx context.Context, o options, target string, w io.Writer, mu *sync.Mutex) result {
	r := result{Target: target, Log: filepath.Join(o.out, target+".log")}
	log, err := os.Create(r.Log)
	if err != nil {
		r.Failed, r.FailingInput = true, err.Error()
		return r
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-fuzz", "^"+target+"$",
		"-fuzztime", o.time.String(), "-fuzzminimizetime", o.minimize.String(),
		"-parallel", strconv.Itoa(o.parallel), o.pkg)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // let go test stop cleanly
	cmd.WaitDelay = 30 * time.Second
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		r.Failed, r.FailingInput = true, err.Error()
		return r
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		r.Failed, r.FailingInput = true, err.Error()
		return r
	}
	deadline := false
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(log, line)
		if o.verbose {
			mu.Lock()
			fmt.Fprintf(w, "%s: %s\n", target, line)
			mu.Unlock()
		}
		if m := progressRE.FindStringSubmatch(line); m != nil {
			r.Seconds, _ = strconv.ParseFloat(m[1], 64)
			r.Execs, _ = strconv.ParseInt(m[2], 10, 64)
			r.NewEntries, _ = strconv.Atoi(m[3])
			r.CorpusTotal, _ = strconv.Atoi(m[4])
		}
		if m := failingRE.FindStringSubmatch(line); m != nil {
			r.FailingInput = filepath.Join(filepath.Clean(o.pkg), m[1])
		}
		deadline = deadline || strings.TrimSpace(line) == "context deadline exceeded"
	}
	if err := cmd.Wait(); err != nil && ctx.Err() == nil {
		switch {
		case r.FailingInput == "" && deadline:
			r.Flake = true
		case r.FailingInput == "":
			r.Failed, r.FailingInput = true, "(see "+r.Log+")"
		default:
			r.Failed = true
		}
	}
	if r.Seconds > 0 {
		r.ExecsPerSec = float64(r.Execs) / r.Seconds
	}
	return r
}

func writeSummary(o options, rs []result) error {
	b, err := json.MarshalIndent(struct {
		Time     string   `json:"timePerTarget"`
		Parallel int      `json:"workersPerTarget"`
		Minimize string   `json:"minimizeTime"`
		Go       string   `json:"go"`
		CPUs     int      `json:"cpus"`
		Results  []result `json:"results"`
	}{o.time.String(), o.parallel, o.minimize.String(), runtime.Version(), runtime.NumCPU(), rs}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, "summary.json"), append(b, '\n'), 0o644)
}
