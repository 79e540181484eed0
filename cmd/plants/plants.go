// The planted-bug benchmark for the fuzz targets, in
// the manner of Magma and FuzzBench: small bugs planted in impl/, each a
// patch applied to a temporary copy of one file (through go build's
// -overlay, so the tree is never touched), and the fuzz target that should
// find it. cmd/plants fuzzes each plant's target for a while and prints
// found or not found and the time to find; TestSeededPlants, in go test,
// replays the corpus of plants whose trigger the corpus already holds. It
// lives beside the command, not under fuzz/, so that go test ./fuzz/...
// stays a few seconds.
//
// A patch is a search-and-replace of one stable line (or a few), which
// must occur exactly once in its file: TestPatchesApply fails as soon as an
// edit of impl/ moves a plant's anchor, so a plant never silently stops
// applying.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/pqhs/pqhs/internal/fuzzengine"
)

// Plant is one planted bug.
type Plant struct {
	Name   string
	Kind   string // "crash" (a panic) or "wrong" (a wrong result or verdict)
	Layer  string
	File   string // relative to the module root
	Old    string // the anchor: occurs exactly once in File
	New    string
	Pkg    string // the package under fuzz/ of the target
	Target string
	// Seeded says the target's corpus already holds a trigger: the
	// corpus replay (go test) finds the plant.
	Seeded bool
}

// Patched returns File with the plant applied.
func (p Plant) Patched(root string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(root, p.File))
	if err != nil {
		return nil, err
	}
	if n := strings.Count(string(b), p.Old); n != 1 {
		return nil, fmt.Errorf("plant %s: the anchor occurs %d times in %s (want once): %q", p.Name, n, p.File, p.Old)
	}
	return []byte(strings.Replace(string(b), p.Old, p.New, 1)), nil
}

// Overlay writes the patched file and a go build -overlay file for it into
// dir and returns the overlay file's path.
func (p Plant) Overlay(root, dir string) (string, error) {
	b, err := p.Patched(root)
	if err != nil {
		return "", err
	}
	patched := filepath.Join(dir, "patched-"+filepath.Base(p.File))
	if err := os.WriteFile(patched, b, 0o644); err != nil {
		return "", err
	}
	abs, err := filepath.Abs(filepath.Join(root, p.File))
	if err != nil {
		return "", err
	}
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: patched}})
	path := filepath.Join(dir, "overlay.json")
	return path, os.WriteFile(path, ov, 0o644)
}

// Replay runs the target's corpus (go test -run) with the plant applied and
// reports whether it fails. Vet is off: the package without the plant is
// vetted by go test ./..., and vet of the patched copy, which the build
// cache cannot answer, cost a tenth of TestSeededPlants' CPU.
func (p Plant) Replay(ctx context.Context, root, dir string) (failed bool, out string, err error) {
	ov, err := p.Overlay(root, dir)
	if err != nil {
		return false, "", err
	}
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-vet=off", "-overlay", ov, "-run", "^"+p.Target+"$", "./fuzz/"+p.Pkg)
	cmd.Dir = root
	b, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); ok && strings.Contains(string(b), "--- FAIL") {
		return true, string(b), nil
	}
	if err != nil {
		return false, string(b), fmt.Errorf("go test: %v\n%s", err, b)
	}
	return false, string(b), nil
}

// Result is one plant's fuzzing run.
type Result struct {
	Plant   Plant
	Found   bool
	After   time.Duration // from the start of the fuzzing process to the failure
	Execs   int64
	Load    [2]float64 // the load average (1 minute) at the start and the end
	Failure string     // the failing input Go wrote
	Err     error
}

// Fuzz builds the target's package with the plant applied (go test -c
// -fuzz . -overlay) and fuzzes the target for d with one worker, from a
// copy of its corpus in a scratch directory, minimisation off.
func (p Plant) Fuzz(ctx context.Context, root string, d time.Duration, seeds Seeds) (r Result) {
	r = Result{Plant: p, Load: [2]float64{loadAvg(), 0}}
	defer func() { r.Load[1] = loadAvg() }()
	dir, err := os.MkdirTemp("", "pqhs-plant-")
	if err != nil {
		r.Err = err
		return r
	}
	defer os.RemoveAll(dir)
	ov, err := p.Overlay(root, dir)
	if err != nil {
		r.Err = err
		return r
	}
	bin := filepath.Join(dir, p.Pkg+".test")
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-fuzz", ".", "-overlay", ov, "-o", bin, "./fuzz/"+p.Pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		r.Err = fmt.Errorf("build: %v\n%s", err, b)
		return r
	}
	work := filepath.Join(dir, "work")
	corpus := filepath.Join(root, "fuzz", p.Pkg, "testdata", "fuzz", p.Target)
	if err := copyCorpus(filepath.Join(work, "testdata", "fuzz", p.Target), corpus, seeds); err != nil {
		r.Err = err
		return r
	}
	res := fuzzengine.Run(ctx, fuzzengine.Options{Binary: bin, Dir: work, Target: p.Target, Time: d, Parallel: 1,
		CacheDir: filepath.Join(dir, "cache")})
	r.Found, r.Execs, r.Failure = res.Failed, res.Execs, res.FailingInput
	r.After = time.Duration(res.FailedAfter * float64(time.Second))
	return r
}

// Seeds says which corpus a plant's fuzzing starts from.
type Seeds int

const (
	// AllSeeds: the committed corpus (the vectors' inputs and the
	// regression inputs) and the targets' handwritten f.Add seeds.
	AllSeeds Seeds = iota
	// Handwritten: only the f.Add seeds and the regression inputs, not the
	// vectors' inputs, so the fuzzer must find what the vector suite
	// already holds: a measure of the targets' power, not the corpus'.
	Handwritten
)

// copyCorpus copies the corpus directory src to dst, without the files the
// seed generator wrote from the vectors under Handwritten.
func copyCorpus(dst, src string, seeds Seeds) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() || (seeds == Handwritten && strings.HasPrefix(e.Name(), "vectors-")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	fmt.Sscan(string(b), &l)
	return l
}
