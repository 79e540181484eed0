package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// deployedCode names the deployed code a protocol's deployed profile
// follows.
func deployedCode(fam *vectors.Family) string {
	switch fam.Protocol() {
	case "ixian":
		return "Ixian-Core"
	case "verbeth":
		return "@verbeth/sdk 0.2.1"
	}
	return "the deployed code"
}

// fieldLines describes a family's inputs or outputs, one line each: name,
// JSON type, whether it may be absent, meaning.
func fieldLines(kind string, fields []vectors.Field) []string {
	if len(fields) == 0 {
		return []string{kind + ": none."}
	}
	out := []string{kind + ":"}
	for _, f := range fields {
		opt := "required"
		if f.Optional {
			opt = "optional"
			if kind == "Outputs" {
				opt = "optional: compared only when an implementation returns it"
			}
		}
		out = append(out, fmt.Sprintf("  %s (%s, %s): %s", f.Name, typeText(f.Type), opt, f.Doc))
	}
	return out
}

// typeText says how a field's value is written in JSON.
func typeText(t vectors.Type) string {
	switch t {
	case vectors.Hex:
		return "hex bytes"
	case vectors.String:
		return "string"
	case vectors.Int:
		return "integer"
	case vectors.Decimal:
		return "decimal string"
	case vectors.Bool:
		return "boolean"
	case vectors.HexList:
		return "array of hex bytes"
	case vectors.JSON:
		return "JSON value"
	}
	return string(t)
}

// resultLines says what acceptable and deployedError mean in this file:
// which rules its acceptable tests break and which tests carry a
// deployedError, so that a reader need not guess Wycheproof's "either is
// fine" (here neither profile has a choice).
func resultLines(fam *vectors.Family, f *vectors.File) []string {
	code := deployedCode(fam)
	var accRules, depTests []string
	for _, g := range f.TestGroups {
		for _, t := range g.Tests {
			switch {
			case t.Result == vectors.Acceptable:
				for _, id := range t.Rules {
					if r, ok := vectors.RuleByID(id); ok && len(r.Refuses) > 0 && !slices.Contains(accRules, id) {
						accRules = append(accRules, id)
					}
				}
			case t.DeployedError != "":
				depTests = append(depTests, fmt.Sprintf("%d (%s, deployed %s)", t.TcID, t.Error, t.DeployedError))
			}
		}
	}
	slices.Sort(accRules)
	out := []string{"Results here (spec/vectors.md): valid: both profiles accept and must produce outputs exactly. invalid: both profiles must reject with the category error (the deployed profile with deployedError where a test has one). Neither profile has a choice."}
	if len(accRules) == 0 {
		out = append(out, "acceptable: no test of this file is acceptable.")
	} else {
		out = append(out, fmt.Sprintf("acceptable: the input breaks a rule only the strict profile makes, which %s does not check: a strict implementation must reject it with error, a deployed one must accept it and produce outputs exactly (the deployed profile's outputs, not optional). The strict-only rules these tests break: %s (spec/rules.md).", code, strings.Join(accRules, ", ")))
	}
	if len(depTests) == 0 {
		out = append(out, "deployedError: no test of this file has one; every invalid test is rejected with error under both profiles.")
	} else {
		out = append(out, fmt.Sprintf("deployedError: on an invalid test, the category the deployed profile must reject with instead of error: the input has a form only %s reads, which it then refuses for a later rule (the test's rules name both). Tests: %s.", code, strings.Join(depTests, "; ")))
	}
	return out
}
