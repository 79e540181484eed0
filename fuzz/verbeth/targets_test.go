package verbeth

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/vbfix"
	"github.com/pqhs/pqhs/impl/verbeth"
)

// Native fuzz targets of the Verbeth handshake and ratchet. The checks are
// in verbeth_wire.go and verbeth_agree.go; the seed corpora in
// testdata/fuzz come from the vectors.

// The seeds of the wire targets are made once per process: go-118-fuzz-build's
// harness calls a target's FuzzX on every input, so under libFuzzer seeds
// made in FuzzX were made again for every execution, the same cost in a
// target and in its bare twin.

var handshakePayloadSeeds = sync.OnceValue(func() [][]byte {
	v := vbfix.Verbeth()
	return [][]byte{v.Handshake.PlaintextPayload, []byte("0x" + strings.Repeat("7b", 3)),
		append([]byte("\uFEFF"), v.Handshake.PlaintextPayload...),
		[]byte(`{"plaintextPayload":"\ud800","identityProof":{"message":"m","signature":"s","messageRawHex":1}}`)}
})

func FuzzHandshakePayload(f *testing.F) {
	for _, s := range handshakePayloadSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, plaintextPayload []byte) { CheckHandshakePayload(t, plaintextPayload) })
}

func FuzzUnifiedPubKeys(f *testing.F) {
	v := vbfix.Verbeth()
	k := v.Bob.Keys().Bytes()
	f.Add(k)
	f.Add(k[1:]) // the legacy 64-byte form
	f.Add(append([]byte{2}, k[1:]...))
	f.Fuzz(func(t *testing.T, pubKeys []byte) { CheckUnifiedPubKeys(t, pubKeys) })
}

func FuzzRatchetPayload(f *testing.F) {
	v := vbfix.Verbeth()
	f.Add(v.Msg1.Payload)
	f.Add(v.Msg1.Payload[:144])
	f.Add(append([]byte{2}, v.Msg1.Payload[1:]...))
	f.Fuzz(func(t *testing.T, payload []byte) { CheckRatchetPayload(t, payload) })
}

func FuzzBindingMessage(f *testing.F) {
	v := vbfix.Verbeth()
	f.Add(v.Alice.Proof.Message)
	f.Add(strings.ReplaceAll(v.Alice.Proof.Message, "\n", "\r\n"))
	f.Add(strings.Replace(v.Alice.Proof.Message, "ExecutorAddress", "ExecutorSafe", 1))
	f.Add("\nAddress: XE00\nChainId: 0x\nExecutorSafe: 0")
	f.Fuzz(func(t *testing.T, message string) { CheckBindingMessage(t, message) })
}

func FuzzIdentityProof(f *testing.F) {
	v := vbfix.Verbeth()
	a := v.Alice
	f.Add(a.Proof.Message, a.Proof.Signature, a.Address, v.RpID, a.XPub[:], []byte(a.EdPub), v.ChainID)
	f.Add(a.Proof.Message, a.Proof.Signature[:131], strings.ToUpper(a.Address), "", a.XPub[:], []byte(a.EdPub), int64(-1))
	f.Add("\nAddress: XE00\nChainId: 0x\nExecutorSafe: 0", "0x", "", "", []byte{}, []byte{}, int64(0))
	f.Fuzz(func(t *testing.T, message, signature, eventSender, rpID string, wireX25519, wireEd25519 []byte, chainID int64) {
		CheckIdentityProof(t, message, signature, eventSender, rpID, wireX25519, wireEd25519, chainID)
	})
}

func responseEnvelopeSeeds(f *testing.F) {
	for _, s := range responseEnvelopeSeedArgs() {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
}

var responseEnvelopeSeedArgs = sync.OnceValue(func() [][5][]byte {
	v := vbfix.Verbeth()
	e := v.Event
	keys := [4][]byte{v.EphemeralSecret, v.MLKEMSeed, e.ResponderEphemeralR[:], e.InResponseTo[:]}
	var out [][5][]byte
	for _, ct := range [][]byte{e.Ciphertext, []byte(`{"epk":"AAAA","n":null,"ct":5}`), []byte("0x" + strings.Repeat("7b22", 4))} {
		out = append(out, [5][]byte{keys[0], keys[1], keys[2], keys[3], ct})
	}
	return out
})

func FuzzResponseEnvelope(f *testing.F) {
	responseEnvelopeSeeds(f)
	f.Fuzz(func(t *testing.T, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext []byte) {
		CheckResponseEnvelope(t, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext)
	})
}

func FuzzResponseOpen(f *testing.F) {
	responseEnvelopeSeeds(f)
	f.Fuzz(func(t *testing.T, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext []byte) {
		CheckResponseOpen(t, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext)
	})
}

func FuzzResponseInner(f *testing.F) {
	v := vbfix.Verbeth()
	in := v.Response.InnerPlaintext()
	f.Add(in)
	f.Add(append([]byte("\uFEFF"), in...))
	f.Add(bytes.Replace(in, []byte(`"note":"Hi Alice"`), []byte(`"note":5`), 1))
	f.Add([]byte(`{"identityProof":1,"unifiedPubKeys":"","ephemeralPubKey":"","kemCiphertext":"AAAA"}`))
	f.Fuzz(func(t *testing.T, innerPlaintext []byte) { CheckResponseInner(t, innerPlaintext) })
}

func FuzzRespond(f *testing.F) {
	v := vbfix.Verbeth()
	f.Add(v.Handshake.EphemeralPubKey)
	f.Add(make([]byte, 1216))
	f.Add(bytes.Repeat([]byte{0xFF}, 1216))
	f.Fuzz(func(t *testing.T, initiatorEphemeralPubKey []byte) { CheckRespond(t, initiatorEphemeralPubKey) })
}

func FuzzSessionState(f *testing.F) {
	v := vbfix.Verbeth()
	for _, s := range []interface{ MarshalJSON() ([]byte, error) }{v.AliceS0, v.BobS1, v.AliceS2} {
		b, _ := s.MarshalJSON()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, state []byte) { CheckSessionState(t, state) })
}

func FuzzRatchetDecrypt(f *testing.F) {
	v := vbfix.Verbeth()
	bob0, _ := v.BobS0.MarshalJSON()
	alice1, _ := v.Promoted.MarshalJSON()
	f.Add(bob0, v.Msg1.Payload, v.Alice.EdSeed, v.BobDH, false)
	f.Add(bob0, v.Msg1.Payload, v.Alice.EdSeed, []byte{}, true)
	f.Add(alice1, v.Msg2.Payload, v.Bob.EdSeed, v.AliceDH, true)
	f.Add(bob0, v.Msg1.Payload[:150], []byte(v.Alice.EdPub), v.BobDH, false)
	f.Fuzz(func(t *testing.T, state, payload, peer, newRatchetSecret []byte, resign bool) {
		CheckRatchetDecrypt(t, state, payload, peer, newRatchetSecret, resign)
	})
}

func FuzzVerbethKeyAgreement(f *testing.F) {
	b := func(label string, n int) []byte { return vbfix.Bytes("seed/"+label, n) }
	f.Add(b("a", 32), b("seed", 64), b("r", 32), b("rk_s", 32), b("m", 32), b("s1", 32), true, uint16(0), uint8(7))
	f.Add(b("a", 32), b("seed", 64), b("r", 32), b("rk_s", 32), b("m", 32), b("s1", 32), false, uint16(6*32+5), uint8(1))
	f.Fuzz(func(t *testing.T, ephemeralSecret, mlkemSeed, tagSecret, ratchetSecret, mlkemMessage, firstRatchetSecret []byte, strict bool, flip uint16, mask uint8) {
		CheckVerbethKeyAgreement(t, ephemeralSecret, mlkemSeed, tagSecret, ratchetSecret, mlkemMessage, firstRatchetSecret, strict, flip, mask)
	})
}

func FuzzJSJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"\u00e9\ud83d\ude00"}`, `1e5`, `"\ud800"`, `[]`, `{"a":1,"a":2}`,
		"\uFEFF[1]", "\xff\xfe", `-0`, `1e400`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) { CheckJSJSON(t, text) })
}

func FuzzMLKEM768(f *testing.F) {
	v := vbfix.Verbeth()
	f.Add(v.MLKEMSeed, v.Respond.MLKEMMessage, []byte{}, []byte{})
	f.Add(v.MLKEMSeed, v.Respond.MLKEMMessage, []byte{1}, []byte{0xff, 0xff})
	f.Fuzz(func(t *testing.T, seed, m, ciphertextEdit, keyEdit []byte) {
		CheckMLKEM768(t, seed, m, ciphertextEdit, keyEdit)
	})
}

func FuzzX25519(f *testing.F) {
	v := vbfix.Verbeth()
	f.Add(v.Alice.XSecret, v.Bob.XPub[:])
	f.Add(v.Alice.XSecret, make([]byte, 32))
	f.Add(v.Alice.XSecret, check.Unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) // p - 1
	f.Add(v.Alice.XSecret, check.Unhex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) // p: non-canonical 0
	f.Add(v.Alice.XSecret, check.Unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")) // order 8
	f.Fuzz(func(t *testing.T, scalar, point []byte) { CheckX25519(t, scalar, point) })
}

// The bare twins of the wire targets: the Deployed decoder alone, on the
// same seeds, for the throughput benchmark (fuzz/bench).

func FuzzBareHandshakePayload(f *testing.F) {
	for _, s := range handshakePayloadSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, plaintextPayload []byte) {
		verbeth.ParseHandshakePayload(plaintextPayload, verbeth.Deployed)
	})
}

func FuzzBareResponseEnvelope(f *testing.F) {
	responseEnvelopeSeeds(f)
	f.Fuzz(func(t *testing.T, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext []byte) {
		verbeth.DecodeEnvelope(ciphertext, verbeth.Deployed)
	})
}
