package ixianwire

import (
	"bytes"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
)

// expected is one row of the transition table of spec/ixian-s2.md §10.
type expected struct {
	state   ixian.FriendState
	verdict ixian.Verdict
	cat     category.Category // for Rejected
	action  string
}

// specTransition is the handshakeStatus table of spec/ixian-s2.md §10,
// written from the table alone, row by row, as an independent oracle for
// ixian.Transition: (state, event) → (state', verdict, action).
func specTransition(s ixian.FriendState, e ixian.Event) expected {
	reject := func(st ixian.FriendState, c category.Category) expected {
		return expected{state: st, verdict: ixian.Rejected, cat: c}
	}
	accept := func(st ixian.FriendState, action string) expected {
		return expected{state: st, verdict: ixian.Accepted, action: action}
	}
	ignore := expected{state: s, verdict: ixian.Ignored, action: ixian.ActionIgnore}
	fresh := func() ixian.FriendState {
		return ixian.FriendState{Known: true, AddRequestsDisabled: s.AddRequestsDisabled}
	}
	n := s // the record after the event
	switch e.Kind {
	case ixian.RequestAdd2Sent:
		if s.Known {
			return reject(s, category.State)
		}
		n = fresh()
		n.Approved = true
		return accept(n, ixian.ActionSendRequestAdd2)

	case ixian.RequestAdd2Received:
		v := min(e.Version, 1)
		if !s.Known {
			if s.AddRequestsDisabled {
				return ignore
			}
			n = fresh()
			n.HandshakeStatus, n.ProtocolVersion, n.LastReceivedHandshakeMessageTimestamp = 1, v, e.Timestamp
			return accept(n, ixian.ActionAwaitApproval)
		}
		if e.Timestamp <= s.LastReceivedHandshakeMessageTimestamp {
			return reject(s, category.Replay)
		}
		n.ProtocolVersion = max(s.ProtocolVersion, v)
		n.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		n.HandshakeStatus = 1
		if !s.Approved {
			return accept(n, ixian.ActionAwaitApproval)
		}
		if n.PendingEphemeral {
			return reject(n, category.State)
		}
		n.PendingEphemeral = true
		return accept(n, ixian.ActionSendAcceptAdd2)

	case ixian.AcceptAdd2Sent:
		if !s.Known || s.HandshakeStatus > 1 || s.PendingEphemeral {
			return reject(s, category.State)
		}
		n.Approved, n.PendingEphemeral = true, true
		return accept(n, ixian.ActionSendAcceptAdd2)

	case ixian.AcceptAdd2Received:
		if !s.Known {
			return reject(s, category.State)
		}
		if e.Timestamp <= s.LastReceivedHandshakeMessageTimestamp {
			return reject(s, category.Replay)
		}
		n.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		if s.HandshakeStatus > 1 {
			return reject(n, category.State)
		}
		if s.ProtocolVersion > e.Version {
			return reject(n, category.Downgrade)
		}
		n.ProtocolVersion, n.Approved, n.PendingEphemeral, n.HandshakeStatus = e.Version, true, false, 2
		return accept(n, ixian.ActionSendKeys2)

	case ixian.Keys2Sent:
		if !s.Known {
			return reject(s, category.State)
		}
		return accept(s, ixian.ActionNone)

	case ixian.Keys2Received:
		switch {
		case !s.Known:
			return reject(s, category.State)
		case s.HandshakeStatus >= 3:
			r := reject(s, category.State)
			r.action = ixian.ActionConfirm
			return r
		case !s.PendingEphemeral:
			return reject(s, category.State)
		}
		n.PendingEphemeral, n.HandshakeStatus = false, 3
		return accept(n, ixian.ActionDeriveKeys)

	case ixian.MsgReceived:
		switch {
		case !s.Known:
			return reject(s, category.State)
		case len(e.MsgID) == 0:
			return accept(s, ixian.ActionNone)
		case bytes.Equal(e.MsgID, []byte{0}) && s.HandshakeStatus == 0:
			n.HandshakeStatus = 1
			return accept(n, ixian.ActionHandshakeAdvance)
		case bytes.Equal(e.MsgID, []byte{2}) && s.HandshakeStatus == 2:
			n.HandshakeStatus = 3
			return accept(n, ixian.ActionHandshakeAdvance)
		}
		return ignore

	case ixian.RequestAddReceived:
		if !s.Known {
			if s.AddRequestsDisabled {
				return ignore
			}
			n = fresh()
			if e.Timestamp <= 0 {
				return reject(n, category.Replay)
			}
			n.LastReceivedHandshakeMessageTimestamp, n.HandshakeStatus = e.Timestamp, 1
			return accept(n, ixian.ActionAwaitApproval)
		}
		if s.ProtocolVersion > 0 {
			return reject(s, category.Downgrade)
		}
		if e.Timestamp <= s.LastReceivedHandshakeMessageTimestamp {
			return reject(s, category.Replay)
		}
		n.LastReceivedHandshakeMessageTimestamp, n.HandshakeStatus = e.Timestamp, 1
		if s.Approved {
			return accept(n, ixian.ActionLegacyHandshake)
		}
		return accept(n, ixian.ActionAwaitApproval)

	case ixian.AcceptAddReceived, ixian.KeysReceived:
		if !s.Known {
			return reject(s, category.State)
		}
		if e.Timestamp <= s.LastReceivedHandshakeMessageTimestamp {
			return reject(s, category.Replay)
		}
		n.LastReceivedHandshakeMessageTimestamp = e.Timestamp
		if e.Kind == ixian.AcceptAddReceived {
			if s.ProtocolVersion > 0 {
				return reject(n, category.Downgrade)
			}
			if s.HandshakeStatus > 1 {
				return reject(n, category.State)
			}
			n.Approved, n.HandshakeStatus = true, 2
			return accept(n, ixian.ActionLegacyHandshake)
		}
		if s.HandshakeStatus >= 3 {
			return reject(n, category.State)
		}
		if s.ProtocolVersion >= 1 {
			return reject(n, category.Downgrade)
		}
		n.HandshakeStatus = 3
		return accept(n, ixian.ActionLegacyHandshake)
	}
	panic("ixianwire: event kind " + string(e.Kind))
}
