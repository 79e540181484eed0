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

// TestSeedCorpusUpToDate fails when the packages' testdata/fuzz do not hold
// exactly the seeds the generator writes from the current vectors (run go
// generate ./fuzz after the vectors change).
func TestSeedCorpusUpToDate(t *testing.T) {
	files, err := vectors.LoadFS(os.DirFS("../vectors"))
	if err != nil {
		t.Fatal(err)
	}
	c := seeds.Generate(files)
	diff, err := seeds.Diff(".", c)
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
		if tg, ok := targets["Fuzz"+name]; !ok || tg.pkg != seeds.Package[name] {
			t.Errorf("the generator writes seeds for Fuzz%s in %s, which has no such target", name, seeds.Package[name])
		}
	}
}

// target is one fuzz target: its package (directory under fuzz/) and
// whether it is a rapid property, which OSS-Fuzz's builder cannot build.
type target struct {
	pkg   string
	rapid bool
}

// targets returns the fuzz targets of the packages under fuzz/.
func targets(t *testing.T) map[string]target {
	t.Helper()
	re := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\) \{\n((?:\t.*\n|\n)*?)\}`)
	out := map[string]target{}
	paths, _ := filepath.Glob("*/*_test.go")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if _, dup := out[m[1]]; dup {
				t.Errorf("%s is defined twice", m[1])
			}
			out[m[1]] = target{pkg: filepath.Dir(p), rapid: strings.Contains(m[2], "rapid.MakeFuzz")}
		}
	}
	if len(out) < 30 {
		t.Fatalf("found only %d targets", len(out))
	}
	return out
}

// bare reports whether a target is the bare twin of another, for the
// throughput benchmarks: not worth an OSS-Fuzz build.
func bare(name string) bool { return strings.HasPrefix(name, "FuzzBare") }

// TestTargetNames checks what OSS-Fuzz's build scripts need: no target's
// name is a prefix of another's (oss-fuzz #13220), each name occurs in one
// .go file of its package's directory (the script greps it), and
// .clusterfuzzlite/build.sh builds exactly the targets it can build, each
// from its own package.
func TestTargetNames(t *testing.T) {
	ts := targets(t)
	var names []string
	for n := range ts {
		names = append(names, n)
	}
	slices.Sort(names)
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
			if strings.HasPrefix(p, ts[n].pkg+string(filepath.Separator)) && regexp.MustCompile(`\b`+n+`\b`).MatchString(src) {
				in = append(in, p)
			}
		}
		if len(in) != 1 {
			t.Errorf("%s occurs in %v; OSS-Fuzz's script must find one file", n, in)
		}
	}

	built := BuildList(t)
	for _, n := range names {
		switch pkg, ok := built[n]; {
		case ts[n].rapid && ok:
			t.Errorf("%s is a rapid property; go-118-fuzz-build cannot build it", n)
		case !ts[n].rapid && !bare(n) && !ok:
			t.Errorf("%s is not in .clusterfuzzlite/build.sh", n)
		case ok && pkg != ts[n].pkg:
			t.Errorf(".clusterfuzzlite/build.sh builds %s from fuzz/%s; it is in fuzz/%s", n, pkg, ts[n].pkg)
		}
	}
	for n := range built {
		if _, ok := ts[n]; !ok {
			t.Errorf(".clusterfuzzlite/build.sh builds %s, which does not exist", n)
		}
	}
}

// BuildList reads the targets of .clusterfuzzlite/build.sh: lines
// "<package> <target>".
func BuildList(t testing.TB) map[string]string {
	script, err := os.ReadFile("../.clusterfuzzlite/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+)\s+(Fuzz\w+)\s*$`).FindAllStringSubmatch(string(script), -1) {
		built[m[2]] = m[1]
	}
	return built
}
