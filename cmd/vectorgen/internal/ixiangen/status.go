package ixiangen

// The handshakeStatus state machine: every row of spec/ixian-s2.md §10,
// and sequences that show what one transition cannot (a refused event that
// still changes the record; whole handshakes).

import (
	"encoding/json"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.IxianHandshakeStatus, Notes: notes, Groups: genHandshakeStatus, Header: []string{
		"Timestamps are Unix seconds around 2026-01-01 (T = 1767225600). The expected state after an accepted event is the whole record; after a rejection, only the category is checked, and a later test with before shows what the rejection left behind.",
	}})
}

const tNow = int64(t0)

// friend is a known Friend record.
func friend(status, pv int, ts int64, approved, pending bool) ixian.FriendState {
	return ixian.FriendState{Known: true, HandshakeStatus: status, ProtocolVersion: pv,
		LastReceivedHandshakeMessageTimestamp: ts, Approved: approved, PendingEphemeral: pending}
}

func jsonOf(x any) json.RawMessage { return gen.Must(json.Marshal(x)) }

func event(kind ixian.EventKind, version int, ts int64) ixian.Event {
	return ixian.Event{Kind: kind, Version: version, Timestamp: ts}
}

func confirm(id ...byte) ixian.Event {
	return ixian.Event{Kind: ixian.MsgReceived, MsgID: id}
}

// statusInputs builds the inputs of one test.
func statusInputs(role ixian.Role, s ixian.FriendState, e ixian.Event, before ...ixian.Event) vectors.Values {
	v := vectors.Make("role", string(role), "state", jsonOf(s), "event", jsonOf(e))
	if len(before) > 0 {
		v["before"] = jsonOf(before)
	}
	return v
}

// after pins the expected outputs of an accepted event.
func after(x gen.Case, s ixian.FriendState, action string) gen.Case {
	return x.Pin("state", jsonOf(s), "action", action)
}

func genHandshakeStatus() []gen.Group {
	R, A := ixian.RoleRequester, ixian.RoleAcceptor
	unknown := ixian.FriendState{}
	disabled := ixian.FriendState{AddRequestsDisabled: true}
	t := tNow
	const (
		sendReq  = ixian.ActionSendRequestAdd2
		await    = ixian.ActionAwaitApproval
		sendAcc  = ixian.ActionSendAcceptAdd2
		sendKeys = ixian.ActionSendKeys2
		derive   = ixian.ActionDeriveKeys
		advance  = ixian.ActionHandshakeAdvance
		legacy   = ixian.ActionLegacyHandshake
		none     = ixian.ActionNone
		ignore   = ixian.ActionIgnore
	)
	reqRecv := func(v int, ts int64) ixian.Event { return event(ixian.RequestAdd2Received, v, ts) }
	accRecv := func(v int, ts int64) ixian.Event { return event(ixian.AcceptAdd2Received, v, ts) }
	keysRecv := func(ts int64) ixian.Event { return event(ixian.Keys2Received, 0, ts) }
	accSent := ixian.Event{Kind: ixian.AcceptAdd2Sent}
	reqSent := ixian.Event{Kind: ixian.RequestAdd2Sent}
	keysSent := ixian.Event{Kind: ixian.Keys2Sent}
	done := friend(3, 1, t, true, false)
	withDisabled := func(s ixian.FriendState) ixian.FriendState { s.AddRequestsDisabled = true; return s }

	return []gen.Group{
		{Type: "HandshakeStatus", Comment: "requestAdd2Sent: the local user adds a contact", Cases: []gen.Case{
			after(gen.Valid("a new contact: record made at status 0, approved", statusInputs(R, unknown, reqSent), "HappyPath"), friend(0, 0, 0, true, false), sendReq),
			after(gen.Valid("a new contact while add requests are disabled: the switch is about incoming requests", statusInputs(R, disabled, reqSent), "AddRequestsDisabled"),
				withDisabled(friend(0, 0, 0, true, false)), sendReq),
			gen.Invalid("an address that already has a record", category.State, statusInputs(R, done, reqSent), "UnexpectedState"),
		}},
		{Type: "HandshakeStatus", Comment: "requestAdd2Received", Cases: []gen.Case{
			after(gen.Valid("from an unknown address: record at status 1, not approved", statusInputs(A, unknown, reqRecv(1, t)), "HappyPath"), friend(1, 1, t, false, false), await),
			after(gen.Valid("from an unknown address with version 9: lowered to 1", statusInputs(A, unknown, reqRecv(9, t)), "VersionClamp"), friend(1, 1, t, false, false), await),
			after(gen.Valid("from an unknown address with version 0: kept", statusInputs(A, unknown, reqRecv(0, t)), "VersionClamp"), friend(1, 0, t, false, false), await),
			after(gen.Valid("from an unknown address while add requests are disabled: ignored", statusInputs(A, disabled, reqRecv(1, t)), "AddRequestsDisabled"), disabled, ignore),
			gen.Invalid("a repeat with the same timestamp", category.Replay, statusInputs(A, friend(1, 1, t, false, false), reqRecv(1, t)), "Replay"),
			gen.Invalid("a repeat with an older timestamp", category.Replay, statusInputs(A, friend(1, 1, t, false, false), reqRecv(1, t-1)), "Replay"),
			gen.Invalid("a repeat one second older, the last at 2^31 (2038-01-19): 64-bit timestamps, so still older", category.Replay, statusInputs(A, friend(1, 1, 1<<31, false, false), reqRecv(1, 1<<31-1)), "Replay"),
			after(gen.Valid("a newer repeat before the user approved: the timestamp moves, still awaiting approval", statusInputs(A, friend(1, 1, t, false, false), reqRecv(1, t+1)), "HappyPath"),
				friend(1, 1, t+1, false, false), await),
			after(gen.Valid("a newer request with version 1 from a version-0 record: the version is raised", statusInputs(A, friend(1, 0, t, false, false), reqRecv(1, t+1)), "VersionClamp"),
				friend(1, 1, t+1, false, false), await),
			after(gen.Valid("a newer request with version 0 to a version-1 record: the version is never lowered", statusInputs(A, friend(1, 1, t, false, false), reqRecv(0, t+1)), "VersionClamp"),
				friend(1, 1, t+1, false, false), await),
			after(gen.Valid("a newer request after the handshake completed: re-key, status back to 1 and acceptAdd2 sent at once (approved)", statusInputs(A, done, reqRecv(1, t+100)), "ReKey"),
				friend(1, 1, t+100, true, true), sendAcc),
			gen.Invalid("a newer request while an acceptAdd2 is outstanding: sendAcceptAdd2 refuses (\"accept add already sent\")", category.State,
				statusInputs(A, friend(1, 1, t, true, true), reqRecv(1, t+1)), "UnexpectedState"),
			after(gen.Valid("crossed requests: the requester (status 0, approved) gets the peer's requestAdd2 and answers with acceptAdd2", statusInputs(R, friend(0, 0, 0, true, false), reqRecv(1, t)), "CrossedRequests"),
				friend(1, 1, t, true, true), sendAcc),
		}},
		{Type: "HandshakeStatus", Comment: "acceptAdd2Sent: the local user approves", Cases: []gen.Case{
			after(gen.Valid("status 1, not approved: approved, ephemeral keys pending", statusInputs(A, friend(1, 1, t, false, false), accSent), "HappyPath"), friend(1, 1, t, true, true), sendAcc),
			after(gen.Valid("status 0: no guard against it", statusInputs(A, friend(0, 0, 0, true, false), accSent), "UnexpectedState"), friend(0, 0, 0, true, true), sendAcc),
			gen.Invalid("acceptAdd2Sent with no record", category.State, statusInputs(A, unknown, accSent), "UnknownSender"),
			gen.Invalid("status 2", category.State, statusInputs(A, friend(2, 1, t, true, false), accSent), "UnexpectedState"),
			gen.Invalid("status 3", category.State, statusInputs(A, done, accSent), "UnexpectedState"),
			gen.Invalid("a second acceptAdd2 while one is outstanding", category.State, statusInputs(A, friend(1, 1, t, true, true), accSent), "SecondAcceptAdd2"),
		}},
		{Type: "HandshakeStatus", Comment: "acceptAdd2Received", Cases: []gen.Case{
			after(gen.Valid("status 1 (request confirmed), version 1: keys derived, status 2", statusInputs(R, friend(1, 0, 0, true, false), accRecv(1, t+1)), "HappyPath"),
				friend(2, 1, t+1, true, false), sendKeys),
			after(gen.Valid("status 0: the acceptAdd2 came before the confirmation of requestAdd2", statusInputs(R, friend(0, 0, 0, true, false), accRecv(1, t+1)), "OutOfOrder"),
				friend(2, 1, t+1, true, false), sendKeys),
			after(gen.Valid("version 5 from a version-1 record: taken as it is, no upper clamp", statusInputs(R, friend(1, 1, t, true, false), accRecv(5, t+1)), "NoUpperClamp"),
				friend(2, 5, t+1, true, false), sendKeys),
			after(gen.Valid("crossed requests: this side had sent its own acceptAdd2; its pending keys are dropped", statusInputs(R, friend(1, 1, t, true, true), accRecv(1, t+1)), "CrossedRequests"),
				friend(2, 1, t+1, true, false), sendKeys),
			gen.Invalid("acceptAdd2 from an address with no record", category.State, statusInputs(R, unknown, accRecv(1, t)), "UnknownSender"),
			gen.Invalid("the same timestamp as the last handshake message", category.Replay, statusInputs(R, friend(1, 1, t, true, false), accRecv(1, t)), "Replay"),
			gen.Invalid("an older timestamp", category.Replay, statusInputs(R, friend(1, 1, t, true, false), accRecv(1, t-5)), "Replay"),
			gen.Invalid("a second acceptAdd2 after keys were derived (status 2)", category.State, statusInputs(R, friend(2, 1, t, true, false), accRecv(1, t+1)), "SecondAcceptAdd2"),
			gen.Invalid("an acceptAdd2 after the handshake completed (status 3)", category.State, statusInputs(R, done, accRecv(1, t+1)), "SecondAcceptAdd2"),
			gen.Invalid("version 0 when version 1 was agreed", category.Downgrade, statusInputs(R, friend(1, 1, t, true, false), accRecv(0, t+1)), "Downgrade"),
			gen.Invalid("a refused downgrade burns its timestamp: the same acceptAdd2 with version 1 is then a replay", category.Replay,
				statusInputs(R, friend(1, 1, t, true, false), accRecv(1, t+1), accRecv(0, t+1)), "BurnedTimestamp", "Sequence"),
			gen.Invalid("a refused second acceptAdd2 burns its timestamp: a requestAdd2 with it is then a replay", category.Replay,
				statusInputs(R, friend(2, 1, t, true, false), reqRecv(1, t+1), accRecv(1, t+1)), "BurnedTimestamp", "Sequence"),
		}},
		{Type: "HandshakeStatus", Comment: "keys2Sent", Cases: []gen.Case{
			after(gen.Valid("after acceptAdd2: nothing changes", statusInputs(R, friend(2, 1, t, true, false), keysSent), "HappyPath"), friend(2, 1, t, true, false), none),
			gen.Invalid("keys2Sent with no record", category.State, statusInputs(R, unknown, keysSent), "UnknownSender"),
		}},
		{Type: "HandshakeStatus", Comment: "keys2Received", Cases: []gen.Case{
			after(gen.Valid("acceptAdd2 outstanding: keys derived, status 3", statusInputs(A, friend(1, 1, t, true, true), keysRecv(t+2)), "HappyPath"), friend(3, 1, t, true, false), derive),
			after(gen.Valid("an older timestamp than the last handshake message: keys2 has no timestamp check", statusInputs(A, friend(1, 1, t, true, true), keysRecv(t-100)), "NoKeys2TimestampCheck"),
				friend(3, 1, t, true, false), derive),
			gen.Invalid("keys2 from an address with no record", category.State, statusInputs(A, unknown, keysRecv(t)), "UnknownSender"),
			gen.Invalid("status 3: a replayed keys2 after the handshake completed", category.State, statusInputs(A, done, keysRecv(t+2)), "Replay"),
			gen.Invalid("no acceptAdd2 outstanding (keys2 before the user approved)", category.State, statusInputs(A, friend(1, 1, t, false, false), keysRecv(t+2)), "OutOfOrder"),
			gen.Invalid("the same keys2 twice: the second finds status 3", category.State, statusInputs(A, friend(1, 1, t, true, true), keysRecv(t+2), keysRecv(t+2)), "Replay", "Sequence"),
		}},
		{Type: "HandshakeStatus", Comment: "msgReceived: received confirmations", Cases: []gen.Case{
			after(gen.Valid("id 00 at status 0: the acceptor got requestAdd2, status 1", statusInputs(R, friend(0, 0, 0, true, false), confirm(0)), "Confirmation"), friend(1, 0, 0, true, false), advance),
			after(gen.Valid("id 02 at status 2: the acceptor got keys2, status 3", statusInputs(R, friend(2, 1, t, true, false), confirm(2)), "Confirmation"), friend(3, 1, t, true, false), advance),
			after(gen.Valid("id 00 again at status 1: ignored", statusInputs(R, friend(1, 0, 0, true, false), confirm(0)), "Confirmation", "Replay"), friend(1, 0, 0, true, false), ignore),
			after(gen.Valid("id 02 at status 0: ignored", statusInputs(R, friend(0, 0, 0, true, false), confirm(2)), "Confirmation", "OutOfOrder"), friend(0, 0, 0, true, false), ignore),
			after(gen.Valid("id 02 again at status 3: ignored", statusInputs(R, done, confirm(2)), "Confirmation", "Replay"), done, ignore),
			after(gen.Valid("id 01 (acceptAdd2's) at status 2: ignored", statusInputs(R, friend(2, 1, t, true, false), confirm(1)), "Confirmation"), friend(2, 1, t, true, false), ignore),
			after(gen.Valid("id 02 00 (two bytes) at status 2: ignored", statusInputs(R, friend(2, 1, t, true, false), confirm(2, 0)), "Confirmation"), friend(2, 1, t, true, false), ignore),
			after(gen.Valid("an empty id: handled, nothing changes", statusInputs(R, friend(2, 1, t, true, false), confirm()), "Confirmation"), friend(2, 1, t, true, false), none),
			gen.Invalid("a confirmation from an address with no record", category.State, statusInputs(R, unknown, confirm(0)), "UnknownSender"),
		}},
		{Type: "HandshakeStatus", Comment: "the legacy v0 messages", Cases: []gen.Case{
			after(gen.Valid("requestAdd from an unknown address: status 1, version 0", statusInputs(A, unknown, event(ixian.RequestAddReceived, 0, t)), "LegacyHandshake"), friend(1, 0, t, false, false), await),
			after(gen.Valid("requestAdd from an unknown address while add requests are disabled: ignored", statusInputs(A, disabled, event(ixian.RequestAddReceived, 0, t)), "LegacyHandshake", "AddRequestsDisabled"), disabled, ignore),
			gen.Invalid("requestAdd from an unknown address with timestamp 0", category.Replay, statusInputs(A, unknown, event(ixian.RequestAddReceived, 0, 0)), "LegacyHandshake", "Replay"),
			after(gen.Valid("a refused requestAdd with timestamp 0 still made the record", statusInputs(A, unknown, confirm(), event(ixian.RequestAddReceived, 0, 0)), "LegacyHandshake", "BurnedTimestamp", "Sequence"),
				friend(0, 0, 0, false, false), none),
			after(gen.Valid("requestAdd to an approved version-0 record: the v0 handshake goes on", statusInputs(A, friend(1, 0, t, true, false), event(ixian.RequestAddReceived, 0, t+1)), "LegacyHandshake"),
				friend(1, 0, t+1, true, false), legacy),
			after(gen.Valid("requestAdd to a version-0 record not approved: awaiting approval", statusInputs(A, friend(1, 0, t, false, false), event(ixian.RequestAddReceived, 0, t+1)), "LegacyHandshake"),
				friend(1, 0, t+1, false, false), await),
			gen.Invalid("requestAdd after version 1 was agreed", category.Downgrade, statusInputs(A, done, event(ixian.RequestAddReceived, 0, t+1)), "LegacyHandshake", "Downgrade"),
			gen.Invalid("requestAdd with an old timestamp", category.Replay, statusInputs(A, friend(1, 0, t, false, false), event(ixian.RequestAddReceived, 0, t)), "LegacyHandshake", "Replay"),
			after(gen.Valid("acceptAdd at version 0, status 0: approved, status 2", statusInputs(R, friend(0, 0, 0, true, false), event(ixian.AcceptAddReceived, 0, t)), "LegacyHandshake"),
				friend(2, 0, t, true, false), legacy),
			gen.Invalid("acceptAdd from an unknown address", category.State, statusInputs(R, unknown, event(ixian.AcceptAddReceived, 0, t)), "LegacyHandshake", "UnknownSender"),
			gen.Invalid("acceptAdd with an old timestamp", category.Replay, statusInputs(R, friend(1, 0, t, true, false), event(ixian.AcceptAddReceived, 0, t)), "LegacyHandshake", "Replay"),
			gen.Invalid("acceptAdd after version 1 was agreed", category.Downgrade, statusInputs(R, friend(1, 1, t, true, false), event(ixian.AcceptAddReceived, 0, t+1)), "LegacyHandshake", "Downgrade"),
			gen.Invalid("acceptAdd at status 2", category.State, statusInputs(R, friend(2, 0, t, true, false), event(ixian.AcceptAddReceived, 0, t+1)), "LegacyHandshake", "UnexpectedState"),
			after(gen.Valid("keys at version 0, status 1: status 3", statusInputs(A, friend(1, 0, t, true, false), event(ixian.KeysReceived, 0, t+2)), "LegacyHandshake"),
				friend(3, 0, t+2, true, false), legacy),
			gen.Invalid("keys from an unknown address", category.State, statusInputs(A, unknown, event(ixian.KeysReceived, 0, t)), "LegacyHandshake", "UnknownSender"),
			gen.Invalid("keys with an old timestamp", category.Replay, statusInputs(A, friend(1, 0, t, true, false), event(ixian.KeysReceived, 0, t-1)), "LegacyHandshake", "Replay"),
			gen.Invalid("keys at status 3", category.State, statusInputs(A, friend(3, 0, t, true, false), event(ixian.KeysReceived, 0, t+1)), "LegacyHandshake", "UnexpectedState"),
			gen.Invalid("keys after version 1 was agreed", category.Downgrade, statusInputs(A, friend(1, 1, t, true, false), event(ixian.KeysReceived, 0, t+1)), "LegacyHandshake", "Downgrade"),
			gen.Invalid("a refused legacy acceptAdd burns its timestamp: an acceptAdd2 with it is then a replay", category.Replay,
				statusInputs(R, friend(1, 1, t, true, false), accRecv(1, t+1), event(ixian.AcceptAddReceived, 0, t+1)), "LegacyHandshake", "BurnedTimestamp", "Sequence"),
		}},
		{Type: "HandshakeStatus", Comment: "whole handshakes, the last event under test", Cases: []gen.Case{
			after(gen.Valid("the requester: requestAdd2 sent and confirmed, acceptAdd2 processed, keys2 sent, keys2 confirmed",
				statusInputs(R, unknown, confirm(2), reqSent, confirm(0), accRecv(1, t+1), keysSent), "HappyPath", "Sequence"), friend(3, 1, t+1, true, false), advance),
			after(gen.Valid("the acceptor: requestAdd2 received, approved (acceptAdd2 sent), keys2 received",
				statusInputs(A, unknown, keysRecv(t+2), reqRecv(1, t), accSent), "HappyPath", "Sequence"), friend(3, 1, t, true, false), derive),
			after(gen.Valid("the acceptor re-keys: a completed handshake, a newer requestAdd2 (acceptAdd2 sent at once), keys2 received",
				statusInputs(A, done, keysRecv(t+200), reqRecv(1, t+100)), "ReKey", "Sequence"), friend(3, 1, t+100, true, false), derive),
			gen.Invalid("a replayed requestAdd2 after a completed handshake", category.Replay,
				statusInputs(A, unknown, reqRecv(1, t), reqRecv(1, t), accSent, keysRecv(t+2)), "Replay", "Sequence"),
		}},
	}
}
