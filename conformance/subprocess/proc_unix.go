//go:build unix

package subprocess

import (
	"os"
	"os/exec"
	"syscall"
)

// The adapter runs in its own process group, so that killing it also kills
// what it started (`sh -c`, `go run`, `npx` leave the real adapter as a
// child that would otherwise keep the pipes open).
func setProcAttr(c *exec.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killTree(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}

// killGroup kills what is left of process group pgid. The group id cannot
// be reused while a member lives, so this reaches only the adapter's
// descendants (those that did not leave the group with setsid or setpgid).
func killGroup(pgid int) {
	if pgid > 0 {
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
}
