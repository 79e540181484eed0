package subprocess_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// envServe makes the test binary an adapter built on Serve; with
// envServeCrash it exits on the request whose data is that hex.
const (
	envServe      = "PQHS_SUBPROCESS_TEST_SERVE"
	envServeCrash = "PQHS_SUBPROCESS_TEST_SERVE_CRASH"
)

func TestMain(m *testing.M) {
	conformancetest.Register()
	conformancetest.Main() // the fake adapter program, when asked for
	hostileMain()          // the hostile one
	if os.Getenv(envServe) != "" {
		a := conformancetest.Adapter()
		if crashOn := os.Getenv(envServeCrash); crashOn != "" {
			// Dies on the request whose data is crashOn, with the
			// answers to earlier requests still unwritten.
			op := a.Op
			a.Op = func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
				if string(req.Inputs["data"]) == `"`+crashOn+`"` {
					fmt.Fprintln(os.Stderr, "crashing on", crashOn)
					os.Exit(3)
				}
				return op(ctx, req)
			}
		}
		err := subprocess.ServeAdapter(os.Stdin, os.Stdout, a)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func self(t testing.TB) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// fakeConfig runs the test binary as the fake adapter in mode.
func fakeConfig(t testing.TB, mode string, at int) subprocess.Config {
	return subprocess.Config{
		Command: []string{self(t)},
		Env:     conformancetest.Env(mode, at, filepath.Join(t.TempDir(), "state")),
		// Generous: no test here may depend on how fast a loaded machine
		// starts a program or answers; the tests of timeouts fire their
		// timers on events (SetTimer).
		StartTimeout:   time.Minute,
		RequestTimeout: time.Minute,
	}
}

const numTests = 10

// runAll runs numTests tests of the double through adapters made from cfg,
// and checks what every run must give: one verdict per test, in order.
func runAll(t *testing.T, cfg subprocess.Config, parallel int) (*conformance.Report, []*subprocess.Adapter) {
	t.Helper()
	return runN(t, cfg, parallel, numTests)
}

// runN is runAll with n tests.
func runN(t *testing.T, cfg subprocess.Config, parallel, n int) (*conformance.Report, []*subprocess.Adapter) {
	t.Helper()
	cases := conformance.Cases([]*vectors.File{conformancetest.File(n)})
	var (
		mu       sync.Mutex
		adapters []*subprocess.Adapter
	)
	open := func() (conformance.Adapter, error) {
		a := subprocess.New(cfg)
		mu.Lock()
		adapters = append(adapters, a)
		mu.Unlock()
		return a, nil
	}
	// A bound on the whole run, not a measurement: on a loaded machine a run
	// that restarts its program for every third case took over a minute
	// (TestHang ended "interrupted"); the faults fire on events, not on it.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep, err := conformance.Run(ctx, open, cases, conformance.Options{Profile: vectors.Strict, Parallel: parallel, Timeout: cfg.RequestTimeout})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != n {
		t.Fatalf("%d results for %d tests", len(rep.Results), n)
	}
	for i, r := range rep.Results {
		if r.Case.TcID != i+1 {
			t.Errorf("result %d is tcId %d", i, r.Case.TcID)
		}
		switch r.Verdict {
		case conformance.Pass, conformance.Fail, conformance.Skip, conformance.Error:
		default:
			t.Errorf("tcId %d: no verdict (%q)", r.Case.TcID, r.Verdict)
		}
		if r.Verdict == conformance.Error && r.Fault == nil {
			t.Errorf("tcId %d: an error without a fault: %s", r.Case.TcID, r.Message)
		}
	}
	return rep, adapters
}

// checkFaultsAt checks that exactly the tests at (tcIds) are errors of kind,
// with check applied to each fault, and that all others pass.
func checkFaultsAt(t *testing.T, rep *conformance.Report, at []int, kind conformance.FaultKind, check func(*conformance.Fault)) {
	t.Helper()
	faulty := map[int]bool{}
	for _, id := range at {
		faulty[id] = true
	}
	for _, r := range rep.Results {
		id := r.Case.TcID
		if !faulty[id] {
			if r.Verdict != conformance.Pass {
				t.Errorf("tcId %d: %s (%s), want pass", id, r.Verdict, r.Message)
			}
			continue
		}
		if r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != kind {
			t.Errorf("tcId %d: %s %+v, want an error of kind %q", id, r.Verdict, r.Fault, kind)
			continue
		}
		if !r.Unexpected {
			t.Errorf("tcId %d: an error must fail the run", id)
		}
		if check != nil {
			check(r.Fault)
		}
	}
}

// Each process misbehaves at its third request, so with restarts the
// faults fall on tcIds 3, 6 and 9.
var everyThird = []int{3, 6, 9}

func TestCorrectAdapterPasses(t *testing.T) {
	rep, adapters := runAll(t, fakeConfig(t, conformancetest.ModeOK, 0), 1)
	checkFaultsAt(t, rep, nil, "", nil)
	if rep.Adapter.Name != "pqhs-testdouble" || rep.Adapter.Protocol != conformance.ProtocolVersion {
		t.Errorf("hello %+v", rep.Adapter)
	}
	if n := adapters[0].Starts(); n != 1 {
		t.Errorf("%d starts, want 1", n)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %q", rep.Warnings)
	}
}

func TestServeAdapterPasses(t *testing.T) {
	cfg := subprocess.Config{Command: []string{self(t)}, Env: append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep, conformancetest.OneProc)}
	rep, _ := runAll(t, cfg, 1)
	checkFaultsAt(t, rep, nil, "", nil)
}

func TestParallelKeepsOrder(t *testing.T) {
	rep, adapters := runAll(t, fakeConfig(t, conformancetest.ModeOK, 0), 3)
	checkFaultsAt(t, rep, nil, "", nil)
	if len(adapters) != 3 {
		t.Errorf("%d adapter instances, want 3", len(adapters))
	}
}

func TestCrashMidRun(t *testing.T) {
	rep, adapters := runAll(t, fakeConfig(t, conformancetest.ModeCrash, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultExited, func(f *conformance.Fault) {
		if !strings.Contains(f.Stderr, conformancetest.CrashMessage) {
			t.Errorf("stderr %q lacks the crash message", f.Stderr)
		}
		if f.Status != "exit status 2" {
			t.Errorf("status %q", f.Status)
		}
	})
	if n := adapters[0].Starts(); n != 4 {
		t.Errorf("%d starts, want 4 (the first and three restarts)", n)
	}
}

// A hang is a timeout of the request that hangs, with the partial line
// recorded. The timer fires when the program has announced its hang, not
// after a wall-clock delay that a loaded machine could exceed for the
// requests that do not hang (this test used to race a 200 ms timeout).
func TestHang(t *testing.T) {
	dir := t.TempDir()
	cfg := fakeConfig(t, conformancetest.ModeOK, 0)
	cfg.Env = append(os.Environ(), envHostile+"=hang-after-hello", envHostileDir+"="+dir, conformancetest.NoRaceExitSleep, conformancetest.OneProc)
	subprocess.SetTimer(&cfg, markerTimer(dir))
	rep, _ := runAll(t, cfg, 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultTimeout, func(f *conformance.Fault) {
		if !strings.Contains(f.Seen, `"outp`) {
			t.Errorf("the partial line is not recorded: seen %q", f.Seen)
		}
		if !strings.Contains(f.Message, "no answer within 1m0s") || f.Status != "" {
			t.Errorf("fault %+v", f)
		}
	})
}

func TestGarbage(t *testing.T) {
	rep, _ := runAll(t, fakeConfig(t, conformancetest.ModeGarbage, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultProtocol, func(f *conformance.Fault) {
		if !strings.Contains(f.Seen, `\x00\xffnot json\x1b[31m`) {
			t.Errorf("seen %q: want the junk, escaped", f.Seen)
		}
		if !strings.Contains(f.Message, "not a JSON object") {
			t.Errorf("message %q", f.Message)
		}
	})
}

func TestHalfWrittenLine(t *testing.T) {
	rep, _ := runAll(t, fakeConfig(t, conformancetest.ModeHalfLine, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultProtocol, func(f *conformance.Fault) {
		if !strings.Contains(f.Message, "half-written") || !strings.Contains(f.Seen, `"outp`) {
			t.Errorf("fault %+v", f)
		}
	})
}

func TestWrongID(t *testing.T) {
	rep, _ := runAll(t, fakeConfig(t, conformancetest.ModeWrongID, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultProtocol, func(f *conformance.Fault) {
		if !strings.Contains(f.Message, "a response with id") || !strings.Contains(f.Seen, `"id":`) {
			t.Errorf("fault %+v", f)
		}
	})
	// The ids run on across restarts, so the message names the exact pair.
	if m := rep.Results[2].Fault.Message; m != "a response with id 1003 to request 3" {
		t.Errorf("message %q", m)
	}
}

func TestTwoForms(t *testing.T) {
	rep, _ := runAll(t, fakeConfig(t, conformancetest.ModeTwoForms, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultProtocol, func(f *conformance.Fault) {
		if !strings.Contains(f.Message, "exactly one of") {
			t.Errorf("fault %+v", f)
		}
	})
}

// One long line, then a test on the restarted program: each 17 MiB line
// costs the two processes about a quarter of a second of CPU, and a second
// or third would run the same code on a new program and a new reader (the
// restart after the first is what tcId 4 checks). TestHostileAdapters'
// endless-line is the same limit without a newline.
func TestLongLine(t *testing.T) {
	rep, _ := runN(t, fakeConfig(t, conformancetest.ModeLongLine, 3), 1, 4)
	checkFaultsAt(t, rep, []int{3}, conformance.FaultProtocol, func(f *conformance.Fault) {
		if !strings.Contains(f.Message, "longer than 16 MiB") {
			t.Errorf("message %q", f.Message)
		}
		if len(f.Seen) > subprocess.SeenLimit+100 {
			t.Errorf("seen is %d bytes; it must be truncated", len(f.Seen))
		}
	})
}

// An unknown category is the adapter's answer, not a fault: the test fails
// and the adapter is not restarted.
func TestUnknownCategory(t *testing.T) {
	rep, adapters := runAll(t, fakeConfig(t, conformancetest.ModeUnknownCategory, 3), 1)
	r := rep.Results[2]
	if r.Verdict != conformance.Fail || !strings.Contains(r.Message, `unknown category "weird_category"`) {
		t.Errorf("tcId 3: %s %q", r.Verdict, r.Message)
	}
	if n := adapters[0].Starts(); n != 1 {
		t.Errorf("%d starts, want 1", n)
	}
}

func TestStderrTailIsBounded(t *testing.T) {
	rep, _ := runAll(t, fakeConfig(t, conformancetest.ModeStderrFlood, 3), 1)
	checkFaultsAt(t, rep, everyThird, conformance.FaultExited, func(f *conformance.Fault) {
		if len(f.Stderr) > subprocess.StderrTail+16 {
			t.Errorf("stderr tail is %d bytes", len(f.Stderr))
		}
		if !strings.HasSuffix(strings.TrimSpace(f.Stderr), conformancetest.CrashMessage) {
			t.Errorf("the tail does not end with the crash message: …%q", f.Stderr[max(0, len(f.Stderr)-80):])
		}
	})
}

// An adapter that never starts properly: every test is an error carrying
// what was seen, and the runner tries exactly three times.
func TestNeverStarts(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		msg    string
		seen   string
		stderr string
		status string
	}{
		{conformancetest.ModeNoHello, "nothing within 1m0s", "", "", ""},
		{conformancetest.ModeBadHello, `protocol "pqhs-adapter/0"`, `"pqhs-adapter/0"`, "", ""},
		{conformancetest.ModeGarbageHello, "not a valid hello: not a JSON object", "Listening on port 8080", "", ""},
		{conformancetest.ModeExitAtStart, "ended its output", "", "cannot load its keys", "exit status 7"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			cfg := fakeConfig(t, tc.mode, 0)
			if tc.mode == conformancetest.ModeNoHello {
				// It never speaks: its start timer may fire at once. The
				// other modes keep the generous timeout, so that a slow
				// start on a loaded machine cannot turn their fault into
				// this one.
				subprocess.SetTimer(&cfg, func(kind string, _ time.Duration) (<-chan time.Time, func()) {
					c := make(chan time.Time, 1)
					if kind == "start" {
						c <- time.Now()
					}
					return c, func() {}
				})
			}
			rep, adapters := runAll(t, cfg, 1)
			for _, r := range rep.Results {
				f := r.Fault
				if r.Verdict != conformance.Error || f == nil || f.Kind != conformance.FaultNoHello {
					t.Fatalf("tcId %d: %s %+v", r.Case.TcID, r.Verdict, f)
				}
				if !strings.Contains(f.Message, "did not say hello") || !strings.Contains(f.Message, tc.msg) ||
					!strings.Contains(f.Seen, tc.seen) || !strings.Contains(f.Stderr, tc.stderr) || !strings.Contains(f.Status, tc.status) {
					t.Fatalf("tcId %d: fault %+v", r.Case.TcID, f)
				}
			}
			if n := adapters[0].Starts(); n != subprocess.DefaultMaxStarts {
				t.Errorf("%d starts, want %d", n, subprocess.DefaultMaxStarts)
			}
			if rep.OK() {
				t.Error("the run passed")
			}
		})
	}
}

func TestCommandNotFound(t *testing.T) {
	cfg := subprocess.Config{Command: []string{filepath.Join(t.TempDir(), "no-such-adapter")}}
	rep, _ := runAll(t, cfg, 1)
	for _, r := range rep.Results {
		if r.Verdict != conformance.Error || !strings.Contains(r.Message, "cannot start") {
			t.Fatalf("tcId %d: %s %q", r.Case.TcID, r.Verdict, r.Message)
		}
	}
}

// A program that crashes and then refuses to start: after three failed
// starts in a row the runner stops trying, and the rest are errors at once.
func TestGivesUpAfterThreeFailedStarts(t *testing.T) {
	cfg := fakeConfig(t, conformancetest.ModeCrashThenDead, 2)
	rep, adapters := runAll(t, cfg, 1)
	want := map[int]conformance.FaultKind{2: conformance.FaultExited, 3: conformance.FaultNoHello, 4: conformance.FaultNoHello, 5: conformance.FaultNoHello}
	for _, r := range rep.Results {
		id := r.Case.TcID
		kind, ok := want[id]
		switch {
		case id == 1:
			if r.Verdict != conformance.Pass {
				t.Errorf("tcId 1: %s", r.Verdict)
			}
			continue
		case !ok:
			kind = conformance.FaultUnavailable
		}
		if r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != kind {
			t.Errorf("tcId %d: %s %+v, want %q", id, r.Verdict, r.Fault, kind)
		}
	}
	if f := rep.Results[9].Fault; f == nil || !strings.Contains(f.Message, "gave up after 3 failed starts") || !strings.Contains(f.Stderr, "refusing to start") {
		t.Errorf("the last fault: %+v", f)
	}
	if n := adapters[0].Starts(); n != 4 {
		t.Errorf("%d starts, want 4", n)
	}
}

// Cancelling the run stops the adapter; the tests not yet run are errors.
func TestInterrupted(t *testing.T) {
	cfg := fakeConfig(t, conformancetest.ModeOK, 0)
	cases := conformance.Cases([]*vectors.File{conformancetest.File(numTests)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }
	rep, err := conformance.Run(ctx, open, cases, conformance.Options{Timeout: time.Minute, OnResult: func(done, _ int, _ *conformance.Result) {
		if done == 4 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rep.Results {
		want := conformance.Pass
		if i >= 4 {
			want = conformance.Error
		}
		if r.Verdict != want {
			t.Errorf("tcId %d: %s, want %s", r.Case.TcID, r.Verdict, want)
		}
		if want == conformance.Error && (r.Fault == nil || r.Fault.Kind != conformance.FaultInterrupted) {
			t.Errorf("tcId %d: fault %+v", r.Case.TcID, r.Fault)
		}
	}
}

// Close reports an adapter that does not exit cleanly.
func TestCloseReportsExitStatus(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the adapter is a shell command line: needs sh")
	}
	a := subprocess.New(subprocess.Config{Command: subprocess.Shell(`echo '{"hello":{"protocol":"pqhs-adapter/1","profiles":["strict"],"operations":[]}}'; cat >/dev/null; echo bye >&2; exit 4`)})
	if _, err := a.Hello(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := a.Close()
	if err == nil || !strings.Contains(err.Error(), "exit status 4") || !strings.Contains(err.Error(), "bye") {
		t.Errorf("Close: %v", err)
	}
}

// pipelined sends every case from 16 goroutines at once to one adapter
// and returns the outcomes by case.
func pipelined(t *testing.T, a *subprocess.Adapter, cases []conformance.Case) ([]conformance.Reply, []error) {
	replies, errs := make([]conformance.Reply, len(cases)), make([]error, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				replies[i], errs[i] = a.Do(context.Background(), conformance.Request{Op: cases[i].Family.Name, Profile: vectors.Strict, Inputs: cases[i].Inputs})
			}
		})
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	return replies, errs
}

// An adapter on Serve announces pipeline/1; requests from many goroutines
// are then in flight together on one program, and each gets its own answer.
func TestPipelining(t *testing.T) {
	cases := conformance.Cases([]*vectors.File{conformancetest.File(300)})
	a := subprocess.New(subprocess.Config{Command: []string{self(t)}, Env: append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep, conformancetest.OneProc)})
	defer a.Close()
	replies, errs := pipelined(t, a, cases)
	for i := range cases {
		if errs[i] != nil {
			t.Fatalf("tc %d: %v", cases[i].TcID, errs[i])
		}
		if want := conformancetest.Reply(conformance.Request{Op: cases[i].Family.Name, Profile: vectors.Strict, Inputs: cases[i].Inputs}); !reflect.DeepEqual(replies[i], want) {
			t.Fatalf("tc %d: %+v, want %+v", cases[i].TcID, replies[i], want)
		}
	}
	if n := a.Starts(); n != 1 {
		t.Errorf("%d starts, want 1", n)
	}
}

// A program that dies with several requests in flight: the fault goes to
// the request that killed it (sent alone again if need be), every other
// request is answered by the restarted program, none is lost.
func TestPipeliningCrash(t *testing.T) {
	cases, a := crashingOn100(t)
	defer a.Close()
	replies, errs := pipelined(t, a, cases)
	for i := range cases {
		same := string(cases[i].Inputs["data"]) == string(cases[100].Inputs["data"])
		switch {
		case same:
			var f *conformance.Fault
			if !errors.As(errs[i], &f) || f.Kind != conformance.FaultExited || !strings.Contains(f.Stderr, "crashing on") {
				t.Errorf("tc %d (the crashing input): %v, want an exit fault with the crash on stderr", cases[i].TcID, errs[i])
			}
		case errs[i] != nil:
			t.Errorf("tc %d: %v", cases[i].TcID, errs[i])
		default:
			if want := conformancetest.Reply(conformance.Request{Op: cases[i].Family.Name, Profile: vectors.Strict, Inputs: cases[i].Inputs}); !reflect.DeepEqual(replies[i], want) {
				t.Errorf("tc %d: %+v, want %+v", cases[i].TcID, replies[i], want)
			}
		}
	}
}

// crashingOn100 gives 200 cases and an adapter whose pipelining serve
// program dies when it reads the 101st case's input.
func crashingOn100(t *testing.T) ([]conformance.Case, *subprocess.Adapter) {
	t.Helper()
	cases := conformance.Cases([]*vectors.File{conformancetest.File(200)})
	var victim string
	if err := json.Unmarshal(cases[100].Inputs["data"], &victim); err != nil {
		t.Fatal(err)
	}
	return cases, subprocess.New(subprocess.Config{Command: []string{self(t)}, Env: append(os.Environ(), envServe+"=1", envServeCrash+"="+victim, conformancetest.NoRaceExitSleep, conformancetest.OneProc)})
}
