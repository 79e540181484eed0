package verbethgen

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/pqhs/pqhs/vectors"
)

// The scenario tests of the Verbeth files form one exchange: every input
// that comes from an earlier step is byte for byte that step's output in
// its own file. A port can therefore replay the files in order as one
// conversation, and a change to one step that the next does not follow
// fails here.
func TestVerbethScenarioIsChained(t *testing.T) {
	files := map[*vectors.Family]*vectors.File{}
	load := func(fam *vectors.Family) *vectors.File {
		if f, ok := files[fam]; ok {
			return f
		}
		raw, err := fs.ReadFile(vectors.FS, fam.FileName())
		if err != nil {
			t.Fatal(err)
		}
		f, err := vectors.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		files[fam] = f
		return f
	}
	// test returns the inputs (group's and test's) and outputs of a test.
	test := func(family *vectors.Family, comment string) (in, out vectors.Values) {
		f := load(family)
		for _, g := range f.TestGroups {
			for _, tc := range g.Tests {
				if tc.Comment == comment {
					return g.InputsOf(&tc), tc.Outputs
				}
			}
		}
		t.Fatalf("%s: no test %q", family, comment)
		return nil, nil
	}
	same := func(what string, a, b json.RawMessage) {
		t.Helper()
		if a == nil || b == nil {
			t.Errorf("%s: missing (%s / %s)", what, a, b)
			return
		}
		var x, y any
		if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
			t.Errorf("%s: not JSON", what)
			return
		}
		ca, _ := json.Marshal(x)
		cb, _ := json.Marshal(y)
		if !bytes.Equal(ca, cb) {
			t.Errorf("%s differs:\n  %.120s\n  %.120s", what, ca, cb)
		}
	}

	_, hs := test(vectors.VerbethHandshakeInitiate, "Alice initiates to Bob")
	respIn, resp := test(vectors.VerbethHandshakeRespond, "Bob responds to Alice")
	same("respond.initiatorEphemeralPubKey = initiate.ephemeralPubKey", respIn["initiatorEphemeralPubKey"], hs["ephemeralPubKey"])

	payIn, pay := test(vectors.VerbethHandshakePayloadDecode, "Alice's payload as the SDK writes it")
	same("handshakePayload.plaintextPayload = initiate.plaintextPayload", payIn["plaintextPayload"], hs["plaintextPayload"])
	initIn, _ := test(vectors.VerbethHandshakeInitiate, "Alice initiates to Bob")
	same("decoded note", pay["note"], initIn["note"])
	same("decoded proof", pay["proofMessage"], initIn["proofMessage"])

	for _, c := range []struct {
		family  *vectors.Family
		comment string
	}{
		{vectors.VerbethResponseOpen, "Bob's response as the SDK writes it"},
		{vectors.VerbethResponseMatch, "one pending handshake, P0"},
	} {
		in, _ := test(c.family, c.comment)
		for _, name := range []string{"inResponseTo", "responderEphemeralR", "ciphertext"} {
			same(c.family.Name+"."+name+" = respond."+name, in[name], resp[name])
		}
	}
	openIn, open := test(vectors.VerbethResponseOpen, "Bob's response as the SDK writes it")
	same("open.ephemeralSecret = initiate.ephemeralSecret", openIn["ephemeralSecret"], initIn["ephemeralSecret"])
	same("open.mlkemSeed = initiate.mlkemSeed", openIn["mlkemSeed"], initIn["mlkemSeed"])

	siIn, si := test(vectors.VerbethSessionInitiator, "Alice's session after Bob's response")
	same("initiator.ratchetPublicKey = open.ratchetPublicKey", siIn["ratchetPublicKey"], open["ratchetPublicKey"])
	same("initiator.kemSecret = open.kemSecret", siIn["kemSecret"], open["kemSecret"])
	same("initiator.inResponseTo = respond.inResponseTo", siIn["inResponseTo"], resp["inResponseTo"])
	same("initiator.ephemeralSecret = initiate.ephemeralSecret", siIn["ephemeralSecret"], initIn["ephemeralSecret"])

	srIn, sr := test(vectors.VerbethSessionResponder, "Bob's session after his response")
	same("responder.kemSecret = respond.kemSecret", srIn["kemSecret"], resp["kemSecret"])
	same("responder.inResponseTo = respond.inResponseTo", srIn["inResponseTo"], resp["inResponseTo"])
	same("responder.initiatorEphemeralX25519 = initiate.ephemeralX25519", srIn["initiatorEphemeralX25519"], hs["ephemeralX25519"])
	same("responder.ratchetSecret = respond.ratchetSecret", srIn["ratchetSecret"], respIn["ratchetSecret"])
	same("conversation ids", si["conversationId"], sr["conversationId"])

	e1In, e1 := test(vectors.VerbethRatchetEncrypt, "Alice's first message")
	same("encrypt 1 state = initiator state", e1In["state"], si["state"])
	d1In, d1 := test(vectors.VerbethRatchetDecrypt, "Bob receives Alice's first message on his inbound topic: his DH step")
	same("decrypt 1 state = responder state", d1In["state"], sr["state"])
	same("decrypt 1 payload = encrypt 1 payload", d1In["payload"], e1["payload"])
	same("decrypt 1 topic = encrypt 1 topic", d1In["topic"], e1["topic"])

	e2In, e2 := test(vectors.VerbethRatchetEncrypt, "Bob's reply, after his DH step")
	same("encrypt 2 state = decrypt 1 state", e2In["state"], d1["state"])
	d2In, _ := test(vectors.VerbethRatchetDecrypt, "Alice receives Bob's reply on her next inbound topic: promotion, then her DH step")
	same("decrypt 2 state = encrypt 1 state", d2In["state"], e1["state"])
	same("decrypt 2 payload = encrypt 2 payload", d2In["payload"], e2["payload"])
	same("decrypt 2 topic = encrypt 2 topic", d2In["topic"], e2["topic"])

	splitIn, _ := test(vectors.VerbethRatchetPayloadDecode, "Alice's first message")
	same("payload decode = encrypt 1 payload", splitIn["payload"], e1["payload"])
}
