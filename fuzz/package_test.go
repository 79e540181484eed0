//go:build !gofuzz

package fuzz

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/seeds"
	"github.com/pqhs/pqhs/vectors"
)

// TestSeedCorpusUpToDate fails when testdata/fuzz does not hold exactly the
// seeds the generator writes from the current vectors (run go generate
// ./fuzz after the vectors change).
func TestSeedCorpusUpToDate(t *testing.T) {
	files, err := vectors.LoadFS(os.DirFS("../vectors"))
	if err != nil {
		t.Fatal(err)
	}
	c := seeds.Generate(files)
	diff, err := seeds.Diff("testdata/fuzz", c)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diff {
		t.Error(d)
	}
	if len(diff) > 0 {
		t.Fatalf("%d differences: run go generate ./fuzz", len(diff))
	}
	targets := targets(t)
	for name := range c {
		if _, ok := targets["Fuzz"+name]; !ok {
			t.Errorf("the generator writes seeds for Fuzz%s, which does not exist", name)
		}
	}
}

// targets returns the package's fuzz targets, and for each whether it is a
// rapid property (which OSS-Fuzz's builder cannot build).
func targets(t *testing.T) map[string]bool {
	t.Helper()
	re := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\) \{\n((?:\t.*\n|\n)*?)\}`)
	out := map[string]bool{}
	paths, _ := filepath.Glob("*_test.go")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			out[m[1]] = strings.Contains(m[2], "rapid.MakeFuzz")
		}
	}
	if len(out) < 30 {
		t.Fatalf("found only %d targets", len(out))
	}
	return out
}

// TestTargetNames checks what OSS-Fuzz's build scripts need: no target's
// name is a prefix of another's (oss-fuzz #13220), each name occurs in one
// .go file under fuzz/ only (the script greps for it), and
// .clusterfuzzlite/build.sh builds exactly the targets it can build.
func TestTargetNames(t *testing.T) {
	ts := targets(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range ts {
			if !yield(n) {
				return
			}
		}
	})
	for _, a := range names {
		for _, b := range names {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("%s is a prefix of %s", a, b)
			}
		}
	}
	sources := map[string]string{}
	filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			b, _ := os.ReadFile(p)
			sources[p] = string(b)
		}
		return err
	})
	for _, n := range names {
		var in []string
		for p, src := range sources {
			if strings.Contains(src, n) {
				in = append(in, p)
			}
		}
		if len(in) != 1 {
			t.Errorf("%s occurs in %v; OSS-Fuzz's script must find one file", n, in)
		}
	}

	script, err := os.ReadFile("../.clusterfuzzlite/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(Fuzz\w+)\s*$`).FindAllStringSubmatch(string(script), -1) {
		built[m[1]] = true
	}
	for _, n := range names {
		if !ts[n] && !built[n] {
			t.Errorf("%s is not in .clusterfuzzlite/build.sh", n)
		}
		if ts[n] && built[n] {
			t.Errorf("%s is a rapid property; go-118-fuzz-build cannot build it", n)
		}
	}
	for n := range built {
		if _, ok := ts[n]; !ok {
			t.Errorf(".clusterfuzzlite/build.sh builds %s, which does not exist", n)
		}
	}
}
