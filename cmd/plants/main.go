// Command plants runs pqhs's planted-bug benchmark (table.go): for each
// plant, it builds the plant's fuzz target with the bug applied to a
// temporary copy of its file, fuzzes it for -time with one worker, and
// prints whether the target found the bug and how long it took, with the
// machine's load. By default the fuzzer starts from the handwritten seeds
// and regression inputs only, without the vectors' inputs, so every trigger
// the vectors hold must be found again; -vectors starts from the whole
// corpus. It exits 1 if a plant was not found.
//
//	go run ./cmd/plants -time 60s
//	go run ./cmd/plants -time 60s -run 'state-'
//	go run ./cmd/plants -replay              # which plants the corpus replay finds
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"time"

	"github.com/pqhs/pqhs/internal/modroot"
)

func main() {
	d := flag.Duration("time", 60*time.Second, "fuzzing time per plant")
	run := flag.String("run", "", "only the plants whose name matches")
	replay := flag.Bool("replay", false, "only replay each plant's whole corpus (go test, the vectors' inputs included) and print whether the replay finds it: whether the plant is seeded")
	vectors := flag.Bool("vectors", false, "start from the whole committed corpus, the vectors' inputs included (default: only the handwritten seeds and regression inputs, so that the fuzzer must find the trigger)")
	flag.Parse()
	root, err := modroot.Find()
	if err != nil {
		fmt.Fprintln(os.Stderr, "plants:", err)
		os.Exit(2)
	}
	re := regexp.MustCompile(*run)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *replay {
		os.Exit(replayAll(ctx, root, re))
	}
	fmt.Printf("%-28s %-6s %-24s %-22s %-6s %-9s %8s %9s  %s\n", "plant", "kind", "layer", "target", "seeded", "found", "time", "execs", "load (1 min, start-end)")
	missed := 0
	for _, p := range All {
		if !re.MatchString(p.Name) || ctx.Err() != nil {
			continue
		}
		seeds := Handwritten
		if *vectors {
			seeds = AllSeeds
		}
		r := p.Fuzz(ctx, root, *d, seeds)
		found := "found"
		switch {
		case r.Err != nil:
			found = "ERROR"
			fmt.Fprintln(os.Stderr, r.Err)
		case !r.Found:
			found = "NOT FOUND"
		}
		if !r.Found {
			missed++
		}
		seeded := "no"
		if p.Seeded {
			seeded = "yes"
		}
		fmt.Printf("%-28s %-6s %-24s %-22s %-6s %-9s %7.1fs %9d  %.1f-%.1f\n", p.Name, p.Kind, p.Layer, p.Target, seeded, found, r.After.Seconds(), r.Execs,
			r.Load[0], r.Load[1])
	}
	if missed > 0 {
		fmt.Printf("%d plants not found within %v\n", missed, *d)
		os.Exit(1)
	}
}

// replayAll replays the whole corpus of each selected plant's target with
// the plant applied and prints whether the replay finds it, against what
// the table says (Seeded). It returns 1 if they differ.
func replayAll(ctx context.Context, root string, re *regexp.Regexp) int {
	fmt.Printf("%-28s %-22s %-8s %s\n", "plant", "target", "seeded", "table")
	rc := 0
	for _, p := range All {
		if !re.MatchString(p.Name) || ctx.Err() != nil {
			continue
		}
		dir, err := os.MkdirTemp("", "pqhs-plant-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "plants:", err)
			return 2
		}
		found, out, err := p.Replay(ctx, root, dir)
		os.RemoveAll(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "plants:", p.Name, err)
			rc = 1
			continue
		}
		note := ""
		if found != p.Seeded {
			note, rc = "  DIFFERS", 1
		}
		fmt.Printf("%-28s %-22s %-8v %v%s%s\n", p.Name, p.Target, found, p.Seeded, note, firstFailure(out))
	}
	return rc
}

// firstFailure names the first corpus entry whose replay failed.
func firstFailure(out string) string {
	for line := range strings.Lines(out) {
		if _, name, ok := strings.Cut(line, "--- FAIL: "); ok && strings.Contains(name, "/") {
			return "  (" + strings.Fields(name)[0] + ")"
		}
	}
	return ""
}
