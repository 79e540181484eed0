//go:build unix

package subprocess_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// The runner's writes to the adapter (rawpipe_linux.go makes them as raw
// system calls) end in the faults they ended in through os.File: an
// adapter that never reads is a timeout once the write deadline passes,
// one that closed its input and exited is an exit. With and without
// pipelining, which write differently. (Pipelined, the exit may be seen
// first on the adapter's output: either message of an exit is right.)
func TestWriteFaults(t *testing.T) {
	hello := `{"hello":{"protocol":"` + conformance.ProtocolVersion + `","name":"w","version":"1","profiles":["strict"],"operations":["x"]%s}}`
	big := conformance.Request{Op: "x", Profile: vectors.Strict, Inputs: vectors.Values{"data": []byte(`"` + strings.Repeat("ab", 2<<20) + `"`)}}
	for _, tc := range []struct {
		name, script string
		kind         conformance.FaultKind
		msg          string
		timeout      time.Duration
	}{
		// The request (4 MiB) outgrows the pipe (1 MiB at most).
		{"never-reads", `printf '%s\n' "$HELLO"; exec sleep 600`, conformance.FaultTimeout, "the adapter did not read the request within 300ms", 300 * time.Millisecond},
		// A long deadline: a runner descheduled past a short one on a
		// loaded machine would see a timeout here, not the exit.
		{"closed-input", `exec 0<&-; printf '%s\n' "$HELLO"; exit 0`, conformance.FaultExited, "the adapter exited before reading the request", time.Minute},
	} {
		for _, caps := range []string{"", `,"capabilities":{"pipeline/1":{"window":4}}`} {
			t.Run(tc.name+map[bool]string{false: "", true: "/pipelined"}[caps != ""], func(t *testing.T) {
				a := subprocess.New(subprocess.Config{
					Command:        subprocess.Shell(tc.script),
					Env:            []string{"HELLO=" + strings.Replace(hello, "%s", caps, 1), "PATH=/usr/bin:/bin"},
					StartTimeout:   time.Minute,
					RequestTimeout: tc.timeout,
				})
				defer a.Kill()
				if _, err := a.Hello(context.Background()); err != nil {
					t.Fatal(err)
				}
				_, err := a.Do(context.Background(), big)
				var f *conformance.Fault
				msg := tc.msg
				if caps != "" && tc.kind == conformance.FaultExited {
					msg = "the adapter exited"
				}
				if !errors.As(err, &f) || f.Kind != tc.kind || !strings.Contains(f.Message, msg) {
					t.Fatalf("%v, want a %s fault saying %q", err, tc.kind, msg)
				}
			})
		}
	}
}
