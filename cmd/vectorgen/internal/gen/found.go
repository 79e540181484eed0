package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Found cases are inputs that differential fuzzing (conformance/difffuzz)
// found an implementation to get wrong, added to the vectors so that the
// fixed suite catches the same bug afterwards. They live in
// cmd/vectorgen/found/<family stem>.json, vector files in the format
// difffuzz writes its findings in (its DIR/findings/<stem>.json), and a
// maintainer adds them in one step:
//
//	go run ./cmd/vectorgen -add DIR/findings/ixian_spixi2_encrypt.json
//
// which merges the file's tests into the found file of its family
// (a test whose inputs are already there is skipped) and writes the
// vectors. Build appends a family's found cases as its last group, with the
// flag DiffFuzz, checked against the reference under both profiles like
// every generated case; edit a found test's comment to say what it catches
// (the comment is its identity for tcId stability), and give it the rules
// it tests beyond those Build finds (a check a valid test passes at its
// boundary) in its rules field.

// diffFuzzNote explains the flag of found cases.
var diffFuzzNote = vectors.Note{
	BugType:     "EDGE_CASE",
	Description: "An input found by differential fuzzing (conformance/difffuzz) on which an implementation and the reference disagreed, minimised.",
	Effect:      "An implementation that gets it wrong has a bug that only inputs like this one show; the comment says which.",
}

// found holds the found cases of each family, loaded by Produce.
var found = map[*vectors.Family][]Case{}

// loadFound reads the found files of dir.
func loadFound(dir string) (map[*vectors.Family][]Case, error) {
	out := map[*vectors.Family][]Case{}
	if dir == "" {
		return out, nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		f, err := readFound(p)
		if err != nil {
			return nil, err
		}
		fam, ok := vectors.Lookup(f.Family)
		if !ok {
			return nil, fmt.Errorf("%s: family %s is not in the catalogue", p, f.Family)
		}
		for _, g := range f.TestGroups {
			for _, t := range g.Tests {
				out[fam] = append(out[fam], Case{
					Comment: t.Comment, Flags: []string{"DiffFuzz"}, Inputs: g.InputsOf(&t), Result: t.Result,
					Error: category.Category(t.Error), DeployedError: category.Category(t.DeployedError), Rules: t.Rules,
				})
			}
		}
	}
	return out, nil
}

func readFound(path string) (*vectors.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := vectors.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// foundGroup is the group of a family's found cases, or nil.
func foundGroup(fam *vectors.Family, groups []Group) *Group {
	cs := found[fam]
	if len(cs) == 0 {
		return nil
	}
	typ := "DiffFuzz"
	if len(groups) > 0 {
		typ = groups[0].Type
	}
	return &Group{Type: typ, Comment: "inputs found by differential fuzzing (conformance/difffuzz), minimised", Cases: cs}
}

// AddFound merges the tests of a findings file (as difffuzz writes them)
// into the found file of its family in dir, and returns how many were new.
func AddFound(dir, path string) (int, error) {
	in, err := readFound(path)
	if err != nil {
		return 0, err
	}
	fam, ok := vectors.Lookup(in.Family)
	if !ok {
		return 0, fmt.Errorf("%s: family %s is not in the catalogue", path, in.Family)
	}
	dst := filepath.Join(dir, fam.FileName())
	cur, err := readFound(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cur = &vectors.File{Algorithm: fam.Title, Family: fam.Name, Schema: fam.SchemaName(), GeneratorVersion: Version,
			Header: fam.Doc, Notes: map[string]vectors.Note{"DiffFuzz": diffFuzzNote},
			TestGroups: []vectors.Group{{Type: "DiffFuzz", Source: vectors.Source{Name: "pqhs-difffuzz", Version: Version}}}}
	case err != nil:
		return 0, err
	}
	g := &cur.TestGroups[0]
	same := func(a, b vectors.Values) bool {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return string(x) == string(y)
	}
	added := 0
	for _, ig := range in.TestGroups {
		for _, t := range ig.Tests {
			t.Inputs = ig.InputsOf(&t)
			if slices.ContainsFunc(g.Tests, func(u vectors.Test) bool { return same(u.Inputs, t.Inputs) }) {
				continue
			}
			base, n := t.Comment, 2
			for slices.ContainsFunc(g.Tests, func(u vectors.Test) bool { return u.Comment == t.Comment }) {
				t.Comment = fmt.Sprintf("%s (%d)", base, n)
				n++
			}
			t.TcID = len(g.Tests) + 1
			t.Flags = []string{"DiffFuzz"}
			g.Tests = append(g.Tests, t)
			added++
		}
	}
	cur.NumberOfTests = len(g.Tests)
	data, err := vectors.Marshal(cur)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	return added, os.WriteFile(dst, data, 0o644)
}
