package main

import (
	"os"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/vectors"
)

const liveSeed = "000102030405060708090a0b0c0d0e0f"

func TestLive(t *testing.T) {
	code, stdout, stderr := cmd(t, "-live", "1", "-live-seed", liveSeed)
	if code != 0 || !strings.Contains(stdout, "verbeth/live/initiator") || !strings.Contains(stdout, "ixian/live/requester") ||
		!strings.Contains(stdout, "PASS: 10 passed") || !strings.Contains(stderr, "seed "+liveSeed) {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Selection applies to live sessions as to vectors.
	code, stdout, _ = cmd(t, "-live", "3", "-live-seed", liveSeed, "-protocol", "verbeth", "-tc", "2", "-list")
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "verbeth/live/decrypt-tampered#2\t") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	for _, args := range [][]string{{"-live", "-1"}, {"-live", "1", "-live-seed", "00"}} {
		if code, _, stderr := cmd(t, args...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// Live peer mode through the adapter protocol, with the reference serving:
// the command's wiring, on the Verbeth sessions. Every live session of both
// protocols goes through -serve in TestServeEqualsInProcess, in both
// profiles, transcripts compared; the Ixian ones (RSA-4096, P-521) would
// double this test's CPU here.
func TestLiveServe(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cmd(t, "-live", "1", "-live-seed", liveSeed, "-profile", "deployed", "-protocol", "verbeth",
		"-adapter", envMain+"=1 GORACE=atexit_sleep_ms=0 '"+exe+"' -serve")
	if code != 0 || !strings.Contains(stdout, "profile deployed") || !strings.Contains(stdout, "PASS: 5 passed") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

func TestMutants(t *testing.T) {
	code, stdout, stderr := cmd(t, "-mutants", "-family", vectors.IxianHandshakeStatus.Name)
	if code != 0 || !strings.Contains(stdout, "ixian-second-acceptAdd2 (strict): caught by 2 of ") ||
		!strings.Contains(stdout, "vectors (4): ixian/handshakeStatus#27-28,32,69") || !strings.Contains(stdout, "3 mutants, 3 caught, 0 not caught") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	// Without the tests that catch it, a mutant goes uncaught: exit 1.
	code, stdout, _ = cmd(t, "-mutants", "-family", vectors.IxianHandshakeStatus.Name, "-tc", "1-20")
	if code != 1 || !strings.Contains(stdout, "NOT CAUGHT") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if code, _, _ := cmd(t, "-mutants", "-family", vectors.VerbethTopic.Name); code != 2 {
		t.Errorf("no mutant selected: exit %d", code)
	}
}

func TestMutantAsAdapter(t *testing.T) {
	code, stdout, _ := cmd(t, "-mutant", "ixian-ikm-order", "-family", vectors.IxianDeriveKeys.Name, "-tc", "1-3")
	if code != 1 || !strings.Contains(stdout, "pqhs-mutant ixian-ikm-order") || !strings.Contains(stdout, "outputs differ: aesKey, chachaKey, ikm") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if code, _, stderr := cmd(t, "-mutant", "no-such-bug"); code != 2 || !strings.Contains(stderr, "no such mutant") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
