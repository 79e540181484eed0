package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// serveAdapter opens `conformance -serve` (this test binary as the command)
// as a subprocess adapter.
func serveAdapter(t testing.TB) conformance.Opener {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := subprocess.Config{Command: []string{exe, "-serve"}, Env: append(os.Environ(), envMain+"=1", conformancetest.NoRaceExitSleep)}
	return func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }
}

// sameJSON compares two JSON values by meaning, numbers as written.
func sameJSON(a, b json.RawMessage) bool {
	dec := func(r json.RawMessage) (any, error) {
		d := json.NewDecoder(bytes.NewReader(r))
		d.UseNumber()
		var v any
		err := d.Decode(&v)
		return v, err
	}
	x, err1 := dec(a)
	y, err2 := dec(b)
	return err1 == nil && err2 == nil && reflect.DeepEqual(x, y)
}

// The reference through the adapter protocol (`conformance -serve`, what a
// user runs with -adapter) answers as it does in process: the same verdict,
// the same rejection category and message, and the same outputs, field by
// field, including the optional ones the vectors do not compare. In process
// the reference runs every test and passes it; through the protocol it
// runs a representative subset (conformancetest.Representative: every
// family, result and rejection category, without the 10^5-key ratchet
// chains), since what crosses the protocol depends on the kind of answer,
// not on which vector asked. The live sessions of one seed go the same way
// through both, transcripts included.
//
// In process it leaves out the costly tests outside the subset (the
// 10^5-key ratchet chains, rsa2/decrypt's RSA-4096 decryptions; a third of
// the in-process CPU): cmd/vectorgen's generation runs the reference on
// every vector test in both profiles and refuses any other verdict,
// category or output, and conformance/mutants replays them through the
// runner (TestReferencePassesTheMutantsTests).
func TestServeEqualsInProcess(t *testing.T) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range vectors.Families() {
		if f.Protocol() != "ixian" && f.Protocol() != "verbeth" {
			continue // the test double's families
		}
		if !slices.ContainsFunc(files, func(x *vectors.File) bool { return x.Family == f.Name }) {
			t.Errorf("family %s has no vector file", f.Name)
		}
	}
	seed, _ := live.ParseSeed(liveSeed)
	cases := append(conformance.Cases(files), live.Cases(live.Config{Sessions: 1, Seed: seed})...)
	representative := conformancetest.Representative(cases)
	inProcess := withoutCostly(cases, representative)
	profiles := vectors.Profiles
	if testing.Short() {
		profiles = profiles[:1]
	}
	for _, p := range profiles {
		opt := conformance.Options{Profile: p, Parallel: 2}
		in, err := conformance.Run(context.Background(), conformance.Shared(reference.Adapter()), inProcess, opt)
		if err != nil {
			t.Fatal(err)
		}
		subset := withUnusualText(representative, inProcess, in)
		t.Logf("%s: %d of %d tests in process, %d through the protocol", p, len(inProcess), len(cases), len(subset))
		// One instance: a second would only add a process start, and how
		// instances share the tests is the runner's, tested in process.
		sub, err := conformance.Run(context.Background(), serveAdapter(t), subset, conformance.Options{Profile: p, Parallel: 1})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(in.Adapter, sub.Adapter); d != "" {
			t.Errorf("hellos differ (-in process +subprocess):\n%s", d)
		}
		for _, r := range in.Results {
			if r.Verdict != conformance.Pass {
				t.Errorf("%s, %s: in process %s %q", r.Case.Name(), p, r.Verdict, r.Message)
			}
		}
		byName := map[string]*conformance.Result{}
		for i := range in.Results {
			byName[in.Results[i].Case.Name()] = &in.Results[i]
		}
		if len(sub.Results) != len(subset) {
			t.Fatalf("%s: %d results through the protocol for %d tests", p, len(sub.Results), len(subset))
		}
		compared := 0
		for i := range sub.Results {
			a, b := byName[sub.Results[i].Case.Name()], &sub.Results[i]
			name := a.Case.Name() + ", " + string(p)
			if a.Verdict != b.Verdict || a.Message != b.Message {
				t.Errorf("%s: in process %s %q, subprocess %s %q", name, a.Verdict, a.Message, b.Verdict, b.Message)
				continue
			}
			if a.Case.Check != nil {
				if d := cmp.Diff(a.Details, b.Details); d != "" {
					t.Errorf("%s: the transcripts differ (-in process +subprocess):\n%s", name, d)
				}
				continue
			}
			// The runner keeps an adapter program's messages printable, on
			// one line, bounded; the reference's in process as they are.
			if a.Reply == nil || b.Reply == nil || a.Reply.Kind != b.Reply.Kind || a.Reply.Category != b.Reply.Category || conformance.PrintableString(a.Reply.Message) != b.Reply.Message {
				t.Errorf("%s: replies differ: %+v / %+v", name, a.Reply, b.Reply)
				continue
			}
			if len(a.Reply.Outputs) != len(b.Reply.Outputs) {
				t.Errorf("%s: %d outputs in process, %d through the protocol", name, len(a.Reply.Outputs), len(b.Reply.Outputs))
			}
			for k, v := range a.Reply.Outputs {
				if !sameJSON(v, b.Reply.Outputs[k]) {
					t.Errorf("%s: output %s: %s in process, %s through the protocol", name, k, v, b.Reply.Outputs[k])
				}
			}
			compared++
		}
		if compared < 200 {
			t.Errorf("%s: only %d tests compared", p, compared)
		}
	}
}

// withoutCostly returns cases but the costly ones (conformancetest.Costly,
// rsa2/decrypt) that subset does not hold.
func withoutCostly(cases, subset []conformance.Case) []conformance.Case {
	keep := map[string]bool{}
	for i := range subset {
		keep[subset[i].Name()] = true
	}
	return slices.DeleteFunc(slices.Clone(cases), func(c conformance.Case) bool {
		costly := c.Check == nil && (conformancetest.Costly(&c) || c.Family == vectors.IxianRSA2Decrypt)
		return costly && !keep[c.Name()]
	})
}

// withUnusualText adds to subset the cases whose in-process answer holds
// text that is not plain printable ASCII (a message or an output with
// escapes, non-ASCII or control characters, or a message the runner cuts),
// since such text is what the protocol's encoding could change.
func withUnusualText(subset, cases []conformance.Case, in *conformance.Report) []conformance.Case {
	have := map[string]bool{}
	for i := range subset {
		have[subset[i].Name()] = true
	}
	plain := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c > 0x7e || c == '\\' {
				return false
			}
		}
		return true
	}
	unusual := map[string]bool{}
	for _, r := range in.Results {
		if r.Reply == nil || have[r.Case.Name()] {
			continue
		}
		odd := !plain([]byte(r.Reply.Message)) || conformance.PrintableString(r.Reply.Message) != r.Reply.Message
		for _, v := range r.Reply.Outputs {
			odd = odd || !plain(v)
		}
		unusual[r.Case.Name()] = odd
	}
	out := slices.Clone(subset)
	for i := range cases {
		if unusual[cases[i].Name()] {
			out = append(out, cases[i])
		}
	}
	conformance.SortCases(out)
	return out
}
