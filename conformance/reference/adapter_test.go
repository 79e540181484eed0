package reference

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// The adapter is tested with the registered operations (whatever exists)
// plus the test double's step, which gives every kind of answer. The double
// is added to a test adapter only, never to the package's registry nor to
// the vectors catalogue, so that other tests of this package do not see it
// (the runner compares its outputs as plain JSON).

// envServe makes the test binary a subprocess adapter, as `conformance
// -serve` is, through TestAdapterServeHelper.
const envServe = "PQHS_REFERENCE_TEST_SERVE"

func withDouble() conformance.Adapter {
	return &refAdapter{
		lookup: func(name string) (Op, bool) {
			if name == conformancetest.Decode.Name {
				return conformancetest.Run, true
			}
			return Lookup(name)
		},
		operations: func() []string {
			return slices.Sorted(slices.Values(append(Operations(), conformancetest.Decode.Name)))
		},
	}
}

// TestAdapterServeHelper is not a test: it is the adapter program of
// TestAdapterInProcessEqualsSubprocess.
func TestAdapterServeHelper(t *testing.T) {
	if os.Getenv(envServe) == "" {
		t.Skip("the adapter program of TestAdapterInProcessEqualsSubprocess")
	}
	if err := subprocess.ServeAdapter(os.Stdin, os.Stdout, withDouble()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func TestAdapterHello(t *testing.T) {
	info, err := Adapter().Hello(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Protocol != conformance.ProtocolVersion || info.Name != Name || info.Version == "" ||
		!slices.Equal(info.Profiles, vectors.Profiles) || !slices.Equal(info.Operations, Operations()) {
		t.Errorf("hello %+v", info)
	}
}

func TestAdapterReplies(t *testing.T) {
	a := withDouble()
	ctx := context.Background()
	do := func(op string, p vectors.Profile, in vectors.Values) conformance.Reply {
		r, err := a.Do(ctx, conformance.Request{Op: op, Profile: p, Inputs: in})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	in := vectors.Values{}.SetBytes("data", []byte{2, 0xaa, 0xbb, 0xcc})
	if r := do(conformancetest.Decode.Name, vectors.Deployed, in); r.Kind != conformance.KindOutputs || string(r.Outputs["payload"]) != `"aabb"` {
		t.Errorf("deployed: %+v", r)
	}
	if r := do(conformancetest.Decode.Name, vectors.Strict, in); r.Kind != conformance.KindReject || r.Category != category.TrailingBytes || !strings.Contains(r.Message, "data") {
		t.Errorf("strict: %+v", r)
	}
	// Malformed inputs are the caller's fault: an error reply, never a
	// verdict on the implementation.
	if r := do(conformancetest.Decode.Name, vectors.Strict, vectors.Values{}); r.Kind != conformance.KindError || !strings.Contains(r.Message, `field "data" is missing`) {
		t.Errorf("missing input: %+v", r)
	}
	if r := do("no/such/op", vectors.Strict, in); r.Kind != conformance.KindUnsupported {
		t.Errorf("unknown operation: %+v", r)
	}
}

// The reference gives the same results in process and through the adapter
// protocol, on a representative subset of the double's and the
// repository's tests (conformancetest.Representative: every family, result
// and rejection category, 1 test in 5, without the 10^5-key ratchet
// chains): the verdicts and messages must be equal. In process every test
// of the double and of the subset passes.
// What crosses the protocol depends on the kind of answer, not on which
// vector asked. That the reference passes every repository test in both
// profiles is checked by the one full replay of cmd/conformance's
// TestServeEqualsInProcess, which also compares outputs field by field:
// replaying the suite here as well cost this package half its CPU.
func TestAdapterInProcessEqualsSubprocess(t *testing.T) {
	a := withDouble()
	double := []*vectors.File{conformancetest.File(20), conformancetest.EncodeFile()}
	repo, err := vectors.LoadFS(os.DirFS("../../vectors"))
	if err != nil {
		t.Fatal(err)
	}
	all := conformance.Cases(append(slices.Clone(double), repo...))
	subset := conformancetest.Representative(all)
	if len(subset) < 200 || len(subset)*3 > len(all) {
		t.Errorf("the subset has %d of %d tests", len(subset), len(all))
	}
	// In process: the subset and every test of the double.
	cases := slices.Clone(subset)
	for _, c := range conformance.Cases(double) {
		if !slices.ContainsFunc(subset, func(s conformance.Case) bool { return s.Name() == c.Name() }) {
			cases = append(cases, c)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := subprocess.Config{
		Command: []string{exe, "-test.run=^TestAdapterServeHelper$"},
		Env:     append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep),
	}
	for _, p := range vectors.Profiles {
		opt := conformance.Options{Profile: p, Parallel: 2}
		in, err := conformance.Run(context.Background(), conformance.Shared(a), cases, opt)
		if err != nil {
			t.Fatal(err)
		}
		// One instance: a second would only add a process start.
		sub, err := conformance.Run(context.Background(), func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }, subset, conformance.Options{Profile: p, Parallel: 1})
		if err != nil {
			t.Fatal(err)
		}
		if in.Adapter.Name != sub.Adapter.Name || !slices.Equal(in.Adapter.Operations, sub.Adapter.Operations) {
			t.Errorf("hellos differ: %+v / %+v", in.Adapter, sub.Adapter)
		}
		byName := map[string]*conformance.Result{}
		for i := range in.Results {
			byName[in.Results[i].Case.Name()] = &in.Results[i]
		}
		if len(sub.Results) != len(subset) {
			t.Fatalf("%s: %d results through the protocol for %d tests", p, len(sub.Results), len(subset))
		}
		for i := range sub.Results {
			a, b := byName[sub.Results[i].Case.Name()], &sub.Results[i]
			if a.Verdict != b.Verdict || a.Message != b.Message || a.Warning != b.Warning {
				t.Errorf("%s, %s: in process %s %q, subprocess %s %q", a.Case.Name(), p, a.Verdict, a.Message, b.Verdict, b.Message)
			}
		}
		if tot := in.Totals(); tot.Pass < 20 || tot.Fail+tot.Error != 0 {
			t.Errorf("%s: %+v", p, tot)
		}
	}
}
