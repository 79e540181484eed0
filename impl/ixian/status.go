package ixian

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pqhs/pqhs/impl/category"
)

// The handshakeStatus state machine of a Friend record (spec/ixian-s2.md
// §10), as a pure function; §10 has the transition table, whose rows
// Transition follows in order. Ixian-Core's guards do not look at the role:
// a Friend record has none. Role only documents which side a test drives,
// and must be valid.

// The handshakeStatus values (§10). The acceptor uses only
// StatusRequestAdd2Received and StatusComplete.
const (
	// StatusRequestAdd2Sent: the requester sent requestAdd2.
	StatusRequestAdd2Sent = 0
	// StatusRequestAdd2Received: the acceptor received requestAdd2 (and
	// stays here while its acceptAdd2 is outstanding); for the requester,
	// the acceptor confirmed receiving it.
	StatusRequestAdd2Received = 1
	// StatusKeys2Sent: the requester processed acceptAdd2, derived the keys
	// and sent keys2.
	StatusKeys2Sent = 2
	// StatusComplete: the acceptor processed keys2; for the requester, the
	// acceptor confirmed receiving it.
	StatusComplete = 3
)

// Role is a side of the handshake.
type Role string

const (
	RoleRequester Role = "requester"
	RoleAcceptor  Role = "acceptor"
)

// FriendState is the part of a Friend record the handshake reads and
// writes. Its zero value is "no record for this address".
type FriendState struct {
	Known                                 bool  `json:"known"`           // a Friend record exists
	HandshakeStatus                       int   `json:"handshakeStatus"` // StatusRequestAdd2Sent..StatusComplete
	ProtocolVersion                       int   `json:"protocolVersion"`
	LastReceivedHandshakeMessageTimestamp int64 `json:"lastReceivedHandshakeMessageTimestamp"`
	Approved                              bool  `json:"approved"`
	// PendingEphemeral is ecdhPrivateKey != null: an acceptAdd2 was sent and
	// its ephemeral secrets are kept for keys2.
	PendingEphemeral bool `json:"pendingEphemeral"`
	// AddRequestsDisabled is the node-wide !FriendList.allowAddRequests; it
	// only matters for a request from an unknown address.
	AddRequestsDisabled bool `json:"addRequestsDisabled,omitempty"`
}

// EventKind names what happened.
type EventKind string

const (
	// Local actions.
	RequestAdd2Sent EventKind = "requestAdd2Sent" // sendContactRequest for a new contact
	AcceptAdd2Sent  EventKind = "acceptAdd2Sent"  // sendAcceptAdd2 (the user approved)
	Keys2Sent       EventKind = "keys2Sent"       // sendKeys2 (normally inside acceptAdd2Received)
	// Messages received (signature and address already verified).
	RequestAdd2Received EventKind = "requestAdd2Received"
	AcceptAdd2Received  EventKind = "acceptAdd2Received"
	Keys2Received       EventKind = "keys2Received"
	MsgReceived         EventKind = "msgReceived" // a received confirmation, Data = the confirmed message id
	// The legacy v0 handshake, for its downgrade guards.
	RequestAddReceived EventKind = "requestAddReceived"
	AcceptAddReceived  EventKind = "acceptAddReceived"
	KeysReceived       EventKind = "keysReceived"
)

// Event is one input of the state machine.
type Event struct {
	Kind EventKind `json:"kind"`
	// Version: requestAdd2's maxProtocolVersion or acceptAdd2's version, as
	// the C# int the decoder produced.
	Version int `json:"version,omitempty"`
	// Timestamp is the carrying StreamMessage's timestamp (Unix seconds).
	Timestamp int64 `json:"timestamp,omitempty"`
	// MsgID is the message id a msgReceived confirms (its SpixiMessage data).
	MsgID HexBytes `json:"msgId,omitempty"`
}

// HexBytes is a byte string that JSON encodes as lowercase hex, as the
// vector files do.
type HexBytes []byte

// MarshalJSON encodes b as a hex string.
func (b HexBytes) MarshalJSON() ([]byte, error) {
	return []byte(`"` + hex.EncodeToString(b) + `"`), nil
}

// UnmarshalJSON decodes a hex string.
func (b *HexBytes) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Verdict is how Ixian-Core treats an event.
type Verdict string

const (
	Accepted Verdict = "accepted" // processed
	Ignored  Verdict = "ignored"  // dropped harmlessly (handler returned false without a fault)
	Rejected Verdict = "rejected" // refused: Err carries state, replay or downgrade
)

// Actions that follow an event.
const (
	ActionNone             = "none"
	ActionIgnore           = "ignore"
	ActionAwaitApproval    = "awaitApproval"    // new contact request, waiting for the user
	ActionSendAcceptAdd2   = "sendAcceptAdd2"   // prepare ephemeral keys, send acceptAdd2
	ActionSendKeys2        = "sendKeys2"        // derive keys, send keys2
	ActionDeriveKeys       = "deriveKeys"       // derive keys from keys2 (and confirm it)
	ActionConfirm          = "sendMsgReceived"  // only a received confirmation
	ActionLegacyHandshake  = "legacyHandshake"  // the v0 handshake proceeds
	ActionSendRequestAdd2  = "sendRequestAdd2"  // send the contact request
	ActionHandshakeAdvance = "handshakeAdvance" // a confirmation moved handshakeStatus
)

// Outcome is the result of one transition.
type Outcome struct {
	State   FriendState
	Verdict Verdict
	Action  string
	Reason  string // why an event was ignored or rejected
	Err     error  // for Rejected: a *category.FieldError with State, Replay or Downgrade
}

func (o Outcome) String() string {
	return fmt.Sprintf("%s %s (%s) -> %+v", o.Verdict, o.Action, o.Reason, o.State)
}

// Transition applies one event to a Friend record and returns the record
// after it and the deployed verdict (§10's event table). The returned state can differ from s
// even for a rejection: acceptAdd2 and the legacy messages store the
// message's timestamp before their handler refuses them.
//
// It returns an error only for an invalid role or event kind.
func Transition(role Role, s FriendState, e Event) (Outcome, error) {
	if role != RoleRequester && role != RoleAcceptor {
		return Outcome{}, fmt.Errorf("ixian: unknown role %q", role)
	}
	o := Outcome{State: s}
	accept := func(action string) (Outcome, error) {
		o.Verdict, o.Action = Accepted, action
		return o, nil
	}
	ignore := func(reason string) (Outcome, error) {
		o.Verdict, o.Action, o.Reason = Ignored, ActionIgnore, reason
		return o, nil
	}
	reject := func(cat category.Category, rule, reason string, action string) (Outcome, error) {
		o.Verdict, o.Action, o.Reason = Rejected, action, reason
		o.Err = &category.FieldError{Field: string(e.Kind), Rule: rule, Cat: cat, Got: reason}
		return o, nil
	}
	st := &o.State

	switch e.Kind {
	case RequestAdd2Sent:
		// The apps create the record (RequestSent, approved) and then send;
		// they refuse to do so for an existing contact.
		if s.Known {
			return reject(category.State, "new-contact", "a record for this address exists", ActionNone)
		}
		*st = FriendState{Known: true, Approved: true, AddRequestsDisabled: s.AddRequestsDisabled}
		return accept(ActionSendRequestAdd2)

	case AcceptAdd2Sent:
		if !s.Known {
			return reject(category.State, "known", "no record for this address", ActionNone)
		}
		return sendAcceptAdd2(&o, s)

	case Keys2Sent:
		// sendKeys2 has no guard and changes nothing.
		if !s.Known {
			return reject(category.State, "known", "no record for this address", ActionNone)
		}
		return accept(ActionNone)

	case RequestAdd2Received:
		v := e.Version
		if v > ProtocolVersion {
			v = ProtocolVersion // "Unsupported client version, downgrading"
		}
		if !s.Known {
			if s.AddRequestsDisabled {
				return ignore("add requests are disabled")
			}
			*st = FriendState{Known: true, HandshakeStatus: StatusRequestAdd2Received, ProtocolVersion: v,
				LastReceivedHandshakeMessageTimestamp: e.Timestamp}
			return accept(ActionAwaitApproval)
		}
		if s.LastReceivedHandshakeMessageTimestamp >= e.Timestamp {
			return reject(category.Replay, "timestamp", "timestamp not newer than the last handshake message", ActionNone)
		}
		if st.ProtocolVersion < v {
			st.ProtocolVersion = v
		}
		st.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		st.HandshakeStatus = StatusRequestAdd2Received // also from StatusComplete: this is how a contact re-keys
		if !st.Approved {
			return accept(ActionAwaitApproval)
		}
		return sendAcceptAdd2(&o, *st)

	case AcceptAdd2Received:
		if !s.Known {
			return reject(category.State, "known", "acceptAdd2 from an address with no record", ActionNone)
		}
		if s.LastReceivedHandshakeMessageTimestamp >= e.Timestamp {
			return reject(category.Replay, "timestamp", "timestamp not newer than the last handshake message", ActionNone)
		}
		st.LastReceivedHandshakeMessageTimestamp = e.Timestamp // stored before the handler's guards
		if s.HandshakeStatus > StatusRequestAdd2Received {
			return reject(category.State, "status", "acceptAdd2 after keys were derived (handshakeStatus > 1)", ActionNone)
		}
		if s.ProtocolVersion > e.Version {
			return reject(category.Downgrade, "version", "acceptAdd2 version below the agreed protocolVersion", ActionNone)
		}
		st.ProtocolVersion = e.Version // no upper clamp
		st.Approved = true
		st.PendingEphemeral = false // finalizeSharedSecret clears ecdhPrivateKey
		st.HandshakeStatus = StatusKeys2Sent
		return accept(ActionSendKeys2)

	case Keys2Received:
		// No timestamp check and no timestamp update for keys2.
		if !s.Known {
			return reject(category.State, "known", "keys2 from an address with no record", ActionNone)
		}
		if s.HandshakeStatus >= StatusComplete {
			return reject(category.State, "status", "keys2 after the handshake completed (handshakeStatus 3)", ActionConfirm)
		}
		if !s.PendingEphemeral {
			// BouncyCastle throws on the null ecdhPrivateKey; no confirmation.
			return reject(category.State, "pending", "keys2 without an outstanding acceptAdd2", ActionNone)
		}
		st.PendingEphemeral = false
		st.HandshakeStatus = StatusComplete
		return accept(ActionDeriveKeys)

	case MsgReceived:
		if !s.Known {
			return reject(category.State, "known", "confirmation from an address with no record", ActionNone)
		}
		switch {
		case len(e.MsgID) == 0:
			return accept(ActionNone) // a null id is "handled"
		case bytes.Equal(e.MsgID, IDRequestAdd2):
			if s.HandshakeStatus != StatusRequestAdd2Sent {
				return ignore("requestAdd2 confirmed when handshakeStatus is not 0")
			}
			st.HandshakeStatus = StatusRequestAdd2Received
			return accept(ActionHandshakeAdvance)
		case bytes.Equal(e.MsgID, IDKeys2):
			if s.HandshakeStatus != StatusKeys2Sent {
				return ignore("keys2 confirmed when handshakeStatus is not 2")
			}
			st.HandshakeStatus = StatusComplete
			return accept(ActionHandshakeAdvance)
		default:
			return ignore("not a confirmation the handshake tracks")
		}

	case RequestAddReceived:
		if !s.Known {
			if s.AddRequestsDisabled {
				return ignore("add requests are disabled")
			}
			*st = FriendState{Known: true}
			if e.Timestamp <= 0 {
				return reject(category.Replay, "timestamp", "timestamp not newer than the last handshake message", ActionNone)
			}
			st.LastReceivedHandshakeMessageTimestamp = e.Timestamp
			st.HandshakeStatus = StatusRequestAdd2Received
			return accept(ActionAwaitApproval)
		}
		if s.ProtocolVersion > 0 {
			return reject(category.Downgrade, "version", "legacy requestAdd after protocol version 1 was agreed", ActionNone)
		}
		if s.LastReceivedHandshakeMessageTimestamp >= e.Timestamp {
			return reject(category.Replay, "timestamp", "timestamp not newer than the last handshake message", ActionNone)
		}
		st.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		st.HandshakeStatus = StatusRequestAdd2Received
		if !st.Approved {
			return accept(ActionAwaitApproval)
		}
		return accept(ActionLegacyHandshake)

	case AcceptAddReceived, KeysReceived:
		if !s.Known {
			return reject(category.State, "known", "a legacy message from an address with no record", ActionNone)
		}
		if s.LastReceivedHandshakeMessageTimestamp >= e.Timestamp {
			return reject(category.Replay, "timestamp", "timestamp not newer than the last handshake message", ActionNone)
		}
		st.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		if e.Kind == AcceptAddReceived {
			if s.ProtocolVersion > 0 {
				return reject(category.Downgrade, "version", "legacy acceptAdd after protocol version 1 was agreed", ActionNone)
			}
			if s.HandshakeStatus > StatusRequestAdd2Received {
				return reject(category.State, "status", "acceptAdd when handshakeStatus > 1", ActionNone)
			}
			st.Approved = true
			st.HandshakeStatus = StatusKeys2Sent
			return accept(ActionLegacyHandshake)
		}
		if s.HandshakeStatus >= StatusComplete {
			return reject(category.State, "status", "keys after the handshake completed", ActionNone)
		}
		if s.ProtocolVersion >= 1 {
			return reject(category.Downgrade, "version", "legacy keys after protocol version 1 was agreed", ActionNone)
		}
		st.HandshakeStatus = StatusComplete
		return accept(ActionLegacyHandshake)
	}
	return Outcome{}, fmt.Errorf("ixian: unknown event kind %q", e.Kind)
}

// sendAcceptAdd2 applies the guards of §10's acceptAdd2Sent rows to the
// state in o.
func sendAcceptAdd2(o *Outcome, s FriendState) (Outcome, error) {
	rej := func(reason string) (Outcome, error) {
		o.Verdict, o.Action, o.Reason = Rejected, ActionNone, reason
		o.Err = &category.FieldError{Field: string(AcceptAdd2Sent), Rule: "status", Cat: category.State, Got: reason}
		return *o, nil
	}
	if s.HandshakeStatus > StatusRequestAdd2Received {
		return rej("acceptAdd2 when handshakeStatus > 1")
	}
	if s.PendingEphemeral {
		return rej("an acceptAdd2 is already outstanding")
	}
	o.State.Approved = true // state = Approved
	o.State.PendingEphemeral = true
	o.Verdict, o.Action = Accepted, ActionSendAcceptAdd2
	return *o, nil
}
