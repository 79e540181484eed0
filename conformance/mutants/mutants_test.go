package mutants_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/vectors"
)

func suite(t *testing.T) (vecs, liveCases []conformance.Case) {
	t.Helper()
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	vecs = conformance.Cases(files)
	n := 2
	if testing.Short() {
		// The tests that derive 10^5 ratchet keys cost a tenth of a second
		// each, and more for the mutants that run them twice.
		n = 1
		vecs = slices.DeleteFunc(vecs, func(c conformance.Case) bool {
			return slices.Contains(c.Flags, "Pruning") || slices.Contains(c.Flags, "DHStepSkip")
		})
	}
	return vecs, live.Cases(live.Config{Sessions: n, Seed: mutants.Seed})
}

// referenceRun is the package's one replay of the reference: every vector
// and live session the mutants run, in both profiles, through the memo the
// mutants share (mutants.Reference), so that their reference work is done
// here once.
var referenceRun = sync.OnceValues(func() (map[vectors.Profile]*conformance.Report, error) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		return nil, err
	}
	cases := append(conformance.Cases(files), live.Cases(live.Config{Sessions: 2, Seed: mutants.Seed})...)
	out := map[vectors.Profile]*conformance.Report{}
	for _, p := range vectors.Profiles {
		if out[p], err = conformance.Run(context.Background(), conformance.Shared(mutants.Reference()), cases, conformance.Options{Profile: p, Parallel: 2}); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// Every mutant is caught: at least one vector test or live session fails
// against it. A mutant no test catches is a gap in the vectors. Each mutant
// runs only on the families it changes and the live checks that use them.
func TestEveryMutantIsCaught(t *testing.T) {
	vecs, liveCases := suite(t)
	if !testing.Short() {
		if _, err := referenceRun(); err != nil {
			t.Fatal(err)
		}
	}
	ms := mutants.All()
	if len(ms) < 20 {
		t.Errorf("%d mutants, want at least 20", len(ms))
	}
	results := make([]*mutants.Result, len(ms))
	t.Run("each", func(t *testing.T) {
		for i, m := range ms {
			t.Run(m.Name, func(t *testing.T) {
				t.Parallel()
				cases := m.Cases(vecs, liveCases)
				if len(cases) == 0 {
					t.Fatal("no test exercises the mutant's families")
				}
				r, err := mutants.Catch(context.Background(), m, cases, 1)
				if err != nil {
					t.Fatal(err)
				}
				results[i] = r
				if len(r.Caught) == 0 {
					t.Errorf("not caught by any of %d tests (%s): a gap in the vectors", len(cases), m.Families())
				}
				for _, e := range r.Errors {
					t.Errorf("%s: error %s: the mutant must be a working implementation", e.Case.Name(), e.Message)
				}
			})
		}
	})
	var b strings.Builder
	var done []*mutants.Result
	for _, r := range results {
		if r != nil {
			done = append(done, r)
		}
	}
	mutants.WriteMatrix(&b, done)
	t.Logf("catch matrix:\n%s", b.String())
}

// The failures are the mutations' doing: the reference passes every test
// the mutants run, in both profiles.
func TestReferencePassesTheMutantsTests(t *testing.T) {
	if testing.Short() {
		t.Skip("the reference's own tests replay the vectors and live sessions")
	}
	reps, err := referenceRun()
	if err != nil {
		t.Fatal(err)
	}
	vecs, liveCases := suite(t)
	for _, p := range vectors.Profiles {
		rep := reps[p]
		if len(rep.Results) != len(vecs)+len(liveCases) {
			t.Errorf("%s: %d results for %d tests", p, len(rep.Results), len(vecs)+len(liveCases))
		}
		for _, r := range rep.Unexpected() {
			t.Errorf("%s, %s: %s %s", r.Case.Name(), p, r.Verdict, r.Message)
		}
	}
}

func TestMutantsAreWellFormed(t *testing.T) {
	for _, m := range mutants.All() {
		if m.Bug == "" || len(m.Families()) == 0 || (m.Profile != vectors.Strict && m.Profile != vectors.Deployed) {
			t.Errorf("%s: %+v", m.Name, m)
		}
		if len(m.Rules) == 0 {
			t.Errorf("%s names no rule it breaks", m.Name)
		}
		for _, id := range m.Rules {
			if _, ok := vectors.RuleByID(id); !ok {
				t.Errorf("%s: rule %s is not in the catalogue (spec/rules.md)", m.Name, id)
			}
		}
		if x, ok := mutants.Lookup(m.Name); !ok || x != m {
			t.Errorf("Lookup(%s)", m.Name)
		}
		info, _ := m.Adapter().Hello(context.Background())
		if len(info.Profiles) != 1 || info.Profiles[0] != m.Profile || !strings.Contains(info.Name, m.Name) {
			t.Errorf("%s: hello %+v", m.Name, info)
		}
	}
}

// unmutated lists the catalogued families that no mutant changes, with the
// reason. A new family gets a mutant (a row in one of the tables) or a line
// here: TestEveryFamilyHasAMutant fails otherwise.
var unmutated = map[*vectors.Family]string{
	vectors.IxianStreamMessageDecode:           "the frame reader; its vectors pin both profiles' verdicts and values (decoding bugs of the same layout are mutants of the payload and SpixiMessage decoders)",
	vectors.IxianStreamMessageSign:             "PKCS#1 v1.5 over the checksum: a wrong checksum is ixian-streammessage-flag-in-checksum's bug, and a wrong padding or hash fails the pinned signatures",
	vectors.IxianStreamMessageVerify:           "the receive checks; the live sessions verify each signed frame across implementations",
	vectors.IxianAcceptorKeys2Persisted:        "the persisted forms feed the same key schedule as ixian/acceptor/keys2, whose mutants are the schedule's",
	vectors.VerbethLogHandshakeDecode:          "the log reader; its vectors pin ethers 6's verdict and values on every malformed blob",
	vectors.VerbethLogHandshakeResponseEncode:  "the same ABI writer as verbeth/log/Handshake/encode (verbeth-log-address-high-bytes)",
	vectors.VerbethLogHandshakeResponseDecode:  "the same log reader as verbeth/log/Handshake/decode",
	vectors.VerbethIdentityKeysDerive:          "a key derivation whose every output is pinned to the cross-check",
	vectors.VerbethTopic:                       "the topic derivation's bugs are mutants of the session families that derive topics (verbeth-topics-not-swapped, verbeth-conversation-id-bytes); cmd/conformance's TestMutants also uses this family as the one no mutant selects",
	vectors.VerbethIdentityProofBindingMessage: "writes the binding message only; the bugs of proofs are mutants of verbeth/identityProof/verify (verbeth-chain-id-ignored, verbeth-legacy-executor, verbeth-chain-id-int32, verbeth-third-party-accepted)",
}

// Every catalogued family is changed by at least one mutant, proving that
// its vectors catch a plausible bug, or is listed in unmutated with the
// reason; the list names no family a mutant changes.
func TestEveryFamilyHasAMutant(t *testing.T) {
	mutated := map[*vectors.Family]bool{}
	for _, m := range mutants.All() {
		for _, f := range m.Families() {
			mutated[f] = true
		}
	}
	for _, f := range vectors.Families() {
		why, listed := unmutated[f]
		switch {
		case mutated[f] && listed:
			t.Errorf("%s has a mutant but is listed in unmutated (%s)", f, why)
		case !mutated[f] && !listed:
			t.Errorf("%s: no mutant changes it: add one (a row in a table of conformance/mutants) or list it in unmutated with the reason", f)
		}
	}
}
