package conformance_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
)

// starter is an in-process adapter that has to start: it records the
// contexts its Start and Do get.
type starter struct {
	conformance.Func
	mu             sync.Mutex
	startDeadlines []bool
	doDeadlines    []bool
}

func (s *starter) Start(ctx context.Context) error {
	_, ok := ctx.Deadline()
	s.mu.Lock()
	s.startDeadlines = append(s.startDeadlines, ok)
	s.mu.Unlock()
	return nil
}

func (s *starter) Do(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	_, ok := ctx.Deadline()
	s.mu.Lock()
	s.doDeadlines = append(s.doDeadlines, ok)
	s.mu.Unlock()
	return conformancetest.Reply(req), nil
}

// Issue 12, defect 3: a (re)start must run outside the request's deadline,
// bounded by the adapter's own start timeout; Run calls Start before each
// request, with the run's context, and Do with the request's.
func TestStartRunsOutsideTheRequestDeadline(t *testing.T) {
	s := &starter{Func: conformance.Func{Info: conformancetest.Info()}}
	rep, err := conformance.Run(context.Background(), func() (conformance.Adapter, error) { return s, nil }, doubleCases(4), conformance.Options{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("%+v", rep.Totals())
	}
	if len(s.startDeadlines) != 4 || len(s.doDeadlines) != 4 {
		t.Fatalf("%d starts, %d requests; want 4 of each", len(s.startDeadlines), len(s.doDeadlines))
	}
	for i := range 4 {
		if s.startDeadlines[i] || !s.doDeadlines[i] {
			t.Errorf("request %d: Start had a deadline: %v; Do had one: %v", i+1, s.startDeadlines[i], s.doDeadlines[i])
		}
	}
}

// Issue 12, defect 9: -parallel 1000 asked for one instance per test at
// once. Parallel is capped at MaxParallel, with a warning.
func TestParallelIsCapped(t *testing.T) {
	var opened atomic.Int64
	open := func() (conformance.Adapter, error) {
		opened.Add(1)
		return conformancetest.Adapter(), nil
	}
	rep, err := conformance.Run(context.Background(), open, doubleCases(2*conformance.MaxParallel), conformance.Options{Parallel: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if n := opened.Load(); n > conformance.MaxParallel {
		t.Errorf("%d instances opened, more than %d", n, conformance.MaxParallel)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "-parallel 1000 is more than 64") {
		t.Errorf("warnings %q", rep.Warnings)
	}
}

// Issue 12, defect 5: an interrupt ends the run promptly with a complete
// report, even when an in-process adapter ignores the cancellation: its
// request is abandoned after a short grace, and every case has a verdict
// (the ones not run are errors). The adapter blocks until the test ends,
// so the abandonment, not the adapter, must end the run.
func TestInterruptAbandonsAStuckAdapter(t *testing.T) {
	defer conformance.SetInterruptGrace(10 * time.Millisecond)()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	var n atomic.Int64
	stuck := &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		if n.Add(1) == 3 {
			cancel() // Ctrl-C while this request runs, which ignores it
			<-release
		}
		return conformancetest.Reply(req), nil
	}}
	rep, err := conformance.Run(ctx, conformance.Shared(stuck), doubleCases(6), conformance.Options{Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rep.Results {
		want := conformance.Pass
		if i >= 2 {
			want = conformance.Error
		}
		if r.Verdict != want || (want == conformance.Error && (r.Fault == nil || r.Fault.Kind != conformance.FaultInterrupted)) {
			t.Errorf("tcId %d: %s %+v, want %s (interrupted)", i+1, r.Verdict, r.Fault, want)
		}
	}
	if m := rep.Results[2].Message; !strings.Contains(m, "did not return within 10ms and was abandoned") {
		t.Errorf("the stuck request: %q", m)
	}
}
