package fuzzengine

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The second engine: libFuzzer, through go-118-fuzz-build, the way
// .clusterfuzzlite/build.sh and OSS-Fuzz build the targets, so that the
// configuration is known to build and its throughput can be measured.

// G118Version is the go-118-fuzz-build the builds use.
const G118Version = "v0.0.0-20250520111509-a70c2aa677fa"

// BuildLibFuzzer builds each target of the package pkg (a directory under
// the module root, e.g. "fuzz/ixianwire") as a libFuzzer binary in out,
// and returns the binaries by target. It works on a scratch copy of the
// module, since go-118-fuzz-build needs the targets in non-test files and
// its testing package in go.mod: the package's targets_test.go becomes
// targets_libfuzzer.go with "testing" replaced by go-118-fuzz-build's, and
// its other test files are left out. It needs clang (-fsanitize=fuzzer)
// and installs go-118-fuzz-build from the module proxy when it is not on
// PATH.
func BuildLibFuzzer(ctx context.Context, root, pkg string, targets []string, out string, log io.Writer) (map[string]string, error) {
	tmp, err := os.MkdirTemp("", "pqhs-libfuzzer-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	mod := filepath.Join(tmp, "mod")
	if err := copyModule(root, mod); err != nil {
		return nil, err
	}
	dir := filepath.Join(mod, pkg)
	src, err := os.ReadFile(filepath.Join(dir, "targets_test.go"))
	if err != nil {
		return nil, err
	}
	name := filepath.Base(pkg)
	lib := strings.Replace(string(src), `"testing"`, `"github.com/AdamKorcz/go-118-fuzz-build/testing"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "targets_libfuzzer.go"), []byte(lib), 0o644); err != nil {
		return nil, err
	}
	tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	for _, t := range tests {
		os.Remove(t)
	}
	run := func(dir string, name string, args ...string) error {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		b, err := cmd.CombinedOutput()
		if log != nil {
			log.Write(b)
		}
		if err != nil {
			return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, b)
		}
		return nil
	}
	if err := run(mod, "go", "get", "github.com/AdamKorcz/go-118-fuzz-build/testing@"+G118Version); err != nil {
		return nil, err
	}
	g118, err := exec.LookPath("go-118-fuzz-build")
	if err != nil {
		gobin := filepath.Join(tmp, "bin")
		cmd := exec.CommandContext(ctx, "go", "install", "github.com/AdamKorcz/go-118-fuzz-build@"+G118Version)
		cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-mod=mod")
		cmd.Dir = tmp
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go install go-118-fuzz-build: %v\n%s", err, b)
		}
		g118 = filepath.Join(gobin, "go-118-fuzz-build")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	bins := map[string]string{}
	for _, t := range targets {
		archive := filepath.Join(tmp, t+".a")
		if err := run(mod, g118, "-o", archive, "-func", t, "github.com/pqhs/pqhs/"+pkg); err != nil {
			return nil, err
		}
		bin := filepath.Join(out, name+"-"+t)
		if err := run(mod, "clang", "-fsanitize=fuzzer", "-o", bin, archive); err != nil {
			return nil, err
		}
		bins[t] = bin
	}
	return bins, nil
}

// copyModule copies the module's files, without .git, node_modules and
// the campaign output.
func copyModule(root, dst string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" || rel == filepath.Join("fuzz", "campaign") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

var (
	lfExecsRE  = regexp.MustCompile(`stat::number_of_executed_units:\s*(\d+)`)
	lfNewRE    = regexp.MustCompile(`stat::new_units_added:\s*(\d+)`)
	lfCrashRE  = regexp.MustCompile(`Test unit written to (\S+)`)
	lfInitedRE = regexp.MustCompile(`^#(\d+)\s+INITED`)
)

// RunLibFuzzer runs a libFuzzer binary for d in dir (a corpus directory it
// grows there: empty, or the seeds the caller put in dir/corpus) and
// measures it: executions, and executions per CPU-second of the process
// (libFuzzer fuzzes in its one process) from the end of its start (the
// INITED line: the process started, its first input ran and the corpus was
// read) to its exit.
//
// The span leaves out what a target pays once, as the Go engine's span
// leaves out its baseline run: a target's fixtures are built by its first
// execution, which can take a large share of a short run's CPU, and under
// load the CPU a run of fixed wall time gets varies, so counting it made
// the figure vary with the load.
//
// dict, if not empty, is a libFuzzer dictionary (-dict); flags are more
// libFuzzer flags (such as -seed).
func RunLibFuzzer(ctx context.Context, bin, target, dir, dict string, d time.Duration, log io.Writer, flags ...string) Result {
	r := Result{Target: target}
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	args := []string{"-max_total_time=" + strconv.Itoa(int(d.Seconds())), "-print_final_stats=1", "-timeout=25", "-artifact_prefix=" + dir + "/"}
	if dict != "" {
		args = append(args, "-dict="+dict)
	}
	args = append(append(args, flags...), corpus)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	pipe, err := cmd.StderrPipe()
	if err != nil {
		r.Failed, r.Err = true, err.Error()
		return r
	}
	cmd.Stdout = cmd.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		r.Failed, r.Err = true, err.Error()
		return r
	}
	var out strings.Builder
	var initExecs int64
	var initCPU float64
	inited := false
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line)
		out.WriteByte('\n')
		if m := lfInitedRE.FindStringSubmatch(line); m != nil && !inited {
			if cpu, _, ok := processCPU(strconv.Itoa(cmd.Process.Pid)); ok {
				initExecs, _ = strconv.ParseInt(m[1], 10, 64)
				initCPU, inited = cpu, true
			}
		}
	}
	err = cmd.Wait()
	r.Seconds = time.Since(start).Seconds()
	if log != nil {
		io.WriteString(log, out.String())
	}
	s := out.String()
	if m := lfExecsRE.FindStringSubmatch(s); m != nil {
		r.Execs, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := lfNewRE.FindStringSubmatch(s); m != nil {
		r.NewEntries, _ = strconv.Atoi(m[1])
	}
	if m := lfCrashRE.FindStringSubmatch(s); m != nil {
		r.FailingInput = m[1]
	}
	if err != nil && ctx.Err() == nil {
		r.Failed = true
		// A Go panic's message comes before libFuzzer's report of it.
		for _, mark := range []string{"panic: ", "ERROR: libFuzzer"} {
			if i := strings.Index(s, mark); i >= 0 {
				r.Failure = s[i:min(len(s), i+4096)]
				break
			}
		}
	}
	if cmd.ProcessState != nil && inited {
		cpu := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds() - initCPU
		if n := r.Execs - initExecs; n > 0 && cpu > 0 {
			r.SpanExecs, r.SpanCPU = n, cpu
			r.ExecsPerCPU = float64(n) / cpu
		}
	}
	if r.Seconds > 0 {
		r.ExecsPerSec = float64(r.Execs) / r.Seconds
	}
	return r
}

// ReplayLibFuzzer runs one input (such as a Result's FailingInput)
// through the libFuzzer binary bin, without fuzzing, and returns its
// failure, if any.
func ReplayLibFuzzer(ctx context.Context, bin, input string) error {
	cmd := exec.CommandContext(ctx, bin, "-timeout=25", input)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, b)
	}
	return nil
}

// LibFuzzerInput encodes the arguments of a Go corpus entry (check.Corpus)
// as the bytes go-118-fuzz-build's F.Fuzz reads them from, so that a
// libFuzzer run can start from a target's Go corpus. F.Fuzz reads each
// []byte or string argument with go-fuzz-headers' GetBytes: a big-endian
// uint32 length, then that many bytes, where a length of 0 means 30 and a
// length other than the bytes left is taken modulo the bytes left. So each
// argument but the last is its length and bytes (the later ones leave more
// bytes than it holds), an empty one claims twice the bytes left, and the
// last is its length and the rest. ok is false for what F.Fuzz cannot be
// given: an argument of another type, or an empty last argument (with no
// byte left GetBytes fails and the target is not called).
func LibFuzzerInput(args []any) (b []byte, ok bool) {
	parts := make([][]byte, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case []byte:
			parts[i] = v
		case string:
			parts[i] = []byte(v)
		default:
			return nil, false
		}
	}
	if len(parts) == 0 || len(parts[len(parts)-1]) == 0 {
		return nil, false
	}
	// after[i]: the bytes after argument i's length word.
	after := make([]int, len(parts))
	n := 0
	for i := len(parts) - 1; i >= 0; i-- {
		n += len(parts[i])
		after[i] = n
		n += 4
	}
	if n > math.MaxUint32/2 {
		return nil, false
	}
	for i, p := range parts {
		claim := len(p)
		if claim == 0 {
			claim = 2 * after[i]
		}
		b = binary.BigEndian.AppendUint32(b, uint32(claim))
		b = append(b, p...)
	}
	return b, true
}
