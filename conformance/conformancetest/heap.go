package conformancetest

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// HeapPeak samples the heap in use every millisecond from now until stop is
// called, and stop returns the peak: a memory bound a test can state
// without a timed assertion (the samples only ever raise the figure).
// stop may be called more than once.
func HeapPeak() (stop func() uint64) {
	runtime.GC()
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
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
