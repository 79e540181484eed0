package subprocess

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
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
type pipe struct {
	p     *process
	slots chan struct{} // one token per request in flight
	wmu   sync.Mutex    // one writer at a time

	mu      sync.Mutex
	pending map[uint64]chan []byte // buffered, one answer
	order   []uint64               // ids in the order they were sent
	dead    chan struct{}          // closed when the process is given up
	fault   *conformance.Fault
	blamed  uint64 // the request the fault is recorded against
}

func newPipe(p *process, window int) *pipe {
	pl := &pipe{p: p, slots: make(chan struct{}, window), pending: map[uint64]chan []byte{}, dead: make(chan struct{})}
	go pl.dispatch()
	return pl
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
		ch, inFlight := pl.pending[id]
		if err == nil && inFlight {
			delete(pl.pending, id)
			for i, x := range pl.order {
				if x == id {
					pl.order = append(pl.order[:i], pl.order[i+1:]...)
					break
				}
			}
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
		ch <- m.line
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
	timer, stopTimer := cfg.newTimer("request", time.Until(deadline))
	defer stopTimer()
	// A free slot; the time waiting for one counts towards the request's.
	select {
	case pl.slots <- struct{}{}:
	case <-pl.dead:
		return r, nil, true
	case <-timer:
		return r, &conformance.Fault{Kind: conformance.FaultTimeout, Message: fmt.Sprintf("no room in the adapter's window within %v", round(timeout))}, false
	case <-ctx.Done():
		return r, &conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}, false
	}
	ch := make(chan []byte, 1)
	pl.mu.Lock()
	if pl.fault != nil {
		pl.mu.Unlock()
		return r, nil, true
	}
	pl.pending[id] = ch
	pl.order = append(pl.order, id)
	pl.mu.Unlock()

	pl.wmu.Lock()
	err := p.stdin.SetWriteDeadline(deadline)
	if err == nil || errors.Is(err, os.ErrNoDeadline) {
		_, err = p.stdin.Write(line)
	}
	pl.wmu.Unlock()
	if err != nil {
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
		r, err := decodeResponse(ans, id)
		if err != nil {
			seen := append(ans, '\n')
			pl.fail(pl.faultFor(append(seen, p.kill()...), conformance.FaultProtocol, err.Error()), id)
			return r, pl.mustFault(id), false
		}
		return r, nil, false
	case <-pl.dead:
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
	pl.fail(f, 0)
	if g, retry := pl.outcome(id); g != f {
		p.kill()
		return r, g, retry // another fault came first, or others were in flight
	}
	f.Seen = Printable(p.kill(), SeenLimit, false)
	return r, f, false
}

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
