package difffuzz_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/difffuzz"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/vectors"
)

// submitter is an in-process conformance.Submitter shaped like a pipe's:
// one goroutine answers the submitted requests in turn and calls done
// there, as a pipe's reader does. Do waits for that goroutine, so a lane
// that waited for an answer inside done would never get it.
type submitter struct {
	conformance.Adapter
	mu            sync.Mutex
	cond          *sync.Cond
	queue         []submitted
	submits, dos  atomic.Int64
	doneTwice     atomic.Bool
	closed        bool
	answererEnded chan struct{}
}

type submitted struct {
	ctx  context.Context
	req  conformance.Request
	done func(conformance.Reply, error)
}

func newSubmitter(a conformance.Adapter) *submitter {
	s := &submitter{Adapter: a, answererEnded: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.answer()
	return s
}

func (s *submitter) answer() {
	defer close(s.answererEnded)
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		x := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		r, err := s.Adapter.Do(x.ctx, x.req)
		x.done(r, err)
	}
}

func (s *submitter) Submit(ctx context.Context, req conformance.Request, _ time.Duration, done func(conformance.Reply, error)) {
	s.submits.Add(1)
	var once atomic.Bool
	s.mu.Lock()
	s.queue = append(s.queue, submitted{ctx, req, func(r conformance.Reply, err error) {
		if !once.CompareAndSwap(false, true) {
			s.doneTwice.Store(true)
			return
		}
		done(r, err)
	}})
	s.cond.Signal()
	s.mu.Unlock()
}

func (s *submitter) Do(ctx context.Context, req conformance.Request) (conformance.Reply, error) {
	s.dos.Add(1)
	type answer struct {
		r   conformance.Reply
		err error
	}
	c := make(chan answer, 1)
	s.mu.Lock()
	s.queue = append(s.queue, submitted{ctx, req, func(r conformance.Reply, err error) { c <- answer{r, err} }})
	s.cond.Signal()
	s.mu.Unlock()
	a := <-c
	return a.r, a.err
}

func (s *submitter) Close() error {
	s.mu.Lock()
	s.closed = true
	s.cond.Signal()
	s.mu.Unlock()
	<-s.answererEnded
	return s.Adapter.Close()
}

// runSubmitters is difffuzz.Run on submitters over inner's adapters, bounded in time only
// against a hang (a lane that never ends).
func runSubmitters(t *testing.T, inner conformance.Opener, opt difffuzz.Options) (*difffuzz.Result, []*submitter) {
	t.Helper()
	var mu sync.Mutex
	var subs []*submitter
	open := func() (conformance.Adapter, error) {
		a, err := inner()
		if err != nil {
			return nil, err
		}
		s := newSubmitter(a)
		mu.Lock()
		subs = append(subs, s)
		mu.Unlock()
		return s, nil
	}
	type outcome struct {
		res *difffuzz.Result
		err error
	}
	c := make(chan outcome, 1)
	go func() {
		res, err := difffuzz.Run(context.Background(), open, opt)
		c <- outcome{res, err}
	}()
	select {
	case o := <-c:
		if o.err != nil {
			t.Fatal(o.err)
		}
		for _, s := range subs {
			if s.doneTwice.Load() {
				t.Error("a submitted request's done was called twice")
			}
		}
		return o.res, subs
	case <-time.After(2 * time.Minute):
		t.Fatal("the campaign did not end within 2 minutes")
	}
	return nil, nil
}

// With an adapter that takes submitted requests, every case goes through
// Submit, every answer is judged and counted once (the cases judged are the
// requests submitted: none lost, none counted twice), and the campaign
// ends at its budget.
func TestSubmittingLanes(t *testing.T) {
	const execs = 600
	res, subs := runSubmitters(t, conformance.Shared(reference.Adapter()), difffuzz.Options{
		Profile: vectors.Strict, Families: benchDecoders, Cases: cases(t), Execs: execs, Seed: 1, Instances: 2, InFlight: 3,
	})
	var submits, dos int64
	for _, s := range subs {
		submits += s.submits.Load()
		dos += s.dos.Load()
	}
	if len(res.Findings) > 0 {
		t.Errorf("the reference disagrees with itself: %s", res.Findings[0].Signature)
	}
	if dos != 0 || submits != res.Stats.Execs {
		t.Errorf("%d requests submitted and %d sent by Do for %d cases judged; want every case submitted", submits, dos, res.Stats.Execs)
	}
	if res.Stats.Execs < execs || res.Stats.Execs >= execs+6 {
		t.Errorf("%d cases judged for a budget of %d with 6 lanes", res.Stats.Execs, execs)
	}
}

// A finding's minimisation, which waits for answers, runs off the goroutine
// that answers (else it would wait for itself), and the lane goes on
// afterwards.
func TestSubmittingLanesMinimise(t *testing.T) {
	var m *mutants.Mutant
	for _, x := range mutants.All() {
		if x.Name == "ixian-varint-twos-complement" {
			m = x
		}
	}
	if m == nil {
		t.Fatal("no mutant ixian-varint-twos-complement")
	}
	res, subs := runSubmitters(t, conformance.Shared(m.Adapter()), difffuzz.Options{
		Profile: m.Profile, Families: m.Families(), Cases: cases(t), Execs: 400, Seed: 1, Instances: 1, InFlight: 2,
		MinimizeExecs: 20, Reference: mutants.RunReference,
	})
	if len(res.Findings) == 0 {
		t.Fatalf("not found in %d cases", res.Stats.Execs)
	}
	if res.Stats.MinimizeExecs == 0 || subs[0].dos.Load() == 0 {
		t.Errorf("no minimisation: %d requests", res.Stats.MinimizeExecs)
	}
	if res.Stats.Execs < 400 {
		t.Errorf("the campaign stopped after %d of 400 cases", res.Stats.Execs)
	}
}
