package ixian

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// fields of a payload, each already encoded, so a test can swap one for a
// malformed encoding.
type rawFields [][]byte

func (f rawFields) join() []byte { return bytes.Join(f, nil) }

func ixb(b []byte) []byte { return AppendIxiBytes(nil, b) }

// ixbNonMinimal encodes b with a 3-byte length prefix.
func ixbNonMinimal(b []byte) []byte {
	return append(binary.LittleEndian.AppendUint16([]byte{0xFC}, uint16(len(b))), b...)
}

// unitAcceptAdd2 returns the acceptAdd2 fields of unit case hs66.
func unitAcceptAdd2(t testing.TB) (*AcceptAdd2, rawFields) {
	t.Helper()
	u := runUnit(t, 0, Strict)
	m := u.acceptor.Message
	return &m, rawFields{{1}, ixb(m.RSAPubKey), ixb(m.ECDHPubKey), ixb(m.MLKEMPubKey), ixb(m.AESSalt), {0x3F}}
}

func with(f rawFields, i int, b []byte) rawFields {
	g := append(rawFields{}, f...)
	g[i] = b
	return g
}

func uncompressed(t testing.TB, compressed []byte, prefix byte) []byte {
	t.Helper()
	pub, err := parseECDHPubKey("test", compressed, Strict)
	if err != nil {
		t.Fatal(err)
	}
	b := bytes.Clone(pub.Bytes())
	b[0] = prefix
	return b
}

func rsaVariant(t testing.TB, edit func(b []byte) []byte) []byte {
	t.Helper()
	return edit(bytes.Clone(unitRSAPub(testkeys.IxianAcceptor)))
}

type payloadCase struct {
	name             string
	in               []byte
	strict, deployed category.Category
	check            func(t *testing.T, m any) // on the Deployed result
}

// runPayloadCases decodes each case in both profiles, checks the
// categories, checks that anything Strict accepts Deployed accepts with the
// same result, and that Strict-valid inputs re-encode to themselves.
func runPayloadCases(t *testing.T, cases []payloadCase, decode func([]byte, Profile) (any, error), encode func(any) []byte) {
	t.Helper()
	for _, c := range cases {
		ms, errS := decode(c.in, Strict)
		md, errD := decode(c.in, Deployed)
		wantCat(t, c.name+" (strict)", errS, c.strict)
		wantCat(t, c.name+" (deployed)", errD, c.deployed)
		if errS == nil {
			if !reflect.DeepEqual(ms, md) {
				t.Errorf("%s: strict and deployed disagree:\n %+v\n %+v", c.name, ms, md)
			}
			if got := encode(ms); !bytes.Equal(got, c.in) {
				t.Errorf("%s: Encode(Decode(x)) != x", c.name)
			}
		}
		if errD == nil && c.check != nil {
			c.check(t, md)
		}
	}
}

func TestAcceptAdd2Rules(t *testing.T) {
	_, f := unitAcceptAdd2(t)
	const (
		vr, rsaI, ecI, mlI, saltI, capI = 0, 1, 2, 3, 4, 5
	)
	ec := f[ecI][1:]
	version := func(want int) func(*testing.T, any) {
		return func(t *testing.T, m any) {
			if v := m.(*AcceptAdd2).Version; v != want {
				t.Errorf("version = %d, want %d", v, want)
			}
		}
	}
	caps := func(want StreamCapabilities, present bool) func(*testing.T, any) {
		return func(t *testing.T, m any) {
			a := m.(*AcceptAdd2)
			if a.Capabilities != want || a.CapabilitiesPresent != present {
				t.Errorf("capabilities = %d (%v), want %d (%v)", a.Capabilities, a.CapabilitiesPresent, want, present)
			}
		}
	}
	S, D := category.Category(""), category.Category("")
	cases := []payloadCase{
		{"valid", f.join(), S, D, caps(63, true)},
		{"empty payload", nil, category.Truncated, category.Truncated, nil},
		{"version 0", with(f, vr, []byte{0}).join(), category.Version, D, version(0)},
		{"version 2", with(f, vr, []byte{2}).join(), category.Version, D, version(2)},
		{"version non-minimal", with(f, vr, h("fc0100")).join(), category.NonMinimalVarint, D, version(1)},
		{"version 248 (multi-byte)", with(f, vr, h("fcf800")).join(), category.Version, D, version(248)},
		{"version 2^64-1 (C# int cast)", with(f, vr, h("feffffffffffffffff")).join(), category.Version, D, version(-1)},
		{"version negative prefix", with(f, vr, h("f80100")).join(), category.NegativeLength, category.NegativeLength, nil},
		{"version reserved prefix", with(f, vr, h("ff")).join(), category.InvalidVarint, category.InvalidVarint, nil},
		{"rsaPubKey empty", with(f, rsaI, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"rsaPubKey 48 bytes", with(f, rsaI, ixb(make([]byte, 48))).join(), category.FieldLength, category.FieldLength, nil},
		{"rsaPubKey address version 3", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { b[0] = 3; return b }))).join(), category.InvalidKey, category.InvalidKey, nil},
		{"rsaPubKey key version 1", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { b[1] = 1; return b }))).join(), category.InvalidKey, D, nil},
		{"rsaPubKey legacy 523 bytes", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { return b[5:] }))).join(), category.InvalidKey, D, nil},
		{"rsaPubKey trailing byte", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { return append(b, 0) }))).join(), category.InvalidKey, category.InvalidKey, nil},
		{"rsaPubKey modulus length past the end", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { b[6] = 3; return b }))).join(), category.InvalidKey, category.InvalidKey, nil},
		{"rsaPubKey exponent length 0", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte { return append(b[:len(b)-7], 0, 0, 0, 0) }))).join(), category.InvalidKey, category.InvalidKey, nil},
		{"rsaPubKey modulus with a leading zero", with(f, rsaI, ixb(rsaVariant(t, func(b []byte) []byte {
			out := append(bytes.Clone(b[:5]), 1, 2, 0, 0, 0)
			return append(out, b[9:]...)
		}))).join(), category.InvalidKey, D, nil},
		{"ecdhPubKey empty", with(f, ecI, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"ecdhPubKey 66 bytes", with(f, ecI, ixb(ec[:66])).join(), category.FieldLength, category.FieldLength, nil},
		{"ecdhPubKey 68 bytes", with(f, ecI, ixb(append(bytes.Clone(ec), 0))).join(), category.FieldLength, category.FieldLength, nil},
		{"ecdhPubKey prefix 04 on 67 bytes", with(f, ecI, ixb(append([]byte{4}, ec[1:]...))).join(), category.InvalidPoint, category.InvalidPoint, nil},
		{"ecdhPubKey uncompressed", with(f, ecI, ixb(uncompressed(t, ec, 4))).join(), category.FieldLength, D, nil},
		{"ecdhPubKey hybrid 06", with(f, ecI, ixb(uncompressed(t, ec, 6))).join(), category.FieldLength, D, nil},
		{"ecdhPubKey hybrid 07", with(f, ecI, ixb(uncompressed(t, ec, 7))).join(), category.FieldLength, D, nil},
		{"ecdhPubKey prefix 02 on 133 bytes", with(f, ecI, ixb(uncompressed(t, ec, 2))).join(), category.FieldLength, category.InvalidPoint, nil},
		{"ecdhPubKey infinity 00", with(f, ecI, ixb([]byte{0})).join(), category.InvalidPoint, category.InvalidPoint, nil},
		{"ecdhPubKey non-minimal length", with(f, ecI, ixbNonMinimal(ec)).join(), category.NonMinimalVarint, D, nil},
		{"mlkemPubKey empty", with(f, mlI, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"mlkemPubKey 1567 bytes", with(f, mlI, ixb(f[mlI][3:1570])).join(), category.FieldLength, category.FieldLength, nil},
		{"mlkemPubKey 1569 bytes", with(f, mlI, ixb(append(bytes.Clone(f[mlI][3:]), 0))).join(), category.FieldLength, category.FieldLength, nil},
		{"aesSalt 31 bytes", with(f, saltI, ixb(make([]byte, 31))).join(), category.SaltLength, D, nil},
		{"aesSalt 33 bytes", with(f, saltI, ixb(make([]byte, 33))).join(), category.SaltLength, D, nil},
		{"aesSalt empty", with(f, saltI, []byte{0}).join(), category.SaltLength, D, func(t *testing.T, m any) {
			if m.(*AcceptAdd2).AESSalt != nil {
				t.Error("an empty salt is not nil")
			}
		}},
		{"aesSalt non-minimal length", with(f, saltI, ixbNonMinimal(f[saltI][1:])).join(), category.NonMinimalVarint, D, nil},
		{"capabilities absent", f[:capI].join(), category.MissingField, D, caps(DefaultCapabilities, false)},
		{"capabilities non-minimal", with(f, capI, h("fc3f00")).join(), category.NonMinimalVarint, D, caps(63, true)},
		{"capabilities 0", with(f, capI, []byte{0}).join(), S, D, caps(0, true)},
		{"capabilities unknown bits", with(f, capI, h("fc0001")).join(), S, D, caps(256, true)},
		{"capabilities 2^31-1", with(f, capI, h("fdffffff7f")).join(), S, D, caps(math.MaxInt32, true)},
		{"capabilities 2^31 (C# int cast)", with(f, capI, h("fd00000080")).join(), category.VarintOverflow, D, caps(math.MinInt32, true)},
		{"capabilities 2^32+5 (C# int cast)", with(f, capI, h("fe0500000001000000")).join(), category.VarintOverflow, D, caps(5, true)},
		{"capabilities negative prefix", with(f, capI, h("f80100")).join(), category.NegativeLength, category.NegativeLength, nil},
		{"capabilities reserved prefix", with(f, capI, h("ff")).join(), category.InvalidVarint, category.InvalidVarint, nil},
		{"capabilities truncated", with(f, capI, h("fc01")).join(), category.Truncated, category.Truncated, nil},
		{"trailing byte", append(f.join(), 0), category.TrailingBytes, D, caps(63, true)},
		{"trailing varint", append(f.join(), 0x3F, 0x3F), category.TrailingBytes, D, caps(63, true)},
	}
	runPayloadCases(t, cases,
		func(b []byte, p Profile) (any, error) { return DecodeAcceptAdd2(b, p) },
		func(m any) []byte { return m.(*AcceptAdd2).Encode() })

	// Every cut before the capabilities field is truncated; the cut at it
	// is the absent field.
	full := f.join()
	for k := 0; k < len(full); k++ {
		want, wantD := category.Truncated, category.Truncated
		if k == len(full)-1 {
			want, wantD = category.MissingField, ""
		}
		_, err := DecodeAcceptAdd2(full[:k], Strict)
		wantCat(t, "acceptAdd2 cut (strict)", err, want)
		_, err = DecodeAcceptAdd2(full[:k], Deployed)
		wantCat(t, "acceptAdd2 cut (deployed)", err, wantD)
	}
}

func TestKeys2Rules(t *testing.T) {
	u := runUnit(t, 0, Strict)
	m := u.requester.Message
	f := rawFields{ixb(m.ECDHPubKey), ixb(m.MLKEMCiphertext), ixb(m.ChachaSalt), {17}}
	S, D := category.Category(""), category.Category("")
	caps := func(want StreamCapabilities, present bool) func(*testing.T, any) {
		return func(t *testing.T, m any) {
			k := m.(*Keys2)
			if k.Capabilities != want || k.CapabilitiesPresent != present {
				t.Errorf("capabilities = %d (%v), want %d (%v)", k.Capabilities, k.CapabilitiesPresent, want, present)
			}
		}
	}
	ec := m.ECDHPubKey
	cases := []payloadCase{
		{"valid", f.join(), S, D, caps(17, true)},
		{"empty payload", nil, category.Truncated, category.Truncated, nil},
		{"ecdhPubKey empty", with(f, 0, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"ecdhPubKey uncompressed", with(f, 0, ixb(uncompressed(t, ec, 4))).join(), category.FieldLength, D, nil},
		{"ecdhPubKey prefix 05", with(f, 0, ixb(append([]byte{5}, ec[1:]...))).join(), category.InvalidPoint, category.InvalidPoint, nil},
		{"mlkemCiphertext empty", with(f, 1, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"mlkemCiphertext 1567 bytes", with(f, 1, ixb(m.MLKEMCiphertext[:1567])).join(), category.FieldLength, category.FieldLength, nil},
		{"mlkemCiphertext 1088 bytes (ML-KEM-768)", with(f, 1, ixb(m.MLKEMCiphertext[:1088])).join(), category.FieldLength, category.FieldLength, nil},
		{"chachaSalt 16 bytes", with(f, 2, ixb(make([]byte, 16))).join(), category.SaltLength, D, nil},
		{"chachaSalt 64 bytes", with(f, 2, ixb(make([]byte, 64))).join(), category.SaltLength, D, nil},
		{"chachaSalt empty", with(f, 2, []byte{0}).join(), category.SaltLength, D, nil},
		{"capabilities absent", f[:3].join(), category.MissingField, D, caps(DefaultCapabilities, false)},
		{"capabilities reserved", with(f, 3, []byte{0xFB}).join(), category.InvalidVarint, category.InvalidVarint, nil},
		{"trailing bytes", append(f.join(), 1, 2, 3), category.TrailingBytes, D, caps(17, true)},
	}
	runPayloadCases(t, cases,
		func(b []byte, p Profile) (any, error) { return DecodeKeys2(b, p) },
		func(m any) []byte { return m.(*Keys2).Encode() })
}

func TestRequestAdd2Rules(t *testing.T) {
	pk := unitRSAPub(testkeys.IxianRequester)
	f := rawFields{{1}, ixb(pk)}
	S, D := category.Category(""), category.Category("")
	ver := func(want int) func(*testing.T, any) {
		return func(t *testing.T, m any) {
			if v := m.(*RequestAdd2).MaxProtocolVersion; v != want {
				t.Errorf("maxProtocolVersion = %d, want %d", v, want)
			}
		}
	}
	cases := []payloadCase{
		{"valid", f.join(), S, D, ver(1)},
		{"version 2 (clamped later)", with(f, 0, []byte{2}).join(), S, D, ver(2)},
		{"version 0", with(f, 0, []byte{0}).join(), category.Version, D, ver(0)},
		{"version 0xF7", with(f, 0, []byte{0xF7}).join(), S, D, ver(0xF7)},
		{"version 0xF8 written as a raw byte", with(f, 0, []byte{0xF8}).join(), category.NegativeLength, category.NegativeLength, nil},
		{"version 0xFC written as a raw byte", with(f, 0, []byte{0xFC}).join(), category.Version, category.FieldLength, nil},
		{"pubKey empty", with(f, 1, []byte{0}).join(), category.EmptyField, category.EmptyField, nil},
		{"pubKey missing", f[:1].join(), category.Truncated, category.Truncated, nil},
		{"trailing", append(f.join(), 0), category.TrailingBytes, D, ver(1)},
	}
	runPayloadCases(t, cases,
		func(b []byte, p Profile) (any, error) { return DecodeRequestAdd2(b, p) },
		func(m any) []byte { return m.(*RequestAdd2).Encode() })
	if got := (&RequestAdd2{MaxProtocolVersion: 1, PubKey: pk}).Encode(); len(got) != 532 || got[0] != 1 || !bytes.Equal(got[1:4], h("fc1002")) {
		t.Errorf("requestAdd2 of a 4096-bit key: %d bytes, starts %x", len(got), got[:4])
	}
}

func TestSpixiMessage(t *testing.T) {
	frame := func(typ, l int32, data []byte, tail ...[]byte) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(typ))
		b = binary.LittleEndian.AppendUint32(b, uint32(l))
		b = append(b, data...)
		for _, x := range tail {
			b = append(b, x...)
		}
		return b
	}
	ch0, nul := []byte{0, 0, 0, 0}, []byte{0}
	data := []byte("payload")
	S, D := category.Category(""), category.Category("")
	msg := func(check func(*SpixiMessage) bool) func(*testing.T, any) {
		return func(t *testing.T, m any) {
			if !check(m.(*SpixiMessage)) {
				t.Errorf("decoded %+v", m)
			}
		}
	}
	cases := []payloadCase{
		{"handshake frame", frame(41, 7, data, ch0, nul, nul), S, D, msg(func(m *SpixiMessage) bool {
			return m.Type == 41 && string(m.Data) == "payload" && m.ChannelPresent && m.GroupPresent
		})},
		{"no data", frame(9, 0, nil, ch0, nul, nul), S, D, msg(func(m *SpixiMessage) bool { return m.Data == nil })},
		{"groups and channel", frame(0, 7, data, h("05000000"), ixb([]byte("group")), ixb([]byte("sender"))), S, D, msg(func(m *SpixiMessage) bool {
			return m.Channel == 5 && string(m.GroupAddress) == "group" && string(m.GroupSenderAddress) == "sender"
		})},
		{"3 bytes", h("280000"), category.Truncated, category.Truncated, nil},
		{"7 bytes", h("28000000070000"), category.Truncated, category.Truncated, nil},
		{"negative data length", frame(41, -1, nil, ch0, nul, nul), category.NegativeLength, category.NegativeLength, nil},
		{"data length past the end", frame(41, 100, data), category.Truncated, D, msg(func(m *SpixiMessage) bool {
			return m.DataShort && string(m.Data) == "payload" && !m.ChannelPresent
		})},
		{"no channel", frame(41, 7, data), category.MissingField, D, msg(func(m *SpixiMessage) bool { return !m.ChannelPresent && m.Channel == 0 })},
		{"channel cut", frame(41, 7, data, h("0000")), category.Truncated, category.Truncated, nil},
		{"no group fields", frame(41, 7, data, ch0), category.MissingField, D, msg(func(m *SpixiMessage) bool { return m.ChannelPresent && !m.GroupPresent })},
		{"only groupAddress", frame(41, 7, data, ch0, nul), category.Truncated, category.Truncated, nil},
		{"group length cut", frame(41, 7, data, ch0, h("05aa")), category.Truncated, category.Truncated, nil},
		{"non-minimal group length", frame(41, 7, data, ch0, h("fc0000"), nul), category.NonMinimalVarint, D, nil},
		{"trailing", frame(41, 7, data, ch0, nul, nul, h("ff")), category.TrailingBytes, D, nil},
	}
	runPayloadCases(t, cases,
		func(b []byte, p Profile) (any, error) { return DecodeSpixiMessage(b, p) },
		func(m any) []byte { return m.(*SpixiMessage).Encode() })

	// What Ixian-Core's constructor leaves behind after swallowing an error.
	m, err := DecodeSpixiMessageLikeIxianCore(frame(41, 7, data, ch0, ixb([]byte("g")), h("05")))
	if err == nil || m.Type != 0 || m.Data != nil || m.Channel != 0 || string(m.GroupAddress) != "g" {
		t.Errorf("LikeIxianCore = %+v, %v", m, err)
	}
	m, err = DecodeSpixiMessageLikeIxianCore(frame(41, 7, data, ch0, nul, nul))
	if err != nil || m.Type != 41 {
		t.Errorf("LikeIxianCore(valid) = %+v, %v", m, err)
	}
}

// TestDecodersDoNotAllocate: successful decodes return sub-slices only.
func TestDecodersDoNotAllocate(t *testing.T) {
	u := runUnit(t, 0, Strict)
	frame := (&SpixiMessage{Type: CodeAcceptAdd2, Data: u.acceptor.AcceptAdd2}).Encode()
	var a AcceptAdd2
	var k Keys2
	var s SpixiMessage
	var r RequestAdd2
	v := h("fe0000000001000000")
	req := (&RequestAdd2{MaxProtocolVersion: 1, PubKey: unitRSAPub(testkeys.IxianRequester)}).Encode()
	for name, f := range map[string]func(){
		"acceptAdd2":   func() { _ = a.Decode(u.acceptor.AcceptAdd2, Strict) },
		"keys2":        func() { _ = k.Decode(u.requester.Keys2, Strict) },
		"requestAdd2":  func() { _ = r.Decode(req, Strict) },
		"SpixiMessage": func() { _ = s.Decode(frame, Strict) },
		"IxiVarInt":    func() { _, _, _, _ = DecodeVarInt(v, Strict) },
	} {
		if n := testing.AllocsPerRun(50, f); n != 0 {
			t.Errorf("%s: %v allocations", name, n)
		}
	}
}
