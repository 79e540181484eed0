package ixian

import (
	"encoding/binary"

	"github.com/pqhs/pqhs/impl/category"
)

// DotNetArrayMaxLength is .NET's Array.MaxLength, 2^31-57: BinaryReader's
// ReadBytes(n) allocates n bytes before it reads, and an array longer than
// this cannot be allocated (OutOfMemoryException), whatever the memory.
const DotNetArrayMaxLength = 0x7FFFFFC7

// The fixed-size fields of a SpixiMessage (§4.2): type, data length and
// channel are each an i32le; type and data length are the header
// (SpixiMessageHeaderSize).
const (
	spixiTypeSize    = 4
	spixiLengthSize  = 4
	spixiChannelSize = 4
)

// SpixiMessage is the frame around every Spixi payload (spec/ixian-s2.md
// §4.2):
//
//	type int32 LE || data length int32 LE || data || channel int32 LE ||
//	IxiBytes(groupAddress) || IxiBytes(groupSenderAddress)
//
// For the handshake, type is 40, 41 or 42, channel 0 and both group fields
// null (00), so the frame adds 14 bytes to the payload.
type SpixiMessage struct {
	Type               int32 // SpixiMessageCode
	Data               []byte
	Channel            int32
	GroupAddress       []byte
	GroupSenderAddress []byte

	// What the decoder found (Deployed tolerates these; Strict rejects them).
	DataShort      bool // the data length claimed more bytes than there were
	ChannelPresent bool // the frame had a channel field
	GroupPresent   bool // the frame had the two group fields
}

// DecodeSpixiMessage decodes a SpixiMessage frame.
func DecodeSpixiMessage(frame []byte, p Profile) (*SpixiMessage, error) {
	m := new(SpixiMessage)
	if err := m.Decode(frame, p); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode decodes a frame into m (§4.2, with §9's rules in wire order).
// Data and the group fields are sub-slices of frame.
//
// Both profiles: type and data length need 4 bytes each (truncated); a
// negative data length is negative_length; a channel cut short (1 to 3
// bytes) is truncated; the group fields are IxiBytes.
//
// Deployed, like Ixian-Core's BinaryReader: a data length past the end
// gives the bytes that are there (DataShort), unless it is above .NET's
// Array.MaxLength, whose allocation throws (varint_overflow); no byte after
// data means
// channel 0; no byte after channel means both group fields null; bytes
// after groupSenderAddress are ignored. Strict rejects each of these
// (truncated, missing_field, missing_field, trailing_bytes).
//
// Ixian-Core never reports an error here: it logs it and yields a chat
// (type 0) message without data. DecodeSpixiMessageLikeIxianCore gives that
// result.
func (m *SpixiMessage) Decode(frame []byte, p Profile) error {
	*m = SpixiMessage{}
	// Fields 1 and 2: type and data length.
	if len(frame) < spixiTypeSize {
		return fieldErr("type", "int32", category.Truncated, len(frame), spixiTypeSize)
	}
	m.Type = int32(binary.LittleEndian.Uint32(frame))
	if len(frame) < SpixiMessageHeaderSize {
		return fieldErr("data", "length-int32", category.Truncated, len(frame)-spixiTypeSize, spixiLengthSize)
	}
	l := int32(binary.LittleEndian.Uint32(frame[spixiTypeSize:]))
	if l < 0 {
		return fieldErr("data", "length-sign", category.NegativeLength, l, "at least 0")
	}
	// Field 3: data, which a deployed reader cuts short silently.
	rest := frame[SpixiMessageHeaderSize:]
	if int64(l) > int64(len(rest)) {
		if p == Strict {
			return fieldErr("data", "length", category.Truncated, len(rest), l)
		}
		if l > DotNetArrayMaxLength {
			return fieldErr("data", "length-array-max", category.VarintOverflow, l, DotNetArrayMaxLength)
		}
		m.DataShort = true
		l = int32(len(rest))
	}
	if l > 0 {
		m.Data = rest[:l:l]
	}
	// Field 4: channel, read only if a byte remains.
	rest = rest[l:]
	if len(rest) == 0 {
		if p == Strict {
			return fieldErr("channel", "required", category.MissingField, "absent", "int32")
		}
		return nil
	}
	if len(rest) < spixiChannelSize {
		return fieldErr("channel", "int32", category.Truncated, len(rest), spixiChannelSize)
	}
	m.Channel = int32(binary.LittleEndian.Uint32(rest))
	m.ChannelPresent = true
	// Fields 5 and 6: the group addresses, read only if a byte remains.
	rest = rest[spixiChannelSize:]
	if len(rest) == 0 {
		if p == Strict {
			return fieldErr("groupAddress", "required", category.MissingField, "absent", "IxiBytes")
		}
		return nil
	}
	var n int
	var err error
	if m.GroupAddress, n, err = readIxiBytes("groupAddress", rest, p); err != nil {
		return err
	}
	rest = rest[n:]
	if m.GroupSenderAddress, n, err = readIxiBytes("groupSenderAddress", rest, p); err != nil {
		return err
	}
	m.GroupPresent = true
	return checkTrailing(rest[n:], p)
}

// DecodeSpixiMessageLikeIxianCore returns the message Ixian-Core's
// SpixiMessage(byte[]) constructor builds, and the error it swallows
// (§4.2: it never reports one). On an
// error the constructor has set type 0 (chat), data null and channel 0, but
// keeps a groupAddress it had already read.
//
// It is SpixiMessageLikeIxianCore of what Decode(frame, Deployed) leaves
// and returns.
func DecodeSpixiMessageLikeIxianCore(frame []byte) (m SpixiMessage, swallowed error) {
	err := m.Decode(frame, Deployed)
	return SpixiMessageLikeIxianCore(m, err)
}

// SpixiMessageLikeIxianCore returns what Ixian-Core's constructor keeps of
// m, which Decode(frame, Deployed) left and answered err, and the error it
// swallows: m itself if err is nil, else a chat message with only the
// groupAddress m had read.
func SpixiMessageLikeIxianCore(m SpixiMessage, err error) (SpixiMessage, error) {
	if err != nil {
		return SpixiMessage{GroupAddress: m.GroupAddress}, err
	}
	return m, nil
}

// Append appends the frame as it is written (§4.2). Null and empty group
// fields both give 00.
func (m *SpixiMessage) Append(dst []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(m.Type))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(m.Data)))
	dst = append(dst, m.Data...)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(m.Channel))
	dst = AppendIxiBytes(dst, m.GroupAddress)
	return AppendIxiBytes(dst, m.GroupSenderAddress)
}

// Encode returns the encoded frame.
func (m *SpixiMessage) Encode() []byte {
	n := SpixiMessageHeaderSize + len(m.Data) + spixiChannelSize + IxiBytesSize(m.GroupAddress) + IxiBytesSize(m.GroupSenderAddress)
	return m.Append(make([]byte, 0, n))
}
