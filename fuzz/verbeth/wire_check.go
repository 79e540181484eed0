package verbeth

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"reflect"
	"sync"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/vbfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/secretbox"
	//lint:ignore SA1019 crypto_box_beforenm's HSalsa20 itself, which x/crypto exposes only here
	"golang.org/x/crypto/salsa20/salsa"
)

// Checks of the Verbeth decoders. Each parses under both profiles and
// checks: no panic; every error carries a category; what Strict accepts
// Deployed accepts with the same result; allocation bounded by the input;
// and Decode(Encode(Decode(x))) == Decode(x) for what is accepted.

// jsonAlloc is the allocation allowed per input byte for the decoders that
// parse JSON into a tree: a value node per byte at worst, with its strings
// and slices. A length field that made a decoder allocate beyond its input
// breaks it by orders of magnitude.
const jsonAlloc = 160

// payloadBufs holds the buffers CheckHandshakePayload and
// CheckResponseEnvelope encode into (what the decoders return shares no
// memory with them).
var payloadBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// CheckHandshakePayload checks the parser of a Handshake's plaintextPayload.
//
// It reads the bytes' JSON once (verbeth.ReadEventJSON) and judges it under
// each profile, which is what ParseHandshakePayload(b, p) does for each p:
// the reading (TextDecoder, hex, JSON.parse) takes no profile, so reading
// the same bytes twice could only show that it is not deterministic, and it
// was two thirds of the check's CPU. Everything that depends on the profile
// (the shape checks, Strict's rules on the text and their order) still runs
// once per profile and is compared: the results, and the field, rule and
// category when both reject (the plant handshake-strict-rules-first).
func CheckHandshakePayload(t check.TB, b []byte) {
	j := verbeth.ReadEventJSON(b)
	s, errS := j.HandshakePayload(verbeth.Strict)
	d, errD := j.HandshakePayload(verbeth.Deployed)
	strictOK := check.Same(t, "plaintextPayload", s, errS, d, errD, errS == nil && errD == nil && *s == *d)
	if errD != nil {
		// Both reject (check.Same saw to it that Strict does), for the same
		// reason: Strict's rules on the text come after the checks both
		// profiles make (ReadEventJSON).
		check.SameRejection(t, "plaintextPayload", errS, errD)
		return
	}
	buf := payloadBufs.Get().(*[]byte)
	defer payloadBufs.Put(buf)
	enc := d.AppendBytes((*buf)[:0])
	*buf = enc
	if bytes.Equal(enc, b) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	// What Strict accepted, it must read back from its own encoding (and
	// Deployed, which agreed on it, with it); what only Deployed accepted,
	// Deployed must.
	p := verbeth.Deployed
	if strictOK {
		p = verbeth.Strict
	}
	if back, err := verbeth.ParseHandshakePayload(enc, p); err != nil || *back != *d {
		t.Fatalf("%v: Decode(Encode(Decode(x))) = %+v, %v; want %+v", p, back, err, d)
	}
}

// CheckUnifiedPubKeys checks the decoder of unified public keys.
func CheckUnifiedPubKeys(t check.TB, b []byte) {
	s, errS := verbeth.DecodeUnifiedPubKeys("pubKeys", b, verbeth.Strict)
	d, errD := verbeth.DecodeUnifiedPubKeys("pubKeys", b, verbeth.Deployed)
	check.SameVerdict(t, "pubKeys", s, errS, d, errD)
	if errD != nil {
		return
	}
	enc := d.Bytes() // always version 1: the legacy form is never written
	back, err := verbeth.DecodeUnifiedPubKeys("pubKeys", enc, verbeth.Strict)
	want := d
	want.Version = 1
	if err != nil || back != want || (d.Version == 1 && !bytes.Equal(enc, b)) {
		t.Fatalf("Decode(Encode(Decode(%x))) = %+v, %v", b, back, err)
	}
}

// CheckRatchetPayload checks the ratchet payload splitter.
func CheckRatchetPayload(t check.TB, b []byte) {
	m, err := verbeth.ParseRatchetPayload(b)
	check.Category(t, "ratchet payload", err)
	if err != nil {
		return
	}
	if !bytes.Equal(m.Bytes(), b) {
		t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", m.Bytes(), b)
	}
	if len(m.Box) < verbeth.BoxOverhead || &m.Box[0] != &b[len(b)-len(m.Box)] {
		t.Fatalf("the box is not the tail of the input")
	}
	back, err := verbeth.ParseRatchetPayload(m.Bytes())
	if err != nil || !reflect.DeepEqual(back, m) {
		t.Fatalf("Decode(Encode(Decode(x))): %v", err)
	}
}

// CheckBindingMessage checks the binding-message parser: both profiles
// read a canonical message the same way, and a strictly parsed message,
// written again by BindingMessage, parses to the same binding.
func CheckBindingMessage(t check.TB, message string) {
	s, errS := verbeth.ParseBindingMessage(message, verbeth.Strict)
	d, errD := verbeth.ParseBindingMessage(message, verbeth.Deployed)
	strictOK := check.SameVerdict(t, "binding message", s, errS, d, errD)
	if !strictOK {
		return
	}
	chain := int64(s.ChainID)
	b := verbeth.Binding{Address: "0x" + hex.EncodeToString(s.Address), PkEd25519: s.PkEd25519, PkX25519: s.PkX25519,
		ExecutorAddress: "0x" + hex.EncodeToString(s.ExecutorAddress), ChainID: &chain, RpID: s.RpID}
	msg, err := verbeth.BindingMessage(b)
	if err != nil {
		t.Fatalf("BindingMessage of a parsed binding: %v", err)
	}
	back, err := verbeth.ParseBindingMessage(msg, verbeth.Strict)
	if err != nil || !reflect.DeepEqual(back, s) {
		t.Fatalf("Decode(Encode(Decode(x))) = %+v, %v; want %+v", back, err, s)
	}
}

// CheckIdentityProof checks proof verification with and without a
// verifier context: categories, the profile invariant, and that a verified
// proof's binding is what the deployed parser reads from its message.
func CheckIdentityProof(t check.TB, message, signature, eventSender, rpID string, wireX25519, wireEd25519 []byte, chainID int64) {
	proof := verbeth.IdentityProof{Message: message, Signature: signature}
	ctxs := []verbeth.ProofContext{{}, {RpID: rpID, ExpectedAddress: eventSender}}
	if chainID >= 0 {
		ctxs[1].ChainID = &chainID
	}
	for _, ctx := range ctxs {
		s, errS := verbeth.VerifyIdentityProof(proof, eventSender, wireX25519, wireEd25519, ctx, verbeth.Strict)
		d, errD := verbeth.VerifyIdentityProof(proof, eventSender, wireX25519, wireEd25519, ctx, verbeth.Deployed)
		check.SameVerdict(t, "identity proof", s, errS, d, errD)
		if errD != nil {
			continue
		}
		b, err := verbeth.ParseBindingMessage(message, verbeth.Deployed)
		if err == nil && math.IsNaN(b.ChainID) && math.IsNaN(d.Binding.ChainID) { // Number("0x") and the like
			c := *d.Binding
			c.ChainID = b.ChainID
			d.Binding = &c
			b.ChainID, c.ChainID = 0, 0
		}
		if err != nil || !reflect.DeepEqual(b, d.Binding) || d.MessageHash != verbeth.EIP191Hash(message) ||
			d.Address != "0x"+hex.EncodeToString(b.Address) {
			t.Fatalf("a verified proof is not what its message says: %+v / %+v, %v", d, b, err)
		}
	}
}

// CheckResponseEnvelope checks the response envelope decoder: the profile
// invariant (the same reason when both reject) and
// Decode(Encode(Decode(x))). It takes the inputs of
// verbeth/response/open, as CheckResponseOpen does, so that the two share
// their seeds.
func CheckResponseEnvelope(t check.TB, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext []byte) {
	// Read once, judged under each profile, as DecodeEnvelope(b, p) does for
	// each p (see CheckHandshakePayload): the reading (the envelope as
	// written, else TextDecoder, hex and JSON.parse) takes no profile.
	r := verbeth.ReadEnvelope(ciphertext)
	es, errS := r.Envelope(verbeth.Strict)
	ed, errD := r.Envelope(verbeth.Deployed)
	check.Same(t, "envelope", es, errS, ed, errD, errS == nil && errD == nil && sameEnvelope(es, ed))
	if errD != nil {
		// Strict's own rules come after every check Deployed makes.
		check.SameRejection(t, "envelope", errS, errD)
		return
	}
	buf := payloadBufs.Get().(*[]byte)
	defer payloadBufs.Put(buf)
	enc := verbeth.AppendEnvelope((*buf)[:0], ed.EPK, ed.Nonce, ed.Box)
	*buf = enc
	if bytes.Equal(enc, ciphertext) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	if back, err := verbeth.DecodeEnvelope(enc, verbeth.Strict); err != nil || !sameEnvelope(back, ed) {
		t.Fatalf("Decode(Encode(Decode(x))) = %+v, %v; want %+v", back, err, ed)
	}
}

// sameEnvelope compares two decoded envelopes field by field (cheaper than
// reflect.DeepEqual, and TestSameCoversEveryField keeps it in step with
// the struct).
func sameEnvelope(a, b *verbeth.Envelope) bool {
	return bytes.Equal(a.EPK, b.EPK) && bytes.Equal(a.Nonce, b.Nonce) && bytes.Equal(a.Box, b.Box) &&
		(a.Box == nil) == (b.Box == nil)
}

// CheckResponseOpen matches and opens a response for the pending handshake
// of (ephemeralSecret, mlkemSeed), as the inputs of verbeth/response/open
// say: categories and the profile invariant for both steps, a response that
// opens also matches with the same KEM secret, and authenticity (below).
// It is apart from CheckResponseEnvelope, whose every input would
// otherwise pay four X25519 operations and box openings.
func CheckResponseOpen(t check.TB, ephemeralSecret, mlkemSeed, responderEphemeralR, inResponseTo, ciphertext []byte) {
	ed, errD := verbeth.DecodeEnvelope(ciphertext, verbeth.Deployed)
	a := check.Fit(ephemeralSecret, 32)
	pend := pending(t, a, check.Fit(mlkemSeed, 64))
	ev := verbeth.ResponseEvent{ResponderEphemeralR: [32]byte(check.Fit(responderEphemeralR, 32)), InResponseTo: [32]byte(check.Fit(inResponseTo, 32)),
		Ciphertext: ciphertext}
	d := openBoth(t, pend, ev)
	if d == nil {
		return
	}
	if errD != nil {
		t.Fatalf("a response opens whose envelope does not decode: %v", errD)
	}
	// Authenticity: the box re-seals, by x/crypto's NaCl alone, to the same
	// bytes; and no edit of it opens, down to the bare tag.
	var shared, key [32]byte
	var zero [16]byte
	//lint:ignore SA1019 the all-zero output for a small-order key is wanted: it is what the deployed SDK computes
	curve25519.ScalarMult(&shared, (*[32]byte)(a), (*[32]byte)(ed.EPK)) // all-zero for a small-order epk, which Deployed takes
	salsa.HSalsa20(&key, &zero, &shared, &salsa.Sigma)
	if again := secretbox.Seal(nil, d.InnerPlaintext, (*[24]byte)(ed.Nonce), &key); !bytes.Equal(again, ed.Box) {
		t.Fatalf("the opened box does not re-seal to itself:\n%x\n%x", again, ed.Box)
	}
	for _, edit := range boxEdits(ed.Box, secretbox.Overhead) {
		e := ev
		e.Ciphertext = verbeth.EncodeEnvelope(ed.EPK, ed.Nonce, edit)
		for _, p := range []verbeth.Profile{verbeth.Deployed, verbeth.Strict} {
			if _, err := verbeth.OpenResponse(pend, e, p); err == nil {
				t.Fatalf("%v: an edited response opens: %x", p, e.Ciphertext)
			}
		}
	}
}

// boxEdits returns edits of a NaCl box (tag first) that must not open: one
// bit flipped at a place the box itself picks (so the fuzzer moves it), the
// last byte dropped, a byte appended, and the box cut to its bare tag and
// to nothing.
func boxEdits(box []byte, tag int) [][]byte {
	if len(box) == 0 {
		return nil
	}
	sum := 0
	for _, b := range box {
		sum += int(b)
	}
	flip := bytes.Clone(box)
	flip[sum%len(box)] ^= 1 << (sum % 8)
	edits := [][]byte{flip, box[:len(box)-1], append(bytes.Clone(box), 0), nil}
	if len(box) > tag {
		edits = append(edits, box[:tag])
	}
	return edits
}

// pendings caches pending handshakes: expanding the ML-KEM-768 key on
// every input would dominate the target.
var pendings struct {
	sync.Mutex
	m map[string]*verbeth.Pending
}

func pending(t check.TB, a, seed []byte) *verbeth.Pending {
	pendings.Lock()
	defer pendings.Unlock()
	k := string(a) + string(seed)
	if p, ok := pendings.m[k]; ok {
		return p
	}
	p, err := verbeth.NewPending(a, seed)
	if err != nil {
		t.Fatalf("NewPending: %v", err)
	}
	if pendings.m == nil || len(pendings.m) > 16 {
		pendings.m = map[string]*verbeth.Pending{}
	}
	pendings.m[k] = p
	return p
}

// CheckResponseInner seals any inner plaintext for the fixture's pending
// handshake, so that the JSON, base64, key, tag and proof-shape checks
// behind the box are reached.
func CheckResponseInner(t check.TB, inner []byte) {
	v := vbfix.Verbeth()
	pend, _ := verbeth.NewPendingWithKEM(v.EphemeralSecret, v.Handshake.KEM)
	if o := openBoth(t, pend, v.SealInner(inner)); o != nil && !bytes.Equal(o.InnerPlaintext, inner) {
		t.Fatalf("opened %q, sealed %q", o.InnerPlaintext, inner)
	}
}

// openBoth matches and opens a response under both profiles: categories on
// every reason, the profile invariant for both steps, and a response that
// opens also matches, with the same KEM secret. It returns what Deployed
// opened.
func openBoth(t check.TB, pend *verbeth.Pending, ev verbeth.ResponseEvent) *verbeth.OpenedResponse {
	ms := verbeth.MatchResponse([]*verbeth.Pending{pend}, ev, verbeth.Strict)
	md := verbeth.MatchResponse([]*verbeth.Pending{pend}, ev, verbeth.Deployed)
	for _, r := range append(ms.Reasons, md.Reasons...) {
		check.Category(t, "match reason", r)
	}
	check.Category(t, "match", ms.Err())
	check.Category(t, "match", md.Err())
	if ms.Index >= 0 && md.Index < 0 {
		t.Fatalf("strict matched, deployed did not: %v", md.Err())
	}
	s, errS := verbeth.OpenResponse(pend, ev, verbeth.Strict)
	d, errD := verbeth.OpenResponse(pend, ev, verbeth.Deployed)
	check.SameVerdict(t, "open", s, errS, d, errD)
	if errD != nil {
		return nil
	}
	if md.Index != 0 || md.Opened.KEMSecret != d.KEMSecret || md.Opened.Tag != d.Tag {
		t.Fatalf("a response that opens does not match: %v", md.Err())
	}
	return d
}

// CheckRespond checks the responder on any initiator ephemeralPubKey: a
// length other than 1216 is field_length, a small-order A is refused by
// Strict only, a non-canonical encapsulation key by Strict only.
func CheckRespond(t check.TB, ephemeralPubKey []byte) {
	in := vbfix.Verbeth().Respond
	in.InitiatorEphemeralPubKey = ephemeralPubKey
	s, errS := verbeth.Respond(in, verbeth.Strict)
	d, errD := verbeth.Respond(in, verbeth.Deployed)
	check.SameVerdict(t, "respond", s, errS, d, errD)
	if len(ephemeralPubKey) != verbeth.EphemeralPubKeySize {
		if !errors.Is(errD, category.FieldLength) {
			t.Fatalf("a %d-byte ephemeralPubKey: %v", len(ephemeralPubKey), errD)
		}
		return
	}
	if errD != nil {
		t.Fatalf("Deployed refused a 1216-byte ephemeralPubKey: %v", errD)
	}
	zero := d.SharedX25519 == [32]byte{}
	if errS != nil && !errors.Is(errS, category.LowOrderPoint) && !errors.Is(errS, category.EKModulus) {
		t.Fatalf("Strict refused for another reason: %v", errS)
	}
	if zero != errors.Is(errS, category.LowOrderPoint) && !errors.Is(errS, category.EKModulus) {
		t.Fatalf("an all-zero shared secret %v, strict %v", zero, errS)
	}
	if ct := d.KEMCiphertext(); len(ct) != verbeth.KEMCiphertextSize {
		t.Fatalf("a %d-byte KEM ciphertext", len(ct))
	}
}

// CheckSessionState checks the session-state JSON reader: what it accepts
// writes back to JSON that reads to the same state, and the ratchet does
// not panic on any state, however odd.
func CheckSessionState(t check.TB, b []byte) {
	s, err := verbeth.ParseSession(b)
	check.Category(t, "state", err)
	if err != nil {
		return
	}
	out, err := s.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	back, err := verbeth.ParseSession(out)
	if err != nil || !reflect.DeepEqual(back, s) {
		t.Fatalf("Decode(Encode(Decode(x))): %v", err)
	}
	v := vbfix.Verbeth()
	check.Bounded(t, "decrypt", func() { _, _, err = s.Decrypt(v.Msg1.Payload, v.Alice.EdPub, v.BobDH, verbeth.Deployed) })
	check.Category(t, "decrypt", err)
	_, _, err = s.Encrypt([]byte("x"), v.Alice.EdSeed, v.Rnd1)
	check.Category(t, "encrypt", err)
}

// messageNumber maps a message number the fuzzer wrote far from the
// receive counter nr to a place where the ratchet's rules change: near nr
// (most inputs), the skipped-key limit and its neighbours (limit - 1 ..
// limit + 1), measured from nr for n (and absolutely, for Strict's DH-step
// rule) and absolutely for pn, or v itself.
func messageNumber(nr, v uint32, isPN bool) uint32 {
	d := v >> 3 % 3
	switch v % 8 {
	case 5:
		if !isPN {
			return nr + verbeth.MaxSkipPerMessage - 1 + d
		}
		fallthrough
	case 6:
		return verbeth.MaxSkipPerMessage - 1 + d
	case 7:
		return v
	}
	return nr + v%64
}

// CheckRatchetDecrypt decrypts any payload with any session state, as the
// inputs of verbeth/ratchet/decrypt say, except that the peer is named by
// its Ed25519 seed when it is 32 bytes long, so that resign can sign a
// mutated payload and reach the ratchet behind the signature check (n and
// pn far from the state's counter are then moved by messageNumber: near
// it, to the skipped-key limit and its neighbours, or left as they are).
// It checks the profile invariant, that Decrypt leaves its receiver alone,
// that a new state survives its JSON form, and that a message decrypts
// only once.
func CheckRatchetDecrypt(t check.TB, state, payload, peer, newRatchetSecret []byte, resignIt bool) {
	s, err := verbeth.ParseSession(state)
	check.Category(t, "state", err)
	if err != nil {
		return
	}
	peerPub := peer
	if len(peer) == ed25519.SeedSize {
		peerPub = ed25519.NewKeyFromSeed(peer).Public().(ed25519.PublicKey)
		if resignIt && len(payload) >= verbeth.RatchetPayloadMinSize {
			p := bytes.Clone(payload)
			for _, off := range []int{97, 101} { // pn, n
				if v := binary.BigEndian.Uint32(p[off:]); v > s.ReceivingMsgNumber+64 {
					binary.BigEndian.PutUint32(p[off:], messageNumber(s.ReceivingMsgNumber, v, off == 97))
				}
			}
			payload = vbfix.Resign(p, peer)
		}
	}
	if len(newRatchetSecret) == 0 {
		newRatchetSecret = nil // the optional input is absent
	}
	before := s.Clone()
	var ns, nd *verbeth.Session
	var ds, dd *verbeth.Decrypted
	var errS, errD error
	check.Bounded(t, "ratchet decrypt", func() {
		ns, ds, errS = s.Decrypt(payload, peerPub, newRatchetSecret, verbeth.Strict)
		nd, dd, errD = s.Decrypt(payload, peerPub, newRatchetSecret, verbeth.Deployed)
	})
	check.SameVerdict(t, "ratchet decrypt", [2]any{ns, ds}, errS, [2]any{nd, dd}, errD)
	checkSkipLimit(t, s, payload, errS, errD)
	if !reflect.DeepEqual(s, before) {
		t.Fatalf("Decrypt modified its receiver")
	}
	if errD != nil {
		return
	}
	out, _ := nd.MarshalJSON()
	if back, err := verbeth.ParseSession(out); err != nil || !reflect.DeepEqual(back, nd) {
		t.Fatalf("the new state does not survive its JSON form: %v", err)
	}
	if !dd.FromSkip {
		if _, _, err := nd.Decrypt(payload, peerPub, newRatchetSecret, verbeth.Deployed); !errors.Is(err, category.Replay) {
			t.Fatalf("the same message decrypted twice: %v", err)
		}
	}
}

// checkSkipLimit holds the skip-limit verdict to the rule of
// spec/verbeth.md §7.9 step 4, computed here from the header's bytes and
// the state's receive counter Nr, not by the reference: once a message is
// past parsing and its signature (steps 1-3), both profiles refuse it with
// skip_limit exactly when n - Nr > 100000 or pn > 100000 (n < Nr passes);
// Strict refuses with skip_limit also a DH step with n > 100000 (P23), and
// for nothing else. messageNumber puts n at Nr + 100000 - 1 .. + 1 and pn
// at 100000 - 1 .. + 1, so that a limit off by one fails here.
func checkSkipLimit(t check.TB, s *verbeth.Session, payload []byte, errS, errD error) {
	if len(payload) < verbeth.RatchetPayloadMinSize {
		return
	}
	switch category.Of(errD) {
	case category.Truncated, category.Version, category.FieldLength, category.Signature:
		return // steps 1-3, or a secret of the wrong size (step 8, which a message over the limit never reaches)
	}
	const limit = 100000
	dh := payload[65:97]
	pn, n := binary.BigEndian.Uint32(payload[97:]), binary.BigEndian.Uint32(payload[101:])
	over := int64(n)-int64(s.ReceivingMsgNumber) > limit || pn > limit
	if errors.Is(errD, category.SkipLimit) != over {
		t.Fatalf("skip limit (§7.9 step 4): n %d, pn %d, Nr %d: deployed %v; want skip_limit %v", n, pn, s.ReceivingMsgNumber, errD, over)
	}
	dhStep := !bytes.Equal(dh, s.DHTheirPublicKey[:])
	if strictSkip := errors.Is(errS, category.SkipLimit); strictSkip != over && (over || !dhStep || n <= limit) {
		t.Fatalf("skip limit (§7.9 step 4, P23): n %d, pn %d, Nr %d, DH step %v: strict %v; want skip_limit %v", n, pn, s.ReceivingMsgNumber, dhStep, errS, over)
	}
}
