package verbeth

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// The event logs and identity keys of testdata/crosscheck.json, recomputed by
// crosscheck/verbeth.mjs: the logs with ethers' AbiCoder (the decoder the
// reference client reads them with), the identity keys with @noble/* and
// tweetnacl.

type ccFrames struct {
	Parties map[string]struct {
		Address        string
		UnifiedPubKeys string
	}
	Handshake struct{ RecipientHash, PubKeys, EphemeralPubKey, PlaintextPayload string }
	Response  struct{ InResponseTo, ResponderEphemeralR, Ciphertext string }
	Events    struct {
		HandshakeTopic, HandshakeResponseTopic   string
		HandshakeTopics, HandshakeResponseTopics []string
		DirtySenderTopic, DirtySenderRead        string
		Handshake, HandshakeResponse             map[string]ccDecode
	}
	Identity struct {
		Wallets      []ccIdentity
		HighS        map[string]ccIdentity
		OtherLengths []ccIdentity
	}
}

type ccDecode struct {
	Data   string
	OK     bool
	Values []string
}

type ccIdentity struct {
	Address, SeedMessage, SeedSignature, CanonicalSignature, IKM    string
	X25519SecretKey, X25519PublicKey, Ed25519Seed, Ed25519PublicKey string
	SessionPrivateKey, SessionAddress                               string
}

func loadFrames(t *testing.T) *ccFrames {
	t.Helper()
	raw, err := os.ReadFile("testdata/crosscheck.json")
	if err != nil {
		t.Fatal(err)
	}
	var c ccFrames
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func unhexT(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCrosscheckEventLogs(t *testing.T) {
	c := loadFrames(t)
	e := c.Events
	eqHex(t, "Handshake topic0", HandshakeTopic[:], e.HandshakeTopic)
	eqHex(t, "HandshakeResponse topic0", HandshakeResponseTopic[:], e.HandshakeResponseTopic)
	hs := &HandshakeLog{
		RecipientHash:    [32]byte(unhexT(t, c.Handshake.RecipientHash)),
		Sender:           [20]byte(unhexT(t, c.Parties["alice"].Address[2:])),
		PubKeys:          unhexT(t, c.Handshake.PubKeys),
		EphemeralPubKey:  unhexT(t, c.Handshake.EphemeralPubKey),
		PlaintextPayload: unhexT(t, c.Handshake.PlaintextPayload),
	}
	for i, topic := range hs.Topics() {
		eqHex(t, "Handshake topic", topic, e.HandshakeTopics[i])
	}
	eqHex(t, "Handshake data", hs.Data(), e.Handshake["canonical"].Data)
	hsr := &HandshakeResponseLog{
		InResponseTo:        [32]byte(unhexT(t, c.Response.InResponseTo)),
		Responder:           [20]byte(unhexT(t, c.Parties["bob"].Address[2:])),
		ResponderEphemeralR: [32]byte(unhexT(t, c.Response.ResponderEphemeralR)),
		Ciphertext:          unhexT(t, c.Response.Ciphertext),
	}
	for i, topic := range hsr.Topics() {
		eqHex(t, "HandshakeResponse topic", topic, e.HandshakeResponseTopics[i])
	}
	eqHex(t, "HandshakeResponse data", hsr.Data(), e.HandshakeResponse["canonical"].Data)

	// Every malformed blob: Deployed decodes exactly what ethers decodes,
	// to the same values, and refuses what ethers refuses.
	for name, d := range e.Handshake {
		l, err := DecodeHandshakeLog(hs.Topics(), unhexT(t, d.Data), Deployed)
		if d.OK != (err == nil) {
			t.Errorf("Handshake %s: ethers ok=%v, deployed %v", name, d.OK, err)
			continue
		}
		if err != nil {
			if !isCat(err, "truncated") {
				t.Errorf("Handshake %s: %v, want truncated", name, err)
			}
			continue
		}
		for i, v := range [][]byte{l.PubKeys, l.EphemeralPubKey, l.PlaintextPayload} {
			eqHex(t, "Handshake "+name, v, d.Values[i])
		}
		_, strictErr := DecodeHandshakeLog(hs.Topics(), unhexT(t, d.Data), Strict)
		if (name == "canonical") != (strictErr == nil) {
			t.Errorf("Handshake %s: strict %v", name, strictErr)
		}
	}
	for name, d := range e.HandshakeResponse {
		l, err := DecodeHandshakeResponseLog(hsr.Topics(), unhexT(t, d.Data), Deployed)
		if d.OK != (err == nil) {
			t.Errorf("HandshakeResponse %s: ethers ok=%v, deployed %v", name, d.OK, err)
			continue
		}
		if err == nil {
			eqHex(t, "HandshakeResponse "+name+" R", l.ResponderEphemeralR[:], d.Values[0])
			eqHex(t, "HandshakeResponse "+name+" ciphertext", l.Ciphertext, d.Values[1])
		}
	}
	// An address word with dirty high bytes: the client reads its last 20
	// bytes; Strict refuses it.
	dirty := hs.Topics()
	dirty[2] = unhexT(t, e.DirtySenderTopic)
	l, err := DecodeHandshakeLog(dirty, hs.Data(), Deployed)
	if err != nil || "0x"+hex.EncodeToString(l.Sender[:]) != e.DirtySenderRead {
		t.Errorf("dirty sender word: %v", err)
	}
	if _, err := DecodeHandshakeLog(dirty, hs.Data(), Strict); !isCat(err, "abi_encoding") {
		t.Errorf("dirty sender word, strict: %v", err)
	}
}

func TestCrosscheckIdentityKeys(t *testing.T) {
	c := loadFrames(t)
	check := func(name string, w ccIdentity, p Profile) {
		t.Helper()
		k, err := DeriveIdentityKeys(w.Address, unhexT(t, w.SeedSignature), p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if k.SeedMessage != w.SeedMessage {
			t.Errorf("%s: seed message %q", name, k.SeedMessage)
		}
		eqHex(t, name+" canonical signature", k.SeedSignature, w.CanonicalSignature)
		eqHex(t, name+" ikm", k.IKM[:], w.IKM)
		eqHex(t, name+" x25519 secret", k.X25519SecretKey[:], w.X25519SecretKey)
		eqHex(t, name+" x25519 public", k.X25519PublicKey[:], w.X25519PublicKey)
		eqHex(t, name+" ed25519 seed", k.Ed25519Seed[:], w.Ed25519Seed)
		eqHex(t, name+" ed25519 public", k.Ed25519PublicKey[:], w.Ed25519PublicKey)
		eqHex(t, name+" session key", k.SessionPrivateKey[:], w.SessionPrivateKey)
		eqHex(t, name+" session address", k.SessionAddress[:], w.SessionAddress)
	}
	for i, w := range c.Identity.Wallets {
		check("wallet", w, Strict)
		// The wallet's signature is what SignBindingMessage makes.
		secp := []string{"alice", "bob"}[i]
		sig, err := SignBindingMessage(dr(secp+"/secp256k1", 32), w.SeedMessage)
		if err != nil || !bytes.Equal(sig, unhexT(t, w.SeedSignature)) {
			t.Errorf("%s's seed signature: %x %v", secp, sig, err)
		}
	}
	for name, w := range c.Identity.HighS {
		check("s = "+name, w, Deployed)
		_, err := DeriveIdentityKeys(w.Address, unhexT(t, w.SeedSignature), Strict)
		tooHigh := name == "n" || name == "nPlus1" || name == "nPlus0x123" || name == "max"
		if tooHigh != (err != nil) {
			t.Errorf("s = %s, strict: %v", name, err)
		}
	}
	for _, w := range c.Identity.OtherLengths {
		check("a signature of another length", w, Strict)
	}
}
