package subprocess

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// smallPipe is a pipe of one page, so that a write of more waits for the
// reader.
func smallPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	c, err := w.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	c.Control(func(fd uintptr) { _, err = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, 4096) })
	if err != nil {
		t.Fatal(err)
	}
	// A stuck reader or writer fails the test instead of hanging it.
	r.SetReadDeadline(time.Now().Add(time.Minute))
	w.SetWriteDeadline(time.Now().Add(time.Minute))
	return r, w
}

// A request's buffer goes back to requestBufs only once the system call
// that writes it has returned: here the writer waits for the reader while
// another request takes a buffer of the same size and fills it, and the
// reader must still see the first request's bytes.
func TestSendKeepsTheBufferUntilWritten(t *testing.T) {
	r, w := smallPipe(t)
	const size = 64 << 10
	pl := &pipe{p: &process{stdin: w, in: newRawPipe(w)}}
	a := append(requestBufs.get(size), bytes.Repeat([]byte{'a'}, size)...)
	sent := make(chan error, 1)
	go func() { sent <- pl.send(a, time.Time{}) }()
	// Until the pipe is full, the writer has not started.
	rc, err := r.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
		var n int
		rc.Control(func(fd uintptr) { n, _ = unix.IoctlGetInt(int(fd), unix.TIOCINQ) }) // FIONREAD
		if n >= 4096 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the writer never filled the pipe")
		}
	}
	b := append(requestBufs.get(size), bytes.Repeat([]byte{'b'}, size)...)
	got := make([]byte, size)
	if _, err := io.ReadFull(r, got); err != nil {
		t.Fatal(err)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if i := bytes.IndexByte(got, 'b'); i >= 0 {
		t.Fatalf("byte %d of the request was rewritten by the next one while it was being written", i)
	}
	requestBufs.put(b)
}

// A batch of short and long requests goes out in its order.
func TestGatherInOrder(t *testing.T) {
	r, w := smallPipe(t)
	var lines [][]byte
	for i, n := range []int{100, 5000, 7, 300, 4096, 4095, 70000, 1, 0, 9000, 40} {
		lines = append(lines, bytes.Repeat([]byte{byte('a' + i)}, n))
	}
	want := bytes.Join(lines, nil)
	got := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()
	var g gatherWriter
	for range 2 { // the second time with the first's buffers
		if n, err := g.write(newRawPipe(w), lines); err != nil || n != len(want) {
			t.Fatalf("write: %d, %v; want %d, nil", n, err, len(want))
		}
	}
	w.Close()
	if b := <-got; !bytes.Equal(b, append(want, want...)) {
		t.Fatalf("read %d bytes, not the %d written in order", len(b), 2*len(want))
	}
}
