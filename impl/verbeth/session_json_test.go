package verbeth

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// marshalSessionTree is MarshalJSON as it was written before, through a
// jsjson.Value tree: the oracle of TestSessionJSONBytes.
func marshalSessionTree(s *Session) ([]byte, error) {
	h := func(b [32]byte) jsjson.Value { return jsjson.Str(hex.EncodeToString(b[:])) }
	opt := func(b *[32]byte) jsjson.Value {
		if b == nil {
			return jsjson.Value{}
		}
		return h(*b)
	}
	num := func(n uint64) jsjson.Value { return jsjson.Num(float64(n)) }
	skipped := jsjson.Arr()
	for _, k := range s.SkippedKeys {
		skipped.Elems = append(skipped.Elems, jsjson.Obj(
			jsjson.M("dhPubKey", h(k.DHPubKey)),
			jsjson.M("msgNumber", num(uint64(k.MsgNumber))),
			jsjson.M("messageKey", h(k.MessageKey)),
			jsjson.M("createdAt", num(k.CreatedAt)),
		))
	}
	return jsjson.Marshal(jsjson.Obj(
		jsjson.M("conversationId", h(s.ConversationID)),
		jsjson.M("topicOutbound", h(s.TopicOutbound)),
		jsjson.M("topicInbound", h(s.TopicInbound)),
		jsjson.M("rootKey", h(s.RootKey)),
		jsjson.M("dhMySecretKey", h(s.DHMySecretKey)),
		jsjson.M("dhMyPublicKey", h(s.DHMyPublicKey)),
		jsjson.M("dhTheirPublicKey", h(s.DHTheirPublicKey)),
		jsjson.M("sendingChainKey", opt(s.SendingChainKey)),
		jsjson.M("sendingMsgNumber", num(uint64(s.SendingMsgNumber))),
		jsjson.M("receivingChainKey", opt(s.ReceivingChainKey)),
		jsjson.M("receivingMsgNumber", num(uint64(s.ReceivingMsgNumber))),
		jsjson.M("previousChainLength", num(uint64(s.PreviousChainLength))),
		jsjson.M("skippedKeys", skipped),
		jsjson.M("currentTopicOutbound", h(s.CurrentTopicOutbound)),
		jsjson.M("currentTopicInbound", h(s.CurrentTopicInbound)),
		jsjson.M("nextTopicOutbound", opt(s.NextTopicOutbound)),
		jsjson.M("nextTopicInbound", opt(s.NextTopicInbound)),
		jsjson.M("previousTopicInbound", opt(s.PreviousTopicInbound)),
		jsjson.M("topicEpoch", num(uint64(s.TopicEpoch))),
		jsjson.M("clock", num(s.Clock)),
	)), nil
}

// MarshalJSON writes the bytes the Value tree gave (so vectors keep their
// bytes), and ParseSession reads them back, for states with and without
// skipped keys and absent chains.
func TestSessionJSONBytes(t *testing.T) {
	u := runUnit(t, Strict)
	_, e := send(t, u.aliceS1, "second", u.alice.edSeed, "json")
	skipped, _, err := u.bobS1.Decrypt(e.Payload, u.alice.edPub, nil, Deployed)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []*Session{u.aliceS0, u.bobS0, u.aliceS1, u.bobS1, skipped, {SkippedKeys: []SkippedKey{{MsgNumber: 7, CreatedAt: 1 << 52}, {MsgNumber: 1<<32 - 1}}}} {
		got, _ := s.MarshalJSON()
		want, _ := marshalSessionTree(s)
		if !bytes.Equal(got, want) {
			t.Fatalf("state %d:\n%s\nwant\n%s", i, got, want)
		}
		back, err := ParseSession(got)
		if err != nil || !reflect.DeepEqual(back.SkippedKeys, s.SkippedKeys) && len(s.SkippedKeys) > 0 {
			t.Fatalf("state %d: %v", i, err)
		}
		if again, _ := back.MarshalJSON(); !bytes.Equal(again, got) {
			t.Fatalf("state %d: the round trip changed it", i)
		}
	}
}
