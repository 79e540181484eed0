package ixian

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
)

func h(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// wantCat fails unless err carries category want ("" means no error).
func wantCat(t *testing.T, what string, err error, want category.Category) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
	case want != "" && err == nil:
		t.Errorf("%s: accepted, want %s", what, want)
	case want != "" && !errors.Is(err, want):
		t.Errorf("%s: %v, want category %s", what, err, want)
	}
	var fe *category.FieldError
	if err != nil && !errors.As(err, &fe) {
		t.Errorf("%s: %T is not a *category.FieldError", what, err)
	}
}

// The encodings follow from Ixian-Core's IxiVarInt.cs; crosscheck/ixian.mjs
// computes the same bytes (TestCrosscheckVarints).
func TestVarUIntBytes(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		want string
	}{
		{0, "00"}, {0xF7, "f7"}, {0xF8, "fcf800"}, {0xFC, "fcfc00"}, {0xFF, "fcff00"},
		{0x100, "fc0001"}, {0xFFFF, "fcffff"}, {0x10000, "fd00000100"}, {0xFFFFFFFF, "fdffffffff"},
		{1 << 32, "fe0000000001000000"}, {math.MaxUint64, "feffffffffffffffff"},
	} {
		if got := hex.EncodeToString(AppendVarUInt(nil, c.v)); got != c.want {
			t.Errorf("AppendVarUInt(%#x) = %s, want %s", c.v, got, c.want)
		}
	}
}

func TestVarIntBytes(t *testing.T) {
	for _, c := range []struct {
		v    int64
		want string
	}{
		{0, "00"}, {0xF7, "f7"}, {0xF8, "fcf800"}, {0xFFFF, "fcffff"}, {0x10000, "fd00000100"},
		{1 << 32, "fe0000000001000000"}, {math.MaxInt64, "feffffffffffffff7f"},
		{-1, "f80100"}, {-5, "f80500"}, {-0xF7, "f8f700"}, {-0xFFFF, "f8ffff"},
		{-0x10000, "f900000100"}, {-0xFFFFFFFF, "f9ffffffff"}, {-(1 << 32), "fa0000000001000000"},
		{math.MinInt64 + 1, "faffffffffffffff7f"}, {math.MinInt64, "fa0000000000000080"},
	} {
		if got := hex.EncodeToString(AppendVarInt(nil, c.v)); got != c.want {
			t.Errorf("AppendVarInt(%d) = %s, want %s", c.v, got, c.want)
		}
	}
}

type varCase struct {
	in       string
	strict   category.Category // "" = accepted
	deployed category.Category
	value    int64 // for the signed reader; the unsigned one uses uvalue
	uvalue   uint64
	n        int
	minimal  bool
}

func TestDecodeVarUInt(t *testing.T) {
	for _, c := range []varCase{
		{in: "", strict: category.Truncated, deployed: category.Truncated},
		{in: "05ff", uvalue: 5, n: 1, minimal: true},
		{in: "f7", uvalue: 0xF7, n: 1, minimal: true},
		{in: "fc", strict: category.Truncated, deployed: category.Truncated},
		{in: "fcff", strict: category.Truncated, deployed: category.Truncated},
		{in: "fd000000", strict: category.Truncated, deployed: category.Truncated},
		{in: "fe00000000000000", strict: category.Truncated, deployed: category.Truncated},
		{in: "f80100", strict: category.NegativeLength, deployed: category.NegativeLength},
		{in: "f9", strict: category.NegativeLength, deployed: category.NegativeLength},
		{in: "fa0000000000000080", strict: category.NegativeLength, deployed: category.NegativeLength},
		{in: "fb", strict: category.InvalidVarint, deployed: category.InvalidVarint},
		{in: "ff0000", strict: category.InvalidVarint, deployed: category.InvalidVarint},
		{in: "fc0500", strict: category.NonMinimalVarint, uvalue: 5, n: 3},
		{in: "fcf700", strict: category.NonMinimalVarint, uvalue: 0xF7, n: 3},
		{in: "fcf800", uvalue: 0xF8, n: 3, minimal: true},
		{in: "fdffff0000", strict: category.NonMinimalVarint, uvalue: 0xFFFF, n: 5},
		{in: "fd00000000", strict: category.NonMinimalVarint, uvalue: 0, n: 5},
		{in: "fd00000100", uvalue: 0x10000, n: 5, minimal: true},
		{in: "feffffffff00000000", strict: category.NonMinimalVarint, uvalue: 0xFFFFFFFF, n: 9},
		{in: "fe0100000000000000", strict: category.NonMinimalVarint, uvalue: 1, n: 9},
		{in: "fe0000000001000000", uvalue: 1 << 32, n: 9, minimal: true},
		{in: "feffffffffffffffff", uvalue: math.MaxUint64, n: 9, minimal: true},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			want := c.strict
			if p == Deployed {
				want = c.deployed
			}
			v, n, min, err := DecodeVarUInt(h(c.in), p)
			wantCat(t, "DecodeVarUInt("+c.in+", "+p.String()+")", err, want)
			if err == nil && (v != c.uvalue || n != c.n || min != c.minimal) {
				t.Errorf("DecodeVarUInt(%s, %v) = %d, %d, %v; want %d, %d, %v", c.in, p, v, n, min, c.uvalue, c.n, c.minimal)
			}
		}
	}
}

func TestDecodeVarInt(t *testing.T) {
	for _, c := range []varCase{
		{in: "", strict: category.Truncated, deployed: category.Truncated},
		{in: "f801", strict: category.Truncated, deployed: category.Truncated},
		{in: "fa00000000000000", strict: category.Truncated, deployed: category.Truncated},
		{in: "fb", strict: category.InvalidVarint, deployed: category.InvalidVarint},
		{in: "ff", strict: category.InvalidVarint, deployed: category.InvalidVarint},
		{in: "2a", value: 42, n: 1, minimal: true},
		{in: "f80000", strict: category.NonMinimalVarint, value: 0, n: 3}, // negative zero
		{in: "f80100", value: -1, n: 3, minimal: true},
		{in: "f80500", value: -5, n: 3, minimal: true},
		{in: "f9ffff0000", strict: category.NonMinimalVarint, value: -0xFFFF, n: 5},
		{in: "f900000100", value: -0x10000, n: 5, minimal: true},
		{in: "faffffffff00000000", strict: category.NonMinimalVarint, value: -0xFFFFFFFF, n: 9},
		{in: "fa0000000001000000", value: -(1 << 32), n: 9, minimal: true},
		{in: "fa0000000000000080", value: math.MinInt64, n: 9, minimal: true},
		{in: "fa0100000000000080", strict: category.VarintOverflow, deployed: category.VarintOverflow},
		{in: "faffffffffffffffff", strict: category.VarintOverflow, deployed: category.VarintOverflow},
		{in: "feffffffffffffff7f", value: math.MaxInt64, n: 9, minimal: true},
		{in: "fe0000000000000080", strict: category.VarintOverflow, deployed: category.VarintOverflow},
		{in: "fc0100", strict: category.NonMinimalVarint, value: 1, n: 3},
		{in: "fcf800", value: 0xF8, n: 3, minimal: true},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			want := c.strict
			if p == Deployed {
				want = c.deployed
			}
			v, n, min, err := DecodeVarInt(h(c.in), p)
			wantCat(t, "DecodeVarInt("+c.in+", "+p.String()+")", err, want)
			if err == nil && (v != c.value || n != c.n || min != c.minimal) {
				t.Errorf("DecodeVarInt(%s, %v) = %d, %d, %v; want %d, %d, %v", c.in, p, v, n, min, c.value, c.n, c.minimal)
			}
		}
	}
}

func TestIxiBytes(t *testing.T) {
	for _, c := range []struct {
		v    []byte
		want string
	}{
		{nil, "00"}, {[]byte{}, "00"}, {[]byte{0xAA}, "01aa"},
		{bytes.Repeat([]byte{7}, 0xF7), "f7" + strings.Repeat("07", 0xF7)},
		{bytes.Repeat([]byte{7}, 0xF8), "fcf800" + strings.Repeat("07", 0xF8)},
	} {
		if got := hex.EncodeToString(AppendIxiBytes(nil, c.v)); got != c.want {
			t.Errorf("AppendIxiBytes(%d bytes) = %.20s…, want %.20s…", len(c.v), got, c.want)
		}
	}
	for _, c := range []struct {
		in               string
		strict, deployed category.Category
		value            string
		n                int
	}{
		{in: "00", n: 1},
		{in: "00ff", n: 1},
		{in: "03aabbccdd", value: "aabbcc", n: 4},
		{in: "", strict: category.Truncated, deployed: category.Truncated},
		{in: "01", strict: category.Truncated, deployed: category.Truncated},
		{in: "03aabb", strict: category.Truncated, deployed: category.Truncated},
		{in: "fc0100aa", strict: category.NonMinimalVarint, value: "aa", n: 4},
		{in: "fc0000", strict: category.NonMinimalVarint, n: 3},
		{in: "f80100aa", strict: category.NegativeLength, deployed: category.NegativeLength},
		{in: "fbaa", strict: category.InvalidVarint, deployed: category.InvalidVarint},
		{in: "fdffffff7f00", strict: category.Truncated, deployed: category.Truncated},
		{in: "fd00000080", strict: category.VarintOverflow, deployed: category.VarintOverflow},
		{in: "feffffffffffffffff", strict: category.VarintOverflow, deployed: category.VarintOverflow},
	} {
		for _, p := range []Profile{Strict, Deployed} {
			want := c.strict
			if p == Deployed {
				want = c.deployed
			}
			in := h(c.in)
			v, n, err := DecodeIxiBytes(in, p)
			wantCat(t, "DecodeIxiBytes("+c.in+", "+p.String()+")", err, want)
			if err != nil {
				continue
			}
			if hex.EncodeToString(v) != c.value || n != c.n {
				t.Errorf("DecodeIxiBytes(%s, %v) = %x, %d; want %s, %d", c.in, p, v, n, c.value, c.n)
			}
			if len(v) == 0 && v != nil {
				t.Errorf("DecodeIxiBytes(%s): empty is not nil", c.in)
			}
			if len(v) > 0 && (&v[0] != &in[n-len(v)] || cap(v) != len(v)) {
				t.Errorf("DecodeIxiBytes(%s) did not return a capped sub-slice of its input", c.in)
			}
		}
	}
	in := AppendIxiBytes(nil, make([]byte, 1000))
	if a := testing.AllocsPerRun(100, func() { DecodeIxiBytes(in, Strict) }); a != 0 {
		t.Errorf("DecodeIxiBytes allocates %v times", a)
	}
}
