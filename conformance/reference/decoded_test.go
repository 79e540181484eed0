package reference

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// decodeHex is a Decoded that decodes the hex, as a caller holding the
// bytes would have them.
type decodeHex vectors.Values

func (d decodeHex) DecodedHex(name string) ([]byte, bool) {
	b, err := vectors.Values(d).Bytes(name)
	return b, err == nil
}

// Each byte-level operation reads a hex input of its family that is its
// only input, and RunDecoded answers as Run on every vector test of the
// family, in both profiles (the difffuzz package tests it on generated
// inputs, with the bytes generation holds).
func TestRunDecodedAgreesOnVectors(t *testing.T) {
	files, err := vectors.LoadSelected(vectors.FS, func(f *vectors.Family) bool { _, ok := ByteLevel(f); return ok })
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range conformance.Cases(files) {
		field, ok := ByteLevel(c.Family)
		if !ok || c.Check != nil {
			continue
		}
		if !seen[c.Family.Name] {
			seen[c.Family.Name] = true
			fd, ok := c.Family.Input(field)
			if !ok || fd.Type != vectors.Hex || len(c.Family.Inputs) != 1 {
				t.Errorf("%s: %q is not its one hex input", c.Family.Name, field)
			}
		}
		for _, p := range vectors.Profiles {
			wantOut, wantErr := Run(c.Family, p, c.Inputs)
			gotOut, gotErr := RunDecoded(c.Family, p, c.Inputs, decodeHex(c.Inputs))
			if !reflect.DeepEqual(wantOut, gotOut) || !reflect.DeepEqual(wantErr, gotErr) {
				t.Errorf("%s %s: RunDecoded = %v, %v; Run = %v, %v", c.Name(), p, gotOut, gotErr, wantOut, wantErr)
			}
		}
	}
	if len(seen) != len(bytesOps) {
		t.Errorf("%d byte-level families have vector tests, want %d", len(seen), len(bytesOps))
	}
}
