//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStart prints what a run of the command costs in CPU when it
// does little: -list, a run of one cheap family, and the like (issue 15:
// such runs start in a few ms). Each command is the binary `go build`
// makes, run as a child process; cpu-ms/op is its user+sys time, as the
// kernel accounts for the child (os.ProcessState). Each run alternates
// with one of a hello-world program built the same way, whose CPU
// (floor-ms/op) is what the Go runtime's own start costs here; over-ms/op
// is the difference, what the command adds. Two processes of a few ms
// each see the same load, so the difference holds on a loaded machine
// better than either figure alone.
//
//	go test -run '^$' -bench Start -benchtime 100x ./cmd/conformance
func BenchmarkStart(b *testing.B) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command:", err)
	}
	dir := b.TempDir()
	conformance, hello := filepath.Join(dir, "conformance"), filepath.Join(dir, "hello")
	if out, err := exec.Command(goCmd, "build", "-o", conformance, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "hello.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command(goCmd, "build", "-o", hello, src).CombinedOutput(); err != nil {
		b.Fatalf("go build hello: %v\n%s", err, out)
	}
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"list", []string{"-list"}},
		{"list-family", []string{"-list", "-family", "verbeth/kdf/chainKey"}},
		{"family", []string{"-family", "verbeth/kdf/chainKey"}},
		{"family-tc", []string{"-family", "verbeth/kdf/chainKey", "-tc", "3"}},
		{"decoder-family", []string{"-family", "ixian/IxiVarInt/decode"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var self, floor time.Duration
			for b.Loop() {
				floor += childCPU(b, hello)
				self += childCPU(b, conformance, bc.args...)
			}
			n := float64(b.N)
			b.ReportMetric(float64(self)/n/1e6, "cpu-ms/op")
			b.ReportMetric(float64(floor)/n/1e6, "floor-ms/op")
			b.ReportMetric(float64(self-floor)/n/1e6, "over-ms/op")
		})
	}
}

// childCPU runs the program and returns its CPU time, user and system.
func childCPU(b *testing.B, prog string, args ...string) time.Duration {
	c := exec.Command(prog, args...) // standard output and error: the null device
	if err := c.Run(); err != nil {
		b.Fatalf("%s %q: %v", prog, args, err)
	}
	return c.ProcessState.UserTime() + c.ProcessState.SystemTime()
}
