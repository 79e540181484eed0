package ixian

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	cc "github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// testdata/crosscheck.json is the output of crosscheck/ixian.mjs, which
// computes every value below with @noble/* from the same detrand inputs,
// independently of this package. The tests here recompute them with the Go
// reference and compare byte for byte.

func loadCrosscheck(t testing.TB) *cc.IxianFile {
	t.Helper()
	c, err := cc.ReadIxian("testdata/crosscheck.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func eqHex(t testing.TB, name string, got []byte, want string) {
	t.Helper()
	if hex.EncodeToString(got) != want {
		t.Errorf("%s:\n got  %.160x\n want %.160s", name, got, want)
	}
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCrosscheckVarints(t *testing.T) {
	c := loadCrosscheck(t)
	if len(c.VarUInt) < 10 || len(c.VarInt) < 10 {
		t.Fatal("crosscheck.json has too few varints")
	}
	for _, v := range c.VarUInt {
		u, err := strconv.ParseUint(v.Value, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		eqHex(t, "AppendVarUInt("+v.Value+")", AppendVarUInt(nil, u), v.Data)
		data := unhex(t, v.Data)
		if VarUIntSize(u) != len(data) {
			t.Errorf("VarUIntSize(%d) = %d, want %d", u, VarUIntSize(u), len(data))
		}
		for _, p := range []Profile{Strict, Deployed} {
			got, n, min, err := DecodeVarUInt(data, p)
			if err != nil || got != u || n != len(data) || !min {
				t.Errorf("DecodeVarUInt(%x, %v) = %d, %d, %v, %v", data, p, got, n, min, err)
			}
		}
	}
	for _, v := range c.VarInt {
		s, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		eqHex(t, "AppendVarInt("+v.Value+")", AppendVarInt(nil, s), v.Data)
		data := unhex(t, v.Data)
		for _, p := range []Profile{Strict, Deployed} {
			got, n, min, err := DecodeVarInt(data, p)
			if err != nil || got != s || n != len(data) || !min {
				t.Errorf("DecodeVarInt(%x, %v) = %d, %d, %v, %v", data, p, got, n, min, err)
			}
		}
	}
}

func TestCrosscheckIxiBytes(t *testing.T) {
	c := loadCrosscheck(t)
	for _, x := range c.IxiBytes {
		v := detrand.Bytes("ixian/unit/ixibytes/"+strconv.Itoa(x.Length), x.Length)
		e := AppendIxiBytes(nil, v)
		sum := sha256.Sum256(e)
		eqHex(t, "IxiBytes prefix", e[:len(e)-x.Length], x.Prefix)
		eqHex(t, "IxiBytes sha256", sum[:], x.SHA256)
		if x.Data != "" {
			eqHex(t, "IxiBytes", e, x.Data)
		}
		if IxiBytesSize(v) != len(e) {
			t.Errorf("IxiBytesSize = %d, want %d", IxiBytesSize(v), len(e))
		}
		got, n, err := DecodeIxiBytes(e, Strict)
		if err != nil || n != len(e) || !bytes.Equal(got, v) {
			t.Errorf("DecodeIxiBytes(len %d): %d, %v", x.Length, n, err)
		}
	}
	h, _ := DeriveKeyAndIV(nil, nil) // SHA3-512(SHA3-512("")): the key is empty, the IV its first 12 bytes
	if !strings.HasPrefix(c.SHA3_512sq["empty"], hex.EncodeToString(h.IV)) {
		t.Errorf("sha3_512sq(\"\") starts %x, want %.24s", h.IV, c.SHA3_512sq["empty"])
	}
}

func unitRSAPub(name string) []byte {
	return RSAPublicKeyBytes(&testkeys.RSA(name).PublicKey, 1)
}

func TestCrosscheckRSAKeys(t *testing.T) {
	c := loadCrosscheck(t)
	eqHex(t, "requester rsaPubKey", unitRSAPub(testkeys.IxianRequester), c.RSA.Requester)
	eqHex(t, "acceptor rsaPubKey", unitRSAPub(testkeys.IxianAcceptor), c.RSA.Acceptor)
	if n := len(unitRSAPub(testkeys.IxianAcceptor)); n != 528 {
		t.Errorf("a 4096-bit key is %d bytes, want 528", n)
	}
	for _, p := range []Profile{Strict, Deployed} {
		k, err := ParseRSAPublicKey(unhex(t, c.RSA.Acceptor), p)
		if err != nil || !k.Equal(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey) {
			t.Errorf("ParseRSAPublicKey(%v): %v", p, err)
		}
	}
}

// unitRun is one fixed handshake computed with the Go reference.
type unitRun struct {
	c                  unitCase
	ts                 int64
	acceptor           *Acceptor
	requester          *RequesterResult
	final              *AcceptorResult
	requestAdd2        []byte
	acceptFrame        []byte
	keysFrame          []byte
	acceptRSA2, keysR2 *RSA2Sealed
	chatFrame, chatAAD []byte
	chat               *Spixi2Sealed
}

const unitT0 = 1767225600 // 2026-01-01T00:00:00Z

func rsa2Unit(t testing.TB, pt []byte, recipient, label string, aad []byte, p Profile) *RSA2Sealed {
	t.Helper()
	d := func(s string, n int) []byte { return detrand.Bytes(label+"/"+s, n) }
	s, err := RSA2Encrypt(pt, unitRSAPub(recipient), d("temp-aes-key", 32), d("temp-chacha-key", 32), d("oaep-seed", 20), d("nonce", 64), aad, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runUnit(t testing.TB, idx int, p Profile) *unitRun {
	t.Helper()
	c := unitCases[idx]
	u := &unitRun{c: c, ts: unitT0 + int64(idx)*100}
	var err error
	u.acceptor, err = AcceptorPrepare(unitScalar(c.name, "acceptor/ecdh-scalar"), unitBytes(c.name, "acceptor/mlkem-seed", 64),
		unitBytes(c.name, "acceptor/aes-salt", 32), 1, unitRSAPub(testkeys.IxianAcceptor), SpixiCapabilities, p)
	if err != nil {
		t.Fatal(err)
	}
	u.requester, err = Requester(u.acceptor.AcceptAdd2, unitScalar(c.name, requesterScalarLabel(c.counter)),
		unitBytes(c.name, "requester/mlkem-m", 32), unitBytes(c.name, "requester/chacha-salt", 32), QuIXICapabilities, p)
	if err != nil {
		t.Fatal(err)
	}
	u.final, err = u.acceptor.Keys2(u.requester.Keys2, p)
	if err != nil {
		t.Fatal(err)
	}
	u.requestAdd2 = (&RequestAdd2{MaxProtocolVersion: 1, PubKey: unitRSAPub(testkeys.IxianRequester)}).Encode()
	u.acceptFrame = (&SpixiMessage{Type: CodeAcceptAdd2, Data: u.acceptor.AcceptAdd2}).Encode()
	u.keysFrame = (&SpixiMessage{Type: CodeKeys2, Data: u.requester.Keys2}).Encode()
	u.acceptRSA2 = rsa2Unit(t, u.acceptFrame, testkeys.IxianRequester, "ixian/unit/"+c.name+"/acceptAdd2/rsa2", StreamMessageAAD(IDAcceptAdd2, StreamInfo, u.ts+1), p)
	u.keysR2 = rsa2Unit(t, u.keysFrame, testkeys.IxianAcceptor, "ixian/unit/"+c.name+"/keys2/rsa2", StreamMessageAAD(IDKeys2, StreamInfo, u.ts+2), p)
	u.chatFrame = (&SpixiMessage{Type: CodeChat, Data: []byte("Hello from pqhs (" + c.name + ")")}).Encode()
	u.chatAAD = StreamMessageAAD(unitBytes(c.name, "chat/id", 16), StreamData, u.ts+3)
	u.chat, err = Spixi2Encrypt(u.chatFrame, u.requester.AESKey, u.requester.ChachaKey, unitBytes(c.name, "chat/nonce", 64), u.chatAAD, p)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func eqSpixi2(t *testing.T, name string, s *Spixi2Sealed, w cc.Spixi2) {
	t.Helper()
	eqHex(t, name+" aes key'", s.AES.Key, w.AESDerivedKey)
	eqHex(t, name+" aes iv", s.AES.IV, w.AESIV)
	eqHex(t, name+" chacha key'", s.Chacha.Key, w.ChachaDerivedKey)
	eqHex(t, name+" chacha nonce", s.Chacha.IV, w.ChachaIV)
	eqHex(t, name+" AES-GCM output", s.AESCiphertext, w.AESCiphertext)
	eqHex(t, name+" envelope", s.Envelope, w.Envelope)
}

func eqRSA2(t *testing.T, name string, s *RSA2Sealed, w cc.RSA2) {
	t.Helper()
	eqHex(t, name+" key block", s.KeyBlock, w.KeyBlock)
	eqHex(t, name+" encrypted keys", s.EncryptedKeys, w.EncryptedKeys)
	eqSpixi2(t, name+" spixi2", s.Spixi2, w.Spixi2)
	eqHex(t, name+" envelope", s.Envelope, w.Envelope)
}

func TestCrosscheckHandshakes(t *testing.T) {
	c := loadCrosscheck(t)
	if len(c.Cases) != len(unitCases) {
		t.Fatalf("crosscheck.json has %d cases, unitCases %d", len(c.Cases), len(unitCases))
	}
	for i, w := range c.Cases {
		uc := unitCases[i]
		if w.Name != uc.name || w.Counter != uc.counter || w.ECDHSecretLength != uc.secretLen {
			t.Fatalf("case %d: crosscheck has %s/%d/%d, unitCases %+v", i, w.Name, w.Counter, w.ECDHSecretLength, uc)
		}
		for _, p := range []Profile{Strict, Deployed} {
			t.Run(uc.name+"/"+p.String(), func(t *testing.T) {
				u := runUnit(t, i, p)
				a, r, f := u.acceptor, u.requester, u.final
				eqHex(t, "acceptor scalar", a.ECDHScalar, w.Inputs["acceptorEcdhScalar"])
				eqHex(t, "acceptor seed", a.MLKEMSeed, w.Inputs["acceptorMlkemSeed"])
				eqHex(t, "aesSalt", a.AESSalt, w.Inputs["aesSalt"])
				eqHex(t, "chachaSalt", r.ChachaSalt, w.Inputs["chachaSalt"])

				eqHex(t, "requestAdd2", u.requestAdd2, w.RequestAdd2)
				eqHex(t, "requestAdd2 frame", (&SpixiMessage{Type: CodeRequestAdd2, Data: u.requestAdd2}).Encode(), w.RequestAdd2Frame)
				eqHex(t, "acceptor ecdhPubKey", a.ECDHPubKey, w.AcceptorECDHPubKey)
				eqHex(t, "mlkemPubKey", a.MLKEMPubKey, w.MLKEMPubKey)
				eqHex(t, "acceptAdd2", a.AcceptAdd2, w.AcceptAdd2)
				eqHex(t, "acceptAdd2 frame", u.acceptFrame, w.AcceptAdd2Frame)
				eqHex(t, "requester ecdhPubKey", r.ECDHPubKey, w.RequesterECDHPubKey)
				eqHex(t, "mlkemCiphertext", r.MLKEMCiphertext, w.MLKEMCiphertext)
				eqHex(t, "keys2", r.Keys2, w.Keys2)
				eqHex(t, "keys2 frame", u.keysFrame, w.Keys2Frame)
				for side, res := range map[string]Result{"requester": r.Result, "acceptor": f.Result} {
					eqHex(t, side+" ecdhSecret", res.ECDHSecret, w.ECDHSecret)
					eqHex(t, side+" mlkemSecret", res.MLKEMSecret, w.MLKEMSecret)
					eqHex(t, side+" ikm", res.IKM, w.IKM)
					eqHex(t, side+" aesKey", res.AESKey, w.AESKey)
					eqHex(t, side+" chachaKey", res.ChachaKey, w.ChachaKey)
				}
				if len(r.ECDHSecret) != uc.secretLen {
					t.Errorf("ecdhSecret is %d bytes, want %d", len(r.ECDHSecret), uc.secretLen)
				}
				if r.PeerCapabilities != SpixiCapabilities || f.PeerCapabilities != QuIXICapabilities || !r.PeerCapabilitiesPresent {
					t.Errorf("capabilities %d/%d", r.PeerCapabilities, f.PeerCapabilities)
				}
				eqRSA2(t, "acceptAdd2 rsa2", u.acceptRSA2, w.AcceptAdd2RSA2)
				eqRSA2(t, "keys2 rsa2", u.keysR2, w.Keys2RSA2)
				eqHex(t, "chat plaintext", u.chatFrame, w.Chat.Plaintext)
				eqHex(t, "chat aad", u.chatAAD, w.Chat.AAD)
				eqSpixi2(t, "chat", u.chat, w.Chat)

				// And back: each envelope opens to its frame and payload.
				open := func(env []byte, key string, aad []byte, code int32, payload []byte) {
					o, err := RSA2Decrypt(env, testkeys.RSA(key), aad, p)
					if err != nil {
						t.Fatalf("RSA2Decrypt: %v", err)
					}
					m, err := DecodeSpixiMessage(o.Plaintext, p)
					if err != nil || m.Type != code || !bytes.Equal(m.Data, payload) {
						t.Fatalf("frame %d: %+v %v", code, m, err)
					}
				}
				open(u.acceptRSA2.Envelope, testkeys.IxianRequester, StreamMessageAAD(IDAcceptAdd2, StreamInfo, u.ts+1), CodeAcceptAdd2, a.AcceptAdd2)
				open(u.keysR2.Envelope, testkeys.IxianAcceptor, StreamMessageAAD(IDKeys2, StreamInfo, u.ts+2), CodeKeys2, r.Keys2)
				pt, err := Spixi2Decrypt(u.chat.Envelope, f.AESKey, f.ChachaKey, u.chatAAD, p)
				if err != nil || !bytes.Equal(pt, u.chatFrame) {
					t.Fatalf("chat: %v", err)
				}
			})
		}
	}
}

// TestCrosscheckSecretLengths checks that the unit cases do what they are
// for: their ECDH X coordinates have 0, 1, 2 and 3 leading zero bytes.
func TestCrosscheckSecretLengths(t *testing.T) {
	for _, c := range unitCases {
		a := unitScalar(c.name, "acceptor/ecdh-scalar")
		pub, err := ECDHPublicKey(a)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := ECDH(unitScalar(c.name, requesterScalarLabel(c.counter)), pub, Strict)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != c.secretLen || new(big.Int).SetBytes(ss).BitLen() <= (c.secretLen-1)*8 {
			t.Errorf("%s: secret of %d bytes, want %d", c.name, len(ss), c.secretLen)
		}
	}
}

// TestCrosscheckFresh re-runs crosscheck/ixian.mjs and compares its output
// with testdata/crosscheck.json. It needs Node and the crosscheck package's
// node_modules, so it runs only with PQHS_CROSSCHECK=1:
//
//	PQHS_CROSSCHECK=1 go test -run CrosscheckFresh ./impl/ixian
func TestCrosscheckFresh(t *testing.T) {
	if os.Getenv("PQHS_CROSSCHECK") == "" {
		t.Skip("set PQHS_CROSSCHECK=1 to re-run crosscheck/ixian.mjs with Node")
	}
	out, err := exec.Command("node", "../../crosscheck/ixian.mjs").Output()
	if err != nil {
		t.Fatalf("node crosscheck/ixian.mjs: %v", err)
	}
	want, _ := os.ReadFile("testdata/crosscheck.json")
	got, pinned := strings.Split(string(out), "\n"), strings.Split(string(want), "\n")
	if len(got) != len(pinned) {
		t.Fatalf("the script wrote %d lines, testdata has %d", len(got), len(pinned))
	}
	for i := range got {
		if got[i] != pinned[i] {
			t.Errorf("line %d differs:\n node    %.200s\n pinned  %.200s", i+1, got[i], pinned[i])
		}
	}
}
