package vectors_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// loadAll returns the package's vector files, parsed once for all tests
// (7 MB of JSON); the tests read them and never change them.
func loadAll(t *testing.T) []*vectors.File {
	t.Helper()
	files, err := loaded()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var loaded = sync.OnceValues(func() ([]*vectors.File, error) { return vectors.LoadFS(os.DirFS(".")) })

// Every file validates against the schema it names, with an independent
// validator: what a port in another language will do first.
func TestFilesMatchTheirSchemas(t *testing.T) {
	for _, f := range loadAll(t) {
		t.Run(f.Family, func(t *testing.T) {
			c := jsonschema.NewCompiler()
			schemaPath := filepath.Join("..", "spec", "schema", f.Schema)
			sch, err := c.Compile(schemaPath)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(vectors.FamilyOf(f).FileName())
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Every schema rejects what it must: a file whose test lacks its error
// category, has an undeclared input, a result outside the three, or an
// upper-case hex input, does not validate. Each family's schema is tried,
// not one: a generator can give one schema a weaker rule.
func TestSchemasReject(t *testing.T) {
	files := loadAll(t)
	if len(files) == 0 {
		t.Fatal("no vector files") // never a silent pass
	}
	for _, f := range files {
		t.Run(f.Family, func(t *testing.T) {
			c := jsonschema.NewCompiler()
			sch, err := c.Compile(filepath.Join("..", "spec", "schema", f.Schema))
			if err != nil {
				t.Fatal(err)
			}
			// The file cut to its first test, edited: the schema must
			// reject the edit, which the cut file without it passes (the
			// whole file passes TestFilesMatchTheirSchemas).
			mutate := func(edit func(*vectors.Test)) any {
				g := *f
				grp := g.TestGroups[0]
				grp.Tests = []vectors.Test{grp.Tests[0]}
				edit(&grp.Tests[0])
				g.TestGroups = []vectors.Group{grp}
				raw, _ := json.Marshal(&g)
				doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
				return doc
			}
			if err := sch.Validate(mutate(func(*vectors.Test) {})); err != nil {
				t.Fatalf("the file cut to its first test does not match its schema: %v", err)
			}
			edits := map[string]func(*vectors.Test){
				"undeclared input":  func(t *vectors.Test) { t.Inputs = vectors.Values{"noSuchInput": json.RawMessage(`"00"`)} },
				"bad result":        func(t *vectors.Test) { t.Result = "maybe" },
				"bad category":      func(t *vectors.Test) { t.Result = vectors.Invalid; t.Outputs = nil; t.Error = "oops" },
				"invalid, no error": func(t *vectors.Test) { t.Result = vectors.Invalid; t.Outputs = nil; t.Error = "" },
			}
			// Upper-case hex in an input that is hex, where the family has one.
			fam := vectors.FamilyOf(f)
			for _, in := range fam.Inputs {
				if in.Type != vectors.Hex {
					continue
				}
				edits["upper-case hex in "+in.Name] = func(t *vectors.Test) {
					t.Inputs = t.Inputs.With(in.Name, json.RawMessage(`"AB"`)) // the test's other inputs kept
				}
				break
			}
			for name, edit := range edits {
				if err := sch.Validate(mutate(edit)); err == nil {
					t.Errorf("%s: the schema accepted it", name)
				}
			}
		})
	}
}

// The reference implementation passes every test under both profiles:
// vectorgen already refused any case it disagreed with, so this catches
// files edited by hand or a reference changed without regenerating.
func TestReferencePassesEveryVector(t *testing.T) {
	for _, f := range loadAll(t) {
		fam, ok := vectors.Lookup(f.Family)
		if !ok {
			t.Errorf("%s: not in the catalogue", f.Family)
			continue
		}
		for _, g := range f.TestGroups {
			for _, tc := range g.Tests {
				in := g.InputsOf(&tc)
				for _, p := range vectors.Profiles {
					out, err := reference.Run(fam, p, in)
					switch {
					case tc.Result.Accepts(p) && err != nil:
						t.Errorf("%s tc %d (%s) %s: rejected: %v", f.Family, tc.TcID, tc.Comment, p, err)
					case tc.Result.Accepts(p):
						if d := fam.Compare(tc.Outputs, out); len(d) > 0 {
							t.Errorf("%s tc %d (%s) %s: %v", f.Family, tc.TcID, tc.Comment, p, d)
						}
					case err == nil:
						t.Errorf("%s tc %d (%s) %s: accepted, want %s", f.Family, tc.TcID, tc.Comment, p, tc.Error)
					case string(category.Of(err)) != tc.ErrorFor(p):
						t.Errorf("%s tc %d (%s) %s: rejected with %q, want %s: %v", f.Family, tc.TcID, tc.Comment, p, category.Of(err), tc.ErrorFor(p), err)
					}
				}
			}
		}
	}
}

// Every catalogued family has a file, and every file a family.
func TestEveryFamilyHasAFile(t *testing.T) {
	have := map[string]bool{}
	for _, f := range loadAll(t) {
		have[f.Family] = true
	}
	for _, fam := range vectors.Families() {
		if _, ok := reference.Lookup(fam.Name); !ok {
			t.Errorf("%s: no reference operation", fam.Name)
		}
		if !have[fam.Name] {
			t.Errorf("%s: no vector file", fam.Name)
		}
	}
}
