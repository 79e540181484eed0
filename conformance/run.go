package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pqhs/pqhs/internal/stackdepth"
	"github.com/pqhs/pqhs/vectors"
)

// Options configure a run.
type Options struct {
	// Profile is the validation profile to judge by. Empty means strict if
	// the adapter follows it, else the first profile it announced.
	Profile vectors.Profile
	// Parallel is the number of adapter instances used at once (default 1).
	// Results come back in case order whatever the value.
	Parallel int
	// Timeout bounds each request. The adapter gets it as its context's
	// deadline; an adapter that ignores the deadline (an in-process one
	// stuck in a loop) is abandoned five seconds later and reopened. Zero
	// means no bound.
	Timeout time.Duration
	// LooseErrors lets a rejection with the wrong category pass with a
	// warning, like BoGo's -loose-errors. An unknown category still fails.
	LooseErrors bool
	// AllowUnimplemented lets a run pass in which tests were skipped
	// because the adapter does not implement them, or in which nothing was
	// judged at all, like BoGo's -allow-unimplemented. Without it such a
	// run fails: a port that implements nothing must not look conformant.
	// A test disabled by an expected-failures entry (expect "skip") never
	// fails the run.
	AllowUnimplemented bool
	// Expect holds the expected failures and the must-run list; may be nil.
	Expect *Expectations
	// MustRun adds must-run entries to Expect's (for a project's own list of
	// critical tests).
	MustRun []Match
	// OnResult, if set, is called after each case, one call at a time, with
	// the number of cases done so far. Results arrive in completion order.
	OnResult func(done, total int, r *Result)
}

// MaxParallel caps Options.Parallel: more instances than this would only
// contend for the machine (each subprocess adapter is a process with its
// pipes and buffers).
const MaxParallel = 64

// interruptGrace is how long a request may go on after the run is
// interrupted before the runner abandons it.
var interruptGrace = time.Second

// abandonGrace is how long past its deadline an adapter may take to return
// before the runner abandons it.
var abandonGrace = 5 * time.Second

// Opener makes an adapter instance. Run calls it once per worker, from the
// workers' goroutines, and again when it had to abandon an instance.
type Opener func() (Adapter, error)

// Shared returns an Opener that hands the same adapter to every worker; it
// must then be safe for concurrent use. Closing the opened adapters does not
// close a.
func Shared(a Adapter) Opener {
	s := shared{a}
	return func() (Adapter, error) { return s, nil }
}

type shared struct{ Adapter }

func (shared) Close() error { return nil }

// Run judges every case with adapters from open and returns the report:
// exactly one Result per case, in the order of cases, even when adapters
// crash, hang or cannot be started (those cases are Errors), or when ctx is
// cancelled (the rest are Errors too). The error is for a configuration the
// run refuses: a must-run case that an expectation disables or excuses.
//
// A run has four phases: plan (the must-run list and its conflicts), start
// (the first adapter's hello settles the profile, under which the
// expectations of each case are decided), run (the workers judge the
// cases), report (the adapters are closed and the run's own remarks added).
func Run(ctx context.Context, open Opener, cases []Case, opt Options) (*Report, error) {
	return run(ctx, open, sliceSource(cases), opt)
}

// RunSource is Run over cases made on demand: the workers take case i from
// src when they come to it, and the report keeps results within the
// limits of FullResults (read them with Report.All). Its memory does not
// grow with the number of cases but for a record of 8 bytes per result.
// When ctx is cancelled the workers stop taking cases; those left are
// settled together as errors ("not run"), without calls of OnResult.
func RunSource(ctx context.Context, open Opener, src Source, opt Options) (*Report, error) {
	return run(ctx, open, src, opt)
}

func run(ctx context.Context, open Opener, src Source, opt Options) (*Report, error) {
	pl, err := plan(ctx, src, &opt)
	if err != nil {
		return nil, err
	}
	rep := &Report{LooseErrors: opt.LooseErrors, AllowUnimplemented: opt.AllowUnimplemented, Started: time.Now()}
	p := newPool(open, &opt, src.Len(), rep)
	p.start(ctx, rep)
	pl.decide(rep)
	p.run(ctx, pl, rep)
	p.close(ctx, rep)
	pl.finish(rep)
	rep.Duration = time.Since(rep.Started)
	return rep, nil
}

// runPlan is what a run knows of its cases before and apart from the
// adapter: the cases, the must-run list, and (once the profile is known)
// what the expectations say about each case.
type runPlan struct {
	src     Source
	opt     *Options
	musts   []Match
	profile vectors.Profile
	used    []atomic.Bool // per expected-failures entry

	mu           sync.Mutex
	uncatalogued map[*vectors.Family]bool
	warnings     []string
}

// plan checks the expectations against the cases: a must-run case that an
// entry would disable or excuse is refused.
func plan(ctx context.Context, src Source, opt *Options) (*runPlan, error) {
	pl := &runPlan{src: src, opt: opt, uncatalogued: map[*vectors.Family]bool{}}
	if opt.Expect != nil {
		pl.musts = append(pl.musts, opt.Expect.MustRun...)
		pl.used = make([]atomic.Bool, len(opt.Expect.Expect))
	}
	pl.musts = append(pl.musts, opt.MustRun...)
	if err := opt.Expect.conflicts(ctx, src, opt.MustRun); err != nil {
		return nil, err
	}
	return pl, nil
}

// decide settles the run's profile, under which the expectations of each
// case are decided (decideCase), and warns of families outside the
// catalogue among cases in memory (those of a Source, as they come).
func (pl *runPlan) decide(rep *Report) {
	pl.profile = rep.Profile
	if cs, ok := pl.src.(sliceSource); ok {
		for i := range cs {
			pl.catalogued(&cs[i])
		}
		rep.Warnings = append(rep.Warnings, pl.takeWarnings()...)
	}
}

// decideCase returns the expected-failures entry of c under the run's
// profile, and whether c is a must-run case.
func (pl *runPlan) decideCase(c *Case) (*Expectation, bool) {
	must := mustRun(c, pl.profile, pl.musts)
	var x *Expectation
	if j := pl.opt.Expect.lookup(c, pl.profile); j >= 0 {
		x = &pl.opt.Expect.Expect[j]
		pl.used[j].Store(true)
	}
	return x, must
}

// catalogued notes a family outside the catalogue, once.
func (pl *runPlan) catalogued(c *Case) {
	if c.Check != nil || c.Family.Catalogued() {
		return
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if !pl.uncatalogued[c.Family] {
		pl.uncatalogued[c.Family] = true
		pl.warnings = append(pl.warnings, fmt.Sprintf("family %s is not in the catalogue: its outputs are compared as plain JSON", c.Family.Name))
	}
}

func (pl *runPlan) takeWarnings() []string {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	w := pl.warnings
	pl.warnings = nil
	return w
}

// finish warns of expected-failures entries that matched nothing (not
// after an interrupt: they may match cases that did not run).
func (pl *runPlan) finish(rep *Report) {
	rep.Warnings = append(rep.Warnings, pl.takeWarnings()...)
	if pl.opt.Expect == nil || rep.Interrupted {
		return
	}
	for i := range pl.used {
		if !pl.used[i].Load() {
			x := &pl.opt.Expect.Expect[i]
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("expected-failures entry %d (%s, expect %s) matches no selected test", i, x.String(), x.Expect))
		}
	}
}

// pool is the run's workers, one adapter instance each.
type pool struct {
	open    Opener
	opt     *Options
	mu      sync.Mutex // guards workers (takeovers append) and the recording
	workers []*worker
}

func newPool(open Opener, opt *Options, ncases int, rep *Report) *pool {
	n := max(1, min(opt.Parallel, ncases, MaxParallel))
	if opt.Parallel > MaxParallel {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("-parallel %d is more than %d: %d adapter instances were used", opt.Parallel, MaxParallel, MaxParallel))
	}
	p := &pool{open: open, opt: opt, workers: make([]*worker, n)}
	for i := range p.workers {
		p.workers[i] = newWorker(open, opt)
	}
	return p
}

// start starts the first instance: its hello settles the profile.
func (p *pool) start(ctx context.Context, rep *Report) {
	w0 := p.workers[0]
	w0.start(ctx)
	rep.Adapter = w0.info
	rep.Profile = p.opt.Profile
	if rep.Profile == "" {
		rep.Profile = vectors.Strict
		if w0.fault == nil && !w0.info.Follows(vectors.Strict) && len(w0.info.Profiles) > 0 {
			rep.Profile = w0.info.Profiles[0]
		}
	}
	for _, w := range p.workers {
		w.profile = rep.Profile
	}
}

// run judges every case of pl into rep.Results (cases in memory) or
// rep.store (a Source).
func (p *pool) run(ctx context.Context, pl *runPlan, rep *Report) {
	opt := p.opt
	n := pl.src.Len()
	slice, inMemory := pl.src.(sliceSource)
	var st *store
	var replies []Reply // the results' replies, in one allocation
	if inMemory {
		rep.Results = make([]Result, n)
		replies = make([]Reply, n)
	} else {
		st = newStore(pl.src)
		rep.store = st
	}
	var (
		next        atomic.Int64
		done        int
		interrupted atomic.Bool
		wg          sync.WaitGroup
	)
	// record notes result i, which r holds: for cases in memory r is
	// rep.Results[i] itself, which the worker that ran the case (or the
	// watchdog that took it over) wrote; else the worker's own.
	record := func(i int, r *Result) {
		if r.Fault != nil && r.Fault.Kind == FaultInterrupted {
			interrupted.Store(true)
		}
		if inMemory && opt.OnResult == nil {
			return // nothing shared to update
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if !inMemory {
			st.put(i, r)
		}
		if opt.OnResult != nil {
			done++
			if !inMemory {
				cp := *r // the callback may keep it; r is the worker's
				r = &cp
			}
			opt.OnResult(done, n, r)
		}
	}
	// Each worker runs its requests on its own goroutine: handing each to
	// another goroutine costs a wake-up and a cold stack per request, a
	// fifth of a cheap family's crypto. A request that ignores its deadline
	// strands the goroutine; the watchdog then settles the case and starts a
	// fresh worker on a new goroutine for the rest (takeover).
	loop := func(w *worker) {
		for {
			if !inMemory && ctx.Err() != nil {
				wg.Done() // the rest is settled at once below
				return
			}
			i := int(next.Add(1) - 1)
			if i >= n {
				wg.Done()
				return
			}
			var (
				c     *Case
				reply *Reply
				res   *Result
			)
			if inMemory {
				c, reply, res = &slice[i], &replies[i], &rep.Results[i]
			} else {
				w.res = Result{} // settle writes into a zero Result
				reply, res = new(Reply), &w.res
				cc := pl.src.Case(i)
				c = &cc
				pl.catalogued(c)
			}
			w.cur, w.curCase = i, c
			x, must := pl.decideCase(c)
			w.curX, w.curMust = x, must
			if !w.runCase(ctx, c, x, must, reply, res) {
				return // the watchdog recorded case i and took the rest over
			}
			record(i, res)
		}
	}
	takeover := func(old *worker, f *Fault) {
		// The stranded worker writes no result any more: its request in
		// flight is abandoned, so it finds itself abandoned when it returns.
		res := new(Result)
		if inMemory {
			res = &rep.Results[old.cur]
		}
		old.settle(res, old.curCase, old.curX, old.curMust, time.Duration(mono()-old.started), &Outcome{Verdict: Error, Message: f.Error(), Fault: f})
		record(old.cur, res)
		w := newWorker(p.open, opt)
		w.profile, w.takeover, w.grace = old.profile, old.takeover, old.grace
		p.mu.Lock()
		p.workers = append(p.workers, w)
		p.mu.Unlock()
		go loop(w) // inherits the stranded goroutine's place in wg
	}
	// An interrupted run ends promptly even if an adapter ignores the
	// cancellation: the requests still running a grace after it are
	// abandoned.
	grace := interruptGrace
	stop := context.AfterFunc(ctx, func() {
		time.AfterFunc(grace, func() {
			f := &Fault{Kind: FaultInterrupted, Message: fmt.Sprintf("%v; the adapter did not return within %v and was abandoned", context.Cause(ctx), grace)}
			p.mu.Lock()
			ws := slices.Clone(p.workers)
			p.mu.Unlock()
			for _, w := range ws {
				if r := w.req.Load(); r != nil {
					w.abandon(r, r.state.Load(), f)
				}
			}
		})
	})
	defer stop()
	depth := int(runDepth.Add(1) % 64)
	for _, w := range p.workers {
		w.takeover = takeover
		wg.Add(1)
		go stackdepth.At(depth, func() { loop(w) })
	}
	wg.Wait() // no takeover runs after this: every request has returned
	if st != nil {
		cause := context.Cause(ctx)
		if cause == nil {
			cause = context.Canceled
		}
		f := &Fault{Kind: FaultInterrupted, Message: cause.Error()}
		notRun := &worker{opt: opt}
		st.settleNotRun = func(c *Case) Result {
			x, must := pl.decideCase(c)
			o := Outcome{Verdict: Error, Message: "not run: " + f.Error(), Fault: f}
			if x != nil && x.Expect == Skip {
				o = Outcome{Verdict: Skip, Message: "disabled by the expected-failures file: " + x.Reason}
			}
			var r Result
			notRun.settle(&r, c, x, must, 0, &o)
			return r
		}
		if st.settleRest() > 0 {
			interrupted.Store(true)
		}
	}
	rep.Interrupted = interrupted.Load()
}

// runDepth counts runs, so that each starts its workers 64 bytes of stack
// deeper than the last, over a page (stackdepth.At). A worker runs every
// request of a run from the same frames, and code that runs 50% slower at
// one position of its frame in a page (see stackdepth) would otherwise be
// slow in every run of a build whose frames happen to put it there
// (RunnerOverhead's verbeth/handshake/initiate, 1.29-1.32x in 5f481c6's
// build, 1.03x in the next): moved from one run to the next, it is so in
// one run in 64. It is for the measurements: the frames cost a few hundred
// ns per run, and no verdict depends on them.
var runDepth atomic.Uint32

// close closes every instance, at once, and warns of those that did not
// close cleanly. After an interrupt it kills those that can be killed
// (Killer) rather than wait for them to exit.
func (p *pool) close(ctx context.Context, rep *Report) {
	errs := make([]error, len(p.workers))
	kill := ctx.Err() != nil
	if len(p.workers) == 1 {
		// Handing one close to another goroutine and waiting for it would
		// only cost a wake-up of another thread.
		errs[0] = p.workers[0].close(kill)
	} else {
		var wg sync.WaitGroup
		for i, w := range p.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = w.close(kill)
			}()
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			msg := "closing the adapter: " + err.Error()
			if !slices.Contains(rep.Warnings, msg) {
				rep.Warnings = append(rep.Warnings, msg)
			}
		}
	}
}

// worker drives one adapter instance.
type worker struct {
	open    Opener
	opt     *Options
	profile vectors.Profile
	a       Adapter
	starter Starter // a, if it is one
	// doer is what requests go to: a, or the adapter that a Shared opener
	// wraps (one interface call less per request).
	doer Adapter
	info Info
	ops  map[string]bool
	// follows is whether info announced profile, once known is set.
	follows, followsKnown bool
	// lastFamily is the family of the last case, and lastImplemented
	// whether ops holds its operation.
	lastFamily      *vectors.Family
	lastImplemented bool
	fault           *Fault // why the instance is unusable; sticky

	cur       int   // the case being run
	curCase   *Case // and the case itself
	curX      *Expectation
	curMust   bool
	started   int64       // when it started (mono)
	clock     int64       // when the last case ended (mono), or zero
	abandoned atomic.Bool // a request ignored its deadline; this worker is done
	takeover  func(*worker, *Fault)

	req   atomic.Pointer[request] // the request in flight, or the last one
	spare *request                // the context of the worker's vector requests (do)
	dog   *time.Timer             // the watchdog (bark)
	armed atomic.Bool             // dog waits to fire
	grace time.Duration           // abandonGrace

	res Result // the result of a case of a Source, until recorded
	// sameOutputs is set when the last case's reply was given the case's
	// own outputs (judge).
	sameOutputs bool
}

func newWorker(open Opener, opt *Options) *worker {
	w := &worker{open: open, opt: opt, grace: abandonGrace}
	w.dog = time.AfterFunc(time.Hour, w.bark)
	w.dog.Stop()
	return w
}

func (w *worker) start(ctx context.Context) {
	a, err := w.open()
	if err != nil {
		w.fault = AsFault(err)
		return
	}
	info, err := a.Hello(ctx)
	if err != nil {
		w.fault = AsFault(err)
		a.Close()
		return
	}
	w.a, w.info = a, info
	w.starter, _ = a.(Starter)
	w.doer = a
	if s, ok := a.(shared); ok {
		w.doer = s.Adapter
	}
	w.followsKnown = false
	w.lastFamily = nil
	w.ops = make(map[string]bool, len(info.Operations))
	for _, op := range info.Operations {
		w.ops[op] = true
	}
}

func (w *worker) close(kill bool) error {
	w.dog.Stop()
	if w.a == nil || w.abandoned.Load() {
		return nil
	}
	var err error
	if k, ok := w.a.(Killer); ok && kill {
		err = k.Kill()
	} else {
		err = w.a.Close()
	}
	w.a, w.starter, w.doer = nil, nil, nil
	return err
}

// runCase runs case c and writes its result into r, unless a request of
// the case was abandoned (then the watchdog settles the case, and runCase
// returns false): once its requests have returned, none can be abandoned
// any more, and r is the worker's to write.
func (w *worker) runCase(ctx context.Context, c *Case, x *Expectation, must bool, reply *Reply, r *Result) bool {
	// A case starts when the worker's previous one ended: reading the
	// clock costs 150 ns on some virtual machines (kvm-clock), a tenth of
	// a decoder's crypto, and the worker does nothing between cases.
	if w.clock == 0 {
		w.clock = mono()
	}
	w.started = w.clock
	w.sameOutputs = false
	var o Outcome
	w.judge(ctx, c, x, reply, &o)
	if w.abandoned.Load() {
		return false
	}
	if !w.sameOutputs {
		boundOutcome(&o, reply)
	}
	end := mono()
	w.settle(r, c, x, must, time.Duration(end-w.started), &o)
	w.clock = end
	return true
}

// settle writes the result of case c, from its outcome and its duration d,
// into r, which is zero (a fresh result of the run's, or the worker's
// cleared).
func (w *worker) settle(r *Result, c *Case, x *Expectation, must bool, d time.Duration, o *Outcome) {
	// Field by field, and only those set: a Result is a dozen pointers,
	// and while the collector marks, a copy of the whole passes each
	// through its write barrier (a tenth of the runner's cost per case).
	r.Case, r.MustRun = c, must
	r.Outcome.set(o)
	if must && r.Verdict == Skip {
		r.Verdict = Fail
		r.Message = "a must-run test was not run: " + r.Message
	}
	r.settle(x)
	if r.Verdict == Skip && r.Expected != Skip && !w.opt.AllowUnimplemented {
		r.Unexpected = true // not implemented, and no entry excuses it
	}
	r.Duration = d
}

// judge judges case c into o, which is zero.
func (w *worker) judge(ctx context.Context, c *Case, x *Expectation, reply *Reply, o *Outcome) {
	if x != nil && x.Expect == Skip {
		*o = Outcome{Verdict: Skip, Message: "disabled by the expected-failures file: " + x.Reason}
		return
	}
	if err := ctx.Err(); err != nil {
		f := &Fault{Kind: FaultInterrupted, Message: err.Error()}
		*o = Outcome{Verdict: Error, Message: "not run: " + f.Error(), Fault: f}
		return
	}
	start := w.started
	if w.a == nil && w.fault == nil {
		w.start(ctx)
		start = 0 // the request starts after the adapter
	}
	if w.fault != nil {
		*o = Outcome{Verdict: Error, Message: w.fault.Error(), Fault: w.fault}
		return
	}
	if !w.followsKnown {
		w.follows, w.followsKnown = w.info.Follows(w.profile), true
	}
	if !w.follows {
		*o = Outcome{Verdict: Error, Message: fmt.Sprintf("the adapter does not follow the %s profile (it announced %v)", w.profile, w.info.Profiles)}
		return
	}
	if c.Check != nil {
		for _, op := range c.Check.Operations() {
			if !w.ops[op] {
				*o = Outcome{Verdict: Skip, Message: "the adapter does not implement " + op}
				return
			}
		}
		*o = w.check(ctx, c)
		return
	}
	if !w.implements(c.Family) {
		*o = Outcome{Verdict: Skip, Message: "the adapter does not implement " + c.Family.Name}
		return
	}
	var err error
	*reply, err = w.do(ctx, Request{Op: c.Family.Name, Profile: w.profile, Inputs: c.Inputs}, start, true)
	if err != nil {
		f := AsFault(err)
		*o = Outcome{Verdict: Error, Message: f.Error(), Fault: f}
		return
	}
	w.sameOutputs = judge(c, w.profile, reply, w.opt.LooseErrors, o)
}

// implements reports whether the adapter announced f's operation. Cases
// come family by family, so the answer for the last family is kept.
func (w *worker) implements(f *vectors.Family) bool {
	if f != w.lastFamily {
		w.lastFamily, w.lastImplemented = f, w.ops[f.Name]
	}
	return w.lastImplemented
}

func (w *worker) check(ctx context.Context, c *Case) (o Outcome) {
	defer func() {
		if v := recover(); v != nil {
			f := &Fault{Kind: FaultPanic, Message: fmt.Sprint(v), Stderr: string(debug.Stack())}
			o = Outcome{Verdict: Error, Message: "the check panicked: " + f.Message, Fault: f}
		}
	}()
	env := &Env{Profile: w.profile, LooseErrors: w.opt.LooseErrors, Info: w.info, w: w}
	return c.Check.Check(ctx, env)
}

// do sends one request under the request timeout, recovering a panic of an
// in-process adapter and abandoning one that ignores its deadline. The
// request's time starts at start, or now if start is zero or the adapter
// has to start first. With spare, ctx is the run's, and the request's
// context may be the one of the worker's last vector request, made new
// (request.begin); a check's requests (Env.Do) have contexts of their own.
func (w *worker) do(ctx context.Context, req Request, start int64, spare bool) (Reply, error) {
	if w.abandoned.Load() {
		// A check that goes on after its request was abandoned gets nothing
		// more from this worker: its case is settled and its adapter closed.
		return Reply{}, errAbandoned
	}
	if w.a == nil && w.fault == nil {
		w.start(ctx)
		start = 0
	}
	if w.fault != nil {
		return Reply{}, w.fault
	}
	if err := ctx.Err(); err != nil {
		return Reply{}, &Fault{Kind: FaultInterrupted, Message: err.Error()}
	}
	if s := w.starter; s != nil {
		// A (re)start has its own timeout, not the request's.
		if err := s.Start(ctx); err != nil {
			return Reply{}, err
		}
		start = 0
	}
	if start == 0 {
		start = mono()
	}
	var r *request
	if spare {
		// The run's context, as every vector request of the worker has.
		if r = w.spare; r == nil || !r.reusable() {
			r = newRequest(ctx, w.opt.Timeout)
			w.spare = r
		}
	} else {
		r = newRequest(ctx, w.opt.Timeout)
	}
	s := r.begin(start)
	w.arm(r)
	reply, err := safeDo(r, w.doer, req)
	// Out of running, the context has ended (Err says so); Done, if it
	// was made, is closed now.
	ok := r.state.CompareAndSwap(s, s&^stateMask|answered)
	if r.waited.Load() {
		r.end(context.Canceled)
	}
	if !ok {
		w.abandoned.Store(true)
		return Reply{}, errAbandoned
	}
	return reply, err
}

// errAbandoned is what a request returns to a worker that the watchdog has
// given up on; the worker's result is then dropped.
var errAbandoned = &Fault{Kind: FaultTimeout, Message: "abandoned"}

func safeDo(ctx context.Context, a Adapter, req Request) (r Reply, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &Fault{Kind: FaultPanic, Message: fmt.Sprint(v), Stderr: string(debug.Stack())}
		}
	}()
	return a.Do(ctx, req)
}

// ValueLimit bounds each value of an adapter's reply that a result keeps
// (outputs, and the actual values of mismatches) once the case is judged.
// A longer value is kept as a JSON string holding its printable beginning
// and its length, so that a run over adapters that answer megabytes stays
// within memory and its reports within reason.
const ValueLimit = 16 << 10

// boundOutcome applies ValueLimit to what o keeps of the adapter's answer.
// A reply that is the runner's own (reply, where the worker put the
// adapter's answer) is bounded in place, so that the long values are not
// kept there either; another (a Checker's) is copied.
func boundOutcome(o *Outcome, reply *Reply) {
	if r := o.Reply; r != nil && len(r.Outputs) > 0 {
		big := false
		for k, v := range r.Outputs {
			big = big || len(v) > ValueLimit || len(k) > 256
		}
		if big {
			out := make(vectors.Values, len(r.Outputs))
			for k, v := range r.Outputs {
				if len(k) > 256 {
					k = Printable([]byte(k), 256, false)
				}
				out[k] = boundValue(v)
			}
			if r != reply {
				cp := *r
				o.Reply = &cp
			}
			o.Reply.Outputs = out
		}
	}
	for i := range o.Mismatches {
		o.Mismatches[i].Actual = boundValue(o.Mismatches[i].Actual)
	}
	o.Message = boundText(o.Message)
	o.Warning = boundText(o.Warning)
}

func boundValue(v json.RawMessage) json.RawMessage {
	if len(v) <= ValueLimit {
		return v
	}
	b, _ := json.Marshal(fmt.Sprintf("%s… (%d bytes in all)", Printable(v[:1<<10], 1<<10, false), len(v)))
	return b
}

// boundText cuts a message made of adapter text that escaped bounding (an
// in-process adapter's) at twice MessageLimit.
func boundText(s string) string {
	if len(s) <= 2*MessageLimit {
		return s
	}
	return PrintableString(s)
}
