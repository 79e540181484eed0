package conformance

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The runner's fixed cost per request.
//
// A request used to get a context.WithTimeout (a runtime timer), a watchdog
// timer and an AfterFunc on the run's context: three timers and half a
// dozen allocations, a few microseconds, which is more than the crypto of a
// decoder family. Now a request's context (request) makes a timer only if
// the adapter waits on Done, which an in-process adapter seldom does; one
// watchdog per worker, re-armed only when it fires, abandons a request that
// runs past its deadline and the grace; and one hook per run abandons the
// requests that an interrupt leaves running. A worker's vector requests
// share one request object as long as no adapter waited on its Done (see
// reusable): a fresh one per request was 96 bytes, whose collection cost a
// decoder family's run as much again as the allocation.

// The states of a request, in the low bits of its state word; the high bits
// hold its start (mono), which grows from one request of an object to the
// next, so that a watchdog or an interrupt that looked at one request cannot
// abandon the next in the same object. Whoever moves a request from running
// first decides whether its answer or its abandonment settles the case.
// One word for both, so that starting a request is one atomic store: each
// locked instruction cost about 8 ns here, and a request had six.
const (
	running uint64 = iota
	answered
	abandoned

	stateBits = 2
	stateMask = 1<<stateBits - 1
)

// epoch is the origin of the runner's monotonic clock (mono).
var epoch = time.Now()

// mono reads the monotonic clock, in nanoseconds after epoch: one reading,
// without time.Time's arithmetic (Add and Sub cost as much as the reading
// here). A case's start and end, and a request's start, are such readings;
// none is zero.
func mono() int64 { return int64(time.Since(epoch)) + 1 }

// The reasons a request ended (request.ended).
const (
	live uint32 = iota
	endCanceled
	endDeadline
	endOther // another error of the parent's: request.other
)

// request is one request in flight, and its context: the run's context with
// the request's deadline, as context.WithTimeout would make it, except that
// its Done channel and the timer that closes it are made on first use.
// Err and Done agree: Err ends the context when it finds the deadline
// passed or the parent ended, and Done is closed once Err is not nil. The
// context ends (context.Canceled) when the adapter returns: the runner then
// moves the state from running, which Err reads, and ends it outright only
// if someone waits on Done.
//
// Until an adapter calls Done, ending and reusing it takes no lock (ended is
// atomic, as in a context.WithCancel's): two locks per vector were a tenth
// of the runner's own cost on a cheap family.
type request struct {
	parent  context.Context
	timeout time.Duration // zero: no deadline of its own
	state   atomic.Uint64 // start << stateBits | running, answered or abandoned

	// ended says why it ended (live while it lasts); an integer rather
	// than an error, so that ending and reusing it are plain atomic
	// stores, without a pointer's write barrier and call.
	ended  atomic.Uint32
	other  atomic.Pointer[error] // the error, when ended is endOther
	waited atomic.Bool           // Done was called: wait is set

	mu   sync.Mutex // guards wait
	wait *waiting   // made by the first Done
}

// waiting is what a request needs once the adapter waits on Done.
type waiting struct {
	done   chan struct{}
	closed bool
	timer  *time.Timer // closes done at the deadline
	stop   func() bool // ends the request with the parent
}

func newRequest(parent context.Context, timeout time.Duration) *request {
	return &request{parent: parent, timeout: timeout}
}

// reusable reports whether an ended request's context may serve the
// worker's next request (begin makes it new): not if an adapter waited on
// its Done, as a goroutine or a timer of the adapter may still hold it. (An
// adapter must not use a request's context after its Do returns, which
// Adapter.Do says.)
func (r *request) reusable() bool { return !r.waited.Load() }

// begin starts r at start (mono), as the next request the object serves,
// and returns its state word while it runs. The start is made later than
// the last one's if the clock did not move.
func (r *request) begin(start int64) uint64 {
	s := max(uint64(start), r.state.Load()>>stateBits+1) << stateBits // running
	r.state.Store(s)
	// Ended after the start: until then a stale holder of the last
	// request's context sees that one's end, not a live context.
	if r.ended.Load() != live {
		r.ended.Store(live)
	}
	return s
}

func (r *request) start() int64 { return int64(r.state.Load() >> stateBits) }

func (r *request) started() time.Time { return epoch.Add(time.Duration(r.start() - 1)) }

// running is how long r has run.
func (r *request) running() time.Duration { return time.Duration(mono() - r.start()) }

// ending says why r should end, if it has not ended yet: expired's reason,
// or context.Canceled once the runner is done with it (its state is not
// running). Nil while it lasts.
func (r *request) ending() error {
	if err := r.expired(); err != nil {
		return err
	}
	if r.state.Load()&stateMask != running {
		return context.Canceled
	}
	return nil
}

// Deadline is the request's deadline, or the parent's if that is earlier.
func (r *request) Deadline() (time.Time, bool) {
	pd, ok := r.parent.Deadline()
	if r.timeout <= 0 {
		return pd, ok
	}
	if d := r.started().Add(r.timeout); !ok || d.Before(pd) {
		return d, true
	}
	return pd, true
}

// Done returns a channel closed when the context ends. The first call makes
// it, and the timer and the hook on the parent that close it.
func (r *request) Done() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.wait != nil {
		return r.wait.done
	}
	r.wait = &waiting{done: make(chan struct{})}
	// From here an end closes done; one that came before is seen below
	// (both sides store, then load the other's word).
	r.waited.Store(true)
	if r.ended.Load() == live {
		if err := r.ending(); err != nil {
			r.setEnd(err)
		}
	}
	if r.ended.Load() != live {
		r.closeLocked()
		return r.wait.done
	}
	if d, ok := r.Deadline(); ok && r.timeout > 0 {
		r.wait.timer = time.AfterFunc(time.Until(d), func() { r.end(context.DeadlineExceeded) })
	}
	if r.parent.Done() != nil {
		r.wait.stop = context.AfterFunc(r.parent, func() { r.end(r.parent.Err()) })
	}
	return r.wait.done
}

// Err is nil while the context lasts, then why it ended.
func (r *request) Err() error {
	e := r.ended.Load()
	if e == live {
		err := r.ending()
		if err == nil {
			return nil
		}
		r.end(err)
		e = r.ended.Load()
	}
	if r.waited.Load() {
		// Done is closed before Err reports the end (end closes it
		// under mu after setting ended).
		r.mu.Lock()
		r.closeLocked()
		r.mu.Unlock()
	}
	switch e {
	case endCanceled:
		return context.Canceled
	case endDeadline:
		return context.DeadlineExceeded
	}
	return *r.other.Load()
}

// Value answers TimeoutOf with the request's timeout, and the rest from the
// parent.
func (r *request) Value(key any) any {
	if _, ok := key.(timeoutKey); ok && r.timeout > 0 {
		return r.timeout
	}
	return r.parent.Value(key)
}

func (r *request) String() string {
	return fmt.Sprintf("%v.WithTimeout(%v)", r.parent, r.timeout)
}

// expired returns why the context should end, if the parent has ended or
// the deadline has passed.
func (r *request) expired() error {
	if err := r.parent.Err(); err != nil {
		return err
	}
	if r.timeout > 0 && r.running() >= r.timeout {
		return context.DeadlineExceeded
	}
	return nil
}

// end ends the context with err, unless it has ended already.
func (r *request) end(err error) {
	if r.ended.Load() != live || !r.setEnd(err) {
		return
	}
	if r.waited.Load() {
		r.mu.Lock()
		r.closeLocked()
		r.mu.Unlock()
	}
}

// setEnd ends the context with err, unless it has ended already, and
// reports whether it did. Of two ends with other errors at once (the
// parent's, seen by Err and by the hook on it: the same error) either
// error may be kept.
func (r *request) setEnd(err error) bool {
	e := endOther
	switch err {
	case context.Canceled:
		e = endCanceled
	case context.DeadlineExceeded:
		e = endDeadline
	default:
		p := new(error) // here only: &err would move err to the heap on every call
		*p = err
		r.other.Store(p) // published by the swap below
	}
	return r.ended.CompareAndSwap(live, e)
}

// closeLocked closes Done, once the context has ended, and stops what
// would have closed it.
func (r *request) closeLocked() {
	w := r.wait
	if w == nil || w.closed {
		return
	}
	w.closed = true
	close(w.done)
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.stop != nil {
		w.stop()
	}
}

// arm marks r as the worker's request in flight and makes sure the watchdog
// will look at it: it is armed unless it already waits to fire.
func (w *worker) arm(r *request) {
	if w.req.Load() != r { // mostly the worker's spare, stored already
		w.req.Store(r)
	}
	if r.timeout > 0 && !w.armed.Load() && w.armed.CompareAndSwap(false, true) {
		w.dog.Reset(r.timeout + w.grace)
	}
}

// bark runs when the watchdog fires. It abandons the request in flight if
// that has run past its deadline and the grace; otherwise it re-arms for
// the request in flight, if there is one.
func (w *worker) bark() {
	w.armed.Store(false)
	r := w.req.Load()
	if r == nil {
		return
	}
	s := r.state.Load()
	if s&stateMask != running {
		return
	}
	limit := r.timeout + w.grace
	if left := limit - time.Duration(mono()-int64(s>>stateBits)); left > 0 {
		if w.armed.CompareAndSwap(false, true) {
			w.dog.Reset(left)
		}
		return
	}
	w.abandon(r, s, &Fault{Kind: FaultTimeout, Message: fmt.Sprintf("no answer within %v; the adapter ignored its deadline and was abandoned", limit)})
}

// abandon gives up on request r of w, if it is still the one whose state
// word was s and running: the adapter is left to finish (or not) on its
// own and closed, and a fresh worker on a fresh goroutine settles r's case
// and takes the rest over. Once per worker: the first abandonment settles
// its case.
func (w *worker) abandon(r *request, s uint64, f *Fault) {
	if s&stateMask != running || !r.state.CompareAndSwap(s, s&^stateMask|abandoned) || !w.abandoned.CompareAndSwap(false, true) {
		return
	}
	go w.a.Close()
	w.takeover(w, f)
}
