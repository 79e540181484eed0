// Package spec holds the machine-readable part of the specification: the
// JSON schemas of the vector files (schema/*.json, written by
// cmd/vectorgen), so that the conformance runner checks the files it is
// given against them.
package spec

import "embed"

// Schemas holds schema/*.json; a family's schema is named
// vectors.Family.SchemaName.
//
//go:embed schema/*.json
var Schemas embed.FS
