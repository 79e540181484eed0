package difffuzz

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// features hashes the same bytes as the strings it was first written with
// (kept below as stringFeatures): the same behaviours, so the same inputs
// kept and the same campaigns.
func TestFeaturesAsStrings(t *testing.T) {
	fe := func(got any) error {
		return fmt.Errorf("wrapped: %w", &category.FieldError{Field: "aesSalt", Rule: "length", Cat: category.Category("salt_length"), Got: got})
	}
	refErrs := []error{nil, errors.New("plain"), category.Category("bad_key"), fe(7), fe(1000), fe(int64(-90)), fe(uint64(1) << 63), fe(byte(0xf8)), fe("short"), fe("a longer text than sixteen"), fe(3.5)}
	outs := []vectors.Values{nil, {"a": []byte(`"00ff"`), "b": []byte(`true`), "c": []byte(`12`), "d": []byte(`123456`), "e": []byte(`{"x":1}`), "f": []byte(`[]`), "g": []byte(``), "h": []byte(`null`), "i": []byte(strings.Repeat("9", 100)), "j": []byte(`"` + strings.Repeat("ab", 60) + `"`)}}
	replies := []conformance.Reply{
		conformance.OutputsReply(nil), conformance.RejectReply("salt_length", ""), conformance.UnsupportedReply(""), conformance.ErrorReply(""),
	}
	n := 0
	for _, err := range refErrs {
		for _, out := range outs {
			for _, panicked := range []string{"", "boom"} {
				for _, rep := range replies {
					for _, fault := range []*conformance.Fault{nil, {Kind: conformance.FaultTimeout}} {
						x := &execution{refOut: out, refErr: err, refPanic: panicked, reply: rep, fault: fault}
						got, want := x.features("ixian/x", nil), stringFeatures(x, "ixian/x")
						slices.Sort(got)
						slices.Sort(want)
						if !slices.Equal(got, want) {
							t.Fatalf("%+v: features %x, as strings %x", x, got, want)
						}
						n++
					}
				}
			}
		}
	}
	t.Logf("%d executions", n)
}

// stringFeatures is features as it was first written, with strings.
func stringFeatures(x *execution, family string) []uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	out := make([]uint64, 0, 8)
	add := func(parts ...string) {
		h.Reset()
		h.WriteString(family)
		for _, p := range parts {
			h.WriteByte(0)
			h.WriteString(p)
		}
		out = append(out, h.Sum64())
	}
	exp := x.expected()
	add("ref", exp)
	var fe *category.FieldError
	if errors.As(x.refErr, &fe) {
		add("check", fe.Field, fe.Rule, string(fe.Cat))
		if got, ok := smallValue(fe.Got); ok {
			add("check-got", fe.Field, fe.Rule, got)
		}
	}
	if x.refErr == nil && x.refPanic == "" {
		for name, raw := range x.refOut {
			add("out", name, shapeOf(raw))
		}
	}
	act := x.actual()
	add("impl", act)
	add("pair", exp, act)
	return out
}

func smallValue(v any) (string, bool) {
	switch n := v.(type) {
	case int:
		return fmt.Sprint(bucket(int64(n))), true
	case int64:
		return fmt.Sprint(bucket(n)), true
	case uint64:
		return fmt.Sprint(bucket(int64(min(n, 1<<62)))), true
	case byte:
		return fmt.Sprint(n), true
	case string:
		if len(n) <= 16 {
			return n, true
		}
	}
	return "", false
}

func shapeOf(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		return fmt.Sprintf("s%d", bucket(int64(len(raw)-2)))
	case 't', 'f', 'n':
		return string(raw)
	case '{', '[':
		return fmt.Sprintf("j%d", bucket(int64(len(raw))))
	}
	if len(raw) <= 3 {
		return string(raw)
	}
	return fmt.Sprintf("n%d", len(raw))
}
