package live_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/vectors"
)

var testSeed, _ = live.ParseSeed("000102030405060708090a0b0c0d0e0f")

func runLive(t *testing.T, a conformance.Adapter, cases []conformance.Case, p vectors.Profile) *conformance.Report {
	t.Helper()
	rep, err := conformance.Run(context.Background(), conformance.Shared(a), cases, conformance.Options{Profile: p, Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func report(t *testing.T, rep *conformance.Report) {
	t.Helper()
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Verdict != conformance.Pass {
			t.Errorf("%s: %s: %s\n  %s", r.Case.Name(), r.Verdict, r.Message, strings.Join(r.Details, "\n  "))
		}
	}
}

// The reference passes every live check against itself, in both profiles.
func TestReferencePasses(t *testing.T) {
	n := 3
	if testing.Short() {
		n = 1
	}
	cases := live.Cases(live.Config{Sessions: n, Seed: testSeed})
	if len(cases) != n*len(live.Families()) {
		t.Fatalf("%d cases", len(cases))
	}
	for _, p := range vectors.Profiles {
		t.Run(string(p), func(t *testing.T) {
			report(t, runLive(t, reference.Adapter(), cases, p))
		})
	}
}

// wrap returns the reference with op replaced by f.
func wrap(info func(*conformance.Info), op *vectors.Family, f func(ctx context.Context, req conformance.Request) (conformance.Reply, error)) conformance.Adapter {
	ref := reference.Adapter()
	i, _ := ref.Hello(context.Background())
	if info != nil {
		info(&i)
	}
	return &conformance.Func{Info: i, Op: func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
		if op != nil && req.Op == op.Name {
			return f(ctx, req)
		}
		return ref.Do(ctx, req)
	}}
}

func select1(cases []conformance.Case, family string) []conformance.Case {
	return conformance.Select(cases, conformance.Selection{Families: []string{family}})
}

// The same seed gives the same sessions, transcripts included; another seed
// gives others.
func TestSeedReplays(t *testing.T) {
	other, err := live.ParseSeed("ffeeddccbbaa99887766554433221100")
	if err != nil {
		t.Fatal(err)
	}
	run := func(seed live.Seed) []string {
		rep := runLive(t, reference.Adapter(), select1(live.Cases(live.Config{Sessions: 2, Seed: seed}), live.IxianRequester), vectors.Strict)
		var out []string
		for _, r := range rep.Results {
			out = append(out, strings.Join(r.Details, "\n"))
		}
		return out
	}
	a, b, c := run(testSeed), run(testSeed), run(other)
	if strings.Join(a, "") != strings.Join(b, "") {
		t.Error("the same seed gave different sessions")
	}
	if strings.Join(a, "") == strings.Join(c, "") || a[0] == a[1] {
		t.Error("different seeds or sessions gave the same transcript")
	}
	if !strings.Contains(a[0], "pqhs/live/"+testSeed.String()+"/"+live.IxianRequester+"/1/") {
		t.Errorf("the transcript does not name its labels:\n%s", a[0])
	}
	for _, bad := range []string{"", "00", "zz0102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f00"} {
		if _, err := live.ParseSeed(bad); err == nil {
			t.Errorf("ParseSeed(%q) accepted", bad)
		}
	}
}

// Wrong answers fail the session that sees them, with a transcript that
// says where.
func TestWrongAdapterFails(t *testing.T) {
	cases := live.Cases(live.Config{Sessions: 1, Seed: testSeed})
	ref := reference.Adapter()
	for _, tc := range []struct {
		name, family string
		op           *vectors.Family
		want         string
		f            func(ctx context.Context, req conformance.Request) (conformance.Reply, error)
	}{
		{"keys differ", live.IxianAcceptor, vectors.IxianAcceptorKeys2, "outputs differ: aesKey",
			func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
				r, err := ref.Do(ctx, req)
				if r.Kind == conformance.KindOutputs {
					r.Outputs = mapsClone(r.Outputs).SetBytes("aesKey", make([]byte, 32))
				}
				return r, err
			}},
		{"tampered box accepted", live.VerbethOpenTampered, vectors.VerbethResponseOpen, "accepted, but an invalid test must be rejected with aead_auth",
			func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
				return conformance.OutputsReply(vectors.Values{}), nil
			}},
		{"implicit rejection as an error", live.IxianKeys2Invalid, vectors.IxianAcceptorKeys2, "rejected with aead_auth, but a valid test must be accepted",
			func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
				return conformance.RejectReply("aead_auth", "decapsulation failed"), nil
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := runLive(t, wrap(nil, tc.op, tc.f), select1(cases, tc.family), vectors.Strict)
			r := rep.Results[0]
			if r.Verdict != conformance.Fail || !strings.Contains(r.Message, tc.want) {
				t.Fatalf("%s %q\n%s", r.Verdict, r.Message, strings.Join(r.Details, "\n"))
			}
			if !strings.Contains(r.Details[len(r.Details)-1], "FAIL: ") {
				t.Errorf("the transcript does not end with the failure:\n%s", strings.Join(r.Details, "\n"))
			}
		})
	}
}

func mapsClone(v vectors.Values) vectors.Values {
	out := vectors.Values{}
	for k, x := range v {
		out[k] = x
	}
	return out
}

// Checks whose operations the adapter lacks are skipped; optional steps are
// left out and said so; faults and unsupported answers end the session
// without a verdict on the implementation.
func TestOperationsAndFaults(t *testing.T) {
	cases := live.Cases(live.Config{Sessions: 1, Seed: testSeed})
	noRatchet := wrap(func(i *conformance.Info) {
		i.Operations = slices.DeleteFunc(i.Operations, func(op string) bool {
			return strings.HasPrefix(op, "verbeth/ratchet/") || strings.HasPrefix(op, "ixian/spixi2/") || op == vectors.IxianAcceptorKeys2.Name
		})
	}, nil, nil)
	rep := runLive(t, noRatchet, cases, vectors.Strict)
	for _, r := range rep.Results {
		want := conformance.Pass
		switch r.Case.Family.Name {
		case live.VerbethDecryptTampered, live.IxianSpixi2Tampered, live.IxianAcceptor, live.IxianKeys2Invalid:
			want = conformance.Skip
		}
		if r.Verdict != want {
			t.Errorf("%s: %s %s, want %s", r.Case.Name(), r.Verdict, r.Message, want)
		}
		if r.Case.Family.Name == live.VerbethInitiator && !strings.Contains(strings.Join(r.Details, "\n"), "note: no ratchet messages") {
			t.Errorf("%s does not say it left the ratchet out", r.Case.Name())
		}
	}

	crash := wrap(nil, vectors.VerbethSessionResponder, func(context.Context, conformance.Request) (conformance.Reply, error) {
		return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultExited, Message: "boom"}
	})
	r := runLive(t, crash, select1(cases, live.VerbethResponder), vectors.Strict).Results[0]
	if r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != conformance.FaultExited {
		t.Errorf("fault: %s %q %+v", r.Verdict, r.Message, r.Fault)
	}
	unsupported := wrap(nil, vectors.IxianRequesterAcceptAdd2, func(context.Context, conformance.Request) (conformance.Reply, error) {
		return conformance.UnsupportedReply("no ML-KEM-1024 here"), nil
	})
	r = runLive(t, unsupported, select1(cases, live.IxianRequester), vectors.Strict).Results[0]
	if r.Verdict != conformance.Skip || !strings.Contains(r.Message, "no ML-KEM-1024 here") {
		t.Errorf("unsupported: %s %q", r.Verdict, r.Message)
	}
}

// Source makes the sessions of Cases on demand, selected as Select would.
func TestSourceIsCases(t *testing.T) {
	cfg := live.Config{Sessions: 7, Seed: live.Seed{1}}
	all := live.Cases(cfg)
	for _, sel := range []conformance.Selection{
		{},
		{Protocols: []string{"verbeth"}},
		{Families: []string{"ixian/live/*"}, TcIDs: []conformance.IDRange{{Lo: 6, Hi: 20}, {Lo: 2, Hi: 3}, {Lo: 3, Hi: 4}}},
		{Flags: []string{"Other"}},
		{Results: []vectors.Result{vectors.Invalid}},
	} {
		want := conformance.Select(all, sel)
		src := live.Source(cfg, &sel)
		if src.Len() != len(want) {
			t.Fatalf("%+v: %d cases, want %d", sel, src.Len(), len(want))
		}
		for i := range want {
			got := src.Case(i)
			if got.Name() != want[i].Name() || got.Comment != want[i].Comment {
				t.Fatalf("%+v: case %d is %s, want %s", sel, i, got.Name(), want[i].Name())
			}
		}
	}
	if n := live.Source(live.Config{Sessions: 1_000_000}, &conformance.Selection{}).Len(); n != 1_000_000*len(live.Families()) {
		t.Errorf("Len %d", n)
	}
}
