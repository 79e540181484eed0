//go:build tools

// Package deps pins the project's chosen modules in go.mod before the code
// that uses them lands. Deleted once every module has a real importer.
package deps

import (
	_ "github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	_ "github.com/decred/dcrd/dcrec/secp256k1/v4"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "golang.org/x/crypto/chacha20poly1305"
	_ "pgregory.net/rapid"
)
