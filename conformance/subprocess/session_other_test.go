//go:build !unix

package subprocess_test

import "syscall"

// newSession: there are no sessions or process groups outside Unix (the
// tests that need them skip there).
func newSession() *syscall.SysProcAttr { return nil }
