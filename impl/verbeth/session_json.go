package verbeth

import (
	"encoding/hex"
	"math"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// MarshalJSON writes the session state in the form spec/verbeth.md defines:
// one object with the SDK's member names in a fixed order, 32-byte values
// as lowercase hex (no 0x), absent values as null, counters as numbers.
func (s *Session) MarshalJSON() ([]byte, error) {
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

// ParseSession reads a session state written by MarshalJSON (member order
// and whitespace are free; every member is required; unknown members are
// rejected). Errors have category JSON.
func ParseSession(b []byte) (*Session, error) {
	v, err := jsjson.Parse(string(b), jsjson.Strict)
	if err != nil {
		return nil, wrapErr("state", "JSON", category.JSON, err)
	}
	r := stateReader{}
	s := &Session{}
	r.object("state", v, map[string]func(jsjson.Value){
		"conversationId":       r.key(&s.ConversationID),
		"topicOutbound":        r.key(&s.TopicOutbound),
		"topicInbound":         r.key(&s.TopicInbound),
		"rootKey":              r.key(&s.RootKey),
		"dhMySecretKey":        r.key(&s.DHMySecretKey),
		"dhMyPublicKey":        r.key(&s.DHMyPublicKey),
		"dhTheirPublicKey":     r.key(&s.DHTheirPublicKey),
		"sendingChainKey":      r.optKey(&s.SendingChainKey),
		"sendingMsgNumber":     r.u32(&s.SendingMsgNumber),
		"receivingChainKey":    r.optKey(&s.ReceivingChainKey),
		"receivingMsgNumber":   r.u32(&s.ReceivingMsgNumber),
		"previousChainLength":  r.u32(&s.PreviousChainLength),
		"currentTopicOutbound": r.key(&s.CurrentTopicOutbound),
		"currentTopicInbound":  r.key(&s.CurrentTopicInbound),
		"nextTopicOutbound":    r.optKey(&s.NextTopicOutbound),
		"nextTopicInbound":     r.optKey(&s.NextTopicInbound),
		"previousTopicInbound": r.optKey(&s.PreviousTopicInbound),
		"topicEpoch":           r.u32(&s.TopicEpoch),
		"clock":                r.u53(&s.Clock),
		"skippedKeys": func(a jsjson.Value) {
			if a.Kind != jsjson.Array {
				r.fail("skippedKeys", "an array")
				return
			}
			s.SkippedKeys = make([]SkippedKey, len(a.Elems))
			for i, e := range a.Elems {
				k := &s.SkippedKeys[i]
				r.object("skippedKeys[]", e, map[string]func(jsjson.Value){
					"dhPubKey":   r.key(&k.DHPubKey),
					"msgNumber":  r.u32(&k.MsgNumber),
					"messageKey": r.key(&k.MessageKey),
					"createdAt":  r.u53(&k.CreatedAt),
				})
			}
		},
	})
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

type stateReader struct {
	err   error
	field string
}

func (r *stateReader) fail(field, want string) {
	if r.err == nil {
		r.err = fieldErr("state."+field, "type", category.JSON, "malformed", want)
	}
}

func (r *stateReader) object(field string, v jsjson.Value, members map[string]func(jsjson.Value)) {
	if v.Kind != jsjson.Object {
		r.fail(field, "an object")
		return
	}
	for _, m := range v.Members {
		f, ok := members[m.Name]
		if !ok {
			r.fail(m.Name, "no such member")
			return
		}
		r.field = m.Name
		f(m.Value)
	}
	for name := range members {
		if _, ok := v.Get(name); !ok {
			r.fail(name, "present")
		}
	}
}

func (r *stateReader) key(dst *[32]byte) func(jsjson.Value) {
	return func(v jsjson.Value) {
		b, err := hex.DecodeString(v.Str)
		if v.Kind != jsjson.String || err != nil || len(b) != 32 || hex.EncodeToString(b) != v.Str {
			r.fail(r.field, "32 bytes as lowercase hex")
			return
		}
		copy(dst[:], b)
	}
}

func (r *stateReader) optKey(dst **[32]byte) func(jsjson.Value) {
	return func(v jsjson.Value) {
		if v.Kind == jsjson.Null {
			*dst = nil
			return
		}
		var k [32]byte
		r.key(&k)(v)
		*dst = &k
	}
}

func (r *stateReader) integer(v jsjson.Value, max float64) (float64, bool) {
	if v.Kind != jsjson.Number || v.Num < 0 || v.Num > max || v.Num != math.Trunc(v.Num) {
		r.fail(r.field, "a non-negative integer")
		return 0, false
	}
	return v.Num, true
}

func (r *stateReader) u32(dst *uint32) func(jsjson.Value) {
	return func(v jsjson.Value) {
		if f, ok := r.integer(v, math.MaxUint32); ok {
			*dst = uint32(f)
		}
	}
}

func (r *stateReader) u53(dst *uint64) func(jsjson.Value) {
	return func(v jsjson.Value) {
		if f, ok := r.integer(v, 1<<53-1); ok {
			*dst = uint64(f)
		}
	}
}
