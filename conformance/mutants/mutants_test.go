package mutants_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/vectors"
)

// loadFiles parses the vector files once for the package's tests.
var loadFiles = sync.OnceValues(func() ([]*vectors.File, error) { return vectors.LoadFS(vectors.FS) })

func suite(t *testing.T) (vecs, liveCases []conformance.Case) {
	t.Helper()
	vecs, liveCases, err := suiteCases(testing.Short())
	if err != nil {
		t.Fatal(err)
	}
	return vecs, liveCases
}

// suiteCases returns the vector tests and live sessions the mutants run.
func suiteCases(short bool) (vecs, liveCases []conformance.Case, err error) {
	files, err := loadFiles()
	if err != nil {
		return nil, nil, err
	}
	vecs = conformance.Cases(files)
	n := 2
	if short {
		// The tests that derive 10^5 ratchet keys cost a tenth of a second
		// each, and more for the mutants that run them twice.
		n = 1
		vecs = slices.DeleteFunc(vecs, func(c conformance.Case) bool {
			return slices.Contains(c.Flags, "Pruning") || slices.Contains(c.Flags, "DHStepSkip")
		})
	}
	return vecs, live.Cases(live.Config{Sessions: n, Seed: mutants.Seed, Reference: mutants.RunReference}), nil
}

// theMutantsTests returns, per profile, every test that a mutant claiming
// that profile runs (Mutant.Cases), once each, in the suite's order.
func theMutantsTests(vecs, liveCases []conformance.Case) map[vectors.Profile][]conformance.Case {
	run := map[vectors.Profile]map[string]bool{}
	for _, m := range mutants.All() {
		if run[m.Profile] == nil {
			run[m.Profile] = map[string]bool{}
		}
		for _, c := range m.Cases(vecs, liveCases) {
			run[m.Profile][c.Name()] = true
		}
	}
	out := map[vectors.Profile][]conformance.Case{}
	for _, p := range vectors.Profiles {
		for _, c := range append(slices.Clone(vecs), liveCases...) {
			if run[p][c.Name()] {
				out[p] = append(out[p], c)
			}
		}
	}
	return out
}

// referenceRun is the package's one replay of the reference: every test
// the mutants run, under each profile a mutant that runs it claims, through
// the memo the mutants share (mutants.Reference), so that their reference
// work is done here once. The tests no mutant runs, and the profile no
// mutant of a family claims, are not replayed here: that the reference
// passes every vector test in both profiles is cmd/vectorgen's
// TestVectorsAreUpToDate, and that it passes live sessions is
// conformance/live's TestReferencePasses.
var referenceRun = sync.OnceValues(func() (map[vectors.Profile]*conformance.Report, error) {
	vecs, liveCases, err := suiteCases(false)
	if err != nil {
		return nil, err
	}
	out := map[vectors.Profile]*conformance.Report{}
	for p, cases := range theMutantsTests(vecs, liveCases) {
		if out[p], err = conformance.Run(context.Background(), conformance.Shared(mutants.Reference()), cases, conformance.Options{Profile: p, Parallel: 2}); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// catchResults returns every mutant's result on the suite (mutants.Matrix),
// computed once per test binary for the tests that judge them.
func catchResults(t *testing.T) []*mutants.Result {
	t.Helper()
	rs, err := catchOnce(t)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

var (
	catchMu   sync.Mutex
	catchDone []*mutants.Result
)

func catchOnce(t *testing.T) ([]*mutants.Result, error) {
	catchMu.Lock()
	defer catchMu.Unlock()
	if catchDone != nil {
		return catchDone, nil
	}
	vecs, liveCases := suite(t)
	if !testing.Short() {
		if _, err := referenceRun(); err != nil {
			return nil, err
		}
	}
	rs, err := mutants.Matrix(context.Background(), mutants.All(), vecs, liveCases, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	catchDone = rs
	return rs, nil
}

// Every mutant is caught: at least one vector test or live session fails
// against it. A mutant no test catches is a gap in the vectors. Each mutant
// runs only on the families it changes and the live checks that use them.
func TestEveryMutantIsCaught(t *testing.T) {
	rs := catchResults(t)
	if len(rs) < 20 {
		t.Errorf("%d mutants, want at least 20", len(rs))
	}
	for _, r := range rs {
		t.Run(r.Mutant.Name, func(t *testing.T) {
			if len(r.Report.Results) == 0 {
				t.Fatal("no test exercises the mutant's families")
			}
			if len(r.Caught) == 0 {
				t.Errorf("not caught by any of %d tests (%s): a gap in the vectors", len(r.Report.Results), r.Mutant.Families())
			}
			for _, e := range r.Errors {
				t.Errorf("%s: error %s: the mutant must be a working implementation", e.Case.Name(), e.Message)
			}
		})
	}
	var b strings.Builder
	mutants.WriteMatrix(&b, rs)
	t.Logf("catch matrix:\n%s", b.String())
}

// vectorCatches returns the vector tests (not live sessions) that caught r.
func vectorCatches(r *mutants.Result) []*conformance.Result {
	var out []*conformance.Result
	for _, x := range r.Caught {
		if x.Case.Check == nil {
			out = append(out, x)
		}
	}
	return out
}

// singleVector lists the mutants that one vector test catches and no second
// independent vector could, with the reason. TestEveryMutantIsCaughtTwice
// fails for any other mutant caught by fewer than two vector tests.
var singleVector = map[string]string{
	"ixian-spixi2-length-u16": "the bug shows only in an envelope of 64 KiB or more, and each such vector carries half a megabyte of hex; the one there pins the FD form at 65536 bytes",
}

// Every mutant is caught by at least two vector tests: one vector that
// catches a bug can be changed or dropped without anyone noticing that the
// bug is no longer caught, and one input catching it may be luck of that
// input. Live sessions do not count: their inputs are not pinned.
func TestEveryMutantIsCaughtTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("the short suite leaves out the vectors of 10^5-key chains")
	}
	for _, r := range catchResults(t) {
		vec := vectorCatches(r)
		why, listed := singleVector[r.Mutant.Name]
		switch {
		case len(vec) < 2 && !listed:
			t.Errorf("%s is caught by %d vector tests (%s), want at least 2: add a vector, or list it in singleVector with the reason", r.Mutant.Name, len(vec), strings.Join(names(vec), " "))
		case len(vec) >= 2 && listed:
			t.Errorf("%s is caught by %d vector tests but listed in singleVector (%s)", r.Mutant.Name, len(vec), why)
		}
	}
}

func names(rs []*conformance.Result) []string {
	var out []string
	for _, x := range rs {
		out = append(out, x.Case.Name())
	}
	return out
}

// Every mutant is caught by a vector test that names one of the rules the
// mutant breaks: a mutant caught only by tests of other rules is caught by
// accident (a side effect its row does not describe), or its rules or the
// vectors' are wrong.
func TestMutantsAreCaughtUnderTheirRules(t *testing.T) {
	files, err := loadFiles()
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string][]string{} // family#tcId -> rules
	for _, f := range files {
		for _, g := range f.TestGroups {
			for _, x := range g.Tests {
				rules[fmt.Sprintf("%s#%d", f.Family, x.TcID)] = x.Rules
			}
		}
	}
	for _, r := range catchResults(t) {
		var other []string
		found := false
		for _, x := range vectorCatches(r) {
			rs := rules[x.Case.Name()]
			if slices.ContainsFunc(rs, func(id string) bool { return slices.Contains(r.Mutant.Rules, id) }) {
				found = true
				break
			}
			other = append(other, x.Case.Name()+" "+strings.Join(rs, ","))
		}
		if !found {
			t.Errorf("%s breaks %s, but no vector test of those rules catches it; caught by: %s", r.Mutant.Name, strings.Join(r.Mutant.Rules, ","), strings.Join(other, "; "))
		}
	}
}

// The failures are the mutations' doing: the reference passes every test
// the mutants run, under the profile of each mutant that runs it.
func TestReferencePassesTheMutantsTests(t *testing.T) {
	if testing.Short() {
		t.Skip("the reference's own tests replay the vectors and live sessions")
	}
	reps, err := referenceRun()
	if err != nil {
		t.Fatal(err)
	}
	vecs, liveCases := suite(t)
	tests := theMutantsTests(vecs, liveCases)
	if len(tests) == 0 {
		t.Fatal("the mutants run no test")
	}
	for p, cases := range tests {
		t.Logf("%s: %d of %d tests", p, len(cases), len(vecs)+len(liveCases))
	}
	for p, cases := range tests {
		rep := reps[p]
		if rep == nil {
			t.Errorf("%s: no report", p)
			continue
		}
		if len(rep.Results) != len(cases) {
			t.Errorf("%s: %d results for %d tests", p, len(rep.Results), len(cases))
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
