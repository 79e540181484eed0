package ixian

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha3"
	"crypto/sha512"
	"math"

	"github.com/pqhs/pqhs/impl/category"
)

// StreamMessage v1 is the frame that carries every handshake message
// (Streaming/StreamMessage.cs, getBytes_v1 and fromBytes_v1;
// spec/ixian-s2.md §4.1):
//
//	V(version) || V(len(id)) || id || V(type) || V(encryptionType) ||
//	V(len(sender)) || sender || V(len(recipient)) || recipient ||
//	V(len(data)) || data || V(timestamp) ||
//	V(len(signature)) || signature || requireRcvConfirmation (1 byte)
//
// Every V is written by the signed encoder (the fields are C# ints and a
// long) and read by the unsigned reader. sender and recipient are addresses
// without checksum. The signature is RSASSA-PKCS1-v1_5 with SHA-512 over the
// checksum, SHA3-512 of the fields up to the timestamp as the writer writes
// them again from the decoded values (StreamMessageSerializationType
// checksum); for an encrypted message they hold the ciphertext.

// StreamMessageEncryptionCode values (Streaming/MessageCrypto.cs).
const (
	EncryptionNone   int32 = 0 // requestAdd2
	EncryptionRSA    int32 = 1
	EncryptionSpixi1 int32 = 2
	EncryptionRSA2   int32 = 3 // acceptAdd2, keys2
	EncryptionSpixi2 int32 = 4 // traffic after the handshake
)

// StreamMessage is a decoded v1 StreamMessage.
type StreamMessage struct {
	Version        int32  // 1 for every message this protocol sends
	ID             []byte // the message id; handshake ids are one byte
	Type           int32  // StreamMessageCode: error 0, info 1, data 2
	EncryptionType int32  // StreamMessageEncryptionCode
	// Sender and Recipient are addresses without checksum (33 or 45
	// bytes), as the decoder's Address made them; nil when absent.
	Sender    []byte
	Recipient []byte
	// Data is the SpixiMessage or its envelope; nil when the length is not
	// positive (Ixian-Core's null), empty when a short read found no byte.
	Data                   []byte
	Timestamp              int64 // Unix seconds
	Signature              []byte
	RequireRcvConfirmation bool
}

// DecodeStreamMessage decodes a v1 StreamMessage frame.
//
// Both profiles: an empty frame is truncated; a first byte of 0 is a v0
// frame, version (not modelled; Ixian-Core reads it with its v0 layout);
// varints have §2's errors; a version of 0 is version; an id must be read
// (a non-positive length leaves Ixian-Core's id null, and its checksum
// throws): empty_field; a sender or recipient that is read must be an
// address or key NewAddress accepts (its errors); the final flag byte
// needs to be there (truncated).
//
// Deployed reads like Ixian-Core's BinaryReader: each length is cast to a
// C# int, and a value that is not positive after the cast means null and
// consumes nothing; a length past the end gives the bytes that are there,
// unless it is above Array.MaxLength (varint_overflow); the timestamp is
// cast to a C# long; any version, type and encryption type are kept; a
// sender or recipient that is a key or carries a checksum becomes its
// address; anything after the flag byte is ignored.
//
// Strict wants the frame the writer writes: shortest varints, version 1,
// lengths of at most 2^31-1 (varint_overflow) within the frame
// (truncated), a non-empty id (empty_field), type 0..2 and encryption type
// 0..4 (message_type), sender and recipient present (empty_field) as 33-
// or 45-byte addresses without checksum (field_length), a timestamp of at
// most 2^63-1 (varint_overflow), and nothing after the flag byte
// (trailing_bytes).
func DecodeStreamMessage(frame []byte, p Profile) (*StreamMessage, error) {
	m := new(StreamMessage)
	if err := m.Decode(frame, p); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode decodes frame into m; its byte fields are sub-slices of frame,
// except Sender and Recipient when the decoder derived them.
func (m *StreamMessage) Decode(frame []byte, p Profile) error {
	*m = StreamMessage{}
	if len(frame) == 0 {
		return fieldErr("version", "varint-prefix", category.Truncated, 0, 1)
	}
	if frame[0] == 0 {
		return fieldErr("version", "version-v0", category.Version, 0, "a v1 frame")
	}
	r := smReader{b: frame, p: p}
	v := r.int32("version")
	if r.err == nil && v == 0 {
		r.fail(fieldErr("version", "version-v0", category.Version, 0, "at least 1"))
	}
	if r.err == nil && p == Strict && v != 1 {
		r.fail(fieldErr("version", "version-supported", category.Version, v, 1))
	}
	m.Version = v
	m.ID = r.bytes("id")
	if r.err == nil && m.ID == nil {
		r.fail(fieldErr("id", "required", category.EmptyField, 0, "a message id"))
	}
	m.Type = r.int32("type")
	if p == Strict && (m.Type < 0 || m.Type > 2) {
		r.fail(fieldErr("type", "type-known", category.MessageType, m.Type, "0..2"))
	}
	m.EncryptionType = r.int32("encryptionType")
	if p == Strict && (m.EncryptionType < 0 || m.EncryptionType > EncryptionSpixi2) {
		r.fail(fieldErr("encryptionType", "type-known", category.MessageType, m.EncryptionType, "0..4"))
	}
	m.Sender = r.address("sender")
	m.Recipient = r.address("recipient")
	m.Data = r.bytes("data")
	t := r.uint("timestamp")
	if p == Strict && t > math.MaxInt64 {
		r.fail(fieldErr("timestamp", "varint-int64", category.VarintOverflow, t, "at most 2^63-1"))
	}
	m.Timestamp = int64(t)
	m.Signature = r.bytes("signature")
	if r.err == nil && len(r.b) == 0 {
		r.fail(fieldErr("requireRcvConfirmation", "bool", category.Truncated, 0, 1))
	}
	if r.err != nil {
		return r.err
	}
	m.RequireRcvConfirmation = r.b[0] != 0
	if p == Strict && len(r.b) > 1 {
		return fieldErr("frame", "no-trailing", category.TrailingBytes, len(r.b)-1, 0)
	}
	return nil
}

// smReader reads the fields of a frame in order and keeps the first error.
type smReader struct {
	b   []byte
	p   Profile
	err error
}

func (r *smReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *smReader) uint(field string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n, _, err := readVarUInt(field, r.b, r.p)
	if err != nil {
		r.fail(err)
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int32 reads a varint cast to a C# int; Strict wants it within int32.
func (r *smReader) int32(field string) int32 {
	v := r.uint(field)
	if r.err == nil && r.p == Strict && v > math.MaxInt32 {
		r.fail(fieldErr(field, "int32", category.VarintOverflow, v, "at most 2^31-1"))
	}
	return int32(v)
}

// bytes reads a length-prefixed field: nil for a length that is not
// positive as a C# int, the bytes there are when it runs past the end
// (Deployed).
func (r *smReader) bytes(field string) []byte {
	l := r.int32(field)
	if r.err != nil || l <= 0 {
		return nil
	}
	n := int(l)
	if n > len(r.b) {
		switch {
		case r.p == Strict:
			r.fail(fieldErr(field, "length", category.Truncated, len(r.b), n))
			return nil
		case l > DotNetArrayMaxLength:
			r.fail(fieldErr(field, "length-array-max", category.VarintOverflow, l, DotNetArrayMaxLength))
			return nil
		}
		n = len(r.b)
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// address reads a sender or recipient and makes its Address.
func (r *smReader) address(field string) []byte {
	b := r.bytes(field)
	if r.err != nil {
		return nil
	}
	if b == nil {
		if r.p == Strict {
			r.fail(fieldErr(field, "required", category.EmptyField, 0, "an address"))
		}
		return nil
	}
	a, err := newAddress(field, b)
	if err != nil {
		r.fail(err)
		return nil
	}
	if r.p == Strict && (a.FromKey || len(a.NoChecksum) != len(b)) {
		r.fail(fieldErr(field, "address-no-checksum", category.FieldLength, len(b), "33 or 45 bytes: an address without checksum"))
		return nil
	}
	return a.NoChecksum
}

// appendChecksumFields appends the fields the checksum covers, as the
// writer writes them: version to timestamp, every varint signed.
func (m *StreamMessage) appendChecksumFields(dst []byte) []byte {
	dst = AppendVarInt(dst, int64(m.Version))
	dst = AppendVarInt(dst, int64(len(m.ID)))
	dst = append(dst, m.ID...)
	dst = AppendVarInt(dst, int64(m.Type))
	dst = AppendVarInt(dst, int64(m.EncryptionType))
	for _, f := range [...][]byte{m.Sender, m.Recipient, m.Data} {
		dst = AppendVarInt(dst, int64(len(f)))
		dst = append(dst, f...)
	}
	return AppendVarInt(dst, m.Timestamp)
}

// ChecksumData is the serialization the checksum hashes
// (getBytes(StreamMessageSerializationType.checksum)): the frame without
// signature and flag, written again from the fields.
func (m *StreamMessage) ChecksumData() []byte { return m.appendChecksumFields(nil) }

// Checksum is calculateChecksum for v1: SHA3-512 of ChecksumData.
func (m *StreamMessage) Checksum() [64]byte { return sha3.Sum512(m.ChecksumData()) }

// Append appends the frame as Ixian-Core writes it for the network. Nil and
// empty fields both write a zero length.
func (m *StreamMessage) Append(dst []byte) []byte {
	dst = m.appendChecksumFields(dst)
	dst = AppendVarInt(dst, int64(len(m.Signature)))
	dst = append(dst, m.Signature...)
	if m.RequireRcvConfirmation {
		return append(dst, 1)
	}
	return append(dst, 0)
}

// Encode returns the encoded frame.
func (m *StreamMessage) Encode() []byte { return m.Append(nil) }

// Sign sets m.Signature as StreamMessage.sign does: RSASSA-PKCS1-v1_5 with
// SHA-512 over the checksum (.NET's SignData hashes its input, here the
// 64-byte checksum). PKCS#1 v1.5 signatures are deterministic.
func (m *StreamMessage) Sign(key *rsa.PrivateKey) error {
	c := m.Checksum()
	h := sha512.Sum512(c[:])
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA512, h[:])
	if err != nil {
		return err
	}
	m.Signature = sig
	return nil
}

// VerifiedStreamMessage is what VerifyStreamMessage found.
type VerifiedStreamMessage struct {
	Message *StreamMessage
	Sender  Address // the address of the key, equal to the message's sender
}

// VerifyStreamMessage makes the checks Ixian-Core's receiveData makes on a
// received frame before a handshake handler runs, for a message that must
// come from the holder of pubKey (an RSA public key in Ixian's format: the
// key a requestAdd2 or acceptAdd2 carries, or the one stored for the sender
// of a keys2). In order:
//
//  1. decode the frame (DecodeStreamMessage);
//  2. data present (empty_field: "Null message data");
//  3. the address of pubKey (NewAddress's errors, field pubKey);
//  4. it equals the sender (sender_address);
//  5. pubKey read as an RSA key, with the profile's rules (§6); a key that
//     cannot be read verifies nothing: signature;
//  6. the signature verifies over the checksum of the decoded fields
//     (signature).
//
// For an encrypted message the frame is the one received, before
// decryption: Ixian-Core verifies with the checksum it computed then.
func VerifyStreamMessage(frame, pubKey []byte, p Profile) (*VerifiedStreamMessage, error) {
	m, err := DecodeStreamMessage(frame, p)
	if err != nil {
		return nil, err
	}
	if m.Data == nil {
		return nil, fieldErr("data", "required", category.EmptyField, 0, "message data")
	}
	a, err := newAddress("pubKey", pubKey)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(a.NoChecksum, m.Sender) {
		return nil, fieldErr("sender", "sender-address", category.SenderAddress, hexOf(m.Sender), hexOf(a.NoChecksum))
	}
	pub, err := parseRSAPublicKey("pubKey", pubKey, p)
	if err != nil {
		return nil, wrapErr("signature", "rsa-key", category.Signature, err)
	}
	c := m.Checksum()
	h := sha512.Sum512(c[:])
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA512, h[:], m.Signature); err != nil {
		return nil, wrapErr("signature", "rsa-pkcs1v15", category.Signature, err)
	}
	return &VerifiedStreamMessage{Message: m, Sender: a}, nil
}
