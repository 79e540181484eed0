package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pqhs/pqhs/conformance"
)

// progress prints, for long runs, a line every few seconds with the number
// of tests done, the rate and the unexpected results so far; with -v, one
// line per result instead. It is quiet when standard error is not a
// terminal, unless forced.
type progress struct {
	w          io.Writer
	on         bool
	tty        bool
	verbose    bool
	start      time.Time
	last       time.Time
	unexpected int
	drawn      bool
}

const progressEvery = 2 * time.Second

func newProgress(w io.Writer, force, verbose bool) *progress {
	tty := isTerminal(w)
	return &progress{w: w, on: force || tty, tty: tty, verbose: verbose, start: time.Now(), last: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// result is the runner's OnResult callback; calls are serialised.
func (p *progress) result(done, total int, r *conformance.Result) {
	if r.Unexpected {
		p.unexpected++
	}
	if p.verbose {
		tag := strings.ToUpper(string(r.Verdict))
		if r.Unexpected {
			tag += "!"
		}
		msg := r.Message
		if r.Warning != "" {
			msg = "warning: " + r.Warning
		}
		fmt.Fprintf(p.w, "%-6s %s %s", tag, r.Case.Name(), r.Case.Comment)
		if msg != "" {
			fmt.Fprintf(p.w, ": %s", strings.ReplaceAll(msg, "\n", " "))
		}
		fmt.Fprintln(p.w)
		return
	}
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < progressEvery && done != total {
		return
	}
	if now.Sub(p.start) < progressEvery {
		return // short runs print nothing
	}
	p.last = now
	rate := float64(done) / now.Sub(p.start).Seconds()
	line := fmt.Sprintf("conformance: %d/%d tests (%.0f%%), %.0f/s, %d unexpected", done, total, 100*float64(done)/float64(total), rate, p.unexpected)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.drawn = true
	} else {
		fmt.Fprintln(p.w, line)
	}
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
