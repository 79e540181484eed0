package ixiancrypto

import (
	"fmt"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/ixian"
)

// TestAllocation checks the envelope decoders' allocation bound over their
// corpora, outside the fuzz loop: spixi2 allocates at most twice its
// envelope; rsa2 its RSA big integers and at most four times its envelope.
func TestAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	profiles := []ixian.Profile{ixian.Strict, ixian.Deployed}
	t.Run("Spixi2Decrypt", func(t *testing.T) {
		var cases []alloctest.Case
		for _, a := range alloctest.Corpus(t, "Spixi2Decrypt") {
			aesKey, chachaKey, aad, env := a[0].([]byte), a[1].([]byte), a[2].([]byte), a[3].([]byte)
			for _, p := range profiles {
				cases = append(cases, alloctest.Case{Name: fmt.Sprintf("%v: %x", p, env[:min(len(env), 40)]),
					Limit: check.Proportional(len(env), 2), Run: func() { ixian.Spixi2Decrypt(env, aesKey, chachaKey, aad, p) }})
			}
		}
		alloctest.Check(t, 10, cases)
	})
	t.Run("RSA2Decrypt", func(t *testing.T) {
		var cases []alloctest.Case
		// Each case is three RSA-4096 decryptions: a sample of the corpus,
		// in Deployed, keeps the test short.
		for i, a := range alloctest.Corpus(t, "RSA2Decrypt") {
			key := rsaKey(a[0].([]byte))
			aad, env := a[1].([]byte), a[2].([]byte)
			if key == nil || i%5 != 0 {
				continue
			}
			for _, p := range profiles[1:] {
				cases = append(cases, alloctest.Case{Name: fmt.Sprintf("%v: %x", p, env[:min(len(env), 40)]),
					Limit: check.Proportional(len(env), 4) + 64<<10, Run: func() { ixian.RSA2Decrypt(env, key, aad, p) }})
			}
		}
		alloctest.Check(t, 5, cases)
	})
}
