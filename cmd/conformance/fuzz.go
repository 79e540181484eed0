package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/difffuzz"
	"github.com/pqhs/pqhs/conformance/mutants"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

// fuzzOptions are the flags of differential fuzzing (package
// conformance/difffuzz): -fuzz DURATION searches for inputs on which the
// adapter and the reference disagree.
type fuzzOptions struct {
	duration time.Duration
	corpus   string
	execs    int64
	seed     uint64
	inFlight int
	stop     int
	mutants  bool
}

func (f *fuzzOptions) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.duration, "fuzz", 0, "differential fuzzing: for this long (or until Ctrl-C), generate and mutate inputs of the selected families, judge the adapter's answers against the reference's, and report every disagreement, minimised, with a vector case and a command that replays it (conformance/difffuzz)")
	fs.StringVar(&f.corpus, "corpus", "pqhs-difffuzz", "with -fuzz: the directory that keeps the interesting inputs and the findings between campaigns (resumable, shareable; findings/ replays with -vectors)")
	fs.Int64Var(&f.execs, "fuzz-execs", 0, "with -fuzz: stop after this many generated cases (0: no bound)")
	fs.Uint64Var(&f.seed, "fuzz-seed", 0, "with -fuzz: the campaign's seed (default: drawn and printed)")
	fs.IntVar(&f.inFlight, "fuzz-inflight", 8, "with -fuzz: requests in flight per adapter instance: an adapter that announces pipelining (spec/adapter.md, pipeline/1) gets them together, up to its window; another answers them one at a time while the runner prepares the next cases")
	fs.IntVar(&f.stop, "fuzz-stop", 0, "with -fuzz: end the campaign after this many distinct findings (0: run for the whole duration)")
	fs.BoolVar(&f.mutants, "fuzz-mutants", false, "with -fuzz D: fuzz every deliberately wrong implementation of conformance/mutants (those changing a selected family) for at most D each, and print how long each took to be found")
}

func (f *fuzzOptions) on() bool { return f.duration != 0 || f.mutants }

// runFuzz runs a differential fuzzing campaign against the adapter (or
// the built-in reference or mutant) and reports its findings.
func runFuzz(o *options, stdout, stderr io.Writer) (int, error) {
	f := &o.fuzz
	if f.duration < 0 {
		return 2, errors.New("-fuzz: want a positive duration")
	}
	sel, err := selection(o)
	if err != nil {
		return 2, err
	}
	var profile vectors.Profile
	switch o.profile {
	case "", "strict", "deployed":
		profile = vectors.Profile(o.profile)
	default:
		return 2, fmt.Errorf("-profile %q: want strict or deployed", o.profile)
	}
	files, _, err := loadVectors(o.vectorsDir)
	if err != nil {
		return 2, err
	}
	cases := conformance.Cases(files)
	var fams []*vectors.Family
	for _, fam := range vectors.Families() {
		if sel.Match(&conformance.Case{Family: fam}) {
			fams = append(fams, fam)
		}
	}
	if len(fams) == 0 {
		return 2, errors.New("-fuzz: no family selected")
	}
	if f.seed == 0 {
		f.seed = mrand.Uint64()
	}
	if f.mutants {
		// The vectors that earlier campaigns found (flag DiffFuzz) are left
		// out, so that the mutants they catch must be found again.
		return fuzzMutants(o, fams, slices.DeleteFunc(cases, func(c conformance.Case) bool { return slices.Contains(c.Flags, "DiffFuzz") }), stdout, stderr)
	}

	var open conformance.Opener
	instances := o.parallel
	repro := ""
	if o.adapter == "" {
		a, err := o.live.builtin()
		if err != nil {
			return 2, err
		}
		open = conformance.Shared(a)
		if o.live.mutant != "" {
			repro = "-mutant " + o.live.mutant
		}
	} else {
		cfg := subprocess.Config{Command: subprocess.Shell(o.adapter), StartTimeout: o.startTimeout, RequestTimeout: o.timeout}
		open = func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }
		repro = "-adapter " + shellQuote(o.adapter)
	}
	if instances <= 0 {
		instances = 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stderr, "conformance: differential fuzzing of %d families for %s, seed %d, corpus %s (Ctrl-C ends it with the report)\n", len(fams), f.duration, f.seed, f.corpus)
	prog := newProgress(stderr, o.progress, false)
	res, err := difffuzz.Run(ctx, open, difffuzz.Options{
		Profile: profile, Families: fams, Cases: cases, Corpus: f.corpus, Duration: f.duration, Execs: f.execs,
		Instances: instances, InFlight: f.inFlight, Timeout: o.timeout, Seed: f.seed, LooseErrors: o.loose, StopAfter: f.stop,
		Progress: prog.fuzz, Reproduce: repro,
	})
	prog.finish()
	if err != nil {
		return 2, err
	}
	summary := stdout
	for _, out := range []string{o.jsonOut, o.junitOut, o.htmlOut} {
		if out == "-" {
			summary = stderr
		}
	}
	var errs []error
	if o.jsonOut != "" {
		errs = append(errs, writeOut(o.jsonOut, stdout, func(w io.Writer) error { return difffuzz.WriteJSON(w, res) }))
	}
	for _, w := range []struct {
		name  string
		write func(io.Writer, *conformance.Report) error
	}{{o.junitOut, report.JUnit}, {o.htmlOut, report.HTML}} {
		if w.name != "" {
			errs = append(errs, writeReport(w.name, stdout, res.Report(), w.write))
		}
	}
	errs = append(errs, difffuzz.WriteText(summary, res))
	if err := errors.Join(errs...); err != nil {
		return 2, err
	}
	if !res.OK() {
		return 1, nil
	}
	return 0, nil
}

func writeOut(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" {
		return write(stdout)
	}
	fh, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return fh.Close()
}

// fuzz is the progress line of a campaign.
func (p *progress) fuzz(s difffuzz.Stats) {
	if !p.on {
		return
	}
	line := fmt.Sprintf("difffuzz: %s, %d cases (%.0f/s), %d findings, %d behaviours, %d inputs kept",
		s.Elapsed.Round(time.Second), s.Execs, float64(s.Execs)/max(s.Elapsed.Seconds(), 1e-9), s.Findings, s.Behaviours, s.Corpus)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.drawn = true
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// fuzzMutants fuzzes every mutant that changes a selected family, on its
// own families, until its first finding or the duration, and prints the
// time and the cases each took.
func fuzzMutants(o *options, fams []*vectors.Family, cases []conformance.Case, stdout, stderr io.Writer) (int, error) {
	limit := o.fuzz.duration
	if limit <= 0 {
		limit = 60 * time.Second
	}
	selected := map[string]bool{}
	for _, f := range fams {
		selected[f.Name] = true
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "mutant\tprofile\tfound\tafter\tcases\tfinding\n")
	missed := 0
	for _, m := range mutants.All() {
		var mf []*vectors.Family
		for _, fam := range m.Families() {
			if selected[fam.Name] {
				mf = append(mf, fam)
			}
		}
		if len(mf) == 0 {
			continue
		}
		res, err := difffuzz.Run(ctx, conformance.Shared(m.Adapter()), difffuzz.Options{
			Profile: m.Profile, Families: mf, Cases: cases, Duration: limit, StopAfter: 1, Seed: o.fuzz.seed,
			Instances: 1, InFlight: max(1, o.fuzz.inFlight), MinimizeExecs: 50,
		})
		if err != nil {
			return 2, fmt.Errorf("%s: %w", m.Name, err)
		}
		if len(res.Findings) == 0 {
			missed++
			fmt.Fprintf(tw, "%s\t%s\tNO\t%s\t%d\t\n", m.Name, m.Profile, res.Stats.Elapsed.Round(time.Millisecond), res.Stats.Execs)
		} else {
			f := res.Findings[0]
			fmt.Fprintf(tw, "%s\t%s\tyes\t%s\t%d\t%s\n", m.Name, m.Profile, f.FoundAfter.Round(time.Millisecond), f.FoundAtExec, f.Signature)
		}
		tw.Flush()
		if ctx.Err() != nil {
			break
		}
	}
	tw.Flush()
	fmt.Fprintf(stderr, "conformance: seed %d; %d mutants not found within %s\n", o.fuzz.seed, missed, limit)
	if missed > 0 {
		return 1, nil
	}
	return 0, nil
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
