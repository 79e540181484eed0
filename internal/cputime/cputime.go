// Package cputime measures what a call costs in CPU time, the figure pqhs's
// benchmarks compare on a shared machine, where wall time mostly measures
// the other tenants.
//
// Compare runs a subject and its baseline alternately on one locked thread
// and sums each one's thread CPU time. Both see the same load, caches and
// clock frequency, so their ratio from one run means something even when
// the absolute figures swing by 2x from one run to the next.
package cputime

import (
	"runtime"
	"testing"
	"time"
)

// Thread returns the CPU time the calling OS thread has used. Lock the
// goroutine to its thread (runtime.LockOSThread) between two readings.
func Thread() time.Duration { return clock(clockThread) }

// Process returns the CPU time all threads of the process have used,
// including the garbage collector's.
func Process() time.Duration { return clock(clockProcess) }

// Ratio accumulates the CPU time of a subject and of its baseline, measured
// in alternation.
type Ratio struct {
	N                         int           // rounds measured
	Subject, Baseline         time.Duration // thread CPU time, summed
	SubjectProc, BaselineProc time.Duration // process CPU time, summed
}

// Measure runs subject and baseline once each and adds their CPU times. The
// order alternates from one round to the next, so that neither always runs
// on the caches the other left. The caller must hold its OS thread
// (runtime.LockOSThread) for the thread figures to be its own.
func (r *Ratio) Measure(subject, baseline func()) {
	var s, b, sp, bp time.Duration
	if r.N%2 == 0 {
		s, sp = timed(subject)
		b, bp = timed(baseline)
	} else {
		b, bp = timed(baseline)
		s, sp = timed(subject)
	}
	r.N++
	r.Subject += s
	r.Baseline += b
	r.SubjectProc += sp
	r.BaselineProc += bp
}

func timed(f func()) (thread, process time.Duration) {
	t, p := Thread(), Process()
	f()
	return Thread() - t, Process() - p
}

// Thread is the subject's thread CPU time over the baseline's.
func (r *Ratio) Thread() float64 { return float64(r.Subject) / float64(r.Baseline) }

// Process is the subject's process CPU time over the baseline's.
func (r *Ratio) Process() float64 { return float64(r.SubjectProc) / float64(r.BaselineProc) }

// Compare is a benchmark body: each iteration runs subject and baseline
// once, alternately, on a locked thread. It reports each one's thread CPU
// time per call (<name>-cpu-ns/op), the ratios of thread and of process CPU
// time (ratio, ratio-proc), and each one's allocations per call, counted
// after the timed loop (<name>-B/op, <name>-allocs/op), with their ratios
// (B-ratio, allocs-ratio).
func Compare(b *testing.B, subjectName string, subject func(), baselineName string, baseline func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r Ratio
	for b.Loop() {
		r.Measure(subject, baseline)
	}
	n := float64(r.N)
	b.ReportMetric(float64(r.Subject.Nanoseconds())/n, subjectName+"-cpu-ns/op")
	b.ReportMetric(float64(r.Baseline.Nanoseconds())/n, baselineName+"-cpu-ns/op")
	b.ReportMetric(r.Thread(), "ratio")
	b.ReportMetric(r.Process(), "ratio-proc")
	sb, sa := Allocs(20, subject)
	bb, ba := Allocs(20, baseline)
	b.ReportMetric(sb, subjectName+"-B/op")
	b.ReportMetric(sa, subjectName+"-allocs/op")
	b.ReportMetric(bb, baselineName+"-B/op")
	b.ReportMetric(ba, baselineName+"-allocs/op")
	b.ReportMetric(sb/bb, "B-ratio")
	b.ReportMetric(sa/ba, "allocs-ratio")
}

// Allocs returns the bytes and the number of heap allocations per call of
// f, averaged over runs calls after one warm-up call.
func Allocs(runs int, f func()) (bytes, allocs float64) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // no other goroutine's allocations
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(runs), float64(after.Mallocs-before.Mallocs) / float64(runs)
}
