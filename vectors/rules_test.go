package vectors_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/vectors"
)

// RuleCoverage counts, for every rule id, the tests that name it, by result.
func ruleCoverage(files []*vectors.File) map[string]map[vectors.Result]int {
	cov := map[string]map[vectors.Result]int{}
	for _, f := range files {
		for _, g := range f.TestGroups {
			for _, tc := range g.Tests {
				for _, id := range tc.Rules {
					if cov[id] == nil {
						cov[id] = map[vectors.Result]int{}
					}
					cov[id][tc.Result]++
				}
			}
		}
	}
	return cov
}

// Every rule of the spec has its vectors, and every vector its rules: a
// check (a rule that refuses something) has at least one invalid or
// acceptable vector that breaks it, a computation at least one valid vector
// whose outputs follow it, and a test names only catalogued rules, at least
// one.
func TestEveryRuleHasVectors(t *testing.T) {
	files := loadAll(t)
	for _, f := range files {
		for _, g := range f.TestGroups {
			for _, tc := range g.Tests {
				if len(tc.Rules) == 0 {
					t.Errorf("%s tcId %d (%s) names no rule", f.Family, tc.TcID, tc.Comment)
				}
				for _, id := range tc.Rules {
					if _, ok := vectors.RuleByID(id); !ok {
						t.Errorf("%s tcId %d names rule %s, which is not in the catalogue", f.Family, tc.TcID, id)
					}
				}
			}
		}
	}
	cov := ruleCoverage(files)
	for _, r := range vectors.Rules() {
		c := cov[r.ID]
		if len(r.Refuses) > 0 && c[vectors.Invalid]+c[vectors.Acceptable] == 0 {
			t.Errorf("%s (%s) is a check with no invalid or acceptable vector", r.ID, r.Spec)
		}
		if len(r.Families) > 0 && c[vectors.Valid] == 0 {
			t.Errorf("%s (%s) is a computation with no valid vector", r.ID, r.Spec)
		}
		if len(r.Refuses) == 0 && len(r.Families) == 0 {
			t.Errorf("%s refuses nothing and is followed by no family", r.ID)
		}
	}
}

// Every rule cites a section that exists in its spec file.
func TestRulesCiteTheSpec(t *testing.T) {
	for _, r := range vectors.Rules() {
		file, sec, ok := strings.Cut(r.Spec, " §")
		if !ok {
			t.Errorf("%s: spec %q is not \"file §section\"", r.ID, r.Spec)
			continue
		}
		data, err := os.ReadFile(filepath.Join("..", "spec", file))
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		heading := "## " + sec + "."
		if strings.Contains(sec, ".") {
			heading = "### " + sec + " "
		}
		found := slices.ContainsFunc(strings.Split(string(data), "\n"), func(l string) bool {
			return strings.HasPrefix(l, heading)
		})
		if !found {
			t.Errorf("%s: %s has no section %s", r.ID, file, sec)
		}
	}
}

// oneCheckUnderSeveralNames are the checks whose refusals carry more than
// one reference rule name, and why that is still one check.
var oneCheckUnderSeveralNames = map[string]string{
	"IX-SPIXIMSG-INT32":     "the same 4-byte read, named int32 for type and channel and length-int32 for the data length",
	"IX-RSAKEY-PART-LENGTH": "the same length-prefix check, named after each of the eight parts of a key",
	"IX-ECDH-ON-CURVE":      "ecdh is the agreement refusing a point that parsing accepted, unreachable for secp521r1 (kept for safety)",
}

// Every check is one check: its refusals share one reference rule name
// (on several fields, in several categories), so that a test naming it says
// exactly which check it breaks. A rule grouping several checks is split,
// its id retired (vectors.RetireRule).
func TestChecksAreSingle(t *testing.T) {
	for _, r := range vectors.Rules() {
		names := map[string]bool{}
		for _, m := range r.Refuses {
			names[m.Rule] = true
		}
		if len(names) > 1 && oneCheckUnderSeveralNames[r.ID] == "" {
			t.Errorf("%s refuses by %d reference rules %v: split it into one rule per check", r.ID, len(names), names)
		}
	}
	for id := range oneCheckUnderSeveralNames {
		if _, ok := vectors.RuleByID(id); !ok {
			t.Errorf("oneCheckUnderSeveralNames names %s, which is not in the catalogue", id)
		}
	}
	for _, x := range vectors.Retired() {
		if _, ok := vectors.RuleByID(x[0]); ok {
			t.Errorf("%s is both retired and in the catalogue", x[0])
		}
	}
}
