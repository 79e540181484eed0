// Package seeds turns the vector files into seed corpora for the fuzz
// targets of the packages under fuzz/: every input a vector holds becomes an
// input of each target whose arguments it fits, written in the corpus format
// of `go test -fuzz` under fuzz/<package>/testdata/fuzz/<target>/. cmd
// seedgen writes them; a test in package fuzz fails when the committed files differ from what
// Generate produces from the current vectors.
//
// Targets are named here without their "Fuzz" prefix: OSS-Fuzz's build
// script finds a target's file by grepping the package directory,
// recursively, for its full name, and must find only one.
package seeds

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

// Prefix starts the name of every generated corpus file, so that the
// generator replaces its own files and never the regression inputs the
// fuzzer writes (whose names are bare hashes).
const Prefix = "vectors-"

// Package names the package under fuzz/ that holds each target (named
// without "Fuzz"): its corpus is fuzz/<package>/testdata/fuzz/Fuzz<target>.
var Package = map[string]string{}

func init() {
	for pkg, targets := range map[string][]string{
		"ixianwire": {"IxiVarUInt", "IxiVarInt", "IxiBytes", "RequestAdd2", "AcceptAdd2", "Keys2", "SpixiMessage", "RSAPublicKey",
			"IxianTransition", "StreamMessage"},
		"ixiancrypto": {"P521PeerKey", "Spixi2Decrypt", "Spixi2Layout", "RSA2Decrypt", "RSA2KeyBlock", "IxianKeyAgreement", "MLKEM1024"},
		"verbeth": {"HandshakePayload", "UnifiedPubKeys", "RatchetPayload", "BindingMessage", "IdentityProof", "ResponseEnvelope", "ResponseOpen",
			"ResponseInner", "Respond", "SessionState", "RatchetDecrypt", "VerbethKeyAgreement", "JSJSON", "MLKEM768", "X25519",
			"HandshakeLog", "HandshakeResponseLog"},
	} {
		for _, t := range targets {
			Package[t] = pkg
		}
	}
}

// Dir is the corpus directory of a target under the fuzz directory root.
func Dir(root, target string) string {
	if Package[target] == "" {
		panic("seeds: no package holds Fuzz" + target)
	}
	return filepath.Join(root, Package[target], "testdata", "fuzz", "Fuzz"+target)
}

// Marshal writes one corpus file: the header line and one Go literal per
// argument, as the testing package writes them.
func Marshal(args ...any) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case byte:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case int, int64, uint16, bool:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		default:
			panic(fmt.Sprintf("seeds: unsupported argument type %T", a))
		}
	}
	return b.Bytes()
}

// FileName is the name of a generated corpus file.
func FileName(content []byte) string {
	return Prefix + fmt.Sprintf("%x", sha256.Sum256(content))[:16]
}

// Corpus maps a target's name (without "Fuzz") to its generated files,
// name to content.
type Corpus map[string]map[string][]byte

func (c Corpus) add(target string, args ...any) {
	data := Marshal(args...)
	if c[target] == nil {
		c[target] = map[string][]byte{}
	}
	c[target][FileName(data)] = data
}

// test is one vector test: its inputs (group and own) and outputs.
type test struct {
	family *vectors.Family
	result vectors.Result
	in     vectors.Values
	out    vectors.Values
}

func (t test) bytes(name string) ([]byte, bool) {
	for _, v := range []vectors.Values{t.in, t.out} {
		if v.Has(name) {
			if b, err := v.Bytes(name); err == nil {
				return b, true
			}
		}
	}
	return nil, false
}

func (t test) inBytes(name string) ([]byte, bool) {
	b, err := t.in.Bytes(name)
	return b, err == nil
}

func (t test) outBytes(name string) ([]byte, bool) {
	b, err := t.out.Bytes(name)
	return b, err == nil
}

func (t test) str(name string) (string, bool) {
	s, err := t.in.String(name)
	return s, err == nil
}

// raw returns a JSON input, compacted.
func (t test) raw(v vectors.Values, name string) ([]byte, bool) {
	r, ok := v[name]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	if json.Compact(&b, r) != nil {
		return nil, false
	}
	return b.Bytes(), true
}

// Generate maps every vector input that fits a target to a seed of it. It
// panics when a family the targets draw from has no test in files: a seed
// source must not dry up in silence.
func Generate(files []*vectors.File) Corpus {
	c, _ := generate(files)
	return c
}

// generate returns the corpus and the families it drew from.
func generate(files []*vectors.File) (Corpus, map[*vectors.Family]bool) {
	c := Corpus{}
	read := map[*vectors.Family]bool{}
	var tests []test
	for _, f := range files {
		fam := vectors.FamilyOf(f)
		for gi := range f.TestGroups {
			g := &f.TestGroups[gi]
			for ti := range g.Tests {
				tt := &g.Tests[ti]
				tests = append(tests, test{family: fam, result: tt.Result, in: g.InputsOf(tt), out: tt.Outputs})
			}
		}
	}
	byFamily := func(f *vectors.Family) []test {
		var out []test
		for _, t := range tests {
			if t.family == f {
				out = append(out, t)
			}
		}
		if len(out) == 0 {
			panic("seeds: no vector test of " + f.Name)
		}
		read[f] = true
		return out
	}
	ixianSeeds(c, byFamily)
	verbethSeeds(c, byFamily)
	return c, read
}

// each calls f for every test of family that has every named input or
// output as bytes.
func each(ts []test, f func(t test, b [][]byte), names ...string) {
	for _, t := range ts {
		var args [][]byte
		for _, n := range names {
			b, ok := t.bytes(n)
			if !ok {
				break
			}
			args = append(args, b)
		}
		if len(args) == len(names) {
			f(t, args)
		}
	}
}

func ixianSeeds(c Corpus, byFamily func(*vectors.Family) []test) {
	one := func(target string, family *vectors.Family, field string) {
		each(byFamily(family), func(_ test, b [][]byte) { c.add(target, b[0]) }, field)
	}
	for _, f := range []*vectors.Family{vectors.IxianIxiVarUIntDecode, vectors.IxianIxiVarIntDecode, vectors.IxianIxiVarUIntEncode, vectors.IxianIxiVarIntEncode} {
		one("IxiVarUInt", f, "data")
		one("IxiVarInt", f, "data")
	}
	one("IxiBytes", vectors.IxianIxiBytesDecode, "data")
	one("IxiBytes", vectors.IxianIxiBytesEncode, "data")
	for _, f := range []*vectors.Family{vectors.IxianRequestAdd2Decode, vectors.IxianRequestAdd2Encode} {
		one("RequestAdd2", f, "payload")
		one("RSAPublicKey", f, "pubKey")
	}
	for _, f := range []*vectors.Family{vectors.IxianAcceptAdd2Decode, vectors.IxianAcceptAdd2Encode} {
		one("AcceptAdd2", f, "payload")
		one("RSAPublicKey", f, "rsaPubKey")
	}
	one("AcceptAdd2", vectors.IxianRequesterAcceptAdd2, "acceptAdd2")
	one("AcceptAdd2", vectors.IxianAcceptorPrepare, "acceptAdd2")
	for _, f := range []*vectors.Family{vectors.IxianKeys2Decode, vectors.IxianKeys2Encode} {
		one("Keys2", f, "payload")
	}
	one("Keys2", vectors.IxianAcceptorKeys2, "keys2")
	one("Keys2", vectors.IxianAcceptorKeys2Persisted, "keys2")
	one("Keys2", vectors.IxianRequesterAcceptAdd2, "keys2")
	one("SpixiMessage", vectors.IxianSpixiMessageDecode, "frame")
	one("SpixiMessage", vectors.IxianSpixiMessageEncode, "frame")
	one("RSAPublicKey", vectors.IxianRSA2Encrypt, "rsaPubKey")
	// The frames around the handshake: key fields that Address reads as
	// addresses, and the SpixiMessages StreamMessages carry.
	one("RSAPublicKey", vectors.IxianAddress, "value")
	one("RSAPublicKey", vectors.IxianStreamMessageVerify, "pubKey")
	one("SpixiMessage", vectors.IxianStreamMessageEncode, "data")
	one("SpixiMessage", vectors.IxianStreamMessageSign, "data")
	for _, f := range []*vectors.Family{vectors.IxianStreamMessageDecode, vectors.IxianStreamMessageEncode, vectors.IxianStreamMessageSign,
		vectors.IxianStreamMessageVerify} {
		one("StreamMessage", f, "frame")
	}

	// P-521: the ecdh family's pairs; other public keys with a fixed scalar.
	scalar := detrand.Bytes("pqhs/fuzz/seeds/p521-scalar", 66)
	scalar[0] &= 1
	each(byFamily(vectors.IxianECDH), func(_ test, b [][]byte) { c.add("P521PeerKey", b[0], b[1]) }, "ecdhPrivateKey", "publicKey")
	for _, f := range []*vectors.Family{vectors.IxianAcceptAdd2Encode, vectors.IxianKeys2Encode} {
		each(byFamily(f), func(_ test, b [][]byte) { c.add("P521PeerKey", scalar, b[0]) }, "ecdhPubKey")
	}

	each(byFamily(vectors.IxianSpixi2Decrypt), func(_ test, b [][]byte) { c.add("Spixi2Decrypt", b[0], b[1], b[2], b[3]) },
		"aesKey", "chachaKey", "aad", "ciphertext")
	each(byFamily(vectors.IxianSpixi2Encrypt), func(t test, b [][]byte) {
		c.add("Spixi2Decrypt", b[0], b[1], b[2], b[3])
		body := len(b[5]) + 2*ixian.AEADTagSize
		size := map[int]byte{16: 0, 24: 1, 32: 2}[len(b[0])]
		c.add("Spixi2Layout", b[4], ixian.AppendVarUInt(nil, uint64(body)), b[5], b[2], size)
	}, "aesKey", "chachaKey", "aad", "ciphertext", "nonce", "plaintext")

	each(byFamily(vectors.IxianRSA2Decrypt), func(_ test, b [][]byte) { c.add("RSA2Decrypt", b[0], b[1], b[2]) }, "rsaPrivateKey", "aad", "envelope")
	private := map[string][]byte{}
	for _, name := range []string{testkeys.IxianRequester, testkeys.IxianAcceptor} {
		private[string(ixian.RSAPublicKeyBytes(&testkeys.RSA(name).PublicKey, 1))] = testkeys.PKCS8(name)
	}
	each(byFamily(vectors.IxianRSA2Encrypt), func(_ test, b [][]byte) {
		if key, ok := private[string(b[0])]; ok {
			c.add("RSA2Decrypt", key, b[1], b[2])
		}
		block := ixian.AppendIxiBytes(ixian.AppendIxiBytes(nil, b[3]), b[4])
		c.add("RSA2KeyBlock", block, b[5], b[6], b[1])
	}, "rsaPubKey", "aad", "envelope", "tempAesKey", "tempChachaKey", "nonce", "plaintext")

	// Whole handshakes: a requester test whose acceptAdd2 a prepare test
	// wrote.
	prepared := map[string]test{}
	for _, t := range byFamily(vectors.IxianAcceptorPrepare) {
		if a, ok := t.outBytes("acceptAdd2"); ok {
			prepared[string(a)] = t
		}
	}
	each(byFamily(vectors.IxianRequesterAcceptAdd2), func(t test, b [][]byte) {
		p, ok := prepared[string(b[0])]
		if !ok {
			return
		}
		acc, ok1 := p.inBytes("ecdhPrivateKey")
		seed, ok2 := p.inBytes("mlkemSeed")
		aes, ok3 := p.inBytes("aesSalt")
		if !ok1 || !ok2 || !ok3 {
			return
		}
		strict := t.result == vectors.Valid && p.result == vectors.Valid
		c.add("IxianKeyAgreement", acc, seed, aes, b[1], b[2], b[3], strict, uint16(0), byte(1))
		c.add("MLKEM1024", seed, b[2], []byte{}, []byte{})
	}, "acceptAdd2", "ecdhPrivateKey", "mlkemMessage", "chachaSalt")

	for _, t := range byFamily(vectors.IxianHandshakeStatus) {
		if args, ok := transitionArgs(t); ok {
			c.add("IxianTransition", args...)
		}
	}
}

// transitionArgs maps a handshakeStatus test to the target's arguments,
// applying its before events to the state first.
func transitionArgs(t test) ([]any, bool) {
	var s ixian.FriendState
	var e ixian.Event
	role, _ := t.str("role")
	if json.Unmarshal(t.in["state"], &s) != nil || json.Unmarshal(t.in["event"], &e) != nil {
		return nil, false
	}
	if raw, ok := t.in["before"]; ok {
		var before []ixian.Event
		if json.Unmarshal(raw, &before) != nil {
			return nil, false
		}
		for _, b := range before {
			o, err := ixian.Transition(ixian.Role(role), s, b)
			if err != nil {
				return nil, false
			}
			s = o.State
		}
	}
	kind := slices.Index(ixfix.EventKinds, e.Kind)
	if kind < 0 {
		return nil, false
	}
	r := byte(0)
	if role == string(ixian.RoleAcceptor) {
		r = 1
	}
	return []any{r, s.Known, s.Approved, s.PendingEphemeral, s.AddRequestsDisabled, s.HandshakeStatus, s.ProtocolVersion,
		s.LastReceivedHandshakeMessageTimestamp, byte(kind), e.Version, e.Timestamp, []byte(e.MsgID)}, true
}

func verbethSeeds(c Corpus, byFamily func(*vectors.Family) []test) {
	one := func(target string, family *vectors.Family, field string) {
		each(byFamily(family), func(_ test, b [][]byte) { c.add(target, b[0]) }, field)
	}
	jsonText := func(family *vectors.Family, field string) {
		each(byFamily(family), func(_ test, b [][]byte) { c.add("JSJSON", b[0]) }, field)
	}
	one("HandshakePayload", vectors.VerbethHandshakePayloadDecode, "plaintextPayload")
	one("HandshakePayload", vectors.VerbethHandshakeInitiate, "plaintextPayload")
	one("HandshakePayload", vectors.VerbethLogHandshakeEncode, "plaintextPayload")
	// Whole logs: the topics joined into one byte string, and the data.
	logs := func(target string, family *vectors.Family) {
		for _, t := range byFamily(family) {
			for _, v := range []vectors.Values{t.in, t.out} {
				var topics []string
				data, err := v.Bytes("data")
				if v.Get("topics", &topics) != nil || err != nil {
					continue
				}
				var joined []byte
				for _, h := range topics {
					b, err := hex.DecodeString(h)
					if err != nil {
						panic("seeds: a topic of " + family.Name + " is not hex")
					}
					joined = append(joined, b...)
				}
				c.add(target, joined, data)
			}
		}
	}
	logs("HandshakeLog", vectors.VerbethLogHandshakeDecode)
	logs("HandshakeLog", vectors.VerbethLogHandshakeEncode)
	logs("HandshakeResponseLog", vectors.VerbethLogHandshakeResponseDecode)
	logs("HandshakeResponseLog", vectors.VerbethLogHandshakeResponseEncode)
	one("UnifiedPubKeys", vectors.VerbethLogHandshakeEncode, "pubKeys")
	one("Respond", vectors.VerbethLogHandshakeEncode, "ephemeralPubKey")
	jsonText(vectors.VerbethHandshakePayloadDecode, "plaintextPayload")
	jsonText(vectors.VerbethHandshakeRespond, "innerPlaintext")
	jsonText(vectors.VerbethHandshakeRespond, "ciphertext")
	one("UnifiedPubKeys", vectors.VerbethUnifiedPubKeysDecode, "pubKeys")
	one("UnifiedPubKeys", vectors.VerbethUnifiedPubKeysEncode, "pubKeys")
	one("UnifiedPubKeys", vectors.VerbethHandshakeInitiate, "pubKeys")
	one("UnifiedPubKeys", vectors.VerbethHandshakeRespond, "responderPubKeys")
	one("Respond", vectors.VerbethHandshakeRespond, "initiatorEphemeralPubKey")
	one("ResponseInner", vectors.VerbethHandshakeRespond, "innerPlaintext")
	one("ResponseInner", vectors.VerbethResponseOpen, "innerPlaintext")
	one("RatchetPayload", vectors.VerbethRatchetPayloadDecode, "payload")
	one("RatchetPayload", vectors.VerbethRatchetEncrypt, "payload")
	one("RatchetPayload", vectors.VerbethRatchetDecrypt, "payload")

	for _, t := range byFamily(vectors.VerbethIdentityProofBindingMessage) {
		if s, err := t.out.String("message"); err == nil {
			c.add("BindingMessage", s)
		}
	}
	for _, t := range byFamily(vectors.VerbethIdentityProofVerify) {
		msg, ok1 := t.str("proofMessage")
		sig, ok2 := t.str("proofSignature")
		sender, ok3 := t.str("eventSender")
		x, ok4 := t.inBytes("wireX25519")
		ed, ok5 := t.inBytes("wireEd25519")
		if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
			continue
		}
		rp, _ := t.str("expectedRpId")
		chain := int64(-1)
		if n, err := t.in.Int("expectedChainId"); err == nil {
			chain = n
		}
		c.add("IdentityProof", msg, sig, sender, rp, x, ed, chain)
		c.add("BindingMessage", msg)
	}

	// Responses: open's inputs as they are; match's with its first pending
	// handshake.
	each(byFamily(vectors.VerbethResponseOpen), func(_ test, b [][]byte) {
		c.add("ResponseEnvelope", b[0], b[1], b[2], b[3], b[4])
		c.add("ResponseOpen", b[0], b[1], b[2], b[3], b[4])
	},
		"ephemeralSecret", "mlkemSeed", "responderEphemeralR", "inResponseTo", "ciphertext")
	each(byFamily(vectors.VerbethResponseMatch), func(t test, b [][]byte) {
		var pending []struct{ EphemeralSecret, MLKEMSeed string }
		if json.Unmarshal(t.in["pending"], &pending) != nil || len(pending) == 0 {
			return
		}
		a, err1 := hex.DecodeString(pending[0].EphemeralSecret)
		s, err2 := hex.DecodeString(pending[0].MLKEMSeed)
		if err1 == nil && err2 == nil {
			c.add("ResponseEnvelope", a, s, b[0], b[1], b[2])
			c.add("ResponseOpen", a, s, b[0], b[1], b[2])
		}
	}, "responderEphemeralR", "inResponseTo", "ciphertext")

	// Session states, and ratchet decryption with the peer's signing seed
	// where an encrypt vector names the key.
	for _, f := range []*vectors.Family{vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt, vectors.VerbethSessionInitiator, vectors.VerbethSessionResponder} {
		for _, t := range byFamily(f) {
			for _, v := range []vectors.Values{t.in, t.out} {
				if s, ok := t.raw(v, "state"); ok {
					c.add("SessionState", s)
				}
			}
		}
	}
	seeds := map[string][]byte{}
	each(byFamily(vectors.VerbethRatchetEncrypt), func(_ test, b [][]byte) {
		if len(b[0]) == ed25519.SeedSize {
			seeds[string(ed25519.NewKeyFromSeed(b[0]).Public().(ed25519.PublicKey))] = b[0]
		}
	}, "signingSeed")
	each(byFamily(vectors.VerbethRatchetDecrypt), func(t test, b [][]byte) {
		state, ok := t.raw(t.in, "state")
		if !ok {
			return
		}
		newSecret, _ := t.inBytes("newRatchetSecret")
		if newSecret == nil {
			newSecret = []byte{}
		}
		peer := b[1]
		if seed, ok := seeds[string(peer)]; ok {
			peer = seed
		}
		c.add("RatchetDecrypt", state, b[0], peer, newSecret, false)
	}, "payload", "peerEd25519")

	// X25519 pairs.
	each(byFamily(vectors.VerbethTag), func(_ test, b [][]byte) { c.add("X25519", b[0], b[1]) }, "x25519Secret", "x25519Public")
	each(byFamily(vectors.VerbethSessionInitiator), func(_ test, b [][]byte) { c.add("X25519", b[0], b[1]) }, "ephemeralSecret", "ratchetPublicKey")
	each(byFamily(vectors.VerbethSessionResponder), func(_ test, b [][]byte) { c.add("X25519", b[0], b[1]) }, "ratchetSecret", "initiatorEphemeralX25519")

	// Whole exchanges: a respond test whose initiator ephemeralPubKey an
	// initiate test wrote, with the initiator session's first ratchet
	// secret when a session test has the same ephemeral secret.
	initiated := map[string]test{}
	for _, t := range byFamily(vectors.VerbethHandshakeInitiate) {
		if e, ok := t.outBytes("ephemeralPubKey"); ok {
			initiated[string(e)] = t
		}
	}
	first := map[string][]byte{}
	each(byFamily(vectors.VerbethSessionInitiator), func(_ test, b [][]byte) { first[string(b[0])] = b[1] }, "ephemeralSecret", "firstRatchetSecret")
	each(byFamily(vectors.VerbethHandshakeRespond), func(t test, b [][]byte) {
		i, ok := initiated[string(b[0])]
		if !ok {
			return
		}
		a, ok1 := i.inBytes("ephemeralSecret")
		seed, ok2 := i.inBytes("mlkemSeed")
		if !ok1 || !ok2 {
			return
		}
		s1, ok := first[string(a)]
		if !ok {
			s1 = detrand.Bytes("pqhs/fuzz/seeds/s1", 32)
		}
		c.add("VerbethKeyAgreement", a, seed, b[1], b[2], b[3], s1, t.result == vectors.Valid, uint16(0), byte(1))
		c.add("MLKEM768", seed, b[3], []byte{}, []byte{})
	}, "initiatorEphemeralPubKey", "tagSecret", "ratchetSecret", "mlkemMessage")
}
