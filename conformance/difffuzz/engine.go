package difffuzz

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/vectors"
)

// Options configure a campaign.
type Options struct {
	// Profile is the profile to judge by; empty means strict if the
	// adapter follows it, else the first profile it announced.
	Profile vectors.Profile
	// Families are the families to fuzz; nil means every family the
	// adapter and the reference both implement.
	Families []*vectors.Family
	// Cases are the vector tests whose inputs the campaign starts from
	// (only those of the fuzzed families are used).
	Cases []conformance.Case
	// Corpus is a directory that keeps the interesting inputs and the
	// findings between campaigns ("" keeps nothing).
	Corpus string
	// Duration bounds the campaign; zero means until ctx is done or the
	// exec budget is spent.
	Duration time.Duration
	// Execs bounds the number of generated cases sent to the adapter
	// (minimisation not counted); zero means no bound.
	Execs int64
	// StopAfter ends the campaign after this many distinct findings; zero
	// means never.
	StopAfter int
	// Instances is the number of adapter instances opened (default 1).
	Instances int
	// InFlight is the number of requests kept in flight per instance
	// (default 2). The adapters must be safe for concurrent use, as
	// subprocess adapters are: without pipelining their requests queue,
	// and the runner prepares the next case while the adapter works.
	InFlight int
	// Timeout bounds each request (zero: none).
	Timeout time.Duration
	// Seed makes the campaign reproducible: with one lane and an in-process
	// adapter the same seed sends the same cases.
	Seed uint64
	// MinimizeExecs bounds the requests spent minimising one finding
	// (default 400; negative: no minimisation).
	MinimizeExecs int
	// LooseErrors judges as the runner's -loose-errors does.
	LooseErrors bool
	// Progress, if set, is called about every ProgressEvery with the
	// figures so far, and once at the end.
	Progress      func(Stats)
	ProgressEvery time.Duration
	// MeasureOracle times the calls of the reference as the oracle on
	// their thread's CPU clock (Stats.OracleCPU), for the throughput
	// benchmark: every call on a large input, and one in oracleSample
	// (4) of the others, counting for oracleSample, or one in
	// oracleSampleCheap (16) on the families whose calls are cheap. A
	// thread clock read is a system call (1-2 µs on a virtual machine,
	// more under load), which on every case would be a tenth of the
	// runner's own work on decoder families.
	MeasureOracle bool
	// Reference, if set, gives the reference's answers in place of
	// reference.Run, and must answer exactly as it does. The mutants' test
	// passes the memo the mutants share (mutants.RunReference), so that a
	// mutant's unchanged operations reuse the answer the oracle just
	// computed instead of computing it again.
	Reference func(op *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error)
	// Reproduce is the command line that replays a finding against the same
	// adapter; the campaign appends the selection of the finding. Empty
	// means the in-process reference's.
	Reproduce string
}

// Stats are a campaign's figures.
type Stats struct {
	Elapsed time.Duration
	// Execs are the generated cases judged; Discarded the generated inputs
	// the reference called malformed (never sent).
	Execs, Discarded int64
	// Unsupported are the cases the adapter answered "unsupported".
	Unsupported int64
	// Findings are the distinct findings (by signature); Hits every
	// disagreement, repeats included.
	Findings, Hits int
	// Behaviours is the number of distinct behaviours seen (the coverage
	// feedback, see the package doc); Corpus the inputs kept for them.
	Behaviours, Corpus int
	// MinimizeExecs are the requests spent minimising.
	MinimizeExecs int64
	// OracleCPU is the CPU time of the reference's calls as the oracle,
	// with Options.MeasureOracle: an estimate from every call on a large
	// input and one in oracleSample (or oracleSampleCheap) of the others
	// per lane (the lanes draw their families at random, so the calls
	// timed are a fair sample).
	OracleCPU time.Duration
}

// Result is the outcome of a campaign.
type Result struct {
	Adapter  conformance.Info
	Profile  vectors.Profile
	Families []string
	Seed     uint64
	Started  time.Time
	Stats    Stats
	// Findings are the distinct findings, in the order found; those loaded
	// from the corpus directory and seen again come first.
	Findings []*Finding
	// PerFamily counts the cases judged per family.
	PerFamily map[string]int64
	Warnings  []string
}

// Run fuzzes the adapters from open against the reference until ctx is
// done, the duration or the exec budget is spent, or StopAfter findings.
func Run(ctx context.Context, open conformance.Opener, opt Options) (*Result, error) {
	if opt.Instances <= 0 {
		opt.Instances = 1
	}
	if opt.InFlight <= 0 {
		opt.InFlight = 2
	}
	if opt.MinimizeExecs == 0 {
		opt.MinimizeExecs = 400
	}
	if opt.ProgressEvery <= 0 {
		opt.ProgressEvery = 2 * time.Second
	}
	if opt.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Duration)
		defer cancel()
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	e := &engine{opt: &opt, started: time.Now(), stop: stop, seen: map[uint64]struct{}{}, perFamily: map[string]*atomic.Int64{}}
	res := &Result{Started: e.started, Seed: opt.Seed}

	// Open the instances; the first hello settles the profile and the
	// families.
	insts := make([]conformance.Adapter, 0, opt.Instances)
	defer func() {
		for _, a := range insts {
			a.Close()
		}
	}()
	for range opt.Instances {
		a, err := open()
		if err != nil {
			return nil, fmt.Errorf("opening the adapter: %w", err)
		}
		insts = append(insts, a)
	}
	info, err := insts[0].Hello(ctx)
	if err != nil {
		return nil, fmt.Errorf("the adapter's hello: %w", err)
	}
	for _, a := range insts[1:] {
		if _, err := a.Hello(ctx); err != nil {
			return nil, fmt.Errorf("the adapter's hello: %w", err)
		}
	}
	res.Adapter = info
	e.profile = opt.Profile
	if e.profile == "" {
		e.profile = vectors.Strict
		if !info.Follows(vectors.Strict) && len(info.Profiles) > 0 {
			e.profile = info.Profiles[0]
		}
	}
	if !info.Follows(e.profile) {
		return nil, fmt.Errorf("the adapter does not follow the %s profile (it announced %v)", e.profile, info.Profiles)
	}
	res.Profile = e.profile

	fams := opt.Families
	if fams == nil {
		fams = vectors.Families()
	}
	for _, f := range fams {
		if _, ok := reference.Lookup(f.Name); !ok || !info.Supports(f.Name) {
			continue
		}
		e.gens = append(e.gens, newFamilyGen(f, opt.Cases, e.profile))
		e.perFamily[f.Name] = new(atomic.Int64)
		res.Families = append(res.Families, f.Name)
	}
	if len(e.gens) == 0 {
		return nil, fmt.Errorf("no family to fuzz: the adapter implements none of the selected families")
	}
	e.byName = map[string]*familyGen{}
	e.oracleCost = map[*familyGen]*oracleCost{}
	for _, g := range e.gens {
		e.byName[g.fam.Name] = g
		e.oracleCost[g] = new(oracleCost)
	}
	if opt.Corpus != "" {
		c, err := openCorpus(opt.Corpus)
		if err != nil {
			return nil, err
		}
		e.corpus = c
		for _, in := range c.inputs {
			if g := e.byName[in.Family]; g != nil {
				g.add(&entry{in: in.Inputs, origin: "corpus " + in.ID, fromCorpus: true})
			}
		}
		for _, f := range c.findings {
			if f.Profile == e.profile && e.byName[f.Family] != nil {
				e.known = append(e.known, f)
			}
		}
	}

	// Progress.
	done := make(chan struct{})
	var progWG sync.WaitGroup
	if opt.Progress != nil {
		progWG.Go(func() {
			t := time.NewTicker(opt.ProgressEvery)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					opt.Progress(e.stats())
				}
			}
		})
	}

	var wg sync.WaitGroup
	lane := 0
	for i, a := range insts {
		for j := range opt.InFlight {
			r := rand.New(rand.NewPCG(opt.Seed, uint64(lane)<<32|uint64(i)<<16|uint64(j)))
			l := &laneState{e: e, a: a, r: r}
			lane++
			if sub, ok := a.(conformance.Submitter); ok {
				l.sub, l.ctx, l.wg = sub, ctx, &wg
				l.completeFn = l.complete
				wg.Add(1)
				l.next()
				continue
			}
			wg.Go(func() { l.loop(ctx) })
		}
	}
	wg.Wait()
	close(done)
	progWG.Wait()

	res.Stats = e.stats()
	if opt.Progress != nil {
		opt.Progress(res.Stats)
	}
	res.PerFamily = map[string]int64{}
	for name, n := range e.perFamily {
		res.PerFamily[name] = n.Load()
	}
	res.Findings = e.findings
	for _, g := range e.gens {
		if g.unsupported.Load() > 0 && g.judged.Load() == g.unsupported.Load() {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: the adapter answered every case \"unsupported\"", g.fam.Name))
		}
	}
	if e.corpus != nil {
		e.corpus.number(e.findings)
		for _, f := range e.findings {
			f.Reproduce = strings.TrimSpace(fmt.Sprintf("go run ./cmd/conformance -vectors %s -family '%s' -tc %d -profile %s %s",
				filepath.Join(opt.Corpus, "findings"), f.Family, f.TcID, e.profile, opt.Reproduce))
		}
		if err := e.corpus.save(e.findings); err != nil {
			return res, err
		}
	}
	return res, nil
}

// engine is a campaign's shared state.
type engine struct {
	opt     *Options
	profile vectors.Profile
	started time.Time
	stop    context.CancelFunc
	gens    []*familyGen
	byName  map[string]*familyGen
	corpus  *corpus

	// bufs is the memory of large generated hex texts (input.recycle).
	bufs hexBufs

	execs, discarded, unsupported, minExecs atomic.Int64
	oracleCPU                               atomic.Int64 // ns
	perFamily                               map[string]*atomic.Int64
	// oracleCost is, with MeasureOracle, the CPU time and count of the
	// timed oracle calls on small inputs, per family (see sampleEvery).
	oracleCost map[*familyGen]*oracleCost

	mu       sync.Mutex
	seen     map[uint64]struct{} // behaviours
	findings []*Finding          // distinct, in the order found
	known    []*Finding          // from the corpus directory
	hits     int
	kept     int
}

func (e *engine) stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Stats{
		Elapsed:       time.Since(e.started),
		Execs:         e.execs.Load(),
		Discarded:     e.discarded.Load(),
		Unsupported:   e.unsupported.Load(),
		Findings:      len(e.findings),
		Hits:          e.hits,
		Behaviours:    len(e.seen),
		Corpus:        e.kept,
		MinimizeExecs: e.minExecs.Load(),
		OracleCPU:     time.Duration(e.oracleCPU.Load()),
	}
}

// laneState is one request in flight: a goroutine that generates a case,
// asks the reference, sends it to its adapter instance and judges.
type laneState struct {
	e *engine
	a conformance.Adapter
	r *rand.Rand
	n uint64 // oracle calls, for MeasureOracle's sample
	// feats holds a case's features.
	feats []uint64
	// x is the execution of the lane's current case: nothing keeps one
	// once the next case starts (a finding copies what it reports).
	x execution

	// The asynchronous lane's (next, complete): its adapter, the
	// campaign's context and wait group, complete as a func (made once),
	// and the case in flight.
	sub        conformance.Submitter
	ctx        context.Context
	wg         *sync.WaitGroup
	completeFn func(conformance.Reply, error)
	g          *familyGen
	in         *input
}

// oracleSample: MeasureOracle times every oracle call on an input of
// bigHex bytes or more, and of the others one in oracleSample, the last of
// each run of oracleSample (never a lane's first call, which pays for cold
// caches and once-only set-up: 32 lanes' first calls, weighted 8 times,
// added a few µs per case). The large inputs, one in thirty on decoder
// families, cost the oracle ten to a hundred times the others: timed all,
// they no longer make most of the estimate's error. (One in 16 of the
// others was tried: on crypto families, whose small inputs cost up to a
// millisecond, 2,000 cases then gave estimates above the runner's CPU.)
const oracleSample = 4

// oracleSampleCheap is the sampling interval of the small inputs of a
// family whose timed calls on them averaged under cheapOracle (after 8 of
// them, across the lanes): decoder families, whose calls cost a few µs,
// about what the two clock reads cost. The crypto families' calls cost
// tens of µs to milliseconds, spread widely, and keep oracleSample.
const (
	oracleSampleCheap = 16
	cheapOracle       = int64(20 * time.Microsecond)
)

// oracleCost sums the timed oracle calls on a family's small inputs.
type oracleCost struct{ sum, n atomic.Int64 }

// sampleEvery is the sampling interval of g's small inputs.
func (e *engine) sampleEvery(g *familyGen) uint64 {
	c := e.oracleCost[g]
	if n := c.n.Load(); n >= 8 && c.sum.Load() < n*cheapOracle {
		return oracleSampleCheap
	}
	return oracleSample
}

// inputSize is the length of in's values.
func inputSize(in vectors.Values) int {
	n := 0
	for _, v := range in {
		n += len(v)
	}
	return n
}

func (l *laneState) loop(ctx context.Context) {
	e := l.e
	for ctx.Err() == nil {
		if e.opt.Execs > 0 && e.execs.Load() >= e.opt.Execs {
			e.stop()
			return
		}
		g := e.gens[l.r.IntN(len(e.gens))]
		in, ok := g.safeGenerate(l.r, &e.bufs)
		if !ok {
			e.discarded.Add(1)
			continue
		}
		l.x = execution{}
		x := &l.x
		l.run(ctx, g, in.values, in, x)
		if x.discard {
			e.discarded.Add(1)
			in.recycle()
			continue
		}
		more, sig, bad := l.record(ctx, g, in, x)
		if !more {
			return
		}
		if bad {
			l.found(ctx, g, in, x, sig)
		}
	}
}

// record counts and learns from a judged case, and recycles its input
// when nothing holds it. more is false when the lane ends: the campaign
// ended during the request. bad reports a disagreement, with its
// signature, for found (which keeps the input).
func (l *laneState) record(ctx context.Context, g *familyGen, in *input, x *execution) (more bool, sig string, bad bool) {
	e := l.e
	if x.fault != nil && campaignOver(ctx) {
		// The campaign ended during the request: its deadline, not the
		// adapter, cut it short.
		return false, "", false
	}
	e.execs.Add(1)
	e.perFamily[g.fam.Name].Add(1)
	g.judged.Add(1)
	if x.outcome.Verdict == conformance.Skip {
		e.unsupported.Add(1)
		g.unsupported.Add(1)
	}
	l.feats = x.features(g.fam.Name, l.feats[:0])
	kept := e.observe(l.feats)
	if kept {
		e.keep(g, in)
	}
	sig, bad = x.signature(g.fam.Name)
	if !kept && !bad && x.fault == nil {
		// Nothing holds the input any more: the adapter answered
		// (conformance.Adapter's Do keeps no reference to a request
		// once it returns, a Submitter none once done is called).
		in.recycle()
	}
	return true, sig, bad
}

// The asynchronous lane (conformance.Submitter): the lane has no goroutine
// of its own. next prepares a case and submits it; the adapter calls
// complete with the answer, on the goroutine that read it, and complete
// judges, records and starts the next case there. A pipe's reader thus
// judges the answers it reads without waking a goroutine per answer. A
// finding's minimisation, which waits for answers, runs on a goroutine of
// its own, then the lane goes on from there.

// next starts the lane's next case, or ends the lane (wg.Done).
func (l *laneState) next() {
	e, ctx := l.e, l.ctx
	for {
		if ctx.Err() != nil {
			l.wg.Done()
			return
		}
		if e.opt.Execs > 0 && e.execs.Load() >= e.opt.Execs {
			e.stop()
			l.wg.Done()
			return
		}
		g := e.gens[l.r.IntN(len(e.gens))]
		in, ok := g.safeGenerate(l.r, &e.bufs)
		if !ok {
			e.discarded.Add(1)
			continue
		}
		l.x = execution{}
		x := &l.x
		l.oracle(g, in.values, in, x)
		if x.discard {
			e.discarded.Add(1)
			in.recycle()
			continue
		}
		l.g, l.in = g, in
		safeSubmit(ctx, l.sub, conformance.Request{Op: g.fam.Name, Profile: e.profile, Inputs: in.values}, e.opt.Timeout, l.completeFn)
		return // complete may run already: l is its now
	}
}

// complete takes the answer to the lane's case in flight.
func (l *laneState) complete(reply conformance.Reply, err error) {
	g, in, x := l.g, l.in, &l.x
	l.g, l.in = nil, nil
	l.judge(g, x, reply, err)
	more, sig, bad := l.record(l.ctx, g, in, x)
	switch {
	case !more:
		l.wg.Done()
	case bad:
		go func() {
			l.found(l.ctx, g, in, x, sig)
			l.next()
		}()
	default:
		l.next()
	}
}

// safeSubmit is safeDo for Submit: a panic is the request's fault.
func safeSubmit(ctx context.Context, s conformance.Submitter, req conformance.Request, timeout time.Duration, done func(conformance.Reply, error)) {
	defer func() {
		if v := recover(); v != nil {
			done(conformance.Reply{}, &conformance.Fault{Kind: conformance.FaultPanic, Message: fmt.Sprint(v), Stderr: string(debug.Stack())})
		}
	}()
	s.Submit(ctx, req, timeout, done)
}

// keep adds an input that showed a new behaviour to its family's pool and
// to the corpus directory.
func (e *engine) keep(g *familyGen, in *input) {
	g.add(in.kept())
	e.mu.Lock()
	e.kept++
	e.mu.Unlock()
	if e.corpus != nil {
		e.corpus.addInput(g.fam.Name, in.values, in.describe())
	}
}

// observe records behaviours and reports whether one was new.
func (e *engine) observe(fs []uint64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	isNew := false
	for _, f := range fs {
		if _, ok := e.seen[f]; !ok {
			e.seen[f] = struct{}{}
			isNew = true
		}
	}
	return isNew
}

// execution is one case judged.
type execution struct {
	discard bool
	// The reference's answer.
	refOut   vectors.Values
	refErr   error
	refPanic string
	want     conformance.Case
	// The adapter's answer.
	reply   conformance.Reply
	fault   *conformance.Fault
	outcome conformance.Outcome
}

// exec judges the adapter's answer to in against the reference's.
func (l *laneState) exec(ctx context.Context, g *familyGen, in vectors.Values) *execution {
	x := &execution{}
	l.run(ctx, g, in, nil, x)
	return x
}

// run is exec into x, the reference taking the bytes of hex inputs from d
// where it has them (reference.RunDecoded).
func (l *laneState) run(ctx context.Context, g *familyGen, in vectors.Values, d reference.Decoded, x *execution) {
	e := l.e
	l.oracle(g, in, d, x)
	if x.discard {
		return
	}
	cctx := ctx
	if e.opt.Timeout > 0 {
		var cancel context.CancelFunc
		cctx, cancel = context.WithTimeout(ctx, e.opt.Timeout)
		defer cancel()
	}
	reply, err := safeDo(cctx, l.a, conformance.Request{Op: g.fam.Name, Profile: e.profile, Inputs: in})
	l.judge(g, x, reply, err)
}

// oracle asks the reference what in must give, into x (x.discard: the
// input is malformed, not a case).
func (l *laneState) oracle(g *familyGen, in vectors.Values, d reference.Decoded, x *execution) {
	e := l.e
	weight, large := int64(0), false
	if e.opt.MeasureOracle && l.n > 0 {
		large = inputSize(in) >= bigHex
		if every := e.sampleEvery(g); large {
			weight = 1
		} else if l.n%every == every-1 {
			weight = int64(every)
		}
	}
	if weight > 0 {
		// Locked to its thread, the goroutine alone runs there: the
		// thread's clock is the call's CPU time.
		runtime.LockOSThread()
		t0 := cputime.Thread()
		x.refOut, x.refPanic, x.refErr = e.opt.runReference(g.fam, e.profile, in, d)
		dt := int64(cputime.Thread() - t0)
		runtime.UnlockOSThread()
		e.oracleCPU.Add(weight * dt)
		if !large {
			c := e.oracleCost[g]
			c.sum.Add(dt)
			c.n.Add(1)
		}
		l.n++
	} else {
		l.n++
		x.refOut, x.refPanic, x.refErr = e.opt.runReference(g.fam, e.profile, in, d)
	}
	if x.refPanic == "" {
		c, ok := expectation(g.fam, x.refOut, x.refErr)
		if !ok {
			x.discard = true
			return
		}
		x.want = c
	}
}

// judge judges the adapter's answer into x.
func (l *laneState) judge(g *familyGen, x *execution, reply conformance.Reply, err error) {
	e := l.e
	if err != nil {
		x.fault = conformance.AsFault(err)
		x.outcome = conformance.Outcome{Verdict: conformance.Error, Message: x.fault.Error(), Fault: x.fault}
		return
	}
	x.reply = reply
	if x.refPanic != "" {
		// &x.reply, not &reply: taking reply's address would put it on
		// the heap for every case.
		x.outcome = conformance.Outcome{Verdict: conformance.Error, Message: "the reference panicked: " + x.refPanic, Reply: &x.reply}
		return
	}
	conformance.JudgeTo(&x.want, e.profile, &x.reply, e.opt.LooseErrors, &x.outcome)
}

// runReference runs the oracle, turning a panic into a finding against
// the reference.
func runReference(op *vectors.Family, p vectors.Profile, in vectors.Values) (out vectors.Values, panicked string, err error) {
	return runWith(reference.Run, op, p, in)
}

// runReference is the oracle: Options.Reference, or reference.RunDecoded
// with d (nil: reference.Run).
func (o *Options) runReference(op *vectors.Family, p vectors.Profile, in vectors.Values, d reference.Decoded) (out vectors.Values, panicked string, err error) {
	if o.Reference != nil {
		return runWith(o.Reference, op, p, in)
	}
	if d == nil {
		return runReference(op, p, in)
	}
	return runWith(func(op *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		return reference.RunDecoded(op, p, in, d)
	}, op, p, in)
}

func runWith(run func(*vectors.Family, vectors.Profile, vectors.Values) (vectors.Values, error), op *vectors.Family, p vectors.Profile, in vectors.Values) (out vectors.Values, panicked string, err error) {
	defer func() {
		if v := recover(); v != nil {
			panicked = fmt.Sprintf("%v\n%s", v, debug.Stack())
		}
	}()
	out, err = run(op, p, in)
	return out, "", err
}

func safeDo(ctx context.Context, a conformance.Adapter, req conformance.Request) (r conformance.Reply, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &conformance.Fault{Kind: conformance.FaultPanic, Message: fmt.Sprint(v), Stderr: string(debug.Stack())}
		}
	}()
	return a.Do(ctx, req)
}

// found handles a disagreement: a new signature is minimised and
// recorded; a known one only counted.
func (l *laneState) found(ctx context.Context, g *familyGen, in *input, x *execution, sig string) {
	e := l.e
	e.mu.Lock()
	e.hits++
	for _, f := range e.findings {
		if f.Signature == sig {
			f.Count++
			e.mu.Unlock()
			return
		}
	}
	var prior *Finding
	for _, f := range e.known {
		if f.Signature == sig {
			prior = f
		}
	}
	// Claim the signature before minimising, so that other lanes count.
	f := &Finding{Signature: sig, Family: g.fam.Name, Profile: e.profile, Count: 1,
		FoundAfter: time.Since(e.started), FoundAtExec: e.execs.Load(), Origin: in.describe()}
	e.findings = append(e.findings, f)
	n := len(e.findings)
	e.mu.Unlock()

	minIn, minX := in.values, x
	if e.opt.MinimizeExecs > 0 && ctx.Err() == nil {
		minIn, minX = l.minimize(ctx, g, in, x, sig)
	}
	f.fill(g.fam, minIn, minX, f.Origin)
	if prior != nil {
		f.Known = true
		f.TcID = prior.TcID
	}
	if e.opt.StopAfter > 0 && n >= e.opt.StopAfter {
		e.stop()
	}
}

// campaignOver reports whether the campaign's context has ended, or its
// deadline has passed: the context's own timer can fire after a request
// already found no time left (on a loaded machine, milliseconds later).
func campaignOver(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}
