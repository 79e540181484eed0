// Package draw holds the rapid generators the property packages share. It
// is apart from fuzz/internal/check so that the wire targets, which link
// check, do not link rapid.
package draw

import (
	"hash/fnv"
	"math/rand/v2"

	"pgregory.net/rapid"
)

// Filled returns n bytes from a generator seeded by a drawn value and the
// label: large inputs without one draw per byte, distinct per label even
// when rapid shrinks every draw to 0.
func Filled(t *rapid.T, label string, n int) []byte {
	h := fnv.New64a()
	h.Write([]byte(label))
	r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, label), h.Sum64()))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}
