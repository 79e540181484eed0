//go:build unix

package subprocess_test

import "syscall"

// newSession starts a process in a session of its own, out of the
// adapter's process group.
func newSession() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
