//go:build !linux

package subprocess

import (
	"os"
	"syscall"
)

// nonblockingConn: Submit's writes go through a goroutine here.
func nonblockingConn(*os.File) syscall.RawConn { return nil }

func tryWrite(syscall.RawConn, []byte) int { return 0 }
