// Package fuzzengine runs Go's native fuzzing engine on one target of a
// compiled test binary and measures it from outside: executions over
// fuzzing time (after the baseline coverage run), the CPU time of the
// fuzzing workers read from /proc, and the time spent minimising new
// inputs, reported apart (GODEBUG=fuzzdebug=1 makes the coordinator log
// each minimisation and its duration). cmd/fuzzall and the throughput
// benchmarks of the target packages use it.
//
// go's last progress line says "(N/sec)" for its last interval only,
// usually 0 at the end of a run; a throughput figure here is always
// executions over a measured span.
//
// The CPU figures need Linux's /proc (CPUMeasured); elsewhere a run still
// runs and counts, and its SpanCPU and ExecsPerCPU are 0.
package fuzzengine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Build compiles the test binary of pkg with fuzzing instrumentation, as
// go test -fuzz builds it, to out.
func Build(ctx context.Context, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-fuzz", ".", "-o", out, pkg)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c -fuzz %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// Options are one run of a target.
type Options struct {
	Binary   string        // the test binary (Build)
	Dir      string        // the directory to run in: the package's, with testdata/fuzz
	Target   string        // FuzzX
	Time     time.Duration // -test.fuzztime
	Execs    int64         // if not 0, -test.fuzztime as a count of executions instead of Time
	Minimize time.Duration // -test.fuzzminimizetime; 0 turns minimisation off
	Parallel int           // workers
	CacheDir string        // -test.fuzzcachedir: the generated corpus
	Log      io.Writer     // every line of output, if not nil
	Env      []string      // added to the environment
}

// Result is what one run measured.
type Result struct {
	Target string `json:"target"`
	// Execs is go's count at its last progress line: fuzzing and
	// minimising executions, without the baseline run.
	Execs int64 `json:"execs"`
	// Seconds is the wall time from the end of the baseline run to the
	// end of the run; MinimizeSeconds the workers' time spent minimising
	// new inputs within it, Minimized how many.
	Seconds         float64 `json:"seconds"`
	MinimizeSeconds float64 `json:"minimizeSeconds"`
	Minimized       int     `json:"minimized"`
	// ExecsPerSec is Execs over the fuzzing time: Seconds less the
	// minimisation time per worker.
	ExecsPerSec float64 `json:"execsPerSec"`
	// SpanExecs executions in SpanCPU seconds of the workers' CPU, from
	// the end of the baseline run to go's last progress line (the last
	// one of a run comes after the workers exited, so the span is the
	// whole run, however short); ExecsPerCPU is their ratio, the
	// per-core figure.
	SpanExecs   int64   `json:"spanExecs"`
	SpanCPU     float64 `json:"spanCPUSeconds"`
	ExecsPerCPU float64 `json:"execsPerWorkerCPUSecond"`
	NewEntries  int     `json:"newEntries"`
	CorpusTotal int     `json:"corpusTotal"`
	Failed      bool    `json:"failed"`
	// Flake is a failure with "context deadline exceeded" at the end of
	// -fuzztime and no failing input: a race in Go's fuzzing coordinator
	// (golang/go#75804, fixed in Go 1.27), not a finding.
	Flake        bool   `json:"flake,omitempty"`
	FailingInput string `json:"failingInput,omitempty"`
	// FailedAfter is the wall time from the start of the process to go's
	// first report of a failure ("--- FAIL"), in seconds.
	FailedAfter float64 `json:"failedAfter,omitempty"`
	// Failure is what go printed under its "--- FAIL" line.
	Failure string `json:"failure,omitempty"`
	Err     string `json:"error,omitempty"`
}

var (
	progressRE  = regexp.MustCompile(`fuzz: elapsed: (\d+)s, execs: (\d+) \(\d+/sec\), new interesting: (\d+) \(total: (\d+)\)`)
	baselineRE  = regexp.MustCompile(`(gathering baseline coverage|testing seed corpus): \d+/\d+ completed, now fuzzing|^warning: starting with empty corpus`)
	minimizedRE = regexp.MustCompile(`DEBUG input minimized, .*minimizing took: (\S+)`)
	failingRE   = regexp.MustCompile(`Failing input written to (\S+)`)
)

// Run fuzzes one target and measures it.
func Run(ctx context.Context, o Options) Result {
	r := Result{Target: o.Target}
	fuzztime := o.Time.String()
	if o.Execs > 0 {
		fuzztime = strconv.FormatInt(o.Execs, 10) + "x"
	}
	args := []string{"-test.run=^$", "-test.fuzz=^" + o.Target + "$", "-test.fuzztime=" + fuzztime,
		"-test.fuzzminimizetime=" + o.Minimize.String(), "-test.parallel=" + strconv.Itoa(max(1, o.Parallel))}
	if o.CacheDir != "" {
		args = append(args, "-test.fuzzcachedir="+o.CacheDir)
	}
	cmd := exec.CommandContext(ctx, o.Binary, args...)
	cmd.Dir = o.Dir
	cmd.Env = append(append(os.Environ(), "GODEBUG=fuzzdebug=1"), o.Env...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		r.Failed, r.Err = true, err.Error()
		return r
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		r.Failed, r.Err = true, err.Error()
		return r
	}
	start := time.Now()
	var fuzzStart time.Time
	var first, last struct {
		execs int64
		cpu   float64
		ok    bool
	}
	deadline := false
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if o.Log != nil {
			fmt.Fprintln(o.Log, line)
		}
		switch {
		case baselineRE.MatchString(line):
			fuzzStart = time.Now()
			if cpu, ok := workersCPU(cmd.Process.Pid); ok {
				first.cpu, first.ok = cpu, true
			}
		case progressRE.MatchString(line):
			m := progressRE.FindStringSubmatch(line)
			r.Execs, _ = strconv.ParseInt(m[2], 10, 64)
			r.NewEntries, _ = strconv.Atoi(m[3])
			r.CorpusTotal, _ = strconv.Atoi(m[4])
			if cpu, ok := workersCPU(cmd.Process.Pid); ok && first.ok && !fuzzStart.IsZero() {
				last.execs, last.cpu, last.ok = r.Execs, cpu, true
			}
		case minimizedRE.MatchString(line):
			if d, err := time.ParseDuration(minimizedRE.FindStringSubmatch(line)[1]); err == nil {
				r.MinimizeSeconds += d.Seconds()
				r.Minimized++
			}
		case failingRE.MatchString(line):
			r.FailingInput = filepath.Join(o.Dir, failingRE.FindStringSubmatch(line)[1])
		}
		if r.FailedAfter == 0 && strings.Contains(line, "--- FAIL") {
			r.FailedAfter = time.Since(start).Seconds()
		} else if r.FailedAfter != 0 && r.FailingInput == "" && strings.HasPrefix(line, "    ") && len(r.Failure) < 4096 {
			r.Failure += strings.TrimSpace(line) + "\n"
		}
		deadline = deadline || strings.TrimSpace(line) == "context deadline exceeded"
	}
	err = cmd.Wait()
	if !fuzzStart.IsZero() {
		r.Seconds = time.Since(fuzzStart).Seconds()
	}
	if err != nil && ctx.Err() == nil {
		switch {
		case r.FailingInput == "" && deadline:
			r.Flake = true
		default:
			r.Failed = true
		}
	}
	if fz := r.Seconds - r.MinimizeSeconds/float64(max(1, o.Parallel)); fz > 0 {
		r.ExecsPerSec = float64(r.Execs) / fz
	}
	if last.ok && last.cpu > first.cpu {
		r.SpanExecs, r.SpanCPU = last.execs, last.cpu-first.cpu
		r.ExecsPerCPU = float64(r.SpanExecs) / r.SpanCPU
	}
	return r
}

// Replay runs one input of target's corpus (a file in
// dir/testdata/fuzz/<target>/, such as a Result's FailingInput) through
// the test binary bin, without fuzzing, and returns its failure, if any.
func Replay(ctx context.Context, bin, dir, target, input string) error {
	cmd := exec.CommandContext(ctx, bin, "-test.run=^"+target+"$/^"+regexp.QuoteMeta(filepath.Base(input))+"$", "-test.timeout=10m")
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, b)
	}
	return nil
}

// CPUMeasured reports whether this system gives the CPU figures (Result's
// SpanCPU and ExecsPerCPU): they are read from Linux's /proc.
func CPUMeasured() bool {
	_, _, ok := processCPU(strconv.Itoa(os.Getpid()))
	return ok
}

// clockTick is the unit of the times in /proc/<pid>/stat
// (sysconf(_SC_CLK_TCK), 100 on Linux).
const clockTick = 100.0

// workersCPU returns the CPU seconds (user and system) of the fuzzing
// workers of the coordinator pid: those of its live children, and those
// of the children it has waited for (its cutime and cstime). Go's last
// progress line comes after the coordinator waited for every worker, so
// reading it there gives the whole run; a worker restarted after a crash
// is counted too.
func workersCPU(pid int) (float64, bool) {
	p := strconv.Itoa(pid)
	_, total, ok := processCPU(p)
	if !ok {
		return 0, false
	}
	tasks, err := os.ReadDir("/proc/" + p + "/task")
	if err != nil {
		return 0, false
	}
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/" + p + "/task/" + t.Name() + "/children")
		if err != nil {
			continue
		}
		for _, c := range strings.Fields(string(b)) {
			if cpu, _, ok := processCPU(c); ok {
				total += cpu
			}
		}
	}
	return total, true
}

// processCPU returns the CPU seconds (user and system) of process pid,
// and those of the children it has waited for. A process that has exited
// and not been waited for (the coordinator, while its output is read)
// still has them.
func processCPU(pid string) (self, children float64, ok bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 15 {
		return 0, 0, false
	}
	// Fields after the command: state(0) ... utime(11) stime(12)
	// cutime(13) cstime(14).
	var t [4]float64
	for k := range t {
		if t[k], err = strconv.ParseFloat(f[11+k], 64); err != nil {
			return 0, 0, false
		}
	}
	return (t[0] + t[1]) / clockTick, (t[2] + t[3]) / clockTick, true
}
