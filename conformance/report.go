package conformance

import (
	"slices"
	"time"

	"github.com/pqhs/pqhs/vectors"
)

// Result is the verdict on one case, with everything a report shows.
type Result struct {
	Case *Case
	Outcome
	// Expected is the verdict the expectations anticipate: Pass unless an
	// expected-failures entry says Fail or Skip.
	Expected Verdict
	// Unexpected is set when the verdict should fail the run: a failure or an
	// error that no entry anticipates, or an expected failure that passed.
	Unexpected bool
	// MustRun marks a case on the must-run list. (Next to Unexpected, so
	// that the two share a word: a run allocates a Result per case.)
	MustRun bool
	// ExpectReason is the reason of the matching expected-failures entry.
	ExpectReason string
	Duration     time.Duration
}

// ExpectedFailure reports a failure that an expectation anticipated.
func (r *Result) ExpectedFailure() bool { return r.Verdict == Fail && !r.Unexpected }

// UnexpectedPass reports an expected failure that passed.
func (r *Result) UnexpectedPass() bool { return r.Verdict == Pass && r.Unexpected }

// settle sets Expected and Unexpected from the verdict and the expectation.
func (r *Result) settle(e *Expectation) {
	r.Expected = Pass
	if e != nil {
		r.Expected = e.Expect
		r.ExpectReason = e.Reason
	}
	switch r.Verdict {
	case Error:
		r.Unexpected = true
	case Fail:
		r.Unexpected = r.Expected != Fail
	case Pass:
		r.Unexpected = r.Expected == Fail
		if r.Unexpected {
			r.Message = "unexpectedly passed: the expected-failures entry is stale (" + r.ExpectReason + ")"
		}
	case Skip:
		r.Unexpected = false
	}
}

// Report is the outcome of a run: one Result per case, in case order.
type Report struct {
	Adapter     Info
	Profile     vectors.Profile
	LooseErrors bool
	// AllowUnimplemented is Options.AllowUnimplemented: skipped tests and
	// a run that judged nothing do not fail it.
	AllowUnimplemented bool
	Started            time.Time
	Duration           time.Duration
	// Results are the results of a run over cases in memory (Run). A run
	// over a Source (RunSource) leaves it nil and keeps its results
	// compactly: read them with All, whichever the run.
	Results []Result
	// Warnings are remarks on the run itself: stale expectations, families
	// missing from the catalogue, an adapter that did not exit cleanly.
	Warnings []string
	// Interrupted is set when the run was cancelled before every case ran;
	// the cases left are errors ("not run: interrupted").
	Interrupted bool

	store *store
}

// Counts are the numbers of results of each kind.
type Counts struct {
	Family string
	// Algorithm is the family's description.
	Algorithm string
	Total     int
	Pass      int // including unexpected passes
	Fail      int // unexpected failures only
	// ExpectedFail counts failures that an expectation anticipated.
	ExpectedFail int
	Skip         int
	// Unimplemented counts the skips that fail the run (the adapter does
	// not implement the test, without AllowUnimplemented); also in Skip.
	Unimplemented int
	Error         int
	// UnexpectedPass counts expected failures that passed (also in Pass).
	UnexpectedPass int
	// Warned counts passes with a warning (LooseErrors).
	Warned int
}

func (c *Counts) add(r *Result) {
	c.Total++
	switch r.Verdict {
	case Pass:
		c.Pass++
		if r.Unexpected {
			c.UnexpectedPass++
		}
		if r.Warning != "" {
			c.Warned++
		}
	case Fail:
		if r.Unexpected {
			c.Fail++
		} else {
			c.ExpectedFail++
		}
	case Skip:
		c.Skip++
		if r.Unexpected {
			c.Unimplemented++
		}
	case Error:
		c.Error++
	}
}

// Totals counts every result.
func (rep *Report) Totals() Counts {
	if rep.store != nil {
		return rep.store.counts(rep).total
	}
	var c Counts
	for r := range rep.All() {
		c.add(r)
	}
	return c
}

// Families counts the results per family, in family order.
func (rep *Report) Families() []Counts {
	if rep.store != nil {
		return slices.Clone(rep.store.counts(rep).families)
	}
	return rep.families()
}

func (rep *Report) families() []Counts {
	var out []Counts
	idx := map[string]int{}
	for r := range rep.All() {
		j, ok := idx[r.Case.Family.Name]
		if !ok {
			j = len(out)
			idx[r.Case.Family.Name] = j
			out = append(out, Counts{Family: r.Case.Family.Name, Algorithm: r.Case.Family.Title})
		}
		out[j].add(r)
	}
	return out
}

// OK reports whether the run has no unexpected result and, unless
// AllowUnimplemented, judged something: the exit status of cmd/conformance
// is zero exactly when OK is true.
func (rep *Report) OK() bool {
	if !rep.AllowUnimplemented && rep.NothingJudged() {
		return false
	}
	if rep.store != nil {
		// Every error is unexpected; so are the other kinds counted here.
		t := rep.Totals()
		return t.Fail+t.Error+t.UnexpectedPass+t.Unimplemented == 0
	}
	for r := range rep.All() {
		if r.Unexpected {
			return false
		}
	}
	return true
}

// NothingJudged reports a run in which no test passed or failed: no test
// was selected, or every one was skipped or an error. Unless
// AllowUnimplemented is set, such a run fails.
func (rep *Report) NothingJudged() bool {
	if rep.store != nil {
		t := rep.Totals()
		return t.Pass+t.Fail+t.ExpectedFail == 0
	}
	for r := range rep.All() {
		if v := r.Verdict; v == Pass || v == Fail {
			return false
		}
	}
	return true
}

// Unexpected returns the results that fail the run, in order.
func (rep *Report) Unexpected() []*Result {
	var out []*Result
	for r := range rep.All() {
		if r.Unexpected {
			cp := *r
			out = append(out, &cp)
		}
	}
	return out
}
