package live

import (
	"crypto/ecdh"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

// The Ixian live checks. The acceptor answers a requestAdd2 with acceptAdd2,
// the requester answers with keys2, and both derive aesKey and chachaKey;
// then each sends the other a chat message in a spixi2 envelope. Whichever
// role the adapter does not play, the runner plays on the reference.

const (
	IxianAcceptor          = "ixian/live/acceptor"
	IxianRequester         = "ixian/live/requester"
	IxianAcceptAdd2Invalid = "ixian/live/acceptAdd2-tampered"
	IxianKeys2Invalid      = "ixian/live/keys2-tampered"
	IxianSpixi2Tampered    = "ixian/live/spixi2-tampered"
)

func init() {
	register(&check{
		family: IxianAcceptor,
		title:  "Ixian live session, the adapter as acceptor: acceptAdd2 in rsa2 in a StreamMessage it signs, then the runner's keys2 likewise; the same keys on both sides; a spixi2 message each way",
		ops:    []*vectors.Family{vectors.IxianAcceptorPrepare, vectors.IxianAcceptorKeys2},
		opt: []*vectors.Family{vectors.IxianSpixi2Encrypt, vectors.IxianSpixi2Decrypt, vectors.IxianStreamMessageSign, vectors.IxianStreamMessageVerify,
			vectors.IxianRSA2Encrypt, vectors.IxianRSA2Decrypt},
		run: ixianAcceptor,
	})
	register(&check{
		family: IxianRequester,
		title:  "Ixian live session, the adapter as requester: the runner's acceptAdd2 in rsa2 in a signed StreamMessage, then keys2 likewise from the adapter; the same keys on both sides; a spixi2 message each way",
		ops:    []*vectors.Family{vectors.IxianRequesterAcceptAdd2},
		opt: []*vectors.Family{vectors.IxianSpixi2Encrypt, vectors.IxianSpixi2Decrypt, vectors.IxianStreamMessageSign, vectors.IxianStreamMessageVerify,
			vectors.IxianRSA2Encrypt, vectors.IxianRSA2Decrypt},
		run: ixianRequester,
	})
	register(&check{
		family: IxianAcceptAdd2Invalid,
		title:  "Ixian live: the adapter as requester receives tampered and non-canonical acceptAdd2 (flipped bit, salt of 31/33 bytes, point off the curve, uncompressed key, ML-KEM key with a coefficient >= q, trailing byte, non-minimal varint, no capabilities)",
		ops:    []*vectors.Family{vectors.IxianRequesterAcceptAdd2},
		run:    ixianAcceptAdd2Tampered,
	})
	register(&check{
		family: IxianKeys2Invalid,
		title:  "Ixian live: the adapter as acceptor receives tampered and non-canonical keys2 (flipped ML-KEM ciphertext: implicit rejection; flipped bit, salt of 31/33 bytes, point off the curve, trailing byte) and keeps a wrong-size salt",
		ops:    []*vectors.Family{vectors.IxianAcceptorKeys2},
		run:    ixianKeys2Tampered,
	})
	register(&check{
		family: IxianSpixi2Tampered,
		title:  "Ixian live: the adapter opens tampered spixi2 envelopes under agreed keys (flipped bit, appended byte, cut byte, wrong additional data, swapped keys, wrong inner length)",
		ops:    []*vectors.Family{vectors.IxianSpixi2Decrypt},
		run:    ixianSpixi2Tampered,
	})
}

// rsaPub returns an Ixian RSA public key in Ixian's key format. RSA keys
// cannot be drawn (Go's key generation ignores its reader), and they do not
// enter the session keys, so the sessions use the fixed test keys.
var rsaPub = sync.OnceValue(func() map[string][]byte {
	return map[string][]byte{
		"acceptor":  ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey, 1),
		"requester": ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianRequester).PublicKey, 1),
	}
})

// scalar draws a P-521 private scalar: 66 bytes with the top 7 bits clear,
// below the group order but for a negligible chance.
func (s *session) scalar(name string) []byte {
	b := s.draw(name, ixian.ECDHScalarSize)
	b[0] &= 1
	return b
}

// capabilities draws a StreamCapabilities value: Spixi's, QuIXI's, or any.
func (s *session) capabilities(name string) int {
	switch s.intn(name+"/kind", 3) {
	case 0:
		return 63
	case 1:
		return 17
	}
	return s.intn(name+"/value", 1<<31)
}

func (s *session) prepareInputs() vectors.Values {
	return vectors.Make("ecdhPrivateKey", s.scalar("acceptor/ecdhPrivateKey"), "mlkemSeed", s.draw("acceptor/mlkemSeed", 64),
		"aesSalt", s.draw("acceptor/aesSalt", 32), "version", 1, "rsaPubKey", rsaPub()["acceptor"],
		"capabilities", s.capabilities("acceptor/capabilities"))
}

func (s *session) requesterInputs(acceptAdd2 []byte) vectors.Values {
	return vectors.Make("acceptAdd2", acceptAdd2, "ecdhPrivateKey", s.scalar("requester/ecdhPrivateKey"),
		"mlkemMessage", s.draw("requester/mlkemMessage", 32), "chachaSalt", s.draw("requester/chachaSalt", 32),
		"capabilities", s.capabilities("requester/capabilities"))
}

func keys2Inputs(prep vectors.Values, keys2 []byte) vectors.Values {
	return vectors.Values{"ecdhPrivateKey": prep["ecdhPrivateKey"], "mlkemSeed": prep["mlkemSeed"], "aesSalt": prep["aesSalt"]}.SetBytes("keys2", keys2)
}

func ixianAcceptor(s *session) {
	prepIn := s.prepareInputs()
	prep := s.call(vectors.IxianAcceptorPrepare, prepIn, accept, "the acceptor's acceptAdd2")
	s.sendFrame("acceptAdd2", ixian.CodeAcceptAdd2, ixian.IDAcceptAdd2, s.bytes(prep, "acceptAdd2"), true)
	rqIn := s.requesterInputs(s.bytes(prep, "acceptAdd2"))
	rq := s.peer(vectors.IxianRequesterAcceptAdd2, rqIn, "the requester processes acceptAdd2, sends keys2")
	s.sendFrame("keys2", ixian.CodeKeys2, ixian.IDKeys2, s.bytes(rq, "keys2"), false)
	acc := s.call(vectors.IxianAcceptorKeys2, keys2Inputs(prepIn, s.bytes(rq, "keys2")), accept, "the acceptor processes keys2")
	s.ixianAgree(acc, rq, prepIn, rqIn)
	s.spixi2Exchange(acc, rq, "acceptor", "requester")
}

func ixianRequester(s *session) {
	prepIn := s.prepareInputs()
	prep := s.peer(vectors.IxianAcceptorPrepare, prepIn, "the acceptor's acceptAdd2")
	s.sendFrame("acceptAdd2", ixian.CodeAcceptAdd2, ixian.IDAcceptAdd2, s.bytes(prep, "acceptAdd2"), false)
	rqIn := s.requesterInputs(s.bytes(prep, "acceptAdd2"))
	rq := s.call(vectors.IxianRequesterAcceptAdd2, rqIn, accept, "the requester processes acceptAdd2, sends keys2")
	s.sendFrame("keys2", ixian.CodeKeys2, ixian.IDKeys2, s.bytes(rq, "keys2"), true)
	acc := s.peer(vectors.IxianAcceptorKeys2, keys2Inputs(prepIn, s.bytes(rq, "keys2")), "the acceptor processes keys2")
	s.ixianAgree(acc, rq, prepIn, rqIn)
	s.spixi2Exchange(rq, acc, "requester", "acceptor")
}

// sendFrame carries a handshake payload as a session sends it (spec/ixian-s2.md §4.1, §8.3) from its
// sender (the acceptor for acceptAdd2, the requester for keys2) to the other side: the sender wraps the
// SpixiMessage in an rsa2 envelope to the receiver's RSA key, with the frame's additional data, and signs
// the StreamMessage (encryption type rsa2) that carries it; the receiver makes the receive checks with the
// sender's key, then opens the envelope with its private key and must find the SpixiMessage sent. So each
// frame is wrapped and signed by one implementation and verified and opened by the other. Without
// ixian/StreamMessage/sign and verify the frame is skipped; without ixian/rsa2/encrypt and decrypt it
// carries the SpixiMessage unencrypted (encryption type none).
func (s *session) sendFrame(name string, code int32, id, payload []byte, fromAdapter bool) {
	if !s.supports(vectors.IxianStreamMessageSign, vectors.IxianStreamMessageVerify) {
		return
	}
	from, to := "requester", "acceptor"
	if name == "acceptAdd2" {
		from, to = to, from
	}
	// call runs op on the side that fromAdapter names as the sender's (or, with receiver, the other).
	call := func(receiver bool, op *vectors.Family, in vectors.Values, what string) vectors.Values {
		if fromAdapter != receiver {
			return s.call(op, in, accept, what)
		}
		return s.peer(op, in, what)
	}
	keys := map[string]string{"acceptor": testkeys.IxianAcceptor, "requester": testkeys.IxianRequester}
	addr := func(role string) []byte { a, _ := ixian.NewAddress(rsaPub()[role]); return a.NoChecksum }
	spixi := (&ixian.SpixiMessage{Type: code, Data: payload}).Encode()
	timestamp := 1767225600 + int64(s.intn("frame/"+name+"/timestamp", 1<<30))
	data, encryption := spixi, 0
	rsa2 := s.supports(vectors.IxianRSA2Encrypt, vectors.IxianRSA2Decrypt)
	aad := ixian.StreamMessageAAD(id, ixian.StreamInfo, timestamp)
	if rsa2 {
		ein := vectors.Make("rsaPubKey", rsaPub()[to], "tempAesKey", s.draw("frame/"+name+"/tempAesKey", 32),
			"tempChachaKey", s.draw("frame/"+name+"/tempChachaKey", 32), "oaepSeed", s.draw("frame/"+name+"/oaepSeed", 20),
			"nonce", s.draw("frame/"+name+"/nonce", 64), "aad", aad, "plaintext", spixi)
		enc := call(false, vectors.IxianRSA2Encrypt, ein, fmt.Sprintf("the %s wraps %s in rsa2 to the %s's key", from, name, to))
		data, encryption = s.bytes(enc, "envelope"), int(ixian.EncryptionRSA2)
	}
	in := vectors.Make("version", 1, "id", id, "type", int(ixian.StreamInfo), "encryptionType", encryption,
		"sender", addr(from), "recipient", addr(to), "data", data, "timestamp", strconv.FormatInt(timestamp, 10),
		"requireRcvConfirmation", true, "rsaPrivateKey", testkeys.PKCS8(keys[from]))
	signed := call(false, vectors.IxianStreamMessageSign, in, fmt.Sprintf("the %s signs the StreamMessage carrying %s", from, name))
	vin := vectors.Make("frame", s.bytes(signed, "frame"), "pubKey", rsaPub()[from])
	v := call(true, vectors.IxianStreamMessageVerify, vin,
		fmt.Sprintf("the %s makes the receive checks on %s's frame (sender = address of the %s's key, signature)", to, name, from))
	s.agree(name+"'s verified sender", s.bytes(v, "sender"), addr(from))
	if rsa2 {
		din := vectors.Make("rsaPrivateKey", testkeys.PKCS8(keys[to]), "aad", aad, "envelope", data)
		dec := call(true, vectors.IxianRSA2Decrypt, din, fmt.Sprintf("the %s opens %s's rsa2 envelope with its private key", to, name))
		if fromAdapter { // the runner opened it
			s.agree(name+"'s SpixiMessage out of rsa2", spixi, s.bytes(dec, "plaintext"))
		} else {
			s.agree(name+"'s SpixiMessage out of rsa2", s.bytes(dec, "plaintext"), spixi)
		}
	}
}

// ixianAgree checks that acceptor and requester hold the same secrets and
// keys, and each the other's capabilities.
func (s *session) ixianAgree(acc, rq, prepIn, rqIn vectors.Values) {
	for _, name := range []string{"ecdhSecret", "mlkemSecret", "ikm"} {
		x, ok1 := s.optBytes(acc, name)
		y, ok2 := s.optBytes(rq, name)
		if ok1 && ok2 {
			s.agree(name, x, y)
		}
	}
	if ss, ok := s.optBytes(rq, "ecdhSecret"); ok {
		s.logf("the ECDH secret is %d bytes long", len(ss))
	}
	s.agree("aesKey", s.bytes(acc, "aesKey"), s.bytes(rq, "aesKey"))
	s.agree("chachaKey", s.bytes(acc, "chachaKey"), s.bytes(rq, "chachaKey"))
	s.agreeInt("the capabilities the acceptor sees", acc, "peerCapabilities", rqIn, "capabilities")
	s.agreeInt("the capabilities the requester sees", rq, "peerCapabilities", prepIn, "capabilities")
}

func (s *session) agreeInt(what string, got vectors.Values, gotName string, want vectors.Values, wantName string) {
	g, err1 := got.Int(gotName)
	w, err2 := want.Int(wantName)
	if err1 != nil || err2 != nil {
		s.fail("%s: %v %v", what, err1, err2)
	}
	if g != w {
		s.fail("%s: %d, want %d", what, g, w)
	}
	s.logf("check: %s: %d, as sent", what, g)
}

// spixi2Exchange sends a chat message each way under the agreed keys: the
// adapter's side (outputs ad) encrypts and the runner's (rn) decrypts, then
// the other way round.
func (s *session) spixi2Exchange(ad, rn vectors.Values, adName, rnName string) {
	if !s.supports(vectors.IxianSpixi2Encrypt, vectors.IxianSpixi2Decrypt) {
		s.logf("note: no spixi2 messages: the adapter lacks %s or %s", vectors.IxianSpixi2Encrypt, vectors.IxianSpixi2Decrypt)
		return
	}
	for i, dir := range []struct {
		from, to     vectors.Values
		fromAdapter  bool
		sender, recv string
	}{{ad, rn, true, adName, rnName}, {rn, ad, false, rnName, adName}} {
		label := fmt.Sprintf("chat/%d", i+1)
		text := s.note(label + "/text")
		frame := (&ixian.SpixiMessage{Type: ixian.CodeChat, Data: []byte(text)}).Encode()
		aad := ixian.StreamMessageAAD(s.draw(label+"/id", 16), ixian.StreamData, 1767225600+int64(s.intn(label+"/timestamp", 1<<30)))
		enc := vectors.Make("aesKey", s.bytes(dir.from, "aesKey"), "chachaKey", s.bytes(dir.from, "chachaKey"), "nonce", s.draw(label+"/nonce", 64), "aad", aad, "plaintext", frame)
		what := fmt.Sprintf("the %s seals a chat message to the %s", dir.sender, dir.recv)
		var sealed vectors.Values
		if dir.fromAdapter {
			sealed = s.call(vectors.IxianSpixi2Encrypt, enc, accept, what)
		} else {
			sealed = s.peer(vectors.IxianSpixi2Encrypt, enc, what)
		}
		dec := vectors.Make("aesKey", s.bytes(dir.to, "aesKey"), "chachaKey", s.bytes(dir.to, "chachaKey"), "aad", aad, "ciphertext", s.bytes(sealed, "ciphertext"))
		what = fmt.Sprintf("the %s opens it", dir.recv)
		var opened vectors.Values
		if dir.fromAdapter {
			opened = s.peer(vectors.IxianSpixi2Decrypt, dec, what)
		} else {
			opened = s.call(vectors.IxianSpixi2Decrypt, dec, accept, what)
		}
		s.agree(fmt.Sprintf("the %s's chat message", dir.sender), s.bytes(opened, "plaintext"), frame)
	}
}

// ixScene is an honest handshake on the reference, the material of the
// tamper checks.
type ixScene struct {
	prepIn, rqIn vectors.Values
	acc          *ixian.Acceptor
	rq           *ixian.RequesterResult
}

func (s *session) ixScene() *ixScene {
	sc := &ixScene{prepIn: s.prepareInputs()}
	caps, _ := sc.prepIn.Int("capabilities")
	var err error
	sc.acc, err = ixian.AcceptorPrepare(mustBytes(sc.prepIn, "ecdhPrivateKey"), mustBytes(sc.prepIn, "mlkemSeed"), mustBytes(sc.prepIn, "aesSalt"),
		1, rsaPub()["acceptor"], ixian.StreamCapabilities(caps), ixian.Strict)
	if err != nil {
		s.broken("prepare: %v", err)
	}
	sc.rqIn = s.requesterInputs(sc.acc.AcceptAdd2)
	rcaps, _ := sc.rqIn.Int("capabilities")
	sc.rq, err = ixian.Requester(sc.acc.AcceptAdd2, mustBytes(sc.rqIn, "ecdhPrivateKey"), mustBytes(sc.rqIn, "mlkemMessage"),
		mustBytes(sc.rqIn, "chachaSalt"), ixian.StreamCapabilities(rcaps), ixian.Strict)
	if err != nil {
		s.broken("requester: %v", err)
	}
	s.logf("runner  an honest acceptAdd2 and keys2 on the reference (a %d-byte ECDH secret)", len(sc.rq.ECDHSecret))
	return sc
}

// offCurve returns a compressed key with the prefix of key whose X has no
// point on P-521: key's X with its last byte changed.
func (s *session) offCurve(key []byte) []byte {
	scalar := make([]byte, ixian.ECDHScalarSize)
	scalar[len(scalar)-1] = 1
	for i := range 256 {
		k := slices.Clone(key)
		k[len(k)-1] ^= byte(i + 1)
		if _, err := ixian.ECDH(scalar, k, ixian.Deployed); category.Of(err) == category.InvalidPoint {
			return k
		}
	}
	s.broken("no X near %x lacks a curve point", key)
	return nil
}

// uncompressed returns the 133-byte SEC 1 form of the public key of scalar.
func (s *session) uncompressed(scalar []byte) []byte {
	k, err := ecdh.P521().NewPrivateKey(scalar)
	if err != nil {
		s.broken("%v", err)
	}
	return k.PublicKey().Bytes()
}

func ixianAcceptAdd2Tampered(s *session) {
	sc := s.ixScene()
	m := sc.acc.Message
	req := func(payload []byte) vectors.Values {
		v := maps(sc.rqIn)
		return v.SetBytes("acceptAdd2", payload)
	}
	encode := func(f func(*ixian.AcceptAdd2)) []byte {
		c := m
		f(&c)
		return c.Encode()
	}

	p, i := s.flip("flip", sc.acc.AcceptAdd2, 0, len(sc.acc.AcceptAdd2))
	s.call(vectors.IxianRequesterAcceptAdd2, req(p), same, fmt.Sprintf("a bit of byte %d of acceptAdd2 flipped", i))

	n := 31 + 2*s.intn("saltLength", 2)
	p = encode(func(c *ixian.AcceptAdd2) { c.AESSalt = s.draw("aesSalt/wrongLength", n) })
	s.call(vectors.IxianRequesterAcceptAdd2, req(p), strictReject(category.SaltLength), fmt.Sprintf("an aesSalt of %d bytes", n))

	p = encode(func(c *ixian.AcceptAdd2) { c.ECDHPubKey = s.offCurve(c.ECDHPubKey) })
	s.call(vectors.IxianRequesterAcceptAdd2, req(p), reject(category.InvalidPoint), "an ecdhPubKey whose X has no curve point")

	p = encode(func(c *ixian.AcceptAdd2) { c.ECDHPubKey = s.uncompressed(mustBytes(sc.prepIn, "ecdhPrivateKey")) })
	out := s.call(vectors.IxianRequesterAcceptAdd2, req(p), strictReject(category.FieldLength), "the acceptor's key uncompressed (133 bytes)")
	if out != nil {
		s.agree("aesKey from the uncompressed key and the honest aesKey", s.bytes(out, "aesKey"), sc.rq.AESKey)
	}

	k := s.intn("ekCoefficient", 4*256)
	v := 3329 + s.intn("ekValue", 4096-3329)
	p = encode(func(c *ixian.AcceptAdd2) {
		c.MLKEMPubKey = slices.Clone(c.MLKEMPubKey)
		setCoefficient(c.MLKEMPubKey, k, v)
	})
	s.call(vectors.IxianRequesterAcceptAdd2, req(p), reject(category.EKModulus), fmt.Sprintf("coefficient %d of mlkemPubKey set to %d >= q", k, v))

	p = append(slices.Clone(sc.acc.AcceptAdd2), s.draw("trailing", 1)...)
	s.call(vectors.IxianRequesterAcceptAdd2, req(p), strictReject(category.TrailingBytes), "a byte after capabilities")

	// aesSalt's length written fc 20 00 instead of 20.
	var b []byte
	b = append(b, byte(m.Version))
	b = ixian.AppendIxiBytes(b, m.RSAPubKey)
	b = ixian.AppendIxiBytes(b, m.ECDHPubKey)
	b = ixian.AppendIxiBytes(b, m.MLKEMPubKey)
	b = append(b, 0xfc, byte(len(m.AESSalt)), 0)
	b = append(b, m.AESSalt...)
	b = ixian.AppendVarInt(b, int64(m.Capabilities))
	s.call(vectors.IxianRequesterAcceptAdd2, req(b), strictReject(category.NonMinimalVarint), "aesSalt's length written fc 20 00")

	p = sc.acc.AcceptAdd2[:len(sc.acc.AcceptAdd2)-len(ixian.AppendVarInt(nil, int64(m.Capabilities)))]
	out = s.call(vectors.IxianRequesterAcceptAdd2, req(p), strictReject(category.MissingField), "acceptAdd2 without capabilities")
	if out != nil {
		s.agreeInt("the capabilities of an acceptAdd2 without them", out, "peerCapabilities", vectors.Make("c", 15), "c")
	}
}

func ixianKeys2Tampered(s *session) {
	sc := s.ixScene()
	m := sc.rq.Message
	req := func(payload []byte) vectors.Values { return keys2Inputs(sc.prepIn, payload) }
	encode := func(f func(*ixian.Keys2)) []byte {
		c := m
		f(&c)
		return c.Encode()
	}

	// Implicit rejection: a flipped ML-KEM ciphertext decapsulates to
	// another secret, without an error.
	ct, i := s.flip("mlkemCiphertextFlip", m.MLKEMCiphertext, 0, len(m.MLKEMCiphertext))
	out := s.call(vectors.IxianAcceptorKeys2, req(encode(func(c *ixian.Keys2) { c.MLKEMCiphertext = ct })), accept,
		fmt.Sprintf("a bit of byte %d of mlkemCiphertext flipped (implicit rejection: accept, other keys)", i))
	if kem, ok := s.optBytes(out, "mlkemSecret"); ok {
		s.differ("the ML-KEM secret", kem, sc.rq.MLKEMSecret)
	}
	s.differ("aesKey", s.bytes(out, "aesKey"), sc.rq.AESKey)
	s.differ("chachaKey", s.bytes(out, "chachaKey"), sc.rq.ChachaKey)

	p, i := s.flip("flip", sc.rq.Keys2, 0, len(sc.rq.Keys2))
	s.call(vectors.IxianAcceptorKeys2, req(p), same, fmt.Sprintf("a bit of byte %d of keys2 flipped", i))

	n := 31 + 2*s.intn("saltLength", 2)
	s.call(vectors.IxianAcceptorKeys2, req(encode(func(c *ixian.Keys2) { c.ChachaSalt = s.draw("chachaSalt/wrongLength", n) })),
		strictReject(category.SaltLength), fmt.Sprintf("a chachaSalt of %d bytes", n))

	s.call(vectors.IxianAcceptorKeys2, req(encode(func(c *ixian.Keys2) { c.ECDHPubKey = s.offCurve(c.ECDHPubKey) })),
		reject(category.InvalidPoint), "an ecdhPubKey whose X has no curve point")

	s.call(vectors.IxianAcceptorKeys2, req(append(slices.Clone(sc.rq.Keys2), s.draw("trailing", 1)...)),
		strictReject(category.TrailingBytes), "a byte after capabilities")

	n = 31 + 2*s.intn("keptSaltLength", 2)
	v := maps(req(sc.rq.Keys2)).SetBytes("aesSalt", s.draw("aesSalt/wrongLength", n))
	s.call(vectors.IxianAcceptorKeys2, v, strictReject(category.SaltLength), fmt.Sprintf("the acceptor keeps an aesSalt of %d bytes", n))
}

func ixianSpixi2Tampered(s *session) {
	sc := s.ixScene()
	frame := (&ixian.SpixiMessage{Type: ixian.CodeChat, Data: []byte(s.note("chat/text"))}).Encode()
	aad := ixian.StreamMessageAAD(s.draw("chat/id", 16), ixian.StreamData, 1767225600+int64(s.intn("chat/timestamp", 1<<30)))
	sealed, err := ixian.Spixi2Encrypt(frame, sc.rq.AESKey, sc.rq.ChachaKey, s.draw("chat/nonce", 64), aad, ixian.Strict)
	if err != nil {
		s.broken("%v", err)
	}
	env := sealed.Envelope
	s.logf("runner  a chat message in a spixi2 envelope under the agreed keys (%d bytes)", len(env))
	dec := func(aesKey, chachaKey, aad, env []byte) vectors.Values {
		return vectors.Make("aesKey", aesKey, "chachaKey", chachaKey, "aad", aad, "ciphertext", env)
	}
	// The envelope is 40 || nonce (64) || V(len c2) || c2.
	c2At := len(env) - (len(frame) + 32)
	var p []byte
	var i int
	if s.intn("flipWhere", 2) == 0 {
		p, i = s.flip("flip", env, 1, 65)
	} else {
		p, i = s.flip("flip", env, c2At, len(env))
	}
	s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.AESKey, sc.rq.ChachaKey, aad, p), reject(category.AEADAuth), fmt.Sprintf("a bit of byte %d flipped", i))
	s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.AESKey, sc.rq.ChachaKey, aad, append(slices.Clone(env), s.draw("appended", 1)...)), reject(category.AEADAuth), "a byte appended")
	s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.AESKey, sc.rq.ChachaKey, aad, env[:len(env)-1]), reject(category.AEADAuth), "the last byte cut")
	bad, i := s.flip("aadFlip", aad, 0, len(aad))
	s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.AESKey, sc.rq.ChachaKey, bad, env), reject(category.AEADAuth), fmt.Sprintf("a bit of byte %d of the additional data flipped", i))
	s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.ChachaKey, sc.rq.AESKey, aad, env), reject(category.AEADAuth), "aesKey and chachaKey swapped")

	// c2's length prefix is not authenticated: change it by one, keeping its
	// size.
	c2Len, n, _, err := ixian.DecodeVarUInt(env[65:], ixian.Strict)
	if err != nil {
		s.broken("%v", err)
	}
	wrong := c2Len + 1
	if s.intn("lengthDelta", 2) == 0 || ixian.VarUIntSize(wrong) != n {
		wrong = c2Len - 1
	}
	if ixian.VarUIntSize(wrong) != n {
		s.broken("no length next to %d has the same size", c2Len)
	}
	p = append(ixian.AppendVarUInt(slices.Clone(env[:65]), wrong), env[65+n:]...)
	out := s.call(vectors.IxianSpixi2Decrypt, dec(sc.rq.AESKey, sc.rq.ChachaKey, aad, p), strictReject(category.FieldLength), fmt.Sprintf("c2's length %d instead of %d", wrong, c2Len))
	if out != nil {
		s.agree("the message", s.bytes(out, "plaintext"), frame)
	}
}

// maps copies v.
func maps(v vectors.Values) vectors.Values {
	out := vectors.Values{}
	for k, x := range v {
		out[k] = x
	}
	return out
}
