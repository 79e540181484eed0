package subprocess_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// The hostile adapter: the test binary re-executed with envHostile set is a
// program that speaks spec/adapter.md correctly (the double's answers)
// except where its mode says otherwise, at request number envHostileAt
// (default 3) of each process. Where a mode hangs, it first writes a file
// "hang.PID" into envHostileDir, so that the test's timers fire on that
// event rather than after a wall-clock delay.
const (
	envHostile    = "PQHS_HOSTILE"
	envHostileAt  = "PQHS_HOSTILE_AT"
	envHostileDir = "PQHS_HOSTILE_DIR"
)

// hugeString is the size of the strings of "huge-strings" (8 MB, as in the
// report of issue 12).
const hugeString = 8 << 20

// floodSize is how much stderr-flood writes to stderr (32 MiB).
const floodSize = 32 << 20

// endless is how much a program without newlines writes before giving up:
// far more than any limit of the runner, which must stop reading long
// before.
const endless = 512 << 20

func hostileMain() {
	mode := os.Getenv(envHostile)
	if mode == "" {
		return
	}
	at, err := strconv.Atoi(os.Getenv(envHostileAt))
	if err != nil || at <= 0 {
		at = 3
	}
	os.Exit(hostile(mode, at, os.Getenv(envHostileDir)))
}

func hang(dir string) {
	if dir != "" {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("hang.%d", os.Getpid())), nil, 0o600)
	}
	for {
		time.Sleep(time.Hour)
	}
}

// stream writes n bytes of b over and over to w, until n or an error.
func stream(w io.Writer, chunk []byte, n int) {
	for n > 0 {
		k, err := w.Write(chunk[:min(len(chunk), n)])
		if err != nil {
			return
		}
		n -= k
	}
}

func spawnSleeper() {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envHostile+"=sleeper")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "hostile: cannot start the grandchild:", err)
		os.Exit(5)
	}
}

// spawnOrphan starts a grandchild that leaves the process group and the
// session (setsid), keeps the pipes and sleeps, and writes its pid to a
// file "orphan.PID" in dir before going on. With clearEnv it also drops the
// environment, and with it the instance's mark.
func spawnOrphan(dir string, clearEnv bool) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envHostile+"=sleeper")
	if clearEnv {
		cmd.Env = []string{envHostile + "=sleeper"}
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = newSession()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "hostile: cannot start the grandchild:", err)
		os.Exit(5)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("orphan.%d", cmd.Process.Pid)), nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		os.Exit(5)
	}
}

// nasty is a string with everything that must not reach a terminal or a
// report raw: escape sequences (retitle, clear), newlines that forge a
// summary line, bidi overrides, C1 controls, invalid UTF-8.
const nasty = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\r\nPASS: 1000 passed\n\u202eevil\u2066x\u2069\u200f\u0085\xff\xfe"

func hostile(mode string, at int, dir string) int {
	w := bufio.NewWriterSize(os.Stdout, 64<<10)
	writeLine := func(b []byte) {
		w.Write(b)
		w.WriteByte('\n')
		w.Flush()
	}
	send := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		writeLine(b)
	}
	hello := map[string]any{"hello": conformancetest.Info()}
	switch mode {
	case "sleeper":
		for {
			time.Sleep(time.Hour)
		}
	case "exit-at-once":
		return 0
	case "hang-before-hello":
		hang(dir)
	case "endless-line-before-hello":
		stream(os.Stdout, bytes.Repeat([]byte("a"), 1<<20), endless)
		return 0
	case "garbage-before-hello":
		os.Stdout.Write(garbage())
		io.Copy(io.Discard, os.Stdin) // no hang marker: the runner must act on the garbage
		return 0
	case "huge-hello":
		info := conformancetest.Info()
		info.Name = strings.Repeat("n", 1<<20)
		hello = map[string]any{"hello": info}
	case "escapes":
		info := conformancetest.Info()
		info.Name, info.Version = nasty, nasty
		hello = map[string]any{"hello": info}
	case "huge-fields-hello":
		info := conformancetest.Info()
		info.Name, info.Version = strings.Repeat("\u202e", 5000), strings.Repeat("v", 40000)
		hello = map[string]any{"hello": info}
	case "ignore-sigterm":
		signal.Ignore(syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	case "grandchild-exit", "grandchild-end":
		spawnSleeper()
	case "setsid-exit", "setsid-end":
		spawnOrphan(dir, false)
	case "setsid-noenv":
		spawnOrphan(dir, true)
	case "unsupported-ops":
		info := conformancetest.Info()
		info.Operations = []string{}
		hello = map[string]any{"hello": info}
	}
	var flood sync.WaitGroup
	if mode == "stderr-flood" {
		flood.Add(1)
		go func() {
			defer flood.Done()
			stream(os.Stderr, bytes.Repeat([]byte("flood of stderr\n"), 1<<16), floodSize)
			fmt.Fprintln(os.Stderr, "hostile: the flood is over")
		}()
	}
	send(hello)

	r := bufio.NewReaderSize(os.Stdin, 1<<20)
	var big string // huge-strings' string
	for n := 1; ; n++ {
		in, err := r.ReadBytes('\n')
		if err != nil {
			if mode == "grandchild-end" {
				return 0 // the grandchild lives on, holding the pipes
			}
			return 0
		}
		var req struct {
			ID      uint64          `json:"id"`
			Op      string          `json:"op"`
			Profile vectors.Profile `json:"profile"`
			Inputs  vectors.Values  `json:"inputs"`
		}
		if err := json.Unmarshal(in, &req); err != nil {
			fmt.Fprintln(os.Stderr, "hostile: bad request:", err)
			return 1
		}
		id := strconv.FormatUint(req.ID, 10)
		misbehave := n == at
		switch mode {
		case "unsupported":
			send(map[string]any{"id": req.ID, "unsupported": "not implemented"})
			continue
		case "huge-strings":
			// What json.Marshal writes for these maps (keys sorted; "e"
			// needs no escape), written piece by piece: marshalling 8 MB
			// strings cost this program more than the runner's reading.
			if big == "" {
				big = strings.Repeat("e", hugeString)
			}
			pieces := map[int][]string{
				1: {`{"error":"`, big, `","id":`, id, `}`},
				2: {`{"id":`, id, `,"reject":{"category":"`, big[:1<<20], `","message":"`, big, `"}}`},
				3: {`{"id":`, id, `,"unsupported":"`, big, `"}`},
				4: {`{"id":`, id, `,"outputs":{"`, big[:64<<10], `":"`, big[:64<<10], `","payload":"`, big, `"}}`},
				0: {`{"error":"fine","id":`, id, `,"x-unknown":"`, big, `"}`},
			}[n%5]
			for _, p := range pieces {
				w.WriteString(p)
			}
			writeLine(nil)
			continue
		case "escapes":
			switch n % 3 {
			case 1:
				send(map[string]any{"id": req.ID, "error": nasty})
			case 2:
				send(map[string]any{"id": req.ID, "reject": map[string]string{"category": nasty, "message": nasty}})
			default:
				send(map[string]any{"id": req.ID, "unsupported": nasty})
			}
			continue
		case "deep-json":
			w.WriteString(`{"id":` + id + `,"outputs":{"payload":`)
			w.WriteString(strings.Repeat("[", 1<<20))
			w.WriteString(strings.Repeat("]", 1<<20))
			writeLine([]byte(`}}`))
			continue
		case "huge-numbers":
			if misbehave {
				writeLine([]byte(`{"id":1` + strings.Repeat("0", 400) + `,"outputs":{}}`))
			} else {
				writeLine([]byte(`{"id":` + id + `,"outputs":{"payload":"00","length":1` + strings.Repeat("0", 1<<20) + `}}`))
			}
			continue
		case "slow":
			time.Sleep(time.Minute)
		}
		if misbehave {
			switch mode {
			case "crash":
				fmt.Fprintln(os.Stderr, "hostile: crashing")
				return 2
			case "stderr-flood":
				flood.Wait()
				return 2
			case "hang-after-hello", "ignore-sigterm":
				w.WriteString(`{"id":` + id + `,"outp`)
				w.Flush()
				hang(dir)
			case "endless-line":
				w.WriteString(`{"id":` + id + `,"error":"`)
				w.Flush()
				stream(os.Stdout, bytes.Repeat([]byte("a"), 1<<20), endless)
				return 0
			case "garbage":
				w.Write(garbage())
				w.Flush()
				continue
			case "wrong-id":
				send(map[string]any{"id": req.ID + 1000, "outputs": map[string]any{}})
				continue
			case "duplicate-id":
				answer(send, req.ID, req.Op, req.Profile, req.Inputs)
			case "out-of-order":
				send(map[string]any{"id": req.ID - 1, "outputs": map[string]any{}})
				continue
			case "grandchild-exit", "setsid-exit":
				return 0
			case "close-stdout":
				os.Stdout.Close()
				io.Copy(io.Discard, os.Stdin)
				hang("")
			}
		}
		answer(send, req.ID, req.Op, req.Profile, req.Inputs)
	}
}

func answer(send func(any), id uint64, op string, p vectors.Profile, in vectors.Values) {
	rep := conformancetest.Reply(conformance.Request{Op: op, Profile: p, Inputs: in})
	msg := map[string]any{"id": id}
	switch rep.Kind {
	case conformance.KindOutputs:
		msg["outputs"] = rep.Outputs
	case conformance.KindReject:
		msg["reject"] = map[string]string{"category": string(rep.Category), "message": rep.Message}
	case conformance.KindUnsupported:
		msg["unsupported"] = rep.Message
	default:
		msg["error"] = rep.Message
	}
	send(msg)
}

// garbage is 64 KiB of every byte value, with newlines.
func garbage() []byte {
	b := make([]byte, 64<<10)
	for i := range b {
		b[i] = byte(i * 167)
	}
	return b
}

// hostileCase is one hostile adapter and what the run must give.
type hostileCase struct {
	mode     string
	at       int
	tests    int
	parallel int
	// timeout, if set, is a real (small) request timeout; otherwise the
	// timeouts are a minute and fire early only on a hang marker.
	timeout time.Duration
	// faults maps tcIds to a fragment of their message; the other tests
	// must pass, unless every is set, which applies to all tests.
	faults map[int]string
	every  string
	// verdict is the verdict of the faulty tests (default Error), unless
	// verdicts names another.
	verdict  conformance.Verdict
	verdicts map[int]conformance.Verdict
	// heap is the bound on the runner's peak heap in use, in MiB.
	heap uint64
	// check looks at the report further.
	check func(t *testing.T, rep *conformance.Report)
}

func hostileCases() []hostileCase {
	noHello := "no hello: the adapter did not say hello: "
	return []hostileCase{
		{mode: "crash", faults: map[int]string{3: "exited: the adapter exited while handling the request (exit status 2)", 6: "exited", 9: "exited"}},
		{mode: "exit-at-once", every: noHello + "it ended its output without a word (exit status 0)"},
		{mode: "hang-before-hello", every: noHello + "nothing within 1m0s"},
		{mode: "hang-after-hello", faults: map[int]string{3: "timeout: no answer within 1m0s", 6: "timeout", 9: "timeout"}},
		{mode: "ignore-sigterm", tests: 4, faults: map[int]string{3: "timeout: no answer within 1m0s"}},
		{mode: "slow", tests: 3, timeout: 100 * time.Millisecond, every: "timeout: no answer within 100ms"},
		{mode: "endless-line-before-hello", tests: 4, every: noHello + "its first line is longer than 64 KiB"},
		// One endless line (the runner reads 16 MiB of it), then a test on
		// the restarted program, as in TestLongLine, which is the same limit
		// on a line that ends.
		{mode: "endless-line", tests: 4, faults: map[int]string{3: "protocol violation: it wrote a line longer than 16 MiB"}, heap: 160},
		{mode: "garbage-before-hello", tests: 4, every: noHello + "its first line is not a valid hello: not a JSON object"},
		{mode: "garbage", faults: map[int]string{3: "protocol violation: not a JSON object", 6: "not a JSON object", 9: "not a JSON object"}},
		{mode: "huge-hello", tests: 4, every: noHello + "its first line is longer than 64 KiB"},
		{mode: "wrong-id", faults: map[int]string{3: "protocol violation: a response with id 1003 to request 3", 6: "with id 1006 to request 6", 9: "with id 1009 to request 9"}},
		{mode: "duplicate-id", faults: map[int]string{4: "protocol violation: a response with id 3 to request 4", 8: "a response with id 7 to request 8"}},
		{mode: "out-of-order", faults: map[int]string{3: "protocol violation: a response with id 2 to request 3", 6: "with id 5 to request 6", 9: "with id 8 to request 9"}},
		{mode: "grandchild-exit", tests: 4, faults: map[int]string{3: "exited: the adapter exited while handling the request (exit status 0)"}},
		{mode: "grandchild-end"},
		{mode: "setsid-exit", tests: 4, faults: map[int]string{3: "exited: the adapter exited while handling the request (exit status 0)"}},
		{mode: "setsid-end"},
		{mode: "setsid-noenv", tests: 4},
		{mode: "setsid-many", tests: 40, parallel: 4},
		{mode: "close-stdout", tests: 4, faults: map[int]string{3: "protocol violation: the adapter closed its output but did not exit"}},
		// The flood (floodSize) is twice the heap bound: a runner that kept
		// all of stderr would fail the bound, as it did 256 MiB against 96.
		{mode: "stderr-flood", tests: 3, faults: map[int]string{3: "exited: the adapter exited while handling the request (exit status 2)"}, heap: floodSize >> 21, check: func(t *testing.T, rep *conformance.Report) {
			f := rep.Results[2].Fault
			if len(f.Stderr) > subprocess.StderrTail+64 || !strings.Contains(f.Stderr, "the flood is over") {
				t.Errorf("stderr tail: %d bytes, ending %q", len(f.Stderr), f.Stderr[max(0, len(f.Stderr)-40):])
			}
		}},
		{mode: "huge-strings", tests: 5, faults: cycle(5, 5, map[int]string{
			1: "the adapter reported an error: eeee", 2: "rejected with unknown category", 3: "unsupported by the adapter: eeee",
			4: "", 0: "the adapter reported an error: fine"}),
			verdicts: cycleV(5, 5, map[int]conformance.Verdict{1: conformance.Error, 2: conformance.Fail, 3: conformance.Skip, 4: conformance.Fail, 0: conformance.Error}),
			heap:     192, check: checkHugeStrings},
		{mode: "huge-fields-hello", check: func(t *testing.T, rep *conformance.Report) {
			if n := len(rep.Adapter.Name) + len(rep.Adapter.Version); n > 1000 {
				t.Errorf("the hello's name and version are kept whole (%d bytes)", n)
			}
		}},
		// Every answer is 2 MiB of brackets and each test runs on a new
		// program: four tests (three restarts) say what ten did.
		{mode: "deep-json", tests: 4, every: `protocol violation: not a JSON object (exceeded max depth)`},
		// Each answer holds 1 MiB of digits: tcIds 1-3 give the three
		// outcomes, tcId 4 the restarted program's first.
		{mode: "huge-numbers", tests: 4, faults: map[int]string{1: "outputs differ: length", 2: "accepted, but", 3: "protocol violation: id 1000000000", 4: "accepted, but"},
			verdict: conformance.Fail, verdicts: map[int]conformance.Verdict{3: conformance.Error}},
		{mode: "escapes", faults: cycle(3, 10, map[int]string{
			1: `the adapter reported an error: \x1b]0;owned\x07\x1b[2J\x1b[31mred\x0d\x0aPASS: 1000 passed\x0a\u202eevil\u2066x\u2069\u200f\u0085`, 2: "rejected with unknown category", 0: `unsupported by the adapter: \x1b]0;owned`}),
			verdicts: cycleV(3, 10, map[int]conformance.Verdict{1: conformance.Error, 2: conformance.Fail, 0: conformance.Skip}),
			check:    checkEscapes},
		{mode: "unsupported", every: "unsupported by the adapter: not implemented", verdict: conformance.Skip, check: mustFail},
		{mode: "unsupported-ops", every: "the adapter does not implement pqhstest/frame/decode", verdict: conformance.Skip, check: mustFail},
		// -parallel 1000 on 16 tests: up to 16 instances at once (eight
		// times the cores), the warning of the cap, no process left. That
		// Run caps the instances at MaxParallel is conformance's
		// TestParallelIsCapped (in process, 128 tests); 64 programs here
		// cost 1.4 s of CPU.
		{mode: "many", tests: 16, parallel: 1000, check: func(t *testing.T, rep *conformance.Report) {
			if len(rep.Warnings) == 0 || !strings.Contains(strings.Join(rep.Warnings, "\n"), "-parallel 1000") {
				t.Errorf("no warning of the capped -parallel: %q", rep.Warnings)
			}
		}},
	}
}

// mustFail checks that a run that judged nothing fails (issue 12, defect
// 6).
func mustFail(t *testing.T, rep *conformance.Report) {
	if rep.OK() || !rep.NothingJudged() {
		t.Errorf("a run that judged nothing: OK %v", rep.OK())
	}
}

// cycle and cycleV give test i (of 1..n) the entry for i % k.
func cycle(k, n int, m map[int]string) map[int]string {
	out := map[int]string{}
	for i := 1; i <= n; i++ {
		out[i] = m[i%k]
	}
	return out
}

func cycleV(k, n int, m map[int]conformance.Verdict) map[int]conformance.Verdict {
	out := map[int]conformance.Verdict{}
	for i := 1; i <= n; i++ {
		out[i] = m[i%k]
	}
	return out
}

func checkHugeStrings(t *testing.T, rep *conformance.Report) {
	for _, r := range rep.Results {
		if n := resultSize(&r); n > 4*conformance.MessageLimit+64<<10 {
			t.Errorf("tcId %d keeps %d bytes of the adapter's strings", r.Case.TcID, n)
		}
	}
	var buf bytes.Buffer
	for _, write := range []func(io.Writer, *conformance.Report) error{report.JSON, report.JUnit, report.HTML, report.Chromium} {
		buf.Reset()
		if err := write(&buf, rep); err != nil {
			t.Fatal(err)
		}
		if buf.Len() > 2<<20 {
			t.Errorf("a report of %d bytes", buf.Len())
		}
	}
}

// resultSize is how many bytes of adapter text and values a result keeps.
func resultSize(r *conformance.Result) int {
	n := len(r.Message) + len(r.Warning)
	if r.Reply != nil {
		n += len(r.Reply.Message) + len(r.Reply.Category)
		for k, v := range r.Reply.Outputs {
			n += len(k) + len(v)
		}
	}
	for _, m := range r.Mismatches {
		n += len(m.Actual) + len(m.Field)
	}
	if r.Fault != nil {
		n += len(r.Fault.Message) + len(r.Fault.Seen) + len(r.Fault.Stderr)
	}
	return n
}

func checkEscapes(t *testing.T, rep *conformance.Report) {
	var buf bytes.Buffer
	for name, write := range map[string]func(io.Writer, *conformance.Report) error{
		"text": func(w io.Writer, rep *conformance.Report) error {
			return report.Text(w, rep, report.TextOptions{Verbose: true})
		},
		"json":  report.JSON,
		"junit": report.JUnit,
		"html":  report.HTML,
	} {
		buf.Reset()
		if err := write(&buf, rep); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, bad := range []string{"\x1b", "\u202e", "\u2066", "\u200f", "\u0085", "\r", "\x07"} {
			if strings.Contains(out, bad) {
				t.Errorf("the %s report holds %q", name, bad)
			}
		}
		if name == "text" {
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "PASS: 1000") {
					t.Errorf("the adapter forged a line of the text report: %q", l)
				}
			}
		}
		if name == "html" && !strings.Contains(out, "Content-Security-Policy") {
			t.Error("the HTML report has no Content-Security-Policy")
		}
	}
}

// markerTimer fires a timer when a hostile program has announced a hang
// (a file hang.PID in dir not yet used by another timer), never on the
// clock: a test of a hang then does not depend on how fast a loaded
// machine runs the requests that do not hang.
//
// Every start and request has such a timer, so it looks for the file after
// 1, 2, 4, ... ms, then every 32 ms: polling every 2 ms, the looks cost
// the package a tenth of its test process's CPU, and more the slower a
// loaded machine made the starts. The wait only delays a hang's fault.
func markerTimer(dir string) func(string, time.Duration) (<-chan time.Time, func()) {
	return func(string, time.Duration) (<-chan time.Time, func()) {
		c := make(chan time.Time, 1)
		done := make(chan struct{})
		go func() {
			wait := time.Millisecond
			tick := time.NewTimer(wait)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				wait = min(2*wait, 32*time.Millisecond)
				tick.Reset(wait)
				ms, _ := filepath.Glob(filepath.Join(dir, "hang.*"))
				for _, m := range ms {
					if os.Rename(m, filepath.Join(dir, "used."+filepath.Base(m))) == nil {
						c <- time.Now()
						return
					}
				}
			}
		}()
		var once sync.Once
		return c, func() { once.Do(func() { close(done) }) }
	}
}

// liveInGroups lists, by group, the processes of the groups in pgids that
// still run (zombies, dead but not yet reaped by init, do not count), in
// one walk of /proc whatever the number of groups. Linux only.
func liveInGroups(pgids map[int]bool) map[int][]int {
	ents, _ := os.ReadDir("/proc")
	live := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and ')'.
		rest := string(b[bytes.LastIndexByte(b, ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); pgids[g] {
			live[g] = append(live[g], pid)
		}
	}
	return live
}

// TestHostileAdapters runs the runner against each hostile adapter and
// checks what every run must give: it finishes; every selected test has
// exactly one verdict, and the right one; the message says what happened;
// no process of the adapter is left; the runner's heap stays bounded.
func TestHostileAdapters(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to see the adapters' processes")
	}
	for _, hc := range hostileCases() {
		t.Run(hc.mode, func(t *testing.T) {
			runHostile(t, hc)
		})
	}
}

func runHostile(t *testing.T, hc hostileCase) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to see the adapters' processes")
	}
	if hc.tests == 0 {
		hc.tests = numTests
	}
	if hc.heap == 0 {
		hc.heap = 96
	}
	if hc.verdict == "" {
		hc.verdict = conformance.Error
	}
	dir := t.TempDir()
	mode := hc.mode
	switch mode {
	case "many":
		mode = "ok"
	case "setsid-many":
		mode = "setsid-end"
	}
	cfg := subprocess.Config{
		Command:        subprocess.CommandLine(self(t)),
		Env:            append(os.Environ(), envHostile+"="+mode, envHostileAt+"="+strconv.Itoa(max(hc.at, 3)), envHostileDir+"="+dir, conformancetest.NoRaceExitSleep, conformancetest.OneProc),
		StartTimeout:   time.Minute,
		RequestTimeout: time.Minute,
	}
	if hc.timeout != 0 {
		cfg.RequestTimeout = hc.timeout
	} else {
		subprocess.SetTimer(&cfg, markerTimer(dir))
	}
	cases := conformance.Cases([]*vectors.File{conformancetest.File(hc.tests)})
	var (
		mu       sync.Mutex
		adapters []*subprocess.Adapter
		settled  = map[int]int{}
	)
	open := func() (conformance.Adapter, error) {
		a := subprocess.New(cfg)
		mu.Lock()
		adapters = append(adapters, a)
		mu.Unlock()
		return a, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	stopHeap := conformancetest.HeapPeak()
	rep, err := conformance.Run(ctx, open, cases, conformance.Options{
		Profile: vectors.Strict, Parallel: max(hc.parallel, 1), Timeout: cfg.RequestTimeout,
		OnResult: func(_, _ int, r *conformance.Result) { settled[r.Case.TcID]++ },
	})
	peak := stopHeap()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: peak heap in use %.1f MiB (bound %d MiB), %d instance(s)", hc.mode, float64(peak)/(1<<20), hc.heap, len(adapters))
	if peak > hc.heap<<20 {
		t.Errorf("peak heap in use %.1f MiB, over the bound of %d MiB", float64(peak)/(1<<20), hc.heap)
	}
	if ctx.Err() != nil {
		t.Fatal("the run did not finish within 5 minutes")
	}
	// At most one instance per worker (how many workers open one before the
	// others have run every test is the scheduler's choice).
	if most := min(max(hc.parallel, 1), hc.tests, conformance.MaxParallel); len(adapters) > most {
		t.Errorf("%d adapter instances for -parallel %d on %d tests, more than %d", len(adapters), hc.parallel, hc.tests, most)
	}

	// Exactly one verdict per selected test.
	if len(rep.Results) != hc.tests {
		t.Fatalf("%d results for %d tests", len(rep.Results), hc.tests)
	}
	for i, r := range rep.Results {
		id := i + 1
		if r.Case.TcID != id || settled[id] != 1 {
			t.Errorf("result %d is tcId %d, settled %d times", i, r.Case.TcID, settled[id])
		}
		want, faulty := hc.faults[id]
		if hc.every != "" {
			want, faulty = hc.every, true
		}
		wantV := hc.verdict
		if v, ok := hc.verdicts[id]; ok {
			wantV = v
		}
		switch {
		case !faulty:
			if r.Verdict != conformance.Pass {
				t.Errorf("tcId %d: %s (%.300s), want a pass", id, r.Verdict, r.Message)
			}
		case r.Verdict != wantV:
			t.Errorf("tcId %d: %s (%.300s), want %s", id, r.Verdict, r.Message, wantV)
		case !strings.Contains(r.Message, want):
			t.Errorf("tcId %d: message %.300q, want it to say %q", id, r.Message, want)
		}
		if len(r.Message) > 2*conformance.MessageLimit {
			t.Errorf("tcId %d: a message of %d bytes", id, len(r.Message))
		}
	}
	if hc.check != nil {
		hc.check(t, rep)
	}

	// No process left, in any group the adapters ran in.
	groups := map[int]bool{}
	for _, a := range adapters {
		for _, g := range subprocess.PGIDs(a) {
			groups[g] = true
		}
	}
	for i := 0; ; i++ {
		live := liveInGroups(groups)
		if len(live) == 0 {
			break
		}
		if i == 3000 {
			for _, g := range slices.Sorted(maps.Keys(live)) {
				t.Errorf("processes %v of the adapter's group %d are still running", live[g], g)
			}
			t.FailNow()
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Nor any that left the groups: the runner reaped them (Linux).
	orphans, _ := filepath.Glob(filepath.Join(dir, "orphan.*"))
	if strings.HasPrefix(hc.mode, "setsid") && len(orphans) == 0 {
		t.Fatal("the adapter started no orphan")
	}
	for _, o := range orphans {
		pid, _ := strconv.Atoi(strings.TrimPrefix(filepath.Ext(o), "."))
		if alive(pid) {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
			t.Errorf("process %d, which left the adapter's group and session, is still running", pid)
		}
	}
}

// alive reports whether pid runs (a zombie does not). Linux only.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// Regression tests of issue 12's defects in this package.

// Defect 1: a program that ends normally used to leave its descendants
// running (a child keeping the pipes and sleeping outlived the run). The
// whole process group is now killed when the runner is done with it.
func TestDescendantsGoAfterNormalExit(t *testing.T) {
	runHostile(t, hostileCase{mode: "grandchild-end", tests: 2})
}

// Defect 2: -adapter ran every command line with sh -c, whose copy of the
// program's output hid a program that closed it while living on (the test
// ended as a 30 s timeout). A plain command line now runs directly.
func TestClosedOutputThroughCommandLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"node adapter.js", []string{"node", "adapter.js"}},
		{"  ./a  'x y'  \"z w\" ", []string{"./a", "x y", "z w"}},
		{"python3 -u a.py --flag=1", []string{"python3", "-u", "a.py", "--flag=1"}},
		{"FOO=1 ./a", []string{"sh", "-c", "FOO=1 ./a"}},
		{"cd x && ./a", []string{"sh", "-c", "cd x && ./a"}},
		{"./a | tee log", []string{"sh", "-c", "./a | tee log"}},
		{"./a $HOME", []string{"sh", "-c", "./a $HOME"}},
		{`./a "$HOME"`, []string{"sh", "-c", `./a "$HOME"`}},
		{`./a 'x`, []string{"sh", "-c", `./a 'x`}},
		{`./a \x`, []string{"sh", "-c", `./a \x`}},
	} {
		if got := subprocess.CommandLine(tc.in); !slicesEqual(got, tc.want) {
			t.Errorf("CommandLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := subprocess.CommandLine(self(t)); len(got) != 1 {
		t.Fatalf("the test binary's path %q needs a shell: %q", self(t), got)
	}
	runHostile(t, hostileCase{mode: "close-stdout", tests: 4, faults: map[int]string{3: "protocol violation: the adapter closed its output but did not exit"}})
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Defect 3: a restart ran under what was left of the next request's
// deadline, and ended as "interrupted: context deadline exceeded". A start
// now has its own timeout: a request's deadline does not cut it short, and
// a request whose deadline passed while the program started is a timeout,
// with the program kept.
func TestStartIgnoresTheRequestDeadline(t *testing.T) {
	a := subprocess.New(fakeConfig(t, conformancetest.ModeOK, 0))
	defer a.Close()
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	c := conformance.Cases([]*vectors.File{conformancetest.File(1)})[0]
	req := conformance.Request{Op: c.Family.Name, Profile: vectors.Strict, Inputs: c.Inputs}
	_, err := a.Do(expired, req)
	f := conformance.AsFault(err)
	if f == nil || f.Kind != conformance.FaultTimeout || !strings.Contains(f.Message, "before it could be sent") {
		t.Fatalf("Do with a past deadline: %v", err)
	}
	if err := a.Start(expired); err != nil {
		t.Fatalf("Start with a past deadline: %v", err)
	}
	if _, err := a.Do(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if n := a.Starts(); n != 1 {
		t.Errorf("%d starts, want 1: the program must be kept", n)
	}
	// Cancelling (rather than a deadline) does interrupt a start.
	b := subprocess.New(fakeConfig(t, conformancetest.ModeNoHello, 0))
	defer b.Close()
	cctx, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if f := conformance.AsFault(b.Start(cctx)); f == nil || f.Kind != conformance.FaultInterrupted {
		t.Errorf("Start with a cancelled context: %v", f)
	}
}
