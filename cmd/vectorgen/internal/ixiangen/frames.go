package ixiangen

// The frames around the handshake: Ixian addresses and the StreamMessage v1
// frame (spec/ixian-s2.md §4.1, §6.1). The signed frames are those of
// crosscheck/ixian.mjs, whose checksums come from @noble/hashes and whose
// signatures OpenSSL made.

import (
	"slices"
	"strconv"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/testkeys"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	base := "The frames are hs66's requestAdd2, acceptAdd2 and keys2 StreamMessages of crosscheck/ixian.mjs (signed with internal/testkeys' RSA-4096 keys), and a requestAdd2 signed with the 1024-bit exposed key whose private-key bytes it carries; every other test changes one field of the requestAdd2 frame."
	gen.Register(&gen.Generator{Family: vectors.IxianAddress, Notes: notes, Groups: genAddress})
	gen.Register(&gen.Generator{Family: vectors.IxianStreamMessageDecode, Notes: notes, Groups: genStreamMessageDecode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianStreamMessageEncode, Notes: notes, Groups: genStreamMessageEncode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianStreamMessageSign, Notes: notes, Groups: genStreamMessageSign, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianStreamMessageVerify, Notes: notes, Groups: genStreamMessageVerify, Header: []string{base}})
}

// smFrames are the cross-checked frames, by name.
func smFrames() []struct {
	name string
	m    *crosscheck.StreamMessage
} {
	f := &crossCheck().Frames
	return []struct {
		name string
		m    *crosscheck.StreamMessage
	}{
		{"hs66's requestAdd2 (id 00, not encrypted)", &f.RequestAdd2},
		{"hs66's acceptAdd2 (id 01, rsa2)", &f.AcceptAdd2},
		{"hs66's keys2 (id 02, rsa2)", &f.Keys2},
		{"a requestAdd2 from the exposed key, signed by it", &f.ExposedRequestAdd2},
	}
}

// smParts splits a frame into its ten encoded fields: version, id, type,
// encryptionType, sender, recipient, data, timestamp, signature, flag.
type smParts [10][]byte

const (
	smVersion = iota
	smID
	smType
	smEnc
	smSender
	smRecipient
	smData
	smTimestamp
	smSignature
	smFlag
)

func partsOf(m *crosscheck.StreamMessage, flag byte) smParts {
	return smParts{
		ixian.AppendVarInt(nil, 1), ixiBytes(gen.Unhex(m.ID)), ixian.AppendVarInt(nil, int64(m.Type)), ixian.AppendVarInt(nil, int64(m.EncryptionType)),
		ixiBytes(gen.Unhex(m.Sender)), ixiBytes(gen.Unhex(m.Recipient)), ixiBytes(gen.Unhex(m.Data)), ixian.AppendVarInt(nil, m.Timestamp),
		ixiBytes(gen.Unhex(m.Signature)), {flag},
	}
}

// with returns the frame with field i replaced by raw.
func (p smParts) with(i int, raw []byte) []byte {
	q := p
	q[i] = raw
	return slices.Concat(q[:]...)
}

func (p smParts) bytes() []byte { return slices.Concat(p[:]...) }

// set returns the frame with the fields at the even positions of kv
// replaced by the raw bytes after them.
func (p smParts) set(kv ...any) []byte {
	q := p
	for i := 0; i+1 < len(kv); i += 2 {
		q[kv[i].(int)] = kv[i+1].([]byte)
	}
	return q.bytes()
}

func genAddress() []gen.Group {
	f := &crossCheck().Frames
	in := func(b []byte) vectors.Values { return vectors.Make("value", b) }
	req := gen.Unhex(f.Addresses.Requester)
	withSum := gen.Unhex(f.Addresses.RequesterWithChecksum)
	badSum := flip(withSum, -1)
	v0 := slices.Concat([]byte{0}, req[1:33])
	v0Sum := gen.Must(ixian.NewAddress(v0)).WithChecksum()
	acc := acceptorRSA
	return []gen.Group{
		{Type: "Address", Comment: "public keys, hashed by their version byte", Cases: []gen.Case{
			gen.Valid("the requester's 528-byte key, version 1", in(requesterRSA), "CrossChecked").Pin("address", req, "addressWithChecksum", withSum, "version", 1, "fromKey", true),
			gen.Valid("the acceptor's key, version 1", in(acc), "CrossChecked").Pin("address", gen.Unhex(f.Addresses.Acceptor)),
			gen.Valid("the acceptor's key with version byte 2: SHA3-512 twice over the whole key", in(slices.Concat([]byte{2}, acc[1:])), "CrossChecked").Pin("address", gen.Unhex(f.Addresses.AcceptorKeyAsV2), "version", 2),
			gen.Valid("the acceptor's key with version byte 0: SHA-512 four times over the key after its 5-byte header", in(slices.Concat([]byte{0}, acc[1:])), "CrossChecked").Pin("address", gen.Unhex(f.Addresses.AcceptorKeyAsV0), "version", 0),
			gen.Valid("the exposed key's private-key bytes: a key of 616 bytes like any other", in(exposedKeyBytes()), "CrossChecked", "PrivateKeyInKey").Pin("address", gen.Unhex(f.Addresses.Exposed)),
			gen.Valid("49 bytes, the shortest key", in(requesterRSA[:49]), "AddressLengths"),
			gen.Valid("1023 bytes, the longest key", in(slices.Concat(requesterRSA, make([]byte, 1023-len(requesterRSA)))), "AddressLengths"),
			gen.Valid("the 523-byte legacy key form: version 0 whatever its first byte, hashed whole", in(legacyRSA(requesterRSA)), "LegacyRSAKey").Pin("version", 0),
		}},
		{Type: "Address", Comment: "addresses", Cases: []gen.Case{
			gen.Valid("the requester's 45-byte address: kept", in(req), "AddressBlob").Pin("address", req, "addressWithChecksum", withSum, "fromKey", false),
			gen.Valid("the requester's 48-byte address with its checksum", in(withSum), "AddressBlob", "CrossChecked").Pin("address", req, "addressWithChecksum", withSum, "fromKey", false),
			gen.Valid("a 33-byte version-0 address: kept", in(v0), "AddressBlob").Pin("address", v0, "version", 0),
			gen.Valid("a 36-byte version-0 address with its checksum", in(v0Sum), "AddressBlob").Pin("address", v0),
			gen.Valid("36 bytes of version 1: not an address of that version, so hashed as a key", in(slices.Concat(req[:33], []byte{1, 2, 3})), "AddressLengths").Pin("fromKey", false),
			gen.Valid("45 bytes of version 0: hashed as a key (after a 5-byte header) into a 33-byte address", in(slices.Concat([]byte{0}, req[1:])), "AddressLengths").Pin("version", 0),
		}},
		{Type: "Address", Comment: "what the constructor refuses", Cases: []gen.Case{
			gen.Invalid("empty", category.EmptyField, in([]byte{}), "EmptyField"),
			gen.Invalid("32 bytes", category.FieldLength, in(req[:32]), "AddressLengths"),
			gen.Invalid("34 bytes", category.FieldLength, in(req[:34]), "AddressLengths"),
			gen.Invalid("47 bytes", category.FieldLength, in(withSum[:47]), "AddressLengths"),
			gen.Invalid("1024 bytes", category.FieldLength, in(slices.Concat(requesterRSA, make([]byte, 1024-len(requesterRSA)))), "AddressLengths"),
			gen.Invalid("the 48-byte address with the last checksum byte flipped", category.AddressChecksum, in(badSum), "AddressBlob"),
			gen.Invalid("the requester key's first 48 bytes: an address with a checksum that fails", category.AddressChecksum, in(requesterRSA[:48]), "AddressBlob"),
			gen.Invalid("a 45-byte address of version 3", category.Version, in(slices.Concat([]byte{3}, req[1:])), "AddressLengths"),
			gen.Invalid("a key of version 3", category.Version, in(slices.Concat([]byte{3}, requesterRSA[1:])), "AddressLengths"),
		}},
	}
}

func genStreamMessageDecode() []gen.Group {
	var cc []gen.Case
	for _, x := range smFrames() {
		m := x.m
		cc = append(cc, gen.Valid(x.name, vectors.Make("frame", gen.Unhex(m.Frame)), "CrossChecked").Pin(
			"version", 1, "id", gen.Unhex(m.ID), "type", int(m.Type), "encryptionType", int(m.EncryptionType),
			"sender", gen.Unhex(m.Sender), "recipient", gen.Unhex(m.Recipient), "data", gen.Unhex(m.Data),
			"timestamp", strconv.FormatInt(m.Timestamp, 10), "signature", gen.Unhex(m.Signature), "requireRcvConfirmation", true,
			"checksum", gen.Unhex(m.Checksum)))
	}
	f := &crossCheck().Frames
	m := &f.RequestAdd2
	p := partsOf(m, 1)
	in := func(b []byte) vectors.Values { return vectors.Make("frame", b) }
	sender, recipient := gen.Unhex(m.Sender), gen.Unhex(m.Recipient)
	senderSum := gen.Must(ixian.NewAddress(sender)).WithChecksum()
	return []gen.Group{
		{Type: "StreamMessageDecode", Comment: "the frames of crosscheck/ixian.mjs", Cases: cc},
		{Type: "StreamMessageDecode", Comment: "other well-formed frames", Cases: []gen.Case{
			gen.Valid("requireRcvConfirmation 00", in(p.with(smFlag, []byte{0}))).Pin("requireRcvConfirmation", false),
			gen.Valid("requireRcvConfirmation 02: any non-zero byte is true", in(p.with(smFlag, []byte{2})), "FlagByte").Pin("requireRcvConfirmation", true),
			gen.Valid("no signature (length 0)", in(p.with(smSignature, []byte{0}))).Pin("signature", []byte{}),
			gen.Valid("type 2 (data), encryption spixi2 (4) and a 16-byte id", in(p.set(smID, ixiBytes(repeat([]byte{7}, 16)), smType, []byte{2}, smEnc, []byte{4}))).
				Pin("type", 2, "encryptionType", 4, "id", repeat([]byte{7}, 16)),
			gen.Valid("a timestamp of 248: fc f8 00", in(p.with(smTimestamp, gen.Unhex("fcf800")))).Pin("timestamp", "248"),
			gen.Valid("a v0 sender and recipient of 33 bytes", in(p.with(smSender, ixiBytes(slices.Concat([]byte{0}, sender[1:33]))))).Pin("sender", slices.Concat([]byte{0}, sender[1:33])),
		}},
		{Type: "StreamMessageDecode", Comment: "what only Ixian-Core's reader accepts", Cases: []gen.Case{
			gen.Acceptable("version 2", category.Version, in(p.with(smVersion, []byte{2})), "FrameVersion"),
			gen.Acceptable("the id's length written fc 01 00", category.NonMinimalVarint, in(p.with(smID, slices.Concat(gen.Unhex("fc0100"), gen.Unhex(m.ID)))), "NonMinimalVarint"),
			gen.Acceptable("type 3", category.MessageType, in(p.with(smType, []byte{3})), "FrameType"),
			gen.Acceptable("encryptionType 5", category.MessageType, in(p.with(smEnc, []byte{5})), "FrameType"),
			gen.Acceptable("type -1 written fd ff ff ff ff: the C# int cast", category.VarintOverflow, in(p.with(smType, gen.Unhex("fdffffffff"))), "CSharpIntCast").Pin("type", -1),
			gen.Acceptable("the sender's 48-byte address with its checksum: the address without it", category.FieldLength, in(p.with(smSender, ixiBytes(senderSum))), "AddressBlob").Pin("sender", sender),
			gen.Acceptable("the sender given as its public key: its address", category.FieldLength, in(p.with(smSender, ixiBytes(requesterRSA))), "AddressBlob").Pin("sender", sender),
			gen.Acceptable("no sender (length 0)", category.EmptyField, in(p.with(smSender, []byte{0})), "EmptyField").Pin("sender", []byte{}),
			gen.Acceptable("no recipient (length 0)", category.EmptyField, in(p.with(smRecipient, []byte{0})), "EmptyField").Pin("recipient", []byte{}),
			gen.Acceptable("a timestamp of 2^63 (fe 00..80): the C# long cast gives -2^63", category.VarintOverflow, in(p.with(smTimestamp, gen.Unhex("fe0000000000000080"))), "CSharpIntCast").Pin("timestamp", "-9223372036854775808"),
			gen.Acceptable("a byte after the flag", category.TrailingBytes, in(slices.Concat(p.bytes(), []byte{0})), "TrailingBytes"),
			gen.Acceptable("the signature's length 2^31 (fd 00 00 00 80): null to C#, read as no signature", category.VarintOverflow, in(p.with(smSignature, gen.Unhex("fd00000080"))), "HugeLength").Pin("signature", []byte{}),
		}},
		{Type: "StreamMessageDecode", Comment: "what both refuse", Cases: []gen.Case{
			gen.Invalid("an empty frame", category.Truncated, in([]byte{}), "Truncated"),
			gen.Invalid("first byte 00: a v0 frame", category.Version, in(p.with(smVersion, []byte{0})), "FrameVersion"),
			gen.Invalid("the frame without its flag byte", category.Truncated, in(p.with(smFlag, nil)), "Truncated"),
			gen.Invalid("cut inside the signature", category.Truncated, in(p.bytes()[:len(p.bytes())-100]), "Truncated"),
			gen.Invalid("no id (length 0): Ixian-Core's checksum cannot be computed", category.EmptyField, in(p.with(smID, []byte{0})), "EmptyField"),
			gen.Invalid("the id's length 2^31: strict's overflow, null (no id) to C#", category.VarintOverflow, in(p.with(smID, slices.Concat(gen.Unhex("fd00000080"), gen.Unhex(m.ID)))), "HugeLength").DeployedRejects(category.EmptyField),
			gen.Invalid("a sender of 34 bytes", category.FieldLength, in(p.with(smSender, ixiBytes(sender[:34]))), "AddressLengths"),
			gen.Invalid("the sender's 48-byte address with a wrong checksum", category.AddressChecksum, in(p.with(smSender, ixiBytes(flip(senderSum, -1)))), "AddressBlob"),
			gen.Invalid("a recipient of version 3", category.Version, in(p.with(smRecipient, ixiBytes(slices.Concat([]byte{3}, recipient[1:])))), "AddressLengths"),
			gen.Invalid("the data length with the signed prefix f8", category.NegativeLength, in(p.with(smData, gen.Unhex("f80100"))), "SignedPrefix"),
			gen.Invalid("the type with the reserved prefix ff", category.InvalidVarint, in(p.with(smType, []byte{0xff})), "ReservedPrefix"),
			gen.Invalid("the data length past the end of the frame: the timestamp is then missing", category.Truncated, in(p.with(smData, slices.Concat(ixian.AppendVarInt(nil, int64(len(p.bytes()))), gen.Unhex(m.Data)))), "Truncated"),
			gen.Invalid("the data length 2^31-56, one above .NET's Array.MaxLength, past the end of the frame: Ixian-Core's reader cannot allocate it", category.Truncated, in(p.with(smData, slices.Concat(ixian.AppendVarInt(nil, ixian.DotNetArrayMaxLength+1), gen.Unhex(m.Data)))), "HugeLength").DeployedRejects(category.VarintOverflow),
			gen.Invalid("the signature's length 2^31-1 past the end of the frame: Ixian-Core's reader cannot allocate it", category.Truncated, in(p.with(smSignature, slices.Concat(gen.Unhex("fdffffff7f"), gen.Unhex(m.Signature)))), "HugeLength").DeployedRejects(category.VarintOverflow),
		}},
	}
}

// smInputs are the encoder's and signer's inputs of a frame.
func smInputs(m *crosscheck.StreamMessage) vectors.Values {
	return vectors.Make("version", 1, "id", gen.Unhex(m.ID), "type", int(m.Type), "encryptionType", int(m.EncryptionType),
		"sender", gen.Unhex(m.Sender), "recipient", gen.Unhex(m.Recipient), "data", gen.Unhex(m.Data),
		"timestamp", strconv.FormatInt(m.Timestamp, 10), "requireRcvConfirmation", true)
}

func genStreamMessageEncode() []gen.Group {
	var cc []gen.Case
	for _, x := range smFrames() {
		m := x.m
		cc = append(cc, gen.Valid(x.name, smInputs(m).With("signature", gen.Unhex(m.Signature)), "CrossChecked").
			Pin("frame", gen.Unhex(m.Frame), "checksumData", gen.Unhex(m.ChecksumData), "checksum", gen.Unhex(m.Checksum)))
	}
	m := &crossCheck().Frames.RequestAdd2
	in := smInputs(m).With("signature", gen.Unhex(m.Signature))
	p := partsOf(m, 1)
	return []gen.Group{
		{Type: "StreamMessageEncode", Comment: "the frames of crosscheck/ixian.mjs", Cases: cc},
		{Type: "StreamMessageEncode", Comment: "other field values", Cases: []gen.Case{
			gen.Valid("requireRcvConfirmation false: 00", in.With("requireRcvConfirmation", false)).Pin("frame", p.with(smFlag, []byte{0}), "checksum", gen.Unhex(m.Checksum)),
			gen.Valid("no signature: a zero length; the checksum is the same", in.With("signature", []byte{})).Pin("frame", p.with(smSignature, []byte{0}), "checksum", gen.Unhex(m.Checksum)),
			gen.Valid("type -1: the signed encoder writes f8 01 00", in.With("type", -1), "NegativeNeverOneByte").Pin("frame", p.with(smType, gen.Unhex("f80100"))),
			gen.Valid("a negative timestamp -1: f8 01 00", in.With("timestamp", "-1"), "NegativeNeverOneByte").Pin("frame", p.with(smTimestamp, gen.Unhex("f80100"))),
			gen.Valid("empty sender and recipient: zero lengths", in.With("sender", []byte{}, "recipient", []byte{})).
				Pin("frame", p.set(smSender, []byte{0}, smRecipient, []byte{0})),
		}},
	}
}

func genStreamMessageSign() []gen.Group {
	f := &crossCheck().Frames
	keyOf := func(m *crosscheck.StreamMessage) []byte {
		switch m {
		case &f.AcceptAdd2:
			return acceptorDER
		case &f.ExposedRequestAdd2:
			return testkeys.PKCS8(testkeys.IxianExposed)
		}
		return requesterDER
	}
	var cc []gen.Case
	for _, x := range smFrames() {
		m := x.m
		cc = append(cc, gen.Valid(x.name, smInputs(m).With("rsaPrivateKey", keyOf(m)), "CrossChecked").
			Pin("signature", gen.Unhex(m.Signature), "frame", gen.Unhex(m.Frame), "checksum", gen.Unhex(m.Checksum)))
	}
	return []gen.Group{{Type: "StreamMessageSign", Comment: "the frames of crosscheck/ixian.mjs, signed by OpenSSL there", Cases: cc}}
}

func genStreamMessageVerify() []gen.Group {
	f := &crossCheck().Frames
	exposed := exposedKeyBytes()
	var cc []gen.Case
	for _, x := range smFrames() {
		m := x.m
		var c gen.Case
		switch m {
		case &f.ExposedRequestAdd2:
			c = gen.Acceptable(x.name+": the key is the exposed key's private-key bytes", category.Signature, vectors.Make("frame", gen.Unhex(m.Frame), "pubKey", exposed), "CrossChecked", "PrivateKeyInKey")
		case &f.AcceptAdd2:
			c = gen.Valid(x.name, vectors.Make("frame", gen.Unhex(m.Frame), "pubKey", acceptorRSA), "CrossChecked")
		default:
			c = gen.Valid(x.name, vectors.Make("frame", gen.Unhex(m.Frame), "pubKey", requesterRSA), "CrossChecked")
		}
		cc = append(cc, c.Pin("sender", gen.Unhex(m.Sender), "data", gen.Unhex(m.Data), "checksum", gen.Unhex(m.Checksum)))
	}
	m := &f.RequestAdd2
	p := partsOf(m, 1)
	in := func(frame, key []byte) vectors.Values { return vectors.Make("frame", frame, "pubKey", key) }
	frame := gen.Unhex(m.Frame)
	sender := gen.Unhex(m.Sender)
	senderSum := gen.Must(ixian.NewAddress(sender)).WithChecksum()
	sig := gen.Unhex(m.Signature)
	return []gen.Group{
		{Type: "StreamMessageVerify", Comment: "the frames of crosscheck/ixian.mjs and their signers' keys", Cases: cc},
		{Type: "StreamMessageVerify", Comment: "what the receive checks refuse", Cases: []gen.Case{
			gen.Invalid("the acceptor's key for the requester's frame: another address", category.SenderAddress, in(frame, acceptorRSA), "SenderBinding"),
			gen.Invalid("the sender and signature made the acceptor's, the requester's signature kept", category.SenderAddress, in(p.with(smSender, ixiBytes(gen.Unhex(m.Recipient))), requesterRSA), "SenderBinding"),
			gen.Invalid("the signature's last byte flipped", category.Signature, in(p.with(smSignature, ixiBytes(flip(sig, -1))), requesterRSA), "FrameSignature"),
			gen.Invalid("the data's last byte flipped: the checksum changes", category.Signature, in(p.with(smData, ixiBytes(flip(gen.Unhex(m.Data), -1))), requesterRSA), "FrameSignature"),
			gen.Invalid("the timestamp changed by one", category.Signature, in(p.with(smTimestamp, ixian.AppendVarInt(nil, m.Timestamp+1)), requesterRSA), "FrameSignature"),
			gen.Invalid("no signature (length 0)", category.Signature, in(p.with(smSignature, []byte{0}), requesterRSA), "FrameSignature"),
			gen.Invalid("no data (length 0)", category.EmptyField, in(p.with(smData, []byte{0}), requesterRSA), "EmptyField"),
			gen.Invalid("pubKey: the sender's 45-byte address: Address takes it and it equals the sender, but it is no RSA key", category.Signature, in(frame, sender), "AddressBlob"),
			gen.Invalid("pubKey: the sender's 48-byte address with its checksum: likewise no RSA key", category.Signature, in(frame, senderSum), "AddressBlob"),
			gen.Invalid("pubKey: the requester key's first 48 bytes: Address refuses the checksum", category.AddressChecksum, in(frame, requesterRSA[:48]), "AddressBlob"),
			gen.Invalid("pubKey: a 33-byte version-0 address: not the sender", category.SenderAddress, in(frame, slices.Concat([]byte{0}, sender[1:33])), "AddressBlob"),
			gen.Invalid("pubKey empty", category.EmptyField, in(frame, []byte{}), "EmptyField"),
		}},
		{Type: "StreamMessageVerify", Comment: "what the checksum does not cover", Cases: []gen.Case{
			gen.Valid("requireRcvConfirmation cleared: the flag is outside the checksum", in(p.with(smFlag, []byte{0}), requesterRSA), "FlagByte"),
		}},
	}
}
