package ixianwire

import (
	"bytes"
	"errors"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

// streamMessageFixture is an acceptAdd2 frame as a session sends it: the
// rsa2 envelope of the fixture's acceptAdd2 SpixiMessage, from the
// acceptor's address to the requester's, with a signature-sized field.
func streamMessageFixture() []byte {
	x := ixfix.Ixian()
	from, err := ixian.NewAddress(x.AcceptorRSA)
	if err != nil {
		panic(err)
	}
	to, err := ixian.NewAddress(x.RequesterRSA)
	if err != nil {
		panic(err)
	}
	m := ixian.StreamMessage{Version: 1, ID: ixian.IDAcceptAdd2, Type: int32(ixian.StreamInfo), EncryptionType: ixian.EncryptionRSA2,
		Sender: from.NoChecksum, Recipient: to.NoChecksum, Data: x.RSA2, Timestamp: 1767225600,
		Signature: bytes.Repeat([]byte{0x5a}, 512), RequireRcvConfirmation: true}
	return m.Encode()
}

func streamMessageSeeds() [][]byte {
	f := streamMessageFixture()
	return [][]byte{f, f[:len(f)-1], append(bytes.Clone(f), 0), append([]byte{0xfc, 0x01, 0x00}, f[1:]...), {0}, {}}
}

// FuzzStreamMessage fuzzes the decoder of whole StreamMessage frames
// (CheckStreamMessage). Its seed corpus holds the frames of the
// ixian/StreamMessage families' vectors.
func FuzzStreamMessage(f *testing.F) {
	for _, s := range streamMessageSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, frame []byte) { CheckStreamMessage(t, frame) })
}

// streamMessageLayout is the frame's field kinds for edges: version, id,
// type, encryptionType, sender, recipient, data, timestamp, signature.
const streamMessageLayout = "vbvvbbbvb"

func streamMessageInputs(t *testing.T) [][]byte {
	inputs := alloctest.First(alloctest.Corpus(t, "StreamMessage"))
	inputs = append(inputs, streamMessageSeeds()...)
	e := edges(streamMessageFixture(), streamMessageLayout)
	if len(e) < 40 {
		t.Fatalf("only %d edges", len(e))
	}
	return append(inputs, e...)
}

// A StreamMessage decode allocates at most its error, or the address it
// derives from a sender or recipient given as a key, whatever its lengths
// claim: its fields are sub-slices of the frame.
func TestStreamMessageAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	inputs := streamMessageInputs(t)
	alloctest.Check(t, 50, alloctest.Bytes(inputs, []ixian.Profile{ixian.Strict, ixian.Deployed},
		func(int) uint64 { return 2048 }, func(in []byte, p ixian.Profile) { var m ixian.StreamMessage; _ = m.Decode(in, p) }))
}

// Every rejection of the corpus, the seeds and the length edges names a
// rule of spec/rules.md (vectors.RuleBroken), and the target's checks hold
// on each input.
func TestStreamMessageRulesNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, in := range streamMessageInputs(t) {
		CheckStreamMessage(t, in)
		for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
			var m ixian.StreamMessage
			err := m.Decode(in, p)
			if err == nil {
				continue
			}
			var fe *category.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%x: %v", in, err)
			}
			id, rerr := vectors.RuleBroken(vectors.IxianStreamMessageDecode, fe.Field, fe.Rule, string(fe.Cat))
			if rerr != nil {
				t.Errorf("%x (%s): %v", in[:min(len(in), 40)], p, rerr)
			}
			seen[id] = true
		}
	}
	if len(seen) < 10 {
		t.Errorf("the inputs break only %d rules: %v", len(seen), seen)
	}
}

// The layout walk and the round trips catch a decoder that is wrong: a
// frame whose timestamp the writer would write in another form fails.
func TestStreamMessageCheckCatches(t *testing.T) {
	f := streamMessageFixture()
	var m ixian.StreamMessage
	if err := m.Decode(f, ixian.Strict); err != nil {
		t.Fatal(err)
	}
	m.Timestamp++ // a decoder off by one
	ft := &failT{}
	func() {
		defer func() { recover() }()
		checkStreamMessageLayout(ft, f, &m)
	}()
	if !ft.failed {
		t.Fatal("the layout walk accepted a timestamp off by one")
	}
}

type failT struct{ failed bool }

func (f *failT) Fatalf(string, ...any) { f.failed = true; panic("fatal") }
