package subprocess

import (
	"io"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawPipe reads and writes one end of a pipe to the adapter. The runner's
// ends are non-blocking (os.Pipe registers them with the poller), so a read
// or a write returns at once, with EAGAIN when it would wait; rawPipe makes
// them as raw system calls and waits through the poller (syscall.RawConn).
// os.File's calls go through the scheduler's system-call path, and the first
// one after the process was idle wakes sysmon from its deep sleep into a
// millisecond of polling every 20 µs: in a campaign, whose runner goes idle
// between the adapter's answers, that polling was the largest cost of the
// Go runtime. Anything unusual (a blocking descriptor, a closed file, a
// deadline) takes os.File's path, with its errors.
type rawPipe struct {
	f  *os.File
	rc syscall.RawConn // nil: f's own calls
}

func newRawPipe(f *os.File) rawPipe {
	rc, err := f.SyscallConn()
	if err != nil {
		return rawPipe{f: f}
	}
	nonblock := false
	if rc.Control(func(fd uintptr) {
		fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
		nonblock = err == nil && fl&unix.O_NONBLOCK != 0
	}) != nil || !nonblock {
		return rawPipe{f: f}
	}
	return rawPipe{f: f, rc: rc}
}

func (r rawPipe) Read(b []byte) (int, error) {
	if r.rc == nil || len(b) == 0 {
		return r.f.Read(b)
	}
	n, errno := 0, syscall.Errno(0)
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
			switch e {
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false
			case 0:
				n = int(m)
			}
			errno = e
			return true
		}
	})
	switch {
	case err != nil:
		return r.f.Read(b)
	case errno != 0:
		return 0, &os.PathError{Op: "read", Path: r.f.Name(), Err: errno}
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (r rawPipe) Write(b []byte) (int, error) {
	if r.rc == nil {
		return r.f.Write(b)
	}
	n, errno := 0, syscall.Errno(0)
	err := r.rc.Write(func(fd uintptr) bool {
		n, errno = writeFrom(fd, b, n)
		if errno == syscall.EAGAIN {
			errno = 0
			return false // wait in the poller until the pipe has room
		}
		return true
	})
	switch {
	case err != nil:
		m, err := r.f.Write(b[n:])
		return n + m, err
	case errno != 0:
		return n, &os.PathError{Op: "write", Path: r.f.Name(), Err: errno}
	}
	return n, nil
}

// writeFrom writes b[n:] to the non-blocking descriptor fd with raw system
// calls, retrying on EINTR, and returns how far it got: all of b, or the
// errno that stopped it (EAGAIN when the pipe is full).
func writeFrom(fd uintptr, b []byte, n int) (int, syscall.Errno) {
	for n < len(b) {
		c := b[n:min(len(b), n+1<<30)]
		m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&c[0])), uintptr(len(c)))
		switch e {
		case 0:
			n += int(m)
		case syscall.EINTR:
		default:
			return n, e
		}
	}
	return n, 0
}
