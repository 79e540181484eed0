// Command conformance replays the pqhs test vectors against an
// implementation and reports what it gets wrong.
//
//	go run ./cmd/conformance                       the built-in reference, in process
//	go run ./cmd/conformance -adapter 'node a.mjs' a program speaking spec/adapter.md
//	go run ./cmd/conformance -serve                be that program, for the reference
//	go run ./cmd/conformance -live 20              live peer mode: 20 fresh sessions of every live check
//	go run ./cmd/conformance -mutants              which tests catch which deliberately wrong implementation
//
// Selection: -protocol, -family (globs; "ixian" names every Ixian family),
// -tc (3,7,10-20; with -family, since tcIds are numbered within a family),
// -flag, -result. -list alone lists the families and their number of tests,
// read from each file's header; with a selection of tests (-family, -flag,
// -result) it lists the tests. Expected failures: -expect FILE (see
// conformance.Expectations). Reports: a summary on standard output, and
// -json, -chromium-json, -junit, -html files ("-" is standard output; the
// summary then goes to standard error).
//
// Exit status: 0 when no result is unexpected, 1 when a test failed or
// errored unexpectedly (or an expected failure passed), 2 for a usage or
// configuration error, 130 when interrupted (SIGINT, SIGTERM) in any phase:
// the command then ends within about a second, after writing the reports
// of the selected tests, those not run as errors ("not run: interrupted").
// A second signal kills it.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/vectors"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is runContext, interrupted by SIGINT and SIGTERM.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// exitInterrupted is the exit status of a run that was interrupted, after
// its reports are written: as a shell reports a command killed by SIGINT.
const exitInterrupted = 130

type options struct {
	vectorsDir   string
	adapter      string
	serve        bool
	profile      string
	protocols    string
	families     string
	tcs          string
	flags        string
	results      string
	expect       string
	jsonOut      string
	chromiumOut  string
	junitOut     string
	htmlOut      string
	parallel     int
	timeout      time.Duration
	startTimeout time.Duration
	loose        bool
	allowUnimpl  bool
	list         bool
	verbose      bool
	progress     bool
	live         liveOptions
	fuzz         fuzzOptions
}

// runContext is the command: ctx, or SIGINT or SIGTERM, interrupts it (in
// every phase: loading, the adapter's start, the run), and it then ends
// within about a second with the reports of the tests it selected, those
// not run as errors.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: conformance [flags]

Replays the pqhs test vectors against the built-in reference, or against any
implementation behind an adapter program (-adapter 'CMD'; spec/adapter.md),
and reports every result. Exit status: 0 all as expected, 1 an unexpected
failure or error, 2 a usage or configuration error, 130 interrupted (the
reports are written, the tests not run are errors).

Porting to another language: spec/adapter.md (the adapter protocol, how to wrap
a library, the expected-failures file), spec/vectors.md (the vector files),
spec/rules.md (the rules the tests name), vectors/README.md (each family's
inputs and outputs).

`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.vectorsDir, "vectors", "", "directory of vector files (default: the vectors built into this binary)")
	fs.StringVar(&o.adapter, "adapter", "", "run this command as a subprocess adapter (spec/adapter.md) instead of the built-in reference; a plain command line runs directly, one with shell syntax with sh -c")
	fs.BoolVar(&o.serve, "serve", false, "be a subprocess adapter for the reference: speak spec/adapter.md on standard input and output")
	fs.StringVar(&o.profile, "profile", "", "validation profile to judge by: strict or deployed (default strict, or the adapter's only profile)")
	fs.StringVar(&o.protocols, "protocol", "", "only these protocols (comma-separated): ixian, verbeth")
	fs.StringVar(&o.families, "family", "", "only families matching these globs (comma-separated); a pattern also names the families below it")
	fs.StringVar(&o.tcs, "tc", "", "only these tcIds of the -family named, e.g. 3,7,10-20 (tcIds are numbered within a family; with -live, the session numbers of each check)")
	fs.StringVar(&o.flags, "flag", "", "only tests carrying one of these flags (comma-separated)")
	fs.StringVar(&o.results, "result", "", "only tests with these results (comma-separated): valid, invalid, acceptable")
	fs.StringVar(&o.expect, "expect", "", "expected-failures file (JSON, format pqhs-expectations/1; spec/adapter.md, Expected failures)")
	fs.StringVar(&o.jsonOut, "json", "", "write the detailed JSON report to this file")
	fs.StringVar(&o.chromiumOut, "chromium-json", "", "write Chromium JSON test results (version 3, as BoGo) to this file")
	fs.StringVar(&o.junitOut, "junit", "", "write JUnit XML to this file")
	fs.StringVar(&o.htmlOut, "html", "", "write a self-contained HTML report to this file")
	fs.IntVar(&o.parallel, "parallel", 0, "adapter instances used at once (default: the number of CPUs in process, 1 with -adapter)")
	fs.DurationVar(&o.timeout, "timeout", subprocess.DefaultRequestTimeout, "per-request timeout")
	fs.DurationVar(&o.startTimeout, "start-timeout", subprocess.DefaultStartTimeout, "how long a subprocess adapter has to say hello")
	fs.BoolVar(&o.loose, "loose-errors", false, "let a rejection with the wrong category pass, with a warning")
	fs.BoolVar(&o.allowUnimpl, "allow-unimplemented", false, "let tests the adapter does not implement be skipped without failing the run, and a run that judged nothing pass (as BoGo's flag)")
	fs.BoolVar(&o.list, "list", false, "list the families and their number of tests (read from the file headers only) and exit; with -family, -flag or -result, list the selected tests")
	fs.BoolVar(&o.verbose, "v", false, "print every result as it comes, and the inputs and outputs of failures")
	fs.BoolVar(&o.progress, "progress", false, "print progress to standard error even when it is not a terminal")
	o.live.register(fs)
	o.fuzz.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if o.serve {
		a, err := o.live.builtin()
		if err != nil {
			fmt.Fprintln(stderr, "conformance:", err)
			return 2
		}
		if err := subprocess.ServeAdapter(os.Stdin, os.Stdout, a); err != nil {
			fmt.Fprintln(stderr, "conformance -serve:", err)
			return 1
		}
		return 0
	}
	var (
		code int
		err  error
	)
	switch {
	case o.fuzz.on():
		code, err = runFuzz(&o, stdout, stderr)
	case o.live.mutants:
		code, err = runMutants(&o, stdout, stderr)
	default:
		code, err = replay(ctx, &o, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "conformance:", err)
	}
	return code
}

// replay runs the suite in phases: configure (selection, profile,
// expectations), load (the cases the selection needs), open (the
// adapter), run, report. Each phase's failure is a configuration error
// (exit 2) except the run's verdict (exit 1). An interrupt (ctx, SIGINT,
// SIGTERM) in any phase ends the run at once with the reports of what was
// selected so far, the tests not run as errors, and exit status 130; a
// second interrupt kills the command.
func replay(ctx context.Context, o *options, stdout, stderr io.Writer) (int, error) {
	cfg, err := configure(o)
	if err != nil {
		return 2, err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second signal is not caught
	src, warnings, err := load(ctx, o, cfg, stdout, stderr)
	switch {
	case err != nil:
		return 2, err
	case o.list:
		if ctx.Err() != nil {
			return exitInterrupted, nil
		}
		return 0, nil
	}
	open, parallel, err := opener(o)
	if err != nil {
		return 2, err
	}
	prog := newProgress(stderr, o.progress, o.verbose)
	onResult := prog.result
	if hook := resultHook; hook != nil {
		onResult = func(done, total int, r *conformance.Result) {
			prog.result(done, total, r)
			hook(done)
		}
	}
	rep, err := conformance.RunSource(ctx, open, src, conformance.Options{
		Profile:            cfg.profile,
		Parallel:           parallel,
		Timeout:            o.timeout,
		LooseErrors:        o.loose,
		AllowUnimplemented: o.allowUnimpl,
		Expect:             cfg.expect,
		OnResult:           onResult,
	})
	prog.finish()
	if err != nil {
		return 2, err
	}
	rep.Warnings = append(warnings, rep.Warnings...)
	if err := writeReports(o, rep, stdout, stderr); err != nil {
		return 2, err
	}
	switch {
	case rep.Interrupted || ctx.Err() != nil:
		return exitInterrupted, nil
	case !rep.OK():
		return 1, nil
	}
	return 0, nil
}

// resultHook, loadHook: for tests, called after each result, and before
// each vector file is read.
var (
	resultHook func(done int)
	loadHook   func(name string)
)

// runConfig is what the flags say about a replay, checked.
type runConfig struct {
	sel     conformance.Selection
	profile vectors.Profile
	expect  *conformance.Expectations
}

func configure(o *options) (*runConfig, error) {
	sel, err := selection(o)
	if err != nil {
		return nil, err
	}
	cfg := &runConfig{sel: sel}
	switch o.profile {
	case "", "strict", "deployed":
		cfg.profile = vectors.Profile(o.profile)
	default:
		return nil, fmt.Errorf("-profile %q: want strict or deployed", o.profile)
	}
	if o.expect != "" {
		if cfg.expect, err = conformance.LoadExpectations(o.expect); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// load returns the selected cases: the live sessions (-live, made as the
// run comes to them), or the tests of the vector files the selection
// needs. With -list it prints them instead and returns none. Interrupted
// while it reads the vector files, it returns the tests of the files read
// so far, and a warning that says so.
func load(ctx context.Context, o *options, cfg *runConfig, stdout, stderr io.Writer) (conformance.Source, []string, error) {
	var (
		all, src conformance.Source
		warnings []string
	)
	where := "live peer mode"
	if o.live.sessions != 0 {
		lcfg, err := liveConfig(&o.live, stderr)
		if err != nil {
			return nil, nil, err
		}
		all, src = live.Source(lcfg, &conformance.Selection{}), live.Source(lcfg, &cfg.sel)
	} else {
		if o.list && o.families == "" && o.tcs == "" && o.flags == "" && o.results == "" {
			return nil, nil, listFamilies(o.vectorsDir, &cfg.sel, stdout, stderr)
		}
		if o.tcs != "" && o.families == "" {
			// As in Wycheproof and BoGo, an id means a test only within
			// its file: -tc 3 alone would be a different test in each of
			// the 56 families (and would read every file).
			return nil, nil, fmt.Errorf("-tc %s: tcIds are numbered within a family; name it with -family (conformance -list lists the families)", o.tcs)
		}
		// Only the files of the selected families are read; must-run
		// entries are checked against the whole suite.
		want := cfg.sel.MatchFamily
		if cfg.expect != nil && len(cfg.expect.MustRun) > 0 {
			want = nil
		}
		files, where, left, err := loadInterruptible(ctx, o.vectorsDir, want)
		if err != nil {
			return nil, nil, err
		}
		if left > 0 {
			warnings = append(warnings, fmt.Sprintf("interrupted while loading the vectors: %d file(s) of %s not read; their tests are not in this report", left, where))
		}
		cases := conformance.Cases(files)
		all, src = conformance.Slice(cases), conformance.Slice(conformance.Select(cases, cfg.sel))
	}
	if ctx.Err() == nil {
		if err := cfg.expect.CheckMustRunIn(all, nil); err != nil {
			return nil, nil, err
		}
	}
	if o.list {
		for i := 0; i < src.Len() && ctx.Err() == nil; i++ {
			c := src.Case(i)
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\n", c.Name(), c.Result, c.Error, strings.Join(c.Flags, ","), c.Comment)
		}
		fmt.Fprintf(stderr, "%d of %d tests selected (vectors from %s)\n", src.Len(), all.Len(), where)
		return nil, nil, nil
	}
	if src.Len() == 0 && ctx.Err() == nil {
		return nil, nil, fmt.Errorf("no test matches the selection (vectors from %s)", where)
	}
	return src, warnings, nil
}

// opener returns how to open the adapter (the built-in one in process, or
// -adapter's program) and the number of instances to use at once.
func opener(o *options) (conformance.Opener, int, error) {
	parallel := o.parallel
	if parallel > conformance.MaxParallel {
		return nil, 0, fmt.Errorf("-parallel %d: at most %d", parallel, conformance.MaxParallel)
	}
	if o.adapter == "" {
		a, err := o.live.builtin()
		if err != nil {
			return nil, 0, err
		}
		if parallel <= 0 {
			parallel = runtime.NumCPU()
		}
		return conformance.Shared(a), parallel, nil
	}
	cfg := subprocess.Config{
		Command:        subprocess.CommandLine(o.adapter),
		StartTimeout:   o.startTimeout,
		RequestTimeout: o.timeout,
	}
	if parallel <= 0 {
		parallel = 1
	}
	return func() (conformance.Adapter, error) { return subprocess.New(cfg), nil }, parallel, nil
}

// writeReports writes the report files asked for and the summary (on
// standard error when a report goes to standard output).
func writeReports(o *options, rep *conformance.Report, stdout, stderr io.Writer) error {
	summary := stdout
	for _, out := range []string{o.jsonOut, o.chromiumOut, o.junitOut, o.htmlOut} {
		if out == "-" {
			summary = stderr
		}
	}
	var errs []error
	for _, w := range []struct {
		name  string
		write func(io.Writer, *conformance.Report) error
	}{
		{o.jsonOut, report.JSON},
		{o.chromiumOut, report.Chromium},
		{o.junitOut, report.JUnit},
		{o.htmlOut, report.HTML},
	} {
		if w.name == "" {
			continue
		}
		if err := writeReport(w.name, stdout, rep, w.write); err != nil {
			errs = append(errs, err)
		}
	}
	if err := report.Text(summary, rep, report.TextOptions{Verbose: o.verbose}); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func writeReport(name string, stdout io.Writer, rep *conformance.Report, write func(io.Writer, *conformance.Report) error) error {
	out := stdout
	var f *os.File
	if name != "-" {
		var err error
		if f, err = os.Create(name); err != nil {
			return err
		}
		out = f
	}
	// The writers (html/template above all) write in small pieces: a
	// system call for each would cost more than the report itself.
	bw := bufio.NewWriterSize(out, 64<<10)
	err := write(bw, rep)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil && name != "-" {
		return fmt.Errorf("%s: %w", name, err)
	}
	return err
}

func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func selection(o *options) (conformance.Selection, error) {
	sel := conformance.Selection{
		Protocols: splitList(o.protocols),
		Families:  splitList(o.families),
		Flags:     splitList(o.flags),
	}
	for _, p := range sel.Families {
		if err := conformance.ValidPattern(p); err != nil {
			return sel, err
		}
	}
	for _, r := range splitList(o.results) {
		switch vectors.Result(r) {
		case vectors.Valid, vectors.Invalid, vectors.Acceptable:
			sel.Results = append(sel.Results, vectors.Result(r))
		default:
			return sel, fmt.Errorf("-result %q: want valid, invalid or acceptable", r)
		}
	}
	if o.tcs != "" {
		ids, err := conformance.ParseIDs(o.tcs)
		if err != nil {
			return sel, err
		}
		sel.TcIDs = ids
	}
	return sel, nil
}
