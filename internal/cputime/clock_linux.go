package cputime

import (
	"syscall"
	"time"
	"unsafe"
)

// The POSIX clock ids of Linux.
const (
	clockProcess = 2 // CLOCK_PROCESS_CPUTIME_ID
	clockThread  = 3 // CLOCK_THREAD_CPUTIME_ID
)

// clock is a raw system call: clock_gettime never blocks, and through the
// scheduler's system-call path the first call after the process was idle
// wakes sysmon into a millisecond of polling (conformance/subprocess's
// rawpipe_linux.go), a cost that differential fuzzing's benchmark, which
// reads the thread clock around sampled oracle calls (one in 4, one in 16 on
// decoder families), would add to the runner it measures.
func clock(id uintptr) time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		panic("cputime: clock_gettime: " + e.Error())
	}
	return time.Duration(ts.Nano())
}
