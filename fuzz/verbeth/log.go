package verbeth

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"reflect"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
)

// Checks of the readers of whole event logs (spec/verbeth.md §2.1), what a
// port reads from the chain: the topics, cut from one byte string into
// 32-byte words (a last piece shorter than 32 bytes is a short topic), and
// the ABI-encoded data. Each checks: no panic; every rejection a
// *category.FieldError with its field and rule (TestLogRulesNamed maps each
// to spec/rules.md); whatever Strict accepts Deployed accepts alike; a
// Strict log is the writer's, byte for byte; a Deployed log written again
// is a Strict one with the same values; and both verdicts and the values
// are what an independent reading of §2.1's word layout (abiWalk, written
// here from the spec) finds.

// SplitTopics cuts b into 32-byte topics; a shorter last piece is kept.
func SplitTopics(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n := min(len(b), 32)
		out = append(out, b[:n:n])
		b = b[n:]
	}
	return out
}

// CheckHandshakeLog checks the Handshake log reader.
func CheckHandshakeLog(t check.TB, topics, data []byte) { checkLog(t, &handshakeLog, topics, data) }

// CheckHandshakeResponseLog checks the HandshakeResponse log reader.
func CheckHandshakeResponseLog(t check.TB, topics, data []byte) {
	checkLog(t, &handshakeResponseLog, topics, data)
}

// logForm is what tells one event's log apart for checkLog: its reader,
// its topic0 and head slots (abiWalk's), and where a read log keeps what
// the word layout holds (the data's values in head order, the address of
// topic 2, the indexed word of topic 1).
type logForm[L any] struct {
	what   string
	decode func(topics [][]byte, data []byte, p verbeth.Profile) (L, error)
	topic0 [32]byte
	static []bool
	layout func(L) (values [][]byte, address [20]byte, indexed [32]byte)
}

var handshakeLog = logForm[*verbeth.HandshakeLog]{
	what: "HandshakeLog", decode: verbeth.DecodeHandshakeLog,
	topic0: verbeth.HandshakeTopic, static: []bool{false, false, false},
	layout: func(l *verbeth.HandshakeLog) ([][]byte, [20]byte, [32]byte) {
		return [][]byte{l.PubKeys, l.EphemeralPubKey, l.PlaintextPayload}, l.Sender, l.RecipientHash
	},
}

var handshakeResponseLog = logForm[*verbeth.HandshakeResponseLog]{
	what: "HandshakeResponseLog", decode: verbeth.DecodeHandshakeResponseLog,
	topic0: verbeth.HandshakeResponseTopic, static: []bool{true, false},
	layout: func(l *verbeth.HandshakeResponseLog) ([][]byte, [20]byte, [32]byte) {
		return [][]byte{l.ResponderEphemeralR[:], l.Ciphertext}, l.Responder, l.InResponseTo
	},
}

// checkLog is the check both log targets make (see the top of the file).
func checkLog[L interface {
	Topics() [][]byte
	Data() []byte
}](t check.TB, f *logForm[L], topics, data []byte) {
	ts := SplitTopics(topics)
	s, errS := f.decode(ts, data, verbeth.Strict)
	d, errD := f.decode(ts, data, verbeth.Deployed)
	strictOK := check.SameVerdict(t, f.what, s, errS, d, errD)
	logNamesFieldAndRule(t, errS, errD)
	w := abiWalk(ts, data, f.topic0, f.static)
	w.agree(t, f.what, errS, errD)
	if errD != nil {
		return
	}
	if got, address, indexed := f.layout(d); !reflect.DeepEqual(got, w.values) || address != w.address || indexed != [32]byte(ts[1]) {
		t.Fatalf("%s: the reader found %x, %x; the word layout %x, %x", f.what, got, address, w.values, w.address)
	}
	if strictOK && (!bytes.Equal(s.Data(), data) || !reflect.DeepEqual(s.Topics(), ts)) {
		t.Fatalf("%s: a strict log is not the writer's:\n%x\n%x", f.what, s.Data(), data)
	}
	back, err := f.decode(d.Topics(), d.Data(), verbeth.Strict)
	if err != nil || !reflect.DeepEqual(back, d) {
		t.Fatalf("%s: Decode(Encode(Decode(x))) = %+v, %v; want %+v", f.what, back, err, d)
	}
}

func logNamesFieldAndRule(t check.TB, errs ...error) {
	for _, err := range errs {
		var fe *category.FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field == "" || fe.Rule == "") {
			t.Fatalf("a rejection without its field and rule: %#v", err)
		}
	}
}

// walk is what abiWalk found: the verdicts it expects and the values.
type walk struct {
	deployed, strict category.Category // "" for accept
	values           [][]byte
	address          [20]byte
}

// abiWalk reads a log as §2.1 describes, independently of impl/verbeth:
// topics first (at least three 32-byte words, topic0 the event's; Strict:
// exactly three, a clean address word); then each head slot of the data,
// a bytes32 (static) taken as is, or a bytes value's offset word, the
// length word at that offset and the padded value, all inside the data,
// offsets and lengths at most 2^53-1 as ethers reads them; Strict: each
// offset where the previous value's padding ends, zero padding, nothing
// after.
func abiWalk(topics [][]byte, data []byte, topic0 [32]byte, static []bool) walk {
	var w walk
	fail := func(c category.Category) walk { w.deployed, w.strict, w.values = c, c, nil; return w }
	if len(topics) < 3 {
		return fail(category.FieldLength)
	}
	for _, tp := range topics {
		if len(tp) != 32 {
			return fail(category.FieldLength)
		}
	}
	if !bytes.Equal(topics[0], topic0[:]) {
		return fail(category.MessageType)
	}
	copy(w.address[:], topics[2][12:])
	// Strict refuses the topics before it reads the data, and the data's
	// form only once every value has been read.
	var topicStrict, dataStrict category.Category
	switch {
	case len(topics) != 3:
		topicStrict = category.FieldLength
	case !bytes.Equal(topics[2][:12], make([]byte, 12)):
		topicStrict = category.ABIEncoding
	}
	truncated := func() walk {
		w.deployed, w.strict, w.values = category.Truncated, cmp.Or(topicStrict, category.Truncated), nil
		return w
	}
	number := func(word []byte) (uint64, bool) {
		if !bytes.Equal(word[:24], make([]byte, 24)) {
			return 0, false
		}
		v := binary.BigEndian.Uint64(word[24:])
		return v, v <= 1<<53-1
	}
	head := uint64(32 * len(static))
	next := head // where a canonical value starts
	for i, st := range static {
		slot := uint64(32 * i)
		if slot+32 > uint64(len(data)) {
			return truncated()
		}
		if st {
			w.values = append(w.values, data[slot:slot+32])
			continue
		}
		off, ok := number(data[slot : slot+32])
		if !ok || off > uint64(len(data)) || off+32 > uint64(len(data)) {
			return truncated()
		}
		n, ok := number(data[off : off+32])
		pad := (n + 31) / 32 * 32
		if !ok || pad > uint64(len(data))-(off+32) {
			return truncated()
		}
		w.values = append(w.values, data[off+32:off+32+n])
		if dataStrict == "" && (off != next || !bytes.Equal(data[off+32+n:off+32+pad], make([]byte, pad-n))) {
			dataStrict = category.ABIEncoding
		}
		next = off + 32 + pad
	}
	if next != uint64(len(data)) {
		dataStrict = cmp.Or(dataStrict, category.TrailingBytes)
	}
	w.strict = cmp.Or(topicStrict, dataStrict)
	return w
}

// agree fails unless the reader's verdicts are the walk's.
func (w walk) agree(t check.TB, what string, errS, errD error) {
	if got := category.Of(errD); got != w.deployed {
		t.Fatalf("%s: deployed says %q (%v), the word layout %q", what, got, errD, w.deployed)
	}
	if got := category.Of(errS); got != w.strict {
		t.Fatalf("%s: strict says %q (%v), the word layout %q", what, got, errS, w.strict)
	}
}
