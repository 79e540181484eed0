package difffuzz

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Finding is an input on which the implementation and the reference
// disagree, minimised, with everything needed to act on it.
type Finding struct {
	// Signature identifies the finding: family, the reference's answer,
	// the adapter's answer, and the first output that differs. Repeats of
	// a signature are counted, not reported again.
	Signature string          `json:"signature"`
	Family    string          `json:"family"`
	Profile   vectors.Profile `json:"profile"`
	// Count is the number of generated inputs that showed it.
	Count int `json:"count"`
	// FoundAfter and FoundAtExec say when it was first seen.
	FoundAfter  time.Duration `json:"foundAfterNs"`
	FoundAtExec int64         `json:"foundAtExec"`
	// Origin says how the first input was made: its base and mutations.
	Origin string `json:"origin"`
	// Known marks a finding already in the corpus directory.
	Known bool `json:"known,omitempty"`
	// Inputs are the minimised inputs.
	Inputs vectors.Values `json:"inputs"`
	// Expected is the reference's answer, Actual the adapter's.
	Expected Answer `json:"expected"`
	Actual   Answer `json:"actual"`
	// Message is the judgement, as the runner words it.
	Message    string             `json:"message"`
	Mismatches []vectors.Mismatch `json:"mismatches,omitempty"`
	// Case is the finding as a vector test, ready to add to the family's
	// file: its result and outputs come from the reference under both
	// profiles. TcID is its number in the corpus directory's findings file.
	Case vectors.Test `json:"case"`
	TcID int          `json:"tcId,omitempty"`
	// CaseNote says why Case could not say everything, when it could not
	// (the profiles accept with different outputs).
	CaseNote string `json:"caseNote,omitempty"`
	// Reproduce is one command line that replays the finding.
	Reproduce string `json:"reproduce,omitempty"`
}

// Answer is one side's answer to a finding's inputs.
type Answer struct {
	Kind     string         `json:"kind"` // outputs, reject, error, unsupported, fault, panic
	Category string         `json:"category,omitempty"`
	Message  string         `json:"message,omitempty"`
	Outputs  vectors.Values `json:"outputs,omitempty"`
}

// fill completes a finding from its minimised inputs and their execution.
func (f *Finding) fill(fam *vectors.Family, in vectors.Values, x *execution, origin string) {
	f.Inputs = in
	switch {
	case x.refPanic != "":
		f.Expected = Answer{Kind: "panic", Message: x.refPanic}
	case x.refErr != nil:
		f.Expected = Answer{Kind: "reject", Category: string(category.Of(x.refErr)), Message: x.refErr.Error()}
	default:
		f.Expected = Answer{Kind: "outputs", Outputs: x.refOut}
	}
	switch {
	case x.fault != nil:
		f.Actual = Answer{Kind: "fault", Category: string(x.fault.Kind), Message: x.fault.Error()}
		if x.fault.Stderr != "" {
			f.Actual.Message += "\n" + x.fault.Stderr
		}
	case x.reply.Kind == conformance.KindOutputs:
		f.Actual = Answer{Kind: "outputs", Outputs: x.reply.Outputs}
	case x.reply.Kind == conformance.KindReject:
		f.Actual = Answer{Kind: "reject", Category: string(x.reply.Category), Message: x.reply.Message}
	default:
		f.Actual = Answer{Kind: x.reply.Kind.String(), Message: x.reply.Message}
	}
	f.Message = x.outcome.Message
	f.Mismatches = x.outcome.Mismatches
	f.Case, f.CaseNote = vectorCase(fam, in, origin)
}

// vectorCase makes a vector test of inputs: valid, invalid or acceptable
// as the reference decides under each profile (spec/vectors.md).
func vectorCase(fam *vectors.Family, in vectors.Values, origin string) (vectors.Test, string) {
	t := vectors.Test{Comment: "found by differential fuzzing: " + origin, Flags: []string{"DiffFuzz"}, Inputs: in}
	sOut, sPanic, sErr := runReference(fam, vectors.Strict, in)
	dOut, dPanic, dErr := runReference(fam, vectors.Deployed, in)
	if sPanic != "" || dPanic != "" {
		return t, "the reference panics on these inputs"
	}
	sCat, dCat := category.Of(sErr), category.Of(dErr)
	switch {
	case sErr == nil && dErr == nil:
		t.Result, t.Outputs = vectors.Valid, sOut
		if !sameValues(sOut, dOut) {
			return t, "the profiles accept with different outputs; these are the strict profile's"
		}
	case sErr != nil && dErr == nil:
		t.Result, t.Error, t.Outputs = vectors.Acceptable, string(sCat), dOut
	case sErr != nil && dErr != nil:
		t.Result, t.Error = vectors.Invalid, string(sCat)
		if dCat != sCat {
			t.DeployedError = string(dCat)
		}
	default:
		t.Result, t.Error = vectors.Invalid, string(dCat)
		return t, "the strict profile accepts what the deployed profile rejects; a vector cannot say so"
	}
	return t, ""
}

func sameValues(a, b vectors.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if string(b[k]) != string(v) {
			return false
		}
	}
	return true
}

// minimize shrinks a finding's inputs while its signature stays: first
// field by field (each field back to the base's value, optional fields
// away), then byte by byte (runs of bytes or characters removed, halving
// the run until single ones).
func (l *laneState) minimize(ctx context.Context, g *familyGen, in *input, x *execution, sig string) (vectors.Values, *execution) {
	e := l.e
	cur, best := maps.Clone(in.values), x
	budget := e.opt.MinimizeExecs
	spent := func() bool { return budget <= 0 || ctx.Err() != nil }
	try := func(cand vectors.Values) bool {
		if spent() {
			return false
		}
		budget--
		e.minExecs.Add(1)
		nx := l.exec(ctx, g, cand)
		if nx.discard {
			return false
		}
		if s, bad := nx.signature(g.fam.Name); bad && s == sig {
			cur, best = cand, nx
			return true
		}
		return false
	}
	base := in.base.in
	for _, name := range slices.Sorted(maps.Keys(cur)) {
		bv, inBase := base[name]
		cand := maps.Clone(cur)
		switch {
		case inBase && string(bv) != string(cur[name]):
			cand[name] = bv
		case !inBase:
			delete(cand, name)
		default:
			continue
		}
		try(cand)
	}
	for _, fd := range g.fam.Inputs {
		if fd.Optional && cur.Has(fd.Name) {
			cand := maps.Clone(cur)
			delete(cand, fd.Name)
			try(cand)
		}
	}
	for _, fd := range g.fam.Inputs {
		if !cur.Has(fd.Name) || localInputs[fd.Name] {
			continue // an implementation's own inputs stay well-formed
		}
		switch fd.Type {
		case vectors.Hex:
			b, err := cur.Bytes(fd.Name)
			if err != nil || len(b) > 4096 {
				continue
			}
			shrink(len(b), func(i, j int) bool {
				if spent() {
					// try would refuse it: not worth decoding and
					// copying the value for each of the n·log n cuts.
					return false
				}
				b, _ := cur.Bytes(fd.Name)
				if j > len(b) {
					return false
				}
				cand := maps.Clone(cur)
				cand.SetBytes(fd.Name, slices.Delete(slices.Clone(b), i, j))
				return try(cand)
			})
		case vectors.String:
			s, err := cur.String(fd.Name)
			if err != nil || len(s) > 1024 {
				continue
			}
			shrink(len([]rune(s)), func(i, j int) bool {
				if spent() {
					return false
				}
				s, _ := cur.String(fd.Name)
				rs := []rune(s)
				if j > len(rs) {
					return false
				}
				cand := maps.Clone(cur)
				cand[fd.Name] = jsString(string(slices.Delete(rs, i, j)))
				return try(cand)
			})
		}
	}
	return cur, best
}

// shrink tries removing runs [i, j) of an n-element value, from half of
// it down to single elements; cut reports whether a removal was kept.
func shrink(n int, cut func(i, j int) bool) {
	for size := max(1, n/2); size >= 1; size /= 2 {
		for i := 0; i+size <= n; {
			if cut(i, i+size) {
				n -= size
				continue
			}
			i += size
		}
		if size == 1 {
			break
		}
	}
}
