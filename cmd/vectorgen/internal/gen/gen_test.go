package gen

import (
	"errors"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// A double family: "size" must be 32 in strict, anything below 64 in deployed.
var double = &vectors.Family{
	Name:    "test/vectorgen-double",
	Title:   "double",
	Inputs:  []vectors.Field{{Name: "data", Type: vectors.Hex}},
	Outputs: []vectors.Field{{Name: "n", Type: vectors.Int}, {Name: "mid", Type: vectors.Hex, Optional: true}},
}

func init() { vectors.Register(double) }

func fakeRun(_ *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	switch {
	case len(b) >= 64:
		return nil, &category.FieldError{Field: "data", Rule: "length", Cat: category.FieldLength}
	case len(b) != 32 && p == vectors.Strict:
		return nil, &category.FieldError{Field: "data", Rule: "length", Cat: category.SaltLength}
	}
	return vectors.Values{}.Set("n", len(b)), nil
}

func withFake(t *testing.T) {
	old := run
	run = fakeRun
	t.Cleanup(func() { run = old })
}

func hexOf(n int) vectors.Values { return vectors.Values{}.SetBytes("data", make([]byte, n)) }

func gen(cases ...Case) *Generator {
	return &Generator{
		Family: double,
		Notes:  map[string]vectors.Note{"Short": {BugType: "EDGE_CASE", Description: "short"}},
		Groups: func() []Group { return []Group{{Type: "T", Cases: cases}} },
	}
}

func TestBuildConfirmsIntent(t *testing.T) {
	withFake(t)
	f, err := Build(gen(
		Case{Comment: "ok", Inputs: hexOf(32), Result: vectors.Valid, Pinned: vectors.Values{}.Set("n", 32)},
		Case{Comment: "short", Flags: []string{"Short"}, Inputs: hexOf(31), Result: vectors.Acceptable, Error: category.SaltLength},
		Case{Comment: "long", Inputs: hexOf(64), Result: vectors.Invalid, Error: category.FieldLength},
	), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.NumberOfTests != 3 || f.Notes["Short"].BugType != "EDGE_CASE" {
		t.Fatalf("file = %+v", f)
	}
	tests := f.TestGroups[0].Tests
	if tests[1].Outputs == nil || tests[2].Outputs != nil || tests[1].Error != "salt_length" {
		t.Fatalf("tests = %+v", tests)
	}
}

// Every way a generator's claim can disagree with the reference must stop
// the build: these are the bugs vectorgen exists to refuse.
func TestBuildRefusesWrongIntent(t *testing.T) {
	withFake(t)
	for _, tc := range []struct {
		name string
		c    Case
		want string
	}{
		{"valid but strict rejects", Case{Inputs: hexOf(31), Result: vectors.Valid}, "strict profile should accept"},
		{"acceptable but both accept", Case{Inputs: hexOf(32), Result: vectors.Acceptable, Error: category.SaltLength}, "should reject"},
		{"invalid but deployed accepts", Case{Inputs: hexOf(31), Result: vectors.Invalid, Error: category.SaltLength}, "deployed profile should reject"},
		{"wrong category", Case{Inputs: hexOf(64), Result: vectors.Invalid, Error: category.Truncated}, "says field_length"},
		{"wrong pinned output", Case{Inputs: hexOf(32), Result: vectors.Valid, Pinned: vectors.Values{}.Set("n", 33)}, "pinned"},
		{"valid with a category", Case{Inputs: hexOf(32), Result: vectors.Valid, Error: category.SaltLength}, "error category"},
		{"unknown input", Case{Inputs: hexOf(32).Set("extra", 1), Result: vectors.Valid}, "not in the catalogue"},
		{"missing input", Case{Inputs: vectors.Values{}, Result: vectors.Valid}, "missing"},
		{"deployedError on an acceptable case", Case{Inputs: hexOf(31), Result: vectors.Acceptable, Error: category.SaltLength, DeployedError: category.FieldLength}, "deployedError"},
		{"deployedError the reference does not give", Case{Inputs: hexOf(64), Result: vectors.Invalid, Error: category.FieldLength, DeployedError: category.Truncated}, "deployed profile should reject with truncated"},
		{"flag without note", Case{Inputs: hexOf(32), Result: vectors.Valid, Flags: []string{"Nope"}}, "no note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.Comment = tc.name
			_, err := Build(gen(tc.c), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestBuildRefusesDuplicateComments(t *testing.T) {
	withFake(t)
	c := Case{Comment: "same", Inputs: hexOf(32), Result: vectors.Valid}
	if _, err := Build(gen(c, c), nil); err == nil {
		t.Fatal("two cases with one comment were accepted")
	}
}

func TestBuildKeepsTcIDs(t *testing.T) {
	withFake(t)
	a := Case{Comment: "a", Inputs: hexOf(32), Result: vectors.Valid}
	b := Case{Comment: "b", Inputs: hexOf(31), Result: vectors.Acceptable, Error: category.SaltLength}
	c := Case{Comment: "c", Inputs: hexOf(64), Result: vectors.Invalid, Error: category.FieldLength}
	first, err := Build(gen(a, b, c), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Insert a case at the front and drop b: a and c keep their numbers, the
	// new case gets a fresh one, and b's number is not reused.
	n := Case{Comment: "new", Inputs: hexOf(30), Result: vectors.Acceptable, Error: category.SaltLength}
	second, err := Build(gen(n, a, c), first)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, tt := range second.TestGroups[0].Tests {
		got[tt.Comment] = tt.TcID
	}
	if got["a"] != 1 || got["c"] != 3 || got["new"] != 4 {
		t.Fatalf("tcIds = %v, want a=1 c=3 new=4", got)
	}
}

func TestNotAVerdict(t *testing.T) {
	old := run
	run = func(*vectors.Family, vectors.Profile, vectors.Values) (vectors.Values, error) {
		return nil, errors.New("boom")
	}
	t.Cleanup(func() { run = old })
	_, err := Build(gen(Case{Comment: "x", Inputs: hexOf(32), Result: vectors.Valid}), nil)
	if err == nil || !strings.Contains(err.Error(), "not a verdict") {
		t.Fatalf("err = %v", err)
	}
}
