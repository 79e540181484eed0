package subprocess

import (
	"slices"
	"sync"
)

// writeEach writes bufs one after the other, stopping at the first error.
func writeEach(w rawPipe, bufs [][]byte) (int, error) {
	n := 0
	for _, b := range bufs {
		m, err := w.Write(b)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// advance moves past n more bytes of bufs, off bytes into bufs[0]: it
// returns the buffers not written in full and the offset in the first.
// The caller's slices are left as they are (the writer gives them back).
func advance(bufs [][]byte, off, n int) ([][]byte, int) {
	n += off
	for len(bufs) > 0 && n >= len(bufs[0]) {
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	return bufs, n
}

// requestBufs hold the pipelined requests' lines: Do encodes into one, the
// pipe's writer gives it back once the kernel has the bytes (pipe.send).
// Unlike a sync.Pool they outlive a garbage collection: after each one a
// sync.Pool's buffers were gone, and a 64 KiB case's line (128 KiB of hex)
// was grown again, with a copy per doubling.
var requestBufs bufList

const (
	maxFreeBufs  = 64
	maxFreeBytes = 8 << 20
	maxFreeBuf   = 1 << 20 // a longer line's buffer goes to the collector
)

type bufList struct {
	mu    sync.Mutex
	bufs  [][]byte
	bytes int
}

// get returns an empty buffer with room for n bytes: the most recently
// given back one that has it, or a new one.
func (l *bufList) get(n int) []byte {
	l.mu.Lock()
	for i := len(l.bufs) - 1; i >= 0; i-- {
		if b := l.bufs[i]; cap(b) >= n {
			l.bufs = slices.Delete(l.bufs, i, i+1)
			l.bytes -= cap(b)
			l.mu.Unlock()
			return b[:0]
		}
	}
	l.mu.Unlock()
	return make([]byte, 0, n)
}

// put gives b back; nothing may use it afterwards.
func (l *bufList) put(b []byte) {
	if cap(b) == 0 || cap(b) > maxFreeBuf {
		return
	}
	l.mu.Lock()
	if len(l.bufs) < maxFreeBufs && l.bytes+cap(b) <= maxFreeBytes {
		l.bufs = append(l.bufs, b[:0])
		l.bytes += cap(b)
	}
	l.mu.Unlock()
}

// gatherLimit is the length from which a request goes to writev from its
// own buffer; shorter ones are copied together first. On the AMD EPYC Turin
// VM (thread CPU, a pipe drained by cat), writev of ten 300-byte lines cost
// 0.3 µs more than copying them into one buffer and writing that, about the
// same at 2 KB, and from 16 KiB on the copy cost more: 0.6-1.3 µs for four
// 16 KiB lines, 5-14 µs for two of 128 KiB (a 64 KiB case's hex).
const gatherLimit = 4 << 10

// gatherWriter writes a batch of requests: the short ones copied together,
// the long ones from their own buffers, in their order, with one writev
// while the pipe has room. It is the writing goroutine's.
type gatherWriter struct {
	small []byte   // the short lines, copied together
	parts [][]byte // what writev writes
}

func (g *gatherWriter) write(w rawPipe, lines [][]byte) (int, error) {
	// The short lines are copied first, so that the parts taken from
	// small do not move as it grows.
	g.small = g.small[:0]
	for _, l := range lines {
		if len(l) < gatherLimit {
			g.small = append(g.small, l...)
		}
	}
	parts := g.parts[:0]
	from, to := 0, 0 // the stretch of small not yet in parts
	for _, l := range lines {
		if len(l) < gatherLimit {
			to += len(l)
			continue
		}
		if to > from {
			parts = append(parts, g.small[from:to])
			from = to
		}
		parts = append(parts, l)
	}
	if to > from {
		parts = append(parts, g.small[from:to])
	}
	n, err := w.writev(parts)
	clear(parts)
	g.parts = parts[:0]
	if cap(g.small) > maxFreeBuf {
		g.small = nil
	}
	return n, err
}
