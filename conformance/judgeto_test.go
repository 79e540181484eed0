package conformance_test

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// JudgeTo judges as Judge does, into the caller's outcome, pointing at the
// caller's reply and leaving its outputs the adapter's (Judge's outcome may
// hold the vector's when they are the same bytes).
func TestJudgeToIsJudge(t *testing.T) {
	valid := &conformance.Case{Family: vectors.VerbethTag, Result: vectors.Valid,
		Outputs: vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}).SetBytes("inResponseTo", []byte{0xab})}
	invalid := &conformance.Case{Family: vectors.VerbethTag, Result: vectors.Invalid, Error: string(category.FieldLength)}
	for _, tc := range []struct {
		name  string
		c     *conformance.Case
		reply conformance.Reply
		loose bool
	}{
		{"same bytes", valid, conformance.OutputsReply(vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}).SetBytes("inResponseTo", []byte{0xab})), false},
		{"upper-case hex", valid, conformance.OutputsReply(vectors.Values{"inResponseTo": []byte(`"AB"`)}.SetBytes("ecdh", []byte{1, 2})), false},
		{"one differs", valid, conformance.OutputsReply(vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{4}).SetBytes("inResponseTo", []byte{0xab})), false},
		{"rejected", valid, conformance.RejectReply(category.FieldLength, "no"), false},
		{"accepted", invalid, conformance.OutputsReply(vectors.Values{}.SetBytes("okm", []byte{3})), false},
		{"right category", invalid, conformance.RejectReply(category.FieldLength, "no"), false},
		{"wrong category", invalid, conformance.RejectReply(category.Truncated, "no"), false},
		{"wrong category, loose", invalid, conformance.RejectReply(category.Truncated, "no"), true},
		{"unknown category", invalid, conformance.RejectReply("nonsense", "no"), false},
		{"unsupported", valid, conformance.UnsupportedReply("later"), false},
		{"error", valid, conformance.ErrorReply("broken"), false},
	} {
		want := conformance.Judge(tc.c, vectors.Strict, tc.reply, tc.loose)
		r := tc.reply
		var got conformance.Outcome
		conformance.JudgeTo(tc.c, vectors.Strict, &r, tc.loose, &got)
		if got.Reply != &r {
			t.Errorf("%s: the outcome's reply is not the caller's", tc.name)
		}
		if reflect.ValueOf(r.Outputs).UnsafePointer() != reflect.ValueOf(tc.reply.Outputs).UnsafePointer() {
			t.Errorf("%s: the reply's outputs were replaced", tc.name)
		}
		got.Reply, want.Reply = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: JudgeTo %+v, Judge %+v", tc.name, got, want)
		}
	}
}

// An answer that passes with other bytes than the vector's (upper-case
// hex, another escape of the same string) is compared field by field
// without building the map of differing outputs or Compare's sorted
// names: judging it allocates nothing when its types need no decoding.
func TestJudgePassBuildsNothing(t *testing.T) {
	c := &conformance.Case{Family: vectors.VerbethTag, Result: vectors.Valid,
		Outputs: vectors.Values{}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}).SetBytes("inResponseTo", []byte{0xab})}
	r := conformance.OutputsReply(vectors.Values{"inResponseTo": []byte(`"AB"`)}.SetBytes("ecdh", []byte{1, 2}).SetBytes("okm", []byte{3}))
	var o conformance.Outcome
	judge := func() {
		o = conformance.Outcome{}
		conformance.JudgeTo(c, vectors.Strict, &r, false, &o)
	}
	if n := testing.AllocsPerRun(10, judge); n != 0 || o.Verdict != conformance.Pass {
		t.Errorf("%s %q with %v allocations per call, want a pass with none", o.Verdict, o.Message, n)
	}
	// A string output in other escapes: the port writes U+2028 raw, the
	// reference escapes it.
	note := &conformance.Case{Family: vectors.VerbethHandshakePayloadDecode, Result: vectors.Valid,
		Outputs: vectors.Values{"note": []byte(`"a\u2028b"`), "proofMessage": []byte(`"m"`)}}
	for _, tc := range []struct {
		out  vectors.Values
		want conformance.Verdict
	}{
		{vectors.Values{"note": []byte("\"a\u2028b\""), "proofMessage": []byte(`"m"`)}, conformance.Pass},
		{vectors.Values{"note": []byte(`"a\u2029b"`), "proofMessage": []byte(`"m"`)}, conformance.Fail},
		{vectors.Values{"note": []byte(`"a\u2028b"`)}, conformance.Fail},
	} {
		o := conformance.Judge(note, vectors.Strict, conformance.OutputsReply(tc.out), false)
		if o.Verdict != tc.want {
			t.Errorf("%s: %s %q, want %s", tc.out, o.Verdict, o.Message, tc.want)
		}
	}
}
