// Package fuzz is the home of pqhs's fuzz targets and property tests,
// split by what their targets link, so that each fuzzing binary carries
// only the coverage counters of the code its targets are about:
//
//   - fuzz/ixianwire: the Ixian wire decoders and the handshakeStatus
//     state machine (links impl/ixian);
//   - fuzz/ixiancrypto: the Ixian envelopes, P-521, ML-KEM-1024, key
//     agreement, and the Ixian properties and state-machine model (rapid);
//   - fuzz/verbeth: every Verbeth decoder, the ratchet, X25519 and
//     ML-KEM-768, key agreement (links impl/verbeth);
//   - fuzz/internal/...: the shared checks (check), fixtures (ixfix,
//     vbfix), the corpus generator (seeds, seedgen) and the allocation
//     test kit (alloctest).
//
// `go test ./fuzz/...` replays every corpus and runs every property. This
// package's own tests check the corpora against the vectors and the
// target list against .clusterfuzzlite/build.sh. README.md explains how
// to run the targets, for seconds or for days.
//
// The checks live in ordinary .go files because OSS-Fuzz's builder
// compiles a target's file together with the package's non-test files
// only; for the same reason they take the small check.TB interface
// instead of *testing.T, whose type that builder replaces.
//
// The seed corpora in fuzz/<package>/testdata/fuzz are written from the
// vector files by internal/seedgen, so `go test ./...` replays every
// vector input through every target it fits:
//
//	go generate ./fuzz
//
//go:generate go run ./internal/seedgen
package fuzz
