package conformancetest

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// heapInUse is runtime.MemStats.HeapInuse (the heap's objects, live or not
// yet swept, and the unused room of their spans), read through
// runtime/metrics, which does not stop the world as ReadMemStats does.
var heapInUse = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes"}

// HeapPeak samples the heap in use every millisecond from now until stop is
// called, and stop returns the peak: a memory bound a test can state
// without a timed assertion (the samples only ever raise the figure).
// stop may be called more than once. A sample costs half of what
// ReadMemStats did, and does not pause the code under test.
func HeapPeak() (stop func() uint64) {
	runtime.GC()
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	s := make([]metrics.Sample, len(heapInUse))
	for i, name := range heapInUse {
		s[i].Name = name
	}
	sample := func() {
		metrics.Read(s)
		var n uint64
		for _, v := range s {
			n += v.Value.Uint64()
		}
		if n > peak.Load() {
			peak.Store(n)
		}
	}
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() uint64 {
		once.Do(func() { close(done); <-finished; sample() })
		return peak.Load()
	}
}
