// Command seedgen writes the seed corpora of the fuzz targets, in
// fuzz/<package>/testdata/fuzz, from the vector files in vectors/, so that `go test`
// replays every vector input through every target it fits:
//
//	go generate ./fuzz                      # or: go run ./fuzz/internal/seedgen
//	go run ./fuzz/internal/seedgen -check   # exit 1 if the committed files differ
//
// It replaces only the files it wrote (named vectors-…); the regression
// inputs the fuzzer writes stay.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/pqhs/pqhs/fuzz/internal/seeds"
	"github.com/pqhs/pqhs/internal/modroot"
	"github.com/pqhs/pqhs/vectors"
)

func main() {
	check := flag.Bool("check", false, "only compare: exit 1 if the committed seeds differ from what would be written")
	flag.Parse()
	if err := run(*check); err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}

func run(check bool) error {
	root, err := modroot.Find()
	if err != nil {
		return err
	}
	files, err := vectors.LoadFS(os.DirFS(filepath.Join(root, "vectors")))
	if err != nil {
		return err
	}
	c := seeds.Generate(files)
	out := filepath.Join(root, "fuzz")
	if check {
		diff, err := seeds.Diff(out, c)
		if err != nil {
			return err
		}
		for _, d := range diff {
			fmt.Println(d)
		}
		if len(diff) > 0 {
			return fmt.Errorf("%d differences: run go generate ./fuzz", len(diff))
		}
		return nil
	}
	written, removed, err := seeds.Write(out, c)
	if err != nil {
		return err
	}
	n := 0
	for _, t := range c {
		n += len(t)
	}
	targets := slices.Sorted(func(yield func(string) bool) {
		for k := range c {
			if !yield(k) {
				return
			}
		}
	})
	fmt.Printf("seedgen: %d vector files, %d seeds for %d targets (%d written, %d removed)\n", len(files), n, len(targets), written, removed)
	return nil
}
