package vectors

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// A Rule is one rule of the specifications, with a stable id.
//
// An id is PROTOCOL-AREA-WHAT in capitals: IX for spec/ixian-s2.md, VB for
// spec/verbeth.md; AREA is the layer the rule belongs to (VARINT, RSAKEY,
// SPIXI2, TAG, RATCHET...), WHAT says what the rule wants (MINIMAL, LENGTH,
// ON-CURVE...). Ids never change meaning; a rule that is dropped keeps its id
// retired, never reused. spec/rules.md, written by vectorgen, lists them.
//
// A rule is of one of two kinds:
//
//   - a check (Refuses set) refuses some input. Every invalid or acceptable
//     vector names the check it breaks: vectorgen reads it from the
//     reference's *category.FieldError (its Field, Rule and category), so a
//     vector cannot name a rule it does not break.
//   - a computation (Families set) says how outputs are made. Every valid
//     vector of a family names the computations the family follows.
//
// A rule can be both. TestEveryRuleHasVectors (vectors package) fails when a
// check has no invalid or acceptable vector, a computation no valid vector,
// or a vector names no rule.
type Rule struct {
	ID string
	// Spec is the file and section that state the rule, e.g.
	// "ixian-s2.md §2".
	Spec string
	// Text states the rule in one sentence.
	Text string
	// Strict marks a check that only the strict profile makes: its
	// violations are acceptable vectors (or invalid ones whose deployed
	// error is another rule's).
	Strict bool
	// Refuses lists the reference's rejections that break the rule.
	Refuses []Refusal
	// Families lists the families whose valid outputs follow the rule.
	Families []*Family
}

// Refusal matches a rejection of the reference: a *category.FieldError with
// this Rule and category, on one of Fields (any field when Fields is empty),
// in one of the families In (any family of the protocol when In is empty).
type Refusal struct {
	Fields   []string
	Rule     string
	Category string
	In       []*Family
}

// Check is a Refusal on any field, or on the fields given.
func Check(rule, category string, fields ...string) Refusal {
	return Refusal{Fields: fields, Rule: rule, Category: category}
}

// Only limits a Refusal to the families given: the same reference rule
// name means another rule of the spec in another frame (a truncated field
// of a StreamMessage is not a truncated IxiBytes of a payload).
func (m Refusal) Only(fams ...*Family) Refusal {
	m.In = fams
	return m
}

// specificity is how closely m matches a rejection of family on field:
// -1 when it does not match, else 2 for a named field plus 1 for a named
// family.
func (m Refusal) specificity(family, field, rule, category string) int {
	if m.Rule != rule || m.Category != category {
		return -1
	}
	n := 0
	if len(m.Fields) > 0 {
		if !slices.Contains(m.Fields, field) {
			return -1
		}
		n += 2
	}
	if len(m.In) > 0 {
		if !slices.ContainsFunc(m.In, func(f *Family) bool { return f.Name == family }) {
			return -1
		}
		n++
	}
	return n
}

var (
	rules    []*Rule
	ruleByID = map[string]*Rule{} // rules by id: RuleByID and addRules' check of uniqueness
	retired  = map[string]string{}
)

// builtinRules adds the rules of the pqhs protocols (rules_ixian.go,
// rules_verbeth.go) when the catalogue of rules is first used rather than
// at program start: only cmd/vectorgen and the tests read it, and every
// start of cmd/conformance paid 0.15 ms of CPU to build and check it.
var builtinRules sync.Once

func loadRules() { builtinRules.Do(func() { addIxianRules(); addVerbethRules() }) }

// AddRules adds rules to the catalogue of rules; ids must be unique, well
// formed and not retired.
func AddRules(rs ...*Rule) {
	loadRules()
	addRules(rs...)
}

func addRules(rs ...*Rule) {
	for _, r := range rs {
		if err := checkRuleID(r.ID); err != nil {
			panic("vectors: " + err.Error())
		}
		if _, dup := ruleByID[r.ID]; dup { // not RuleByID: loadRules may be running
			panic("vectors: rule " + r.ID + " added twice")
		}
		if why, ok := retired[r.ID]; ok {
			panic("vectors: rule " + r.ID + " is retired (" + why + "); give the rule a new id")
		}
		rules = append(rules, r)
		ruleByID[r.ID] = r
	}
}

// RetireRule records that id is no longer used, and why (typically: split
// into the rules named). A retired id is never reused.
func RetireRule(id, why string) {
	loadRules()
	retireRule(id, why)
}

func retireRule(id, why string) {
	if err := checkRuleID(id); err != nil {
		panic("vectors: " + err.Error())
	}
	if _, ok := ruleByID[id]; ok {
		panic("vectors: retiring rule " + id + ", which is in the catalogue")
	}
	retired[id] = why
}

// Retired returns the retired ids, sorted, with why each was retired.
func Retired() [][2]string {
	loadRules()
	out := make([][2]string, 0, len(retired))
	for id, why := range retired {
		out = append(out, [2]string{id, why})
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}

func checkRuleID(id string) error {
	// Checked for hundreds of ids when the catalogue is loaded: without
	// allocating.
	if strings.Count(id, "-") < 2 || (!strings.HasPrefix(id, "IX-") && !strings.HasPrefix(id, "VB-")) {
		return fmt.Errorf("rule id %q is not IX-AREA-WHAT or VB-AREA-WHAT", id)
	}
	for p := range strings.SplitSeq(id, "-") {
		ok := p != ""
		for i := 0; i < len(p) && ok; i++ {
			ok = 'A' <= p[i] && p[i] <= 'Z' || '0' <= p[i] && p[i] <= '9'
		}
		if !ok {
			return fmt.Errorf("rule id %q: %q is not capitals and digits", id, p)
		}
	}
	return nil
}

// Rules returns every rule, sorted by id.
func Rules() []*Rule {
	loadRules()
	out := slices.Clone(rules)
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// RuleByID returns the rule with the given id.
func RuleByID(id string) (*Rule, bool) {
	loadRules()
	r, ok := ruleByID[id]
	return r, ok
}

// Protocol is "ixian" or "verbeth", after the id's prefix.
func (r *Rule) Protocol() string {
	if strings.HasPrefix(r.ID, "IX-") {
		return "ixian"
	}
	return "verbeth"
}

// RuleBroken returns the id of the check that a rejection of the reference
// in family breaks: the rule of the family's protocol whose Refuses matches
// field, rule and category most closely (a refusal naming the field wins
// over one for any field, and then one naming the family over one for any
// family). Two rules matching equally closely are an error: the catalogue
// must name exactly one rule for every rejection.
func RuleBroken(family *Family, field, rule, category string) (string, error) {
	loadRules()
	best, bestN, tie := "", -1, ""
	for _, r := range rules {
		if r.Protocol() != family.Protocol() {
			continue
		}
		for _, m := range r.Refuses {
			n := m.specificity(family.Name, field, rule, category)
			switch {
			case n < 0 || r.ID == best:
			case n > bestN:
				best, bestN, tie = r.ID, n, ""
			case n == bestN:
				tie = r.ID
			}
		}
	}
	switch {
	case best == "":
		return "", fmt.Errorf("no rule refuses %s's rejection of field %q by rule %q, category %s", family.Name, field, rule, category)
	case tie != "":
		return "", fmt.Errorf("both %s and %s refuse %s's rejection of field %q by rule %q, category %s: make one of them name the field or the family", best, tie, family.Name, field, rule, category)
	}
	return best, nil
}

// HasRules reports whether protocol has a catalogue of rules. Families of
// other protocols (a test's doubles, an extension's steps) name no rules.
func HasRules(protocol string) bool {
	loadRules()
	return slices.ContainsFunc(rules, func(r *Rule) bool { return r.Protocol() == protocol })
}

// RulesFollowed returns the ids of the computations a valid test of f
// follows, sorted.
func RulesFollowed(f *Family) []string {
	loadRules()
	var out []string
	for _, r := range rules {
		if slices.Contains(r.Families, f) {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}
