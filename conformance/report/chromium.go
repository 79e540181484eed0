package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/conformance"
)

// Chromium writes the results in Chromium's JSON test results format,
// version 3, as BoringSSL's BoGo runner does with -json-output, so that
// tools built for it (flakiness dashboards, result viewers) read pqhs runs.
// Tests form a trie along the family name, with the tcId as the leaf:
// tests["ixian"]["acceptAdd2"]["decode"]["12"]. Errors are CRASH, or TIMEOUT
// for timeouts; "is_unexpected" is the runner's judgement.
func Chromium(w io.Writer, rep *conformance.Report) error {
	type leaf struct {
		Actual       string  `json:"actual"`
		Expected     string  `json:"expected"`
		IsUnexpected bool    `json:"is_unexpected,omitempty"`
		Time         float64 `json:"time"`
		Error        string  `json:"error,omitempty"`
	}
	tests := map[string]any{}
	byType := map[string]int{"PASS": 0, "FAIL": 0, "SKIP": 0, "CRASH": 0, "TIMEOUT": 0}
	interrupted := false
	for r := range rep.All() {
		actual := "PASS"
		switch r.Verdict {
		case conformance.Fail:
			actual = "FAIL"
		case conformance.Skip:
			actual = "SKIP"
		case conformance.Error:
			actual = "CRASH"
			if r.Fault != nil && r.Fault.Kind == conformance.FaultTimeout {
				actual = "TIMEOUT"
			}
			if r.Fault != nil && r.Fault.Kind == conformance.FaultInterrupted {
				interrupted = true
			}
		}
		expected := "PASS"
		switch {
		case r.Expected == conformance.Fail:
			expected = "FAIL"
		case r.Expected == conformance.Skip, r.Verdict == conformance.Skip:
			expected = "SKIP"
		}
		byType[actual]++
		l := leaf{Actual: actual, Expected: expected, IsUnexpected: r.Unexpected, Time: r.Duration.Seconds()}
		if r.Verdict != conformance.Pass || r.Unexpected {
			l.Error = clean(oneLine(r))
		}
		node := tests
		for _, part := range strings.Split(r.Case.Family.Name, "/") {
			child, ok := node[part].(map[string]any)
			if !ok {
				child = map[string]any{}
				node[part] = child
			}
			node = child
		}
		node[strconv.Itoa(r.Case.TcID)] = l
	}
	doc := map[string]any{
		"version":              3,
		"interrupted":          interrupted,
		"path_delimiter":       "/",
		"seconds_since_epoch":  float64(rep.Started.UnixNano()) / 1e9,
		"num_failures_by_type": byType,
		"tests":                tests,
		"metadata": map[string]any{
			"adapter": rep.Adapter.Name + " " + rep.Adapter.Version,
			"profile": rep.Profile,
		},
	}
	return writeJSON(w, doc)
}
