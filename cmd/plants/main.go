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
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"time"

	"github.com/pqhs/pqhs/internal/modroot"
)

func main() {
	d := flag.Duration("time", 60*time.Second, "fuzzing time per plant")
	run := flag.String("run", "", "only the plants whose name matches")
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
	fmt.Printf("%-28s %-6s %-24s %-20s %-9s %8s %9s  %s\n", "plant", "kind", "layer", "target", "found", "time", "execs", "load (1 min, start-end)")
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
		seeded := ""
		if p.Seeded {
			seeded = " (a vector seeds it)"
		}
		fmt.Printf("%-28s %-6s %-24s %-20s %-9s %7.1fs %9d  %.1f-%.1f%s\n", p.Name, p.Kind, p.Layer, p.Target, found, r.After.Seconds(), r.Execs,
			r.Load[0], r.Load[1], seeded)
	}
	if missed > 0 {
		fmt.Printf("%d plants not found within %v\n", missed, *d)
		os.Exit(1)
	}
}
