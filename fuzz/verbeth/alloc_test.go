package verbeth

import (
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// TestAllocation checks the Verbeth decoders' allocation bound over their
// corpora, outside the fuzz loop: the binary decoders allocate at most the
// error; the JSON decoders at most jsonAlloc bytes per input byte.
func TestAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	profiles := []verbeth.Profile{verbeth.Strict, verbeth.Deployed}
	errLimit := func(int) uint64 { return check.ErrAlloc }
	jsonLimit := func(n int) uint64 { return check.Proportional(n, jsonAlloc) }
	for _, d := range []struct {
		target string
		limit  func(int) uint64
		decode func(b []byte, p verbeth.Profile)
	}{
		{"HandshakePayload", jsonLimit, func(b []byte, p verbeth.Profile) { verbeth.ParseHandshakePayload(b, p) }},
		{"UnifiedPubKeys", errLimit, func(b []byte, p verbeth.Profile) { verbeth.DecodeUnifiedPubKeys("pubKeys", b, p) }},
		{"RatchetPayload", errLimit, func(b []byte, _ verbeth.Profile) { verbeth.ParseRatchetPayload(b) }},
		{"BindingMessage", func(n int) uint64 { return check.Proportional(n, 16) },
			func(b []byte, p verbeth.Profile) { verbeth.ParseBindingMessage(string(b), p) }},
		{"SessionState", jsonLimit, func(b []byte, _ verbeth.Profile) { verbeth.ParseSession(b) }},
		{"JSJSON", jsonLimit, func(b []byte, _ verbeth.Profile) { jsjson.ParseLenient(jsjson.DecodeText(b)) }},
	} {
		t.Run(d.target, func(t *testing.T) {
			inputs := alloctest.First(alloctest.Corpus(t, d.target))
			alloctest.Check(t, 3, alloctest.Bytes(inputs, profiles, d.limit, d.decode))
		})
	}
	t.Run("ResponseEnvelope", func(t *testing.T) {
		var inputs [][]byte
		for _, a := range alloctest.Corpus(t, "ResponseEnvelope") {
			inputs = append(inputs, a[4].([]byte))
		}
		alloctest.Check(t, 10, alloctest.Bytes(inputs, profiles, jsonLimit, func(b []byte, p verbeth.Profile) { verbeth.DecodeEnvelope(b, p) }))
	})
}
