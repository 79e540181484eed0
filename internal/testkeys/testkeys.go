// Package testkeys holds fixed RSA private keys for tests, benchmarks and test
// vectors.
//
// Go 1.26's rsa.GenerateKey ignores its io.Reader, so RSA keys cannot be
// drawn from labelled deterministic bytes the way every other input is. These
// keys were generated once and are committed instead:
//
//	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 \
//	    -pkeyopt rsa_keygen_pubexp:65537 -out ixian-<name>-rsa4096.pem
//
// (rsa_keygen_bits:1024 for ixian-exposed-rsa1024, a key small enough that
// its private-key bytes fit Ixian's 1023-byte limit for a public key)
// (OpenSSL 3.0.19, PKCS#8 PEM). They protect nothing: never use them outside
// tests.
package testkeys

import (
	"crypto/rsa"
	"embed"
	"encoding/pem"
	"fmt"
	"sync"

	"github.com/pqhs/pqhs/internal/pkcs8"
)

//go:embed *.pem
var files embed.FS

// Names of the keys available.
const (
	IxianRequester = "ixian-requester-rsa4096" // the Ixian requester's primary wallet key
	IxianAcceptor  = "ixian-acceptor-rsa4096"  // the Ixian acceptor's primary wallet key
	// IxianExposed is a wallet key whose private-key bytes are sent where
	// a public key belongs (spec/ixian-s2.md §6).
	IxianExposed = "ixian-exposed-rsa1024"
)

var (
	mu    sync.Mutex
	cache = map[string]*rsa.PrivateKey{}
)

// PKCS8 returns the named key as PKCS#8 DER.
func PKCS8(name string) []byte {
	b, err := files.ReadFile(name + ".pem")
	if err != nil {
		panic(fmt.Sprintf("testkeys: no key %q", name))
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		panic(fmt.Sprintf("testkeys: %q is not a PKCS#8 PEM", name))
	}
	return blk.Bytes
}

// RSA returns the named key, parsed once and shared; callers must not
// modify it.
func RSA(name string) *rsa.PrivateKey {
	mu.Lock()
	defer mu.Unlock()
	if k, ok := cache[name]; ok {
		return k
	}
	rk, err := pkcs8.ParseRSAPrivateKey(PKCS8(name))
	if err != nil {
		panic(fmt.Sprintf("testkeys: %q: %v", name, err))
	}
	cache[name] = rk
	return rk
}
