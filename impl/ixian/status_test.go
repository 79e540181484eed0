package ixian

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
)

func TestTransitionTable(t *testing.T) {
	known := func(status, pv int, ts int64, approved, pending bool) FriendState {
		return FriendState{Known: true, HandshakeStatus: status, ProtocolVersion: pv,
			LastReceivedHandshakeMessageTimestamp: ts, Approved: approved, PendingEphemeral: pending}
	}
	R, A := RoleRequester, RoleAcceptor
	for _, c := range []struct {
		name    string
		role    Role
		s       FriendState
		e       Event
		want    FriendState
		verdict Verdict
		action  string
		cat     category.Category
	}{
		// The requester's path.
		{"R send requestAdd2", R, FriendState{}, Event{Kind: RequestAdd2Sent}, known(0, 0, 0, true, false), Accepted, ActionSendRequestAdd2, ""},
		{"R send requestAdd2 to a contact", R, known(3, 1, 5, true, false), Event{Kind: RequestAdd2Sent}, known(3, 1, 5, true, false), Rejected, ActionNone, category.State},
		{"R requestAdd2 confirmed", R, known(0, 0, 0, true, false), Event{Kind: MsgReceived, MsgID: []byte{0}}, known(1, 0, 0, true, false), Accepted, ActionHandshakeAdvance, ""},
		{"R requestAdd2 confirmed twice", R, known(1, 0, 0, true, false), Event{Kind: MsgReceived, MsgID: []byte{0}}, known(1, 0, 0, true, false), Ignored, ActionIgnore, ""},
		{"R acceptAdd2 at 1", R, known(1, 0, 0, true, false), Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 10}, known(2, 1, 10, true, false), Accepted, ActionSendKeys2, ""},
		{"R acceptAdd2 before the confirmation", R, known(0, 0, 0, true, false), Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 10}, known(2, 1, 10, true, false), Accepted, ActionSendKeys2, ""},
		{"R acceptAdd2 version 0 (no lower bound)", R, known(1, 0, 0, true, false), Event{Kind: AcceptAdd2Received, Version: 0, Timestamp: 10}, known(2, 0, 10, true, false), Accepted, ActionSendKeys2, ""},
		{"R acceptAdd2 version 7 (no upper clamp)", R, known(1, 0, 0, true, false), Event{Kind: AcceptAdd2Received, Version: 7, Timestamp: 10}, known(2, 7, 10, true, false), Accepted, ActionSendKeys2, ""},
		{"R second acceptAdd2", R, known(2, 1, 10, true, false), Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 11}, known(2, 1, 11, true, false), Rejected, ActionNone, category.State},
		{"R replayed acceptAdd2", R, known(2, 1, 10, true, false), Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 10}, known(2, 1, 10, true, false), Rejected, ActionNone, category.Replay},
		{"R older acceptAdd2", R, known(1, 0, 10, true, false), Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 9}, known(1, 0, 10, true, false), Rejected, ActionNone, category.Replay},
		{"R acceptAdd2 downgrade burns the timestamp", R, known(1, 1, 10, true, false), Event{Kind: AcceptAdd2Received, Version: 0, Timestamp: 11}, known(1, 1, 11, true, false), Rejected, ActionNone, category.Downgrade},
		{"R acceptAdd2 from a stranger", R, FriendState{}, Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 11}, FriendState{}, Rejected, ActionNone, category.State},
		{"R keys2 confirmed", R, known(2, 1, 10, true, false), Event{Kind: MsgReceived, MsgID: []byte{2}}, known(3, 1, 10, true, false), Accepted, ActionHandshakeAdvance, ""},
		{"R keys2 confirmed at 1", R, known(1, 1, 10, true, false), Event{Kind: MsgReceived, MsgID: []byte{2}}, known(1, 1, 10, true, false), Ignored, ActionIgnore, ""},
		{"R acceptAdd2 confirmed (ignored)", R, known(1, 1, 10, true, false), Event{Kind: MsgReceived, MsgID: []byte{1}}, known(1, 1, 10, true, false), Ignored, ActionIgnore, ""},
		{"R null confirmation", R, known(1, 1, 10, true, false), Event{Kind: MsgReceived}, known(1, 1, 10, true, false), Accepted, ActionNone, ""},
		{"R two-byte confirmation", R, known(0, 0, 0, true, false), Event{Kind: MsgReceived, MsgID: []byte{0, 0}}, known(0, 0, 0, true, false), Ignored, ActionIgnore, ""},
		{"R keys2 sent", R, known(2, 1, 10, true, false), Event{Kind: Keys2Sent}, known(2, 1, 10, true, false), Accepted, ActionNone, ""},
		{"R keys2 received without pending keys", R, known(2, 1, 10, true, false), Event{Kind: Keys2Received}, known(2, 1, 10, true, false), Rejected, ActionNone, category.State},

		// The acceptor's path.
		{"A requestAdd2 from a stranger", A, FriendState{}, Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 5}, known(1, 1, 5, false, false), Accepted, ActionAwaitApproval, ""},
		{"A requestAdd2 version 9 is clamped", A, FriendState{}, Event{Kind: RequestAdd2Received, Version: 9, Timestamp: 5}, known(1, 1, 5, false, false), Accepted, ActionAwaitApproval, ""},
		{"A requestAdd2 version 0 is kept", A, FriendState{}, Event{Kind: RequestAdd2Received, Version: 0, Timestamp: 5}, known(1, 0, 5, false, false), Accepted, ActionAwaitApproval, ""},
		{"A requestAdd2 with add requests disabled", A, FriendState{AddRequestsDisabled: true}, Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 5}, FriendState{AddRequestsDisabled: true}, Ignored, ActionIgnore, ""},
		{"A approves", A, known(1, 1, 5, false, false), Event{Kind: AcceptAdd2Sent}, known(1, 1, 5, true, true), Accepted, ActionSendAcceptAdd2, ""},
		{"A approves twice", A, known(1, 1, 5, true, true), Event{Kind: AcceptAdd2Sent}, known(1, 1, 5, true, true), Rejected, ActionNone, category.State},
		{"A acceptAdd2 after keys", A, known(3, 1, 5, true, false), Event{Kind: AcceptAdd2Sent}, known(3, 1, 5, true, false), Rejected, ActionNone, category.State},
		{"A keys2", A, known(1, 1, 5, true, true), Event{Kind: Keys2Received}, known(3, 1, 5, true, false), Accepted, ActionDeriveKeys, ""},
		{"A keys2 has no timestamp check", A, known(1, 1, 50, true, true), Event{Kind: Keys2Received, Timestamp: 1}, known(3, 1, 50, true, false), Accepted, ActionDeriveKeys, ""},
		{"A second keys2", A, known(3, 1, 5, true, false), Event{Kind: Keys2Received}, known(3, 1, 5, true, false), Rejected, ActionConfirm, category.State},
		{"A keys2 before approving", A, known(1, 1, 5, false, false), Event{Kind: Keys2Received}, known(1, 1, 5, false, false), Rejected, ActionNone, category.State},
		{"A replayed requestAdd2", A, known(1, 1, 5, false, false), Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 5}, known(1, 1, 5, false, false), Rejected, ActionNone, category.Replay},
		{"A newer requestAdd2, approved: acceptAdd2", A, known(1, 1, 5, true, false), Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 6}, known(1, 1, 6, true, true), Accepted, ActionSendAcceptAdd2, ""},
		{"A newer requestAdd2 while acceptAdd2 is out", A, known(1, 1, 5, true, true), Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 6}, known(1, 1, 6, true, true), Rejected, ActionNone, category.State},
		{"A re-key from 3", A, known(3, 1, 5, true, false), Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 6}, known(1, 1, 6, true, true), Accepted, ActionSendAcceptAdd2, ""},
		{"A requestAdd2 never lowers the version", A, known(3, 1, 5, false, false), Event{Kind: RequestAdd2Received, Version: 0, Timestamp: 6}, known(1, 1, 6, false, false), Accepted, ActionAwaitApproval, ""},

		// Legacy v0 messages after v1 was agreed.
		{"legacy requestAdd downgrade", A, known(3, 1, 5, true, false), Event{Kind: RequestAddReceived, Timestamp: 6}, known(3, 1, 5, true, false), Rejected, ActionNone, category.Downgrade},
		{"legacy requestAdd at v0", A, known(3, 0, 5, true, false), Event{Kind: RequestAddReceived, Timestamp: 6}, known(1, 0, 6, true, false), Accepted, ActionLegacyHandshake, ""},
		{"legacy acceptAdd downgrade burns the timestamp", R, known(1, 1, 5, true, false), Event{Kind: AcceptAddReceived, Timestamp: 6}, known(1, 1, 6, true, false), Rejected, ActionNone, category.Downgrade},
		{"legacy keys downgrade", A, known(1, 1, 5, true, true), Event{Kind: KeysReceived, Timestamp: 6}, known(1, 1, 6, true, true), Rejected, ActionNone, category.Downgrade},
		{"legacy keys replay", A, known(1, 0, 5, true, false), Event{Kind: KeysReceived, Timestamp: 5}, known(1, 0, 5, true, false), Rejected, ActionNone, category.Replay},
	} {
		o, err := Transition(c.role, c.s, c.e)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if o.State != c.want || o.Verdict != c.verdict || o.Action != c.action {
			t.Errorf("%s:\n got  %v\n want %s %s -> %+v", c.name, o, c.verdict, c.action, c.want)
		}
		if c.cat != "" && !(o.Verdict == Rejected && category.Of(o.Err) == c.cat) {
			t.Errorf("%s: error %v, want %s", c.name, o.Err, c.cat)
		}
		if c.cat == "" && o.Err != nil {
			t.Errorf("%s: unexpected error %v", c.name, o.Err)
		}
	}
	if _, err := Transition("bystander", FriendState{}, Event{Kind: Keys2Sent}); err == nil {
		t.Error("an unknown role is accepted")
	}
	if _, err := Transition(RoleRequester, FriendState{}, Event{Kind: "hello"}); err == nil {
		t.Error("an unknown event is accepted")
	}
}

// TestTransitionRuns drives both records through a whole handshake, as two
// Ixian-Core nodes would, and then through a re-key.
func TestTransitionRuns(t *testing.T) {
	var req, acc FriendState
	step := func(role Role, s *FriendState, e Event, want Verdict) {
		t.Helper()
		o, err := Transition(role, *s, e)
		if err != nil || o.Verdict != want {
			t.Fatalf("%s %s: %v %v", role, e.Kind, o, err)
		}
		*s = o.State
	}
	step(RoleRequester, &req, Event{Kind: RequestAdd2Sent}, Accepted)
	step(RoleAcceptor, &acc, Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 100}, Accepted)
	step(RoleRequester, &req, Event{Kind: MsgReceived, MsgID: IDRequestAdd2}, Accepted)
	step(RoleAcceptor, &acc, Event{Kind: AcceptAdd2Sent}, Accepted)
	step(RoleRequester, &req, Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 101}, Accepted)
	step(RoleAcceptor, &acc, Event{Kind: Keys2Received, Timestamp: 102}, Accepted)
	step(RoleRequester, &req, Event{Kind: MsgReceived, MsgID: IDKeys2}, Accepted)
	if req.HandshakeStatus != 3 || acc.HandshakeStatus != 3 || req.ProtocolVersion != 1 || acc.ProtocolVersion != 1 {
		t.Fatalf("after the handshake: %+v / %+v", req, acc)
	}
	// The same acceptAdd2 again is a replay; a new one after 3 is refused.
	step(RoleRequester, &req, Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 101}, Rejected)
	step(RoleRequester, &req, Event{Kind: AcceptAdd2Received, Version: 1, Timestamp: 200}, Rejected)
	// Re-key: the requester sends a newer requestAdd2 to its contact.
	step(RoleAcceptor, &acc, Event{Kind: RequestAdd2Received, Version: 1, Timestamp: 300}, Accepted)
	if acc.HandshakeStatus != 1 || !acc.PendingEphemeral {
		t.Fatalf("re-key: %+v", acc)
	}
	step(RoleAcceptor, &acc, Event{Kind: Keys2Received}, Accepted)
}

func TestTransitionJSON(t *testing.T) {
	e := Event{Kind: MsgReceived, MsgID: []byte{2}, Timestamp: 7}
	b, err := json.Marshal(e)
	if err != nil || string(b) != `{"kind":"msgReceived","timestamp":7,"msgId":"02"}` {
		t.Fatalf("%s %v", b, err)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil || !bytes.Equal(back.MsgID, e.MsgID) {
		t.Fatalf("%+v %v", back, err)
	}
	s, _ := json.Marshal(FriendState{Known: true, HandshakeStatus: 2})
	if string(s) != `{"known":true,"handshakeStatus":2,"protocolVersion":0,"lastReceivedHandshakeMessageTimestamp":0,"approved":false,"pendingEphemeral":false}` {
		t.Errorf("state JSON %s", s)
	}
}
