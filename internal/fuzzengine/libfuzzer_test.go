package fuzzengine

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// getBytes reads n []byte arguments as go-fuzz-headers' GetBytes does
// (go-118-fuzz-build's F.Fuzz calls it once per []byte or string
// argument): a big-endian uint32 length, 0 meaning 30, taken modulo the
// bytes left unless it equals them; no byte left is an error.
func getBytes(data []byte, n int) ([][]byte, bool) {
	var out [][]byte
	pos := 0
	for range n {
		if len(data)-pos < 4 {
			return nil, false
		}
		length := binary.BigEndian.Uint32(data[pos:])
		pos += 4
		if length == 0 {
			length = 30
		}
		left := uint32(len(data) - pos)
		if left == 0 {
			return nil, false
		}
		if length != left {
			length %= left
		}
		out = append(out, data[pos:pos+int(length)])
		pos += int(length)
	}
	return out, true
}

func TestLibFuzzerInput(t *testing.T) {
	cases := [][]any{
		{[]byte("a")},
		{[]byte("payload")},
		{"text", []byte{1, 2, 3}},
		{[]byte{}, []byte{}, []byte("x")},
		{[]byte("a"), []byte{}, bytes.Repeat([]byte{7}, 40), "", []byte("end")},
	}
	for _, args := range cases {
		b, ok := LibFuzzerInput(args)
		if !ok {
			t.Fatalf("%q: not encoded", args)
		}
		got, ok := getBytes(b, len(args))
		if !ok {
			t.Fatalf("%q: %x does not read back", args, b)
		}
		for i, a := range args {
			want := a
			if s, isStr := a.(string); isStr {
				want = []byte(s)
			}
			if !bytes.Equal(got[i], want.([]byte)) {
				t.Fatalf("%q: argument %d reads back as %q", args, i, got[i])
			}
		}
	}
	for _, args := range [][]any{{}, {[]byte("a"), []byte{}}, {[]byte("a"), true}, {int64(1)}} {
		if _, ok := LibFuzzerInput(args); ok {
			t.Errorf("%v: encoded, but F.Fuzz cannot be given it", args)
		}
	}
}
