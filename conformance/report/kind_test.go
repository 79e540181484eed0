package report

import (
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// kindOf is the one switch the text, HTML and JUnit reports file a result
// by. On every verdict, with and without Unexpected and a warning, it
// gives the labels and classes the reports gave before it, and a JUnit
// suite counts a result under the element junitCase writes for it.
func TestKindOfEveryResult(t *testing.T) {
	rep := &conformance.Report{}
	c := &conformance.Case{Family: &vectors.Family{Name: "pqhstest/kind"}, TcID: 1}
	for _, v := range []conformance.Verdict{conformance.Pass, conformance.Fail, conformance.Skip, conformance.Error} {
		for _, unexpected := range []bool{false, true} {
			for _, warning := range []string{"", "loose"} {
				r := &conformance.Result{Case: c, Unexpected: unexpected}
				r.Verdict, r.Warning, r.Message = v, warning, "why"
				what := string(v)
				if unexpected {
					what += ", unexpected"
				}
				if warning != "" {
					what += ", warned"
				}
				// The labels as text.go wrote them.
				want := strings.ToUpper(string(v))
				switch {
				case r.UnexpectedPass():
					want = "XPASS"
				case r.ExpectedFailure():
					want = "XFAIL"
				case v == conformance.Pass && warning != "":
					want = "WARN"
				}
				if got := label(r); got != want {
					t.Errorf("%s: label %q, want %q", what, got, want)
				}
				if got := cellClass(r); got != strings.ToLower(want) {
					t.Errorf("%s: class %q, want %q", what, got, strings.ToLower(want))
				}
				if got, want := detailed(r), v != conformance.Pass || warning != "" || unexpected; got != want {
					t.Errorf("%s: detailed %v, want %v", what, got, want)
				}
				var s JUnitSuite
				countCase(&s, r)
				tc := junitCase(rep, r)
				// The elements as junit.go wrote them.
				wantFailure := v != conformance.Error && unexpected
				wantSkipped := !wantFailure && (v == conformance.Fail || v == conformance.Skip)
				if (tc.Error != nil) != (v == conformance.Error) || (tc.Failure != nil) != wantFailure || (tc.Skipped != nil) != wantSkipped {
					t.Errorf("%s: error %v, failure %v, skipped %v", what, tc.Error != nil, tc.Failure != nil, tc.Skipped != nil)
				}
				if s.Tests != 1 || s.Errors != b2i(tc.Error != nil) || s.Failures != b2i(tc.Failure != nil) || s.Skipped != b2i(tc.Skipped != nil) {
					t.Errorf("%s: counted %+v, but the testcase is %+v", what, s, tc)
				}
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
