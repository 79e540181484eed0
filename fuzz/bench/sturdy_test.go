package bench

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/internal/fuzzengine"
)

// TestSturdy: a run that failed is made again only when its input passes
// on replay (the machine stalled the engine); a failure that reproduces,
// has no input, or keeps coming back is reported.
func TestSturdy(t *testing.T) {
	input := filepath.Join(t.TempDir(), "input")
	quarantineDir = t.TempDir()
	fail := fuzzengine.Result{Failed: true, FailingInput: input, Failure: "fuzzing process hung"}
	ok := fuzzengine.Result{SpanExecs: 7, SpanCPU: 1}
	replayPasses := func(string, string) error { return nil }
	replayFails := func(string, string) error { return errors.New("panic: wrong") }
	for _, c := range []struct {
		name    string
		runs    []fuzzengine.Result
		replay  func(string, string) error
		wantErr string // "" for ok
		calls   int
	}{
		{"pass", []fuzzengine.Result{ok}, replayFails, "", 1},
		{"stall, then pass", []fuzzengine.Result{fail, ok}, replayPasses, "", 2},
		{"reproduces", []fuzzengine.Result{fail, ok}, replayFails, "fails again when replayed", 1},
		{"no input", []fuzzengine.Result{{Failed: true, Failure: "exit status 2"}, ok}, replayPasses, "exit status 2", 1},
		{"keeps failing", []fuzzengine.Result{fail, fail, fail, ok}, replayPasses, "run 3 of round 0", 3},
	} {
		calls := 0
		run := func(int, string) (fuzzengine.Result, error) {
			calls++
			r := c.runs[calls-1]
			if r.FailingInput != "" {
				if err := os.WriteFile(input, []byte(c.name), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			return r, nil
		}
		r, err := sturdy(func(string, ...any) {}, 0, "FuzzX", run, c.replay)
		switch {
		case c.wantErr == "" && (err != nil || r != ok):
			t.Errorf("%s: %+v, %v; want the passing run", c.name, r, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.wantErr)
		case calls != c.calls:
			t.Errorf("%s: %d runs, want %d", c.name, calls, c.calls)
		}
		if c.name == "stall, then pass" {
			if _, err := os.Stat(input); err == nil {
				t.Errorf("%s: the failing input was left in the corpus", c.name)
			}
			// It is kept for a look: a rare real failure must not vanish.
			if b, err := os.ReadFile(filepath.Join(quarantineDir, "FuzzX-input")); string(b) != c.name {
				t.Errorf("%s: the failing input is not in quarantine: %q, %v", c.name, b, err)
			}
		}
	}
}
