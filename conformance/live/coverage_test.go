package live_test

import (
	"testing"

	"github.com/pqhs/pqhs/conformance/live"
	"github.com/pqhs/pqhs/vectors"
)

// Why a family is in no live check.
const (
	insideRoles = "a codec below the role operations: the live sessions' bytes go through it inside them, and its vectors pin its bytes and rules"
	keySchedule = "a step of the key schedule: the live sessions' role operations compute it inside them and compare what they derive"
)

// notLive lists the catalogued families that no live check sends to an
// adapter, with the reason. A new family is either used by a live check
// (its ops or opt) or listed here: TestEveryFamilyIsLiveOrExcused fails
// otherwise.
var notLive = map[*vectors.Family]string{
	vectors.IxianIxiVarUIntDecode:              insideRoles,
	vectors.IxianIxiVarUIntEncode:              insideRoles,
	vectors.IxianIxiVarIntDecode:               insideRoles,
	vectors.IxianIxiVarIntEncode:               insideRoles,
	vectors.IxianIxiBytesDecode:                insideRoles,
	vectors.IxianIxiBytesEncode:                insideRoles,
	vectors.IxianSpixiMessageDecode:            insideRoles,
	vectors.IxianSpixiMessageEncode:            insideRoles,
	vectors.IxianStreamMessageAdditionalData:   insideRoles,
	vectors.IxianRequestAdd2Decode:             insideRoles,
	vectors.IxianRequestAdd2Encode:             insideRoles,
	vectors.IxianAcceptAdd2Decode:              insideRoles,
	vectors.IxianAcceptAdd2Encode:              insideRoles,
	vectors.IxianKeys2Decode:                   insideRoles,
	vectors.IxianKeys2Encode:                   insideRoles,
	vectors.IxianECDH:                          keySchedule,
	vectors.IxianDeriveKeys:                    keySchedule,
	vectors.IxianHandshakeStatus:               "the state machine: its vectors drive it through whole handshakes (the before events); the role operations of a live session keep no Friend record",
	vectors.VerbethRecipientHash:               insideRoles,
	vectors.VerbethUnifiedPubKeysDecode:        insideRoles,
	vectors.VerbethUnifiedPubKeysEncode:        insideRoles,
	vectors.VerbethHandshakePayloadDecode:      insideRoles,
	vectors.VerbethIdentityProofBindingMessage: "writes the binding message; the live sessions' proofs are made by the harness and verified by the adapter inside verbeth/response/open",
	vectors.VerbethIdentityProofVerify:         "verified inside verbeth/response/open, which the live sessions drive",
	vectors.VerbethRatchetPayloadDecode:        insideRoles,
	vectors.VerbethRatchetDeliver:              "a schedule of verbeth/ratchet/decrypt steps, which the live sessions send one by one",
	vectors.VerbethTag:                         keySchedule,
	vectors.VerbethHybridSecret:                keySchedule,
	vectors.VerbethKDFRootKey:                  keySchedule,
	vectors.VerbethKDFChainKey:                 keySchedule,
	vectors.VerbethTopic:                       keySchedule,
	vectors.IxianAddress:                       "Address(byte[]) runs inside ixian/StreamMessage/verify, which the live sessions drive",
	vectors.IxianStreamMessageDecode:           "the frame reader runs inside ixian/StreamMessage/verify, which the live sessions drive",
	vectors.IxianStreamMessageEncode:           "the frame writer runs inside ixian/StreamMessage/sign, which the live sessions drive",
	vectors.IxianAcceptorKeys2Persisted:        "needs the expanded ML-KEM key, which the live sessions' acceptors (drawn from seeds) do not persist; its vectors pin the persisted forms",
	vectors.VerbethIdentityKeysDerive:          "needs a wallet signature of the seed message; the live sessions' identity keys are drawn directly",
}

// Every catalogued family is used by a live check or listed in notLive
// with the reason, and the list names no family a check uses.
func TestEveryFamilyIsLiveOrExcused(t *testing.T) {
	used := map[*vectors.Family]bool{}
	for _, c := range live.Cases(live.Config{Sessions: 1, Seed: testSeed}) {
		for _, f := range live.Uses(c.Family) {
			used[f] = true
		}
	}
	for _, f := range vectors.Families() {
		why, listed := notLive[f]
		switch {
		case used[f] && listed:
			t.Errorf("%s is used by a live check but listed in notLive (%s)", f, why)
		case !used[f] && !listed:
			t.Errorf("%s is in no live check: add it to one (ops or opt), or list it in notLive with the reason", f)
		}
	}
	for f := range notLive {
		if !f.Catalogued() {
			t.Errorf("notLive lists %s, which is not in the catalogue", f)
		}
	}
}
