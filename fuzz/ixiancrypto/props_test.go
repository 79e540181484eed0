//go:build !gofuzz

package ixiancrypto

import (
	"bytes"
	"testing"

	"pgregory.net/rapid"

	"github.com/pqhs/pqhs/impl/ixian"
)

// The properties at rapid's default of 100 cases each; RAPID_CHECKS=10000
// (or -rapid.checks) for a longer run. A failure is shrunk and reported with
// a -rapid.seed to replay it.
//
// This file and package_test.go are left out of OSS-Fuzz builds (-tags
// gofuzz): go-118-fuzz-build replaces *testing.T by a type that rapid.Check
// and rapid.MakeFuzz cannot take.

func TestIxiBytesBounds(t *testing.T)    { rapid.Check(t, PropIxiBytesBounds) }
func TestIxiBytesRoundTrip(t *testing.T) { rapid.Check(t, PropIxiBytesRoundTrip) }
func TestSaltRule(t *testing.T)          { rapid.Check(t, PropSaltRule) }
func TestSaltDependence(t *testing.T)    { rapid.Check(t, PropSaltDependence) }
func TestIxianAgreement(t *testing.T)    { rapid.Check(t, PropIxianAgreement) }

// TestIxianHandshakeModel also counts the sequences that end with both
// sides finished: about a fifth do, so a model that never finishes (and
// checks nothing) fails. Under -short rapid runs 20 sequences, too few for
// that count to be certain (0.8^20 is about 1%), and the count is only
// logged.
func TestIxianHandshakeModel(t *testing.T) {
	finished, runs := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		h := &IxianHandshake{}
		t.Repeat(h.Actions())
		runs++
		if h.A.state.HandshakeStatus == 3 && h.B.state.HandshakeStatus == 3 {
			finished++
		}
	})
	t.Logf("%d of %d sequences finished the handshake", finished, runs)
	if finished == 0 && runs >= 100 {
		t.Fatal("no sequence finished the handshake")
	}
}

func TestIxianHandshakeRemoval(t *testing.T) { rapid.Check(t, PropIxianHandshakeWithRemoval) }

// TestIxianStaleKeys2 replays the shortest sequence in which the two sides
// of an Ixian handshake both finish with different keys (model.go): a
// finished handshake; A removes B and adds it again; B answers the new
// requestAdd2 with a new acceptAdd2; the old keys2 is delivered again, and
// B, which checks neither its timestamp nor what it answers, derives keys
// from its new secrets and the old ciphertext, and confirms; A processes
// the new acceptAdd2 and takes the confirmation as its own. The new keys2
// is then refused (handshakeStatus 3). Ixian-Core behaves so; this test
// fails if the model stops reproducing it.
func TestIxianStaleKeys2(t *testing.T) {
	h := &IxianHandshake{removal: true}
	find := func(kind ixian.EventKind, toAcceptor bool, round int) ixianMsg {
		for i := len(h.sent) - 1; i >= 0; i-- {
			if m := h.sent[i]; m.kind == kind && m.toAcceptor == toAcceptor && (m.round == round || round < 0) {
				return m
			}
		}
		t.Fatalf("no %s in flight\n%s", kind, h.trace())
		return ixianMsg{}
	}
	confirmKeys2 := func() ixianMsg {
		for i := len(h.sent) - 1; i >= 0; i-- {
			if m := h.sent[i]; m.kind == ixian.MsgReceived && !m.toAcceptor && bytes.Equal(m.msgID, ixian.IDKeys2) {
				return m
			}
		}
		t.Fatalf("no keys2 confirmation in flight")
		return ixianMsg{}
	}
	h.addContact(t)
	h.deliver(t, find(ixian.RequestAdd2Received, true, -1))
	h.approve(t)
	h.deliver(t, find(ixian.AcceptAdd2Received, false, 0))
	oldKeys2 := find(ixian.Keys2Received, true, 0)
	h.deliver(t, oldKeys2)
	h.deliver(t, confirmKeys2())
	h.check(t)
	if h.A.state.HandshakeStatus != 3 || h.B.state.HandshakeStatus != 3 || !bytes.Equal(h.A.keys[0], h.B.keys[0]) {
		t.Fatalf("the first handshake did not finish in agreement\n%s", h.trace())
	}

	h.A = ixianNode{} // A removes B and adds it again
	h.addContact(t)
	h.deliver(t, find(ixian.RequestAdd2Received, true, -1)) // B: status 1, a new acceptAdd2 (round 1)
	h.deliver(t, oldKeys2)                                  // the stale keys2: accepted
	h.deliver(t, find(ixian.AcceptAdd2Received, false, 1))  // A: status 2 with round 1's keys
	h.deliver(t, confirmKeys2())                            // A: status 3
	h.check(t)
	if h.Stale != 1 || h.A.state.HandshakeStatus != 3 || h.B.state.HandshakeStatus != 3 || bytes.Equal(h.A.keys[0], h.B.keys[0]) {
		t.Fatalf("want both finished with different keys (stale %d)\n%s", h.Stale, h.trace())
	}
	h.deliver(t, find(ixian.Keys2Received, true, 1)) // the right keys2 comes too late
	if h.B.keysRound != 0 {
		t.Fatalf("B took the late keys2\n%s", h.trace())
	}
}

// Properties as fuzz targets: the fuzzer's bytes drive rapid's choices,
// so coverage guidance explores the state machine. (OSS-Fuzz's builder
// cannot build these; see README.md.)

func FuzzRapidIxianModel(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(PropIxianHandshake))
}

func FuzzRapidIxianRemoval(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(PropIxianHandshakeWithRemoval))
}

func FuzzRapidIxiBytes(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(PropIxiBytesBounds))
}

func FuzzRapidSaltRule(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(PropSaltRule))
}
