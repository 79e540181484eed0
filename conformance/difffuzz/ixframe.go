package difffuzz

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"

	"github.com/pqhs/pqhs/impl/ixian"
)

// Ixian framing, mutated as framing: a payload is parsed into its fields
// with impl/ixian's own decoders (IxiVarUInt, IxiBytes, the SpixiMessage's
// int32s), one field or one length prefix is changed, and the payload is
// written again with impl/ixian's encoders.

// segKind is how one field of an Ixian payload is framed.
type segKind uint8

const (
	segVarint   segKind = iota // an IxiVarUInt value (version, capabilities)
	segBytes                   // IxiBytes: an IxiVarUInt length, then the bytes
	segRest                    // an IxiVarUInt length that is not checked, then the rest (spixi2's c2)
	segI32                     // an int32 LE value
	segI32Bytes                // an int32 LE length, then the bytes
)

// segSpec is one field of a layout: how it is framed and, for bytes, the
// shape of its contents.
type segSpec struct {
	kind segKind
	name string
	sub  *shape
}

// seg is one parsed field: its prefix as it was written and its contents.
type seg struct {
	spec segSpec
	pre  []byte // the varint or int32 prefix, as encoded
	val  uint64 // the prefix's value
	body []byte
}

// parseFrame splits b by layout, appending the fields to segs. Parsing is
// lenient (non-minimal varints, short fields): what cannot be read ends
// the fields and stays as rest.
func parseFrame(segs []seg, b []byte, layout []segSpec) (_ []seg, rest []byte) {
	for _, sp := range layout {
		if len(b) == 0 {
			break
		}
		s := seg{spec: sp}
		switch sp.kind {
		case segI32, segI32Bytes:
			if len(b) < 4 {
				return segs, b
			}
			s.pre, s.val = b[:4], uint64(binary.LittleEndian.Uint32(b))
			b = b[4:]
			if sp.kind == segI32Bytes {
				n := int(int32(s.val))
				n = max(0, min(n, len(b)))
				s.body, b = b[:n], b[n:]
			}
		default:
			v, n, _, err := ixian.DecodeVarUInt(b, ixian.Deployed)
			if err != nil {
				return segs, b
			}
			s.pre, s.val = b[:n], v
			b = b[n:]
			switch sp.kind {
			case segBytes:
				m := int(min(v, uint64(len(b))))
				s.body, b = b[:m], b[m:]
			case segRest:
				s.body, b = b, nil
			}
		}
		segs = append(segs, s)
	}
	return segs, b
}

// writeFrame writes the fields and rest in one allocation, with room for
// the few trailing bytes mutateFrame may append, a large frame in the
// memory of mem's campaign (input.sized); nothing to write is nil (mutate
// then edits the field as plain bytes).
func writeFrame(mem *input, segs []seg, rest []byte) []byte {
	n := len(rest)
	for _, s := range segs {
		n += len(s.pre) + len(s.body)
	}
	if n == 0 {
		return nil
	}
	out := mem.sized(nil, n+3)
	for _, s := range segs {
		out = append(out, s.pre...)
		out = append(out, s.body...)
	}
	return append(out, rest...)
}

// varintForms are the encodings of v the decoders meet: minimal, and every
// wider unsigned form (non-minimal), and the signed prefixes.
func varintForm(v uint64, width int) []byte {
	switch width {
	case 1:
		return []byte{byte(v)}
	case 3:
		return binary.LittleEndian.AppendUint16([]byte{0xfc}, uint16(v))
	case 5:
		return binary.LittleEndian.AppendUint32([]byte{0xfd}, uint32(v))
	default:
		return binary.LittleEndian.AppendUint64([]byte{0xfe}, v)
	}
}

// interestingLengths are the length-prefix values whose handling differs:
// the width boundaries of IxiVarUInt, the int32 and int64 sign bits.
var interestingLengths = []uint64{0, 1, 0xf7, 0xf8, 0xff, 0xffff, 0x10000, math.MaxInt32, math.MaxInt32 + 1, math.MaxUint32, math.MaxUint32 + 1, 1 << 53, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64}

// mutateFrame changes one thing about an Ixian payload of the given layout.
func mutateFrame(m *mctx, b []byte, layout []segSpec) ([]byte, string) {
	r := m.r
	// The fields on the stack: a layout has at most 6, and one may be
	// doubled (op 8).
	var buf [8]seg
	segs, rest := parseFrame(buf[:0:min(len(buf), len(layout)+1)], b, layout)
	if len(segs) == 0 {
		return nil, ""
	}
	i := r.IntN(len(segs))
	s := &segs[i]
	name := s.spec.name
	restAfter := func() int { // bytes after seg i's prefix
		n := len(rest)
		for _, t := range segs[i+1:] {
			n += len(t.pre) + len(t.body)
		}
		return n + len(s.body)
	}
	int32Kind := s.spec.kind == segI32 || s.spec.kind == segI32Bytes
	switch op := r.IntN(10); {
	case op < 2 && !int32Kind:
		// The same value in another width, or a signed or reserved prefix.
		w := []int{1, 3, 5, 9}[r.IntN(4)]
		switch {
		case r.IntN(6) == 0:
			p := []byte{0xf8, 0xf9, 0xfa, 0xfb, 0xff}[r.IntN(5)]
			s.pre = append([]byte{p}, varintForm(s.val, 9)[1:][:map[byte]int{0xf8: 2, 0xf9: 4, 0xfa: 8, 0xfb: 0, 0xff: 0}[p]]...)
			return writeFrame(m.mem, segs, rest), name + " prefix " + hex2(p)
		case (w == 1 && s.val >= 0xf8) || (w == 3 && s.val > 0xffff) || (w == 5 && s.val > 0xffffffff):
			w = 9
		}
		s.pre = varintForm(s.val, w)
		return writeFrame(m.mem, segs, rest), name + " prefix in " + itoa(w) + " bytes"
	case op < 5:
		// Another value: a length that desynchronises the framing, or a
		// boundary value.
		var v uint64
		switch k := r.IntN(6); {
		case s.spec.kind == segVarint || s.spec.kind == segI32 || k == 0:
			v = interestingLengths[r.IntN(len(interestingLengths))]
		case k == 1:
			v = 0
		case k == 2:
			v = uint64(max(0, restAfter()-1))
		case k == 3:
			v = uint64(restAfter())
		case k == 4:
			v = uint64(restAfter() + 1)
		default:
			v = uint64(len(s.body)) + uint64(r.IntN(3)) - 1
		}
		if int32Kind {
			if r.IntN(3) == 0 {
				v = uint64(uint32(int32(-1 - r.IntN(2))))
			}
			s.pre = binary.LittleEndian.AppendUint32(nil, uint32(v))
		} else {
			s.pre = ixian.AppendVarUInt(nil, v)
		}
		s.val = v
		return writeFrame(m.mem, segs, rest), name + " prefix value " + strconv.FormatInt(int64(v), 10)
	case op < 8 && (s.spec.kind == segBytes || s.spec.kind == segI32Bytes || s.spec.kind == segRest):
		// The contents, with the prefix telling its new length.
		var nb []byte
		var d string
		if s.spec.sub != nil && s.spec.sub.bytes != nil && r.IntN(3) != 0 {
			nb, d = s.spec.sub.bytes(m, s.body)
		}
		if nb == nil {
			nb, d = editBytes(r, s.body, false, m.mem)
		}
		s.body = nb
		if s.spec.kind == segI32Bytes {
			s.pre = binary.LittleEndian.AppendUint32(nil, uint32(len(nb)))
		} else {
			s.pre = ixian.AppendVarUInt(nil, uint64(len(nb)))
		}
		return writeFrame(m.mem, segs, rest), name + ": " + d
	case op == 8:
		// Fields dropped, doubled or swapped.
		switch r.IntN(3) {
		case 0:
			segs = slices.Delete(segs, i, i+1)
			return writeFrame(m.mem, segs, rest), name + " removed"
		case 1:
			segs = slices.Insert(segs, i, *s)
			return writeFrame(m.mem, segs, rest), name + " twice"
		default:
			j := r.IntN(len(segs))
			segs[i], segs[j] = segs[j], segs[i]
			return writeFrame(m.mem, segs, rest), name + " and " + segs[i].spec.name + " swapped"
		}
	default:
		// The end: trailing bytes, or the payload cut after or inside a field.
		switch r.IntN(3) {
		case 0:
			return append(writeFrame(m.mem, segs, rest), randBytes(r, 1+r.IntN(3))...), "trailing bytes"
		case 1:
			return writeFrame(m.mem, segs[:i+1], nil), "cut after " + name
		default:
			out := writeFrame(m.mem, segs[:i+1], nil)
			return out[:len(out)-1-r.IntN(min(len(out), 1+len(s.body)))], "cut inside " + name
		}
	}
}
