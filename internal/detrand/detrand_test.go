package detrand

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// The stream is part of the vector format: changing it changes every vector.
// This pins its first bytes so that an accidental change fails here first.
func TestBytesPinned(t *testing.T) {
	got := hex.EncodeToString(Bytes("example", 16))
	// Python: hashlib.shake_256(b"pqhs detrand v1\x00example").hexdigest(16)
	const want = "5e3bfab37113f70bd7c484f5457e722f"
	if got != want {
		t.Fatalf("Bytes(example, 16) = %s, want %s", got, want)
	}
}

func TestPrefixStable(t *testing.T) {
	long := Bytes("a", 100)
	if !bytes.Equal(Bytes("a", 10), long[:10]) {
		t.Fatal("a shorter draw is not a prefix of a longer one")
	}
	if bytes.Equal(Bytes("a", 32), Bytes("b", 32)) {
		t.Fatal("different labels gave the same bytes")
	}
}
