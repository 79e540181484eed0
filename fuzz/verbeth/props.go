package verbeth

import (
	"errors"

	"pgregory.net/rapid"

	"github.com/pqhs/pqhs/fuzz/internal/draw"

	"github.com/pqhs/pqhs/impl/verbeth"
)

// Properties, for rapid.Check in the tests and rapid.MakeFuzz in fuzz
// targets. Each takes a *rapid.T; RAPID_CHECKS (or -rapid.checks) raises
// the number of cases from the default 100.

// PropVerbethAgreement checks that for random secrets and notes, the Verbeth
// initiator and responder derive the same tag, KEM secret, hybrid secret,
// root and chain keys and mirrored topics, and exchange a message each
// way; the initiator reads the responder's note.
func PropVerbethAgreement(t *rapid.T) {
	p := verbeth.Deployed
	if rapid.Bool().Draw(t, "strict") {
		p = verbeth.Strict
	}
	in := VerbethSecrets{
		A: draw.Filled(t, "a", 32), MLKEMSeed: draw.Filled(t, "mlkemSeed", 64), R: draw.Filled(t, "r", 32), RatchetSecret: draw.Filled(t, "rk_s", 32),
		MLKEMMessage: draw.Filled(t, "m", 32), FirstRatchetSecret: draw.Filled(t, "s1", 32),
		Note: rapid.String().Draw(t, "note"), OmitNote: rapid.Bool().Draw(t, "omitNote"),
	}
	r, err := runVerbeth(in, p)
	if errors.Is(err, errDegenerate) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	checkVerbethAgreement(t, r)
	if r.opened.HasNote == in.OmitNote || (!in.OmitNote && r.opened.Note != in.Note) {
		t.Fatalf("note %q (omitted %v) opened as %q (present %v)", in.Note, in.OmitNote, r.opened.Note, r.opened.HasNote)
	}
}
