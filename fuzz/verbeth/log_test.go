package verbeth

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/fuzz/internal/vbfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// The fixture's two logs, as the contract emits them.
func logFixtures() (*verbeth.HandshakeLog, *verbeth.HandshakeResponseLog) {
	v := vbfix.Verbeth()
	l := &verbeth.HandshakeLog{RecipientHash: v.Handshake.RecipientHash, PubKeys: v.Handshake.PubKeys,
		EphemeralPubKey: v.Handshake.EphemeralPubKey, PlaintextPayload: v.Handshake.PlaintextPayload}
	copy(l.Sender[:], bytes.Repeat([]byte{0xa1}, 20))
	rl := &verbeth.HandshakeResponseLog{InResponseTo: v.Event.InResponseTo, ResponderEphemeralR: v.Event.ResponderEphemeralR,
		Ciphertext: v.Event.Ciphertext}
	copy(rl.Responder[:], bytes.Repeat([]byte{0xb2}, 20))
	return l, rl
}

// logSeeds are a log's canonical form and a few hand-made defects; the
// corpus adds the vectors' logs.
func logSeeds(topics [][]byte, data []byte) [][2][]byte {
	t := bytes.Join(topics, nil)
	return [][2][]byte{{t, data}, {t[:64], data}, {append(bytes.Clone(t), t[32:64]...), data}, {t, append(bytes.Clone(data), 0)},
		{t, data[:len(data)-1]}, {t, data[:32]}, {t, nil}}
}

// FuzzHandshakeLog fuzzes the Handshake log reader (CheckHandshakeLog):
// topics as one byte string cut into 32-byte words, and the data.
func FuzzHandshakeLog(f *testing.F) {
	l, _ := logFixtures()
	for _, s := range logSeeds(l.Topics(), l.Data()) {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, topics, data []byte) { CheckHandshakeLog(t, topics, data) })
}

// FuzzHandshakeResponseLog fuzzes the HandshakeResponse log reader.
func FuzzHandshakeResponseLog(f *testing.F) {
	_, r := logFixtures()
	for _, s := range logSeeds(r.Topics(), r.Data()) {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, topics, data []byte) { CheckHandshakeResponseLog(t, topics, data) })
}

// claimWords are what an edge writes into an offset or length word: just
// past the data, and the limits of ethers' reader and of the word.
func claimWords(dataLen int) [][]byte {
	var out [][]byte
	for _, v := range []uint64{uint64(dataLen) + 1, 1<<53 - 1, 1 << 53, math.MaxInt64, math.MaxUint64} {
		w := make([]byte, 32)
		for i := range 8 {
			w[31-i] = byte(v >> (8 * i))
		}
		out = append(out, w)
	}
	all := bytes.Repeat([]byte{0xff}, 32)
	return append(out, all)
}

// logEdges returns the data with each offset word of the head (slots
// marked false in static) and each length word it points to replaced by
// each claim.
func logEdges(data []byte, static []bool) [][]byte {
	var out [][]byte
	set := func(at int, w []byte) []byte { d := bytes.Clone(data); copy(d[at:], w); return d }
	for i, st := range static {
		if st {
			continue
		}
		off := int(data[32*i+31]) | int(data[32*i+30])<<8
		for _, c := range claimWords(len(data)) {
			out = append(out, set(32*i, c), set(off, c))
		}
	}
	return out
}

type logInput struct{ topics, data []byte }

func logInputs(t *testing.T, target string, topics [][]byte, data []byte, static []bool) []logInput {
	var out []logInput
	for _, args := range alloctest.Corpus(t, target) {
		out = append(out, logInput{args[0].([]byte), args[1].([]byte)})
	}
	for _, s := range logSeeds(topics, data) {
		out = append(out, logInput{s[0], s[1]})
	}
	for _, d := range logEdges(data, static) {
		out = append(out, logInput{bytes.Join(topics, nil), d})
	}
	return out
}

// A log read allocates at most its result and its error, whatever its
// offsets and lengths claim: the values are sub-slices of the data.
func TestLogAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	hs, r := logFixtures()
	var cases []alloctest.Case
	for _, in := range logInputs(t, "HandshakeLog", hs.Topics(), hs.Data(), []bool{false, false, false}) {
		ts := SplitTopics(in.topics)
		for _, p := range []verbeth.Profile{verbeth.Strict, verbeth.Deployed} {
			cases = append(cases, alloctest.Case{Name: "Handshake " + p.String(), Limit: 1024,
				Run: func() { verbeth.DecodeHandshakeLog(ts, in.data, p) }})
		}
	}
	for _, in := range logInputs(t, "HandshakeResponseLog", r.Topics(), r.Data(), []bool{true, false}) {
		ts := SplitTopics(in.topics)
		for _, p := range []verbeth.Profile{verbeth.Strict, verbeth.Deployed} {
			cases = append(cases, alloctest.Case{Name: "HandshakeResponse " + p.String(), Limit: 1024,
				Run: func() { verbeth.DecodeHandshakeResponseLog(ts, in.data, p) }})
		}
	}
	alloctest.Check(t, 80, cases)
}

// Every rejection of the corpora, the seeds and the edges names a rule of
// spec/rules.md, and the targets' checks hold on each input.
func TestLogRulesNamed(t *testing.T) {
	hs, r := logFixtures()
	seen := map[string]bool{}
	name := func(fam *vectors.Family, in logInput, err error) {
		if err == nil {
			return
		}
		var fe *category.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("%v", err)
		}
		id, rerr := vectors.RuleBroken(fam, fe.Field, fe.Rule, string(fe.Cat))
		if rerr != nil {
			t.Errorf("%x / %x: %v", in.topics[:min(len(in.topics), 8)], in.data[:min(len(in.data), 40)], rerr)
		}
		seen[id] = true
	}
	for _, in := range logInputs(t, "HandshakeLog", hs.Topics(), hs.Data(), []bool{false, false, false}) {
		CheckHandshakeLog(t, in.topics, in.data)
		for _, p := range []verbeth.Profile{verbeth.Strict, verbeth.Deployed} {
			_, err := verbeth.DecodeHandshakeLog(SplitTopics(in.topics), in.data, p)
			name(vectors.VerbethLogHandshakeDecode, in, err)
		}
	}
	for _, in := range logInputs(t, "HandshakeResponseLog", r.Topics(), r.Data(), []bool{true, false}) {
		CheckHandshakeResponseLog(t, in.topics, in.data)
		for _, p := range []verbeth.Profile{verbeth.Strict, verbeth.Deployed} {
			_, err := verbeth.DecodeHandshakeResponseLog(SplitTopics(in.topics), in.data, p)
			name(vectors.VerbethLogHandshakeResponseDecode, in, err)
		}
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if len(ids) < 8 {
		t.Errorf("the inputs break only %d rules: %v", len(ids), ids)
	}
	t.Logf("rules broken: %v", ids)
}

// The word-layout walk disagrees with a reader that is wrong: an offset
// one word off reads other values, and a padding byte is not zero.
func TestAbiWalkCatches(t *testing.T) {
	hs, _ := logFixtures()
	data := hs.Data()
	w := abiWalk(hs.Topics(), data, verbeth.HandshakeTopic, []bool{false, false, false})
	if w.deployed != "" || w.strict != "" || !bytes.Equal(w.values[0], hs.PubKeys) || !bytes.Equal(w.values[2], hs.PlaintextPayload) {
		t.Fatalf("the walk of the canonical log: %+v", w)
	}
	d := bytes.Clone(data)
	d[len(d)-1] = 1 // the last padding byte (the payload is not a multiple of 32)
	if len(hs.PlaintextPayload)%32 == 0 {
		t.Skip("no padding in the fixture's payload")
	}
	if w := abiWalk(hs.Topics(), d, verbeth.HandshakeTopic, []bool{false, false, false}); w.strict != category.ABIEncoding || w.deployed != "" {
		t.Fatalf("dirty padding: %+v", w)
	}
}
