package conformance_test

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

func TestMatchFamily(t *testing.T) {
	const fam = "ixian/acceptAdd2/decode"
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{"", true},
		{fam, true},
		{"ixian", true},
		{"ixian/acceptAdd2", true},
		{"ixian/*/decode", true},
		{"ixian/*", true},
		{"*", true},
		{"ixian/accept*", true},
		{"verbeth", false},
		{"ixian/acceptAdd2/encode", false},
		{"ixian/accept", false}, // a prefix counts only at a "/"
		{"ixi", false},
		{"ixian/acceptAdd2/decode/more", false},
		{"*/decode", false}, // "*" does not cross "/"
	} {
		if got := conformance.MatchFamily(tc.pattern, fam); got != tc.want {
			t.Errorf("MatchFamily(%q) = %v", tc.pattern, got)
		}
	}
}

func TestParseIDs(t *testing.T) {
	got, err := conformance.ParseIDs("3, 7,10-20,")
	want := []conformance.IDRange{{3, 3}, {7, 7}, {10, 20}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseIDs = %v, %v", got, err)
	}
	for _, bad := range []string{"x", "3-", "5-2", "-1", "1-x"} {
		if _, err := conformance.ParseIDs(bad); err == nil {
			t.Errorf("ParseIDs(%q) accepted", bad)
		}
	}
}

func TestSelect(t *testing.T) {
	cases := []conformance.Case{
		{Family: vectors.IxianIxiVarUIntDecode, TcID: 1, Result: vectors.Valid},
		{Family: vectors.IxianIxiVarUIntDecode, TcID: 2, Result: vectors.Acceptable, Flags: []string{"NonMinimal"}},
		{Family: vectors.IxianAcceptAdd2Decode, TcID: 2, Result: vectors.Invalid, Flags: []string{"SaltLength", "Truncated"}},
		{Family: vectors.VerbethTag, TcID: 5, Result: vectors.Valid},
	}
	names := func(cs []conformance.Case) []string {
		var out []string
		for i := range cs {
			out = append(out, cs[i].Name())
		}
		return out
	}
	for _, tc := range []struct {
		name string
		sel  conformance.Selection
		want []string
	}{
		{"all", conformance.Selection{}, names(cases)},
		{"protocol", conformance.Selection{Protocols: []string{"verbeth"}}, []string{"verbeth/tag#5"}},
		{"family prefix", conformance.Selection{Families: []string{"ixian/IxiVarUInt"}}, []string{"ixian/IxiVarUInt/decode#1", "ixian/IxiVarUInt/decode#2"}},
		{"families", conformance.Selection{Families: []string{"verbeth", "ixian/acceptAdd2"}}, []string{"ixian/acceptAdd2/decode#2", "verbeth/tag#5"}},
		{"tcIds across families", conformance.Selection{TcIDs: []conformance.IDRange{{2, 4}}}, []string{"ixian/IxiVarUInt/decode#2", "ixian/acceptAdd2/decode#2"}},
		{"flag", conformance.Selection{Flags: []string{"Truncated", "NonMinimal"}}, []string{"ixian/IxiVarUInt/decode#2", "ixian/acceptAdd2/decode#2"}},
		{"result", conformance.Selection{Results: []vectors.Result{vectors.Valid}}, []string{"ixian/IxiVarUInt/decode#1", "verbeth/tag#5"}},
		{"and", conformance.Selection{Protocols: []string{"ixian"}, Results: []vectors.Result{vectors.Valid, vectors.Invalid}, TcIDs: []conformance.IDRange{{2, 2}}}, []string{"ixian/acceptAdd2/decode#2"}},
		{"nothing", conformance.Selection{Protocols: []string{"tls"}}, nil},
	} {
		if got := names(conformance.Select(cases, tc.sel)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCasesMergeGroupInputsAndSort(t *testing.T) {
	f := &vectors.File{Family: "b/x", TestGroups: []vectors.Group{{
		Inputs: vectors.Values{}.Set("shared", 1).Set("over", 1),
		Tests: []vectors.Test{
			{TcID: 2, Inputs: vectors.Values{}.Set("over", 2)},
			{TcID: 1, Inputs: vectors.Values{}},
		},
	}}}
	g := &vectors.File{Family: "a/y", TestGroups: []vectors.Group{{Tests: []vectors.Test{{TcID: 9}}}}}
	cs := conformance.Cases([]*vectors.File{f, g})
	var got []string
	for i := range cs {
		got = append(got, cs[i].Name())
	}
	if !reflect.DeepEqual(got, []string{"a/y#9", "b/x#1", "b/x#2"}) {
		t.Errorf("order %v", got)
	}
	if string(cs[2].Inputs["over"]) != "2" || string(cs[2].Inputs["shared"]) != "1" || string(cs[1].Inputs["over"]) != "1" {
		t.Errorf("inputs %s / %s", cs[2].Inputs, cs[1].Inputs)
	}
}
