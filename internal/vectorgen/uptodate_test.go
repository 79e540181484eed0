package vectorgen

import (
	"bytes"
	"os"
	"testing"
)

// The committed files are exactly what the generators write now: the same
// check as `go run ./cmd/vectorgen -check`, inside go test, so CI cannot
// skip it. Run twice, it also proves the output deterministic.
func TestVectorsAreUpToDate(t *testing.T) {
	opt := Options{VectorsDir: "../../vectors", SchemaDir: "../../spec/schema"}
	first, err := Produce(opt)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Produce(opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range first {
		if !bytes.Equal(o.Data, second[i].Data) {
			t.Errorf("%s: two runs wrote different bytes", o.Path)
		}
		have, err := os.ReadFile(o.Path)
		if err != nil {
			t.Errorf("%s: %v (run go run ./cmd/vectorgen)", o.Path, err)
			continue
		}
		if !bytes.Equal(have, o.Data) {
			t.Errorf("%s differs from what vectorgen writes (run go run ./cmd/vectorgen)", o.Path)
		}
	}
}
