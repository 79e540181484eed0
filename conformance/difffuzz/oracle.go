package difffuzz

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
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
// adapter's answer, alone and paired with the reference's. They are
// appended to out. Each feature hashes the family and its parts, each part
// after a zero byte; the parts are written without building strings (a
// case's features cost no allocation).
func (x *execution) features(family string, out []uint64) []uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var num [24]byte
	start := func(kind string) {
		h.Reset()
		h.WriteString(family)
		h.WriteByte(0)
		h.WriteString(kind)
	}
	part := func(s string) {
		h.WriteByte(0)
		h.WriteString(s)
	}
	// The answers, as expected() and actual() name them.
	expected := func() {
		switch {
		case x.refPanic != "":
			part("reference-panic")
		case x.refErr != nil:
			part("reject:")
			h.WriteString(string(category.Of(x.refErr)))
		default:
			part("accept")
		}
	}
	actual := func() {
		switch {
		case x.fault != nil:
			part("fault:")
			h.WriteString(string(x.fault.Kind))
		case x.reply.Kind == conformance.KindOutputs:
			part("accept")
		case x.reply.Kind == conformance.KindReject:
			part("reject:")
			h.WriteString(string(x.reply.Category))
		default:
			part(x.reply.Kind.String())
		}
	}
	start("ref")
	expected()
	out = append(out, h.Sum64())
	fe, isFE := x.refErr.(*category.FieldError) // errors.As's answer, without its reflection
	if !isFE && x.refErr != nil {
		// A variable of its own: errors.As takes its address, which
		// would put fe on the heap at every call.
		var wrapped *category.FieldError
		if isFE = errors.As(x.refErr, &wrapped); isFE {
			fe = wrapped
		}
	}
	if isFE {
		start("check")
		part(fe.Field)
		part(fe.Rule)
		part(string(fe.Cat))
		out = append(out, h.Sum64())
		if got, ok := appendSmallValue(num[:0], fe.Got); ok {
			start("check-got")
			part(fe.Field)
			part(fe.Rule)
			h.WriteByte(0)
			h.Write(got)
			out = append(out, h.Sum64())
		}
	}
	if x.refErr == nil && x.refPanic == "" {
		for name, raw := range x.refOut {
			start("out")
			part(name)
			h.WriteByte(0)
			h.Write(appendShape(num[:0], raw))
			out = append(out, h.Sum64())
		}
	}
	start("impl")
	actual()
	out = append(out, h.Sum64())
	start("pair")
	expected()
	actual()
	return append(out, h.Sum64())
}

// appendSmallValue appends a FieldError's Got when it is a number or a
// short text: lengths and prefixes distinguish paths through a check.
func appendSmallValue(dst []byte, v any) ([]byte, bool) {
	switch n := v.(type) {
	case int:
		return strconv.AppendInt(dst, bucket(int64(n)), 10), true
	case int64:
		return strconv.AppendInt(dst, bucket(n), 10), true
	case uint64:
		return strconv.AppendInt(dst, bucket(int64(min(n, 1<<62))), 10), true
	case byte:
		return strconv.AppendUint(dst, uint64(n), 10), true
	case string:
		if len(n) <= 16 {
			return append(dst, n...), true
		}
	}
	return dst, false
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

// appendShape appends what an output's value says about the path taken:
// the length of a hex or text value, a small number, a boolean.
func appendShape(dst, raw []byte) []byte {
	if len(raw) == 0 {
		return dst
	}
	switch raw[0] {
	case '"':
		return strconv.AppendInt(append(dst, 's'), bucket(int64(len(raw)-2)), 10)
	case 't', 'f', 'n':
		return append(dst, raw...)
	case '{', '[':
		return strconv.AppendInt(append(dst, 'j'), bucket(int64(len(raw))), 10)
	}
	if len(raw) <= 3 {
		return append(dst, raw...)
	}
	return strconv.AppendInt(append(dst, 'n'), int64(len(raw)), 10)
}
