package difffuzz

import (
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

// Fresh valid inputs, drawn as the live peer mode draws its sessions: new
// keys, salts, nonces and messages, and the inputs that depend on them
// (an acceptAdd2 to process, a response to open, a ratchet message to
// receive) made by running the reference's own steps. They exercise the
// valid paths with values no vector has: a P-521 secret with two leading
// zero bytes, a padding bucket no vector reaches, a message delivered
// late across two DH steps.

// freshFunc draws valid inputs of a family; some draw several at once
// (the deliveries of a ratchet conversation).
type freshFunc func(r *rand.Rand, p vectors.Profile) ([]vectors.Values, error)

var freshFuncs = map[*vectors.Family]freshFunc{}

func freshFor(f *vectors.Family) freshFunc { return freshFuncs[f] }

// one adapts a generator of one input.
func one(f func(r *rand.Rand, p vectors.Profile) (vectors.Values, error)) freshFunc {
	return func(r *rand.Rand, p vectors.Profile) ([]vectors.Values, error) {
		v, err := f(r, p)
		if err != nil {
			return nil, err
		}
		return []vectors.Values{v}, nil
	}
}

// run runs a reference step that must succeed.
func run(op *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	out, err := reference.Run(op, p, in)
	if err != nil {
		return nil, fmt.Errorf("fresh %s: %w", op, err)
	}
	return out, nil
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// rsaPub is an Ixian RSA public key; RSA keys cannot be drawn (Go ignores
// the reader), so the fixed test keys serve.
func rsaPub() []byte {
	return ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey, 1)
}

func caps(r *rand.Rand) int {
	switch r.IntN(3) {
	case 0:
		return 63
	case 1:
		return 17
	}
	return int(r.Int32())
}

// u64 draws a value with a log-uniform size, so that every varint width
// comes up.
func u64(r *rand.Rand) uint64 { return r.Uint64() >> r.IntN(64) }

func ixPrepareIn(r *rand.Rand) vectors.Values {
	return vectors.Make("ecdhPrivateKey", p521Scalar(r), "mlkemSeed", randBytes(r, 64), "aesSalt", randBytes(r, 32),
		"version", 1, "rsaPubKey", rsaPub(), "capabilities", caps(r))
}

func ixRequesterIn(r *rand.Rand, acceptAdd2 []byte) vectors.Values {
	return vectors.Make("acceptAdd2", acceptAdd2, "ecdhPrivateKey", p521Scalar(r), "mlkemMessage", randBytes(r, 32),
		"chachaSalt", randBytes(r, 32), "capabilities", caps(r))
}

// ixKeys2 draws the inputs of the acceptor's prepare step and of the
// requester's, and makes the keys2 the requester's step writes, the same
// bytes, without running the two steps: the ML-KEM encapsulation to the
// acceptor's key and the requester's public key, not the acceptor's public
// key, the ECDH secret or the keys (one P-521 multiplication of three, which
// were most of a fresh keys2's cost).
func ixKeys2(r *rand.Rand, p vectors.Profile) (prep vectors.Values, keys2 []byte, err error) {
	prep = ixPrepareIn(r)
	req := ixRequesterIn(r, nil)
	rd, qd := prep.Reader(), req.Reader()
	seed := rd.Bytes("mlkemSeed")
	scalar, m, salt, caps := qd.Bytes("ecdhPrivateKey"), qd.Bytes("mlkemMessage"), qd.Bytes("chachaSalt"), qd.Int32("capabilities")
	if err := errors.Join(rd.Err(), qd.Err()); err != nil {
		return nil, nil, err
	}
	ek, err := ixian.MLKEMKeyGen(seed)
	if err != nil {
		return nil, nil, err
	}
	ct, _, err := ixian.MLKEMEncapsulate(ek, m)
	if err != nil {
		return nil, nil, err
	}
	pub, err := ixian.ECDHPublicKey(scalar)
	if err != nil {
		return nil, nil, err
	}
	keys2 = (&ixian.Keys2{ECDHPubKey: pub, MLKEMCiphertext: ct, ChachaSalt: salt, Capabilities: ixian.StreamCapabilities(caps)}).Encode()
	// The requester's step checks that keys2 decodes under p.
	if _, err := ixian.DecodeKeys2(keys2, reference.IxianProfile(p)); err != nil {
		return nil, nil, err
	}
	return prep, keys2, nil
}

func ixAAD(r *rand.Rand) []byte {
	return ixian.StreamMessageAAD([]byte{byte(r.IntN(3))}, 1, int64(r.Uint32()))
}

func init() {
	freshFuncs[vectors.IxianIxiVarUIntDecode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("data", ixian.AppendVarUInt(nil, u64(r))), nil
	})
	freshFuncs[vectors.IxianIxiVarIntDecode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("data", ixian.AppendVarInt(nil, int64(u64(r)))), nil
	})
	freshFuncs[vectors.IxianIxiVarUIntEncode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Values{}.SetUint64("value", u64(r)), nil
	})
	freshFuncs[vectors.IxianIxiVarIntEncode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Values{}.SetInt64("value", int64(u64(r))), nil
	})
	freshFuncs[vectors.IxianIxiBytesDecode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("data", ixian.AppendIxiBytes(nil, randBytes(r, r.IntN(300)))), nil
	})
	freshFuncs[vectors.IxianIxiBytesEncode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("value", randBytes(r, r.IntN(300))), nil
	})
	freshFuncs[vectors.IxianRequestAdd2Encode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("maxProtocolVersion", 1+r.IntN(3), "pubKey", rsaPub()), nil
	})
	freshFuncs[vectors.IxianRequestAdd2Decode] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		out, err := run(vectors.IxianRequestAdd2Encode, p, vectors.Make("maxProtocolVersion", 1, "pubKey", rsaPub()))
		if err != nil {
			return nil, err
		}
		return vectors.Values{"payload": out["payload"]}, nil
	})
	freshFuncs[vectors.IxianAcceptAdd2Encode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		ek, err := ixian.MLKEMKeyGen(randBytes(r, 64))
		if err != nil {
			return nil, err
		}
		return vectors.Make("version", 1, "rsaPubKey", rsaPub(), "ecdhPubKey", must(ixian.ECDHPublicKey(p521Scalar(r))),
			"mlkemPubKey", ek, "aesSalt", randBytes(r, 32), "capabilities", caps(r)), nil
	})
	freshFuncs[vectors.IxianKeys2Encode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("ecdhPubKey", must(ixian.ECDHPublicKey(p521Scalar(r))), "mlkemCiphertext", randBytes(r, 1568),
			"chachaSalt", randBytes(r, 32), "capabilities", caps(r)), nil
	})
	freshFuncs[vectors.IxianAcceptAdd2Decode] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		out, err := run(vectors.IxianAcceptorPrepare, p, ixPrepareIn(r))
		if err != nil {
			return nil, err
		}
		return vectors.Values{"payload": out["acceptAdd2"]}, nil
	})
	freshFuncs[vectors.IxianKeys2Decode] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		_, keys2, err := ixKeys2(r, p)
		if err != nil {
			return nil, err
		}
		return vectors.Values{}.SetBytes("payload", keys2), nil
	})
	spixiIn := func(r *rand.Rand) vectors.Values {
		return vectors.Make("type", []int{0, 9, 40, 41, 42}[r.IntN(5)], "data", randBytes(r, r.IntN(200)), "channel", int(r.Int32())>>r.IntN(31),
			"groupAddress", randBytes(r, []int{0, 0, 33}[r.IntN(3)]), "groupSenderAddress", randBytes(r, []int{0, 0, 33}[r.IntN(3)]))
	}
	freshFuncs[vectors.IxianSpixiMessageEncode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) { return spixiIn(r), nil })
	freshFuncs[vectors.IxianSpixiMessageDecode] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		out, err := run(vectors.IxianSpixiMessageEncode, p, spixiIn(r))
		if err != nil {
			return nil, err
		}
		return vectors.Values{"frame": out["frame"]}, nil
	})
	freshFuncs[vectors.IxianStreamMessageAdditionalData] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("id", randBytes(r, r.IntN(4)), "type", r.IntN(3)).SetInt64("timestamp", int64(u64(r))), nil
	})
	freshFuncs[vectors.IxianECDH] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("ecdhPrivateKey", p521Scalar(r), "publicKey", must(ixian.ECDHPublicKey(p521Scalar(r)))), nil
	})
	freshFuncs[vectors.IxianDeriveKeys] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		ss, err := ixian.ECDH(p521Scalar(r), must(ixian.ECDHPublicKey(p521Scalar(r))), ixian.Strict)
		if err != nil {
			return nil, err
		}
		return vectors.Make("ecdhSecret", ss, "mlkemSecret", randBytes(r, 32), "aesSalt", randBytes(r, 32), "chachaSalt", randBytes(r, 32)), nil
	})
	freshFuncs[vectors.IxianAcceptorPrepare] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) { return ixPrepareIn(r), nil })
	freshFuncs[vectors.IxianRequesterAcceptAdd2] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		out, err := run(vectors.IxianAcceptorPrepare, p, ixPrepareIn(r))
		if err != nil {
			return nil, err
		}
		acc, _ := out.Bytes("acceptAdd2")
		return ixRequesterIn(r, acc), nil
	})
	freshFuncs[vectors.IxianAcceptorKeys2] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		prep, keys2, err := ixKeys2(r, p)
		if err != nil {
			return nil, err
		}
		return vectors.Values{"ecdhPrivateKey": prep["ecdhPrivateKey"], "mlkemSeed": prep["mlkemSeed"], "aesSalt": prep["aesSalt"]}.SetBytes("keys2", keys2), nil
	})
	spixi2In := func(r *rand.Rand) vectors.Values {
		return vectors.Make("aesKey", randBytes(r, 32), "chachaKey", randBytes(r, 32), "nonce", randBytes(r, 64), "aad", ixAAD(r), "plaintext", randBytes(r, r.IntN(400)))
	}
	freshFuncs[vectors.IxianSpixi2Encrypt] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) { return spixi2In(r), nil })
	freshFuncs[vectors.IxianSpixi2Decrypt] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		in := spixi2In(r)
		out, err := run(vectors.IxianSpixi2Encrypt, p, in)
		if err != nil {
			return nil, err
		}
		return vectors.Values{"aesKey": in["aesKey"], "chachaKey": in["chachaKey"], "aad": in["aad"], "ciphertext": out["ciphertext"]}, nil
	})
	rsa2In := func(r *rand.Rand) vectors.Values {
		return vectors.Make("rsaPubKey", rsaPub(), "tempAesKey", randBytes(r, 32), "tempChachaKey", randBytes(r, 32), "oaepSeed", randBytes(r, 20),
			"nonce", randBytes(r, 64), "aad", ixAAD(r), "plaintext", randBytes(r, r.IntN(400)))
	}
	freshFuncs[vectors.IxianRSA2Encrypt] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) { return rsa2In(r), nil })
	freshFuncs[vectors.IxianRSA2Decrypt] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		in := rsa2In(r)
		out, err := run(vectors.IxianRSA2Encrypt, p, in)
		if err != nil {
			return nil, err
		}
		return vectors.Values{"aad": in["aad"], "envelope": out["envelope"]}.SetBytes("rsaPrivateKey", testkeys.PKCS8(testkeys.IxianAcceptor)), nil
	})

	// Verbeth.
	rand32 := func(names ...string) freshFunc {
		return one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
			v := vectors.Values{}
			for _, n := range names {
				v.SetBytes(n, randBytes(r, 32))
			}
			return v, nil
		})
	}
	freshFuncs[vectors.VerbethHybridSecret] = rand32("sharedX25519", "kemSecret")
	freshFuncs[vectors.VerbethKDFRootKey] = rand32("rootKey", "dh")
	freshFuncs[vectors.VerbethKDFChainKey] = rand32("chainKey")
	freshFuncs[vectors.VerbethUnifiedPubKeysEncode] = rand32("x25519", "ed25519")
	freshFuncs[vectors.VerbethTopic] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("ikm", randBytes(r, 32), "salt", randBytes(r, 32), "direction", []string{"outbound", "inbound"}[r.IntN(2)], "version", []string{"v2", "v3"}[r.IntN(2)]), nil
	})
	freshFuncs[vectors.VerbethRecipientHash] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("address", drawParty(r, partyAddress).address), nil
	})
	freshFuncs[vectors.VerbethUnifiedPubKeysDecode] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return vectors.Make("pubKeys", drawParty(r, partyKeys).pubKeys()), nil
	})
	freshFuncs[vectors.VerbethTag] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		pub, err := verbeth.X25519PublicKey(randBytes(r, 32))
		return vectors.Make("x25519Secret", randBytes(r, 32), "x25519Public", pub[:], "kemSecret", randBytes(r, 32)), err
	})
	freshFuncs[vectors.VerbethHandshakeInitiate] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		return initiateIn(r, newParty(r), drawParty(r, partyAddress)), nil
	})
	freshFuncs[vectors.VerbethHandshakePayloadDecode] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		out, err := run(vectors.VerbethHandshakeInitiate, p, initiateIn(r, newParty(r), drawParty(r, partyAddress)))
		if err != nil {
			return nil, err
		}
		return vectors.Values{"plaintextPayload": out["plaintextPayload"]}, nil
	})
	freshFuncs[vectors.VerbethHandshakeRespond] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		h, err := newVbHandshake(r, p)
		if err != nil {
			return nil, err
		}
		return h.respondIn, nil
	})
	freshFuncs[vectors.VerbethResponseOpen] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		h, err := newVbHandshake(r, p)
		if err != nil {
			return nil, err
		}
		return h.openIn(r), nil
	})
	freshFuncs[vectors.VerbethResponseMatch] = one(func(r *rand.Rand, p vectors.Profile) (vectors.Values, error) {
		h, err := newVbHandshake(r, p)
		if err != nil {
			return nil, err
		}
		type pend struct {
			EphemeralSecret string `json:"ephemeralSecret"`
			MLKEMSeed       string `json:"mlkemSeed"`
		}
		n := 1 + r.IntN(3)
		pending := make([]pend, n)
		for i := range pending {
			pending[i] = pend{fmt.Sprintf("%x", randBytes(r, 32)), fmt.Sprintf("%x", randBytes(r, 64))}
		}
		pending[r.IntN(n)] = pend{fmt.Sprintf("%x", h.a), fmt.Sprintf("%x", h.seed)}
		return vectors.Values{"responderEphemeralR": h.respondOut["responderEphemeralR"], "inResponseTo": h.respondOut["inResponseTo"],
			"ciphertext": h.respondOut["ciphertext"]}.Set("pending", pending), nil
	})
	freshFuncs[vectors.VerbethIdentityProofBindingMessage] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		pa := drawParty(r, partyKeys|partyAddress)
		v := vectors.Make("address", pa.address, "ed25519", pa.ed, "x25519", pa.x25519, "executorAddress", pa.address)
		if r.IntN(2) == 0 {
			v.Set("chainId", chainID)
		}
		if r.IntN(2) == 0 {
			v.Set("rpId", "pqhs.example")
		}
		return v, nil
	})
	freshFuncs[vectors.VerbethIdentityProofVerify] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		pa := newParty(r)
		v := vectors.Make("proofMessage", pa.proofMessage, "proofSignature", pa.proofSignature, "eventSender", pa.address,
			"wireX25519", pa.x25519, "wireEd25519", pa.ed, "expectedChainId", chainID)
		if r.IntN(2) == 0 {
			v.Set("expectedAddress", pa.address)
		}
		return v, nil
	})
	freshFuncs[vectors.VerbethSessionInitiator] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		pub, err := verbeth.X25519PublicKey(randBytes(r, 32))
		return vectors.Make("ephemeralSecret", randBytes(r, 32), "ratchetPublicKey", pub[:], "kemSecret", randBytes(r, 32),
			"inResponseTo", randBytes(r, 32), "firstRatchetSecret", randBytes(r, 32)), err
	})
	freshFuncs[vectors.VerbethSessionResponder] = one(func(r *rand.Rand, _ vectors.Profile) (vectors.Values, error) {
		pub, err := verbeth.X25519PublicKey(randBytes(r, 32))
		return vectors.Make("ratchetSecret", randBytes(r, 32), "initiatorEphemeralX25519", pub[:], "kemSecret", randBytes(r, 32),
			"inResponseTo", randBytes(r, 32)), err
	})
	freshFuncs[vectors.VerbethRatchetEncrypt] = func(r *rand.Rand, p vectors.Profile) ([]vectors.Values, error) {
		c, err := drawConversation(r, p, false)
		if err != nil {
			return nil, err
		}
		return []vectors.Values{c.encryptIn(r, c.alice)}, nil
	}
	freshFuncs[vectors.VerbethRatchetDecrypt] = func(r *rand.Rand, p vectors.Profile) ([]vectors.Values, error) {
		c, err := newConversation(r, p)
		if err != nil {
			return nil, err
		}
		return c.play(r)
	}
	freshFuncs[vectors.VerbethRatchetPayloadDecode] = func(r *rand.Rand, p vectors.Profile) ([]vectors.Values, error) {
		c, err := drawConversation(r, p, false)
		if err != nil {
			return nil, err
		}
		out, err := run(vectors.VerbethRatchetEncrypt, p, c.encryptIn(r, c.alice))
		if err != nil {
			return nil, err
		}
		return []vectors.Values{{"payload": out["payload"]}}, nil
	}
}

// chainID is the chain the fresh identity proofs are made for.
const chainID = 8453

// party is a Verbeth identity with a signed identity proof.
type party struct {
	x25519, ed, edSeed           []byte
	address                      string
	proofMessage, proofSignature string
}

func newParty(r *rand.Rand) *party { return drawParty(r, partyAll) }

// What of a party a fresh input uses: its public keys, its address, its
// identity proof (which needs the other two). drawParty draws the same
// random bytes whatever it makes, so that the inputs drawn do not depend
// on it; it leaves out the rest (a whole party is four key derivations and
// a signature, most of a fresh Verbeth draw).
const (
	partyKeys = 1 << iota
	partyAddress
	partyAll = partyKeys | partyAddress | 4
)

func drawParty(r *rand.Rand, need int) *party {
	pa := &party{edSeed: randBytes(r, 32)}
	xs := randBytes(r, 32)
	if need&partyKeys != 0 {
		x, _ := verbeth.X25519PublicKey(xs)
		pa.x25519 = x[:]
		pa.ed = ed25519.NewKeyFromSeed(pa.edSeed).Public().(ed25519.PublicKey)
		learnSeedOf(pa.ed, pa.edSeed)
	}
	eth := randBytes(r, 32)
	if need&partyAddress != 0 {
		pa.address, _ = verbeth.AddressOf(eth)
		signers.Store(pa.address, eth)
	}
	if need != partyAll {
		return pa
	}
	chain := int64(chainID)
	msg, _ := verbeth.BindingMessage(verbeth.Binding{Address: pa.address, PkEd25519: pa.ed, PkX25519: pa.x25519, ExecutorAddress: pa.address, ChainID: &chain})
	sig, _ := verbeth.SignBindingMessage(eth, msg)
	proof := verbeth.NewIdentityProof(msg, sig)
	pa.proofMessage, pa.proofSignature = proof.Message, proof.Signature
	return pa
}

func (pa *party) pubKeys() []byte {
	b, _ := verbeth.EncodeUnifiedPubKeys(pa.x25519, pa.ed, verbeth.Strict)
	return b
}

var noteRunes = []string{"a", "b", " ", "é", "中", "😀", "\"", "\\", "\n", "<", "\u2028", "\x01", "0"}

func note(r *rand.Rand) string {
	s := ""
	for range r.IntN(30) {
		s += noteRunes[r.IntN(len(noteRunes))]
	}
	return s
}

func initiateIn(r *rand.Rand, alice, bob *party) vectors.Values {
	return vectors.Make("ephemeralSecret", randBytes(r, 32), "mlkemSeed", randBytes(r, 64), "recipientAddress", bob.address,
		"identityX25519", alice.x25519, "identityEd25519", alice.ed, "note", note(r),
		"proofMessage", alice.proofMessage, "proofSignature", alice.proofSignature)
}

// vbHandshake is a Handshake and its response, made by the reference.
type vbHandshake struct {
	a, seed               []byte
	bob                   *party
	respondIn, respondOut vectors.Values
}

func newVbHandshake(r *rand.Rand, p vectors.Profile) (*vbHandshake, error) {
	alice, bob := newParty(r), newParty(r)
	init := initiateIn(r, alice, bob)
	out, err := run(vectors.VerbethHandshakeInitiate, p, init)
	if err != nil {
		return nil, err
	}
	h := &vbHandshake{bob: bob}
	h.a, _ = init.Bytes("ephemeralSecret")
	h.seed, _ = init.Bytes("mlkemSeed")
	h.respondIn = vectors.Make("initiatorEphemeralPubKey", must(out.Bytes("ephemeralPubKey")), "tagSecret", randBytes(r, 32),
		"ratchetSecret", randBytes(r, 32), "mlkemMessage", randBytes(r, 32), "boxNonce", randBytes(r, 24),
		"responderPubKeys", bob.pubKeys(), "note", note(r), "proofMessage", bob.proofMessage, "proofSignature", bob.proofSignature)
	if r.IntN(4) == 0 {
		delete(h.respondIn, "note")
	}
	h.respondOut, err = run(vectors.VerbethHandshakeRespond, p, h.respondIn)
	return h, err
}

func (h *vbHandshake) openIn(r *rand.Rand) vectors.Values {
	v := vectors.Make("ephemeralSecret", h.a, "mlkemSeed", h.seed, "responder", h.bob.address, "expectedChainId", chainID)
	for _, n := range []string{"responderEphemeralR", "inResponseTo", "ciphertext"} {
		v[n] = h.respondOut[n]
	}
	if r.IntN(2) == 0 {
		v.Set("expectedAddress", h.bob.address)
	}
	return v
}

// conversation is a ratchet session between two parties, made by the
// reference: Alice the initiator, Bob the responder.
type conversation struct {
	p          vectors.Profile
	alice, bob *talker
}

type talker struct {
	state json.RawMessage
	seed  []byte // Ed25519 signing seed
	pub   []byte
	inbox []sent // messages sent to this side, not yet delivered or dropped
	seen  []sent // delivered, for replays
}

type sent struct {
	payload, topic json.RawMessage
}

func newConversation(r *rand.Rand, p vectors.Profile) (*conversation, error) {
	return drawConversation(r, p, true)
}

// drawConversation is newConversation; without withBob, only Alice's state
// and signing seed are made (an input of Alice's encryption needs no
// more), from the same random bytes.
func drawConversation(r *rand.Rand, p vectors.Profile, withBob bool) (*conversation, error) {
	a, rks, kem, tag := randBytes(r, 32), randBytes(r, 32), randBytes(r, 32), randBytes(r, 32)
	rkp, err := verbeth.X25519PublicKey(rks)
	if err != nil {
		return nil, err
	}
	ai, err := run(vectors.VerbethSessionInitiator, p, vectors.Make("ephemeralSecret", a, "ratchetPublicKey", rkp[:], "kemSecret", kem, "inResponseTo", tag, "firstRatchetSecret", randBytes(r, 32)))
	if err != nil {
		return nil, err
	}
	if !withBob {
		// Nothing verifies Alice's signatures here: no public key either.
		alice := &talker{state: ai["state"], seed: randBytes(r, 32)}
		return &conversation{p: p, alice: alice, bob: &talker{seed: randBytes(r, 32)}}, nil
	}
	c := &conversation{p: p, alice: newTalker(r, ai["state"])}
	A, err := verbeth.X25519PublicKey(a)
	if err != nil {
		return nil, err
	}
	bo, err := run(vectors.VerbethSessionResponder, p, vectors.Make("ratchetSecret", rks, "initiatorEphemeralX25519", A[:], "kemSecret", kem, "inResponseTo", tag))
	if err != nil {
		return nil, err
	}
	c.bob = newTalker(r, bo["state"])
	return c, nil
}

func newTalker(r *rand.Rand, state json.RawMessage) *talker {
	t := &talker{state: state, seed: randBytes(r, 32)}
	t.pub = ed25519.NewKeyFromSeed(t.seed).Public().(ed25519.PublicKey)
	learnSeedOf(t.pub, t.seed)
	return t
}

func (c *conversation) encryptIn(r *rand.Rand, from *talker) vectors.Values {
	pt := randBytes(r, []int{0, 1, 10, 59, 60, 100, 500, 2000}[r.IntN(8)]+r.IntN(8))
	seed := make([]byte, 32)
	binary.LittleEndian.PutUint64(seed, r.Uint64())
	rnd, _ := verbeth.DrawEncryptRandomness(rand.NewChaCha8([32]byte(seed)), len(pt))
	return vectors.Make("state", from.state, "plaintext", pt, "signingSeed", from.seed, "jitter", rnd.Jitter, "paddingFill", rnd.PaddingFill, "nonce", rnd.Nonce)
}

// play runs a conversation in which messages are sent both ways, delivered
// out of order, dropped and replayed, across DH steps, and returns every
// delivery as a ratchet/decrypt input: the receiver's state at that moment
// and the message.
func (c *conversation) play(r *rand.Rand) ([]vectors.Values, error) {
	var out []vectors.Values
	for step := 0; step < 24; step++ {
		from, to := c.alice, c.bob
		if r.IntN(2) == 0 {
			from, to = c.bob, c.alice
		}
		switch k := r.IntN(10); {
		case k < 4 || len(to.inbox) == 0:
			o, err := run(vectors.VerbethRatchetEncrypt, c.p, c.encryptIn(r, from))
			if err != nil {
				return out, err
			}
			from.state = o["state"]
			to.inbox = append(to.inbox, sent{o["payload"], o["topic"]})
		case k == 4:
			i := r.IntN(len(to.inbox)) // dropped
			to.inbox = append(to.inbox[:i], to.inbox[i+1:]...)
		default:
			var m sent
			if k == 5 && len(to.seen) > 0 {
				m = to.seen[r.IntN(len(to.seen))] // replayed
			} else {
				i := r.IntN(len(to.inbox))
				if r.IntN(2) == 0 {
					i = 0 // in order
				}
				m = to.inbox[i]
				to.inbox = append(to.inbox[:i], to.inbox[i+1:]...)
				to.seen = append(to.seen, m)
			}
			peer := c.alice.pub
			if to == c.alice {
				peer = c.bob.pub
			}
			in := vectors.Values{"state": to.state, "payload": m.payload}.SetBytes("peerEd25519", peer).SetBytes("newRatchetSecret", randBytes(r, 32))
			if r.IntN(2) == 0 {
				in["topic"] = m.topic
			}
			out = append(out, in)
			if o, err := reference.Run(vectors.VerbethRatchetDecrypt, c.p, in); err == nil {
				to.state = o["state"]
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no delivery")
	}
	return out, nil
}
