package conformance_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
)

// A request's context is made without a timer (the timer is made when the
// adapter first waits on Done), but it must behave as context.WithTimeout's
// does: the deadline and TimeoutOf from the start, Done closed and Err set
// at the deadline whichever of the two the adapter looks at, the run's
// cancellation passed on, and the context ended once the adapter returns.
func TestRequestContext(t *testing.T) {
	const timeout = 50 * time.Millisecond
	var mu sync.Mutex
	var kept []context.Context
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
		mu.Lock()
		n := len(kept)
		kept = append(kept, ctx)
		mu.Unlock()
		if d, ok := ctx.Deadline(); !ok || time.Until(d) > timeout {
			return conformance.ErrorReply("no deadline within the timeout"), nil
		}
		if tt, ok := conformance.TimeoutOf(ctx); !ok || tt != timeout {
			return conformance.ErrorReply("TimeoutOf: wrong"), nil
		}
		// Err read before the clock: an error while the deadline is still
		// ahead is an early end, whatever the machine's load delayed.
		if ctx.Err() != nil {
			if dl, _ := ctx.Deadline(); time.Until(dl) > 0 {
				return conformance.ErrorReply("ended before its deadline"), nil
			}
		}
		switch n {
		case 1: // waits on Done
			<-ctx.Done()
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return conformance.ErrorReply("Done closed, Err " + ctx.Err().Error()), nil
			}
		case 2: // polls Err
			for ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			select {
			case <-ctx.Done():
			default:
				return conformance.ErrorReply("Err set, Done open"), nil
			}
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return conformance.ErrorReply("Err " + ctx.Err().Error()), nil
			}
		case 3: // a context derived from it ends with it
			d, cancel := context.WithCancel(ctx)
			defer cancel()
			<-d.Done()
			if !errors.Is(d.Err(), context.DeadlineExceeded) && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return conformance.ErrorReply("derived: " + d.Err().Error()), nil
			}
		}
		return conformancetest.Reply(req), nil
	}}
	rep := run(t, a, doubleCases(5), conformance.Options{Timeout: timeout})
	for i := range rep.Results {
		if r := &rep.Results[i]; r.Verdict != conformance.Pass {
			t.Errorf("request %d: %s: %s", i, r.Verdict, r.Message)
		}
	}
	for i, ctx := range kept {
		select {
		case <-ctx.Done():
		default:
			t.Errorf("request %d: its context lasts after the adapter returned", i)
		}
		if ctx.Err() == nil {
			t.Errorf("request %d: Err is nil after the adapter returned", i)
		}
	}
}

// The run's cancellation reaches an adapter that waits on its request's
// context, or polls it.
func TestRequestContextInterrupted(t *testing.T) {
	for _, wait := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		a := &conformance.Func{Info: conformancetest.Info(), Op: func(rctx context.Context, req conformance.Request) (conformance.Reply, error) {
			cancel()
			if wait {
				<-rctx.Done()
			}
			if !errors.Is(rctx.Err(), context.Canceled) {
				return conformance.ErrorReply("not cancelled"), nil
			}
			return conformancetest.Reply(req), nil
		}}
		rep, err := conformance.Run(ctx, conformance.Shared(a), doubleCases(2), conformance.Options{Timeout: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if r := &rep.Results[0]; r.Verdict != conformance.Pass {
			t.Errorf("wait %v: %s: %s", wait, r.Verdict, r.Message)
		}
		if r := &rep.Results[1]; r.Verdict != conformance.Error || r.Fault == nil || r.Fault.Kind != conformance.FaultInterrupted {
			t.Errorf("wait %v: the case after the interrupt: %s %+v", wait, r.Verdict, r.Fault)
		}
	}
}

// A worker's requests share a context object while no adapter waits on its
// Done; one that was waited on is never made new again: what the adapter
// left waiting on it sees it end when Do returns, and stay ended.
func TestWaitedContextStaysEnded(t *testing.T) {
	var kept []context.Context
	var waiting sync.WaitGroup
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
		n := len(kept)
		kept = append(kept, ctx)
		if ctx.Err() != nil {
			return conformance.ErrorReply("the context starts ended"), nil
		}
		if n > 0 && n%2 == 0 && kept[n-1].Err() == nil {
			return conformance.ErrorReply("the last request's context, which was waited on, is running again"), nil
		}
		if n%2 == 1 {
			done := ctx.Done()
			waiting.Add(1)
			go func() { <-done; waiting.Done() }()
		}
		return conformancetest.Reply(req), nil
	}}
	rep := run(t, a, doubleCases(6), conformance.Options{Timeout: time.Hour})
	for i := range rep.Results {
		if r := &rep.Results[i]; r.Verdict != conformance.Pass {
			t.Errorf("request %d: %s: %s", i, r.Verdict, r.Message)
		}
	}
	waiting.Wait() // every waited-on context ended
}
