package conformance

import (
	"context"
	"time"
)

// Submitter is an Adapter that takes a request without a goroutine waiting
// for its answer. It is optional: a caller that finds it may use it, and
// uses Do otherwise. Differential fuzzing uses it so that an answer is
// judged where the adapter reads it, instead of waking a goroutine per
// answer (subprocess.Adapter implements it).
type Submitter interface {
	Adapter
	// Submit sends req and returns; done is then called exactly once,
	// with what Do would have returned for req under ctx bounded by
	// timeout (zero: no bound but the adapter's own). done may run on the
	// goroutine that reads the adapter's answers, and before Submit has
	// returned: it must not wait for an answer of the same adapter
	// (calling Submit is fine; Do is not).
	Submit(ctx context.Context, req Request, timeout time.Duration, done func(Reply, error))
}
