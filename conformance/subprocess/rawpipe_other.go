//go:build !linux

package subprocess

import "os"

// rawPipe is os.File's reads and writes here (rawpipe_linux.go says why
// Linux makes them otherwise).
type rawPipe struct{ f *os.File }

func newRawPipe(f *os.File) rawPipe { return rawPipe{f} }

func (r rawPipe) Read(b []byte) (int, error) { return r.f.Read(b) }

func (r rawPipe) Write(b []byte) (int, error) { return r.f.Write(b) }
