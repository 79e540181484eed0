package ixiangen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

// generatorCases returns the Ixian generators' cases, by family.
func generatorCases(t *testing.T) map[*vectors.Family][]gen.Case {
	t.Helper()
	out := map[*vectors.Family][]gen.Case{}
	for _, g := range gen.Generators() {
		if g.Family.Protocol() != "ixian" {
			continue
		}
		for _, grp := range g.Groups() {
			out[g.Family] = append(out[g.Family], grp.Cases...)
		}
	}
	if len(out) == 0 {
		t.Fatal("no Ixian generators")
	}
	return out
}

// Every drawn label redraws its input: the bytes are the first bytes of
// detrand.Bytes(label), and an ecdhPrivateKey has the top 7 bits cleared,
// as the files' headers say.
func TestIxianDrawnLabelsRedraw(t *testing.T) {
	n := 0
	for fam, cases := range generatorCases(t) {
		for _, c := range cases {
			for name, label := range c.Drawn {
				got, err := c.Inputs.Bytes(name)
				if err != nil {
					t.Errorf("%s %q: drawn input %s: %v", fam, c.Comment, name, err)
					continue
				}
				want := detrand.Bytes(label, len(got))
				if name == "ecdhPrivateKey" && len(want) > 0 {
					want[0] &= 1
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s %q: %s is not what %s draws", fam, c.Comment, name, label)
				}
				n++
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d drawn inputs", n)
	}
}

// Every cross-checked case pins outputs (Build then requires the reference
// to produce them), and every family has valid and rejected cases or is an
// encoder.
func TestIxianCrossCheckedCasesPin(t *testing.T) {
	for fam, cases := range generatorCases(t) {
		results := map[vectors.Result]int{}
		for _, c := range cases {
			results[c.Result]++
			for _, f := range c.Flags {
				if f == "CrossChecked" && len(c.Pinned) == 0 {
					t.Errorf("%s %q: CrossChecked without pinned outputs", fam, c.Comment)
				}
			}
		}
		if results[vectors.Valid] == 0 {
			t.Errorf("%s: no valid case", fam)
		}
		// The signer, like the encoders, validates nothing: PKCS#1 v1.5 signs any checksum.
		encoder := strings.HasSuffix(fam.Name, "/encode") || fam == vectors.IxianStreamMessageAdditionalData || fam == vectors.IxianStreamMessageSign
		if !encoder && results[vectors.Invalid]+results[vectors.Acceptable] == 0 {
			t.Errorf("%s: no invalid or acceptable case", fam)
		}
	}
}

// Trap flags mark valid tests: a mutant that has the bug must fail them by
// producing other outputs, not by being refused.
func TestIxianTrapsAreValid(t *testing.T) {
	traps := map[string]bool{}
	for flag, note := range notes {
		if strings.Contains(note.Description, "(trap)") || strings.Contains(note.Effect, "(trap)") {
			traps[flag] = true
		}
	}
	if len(traps) < 6 {
		t.Fatalf("only %d trap flags", len(traps))
	}
	seen := map[string]bool{}
	for fam, cases := range generatorCases(t) {
		for _, c := range cases {
			for _, f := range c.Flags {
				if traps[f] && f != "StrippedSecret" {
					seen[f] = true
					if c.Result != vectors.Valid {
						t.Errorf("%s %q: trap flag %s on a %s case", fam, c.Comment, f, c.Result)
					}
				}
			}
		}
	}
	for f := range traps {
		if f != "StrippedSecret" && !seen[f] {
			t.Errorf("trap flag %s is on no case", f)
		}
	}
}
