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

// schemaOf returns the compiled schema a file names, compiled once for
// both schema tests.
func schemaOf(t *testing.T, f *vectors.File) *jsonschema.Schema {
	t.Helper()
	schemasMu.Lock()
	defer schemasMu.Unlock()
	if sch, ok := schemas[f.Schema]; ok {
		return sch
	}
	sch, err := jsonschema.NewCompiler().Compile(filepath.Join("..", "spec", "schema", f.Schema))
	if err != nil {
		t.Fatal(err)
	}
	schemas[f.Schema] = sch
	return sch
}

var (
	schemasMu sync.Mutex
	schemas   = map[string]*jsonschema.Schema{}
)

// Every file validates against the schema it names, with an independent
// validator: what a port in another language will do first.
func TestFilesMatchTheirSchemas(t *testing.T) {
	for _, f := range loadAll(t) {
		t.Run(f.Family, func(t *testing.T) {
			sch := schemaOf(t, f)
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
			sch := schemaOf(t, f)
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

// Every catalogued family has a file, and every file a family. That the
// reference passes every test of those files, in both profiles, is
// cmd/vectorgen's TestVectorsAreUpToDate (see there).
func TestEveryFamilyHasAFile(t *testing.T) {
	have := map[string]bool{}
	for _, f := range loadAll(t) {
		have[f.Family] = true
		if _, ok := vectors.Lookup(f.Family); !ok {
			t.Errorf("%s: not in the catalogue", f.Family)
		}
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
