package ixian

import (
	"bytes"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	cc "github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// The frames of testdata/crosscheck.json, recomputed by crosscheck/ixian.mjs
// with @noble/hashes and OpenSSL's RSA signatures.

func TestCrosscheckAddresses(t *testing.T) {
	f := loadCrosscheck(t).Frames
	addr := func(key []byte) []byte {
		a, err := NewAddress(key)
		if err != nil {
			t.Fatal(err)
		}
		return a.NoChecksum
	}
	r := unitRSAPub(testkeys.IxianRequester)
	a := unitRSAPub(testkeys.IxianAcceptor)
	eqHex(t, "requester address", addr(r), f.Addresses.Requester)
	eqHex(t, "requester address with checksum", Address{NoChecksum: addr(r)}.WithChecksum(), f.Addresses.RequesterWithChecksum)
	eqHex(t, "acceptor address", addr(a), f.Addresses.Acceptor)
	eqHex(t, "acceptor key as v2", addr(append([]byte{2}, a[1:]...)), f.Addresses.AcceptorKeyAsV2)
	eqHex(t, "acceptor key as v0", addr(append([]byte{0}, a[1:]...)), f.Addresses.AcceptorKeyAsV0)
	exposed := RSAPrivateKeyBytes(testkeys.RSA(testkeys.IxianExposed), 1)
	eqHex(t, "exposed key bytes", exposed, f.ExposedKeyBytes)
	eqHex(t, "exposed key address", addr(exposed), f.Addresses.Exposed)
}

func TestCrosscheckStreamMessages(t *testing.T) {
	f := loadCrosscheck(t).Frames
	for _, c := range []struct {
		name   string
		m      cc.StreamMessage
		signer string
		key    []byte
	}{
		{"requestAdd2", f.RequestAdd2, testkeys.IxianRequester, unitRSAPub(testkeys.IxianRequester)},
		{"acceptAdd2", f.AcceptAdd2, testkeys.IxianAcceptor, unitRSAPub(testkeys.IxianAcceptor)},
		{"keys2", f.Keys2, testkeys.IxianRequester, unitRSAPub(testkeys.IxianRequester)},
		{"exposed requestAdd2", f.ExposedRequestAdd2, testkeys.IxianExposed, unhex(t, f.ExposedKeyBytes)},
	} {
		m := &StreamMessage{
			Version: 1, ID: unhex(t, c.m.ID), Type: c.m.Type, EncryptionType: c.m.EncryptionType,
			Sender: unhex(t, c.m.Sender), Recipient: unhex(t, c.m.Recipient), Data: unhex(t, c.m.Data),
			Timestamp: c.m.Timestamp, RequireRcvConfirmation: true,
		}
		if err := m.Sign(testkeys.RSA(c.signer)); err != nil {
			t.Fatal(err)
		}
		eqHex(t, c.name+" checksum data", m.ChecksumData(), c.m.ChecksumData)
		sum := m.Checksum()
		eqHex(t, c.name+" checksum", sum[:], c.m.Checksum)
		eqHex(t, c.name+" signature", m.Signature, c.m.Signature)
		eqHex(t, c.name+" frame", m.Encode(), c.m.Frame)
		want := Strict
		if c.name == "exposed requestAdd2" {
			want = Deployed // the key field carries the private parts
		}
		if _, err := VerifyStreamMessage(unhex(t, c.m.Frame), c.key, want); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if want == Deployed {
			if _, err := VerifyStreamMessage(unhex(t, c.m.Frame), c.key, Strict); err == nil {
				t.Errorf("%s: strict verified with a private key as the key", c.name)
			}
		}
	}
}

func TestCrosscheckExpandedKey(t *testing.T) {
	c := loadCrosscheck(t)
	hs := c.Cases[0]
	dk, err := MLKEMExpandedKey(unhex(t, hs.Inputs["acceptorMlkemSeed"]))
	if err != nil {
		t.Fatal(err)
	}
	eqHex(t, "expanded key", dk, c.Frames.ExpandedKey.DK)
	ct := unhex(t, hs.MLKEMCiphertext)
	ss, _ := decapsulateExpanded(dk, ct)
	eqHex(t, "decapsulation with the expanded key", ss, hs.MLKEMSecret)
	bad := bytes.Clone(dk)
	bad[dkHOffset] ^= 1
	ss, _ = decapsulateExpanded(bad, ct)
	eqHex(t, "decapsulation with a corrupted H(ek)", ss, c.Frames.ExpandedKey.BadHashSecret)
}

// A shared X of 0: the peer key is the crosscheck's; Deployed derives the
// keys from the ML-KEM secret alone, Strict refuses the point.
func TestCrosscheckZeroX(t *testing.T) {
	z := loadCrosscheck(t).Frames.ZeroX
	scalar := unhex(t, z.RequesterScalar)
	q, err := ZeroXPeerKey(scalar)
	if err != nil {
		t.Fatal(err)
	}
	eqHex(t, "peer key", q, z.AcceptorECDHPubKey)
	if _, err := ECDH(scalar, q, Strict); category.Of(err) != category.InvalidPoint {
		t.Errorf("strict ECDH with X = 0: %v, want invalid_point", err)
	}
	ss, err := ECDH(scalar, q, Deployed)
	if err != nil || len(ss) != 0 {
		t.Fatalf("deployed ECDH with X = 0: %x, %v; want the empty secret", ss, err)
	}
	k, err := DeriveKeys(ss, unhex(t, z.MLKEMSecret), unhex(t, z.AESSalt), unhex(t, z.ChachaSalt), Deployed)
	if err != nil {
		t.Fatal(err)
	}
	eqHex(t, "aesKey", k.AESKey, z.AESKey)
	eqHex(t, "chachaKey", k.ChachaKey, z.ChachaKey)
}
