package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/vectors"
)

// Issue 12, defect 7 and its "done means": every malformed vector
// directory or file is a configuration error, exit 2, with one line that
// names the file and what is wrong (for a schema violation, the JSON path),
// and a huge file is refused without being read.
func TestMalformedVectors(t *testing.T) {
	const name = "verbeth_kdf_chainKey.json"
	good, err := vectors.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"empty directory", func(*testing.T, string) {}, []string{"no vector files (*.json)"}},
		{"empty file", write(name, nil), []string{name, "empty file"}},
		{"truncated", write(name, good[:len(good)/2]), []string{name, "cut off: the JSON ends at byte"}},
		{"syntax error", write(name, bytes.Replace(good, []byte(`"tcId"`), []byte(`"tcId" 7,`), 1)), []string{name, "line ", "column", "invalid character"}},
		{"data after the object", write(name, append(bytes.Clone(good), "{}"...)), []string{name, "data after the end"}},
		{"schema: bad result", write(name, bytes.Replace(good, []byte(`"result": "valid"`), []byte(`"result": "maybe"`), 1)), []string{name, "does not match the schema verbeth_kdf_chainKey_schema_v1.json: at '/testGroups/0/tests/", "/result'"}},
		{"schema: unknown member", write(name, bytes.Replace(good, []byte(`"tcId"`), []byte(`"surprise": 1, "tcId"`), 1)), []string{name, "does not match the schema", "at '/testGroups/0/tests/0'", "surprise"}},
		{"duplicate tcIds", write(name, bytes.Replace(good, []byte(`"tcId": 2,`), []byte(`"tcId": 1,`), 1)), []string{name, "tcId 1 appears twice (first at /testGroups/0/tests/0)"}},
		{"unknown family", write("other.json", bytes.Replace(good, []byte(`"family": "verbeth/kdf/chainKey"`), []byte(`"family": "verbeth/kdf/chainKye"`), 1)), []string{"other.json", `family "verbeth/kdf/chainKye" is not in the catalogue`}},
		{"family under another's name", write("verbeth_hybridSecret.json", good), []string{"verbeth_hybridSecret.json", "family verbeth/kdf/chainKey, but the file of that name holds family verbeth/hybridSecret"}},
		{"huge", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(1 << 30); err != nil { // sparse: nothing is written
				t.Fatal(err)
			}
		}, []string{name, "1073741824 bytes; a vector file may have at most 64 MiB"}},
		{"symlink loop", func(t *testing.T, dir string) {
			if err := os.Symlink("b.json", filepath.Join(dir, "a.json")); err != nil {
				t.Skip("no symlinks:", err)
			}
			os.Symlink("a.json", filepath.Join(dir, "b.json"))
		}, []string{"a.json", "too many levels of symbolic links"}},
		{"a directory", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, name), 0o755) }, []string{name, "not a regular file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			// -list alone reads headers only; listing the tests of every
			// family reads every file whole.
			for _, args := range [][]string{{"-list", "-family", "*"}, {"-family", "verbeth/kdf"}} {
				if tc.name == "family under another's name" && args[0] != "-list" {
					// A run of another family does not read that file.
					continue
				}
				code, stdout, stderr := cmd(t, append([]string{"-vectors", dir}, args...)...)
				if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 {
					t.Fatalf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, stdout, stderr)
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("%q: %q does not say %q", args, stderr, w)
					}
				}
			}
		})
	}
}

func write(name string, data []byte) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Only the files of the selected families are read: a broken file of
// another family does not stop a run of one family (issue 15).
func TestLoadsOnlySelectedFamilies(t *testing.T) {
	dir := t.TempDir()
	good, _ := vectors.FS.ReadFile("verbeth_kdf_chainKey.json")
	write("verbeth_kdf_chainKey.json", good)(t, dir)
	write("ixian_handshakeStatus.json", []byte("{broken"))(t, dir)
	code, _, stderr := cmd(t, "-vectors", dir, "-list", "-family", "verbeth")
	if code != 0 || !strings.Contains(stderr, "tests selected") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, _ := cmd(t, "-vectors", dir, "-list"); code != 2 {
		t.Errorf("the broken file was not read without a selection (exit %d)", code)
	}
}

// -list without a selection of tests reads each file's header only (a
// file whose tests are cut off is still listed); -tc needs -family (issue
// 12: -list and -tc alone parsed every file, 0.14-0.21 s of CPU).
func TestListReadsHeadersOnly(t *testing.T) {
	dir := t.TempDir()
	good, _ := vectors.FS.ReadFile("verbeth_kdf_chainKey.json")
	write("verbeth_kdf_chainKey.json", good[:len(good)/2])(t, dir)
	code, stdout, stderr := cmd(t, "-vectors", dir, "-list")
	if code != 0 || !strings.HasPrefix(stdout, "verbeth/kdf/chainKey\t") || !strings.Contains(stderr, "1 families") {
		t.Errorf("-list: exit %d, %q, %q", code, stdout, stderr)
	}
	if code, _, stderr := cmd(t, "-vectors", dir, "-list", "-family", "verbeth"); code != 2 || !strings.Contains(stderr, "cut off") {
		t.Errorf("-list -family: exit %d, %q", code, stderr)
	}
	if code, _, stderr := cmd(t, "-tc", "3"); code != 2 || !strings.Contains(stderr, "name it with -family") {
		t.Errorf("-tc alone: exit %d, %q", code, stderr)
	}
	// The embedded set: every family once, with the numbers of its file.
	code, stdout, _ = cmd(t, "-list", "-protocol", "ixian")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	fams := 0
	for _, f := range vectors.Families() {
		if f.Protocol() == "ixian" {
			fams++
		}
	}
	if code != 0 || len(lines) != fams || !strings.HasPrefix(lines[0], "ixian/") {
		t.Errorf("-list -protocol ixian: exit %d, %d lines for %d families", code, len(lines), fams)
	}
}

// BenchmarkList prints the process CPU time of -list alone (the file
// headers) and of listing every test (every file parsed).
func BenchmarkList(b *testing.B) {
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"families", []string{"-list"}},
		{"tests", []string{"-list", "-family", "*"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			start := cputime.Process()
			for b.Loop() {
				if code := run(bc.args, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(cputime.Process()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
