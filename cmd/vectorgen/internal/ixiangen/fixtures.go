// Package ixiangen holds the vector generators of the Ixian S2 families,
// one file per part of spec/ixian-s2.md: wire.go (IxiVarInt, IxiBytes, the
// StreamMessage additional data), payloads.go (requestAdd2, acceptAdd2,
// keys2, SpixiMessage), kex.go (ECDH, the key derivation, the role steps),
// envelope.go (spixi2, rsa2), status.go (handshakeStatus) and notes.go (the
// flags). This file holds the shared fixtures: the four fixed handshakes of
// impl/ixian/testdata/crosscheck.json, the values crosscheck/ixian.mjs
// computed for them with @noble/*, the fixed RSA keys, and helpers that build
// broken variants.
//
// The handshakes draw their inputs from internal/detrand under the labels
// impl/ixian's tests and crosscheck/ixian.mjs use ("ixian/unit/<case>/…"),
// so the vectors built on them can pin the cross-check's values. Inputs new
// to the vectors are drawn under "ixian/vectors/<family>/<case>/<input>".
package ixiangen

import (
	"crypto/ecdh"
	"crypto/elliptic"
	"encoding/binary"
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/modroot"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

// offCurve returns the uncompressed key of scalar with Y + 1 in place of
// Y: a 133-byte encoding of a point that is not on the curve.
func offCurve(scalar []byte) []byte {
	b := uncompressed(scalar, 4)
	y := new(big.Int).SetBytes(b[67:])
	y.Add(y, big.NewInt(1)).Mod(y, curveP)
	y.FillBytes(b[67:])
	return b
}

// wrongParity returns the hybrid key of scalar whose prefix claims the
// other parity of Y.
func wrongParity(scalar []byte) []byte {
	b := uncompressed(scalar, 6)
	b[0] ^= 1
	return b
}

// invalidForms are 133-byte keys only the deployed profile reads, and then
// must refuse as points: the invalid-curve checks of the uncompressed path.
func invalidForms(put func(pub []byte) vectors.Values, scalar []byte) []gen.Case {
	return []gen.Case{
		gen.Invalid("uncompressed key off the curve (Y + 1)", category.FieldLength, put(offCurve(scalar)), "UncompressedPoint", "OffCurveUncompressed").
			DeployedRejects(category.InvalidPoint),
		gen.Invalid("hybrid key whose prefix claims the wrong parity of Y", category.FieldLength, put(wrongParity(scalar)), "HybridPoint", "HybridParity").
			DeployedRejects(category.InvalidPoint),
		gen.Invalid("uncompressed key with Y + p in place of Y (the same point to a port that reduces mod p)", category.FieldLength, put(yPlusP(scalar)), "UncompressedPoint", "CoordinateRange").
			DeployedRejects(category.InvalidPoint),
	}
}

// yPlusP returns the uncompressed key of scalar with Y + p in place of Y:
// the same point to an implementation that reduces Y mod p.
func yPlusP(scalar []byte) []byte {
	b := uncompressed(scalar, 4)
	y := new(big.Int).SetBytes(b[67:])
	y.Add(y, curveP).FillBytes(b[67:])
	return b
}

// ixiBytes is IxiBytes(b).
func ixiBytes(b []byte) []byte { return ixian.AppendIxiBytes(nil, b) }

// flip returns b with byte i XORed with 1 (i < 0 counts from the end).
func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	if i < 0 {
		i += len(out)
	}
	out[i] ^= 1
	return out
}

// repeat returns n bytes repeating pattern.
func repeat(pattern []byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = pattern[i%len(pattern)]
	}
	return out
}

// vecLabel is the label of an input drawn for the vectors only.
func vecLabel(parts ...string) string { return "ixian/vectors/" + strings.Join(parts, "/") }

// drawScalar draws a secp521r1 scalar: 66 bytes with the top 7 bits cleared
// (below 2^521; at least n with probability about 2^-260).
func drawScalar(label string) []byte {
	b := detrand.Bytes(label, ixian.ECDHScalarSize)
	b[0] &= 1
	return b
}

// scalarNote is the header line of every family with drawn scalars.
const scalarNote = "A drawn ecdhPrivateKey is the 66 bytes drawn under its label with the top 7 bits of the first byte cleared (b[0] &= 1)."

// --- The cross-check (impl/ixian/testdata/crosscheck.json). ---

var (
	crossCheckOnce sync.Once
	crossCheckData *crosscheck.IxianFile
)

// crossCheck returns impl/ixian/testdata/crosscheck.json.
func crossCheck() *crosscheck.IxianFile {
	crossCheckOnce.Do(func() {
		root, err := modroot.Find()
		if err == nil {
			crossCheckData, err = crosscheck.ReadIxian(filepath.Join(root, "impl", "ixian", "testdata", "crosscheck.json"))
		}
		if err != nil {
			panic("vectorgen: ixian crosscheck.json: " + err.Error())
		}
	})
	return crossCheckData
}

// --- The fixed handshakes. ---

// handshake is one of the four handshakes of the cross-check, recomputed with
// the reference; cc holds the cross-check's own values for it.
type handshake struct {
	name      string
	secretLen int
	ts        int64 // the requestAdd2's timestamp; acceptAdd2 +1, keys2 +2, chat +3
	cc        *crosscheck.IxianCase

	acceptorScalar, acceptorSeed, aesSalt       []byte
	requesterScalar, mlkemMessage, chachaSalt   []byte
	requesterScalarLabel                        string
	acceptor                                    *ixian.Acceptor
	requester                                   *ixian.RequesterResult
	requestAdd2, acceptFrame, keysFrame         []byte
	acceptAAD, keysAAD, chatID, chatAAD, chatPT []byte
}

// label is the detrand label of one of the handshake's inputs.
func (h *handshake) label(s string) string { return "ixian/unit/" + h.name + "/" + s }

var (
	fixturesOnce sync.Once
	handshakes   []*handshake
	requesterRSA []byte // the requester's rsaPubKey (address version 1)
	acceptorRSA  []byte // the acceptor's
	requesterDER []byte // PKCS#8 DER of the requester's RSA key
	acceptorDER  []byte
)

// t0 is the first handshake's timestamp, 2026-01-01T00:00:00Z.
const t0 = 1767225600

func fixtures() []*handshake {
	fixturesOnce.Do(func() {
		cc := crossCheck()
		requesterRSA = ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianRequester).PublicKey, 1)
		acceptorRSA = ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey, 1)
		requesterDER = testkeys.PKCS8(testkeys.IxianRequester)
		acceptorDER = testkeys.PKCS8(testkeys.IxianAcceptor)
		if gen.Hex(requesterRSA) != cc.RSA.Requester || gen.Hex(acceptorRSA) != cc.RSA.Acceptor {
			panic("vectorgen: the RSA keys differ from crosscheck.json")
		}
		for i, c := range cc.Cases {
			h := &handshake{name: c.Name, secretLen: c.ECDHSecretLength, ts: t0 + int64(i)*100, cc: &cc.Cases[i]}
			if c.Timestamp != h.ts {
				panic("vectorgen: crosscheck.json timestamps moved")
			}
			h.requesterScalarLabel = h.label(fmt.Sprintf("requester/ecdh-scalar/%d", c.Counter))
			h.acceptorScalar = drawScalar(h.label("acceptor/ecdh-scalar"))
			h.acceptorSeed = detrand.Bytes(h.label("acceptor/mlkem-seed"), 64)
			h.aesSalt = detrand.Bytes(h.label("acceptor/aes-salt"), 32)
			h.requesterScalar = drawScalar(h.requesterScalarLabel)
			h.mlkemMessage = detrand.Bytes(h.label("requester/mlkem-m"), 32)
			h.chachaSalt = detrand.Bytes(h.label("requester/chacha-salt"), 32)
			h.chatID = detrand.Bytes(h.label("chat/id"), 16)
			for name, b := range map[string][]byte{
				"acceptorEcdhScalar": h.acceptorScalar, "acceptorMlkemSeed": h.acceptorSeed, "aesSalt": h.aesSalt,
				"requesterEcdhScalar": h.requesterScalar, "mlkemMessage": h.mlkemMessage, "chachaSalt": h.chachaSalt, "chatId": h.chatID,
			} {
				if c.Inputs[name] != gen.Hex(b) {
					panic("vectorgen: input " + name + " of " + c.Name + " differs from crosscheck.json")
				}
			}
			h.acceptor = gen.Must(ixian.AcceptorPrepare(h.acceptorScalar, h.acceptorSeed, h.aesSalt, 1, acceptorRSA, ixian.SpixiCapabilities, ixian.Strict))
			h.requester = gen.Must(ixian.Requester(h.acceptor.AcceptAdd2, h.requesterScalar, h.mlkemMessage, h.chachaSalt, ixian.QuIXICapabilities, ixian.Strict))
			h.requestAdd2 = (&ixian.RequestAdd2{MaxProtocolVersion: 1, PubKey: requesterRSA}).Encode()
			h.acceptFrame = (&ixian.SpixiMessage{Type: ixian.CodeAcceptAdd2, Data: h.acceptor.AcceptAdd2}).Encode()
			h.keysFrame = (&ixian.SpixiMessage{Type: ixian.CodeKeys2, Data: h.requester.Keys2}).Encode()
			h.acceptAAD = ixian.StreamMessageAAD(ixian.IDAcceptAdd2, ixian.StreamInfo, h.ts+1)
			h.keysAAD = ixian.StreamMessageAAD(ixian.IDKeys2, ixian.StreamInfo, h.ts+2)
			h.chatAAD = ixian.StreamMessageAAD(h.chatID, ixian.StreamData, h.ts+3)
			h.chatPT = (&ixian.SpixiMessage{Type: ixian.CodeChat, Data: []byte("Hello from pqhs (" + c.Name + ")")}).Encode()
			handshakes = append(handshakes, h)
		}
		if len(handshakes) != 4 {
			panic("vectorgen: crosscheck.json should hold four handshakes")
		}
	})
	return handshakes
}

// secretWord describes an ECDH secret length for comments.
func secretWord(n int) string {
	switch n {
	case 66:
		return "a 66-byte ECDH secret"
	case 65:
		return "a 65-byte ECDH secret (X has 1 leading zero byte)"
	default:
		return fmt.Sprintf("a %d-byte ECDH secret (X has %d leading zero bytes)", n, 66-n)
	}
}

// secretFlags adds StrippedSecret to the handshakes whose X has leading
// zero bytes.
func secretFlags(h *handshake, flags ...string) []string {
	if h.secretLen < 66 {
		flags = append(flags, "StrippedSecret")
	}
	return flags
}

// --- Curve points. ---

var (
	curveP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 521), big.NewInt(1))
	curveN = elliptic.P521().Params().N
)

// uncompressed returns the 133-byte uncompressed public key of a scalar,
// with the given prefix (4, or 6/7 for hybrid: then the prefix must match
// Y's parity, and uncompressed sets it so unless wrongParity).
func uncompressed(scalar []byte, prefix byte) []byte {
	k := gen.Must(ecdh.P521().NewPrivateKey(scalar))
	b := k.PublicKey().Bytes()
	if prefix != 4 {
		b[0] = prefix&^1 | b[132]&1
	}
	return b
}

// noPointX is a compressed key whose X has no point on the curve: the
// smallest X with x^3 - 3x + b a non-residue.
func noPointX() []byte {
	for x := int64(0); ; x++ {
		c := make([]byte, 67)
		c[0] = 2
		big.NewInt(x).FillBytes(c[1:])
		if px, _ := elliptic.UnmarshalCompressed(elliptic.P521(), c); px == nil {
			return c
		}
	}
}

// xPlusP returns the compressed key with X + p in place of X: the same
// point to an implementation that reduces X mod p.
func xPlusP(compressed []byte) []byte {
	x := new(big.Int).SetBytes(compressed[1:])
	out := make([]byte, 67)
	out[0] = compressed[0]
	new(big.Int).Add(x, curveP).FillBytes(out[1:])
	return out
}

// scalarOf returns a 66-byte big-endian scalar.
func scalarOf(v *big.Int) []byte { return v.FillBytes(make([]byte, 66)) }

// --- ML-KEM keys. ---

// unreduced sets coefficient i of an ML-KEM-1024 encapsulation key's
// ByteEncode12 part to v (which may be >= q = 3329): coefficients are packed
// two in three bytes, little-endian 12-bit.
func unreduced(ek []byte, i int, v uint16) []byte {
	out := append([]byte(nil), ek...)
	o := i / 2 * 3
	if i%2 == 0 {
		out[o] = byte(v)
		out[o+1] = out[o+1]&0xF0 | byte(v>>8)&0x0F
	} else {
		out[o+1] = out[o+1]&0x0F | byte(v<<4)
		out[o+2] = byte(v >> 4)
	}
	return out
}

// --- RSA keys in Ixian's format. ---

// editRSAKey returns a copy of an Ixian RSA public key changed by edit.
func editRSAKey(key []byte, edit func([]byte) []byte) []byte {
	return edit(append([]byte(nil), key...))
}

// legacyRSA is the 523-byte headerless form of a 528-byte key.
func legacyRSA(key []byte) []byte { return append([]byte(nil), key[5:]...) }

// rsaLeadingZero gives the modulus a leading zero byte (and its length
// one more).
func rsaLeadingZero(key []byte) []byte {
	out := append([]byte(nil), key[:5]...)
	out = binary.LittleEndian.AppendUint32(out, 513)
	out = append(out, 0)
	out = append(out, key[9:]...)
	return out
}

// rsaKeyOf writes a modulus and an exponent in Ixian's public-key format
// (address version 1, key-format int32 0).
func rsaKeyOf(mod, exp []byte) []byte {
	out := []byte{1, 0, 0, 0, 0}
	out = binary.LittleEndian.AppendUint32(out, uint32(len(mod)))
	out = append(out, mod...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(exp)))
	return append(out, exp...)
}

// rsaModulusOf returns the modulus of a 528-byte Ixian key (512 bytes).
func rsaModulusOf(key []byte) []byte { return key[9 : 9+512] }

// --- Payload surgery. ---

// splitFields splits an encoded payload into its wire fields, in order, as
// the decoders read them: a raw first part of n0 bytes, then IxiBytes
// fields, then whatever remains as one part.
func splitFields(b []byte, n0, nIxiBytes int) [][]byte {
	var out [][]byte
	if n0 > 0 {
		out = append(out, b[:n0])
		b = b[n0:]
	}
	for range nIxiBytes {
		_, n := must2(ixian.DecodeIxiBytes(b, ixian.Deployed))
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic("vectorgen: Ixian fixture: " + err.Error())
	}
	return a, b
}

// wire is an encoded payload split into its fields as they are on the wire
// (spec/ixian-s2.md §5), so that a case changes the encoding of one field,
// by name, and keeps the others' bytes.
type wire struct {
	names  []string
	fields [][]byte
}

// splitWire splits b as splitFields does (n0 raw bytes, then IxiBytes
// fields, then the rest) and names the parts.
func splitWire(b []byte, n0 int, names ...string) wire {
	ixiFields := len(names) - 1
	if n0 > 0 {
		ixiFields--
	}
	return wire{names: names, fields: splitFields(b, n0, ixiFields)}
}

// requestAdd2Wire splits a requestAdd2 payload (spec/ixian-s2.md §5.1).
func requestAdd2Wire(b []byte) wire { return splitWire(b, 1, "maxProtocolVersion", "pubKey", "rest") }

// acceptAdd2Wire splits an acceptAdd2 payload (§5.2); capabilities is
// whatever follows aesSalt.
func acceptAdd2Wire(b []byte) wire {
	return splitWire(b, 1, "version", "rsaPubKey", "ecdhPubKey", "mlkemPubKey", "aesSalt", "capabilities")
}

// keys2Wire splits a keys2 payload (§5.3); capabilities is whatever follows
// chachaSalt.
func keys2Wire(b []byte) wire {
	return splitWire(b, 0, "ecdhPubKey", "mlkemCiphertext", "chachaSalt", "capabilities")
}

// rsa2Wire splits an rsa2 envelope (§8.3): IxiBytes(encryptedKeys),
// IxiBytes(blob), and what follows.
func rsa2Wire(b []byte) wire { return splitWire(b, 0, "encryptedKeys", "blob", "rest") }

// With returns the payload with the encoding of field name replaced by raw
// (nil leaves the field out).
func (w wire) With(name string, raw []byte) []byte {
	i := w.index(name)
	var out []byte
	for j, f := range w.fields {
		if j == i {
			f = raw
		}
		out = append(out, f...)
	}
	return out
}

// Field returns With for one field.
func (w wire) Field(name string) func(raw []byte) []byte {
	w.index(name)
	return func(raw []byte) []byte { return w.With(name, raw) }
}

// Cut returns the payload up to field name, of which it keeps only the
// first n bytes: a payload truncated inside that field.
func (w wire) Cut(name string, n int) []byte {
	i := w.index(name)
	return slices.Concat(slices.Concat(w.fields[:i]...), w.fields[i][:n])
}

// CutAfter returns the payload up to and with field name.
func (w wire) CutAfter(name string) []byte {
	return slices.Concat(w.fields[:w.index(name)+1]...)
}

// Raw returns the encoding of field name.
func (w wire) Raw(name string) []byte { return w.fields[w.index(name)] }

func (w wire) index(name string) int {
	i := slices.Index(w.names, name)
	if i < 0 {
		panic("vectorgen: no wire field " + name)
	}
	return i
}

// nonMinimalLength re-encodes IxiBytes(v) with its length one size wider.
func nonMinimalLength(v []byte) []byte {
	n := uint64(len(v))
	var p []byte
	switch ixian.VarUIntSize(n) {
	case 1:
		p = []byte{0xFC, byte(n), 0}
	case 3:
		p = []byte{0xFD, byte(n), byte(n >> 8), 0, 0}
	default:
		p = []byte{0xFE, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24), 0, 0, 0, 0}
	}
	return append(p, v...)
}
