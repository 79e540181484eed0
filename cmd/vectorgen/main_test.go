package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/vectors"
)

// The committed files are exactly what the generators write now: the same
// check as `go run ./cmd/vectorgen -check`, inside go test, so CI cannot
// skip it. The committed bytes were written by another process (go run
// ./cmd/vectorgen), so this also tests that the output is deterministic: a
// generator that depended on map order, the clock or a process's state
// would most likely not write them again. One generation, not two, since generating
// costs about two seconds of CPU.
//
// It is also go test's check that the reference passes every committed
// vector test in both profiles: Build runs the reference on every case under
// both profiles and refuses any verdict, category or output other than the
// case's, and the outputs it writes are the reference's, so equal bytes mean
// that the reference gives every committed test (found cases included) its
// verdict, its category per profile and its outputs. vectors'
// TestEveryFamilyHasAFile checks that every file there is a catalogued
// family's, and TestEveryFamilyHasAGenerator that each has a generator, so
// no file escapes this comparison. (vectors' TestReferencePassesEveryVector
// replayed every test a second time, about a second of CPU.)
func TestVectorsAreUpToDate(t *testing.T) {
	opt := gen.Options{VectorsDir: "../../vectors", SchemaDir: "../../spec/schema", FoundDir: "found"}
	outs, err := gen.Produce(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		have, err := os.ReadFile(o.Path)
		if err != nil {
			t.Errorf("%s: %v (run go run ./cmd/vectorgen)", o.Path, err)
			continue
		}
		if !bytes.Equal(have, o.Data) {
			t.Errorf("%s differs from what vectorgen writes: run go run ./cmd/vectorgen; if it differs again after that, the generators' output is not deterministic", o.Path)
		}
	}
}

// Every catalogued family has exactly one generator, so that it has a vector
// file and a schema; Register refuses a family outside the catalogue.
func TestEveryFamilyHasAGenerator(t *testing.T) {
	have := map[*vectors.Family]bool{}
	for _, g := range gen.Generators() {
		have[g.Family] = true
	}
	for _, f := range vectors.Families() {
		if !have[f] {
			t.Errorf("%s: no generator", f)
		}
	}
}
