package verbeth

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/internal/detrand"
)

// send encrypts text with randomness drawn from a labelled stream.
func send(t testing.TB, s *Session, text string, edSeed []byte, label string) (*Session, *Encrypted) {
	rnd, err := DrawEncryptRandomness(detrand.Reader("verbeth/test/"+label), len(text))
	if err != nil {
		panic(err)
	}
	n, e, err := s.Encrypt([]byte(text), edSeed, rnd)
	if err != nil {
		panic(err)
	}
	return n, e
}

// The out-of-order, replay, skip-limit and pruning behaviour below was
// compared state by state with @verbeth/sdk 0.2.1's ratchetDecrypt.
func TestRatchetOutOfOrderAndReplay(t *testing.T) {
	u := runUnit(t, Strict)
	alice, bob := u.aliceS0, u.bobS0
	var m []*Encrypted
	for i := range 3 {
		var e *Encrypted
		alice, e = send(t, alice, "a"+string(rune('0'+i)), u.alice.edSeed, "ooo/"+string(rune('0'+i)))
		m = append(m, e)
	}
	for _, p := range []Profile{Strict, Deployed} {
		b, d, err := bob.Decrypt(m[2].Payload, u.alice.edPub, dr("bob/dh-step", 32), p)
		if err != nil || string(d.Plaintext) != "a2" || !d.DHStep || len(b.SkippedKeys) != 2 || b.Clock != 1 {
			t.Fatalf("m2 first: %v %+v", err, b)
		}
		b0, d, err := b.Decrypt(m[0].Payload, u.alice.edPub, nil, p)
		if err != nil || string(d.Plaintext) != "a0" || !d.FromSkip || len(b0.SkippedKeys) != 1 || b0.SkippedKeys[0].MsgNumber != 1 {
			t.Fatalf("m0 from a skipped key: %v", err)
		}
		_, _, err = b0.Decrypt(m[0].Payload, u.alice.edPub, nil, p)
		wantCat(t, "replay of m0", err, "replay")
		_, _, err = b0.Decrypt(m[2].Payload, u.alice.edPub, nil, p)
		wantCat(t, "replay of m2", err, "replay")
		b1, d, err := b0.Decrypt(m[1].Payload, u.alice.edPub, nil, p)
		if err != nil || string(d.Plaintext) != "a1" || len(b1.SkippedKeys) != 0 {
			t.Fatalf("m1: %v", err)
		}
		// The state before a failed decryption is untouched.
		if len(b.SkippedKeys) != 2 {
			t.Fatal("Decrypt modified its receiver")
		}
	}
}

// resign re-signs a payload after its fields were changed, as a malicious
// or buggy peer holding the signing key would send it.
func resign(payload, edSeed []byte) []byte {
	out := bytes.Clone(payload)
	copy(out[1:65], ed25519.Sign(ed25519.NewKeyFromSeed(edSeed), out[65:]))
	return out
}

func TestRatchetRejections(t *testing.T) {
	u := runUnit(t, Strict)
	p1 := u.msg1.Payload
	bobDH := dr("bob/dh-step", 32)
	tampered := bytes.Clone(p1)
	tampered[len(tampered)-1] ^= 1
	badBox := resign(tampered, u.alice.edSeed)
	withN := func(pn, n uint32) []byte {
		b := bytes.Clone(p1)
		binary.BigEndian.PutUint32(b[97:], pn)
		binary.BigEndian.PutUint32(b[101:], n)
		return resign(b, u.alice.edSeed)
	}
	malleable := bytes.Clone(p1)
	copy(malleable[1:65], mustHex(loadCrosscheck(t).Ed25519Malleable.Signature))
	cases := []struct {
		name           string
		payload        []byte
		newSecret      []byte
		strict, deploy string
	}{
		{"as sent", p1, bobDH, "", ""},
		{"S + L signature", malleable, bobDH, "signature", ""},
		{"flipped bit, old signature", tampered, bobDH, "signature", "signature"},
		{"flipped bit, re-signed", badBox, bobDH, "aead_auth", "aead_auth"},
		{"no DH step secret", p1, nil, "missing_field", "missing_field"},
		{"short DH step secret", p1, bobDH[:31], "field_length", "field_length"},
		{"pn > 100000", withN(100001, 0), bobDH, "skip_limit", "skip_limit"},
		{"n - Nr > 100000", withN(0, 100001), bobDH, "skip_limit", "skip_limit"},
		{"version 2", append([]byte{2}, p1[1:]...), bobDH, "version", "version"},
		{"104 bytes", p1[:104], bobDH, "truncated", "truncated"},
		{"144 bytes", resign(p1[:144], u.alice.edSeed), bobDH, "truncated", "truncated"},
		{"empty", nil, bobDH, "truncated", "truncated"},
	}
	for _, c := range cases {
		for _, p := range []Profile{Strict, Deployed} {
			want := c.strict
			if p == Deployed {
				want = c.deploy
			}
			_, _, err := u.bobS0.Decrypt(c.payload, u.alice.edPub, c.newSecret, p)
			wantCat(t, c.name+" "+p.String(), err, want)
		}
	}
	// The signature is checked first: a bad one fails as signature even
	// when the DH step secret is missing and the skip limit is exceeded.
	bad := withN(200000, 200000)
	bad[2] ^= 1
	_, _, err := u.bobS0.Decrypt(bad, u.alice.edPub, nil, Deployed)
	wantCat(t, "bad signature first", err, "signature")
	// No receiving chain: the responder gets a message on the initiator's handshake key.
	onA := bytes.Clone(p1)
	copy(onA[65:97], u.hs.EphemeralX25519[:])
	_, _, err = u.bobS0.Decrypt(resign(onA, u.alice.edSeed), u.alice.edPub, bobDH, Deployed)
	wantCat(t, "no receiving chain", err, "state")
	// A session without a sending chain cannot encrypt.
	s := u.bobS0.Clone()
	s.SendingChainKey = nil
	_, _, err = s.Encrypt([]byte("x"), u.bob.edSeed, u.rnd1)
	wantCat(t, "no sending chain", err, "state")
}

// n = 2^32 - 1 is rejected as State only once the skip limit passed: the
// SDK, which has no such rule, rejects it by the skip limit otherwise.
func TestRatchetMaxMessageNumber(t *testing.T) {
	u := runUnit(t, Strict)
	p := bytes.Clone(u.msg1.Payload)
	binary.BigEndian.PutUint32(p[101:], 0xFFFFFFFF)
	p = resign(p, u.alice.edSeed)
	_, _, err := u.bobS1.Decrypt(p, u.alice.edPub, nil, Deployed)
	wantCat(t, "far from Nr", err, "skip_limit")
	near := u.bobS1.Clone()
	near.ReceivingMsgNumber = 0xFFFFFFFE
	_, _, err = near.Decrypt(p, u.alice.edPub, nil, Deployed)
	wantCat(t, "next to Nr", err, "state")
}

func mustHex(s string) []byte {
	b, err := hexDecode(s)
	if err != nil {
		panic(err)
	}
	return b
}

// A DH step with n above the limit but n - Nr within it: the SDK measures n
// against the old chain and accepts; Strict rejects.
func TestRatchetDHStepSkipLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("derives 100002 chain keys")
	}
	u := runUnit(t, Strict)
	alice := u.aliceS0.Clone()
	ck := *alice.SendingChainKey
	for range 100002 {
		_, ck = KDFChainKey(ck[:])
	}
	alice.SendingChainKey, alice.SendingMsgNumber = &ck, 100002
	bob := u.bobS0.Clone()
	bob.ReceivingMsgNumber = 3 // as if three messages came on the old chain
	_, e := send(t, alice, "far", u.alice.edSeed, "far")
	_, _, err := bob.Decrypt(e.Payload, u.alice.edPub, dr("bob/dh-step", 32), Strict)
	wantCat(t, "strict", err, "skip_limit")
	b, _, err := bob.Decrypt(e.Payload, u.alice.edPub, dr("bob/dh-step", 32), Deployed)
	wantCat(t, "deployed", err, "")
	if err == nil && (len(b.SkippedKeys) != MaxStoredSkippedKeys || b.SkippedKeys[999].MsgNumber != 999) {
		t.Errorf("pruned to %d keys, last %d", len(b.SkippedKeys), b.SkippedKeys[len(b.SkippedKeys)-1].MsgNumber)
	}
}

// Pruning keeps the 1000 keys the SDK keeps: newest decryption first, in
// order within one decryption.
func TestRatchetPruning(t *testing.T) {
	u := runUnit(t, Strict)
	alice, bob := u.aliceS0, u.bobS0
	advance := func(s *Session, k int) *Session {
		n := s.Clone()
		ck := *n.SendingChainKey
		for range k {
			_, ck = KDFChainKey(ck[:])
		}
		n.SendingChainKey, n.SendingMsgNumber = &ck, n.SendingMsgNumber+uint32(k)
		return n
	}
	_, e := send(t, advance(alice, 600), "x", u.alice.edSeed, "p1")
	bob, _, err := bob.Decrypt(e.Payload, u.alice.edPub, dr("bob/dh-step", 32), Strict)
	if err != nil || len(bob.SkippedKeys) != 600 || bob.Clock != 1 {
		t.Fatal(err)
	}
	_, e = send(t, advance(alice, 1200), "y", u.alice.edSeed, "p2")
	bob, _, err = bob.Decrypt(e.Payload, u.alice.edPub, nil, Strict)
	if err != nil || len(bob.SkippedKeys) != 1000 || bob.Clock != 2 {
		t.Fatalf("%v, %d keys", err, len(bob.SkippedKeys))
	}
	// Newest first: 601..1199 (clock 2), then 0..400 of the older batch.
	if k := bob.SkippedKeys; k[0].MsgNumber != 601 || k[598].MsgNumber != 1199 || k[599].MsgNumber != 0 || k[999].MsgNumber != 400 || k[0].CreatedAt != 2 {
		t.Fatalf("kept %d..%d, %d..%d", k[0].MsgNumber, k[598].MsgNumber, k[599].MsgNumber, k[999].MsgNumber)
	}
	_, e = send(t, advance(alice, 500), "z", u.alice.edSeed, "p3")
	_, _, err = bob.Decrypt(e.Payload, u.alice.edPub, nil, Strict)
	wantCat(t, "a pruned key", err, "replay")
}

func TestPadding(t *testing.T) {
	for _, c := range []struct{ n, bucket int }{
		{0, 64}, {59, 64}, {60, 128}, {123, 128}, {124, 256}, {16379, 16384}, {16380, 20480}, {20475, 20480}, {20476, 24576},
	} {
		if got := PaddingBucket(c.n); got != c.bucket {
			t.Errorf("PaddingBucket(%d) = %d, want %d", c.n, got, c.bucket)
		}
	}
	pt := []byte("hello")
	padded := must(Pad(pt, 7, make([]byte, 64+7-5-5)))(t)
	if len(padded) != 71 || padded[0] != 0 || binary.BigEndian.Uint32(padded[1:]) != 5 {
		t.Fatalf("Pad = %x", padded)
	}
	if _, err := Pad(pt, 8, make([]byte, 62)); !isCat(err, "padding") {
		t.Errorf("jitter 8 for bucket 64: %v", err)
	}
	if _, err := Pad(pt, 0, make([]byte, 53)); !isCat(err, "field_length") {
		t.Errorf("short fill: %v", err)
	}
	for _, c := range []struct {
		name           string
		in             []byte
		strict, deploy string
	}{
		{"as padded", padded, "", ""},
		{"marker 1", append([]byte{1}, padded[1:]...), "padding", "padding"},
		{"length too long", append([]byte{0, 0, 0, 0, 67}, padded[5:]...), "padding", "padding"},
		{"4 bytes", padded[:4], "padding", "padding"},
		{"no padding at all", padded[:10], "padding", ""},
		{"bucket + bucket/8", append(bytes.Clone(padded), 0), "padding", ""},
	} {
		_, err := Unpad(c.in, Strict)
		wantCat(t, c.name+" strict", err, c.strict)
		_, err = Unpad(c.in, Deployed)
		wantCat(t, c.name+" deployed", err, c.deploy)
	}
}

// DrawEncryptRandomness reproduces the SDK's rejection sampling: for a
// 20000-byte message (bucket 20480, jitter below 2560) it reads two bytes,
// keeps 12 bits, and draws again while the value is 2560 or more.
func TestDrawEncryptRandomness(t *testing.T) {
	stream := []byte{0xFF, 0xFF, 0x0A, 0x00, 0x09, 0xFF}
	fill := bytes.Repeat([]byte{0xAB}, 20480+0x9FF-5-20000)
	nonce := bytes.Repeat([]byte{0xCD}, 24)
	r := bytes.NewReader(append(append(append(stream, fill...), nonce...), 0xEE))
	rnd := must(DrawEncryptRandomness(r, 20000))(t)
	if rnd.Jitter != 0x9FF || !bytes.Equal(rnd.PaddingFill, fill) || !bytes.Equal(rnd.Nonce, nonce) || r.Len() != 1 {
		t.Fatalf("jitter %#x, fill %d bytes, %d left", rnd.Jitter, len(rnd.PaddingFill), r.Len())
	}
	// A 64-byte bucket takes one byte and keeps three bits.
	rnd = must(DrawEncryptRandomness(bytes.NewReader(append([]byte{0xFE}, make([]byte, 100)...)), 0))(t)
	if rnd.Jitter != 6 || len(rnd.PaddingFill) != 65 {
		t.Fatalf("jitter %d, fill %d", rnd.Jitter, len(rnd.PaddingFill))
	}
	if _, err := DrawEncryptRandomness(bytes.NewReader(nil), 0); err == nil {
		t.Fatal("no error on an empty stream")
	}
}

func TestSessionJSON(t *testing.T) {
	u := runUnit(t, Strict)
	for _, s := range []*Session{u.aliceS0, u.bobS0, u.aliceS2, u.bobS2} {
		b := must(s.MarshalJSON())(t)
		back := must(ParseSession(b))(t)
		if b2 := must(back.MarshalJSON())(t); !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the state:\n%s\n%s", b, b2)
		}
		if !json.Valid(b) {
			t.Fatal("invalid JSON")
		}
	}
	good := string(must(u.bobS1.MarshalJSON())(t))
	for _, bad := range []string{
		strings.Replace(good, `"clock":0`, `"clock":-1`, 1),
		strings.Replace(good, `"clock":0`, `"clock":0.5`, 1),
		strings.Replace(good, `"topicEpoch":1`, `"topicEpoch":4294967296`, 1),
		strings.Replace(good, `"rootKey":"`, `"rootKey":"00`, 1),
		strings.Replace(good, `"rootKey":"`, `"rootKey":"A`, 1),
		strings.Replace(good, `"clock":0`, `"clock":0,"extra":1`, 1),
		strings.Replace(good, `,"clock":0`, ``, 1),
		strings.Replace(good, `"skippedKeys":[]`, `"skippedKeys":{}`, 1),
		strings.Replace(good, `"skippedKeys":[]`, `"skippedKeys":[{"dhPubKey":"00"}]`, 1),
		`[]`, `{`,
	} {
		if _, err := ParseSession([]byte(bad)); !isCat(err, "json") {
			t.Errorf("ParseSession accepted or mis-typed %q: %v", bad[:min(len(bad), 60)], err)
		}
	}
}

func TestRouteInbound(t *testing.T) {
	u := runUnit(t, Strict)
	s := u.aliceS1
	if _, m, err := s.RouteInbound(s.CurrentTopicInbound); err != nil || m != TopicCurrent {
		t.Fatal(m, err)
	}
	p, m, err := s.RouteInbound(*s.NextTopicInbound)
	if err != nil || m != TopicNext || p.TopicEpoch != 1 || *p.PreviousTopicInbound != s.CurrentTopicInbound || p.NextTopicInbound != nil {
		t.Fatal(m, err)
	}
	if _, m, err := p.RouteInbound(s.CurrentTopicInbound); err != nil || m != TopicPrevious {
		t.Fatal(m, err)
	}
	_, _, err = s.RouteInbound([32]byte{1})
	wantCat(t, "unknown topic", err, "state")
}

// KDFChainKey's HMAC written out over SHA-256 is crypto/hmac's, for keys
// shorter than, as long as and longer than the 64-byte block.
func TestKDFChainKeyIsHMAC(t *testing.T) {
	for n := range 150 {
		key := dr("kdf-ck/"+strconv.Itoa(n), n)
		mk, ck := KDFChainKey(key)
		mac := func(msg byte) (out [32]byte) {
			m := hmac.New(sha256.New, key)
			m.Write([]byte{msg})
			return [32]byte(m.Sum(nil))
		}
		if mk != mac(1) || ck != mac(2) {
			t.Errorf("%d-byte key: KDF_CK differs from crypto/hmac", n)
		}
	}
}
