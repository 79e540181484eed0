package conformance

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/pqhs/pqhs/vectors"
)

// Case is one thing the runner judges: a vector test, or a check of another
// kind (Check) such as a live handshake session.
type Case struct {
	// Family is the family the case was built from: the operation of a
	// vector test, whose fields say how outputs compare (vectors.FamilyOf).
	// A Check has a family of its own, outside the catalogue, that names it.
	// The family's name groups the case in reports, selections and
	// expectations; its title is the file's algorithm.
	Family *vectors.Family
	// TcID identifies the case within its family; stable across versions.
	TcID    int
	Comment string
	Flags   []string
	// Notes explains the flags: the file's notes (shared, not copied).
	Notes map[string]vectors.Note

	// The vector: what the test sends and what it requires.
	Inputs vectors.Values
	Result vectors.Result
	Error  string // the category a rejection must carry
	// DeployedError is the deployed profile's category, when it differs.
	DeployedError string
	Outputs       vectors.Values // what an acceptance must produce

	// Check, when not nil, runs the case instead of the single request of a
	// vector test. Live peer mode plugs in here.
	Check Checker
}

// ErrorFor is the category a rejection must carry under profile p.
func (c *Case) ErrorFor(p vectors.Profile) string {
	if p == vectors.Deployed && c.DeployedError != "" {
		return c.DeployedError
	}
	return c.Error
}

// Name is "family#tcId", the case's name in reports.
func (c *Case) Name() string { return fmt.Sprintf("%s#%d", c.Family.Name, c.TcID) }

// Operations lists the operations the case needs: its family, or what its
// Checker needs.
func (c *Case) Operations() []string {
	if c.Check != nil {
		return c.Check.Operations()
	}
	return []string{c.Family.Name}
}

// Cases returns the tests of the files as cases, ordered by family and tcId.
func Cases(files []*vectors.File) []Case {
	var out []Case
	for _, f := range files {
		fam := vectors.FamilyOf(f)
		for gi := range f.TestGroups {
			g := &f.TestGroups[gi]
			for ti := range g.Tests {
				t := &g.Tests[ti]
				out = append(out, Case{
					Family:        fam,
					TcID:          t.TcID,
					Comment:       t.Comment,
					Flags:         t.Flags,
					Notes:         f.Notes,
					Inputs:        g.InputsOf(t),
					Result:        t.Result,
					Error:         t.Error,
					DeployedError: t.DeployedError,
					Outputs:       t.Outputs,
				})
			}
		}
	}
	SortCases(out)
	return out
}

// SortCases orders cases by family, then tcId: the order of every report.
func SortCases(cs []Case) {
	slices.SortStableFunc(cs, func(a, b Case) int {
		return cmp.Or(cmp.Compare(a.Family.Name, b.Family.Name), cmp.Compare(a.TcID, b.TcID))
	})
}

// A Checker runs a case that is more than one request with a fixed answer,
// such as a live handshake session in which the runner plays the other role.
// It sends its requests through env.Do, which applies the runner's request
// timeout and fault handling, and judges the answers itself (Judge helps).
type Checker interface {
	// Operations lists the operations the check uses; the runner skips the
	// case when the adapter does not announce one of them.
	Operations() []string
	// Check runs the case and returns its outcome. A fault returned by
	// env.Do should end the check with an Error outcome carrying the fault.
	Check(ctx context.Context, env *Env) Outcome
}

// Env is what a Checker gets: the run's settings and the adapter.
type Env struct {
	Profile     vectors.Profile
	LooseErrors bool
	Info        Info
	w           *worker
}

// Do sends one request to the adapter under the runner's request timeout. It
// returns the adapter's fault (a *Fault) when there is one.
func (e *Env) Do(ctx context.Context, req Request) (Reply, error) {
	return e.w.do(ctx, req, 0, false)
}

// Outcome is the judgement of one case, before expectations are applied.
type Outcome struct {
	Verdict Verdict
	// Message says why, in one line: what was expected and what came.
	Message string
	// Warning is set when a lenient mode let the case pass (a rejection with
	// the wrong category under LooseErrors).
	Warning string
	// Reply is the adapter's answer, when there was one.
	Reply *Reply
	// Mismatches are the outputs that differ from the expected values.
	Mismatches []vectors.Mismatch
	// Fault is the adapter's fault, for Error outcomes.
	Fault *Fault
	// Details are lines for people about a multi-step check: what it sent
	// and what came back (the steps of a live session). Reports show them.
	Details []string
}

// set writes o's fields that are set into the zero outcome dst.
func (dst *Outcome) set(o *Outcome) {
	dst.Verdict = o.Verdict
	if o.Message != "" {
		dst.Message = o.Message
	}
	if o.Warning != "" {
		dst.Warning = o.Warning
	}
	if o.Reply != nil {
		dst.Reply = o.Reply
	}
	if o.Mismatches != nil {
		dst.Mismatches = o.Mismatches
	}
	if o.Fault != nil {
		dst.Fault = o.Fault
	}
	if o.Details != nil {
		dst.Details = o.Details
	}
}
