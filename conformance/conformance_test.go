package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func TestMain(m *testing.M) {
	conformancetest.Register()
	os.Exit(m.Run())
}

func doubleCases(n int) []conformance.Case {
	return conformance.Cases([]*vectors.File{conformancetest.File(n)})
}

// caseOf returns the first case of the given kind.
func caseOf(kind int) *conformance.Case {
	cs := doubleCases(conformancetest.NumKinds)
	return &cs[kind]
}

func run(t *testing.T, a conformance.Adapter, cases []conformance.Case, opt conformance.Options) *conformance.Report {
	t.Helper()
	rep, err := conformance.Run(context.Background(), conformance.Shared(a), cases, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(rep.Results), len(cases))
	}
	for i := range rep.Results {
		if rep.Results[i].Case.Name() != cases[i].Name() {
			t.Fatalf("result %d is %s, want %s", i, rep.Results[i].Case.Name(), cases[i].Name())
		}
	}
	return rep
}

// counting wraps an adapter and counts its requests.
type counting struct {
	conformance.Adapter
	n atomic.Int64
}

func (c *counting) Do(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	c.n.Add(1)
	return c.Adapter.Do(ctx, req)
}

// replying is an adapter that answers every request with r.
func replying(r conformance.Reply) *conformance.Func {
	return &conformance.Func{Info: conformancetest.Info(), Op: func(context.Context, conformance.Request) (conformance.Reply, error) { return r, nil }}
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func TestJudge(t *testing.T) {
	valid, truncated, trailing := caseOf(conformancetest.KindValid), caseOf(conformancetest.KindTruncated), caseOf(conformancetest.KindTrailing)
	good := valid.Outputs
	with := func(v vectors.Values, k, val string) vectors.Values {
		out := vectors.Values{}
		for kk, vv := range v {
			out[kk] = vv
		}
		if val == "" {
			delete(out, k)
		} else {
			out[k] = raw(val)
		}
		return out
	}
	var payload string
	json.Unmarshal(good["payload"], &payload)
	upper := `"` + strings.ToUpper(payload) + `"`

	for _, tc := range []struct {
		name    string
		c       *conformance.Case
		p       vectors.Profile
		reply   conformance.Reply
		loose   bool
		verdict conformance.Verdict
		msg     string // a substring of Message (or Warning, for warned passes)
		fields  []string
	}{
		{"valid, right outputs", valid, vectors.Strict, conformance.OutputsReply(good), false, conformance.Pass, "", nil},
		{"valid, upper-case hex", valid, vectors.Strict, conformance.OutputsReply(with(good, "payload", upper)), false, conformance.Pass, "", nil},
		{"valid, extra output", valid, vectors.Strict, conformance.OutputsReply(with(good, "debug", `"x"`)), false, conformance.Pass, "", nil},
		{"valid, wrong output", valid, vectors.Strict, conformance.OutputsReply(with(good, "payload", `"00"`)), false, conformance.Fail, "outputs differ: payload", []string{"payload"}},
		{"valid, wrong int", valid, vectors.Deployed, conformance.OutputsReply(with(good, "length", `99`)), false, conformance.Fail, "outputs differ: length", []string{"length"}},
		{"valid, missing output", valid, vectors.Strict, conformance.OutputsReply(with(good, "length", "")), false, conformance.Fail, "outputs differ: length", []string{"length"}},
		{"valid, rejected", valid, vectors.Strict, conformance.RejectReply(category.Truncated, ""), false, conformance.Fail, "must be accepted", nil},
		{"invalid, right category", truncated, vectors.Strict, conformance.RejectReply(category.Truncated, "short"), false, conformance.Pass, "", nil},
		{"invalid, right category, deployed", truncated, vectors.Deployed, conformance.RejectReply(category.Truncated, ""), false, conformance.Pass, "", nil},
		{"invalid, wrong category", truncated, vectors.Strict, conformance.RejectReply(category.JSON, ""), false, conformance.Fail, "rejected with json, expected truncated", nil},
		{"invalid, wrong category, loose", truncated, vectors.Strict, conformance.RejectReply(category.JSON, ""), true, conformance.Pass, "rejected with json, expected truncated", nil},
		{"invalid, unknown category", truncated, vectors.Strict, conformance.RejectReply("Truncated", ""), false, conformance.Fail, `unknown category "Truncated"`, nil},
		{"invalid, unknown category, loose", truncated, vectors.Strict, conformance.RejectReply("oops", ""), true, conformance.Fail, `unknown category "oops"`, nil},
		{"invalid, accepted", truncated, vectors.Strict, conformance.OutputsReply(good), false, conformance.Fail, "must be rejected with truncated", nil},
		{"acceptable, strict, rejected", trailing, vectors.Strict, conformance.RejectReply(category.TrailingBytes, ""), false, conformance.Pass, "", nil},
		{"acceptable, strict, accepted", trailing, vectors.Strict, conformance.OutputsReply(trailing.Outputs), false, conformance.Fail, "an acceptable test must be rejected with trailing_bytes under the strict profile", nil},
		{"acceptable, deployed, accepted", trailing, vectors.Deployed, conformance.OutputsReply(trailing.Outputs), false, conformance.Pass, "", nil},
		{"acceptable, deployed, optional output absent", trailing, vectors.Deployed, conformance.OutputsReply(with(trailing.Outputs, "rest", "")), false, conformance.Pass, "", nil},
		{"acceptable, deployed, optional output wrong", trailing, vectors.Deployed, conformance.OutputsReply(with(trailing.Outputs, "rest", `"ef"`)), false, conformance.Fail, "outputs differ: rest", []string{"rest"}},
		{"acceptable, deployed, rejected", trailing, vectors.Deployed, conformance.RejectReply(category.TrailingBytes, ""), false, conformance.Fail, "must be accepted under the deployed profile", nil},
		{"unsupported", valid, vectors.Strict, conformance.UnsupportedReply("later"), false, conformance.Skip, "unsupported by the adapter: later", nil},
		{"error", valid, vectors.Strict, conformance.ErrorReply("oops"), false, conformance.Error, "reported an error: oops", nil},
		{"reply of no kind", valid, vectors.Strict, conformance.Reply{}, false, conformance.Error, "unknown kind", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := conformance.Judge(tc.c, tc.p, tc.reply, tc.loose)
			if o.Verdict != tc.verdict {
				t.Fatalf("verdict %s (%s), want %s", o.Verdict, o.Message, tc.verdict)
			}
			text := o.Message
			if tc.loose && o.Verdict == conformance.Pass {
				text = o.Warning
				if o.Message != "" {
					t.Errorf("message %q on a pass", o.Message)
				}
			}
			if !strings.Contains(text, tc.msg) {
				t.Errorf("message %q, want it to contain %q", text, tc.msg)
			}
			if o.Verdict == conformance.Pass && !tc.loose && o.Warning != "" {
				t.Errorf("warning %q", o.Warning)
			}
			var fields []string
			for _, m := range o.Mismatches {
				fields = append(fields, m.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("mismatching fields %v, want %v", fields, tc.fields)
			}
		})
	}
	// A vector without a valid result is the vector's fault, reported as such.
	bad := *valid
	bad.Result = "maybe"
	if o := conformance.Judge(&bad, vectors.Strict, conformance.OutputsReply(good), false); o.Verdict != conformance.Error {
		t.Errorf("a vector without a result: %s", o.Verdict)
	}
}

// The correct implementation passes every test under both profiles; a
// family it does not announce is skipped without a request.
func TestRunCorrect(t *testing.T) {
	cases := conformance.Cases([]*vectors.File{conformancetest.File(40), conformancetest.EncodeFile()})
	for _, p := range vectors.Profiles {
		a := &counting{Adapter: conformancetest.Adapter()}
		rep := run(t, a, cases, conformance.Options{Profile: p, Parallel: 4, AllowUnimplemented: true})
		tot := rep.Totals()
		if tot.Pass != 40 || tot.Skip != 2 || tot.Total != 42 || !rep.OK() {
			t.Errorf("%s: %+v", p, tot)
		}
		if a.n.Load() != 40 {
			t.Errorf("%s: %d requests, want 40", p, a.n.Load())
		}
		for _, r := range rep.Results {
			if r.Case.Family == conformancetest.Encode && r.Message != "the adapter does not implement "+conformancetest.Encode.Name {
				t.Errorf("skip message %q", r.Message)
			}
		}
		if rep.Profile != p {
			t.Errorf("report profile %s", rep.Profile)
		}
	}
}

// deployedInStrict is a plausible port bug: it never checks for trailing
// bytes, whatever the profile.
func deployedInStrict() *conformance.Func {
	return &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		req.Profile = vectors.Deployed
		return conformancetest.Reply(req), nil
	}}
}

func TestRunCatchesABug(t *testing.T) {
	rep := run(t, deployedInStrict(), doubleCases(12), conformance.Options{})
	if rep.Profile != vectors.Strict {
		t.Errorf("default profile %s", rep.Profile)
	}
	for _, r := range rep.Results {
		wantFail := (r.Case.TcID-1)%conformancetest.NumKinds == conformancetest.KindTrailing
		if got := r.Verdict == conformance.Fail; got != wantFail || r.Unexpected != wantFail {
			t.Errorf("tcId %d: %s unexpected=%v", r.Case.TcID, r.Verdict, r.Unexpected)
		}
	}
	if rep.OK() || len(rep.Unexpected()) != 3 {
		t.Errorf("OK %v, %d unexpected", rep.OK(), len(rep.Unexpected()))
	}
	fams := rep.Families()
	if len(fams) != 1 || fams[0].Fail != 3 || fams[0].Pass != 9 || fams[0].Family != conformancetest.Decode.Name {
		t.Errorf("families %+v", fams)
	}
}

func TestLooseErrors(t *testing.T) {
	wrongCat := &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		r := conformancetest.Reply(req)
		if r.Kind == conformance.KindReject {
			r.Category = category.JSON
		}
		return r, nil
	}}
	cases := doubleCases(8)
	strict := run(t, wrongCat, cases, conformance.Options{})
	loose := run(t, wrongCat, cases, conformance.Options{LooseErrors: true})
	if n := strict.Totals().Fail; n != 6 {
		t.Errorf("strict judging: %d failures, want 6", n)
	}
	if tot := loose.Totals(); tot.Fail != 0 || tot.Warned != 6 || !loose.OK() {
		t.Errorf("loose judging: %+v", tot)
	}
}

func TestProfileNegotiation(t *testing.T) {
	deployedOnly := conformancetest.Adapter()
	deployedOnly.Info.Profiles = []vectors.Profile{vectors.Deployed}
	rep := run(t, deployedOnly, doubleCases(4), conformance.Options{})
	if rep.Profile != vectors.Deployed || !rep.OK() {
		t.Errorf("profile %s, OK %v", rep.Profile, rep.OK())
	}
	// Asking for a profile the adapter does not follow is an error for
	// every test, never a pass.
	rep = run(t, deployedOnly, doubleCases(4), conformance.Options{Profile: vectors.Strict})
	for _, r := range rep.Results {
		if r.Verdict != conformance.Error || !strings.Contains(r.Message, "does not follow the strict profile") {
			t.Errorf("tcId %d: %s %q", r.Case.TcID, r.Verdict, r.Message)
		}
	}
}

type failingHello struct{ conformance.Func }

func (failingHello) Hello(context.Context) (conformance.Info, error) {
	return conformance.Info{}, &conformance.Fault{Kind: conformance.FaultNoHello, Message: "no"}
}

func TestHelloFails(t *testing.T) {
	rep := run(t, &failingHello{}, doubleCases(5), conformance.Options{Parallel: 2})
	for _, r := range rep.Results {
		if r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != conformance.FaultNoHello {
			t.Errorf("tcId %d: %s %+v", r.Case.TcID, r.Verdict, r.Fault)
		}
	}
}

func TestPanickingAdapter(t *testing.T) {
	n := 0
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		n++
		if n == 2 {
			panic("index out of range")
		}
		return conformancetest.Reply(req), nil
	}}
	for _, timeout := range []time.Duration{0, time.Minute} {
		n = 0
		rep := run(t, a, doubleCases(4), conformance.Options{Timeout: timeout})
		r := rep.Results[1]
		if r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != conformance.FaultPanic || !strings.Contains(r.Fault.Stderr, "goroutine") {
			t.Errorf("timeout %v: %s %+v", timeout, r.Verdict, r.Fault)
		}
		if tot := rep.Totals(); tot.Pass != 3 {
			t.Errorf("timeout %v: %+v", timeout, tot)
		}
	}
}

// An in-process adapter stuck in a loop is abandoned and a new instance
// takes the next test.
//
// The three abandonment tests use a timeout of a second, not milliseconds:
// the other cases must pass within it, and on a loaded machine a goroutine
// can wait tens of milliseconds to run. The stuck request blocks on a
// channel, so the long timeout costs only its own second.
func TestStuckAdapterIsAbandoned(t *testing.T) {
	defer conformance.SetAbandonGrace(50 * time.Millisecond)()
	var opened atomic.Int64
	release := make(chan struct{})
	defer close(release)
	open := func() (conformance.Adapter, error) {
		first := opened.Add(1) == 1
		return &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
			if first {
				<-release // ignores its context
			}
			return conformancetest.Reply(req), nil
		}}, nil
	}
	rep, err := conformance.Run(context.Background(), open, doubleCases(3), conformance.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Verdict != conformance.Error || r.Fault.Kind != conformance.FaultTimeout || !strings.Contains(r.Fault.Message, "abandoned") {
		t.Errorf("tcId 1: %s %+v", r.Verdict, r.Fault)
	}
	if tot := rep.Totals(); tot.Pass != 2 || opened.Load() != 2 {
		t.Errorf("%+v, %d instances", tot, opened.Load())
	}
}

// A stranded request that answers after the watchdog gave up on it changes
// nothing: its case keeps the timeout, every other case runs once, and
// OnResult sees each case once, with two workers.
func TestLateAnswerAfterAbandonment(t *testing.T) {
	defer conformance.SetAbandonGrace(30 * time.Millisecond)()
	var requests atomic.Int64
	answered := make(chan struct{})
	abandoned := make(chan struct{})
	open := func() (conformance.Adapter, error) {
		return &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
			if requests.Add(1) == 1 {
				// Ignores its context, and answers only once the watchdog
				// has settled its case: a sleep here raced the watchdog on
				// a loaded machine.
				<-abandoned
				defer close(answered)
			}
			return conformancetest.Reply(req), nil
		}}, nil
	}
	seen := map[int]int{}
	rep, err := conformance.Run(context.Background(), open, doubleCases(8), conformance.Options{
		Parallel: 2, Timeout: time.Second,
		OnResult: func(done, total int, r *conformance.Result) {
			seen[r.Case.TcID]++
			if r.Verdict == conformance.Error {
				close(abandoned)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	<-answered
	time.Sleep(10 * time.Millisecond) // room for a wrong second recording, which the checks below would see
	if tot := rep.Totals(); tot.Pass != 7 || tot.Error != 1 {
		t.Errorf("%+v", tot)
	}
	if len(seen) != 8 {
		t.Errorf("OnResult saw %v", seen)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("OnResult saw tcId %d %d times", id, n)
		}
	}
	for i, r := range rep.Results {
		if r.Case == nil {
			t.Errorf("result %d is empty", i)
		}
	}
}

func TestCall(t *testing.T) {
	a := conformancetest.Adapter()
	ctx := context.Background()
	in := caseOf(conformancetest.KindValid).Inputs
	out, err := conformance.Call(ctx, a, conformancetest.Decode.Name, vectors.Strict, in)
	if err != nil || !out.Has("payload") {
		t.Fatalf("Call: %v %v", out, err)
	}
	_, err = conformance.Call(ctx, a, conformancetest.Decode.Name, vectors.Strict, caseOf(conformancetest.KindTruncated).Inputs)
	var rj *conformance.RejectError
	if !errors.As(err, &rj) || !errors.Is(err, category.Truncated) || category.Of(err) != category.Truncated {
		t.Errorf("a rejection: %v", err)
	}
	_, err = conformance.Call(ctx, a, conformancetest.Encode.Name, vectors.Strict, in)
	if !errors.Is(err, conformance.ErrUnsupported) {
		t.Errorf("unsupported: %v", err)
	}
	_, err = conformance.Call(ctx, replying(conformance.RejectReply("nonsense", "")), conformancetest.Decode.Name, vectors.Strict, in)
	if category.Of(err) != "" || !errors.As(err, &rj) {
		t.Errorf("an unknown category must not pass for a known one: %v", err)
	}
}

// stepCheck is a Checker of two requests, as live peer mode makes them.
type stepCheck struct {
	ops   []string
	panic bool
}

func (s stepCheck) Operations() []string { return s.ops }

func (s stepCheck) Check(ctx context.Context, env *conformance.Env) conformance.Outcome {
	if s.panic {
		panic("check bug")
	}
	for _, kind := range []int{conformancetest.KindValid, conformancetest.KindTruncated} {
		c := caseOf(kind)
		r, err := env.Do(ctx, conformance.Request{Op: conformancetest.Decode.Name, Profile: env.Profile, Inputs: c.Inputs})
		if err != nil {
			return conformance.Outcome{Verdict: conformance.Error, Fault: conformance.AsFault(err)}
		}
		if o := conformance.Judge(c, env.Profile, r, env.LooseErrors); o.Verdict != conformance.Pass {
			return o
		}
	}
	return conformance.Outcome{Verdict: conformance.Pass}
}

func TestCheckerCases(t *testing.T) {
	cases := []conformance.Case{
		{Family: &vectors.Family{Name: "live/double"}, TcID: 1, Check: stepCheck{ops: []string{conformancetest.Decode.Name}}},
		{Family: &vectors.Family{Name: "live/double"}, TcID: 2, Check: stepCheck{ops: []string{conformancetest.Decode.Name, conformancetest.Encode.Name}}},
		{Family: &vectors.Family{Name: "live/double"}, TcID: 3, Check: stepCheck{ops: []string{conformancetest.Decode.Name}, panic: true}},
	}
	a := &counting{Adapter: conformancetest.Adapter()}
	rep := run(t, a, cases, conformance.Options{Timeout: time.Minute})
	want := []conformance.Verdict{conformance.Pass, conformance.Skip, conformance.Error}
	for i, r := range rep.Results {
		if r.Verdict != want[i] {
			t.Errorf("case %d: %s (%s), want %s", i+1, r.Verdict, r.Message, want[i])
		}
	}
	if a.n.Load() != 2 {
		t.Errorf("%d requests, want 2", a.n.Load())
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("checker cases need no catalogue entry: %q", rep.Warnings)
	}
}

// retryCheck is a Checker that tries again after a fault, which the
// Checker interface allows. It closes retried, if set, after its second
// try.
type retryCheck struct{ retried chan struct{} }

func (retryCheck) Operations() []string { return []string{conformancetest.Decode.Name} }

func (rc retryCheck) Check(ctx context.Context, env *conformance.Env) conformance.Outcome {
	c := caseOf(conformancetest.KindValid)
	for i := range 2 {
		_, err := env.Do(ctx, conformance.Request{Op: conformancetest.Decode.Name, Profile: env.Profile, Inputs: c.Inputs})
		if i == 1 && rc.retried != nil {
			close(rc.retried)
		}
		if err == nil {
			return conformance.Outcome{Verdict: conformance.Pass}
		}
	}
	return conformance.Outcome{Verdict: conformance.Error, Message: "two faults"}
}

// A check that retries after its request was abandoned gets no second
// request through the abandoned worker: its case is settled once, by the
// watchdog, and Run does not return before every case is. The stuck
// request is held until the watchdog has settled its case, and the test
// waits for the retry, rather than sleeping for times that a loaded
// machine could exceed (it used to race an 80 ms sleep against a 40 ms
// watchdog).
func TestRetryAfterAbandonment(t *testing.T) {
	defer conformance.SetAbandonGrace(30 * time.Millisecond)()
	var opened atomic.Int64
	abandoned := make(chan struct{})
	open := func() (conformance.Adapter, error) {
		first := opened.Add(1) == 1
		var requests atomic.Int64
		return &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
			if first {
				switch requests.Add(1) {
				case 1:
					<-abandoned // past the watchdog; then the check retries
				default:
					t.Error("a request went through the abandoned worker")
				}
			}
			return conformancetest.Reply(req), nil
		}}, nil
	}
	retried := make(chan struct{})
	cases := append([]conformance.Case{{Family: &vectors.Family{Name: "live/double"}, TcID: 1, Check: retryCheck{retried}}}, doubleCases(3)...)
	var mu sync.Mutex
	seen := map[string]int{}
	rep, err := conformance.Run(context.Background(), open, cases, conformance.Options{
		Timeout: time.Second,
		OnResult: func(done, total int, r *conformance.Result) {
			mu.Lock()
			seen[r.Case.Name()]++
			mu.Unlock()
			if r.Case.TcID == 1 && r.Case.Family.Name == "live/double" {
				close(abandoned)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-retried:
	case <-time.After(time.Minute):
		t.Fatal("the stranded check did not retry")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(cases) {
		t.Errorf("OnResult saw %v", seen)
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s settled %d times", name, n)
		}
	}
	if r := rep.Results[0]; r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != conformance.FaultTimeout {
		t.Errorf("the check: %s %+v", r.Verdict, r.Fault)
	}
	if tot := rep.Totals(); tot.Pass != 3 {
		t.Errorf("%+v", tot)
	}
}

func TestUncataloguedFamily(t *testing.T) {
	f := conformancetest.File(2)
	f.Family = "pqhstest/not/catalogued"
	a := &conformance.Func{Info: conformance.Info{Profiles: vectors.Profiles, Operations: []string{f.Family}}, Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		req.Op = conformancetest.Decode.Name
		return conformancetest.Reply(req), nil
	}}
	rep := run(t, a, conformance.Cases([]*vectors.File{f}), conformance.Options{})
	if !rep.OK() || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "not in the catalogue") {
		t.Errorf("OK %v, warnings %q", rep.OK(), rep.Warnings)
	}
}

func TestOnResult(t *testing.T) {
	var calls, last int
	rep := run(t, conformancetest.Adapter(), doubleCases(25), conformance.Options{Parallel: 5, OnResult: func(done, total int, r *conformance.Result) {
		calls++
		if done != last+1 || total != 25 || r.Verdict == "" {
			t.Errorf("OnResult(%d, %d, %s) after %d", done, total, r.Verdict, last)
		}
		last = done
	}})
	if calls != 25 || !rep.OK() {
		t.Errorf("%d calls", calls)
	}
}

// Issue 12, defect 6: a run that judged nothing, or skipped tests the
// adapter does not implement, used to pass ("PASS: 0 passed"). As in BoGo
// it fails, unless AllowUnimplemented says otherwise or an
// expected-failures entry disables the tests.
func TestEmptyRun(t *testing.T) {
	rep := run(t, conformancetest.Adapter(), nil, conformance.Options{})
	if rep.OK() || !rep.NothingJudged() || rep.Adapter.Name != "pqhs-testdouble" {
		t.Errorf("an empty run: OK %v, nothing judged %v, %+v", rep.OK(), rep.NothingJudged(), rep.Adapter)
	}
	rep = run(t, conformancetest.Adapter(), nil, conformance.Options{AllowUnimplemented: true})
	if !rep.OK() {
		t.Error("an empty run with AllowUnimplemented failed")
	}
}

func TestUnimplementedFailsTheRun(t *testing.T) {
	cases := conformance.Cases([]*vectors.File{conformancetest.File(4), conformancetest.EncodeFile()})
	unsupported := &conformance.Func{Info: conformancetest.Info(), Op: func(context.Context, conformance.Request) (conformance.Reply, error) {
		return conformance.UnsupportedReply("not yet"), nil
	}}
	for _, tc := range []struct {
		name    string
		a       conformance.Adapter
		opt     conformance.Options
		ok      bool
		unimpl  int
		nothing bool
	}{
		{"skips the family it lacks", conformancetest.Adapter(), conformance.Options{}, false, 2, false},
		{"same, allowed", conformancetest.Adapter(), conformance.Options{AllowUnimplemented: true}, true, 0, false},
		{"same, excused by an entry", conformancetest.Adapter(), conformance.Options{Expect: &conformance.Expectations{Expect: []conformance.Expectation{
			{Match: conformance.Match{Family: conformancetest.Encode.Name}, Expect: conformance.Skip, Reason: "encoding comes later"}}}}, true, 0, false},
		{"unsupported everything", unsupported, conformance.Options{}, false, 6, true},
		{"unsupported everything, allowed", unsupported, conformance.Options{AllowUnimplemented: true}, true, 0, true},
	} {
		rep := run(t, tc.a, cases, tc.opt)
		tot := rep.Totals()
		if rep.OK() != tc.ok || tot.Unimplemented != tc.unimpl || rep.NothingJudged() != tc.nothing {
			t.Errorf("%s: OK %v, nothing judged %v, %+v", tc.name, rep.OK(), rep.NothingJudged(), tot)
		}
	}
}
