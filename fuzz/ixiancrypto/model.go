package ixiancrypto

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"pgregory.net/rapid"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/ixian"
)

// A model of two Ixian nodes running the S2 handshake over a network that
// delays, reorders, duplicates and drops messages: the requester A and the
// acceptor B each keep the Friend record of the other, driven by
// ixian.Transition exactly as CoreStreamProcessor drives it, and derive
// real keys with ixian.AcceptorPrepare, ixian.Requester and Acceptor.Keys2
// whenever Transition says to. Every message ever sent stays deliverable,
// any number of times, in any order (the signed StreamMessages of Ixian can
// be replayed by anyone who saw them; they cannot be forged, so the model
// sends only what the nodes send).
//
// The property: after any sequence, both sides have either derived the
// same keys or visibly not finished (handshakeStatus below 3), never both
// finished with different keys. It holds as long as each side keeps its
// record. When a user may remove the contact and add it again, it does
// not: the record (and with it the timestamp of the last handshake
// message) is gone, Ixian-Core answers a fresh requestAdd2 with a fresh
// acceptAdd2 even to a contact that had finished, and no message says
// which exchange it belongs to: keys2 has no timestamp check and does not
// name the acceptAdd2 it answers, a re-added record takes any acceptAdd2
// newer than 0, and a confirmation of keys2 is just the id 02. A late or
// replayed message of an earlier exchange then completes the current one:
// the acceptor derives keys from its new ephemeral secrets and an old
// ciphertext, or the requester from an old acceptAdd2, each confirms, and
// both end at status 3 with different keys. PropIxianHandshakeWithRemoval
// asserts that this is the only way they come to disagree: whenever both
// finished the same exchange, their keys are equal. TestIxianStaleKeys2
// replays the shortest such sequence.

// ixianMsg is one message on the wire, as its receiver sees it.
type ixianMsg struct {
	toAcceptor bool
	kind       ixian.EventKind // RequestAdd2Received, AcceptAdd2Received, Keys2Received or MsgReceived
	timestamp  int64
	msgID      []byte // for MsgReceived: the confirmed message's id
	round      int    // acceptAdd2: the acceptor's round; keys2: the round of the acceptAdd2 it answers
}

func (m ixianMsg) String() string {
	to := "A"
	if m.toAcceptor {
		to = "B"
	}
	return fmt.Sprintf("%s→%s(ts %d, id %x, round %d)", m.kind, to, m.timestamp, m.msgID, m.round)
}

// ixianNode is one side's record and what it derived.
type ixianNode struct {
	state     ixian.FriendState
	round     int      // B: the round of its outstanding acceptAdd2
	keys      [][]byte // aesKey, chachaKey; nil until derived
	keysRound int      // A: the round of the acceptAdd2 it processed; B: the round of the keys2's acceptAdd2
	accRound  int      // B: the round of the ephemeral secrets it used for keys
}

// IxianHandshake is the model's state; Actions returns its rapid actions.
type IxianHandshake struct {
	A, B    ixianNode
	clockA  int64
	clockB  int64
	sent    []ixianMsg
	rounds  int
	removal bool // users may remove the contact and add it again
	log     []string
	// Stale counts the checks that found both sides finished, each with a
	// different exchange (possible only with removal).
	Stale int
}

// The model's keys are cached by round: each round's secrets are fixed
// (drawn from internal/detrand by round number), so the costly secp521r1
// steps run once per round, not once per check.
var ixianRounds struct {
	sync.Mutex
	acceptors  map[int]*ixian.Acceptor
	requesters map[int]*ixian.RequesterResult
	finals     map[[2]int]*ixian.AcceptorResult
}

func roundBytes(round int, label string, n int) []byte {
	return ixfix.Bytes(fmt.Sprintf("model/round%d/%s", round, label), n)
}

func modelAcceptor(round int) *ixian.Acceptor {
	ixianRounds.Lock()
	defer ixianRounds.Unlock()
	if a, ok := ixianRounds.acceptors[round]; ok {
		return a
	}
	a, err := ixian.AcceptorPrepare(ixfix.P521Scalar(roundBytes(round, "acceptor-scalar", 66)), roundBytes(round, "mlkem-seed", 64),
		roundBytes(round, "aes-salt", 32), ixian.ProtocolVersion, ixfix.Ixian().AcceptorRSA, ixian.SpixiCapabilities, ixian.Strict)
	if err != nil {
		panic(err)
	}
	if ixianRounds.acceptors == nil {
		ixianRounds.acceptors = map[int]*ixian.Acceptor{}
		ixianRounds.requesters = map[int]*ixian.RequesterResult{}
		ixianRounds.finals = map[[2]int]*ixian.AcceptorResult{}
	}
	ixianRounds.acceptors[round] = a
	return a
}

// modelRequester is A's processing of round's acceptAdd2 (with A's own
// fresh secrets for that round).
func modelRequester(round int) *ixian.RequesterResult {
	a := modelAcceptor(round)
	ixianRounds.Lock()
	defer ixianRounds.Unlock()
	if r, ok := ixianRounds.requesters[round]; ok {
		return r
	}
	r, err := ixian.Requester(a.AcceptAdd2, ixfix.P521Scalar(roundBytes(round, "requester-scalar", 66)), roundBytes(round, "mlkem-m", 32),
		roundBytes(round, "chacha-salt", 32), ixian.QuIXICapabilities, ixian.Strict)
	if err != nil {
		panic(err)
	}
	ixianRounds.requesters[round] = r
	return r
}

// modelFinal is B's processing, with the secrets of accRound, of the keys2
// that answered the acceptAdd2 of keysRound.
func modelFinal(accRound, keysRound int) *ixian.AcceptorResult {
	a, r := modelAcceptor(accRound), modelRequester(keysRound)
	ixianRounds.Lock()
	defer ixianRounds.Unlock()
	k := [2]int{accRound, keysRound}
	if f, ok := ixianRounds.finals[k]; ok {
		return f
	}
	f, err := a.Keys2(r.Keys2, ixian.Strict)
	if err != nil {
		panic(err) // any 1568-byte ciphertext decapsulates
	}
	ixianRounds.finals[k] = f
	return f
}

func (h *IxianHandshake) transition(t check.TB, n *ixianNode, role ixian.Role, e ixian.Event) ixian.Outcome {
	o, err := ixian.Transition(role, n.state, e)
	if err != nil {
		t.Fatalf("Transition: %v", err)
	}
	check.Category(t, "Transition", o.Err)
	h.log = append(h.log, fmt.Sprintf("%s %s: %s", role, e.Kind, o))
	n.state = o.State
	return o
}

func (h *IxianHandshake) send(m ixianMsg) { h.sent = append(h.sent, m) }

// prepare is B's sendAcceptAdd2: fresh ephemeral secrets, a new round.
func (h *IxianHandshake) prepare() {
	h.B.round = h.rounds
	h.rounds++
	h.clockB++
	h.send(ixianMsg{kind: ixian.AcceptAdd2Received, timestamp: h.clockB, round: h.B.round})
}

// Actions are the model's steps. An action that does not apply is a no-op
// rather than t.Skip: with rapid.MakeFuzz the fuzzer's bytes can choose the
// same inapplicable action over and over, which rapid 1.3.0 reports as a
// failure ("can't find a valid (non-skipped) action"); the regression
// inputs under testdata/fuzz/FuzzRapidIxian* are such byte strings.
func (h *IxianHandshake) Actions() map[string]func(*rapid.T) {
	actions := map[string]func(*rapid.T){
		// A adds B: a new record, and a requestAdd2.
		"addContact": func(t *rapid.T) {
			if h.A.state.Known {
				return // A already has B
			}
			h.addContact(t)
		},
		// B's user approves the request.
		"approve": func(t *rapid.T) {
			if !h.B.state.Known {
				return // B has no request to approve
			}
			h.approve(t)
		},
		"": func(t *rapid.T) { h.check(t) },
	}
	// The network delivers any message sent so far, again if it likes.
	// rapid picks actions uniformly, so delivery has several names: most
	// steps deliver something.
	for _, name := range []string{"deliver", "deliverLate", "deliverAgain", "deliverOutOfOrder"} {
		actions[name] = func(t *rapid.T) {
			if len(h.sent) == 0 {
				return // nothing sent
			}
			h.deliver(t, h.sent[rapid.IntRange(0, len(h.sent)-1).Draw(t, "message")])
		}
	}
	if h.removal {
		actions["remove"] = func(t *rapid.T) {
			if rapid.Bool().Draw(t, "atA") {
				h.log = append(h.log, "A removes B")
				h.A = ixianNode{}
			} else {
				h.log = append(h.log, "B removes A")
				h.B = ixianNode{}
			}
		}
	}
	return actions
}

// addContact is A adding B: a new record, and a requestAdd2.
func (h *IxianHandshake) addContact(t check.TB) {
	if o := h.transition(t, &h.A, ixian.RoleRequester, ixian.Event{Kind: ixian.RequestAdd2Sent}); o.Verdict != ixian.Accepted {
		t.Fatalf("A could not add B: %v", o)
	}
	h.A.keys = nil
	h.clockA++
	h.send(ixianMsg{toAcceptor: true, kind: ixian.RequestAdd2Received, timestamp: h.clockA})
}

// approve is B's user approving the request.
func (h *IxianHandshake) approve(t check.TB) {
	if o := h.transition(t, &h.B, ixian.RoleAcceptor, ixian.Event{Kind: ixian.AcceptAdd2Sent}); o.Action == ixian.ActionSendAcceptAdd2 {
		h.prepare()
	}
}

func (h *IxianHandshake) deliver(t check.TB, m ixianMsg) {
	h.log = append(h.log, "deliver "+m.String())
	if m.toAcceptor {
		switch m.kind {
		case ixian.RequestAdd2Received:
			if h.B.state.Known { // a known sender's message is confirmed before it is handled
				h.send(ixianMsg{kind: ixian.MsgReceived, msgID: ixian.IDRequestAdd2})
			}
			o := h.transition(t, &h.B, ixian.RoleAcceptor, ixian.Event{Kind: m.kind, Version: ixian.ProtocolVersion, Timestamp: m.timestamp})
			if o.Action == ixian.ActionSendAcceptAdd2 {
				h.prepare()
			}
		case ixian.Keys2Received:
			o := h.transition(t, &h.B, ixian.RoleAcceptor, ixian.Event{Kind: m.kind})
			if o.Verdict == ixian.Accepted {
				f := modelFinal(h.B.round, m.round)
				h.B.keys, h.B.keysRound, h.B.accRound = [][]byte{f.AESKey, f.ChachaKey}, m.round, h.B.round
			}
			if o.Verdict == ixian.Accepted || o.Action == ixian.ActionConfirm {
				h.send(ixianMsg{kind: ixian.MsgReceived, msgID: ixian.IDKeys2})
			}
		case ixian.MsgReceived:
			h.transition(t, &h.B, ixian.RoleAcceptor, ixian.Event{Kind: m.kind, MsgID: m.msgID})
		}
		return
	}
	switch m.kind {
	case ixian.AcceptAdd2Received:
		if h.A.state.Known {
			h.send(ixianMsg{toAcceptor: true, kind: ixian.MsgReceived, msgID: ixian.IDAcceptAdd2})
		}
		o := h.transition(t, &h.A, ixian.RoleRequester, ixian.Event{Kind: m.kind, Version: ixian.ProtocolVersion, Timestamp: m.timestamp})
		if o.Action == ixian.ActionSendKeys2 {
			r := modelRequester(m.round)
			h.A.keys, h.A.keysRound = [][]byte{r.AESKey, r.ChachaKey}, m.round
			if o := h.transition(t, &h.A, ixian.RoleRequester, ixian.Event{Kind: ixian.Keys2Sent}); o.Verdict != ixian.Accepted {
				t.Fatalf("A could not send keys2: %v", o)
			}
			h.clockA++
			h.send(ixianMsg{toAcceptor: true, kind: ixian.Keys2Received, timestamp: h.clockA, round: m.round})
		}
	case ixian.MsgReceived:
		h.transition(t, &h.A, ixian.RoleRequester, ixian.Event{Kind: m.kind, MsgID: m.msgID})
	}
}

// check is the invariant, run after every step.
func (h *IxianHandshake) check(t check.TB) {
	a, b := &h.A, &h.B
	for _, n := range []*ixianNode{a, b} {
		if s := n.state.HandshakeStatus; s < 0 || s > 3 {
			t.Fatalf("handshakeStatus %d", s)
		}
	}
	if (a.state.HandshakeStatus >= 2) != (a.keys != nil) {
		t.Fatalf("A is at status %d with keys %v\n%s", a.state.HandshakeStatus, a.keys != nil, h.trace())
	}
	if b.state.HandshakeStatus == 3 && b.keys == nil {
		t.Fatalf("B finished without keys\n%s", h.trace())
	}
	if a.state.HandshakeStatus != 3 || b.state.HandshakeStatus != 3 {
		return // at least one side visibly not done
	}
	same := a.keysRound == b.accRound && b.keysRound == b.accRound
	agree := bytes.Equal(a.keys[0], b.keys[0]) && bytes.Equal(a.keys[1], b.keys[1])
	switch {
	case same && !agree:
		t.Fatalf("both sides finished the same exchange with different keys\n%s", h.trace())
	case !same && !h.removal:
		t.Fatalf("the sides finished different exchanges (A round %d; B round %d with keys2 of round %d)\n%s",
			a.keysRound, b.accRound, b.keysRound, h.trace())
	case !same:
		h.Stale++
	}
}

func (h *IxianHandshake) trace() string { return strings.Join(h.log, "\n") }

// PropIxianHandshake checks that with each side keeping its record, any sequence of
// requestAdd2, acceptAdd2, keys2 and confirmations, delivered late, out of
// order, repeatedly or never, leaves the two sides agreed on the keys or
// visibly not done.
func PropIxianHandshake(t *rapid.T) {
	t.Repeat((&IxianHandshake{}).Actions())
}

// PropIxianHandshakeWithRemoval checks that when users may also remove the contact and
// add it again, the two sides can finish with different keys, but only by
// finishing different exchanges (see the comment at the top of this file);
// two sides that finished the same exchange always agree.
func PropIxianHandshakeWithRemoval(t *rapid.T) {
	t.Repeat((&IxianHandshake{removal: true}).Actions())
}
