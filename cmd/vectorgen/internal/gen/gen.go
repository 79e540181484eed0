// Package gen is the core of vectorgen: it builds the vector files from
// generators and the reference implementation, and writes them with their
// JSON Schemas and vectors/README.md. The generators themselves live in one
// package per protocol (ixiangen, verbethgen) and register here.
//
// A generator states, for each case, the inputs and the intended verdict:
// Valid, Invalid with a category, or Acceptable (strict rejects with a
// category, deployed accepts). Build runs the reference operation under both
// profiles and refuses to write a file whose intent the reference does not
// confirm, so a vector can never silently encode a bug of the generator or of
// the reference. Expected outputs come from the reference run; a generator
// may also Pin outputs it computed another way, and those must agree.
//
// tcIds are stable: a test keeps the tcId of the test with the same comment
// in the previous version of the file, and new tests get numbers above the
// highest one in use.
//
// # Adding a family
//
//  1. Catalogue it: a *vectors.Family value in vectors/catalog_<protocol>.go,
//     registered in that file's init, with its inputs and outputs (the
//     schema is generated from them).
//  2. Give the reference its operation: a function in
//     conformance/reference/<protocol>.go, registered with
//     register(vectors.TheFamily, op).
//  3. Write its generator in the protocol's package (ixiangen, verbethgen):
//     a function returning []gen.Group, registered in the file's init with
//     gen.Register(&gen.Generator{Family: vectors.TheFamily, Notes: notes,
//     Groups: theFamily}). Every flag a case carries needs a note.
//  4. Run `go run ./cmd/vectorgen` and commit the vector file, the schema
//     and vectors/README.md.
//
// Tests fail until every step is done: vectors/TestEveryFamilyHasAFile
// (the reference operation and the file), cmd/vectorgen's
// TestEveryFamilyHasAGenerator and TestVectorsAreUpToDate, and the fuzz
// seeds' TestEveryFamilySeeded (feed a fuzz target from the new file, or
// say why not in its unseeded list).
package gen

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Version is the generator version written into every file. Bump it when a
// change to the generators changes files in a way consumers should notice.
const Version = "pqhs-vectorgen 1.0.0"

// Case is one intended test.
type Case struct {
	// Comment says precisely what the test does; it is the test's identity
	// for tcId stability, so it must be unique within a file.
	Comment string
	Flags   []string
	Inputs  vectors.Values
	Result  vectors.Result
	// Error is the category for Invalid and Acceptable cases.
	Error category.Category
	// DeployedError, for Invalid cases only, is the deployed profile's
	// category when it differs from Error.
	DeployedError category.Category
	// Pinned are outputs the generator knows independently; Build fails
	// unless the reference produces exactly these.
	Pinned vectors.Values
	// Drawn records the detrand label of each randomly drawn input.
	Drawn map[string]string
	// Rules are rule ids the case tests beyond those Build finds itself
	// (the check a rejection breaks, the computations of a valid test's
	// family): a check a valid case passes at its boundary.
	Rules []string
}

// Group is a set of cases with shared inputs.
type Group struct {
	Type    string
	Comment string
	Inputs  vectors.Values
	Cases   []Case
}

// Generator writes one family's file.
type Generator struct {
	Family *vectors.Family
	// Header lines added after the family's own documentation.
	Header []string
	// HeaderAfter, if not nil, adds header lines after Groups ran: what
	// only the generation knows (how many cases a search found).
	HeaderAfter func() []string
	// Notes defines every flag the cases use.
	Notes map[string]vectors.Note
	// Groups makes the cases.
	Groups func() []Group
}

var generators []*Generator

// run is the oracle; tests replace it with a double.
var run = reference.Run

// Register adds a generator; the family must be catalogued (a test checks
// that every catalogued family has a generator and a reference operation).
func Register(g *Generator) {
	if !g.Family.Catalogued() {
		panic("vectorgen: family " + g.Family.Name + " is not in the catalogue")
	}
	for _, h := range generators {
		if h.Family == g.Family {
			panic("vectorgen: two generators for " + g.Family.Name)
		}
	}
	generators = append(generators, g)
}

// Generators returns every registered generator, sorted by family.
func Generators() []*Generator {
	out := slices.Clone(generators)
	slices.SortFunc(out, func(a, b *Generator) int { return strings.Compare(a.Family.Name, b.Family.Name) })
	return out
}

// Build makes the file for g. previous, if not nil, is the file as it stands,
// whose tcIds are kept.
func Build(g *Generator, previous *vectors.File) (*vectors.File, error) {
	fam := g.Family
	f := &vectors.File{
		Algorithm:        fam.Title,
		Family:           fam.Name,
		Schema:           fam.SchemaName(),
		GeneratorVersion: Version,
		Header:           append(slices.Clone(fam.Doc), g.Header...),
		Notes:            map[string]vectors.Note{},
	}
	ids := newIDs(previous)
	seen := map[string]bool{}
	groups := g.Groups()
	if g.HeaderAfter != nil {
		f.Header = append(f.Header, g.HeaderAfter()...)
	}
	if fg := foundGroup(fam, groups); fg != nil {
		groups = append(groups, *fg)
	}
	for _, grp := range groups {
		out := vectors.Group{
			Type:    grp.Type,
			Comment: grp.Comment,
			Source:  vectors.Source{Name: "pqhs-vectorgen", Version: Version},
			Inputs:  grp.Inputs,
		}
		for _, c := range grp.Cases {
			if seen[c.Comment] {
				return nil, fmt.Errorf("%s: two cases have the comment %q", fam.Name, c.Comment)
			}
			seen[c.Comment] = true
			t, err := build(fam, &grp, &c)
			if err != nil {
				return nil, fmt.Errorf("%s: %q: %w", fam.Name, c.Comment, err)
			}
			for _, flag := range c.Flags {
				note, ok := g.Notes[flag]
				if flag == "DiffFuzz" && !ok {
					note, ok = diffFuzzNote, true
				}
				if !ok {
					return nil, fmt.Errorf("%s: %q: flag %s has no note", fam.Name, c.Comment, flag)
				}
				f.Notes[flag] = note
			}
			t.TcID = ids.get(c.Comment)
			out.Tests = append(out.Tests, t)
			f.NumberOfTests++
		}
		f.TestGroups = append(f.TestGroups, out)
	}
	f.Header = append(f.Header, fieldLines("Inputs", fam.Inputs)...)
	f.Header = append(f.Header, fieldLines("Outputs", fam.Outputs)...)
	f.Header = append(f.Header, resultLines(fam, f)...)
	return f, nil
}

// build runs one case under both profiles and checks the verdicts.
func build(fam *vectors.Family, grp *Group, c *Case) (vectors.Test, error) {
	in := maps.Clone(grp.Inputs)
	if in == nil {
		in = vectors.Values{}
	}
	maps.Copy(in, c.Inputs)
	if err := checkFields(fam, in); err != nil {
		return vectors.Test{}, err
	}
	t := vectors.Test{
		Comment: c.Comment,
		Flags:   c.Flags,
		Inputs:  c.Inputs,
		Result:  c.Result,
		Drawn:   c.Drawn,
	}
	if t.Flags == nil {
		t.Flags = []string{}
	}
	if t.Inputs == nil {
		t.Inputs = vectors.Values{}
	}
	switch c.Result {
	case vectors.Valid, vectors.Invalid, vectors.Acceptable:
	default:
		return t, fmt.Errorf("result %q", c.Result)
	}
	if (c.Result == vectors.Valid) != (c.Error == "") {
		return t, fmt.Errorf("result %s with error category %q", c.Result, c.Error)
	}
	if c.DeployedError != "" && (c.Result != vectors.Invalid || c.DeployedError == c.Error) {
		return t, fmt.Errorf("deployedError %q on a %s case with error %q", c.DeployedError, c.Result, c.Error)
	}
	t.Error = string(c.Error)
	t.DeployedError = string(c.DeployedError)

	var outputs vectors.Values
	ruleIDs := slices.Clone(c.Rules)
	if c.Result != vectors.Invalid {
		// A valid test's outputs, and an acceptable test's (the deployed
		// profile's), follow the family's computations.
		ruleIDs = append(ruleIDs, vectors.RulesFollowed(fam)...)
	}
	for _, p := range vectors.Profiles {
		got, err := run(fam, p, in)
		cat := category.Of(err)
		if err != nil && cat == "" {
			return t, fmt.Errorf("%s profile: not a verdict: %w", p, err)
		}
		if err != nil && vectors.HasRules(fam.Protocol()) {
			id, err := brokenRule(fam, err)
			if err != nil {
				return t, fmt.Errorf("%s profile: %w", p, err)
			}
			if r, _ := vectors.RuleByID(id); r.Strict && p != vectors.Strict {
				return t, fmt.Errorf("%s profile rejects by rule %s, which the catalogue says only the strict profile checks", p, id)
			}
			ruleIDs = append(ruleIDs, id)
		}
		if c.Result.Accepts(p) {
			if err != nil {
				return t, fmt.Errorf("%s profile should accept, but the reference rejects: %w", p, err)
			}
			if err := checkOutputs(fam, got); err != nil {
				return t, err
			}
			if outputs != nil {
				if d := fam.Compare(outputs, got); len(d) > 0 {
					return t, fmt.Errorf("profiles disagree on outputs: %v", d)
				}
			}
			outputs = got
			continue
		}
		want := category.Category(t.ErrorFor(p))
		if err == nil {
			return t, fmt.Errorf("%s profile should reject with %s, but the reference accepts", p, want)
		}
		if cat != want {
			return t, fmt.Errorf("%s profile should reject with %s, but the reference says %s: %v", p, want, cat, err)
		}
	}
	if c.Pinned != nil {
		if outputs == nil {
			return t, fmt.Errorf("pinned outputs on a case nobody accepts")
		}
		if d := fam.Compare(c.Pinned, outputs); len(d) > 0 {
			return t, fmt.Errorf("reference disagrees with the pinned outputs: %v", d)
		}
	}
	t.Outputs = outputs
	for _, id := range ruleIDs {
		if _, ok := vectors.RuleByID(id); !ok {
			return t, fmt.Errorf("rule %s is not in the catalogue of rules (vectors/rules_*.go)", id)
		}
	}
	slices.Sort(ruleIDs)
	t.Rules = slices.Compact(ruleIDs)
	if len(t.Rules) == 0 && vectors.HasRules(fam.Protocol()) {
		return t, fmt.Errorf("the test names no rule: give the family a computation rule (Rule.Families in vectors/rules_*.go)")
	}
	return t, nil
}

// brokenRule returns the id of the rule a rejection of the reference
// breaks, from the *category.FieldError it carries.
func brokenRule(fam *vectors.Family, err error) (string, error) {
	var fe *category.FieldError
	if !errors.As(err, &fe) {
		return "", fmt.Errorf("the rejection names no field and rule (not a *category.FieldError): %w", err)
	}
	id, err := vectors.RuleBroken(fam, fe.Field, fe.Rule, string(fe.Cat))
	if err != nil {
		return "", fmt.Errorf("%w: add a Refusal to a rule in vectors/rules_%s.go", err, fam.Protocol())
	}
	return id, nil
}

// checkFields refuses inputs the catalogue does not declare, and missing
// required inputs, so that files match their schema by construction.
func checkFields(fam *vectors.Family, in vectors.Values) error {
	for name := range in {
		if _, ok := fam.Input(name); !ok {
			return fmt.Errorf("input %q is not in the catalogue", name)
		}
	}
	for _, fd := range fam.Inputs {
		if !fd.Optional && !in.Has(fd.Name) {
			return fmt.Errorf("required input %q is missing", fd.Name)
		}
	}
	return nil
}

func checkOutputs(fam *vectors.Family, out vectors.Values) error {
	for name := range out {
		if _, ok := fam.Output(name); !ok {
			return fmt.Errorf("the reference returned output %q, which is not in the catalogue", name)
		}
	}
	for _, fd := range fam.Outputs {
		if !fd.Optional && !out.Has(fd.Name) {
			return fmt.Errorf("the reference did not return required output %q", fd.Name)
		}
	}
	return nil
}

// tcIDs hands out tcIds, keeping those of the previous file.
type tcIDs struct {
	byComment map[string]int
	next      int
}

func newIDs(previous *vectors.File) *tcIDs {
	s := &tcIDs{byComment: map[string]int{}, next: 1}
	if previous == nil {
		return s
	}
	for _, g := range previous.TestGroups {
		for _, t := range g.Tests {
			s.byComment[t.Comment] = t.TcID
			s.next = max(s.next, t.TcID+1)
		}
	}
	return s
}

func (s *tcIDs) get(comment string) int {
	if id, ok := s.byComment[comment]; ok {
		return id
	}
	id := s.next
	s.next++
	s.byComment[comment] = id
	return id
}

// Counts tallies a file's tests by result.
func Counts(f *vectors.File) map[vectors.Result]int {
	m := map[vectors.Result]int{}
	for _, g := range f.TestGroups {
		for _, t := range g.Tests {
			m[t.Result]++
		}
	}
	return m
}

// SortedFlags returns the flag names of a file, sorted.
func SortedFlags(f *vectors.File) []string {
	out := slices.Collect(maps.Keys(f.Notes))
	sort.Strings(out)
	return out
}
