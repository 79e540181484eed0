package verbeth

import (
	"errors"
	"hash/fnv"
	"math/rand/v2"

	"pgregory.net/rapid"

	"github.com/pqhs/pqhs/impl/verbeth"
)

// Properties, for rapid.Check in the tests and rapid.MakeFuzz in fuzz
// targets. Each takes a *rapid.T; RAPID_CHECKS (or -rapid.checks) raises
// the number of cases from the default 100.

// filled returns n bytes from a generator seeded by a drawn value and the
// label: large inputs without one draw per byte, distinct per label even
// when rapid shrinks every draw to 0.
func filled(t *rapid.T, label string, n int) []byte {
	h := fnv.New64a()
	h.Write([]byte(label))
	r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, label), h.Sum64()))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

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
		A: filled(t, "a", 32), MLKEMSeed: filled(t, "mlkemSeed", 64), R: filled(t, "r", 32), RatchetSecret: filled(t, "rk_s", 32),
		MLKEMMessage: filled(t, "m", 32), FirstRatchetSecret: filled(t, "s1", 32),
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
