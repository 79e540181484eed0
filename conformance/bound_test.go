package conformance_test

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/vectors"
)

// An in-process adapter's long outputs are kept bounded (ValueLimit) in the
// result's reply and mismatches, and the run holds the long values nowhere
// else: after 32 answers of 512 KB, the live heap has grown by less than a
// quarter of that. (Bounding a copy of the reply, and leaving the answer
// where the worker had put it, kept every answer until the run's end.)
func TestLongOutputsAreNotKept(t *testing.T) {
	const n, size = 32, 1 << 19
	var cases []conformance.Case
	for _, c := range doubleCases(4 * n) {
		if c.Result == vectors.Valid {
			cases = append(cases, c)
		}
	}
	live := func() int64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	var base, last int64
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		switch string(req.Inputs["data"]) {
		case string(cases[0].Inputs["data"]):
			base = live()
		case string(cases[len(cases)-1].Inputs["data"]):
			last = live() // what the run holds of the answers before
		}
		r := conformancetest.Reply(req)
		// A new answer every time, as a real adapter's: size bytes of hex.
		r.Outputs.SetBytes("payload", make([]byte, size/2))
		return r, nil
	}}
	rep := run(t, a, cases, conformance.Options{})
	for _, r := range rep.Results {
		if r.Verdict != conformance.Fail || len(r.Mismatches) != 1 {
			t.Fatalf("%s: %s %q, want a failure on the payload", r.Case.Name(), r.Verdict, r.Message)
		}
		if got := r.Reply.Outputs["payload"]; len(got) > conformance.ValueLimit || !strings.Contains(string(got), "bytes in all") {
			t.Fatalf("%s: the reply keeps %d bytes of the payload (%.40s…)", r.Case.Name(), len(got), got)
		}
		if got := r.Mismatches[0].Actual; len(got) > conformance.ValueLimit {
			t.Fatalf("%s: the mismatch keeps %d bytes", r.Case.Name(), len(got))
		}
	}
	if kept := last - base; kept > n*size/4 {
		t.Errorf("the run held %d KB of %d answers of %d KB", kept>>10, n-1, size>>10)
	}
}

// A test that passed keeps the vector's outputs as its reply's, not the
// adapter's copy of the same bytes: the result then holds none of the
// adapter's memory.
func TestPassKeepsTheVectorsOutputs(t *testing.T) {
	cases := doubleCases(conformancetest.NumKinds)
	rep := run(t, conformancetest.Adapter(), cases, conformance.Options{})
	n := 0
	for i, r := range rep.Results {
		if r.Verdict != conformance.Pass || r.Reply.Kind != conformance.KindOutputs {
			continue
		}
		n++
		for k, v := range r.Reply.Outputs {
			if want := cases[i].Outputs[k]; len(v) == 0 || &v[0] != &want[0] {
				t.Errorf("%s: output %s is not the vector's", r.Case.Name(), k)
			}
		}
	}
	if n == 0 {
		t.Fatal("no test passed with outputs")
	}
}

// Only an answer that repeats the vector's outputs exactly is given the
// vector's: one that passes as Compare judges, but in other bytes or with
// other members, keeps what the adapter sent, since reports print it.
func TestPassKeepsWhatWasSent(t *testing.T) {
	n := map[string]int{}
	for _, c := range doubleCases(conformancetest.NumKinds) {
		if len(c.Outputs) == 0 || !c.Result.Accepts(vectors.Deployed) {
			continue
		}
		edits := map[string]func(vectors.Values) vectors.Values{
			"uppercase hex": func(v vectors.Values) vectors.Values {
				p := strings.ToUpper(string(v["payload"]))
				if p == string(v["payload"]) {
					return nil // no letter to change
				}
				v["payload"] = []byte(p)
				return v
			},
			"extra member for an optional one": func(v vectors.Values) vectors.Values {
				if _, ok := v["rest"]; !ok {
					return nil
				}
				delete(v, "rest")
				v["junk"] = []byte(`"x"`)
				return v
			},
		}
		for name, edit := range edits {
			out := make(vectors.Values, len(c.Outputs))
			for k, v := range c.Outputs {
				out[k] = append([]byte(nil), v...)
			}
			if edit(out) == nil {
				continue
			}
			o := conformance.Judge(&c, vectors.Deployed, conformance.OutputsReply(out), false)
			if o.Verdict != conformance.Pass {
				t.Fatalf("%s, %s: %s, want a pass (%s)", c.Name(), name, o.Verdict, o.Message)
			}
			n[name]++
			for k, v := range out {
				if got := o.Reply.Outputs[k]; string(got) != string(v) {
					t.Errorf("%s, %s: the reply's %s is %s, the adapter sent %s", c.Name(), name, k, got, v)
				}
			}
			if len(o.Reply.Outputs) != len(out) {
				t.Errorf("%s, %s: the reply has %d outputs, the adapter sent %d", c.Name(), name, len(o.Reply.Outputs), len(out))
			}
		}
	}
	if len(n) != 2 {
		t.Fatalf("edits judged: %v; want both", n)
	}
}
