package difffuzz

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// ReportFormat names the JSON report's format.
const ReportFormat = "pqhs-difffuzz-report/1"

// OK reports whether the campaign found nothing.
func (r *Result) OK() bool { return len(r.Findings) == 0 }

// WriteText writes the campaign's report for people: the figures, then
// every finding with its minimal inputs, both answers, the command that
// replays it and its vector case.
func WriteText(w io.Writer, r *Result) error {
	var b strings.Builder
	s := r.Stats
	rate := float64(s.Execs) / max(s.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(&b, "difffuzz: %s %s (%s profile), %d families, %s: %d cases (%.0f/s), %d discarded, %d unsupported, %d behaviours, %d inputs kept, seed %d\n",
		printable(r.Adapter.Name), printable(r.Adapter.Version), r.Profile, len(r.Families), s.Elapsed.Round(time.Millisecond), s.Execs, rate, s.Discarded, s.Unsupported, s.Behaviours, s.Corpus, r.Seed)
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for i, f := range r.Findings {
		known := ""
		if f.Known {
			known = " (known: in the corpus directory already)"
		}
		fmt.Fprintf(&b, "\nFINDING %d: %s%s\n", i+1, f.Signature, known)
		fmt.Fprintf(&b, "  first seen after %s and %d cases, seen %d times; made from %s\n", f.FoundAfter.Round(time.Millisecond), f.FoundAtExec, f.Count, clip(f.Origin, 300))
		fmt.Fprintf(&b, "  %s\n", clip(printable(f.Message), 400))
		fmt.Fprintf(&b, "  inputs (minimised):\n")
		for _, name := range slices.Sorted(mapsKeys(f.Inputs)) {
			fmt.Fprintf(&b, "    %s: %s\n", name, clip(string(f.Inputs[name]), 200))
		}
		fmt.Fprintf(&b, "  reference: %s\n", f.Expected.line())
		fmt.Fprintf(&b, "  adapter:   %s\n", f.Actual.line())
		for _, m := range f.Mismatches {
			fmt.Fprintf(&b, "    %s\n", clip(printable(m.String()), 300))
		}
		if f.Reproduce != "" {
			fmt.Fprintf(&b, "  reproduce: %s\n", f.Reproduce)
		}
		if f.CaseNote != "" {
			fmt.Fprintf(&b, "  vector case (%s):\n", f.CaseNote)
		} else {
			fmt.Fprintf(&b, "  vector case:\n")
		}
		js, _ := json.Marshal(f.Case)
		fmt.Fprintf(&b, "    %s\n", clip(string(js), 2000))
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(&b, "PASS: no finding\n")
	} else {
		fmt.Fprintf(&b, "\nFAIL: %d findings\n", len(r.Findings))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (a Answer) line() string {
	switch a.Kind {
	case "outputs":
		var parts []string
		for _, n := range slices.Sorted(mapsKeys(a.Outputs)) {
			parts = append(parts, n+"="+clip(string(a.Outputs[n]), 80))
		}
		return "accept: " + strings.Join(parts, " ")
	case "reject":
		return "reject with " + printable(a.Category) + ": " + clip(printable(a.Message), 200)
	}
	return a.Kind + " " + printable(a.Category) + ": " + clip(printable(a.Message), 400)
}

func mapsKeys(v vectors.Values) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range v {
			if !yield(k) {
				return
			}
		}
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// printable makes an adapter's text safe for a terminal: one line, no
// control characters.
func printable(s string) string { return subprocess.Printable([]byte(s), 4096, false) }

// WriteJSON writes the campaign as JSON (format pqhs-difffuzz-report/1):
// the adapter, the profile, the families, the figures and every finding as
// Finding marshals it.
func WriteJSON(w io.Writer, r *Result) error {
	doc := struct {
		Format    string           `json:"format"`
		Adapter   conformance.Info `json:"adapter"`
		Profile   vectors.Profile  `json:"profile"`
		Families  []string         `json:"families"`
		Seed      uint64           `json:"seed"`
		Started   time.Time        `json:"started"`
		Seconds   float64          `json:"durationSeconds"`
		Stats     Stats            `json:"stats"`
		PerFamily map[string]int64 `json:"casesPerFamily"`
		Warnings  []string         `json:"warnings,omitempty"`
		Findings  []*Finding       `json:"findings"`
		OK        bool             `json:"ok"`
	}{ReportFormat, r.Adapter, r.Profile, r.Families, r.Seed, r.Started, r.Stats.Elapsed.Seconds(), r.Stats, r.PerFamily, r.Warnings, r.Findings, r.OK()}
	if doc.Findings == nil {
		doc.Findings = []*Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// Report returns the campaign as a conformance report, for the runner's
// JUnit and HTML writers: one failed (or errored) result per finding, with
// its vector case, and one passed result per family fuzzed without one.
func (r *Result) Report() *conformance.Report {
	rep := &conformance.Report{Adapter: r.Adapter, Profile: r.Profile, Started: r.Started, Duration: r.Stats.Elapsed, Warnings: r.Warnings}
	with := map[string]bool{}
	for _, f := range r.Findings {
		with[f.Family] = true
		fam, ok := vectors.Lookup(f.Family)
		if !ok {
			fam = &vectors.Family{Name: f.Family}
		}
		c := &conformance.Case{Family: fam, TcID: f.TcID, Comment: f.Signature, Flags: f.Case.Flags,
			Inputs: f.Inputs, Result: f.Case.Result, Error: f.Case.Error, DeployedError: f.Case.DeployedError, Outputs: f.Case.Outputs}
		v := conformance.Fail
		if f.Actual.Kind == "fault" || f.Actual.Kind == "error" || f.Expected.Kind == "panic" {
			v = conformance.Error
		}
		o := conformance.Outcome{Verdict: v, Message: f.Message, Mismatches: f.Mismatches,
			Details: []string{"made from " + f.Origin, "reproduce: " + f.Reproduce}}
		if f.Actual.Kind == "outputs" {
			o.Reply = &conformance.Reply{Kind: conformance.KindOutputs, Outputs: f.Actual.Outputs}
		} else if f.Actual.Kind == "reject" {
			o.Reply = &conformance.Reply{Kind: conformance.KindReject, Category: category.Category(f.Actual.Category), Message: f.Actual.Message}
		}
		rep.Results = append(rep.Results, conformance.Result{Case: c, Outcome: o, Expected: conformance.Pass, Unexpected: true})
	}
	for _, name := range r.Families {
		if with[name] {
			continue
		}
		fam, _ := vectors.Lookup(name)
		c := &conformance.Case{Family: fam, Comment: fmt.Sprintf("differential fuzzing: %d cases, no finding", r.PerFamily[name])}
		rep.Results = append(rep.Results, conformance.Result{Case: c, Outcome: conformance.Outcome{Verdict: conformance.Pass}, Expected: conformance.Pass})
	}
	slices.SortStableFunc(rep.Results, func(a, b conformance.Result) int {
		return cmp.Or(cmp.Compare(a.Case.Family.Name, b.Case.Family.Name), cmp.Compare(a.Case.TcID, b.Case.TcID))
	})
	return rep
}
