package conformancetest

import (
	"slices"

	"github.com/pqhs/pqhs/conformance"
)

// CostlyFlags mark the vector tests whose replay costs a hundred times an
// ordinary one's: the ratchet tests that derive 10^5 chain keys. A test that
// replays the suite a second time (through another path) can leave them to
// the one full replay.
var CostlyFlags = []string{"Pruning", "DHStepSkip"}

// Costly reports whether c carries one of CostlyFlags.
func Costly(c *conformance.Case) bool {
	return slices.ContainsFunc(c.Flags, func(f string) bool { return slices.Contains(CostlyFlags, f) })
}

// Representative returns, in order, one case of cases for each family,
// result and rejection category (strict and deployed) they hold, preferring
// the lowest tcId that is not Costly, and every case that is not a vector
// test (a Checker: a live session). Tests that check a second path against a
// full replay (the adapter protocol against in process) run it on these:
// every family, every kind of answer and every category crosses the path,
// at a fifth of the cost.
func Representative(cases []conformance.Case) []conformance.Case {
	type class struct {
		family, result, err, deployedErr string
	}
	pick := map[class]int{}
	for i := range cases {
		c := &cases[i]
		if c.Check != nil {
			continue
		}
		k := class{c.Family.Name, string(c.Result), c.Error, c.DeployedError}
		if j, ok := pick[k]; !ok || Costly(&cases[j]) && !Costly(c) {
			pick[k] = i
		}
	}
	var out []conformance.Case
	for i := range cases {
		c := &cases[i]
		if c.Check != nil || pick[class{c.Family.Name, string(c.Result), c.Error, c.DeployedError}] == i {
			out = append(out, *c)
		}
	}
	return out
}
