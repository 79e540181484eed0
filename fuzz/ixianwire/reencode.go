package ixianwire

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"sync/atomic"

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
var (
	requestAdd2Layout = newLayout("vb")
	acceptAdd2Layout  = newLayout("vbbbbc")
	keys2Layout       = newLayout("bbbc")
)

// layout is a payload's fields, and for each whether it is an IxiBytes: a
// bool, which the walk tests without an integer comparison (under libFuzzer
// each is a call into the engine).
type layout struct {
	s       string
	isBytes [8]bool
}

func newLayout(s string) *layout {
	l := &layout{s: s}
	for i := range s {
		l.isBytes[i] = s[i] == 'b'
	}
	return l
}

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

// varintFields finds the varint fields of in laid out as l, in wire order,
// as far as they can be read; it returns how many it found.
func varintFields(in []byte, l *layout, spans *[8]varintSpan) int {
	return scanVarints(append(append(make([]byte, 0, len(in)+9), in...), make([]byte, 9)...), len(in), l, spans)
}

// scanVarints is varintFields on p[:n], where p holds at least 9 more
// bytes, zeros, so that a prefix and the 8 bytes after it are read without
// checking the end: a reserved prefix has a width past any input, and at the
// end the zero byte has width 1, so one comparison with n stops the walk
// (under libFuzzer every integer comparison is a call into the engine; the
// walk made 8 a field, now 2 or 3).
func scanVarints(p []byte, n int, l *layout, spans *[8]varintSpan) int {
	off, i := 0, 0
	for ; i < len(l.s); i++ {
		t := p[off]
		w := stopWidth[t]
		if off+w > n {
			break
		}
		v := uint64(t)&oneByte[t] | binary.LittleEndian.Uint64(p[off+1:])&payloadMask[t]
		spans[i] = varintSpan{off, w, v}
		off += w
		if l.isBytes[i] {
			if v > uint64(n-off) {
				i++
				break
			}
			off += int(v)
		}
	}
	return i
}

// stopWidth is varintWidth by the first byte, and for the reserved
// prefixes 0xFB and 0xFF a width that no input holds; oneByte and
// payloadMask pick the value: the byte itself, or the little-endian payload
// of the prefix's width.
var stopWidth, oneByte, payloadMask = func() (w [256]int, one, mask [256]uint64) {
	for b := range w {
		w[b] = varintWidth(byte(b))
		switch w[b] {
		case 1:
			one[b] = 0xFF
		case 3:
			mask[b] = math.MaxUint16
		case 5:
			mask[b] = math.MaxUint32
		default:
			mask[b] = math.MaxUint64
		}
	}
	w[0xFB], w[0xFF] = 1<<40, 1<<40
	return w, one, mask
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
// The buffer holds a copy of in and 9 zeros for the walk (scanVarints),
// then the rewrite, which keeps the copy's bytes before the field.
func reencodeVarint(buf, in []byte, l *layout, s uint32) (out []byte, e varintEdit, ok bool) {
	var spans [8]varintSpan
	p := append(append(buf[:0], in...), zeros[:]...)
	k := scanVarints(p, len(in), l, &spans)
	if k == 0 {
		return p, e, false
	}
	e.span = spans[int(s%8)%k]
	e.form = int(s>>8) % 8
	// Half the time the field keeps its value; else a boundary, or ±1.
	c := int(s>>16) % 32
	e.v = e.span.v*keepValue[c] + newValue[c]
	out = appendVarintForm(p[:e.span.off], e.form, e.v)
	out = append(out, in[e.span.off+e.span.n:]...)
	return out, e, true
}

var zeros [9]byte

// keepValue and newValue give a field's new value by c: v*keep + new, so
// that the choice takes no comparison: c < 16 keeps v, 16 to 29 take a
// boundary, 30 adds one and 31 subtracts one (wrapping, as v++ and v--).
var keepValue, newValue = func() (keep, nv [32]uint64) {
	for c := range keep {
		switch {
		case c >= 16 && c < 16+len(varintBoundaries):
			nv[c] = varintBoundaries[c-16]
		case c == 30:
			keep[c], nv[c] = 1, 1
		case c == 31:
			keep[c], nv[c] = 1, math.MaxUint64
		default:
			keep[c] = 1
		}
	}
	return keep, nv
}()

// stepState is what checkReencoded keeps between inputs: the buffer it
// rewrites inputs into (apart from the one the check it calls encodes
// into), and the rewrite and TB a failure names. It is the check.TB the
// rewritten payload's check reports through: a pointer, so that passing it
// allocates nothing, where a struct holding t and &e put e on the heap and
// was boxed itself, two allocations for every rewritten input.
type stepState struct {
	buf []byte
	e   varintEdit
	t   check.TB
}

// Fatalf names the rewrite in a failure of the rewritten payload.
func (st *stepState) Fatalf(format string, args ...any) {
	st.t.Fatalf("after the varint step (the %d-byte field at %d written as %d in form %d): %s",
		st.e.span.n, st.e.span.off, st.e.v, st.e.form, fmt.Sprintf(format, args...))
}

// castagnoli is the CRC that picks the rewrite: CRC-32C, which the SSE4.2
// instruction computes to the last byte, where IEEE's CLMUL code leaves the
// tail and inputs under 64 bytes to a table loop that, instrumented for
// libFuzzer, was 12% of AcceptAdd2's check.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// stepped says whether in goes through the step: one input in four, by a
// CRC-32C of its first and last 32 bytes and its length. The rewrite is
// picked by a CRC of the whole input, so inputs that share those bytes
// still take different rewrites; hashing every input whole was the step's
// largest cost under libFuzzer (a payload is 2-3 KB), and three inputs in
// four paid it for nothing.
//
// This is a trade, not free: inputs that differ only between those bytes
// are picked or skipped together, so an edit in the middle of a skipped
// input (where acceptAdd2's key and salt prefixes lie) is stepped only once
// another edit changes the length or the ends.
func stepped(in []byte) bool {
	var h uint32
	if n := len(in); n > 64 {
		h = crc32.Update(crc32.Checksum(in[:32], castagnoli), castagnoli, in[n-32:])
	} else {
		h = crc32.Checksum(in, castagnoli)
	}
	h ^= uint32(len(in)) * 0x9E3779B1
	return h>>30 == 0
}

// spare holds checkReencoded's state: one slot, which a concurrent caller
// finds empty and then allocates; sync.Pool's Get and Put were some twenty
// instrumented blocks, each a feature libFuzzer handles.
var spare atomic.Pointer[stepState]

// checkReencoded runs fn, for one input in four, on the payload with one
// varint field re-encoded (reencodeVarint): on every input it would halve
// the target's throughput (Keys2 fell to 0.56x its bare twin).
func checkReencoded(t check.TB, in []byte, l *layout, fn func(check.TB, []byte)) {
	if !stepped(in) {
		return
	}
	s := crc32.Checksum(in, castagnoli)
	st := spare.Swap(nil)
	if st == nil {
		st = new(stepState)
	}
	out, e, ok := reencodeVarint(st.buf, in, l, s)
	st.buf = out
	if ok {
		st.e, st.t = e, t
		fn(st, out)
		st.t = nil // the slot keeps no test alive
	}
	spare.Store(st)
}
