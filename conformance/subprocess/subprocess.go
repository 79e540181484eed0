// Package subprocess runs an adapter program that speaks the line-delimited
// JSON protocol of spec/adapter.md, and survives it: a crash, a hang,
// garbage, a half-written line, a response with the wrong id or a program
// that never says hello is recorded as a conformance.Fault against the
// request that provoked it, with what was seen and the tail of the program's
// standard error; the program is then restarted for the next request.
//
// It also has the other side, Serve, with which a Go implementation becomes
// an adapter program.
//
// It is complete on Linux. Elsewhere a descendant that leaves the adapter's
// process group is not found and killed (no child subreaper) and the pipes
// keep the system's size; outside Unix only the adapter itself is killed,
// not what it started, and a command line with shell syntax (Shell,
// CommandLine) needs sh on PATH.
package subprocess

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pqhs/pqhs/conformance"
)

// Defaults of Config.
const (
	DefaultStartTimeout   = 10 * time.Second
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxStarts      = 3
)

// Config says how to run an adapter program.
type Config struct {
	// Command is the program and its arguments; Shell makes one from a
	// command line.
	Command []string
	// Dir is the working directory ("" is the runner's).
	Dir string
	// Env is the environment (nil inherits the runner's).
	Env []string
	// StartTimeout bounds the wait for the hello (default 10 s).
	StartTimeout time.Duration
	// RequestTimeout bounds each request (default 30 s); a context deadline
	// that comes sooner wins.
	RequestTimeout time.Duration
	// MaxStarts is the number of failed starts in a row after which the
	// adapter is given up (default 3): every later request then fails at
	// once with FaultUnavailable.
	MaxStarts int

	// timer makes the start and request timers (kind "start" or
	// "request"); nil is the wall clock. Tests replace it to time out on an
	// event rather than on the clock.
	timer func(kind string, d time.Duration) (c <-chan time.Time, stop func())
}

func (c *Config) newTimer(kind string, d time.Duration) (<-chan time.Time, func()) {
	if c.timer != nil {
		return c.timer(kind, d)
	}
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Shell runs a command line with sh -c.
func Shell(cmdline string) []string { return []string{"sh", "-c", cmdline} }

// CommandLine turns -adapter 'CMD' into a command. A plain command line
// (words, with single or double quotes but no other shell syntax) runs
// directly, with no shell in between: a shell would keep its own copy of the
// program's output open, so that a program closing its output while it
// lives on could not be told from one that hangs. Anything else (variables,
// pipes, redirections, &&, globs, backslashes) runs with sh -c.
func CommandLine(cmdline string) []string {
	if words, ok := plainWords(cmdline); ok && len(words) > 0 {
		return words
	}
	return Shell(cmdline)
}

// plainWords splits a command line into words as sh would, if it uses no
// shell feature beyond blanks and quotes.
func plainWords(s string) ([]string, bool) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote byte
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case quote == '"':
			switch c {
			case '"':
				quote = 0
			case '$', '`', '\\', '!':
				return nil, false
			default:
				cur.WriteByte(c)
			}
		case c == ' ' || c == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case strings.IndexByte("|&;<>()$`\\*?[]#~{}!\n\r", c) >= 0,
			c == '=' && len(words) == 0: // an assignment: FOO=1 ./a
			return nil, false
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, false
	}
	if in {
		words = append(words, cur.String())
	}
	return words, true
}

// Adapter is a conformance.Adapter backed by a program. It starts the program
// on the first Hello or Do and again after each fault. Its methods may be
// called from several goroutines; requests are sent one at a time.
type Adapter struct {
	cfg Config

	mu     sync.Mutex
	p      *process
	info   conformance.Info
	hello  bool
	failed int // failed starts in a row
	gaveUp *conformance.Fault
	nextID uint64
	pl     *pipe        // the pipelined conversation with p, if it pipelines
	solo   sync.RWMutex // held to send a request alone (a retry), read-held to pipeline
	starts int
	pgids  []int // of every start, for tests
}

// New returns an adapter for cfg; nothing starts until it is used.
func New(cfg Config) *Adapter {
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxStarts <= 0 {
		cfg.MaxStarts = DefaultMaxStarts
	}
	return &Adapter{cfg: cfg}
}

// Starts returns how many times the program was started.
func (a *Adapter) Starts() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.starts
}

// Hello starts the program if it does not run, trying up to MaxStarts
// times, and returns its hello (the first one received, for later starts).
func (a *Adapter) Hello(ctx context.Context) (conformance.Info, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		err := a.ensure(ctx)
		if err == nil || a.gaveUp != nil || ctx.Err() != nil {
			return a.info, err
		}
	}
}

// Start starts the program if it does not run, once, under the start
// timeout; a run calls it before each request, so that a restart after a
// fault is bounded by its own timeout and not by the next request's. A
// failed start counts towards MaxStarts as in Do. Cancelling ctx
// interrupts it; a deadline of ctx does not shorten the start timeout.
func (a *Adapter) Start(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ensure(ctx)
}

// maxRetries bounds how often a pipelined request is sent again after a
// fault ended the program it was in flight to.
const maxRetries = 3

// Do sends one request and waits for its response. On a fault it kills the
// program and returns a *conformance.Fault; the next call starts it again.
//
// With a program that announced pipelining (pipeline/1), calls from several
// goroutines are in flight together, up to its window. A fault with one
// request in flight is that request's; when several were in flight, each of
// them is sent again alone to the restarted program, so that the fault is
// recorded against the request that provokes it and the others get their
// answers.
func (a *Adapter) Do(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	return a.doFrom(ctx, req, 0)
}

// doFrom is Do from attempt first; from 1 the request is sent alone (a
// submitted request that was in flight when its program failed).
func (a *Adapter) doFrom(ctx context.Context, req conformance.Request, first int) (conformance.Reply, error) {
	solo := first > 0
	for attempt := first; ; attempt++ {
		a.mu.Lock()
		if a.pl != nil && a.pl.isDead() {
			if a.p == a.pl.p {
				a.p = nil
			}
			a.pl = nil
		}
		if err := a.ensure(ctx); err != nil {
			a.mu.Unlock()
			return conformance.Reply{}, err
		}
		if a.p.window <= 1 {
			r, err := a.doSerial(ctx, req)
			a.mu.Unlock()
			return r, err
		}
		pl, id := a.pipeRequest()
		a.mu.Unlock()
		line, err := pooledRequest(id, req)
		if err != nil {
			return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultOther, Message: "cannot encode the request: " + err.Error()}
		}
		if len(line) > MaxLine+1 {
			return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultOther, Message: fmt.Sprintf("the request (%d bytes) exceeds the line limit", len(line))}
		}
		if solo {
			a.solo.Lock()
		} else {
			a.solo.RLock()
		}
		// line is the pipe's now: its writer gives it back (pipe.send).
		r, f, retry := pl.do(ctx, &a.cfg, id, line)
		if solo {
			a.solo.Unlock()
		} else {
			a.solo.RUnlock()
		}
		if retry && attempt < maxRetries {
			solo = true
			continue
		}
		if retry {
			g := *pl.fault
			g.Message = fmt.Sprintf("in flight when the adapter failed %d times: %s", attempt+1, g.Message)
			f = &g
		}
		if f != nil {
			return conformance.Reply{}, f
		}
		return r, nil
	}
}

// doSerial is Do without pipelining, with a.mu held and the program
// running.
func (a *Adapter) doSerial(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		// The start took the request's time. Nothing was sent: the
		// program is not at fault and keeps running.
		return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultTimeout, Message: "the request's deadline passed before it could be sent (while the adapter started)"}
	}
	a.nextID++
	line, err := encodeRequest(a.nextID, req)
	if err != nil {
		return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultOther, Message: "cannot encode the request: " + err.Error()}
	}
	if len(line) > MaxLine+1 {
		return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultOther, Message: fmt.Sprintf("the request (%d bytes) exceeds the line limit", len(line))}
	}
	r, f := a.roundTrip(ctx, a.nextID, line)
	if f != nil {
		a.p = nil
		return conformance.Reply{}, f
	}
	return r, nil
}

// Close closes the program's input and waits for it to exit; it kills a
// program that does not exit within two seconds. It reports a program that
// had to be killed or exited with a non-zero status.
func (a *Adapter) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.p
	if p == nil {
		return nil
	}
	a.p, a.pl = nil, nil
	p.closeStdin()
	if !p.waitExit() {
		p.kill()
		return errors.New("the adapter did not exit within 2s of the end of its input; killed")
	}
	p.release()
	if st := p.status(); p.cmd.ProcessState != nil && !p.cmd.ProcessState.Success() {
		msg := "the adapter exited with " + st + " at the end of its input"
		if tail := lastLines(p.stderrTail(false), 5); tail != "" {
			msg += "; stderr: " + tail
		}
		return errors.New(msg)
	}
	return nil
}

// Kill kills the program and everything it started, at once (an
// interrupted run does not wait for it to exit).
func (a *Adapter) Kill() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.p
	if p == nil {
		return nil
	}
	a.p, a.pl = nil, nil
	p.kill()
	return nil
}

// ensure has a running program with a valid hello, or returns why not. It
// counts failed starts and gives up after MaxStarts in a row.
func (a *Adapter) ensure(ctx context.Context) error {
	if a.p != nil {
		return nil
	}
	if a.gaveUp != nil {
		return a.gaveUp
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return &conformance.Fault{Kind: conformance.FaultInterrupted, Message: err.Error()}
	}
	// The start has its own timeout: a deadline of ctx (the request's)
	// does not apply to it, a cancellation does.
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	defer stop()
	p, info, f := a.start(sctx)
	if f == nil {
		a.p, a.failed = p, 0
		if !a.hello {
			a.info, a.hello = info, true
		}
		return nil
	}
	if f.Kind == conformance.FaultInterrupted {
		return f
	}
	a.failed++
	if a.failed >= a.cfg.MaxStarts {
		a.gaveUp = &conformance.Fault{
			Kind:    conformance.FaultUnavailable,
			Message: fmt.Sprintf("gave up after %d failed starts in a row; the last: %s", a.failed, f.Error()),
			Seen:    f.Seen, Stderr: f.Stderr, Status: f.Status,
		}
	}
	return f
}

func (a *Adapter) start(ctx context.Context) (*process, conformance.Info, *conformance.Fault) {
	var info conformance.Info
	p, err := startProcess(&a.cfg)
	if err != nil {
		return nil, info, &conformance.Fault{Kind: conformance.FaultNoHello, Message: fmt.Sprintf("the adapter did not say hello: cannot start %q: %v", a.cfg.Command, err)}
	}
	a.starts++
	a.pgids = append(a.pgids, p.pgid)
	timeout, stopTimer := a.cfg.newTimer("start", a.cfg.StartTimeout)
	defer stopTimer()
	noHello := func(msg string, seen []byte) (*process, conformance.Info, *conformance.Fault) {
		return nil, info, &conformance.Fault{
			Kind:    conformance.FaultNoHello,
			Message: "the adapter did not say hello: " + msg,
			Seen:    Printable(seen, SeenLimit, false),
			Stderr:  p.stderrTail(true),
			Status:  p.status(),
		}
	}
	var m lineMsg
	var ok bool
	select {
	case m, ok = <-p.lines:
	case <-p.exited:
		// It exited; a descendant may still hold its output open. Its
		// last words, if any, are read within a short grace.
		select {
		case m, ok = <-p.lines:
		case <-time.After(drainGrace):
			return noHello("it exited without a word", p.kill())
		}
	case <-timeout:
		return noHello(fmt.Sprintf("nothing within %v", a.cfg.StartTimeout), p.kill())
	case <-ctx.Done():
		p.kill()
		return nil, info, &conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}
	}
	{
		switch {
		case !ok:
			p.waitExit()
			p.release()
			return noHello("it ended its output without a word", nil)
		case errors.Is(m.err, ErrLineTooLong):
			seen := append(m.line, p.kill()...)
			return noHello(fmt.Sprintf("its first line is longer than %d KiB", HelloLimit>>10), seen)
		case m.err != nil:
			seen := append(m.line, p.kill()...)
			return noHello(describeEnd(m.err)+" before any hello", seen)
		}
		info, err := decodeHello(m.line)
		if err != nil {
			seen := append(m.line, '\n')
			seen = append(seen, p.kill()...)
			return noHello("its first line is not a valid hello: "+err.Error(), seen)
		}
		p.window = helloWindow(m.line)
		return p, info, nil
	}
}

func describeEnd(err error) string {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return "it wrote a line longer than 16 MiB"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it wrote a half line and closed its output"
	}
	return "reading its output failed (" + err.Error() + ")"
}

// roundTrip writes one request and reads its response. Any fault kills the
// program.
func (a *Adapter) roundTrip(ctx context.Context, id uint64, line []byte) (conformance.Reply, *conformance.Fault) {
	p := a.p
	timeout := a.cfg.RequestTimeout
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		// The caller's deadline is the request's timeout; name it as such.
		deadline, timeout = d, max(0, time.Until(d))
		if t, ok := conformance.TimeoutOf(ctx); ok && timeout > 0 {
			timeout = t
		}
	}
	fault := func(kind conformance.FaultKind, msg string, seen []byte) *conformance.Fault {
		return &conformance.Fault{
			Kind:    kind,
			Message: msg,
			Seen:    Printable(seen, SeenLimit, false),
			Stderr:  p.stderrTail(true),
			Status:  p.status(),
		}
	}
	if timeout <= 0 {
		f := fault(conformance.FaultTimeout, "the request's deadline passed before it could be sent", p.kill())
		f.Status = ""
		return conformance.Reply{}, f
	}
	// A program that stops reading must not block the runner either.
	if err := p.stdin.SetWriteDeadline(deadline); err != nil && !errors.Is(err, os.ErrNoDeadline) {
		return conformance.Reply{}, fault(conformance.FaultOther, "cannot set a write deadline: "+err.Error(), p.kill())
	}
	if _, err := p.in.Write(line); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			f := fault(conformance.FaultTimeout, fmt.Sprintf("the adapter did not read the request within %v", round(timeout)), p.kill())
			f.Status = ""
			return conformance.Reply{}, f
		}
		// It closed its input: it exited, or is about to.
		if !p.waitExit() {
			seen := p.kill()
			return conformance.Reply{}, fault(conformance.FaultProtocol, "the adapter closed its input but did not exit", seen)
		}
		seen := p.kill()
		return conformance.Reply{}, fault(conformance.FaultExited, "the adapter exited before reading the request", seen)
	}
	timer, stopTimer := a.cfg.newTimer("request", time.Until(deadline))
	defer stopTimer()
	timedOut := func() (conformance.Reply, *conformance.Fault) {
		f := fault(conformance.FaultTimeout, fmt.Sprintf("no answer within %v", round(timeout)), p.kill())
		f.Status = "" // killed by the runner
		return conformance.Reply{}, f
	}
	exitedMidRequest := func() (conformance.Reply, *conformance.Fault) {
		return conformance.Reply{}, fault(conformance.FaultExited, "the adapter exited while handling the request", p.kill())
	}
	var m lineMsg
	var ok bool
	select {
	case m, ok = <-p.lines:
	case <-p.exited:
		// It exited; its answer, if it wrote one, is in the pipe. A
		// descendant holding the output open must not turn this into a
		// timeout.
		select {
		case m, ok = <-p.lines:
		case <-time.After(drainGrace):
			return exitedMidRequest()
		}
	case <-timer:
		return timedOut()
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return timedOut()
		}
		p.kill()
		return conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultInterrupted, Message: ctx.Err().Error()}
	}
	switch {
	case !ok:
		exited := p.waitExit()
		if !exited {
			return conformance.Reply{}, fault(conformance.FaultProtocol, "the adapter closed its output but did not exit", p.kill())
		}
		return exitedMidRequest()
	case errors.Is(m.err, io.ErrUnexpectedEOF):
		p.waitExit()
		seen := append(m.line, p.kill()...)
		return conformance.Reply{}, fault(conformance.FaultProtocol, "a half-written line, then the adapter closed its output", seen)
	case m.err != nil:
		seen := append(m.line, p.kill()...)
		return conformance.Reply{}, fault(conformance.FaultProtocol, describeEnd(m.err), seen)
	}
	r, err := decodeResponse(m.line, id)
	if err != nil {
		seen := append(m.line, '\n')
		seen = append(seen, p.kill()...)
		return conformance.Reply{}, fault(conformance.FaultProtocol, err.Error(), seen)
	}
	return r, nil
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// pipeRequest gives a pipelining program's pipe, made on first use, and the
// id of a new request on it. The caller holds a.mu and has a running
// program whose window is over 1.
func (a *Adapter) pipeRequest() (*pipe, uint64) {
	if a.pl == nil {
		a.pl = newPipe(a.p, a.p.window)
	}
	a.nextID++
	return a.pl, a.nextID
}
