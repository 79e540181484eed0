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

func clock(id uintptr) time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		panic("cputime: clock_gettime: " + e.Error())
	}
	return time.Duration(ts.Nano())
}
