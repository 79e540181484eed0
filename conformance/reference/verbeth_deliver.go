package reference

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	register(vectors.VerbethRatchetDeliver, func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		return RatchetDeliver(p, in, verbethDecrypt)
	})
}

// DeliverMessage is one message of verbeth/ratchet/deliver's messages.
type DeliverMessage struct {
	Payload *string `json:"payload"` // required
	Topic   *string `json:"topic,omitempty"`
}

// DeliverStep is one step of verbeth/ratchet/deliver's steps.
type DeliverStep struct {
	Op               string  `json:"op"`
	Message          *int    `json:"message,omitempty"`
	NewRatchetSecret *string `json:"newRatchetSecret,omitempty"`
}

// DeliverResult is one result of verbeth/ratchet/deliver.
type DeliverResult struct {
	Plaintext  *string `json:"plaintext,omitempty"`
	TopicMatch string  `json:"topicMatch,omitempty"`
	PN         *uint32 `json:"pn,omitempty"`
	N          *uint32 `json:"n,omitempty"`
	Error      string  `json:"error,omitempty"`
}

// decodeStrict decodes raw, an array of objects, into v, refusing unknown
// members, members that are null (encoding/json would read null as
// absent, where a request that sends null is malformed) and anything after
// the value.
func decodeStrict(raw json.RawMessage, v any) error {
	var objs []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &objs); err != nil {
		return err
	}
	for i, o := range objs {
		if o == nil {
			return fmt.Errorf("[%d] is null", i)
		}
		for k, m := range o {
			if string(m) == "null" {
				return fmt.Errorf("[%d].%s is null", i, k)
			}
		}
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("data after the value")
	}
	return nil
}

// RatchetDeliver runs verbeth/ratchet/deliver with decrypt as the
// operation of verbeth/ratchet/decrypt: each delivery is one decrypt
// request from the state the previous step left, so a port's (or a
// mutant's) decrypt is all the family exercises. A send advances the
// sending chain as §7.8 does.
func RatchetDeliver(p vectors.Profile, in vectors.Values, decrypt func(vectors.Profile, vectors.Values) (vectors.Values, error)) (vectors.Values, error) {
	r := in.Reader()
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	peer := r.Bytes("peerEd25519")
	rawMsgs, rawSteps := r.Raw("messages"), r.Raw("steps")
	if err := r.Err(); err != nil {
		return nil, err
	}
	var msgs []DeliverMessage
	var steps []DeliverStep
	if err := decodeStrict(rawMsgs, &msgs); err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	if err := decodeStrict(rawSteps, &steps); err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	payloads := make([][]byte, len(msgs))
	topics := make([][]byte, len(msgs))
	for i, m := range msgs {
		if m.Payload == nil {
			return nil, fmt.Errorf("messages[%d]: no payload", i)
		}
		if payloads[i], err = hex.DecodeString(*m.Payload); err != nil {
			return nil, fmt.Errorf("messages[%d].payload: %w", i, err)
		}
		if m.Topic != nil {
			if topics[i], err = hex.DecodeString(*m.Topic); err != nil {
				return nil, fmt.Errorf("messages[%d].topic: %w", i, err)
			}
		}
	}
	state, err := s.MarshalJSON()
	if err != nil {
		return nil, err
	}
	results := make([]DeliverResult, len(steps))
	for i, st := range steps {
		res := &results[i]
		switch st.Op {
		case "deliver":
			if st.Message == nil {
				return nil, fmt.Errorf("steps[%d]: a deliver names no message", i)
			}
			if *st.Message < 0 || *st.Message >= len(msgs) {
				return nil, fmt.Errorf("steps[%d]: no message %d among %d", i, *st.Message, len(msgs))
			}
			j := *st.Message
			req := vectors.Values{"state": json.RawMessage(state)}
			req.SetBytes("payload", payloads[j])
			req.SetBytes("peerEd25519", peer)
			if msgs[j].Topic != nil {
				req.SetBytes("topic", topics[j])
			}
			if st.NewRatchetSecret != nil {
				b, err := hex.DecodeString(*st.NewRatchetSecret)
				if err != nil {
					return nil, fmt.Errorf("steps[%d].newRatchetSecret: %w", i, err)
				}
				req.SetBytes("newRatchetSecret", b)
			}
			out, err := decrypt(p, req)
			if err != nil {
				c := category.Of(err)
				if c == "" {
					return nil, fmt.Errorf("steps[%d]: %w", i, err)
				}
				res.Error = string(c)
				continue
			}
			pt, err := out.Bytes("plaintext")
			if err != nil {
				return nil, fmt.Errorf("steps[%d]: %w", i, err)
			}
			h := hex.EncodeToString(pt)
			res.Plaintext = &h
			if msgs[j].Topic != nil {
				if res.TopicMatch, err = out.String("topicMatch"); err != nil {
					return nil, fmt.Errorf("steps[%d]: %w", i, err)
				}
			}
			raw, ok := out["state"]
			if !ok {
				return nil, fmt.Errorf("steps[%d]: no state", i)
			}
			state = raw
		case "send":
			if st.Message != nil || st.NewRatchetSecret != nil {
				return nil, fmt.Errorf("steps[%d]: a send takes no message", i)
			}
			cur, err := verbeth.ParseSession(state)
			if err != nil {
				return nil, err
			}
			n, e, err := cur.Encrypt(nil, make([]byte, 32), sendRandomness)
			if err != nil {
				c := category.Of(err)
				if c == "" {
					return nil, err
				}
				res.Error = string(c)
				continue
			}
			res.PN, res.N = &e.Header.PN, &e.Header.N
			if state, err = n.MarshalJSON(); err != nil {
				return nil, err
			}
		default:
			op := st.Op
			if len(op) > 64 { // a request's text, kept short in reports
				op = op[:64] + "..."
			}
			return nil, fmt.Errorf("steps[%d]: op %q is neither deliver nor send", i, op)
		}
	}
	rb, err := json.Marshal(results)
	if err != nil {
		return nil, err
	}
	return vectors.Values{"results": json.RawMessage(rb), "state": json.RawMessage(state)}, nil
}

// sendRandomness is the randomness of a send step: an empty plaintext
// pads to 64 bytes with no jitter.
var sendRandomness = verbeth.EncryptRandomness{PaddingFill: make([]byte, 64-5), Nonce: make([]byte, verbeth.SecretboxNonceSize)}
