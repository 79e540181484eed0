package verbeth

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/impl/verbeth"
)

// TestSameEnvelopeCoversEveryField fails when verbeth.Envelope gains a
// field that sameEnvelope does not compare.
func TestSameEnvelopeCoversEveryField(t *testing.T) {
	if n := reflect.TypeFor[verbeth.Envelope]().NumField(); n != 3 {
		t.Errorf("verbeth.Envelope has %d fields; sameEnvelope compares 3", n)
	}
	a := &verbeth.Envelope{EPK: []byte{1}, Nonce: []byte{2}, Box: []byte{3}}
	for i, b := range []*verbeth.Envelope{{EPK: []byte{0}, Nonce: []byte{2}, Box: []byte{3}},
		{EPK: []byte{1}, Nonce: []byte{0}, Box: []byte{3}}, {EPK: []byte{1}, Nonce: []byte{2}, Box: []byte{0}}} {
		if sameEnvelope(a, b) {
			t.Errorf("field %d: sameEnvelope does not see it", i)
		}
	}
}
