// Command vectorgen writes the pqhs test vectors (vectors/*.json) and their
// JSON Schemas (spec/schema/*.json) from the reference implementation.
//
//	go run ./cmd/vectorgen          rewrite the files
//	go run ./cmd/vectorgen -check   exit 1 and name every file that differs
//	go run ./cmd/vectorgen -add F   add a findings file of differential fuzzing to cmd/vectorgen/found
//
// The output is deterministic: every random input comes from a labelled
// generator (internal/detrand), so the same version writes byte-identical
// files on every machine.
//
// The generators are in internal/ixiangen and internal/verbethgen, on the
// core in internal/gen, whose package doc says how to add a family.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	_ "github.com/pqhs/pqhs/cmd/vectorgen/internal/ixiangen"   // the Ixian generators
	_ "github.com/pqhs/pqhs/cmd/vectorgen/internal/verbethgen" // the Verbeth generators
	"github.com/pqhs/pqhs/internal/modroot"
)

func main() {
	check := flag.Bool("check", false, "only compare the files on disk with what would be written; exit 1 on any difference")
	only := flag.String("family", "", "only this family (e.g. ixian/acceptAdd2/decode)")
	root := flag.String("root", "", "the repository root (default: the directory holding go.mod, found upward from here)")
	add := flag.String("add", "", "add the tests of a findings file of differential fuzzing (DIR/findings/<family>.json) to cmd/vectorgen/found, then write the vectors")
	flag.Parse()

	dir := *root
	if dir == "" {
		var err error
		if dir, err = modroot.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "vectorgen:", err, "(use -root)")
			os.Exit(2)
		}
	}
	foundDir := filepath.Join(dir, "cmd", "vectorgen", "found")
	if *add != "" {
		n, err := gen.AddFound(foundDir, *add)
		if err != nil {
			fmt.Fprintln(os.Stderr, "vectorgen:", err)
			os.Exit(1)
		}
		fmt.Printf("vectorgen: %d new found tests from %s\n", n, *add)
	}
	opt := gen.Options{
		FoundDir:   foundDir,
		VectorsDir: filepath.Join(dir, "vectors"),
		SchemaDir:  filepath.Join(dir, "spec", "schema"),
		Check:      *check,
		Only:       *only,
	}
	if err := gen.Run(opt, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "vectorgen:", err)
		if *check {
			fmt.Fprintln(os.Stderr, "vectorgen: run `go run ./cmd/vectorgen` and commit the result")
		}
		os.Exit(1)
	}
}
