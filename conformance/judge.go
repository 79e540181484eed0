package conformance

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Verdict is the judgement of one case.
type Verdict string

const (
	// Pass: the answer is what the test's result requires under the profile.
	Pass Verdict = "pass"
	// Fail: any other answer: wrong outputs, a rejection where acceptance
	// was due, an acceptance where a rejection was due, a rejection with the
	// wrong or an unknown category.
	Fail Verdict = "fail"
	// Skip: not run: the adapter does not support the operation, or an
	// expectation disabled the test.
	Skip Verdict = "skip"
	// Error: the adapter failed (a fault, or an error answer), so there is no
	// verdict on the implementation.
	Error Verdict = "error"
)

// Judge compares an adapter's reply with what case c requires under profile
// p (spec/vectors.md, "Results and profiles"). The case's family gives the
// output types; one without fields compares outputs as plain JSON. With
// loose, a rejection with the wrong category passes with a warning; an
// unknown category always fails.
func Judge(c *Case, p vectors.Profile, r Reply, loose bool) Outcome {
	var o Outcome
	judge(c, p, &r, loose, &o)
	return o
}

// JudgeTo is Judge into o, which must be zero, for a caller that judges
// many replies (differential fuzzing): it copies neither the reply nor the
// outcome, and o.Reply is r, whose outputs stay the adapter's. Judge's
// copy of the reply, which its outcome points to, was a heap allocation
// per call.
func JudgeTo(c *Case, p vectors.Profile, r *Reply, loose bool, o *Outcome) {
	judgeReply(c, p, r, loose, o)
}

// judge is Judge on a reply the outcome may keep. An answer whose outputs
// are the vector's exactly (the same names, each value the same bytes) is
// given the vector's (same reports true): they are the same values, and the
// case holds them anyway, so that a result that passed holds none of the
// adapter's memory and needs no bounding (boundOutcome). An answer that
// passes only as Compare judges (uppercase hex, JSON with other spacing, an
// extra member) keeps its own bytes, so that reports show what was sent.
//
// The outcome is written into o (zero), which the runner keeps on its
// stack: an Outcome is 112 bytes, and returning it by value copied it at
// every level.
func judge(c *Case, p vectors.Profile, r *Reply, loose bool, o *Outcome) (same bool) {
	identical := judgeReply(c, p, r, loose, o)
	if identical && o.Verdict == Pass && o.Warning == "" && len(r.Outputs) == len(c.Outputs) && len(c.Outputs) > 0 {
		r.Outputs, same = c.Outputs, true
	}
	return same
}

// judgeReply judges r into o; identical reports that every expected
// output was answered with the vector's own bytes.
func judgeReply(c *Case, p vectors.Profile, r *Reply, loose bool, o *Outcome) (identical bool) {
	o.Reply = r
	switch c.Result {
	case vectors.Valid, vectors.Invalid, vectors.Acceptable:
	default:
		o.Verdict, o.Message = Error, fmt.Sprintf("the vector has no valid result (%q)", c.Result)
		return false
	}
	accept := c.Result.Accepts(p)
	switch r.Kind {
	case KindOutputs:
		if !accept {
			o.Verdict = Fail
			o.Message = fmt.Sprintf("accepted, but %s test must be rejected with %s under the %s profile", article(c.Result), c.ErrorFor(p), p)
			return false
		}
		identical, equal := sameOutputs(c.Family, c.Outputs, r.Outputs)
		if !equal {
			o.Mismatches = c.Family.Compare(differing(c.Outputs, r.Outputs), r.Outputs)
		}
		if len(o.Mismatches) > 0 {
			names := make([]string, len(o.Mismatches))
			for i, m := range o.Mismatches {
				names[i] = m.Field
			}
			o.Verdict = Fail
			o.Message = "outputs differ: " + strings.Join(names, ", ")
			return false
		}
		o.Verdict = Pass
		return identical
	case KindReject:
		if _, ok := category.Parse(string(r.Category)); !ok {
			o.Verdict = Fail
			o.Message = fmt.Sprintf("rejected with unknown category %q (not in spec/vectors.md's list)", r.Category)
			return false
		}
		if accept {
			o.Verdict = Fail
			o.Message = fmt.Sprintf("rejected with %s, but %s test must be accepted under the %s profile", r.Category, article(c.Result), p)
			return false
		}
		if want := c.ErrorFor(p); string(r.Category) != want {
			msg := fmt.Sprintf("rejected with %s, expected %s", r.Category, want)
			if loose {
				o.Verdict, o.Warning = Pass, msg
				return false
			}
			o.Verdict, o.Message = Fail, msg
			return false
		}
		o.Verdict = Pass
	case KindUnsupported:
		o.Verdict = Skip
		o.Message = "unsupported by the adapter"
		if r.Message != "" {
			o.Message += ": " + r.Message
		}
	case KindError:
		o.Verdict = Error
		o.Message = "the adapter reported an error: " + r.Message
	default:
		o.Verdict = Error
		o.Message = fmt.Sprintf("reply of unknown kind %d", r.Kind)
	}
	return false
}

// sameOutputs reports whether the answer repeats every expected output
// byte for byte (identical), and whether each is equal as Compare judges
// (equal). Identical JSON text is an equal value whatever the type, and
// most answers repeat the vector's bytes (lowercase hex, the same state
// JSON), so only the rest is decoded; an answer that passes builds
// nothing (no map of the differing outputs, no sorted names).
func sameOutputs(f *vectors.Family, expected, actual vectors.Values) (identical, equal bool) {
	identical = true
	for name, want := range expected {
		got, ok := actual[name]
		if ok && bytes.Equal(got, want) {
			continue
		}
		identical = false
		if !f.EqualOutput(name, want, got, ok) {
			return false, false
		}
	}
	return identical, true
}

// differing returns the expected outputs that the answer does not repeat
// byte for byte, for Compare to list those that differ in value.
func differing(expected, actual vectors.Values) vectors.Values {
	n := 0
	for name, want := range expected {
		if got, ok := actual[name]; !ok || !bytes.Equal(got, want) {
			n++
		}
	}
	if n == 0 {
		return nil // the common case, without an allocation
	}
	if n == len(expected) {
		return expected
	}
	out := make(vectors.Values, n)
	for name, want := range expected {
		if got, ok := actual[name]; !ok || !bytes.Equal(got, want) {
			out[name] = want
		}
	}
	return out
}

func article(r vectors.Result) string {
	if r == vectors.Valid {
		return "a valid"
	}
	return "an " + string(r)
}

// Expected describes what a case requires under profile p, for people:
// "outputs" or "reject with salt_length".
func (c *Case) Expected(p vectors.Profile) string {
	if c.Check != nil {
		return "see the check"
	}
	if c.Result.Accepts(p) {
		return "accept with the outputs"
	}
	return "reject with " + c.ErrorFor(p)
}
