package conformance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/vectors"
)

func parse(t *testing.T, s string) *conformance.Expectations {
	t.Helper()
	e, err := conformance.ParseExpectations([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestParseExpectationsRejects(t *testing.T) {
	for _, tc := range []struct{ name, file, msg string }{
		{"no reason", `{"expect": [{"family": "pqhstest", "expect": "fail"}]}`, "a reason is mandatory"},
		{"blank reason", `{"expect": [{"family": "pqhstest", "expect": "fail", "reason": "  "}]}`, "a reason is mandatory"},
		{"bad expect", `{"expect": [{"family": "pqhstest", "expect": "pass", "reason": "r"}]}`, `expect is "pass"`},
		{"error is never expected", `{"expect": [{"family": "pqhstest", "expect": "error", "reason": "r"}]}`, `expect is "error"`},
		{"names nothing", `{"expect": [{"expect": "skip", "reason": "r"}]}`, "names no cases"},
		{"tcId alone", `{"expect": [{"tcId": 3, "expect": "skip", "reason": "r"}]}`, "give the family too"},
		{"bad pattern", `{"expect": [{"family": "[", "expect": "skip", "reason": "r"}]}`, "syntax error in pattern"},
		{"unknown profile", `{"expect": [{"family": "x", "profile": "lax", "expect": "skip", "reason": "r"}]}`, `unknown profile "lax"`},
		{"misspelt key", `{"expect": [{"famliy": "x", "expect": "skip", "reason": "r"}]}`, `unknown field "famliy"`},
		{"tcId of the wrong type", `{"expect": [{"family": "x", "tcId": "3", "expect": "skip", "reason": "r"}]}`, "tcId must be an integer"},
		{"bad must-run", `{"expect": [], "mustRun": [{"tcId": [1]}]}`, "mustRun[0]"},
		{"wrong format", `{"format": "pqhs-expectations/9", "expect": []}`, "format"},
		{"two documents", `{"expect": []} {}`, "data after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := conformance.ParseExpectations([]byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestExpectationMatching(t *testing.T) {
	e := parse(t, `{
	  "format": "pqhs-expectations/1",
	  "expect": [
	    {"family": "pqhstest/frame/decode", "tcId": 2, "expect": "skip", "reason": "first"},
	    {"family": "pqhstest", "tcId": [2, 3], "expect": "fail", "reason": "second"},
	    {"flag": "EmptyPayload", "profile": "deployed", "expect": "fail", "reason": "third"}
	  ]}`)
	cs := doubleCases(8)
	for _, tc := range []struct {
		tcID   int
		p      vectors.Profile
		reason string
	}{
		{1, vectors.Strict, ""},
		{2, vectors.Strict, "first"}, // the first match wins
		{3, vectors.Strict, "second"},
		{4, vectors.Strict, ""},
		{4, vectors.Deployed, "third"},
		{8, vectors.Deployed, "third"},
	} {
		x := e.Lookup(&cs[tc.tcID-1], tc.p)
		got := ""
		if x != nil {
			got = x.Reason
		}
		if got != tc.reason {
			t.Errorf("tcId %d, %s: matched %q, want %q", tc.tcID, tc.p, got, tc.reason)
		}
	}
}

// A file for a port with the trailing-bytes bug: every acceptable test
// fails under strict.
const trailingBug = `{"expect": [{"family": "pqhstest/frame/decode", "flag": "TrailingBytes", "expect": "fail", "reason": "we never check for trailing bytes (issue 7)"}]}`

func TestExpectedFailures(t *testing.T) {
	e := parse(t, trailingBug)
	rep := run(t, deployedInStrict(), doubleCases(12), conformance.Options{Expect: e})
	if !rep.OK() {
		t.Fatalf("expected failures fail the run: %v", rep.Unexpected())
	}
	tot := rep.Totals()
	if tot.ExpectedFail != 3 || tot.Fail != 0 || tot.Pass != 9 {
		t.Errorf("%+v", tot)
	}
	for _, r := range rep.Results {
		if r.ExpectedFailure() && (r.ExpectReason != "we never check for trailing bytes (issue 7)" || r.Expected != conformance.Fail) {
			t.Errorf("tcId %d: %+v", r.Case.TcID, r)
		}
	}

	// Once the port is fixed the entries are stale: each is an unexpected
	// pass, which fails the run.
	rep = run(t, conformancetest.Adapter(), doubleCases(12), conformance.Options{Expect: e})
	tot = rep.Totals()
	if rep.OK() || tot.UnexpectedPass != 3 || tot.Pass != 12 {
		t.Errorf("stale entries: OK %v, %+v", rep.OK(), tot)
	}
	for _, r := range rep.Unexpected() {
		if !r.UnexpectedPass() || !strings.Contains(r.Message, "unexpectedly passed") {
			t.Errorf("tcId %d: %s %q", r.Case.TcID, r.Verdict, r.Message)
		}
	}

	// Under deployed the acceptable tests pass, and the entry, which has no
	// profile, is stale there too.
	rep = run(t, deployedInStrict(), doubleCases(12), conformance.Options{Expect: e, Profile: vectors.Deployed})
	if rep.OK() || rep.Totals().UnexpectedPass != 3 {
		t.Errorf("deployed: %+v", rep.Totals())
	}
}

func TestExpectedErrorIsStillAnError(t *testing.T) {
	e := parse(t, trailingBug)
	rep := run(t, replying(conformance.ErrorReply("broken")), doubleCases(4), conformance.Options{Expect: e})
	if rep.OK() || rep.Totals().Error != 4 {
		t.Errorf("%+v", rep.Totals())
	}
}

func TestExpectedSkipsAreNotRun(t *testing.T) {
	e := parse(t, `{"expect": [{"family": "pqhstest/*/decode", "tcId": [1, 2], "expect": "skip", "reason": "not yet"},
	                           {"family": "nothing/here", "expect": "skip", "reason": "stale"}]}`)
	a := &counting{Adapter: conformancetest.Adapter()}
	rep := run(t, a, doubleCases(4), conformance.Options{Expect: e})
	if a.n.Load() != 2 {
		t.Errorf("%d requests, want 2", a.n.Load())
	}
	for _, r := range rep.Results[:2] {
		if r.Verdict != conformance.Skip || r.Expected != conformance.Skip || r.Unexpected || !strings.Contains(r.Message, "not yet") {
			t.Errorf("tcId %d: %+v", r.Case.TcID, r)
		}
	}
	if !rep.OK() || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "entry 1 (family nothing/here, expect skip) matches no selected test") {
		t.Errorf("OK %v, warnings %q", rep.OK(), rep.Warnings)
	}
}

func TestMustRun(t *testing.T) {
	cases := doubleCases(8)
	// An entry may not disable or excuse a must-run test.
	e := parse(t, `{"expect": [{"flag": "Truncated", "expect": "skip", "reason": "too hard"}],
	                "mustRun": [{"family": "pqhstest/frame/decode", "tcId": [2, 3]}]}`)
	_, err := conformance.Run(context.Background(), conformance.Shared(conformancetest.Adapter()), cases, conformance.Options{Expect: e})
	if err == nil || !strings.Contains(err.Error(), "pqhstest/frame/decode#2 is on the must-run list") {
		t.Errorf("Run: %v", err)
	}
	// The project's own list conflicts the same way.
	e = parse(t, `{"expect": [{"flag": "Truncated", "expect": "fail", "reason": "too hard"}]}`)
	_, err = conformance.Run(context.Background(), conformance.Shared(conformancetest.Adapter()), cases, conformance.Options{Expect: e, MustRun: []conformance.Match{{Flag: "Truncated"}}})
	if err == nil {
		t.Error("a conflict with Options.MustRun was accepted")
	}
	// A profile-specific entry conflicts only where the profiles meet.
	e = parse(t, `{"expect": [{"flag": "Truncated", "profile": "deployed", "expect": "skip", "reason": "r"}],
	                "mustRun": [{"flag": "Truncated", "profile": "strict"}]}`)
	if _, err = conformance.Run(context.Background(), conformance.Shared(conformancetest.Adapter()), cases, conformance.Options{Expect: e}); err != nil {
		t.Errorf("disjoint profiles: %v", err)
	}

	// A must-run test that the adapter does not support fails.
	e = parse(t, `{"expect": [], "mustRun": [{"family": "pqhstest/frame/encode"}]}`)
	all := conformance.Cases([]*vectors.File{conformancetest.File(4), conformancetest.EncodeFile()})
	rep := run(t, conformancetest.Adapter(), all, conformance.Options{Expect: e})
	for _, r := range rep.Results {
		if r.Case.Family != conformancetest.Encode {
			continue
		}
		if r.Verdict != conformance.Fail || !r.MustRun || !r.Unexpected || !strings.Contains(r.Message, "a must-run test was not run") {
			t.Errorf("%s: %s %q", r.Case.Name(), r.Verdict, r.Message)
		}
	}

	// A must-run entry that names nothing in the suite is an error: a renamed
	// family would otherwise lose its protection without a word.
	e = parse(t, `{"expect": [], "mustRun": [{"family": "pqhstest/frame/decode"}, {"flag": "NoSuchFlag"}]}`)
	err = e.CheckMustRun(all, []conformance.Match{{Family: "gone"}})
	if err == nil || !strings.Contains(err.Error(), "flag NoSuchFlag") || !strings.Contains(err.Error(), "family gone") || strings.Contains(err.Error(), "frame/decode") {
		t.Errorf("CheckMustRun: %v", err)
	}
	var none *conformance.Expectations
	if err := none.CheckMustRun(all, nil); err != nil {
		t.Errorf("no file: %v", err)
	}
}
