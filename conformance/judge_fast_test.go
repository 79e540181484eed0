package conformance_test

import (
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// Judge skips decoding the outputs an answer repeats byte for byte; the
// others are still compared by value.
func TestJudgeComparesWhatDiffers(t *testing.T) {
	c := &conformance.Case{Family: vectors.VerbethTag, Result: vectors.Valid,
		Outputs: vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}).SetBytes("inResponseTo", []byte{0xab})}
	for _, tc := range []struct {
		name string
		out  vectors.Values
		want conformance.Verdict
		diff string
	}{
		{"same bytes", vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}).SetBytes("inResponseTo", []byte{0xab}), conformance.Pass, ""},
		{"upper-case hex", vectors.Values{"inResponseTo": []byte(`"AB"`)}.SetBytes("ecdh", []byte{1, 2}), conformance.Pass, ""},
		{"one differs", vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{4}).SetBytes("inResponseTo", []byte{0xab}), conformance.Fail, "okm"},
		{"required missing", vectors.Values{}.SetBytes("ecdh", []byte{1, 2}), conformance.Fail, "inResponseTo"},
	} {
		o := conformance.Judge(c, vectors.Strict, conformance.OutputsReply(tc.out), false)
		if o.Verdict != tc.want || (tc.diff != "" && (len(o.Mismatches) != 1 || o.Mismatches[0].Field != tc.diff)) {
			t.Errorf("%s: %s %q %v", tc.name, o.Verdict, o.Message, o.Mismatches)
		}
	}
}
