// Package fuzz holds the fuzz targets and the rapid properties of pqhs: one
// native target for every decoder of both protocols, key-agreement targets,
// differential targets that hold two implementations of a primitive against
// each other, and properties that no single input can show (length-prefix
// bounds, the salt rule, symmetric key agreement, the handshakeStatus state
// machine). README.md explains how to run them, for seconds or for days.
//
// The targets (Fuzz* in the _test.go files) are thin: each adds a few
// handwritten seeds and calls one Check* function of this package. The
// checks, the fixtures and the properties live in ordinary .go files
// because OSS-Fuzz's builder compiles a target's file together with the
// package's non-test files only; for the same reason the checks take the
// small TB interface instead of *testing.T, whose type that builder
// replaces.
//
// The seed corpora in testdata/fuzz are written from the vector files by
// internal/seedgen, so `go test ./...` replays every vector input through
// every target it fits:
//
//	go generate ./fuzz
//
//go:generate go run ./internal/seedgen
package fuzz
