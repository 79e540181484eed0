package vectors

import "embed"

// FS holds the vector files, vectors/*.json, so that Go consumers (the
// conformance runner, a port's tests) can read them without file paths:
//
//	files, err := vectors.LoadFS(vectors.FS)
//
// It is written by cmd/vectorgen and compiled in; other languages read the
// same files from the repository's vectors/ directory.
//
//go:embed *.json
var FS embed.FS
