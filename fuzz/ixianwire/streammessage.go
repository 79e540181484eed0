package ixianwire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
)

// CheckStreamMessage checks the decoder of whole StreamMessage v1 frames
// (spec/ixian-s2.md §4.1), the frame that carries the three handshake
// payloads: no panic; every rejection a *category.FieldError with its field
// and rule (TestStreamMessageRulesNamed maps each to spec/rules.md);
// whatever Strict accepts Deployed accepts alike; a Strict frame is the
// writer's, byte for byte but for a flag byte other than 01, and its fields and checksum data are what an
// independent walk of §4.1's layout finds; a Deployed message survives
// Decode(Encode(·)), except the values Ixian-Core's writer cannot write
// back (a negative int written through the signed encoder, which the
// unsigned reader refuses).
func CheckStreamMessage(t check.TB, frame []byte) {
	var s, d ixian.StreamMessage
	errS, errD := s.Decode(frame, ixian.Strict), d.Decode(frame, ixian.Deployed)
	strictOK := check.SameVerdict(t, "StreamMessage", s, errS, d, errD)
	namesFieldAndRule(t, "StreamMessage (strict)", errS)
	namesFieldAndRule(t, "StreamMessage (deployed)", errD)
	if strictOK {
		// Any non-zero flag byte reads as true (both profiles); the writer
		// writes 01.
		if enc := s.Encode(); !bytes.Equal(enc[:len(enc)-1], frame[:len(frame)-1]) || (frame[len(frame)-1] != 0) != s.RequireRcvConfirmation {
			t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", s.Encode(), frame)
		}
		checkStreamMessageLayout(t, frame, &s)
	}
	if errD != nil {
		return
	}
	var back ixian.StreamMessage
	err := back.Decode(d.Encode(), ixian.Deployed)
	if d.Version < 0 || d.Type < 0 || d.EncryptionType < 0 || d.Timestamp < 0 {
		// Cast to a negative C# int or long by the reader, written through
		// the signed encoder (F8-FA) by the writer.
		if !errors.Is(err, category.NegativeLength) {
			t.Fatalf("%+v re-encoded: %v, want negative_length", d, err)
		}
		return
	}
	want := d
	// Empty and absent fields are both the length 0 on the wire, which
	// reads as absent; any non-zero flag byte is written 01.
	for _, f := range []*[]byte{&want.Sender, &want.Recipient, &want.Data, &want.Signature} {
		if len(*f) == 0 {
			*f = nil
		}
	}
	if err != nil || !reflect.DeepEqual(back, want) {
		t.Fatalf("Decode(Encode(Decode(x))) = %+v, %v; want %+v", back, err, want)
	}
}

// namesFieldAndRule fails unless a rejection names its field and the
// reference's rule.
func namesFieldAndRule(t check.TB, what string, err error) {
	var fe *category.FieldError
	if err != nil && (!errors.As(err, &fe) || fe.Field == "" || fe.Rule == "") {
		t.Fatalf("%s: a rejection without its field and rule: %#v", what, err)
	}
}

// checkStreamMessageLayout walks a frame that Strict accepted with its own
// reader of §4.1's layout (minimal unsigned varints, written here again
// rather than taken from impl/ixian) and compares each field with the
// decoded message, and the checksum data with the frame's prefix up to the
// signature: in a Strict frame the writer's serialization is the frame.
func checkStreamMessageLayout(t check.TB, frame []byte, m *ixian.StreamMessage) {
	rest := frame
	uvarint := func() uint64 {
		if len(rest) == 0 {
			t.Fatalf("%x: the layout walk ran out of bytes", frame)
		}
		n := map[byte]int{0xFC: 2, 0xFD: 4, 0xFE: 8}[rest[0]]
		if len(rest) < 1+n || (rest[0] >= 0xF8 && n == 0) {
			t.Fatalf("%x: the layout walk found a varint Strict should have refused at %x", frame, rest)
		}
		var v uint64
		if n == 0 {
			v = uint64(rest[0])
		} else {
			var w [8]byte
			copy(w[:], rest[1:1+n])
			v = binary.LittleEndian.Uint64(w[:])
		}
		rest = rest[1+n:]
		return v
	}
	field := func() []byte {
		l := uvarint()
		if l > uint64(len(rest)) {
			t.Fatalf("%x: the layout walk found a length past the end", frame)
		}
		v := rest[:l]
		rest = rest[l:]
		if len(v) == 0 {
			return nil
		}
		return v
	}
	version := uvarint()
	id := field()
	typ, enc := uvarint(), uvarint()
	sender, recipient, data := field(), field(), field()
	timestamp := uvarint()
	checksummed := frame[:len(frame)-len(rest)]
	signature := field()
	if len(rest) != 1 {
		t.Fatalf("%x: the layout walk left %d bytes, want the flag byte", frame, len(rest))
	}
	got := ixian.StreamMessage{Version: int32(version), ID: id, Type: int32(typ), EncryptionType: int32(enc), Sender: sender,
		Recipient: recipient, Data: data, Timestamp: int64(timestamp), Signature: signature, RequireRcvConfirmation: rest[0] != 0}
	want := *m
	for _, f := range []*[]byte{&want.Sender, &want.Recipient, &want.Data, &want.Signature} {
		if len(*f) == 0 {
			*f = nil
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%x: the layout walk found %+v, the decoder %+v", frame, got, want)
	}
	if !bytes.Equal(m.ChecksumData(), checksummed) {
		t.Fatalf("%x: checksum data %x, want the frame's prefix %x", frame, m.ChecksumData(), checksummed)
	}
}
