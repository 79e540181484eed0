package gen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// ruleUse is where one rule is tested: the tcIds of each family's tests
// that name it, and the counts by result.
type ruleUse struct {
	byResult map[vectors.Result]int
	tcIDs    map[string][]int // family -> tcIds
}

func ruleUses(files []*vectors.File) map[string]*ruleUse {
	uses := map[string]*ruleUse{}
	for _, f := range files {
		for _, g := range f.TestGroups {
			for _, t := range g.Tests {
				for _, id := range t.Rules {
					u := uses[id]
					if u == nil {
						u = &ruleUse{byResult: map[vectors.Result]int{}, tcIDs: map[string][]int{}}
						uses[id] = u
					}
					u.byResult[t.Result]++
					u.tcIDs[f.Family] = append(u.tcIDs[f.Family], t.TcID)
				}
			}
		}
	}
	return uses
}

func ruleKind(r *vectors.Rule) string {
	switch {
	case len(r.Refuses) > 0 && len(r.Families) > 0:
		return "check, computation"
	case len(r.Refuses) > 0:
		return "check"
	default:
		return "computation"
	}
}

func ruleProfile(r *vectors.Rule) string {
	if r.Strict {
		return "strict"
	}
	return "both"
}

// ranges writes sorted tcIds with runs shortened: 1-4, 7, 9-10.
func ranges(ids []int) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(ids[i])+"-"+strconv.Itoa(ids[j]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// ruleMatrix is the README's section: every rule, its counts and the tests
// that name it.
func ruleMatrix(b *strings.Builder, files []*vectors.File) {
	uses := ruleUses(files)
	fmt.Fprintf(b, `
## Rules and their vectors

Every test names the rules it tests in its `+"`rules`"+` field; `+"`spec/rules.md`"+` states each rule. An
invalid or acceptable test names the check it breaks (the strict profile's, and the deployed profile's when
that is another); a valid test names the computations its outputs follow. Every check has at least one
invalid or acceptable test and every computation at least one valid test (`+"`vectors.TestEveryRuleHasVectors`"+`).
%d rules.

| rule | profile | valid | invalid | acceptable | tests (file: tcIds) |
|---|---|---:|---:|---:|---|
`, len(vectors.Rules()))
	for _, r := range vectors.Rules() {
		u := uses[r.ID]
		if u == nil {
			u = &ruleUse{byResult: map[vectors.Result]int{}}
		}
		var where []string
		fams := make([]string, 0, len(u.tcIDs))
		for fam := range u.tcIDs {
			fams = append(fams, fam)
		}
		slices.Sort(fams)
		for _, fam := range fams {
			where = append(where, fmt.Sprintf("`%s`: %s", fam, ranges(u.tcIDs[fam])))
		}
		fmt.Fprintf(b, "| `%s` | %s | %d | %d | %d | %s |\n", r.ID, ruleProfile(r),
			u.byResult[vectors.Valid], u.byResult[vectors.Invalid], u.byResult[vectors.Acceptable], strings.Join(where, "; "))
	}
}

// rulesDoc writes spec/rules.md from the catalogue of rules.
func rulesDoc() []byte {
	var b strings.Builder
	b.WriteString(`# pqhs rules

<!-- Written by cmd/vectorgen from vectors/rules_*.go; edit those instead. -->

Every normative rule of ` + "`spec/ixian-s2.md`" + ` and ` + "`spec/verbeth.md`" + ` has a stable id here, which the vector files
name in each test's ` + "`rules`" + ` field and ` + "`vectors/README.md`" + ` maps to its tests.

**Ids.** ` + "`PROTOCOL-AREA-WHAT`" + ` in capitals: ` + "`IX`" + ` for the Ixian S2 handshake, ` + "`VB`" + ` for Verbeth; AREA is the layer
(VARINT, RSAKEY, ECDH, SPIXI2, TAG, PROOF, RATCHET...), WHAT what the rule wants (MINIMAL, LENGTH, ON-CURVE...).
An id never changes meaning; a dropped rule's id is retired, never reused.

**Kinds.** A *check* refuses some input; each of its violations is an invalid or acceptable test, which names
it because the reference's rejection names it (the field, the reference's rule name and the category under
"refuses" below). A *computation* says how outputs are made; the valid tests of the families under
"families" name it. **Profile** "strict" marks a check only the strict profile makes: its violations are
acceptable tests (the deployed profile accepts), or invalid tests whose deployed profile trips over a later
rule.
`)
	for _, proto := range []struct{ name, prefix string }{{"Ixian S2 (spec/ixian-s2.md)", "IX-"}, {"Verbeth (spec/verbeth.md)", "VB-"}} {
		fmt.Fprintf(&b, "\n## %s\n\n| id | section | kind | profile | rule | refuses (field: reference rule, category) / families |\n|---|---|---|---|---|---|\n", proto.name)
		for _, r := range vectors.Rules() {
			if !strings.HasPrefix(r.ID, proto.prefix) {
				continue
			}
			var what []string
			for _, m := range r.Refuses {
				fields := "any field"
				if len(m.Fields) > 0 {
					fields = strings.Join(m.Fields, ", ")
				}
				if len(m.In) > 0 {
					var fams []string
					for _, f := range m.In {
						fams = append(fams, f.Name)
					}
					fields += " in " + strings.Join(fams, ", ")
				}
				what = append(what, fmt.Sprintf("%s: `%s`, `%s`", fields, m.Rule, m.Category))
			}
			for _, f := range r.Families {
				what = append(what, "`"+f.Name+"`")
			}
			_, sec, _ := strings.Cut(r.Spec, " ")
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", r.ID, sec, ruleKind(r), ruleProfile(r), mdEscape(r.Text), strings.Join(what, "; "))
		}
	}
	b.WriteString("\n## Retired ids\n\nThese ids are no longer used and never will be again.\n\n| id | why |\n|---|---|\n")
	for _, x := range vectors.Retired() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", x[0], mdEscape(x[1]))
	}
	return []byte(b.String())
}
