package verbeth

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/vbfix"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
)

// verbethRun is a whole Verbeth exchange from its secrets: the Handshake,
// the response, matching and opening, both sessions, and one ratchet
// message each way.
type verbethRun struct {
	hs        *verbeth.Handshake
	resp      *verbeth.Response
	opened    *verbeth.OpenedResponse
	aliceS    *verbeth.Session
	aliceB    *verbeth.Bootstrap
	bobS      *verbeth.Session
	bobB      *verbeth.Bootstrap
	toBob     []byte // plaintexts as decrypted
	toAlice   []byte
	aliceLast *verbeth.Session
}

// VerbethSecrets are the random inputs of one exchange.
type VerbethSecrets struct {
	A, MLKEMSeed, R, RatchetSecret, MLKEMMessage, FirstRatchetSecret []byte
	Note                                                             string
	OmitNote                                                         bool
}

// errDegenerate reports secrets with which the first ratchet messages
// cannot work: a new DH ratchet key equal to the one it replaces (the
// initiator's s1 and a, or the responder's DH-step secret and rk_s) is not
// seen as a DH step, so the receiver has no chain to decrypt with. The SDK
// and the reference fail alike; random secrets never collide so.
var errDegenerate = errors.New("a DH ratchet step to the same key")

// runVerbeth runs an exchange; the parties' long-term keys are the
// fixture's, which the derivations do not depend on.
func runVerbeth(in VerbethSecrets, p verbeth.Profile) (*verbethRun, error) {
	v := vbfix.Verbeth()
	if x25519SameKey(in.A, in.FirstRatchetSecret) || x25519SameKey(in.RatchetSecret, vbfix.Bytes("agree/bob-dh", 32)) {
		return nil, errDegenerate
	}
	r := &verbethRun{}
	var err error
	r.hs, err = verbeth.Initiate(verbeth.InitiateParams{EphemeralSecret: in.A, MLKEMSeed: in.MLKEMSeed, RecipientAddress: v.Bob.Address,
		IdentityX25519: v.Alice.XPub[:], IdentityEd25519: v.Alice.EdPub, Note: in.Note, Proof: v.Alice.Proof})
	if err != nil {
		return nil, fmt.Errorf("initiate: %w", err)
	}
	rp := v.Respond
	rp.InitiatorEphemeralPubKey, rp.TagSecret, rp.RatchetSecret, rp.MLKEMMessage = r.hs.EphemeralPubKey, in.R, in.RatchetSecret, in.MLKEMMessage
	rp.Note, rp.OmitNote = in.Note, in.OmitNote
	if r.resp, err = verbeth.Respond(rp, p); err != nil {
		return nil, fmt.Errorf("respond: %w", err)
	}
	pend, err := verbeth.NewPendingWithKEM(in.A, r.hs.KEM)
	if err != nil {
		return nil, err
	}
	ev := verbeth.ResponseEvent{InResponseTo: r.resp.InResponseTo, ResponderEphemeralR: r.resp.ResponderEphemeralR, Ciphertext: r.resp.Ciphertext}
	// A second, unrelated pending handshake first: matching must skip it.
	other, _ := verbeth.NewPendingWithKEM(v.EphemeralSecret, v.Handshake.KEM)
	if m := verbeth.MatchResponse([]*verbeth.Pending{other, pend}, ev, p); m.Index != 1 {
		return nil, fmt.Errorf("match: index %d: %v", m.Index, m.Err())
	}
	if r.opened, err = verbeth.OpenResponse(pend, ev, p); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if r.aliceS, r.aliceB, err = verbeth.NewInitiatorSession(in.A, r.opened.RatchetPublicKey[:], r.opened.KEMSecret[:], ev.InResponseTo[:], in.FirstRatchetSecret, p); err != nil {
		return nil, fmt.Errorf("initiator session: %w", err)
	}
	if r.bobS, r.bobB, err = verbeth.NewResponderSession(in.RatchetSecret, r.hs.EphemeralX25519[:], r.resp.KEMSecret[:], r.resp.InResponseTo[:], p); err != nil {
		return nil, fmt.Errorf("responder session: %w", err)
	}
	// One message each way: the sessions agree only if both decrypt.
	pt := []byte("ping")
	rnd, _ := verbeth.DrawEncryptRandomness(detrand.Reader("pqhs/fuzz/verbeth/agree/1"), len(pt))
	aliceS1, m1, err := r.aliceS.Encrypt(pt, v.Alice.EdSeed, rnd)
	if err != nil {
		return nil, fmt.Errorf("alice encrypts: %w", err)
	}
	bobS1, d1, err := r.bobS.Decrypt(m1.Payload, v.Alice.EdPub, vbfix.Bytes("agree/bob-dh", 32), p)
	if err != nil {
		return nil, fmt.Errorf("bob decrypts: %w", err)
	}
	r.toBob = d1.Plaintext
	rnd, _ = verbeth.DrawEncryptRandomness(detrand.Reader("pqhs/fuzz/verbeth/agree/2"), len(pt))
	_, m2, err := bobS1.Encrypt(pt, v.Bob.EdSeed, rnd)
	if err != nil {
		return nil, fmt.Errorf("bob encrypts: %w", err)
	}
	routed, _, err := aliceS1.RouteInbound(m2.Topic)
	if err != nil {
		return nil, fmt.Errorf("alice routes: %w", err)
	}
	if r.aliceLast, _, err = routed.Decrypt(m2.Payload, v.Bob.EdPub, vbfix.Bytes("agree/alice-dh", 32), p); err != nil {
		return nil, fmt.Errorf("alice decrypts: %w", err)
	}
	r.toAlice = pt
	return r, nil
}

// checkVerbethAgreement checks that both roles derived the same values.
func checkVerbethAgreement(t check.TB, r *verbethRun) {
	a, b := r.aliceB, r.bobB
	switch {
	case r.opened.Tag != r.resp.Tag:
		t.Fatalf("the tags differ: %x / %x", r.opened.Tag.Tag, r.resp.Tag.Tag)
	case r.opened.KEMSecret != r.resp.KEMSecret:
		t.Fatalf("the KEM secrets differ")
	case a.SharedX25519 != b.SharedX25519 || a.HybridSecret != b.HybridSecret || a.HybridSecret != r.resp.HybridSecret:
		t.Fatalf("the hybrid secrets differ: %x / %x", a.HybridSecret, b.HybridSecret)
	case a.RootKey0 != b.RootKey0 || a.ChainKey0 != b.ChainKey0 || a.RootKey0 != r.resp.RootKey0:
		t.Fatalf("RK0/CK0 differ")
	case a.TopicOutbound != b.TopicInbound || a.TopicInbound != b.TopicOutbound || a.ConversationID != b.ConversationID:
		t.Fatalf("the topics do not mirror each other")
	case *r.aliceS.ReceivingChainKey != *r.bobS.SendingChainKey:
		t.Fatalf("Alice's receiving chain is not Bob's sending chain")
	case !bytes.Equal(r.toBob, []byte("ping")):
		t.Fatalf("Bob decrypted %q", r.toBob)
	}
}

// verbethOutputs are the derived values whose dependence on each secret
// CheckVerbethKeyAgreement tests.
func verbethOutputs(r *verbethRun) map[string][32]byte {
	return map[string][32]byte{
		"tag":            r.resp.InResponseTo,
		"kemSecret":      r.resp.KEMSecret,
		"hybridSecret":   r.aliceB.HybridSecret,
		"rootKey0":       r.aliceB.RootKey0,
		"topicOutbound":  r.aliceB.TopicOutbound,
		"conversationId": r.aliceB.ConversationID,
		"aliceRootKey":   r.aliceS.RootKey,
		"aliceSending":   *r.aliceS.SendingChainKey,
		"aliceNextTopic": *r.aliceS.NextTopicOutbound,
	}
}

// What each secret feeds (see spec/verbeth.md): a everything but the KEM
// secret, r only the tag and the topics it salts, rk_s everything but the
// tag and the KEM secret, s1 only the initiator's first DH step; d and m
// everything.
var (
	allOutputs      = []string{"tag", "kemSecret", "hybridSecret", "rootKey0", "topicOutbound", "conversationId", "aliceRootKey", "aliceSending", "aliceNextTopic"}
	verbethFeeds    = [][]string{slices.Delete(slices.Clone(allOutputs), 1, 2), allOutputs, {"tag", "topicOutbound", "conversationId"}, allOutputs[2:], allOutputs, {"aliceRootKey", "aliceSending", "aliceNextTopic"}}
	verbethInputTag = []string{"a", "mlkemSeed", "r", "rk_s", "m", "s1"}
)

// ed25519L is the order of the Curve25519 prime-order subgroup.
var ed25519L, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// x25519SameKey reports whether two X25519 secrets give the same public
// key and the same shared secrets with honest peers: their clamped scalars
// are equal or opposite modulo the subgroup order (the u-coordinate does
// not see the sign).
func x25519SameKey(a, b []byte) bool {
	ca, cb := clampLE(a), clampLE(b)
	d := new(big.Int).Sub(ca, cb)
	s := new(big.Int).Add(ca, cb)
	return d.Mod(d, ed25519L).Sign() == 0 || s.Mod(s, ed25519L).Sign() == 0
}

func clampLE(k []byte) *big.Int {
	c := slices.Clone(k)
	c[0] &= 248
	c[31] &= 127
	c[31] |= 64
	slices.Reverse(c)
	return new(big.Int).SetBytes(c)
}

// CheckVerbethKeyAgreement runs a whole exchange from arbitrary secrets
// and checks that both roles derive identical values and exchange a message
// each way. Then it flips bits of one input byte (flip picks the byte, mask
// the bits) and checks that exactly the values that depend on that secret
// change: a clamped-away bit of an X25519 secret or the ML-KEM seed's z
// changes nothing.
func CheckVerbethKeyAgreement(t check.TB, a, seed, r, rks, m, s1 []byte, strict bool, flip uint16, mask uint8) {
	p := verbeth.Deployed
	if strict {
		p = verbeth.Strict
	}
	in := [][]byte{check.Fit(a, 32), check.Fit(seed, 64), check.Fit(r, 32), check.Fit(rks, 32), check.Fit(m, 32), check.Fit(s1, 32)}
	secrets := func() VerbethSecrets {
		return VerbethSecrets{A: in[0], MLKEMSeed: in[1], R: in[2], RatchetSecret: in[3], MLKEMMessage: in[4], FirstRatchetSecret: in[5], Note: "n"}
	}
	run, err := runVerbeth(secrets(), p)
	if errors.Is(err, errDegenerate) {
		return
	}
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	checkVerbethAgreement(t, run)
	before := verbethOutputs(run)

	which, pos := int(flip)%(6*32+32)/32, int(flip)%32
	if which >= 6 {
		which, pos = 1, 32+int(flip)%32 // the second half of the seed: z
	}
	if mask == 0 {
		mask = 1
	}
	old := slices.Clone(in[which])
	in[which][pos] ^= mask
	run2, err := runVerbeth(secrets(), p)
	if errors.Is(err, errDegenerate) {
		return
	}
	if err != nil {
		t.Fatalf("flipped %s: %v", verbethInputTag[which], err)
	}
	checkVerbethAgreement(t, run2)
	after := verbethOutputs(run2)
	var want []string
	switch {
	case which == 1 && pos >= 32: // z: implicit rejection only
	case which == 1 || which == 4:
		want = allOutputs
	case !x25519SameKey(old, in[which]):
		want = verbethFeeds[which]
	}
	for _, name := range allOutputs {
		if changed := before[name] != after[name]; changed != slices.Contains(want, name) {
			t.Fatalf("flipping byte %d of %s with %02x: %s changed %v, want %v", pos, verbethInputTag[which], mask, name, changed, !changed)
		}
	}
}
