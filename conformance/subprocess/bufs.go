package subprocess

import (
	"slices"
	"sync"
)

// requestBufs hold the pipelined requests' lines: Do encodes into one, the
// pipe's writer gives it back once it has written it (pipe.send).
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

// gatherWriter writes a batch of requests, copied together into one
// buffer, with one write while the pipe has room. Writing the long ones
// from their own buffers (writev) saved the copy (0.15 µs per decoder case)
// but cost the kernel more: write(v) 5.8 -> 7.0 µs per case in
// FuzzThroughput/typescript/decoders (perf, 3 alternated pairs), likely
// because the lines were encoded on the other CPU. It is the writing
// goroutine's.
type gatherWriter struct {
	buf []byte // the batch
}

func (g *gatherWriter) write(w rawPipe, lines [][]byte) (int, error) {
	g.buf = g.buf[:0]
	for _, l := range lines {
		g.buf = append(g.buf, l...)
	}
	n, err := w.Write(g.buf)
	if cap(g.buf) > maxFreeBuf {
		g.buf = nil // a long request made it large
	}
	return n, err
}
