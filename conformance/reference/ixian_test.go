package reference

import (
	"encoding/hex"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

// harness reports whether err is a harness error: an error without a
// category, which the adapter sends as an error reply, never as a verdict.
func harness(err error) bool { return err != nil && category.Of(err) == "" }

// Missing or ill-typed inputs are the caller's fault: every Ixian operation
// reports them as errors without a category.
func TestIxianHarnessErrors(t *testing.T) {
	for _, fam := range vectors.Families() {
		if fam.Protocol() != "ixian" {
			continue
		}
		for _, p := range vectors.Profiles {
			if _, err := Run(fam, p, vectors.Values{}); !harness(err) {
				t.Errorf("%s %s, no inputs: %v (category %q)", fam, p, err, category.Of(err))
			}
			numbers, strs := vectors.Values{}, vectors.Values{}
			for _, f := range fam.Inputs {
				numbers[f.Name] = json.RawMessage(`12`)
				strs[f.Name] = json.RawMessage(`"zz"`) // not hex, not a decimal, not an object
			}
			if _, err := Run(fam, p, numbers); !harness(err) {
				t.Errorf("%s %s, numbers everywhere: %v (category %q)", fam, p, err, category.Of(err))
			}
			if _, err := Run(fam, p, strs); !harness(err) {
				t.Errorf("%s %s, \"zz\" everywhere: %v (category %q)", fam, p, err, category.Of(err))
			}
		}
	}
}

// Values no Ixian writer can be handed, and keys that are not keys, are
// malformed requests too.
func TestIxianMalformedRequests(t *testing.T) {
	// A P-256 private key in PKCS#8, written once by
	// x509.MarshalPKCS8PrivateKey (crypto/x509 is not linked here).
	ecDER, _ := hex.DecodeString("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420ca4538460d23fb07c6ef954c1731749b1bc80ac5232f9ca1d2e53f1ab0093fb5a1440342000469257de3d0e122bc9170842f30635c2ee10a91785a54ff2935b820d6f81aa097d75a1c048b369d42c2b31ccce936e62e01f92e79d69167d9af4f7fb51f06f9f1")
	rsaPub := ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianRequester).PublicKey, 1)
	state := json.RawMessage(`{"known":true,"handshakeStatus":1}`)
	for _, c := range []struct {
		name string
		op   *vectors.Family
		in   vectors.Values
	}{
		{"capabilities above a C# int", vectors.IxianKeys2Encode, vectors.Values{}.SetBytes("ecdhPubKey", nil).SetBytes("mlkemCiphertext", nil).SetBytes("chachaSalt", nil).Set("capabilities", int64(1)<<31)},
		{"a type below a C# int", vectors.IxianSpixiMessageEncode, vectors.Values{}.Set("type", -(int64(1)<<31)-1).SetBytes("data", nil).Set("channel", 0).SetBytes("groupAddress", nil).SetBytes("groupSenderAddress", nil)},
		{"a version above a C# int", vectors.IxianRequestAdd2Encode, vectors.Values{}.Set("maxProtocolVersion", int64(1)<<32).SetBytes("pubKey", rsaPub)},
		{"a timestamp beyond int64", vectors.IxianStreamMessageAdditionalData, vectors.Values{}.SetBytes("id", []byte{1}).Set("type", 1).SetDecimal("timestamp", new(big.Int).Lsh(big.NewInt(1), 63))},
		{"a decimal with a fraction", vectors.IxianIxiVarUIntEncode, vectors.Values{}.Set("value", "1.5")},
		{"an RSA private key that is not DER", vectors.IxianRSA2Decrypt, vectors.Values{}.SetBytes("rsaPrivateKey", []byte{0x30, 0x03, 1, 2, 3}).SetBytes("aad", nil).SetBytes("envelope", []byte{0})},
		{"an ECDSA private key", vectors.IxianRSA2Decrypt, vectors.Values{}.SetBytes("rsaPrivateKey", ecDER).SetBytes("aad", nil).SetBytes("envelope", []byte{0})},
		{"an unknown role", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"bystander"`), "state": state, "event": json.RawMessage(`{"kind":"keys2Sent"}`)}},
		{"an unknown event kind", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": state, "event": json.RawMessage(`{"kind":"hello"}`)}},
		{"an unknown event kind in before", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": state, "event": json.RawMessage(`{"kind":"keys2Sent"}`), "before": json.RawMessage(`[{"kind":"hello"}]`)}},
		{"a misspelt state member", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": json.RawMessage(`{"known":true,"handshakestatus":1}`), "event": json.RawMessage(`{"kind":"keys2Sent"}`)}},
		{"a misspelt event member", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": state, "event": json.RawMessage(`{"kind":"msgReceived","msgID":"00"}`)}},
		{"an event msgId that is not hex", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": state, "event": json.RawMessage(`{"kind":"msgReceived","msgId":"0g"}`)}},
		{"before that is not a list", vectors.IxianHandshakeStatus, vectors.Values{"role": json.RawMessage(`"acceptor"`), "state": state, "event": json.RawMessage(`{"kind":"keys2Sent"}`), "before": json.RawMessage(`{"kind":"keys2Sent"}`)}},
	} {
		for _, p := range vectors.Profiles {
			if _, err := Run(c.op, p, c.in); !harness(err) {
				t.Errorf("%s (%s, %s): %v (category %q), want a harness error", c.name, c.op, p, err, category.Of(err))
			}
		}
	}
}

// The handshakeStatus operation applies before whatever its verdicts, and
// reports only event's: a refused event still moves the timestamp.
func TestIxianHandshakeStatusBefore(t *testing.T) {
	in := vectors.Values{
		"role":   json.RawMessage(`"requester"`),
		"state":  json.RawMessage(`{"known":true,"handshakeStatus":1,"protocolVersion":1,"lastReceivedHandshakeMessageTimestamp":10,"approved":true}`),
		"before": json.RawMessage(`[{"kind":"acceptAdd2Received","version":0,"timestamp":20}]`),
		"event":  json.RawMessage(`{"kind":"keys2Sent"}`),
	}
	out, err := Run(vectors.IxianHandshakeStatus, vectors.Strict, in)
	if err != nil {
		t.Fatal(err)
	}
	var s ixian.FriendState
	if err := json.Unmarshal(out["state"], &s); err != nil || s.LastReceivedHandshakeMessageTimestamp != 20 || s.HandshakeStatus != 1 {
		t.Errorf("state after a refused downgrade: %s (%v), want the timestamp 20 and status 1", out["state"], err)
	}
	if strings.Contains(string(out["state"]), "addRequestsDisabled") {
		t.Errorf("state %s: addRequestsDisabled is written only when true", out["state"])
	}
	in["event"] = json.RawMessage(`{"kind":"acceptAdd2Received","version":1,"timestamp":20}`)
	if _, err := Run(vectors.IxianHandshakeStatus, vectors.Deployed, in); category.Of(err) != category.Replay {
		t.Errorf("acceptAdd2 with the burned timestamp: %v, want replay", err)
	}
}

// In the deployed profile, SpixiMessage/decode is Ixian-Core's constructor:
// it never rejects, it yields type 0 without data on an error, and it
// agrees with the strict profile wherever that accepts.
func TestIxianSpixiMessageDeployedNeverRejects(t *testing.T) {
	valid := (&ixian.SpixiMessage{Type: 41, Data: []byte("payload"), Channel: 3, GroupAddress: []byte{1, 2}}).Encode()
	for i := range 500 {
		frame := detrand.Bytes("reference/ixian/spixi-frame/"+string(rune('a'+i%26))+string(rune('a'+i/26)), i%40)
		if i%3 == 0 { // a valid frame with a few bytes changed or cut
			frame = append([]byte(nil), valid[:min(len(valid), i%len(valid)+4)]...)
			if i%2 == 0 && len(frame) > 5 {
				frame[i%len(frame)] ^= byte(i)
			}
		}
		in := vectors.Values{}.SetBytes("frame", frame)
		dep, err := Run(vectors.IxianSpixiMessageDecode, vectors.Deployed, in)
		if err != nil {
			t.Fatalf("deployed rejected %x: %v", frame, err)
		}
		strict, err := Run(vectors.IxianSpixiMessageDecode, vectors.Strict, in)
		if err != nil {
			if category.Of(err) == "" {
				t.Fatalf("strict: %x: not a verdict: %v", frame, err)
			}
			continue
		}
		if d := vectors.IxianSpixiMessageDecode.Compare(strict, dep); len(d) > 0 {
			t.Errorf("%x: the profiles disagree: %v", frame, d)
		}
	}
	out, _ := Run(vectors.IxianSpixiMessageDecode, vectors.Deployed, vectors.Values{}.SetBytes("frame", []byte{0x29, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 2}))
	if string(out["type"]) != "0" || string(out["data"]) != `""` {
		t.Errorf("negative length: %v, want type 0 and no data", out)
	}
}

// The operations are pure and safe for concurrent use: the runner calls
// them in parallel, and rsa2/decrypt shares its cache of parsed keys.
func TestIxianConcurrent(t *testing.T) {
	der := testkeys.PKCS8(testkeys.IxianAcceptor)
	pub := ixian.RSAPublicKeyBytes(&testkeys.RSA(testkeys.IxianAcceptor).PublicKey, 1)
	aad := ixian.StreamMessageAAD(ixian.IDKeys2, ixian.StreamInfo, 1)
	sealed, err := ixian.RSA2Encrypt([]byte("keys2 frame"), pub, make([]byte, 32), make([]byte, 32), make([]byte, 20), make([]byte, 64), aad, ixian.Strict)
	if err != nil {
		t.Fatal(err)
	}
	in := vectors.Values{}.SetBytes("rsaPrivateKey", der).SetBytes("aad", aad).SetBytes("envelope", sealed.Envelope)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range vectors.Profiles[i%2:][:1] {
				out, err := Run(vectors.IxianRSA2Decrypt, p, in)
				if err != nil {
					t.Error(err)
					return
				}
				if b, _ := out.Bytes("plaintext"); string(b) != "keys2 frame" {
					t.Errorf("plaintext %q", b)
				}
			}
		}()
	}
	wg.Wait()
}
