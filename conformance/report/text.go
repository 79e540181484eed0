package report

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// TextOptions tune the terminal summary.
type TextOptions struct {
	// Verbose adds each failure's inputs and outputs in full, the whole
	// stderr tail of faults, and the list of skipped tests.
	Verbose bool
	// MaxDetails bounds the failures shown in detail (default 50); the rest
	// are listed one per line.
	MaxDetails int
}

// Text writes the terminal summary: the per-family counts, then every
// result that fails the run (and expected failures, unexpected passes and
// warnings) with what was expected, what came and why.
func Text(w io.Writer, rep *conformance.Report, opt TextOptions) error {
	if opt.MaxDetails <= 0 {
		opt.MaxDetails = 50
	}
	bw := bufio.NewWriter(w)
	tot := rep.Totals()
	a := rep.Adapter
	name := a.Name
	if name == "" {
		name = "(no hello)"
	}
	fmt.Fprintf(bw, "pqhs conformance: %s %s, profile %s", name, a.Version, rep.Profile)
	if rep.LooseErrors {
		fmt.Fprint(bw, ", loose errors")
	}
	fmt.Fprintf(bw, ": %d tests in %v", tot.Total, rep.Duration.Round(1e6))
	if s := rep.Duration.Seconds(); s > 0 && tot.Total > 0 {
		fmt.Fprintf(bw, " (%.0f/s)", float64(tot.Total)/s)
	}
	fmt.Fprintln(bw)

	fams := rep.Families()
	width := len("total")
	for _, c := range fams {
		width = max(width, utf8.RuneCountInString(c.Family))
	}
	xfail, warned := tot.ExpectedFail > 0, tot.Warned > 0
	row := func(name string, c conformance.Counts) {
		fmt.Fprintf(bw, "%-*s %6d %6d %6d", width, name, c.Total, c.Pass, c.Fail)
		if xfail {
			fmt.Fprintf(bw, " %6d", c.ExpectedFail)
		}
		fmt.Fprintf(bw, " %6d %6d", c.Skip, c.Error)
		if warned {
			fmt.Fprintf(bw, " %6d", c.Warned)
		}
		fmt.Fprintln(bw)
	}
	if len(fams) > 0 {
		fmt.Fprintf(bw, "\n%-*s %6s %6s %6s", width, "family", "tests", "pass", "fail")
		if xfail {
			fmt.Fprintf(bw, " %6s", "xfail")
		}
		fmt.Fprintf(bw, " %6s %6s", "skip", "error")
		if warned {
			fmt.Fprintf(bw, " %6s", "warned")
		}
		fmt.Fprintln(bw)
		for _, c := range fams {
			row(c.Family, c)
		}
		row("total", tot)
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, wmsg := range rep.Warnings {
			fmt.Fprintln(bw, "warning:", clean(wmsg))
		}
	}

	var detail, brief []*conformance.Result
	notRun, notRunMsg := 0, ""
	for r := range rep.All() {
		if !detailed(r) {
			continue
		}
		if r.Verdict == conformance.Error && r.Fault != nil && r.Fault.Kind == conformance.FaultInterrupted && strings.HasPrefix(r.Message, "not run: ") {
			// An interrupt leaves many; one line says it of them all.
			notRun++
			notRunMsg = r.Message
			continue
		}
		if r.Verdict == conformance.Skip {
			if opt.Verbose {
				brief = append(brief, r)
			}
			continue
		}
		if len(detail) < opt.MaxDetails {
			detail = append(detail, r)
		} else {
			brief = append(brief, r)
		}
	}
	for _, r := range detail {
		fmt.Fprintln(bw)
		for _, line := range describe(rep, r, opt.Verbose) {
			fmt.Fprintln(bw, line)
		}
	}
	if len(brief) > 0 {
		fmt.Fprintln(bw)
		for _, r := range brief {
			fmt.Fprintf(bw, "%s %s: %s\n", label(r), title(r.Case), clean(oneLine(r)))
		}
	}
	if notRun > 0 {
		fmt.Fprintf(bw, "\nERROR %d test%s %s\n", notRun, plural(notRun), clean(notRunMsg))
	}
	fmt.Fprintln(bw)
	if rep.Interrupted {
		fmt.Fprintln(bw, "INTERRUPTED: the run was cancelled before every test ran; those left are errors.")
	}
	if rep.OK() {
		fmt.Fprintf(bw, "PASS: %d passed", tot.Pass)
		if tot.ExpectedFail > 0 {
			fmt.Fprintf(bw, ", %d expected failure%s", tot.ExpectedFail, plural(tot.ExpectedFail))
		}
		if tot.Skip > 0 {
			fmt.Fprintf(bw, ", %d skipped", tot.Skip)
		}
		fmt.Fprintln(bw)
	} else {
		fmt.Fprintf(bw, "FAIL: %d failed, %d errors, %d unexpectedly passed", tot.Fail, tot.Error, tot.UnexpectedPass)
		if tot.Unimplemented > 0 {
			fmt.Fprintf(bw, ", %d not implemented by the adapter", tot.Unimplemented)
		}
		fmt.Fprintf(bw, " (of %d tests)\n", tot.Total)
		if tot.Unimplemented > 0 || rep.NothingJudged() {
			if rep.NothingJudged() {
				fmt.Fprint(bw, "Nothing was judged: no test passed or failed. ")
			}
			fmt.Fprintln(bw, "-allow-unimplemented (or an expected-failures entry with expect \"skip\") accepts tests the adapter does not implement.")
		}
	}
	return bw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// title is "family#tcId comment [flags]".
func title(c *conformance.Case) string {
	s := c.Name()
	if c.Comment != "" {
		s += " " + c.Comment
	}
	if len(c.Flags) > 0 {
		s += " [" + strings.Join(c.Flags, ", ") + "]"
	}
	return clean(s)
}

func oneLine(r *conformance.Result) string {
	msg := r.Message
	if r.Warning != "" {
		msg = r.Warning
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

// describe explains a result in lines: what was required, what came, why it
// is wrong, the rule, and (verbose) the inputs.
func describe(rep *conformance.Report, r *conformance.Result, verbose bool) []string {
	c := r.Case
	lines := []string{label(r) + " " + title(c)}
	add := func(k, v string) { lines = append(lines, fmt.Sprintf("    %-9s %s", k+":", v)) }
	if c.Check == nil && c.Result != "" {
		add("expected", fmt.Sprintf("%s (%s test, %s profile)", c.Expected(rep.Profile), article(string(c.Result)), rep.Profile))
	}
	if r.Reply != nil {
		add("got", clean(replyText(r.Reply, verbose)))
	}
	if r.Message != "" {
		add("why", clean(r.Message))
	}
	if r.Warning != "" {
		add("warning", clean(r.Warning))
	}
	for _, m := range r.Mismatches {
		add("field", clean(mismatchText(m, verbose)))
	}
	for _, f := range c.Flags {
		if n, ok := c.Notes[f]; ok {
			text := f + ": " + n.Description
			if n.Effect != "" {
				text += " " + n.Effect
			}
			add("rule", clean(text))
		}
	}
	details := r.Details
	if !verbose && len(details) > 20 {
		details = append(details[:20:20], fmt.Sprintf("… %d more lines (-v shows them)", len(r.Details)-20))
	}
	for _, d := range details {
		add("detail", clean(d))
	}
	if r.ExpectReason != "" {
		add("reason", clean(r.ExpectReason)+" (the expected-failures file)")
	}
	if f := r.Fault; f != nil {
		if f.Seen != "" {
			add("seen", clean(f.Seen))
		}
		if f.Stderr != "" {
			st := clean(f.Stderr)
			if !verbose {
				st = tailLines(st, 10)
			}
			lines = append(lines, "    stderr:")
			for _, l := range strings.Split(strings.TrimRight(st, "\n"), "\n") {
				lines = append(lines, "      | "+l)
			}
		}
	}
	if verbose && c.Check == nil {
		for _, k := range sortedKeys(c.Inputs) {
			add("input", k+" = "+clean(valueText(c.Inputs[k])))
		}
		// An acceptable test's outputs are the deployed profile's: under
		// strict the test must be rejected, and nothing is expected.
		label := "output"
		if c.Result == vectors.Acceptable && rep.Profile == vectors.Strict {
			label = "deployed"
		}
		for _, k := range sortedKeys(c.Outputs) {
			add(label, k+" = "+clean(valueText(c.Outputs[k])))
		}
	}
	return lines
}

// article puts "a" or "an" before a word.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// replyText describes an adapter's answer.
func replyText(r *conformance.Reply, verbose bool) string {
	switch r.Kind {
	case conformance.KindOutputs:
		var parts []string
		for _, k := range sortedKeys(r.Outputs) {
			parts = append(parts, k+"="+short(valueText(r.Outputs[k]), verbose))
		}
		return "accepted, outputs {" + strings.Join(parts, ", ") + "}"
	case conformance.KindReject:
		s := "rejected with " + string(r.Category)
		if r.Message != "" {
			s += " (" + short(r.Message, verbose) + ")"
		}
		return s
	case conformance.KindUnsupported:
		return "unsupported: " + r.Message
	case conformance.KindError:
		return "error: " + short(r.Message, verbose)
	}
	return r.Kind.String()
}

// mismatchText describes one differing output, with the first differing
// byte for hex values.
func mismatchText(m vectors.Mismatch, verbose bool) string {
	want := valueText(m.Expected)
	if m.Actual == nil {
		return fmt.Sprintf("%s missing; want %s", m.Field, short(want, verbose))
	}
	got := valueText(m.Actual)
	s := fmt.Sprintf("%s = %s; want %s", m.Field, short(got, verbose), short(want, verbose))
	if d := hexDiff(m.Expected, m.Actual); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// hexDiff locates the first difference of two hex values.
func hexDiff(want, got json.RawMessage) string {
	var ws, gs string
	if json.Unmarshal(want, &ws) != nil || json.Unmarshal(got, &gs) != nil {
		return ""
	}
	w, err1 := hex.DecodeString(ws)
	g, err2 := hex.DecodeString(gs)
	if err1 != nil || err2 != nil {
		return ""
	}
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	if len(w) != len(g) {
		return fmt.Sprintf("%d bytes, want %d; first difference at byte %d", len(g), len(w), i)
	}
	return fmt.Sprintf("first difference at byte %d of %d", i, len(w))
}

func short(s string, verbose bool) string {
	n := 96
	if verbose || len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:n], len(s))
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// clean replaces control characters (other than tab and newline) and
// invalid UTF-8, so that adapter-provided text cannot drive a terminal or
// break XML.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r == 0xfffe || r == 0xffff:
			b.WriteRune('\uFFFD')
		case (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r) // bidirectional controls and other invisible format characters
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
