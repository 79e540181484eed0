//go:build !linux

package subprocess

import "os"

// Outside Linux there is no child subreaper: a descendant that leaves the
// adapter's process group is out of the runner's reach.

func instanceMark() string { return "" }

func registerMain(int) {}

func sweep(int, string, int) {}

func widenPipe(*os.File) {}
