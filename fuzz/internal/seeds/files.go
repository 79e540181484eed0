package seeds

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Diff compares the generated files under dir (the fuzz directory) with c and
// describes every difference: a file missing or different, or a generated
// file that c no longer has. Files not named with Prefix are the fuzzer's
// regression inputs and are left alone.
func Diff(dir string, c Corpus) ([]string, error) {
	var out []string
	for target, files := range c {
		for name, want := range files {
			got, err := os.ReadFile(filepath.Join(Dir(dir, target), name))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				out = append(out, "missing "+filepath.Join(Dir("", target), name))
			case err != nil:
				return nil, err
			case !bytes.Equal(got, want):
				out = append(out, "different "+filepath.Join(Dir("", target), name))
			}
		}
	}
	stale, err := stale(dir, c)
	for _, p := range stale {
		out = append(out, "stale "+p)
	}
	slices.Sort(out)
	return out, err
}

// stale lists the generated files under dir that c does not have, as
// "<package>/testdata/fuzz/FuzzX/name".
func stale(dir string, c Corpus) ([]string, error) {
	var out []string
	pkgs := map[string]bool{}
	for _, p := range Package {
		pkgs[p] = true
	}
	for pkg := range pkgs {
		corpus := filepath.Join(dir, pkg, "testdata", "fuzz")
		dirs, err := os.ReadDir(corpus)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, d := range dirs {
			target, ok := strings.CutPrefix(d.Name(), "Fuzz")
			if !d.IsDir() || !ok {
				continue
			}
			files, err := os.ReadDir(filepath.Join(corpus, d.Name()))
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				if strings.HasPrefix(f.Name(), Prefix) && (c[target][f.Name()] == nil || Package[target] != pkg) {
					out = append(out, filepath.Join(pkg, "testdata", "fuzz", d.Name(), f.Name()))
				}
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Write makes dir hold exactly c's generated files: it writes the missing
// and different ones and removes the stale ones.
func Write(dir string, c Corpus) (written, removed int, err error) {
	for target, files := range c {
		d := Dir(dir, target)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return written, removed, err
		}
		for name, data := range files {
			p := filepath.Join(d, name)
			if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
				continue
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				return written, removed, err
			}
			written++
		}
	}
	old, err := stale(dir, c)
	if err != nil {
		return written, removed, err
	}
	for _, p := range old {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			return written, removed, err
		}
		removed++
	}
	return written, removed, nil
}
