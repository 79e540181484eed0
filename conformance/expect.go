package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// ExpectationsFormat names the expected-failures file format.
const ExpectationsFormat = "pqhs-expectations/1"

// Expectations is an expected-failures file: the known divergences of a
// port, each with a reason, and the tests that must run whatever the
// entries say. Models: BoGo's -shim-config DisabledTests, and the list of
// results Go's crypto/tls BoGo test asserts.
//
//	{
//	  "format": "pqhs-expectations/1",
//	  "comment": "pqhs-ts 0.3.0",
//	  "expect": [
//	    {"family": "ixian/IxiVarUInt/decode", "tcId": [14, 15], "expect": "fail",
//	     "reason": "we accept non-minimal varints (issue 12)"},
//	    {"flag": "RSA2", "expect": "skip", "reason": "no RSA in this port"}
//	  ],
//	  "mustRun": [{"family": "verbeth/tag"}, {"flag": "LowOrderPoint", "profile": "strict"}]
//	}
//
// An entry names cases by family pattern (MatchFamily), tcId (an integer or
// a list; only with a family, since tcIds are unique per file only), flag
// and profile; every field given must match. The first matching entry
// applies. "skip" disables the cases (not run; reported as skipped); "fail"
// runs them and expects a failure: a failure is then not counted against the
// run, but a pass is ("unexpectedly passed", so that stale entries get
// removed). Errors are never expected.
//
// A must-run case may not be matched by any entry (Run refuses such a file)
// and may not be skipped: an adapter that answers "unsupported" fails it.
type Expectations struct {
	Format  string        `json:"format,omitempty"`
	Comment string        `json:"comment,omitempty"`
	Expect  []Expectation `json:"expect"`
	MustRun []Match       `json:"mustRun,omitempty"`
}

// Match names a set of cases.
type Match struct {
	Family  string          `json:"family,omitempty"`
	TcID    TcIDs           `json:"tcId,omitempty"`
	Flag    string          `json:"flag,omitempty"`
	Profile vectors.Profile `json:"profile,omitempty"`
}

// Expectation is one entry of the expected-failures file.
type Expectation struct {
	Match
	Expect Verdict `json:"expect"` // Fail or Skip
	Reason string  `json:"reason"` // mandatory
}

// TcIDs is a list of tcIds; in JSON an integer or an array of integers.
type TcIDs []int

// UnmarshalJSON accepts 7 as well as [7, 8].
func (t *TcIDs) UnmarshalJSON(b []byte) error {
	var one int
	if err := json.Unmarshal(b, &one); err == nil {
		*t = TcIDs{one}
		return nil
	}
	var many []int
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("tcId must be an integer or an array of integers")
	}
	*t = many
	return nil
}

// Matches reports whether m names case c under profile p.
func (m *Match) Matches(c *Case, p vectors.Profile) bool {
	return (m.Profile == "" || m.Profile == p) &&
		(m.Family == "" || MatchFamily(m.Family, c.Family.Name)) &&
		(len(m.TcID) == 0 || slices.Contains(m.TcID, c.TcID)) &&
		(m.Flag == "" || slices.Contains(c.Flags, m.Flag))
}

func (m *Match) String() string {
	var parts []string
	if m.Family != "" {
		parts = append(parts, "family "+m.Family)
	}
	if len(m.TcID) > 0 {
		parts = append(parts, fmt.Sprintf("tcId %v", []int(m.TcID)))
	}
	if m.Flag != "" {
		parts = append(parts, "flag "+m.Flag)
	}
	if m.Profile != "" {
		parts = append(parts, "profile "+string(m.Profile))
	}
	return strings.Join(parts, ", ")
}

func (m *Match) validate() error {
	if m.Family == "" && len(m.TcID) == 0 && m.Flag == "" {
		return errors.New("names no cases: give a family, a tcId or a flag")
	}
	if len(m.TcID) > 0 && m.Family == "" {
		return errors.New("a tcId is unique only within a family: give the family too")
	}
	if err := ValidPattern(m.Family); err != nil {
		return err
	}
	if m.Profile != "" && !slices.Contains(vectors.Profiles, m.Profile) {
		return fmt.Errorf("unknown profile %q", m.Profile)
	}
	return nil
}

// ParseExpectations reads an expected-failures file and checks it. Unknown
// fields are errors, so that a misspelt key cannot silently match nothing.
func ParseExpectations(data []byte) (*Expectations, error) {
	var e Expectations
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("expected-failures file: %w", err)
	}
	if dec.More() {
		return nil, errors.New("expected-failures file: data after the JSON object")
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return &e, nil
}

// LoadExpectations reads and checks an expected-failures file.
func LoadExpectations(name string) (*Expectations, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	e, err := ParseExpectations(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return e, nil
}

// Validate checks every entry: something to match, a valid pattern, expect
// "fail" or "skip", and a reason.
func (e *Expectations) Validate() error {
	var errs []error
	if e.Format != "" && e.Format != ExpectationsFormat {
		errs = append(errs, fmt.Errorf("format %q, want %q", e.Format, ExpectationsFormat))
	}
	for i := range e.Expect {
		x := &e.Expect[i]
		if err := x.validate(); err != nil {
			errs = append(errs, fmt.Errorf("expect[%d]: %w", i, err))
		}
		if x.Expect != Fail && x.Expect != Skip {
			errs = append(errs, fmt.Errorf("expect[%d]: expect is %q; want \"fail\" or \"skip\"", i, x.Expect))
		}
		if strings.TrimSpace(x.Reason) == "" {
			errs = append(errs, fmt.Errorf("expect[%d] (%s): a reason is mandatory", i, x.String()))
		}
	}
	for i := range e.MustRun {
		if err := e.MustRun[i].validate(); err != nil {
			errs = append(errs, fmt.Errorf("mustRun[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// Lookup returns the first entry matching c under p, or nil.
func (e *Expectations) Lookup(c *Case, p vectors.Profile) *Expectation {
	if i := e.lookup(c, p); i >= 0 {
		return &e.Expect[i]
	}
	return nil
}

func (e *Expectations) lookup(c *Case, p vectors.Profile) int {
	if e == nil {
		return -1
	}
	for i := range e.Expect {
		if e.Expect[i].Matches(c, p) {
			return i
		}
	}
	return -1
}

// mustRun reports whether c is on one of the must-run lists under p.
func mustRun(c *Case, p vectors.Profile, lists ...[]Match) bool {
	for _, l := range lists {
		for i := range l {
			if l[i].Matches(c, p) {
				return true
			}
		}
	}
	return false
}

// CheckMustRun reports must-run entries (the file's and extra) that match
// no case of the whole suite, under any profile: an entry whose family was
// renamed would otherwise stop protecting anything without a word.
func (e *Expectations) CheckMustRun(suite []Case, extra []Match) error {
	return e.CheckMustRunIn(Slice(suite), extra)
}

// CheckMustRunIn is CheckMustRun for a suite made on demand.
func (e *Expectations) CheckMustRunIn(suite Source, extra []Match) error {
	var lists []Match
	if e != nil {
		lists = append(lists, e.MustRun...)
	}
	lists = append(lists, extra...)
	var errs []error
	for i := range lists {
		m := &lists[i]
		found := false
		for j := 0; j < suite.Len() && !found; j++ {
			c := suite.Case(j)
			found = m.Matches(&c, vectors.Strict) || m.Matches(&c, vectors.Deployed)
		}
		if !found {
			errs = append(errs, fmt.Errorf("must-run entry (%s) matches no test of the suite", m.String()))
		}
	}
	return errors.Join(errs...)
}

// conflicts reports must-run cases that an entry would disable or excuse.
func (e *Expectations) conflicts(ctx context.Context, cs Source, extra []Match) error {
	if e == nil || len(e.Expect) == 0 || len(e.MustRun)+len(extra) == 0 {
		return nil
	}
	var errs []error
	for i := range cs.Len() {
		if i%1024 == 0 && ctx.Err() != nil {
			break // the run ends at once; its cases are not run
		}
		cc := cs.Case(i)
		c := &cc
		for _, p := range vectors.Profiles {
			if !mustRun(c, p, e.MustRun, extra) {
				continue
			}
			if x := e.Lookup(c, p); x != nil {
				errs = append(errs, fmt.Errorf("%s is on the must-run list but expected to %s (%s): %s", c.Name(), x.Expect, x.String(), x.Reason))
				break
			}
		}
		if len(errs) >= 20 {
			errs = append(errs, errors.New("and maybe more"))
			break
		}
	}
	return errors.Join(errs...)
}
