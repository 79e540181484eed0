package subprocess

import "testing"

// A buffer given back is taken again by a request it fits, not by a
// larger one; one over maxFreeBuf is not kept.
func TestBufListReuse(t *testing.T) {
	var l bufList
	b := make([]byte, 10, 128<<10)
	l.put(b)
	if g := l.get(200 << 10); cap(g) < 200<<10 || len(g) != 0 {
		t.Fatalf("get(200 KiB): len %d cap %d", len(g), cap(g))
	}
	if g := l.get(100 << 10); cap(g) != cap(b) || &g[:1][0] != &b[0] || len(g) != 0 {
		t.Fatalf("get(100 KiB) did not reuse the 128 KiB buffer given back")
	}
	l.put(make([]byte, 0, maxFreeBuf+1))
	if len(l.bufs) != 0 || l.bytes != 0 {
		t.Fatalf("kept %d buffers, %d bytes", len(l.bufs), l.bytes)
	}
}
