package difffuzz

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// expectation is what the reference's answer requires of the adapter, as
// a vector test: its outputs, or a rejection with its category. ok is
// false when the reference calls the inputs malformed (no category): such
// an input is the generator's fault, not a case.
func expectation(family *vectors.Family, out vectors.Values, err error) (c conformance.Case, ok bool) {
	if err == nil {
		return conformance.Case{Family: family, Result: vectors.Valid, Outputs: out}, true
	}
	cat := category.Of(err)
	if cat == "" {
		return c, false
	}
	return conformance.Case{Family: family, Result: vectors.Invalid, Error: string(cat)}, true
}

// answer names an answer in a signature: "accept", "reject:salt_length",
// "error", "unsupported", "fault:timeout".
func (x *execution) actual() string {
	if x.fault != nil {
		return "fault:" + string(x.fault.Kind)
	}
	switch x.reply.Kind {
	case conformance.KindOutputs:
		return "accept"
	case conformance.KindReject:
		return "reject:" + string(x.reply.Category)
	}
	return x.reply.Kind.String()
}

// expected names the reference's answer.
func (x *execution) expected() string {
	if x.refPanic != "" {
		return "reference-panic"
	}
	if x.refErr != nil {
		return "reject:" + string(category.Of(x.refErr))
	}
	return "accept"
}

// signature is the finding's identity: family, expected and actual answer,
// and the first output that differs. bad is false when the adapter agreed
// (or skipped the case).
func (x *execution) signature(family string) (sig string, bad bool) {
	switch x.outcome.Verdict {
	case conformance.Pass, conformance.Skip:
		if x.refPanic == "" {
			return "", false
		}
	}
	field := ""
	if len(x.outcome.Mismatches) > 0 {
		names := make([]string, len(x.outcome.Mismatches))
		for i, m := range x.outcome.Mismatches {
			names[i] = m.Field
		}
		slices.Sort(names)
		field = names[0]
	}
	if x.refPanic != "" {
		// A panic is identified by where it happened, not by the answer.
		field = panicSite(x.refPanic)
		return family + " | reference-panic | " + field, true
	}
	return fmt.Sprintf("%s | want %s | got %s | %s", family, x.expected(), x.actual(), field), true
}

// panicSite is the first line of the panic value: what and where.
func panicSite(p string) string {
	first, _, _ := strings.Cut(p, "\n")
	if len(first) > 120 {
		first = first[:120]
	}
	return first
}

var seed = maphash.MakeSeed()

// features are the behaviours an execution shows, hashed: the feedback that
// decides which inputs are kept (see the package doc). They are the
// reference's verdict and the exact check that rejected (the FieldError's
// field, rule and category, and what it got when that is a small number),
// the shape of an acceptance (each output's length or small value), and the
// adapter's answer, alone and paired with the reference's.
func (x *execution) features(family string) []uint64 {
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

// smallValue formats a FieldError's Got when it is a number or a short
// text: lengths and prefixes distinguish paths through a check.
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

// bucket keeps small numbers and logarithmic classes of large ones.
func bucket(n int64) int64 {
	if n < 0 {
		return -bucket(-n)
	}
	if n <= 72 {
		return n
	}
	b := int64(1)
	for b < n {
		b <<= 1
	}
	return b
}

// shapeOf is what an output's value says about the path taken: the
// length of a hex or text value, a small number, a boolean.
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
