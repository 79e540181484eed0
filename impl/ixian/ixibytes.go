package ixian

import (
	"math"

	"github.com/pqhs/pqhs/impl/category"
)

// AppendIxiBytes appends v as IxiBytes (spec/ixian-s2.md §3): the
// IxiVarInt of its length, then the bytes. nil and empty both encode as the
// single byte 00.
func AppendIxiBytes(dst, v []byte) []byte {
	return append(AppendVarUInt(dst, uint64(len(v))), v...)
}

// IxiBytesSize is the length of AppendIxiBytes's encoding of v.
func IxiBytesSize(v []byte) int { return VarUIntSize(uint64(len(v))) + len(v) }

// DecodeIxiBytes reads one IxiBytes field from the start of b (§3) and
// returns its bytes and the number of bytes read. The value is a sub-slice of b (its
// capacity ends with it), so nothing is allocated; a zero length gives nil,
// as Ixian-Core returns null.
//
// The length is an unsigned IxiVarInt with DecodeVarUInt's errors. A length
// above 2^31-1 is varint_overflow (Ixian-Core: "Invalid length specified");
// a length above what remains of b is truncated. Both are checked before
// anything else happens.
func DecodeIxiBytes(b []byte, p Profile) (value []byte, n int, err error) {
	return readIxiBytes("IxiBytes", b, p)
}

func readIxiBytes(field string, b []byte, p Profile) ([]byte, int, error) {
	l, n, _, err := readVarUInt(field, b, p)
	if err != nil {
		return nil, 0, err
	}
	if l > math.MaxInt32 {
		return nil, 0, fieldErr(field, "length-int32", category.VarintOverflow, l, "at most 2^31-1")
	}
	if rest := uint64(len(b) - n); l > rest {
		return nil, 0, fieldErr(field, "length", category.Truncated, rest, l)
	}
	if l == 0 {
		return nil, n, nil
	}
	end := n + int(l)
	return b[n:end:end], end, nil
}
