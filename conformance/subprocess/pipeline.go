package subprocess

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/pqhs/pqhs/conformance"
)

// Pipelining (spec/adapter.md, capability pipeline/1): an adapter that
// announces {"capabilities": {"pipeline/1": {"window": N}}} in its hello may
// have up to N requests in flight; it answers each once, with its id, in any
// order. The runner then writes a request as soon as a slot is free and a
// dispatcher routes the answers by id. A fault with one request in flight is
// that request's; with several, each is sent again alone (Adapter.Do).

// Capability names and limits.
const (
	CapPipeline = "pipeline/1"
	// MaxWindow bounds the window an adapter may ask for.
	MaxWindow = 1024
)

// helloWindow reads the pipelining window from a hello line: 1 (no
// pipelining) when the capability is absent or malformed.
func helloWindow(line []byte) int {
	var h struct {
		Hello struct {
			Capabilities map[string]json.RawMessage `json:"capabilities"`
		} `json:"hello"`
	}
	if json.Unmarshal(line, &h) != nil {
		return 1
	}
	raw, ok := h.Hello.Capabilities[CapPipeline]
	if !ok {
		return 1
	}
	var c struct {
		Window int `json:"window"`
	}
	if json.Unmarshal(raw, &c) != nil || c.Window < 1 {
		return 1
	}
	return min(c.Window, MaxWindow)
}

// pipe is the pipelined conversation with one process.
//
// Requests are written together: a request queued while another goroutine
// writes goes out with that goroutine's next write, so that the requests of
// a window cost one system call, not one each (send). Answers are read on
// the process's reader goroutine and handed from there straight to the
// request waiting for each (route); dispatch sees only what ends the
// conversation.
type pipe struct {
	p     *process
	slots chan struct{} // one token per request in flight

	wmu     sync.Mutex
	queue   [][]byte     // requests waiting to be written, each the pipe's
	spare   [][]byte     // the other list, while the writer writes one
	writing bool         // a goroutine is writing; it writes the queue too
	gather  gatherWriter // the writing goroutine's
	// held is set while the reader hands answers to submitted requests:
	// the requests submitted meanwhile wait in the queue for the reader's
	// flushHeld, so that the answers of one read cost one write.
	held         bool
	heldDeadline time.Time
	heldTimeout  time.Duration
	flat         []byte // the queue copied together for tryWrite (submit.go)

	mu      sync.Mutex
	pending map[uint64]waiter
	order   []uint64      // ids in the order they were sent
	dead    chan struct{} // closed when the process is given up
	fault   *conformance.Fault
	blamed  uint64 // the request the fault is recorded against
	// declined is set when route left a line to dispatch that is no
	// request's answer: from then on every line goes to dispatch, in order,
	// so that no later answer overtakes the fault.
	declined bool

	// settle is held from a fault's fail until its Seen is filled in (a
	// request's own faults, fail then kill): whoever reads the fault after
	// dead (pipe.do, resolveAsync) takes it first.
	settle sync.Mutex
	// watched are the contexts of submitted requests whose cancellation
	// interrupts them (watch); stops ends the watching.
	watched []<-chan struct{}
	stops   []func() bool
	// wrc writes stdin without waiting (submit_linux.go), nil when it
	// cannot: a submitted request is then written by a goroutine.
	wrc syscall.RawConn
}

// waiter is a request in flight: one waiting on ch (do) or one submitted
// (Submit, submit.go).
type waiter struct {
	ch chan answer // buffered, one answer
	ar *asyncReq
}

// answer is a request's answer: decoded on the fast path, or the line
// for decodeResponse.
type answer struct {
	reply conformance.Reply
	line  []byte
}

func newPipe(p *process, window int) *pipe {
	pl := &pipe{p: p, slots: make(chan struct{}, window), pending: map[uint64]waiter{}, dead: make(chan struct{}), wrc: nonblockingConn(p.stdin)}
	go pl.dispatch()
	route := pl.route
	p.route.Store(&route)
	idle := pl.flushHeld
	p.idle.Store(&idle)
	return pl
}

// route hands an answer to the request in flight with its id, on the
// reader's goroutine; line is the reader's buffer. It declines (false) a
// line that is no answer to a request in flight, and every line once the
// conversation failed or a line was declined: dispatch then decides, as it
// did before any request.
func (pl *pipe) route(line []byte) bool {
	id, reply, fast := decodeResponseFastID(line, 0)
	if !fast {
		var err error
		if id, err = responseID(line); err != nil {
			pl.mu.Lock()
			pl.declined = true
			pl.mu.Unlock()
			return false
		}
	}
	pl.mu.Lock()
	w, inFlight := pl.pending[id]
	if !inFlight || pl.fault != nil || pl.declined {
		pl.declined = true
		pl.mu.Unlock()
		return false
	}
	pl.forget(id)
	pl.mu.Unlock()
	if w.ar != nil {
		// The slot first: done may submit the next request.
		<-pl.slots
		if fast {
			pl.hold()
			w.ar.answered(reply)
		} else {
			go w.ar.answerLine(bytes.Clone(line))
		}
		return true
	}
	if fast {
		w.ch <- answer{reply: reply}
	} else {
		w.ch <- answer{line: bytes.Clone(line)}
	}
	<-pl.slots
	return true
}

// forget drops a request that has its answer, with pl.mu held.
func (pl *pipe) forget(id uint64) {
	delete(pl.pending, id)
	for i, x := range pl.order {
		if x == id {
			pl.order = append(pl.order[:i], pl.order[i+1:]...)
			break
		}
	}
}

// send writes line, a request, with the requests queued meanwhile. When
// another goroutine is writing, it queues line for that goroutine's next
// write and returns nil at once: if that write fails, the conversation
// fails and the request is answered by pl.dead. The error is a write's
// that this goroutine made. line is the pipe's from the call on: a long
// request is written from its own buffer (gatherWriter), and each is
// given back to requestBufs once the system call that wrote it returned.
func (pl *pipe) send(line []byte, deadline time.Time) error {
	pl.wmu.Lock()
	pl.queue = append(pl.queue, line)
	if pl.writing {
		pl.wmu.Unlock()
		return nil
	}
	pl.writing = true
	// Yield once before writing: the goroutines ready to run (typically
	// those whose answers came in the same read, each about to send its
	// next request) queue theirs first, and this write carries them all.
	// It costs a fraction of a system call, and each request it saves
	// also saves the adapter a read and a wake-up.
	pl.wmu.Unlock()
	runtime.Gosched()
	pl.wmu.Lock()
	for {
		bufs := pl.queue
		pl.queue = pl.spare[:0]
		pl.wmu.Unlock()
		err := pl.p.stdin.SetWriteDeadline(deadline)
		if err == nil || errors.Is(err, os.ErrNoDeadline) {
			_, err = pl.gather.write(pl.p.in, bufs)
		}
		release(bufs)
		pl.wmu.Lock()
		pl.spare = bufs[:0]
		if err != nil {
			release(pl.queue)
			pl.queue = pl.queue[:0]
		}
		if err != nil || len(pl.queue) == 0 {
			pl.writing = false
			pl.wmu.Unlock()
			return err
		}
	}
}

// release gives back the buffers of requests that were written or will
// never be, and forgets them.
func release(bufs [][]byte) {
	for i, b := range bufs {
		requestBufs.put(b)
		bufs[i] = nil
	}
}

// fail ends the conversation once: f is recorded against blame, or,
// when blame is 0, against the request in flight if there is only one;
// every other request in flight is sent again.
func (pl *pipe) fail(f *conformance.Fault, blame uint64) {
	pl.mu.Lock()
	if pl.fault != nil {
		pl.mu.Unlock()
		return
	}
	if blame == 0 && len(pl.order) == 1 {
		blame = pl.order[0]
	}
	pl.fault, pl.blamed = f, blame
	close(pl.dead)
	pl.mu.Unlock()
}

func (pl *pipe) isDead() bool {
	select {
	case <-pl.dead:
		return true
	default:
		return false
	}
}

func (pl *pipe) faultFor(seen []byte, kind conformance.FaultKind, msg string) *conformance.Fault {
	return &conformance.Fault{Kind: kind, Message: msg, Seen: Printable(seen, SeenLimit, false), Stderr: pl.p.stderrTail(true), Status: pl.p.status()}
}

// dispatch routes the answers to the requests in flight; anything else
// ends the conversation with a fault against the oldest request.
func (pl *pipe) dispatch() {
	defer pl.resolveAsync()
	p := pl.p
	for {
		var m lineMsg
		var ok bool
		select {
		case m, ok = <-p.lines:
		case <-p.exited:
			select {
			case m, ok = <-p.lines:
			case <-time.After(drainGrace):
				pl.fail(pl.faultFor(p.kill(), conformance.FaultExited, "the adapter exited while handling the request"), 0)
				return
			}
		case <-pl.dead:
			return
		}
		switch {
		case !ok:
			if !p.waitExit() {
				pl.fail(pl.faultFor(p.kill(), conformance.FaultProtocol, "the adapter closed its output but did not exit"), 0)
				return
			}
			pl.fail(pl.faultFor(p.kill(), conformance.FaultExited, "the adapter exited while handling the request"), 0)
			return
		case errors.Is(m.err, io.ErrUnexpectedEOF):
			p.waitExit()
			pl.fail(pl.faultFor(append(m.line, p.kill()...), conformance.FaultProtocol, "a half-written line, then the adapter closed its output"), 0)
			return
		case m.err != nil:
			pl.fail(pl.faultFor(append(m.line, p.kill()...), conformance.FaultProtocol, describeEnd(m.err)), 0)
			return
		}
		id, err := responseID(m.line)
		pl.mu.Lock()
		w, inFlight := pl.pending[id]
		if err == nil && inFlight {
			pl.forget(id)
		}
		pl.mu.Unlock()
		if err == nil && !inFlight {
			err = fmt.Errorf("a response with id %d, which no request in flight has", id)
		}
		if err != nil {
			seen := append(m.line, '\n')
			pl.fail(pl.faultFor(append(seen, p.kill()...), conformance.FaultProtocol, err.Error()), 0)
			return
		}
		if w.ar != nil {
			<-pl.slots
			go w.ar.answerLine(m.line)
			continue
		}
		w.ch <- answer{line: m.line}
		<-pl.slots
	}
}

// responseID is the id of a response line, which decodeResponse then
// checks in full.
func responseID(line []byte) (uint64, error) {
	if id, ok := responseIDFast(line); ok {
		return id, nil
	}
	return responseIDJSON(line)
}

func responseIDJSON(line []byte) (uint64, error) {
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(line, &m); err != nil {
		return 0, notObject(err)
	}
	if m.ID == nil {
		return 0, errors.New(`no "id"`)
	}
	var id uint64
	if err := json.Unmarshal(m.ID, &id); err != nil || id == 0 {
		return 0, fmt.Errorf("id %s is not a positive integer", quoteRaw(m.ID))
	}
	return id, nil
}

// do sends one request and waits for its answer. retry is true when
// another request's fault ended the process first.
func (pl *pipe) do(ctx context.Context, cfg *Config, id uint64, line []byte) (r conformance.Reply, f *conformance.Fault, retry bool) {
	p := pl.p
	timeout := cfg.RequestTimeout
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, timeout = d, max(0, time.Until(d))
		if t, ok := conformance.TimeoutOf(ctx); ok && timeout > 0 {
			timeout = t
		}
	}
	if timeout <= 0 {
		return r, &conformance.Fault{Kind: conformance.FaultTimeout, Message: "the request's deadline passed before it could be sent"}, false
	}
	rt := cfg.requestTimer(time.Until(deadline))
	defer rt.stop()
	timer := rt.c
	// A free slot; the time waiting for one counts towards the request's.
	// Most requests find one at once, and a send that cannot wait costs a
	// fraction of the select on four channels (which could pick the slot
	// too when it is free, whatever else is ready).
	select {
	case pl.slots <- struct{}{}:
	default:
		select {
		case pl.slots <- struct{}{}:
		case <-pl.dead:
			pl.settled()
			return r, nil, true
		case <-timer:
			return r, &conformance.Fault{Kind: conformance.FaultTimeout, Message: fmt.Sprintf("no room in the adapter's window within %v", round(timeout))}, false
		case <-ctx.Done():
			return r, &conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}, false
		}
	}
	ch := answerChans.Get().(chan answer)
	pl.mu.Lock()
	if pl.fault != nil {
		pl.mu.Unlock()
		return r, nil, true
	}
	pl.pending[id] = waiter{ch: ch}
	pl.order = append(pl.order, id)
	pl.mu.Unlock()

	if err := pl.send(line, deadline); err != nil {
		pl.settle.Lock()
		defer pl.settle.Unlock()
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			f := pl.faultFor(nil, conformance.FaultTimeout, fmt.Sprintf("the adapter did not read the request within %v", round(timeout)))
			f.Status = ""
			pl.fail(f, 0)
		case p.waitExit():
			pl.fail(pl.faultFor(nil, conformance.FaultExited, "the adapter exited before reading the request"), 0)
		default:
			pl.fail(pl.faultFor(nil, conformance.FaultProtocol, "the adapter closed its input but did not exit"), 0)
		}
		f, retry := pl.outcome(id)
		seen := p.kill()
		if f != nil {
			f.Seen = Printable(seen, SeenLimit, false)
		}
		return r, f, retry
	}
	select {
	case ans := <-ch:
		// Its one answer taken, the channel is empty and no one else
		// holds it (route and dispatch send once, to a request they
		// removed from pending): another request may have it.
		answerChans.Put(ch)
		if ans.line == nil {
			return ans.reply, nil, false
		}
		r, err := decodeResponse(ans.line, id)
		if err != nil {
			seen := append(ans.line, '\n')
			pl.fail(pl.faultFor(append(seen, p.kill()...), conformance.FaultProtocol, err.Error()), id)
			return r, pl.mustFault(id), false
		}
		return r, nil, false
	case <-pl.dead:
		pl.settled()
		f, retry := pl.outcome(id)
		return r, f, retry
	case <-timer:
	case <-ctx.Done():
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			// Interrupted: the answer, when it comes, is dropped.
			return r, &conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}, false
		}
	}
	f = pl.faultFor(nil, conformance.FaultTimeout, fmt.Sprintf("no answer within %v", round(timeout)))
	f.Status = "" // killed by the runner
	pl.settle.Lock()
	defer pl.settle.Unlock()
	pl.fail(f, 0)
	if g, retry := pl.outcome(id); g != f {
		p.kill()
		return r, g, retry // another fault came first, or others were in flight
	}
	f.Seen = Printable(p.kill(), SeenLimit, false)
	return r, f, false
}

// settled waits until the fault that ended the conversation is complete.
func (pl *pipe) settled() {
	pl.settle.Lock()
	//lint:ignore SA2001 waiting for the holder is the point
	pl.settle.Unlock()
}

// answerChans are the channels a request in flight gets its answer on
// (buffered, one answer), given back once it is taken.
var answerChans = sync.Pool{New: func() any { return make(chan answer, 1) }}

// requestTimer is newTimer for a request: while no test replaces the clock,
// a timer of a pool, given back stopped (after Stop, its channel delivers
// nothing stale) by stop. A value with a method, not a closure: a closure
// over the timer was an allocation per request.
func (c *Config) requestTimer(d time.Duration) reqTimer {
	if c.timer != nil {
		ch, stop := c.timer("request", d)
		return reqTimer{c: ch, stopFn: stop}
	}
	t, _ := requestTimers.Get().(*time.Timer)
	if t == nil {
		t = time.NewTimer(d)
	} else {
		t.Reset(d)
	}
	return reqTimer{c: t.C, t: t}
}

// reqTimer is a request's timer: a pooled one (t) or a test's (stopFn).
type reqTimer struct {
	c      <-chan time.Time
	t      *time.Timer
	stopFn func()
}

func (rt reqTimer) stop() {
	if rt.t != nil {
		rt.t.Stop()
		requestTimers.Put(rt.t)
	} else if rt.stopFn != nil {
		rt.stopFn()
	}
}

var requestTimers sync.Pool

// outcome is what a request in flight gets when the conversation ended:
// the fault if it is blamed, else a retry.
func (pl *pipe) outcome(id uint64) (*conformance.Fault, bool) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.blamed == id {
		return pl.fault, false
	}
	return nil, true
}

func (pl *pipe) mustFault(id uint64) *conformance.Fault {
	f, _ := pl.outcome(id)
	if f == nil {
		f = pl.fault
	}
	return f
}
