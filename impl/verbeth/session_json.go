package verbeth

import (
	"math"
	"unsafe"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// MarshalJSON writes the session state in the form spec/verbeth.md defines:
// one object with the SDK's member names in a fixed order, 32-byte values
// as lowercase hex (no 0x), absent values as null, counters as numbers. It
// writes straight into one buffer of about the right size (every vector of
// the ratchet families carries a state, some with 1000 skipped keys).
func (s *Session) MarshalJSON() ([]byte, error) {
	const keyLen = 66 + 24 // a quoted 64-digit key and its member name
	opt := func(o jsjson.ObjectWriter, name string, b *[32]byte) jsjson.ObjectWriter {
		if b == nil {
			return o.Null(name)
		}
		return o.Hex(name, b[:])
	}
	num := func(n uint64) float64 { return float64(n) }
	o := jsjson.AppendObject(make([]byte, 0, 16*keyLen+200+len(s.SkippedKeys)*(2*keyLen+60))).
		Hex("conversationId", s.ConversationID[:]).
		Hex("topicOutbound", s.TopicOutbound[:]).
		Hex("topicInbound", s.TopicInbound[:]).
		Hex("rootKey", s.RootKey[:]).
		Hex("dhMySecretKey", s.DHMySecretKey[:]).
		Hex("dhMyPublicKey", s.DHMyPublicKey[:]).
		Hex("dhTheirPublicKey", s.DHTheirPublicKey[:])
	o = opt(o, "sendingChainKey", s.SendingChainKey).Num("sendingMsgNumber", num(uint64(s.SendingMsgNumber)))
	o = opt(o, "receivingChainKey", s.ReceivingChainKey).
		Num("receivingMsgNumber", num(uint64(s.ReceivingMsgNumber))).
		Num("previousChainLength", num(uint64(s.PreviousChainLength))).
		Objects("skippedKeys", len(s.SkippedKeys), func(i int, o jsjson.ObjectWriter) jsjson.ObjectWriter {
			k := &s.SkippedKeys[i]
			return o.Hex("dhPubKey", k.DHPubKey[:]).
				Num("msgNumber", num(uint64(k.MsgNumber))).
				Hex("messageKey", k.MessageKey[:]).
				Num("createdAt", num(k.CreatedAt))
		}).
		Hex("currentTopicOutbound", s.CurrentTopicOutbound[:]).
		Hex("currentTopicInbound", s.CurrentTopicInbound[:])
	o = opt(o, "nextTopicOutbound", s.NextTopicOutbound)
	o = opt(o, "nextTopicInbound", s.NextTopicInbound)
	o = opt(o, "previousTopicInbound", s.PreviousTopicInbound)
	return o.Num("topicEpoch", num(uint64(s.TopicEpoch))).Num("clock", num(s.Clock)).End(), nil
}

// ParseSession reads a session state written by MarshalJSON (member order
// and whitespace are free; every member is required; unknown members are
// rejected). Errors have category JSON.
func ParseSession(b []byte) (*Session, error) {
	// Parsed in place: nothing the parse returns is kept (keys are decoded
	// into arrays, errors name fields only).
	v, err := jsjson.Parse(unsafe.String(unsafe.SliceData(b), len(b)), jsjson.Strict)
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
				r.skippedKey(&s.SkippedKeys[i], e)
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

// skippedKey reads one element of skippedKeys as object would, with a
// switch instead of a map of readers made for each of up to 1000 elements.
func (r *stateReader) skippedKey(k *SkippedKey, v jsjson.Value) {
	if v.Kind != jsjson.Object {
		r.fail("skippedKeys[]", "an object")
		return
	}
	names := [...]string{"dhPubKey", "msgNumber", "messageKey", "createdAt"}
	var seen [len(names)]bool
	for _, m := range v.Members {
		r.field = m.Name
		switch m.Name {
		case names[0]:
			seen[0] = true
			r.readKey(&k.DHPubKey, m.Value)
		case names[1]:
			seen[1] = true
			if f, ok := r.integer(m.Value, math.MaxUint32); ok {
				k.MsgNumber = uint32(f)
			}
		case names[2]:
			seen[2] = true
			r.readKey(&k.MessageKey, m.Value)
		case names[3]:
			seen[3] = true
			if f, ok := r.integer(m.Value, 1<<53-1); ok {
				k.CreatedAt = uint64(f)
			}
		default:
			r.fail(m.Name, "no such member")
			return
		}
	}
	for i, name := range names {
		if !seen[i] {
			r.fail(name, "present")
		}
	}
}

func (r *stateReader) key(dst *[32]byte) func(jsjson.Value) {
	return func(v jsjson.Value) { r.readKey(dst, v) }
}

// readKey decodes 64 lowercase hex digits into dst.
func (r *stateReader) readKey(dst *[32]byte, v jsjson.Value) {
	if v.Kind != jsjson.String || len(v.Str) != 64 {
		r.fail(r.field, "32 bytes as lowercase hex")
		return
	}
	for i := range dst {
		hi, lo := lowerHex(v.Str[2*i]), lowerHex(v.Str[2*i+1])
		if hi > 15 || lo > 15 {
			r.fail(r.field, "32 bytes as lowercase hex")
			return
		}
		dst[i] = hi<<4 | lo
	}
}

// lowerHex is the value of a lowercase hex digit, or 16 for any other byte.
func lowerHex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return 16
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
