// Package vbfix is the fixed Verbeth exchange the fuzz targets seed from.
// Every input is drawn from internal/detrand under "pqhs/fuzz/verbeth/…".
package vbfix

import (
	"crypto/ed25519"
	"sync"

	"golang.org/x/crypto/nacl/secretbox"
	//lint:ignore SA1019 crypto_box_beforenm's HSalsa20 itself, which x/crypto exposes only here
	"golang.org/x/crypto/salsa20/salsa"

	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
)

// Party is one side's long-term keys and identity proof.
type Party struct {
	EdSeed, XSecret, Secp []byte
	XPub                  [32]byte
	EdPub                 ed25519.PublicKey
	Address               string
	Proof                 verbeth.IdentityProof
}

// Keys returns the party's unified public keys.
func (p *Party) Keys() verbeth.UnifiedPubKeys {
	return verbeth.UnifiedPubKeys{Version: 1, X25519: p.XPub, Ed25519: [32]byte(p.EdPub)}
}

// Fixture is one fixed Verbeth exchange, every input drawn from
// internal/detrand under "pqhs/fuzz/verbeth/…": Alice initiates, Bob
// responds, both set up sessions, Alice sends (Bob's DH step) and Bob
// replies (Alice's DH step).
type Fixture struct {
	Alice, Bob *Party
	ChainID    int64
	RpID       string

	Handshake *verbeth.Handshake
	Respond   verbeth.RespondParams
	Response  *verbeth.Response
	Pending   *verbeth.Pending
	Event     verbeth.ResponseEvent

	AliceS0, BobS0   *verbeth.Session
	Msg1             *verbeth.Encrypted
	AliceS1, BobS1   *verbeth.Session
	Msg2             *verbeth.Encrypted
	Promoted         *verbeth.Session // Alice's state after routing Msg2
	AliceS2          *verbeth.Session
	Rnd1             verbeth.EncryptRandomness
	BobDH, AliceDH   []byte // the new ratchet secrets of the two DH steps
	EphemeralSecret  []byte
	MLKEMSeed        []byte
	FirstRatchetSeed []byte
}

// Bytes draws n bytes under the label.
func Bytes(label string, n int) []byte { return detrand.Bytes("pqhs/fuzz/verbeth/"+label, n) }

func newParty(name string, chainID int64, rpID string) *Party {
	p := &Party{EdSeed: Bytes(name+"/ed25519-seed", 32), XSecret: Bytes(name+"/x25519-secret", 32),
		Secp: Bytes(name+"/secp256k1", 32)}
	var err error
	if p.XPub, err = verbeth.X25519PublicKey(p.XSecret); err != nil {
		panic(err)
	}
	p.EdPub = ed25519.NewKeyFromSeed(p.EdSeed).Public().(ed25519.PublicKey)
	if p.Address, err = verbeth.AddressOf(p.Secp); err != nil {
		panic(err)
	}
	msg, err := verbeth.BindingMessage(verbeth.Binding{Address: p.Address, PkEd25519: p.EdPub, PkX25519: p.XPub[:],
		ExecutorAddress: p.Address, ChainID: &chainID, RpID: rpID})
	if err != nil {
		panic(err)
	}
	sig, err := verbeth.SignBindingMessage(p.Secp, msg)
	if err != nil {
		panic(err)
	}
	p.Proof = verbeth.NewIdentityProof(msg, sig)
	return p
}

// Verbeth returns the fixture, built once.
var Verbeth = sync.OnceValue(func() *Fixture {
	must := func(err error) {
		if err != nil {
			panic("vbfix: the Verbeth fixture: " + err.Error())
		}
	}
	v := &Fixture{ChainID: 8453, RpID: "pqhs.example"}
	v.Alice, v.Bob = newParty("alice", v.ChainID, v.RpID), newParty("bob", v.ChainID, v.RpID)
	v.EphemeralSecret, v.MLKEMSeed = Bytes("a", 32), Bytes("mlkem-seed", 64)
	v.FirstRatchetSeed = Bytes("s1", 32)
	var err error
	v.Handshake, err = verbeth.Initiate(verbeth.InitiateParams{EphemeralSecret: v.EphemeralSecret, MLKEMSeed: v.MLKEMSeed,
		RecipientAddress: v.Bob.Address, IdentityX25519: v.Alice.XPub[:], IdentityEd25519: v.Alice.EdPub,
		Note: "Hello Bob", Proof: v.Alice.Proof})
	must(err)
	v.Respond = verbeth.RespondParams{InitiatorEphemeralPubKey: v.Handshake.EphemeralPubKey, TagSecret: Bytes("r", 32),
		RatchetSecret: Bytes("rk_s", 32), MLKEMMessage: Bytes("mlkem-m", 32), BoxNonce: Bytes("box-nonce", 24),
		ResponderKeys: v.Bob.Keys(), Note: "Hi Alice", Proof: v.Bob.Proof}
	v.Response, err = verbeth.Respond(v.Respond, verbeth.Strict)
	must(err)
	v.Pending, err = verbeth.NewPending(v.EphemeralSecret, v.MLKEMSeed)
	must(err)
	v.Event = verbeth.ResponseEvent{InResponseTo: v.Response.InResponseTo, ResponderEphemeralR: v.Response.ResponderEphemeralR,
		Ciphertext: v.Response.Ciphertext}
	opened, err := verbeth.OpenResponse(v.Pending, v.Event, verbeth.Strict)
	must(err)
	v.AliceS0, _, err = verbeth.NewInitiatorSession(v.EphemeralSecret, opened.RatchetPublicKey[:], opened.KEMSecret[:],
		v.Event.InResponseTo[:], v.FirstRatchetSeed, verbeth.Strict)
	must(err)
	v.BobS0, _, err = verbeth.NewResponderSession(v.Respond.RatchetSecret, v.Handshake.EphemeralX25519[:], v.Response.KEMSecret[:],
		v.Response.InResponseTo[:], verbeth.Strict)
	must(err)
	pt1 := []byte("first message from Alice")
	v.Rnd1, err = verbeth.DrawEncryptRandomness(detrand.Reader("pqhs/fuzz/verbeth/msg1/random"), len(pt1))
	must(err)
	v.AliceS1, v.Msg1, err = v.AliceS0.Encrypt(pt1, v.Alice.EdSeed, v.Rnd1)
	must(err)
	v.BobDH, v.AliceDH = Bytes("bob/dh-step", 32), Bytes("alice/dh-step", 32)
	v.BobS1, _, err = v.BobS0.Decrypt(v.Msg1.Payload, v.Alice.EdPub, v.BobDH, verbeth.Strict)
	must(err)
	pt2 := []byte("reply from Bob")
	rnd2, err := verbeth.DrawEncryptRandomness(detrand.Reader("pqhs/fuzz/verbeth/msg2/random"), len(pt2))
	must(err)
	_, v.Msg2, err = v.BobS1.Encrypt(pt2, v.Bob.EdSeed, rnd2)
	must(err)
	v.Promoted, _, err = v.AliceS1.RouteInbound(v.Msg2.Topic)
	must(err)
	v.AliceS2, _, err = v.Promoted.Decrypt(v.Msg2.Payload, v.Bob.EdPub, v.AliceDH, verbeth.Strict)
	must(err)
	return v
})

// SealInner seals any inner plaintext as the fixture's responder would, so
// that opening reaches the checks behind the box.
func (v *Fixture) SealInner(inner []byte) verbeth.ResponseEvent {
	var key [32]byte
	var zero [16]byte
	shared := v.Response.SharedX25519
	salsa.HSalsa20(&key, &zero, &shared, &salsa.Sigma)
	nonce := [24]byte(v.Respond.BoxNonce)
	box := secretbox.Seal(nil, inner, &nonce, &key)
	return verbeth.ResponseEvent{InResponseTo: v.Response.InResponseTo, ResponderEphemeralR: v.Response.ResponderEphemeralR,
		Ciphertext: verbeth.EncodeEnvelope(v.Response.RatchetPublicKey[:], v.Respond.BoxNonce, box)}
}

// Resign replaces a ratchet payload's signature by one of edSeed over what
// it covers, so that a mutated payload reaches the ratchet.
func Resign(payload, edSeed []byte) []byte {
	out := append([]byte(nil), payload...)
	copy(out[1:65], ed25519.Sign(ed25519.NewKeyFromSeed(edSeed), out[65:]))
	return out
}
