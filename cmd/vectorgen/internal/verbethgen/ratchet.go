package verbethgen

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethRatchetPayloadDecode, Notes: notes, Groups: genRatchetPayloadDecode})
	gen.Register(&gen.Generator{Family: vectors.VerbethRatchetEncrypt, Notes: notes, Groups: genRatchetEncrypt,
		Header: []string{
			"The scenario group sends the scenario's two messages: Alice's first (from her state of verbeth/session/initiator) and Bob's reply (from his state after verbeth/ratchet/decrypt of Alice's message).",
			"Their jitter, paddingFill and nonce were drawn as the SDK draws them (spec/verbeth.md §6) from the streams SHAKE-256(\"pqhs detrand v1\" || 0x00 || \"verbeth/unit/msg1/random\") and \"…/msg2/random\"; the other tests draw paddingFill and nonce separately (see drawn).",
		}})
	gen.Register(&gen.Generator{Family: vectors.VerbethRatchetDeliver, Notes: notes, Groups: genRatchetDeliver, HeaderAfter: deliverHeader})
	gen.Register(&gen.Generator{Family: vectors.VerbethRatchetDecrypt, Notes: notes, Groups: genRatchetDecrypt,
		Header: []string{
			"The states and messages continue the scenario: Bob's state of verbeth/session/responder receives Alice's first message (his DH step), Alice receives Bob's reply on her next inbound topic (promotion, then her DH step).",
			"Messages that are not the scenario's were encrypted by the reference from the states named in the comment, with randomness drawn as the SDK draws it from the stream of label verbeth/vectors/decrypt/<name>/random; crafted ones (other headers, padding, low-order keys) were signed with the sender's Ed25519 identity key, as a sender holding it would.",
			"newRatchetSecret is Bob's DH step secret (label verbeth/unit/bob/dh-step) or Alice's (verbeth/unit/alice/dh-step) unless drawn says otherwise.",
		}})
}

// advance returns s with its sending chain advanced k messages, as if k
// messages had been sent and lost.
func advance(s *verbeth.Session, k int) *verbeth.Session {
	n := s.Clone()
	ck := *n.SendingChainKey
	for range k {
		ck = nextChainKey(ck)
	}
	n.SendingChainKey = &ck
	n.SendingMsgNumber += uint32(k)
	return n
}

// nextChainKey is KDF_CK's HMAC-SHA256(ck, 0x02), written out (RFC 2104)
// rather than through crypto/hmac: advancing a chain by 10^5 keys is then
// a third of the work, and it rechecks the reference's KDF_CK on the way
// (a wrong key would not decrypt).
func nextChainKey(ck [32]byte) [32]byte {
	var ipad, opad [sha256.BlockSize + 32]byte
	for i := range sha256.BlockSize {
		k := byte(0)
		if i < 32 {
			k = ck[i]
		}
		ipad[i], opad[i] = k^0x36, k^0x5c
	}
	ipad[sha256.BlockSize] = 0x02
	inner := sha256.Sum256(ipad[:sha256.BlockSize+1])
	copy(opad[sha256.BlockSize:], inner[:])
	return sha256.Sum256(opad[:])
}

// send encrypts text from s with randomness drawn as the SDK draws it.
func send(s *verbeth.Session, text string, edSeed []byte, name string) (*verbeth.Session, *verbeth.Encrypted) {
	rnd := gen.Must(verbeth.DrawEncryptRandomness(detrand.Reader(vecLabel("decrypt", name, "random")), len(text)))
	n, e, err := s.Encrypt([]byte(text), edSeed, rnd)
	if err != nil {
		panic(err)
	}
	return n, e
}

func recv(s *verbeth.Session, payload, peer, secret []byte) *verbeth.Session {
	n, _, err := s.Decrypt(payload, peer, secret, verbeth.Deployed)
	if err != nil {
		panic(err)
	}
	return n
}

// sign makes a payload from its parts, signed as the SDK signs.
func signPayload(h verbeth.Header, nonce, box, edSeed []byte) []byte {
	signed := slices.Concat(h.Bytes(), nonce, box)
	return slices.Concat([]byte{verbeth.RatchetVersion}, ed25519.Sign(ed25519.NewKeyFromSeed(edSeed), signed), signed)
}

// craft encrypts any padded bytes as message n of a chain whose key for
// message n is ck.
func craft(h verbeth.Header, ck [32]byte, padded, nonce, edSeed []byte) []byte {
	mk, _ := verbeth.KDFChainKey(ck[:])
	return signPayload(h, nonce, secretbox.Seal(nil, padded, (*[24]byte)(nonce), &mk), edSeed)
}

// resign re-signs a payload after its fields were changed.
func resign(payload, edSeed []byte) []byte {
	out := append([]byte{}, payload...)
	copy(out[verbeth.RatchetSignatureOffset:verbeth.RatchetHeaderOffset], ed25519.Sign(ed25519.NewKeyFromSeed(edSeed), out[verbeth.RatchetHeaderOffset:]))
	return out
}

func withHeader(payload []byte, pn, n uint32, edSeed []byte) []byte {
	out := append([]byte{}, payload...)
	binary.BigEndian.PutUint32(out[verbeth.RatchetPNOffset:], pn)
	binary.BigEndian.PutUint32(out[verbeth.RatchetNOffset:], n)
	return resign(out, edSeed)
}

func genRatchetPayloadDecode() []gen.Group {
	s := shared()
	f := decryptFlowsOf(s)
	p1, p2 := s.msg1.Payload, s.msg2.Payload
	split := func(p []byte, pn, n uint32) []any {
		return []any{"signature", p[verbeth.RatchetSignatureOffset:verbeth.RatchetHeaderOffset], "dh", p[verbeth.RatchetHeaderOffset:verbeth.RatchetPNOffset],
			"pn", pn, "n", n, "nonce", p[verbeth.RatchetNonceOffset:verbeth.RatchetBoxOffset], "box", p[verbeth.RatchetBoxOffset:]}
	}
	minimal := append([]byte{}, p1[:verbeth.RatchetPayloadMinSize]...)
	maxed := append([]byte{}, p1...)
	binary.BigEndian.PutUint32(maxed[verbeth.RatchetPNOffset:], math.MaxUint32)
	binary.BigEndian.PutUint32(maxed[verbeth.RatchetNOffset:], math.MaxUint32)
	// pn 1 and n 2: read little-endian, they are 2^24 and 2^25.
	counted := append([]byte{}, p1...)
	binary.BigEndian.PutUint32(counted[verbeth.RatchetPNOffset:], 1)
	binary.BigEndian.PutUint32(counted[verbeth.RatchetNOffset:], 2)
	version := func(v byte) []byte { return append([]byte{v}, p1[1:]...) }
	pl := func(b []byte) vectors.Values { return vectors.Make("payload", b) }
	return []gen.Group{
		{Type: "RatchetPayloadDecode", Comment: "payloads that parse", Cases: []gen.Case{
			gen.Valid("Alice's first message", pl(p1), "Scenario", "CrossChecked").Pin(append(split(p1, 0, 0), "signature", ccHex("ratchet.msg1.signature"), "dh", ccHex("bootstrap.firstRatchetPublic"), "nonce", ccHex("ratchet.msg1.nonce"))...),
			gen.Valid("Bob's reply", pl(p2), "Scenario", "CrossChecked").Pin(append(split(p2, 0, 0), "signature", ccHex("ratchet.msg2.signature"), "dh", ccHex("ratchet.bobDecrypt1.newRatchetPublic"), "nonce", ccHex("ratchet.msg2.nonce"))...),
			gen.Valid("145 bytes: a box of only the Poly1305 tag", pl(minimal), "Truncated").Pin(split(minimal, 0, 0)...),
			gen.Valid("pn and n of 2^32 - 1 (parsing does not check them)", pl(maxed), "CounterLimit").Pin(split(maxed, math.MaxUint32, math.MaxUint32)...),
			gen.Valid("pn 1 and n 2: big-endian counters (the signature is not checked here)", pl(counted), "ByteOrder").Pin(split(counted, 1, 2)...),
			gen.Valid("Alice's third message on her first chain: n 2", pl(f.m2.Payload), "ByteOrder").Pin(split(f.m2.Payload, 0, 2)...),
			gen.Valid("Alice's message 100002 after her DH step, her first chain having held 3: pn 3", pl(f.dhFar), "ByteOrder").Pin(split(f.dhFar, 3, 100002)...),
		}},
		{Type: "RatchetPayloadDecode", Comment: "payloads that do not", Cases: []gen.Case{
			gen.Invalid("empty", category.Truncated, pl([]byte{}), "Truncated"),
			gen.Invalid("the version byte alone", category.Truncated, pl(p1[:1]), "Truncated"),
			gen.Invalid("104 bytes: the header cut short", category.Truncated, pl(p1[:104]), "Truncated"),
			gen.Invalid("105 bytes: no nonce (the SDK's parser accepts it)", category.Truncated, pl(p1[:105]), "Truncated"),
			gen.Invalid("128 bytes: nonce but no tag", category.Truncated, pl(p1[:128]), "Truncated"),
			gen.Invalid("144 bytes: the tag cut short", category.Truncated, pl(p1[:144]), "Truncated"),
			gen.Invalid("104 bytes with version 2: the length counts first", category.Truncated, pl(version(2)[:104]), "Truncated"),
			gen.Invalid("version 0", category.Version, pl(version(0)), "PayloadVersion"),
			gen.Invalid("version 2", category.Version, pl(version(2)), "PayloadVersion"),
			gen.Invalid("version 0xff", category.Version, pl(version(0xff)), "PayloadVersion"),
			gen.Invalid("105 bytes with version 2: the version counts before the 145-byte minimum", category.Version, pl(version(2)[:105]), "PayloadVersion"),
		}},
	}
}

func genRatchetEncrypt() []gen.Group {
	s := shared()
	a := s.alice
	msg := func(st json.RawMessage, pt string, seed []byte, rnd verbeth.EncryptRandomness) vectors.Values {
		return vectors.Make("state", st, "plaintext", []byte(pt), "signingSeed", seed, "jitter", rnd.Jitter, "paddingFill", rnd.PaddingFill, "nonce", rnd.Nonce)
	}
	// A message of n bytes from Alice's first state, with a jitter.
	sized := func(comment string, n, jitter int, flags ...string) gen.Case {
		_, fill, err := verbeth.PaddingSize(n, jitter)
		if err != nil {
			panic(err)
		}
		name := "len" + strconv.Itoa(n)
		c := gen.Valid(comment, vectors.Make("state", stateJSON(s.aliceS0), "plaintext", vecBytes(n, "encrypt", name, "plaintext"), "signingSeed", a.edSeed, "jitter", jitter,
			"paddingFill", vecBytes(fill, "encrypt", name, "paddingFill"), "nonce", vecBytes(24, "encrypt", name, "nonce")), flags...)
		return c.Drew("plaintext", vecLabel("encrypt", name, "plaintext"), "paddingFill", vecLabel("encrypt", name, "paddingFill"), "nonce", vecLabel("encrypt", name, "nonce"))
	}
	base := msg(stateJSON(s.aliceS0), "hello", a.edSeed, verbeth.EncryptRandomness{Jitter: 3, PaddingFill: vecBytes(64+3-5-5, "encrypt", "hello", "paddingFill"), Nonce: vecBytes(24, "encrypt", "hello", "nonce")})
	noChain := s.bobS0.Clone()
	noChain.SendingChainKey = nil
	full := s.aliceS0.Clone()
	full.SendingMsgNumber = math.MaxUint32
	second := verbeth.EncryptRandomness{Jitter: 1, PaddingFill: vecBytes(64+1-5-6, "encrypt", "second", "paddingFill"), Nonce: vecBytes(24, "encrypt", "second", "nonce")}
	return []gen.Group{
		{Type: "RatchetEncrypt", Comment: "the scenario's messages", Cases: []gen.Case{
			gen.Valid("Alice's first message", msg(ccState("bootstrap.aliceState0"), unitPt1, a.edSeed, s.rnd1), "Scenario", "CrossChecked").Pin(
				"payload", ccHex("ratchet.msg1.payload"), "state", ccState("ratchet.aliceState1"), "topic", ccHex("ratchet.msg1.topic"),
				"messageKey", ccHex("ratchet.msg1.messageKey"), "padded", ccHex("ratchet.msg1.padded"), "signature", ccHex("ratchet.msg1.signature")),
			gen.Valid("Bob's reply, after his DH step", msg(ccState("ratchet.bobState1"), unitPt2, s.bob.edSeed, s.rnd2), "Scenario", "CrossChecked").Pin(
				"payload", ccHex("ratchet.msg2.payload"), "state", ccState("ratchet.bobState2"), "topic", ccHex("ratchet.msg2.topic"),
				"messageKey", ccHex("ratchet.msg2.messageKey"), "padded", ccHex("ratchet.msg2.padded"), "signature", ccHex("ratchet.msg2.signature")),
			gen.Valid("Alice's second message, still on the epoch-0 topic", msg(ccState("ratchet.aliceState1"), "second", a.edSeed, second), "Scenario").
				Drew("paddingFill", vecLabel("encrypt", "second", "paddingFill"), "nonce", vecLabel("encrypt", "second", "nonce")),
		}},
		{Type: "RatchetEncrypt", Comment: "padding buckets", Cases: []gen.Case{
			sized("empty plaintext: bucket 64", 0, 0, "PaddingBucket"),
			sized("59 bytes (framed 64): bucket 64, the largest jitter 7", 59, 7, "PaddingBucket", "JitterRange"),
			sized("60 bytes (framed 65): bucket 128", 60, 0, "PaddingBucket"),
			sized("2043 bytes (framed 2048): bucket 2048, the largest jitter 255", 2043, 255, "PaddingBucket", "JitterRange"),
			sized("2044 bytes (framed 2049): bucket 4096", 2044, 0, "PaddingBucket"),
			sized("16379 bytes (framed 16384): bucket 16384", 16379, 1000, "PaddingBucket"),
			sized("16380 bytes (framed 16385): bucket 20480, the largest jitter 2559", 16380, 2559, "PaddingBucket", "JitterRange"),
			sized("20476 bytes (framed 20481): bucket 24576", 20476, 0, "PaddingBucket"),
		}},
		{Type: "RatchetEncrypt", Comment: "rejected inputs", Inputs: base, Cases: []gen.Case{
			gen.Invalid("jitter 8 for bucket 64", category.Padding, vectors.Make("jitter", 8, "paddingFill", make([]byte, 64+8-10)), "JitterRange"),
			gen.Invalid("jitter -1", category.Padding, vectors.Make("jitter", -1, "paddingFill", make([]byte, 64-1-10)), "JitterRange"),
			gen.Invalid("padding fill one byte short", category.FieldLength, vectors.Make("paddingFill", make([]byte, 64+3-10-1)), "WrongLength"),
			gen.Invalid("padding fill one byte long", category.FieldLength, vectors.Make("paddingFill", make([]byte, 64+3-10+1)), "WrongLength"),
			gen.Invalid("nonce of 23 bytes", category.FieldLength, vectors.Make("nonce", make([]byte, 23)), "WrongLength"),
			gen.Invalid("signing seed of 64 bytes (a tweetnacl secret key)", category.FieldLength, vectors.Make("signingSeed", slices.Concat(a.edSeed, a.edPub)), "WrongLength"),
			gen.Invalid("a state without a sending chain", category.State, vectors.Make("state", stateJSON(noChain)), "NoSendingChain"),
			gen.Invalid("a state whose sendingMsgNumber is 2^32 - 1", category.State, vectors.Make("state", stateJSON(full)), "CounterLimit"),
		}},
	}
}

// decryptFlows are the states and messages the decrypt tests need beyond
// the scenario's, computed once.
type decryptFlows struct {
	m1, m2                   *verbeth.Encrypted // Alice's second and third messages on her first chain
	bobAfterM2, bobAfterM2M0 *verbeth.Session
	far, tooFar              []byte // n = 100001 and 100002 on Alice's first chain
	bobBig                   *verbeth.Session
	at1000, at1001, at100004 []byte
	bob3                     *verbeth.Session // Bob after m0, m1, m2
	dhFar                    []byte           // Alice's DH-step chain at n = 100002
	dhFarSecret              []byte
	lowDH                    [][]byte
	padding                  map[string][]byte
	noChain, maxN            []byte
	nearMax                  *verbeth.Session
}

var (
	flowsOnce sync.Once
	flows     *decryptFlows
)

func decryptFlowsOf(s *scenario) *decryptFlows {
	flowsOnce.Do(func() { flows = newDecryptFlows(s) })
	return flows
}

func newDecryptFlows(s *scenario) *decryptFlows {
	f := &decryptFlows{padding: map[string][]byte{}}
	a, b := s.alice, s.bob
	var a1, a2 *verbeth.Session
	a1, f.m1 = send(s.aliceS1, "second", a.edSeed, "m1")
	a2, f.m2 = send(a1, "third", a.edSeed, "m2")
	f.bobAfterM2 = recv(s.bobS0, f.m2.Payload, a.edPub, s.bobDH)
	f.bobAfterM2M0 = recv(f.bobAfterM2, s.msg1.Payload, a.edPub, nil)

	// The skip limit on Alice's first chain, Bob having received message 0.
	at := advance(s.aliceS1, 999) // next message: number 1000
	_, e := send(at, "number 1000", a.edSeed, "n1000")
	f.at1000 = e.Payload
	_, e = send(advance(at, 1), "number 1001", a.edSeed, "n1001")
	f.at1001 = e.Payload
	at = advance(at, 100001-1000) // number 100001
	_, e = send(at, "far", a.edSeed, "far")
	f.far = e.Payload
	_, e = send(advance(at, 1), "too far", a.edSeed, "too-far")
	f.tooFar = e.Payload
	_, e = send(advance(at, 3), "number 100004", a.edSeed, "n100004")
	f.at100004 = e.Payload
	f.bobBig = recv(s.bobS1, f.far, a.edPub, nil)

	// A DH step with n > 100000: Bob received three messages on Alice's
	// first chain, replied, and Alice's reply after her DH step is number
	// 100002 of her new chain.
	f.bob3 = recv(recv(s.bobS1, f.m1.Payload, a.edPub, nil), f.m2.Payload, a.edPub, nil)
	_, reply := must2(f.bob3.Encrypt([]byte(unitPt2), b.edSeed, s.rnd2))
	routed, _, err := a2.RouteInbound(reply.Topic)
	if err != nil {
		panic(err)
	}
	aliceStep := recv(routed, reply.Payload, b.edPub, s.aliceDH)
	_, e = send(advance(aliceStep, 100002), "after the DH step", a.edSeed, "dh-far")
	f.dhFar = e.Payload
	f.dhFarSecret = vecBytes(32, "decrypt", "dh-far", "newRatchetSecret")

	// Low-order DH keys on Bob's first state: the receiving chain is then
	// KDF_RK(RK0, zeros).
	_, ckZero := verbeth.KDFRootKey(s.bobS0.RootKey[:], make([]byte, 32))
	for _, i := range []int{0, 1, 2, 5} {
		pt := []byte("low order")
		fill := vecBytes(64-5-len(pt), "decrypt", "low-order", itoaS(i), "paddingFill")
		padded := gen.Must(verbeth.Pad(pt, 0, fill))
		f.lowDH = append(f.lowDH, craft(verbeth.Header{DH: [32]byte(lowOrder(i))}, ckZero, padded, vecBytes(24, "decrypt", "low-order", itoaS(i), "nonce"), a.edSeed))
	}

	// Padding variants as message 1 of Alice's first chain.
	ck := *s.aliceS1.SendingChainKey
	h := verbeth.Header{DH: s.aliceS1.DHMyPublicKey, N: 1}
	nonce := vecBytes(24, "decrypt", "padding", "nonce")
	frame := func(pt []byte, size int) []byte {
		out := make([]byte, 5, size)
		binary.BigEndian.PutUint32(out[1:], uint32(len(pt)))
		out = append(out, pt...)
		return append(out, vecBytes(size-len(out), "decrypt", "padding", "fill")...)
	}
	for name, padded := range map[string][]byte{
		"no fill":   frame([]byte("hi"), 7),
		"72 bytes":  frame([]byte("hi"), 72),
		"63 bytes":  frame([]byte("hi"), 63),
		"71 bytes":  frame([]byte("hi"), 71),
		"marker 1":  append([]byte{1}, frame([]byte("hi"), 64)[1:]...),
		"length":    append(append([]byte{0, 0, 0, 0, 60}, []byte("hi")...), make([]byte, 57)...),
		"4 bytes":   {0, 0, 0, 0},
		"0 bytes":   {},
		"2048+256":  frame(make([]byte, 2000), 2048+256),
		"2048+255":  frame(make([]byte, 2000), 2048+255),
		"4096 big":  frame(make([]byte, 2000), 4096),
		"just size": frame(make([]byte, 59), 64),
	} {
		f.padding[name] = craft(h, ck, padded, nonce, a.edSeed)
	}

	// No receiving chain: a message on A, the key Bob's state knows.
	f.noChain = withDH(s.msg1.Payload, s.hs.EphemeralX25519, a.edSeed)
	f.maxN = withHeader(f.m1.Payload, 0, math.MaxUint32, a.edSeed)
	f.nearMax = s.bobS1.Clone()
	f.nearMax.ReceivingMsgNumber = math.MaxUint32 - 1
	return f
}

func withDH(payload []byte, dh [32]byte, edSeed []byte) []byte {
	out := append([]byte{}, payload...)
	copy(out[65:97], dh[:])
	return resign(out, edSeed)
}

func genRatchetDecrypt() []gen.Group {
	s := shared()
	f := decryptFlowsOf(s)
	a := s.alice
	p1 := s.msg1.Payload
	bob0 := stateJSON(s.bobS0)
	bobStep := vectors.Make("state", bob0, "peerEd25519", a.edPub, "newRatchetSecret", s.bobDH)
	onChain := vectors.Make("state", stateJSON(s.bobS1), "peerEd25519", a.edPub)
	pinBob1 := []any{"plaintext", []byte(unitPt1), "state", ccState("ratchet.bobState1"), "messageKey", ccHex("ratchet.bobDecrypt1.messageKey")}
	flipSig := append([]byte{}, p1...)
	flipSig[10] ^= 1
	flipBox := append([]byte{}, p1...)
	flipBox[len(flipBox)-1] ^= 1
	malleable := append([]byte{}, p1...)
	copy(malleable[1:65], ccHex("ed25519Malleable.signature"))
	pad := func(name string) vectors.Values { return vectors.Make("payload", f.padding[name]) }
	var low []gen.Case
	for j, i := range []int{0, 1, 2, 5} {
		low = append(low, gen.Acceptable("a DH step to dh = "+lowOrderPoints[i].name, category.LowOrderPoint, vectors.Make("payload", f.lowDH[j]), "LowOrderPoint").Pin("plaintext", []byte("low order")))
	}
	return []gen.Group{
		{Type: "RatchetDecrypt", Comment: "the scenario's messages", Cases: []gen.Case{
			gen.Valid("Bob receives Alice's first message on his inbound topic: his DH step", merge(bobStep, vectors.Make("payload", p1, "topic", s.msg1.Topic)), "Scenario", "CrossChecked").
				Pin(append(pinBob1, "topicMatch", "current")...),
			gen.Valid("Alice receives Bob's reply on her next inbound topic: promotion, then her DH step", vectors.Make("state", ccState("ratchet.aliceState1"), "payload", ccHex("ratchet.msg2.payload"),
				"peerEd25519", s.bob.edPub, "newRatchetSecret", s.aliceDH, "topic", ccHex("ratchet.msg2.topic")), "Scenario", "CrossChecked", "TopicRouting").Pin(
				"plaintext", []byte(unitPt2), "state", ccState("ratchet.aliceState2"), "messageKey", ccHex("ratchet.aliceDecrypt2.messageKey"), "topicMatch", "next"),
			gen.Valid("Alice's promoted state receives Bob's reply, no topic given", vectors.Make("state", ccState("ratchet.alicePromoted"), "payload", ccHex("ratchet.msg2.payload"),
				"peerEd25519", s.bob.edPub, "newRatchetSecret", s.aliceDH), "Scenario", "CrossChecked").Pin(
				"plaintext", []byte(unitPt2), "state", ccState("ratchet.aliceState2")),
			gen.Valid("Alice receives Bob's reply without topic routing: no promotion", vectors.Make("state", ccState("ratchet.aliceState1"), "payload", ccHex("ratchet.msg2.payload"),
				"peerEd25519", s.bob.edPub, "newRatchetSecret", s.aliceDH), "TopicRouting").Pin("plaintext", []byte(unitPt2)),
			gen.Valid("Bob receives Alice's first message, no topic given", merge(bobStep, vectors.Make("payload", p1)), "Scenario", "CrossChecked").Pin(pinBob1...),
		}},
		{Type: "RatchetDecrypt", Comment: "out of order and replayed messages on Alice's first chain (messages 0, 1, 2: the scenario's first and two more)", Cases: []gen.Case{
			gen.Valid("Bob receives message 2 first: keys 0 and 1 are stored", merge(bobStep, vectors.Make("payload", f.m2.Payload)), "OutOfOrder").Pin("plaintext", []byte("third")),
			gen.Valid("then message 0, from its stored key", vectors.Make("state", stateJSON(f.bobAfterM2), "payload", p1, "peerEd25519", a.edPub), "OutOfOrder").Pin("plaintext", []byte(unitPt1)),
			gen.Invalid("then message 0 again", category.Replay, vectors.Make("state", stateJSON(f.bobAfterM2M0), "payload", p1, "peerEd25519", a.edPub), "Replay"),
			gen.Invalid("then message 2 again", category.Replay, vectors.Make("state", stateJSON(f.bobAfterM2M0), "payload", f.m2.Payload, "peerEd25519", a.edPub), "Replay"),
			gen.Valid("then message 1, from its stored key", vectors.Make("state", stateJSON(f.bobAfterM2M0), "payload", f.m1.Payload, "peerEd25519", a.edPub), "OutOfOrder").Pin("plaintext", []byte("second")),
			gen.Invalid("Bob's state after message 0 receives message 0 again", category.Replay, merge(onChain, vectors.Make("payload", p1)), "Replay"),
			gen.Invalid("Bob's state after message 0 receives it again on its previous topic", category.Replay, merge(onChain, vectors.Make("payload", p1, "topic", s.msg1.Topic)), "Replay", "TopicRouting"),
			gen.Valid("Bob's state after message 0 receives message 1 on the previous inbound topic", merge(onChain, vectors.Make("payload", f.m1.Payload, "topic", f.m1.Topic)), "TopicRouting").
				Pin("plaintext", []byte("second"), "topicMatch", "previous"),
		}},
		{Type: "RatchetDecrypt", Comment: "skip limits, from Bob's state after message 0 (receivingMsgNumber 1)", Inputs: onChain, Cases: []gen.Case{
			gen.Valid("message 100001: n - receivingMsgNumber = 100000, at the limit; keys 1..1000 are kept", vectors.Make("payload", f.far), "SkipLimit", "Pruning").Pin("plaintext", []byte("far")),
			gen.Invalid("message 100002: n - receivingMsgNumber = 100001", category.SkipLimit, vectors.Make("payload", f.tooFar), "SkipLimit"),
			gen.Invalid("pn = 100001 on a message of the current chain", category.SkipLimit, vectors.Make("payload", withHeader(f.m1.Payload, 100001, 1, a.edSeed)), "SkipLimit"),
			gen.Invalid("message number 2^32 - 1: beyond the skip limit first", category.SkipLimit, vectors.Make("payload", f.maxN), "SkipLimit", "CounterLimit"),
		}},
		{Type: "RatchetDecrypt", Comment: "a crafted state whose receivingMsgNumber is 2^32 - 2", Cases: []gen.Case{
			gen.Invalid("message number 2^32 - 1: its successor does not fit the header", category.State, vectors.Make("state", stateJSON(f.nearMax), "payload", f.maxN, "peerEd25519", a.edPub), "CounterLimit"),
		}},
		{Type: "RatchetDecrypt", Comment: "after the skip to message 100001: 1000 stored keys (1..1000), receivingMsgNumber 100002",
			Inputs: vectors.Make("state", stateJSON(f.bobBig), "peerEd25519", a.edPub), Cases: []gen.Case{
				gen.Valid("message 1000, the last stored key", vectors.Make("payload", f.at1000), "Pruning").Pin("plaintext", []byte("number 1000")),
				gen.Invalid("message 1001, whose key was not kept", category.Replay, vectors.Make("payload", f.at1001), "Pruning", "Replay"),
				gen.Valid("message 100004: keys 100002 and 100003 stored, then pruned to 1000: the two new keys first, then 1..998", vectors.Make("payload", f.at100004), "Pruning").
					Pin("plaintext", []byte("number 100004")),
			}},
		{Type: "RatchetDecrypt", Comment: "a DH step far into the new chain", Cases: []gen.Case{
			gen.Invalid("DH step with n - receivingMsgNumber = 100001 (Nr = 0)", category.SkipLimit, merge(bobStep, vectors.Make("payload", withHeader(p1, 0, 100001, a.edSeed))), "SkipLimit"),
			gen.Invalid("DH step with pn = 100001", category.SkipLimit, merge(bobStep, vectors.Make("payload", withHeader(p1, 100001, 0, a.edSeed))), "SkipLimit"),
			gen.Acceptable("DH step to message 100002 of Alice's second chain, Bob's old chain at receivingMsgNumber 3", category.SkipLimit, vectors.Make("state", stateJSON(f.bob3), "payload", f.dhFar,
				"peerEd25519", a.edPub, "newRatchetSecret", f.dhFarSecret), "DHStepSkip").Pin("plaintext", []byte("after the DH step")).
				Drew("newRatchetSecret", vecLabel("decrypt", "dh-far", "newRatchetSecret")),
		}},
		{Type: "RatchetDecrypt", Comment: "signatures", Inputs: bobStep, Cases: []gen.Case{
			gen.Acceptable("S + L in place of S (the cross-check's malleated signature)", category.Signature, vectors.Make("payload", malleable), "Ed25519SL", "CrossChecked").Pin(pinBob1...),
			gen.Acceptable("S + L on a message whose key was stored (Bob's state after message 2; the check follows the stored key)", category.Signature,
				vectors.Make("state", stateJSON(f.bobAfterM2), "payload", malleable), "Ed25519SL").Pin("plaintext", []byte(unitPt1)),
			gen.Invalid("a bit of the signature flipped", category.Signature, vectors.Make("payload", flipSig), "BadSignature"),
			gen.Invalid("the last byte of the box changed, the signature kept", category.Signature, vectors.Make("payload", flipBox), "BadSignature"),
			gen.Invalid("verified with Bob's key instead of Alice's", category.Signature, vectors.Make("payload", p1, "peerEd25519", s.bob.edPub), "BadSignature"),
			gen.Invalid("the last byte of the box changed and re-signed", category.AEADAuth, vectors.Make("payload", resign(flipBox, a.edSeed)), "AEAD"),
			gen.Invalid("the nonce changed and re-signed", category.AEADAuth, vectors.Make("payload", resign(append(append(append([]byte{}, p1[:105]...), make([]byte, 24)...), p1[129:]...), a.edSeed)), "AEAD"),
			gen.Invalid("peer key of 31 bytes", category.FieldLength, vectors.Make("payload", p1, "peerEd25519", a.edPub[:31]), "WrongLength"),
		}},
		{Type: "RatchetDecrypt", Comment: "new DH keys of small order (crafted by Alice, who knows the receiving chain they give)", Inputs: bobStep, Cases: low},
		{Type: "RatchetDecrypt", Comment: "padding, as message 1 of Alice's first chain to Bob's state after message 0", Inputs: onChain, Cases: []gen.Case{
			gen.Valid("64 bytes for 59: bucket 64, jitter 0", pad("just size"), "PaddingBucket").Pin("plaintext", make([]byte, 59)),
			gen.Valid("71 bytes for 2: bucket 64, jitter 7", pad("71 bytes"), "JitterRange").Pin("plaintext", []byte("hi")),
			gen.Valid("2303 bytes for 2000: bucket 2048, jitter 255", pad("2048+255"), "JitterRange").Pin("plaintext", make([]byte, 2000)),
			gen.Acceptable("no fill: 7 bytes for 2", category.Padding, pad("no fill"), "PaddingRule").Pin("plaintext", []byte("hi")),
			gen.Acceptable("63 bytes for 2: below the bucket", category.Padding, pad("63 bytes"), "PaddingRule").Pin("plaintext", []byte("hi")),
			gen.Acceptable("72 bytes for 2: jitter 8, beyond bucket/8", category.Padding, pad("72 bytes"), "PaddingRule").Pin("plaintext", []byte("hi")),
			gen.Acceptable("2304 bytes for 2000: jitter 256", category.Padding, pad("2048+256"), "PaddingRule").Pin("plaintext", make([]byte, 2000)),
			gen.Acceptable("4096 bytes for 2000: the next bucket", category.Padding, pad("4096 big"), "PaddingRule").Pin("plaintext", make([]byte, 2000)),
			gen.Invalid("marker 0x01", category.Padding, pad("marker 1"), "BadPadding"),
			gen.Invalid("a length of 60 in 64 bytes", category.Padding, pad("length"), "BadPadding"),
			gen.Invalid("4 bytes", category.Padding, pad("4 bytes"), "BadPadding"),
			gen.Invalid("0 bytes", category.Padding, pad("0 bytes"), "BadPadding"),
		}},
		{Type: "RatchetDecrypt", Comment: "other rejections", Cases: []gen.Case{
			gen.Invalid("a DH step without the new ratchet secret", category.MissingField, vectors.Make("state", bob0, "payload", p1, "peerEd25519", a.edPub), "MissingDHSecret"),
			gen.Invalid("a new ratchet secret of 31 bytes", category.FieldLength, merge(bobStep, vectors.Make("payload", p1, "newRatchetSecret", s.bobDH[:31])), "WrongLength"),
			gen.Invalid("Bob's first state receives a message on A: no receiving chain yet", category.State, merge(bobStep, vectors.Make("payload", f.noChain)), "NoReceivingChain"),
			gen.Invalid("a topic the session does not know", category.State, merge(bobStep, vectors.Make("payload", p1, "topic", vecBytes(32, "decrypt", "unknown-topic"))), "TopicRouting").
				Drew("topic", vecLabel("decrypt", "unknown-topic")),
			gen.Invalid("Alice's first message on Bob's outbound topic", category.State, merge(bobStep, vectors.Make("payload", p1, "topic", s.bobS0.CurrentTopicOutbound)), "TopicRouting"),
			gen.Invalid("144 bytes", category.Truncated, merge(bobStep, vectors.Make("payload", resign(p1[:144], a.edSeed))), "Truncated"),
			gen.Invalid("version 2", category.Version, merge(bobStep, vectors.Make("payload", append([]byte{2}, p1[1:]...))), "PayloadVersion"),
		}},
	}
}
