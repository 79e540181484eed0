//go:build !unix

package subprocess

import (
	"os"
	"os/exec"
)

func setProcAttr(*exec.Cmd) {}

func killTree(p *os.Process) { p.Kill() }

func killGroup(int) {}
