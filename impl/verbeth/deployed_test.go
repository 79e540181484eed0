package verbeth

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// What @verbeth/sdk 0.2.1 does beyond the 32-byte keys (observed with the
// SDK built from source; spec/verbeth.md §7.2, §7.7).

func TestUnifiedPubKeysAnyLength(t *testing.T) {
	x, ed := bytes.Repeat([]byte{1}, 31), bytes.Repeat([]byte{2}, 33)
	got, err := EncodeUnifiedPubKeys(x, ed, Deployed)
	if err != nil || !bytes.Equal(got, append(append([]byte{1}, x...), ed...)) {
		t.Errorf("deployed: %x %v", got, err)
	}
	if _, err := EncodeUnifiedPubKeys(x, ed, Strict); !isCat(err, "field_length") {
		t.Errorf("strict: %v", err)
	}
	in := InitiateParams{EphemeralSecret: make([]byte, 32), MLKEMSeed: make([]byte, 64), IdentityX25519: nil, IdentityEd25519: ed, Profile: Deployed}
	h, err := Initiate(in)
	if err != nil || !bytes.Equal(h.PubKeys, append([]byte{1}, ed...)) {
		t.Errorf("initiate, deployed: %v", err)
	}
	in.Profile = Strict
	if _, err := Initiate(in); !isCat(err, "field_length") {
		t.Errorf("initiate, strict: %v", err)
	}
}

// The topic0 of both events as VerbethV1's ABI publishes them.
func TestEventTopics(t *testing.T) {
	for _, c := range []struct {
		got  [32]byte
		want string
	}{
		{HandshakeTopic, "4bc6509da7c1b61204b09f5a690dba4aacbb82681f0cbf3ca95d10fe500e65d5"},
		{HandshakeResponseTopic, "89a4dd66a85f66c223c37626309bbd3157529ddc06391a1f87e0165bb293de46"},
		{Keccak256([]byte("MessageSent(address,bytes,uint256,bytes32,uint256)")), "128b72685968e70948fecc27395ce58e6018bf4dcecb7c7d4f0a6a285d7d45f6"},
	} {
		if hex.EncodeToString(c.got[:]) != c.want {
			t.Errorf("topic0 %x, want %s", c.got, c.want)
		}
	}
}

func TestEventLogRules(t *testing.T) {
	l := &HandshakeLog{RecipientHash: [32]byte{1}, Sender: [20]byte{2}, PubKeys: dr("log/pub", 65), EphemeralPubKey: dr("log/eph", 1216), PlaintextPayload: []byte("{}")}
	topics, data := l.Topics(), l.Data()
	for _, p := range []Profile{Strict, Deployed} {
		got, err := DecodeHandshakeLog(topics, data, p)
		if err != nil || !bytes.Equal(got.PubKeys, l.PubKeys) || got.Sender != l.Sender || !bytes.Equal(got.PlaintextPayload, l.PlaintextPayload) {
			t.Errorf("%v: round trip: %v", p, err)
		}
	}
	wrong := HandshakeResponseTopic
	four := append(bytes.Clone(topicsFlat(topics)), make([]byte, 32)...)
	for _, c := range []struct {
		name             string
		topics           [][]byte
		strict, deployed string
	}{
		{"two topics", topics[:2], "field_length", "field_length"},
		{"four topics", split32(four), "field_length", ""},
		{"a 31-byte topic", [][]byte{topics[0], topics[1][:31], topics[2]}, "field_length", "field_length"},
		{"the HandshakeResponse topic0", [][]byte{wrong[:], topics[1], topics[2]}, "message_type", "message_type"},
	} {
		_, err := DecodeHandshakeLog(c.topics, data, Strict)
		if !isCat(err, c.strict) {
			t.Errorf("strict, %s: %v", c.name, err)
		}
		_, err = DecodeHandshakeLog(c.topics, data, Deployed)
		if c.deployed == "" && err != nil || c.deployed != "" && !isCat(err, c.deployed) {
			t.Errorf("deployed, %s: %v", c.name, err)
		}
	}
	// A length near 2^53 is refused without allocating it.
	big := bytes.Clone(data)
	copy(big[96+24:128], []byte{0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	if a := testing.AllocsPerRun(10, func() { DecodeHandshakeLog(topics, big, Deployed) }); a > 10 {
		t.Errorf("%v allocations", a)
	}
}

func topicsFlat(ts [][]byte) []byte { return bytes.Join(ts, nil) }

func split32(b []byte) [][]byte {
	var out [][]byte
	for len(b) >= 32 {
		out = append(out, b[:32])
		b = b[32:]
	}
	return out
}
