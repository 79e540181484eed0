package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

const root = "../.."

// TestPatchesApply fails when an edit of impl/ moved a plant's anchor: every
// anchor occurs exactly once in its file, the patch changes it, and the
// target exists in the named package.
func TestPatchesApply(t *testing.T) {
	if len(All) < 20 {
		t.Errorf("%d plants, want at least 20", len(All))
	}
	names := map[string]bool{}
	for _, p := range All {
		if names[p.Name] {
			t.Errorf("two plants named %s", p.Name)
		}
		names[p.Name] = true
		if p.Old == p.New || (p.Kind != "crash" && p.Kind != "wrong") {
			t.Errorf("%s: no change, or kind %q", p.Name, p.Kind)
		}
		if _, err := p.Patched(root); err != nil {
			t.Error(err)
		}
		src, _ := filepath.Glob(filepath.Join(root, "fuzz", p.Pkg, "*_test.go"))
		found := false
		for _, f := range src {
			b, _ := os.ReadFile(f)
			found = found || regexp.MustCompile(`func `+p.Target+`\(f \*testing\.F\)`).Match(b)
		}
		if !found {
			t.Errorf("%s: no target %s in fuzz/%s", p.Name, p.Target, p.Pkg)
		}
	}
}

// TestSeededPlants is the short form of the planted-bug benchmark: the
// corpus replay of a plant whose trigger the corpus holds fails with the
// plant applied. Each replay compiles the target's package with the patched
// file (several seconds of CPU), so go test replays the first seeded plant
// of each target package; PQHS_PLANTS=all replays every plant, and checks
// that the replay finds exactly the plants the table calls seeded.
// cmd/plants fuzzes for all of them.
func TestSeededPlants(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a test binary per plant")
	}
	all := os.Getenv("PQHS_PLANTS") == "all"
	n := 0
	pkgs := map[string]bool{}
	for _, p := range All {
		if (!p.Seeded && !all) || (!all && pkgs[p.Pkg]) {
			continue
		}
		pkgs[p.Pkg] = true
		n++
		failed, out, err := p.Replay(context.Background(), root, t.TempDir())
		switch {
		case err != nil:
			t.Errorf("%s: %v", p.Name, err)
		case p.Seeded && !failed:
			t.Errorf("%s: the corpus replay of %s does not find it\n%s", p.Name, p.Target, out)
		case !p.Seeded && failed:
			t.Errorf("%s: the table says no seed holds its trigger, but the corpus replay of %s finds it%s", p.Name, p.Target, firstFailure(out))
		}
	}
	if n == 0 {
		t.Error("no plant is seeded")
	}
}
