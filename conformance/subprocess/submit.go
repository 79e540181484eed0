package subprocess

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pqhs/pqhs/conformance"
)

// Submit is Do without a goroutine waiting for the answer
// (conformance.Submitter): done runs on the goroutine that reads the
// program's output, where the answer is decoded, and writing the request
// does not wait (a full pipe hands the rest to a goroutine). Only the
// common path is taken here: a pipelining program that runs, a free slot
// in its window, no test clock. Anything else, and every fault, goes
// through Do's own code on a goroutine of its own: a request in flight
// when the program failed is sent again alone, as Do sends it.
func (a *Adapter) Submit(ctx context.Context, req conformance.Request, timeout time.Duration, done func(conformance.Reply, error)) {
	if a.submit(ctx, req, timeout, done) {
		return
	}
	submitFallbacks.Add(1)
	go a.submitDo(ctx, req, timeout, done)
}

// submitDo is Submit through Do. (A function of its own: a closure over
// ctx would put ctx on the heap at every Submit.)
func (a *Adapter) submitDo(ctx context.Context, req conformance.Request, timeout time.Duration, done func(conformance.Reply, error)) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	done(a.Do(ctx, req))
}

// submitFallbacks counts the submitted requests that took Do's path, for
// tests.
var submitFallbacks atomic.Int64

// maxWatched bounds the contexts a pipe watches for Submit; requests under
// others take Do's path.
const maxWatched = 8

// asyncReq is a submitted request in flight.
type asyncReq struct {
	a       *Adapter
	pl      *pipe
	id      uint64
	ctx     context.Context
	req     conformance.Request
	done    func(conformance.Reply, error)
	timeout time.Duration // named in a timeout's message
	// deadline bounds a retry too when the caller gave a timeout, as the
	// context Do would have had.
	deadline time.Time
	bounded  bool
	timer    *time.Timer // runs onTimeout; made once, reset per request
	// claimed is set by whoever delivers the request's outcome (the
	// answer, its timeout, an interruption, the conversation's end): once.
	claimed atomic.Bool
}

var asyncReqs sync.Pool

func newAsyncReq() *asyncReq {
	if ar, _ := asyncReqs.Get().(*asyncReq); ar != nil {
		return ar
	}
	ar := new(asyncReq)
	ar.timer = time.AfterFunc(time.Hour, ar.onTimeout)
	ar.timer.Stop()
	return ar
}

func (a *Adapter) submit(ctx context.Context, req conformance.Request, timeout time.Duration, done func(conformance.Reply, error)) bool {
	if a.cfg.timer != nil || ctx.Err() != nil {
		return false
	}
	// The request's deadline and the timeout its message names, as
	// pipe.do computes them under a context bounded by timeout.
	now := time.Now()
	deadline, named := now.Add(a.cfg.RequestTimeout), a.cfg.RequestTimeout
	if timeout > 0 && timeout < named {
		deadline, named = now.Add(timeout), timeout
	}
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, named = d, d.Sub(now)
		if t, ok := conformance.TimeoutOf(ctx); ok {
			named = t
		}
	}
	if named <= 0 || !deadline.After(now) {
		return false
	}

	a.mu.Lock()
	if a.p == nil || a.p.window <= 1 || (a.pl != nil && a.pl.isDead()) || !a.solo.TryRLock() {
		a.mu.Unlock()
		return false
	}
	pl, id := a.pipeRequest()
	a.mu.Unlock()
	// From here every way out releases the read hold on solo once: the
	// request's outcome (asyncReq) or a fallback to Do.

	line, err := pooledRequest(id, req)
	if err != nil || len(line) > MaxLine+1 {
		requestBufs.put(line)
		a.solo.RUnlock()
		return false // Do says why
	}
	select {
	case pl.slots <- struct{}{}:
	default:
		requestBufs.put(line)
		a.solo.RUnlock()
		return false
	}
	if !pl.watch(ctx) {
		<-pl.slots
		requestBufs.put(line)
		a.solo.RUnlock()
		return false
	}
	ar := newAsyncReq()
	ar.a, ar.pl, ar.id, ar.ctx, ar.req, ar.done = a, pl, id, ctx, req, done
	ar.timeout, ar.deadline, ar.bounded = named, deadline, timeout > 0
	pl.mu.Lock()
	if pl.fault != nil {
		pl.mu.Unlock()
		<-pl.slots
		requestBufs.put(line)
		a.solo.RUnlock()
		ar.release()
		return false
	}
	pl.pending[id] = waiter{ar: ar}
	pl.order = append(pl.order, id)
	// Armed under pl.mu: route cannot take the answer before, and a timer
	// that fires at once finds the request in flight.
	ar.timer.Reset(time.Until(deadline))
	pl.mu.Unlock()
	pl.sendAsync(line, deadline, named) // line is the pipe's now
	return true
}

// release gives ar back to the pool, empty; only when its timer will not
// run (Stop reported it stopped), so that nothing else holds it.
func (ar *asyncReq) release() {
	*ar = asyncReq{timer: ar.timer}
	asyncReqs.Put(ar)
}

// answered delivers the answer, on the reader's goroutine.
func (ar *asyncReq) answered(r conformance.Reply) {
	if !ar.claimed.CompareAndSwap(false, true) {
		return // timed out or interrupted: the answer is dropped
	}
	stopped := ar.timer.Stop()
	done := ar.done
	ar.a.solo.RUnlock()
	if stopped {
		ar.release()
	}
	done(r, nil)
}

// answerLine decodes an answer the fast decoder left, on a goroutine of its
// own (a bad one kills the program, which waits for the reader).
func (ar *asyncReq) answerLine(line []byte) {
	r, err := decodeResponse(line, ar.id)
	if err == nil {
		ar.answered(r)
		return
	}
	if !ar.claimed.CompareAndSwap(false, true) {
		return
	}
	pl, p := ar.pl, ar.pl.p
	seen := append(line, '\n')
	pl.fail(pl.faultFor(append(seen, p.kill()...), conformance.FaultProtocol, err.Error()), ar.id)
	ar.finish(pl.mustFault(ar.id), false)
}

// onTimeout ends a request that had no answer in time, as pipe.do does.
func (ar *asyncReq) onTimeout() {
	if !ar.claimed.CompareAndSwap(false, true) {
		return
	}
	pl, p := ar.pl, ar.pl.p
	f := pl.faultFor(nil, conformance.FaultTimeout, fmt.Sprintf("no answer within %v", round(ar.timeout)))
	f.Status = "" // killed by the runner
	pl.settle.Lock()
	pl.fail(f, 0)
	g, retry := pl.outcome(ar.id)
	if g != f {
		p.kill() // another fault came first, or others were in flight
	} else {
		f.Seen = Printable(p.kill(), SeenLimit, false)
	}
	pl.settle.Unlock()
	ar.finish(g, retry)
}

// finish delivers a claimed request's fault, or sends it again alone when
// another request's fault ended its program (retry), off the reader's
// goroutine.
func (ar *asyncReq) finish(f *conformance.Fault, retry bool) {
	ar.timer.Stop()
	a, ctx, req, done := ar.a, ar.ctx, ar.req, ar.done
	a.solo.RUnlock()
	if retry {
		if ar.bounded {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, ar.deadline)
			defer cancel()
		}
		done(a.doFrom(ctx, req, 1))
		return
	}
	done(conformance.Reply{}, f)
}

// watch has pl interrupt the submitted requests under ctx when it is
// cancelled, registering once per context; false when pl watches too many.
func (pl *pipe) watch(ctx context.Context) bool {
	d := ctx.Done()
	if d == nil {
		return true
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	for _, w := range pl.watched {
		if w == d {
			return true
		}
	}
	if len(pl.watched) >= maxWatched || pl.fault != nil {
		return false
	}
	pl.watched = append(pl.watched, d)
	pl.stops = append(pl.stops, context.AfterFunc(ctx, func() { pl.interrupt(ctx) }))
	return true
}

// interrupt ends the submitted requests under a cancelled ctx; their
// answers, when they come, are dropped (pipe.do's ctx.Done). A deadline
// is the requests' timers' to handle: each is at most ctx's.
func (pl *pipe) interrupt(ctx context.Context) {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return
	}
	d := ctx.Done()
	var ars []*asyncReq
	pl.mu.Lock()
	for _, w := range pl.pending {
		if w.ar != nil && w.ar.ctx.Done() == d && w.ar.claimed.CompareAndSwap(false, true) {
			ars = append(ars, w.ar)
		}
	}
	pl.mu.Unlock()
	for _, ar := range ars {
		ar.finish(&conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}, false)
	}
}

// resolveAsync gives each submitted request still in flight when the
// conversation ended its outcome: the fault if it is blamed, else a
// retry. dispatch runs it as it returns, which it does once pl is dead.
func (pl *pipe) resolveAsync() {
	pl.settled()
	var ars []*asyncReq
	pl.mu.Lock()
	for _, w := range pl.pending {
		if w.ar != nil && w.ar.claimed.CompareAndSwap(false, true) {
			ars = append(ars, w.ar)
		}
	}
	stops := pl.stops
	pl.stops = nil
	pl.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
	for _, ar := range ars {
		f, retry := pl.outcome(ar.id)
		go ar.finish(f, retry)
	}
}

// sendAsync is send without waiting: the queue is written at once as far
// as the pipe takes it, and a goroutine writes the rest. Its failure ends
// the conversation (writeFailed), which answers the requests in flight.
// line is the pipe's from the call on, as in send.
func (pl *pipe) sendAsync(line []byte, deadline time.Time, timeout time.Duration) {
	pl.wmu.Lock()
	if pl.held && len(pl.queue) == 0 {
		pl.heldDeadline, pl.heldTimeout = deadline, timeout
	}
	pl.queue = append(pl.queue, line)
	if pl.writing || pl.held {
		pl.wmu.Unlock()
		return // the writer, or flushHeld, takes it
	}
	pl.writing = true
	pl.writeQueue(deadline, timeout)
}

// hold defers sendAsync's writes to flushHeld; the reader's, before it
// hands an answer to a submitted request.
func (pl *pipe) hold() {
	pl.wmu.Lock()
	pl.held = true
	pl.wmu.Unlock()
}

// flushHeld writes what was queued while held, on the reader's goroutine
// before it waits for output (process.idle).
func (pl *pipe) flushHeld() {
	pl.wmu.Lock()
	if !pl.held {
		pl.wmu.Unlock()
		return
	}
	pl.held = false
	if pl.writing || len(pl.queue) == 0 {
		pl.wmu.Unlock()
		return
	}
	pl.writing = true
	pl.writeQueue(pl.heldDeadline, pl.heldTimeout)
}

// lineBuffered reports whether a complete line waits in the buffer.
func (lr *lineReader) lineBuffered() bool {
	b, _ := lr.r.Peek(lr.r.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// writeQueue writes the queue as the writer (pl.writing), with pl.wmu held,
// which it releases: at once as far as the pipe takes it (one system call
// for the lines copied together), the rest by a goroutine.
func (pl *pipe) writeQueue(deadline time.Time, timeout time.Duration) {
	for {
		bufs := pl.queue
		pl.queue = pl.spare[:0]
		flat := pl.flat[:0]
		pl.flat = nil
		pl.wmu.Unlock()
		for _, b := range bufs {
			flat = append(flat, b...)
		}
		release(bufs)
		n := tryWrite(pl.wrc, flat)
		pl.wmu.Lock()
		pl.spare = bufs[:0]
		if n < len(flat) {
			pl.wmu.Unlock()
			go pl.writeRest(flat[n:], deadline, timeout)
			return
		}
		if cap(flat) <= 1<<20 {
			pl.flat = flat[:0]
		}
		if len(pl.queue) == 0 {
			pl.writing = false
			pl.wmu.Unlock()
			return
		}
	}
}

// writeRest writes rest, then what was queued meanwhile, as send's writer
// does.
func (pl *pipe) writeRest(rest []byte, deadline time.Time, timeout time.Duration) {
	err := pl.write(rest, deadline)
	for {
		pl.wmu.Lock()
		if err != nil {
			release(pl.queue)
			pl.queue = pl.queue[:0]
		}
		if err != nil || len(pl.queue) == 0 {
			pl.writing = false
			pl.wmu.Unlock()
			break
		}
		bufs := pl.queue
		pl.queue = pl.spare[:0]
		pl.wmu.Unlock()
		err = pl.p.stdin.SetWriteDeadline(deadline)
		if err == nil || errors.Is(err, os.ErrNoDeadline) {
			_, err = pl.gather.write(pl.p.in, bufs)
		}
		release(bufs)
		pl.wmu.Lock()
		pl.spare = bufs[:0]
		pl.wmu.Unlock()
	}
	if err != nil {
		pl.writeFailed(err, timeout)
	}
}

func (pl *pipe) write(b []byte, deadline time.Time) error {
	err := pl.p.stdin.SetWriteDeadline(deadline)
	if err == nil || errors.Is(err, os.ErrNoDeadline) {
		_, err = pl.p.in.Write(b)
	}
	return err
}

// writeFailed ends the conversation after a write of submitted requests
// failed, as pipe.do does after its own: the fault is the request's when it
// was the only one in flight, and the others are sent again.
func (pl *pipe) writeFailed(err error, timeout time.Duration) {
	p := pl.p
	pl.settle.Lock()
	defer pl.settle.Unlock()
	var f *conformance.Fault
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		f = pl.faultFor(nil, conformance.FaultTimeout, fmt.Sprintf("the adapter did not read the request within %v", round(timeout)))
		f.Status = ""
	case p.waitExit():
		f = pl.faultFor(nil, conformance.FaultExited, "the adapter exited before reading the request")
	default:
		f = pl.faultFor(nil, conformance.FaultProtocol, "the adapter closed its input but did not exit")
	}
	pl.fail(f, 0)
	seen := p.kill()
	pl.mu.Lock()
	if pl.fault == f && pl.blamed != 0 {
		f.Seen = Printable(seen, SeenLimit, false)
	}
	pl.mu.Unlock()
}
