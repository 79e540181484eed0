package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/report"
)

// Issue 12, defect 5: -live N built every case before the first request
// (-live 100000: a minute and over a gigabyte), and an interrupt in that
// phase, or a slow one during the run, ended without a report. Cases are
// now made as the run comes to them, and an interrupt in every phase ends
// the command at once with complete reports (the tests not run as errors)
// and exit status 130.

// checkReports checks that the JSON and JUnit reports hold n tests, each
// with one verdict, and returns how many were not run.
func checkReports(t *testing.T, js, ju string, n int) (notRun int) {
	t.Helper()
	f, err := os.Open(js)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := report.ReadJSON(f)
	if err != nil {
		t.Fatalf("the JSON report: %v", err)
	}
	seen := map[string]bool{}
	for _, r := range rep.Results {
		name := r.Family + "#" + strings.TrimSpace(strings.Fields(strings.ReplaceAll(string(mustJSON(r.TcID)), "\n", ""))[0])
		if seen[name] {
			t.Fatalf("%s twice in the JSON report", name)
		}
		seen[name] = true
		if r.Verdict == "" {
			t.Fatalf("%s has no verdict", name)
		}
		if strings.HasPrefix(r.Message, "not run: interrupted") {
			notRun++
		}
	}
	if len(rep.Results) != n || rep.Totals.Total != n {
		t.Errorf("the JSON report has %d results (total %d), want %d", len(rep.Results), rep.Totals.Total, n)
	}
	data, err := os.ReadFile(ju)
	if err != nil {
		t.Fatal(err)
	}
	var doc report.JUnitSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the JUnit report: %v", err)
	}
	cases := 0
	for _, s := range doc.Suites {
		cases += len(s.Cases)
	}
	if cases != n || doc.Tests != n {
		t.Errorf("the JUnit report has %d testcases (tests=%d), want %d", cases, doc.Tests, n)
	}
	return notRun
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// A run of -live 100000 (100,000 sessions of one check, of 1,000,000 in
// all) starts at once: the peak heap up to the first results is that of
// a short run, and an interrupt then ends it with every session in the
// reports.
func TestLiveIsLazy(t *testing.T) {
	const n, k = 100000, 20
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		stopHeap  = conformancetest.HeapPeak()
		cancelled time.Time
		peakRun   uint64
	)
	resultHook = func(done int) {
		if done == k {
			peakRun = stopHeap()
			cancelled = time.Now()
			cancel()
		}
	}
	defer func() { resultHook = nil }()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, []string{"-live", "100000", "-live-seed", liveSeed, "-family", "verbeth/live/initiator",
		"-parallel", "2"}, &stdout, &stderr)
	latency := time.Since(cancelled)
	stopHeap()
	t.Logf("peak heap in use up to result %d: %.1f MiB; interrupt to exit (summary of %d tests written): %v", k, float64(peakRun)/(1<<20), n, latency.Round(time.Millisecond))
	if code != exitInterrupted || !strings.Contains(stdout.String(), "INTERRUPTED") {
		t.Fatalf("exit %d:\n%.2000s\n%.2000s", code, stdout.String(), stderr.String())
	}
	if peakRun > 64<<20 {
		t.Errorf("peak heap in use %.1f MiB before the first %d results of -live %d, over the bound of 64 MiB", float64(peakRun)/(1<<20), k, n)
	}
	// The summary counts every session; the reports of the other tests
	// check each one.
	if want := "(of 100000 tests)"; !strings.Contains(stdout.String(), want) {
		t.Errorf("the summary does not say %q:\n%.2000s", want, stdout.String())
	}
}

// Interrupted while it loads the vector files (here in the middle of the
// second file, which never ends), the command ends with the tests of the
// files it read, as errors, and a warning naming what it did not read.
func TestInterruptWhileLoading(t *testing.T) {
	dir, out := vectorDir(t), t.TempDir()
	js, ju := filepath.Join(out, "r.json"), filepath.Join(out, "r.xml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	block := make(chan struct{})
	defer close(block)
	var cancelled time.Time
	files := 0
	loadHook = func(string) {
		files++
		if files == 2 {
			cancelled = time.Now()
			cancel()
			<-block // the file takes forever
		}
	}
	defer func() { loadHook = nil }()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, []string{"-vectors", dir, "-json", js, "-junit", ju}, &stdout, &stderr)
	t.Logf("interrupt to exit: %v", time.Since(cancelled).Round(time.Millisecond))
	if code != exitInterrupted || !strings.Contains(stdout.String(), "interrupted while loading the vectors: 1 file(s)") {
		t.Fatalf("exit %d:\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if notRun := checkReports(t, js, ju, 12); notRun != 12 {
		t.Errorf("%d of 12 tests not run", notRun)
	}
}

// A real SIGINT to the command, while it runs: it ends at once, writes
// its reports whole and exits 130. The signal is sent when the first
// result has been printed (-v), not after a delay.
func TestSignalDuringRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Process.Signal cannot send SIGINT on Windows")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	out := t.TempDir()
	js, ju := filepath.Join(out, "r.json"), filepath.Join(out, "r.xml")
	c := exec.Command(exe, "-live", "2000", "-live-seed", liveSeed, "-family", "ixian/live/requester", "-parallel", "1", "-v", "-json", js, "-junit", ju)
	c.Env = append(os.Environ(), envMain+"=1", "GORACE=atexit_sleep_ms=0")
	var stdout bytes.Buffer
	c.Stdout = &stdout
	stderr, err := c.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr) // -v prints each result there
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "PASS") {
	}
	signalled := time.Now()
	c.Process.Signal(syscall.SIGINT)
	for sc.Scan() {
	}
	err = c.Wait()
	rest := &stdout
	t.Logf("SIGINT to exit: %v", time.Since(signalled).Round(time.Millisecond))
	if c.ProcessState.ExitCode() != exitInterrupted {
		t.Fatalf("exit %v:\n%.3000s", err, rest.String())
	}
	if !strings.Contains(rest.String(), "INTERRUPTED") {
		t.Errorf("the summary does not say the run was interrupted:\n%.3000s", rest.String())
	}
	if notRun := checkReports(t, js, ju, n); notRun == 0 || notRun == n {
		t.Errorf("%d of %d tests not run", notRun, n)
	}
}

// Interrupted while the adapter starts (it never says hello), the command
// ends at once, with every test an error and no process left. The
// interrupt comes when the adapter has written its pid, not after a delay.
func TestInterruptWhileStarting(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("the adapter is a shell command line: needs sh")
	}
	dir, out := vectorDir(t), t.TempDir()
	js, ju := filepath.Join(out, "r.json"), filepath.Join(out, "r.xml")
	pidFile := filepath.Join(out, "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		cancelled time.Time
		pid       int
	)
	go func() {
		for ctx.Err() == nil {
			if b, err := os.ReadFile(pidFile); err == nil && bytes.HasSuffix(b, []byte("\n")) {
				pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
				cancelled = time.Now()
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, []string{"-vectors", dir, "-json", js, "-junit", ju, "-start-timeout", "1h",
		"-adapter", "echo $$ > '" + pidFile + "'; exec sleep 3600"}, &stdout, &stderr)
	t.Logf("interrupt to exit: %v", time.Since(cancelled).Round(time.Millisecond))
	if code != exitInterrupted || pid == 0 {
		t.Fatalf("exit %d (adapter pid %d):\n%s\n%s", code, pid, stdout.String(), stderr.String())
	}
	if notRun := checkReports(t, js, ju, 14); notRun != 14 {
		t.Errorf("%d of 14 tests not run", notRun)
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil && !bytes.Contains(b, []byte(") Z")) {
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
		t.Errorf("the adapter (pid %d) is still running", pid)
	}
}
