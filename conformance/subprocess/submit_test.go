package subprocess_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// submitted sends reqs through Submit as differential fuzzing does: chains
// of requests, each done submitting the chain's next. It returns the
// outcomes by request, and fails the test unless each done ran once.
func submitted(t *testing.T, ctx context.Context, a *subprocess.Adapter, reqs []conformance.Request, chains int) ([]conformance.Reply, []error) {
	t.Helper()
	replies, errs := make([]conformance.Reply, len(reqs)), make([]error, len(reqs))
	calls := make([]atomic.Int32, len(reqs))
	var next atomic.Int64
	var wg sync.WaitGroup
	var step func()
	step = func() {
		i := int(next.Add(1) - 1)
		if i >= len(reqs) {
			return
		}
		wg.Add(1)
		a.Submit(ctx, reqs[i], 0, func(r conformance.Reply, err error) {
			if calls[i].Add(1) == 1 {
				replies[i], errs[i] = r, err
				step()
				wg.Done()
			}
		})
	}
	for range chains {
		step()
	}
	// Only a bound on a hang (a lost outcome): every outcome here comes
	// within a few request timeouts.
	all := make(chan struct{})
	go func() { wg.Wait(); close(all) }()
	select {
	case <-all:
	case <-time.After(2 * time.Minute):
		t.Fatal("a submitted request had no outcome within 2 minutes")
	}
	for i := range calls {
		if n := calls[i].Load(); n != 1 {
			t.Errorf("request %d: done called %d times", i, n)
		}
	}
	return replies, errs
}

func requestsOf(cases []conformance.Case) []conformance.Request {
	reqs := make([]conformance.Request, len(cases))
	for i, c := range cases {
		reqs[i] = conformance.Request{Op: c.Family.Name, Profile: vectors.Strict, Inputs: c.Inputs}
	}
	return reqs
}

// Submitted requests to a pipelining program each get their own answer,
// and take Submit's own path (none falls back to Do).
func TestSubmitPipelining(t *testing.T) {
	reqs := requestsOf(conformance.Cases([]*vectors.File{conformancetest.File(300)}))
	a := subprocess.New(subprocess.Config{Command: []string{self(t)}, Env: append(os.Environ(), envServe+"=1", conformancetest.NoRaceExitSleep, conformancetest.OneProc)})
	defer a.Close()
	if _, err := a.Hello(context.Background()); err != nil {
		t.Fatal(err)
	}
	fallbacks := subprocess.SubmitFallbacks()
	replies, errs := submitted(t, context.Background(), a, reqs, 16)
	for i := range reqs {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if want := conformancetest.Reply(reqs[i]); !reflect.DeepEqual(replies[i], want) {
			t.Fatalf("request %d: %+v, want %+v", i, replies[i], want)
		}
	}
	if n := subprocess.SubmitFallbacks() - fallbacks; n != 0 {
		t.Errorf("%d of %d requests took Do's path", n, len(reqs))
	}
	if n := a.Starts(); n != 1 {
		t.Errorf("%d starts, want 1", n)
	}
}

// As TestPipeliningCrash, through Submit: the fault goes to the request
// that killed the program, every other request in flight is sent again and
// answered, none is lost or answered twice.
func TestSubmitCrash(t *testing.T) {
	cases, a := crashingOn100(t)
	defer a.Close()
	if _, err := a.Hello(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := requestsOf(cases)
	replies, errs := submitted(t, context.Background(), a, reqs, 16)
	for i := range cases {
		switch {
		case string(cases[i].Inputs["data"]) == string(cases[100].Inputs["data"]):
			var f *conformance.Fault
			if !errors.As(errs[i], &f) || f.Kind != conformance.FaultExited || !strings.Contains(f.Stderr, "crashing on") {
				t.Errorf("tc %d (the crashing input): %v, want an exit fault with the crash on stderr", cases[i].TcID, errs[i])
			}
		case errs[i] != nil:
			t.Errorf("tc %d: %v", cases[i].TcID, errs[i])
		case !reflect.DeepEqual(replies[i], conformancetest.Reply(reqs[i])):
			t.Errorf("tc %d: %+v, want %+v", cases[i].TcID, replies[i], conformancetest.Reply(reqs[i]))
		}
	}
}

// pipeliningScript is a program that announces pipelining, then runs
// script (sh).
func pipeliningScript(script string, timeout time.Duration) *subprocess.Adapter {
	hello := `{"hello":{"protocol":"` + conformance.ProtocolVersion + `","name":"w","version":"1","profiles":["strict"],"operations":["x"],"capabilities":{"pipeline/1":{"window":4}}}}`
	return subprocess.New(subprocess.Config{
		Command:        subprocess.Shell(`printf '%s\n' "$HELLO"; ` + script),
		Env:            []string{"HELLO=" + hello, "PATH=/usr/bin:/bin"},
		StartTimeout:   time.Minute,
		RequestTimeout: timeout,
	})
}

// A program that reads and never answers: each submitted request is a
// timeout; those in flight together are sent again alone, each then timing
// out on its own.
func TestSubmitTimeout(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs sh")
	}
	a := pipeliningScript(`while read -r l; do :; done`, 200*time.Millisecond)
	defer a.Kill()
	if _, err := a.Hello(context.Background()); err != nil {
		t.Fatal(err)
	}
	req := conformance.Request{Op: "x", Profile: vectors.Strict, Inputs: vectors.Values{"data": []byte(`"00"`)}}
	_, errs := submitted(t, context.Background(), a, []conformance.Request{req, req}, 2)
	for i, err := range errs {
		var f *conformance.Fault
		if !errors.As(err, &f) || f.Kind != conformance.FaultTimeout || !strings.Contains(f.Message, "no answer within 200ms") {
			t.Errorf("request %d: %v, want a timeout fault", i, err)
		}
	}
}

// Cancelling the context ends the submitted requests at once, as
// interrupted; the program is not blamed.
func TestSubmitInterrupted(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs sh")
	}
	a := pipeliningScript(`while read -r l; do :; done`, 10*time.Minute)
	defer a.Kill()
	if _, err := a.Hello(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req := conformance.Request{Op: "x", Profile: vectors.Strict, Inputs: vectors.Values{"data": []byte(`"00"`)}}
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, errs := submitted(t, ctx, a, []conformance.Request{req, req}, 2)
	for i, err := range errs {
		var f *conformance.Fault
		if !errors.As(err, &f) || f.Kind != conformance.FaultInterrupted {
			t.Errorf("request %d: %v, want an interruption", i, err)
		}
	}
}

// TestWriteFaults through Submit, whose writes do not wait: what the pipe
// does not take is written by a goroutine, whose failure is the request's
// fault.
func TestSubmitWriteFaults(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs sh")
	}
	big := conformance.Request{Op: "x", Profile: vectors.Strict, Inputs: vectors.Values{"data": []byte(`"` + strings.Repeat("ab", 2<<20) + `"`)}}
	for _, tc := range []struct {
		name, script string
		kind         conformance.FaultKind
		msg          string
		timeout      time.Duration
	}{
		{"never-reads", `exec sleep 600`, conformance.FaultTimeout, "the adapter did not read the request within 300ms", 300 * time.Millisecond},
		{"closed-input", `exec 0<&-; exit 0`, conformance.FaultExited, "the adapter exited", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := pipeliningScript(tc.script, tc.timeout)
			defer a.Kill()
			if _, err := a.Hello(context.Background()); err != nil {
				t.Fatal(err)
			}
			_, errs := submitted(t, context.Background(), a, []conformance.Request{big}, 1)
			var f *conformance.Fault
			if !errors.As(errs[0], &f) || f.Kind != tc.kind || !strings.Contains(f.Message, tc.msg) {
				t.Fatalf("%v, want a %s fault saying %q", errs[0], tc.kind, tc.msg)
			}
		})
	}
}
