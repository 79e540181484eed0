package cputime

import (
	"runtime"
	"testing"
	"time"
)

// The thread clock advances with work on the thread and not while it
// sleeps; the process clock is at least the thread's.
func TestClocks(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0, p0 := Thread(), Process()
	time.Sleep(20 * time.Millisecond)
	if d := Thread() - t0; d > 15*time.Millisecond {
		t.Errorf("thread clock advanced %v during a 20 ms sleep", d)
	}
	t1 := Thread()
	x := 0
	for i := range 1 << 22 {
		x += i * i
	}
	_ = x
	if Thread() <= t1 {
		t.Error("thread clock did not advance with work")
	}
	if Process()-p0 < Thread()-t0 {
		t.Error("process clock behind the thread clock")
	}
}

func TestRatioAlternates(t *testing.T) {
	var r Ratio
	var order []string
	for range 4 {
		r.Measure(func() { order = append(order, "s") }, func() { order = append(order, "b") })
	}
	if got := string([]byte{order[0][0], order[1][0], order[2][0], order[3][0]}); got != "sbbs" || r.N != 4 {
		t.Errorf("order %v, N %d", order, r.N)
	}
}

func TestAllocs(t *testing.T) {
	var sink []byte
	bytes, allocs := Allocs(10, func() { sink = make([]byte, 4096) })
	_ = sink
	if allocs != 1 || bytes < 4096 || bytes > 8192 {
		t.Errorf("%v bytes in %v allocations per call, want 4096 in 1", bytes, allocs)
	}
}
