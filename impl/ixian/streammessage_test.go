package ixian

import (
	"bytes"
	"crypto/sha3"
	"encoding/binary"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/testkeys"
)

func TestAddressRules(t *testing.T) {
	key := unitRSAPub(testkeys.IxianRequester)
	v1, err := NewAddress(key)
	if err != nil || len(v1.NoChecksum) != 45 || v1.NoChecksum[0] != 1 || !v1.FromKey {
		t.Fatalf("the address of a v1 key: %+v %v", v1, err)
	}
	withSum := v1.WithChecksum()
	fromSum, err := NewAddress(withSum)
	if err != nil || !fromSum.Equal(v1) || fromSum.FromKey {
		t.Errorf("the 48-byte address: %+v %v", fromSum, err)
	}
	same, err := NewAddress(v1.NoChecksum)
	if err != nil || !same.Equal(v1) {
		t.Errorf("the 45-byte address: %+v %v", same, err)
	}
	badSum := bytes.Clone(withSum)
	badSum[47] ^= 1
	v0 := append([]byte{0}, bytes.Repeat([]byte{7}, 32)...)
	v0Sum := Address{NoChecksum: v0}.WithChecksum()
	v0Key := append([]byte{0}, key[1:]...)
	for _, c := range []struct {
		name string
		in   []byte
		want category.Category
		out  []byte // nil: not checked
	}{
		{"empty", nil, category.EmptyField, nil},
		{"32 bytes", v0[:32], category.FieldLength, nil},
		{"33 bytes, version 0", v0, "", v0},
		{"34 bytes", append(bytes.Clone(v0), 0), category.FieldLength, nil},
		{"36 bytes, version 0, checksum", v0Sum, "", v0},
		{"36 bytes, version 0, bad checksum", append(bytes.Clone(v0), 1, 2, 3), category.AddressChecksum, nil},
		{"36 bytes, version 1: hashed as a key", append([]byte{1}, v0[1:]...)[:33], "", nil},
		{"45 bytes, version 2", append([]byte{2}, v1.NoChecksum[1:]...), "", append([]byte{2}, v1.NoChecksum[1:]...)},
		{"48 bytes, bad checksum", badSum, category.AddressChecksum, nil},
		{"48 bytes, version 3", append([]byte{3}, withSum[1:]...), category.Version, nil},
		{"1023 bytes", append([]byte{1}, make([]byte, 1022)...), "", nil},
		{"1024 bytes", append([]byte{1}, make([]byte, 1023)...), category.FieldLength, nil},
		{"a key of version 0", v0Key, "", nil},
	} {
		a, err := NewAddress(c.in)
		wantCat(t, "NewAddress("+c.name+")", err, c.want)
		if err == nil && c.out != nil && !bytes.Equal(a.NoChecksum, c.out) {
			t.Errorf("NewAddress(%s) = %x, want %x", c.name, a.NoChecksum, c.out)
		}
	}
	// A 45-byte value of version 0 is hashed as a key with the 5-byte
	// header skipped; the same bytes as version 1 are an address.
	b45 := append([]byte{0}, v1.NoChecksum[1:]...)
	if a, err := NewAddress(b45); err != nil || len(a.NoChecksum) != 33 || a.NoChecksum[0] != 0 {
		t.Errorf("45 bytes of version 0: %x %v", a.NoChecksum, err)
	}
}

func TestRSAPrivateKeyAsPublicKey(t *testing.T) {
	priv := testkeys.RSA(testkeys.IxianExposed)
	blob := RSAPrivateKeyBytes(priv, 1)
	if len(blob) != 616 {
		t.Fatalf("a 1024-bit private key is %d bytes, want 616", len(blob))
	}
	k, err := ParseRSAPublicKey(blob, Deployed)
	if err != nil || !k.Equal(&priv.PublicKey) {
		t.Errorf("deployed: %v", err)
	}
	_, err = ParseRSAPublicKey(blob, Strict)
	wantCat(t, "strict", err, category.InvalidKey)
	d := len(blob) - 4 - 128 // where D's length is
	for _, c := range []struct {
		name string
		b    []byte
		want category.Category
	}{
		{"bytes after D", append(bytes.Clone(blob), 1, 2, 3), ""},
		{"cut inside D", blob[:len(blob)-1], category.InvalidKey},
		{"D one byte short", append(binary.LittleEndian.AppendUint32(bytes.Clone(blob[:d]), 127), blob[d+5:]...), category.InvalidKey},
		{"only P", blob[:len(RSAPublicKeyBytes(&priv.PublicKey, 1))+4+64], category.InvalidKey},
		{"three bytes after the exponent", append(RSAPublicKeyBytes(&priv.PublicKey, 1), 0, 0, 0), category.InvalidKey},
	} {
		_, err := ParseRSAPublicKey(c.b, Deployed)
		wantCat(t, "deployed, "+c.name, err, c.want)
		_, err = ParseRSAPublicKey(c.b, Strict)
		wantCat(t, "strict, "+c.name, err, category.InvalidKey)
	}
	// The payload decoders read it the same way.
	p := (&RequestAdd2{MaxProtocolVersion: 1, PubKey: blob}).Encode()
	_, err = DecodeRequestAdd2(p, Deployed)
	wantCat(t, "requestAdd2, deployed", err, "")
	_, err = DecodeRequestAdd2(p, Strict)
	wantCat(t, "requestAdd2, strict", err, category.InvalidKey)
}

// testStreamMessage is a signed requestAdd2 frame from the requester to the
// acceptor.
func testStreamMessage(t *testing.T) (*StreamMessage, []byte) {
	t.Helper()
	from, _ := NewAddress(unitRSAPub(testkeys.IxianRequester))
	to, _ := NewAddress(unitRSAPub(testkeys.IxianAcceptor))
	payload := (&RequestAdd2{MaxProtocolVersion: 1, PubKey: unitRSAPub(testkeys.IxianRequester)}).Encode()
	m := &StreamMessage{
		Version: 1, ID: IDRequestAdd2, Type: int32(StreamInfo), EncryptionType: EncryptionNone,
		Sender: from.NoChecksum, Recipient: to.NoChecksum,
		Data:      (&SpixiMessage{Type: CodeRequestAdd2, Data: payload}).Encode(),
		Timestamp: unitT0, RequireRcvConfirmation: true,
	}
	if err := m.Sign(testkeys.RSA(testkeys.IxianRequester)); err != nil {
		t.Fatal(err)
	}
	return m, m.Encode()
}

func TestStreamMessageRoundTrip(t *testing.T) {
	m, frame := testStreamMessage(t)
	if len(frame) != 1+2+1+1+46+46+3+len(m.Data)+5+3+512+1 {
		t.Errorf("frame of %d bytes", len(frame))
	}
	for _, p := range []Profile{Strict, Deployed} {
		got, err := DecodeStreamMessage(frame, p)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if !bytes.Equal(got.Encode(), frame) || got.Checksum() != m.Checksum() {
			t.Errorf("%v: decoded and encoded again differs", p)
		}
		if _, err := VerifyStreamMessage(frame, unitRSAPub(testkeys.IxianRequester), p); err != nil {
			t.Errorf("%v: verify: %v", p, err)
		}
	}
	if !bytes.Equal(m.ChecksumData(), frame[:len(frame)-516]) {
		t.Error("the checksum does not cover the fields up to the timestamp")
	}
}

func TestStreamMessageRules(t *testing.T) {
	m, frame := testStreamMessage(t)
	key := unitRSAPub(testkeys.IxianRequester)
	reframe := func(edit func(m *StreamMessage)) []byte {
		c := *m
		edit(&c)
		return c.Encode()
	}
	// The fields as written, to make frames the writer cannot.
	head := func(fields ...[]byte) []byte { return bytes.Join(fields, nil) }
	ixb := func(b []byte) []byte { return AppendIxiBytes(nil, b) }
	tail := head(AppendVarInt(nil, m.Timestamp), ixb(m.Signature), []byte{1})
	mid := head(ixb(m.Sender), ixb(m.Recipient), ixb(m.Data))
	fromSum, _ := NewAddress(m.Sender)
	for _, c := range []struct {
		name             string
		frame            []byte
		strict, deployed category.Category
		verify           category.Category // under Deployed; "" means verified
	}{
		{"empty", nil, category.Truncated, category.Truncated, category.Truncated},
		{"a v0 frame", append([]byte{0}, frame[1:]...), category.Version, category.Version, category.Version},
		{"version 2", append([]byte{2}, frame[1:]...), category.Version, "", category.Signature},
		{"version 1 written fc 01 00", head([]byte{0xfc, 1, 0}, frame[1:]), category.NonMinimalVarint, "", ""},
		{"id length 0", head([]byte{1, 0, 1, 0}, mid, tail), category.EmptyField, category.EmptyField, category.EmptyField},
		{"id length 2^31: null to C#", head([]byte{1, 0xfd, 0, 0, 0, 0x80, 1, 0}, mid, tail), category.VarintOverflow, category.EmptyField, category.EmptyField},
		{"type 3", reframe(func(m *StreamMessage) { m.Type = 3 }), category.MessageType, "", category.Signature},
		{"sender with checksum", head(frame[:5], ixb(Address{NoChecksum: m.Sender}.WithChecksum()), frame[5+46:]), category.FieldLength, "", ""},
		{"sender as the key", head(frame[:5], ixb(key), frame[5+46:]), category.FieldLength, "", ""},
		{"sender with a bad checksum", head(frame[:5], ixb(append(bytes.Clone(fromSum.NoChecksum), 0, 0, 0)), frame[5+46:]), category.AddressChecksum, category.AddressChecksum, category.AddressChecksum},
		{"no sender", reframe(func(m *StreamMessage) { m.Sender = nil }), category.EmptyField, "", category.SenderAddress},
		{"another sender", reframe(func(m *StreamMessage) { m.Sender = m.Recipient }), "", "", category.SenderAddress},
		{"no data", reframe(func(m *StreamMessage) { m.Data = nil }), "", "", category.EmptyField},
		{"no flag byte", frame[:len(frame)-1], category.Truncated, category.Truncated, category.Truncated},
		{"flag byte 2", head(frame[:len(frame)-1], []byte{2}), "", "", ""},
		{"a byte after the flag", head(frame, []byte{0}), category.TrailingBytes, "", ""},
		{"signature cut short", frame[:len(frame)-2], category.Truncated, category.Truncated, category.Truncated},
		{"a flipped signature bit", head(frame[:len(frame)-2], []byte{frame[len(frame)-2] ^ 1, 1}), "", "", category.Signature},
		{"a flipped data bit", reframe(func(m *StreamMessage) { m.Data = bytes.Clone(m.Data); m.Data[5] ^= 1 }), "", "", category.Signature},
		{"timestamp 2^63 written fe: a negative C# long", head(frame[:len(frame)-521], []byte{0xfe, 0, 0, 0, 0, 0, 0, 0, 0x80}, frame[len(frame)-516:]), category.VarintOverflow, "", category.Signature},
		{"timestamp -1 written by the signed writer", reframe(func(m *StreamMessage) { m.Timestamp = -1 }), category.NegativeLength, category.NegativeLength, category.NegativeLength},
	} {
		_, err := DecodeStreamMessage(c.frame, Strict)
		wantCat(t, "strict: "+c.name, err, c.strict)
		_, err = DecodeStreamMessage(c.frame, Deployed)
		wantCat(t, "deployed: "+c.name, err, c.deployed)
		_, err = VerifyStreamMessage(c.frame, key, Deployed)
		wantCat(t, "verify: "+c.name, err, c.verify)
	}
	// A sender sent with its checksum is the same address to C#, and the
	// checksum is over the 45 bytes: the signature still verifies.
	d, _ := DecodeStreamMessage(head(frame[:5], ixb(Address{NoChecksum: m.Sender}.WithChecksum()), frame[5+46:]), Deployed)
	if !bytes.Equal(d.Sender, m.Sender) {
		t.Errorf("sender with checksum decoded as %x", d.Sender)
	}
	// A short data field gives the bytes that are there (Deployed).
	short := head(frame[:5+46+46], AppendVarInt(nil, 1000))
	if d, err := DecodeStreamMessage(append(short, 1, 2, 3), Deployed); err == nil {
		t.Errorf("a frame that ends inside data decoded: %+v", d)
	}
	// Another key than the sender's: its address differs.
	_, err := VerifyStreamMessage(frame, unitRSAPub(testkeys.IxianAcceptor), Deployed)
	wantCat(t, "verify with the acceptor's key", err, category.SenderAddress)
	_, err = VerifyStreamMessage(frame, nil, Deployed)
	wantCat(t, "verify with no key", err, category.EmptyField)
}

func TestStreamMessageDecodeNeverAllocatesFromLengths(t *testing.T) {
	frame := []byte{1, 0xfd, 0xff, 0xff, 0xff, 0x7f}
	allocs := testing.AllocsPerRun(10, func() { DecodeStreamMessage(frame, Deployed) })
	if allocs > 4 {
		t.Errorf("%v allocations for a frame claiming a 2 GB id", allocs)
	}
}

func TestSpixiMessageArrayMaxLength(t *testing.T) {
	for _, c := range []struct {
		l     uint32
		short bool
	}{{DotNetArrayMaxLength, true}, {DotNetArrayMaxLength + 1, false}} {
		frame := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, uint32(CodeRequestAdd2)), c.l)
		frame = append(frame, 1, 2, 3)
		m, err := DecodeSpixiMessageLikeIxianCore(frame)
		if c.short != (err == nil) || c.short && !bytes.Equal(m.Data, []byte{1, 2, 3}) || !c.short && (m.Type != 0 || m.Data != nil) {
			t.Errorf("data length %#x: %+v %v", c.l, m, err)
		}
	}
}

func TestRestorePersisted(t *testing.T) {
	c := unitCases[0]
	u := runUnit(t, 0, Strict)
	scalar := unitScalar(c.name, "acceptor/ecdh-scalar")
	seed := unitBytes(c.name, "acceptor/mlkem-seed", 64)
	dk, err := MLKEMExpandedKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []Profile{Strict, Deployed} {
		r, err := Kept{ECDHPrivateKey: ECDHScalarUnsigned(scalar), MLKEMPrivateKey: dk, AESSalt: u.acceptor.AESSalt}.Keys2(u.requester.Keys2, p)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if !bytes.Equal(r.AESKey, u.final.AESKey) || !bytes.Equal(r.ChachaKey, u.final.ChachaKey) {
			t.Errorf("%v: the restored acceptor derives other keys", p)
		}
	}
	// A corrupted H(ek): Strict refuses the key (FIPS 203's check);
	// Deployed, as BouncyCastle 2.6.2, decapsulates to the implicit
	// rejection secret SHAKE-256(z || c).
	bad := bytes.Clone(dk)
	bad[dkHOffset] ^= 1
	_, err = Kept{ECDHPrivateKey: scalar, MLKEMPrivateKey: bad, AESSalt: u.acceptor.AESSalt}.Restore(Strict)
	wantCat(t, "strict, bad H(ek)", err, category.InvalidKey)
	r, err := Kept{ECDHPrivateKey: scalar, MLKEMPrivateKey: bad, AESSalt: u.acceptor.AESSalt}.Keys2(u.requester.Keys2, Deployed)
	if err != nil {
		t.Fatal(err)
	}
	j := shake32(dk[dkZOffset:], u.requester.MLKEMCiphertext)
	if !bytes.Equal(r.MLKEMSecret, j) {
		t.Errorf("deployed, bad H(ek): %x, want the implicit rejection %x", r.MLKEMSecret, j)
	}
	for _, k := range []struct {
		name string
		kept Kept
	}{
		{"67-byte scalar", Kept{ECDHPrivateKey: append([]byte{0}, scalar...), MLKEMSeed: seed}},
		{"scalar 0", Kept{ECDHPrivateKey: []byte{0}, MLKEMSeed: seed}},
		{"empty scalar", Kept{MLKEMSeed: seed}},
		{"3167-byte key", Kept{ECDHPrivateKey: scalar, MLKEMPrivateKey: dk[1:]}},
		{"both keys", Kept{ECDHPrivateKey: scalar, MLKEMSeed: seed, MLKEMPrivateKey: dk}},
		{"no key", Kept{ECDHPrivateKey: scalar}},
	} {
		k.kept.AESSalt = make([]byte, 32)
		_, err := k.kept.Restore(Deployed)
		wantCat(t, k.name, err, category.InvalidKey)
	}
}

func shake32(parts ...[]byte) []byte {
	h := sha3.NewSHAKE256()
	for _, p := range parts {
		h.Write(p)
	}
	out := make([]byte, 32)
	h.Read(out)
	return out
}
