package conformance

import (
	"iter"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// A Source makes a run's cases on demand: RunSource asks for case i when a
// worker is about to run it, and again when a report shows it, so that a
// run of a million live sessions never holds a million cases. Case must be
// safe for concurrent use and return the same case for the same i; cases
// come in report order (family, then tcId).
type Source interface {
	Len() int
	Case(i int) Case
}

// Slice is the Source of cases held in memory.
func Slice(cases []Case) Source { return sliceSource(cases) }

type sliceSource []Case

func (s sliceSource) Len() int        { return len(s) }
func (s sliceSource) Case(i int) Case { return s[i] }

// Limits of what a run over a Source keeps of its results (RunSource):
// every result is kept as a record of 8 bytes (verdict and duration), a
// result that is not a plain pass in full for the first FullResults of
// them, and after that without its details, reply and mismatches (its
// message cut at 256 bytes, one copy of each distinct message, at most
// Messages of them).
const (
	FullResults = 1000
	Messages    = 10000
)

// resultState is what the record of one result says.
type resultState uint8

const (
	unrecorded    resultState = iota
	plainPass                 // a pass as expected, without warning: nothing more to keep
	plainPassMust             // the same, of a must-run case
	kept                      // in store.full
	notRun                    // settled as not run: the run was interrupted
)

type record struct {
	micros uint32 // duration in microseconds, saturated
	state  resultState
}

// store keeps the results of a run over a Source within the limits above.
type store struct {
	src     Source
	records []record
	mu      sync.Mutex
	full    map[int]*Result
	nfull   int // results kept with their details
	msgs    map[string]string
	// settleNotRun makes the result of a case an interrupt left.
	settleNotRun func(c *Case) Result

	countOnce sync.Once
	count     storeCounts
}

type storeCounts struct {
	total    Counts
	families []Counts
}

// counts counts the results once: reports ask for them several times.
func (s *store) counts(rep *Report) *storeCounts {
	s.countOnce.Do(func() {
		s.count.families = rep.families()
		for _, c := range s.count.families {
			t := &s.count.total
			t.Total += c.Total
			t.Pass += c.Pass
			t.Fail += c.Fail
			t.ExpectedFail += c.ExpectedFail
			t.Skip += c.Skip
			t.Unimplemented += c.Unimplemented
			t.Error += c.Error
			t.UnexpectedPass += c.UnexpectedPass
			t.Warned += c.Warned
		}
	})
	return &s.count
}

func newStore(src Source) *store {
	return &store{src: src, records: make([]record, src.Len()), full: map[int]*Result{}, msgs: map[string]string{}}
}

func (s *store) put(i int, r *Result) {
	rec := record{micros: uint32(min(r.Duration.Microseconds(), 1<<32-1)), state: kept}
	if r.Verdict == Pass && !r.Unexpected && r.Warning == "" && r.Expected == Pass && r.ExpectReason == "" {
		rec.state = plainPass
		if r.MustRun {
			rec.state = plainPassMust
		}
		s.records[i] = rec
		return
	}
	cp := *r
	cp.Case = nil // made again by the source
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nfull < FullResults {
		s.nfull++
	} else {
		cp.Details, cp.Reply, cp.Mismatches = nil, nil, nil
		if cp.Fault != nil {
			f := *cp.Fault
			f.Seen, f.Stderr = "", ""
			cp.Fault = &f
		}
		cp.Message = s.intern(cp.Message)
		cp.Warning = s.intern(cp.Warning)
		cp.ExpectReason = s.intern(cp.ExpectReason)
	}
	s.full[i] = &cp
	s.records[i] = rec
}

// intern keeps one copy of each message, cut at 256 bytes.
func (s *store) intern(m string) string {
	if len(m) > 256 {
		n := 256
		for n > 0 && !utf8.RuneStart(m[n]) {
			n-- // cut before the character, not inside it
		}
		m = m[:n] + "…"
	}
	if k, ok := s.msgs[m]; ok {
		return k
	}
	if len(s.msgs) >= Messages {
		return "(message dropped: more than " + strconv.Itoa(Messages) + " distinct messages in the run)"
	}
	s.msgs[m] = m
	return m
}

// settleRest records every case not recorded as not run, and returns how
// many there were.
func (s *store) settleRest() int {
	n := 0
	for i := range s.records {
		if s.records[i].state == unrecorded {
			s.records[i].state = notRun
			n++
		}
	}
	return n
}

// result makes result i again: its case from the source, its outcome from
// the record.
func (s *store) result(i int) Result {
	c := s.src.Case(i)
	rec := s.records[i]
	d := time.Duration(rec.micros) * time.Microsecond
	switch rec.state {
	case plainPass, plainPassMust:
		return Result{Case: &c, Outcome: Outcome{Verdict: Pass}, Expected: Pass, MustRun: rec.state == plainPassMust, Duration: d}
	case kept:
		s.mu.Lock()
		r := *s.full[i]
		s.mu.Unlock()
		r.Case = &c
		return r
	}
	r := s.settleNotRun(&c)
	r.Duration = 0
	return r
}

// All yields every result of the report, in case order. For a run over a
// Source the result is made again for each call, from the source and what
// the run kept (see FullResults): keep it past the step only by copying.
func (rep *Report) All() iter.Seq[*Result] {
	return func(yield func(*Result) bool) {
		if rep.store == nil {
			for i := range rep.Results {
				if !yield(&rep.Results[i]) {
					return
				}
			}
			return
		}
		for i := range rep.store.records {
			r := rep.store.result(i)
			if !yield(&r) {
				return
			}
		}
	}
}

// Len is the number of results.
func (rep *Report) Len() int {
	if rep.store != nil {
		return len(rep.store.records)
	}
	return len(rep.Results)
}
