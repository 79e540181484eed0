package conformancetest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// The fake adapter program: a test binary re-executes itself with EnvMode
// set, and its TestMain calls Main, which then is the adapter. It speaks
// spec/adapter.md with its own encoder (not package subprocess's), and
// misbehaves as the mode says at request number EnvAt (default 3) of each
// process it runs as.
const (
	EnvMode  = "PQHS_TESTDOUBLE_MODE"
	EnvAt    = "PQHS_TESTDOUBLE_AT"
	EnvState = "PQHS_TESTDOUBLE_STATE" // a file path, for "crash-then-dead"
)

// The modes.
const (
	ModeOK              = "ok"               // a correct adapter
	ModeNoHello         = "no-hello"         // says nothing, forever
	ModeBadHello        = "bad-hello"        // a hello of protocol version 0
	ModeGarbageHello    = "garbage-hello"    // a log line instead of the hello
	ModeExitAtStart     = "exit-at-start"    // a message on stderr, exit status 7
	ModeCrash           = "crash"            // dies at request At with a message on stderr
	ModeHang            = "hang"             // writes half an answer at request At, then sleeps
	ModeGarbage         = "garbage"          // answers request At with binary junk
	ModeHalfLine        = "half-line"        // writes half an answer at request At and exits 0
	ModeWrongID         = "wrong-id"         // answers request At with another id
	ModeTwoForms        = "two-forms"        // answers request At with outputs and error
	ModeUnknownCategory = "unknown-category" // rejects request At with a category outside the list
	ModeLongLine        = "long-line"        // answers request At with a line over 16 MiB
	ModeCrashThenDead   = "crash-then-dead"  // crashes at request At, then never starts again
	ModeStderrFlood     = "stderr-flood"     // 200 KiB on stderr, then crashes at request At
)

// CrashMessage is what crashing modes print on stderr.
const CrashMessage = "fake adapter: simulated crash"

// Main runs the fake adapter and exits when EnvMode is set; otherwise it
// returns at once.
func Main() {
	mode := os.Getenv(EnvMode)
	if mode == "" {
		return
	}
	at, err := strconv.Atoi(os.Getenv(EnvAt))
	if err != nil || at <= 0 {
		at = 3
	}
	os.Exit(fake(mode, at, os.Stdin, os.Stdout, os.Stderr))
}

func forever() {
	for {
		time.Sleep(time.Hour)
	}
}

func fake(mode string, at int, stdin io.Reader, stdout, stderr io.Writer) int {
	w := bufio.NewWriter(stdout)
	line := func(s string) {
		w.WriteString(s)
		w.WriteString("\n")
		w.Flush()
	}
	send := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		line(string(b))
	}
	crash := func() int {
		fmt.Fprintln(stderr, CrashMessage)
		return 2
	}
	state := os.Getenv(EnvState)

	switch mode {
	case ModeNoHello:
		forever()
	case ModeExitAtStart:
		fmt.Fprintln(stderr, "fake adapter: cannot load its keys")
		return 7
	case ModeGarbageHello:
		line("Listening on port 8080")
	case ModeBadHello:
		line(`{"hello": {"protocol": "pqhs-adapter/0", "name": "old", "profiles": ["strict"], "operations": []}}`)
	case ModeCrashThenDead:
		if _, err := os.Stat(state); err == nil {
			fmt.Fprintln(stderr, "fake adapter: state file present; refusing to start")
			return 3
		}
	case ModeStderrFlood:
		chunk := strings.Repeat("x", 1023) + "\n"
		for range 200 {
			io.WriteString(stderr, chunk)
		}
	}
	if mode != ModeGarbageHello && mode != ModeBadHello {
		send(map[string]any{"hello": Info()})
	}

	r := bufio.NewReader(stdin)
	for n := 1; ; n++ {
		in, err := r.ReadBytes('\n')
		if err != nil {
			return 0 // the end of the input
		}
		var req struct {
			ID      uint64          `json:"id"`
			Op      string          `json:"op"`
			Profile vectors.Profile `json:"profile"`
			Inputs  vectors.Values  `json:"inputs"`
		}
		if err := json.Unmarshal(in, &req); err != nil {
			fmt.Fprintln(stderr, "fake adapter: bad request:", err)
			return 1
		}
		if n == at {
			switch mode {
			case ModeCrash, ModeStderrFlood:
				return crash()
			case ModeCrashThenDead:
				os.WriteFile(state, []byte("dead"), 0o600)
				return crash()
			case ModeHang:
				w.WriteString(`{"id": ` + strconv.FormatUint(req.ID, 10) + `, "outp`)
				w.Flush()
				forever()
			case ModeGarbage:
				line("\x00\xffnot json\x1b[31m")
				continue
			case ModeHalfLine:
				w.WriteString(`{"id": ` + strconv.FormatUint(req.ID, 10) + `, "outp`)
				w.Flush()
				return 0
			case ModeWrongID:
				send(map[string]any{"id": req.ID + 1000, "outputs": map[string]any{}})
				continue
			case ModeTwoForms:
				send(map[string]any{"id": req.ID, "outputs": map[string]any{}, "error": "both"})
				continue
			case ModeUnknownCategory:
				send(map[string]any{"id": req.ID, "reject": map[string]any{"category": "weird_category", "message": "no idea"}})
				continue
			case ModeLongLine:
				w.WriteString(`{"id": 1, "error": "`)
				w.WriteString(strings.Repeat("a", 17<<20))
				line(`"}`)
				continue
			}
		}
		rep := Reply(conformance.Request{Op: req.Op, Profile: req.Profile, Inputs: req.Inputs})
		msg := map[string]any{"id": req.ID}
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
}

// NoRaceExitSleep spares a child test binary built with -race the race
// runtime's one-second sleep at exit.
const NoRaceExitSleep = "GORACE=atexit_sleep_ms=0"

// OneProc starts a child test binary with one P: a fake or hostile adapter
// has nothing to run in parallel, and the runtime then starts in three
// quarters of the CPU time (12 ms rather than 16 on the 2-core machine of
// issue 15), which the hundreds of such children of a test run add up.
const OneProc = "GOMAXPROCS=1"

// Env returns the environment that makes a re-executed test binary the fake
// adapter in mode, misbehaving at request at.
func Env(mode string, at int, state string) []string {
	env := append(os.Environ(), EnvMode+"="+mode, EnvAt+"="+strconv.Itoa(at), NoRaceExitSleep, OneProc)
	if state != "" {
		env = append(env, EnvState+"="+state)
	}
	return env
}
