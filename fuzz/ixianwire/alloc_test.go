package ixianwire

import (
	"math"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/ixian"
)

// The allocation bound, checked outside the fuzz loop: every decoder,
// under both profiles, on every input of its corpus (the vectors' inputs
// and the regression inputs) and on every length-field edge of the
// fixture's messages, allocates at most its limit, which does not grow with
// what a length field claims. (Measuring in the fuzz loop cost two
// stop-the-worlds per reading, 90-97% of a corpus replay.)

type decoder struct {
	target string
	limit  func(n int) uint64
	decode func(in []byte, p ixian.Profile)
}

func errLimit(int) uint64 { return check.ErrAlloc }

var decoders = []decoder{
	{"IxiVarUInt", errLimit, func(in []byte, p ixian.Profile) { ixian.DecodeVarUInt(in, p) }},
	{"IxiVarInt", errLimit, func(in []byte, p ixian.Profile) { ixian.DecodeVarInt(in, p) }},
	{"IxiBytes", errLimit, func(in []byte, p ixian.Profile) { ixian.DecodeIxiBytes(in, p) }},
	{"RequestAdd2", errLimit, func(in []byte, p ixian.Profile) { var m ixian.RequestAdd2; _ = m.Decode(in, p) }},
	{"AcceptAdd2", errLimit, func(in []byte, p ixian.Profile) { var m ixian.AcceptAdd2; _ = m.Decode(in, p) }},
	{"Keys2", errLimit, func(in []byte, p ixian.Profile) { var m ixian.Keys2; _ = m.Decode(in, p) }},
	{"SpixiMessage", errLimit, func(in []byte, p ixian.Profile) { var m ixian.SpixiMessage; _ = m.Decode(in, p) }},
	// The key's two big integers are the only allocation beyond the error.
	{"RSAPublicKey", func(n int) uint64 { return check.Proportional(n, 2) }, func(in []byte, p ixian.Profile) { ixian.ParseRSAPublicKey(in, p) }},
}

// lengthClaims are the lengths an edge claims: just past the input, and the
// limits of each integer width and of a C# array.
var lengthClaims = []uint64{0xF7, 0xFFFF, math.MaxInt32, math.MaxInt32 + 1, math.MaxUint32, math.MaxInt64, math.MaxUint64}

// claims returns the length prefixes of an edge that claims more than
// rest bytes: each claim in each width that holds it, minimal or not.
func claims(rest int) [][]byte {
	var out [][]byte
	for _, l := range append([]uint64{uint64(rest) + 1}, lengthClaims...) {
		if l <= uint64(rest) {
			continue
		}
		for _, w := range []int{1, 3, 5, 9} {
			if p := ixfix.AppendVarUIntWidth(nil, l, w); len(p) == w {
				out = append(out, p)
			}
		}
	}
	return out
}

// layouts are the field kinds of each payload: 'v' an IxiVarUInt, 'b' an
// IxiBytes, '4' a 32-bit integer, 'l' a 32-bit length and its bytes.
var layouts = map[string]string{"RequestAdd2": "vb", "AcceptAdd2": "vbbbbv", "Keys2": "bbbv", "SpixiMessage": "4l4bb"}

// edges returns every message with one length field of the fixture's
// message replaced by a claim longer than what follows it.
func edges(msg []byte, layout string) [][]byte {
	var out [][]byte
	off := 0
	for _, k := range layout {
		switch k {
		case 'v':
			_, n, _, _ := ixian.DecodeVarUInt(msg[off:], ixian.Deployed)
			off += n
		case '4':
			off += 4
		case 'l':
			l := int(uint32(msg[off]) | uint32(msg[off+1])<<8 | uint32(msg[off+2])<<16 | uint32(msg[off+3])<<24)
			for _, c := range []uint32{uint32(len(msg) - off - 4 + 1), 0x7FFFFFC7, 0x7FFFFFC8, math.MaxInt32, math.MaxInt32 + 1, math.MaxUint32} {
				e := append(append([]byte{}, msg[:off]...), byte(c), byte(c>>8), byte(c>>16), byte(c>>24))
				out = append(out, append(e, msg[off+4:]...))
			}
			off += 4 + l
		case 'b':
			_, n, _ := ixian.DecodeIxiBytes(msg[off:], ixian.Deployed)
			_, pn, _, _ := ixian.DecodeVarUInt(msg[off:], ixian.Deployed)
			rest := msg[off+pn:]
			for _, c := range claims(len(rest)) {
				e := append(append([]byte{}, msg[:off]...), c...)
				out = append(out, append(e, rest...))
			}
			off += n
		}
	}
	return out
}

func fixtureMessages() map[string][]byte {
	x := ixfix.Ixian()
	return map[string][]byte{"RequestAdd2": x.RequestAdd2, "AcceptAdd2": x.Acceptor.AcceptAdd2, "Keys2": x.Requester.Keys2,
		"SpixiMessage": x.AcceptFrame}
}

func TestAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	msgs := fixtureMessages()
	for _, d := range decoders {
		t.Run(d.target, func(t *testing.T) {
			inputs := alloctest.First(alloctest.Corpus(t, d.target))
			inputs = append(inputs, claims(0)...) // IxiBytes and varints alone
			if m, ok := msgs[d.target]; ok {
				edges := edges(m, layouts[d.target])
				if len(edges) < 10 {
					t.Fatalf("only %d edges", len(edges))
				}
				inputs = append(inputs, edges...)
			}
			alloctest.Check(t, 10, alloctest.Bytes(inputs, []ixian.Profile{ixian.Strict, ixian.Deployed}, d.limit, d.decode))
		})
	}
}
