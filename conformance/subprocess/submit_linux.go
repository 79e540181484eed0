package subprocess

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// nonblockingConn is f's raw connection when its descriptor does not block
// (os.Pipe's do not), else nil.
func nonblockingConn(f *os.File) syscall.RawConn {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	nonblock := false
	if rc.Control(func(fd uintptr) {
		fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
		nonblock = err == nil && fl&unix.O_NONBLOCK != 0
	}) != nil || !nonblock {
		return nil
	}
	return rc
}

// tryWrite writes as much of b as the pipe takes now, without waiting,
// and returns how much. An error, like a full pipe, leaves the rest to the
// writer that waits (writeRest), which meets it again. Through Control, not
// Write: Write refuses once an earlier write's deadline has passed, which
// would send every write to writeRest after the first request timeout of
// a campaign. The caller is the pipe's one writer (pipe.writing).
func tryWrite(rc syscall.RawConn, b []byte) int {
	if rc == nil || len(b) == 0 {
		return 0
	}
	n := 0
	rc.Control(func(fd uintptr) {
		n, _ = writeFrom(fd, b, 0)
	})
	return n
}
