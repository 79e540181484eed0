package avxstate

import (
	"crypto/hkdf"
	"crypto/sha256"
	"testing"

	"github.com/cloudflare/circl/kem/mlkem/mlkem768"

	"github.com/pqhs/pqhs/internal/cputime"
)

func TestClear(t *testing.T) {
	Clear() // must not fault on any CPU
}

// BenchmarkHKDFAfterKEM runs one ML-KEM-768 decapsulation and then ten
// HKDF-SHA256 calls, without and with Clear between them, and prints the
// ratio of their thread CPU times (on an Intel core, well above 1):
//
//	go test -run '^$' -bench HKDFAfterKEM -benchtime 200x ./internal/avxstate
func BenchmarkHKDFAfterKEM(b *testing.B) {
	_, dk := mlkem768.NewKeyFromSeed(make([]byte, 64))
	ct, ss := make([]byte, mlkem768.CiphertextSize), make([]byte, 32)
	run := func(clear bool) func() {
		return func() {
			dk.DecapsulateTo(ss, ct)
			if clear {
				Clear()
			}
			for range 10 {
				hkdf.Key(sha256.New, ss, ss, "avxstate", 32)
			}
		}
	}
	cputime.Compare(b, "dirty", run(false), "cleared", run(true))
}
