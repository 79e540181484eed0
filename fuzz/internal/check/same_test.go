package check

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
)

// fatal records a check's failure instead of ending the test.
type fatal struct{ msg string }

func (f *fatal) Fatalf(format string, args ...any) {
	if f.msg == "" {
		f.msg = fmt.Sprintf(format, args...)
	}
}

type read struct {
	Value   []byte
	Len     int
	Version *int
	note    string
}

// Same shows what each profile read when the profiles disagree, and costs
// nothing more when they agree: no allocation, its values untouched.
func TestSameShowsTheValues(t *testing.T) {
	one, two := 1, 2
	s := read{Value: []byte{0xab, 0xcd}, Len: 3, Version: &one, note: "x"}
	d := read{Value: []byte{0xab, 0xce}, Len: 3, Version: &two, note: "x"}
	reject := &category.FieldError{Field: "value", Rule: "short", Cat: category.Truncated}
	for _, c := range []struct {
		name       string
		errS, errD error
		same       bool
		want       []string // in the message; none: no failure
	}{
		{name: "both accept alike", same: true},
		{name: "both reject", errS: reject, errD: reject},
		{name: "strict alone rejects", errS: reject},
		{name: "different results", want: []string{"want: deployed's, got: strict's", "Value: want abce, got abcd", "Version: want &2, got &1"}},
		{name: "deployed alone rejects", errD: reject, want: []string{"strict accepts what deployed rejects", "short", "strict read {Value:abcd Len:3 Version:&1 note:x}"}},
	} {
		var f fatal
		strictOK := Same(&f, "read", &s, c.errS, &d, c.errD, c.same)
		if strictOK != (c.errS == nil && c.errD == nil && c.same) && c.want == nil {
			t.Errorf("%s: Same says strict accepted: %v", c.name, strictOK)
		}
		if c.want == nil && f.msg != "" {
			t.Errorf("%s: failed: %s", c.name, f.msg)
		}
		for _, w := range c.want {
			if !strings.Contains(f.msg, w) {
				t.Errorf("%s: the message\n%s\ndoes not say %q", c.name, f.msg, w)
			}
		}
		if strings.Contains(f.msg, "Len:") && strings.Contains(f.msg, "Len: want") {
			t.Errorf("%s: an equal field listed:\n%s", c.name, f.msg)
		}
	}
	var f fatal
	if n := testing.AllocsPerRun(100, func() { Same(&f, "read", &s, nil, &d, nil, true) }); n != 0 {
		t.Errorf("Same allocates %v times when the profiles agree", n)
	}
}

// Diff lists the fields that differ; where none prints differently, or
// the values are not two structs, it shows both whole.
func TestDiff(t *testing.T) {
	type f struct{ X float64 }
	for _, c := range []struct {
		want, got any
		diff      string
	}{
		{read{Len: 1}, read{Len: 2}, "Len: want 1, got 2"},
		{&read{Value: []byte{}}, &read{}, "Value: want , got nil"},
		{f{math.NaN()}, f{math.NaN()}, "want {X:NaN}\ngot  {X:NaN}"},
		{[]byte{1}, []byte{2}, "want 01\ngot  02"},
		{uint64(7), int64(7), "want 7\ngot  7"},
		{nil, 1, "want <nil>\ngot  1"},
	} {
		if got := Diff(c.want, c.got); got != c.diff {
			t.Errorf("Diff(%#v, %#v) =\n%s\nwant\n%s", c.want, c.got, got, c.diff)
		}
	}
}
