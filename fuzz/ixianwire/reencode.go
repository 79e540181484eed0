package ixianwire

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"sync"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/ixian"
)

// The structure-aware step of the payload targets (issue 13). Byte
// mutation rarely turns a varint field into another width or a boundary
// value; this step does it in one go. It walks the payload's varint fields
// in wire order, as impl/ixian reads them, picks one field, a value (the
// field's own or a boundary) and a form (minimal, one raw byte, or any of
// the six prefixed widths, signed prefixes included) from a CRC of the
// input, so that every input maps to one rewrite and a failure replays
// from the input alone, and runs the target's checks on the rewritten
// payload as well, for one input in four.

// Payload layouts: 'v' a varint scalar, 'b' an IxiBytes field (its length
// prefix is the varint), 'c' the trailing capabilities (absent is fine).
const (
	requestAdd2Layout = "vb"
	acceptAdd2Layout  = "vbbbbc"
	keys2Layout       = "bbbc"
)

// varintBoundaries are the values where IxiVarInt widths, C# int and long
// casts and float64 precision change.
var varintBoundaries = [...]uint64{0, 1, 0xF7, 0xF8, math.MaxUint16, math.MaxUint16 + 1, math.MaxInt32, math.MaxInt32 + 1,
	math.MaxUint32, math.MaxUint32 + 1, 1 << 53, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64}

// varintSpan is one varint field of a payload: its offset, width and the
// magnitude it holds.
type varintSpan struct {
	off, n int
	v      uint64
}

// varintFields finds the varint fields of in laid out as layout, in wire
// order, as far as they can be read; it returns how many it found. Under
// libFuzzer every integer comparison is a call into the engine, so the
// width comes from a table and the value from one little-endian read.
func varintFields(in []byte, layout string, spans *[8]varintSpan) int {
	k, off := 0, 0
	for i := 0; i < len(layout) && k < len(spans); i++ {
		if off >= len(in) {
			break
		}
		w := int(prefixWidth[in[off]])
		if w == 0 || off+w > len(in) {
			break
		}
		v := uint64(in[off])
		if w != 1 {
			var le [8]byte
			copy(le[:], in[off+1:off+w])
			v = binary.LittleEndian.Uint64(le[:])
		}
		spans[k] = varintSpan{off, w, v}
		k++
		off += w
		if layout[i] == 'b' {
			if v > uint64(len(in)-off) {
				break
			}
			off += int(v)
		}
	}
	return k
}

// prefixWidth is varintWidth by the first byte, and 0 for the reserved
// prefixes 0xFB and 0xFF, where the reading stops.
var prefixWidth = func() (w [256]uint8) {
	for b := range w {
		w[b] = uint8(varintWidth(byte(b)))
	}
	w[0xFB], w[0xFF] = 0, 0
	return w
}()

// appendVarintForm appends v in form f: 0 the minimal unsigned form, 1 one
// raw byte (truncated), 2-4 the 0xFC, 0xFD, 0xFE widths and 5-7 the
// negative 0xF8, 0xF9, 0xFA widths (v truncated to the width).
func appendVarintForm(dst []byte, f int, v uint64) []byte {
	switch f {
	case 0:
		return ixian.AppendVarUInt(dst, v)
	case 1:
		return append(dst, byte(v))
	case 2, 5:
		return binary.LittleEndian.AppendUint16(append(dst, formPrefix[f]), uint16(v))
	case 3, 6:
		return binary.LittleEndian.AppendUint32(append(dst, formPrefix[f]), uint32(v))
	default:
		return binary.LittleEndian.AppendUint64(append(dst, formPrefix[f]), v)
	}
}

var formPrefix = [8]byte{2: 0xFC, 3: 0xFD, 4: 0xFE, 5: 0xF8, 6: 0xF9, 7: 0xFA}

// varintEdit is one rewrite: the field, the value written and the form.
type varintEdit struct {
	span varintSpan
	form int
	v    uint64
}

// reencodeVarint rewrites one varint field of in into buf (reused), as
// the bits of s say; ok is false when in has no readable varint field.
func reencodeVarint(buf, in []byte, layout string, s uint32) (out []byte, e varintEdit, ok bool) {
	var spans [8]varintSpan
	k := varintFields(in, layout, &spans)
	if k == 0 {
		return buf, e, false
	}
	e.span = spans[int(s%8)%k]
	e.form = int(s>>8) % 8
	e.v = e.span.v
	switch c := int(s>>16) % 32; { // half the time the field keeps its value
	case c >= 16 && c < 16+len(varintBoundaries):
		e.v = varintBoundaries[c-16]
	case c == 30:
		e.v++
	case c == 31:
		e.v--
	}
	out = append(buf[:0], in[:e.span.off]...)
	out = appendVarintForm(out, e.form, e.v)
	out = append(out, in[e.span.off+e.span.n:]...)
	return out, e, true
}

// reencodedTB names the rewrite in a failure of the rewritten payload.
type reencodedTB struct {
	t check.TB
	e *varintEdit
}

func (r reencodedTB) Fatalf(format string, args ...any) {
	r.t.Fatalf("after the varint step (the %d-byte field at %d written as %d in form %d): %s",
		r.e.span.n, r.e.span.off, r.e.v, r.e.form, fmt.Sprintf(format, args...))
}

// checkReencoded runs fn, for one input in four, on the payload with one
// varint field re-encoded (reencodeVarint): on every input it would halve
// the target's throughput (Keys2 fell to 0.56x its bare twin). The only
// allocation is the rewritten payload's buffer.
// castagnoli is the CRC that picks the rewrite: CRC-32C, which the SSE4.2
// instruction computes to the last byte, where IEEE's CLMUL code leaves the
// tail and inputs under 64 bytes to a table loop that, instrumented for
// libFuzzer, was 12% of AcceptAdd2's check.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// reencodeBufs holds the buffers checkReencoded rewrites inputs into (apart
// from bufs, which the check it calls takes its own buffer from).
var reencodeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func checkReencoded(t check.TB, in []byte, layout string, fn func(check.TB, []byte)) {
	s := crc32.Checksum(in, castagnoli)
	if s>>24&3 != 0 {
		return
	}
	buf := reencodeBufs.Get().(*[]byte)
	defer reencodeBufs.Put(buf)
	out, e, ok := reencodeVarint((*buf)[:0], in, layout, s)
	*buf = out
	if ok {
		fn(reencodedTB{t, &e}, out)
	}
}
