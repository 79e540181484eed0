package ixianwire

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/ixian"
)

// TestVarintFields checks that the varint step finds the fields where
// impl/ixian reads them, and that every form it writes reads back as the
// value it was given (truncated to the form's width, negated for 0xF8-0xFA).
func TestVarintFields(t *testing.T) {
	x := ixfix.Ixian()
	for _, c := range []struct {
		name    string
		payload []byte
		layout  *layout
	}{{"requestAdd2", x.RequestAdd2, requestAdd2Layout}, {"acceptAdd2", x.Acceptor.AcceptAdd2, acceptAdd2Layout},
		{"keys2", x.Requester.Keys2, keys2Layout}} {
		var spans [8]varintSpan
		k := varintFields(c.payload, c.layout, &spans)
		if k != len(c.layout.s) {
			t.Fatalf("%s: %d varint fields, want %d", c.name, k, len(c.layout.s))
		}
		last := spans[k-1]
		if c.layout.s[k-1] == 'c' && last.off+last.n != len(c.payload) {
			t.Errorf("%s: the last varint ends at %d of %d", c.name, last.off+last.n, len(c.payload))
		}
	}
	for _, v := range varintBoundaries {
		for f := range 8 {
			b := appendVarintForm(nil, f, v)
			got, n, _, err := ixian.DecodeVarInt(b, ixian.Deployed)
			want := int64(v)
			switch f {
			case 0:
				u, n, _, err := ixian.DecodeVarUInt(b, ixian.Deployed)
				if err != nil || u != v || n != len(b) || n != ixian.VarUIntSize(v) {
					t.Errorf("%d: minimal form %x reads %d, %v", v, b, u, err)
				}
				continue
			case 1:
				if b[0] >= 0xF8 {
					continue // a prefix byte: the rest of the payload becomes its value
				}
				want = int64(byte(v))
			case 2, 5:
				want = int64(uint16(v))
			case 3, 6:
				want = int64(uint32(v))
			}
			if f >= 5 {
				want = -want
			}
			if err != nil && (f == 4 || f == 7) && v > math.MaxInt64 {
				continue // outside int64: varint_overflow
			}
			if err != nil || n != len(b) || got != want {
				t.Errorf("%d in form %d: %x reads %d, %v; want %d", v, f, b, got, err, want)
			}
		}
	}
}

// stepFailT records the message of a failure; it stops the check by panicking.
type stepFailT struct{ msg string }

func (f *stepFailT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(f)
}

// TestStepNamesRewrite checks that a failure of a rewritten payload names
// the rewrite, that the step keeps no test once done, and that, once its
// state exists, stepping an input allocates nothing of its own.
func TestStepNamesRewrite(t *testing.T) {
	x := ixfix.Ixian()
	var in []byte
	for i := 0; in == nil; i++ { // an input the step takes: one in four
		if c := append(bytes.Clone(x.Requester.Keys2), byte(i), byte(i>>8)); stepped(c) {
			in = c
		}
	}
	f := &stepFailT{}
	func() {
		defer func() {
			if r := recover(); r != nil && r != any(f) {
				panic(r)
			}
		}()
		checkReencoded(f, in, keys2Layout, func(t check.TB, b []byte) { t.Fatalf("planted %d", len(b)) })
	}()
	if !strings.HasPrefix(f.msg, "after the varint step (the ") || !strings.Contains(f.msg, " in form ") || !strings.Contains(f.msg, "): planted ") {
		t.Fatalf("failure message %q", f.msg)
	}
	spare.Store(nil) // the slot the panic left empty
	checkReencoded(t, in, keys2Layout, func(check.TB, []byte) {})
	if st := spare.Load(); st == nil || st.t != nil {
		t.Fatalf("the step's state after a check: %+v", st)
	}
	if a := testing.AllocsPerRun(20, func() { checkReencoded(t, in, keys2Layout, func(check.TB, []byte) {}) }); a != 0 {
		t.Errorf("the step allocates %v times per input", a)
	}
}
