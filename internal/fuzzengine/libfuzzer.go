package fuzzengine

import (
	"context"
	"fmt"
	"io"
	"io/fs"
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
	lfExecsRE = regexp.MustCompile(`stat::number_of_executed_units:\s*(\d+)`)
	lfNewRE   = regexp.MustCompile(`stat::new_units_added:\s*(\d+)`)
	lfCrashRE = regexp.MustCompile(`Test unit written to (\S+)`)
)

// RunLibFuzzer runs a libFuzzer binary for d in dir (a fresh corpus
// directory it grows there) and measures it: executions, and executions
// per CPU-second of the process (libFuzzer fuzzes in its one process).
//
// dict, if not empty, is a libFuzzer dictionary (-dict).
func RunLibFuzzer(ctx context.Context, bin, target, dir, dict string, d time.Duration, log io.Writer) Result {
	r := Result{Target: target}
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	args := []string{"-max_total_time=" + strconv.Itoa(int(d.Seconds())), "-print_final_stats=1", "-timeout=25", "-artifact_prefix=" + dir + "/"}
	if dict != "" {
		args = append(args, "-dict="+dict)
	}
	cmd := exec.CommandContext(ctx, bin, append(args, corpus)...)
	cmd.Dir = dir
	start := time.Now()
	b, err := cmd.CombinedOutput()
	r.Seconds = time.Since(start).Seconds()
	if log != nil {
		log.Write(b)
	}
	out := string(b)
	if m := lfExecsRE.FindStringSubmatch(out); m != nil {
		r.Execs, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := lfNewRE.FindStringSubmatch(out); m != nil {
		r.NewEntries, _ = strconv.Atoi(m[1])
	}
	if m := lfCrashRE.FindStringSubmatch(out); m != nil {
		r.FailingInput = m[1]
	}
	if err != nil && ctx.Err() == nil {
		r.Failed = true
	}
	if cmd.ProcessState != nil {
		cpu := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
		r.SpanExecs, r.SpanCPU = r.Execs, cpu
		if cpu > 0 {
			r.ExecsPerCPU = float64(r.Execs) / cpu
		}
	}
	if r.Seconds > 0 {
		r.ExecsPerSec = float64(r.Execs) / r.Seconds
	}
	return r
}
