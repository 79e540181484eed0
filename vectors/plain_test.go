package vectors

import (
	"math"
	"testing"
)

// appendPlain writes what encoding/json (marshalCompact) writes, for every
// value it takes, and declines the strings the encoder escapes.
func TestAppendPlainAgreesWithEncoder(t *testing.T) {
	xs := []any{0, 1, -1, 72, math.MaxInt, math.MinInt, int32(math.MinInt32), int32(math.MaxInt32),
		int64(math.MinInt64), int64(math.MaxInt64), uint32(math.MaxUint32), uint64(math.MaxUint64), true, false,
		"", "note", "a b<c>&d'e", "0x1f", "\u00e9", "\u2028", "a\x7fb", "\xff"}
	for c := range 128 {
		xs = append(xs, string(rune(c)), "x"+string(rune(c))+"y")
	}
	taken := 0
	for _, x := range xs {
		want, err := marshalCompact(x)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := appendPlain(nil, x)
		if !ok {
			continue
		}
		taken++
		if string(got) != string(want) {
			t.Errorf("%#v: appendPlain = %s, encoding/json = %s", x, got, want)
		}
	}
	if taken < 200 {
		t.Errorf("appendPlain took %d of %d values", taken, len(xs))
	}
	for _, x := range []any{"\"", "\\", "\n", "\x00", "\u00e9", "\x7f", 1.5, []int{1}} {
		if got, ok := appendPlain(nil, x); ok {
			t.Errorf("%#v: appendPlain took it (%s)", x, got)
		}
	}
}
