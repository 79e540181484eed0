package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pqhs/pqhs/spec"
	"github.com/pqhs/pqhs/vectors"
)

// envSchemaFull makes TestSchemaAgreesWithJSONSchema try every edit of
// every file (362,416 documents, 2.5 minutes of CPU) rather than a sample
// of each file's, and compare the whole files too.
const envSchemaFull = "PQHS_SCHEMA_FULL"

// The schema check the command runs on -vectors files (schema.go) gives
// the general validator's verdict on every vector file cut to a few tests
// and on edits of it at every place (other types, numbers at the limits,
// other strings and categories, members removed and added, arrays emptied
// and with a repeated item), and the place it reports is one the general
// validator reports too.
func TestSchemaAgreesWithJSONSchema(t *testing.T) {
	full := os.Getenv(envSchemaFull) != ""
	names, err := fs.Glob(vectors.FS, "*.json")
	if err != nil || len(names) == 0 {
		t.Fatal("no vector files", err)
	}
	tried := 0
	for fi, name := range names {
		fam, ok := vectors.FamilyOfFile(name)
		if !ok {
			t.Fatalf("%s: not in the catalogue", name)
		}
		raw, err := fs.ReadFile(spec.Schemas, path.Join("schema", fam.SchemaName()))
		if err != nil {
			t.Fatal(err)
		}
		ours, err := compileSchema(fam.SchemaName(), raw)
		if err != nil {
			t.Fatal(err)
		}
		theirs := compileJSONSchema(t, fam.SchemaName(), raw)
		data, _ := vectors.FS.ReadFile(name)
		doc, err := decodeJSON(data)
		if err != nil {
			t.Fatal(err)
		}
		if full {
			agree(t, func() string { return name + " whole" }, ours, theirs, doc)
		}
		small := cut(doc)
		if !agree(t, func() string { return name + " cut" }, ours, theirs, small) {
			t.Fatalf("%s: the file cut to a few tests does not match its schema", name)
		}
		// A sample of about 40 of each file's edits, a different one per
		// file, unless envSchemaFull.
		_, n := editsOf(small, nil)
		stride := n/40 + 1
		if full {
			stride = 1
		}
		edits, _ := editsOf(small, func(i int) bool { return (i+fi)%stride == 0 })
		for _, e := range edits {
			agree(t, func() string { return name + ": " + e.name() }, ours, theirs, e.apply(clone(small)))
			tried++
		}
	}
	t.Logf("%d edited documents", tried)
}

// The command's check accepts every vector file as it is (with
// envSchemaFull: TestSchemaAgreesWithJSONSchema then compares the whole
// files, and this reads them as -vectors does).
func TestSchemaAcceptsEveryVectorFile(t *testing.T) {
	if os.Getenv(envSchemaFull) == "" {
		t.Skip("set " + envSchemaFull + "=1")
	}
	names, _ := fs.Glob(vectors.FS, "*.json")
	v := validator{}
	for _, name := range names {
		if _, err := v.load(vectors.FS, name); err != nil {
			t.Error(err)
		}
	}
}

func compileJSONSchema(t *testing.T, name string, raw []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///"+name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem:///" + name)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// agree checks that both validators give doc the same verdict, and that
// ours reports a place theirs reports; it returns whether doc is valid.
func agree(t *testing.T, what func() string, ours *fileSchema, theirs *jsonschema.Schema, doc any) bool {
	t.Helper()
	errT := theirs.Validate(doc)
	errO := ours.validate(doc)
	switch {
	case errT == nil && errO == nil:
		return true
	case errT == nil:
		t.Errorf("%s: ours refuses (%v), jsonschema accepts", what(), errO)
		return false
	case errO == nil:
		t.Errorf("%s: ours accepts, jsonschema refuses: %v", what(), errT)
		return false
	}
	v, ok := errO.(*schemaViolation)
	if !ok {
		t.Fatalf("%s: %T", what(), errO)
	}
	if strings.ContainsAny(v.Error(), "\r\n") {
		t.Errorf("%s: message on more than one line: %q", what(), v.Error())
	}
	leaves := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves[pointer(e.InstanceLocation)] = true
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(errT.(*jsonschema.ValidationError))
	if !leaves[pointer(v.at)] {
		t.Errorf("%s: ours reports %v; jsonschema's places are %v", what(), v, slices.Sorted(func(yield func(string) bool) {
			for k := range leaves {
				if !yield(k) {
					return
				}
			}
		}))
	}
	return false
}

// cut keeps, of a vector file's tests, the first of each result (valid,
// invalid, acceptable) and the first with a deployedError, in their groups,
// so that the edits below meet every conditional rule of the schema; and
// of each long hex string its first 64 digits, so that each check is
// quick.
func cut(doc any) any {
	doc = shorten(clone(doc))
	obj := doc.(map[string]any)
	seen := map[string]bool{}
	var groups []any
	for _, g := range obj["testGroups"].([]any) {
		grp := g.(map[string]any)
		var kept []any
		for _, tc := range grp["tests"].([]any) {
			m := tc.(map[string]any)
			key, _ := m["result"].(string)
			if _, ok := m["deployedError"]; ok {
				key = "deployedError"
			}
			if !seen[key] {
				seen[key] = true
				kept = append(kept, tc)
			}
		}
		if len(kept) > 0 || len(groups) == 0 {
			grp["tests"] = append([]any{}, kept...)
			groups = append(groups, grp)
		}
	}
	obj["testGroups"] = groups
	return doc
}

func shorten(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = shorten(e)
		}
	case []any:
		for i, e := range v {
			v[i] = shorten(e)
		}
	case string:
		if len(v) > 64 && strings.Trim(v, "0123456789abcdef") == "" {
			return v[:64]
		}
	}
	return v
}

// edit is an edit of a document: at the place at, what it does (the
// value put there when what is empty). Its name is spelled out on
// failure only.
type edit struct {
	at    []string
	what  string
	value any
	apply func(doc any) any
}

func (e edit) name() string {
	if e.what == "" {
		return fmt.Sprintf("%s := %#v", pointer(e.at), e.value)
	}
	return pointer(e.at) + " " + e.what
}

// editsOf lists the edits of doc: at every place, the value replaced by
// others of every type (numbers at the limits an integer check meets,
// strings a pattern or an enum meets), and removed; members added to every
// object; every array emptied and given a repeated item; every string in
// upper case and one character longer.
//
// It returns the edits keep keeps, by their index (nil keeps none), and
// how many there are; the same doc has the same list.
func editsOf(doc any, keep func(int) bool) (kept []edit, n int) {
	replacements := []any{
		nil, false, true, json.Number("0"), json.Number("-1"), json.Number("1"), json.Number("1.5"),
		json.Number("2.0"), json.Number("1e2"), json.Number("-0"), json.Number("1e1000001"), json.Number("1e-1000001"),
		"", "x", "AB", "ab", "0g", "valid", "invalid", "acceptable", "truncated", "IX-A-B", "VB-1", "maybe",
		[]any{}, []any{"x"}, map[string]any{},
	}
	add := func(e func() edit) {
		if keep != nil && keep(n) {
			kept = append(kept, e())
		}
		n++
	}
	var walk func(at []string, v any)
	walk = func(at []string, v any) {
		at = slices.Clip(at)
		if len(at) > 0 {
			for _, r := range replacements {
				add(func() edit { return edit{at, "", r, setAt(at, func(any) any { return clone(r) })} })
			}
			add(func() edit { return edit{at, "removed", nil, removeAt(at)} })
		}
		switch v := v.(type) {
		case map[string]any:
			add(func() edit {
				return edit{at, "with a member more", nil, setAt(at, func(o any) any {
					o.(map[string]any)["surprise"] = json.Number("1")
					return o
				})}
			})
			for _, k := range sortedKeys(v) {
				walk(append(at, k), v[k])
			}
		case []any:
			if len(v) > 0 {
				add(func() edit { return edit{at, "emptied", nil, setAt(at, func(any) any { return []any{} })} })
				add(func() edit {
					return edit{at, "with its first item twice", nil, setAt(at, func(a any) any {
						a2 := a.([]any)
						return append(a2, clone(a2[0]))
					})}
				})
			}
			for i, e := range v {
				walk(append(at, strconv.Itoa(i)), e)
			}
		case string:
			add(func() edit {
				return edit{at, "in upper case", nil, setAt(at, func(s any) any { return strings.ToUpper(s.(string)) })}
			})
			add(func() edit { return edit{at, "longer", nil, setAt(at, func(s any) any { return s.(string) + "0" })} })
		}
	}
	walk(nil, doc)
	return kept, n
}

// setAt returns an edit that replaces the value at the place with f's.
func setAt(at []string, f func(any) any) func(any) any {
	return func(doc any) any {
		if len(at) == 0 {
			return f(doc)
		}
		parent := get(doc, at[:len(at)-1])
		last := at[len(at)-1]
		switch p := parent.(type) {
		case map[string]any:
			p[last] = f(p[last])
		case []any:
			i, _ := strconv.Atoi(last)
			p[i] = f(p[i])
		}
		return doc
	}
}

// removeAt returns an edit that removes the member or item at the place.
func removeAt(at []string) func(any) any {
	return func(doc any) any {
		last := at[len(at)-1]
		return setAt(at[:len(at)-1], func(parent any) any {
			switch p := parent.(type) {
			case map[string]any:
				delete(p, last)
			case []any:
				i, _ := strconv.Atoi(last)
				return slices.Delete(p, i, i+1)
			}
			return parent
		})(doc)
	}
}

func get(doc any, at []string) any {
	for _, k := range at {
		switch d := doc.(type) {
		case map[string]any:
			doc = d[k]
		case []any:
			i, _ := strconv.Atoi(k)
			doc = d[i]
		}
	}
	return doc
}

func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = clone(e)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = clone(e)
		}
		return a
	}
	return v
}

// duplicate, which looks items up by key, finds the pair that comparing
// every item with every item before it (jsonEqual) finds first, on arrays
// of values chosen to meet: numbers equal in other forms or of other signs
// and exponents, strings that look like keys, members in other orders,
// nested arrays that split the same leaves differently.
func TestDuplicateIsPairwise(t *testing.T) {
	pairwise := func(arr []any) (int, int) {
		for j := 1; j < len(arr); j++ {
			for i := 0; i < j; i++ {
				if eq, _ := jsonEqual(arr[i], arr[j]); eq {
					return i, j
				}
			}
		}
		return -1, -1
	}
	num := func(s string) any { return json.Number(s) }
	values := []any{
		nil, true, false, "", "a", "1", "1:a", "s1:a", "n1,1:1", "0",
		num("0"), num("-0"), num("0.0e5"), num("1"), num("1.0"), num("10e-1"), num("0.1e1"), num("-1"),
		num("0.0001"), num("-100"), num("100"), num("1e-4"), num("12"), num("1.2e1"), num("120e-1"), num("21"),
		[]any{}, []any{"a"}, []any{"a", "b"}, []any{[]any{"a"}, "b"}, []any{[]any{"a", "b"}}, []any{num("1")}, []any{num("1.00")},
		map[string]any{}, map[string]any{"a": "b"}, map[string]any{"a": num("1"), "b": nil}, map[string]any{"b": nil, "a": num("1e0")},
		map[string]any{"ab": ""}, map[string]any{"a": "b", "": ""},
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		arr := make([]any, r.IntN(8))
		for k := range arr {
			arr[k] = values[r.IntN(len(values))]
		}
		wi, wj := pairwise(arr)
		i, j, ok := duplicate(arr)
		if !ok || i != wi || j != wj {
			t.Fatalf("duplicate(%v) = %d, %d, %v; comparing every pair: %d, %d", arr, i, j, ok, wi, wj)
		}
	}
	if _, _, ok := duplicate([]any{"a", num("1e1000001")}); ok {
		t.Error("a number that cannot be compared exactly is compared")
	}
}

// uniqueItems over a large array costs a map, not a square (a -vectors
// file may hold an array of millions), and finds the first repeat; a
// message names at most ten members.
func TestSchemaLargeInputs(t *testing.T) {
	arr := make([]any, 50_000)
	for i := range arr {
		arr[i] = strconv.Itoa(i)
	}
	if i, j, ok := duplicate(arr); !ok || i != -1 || j != -1 {
		t.Errorf("unique items: %d, %d, %v", i, j, ok)
	}
	arr = append(arr, "17", json.Number("17"), map[string]any{"a": json.Number("1.0")}, map[string]any{"a": json.Number("1")})
	if i, j, ok := duplicate(arr); !ok || i != 17 || j != 50_000 {
		t.Errorf("a repeated item: %d, %d, %v", i, j, ok)
	}
	if i, j, _ := duplicate(arr[50_001:]); i != 1 || j != 2 {
		t.Errorf("equal objects with numbers written apart: %d, %d", i, j)
	}
	names := make([]string, 1000)
	for i := range names {
		names[i] = "m" + strconv.Itoa(i)
	}
	if m := memberList(names); len(m) > 200 || !strings.HasSuffix(m, "and 990 more") {
		t.Errorf("memberList: %q", m)
	}
}
