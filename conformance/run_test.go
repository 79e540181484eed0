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
