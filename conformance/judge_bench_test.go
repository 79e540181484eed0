package conformance

import (
	"bytes"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/vectors"
)

// judgeBenchDecoders are cmd/conformance's FuzzThroughput decoder families.
var judgeBenchDecoders = []*vectors.Family{
	vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiBytesDecode,
	vectors.IxianRequestAdd2Decode, vectors.IxianAcceptAdd2Decode, vectors.IxianKeys2Decode, vectors.IxianSpixiMessageDecode,
	vectors.VerbethHandshakePayloadDecode, vectors.VerbethUnifiedPubKeysDecode, vectors.VerbethRatchetPayloadDecode,
}

// judgeBenchReplies returns the strict decoder vectors and, for each, the
// answer a correct port sends as the subprocess adapter hands it over: the
// outputs in a map and slices of their own (equal bytes, other memory), or
// a rejection with the category.
func judgeBenchReplies(b *testing.B) ([]Case, []Reply) {
	files, err := vectors.LoadSelected(vectors.FS, func(f *vectors.Family) bool {
		return slices.Contains(judgeBenchDecoders, f)
	})
	if err != nil {
		b.Fatal(err)
	}
	cs := Cases(files)
	rs := make([]Reply, len(cs))
	for i := range cs {
		c := &cs[i]
		if !c.Result.Accepts(vectors.Strict) {
			rs[i] = RejectReply(category.Category(c.ErrorFor(vectors.Strict)), "rejected")
			continue
		}
		out := make(vectors.Values, len(c.Outputs))
		for name, v := range c.Outputs {
			out[name] = bytes.Clone(v)
		}
		rs[i] = OutputsReply(out)
	}
	return cs, rs
}

// BenchmarkJudgeDecoderReply is the judging of a decoder case's answer, as
// differential fuzzing judges the TypeScript port's (every answer right):
// one pass judges every strict vector of the decoder families once, with
// JudgeTo (subject) and with Judge (baseline) in alternation.
//
//	go test -run '^$' -bench JudgeDecoderReply ./conformance
//
// It reports each one's thread CPU time per judged case, the ratio
// (JudgeTo/Judge, thread and process CPU), and each one's heap bytes and
// allocations per case, counted after the timed loop.
func BenchmarkJudgeDecoderReply(b *testing.B) {
	cs, rs := judgeBenchReplies(b)
	scratch := make([]Reply, len(rs)) // judged in place, as the engine's execution holds its reply
	var o Outcome
	check := func(i int) {
		if o.Verdict != Pass {
			b.Fatalf("%s: %s %s", cs[i].Name(), o.Verdict, o.Message)
		}
	}
	judgeTo := func() {
		for i := range cs {
			scratch[i], o = rs[i], Outcome{}
			JudgeTo(&cs[i], vectors.Strict, &scratch[i], false, &o)
			check(i)
		}
	}
	byValue := func() {
		for i := range cs {
			o = Judge(&cs[i], vectors.Strict, rs[i], false)
			check(i)
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r cputime.Ratio
	for b.Loop() {
		r.Measure(judgeTo, byValue)
	}
	n := float64(r.N) * float64(len(cs))
	b.ReportMetric(float64(r.Subject.Nanoseconds())/n, "JudgeTo-cpu-ns/case")
	b.ReportMetric(float64(r.Baseline.Nanoseconds())/n, "Judge-cpu-ns/case")
	b.ReportMetric(r.Thread(), "ratio")
	b.ReportMetric(r.Process(), "ratio-proc")
	for _, f := range []struct {
		name string
		pass func()
	}{{"JudgeTo", judgeTo}, {"Judge", byValue}} {
		by, al := cputime.Allocs(20, f.pass)
		b.ReportMetric(by/float64(len(cs)), f.name+"-B/case")
		b.ReportMetric(al/float64(len(cs)), f.name+"-allocs/case")
	}
}

// BenchmarkJudgeOtherBytes is the judging of a right answer in other bytes
// than the reference's, the one kind that goes past the byte comparison
// in differential fuzzing of the TypeScript port's decoders (0.9% of its
// answers): handshakePayload/decode's note with U+2028 written raw, where
// the reference escapes it, and the other outputs the same.
//
//	go test -run '^$' -bench JudgeOtherBytes ./conformance
func BenchmarkJudgeOtherBytes(b *testing.B) {
	c := &Case{Family: vectors.VerbethHandshakePayloadDecode, Result: vectors.Valid, Outputs: vectors.Values{
		"note":           []byte(`"\u0001<\n中\u2028😀\n\"\u2028\\\u2028\\\u0001é😀0\\é\u00010aéa0😀0"`),
		"proofMessage":   []byte(`"VerbethIdentity v1\nAddress: 0x0000000000000000000000000000000000000001\nChainId: 8453"`),
		"proofSignature": []byte(`"0x` + strings.Repeat("ab", 65) + `"`),
	}}
	out := maps.Clone(c.Outputs)
	out["note"] = []byte("\"\\u0001<\\n中\u2028😀\\n\\\"\u2028\\\\\u2028\\\\\\u0001é😀0\\\\é\\u00010aéa0😀0\"")
	r := OutputsReply(out)
	var o Outcome
	pass := func() {
		o = Outcome{}
		JudgeTo(c, vectors.Strict, &r, false, &o)
		if o.Verdict != Pass {
			b.Fatalf("%s %s", o.Verdict, o.Message)
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := cputime.Thread() // around the loop: a clock read costs about what a judgement does
	for b.Loop() {
		pass()
	}
	b.ReportMetric(float64(cputime.Thread()-t0)/float64(b.N), "cpu-ns/case")
	by, al := cputime.Allocs(20, pass)
	b.ReportMetric(by, "B/case")
	b.ReportMetric(al, "allocs/case")
}
