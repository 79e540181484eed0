package report

import "github.com/pqhs/pqhs/conformance"

// kind is what a result counts as in the reports. kindOf decides it in one
// place, so that the text labels, the HTML classes and the JUnit elements
// and counts cannot disagree on a result.
type kind uint8

const (
	kindPass          kind = iota // passed, as expected, without a warning
	kindWarn                      // passed with a warning
	kindXPass                     // passed where an expected-failures entry says it fails
	kindFail                      // failed, unexpectedly
	kindXFail                     // failed, as an expected-failures entry says
	kindSkip                      // not run, and excused (expected, or -allow-unimplemented)
	kindUnimplemented             // not run, and nothing excuses it
	kindError                     // the adapter or the harness broke
)

func kindOf(r *conformance.Result) kind {
	switch r.Verdict {
	case conformance.Error:
		return kindError
	case conformance.Fail:
		if r.Unexpected {
			return kindFail
		}
		return kindXFail
	case conformance.Skip:
		if r.Unexpected {
			return kindUnimplemented
		}
		return kindSkip
	}
	switch {
	case r.Unexpected:
		return kindXPass
	case r.Warning != "":
		return kindWarn
	}
	return kindPass
}

// The result's tag in the text summary and its class in the HTML report.
var (
	kindLabels = [...]string{kindPass: "PASS", kindWarn: "WARN", kindXPass: "XPASS", kindFail: "FAIL", kindXFail: "XFAIL",
		kindSkip: "SKIP", kindUnimplemented: "SKIP", kindError: "ERROR"}
	kindClasses = [...]string{kindPass: "pass", kindWarn: "warn", kindXPass: "xpass", kindFail: "fail", kindXFail: "xfail",
		kindSkip: "skip", kindUnimplemented: "skip", kindError: "error"}
)

func label(r *conformance.Result) string     { return kindLabels[kindOf(r)] }
func cellClass(r *conformance.Result) string { return kindClasses[kindOf(r)] }

// detailed reports whether a result carries its details in reports.
func detailed(r *conformance.Result) bool { return kindOf(r) != kindPass }
