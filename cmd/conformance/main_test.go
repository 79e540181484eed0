package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/vectors"
)

// envMain makes the test binary the command itself.
const envMain = "PQHS_CONFORMANCE_TEST_MAIN"

func TestMain(m *testing.M) {
	conformancetest.Register()
	conformancetest.Main()
	if os.Getenv(envMain) != "" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// vectorDir writes the double's vector files into a fresh directory.
func vectorDir(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []*vectors.File{conformancetest.File(12), conformancetest.EncodeFile()} {
		data, err := vectors.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		fam, _ := vectors.Lookup(f.Family)
		if err := os.WriteFile(filepath.Join(dir, fam.FileName()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fake returns an -adapter command line running the test binary as the
// fake adapter in mode.
func fake(t *testing.T, mode string, at int) string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(conformancetest.EnvMode, mode)
	t.Setenv(conformancetest.EnvAt, string(rune('0'+at)))
	t.Setenv("GORACE", "atexit_sleep_ms=0")
	return "'" + exe + "'"
}

func cmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestAllPassWithReports(t *testing.T) {
	dir, out := vectorDir(t), t.TempDir()
	js, ju, ht, cr := filepath.Join(out, "r.json"), filepath.Join(out, "r.xml"), filepath.Join(out, "r.html"), filepath.Join(out, "c.json")
	code, stdout, stderr := cmd(t, "-vectors", dir, "-adapter", fake(t, conformancetest.ModeOK, 1),
		"-json", js, "-junit", ju, "-html", ht, "-chromium-json", cr, "-parallel", "2", "-allow-unimplemented")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"pqhs-testdouble 1, profile strict: 14 tests", "pqhstest/frame/decode     12     12      0      0      0", "PASS: 12 passed, 2 skipped"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(js)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	j, err := report.ReadJSON(f)
	if err != nil || !j.OK || j.Totals.Total != 14 {
		t.Errorf("JSON report: %v %+v", err, j)
	}
	data, _ := os.ReadFile(ju)
	var suites report.JUnitSuites
	if err := xml.Unmarshal(data, &suites); err != nil || suites.Tests != 14 || suites.Skipped != 2 {
		t.Errorf("JUnit: %v %+v", err, suites)
	}
	for _, name := range []string{ht, cr} {
		if st, err := os.Stat(name); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestFailureExitsOne(t *testing.T) {
	dir := vectorDir(t)
	adapter := fake(t, conformancetest.ModeUnknownCategory, 3)
	code, stdout, _ := cmd(t, "-vectors", dir, "-adapter", adapter, "-family", "pqhstest/frame/decode")
	if code != 1 || !strings.Contains(stdout, `unknown category "weird_category"`) || !strings.Contains(stdout, "FAIL: 1 failed, 0 errors") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	// With the failures expected, the run passes.
	expect := filepath.Join(t.TempDir(), "expect.json")
	os.WriteFile(expect, []byte(`{"expect": [{"family": "pqhstest/frame/decode", "tcId": 3, "expect": "fail", "reason": "our categories are our own"}]}`), 0o644)
	code, stdout, _ = cmd(t, "-vectors", dir, "-adapter", adapter, "-family", "pqhstest/frame/decode", "-expect", expect)
	if code != 0 || !strings.Contains(stdout, "PASS: 11 passed, 1 expected failure") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

func TestFaultsExitOne(t *testing.T) {
	code, stdout, _ := cmd(t, "-vectors", vectorDir(t), "-adapter", fake(t, conformancetest.ModeCrash, 2), "-family", "pqhstest/frame/decode", "-tc", "1-4")
	if code != 1 || !strings.Contains(stdout, "ERROR pqhstest/frame/decode#2") || !strings.Contains(stdout, conformancetest.CrashMessage) {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

func TestServe(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The reference serves its own operations; the double's are not among
	// them, so they are skipped, never passed.
	adapter := envMain + "=1 GORACE=atexit_sleep_ms=0 '" + exe + "' -serve"
	code, stdout, stderr := cmd(t, "-vectors", vectorDir(t), "-adapter", adapter, "-allow-unimplemented")
	if code != 0 || !strings.Contains(stdout, "pqhs-reference") || !strings.Contains(stdout, "PASS: 0 passed, 14 skipped") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Without -allow-unimplemented a run that judged nothing fails.
	code, stdout, stderr = cmd(t, "-vectors", vectorDir(t), "-adapter", adapter)
	if code != 1 || !strings.Contains(stdout, "14 not implemented by the adapter") || !strings.Contains(stdout, "Nothing was judged") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

// Issue 12, defect 6: an empty -vectors directory, or tests the adapter
// does not implement, used to exit 0 ("PASS: 0 passed").
func TestUnimplementedExitsOne(t *testing.T) {
	code, stdout, _ := cmd(t, "-vectors", vectorDir(t), "-adapter", fake(t, conformancetest.ModeOK, 1))
	if code != 1 || !strings.Contains(stdout, "2 not implemented by the adapter") || !strings.Contains(stdout, "-allow-unimplemented") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = cmd(t, "-vectors", t.TempDir())
	if code == 0 {
		t.Errorf("an empty -vectors directory: exit %d:\n%s", code, stdout)
	}
}

func TestList(t *testing.T) {
	code, stdout, stderr := cmd(t, "-vectors", vectorDir(t), "-list", "-flag", "TrailingBytes", "-result", "acceptable")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "pqhstest/frame/decode#3\tacceptable\ttrailing_bytes\tTrailingBytes\t") ||
		!strings.Contains(stderr, "3 of 14 tests selected") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

func TestJSONToStdout(t *testing.T) {
	code, stdout, stderr := cmd(t, "-vectors", vectorDir(t), "-adapter", fake(t, conformancetest.ModeOK, 1), "-json", "-", "-allow-unimplemented")
	if code != 0 || !strings.HasPrefix(stdout, "{\n  \"format\": \"pqhs-conformance-report/1\"") || !strings.Contains(stderr, "PASS: 12 passed") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

func TestRepositoryVectors(t *testing.T) {
	// Without -vectors, the binary replays the vectors built into it.
	code, _, stderr := cmd(t, "-list")
	if code != 0 || !strings.Contains(stderr, " tests (vectors from the embedded vectors)") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, _, err := loadVectors(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("a missing -vectors directory was accepted")
	}
}

func TestUsageErrors(t *testing.T) {
	dir := vectorDir(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"expect": [{"family": "x", "expect": "fail"}]}`), 0o644)
	stale := filepath.Join(t.TempDir(), "stale.json")
	os.WriteFile(stale, []byte(`{"expect": [], "mustRun": [{"family": "gone/away"}]}`), 0o644)
	for _, args := range [][]string{
		{"-profile", "lax"},
		{"-tc", "3-1"},
		{"-result", "maybe"},
		{"-family", "["},
		{"-expect", bad},
		{"-expect", stale},
		{"-expect", filepath.Join(dir, "missing.json")},
		{"stray"},
		{"-no-such-flag"},
	} {
		if code, _, stderr := cmd(t, append([]string{"-vectors", dir}, args...)...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}
