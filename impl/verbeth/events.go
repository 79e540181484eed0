package verbeth

import (
	"bytes"
	"encoding/binary"

	"github.com/pqhs/pqhs/impl/category"
)

// The on-chain event logs that carry the handshake (VerbethV1.sol;
// spec/verbeth.md §2). A log is a list of 32-byte topics and a data blob:
//
//	Handshake(bytes32 indexed recipientHash, address indexed sender,
//	          bytes pubKeys, bytes ephemeralPubKey, bytes plaintextPayload)
//	HandshakeResponse(bytes32 indexed inResponseTo, address indexed responder,
//	          bytes32 responderEphemeralR, bytes ciphertext)
//
// topic0 is keccak256 of the event's signature, the indexed values follow
// (an address in the low 20 bytes of its word), and the data is the
// Solidity ABI encoding of the other values: a head of one word per value
// (a bytes32 itself; for bytes, the offset of its tail from the start of the
// data), then each bytes value as a length word and the bytes padded with
// zeros to a multiple of 32.
//
// Deployed reads a log as the reference client (the demo app of
// okrame/verbeth) does: ethers 6's AbiCoder.decode for the data, topics[1]
// as the hash or tag and the last 20 bytes of topics[2] as the address.
// That decoder follows any offset that stays in bounds (out of order,
// overlapping, not a multiple of 32, pointing into the head), ignores the
// padding bytes and whatever follows the values, but wants each value's
// padded length inside the data. Strict wants the canonical encoding.

// Event signatures and their topic0.
const (
	HandshakeSignature         = "Handshake(bytes32,address,bytes,bytes,bytes)"
	HandshakeResponseSignature = "HandshakeResponse(bytes32,address,bytes32,bytes)"
)

var (
	// HandshakeTopic is 0x4bc6509d…65d5.
	HandshakeTopic = Keccak256([]byte(HandshakeSignature))
	// HandshakeResponseTopic is 0x89a4dd66…de46.
	HandshakeResponseTopic = Keccak256([]byte(HandshakeResponseSignature))
)

const (
	abiWord        = 32
	addressSize    = 20
	eventTopics    = 3
	jsMaxSafeInt   = 1<<53 - 1 // ethers' getNumber refuses more
	hsDataWords    = 3         // three offsets
	hsrDataWords   = 2         // responderEphemeralR, an offset
	addressPadding = abiWord - addressSize
)

// HandshakeLog is a Handshake event.
type HandshakeLog struct {
	RecipientHash    [32]byte
	Sender           [20]byte
	PubKeys          []byte
	EphemeralPubKey  []byte
	PlaintextPayload []byte
}

// HandshakeResponseLog is a HandshakeResponse event.
type HandshakeResponseLog struct {
	InResponseTo        [32]byte
	Responder           [20]byte
	ResponderEphemeralR [32]byte
	Ciphertext          []byte
}

// Topics returns the log's three topics.
func (l *HandshakeLog) Topics() [][]byte {
	return eventTopicList(HandshakeTopic, l.RecipientHash, l.Sender)
}

// Data returns the canonical ABI encoding of the log's data.
func (l *HandshakeLog) Data() []byte {
	return abiEncode(nil, l.PubKeys, l.EphemeralPubKey, l.PlaintextPayload)
}

// Topics returns the log's three topics.
func (l *HandshakeResponseLog) Topics() [][]byte {
	return eventTopicList(HandshakeResponseTopic, l.InResponseTo, l.Responder)
}

// Data returns the canonical ABI encoding of the log's data.
func (l *HandshakeResponseLog) Data() []byte {
	return abiEncode(l.ResponderEphemeralR[:], l.Ciphertext)
}

func eventTopicList(topic0, indexed [32]byte, addr [20]byte) [][]byte {
	var a [32]byte
	copy(a[addressPadding:], addr[:])
	return [][]byte{topic0[:], indexed[:], a[:]}
}

// abiEncode writes the canonical encoding of an optional leading bytes32
// and the bytes values.
func abiEncode(word []byte, values ...[]byte) []byte {
	head := len(values)
	if word != nil {
		head++
	}
	size := head * abiWord
	for _, v := range values {
		size += abiWord + padded(len(v))
	}
	out := make([]byte, 0, size)
	out = append(out, word...)
	off := head * abiWord
	for _, v := range values {
		out = appendWord(out, uint64(off))
		off += abiWord + padded(len(v))
	}
	for _, v := range values {
		out = appendWord(out, uint64(len(v)))
		out = append(out, v...)
		out = append(out, make([]byte, padded(len(v))-len(v))...)
	}
	return out
}

func padded(n int) int { return (n + abiWord - 1) / abiWord * abiWord }

func appendWord(dst []byte, v uint64) []byte {
	dst = append(dst, make([]byte, abiWord-8)...)
	return binary.BigEndian.AppendUint64(dst, v)
}

// DecodeHandshakeLog decodes a Handshake log from its topics and data.
//
// Both profiles, in order: at least three topics (field_length), each 32
// bytes (field_length), topic0 the Handshake's (message_type); then the data
// as ethers reads it (abiReader: truncated when something lies out of
// bounds). Strict adds: exactly three topics (field_length), the address
// word's top 12 bytes zero (abi_encoding), the canonical offsets and zero
// padding (abi_encoding), nothing after the last value (trailing_bytes).
func DecodeHandshakeLog(topics [][]byte, data []byte, p Profile) (*HandshakeLog, error) {
	t, err := readTopics(topics, HandshakeTopic, "sender", p)
	if err != nil {
		return nil, err
	}
	r := abiReader{data: data}
	l := &HandshakeLog{RecipientHash: [32]byte(t[1])}
	copy(l.Sender[:], t[2][addressPadding:])
	l.PubKeys = r.bytes("pubKeys", 0)
	l.EphemeralPubKey = r.bytes("ephemeralPubKey", 1)
	l.PlaintextPayload = r.bytes("plaintextPayload", 2)
	if r.err == nil && p == Strict {
		r.strict(hsDataWords)
	}
	if r.err != nil {
		return nil, r.err
	}
	return l, nil
}

// DecodeHandshakeResponseLog decodes a HandshakeResponse log from its
// topics and data, with DecodeHandshakeLog's rules; the data's first word is
// responderEphemeralR itself.
func DecodeHandshakeResponseLog(topics [][]byte, data []byte, p Profile) (*HandshakeResponseLog, error) {
	t, err := readTopics(topics, HandshakeResponseTopic, "responder", p)
	if err != nil {
		return nil, err
	}
	r := abiReader{data: data}
	l := &HandshakeResponseLog{InResponseTo: [32]byte(t[1])}
	copy(l.Responder[:], t[2][addressPadding:])
	if w, ok := r.word(0); ok {
		l.ResponderEphemeralR = [32]byte(w)
	} else {
		r.fail(fieldErr("responderEphemeralR", "head-in-bounds", category.Truncated, len(data), abiWord))
	}
	l.Ciphertext = r.bytes("ciphertext", 1)
	if r.err == nil && p == Strict {
		r.strict(hsrDataWords)
	}
	if r.err != nil {
		return nil, r.err
	}
	return l, nil
}

func readTopics(topics [][]byte, topic0 [32]byte, addrField string, p Profile) ([][]byte, error) {
	if len(topics) < eventTopics {
		return nil, fieldErr("topics", "topics-count", category.FieldLength, len(topics), eventTopics)
	}
	for _, t := range topics {
		if len(t) != abiWord {
			return nil, fieldErr("topics", "topic-length", category.FieldLength, len(t), abiWord)
		}
	}
	if !bytes.Equal(topics[0], topic0[:]) {
		return nil, fieldErr("topic0", "event", category.MessageType, hexs(topics[0]), hexs(topic0[:]))
	}
	if p == Strict {
		if len(topics) != eventTopics {
			return nil, fieldErr("topics", "topics-exact", category.FieldLength, len(topics), eventTopics)
		}
		if !isZero(topics[2][:addressPadding]) {
			return nil, fieldErr(addrField, "address-word", category.ABIEncoding, hexs(topics[2][:addressPadding]), "12 zero bytes")
		}
	}
	return topics, nil
}

// abiReader reads bytes values the way ethers 6's AbiCoder.decode does
// (without its loose mode): a value's offset word is read from the head and
// taken from the start of the data, its length word from there, and the
// value with its padding must lie inside the data; offsets and lengths above
// 2^53-1 are refused (ethers' getNumber). It keeps the first error, and what
// it read for Strict's canonical checks.
type abiReader struct {
	data []byte
	err  error
	seen []abiValue
}

type abiValue struct {
	field     string
	head, off int // the head slot and the offset it holds
	n         int // the value's length
}

func (r *abiReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// word returns the 32-byte word at slot i of the head.
func (r *abiReader) word(i int) ([]byte, bool) { return r.wordAt(i * abiWord) }

func (r *abiReader) wordAt(off int) ([]byte, bool) {
	if off < 0 || off > len(r.data)-abiWord {
		return nil, false
	}
	return r.data[off : off+abiWord], true
}

// number reads a word as ethers' getNumber does (at most 2^53-1) and as an
// offset or length into data: ok only if it is at most len(data).
func (r *abiReader) number(w []byte) (int, bool) {
	if !isZero(w[:abiWord-8]) {
		return 0, false
	}
	v := binary.BigEndian.Uint64(w[abiWord-8:])
	if v > jsMaxSafeInt || v > uint64(len(r.data)) {
		return 0, false
	}
	return int(v), true
}

func (r *abiReader) bytes(field string, slot int) []byte {
	if r.err != nil {
		return nil
	}
	w, ok := r.word(slot)
	if !ok {
		r.fail(fieldErr(field, "head-in-bounds", category.Truncated, len(r.data), (slot+1)*abiWord))
		return nil
	}
	off, ok := r.number(w)
	lw, ok2 := r.wordAt(off)
	if !ok || !ok2 {
		r.fail(fieldErr(field, "offset-in-bounds", category.Truncated, hexs(w), len(r.data)))
		return nil
	}
	n, ok := r.number(lw)
	start := off + abiWord
	if !ok || padded(n) > len(r.data)-start {
		r.fail(fieldErr(field, "length-in-bounds", category.Truncated, hexs(lw), len(r.data)-start))
		return nil
	}
	r.seen = append(r.seen, abiValue{field: field, head: slot, off: off, n: n})
	return r.data[start : start+n : start+n]
}

// strict checks what only the canonical encoding has: each offset where the
// previous value ends (the first right after the head of headWords words),
// zero padding, and no byte after the last value.
func (r *abiReader) strict(headWords int) {
	want := headWords * abiWord
	for _, v := range r.seen {
		if v.off != want {
			r.fail(fieldErr(v.field, "offset", category.ABIEncoding, v.off, want))
			return
		}
		start := v.off + abiWord
		if !isZero(r.data[start+v.n : start+padded(v.n)]) {
			r.fail(fieldErr(v.field, "padding", category.ABIEncoding, hexs(r.data[start+v.n:start+padded(v.n)]), "zero bytes"))
			return
		}
		want = start + padded(v.n)
	}
	if len(r.data) != want {
		r.fail(fieldErr("data", "no-trailing", category.TrailingBytes, len(r.data)-want, 0))
	}
}
