package conformance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
)

// A request whose deadline passed while the adapter polled Err, without
// waiting on Done, leaves its context object to the worker's next request,
// which must start live: the end was the last request's only.
func TestReusedContextStartsLive(t *testing.T) {
	defer conformance.SetAbandonGrace(time.Hour)() // the slow request is answered, not abandoned
	n := 0
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
		n++
		if n == 1 {
			for ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return conformance.ErrorReply("Err " + ctx.Err().Error()), nil
			}
			return conformancetest.Reply(req), nil
		}
		// Err read before the clock: an end while the deadline is still
		// ahead is the last request's, whatever the machine's load delayed.
		if err := ctx.Err(); err != nil {
			if dl, _ := ctx.Deadline(); time.Until(dl) > 0 {
				return conformance.ErrorReply("the context starts ended: " + err.Error()), nil
			}
		}
		return conformancetest.Reply(req), nil
	}}
	rep := run(t, a, doubleCases(3), conformance.Options{Timeout: 20 * time.Millisecond})
	for i := range rep.Results {
		if r := &rep.Results[i]; r.Verdict != conformance.Pass {
			t.Errorf("request %d: %s: %s", i, r.Verdict, r.Message)
		}
	}
}
