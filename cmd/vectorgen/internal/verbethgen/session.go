package verbethgen

import (
	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethHybridSecret, Notes: notes, Groups: genHybridSecret})
	gen.Register(&gen.Generator{Family: vectors.VerbethKDFRootKey, Notes: notes, Groups: genKDFRootKey})
	gen.Register(&gen.Generator{Family: vectors.VerbethKDFChainKey, Notes: notes, Groups: genKDFChainKey})
	gen.Register(&gen.Generator{Family: vectors.VerbethTopic, Notes: notes, Groups: genTopic})
	gen.Register(&gen.Generator{Family: vectors.VerbethSessionInitiator, Notes: notes, Groups: genSessionInitiator,
		Header: []string{"The scenario group is Alice's session after Bob's response matched (verbeth/response/open gives rk_p and kemSecret); its state is the input of verbeth/ratchet/encrypt."}})
	gen.Register(&gen.Generator{Family: vectors.VerbethSessionResponder, Notes: notes, Groups: genSessionResponder,
		Header: []string{"The scenario group is Bob's session after his response (verbeth/handshake/respond gives kemSecret and the tag); its state is the input of verbeth/ratchet/decrypt."}})
}

func genHybridSecret() []gen.Group {
	s := shared()
	kem := s.resp.KEMSecret[:]
	var random []gen.Case
	for _, i := range []string{"1", "2"} {
		random = append(random, gen.Valid("random inputs "+i, vectors.Make("sharedX25519", vecBytes(32, "hybridSecret", i, "sharedX25519"), "kemSecret", vecBytes(32, "hybridSecret", i, "kemSecret")), "Random").
			Drew("sharedX25519", vecLabel("hybridSecret", i, "sharedX25519"), "kemSecret", vecLabel("hybridSecret", i, "kemSecret")))
	}
	return []gen.Group{
		{Type: "HybridSecret", Cases: append([]gen.Case{
			gen.Valid("the scenario: X25519(rk_s, A) and Bob's KEM secret", vectors.Make("sharedX25519", s.resp.SharedX25519, "kemSecret", kem), "Scenario", "CrossChecked").
				Pin("hybridSecret", ccHex("response.hybridSecret")),
			gen.Valid("an all-zero X25519 input, as after a low-order A", vectors.Make("sharedX25519", make([]byte, 32), "kemSecret", kem), "LowOrderPoint", "CrossChecked").
				Pin("hybridSecret", ccHex("lowOrderResponse.hybridSecret")),
			gen.Valid("the inputs swapped: another secret", vectors.Make("sharedX25519", kem, "kemSecret", s.resp.SharedX25519)),
			gen.Invalid("X25519 input of 31 bytes", category.FieldLength, vectors.Make("sharedX25519", s.resp.SharedX25519[:31], "kemSecret", kem), "WrongLength"),
			gen.Invalid("KEM secret of 33 bytes", category.FieldLength, vectors.Make("sharedX25519", s.resp.SharedX25519, "kemSecret", append(append([]byte{}, kem...), 0)), "WrongLength"),
		}, random...)},
	}
}

func genKDFRootKey() []gen.Group {
	zero := make([]byte, 32)
	return []gen.Group{
		{Type: "KDFRootKey", Comment: "the scenario's root key steps", Cases: []gen.Case{
			gen.Valid("bootstrap: KDF_RK(zeros, hybridSecret) = (RK0, CK0)", vectors.Make("rootKey", zero, "dh", ccHex("response.hybridSecret")), "Scenario", "CrossChecked").
				Pin("newRootKey", ccHex("response.rootKey0"), "chainKey", ccHex("response.chainKey0")),
			gen.Valid("Alice's first DH step: KDF_RK(RK0, X25519(s1, rk_p))", vectors.Make("rootKey", ccHex("response.rootKey0"), "dh", ccHex("bootstrap.dh1")), "Scenario", "CrossChecked").
				Pin("newRootKey", ccHex("bootstrap.rootKey1"), "chainKey", ccHex("bootstrap.sendingChainKey1")),
			gen.Valid("Bob's DH step, receiving half: (RK0, X25519(rk_s, S1)) gives Alice's RK1 and sending chain", vectors.Make("rootKey", ccHex("response.rootKey0"), "dh", ccHex("ratchet.bobDecrypt1.dhReceive")), "Scenario", "CrossChecked").
				Pin("newRootKey", ccHex("ratchet.bobDecrypt1.rootKeyA"), "chainKey", ccHex("ratchet.bobDecrypt1.receivingChainKey")),
			gen.Valid("Bob's DH step, sending half (and Alice's receiving half of her DH step)", vectors.Make("rootKey", ccHex("ratchet.bobDecrypt1.rootKeyA"), "dh", ccHex("ratchet.bobDecrypt1.dhSend")), "Scenario", "CrossChecked").
				Pin("newRootKey", ccHex("ratchet.bobDecrypt1.rootKeyB"), "chainKey", ccHex("ratchet.bobDecrypt1.sendingChainKey")),
			gen.Valid("Alice's DH step, sending half", vectors.Make("rootKey", ccHex("ratchet.aliceDecrypt2.rootKeyA"), "dh", ccHex("ratchet.aliceDecrypt2.dhSend")), "Scenario", "CrossChecked").
				Pin("newRootKey", ccHex("ratchet.aliceDecrypt2.rootKeyB"), "chainKey", ccHex("ratchet.aliceDecrypt2.sendingChainKey")),
		}},
		{Type: "KDFRootKey", Comment: "other inputs", Cases: []gen.Case{
			gen.Valid("an all-zero DH output, as after a low-order key", vectors.Make("rootKey", ccHex("response.rootKey0"), "dh", zero), "LowOrderPoint"),
			gen.Valid("random inputs", vectors.Make("rootKey", vecBytes(32, "kdfRootKey", "rootKey"), "dh", vecBytes(32, "kdfRootKey", "dh")), "Random").
				Drew("rootKey", vecLabel("kdfRootKey", "rootKey"), "dh", vecLabel("kdfRootKey", "dh")),
			gen.Invalid("root key of 31 bytes", category.FieldLength, vectors.Make("rootKey", zero[:31], "dh", ccHex("response.hybridSecret")), "WrongLength"),
			gen.Invalid("DH output of 64 bytes", category.FieldLength, vectors.Make("rootKey", zero, "dh", make([]byte, 64)), "WrongLength"),
		}},
	}
}

func genKDFChainKey() []gen.Group {
	return []gen.Group{
		{Type: "KDFChainKey", Cases: []gen.Case{
			gen.Valid("Alice's first sending chain key: the key of message 1", vectors.Make("chainKey", ccHex("bootstrap.sendingChainKey1")), "Scenario", "CrossChecked").
				Pin("messageKey", ccHex("ratchet.msg1.messageKey"), "newChainKey", ccHex("ratchet.aliceState1.sendingChainKey")),
			gen.Valid("Bob's sending chain key after his DH step: the key of message 2", vectors.Make("chainKey", ccHex("ratchet.bobDecrypt1.sendingChainKey")), "Scenario", "CrossChecked").
				Pin("messageKey", ccHex("ratchet.msg2.messageKey"), "newChainKey", ccHex("ratchet.bobState2.sendingChainKey")),
			gen.Valid("Bob's receiving chain key of Alice's first chain", vectors.Make("chainKey", ccHex("ratchet.bobDecrypt1.receivingChainKey")), "Scenario", "CrossChecked").
				Pin("messageKey", ccHex("ratchet.bobDecrypt1.messageKey"), "newChainKey", ccHex("ratchet.bobState1.receivingChainKey")),
			gen.Valid("CK0, the responder's first sending chain", vectors.Make("chainKey", ccHex("response.chainKey0"))),
			gen.Valid("an all-zero chain key", vectors.Make("chainKey", make([]byte, 32))),
			gen.Valid("a random chain key", vectors.Make("chainKey", vecBytes(32, "kdfChainKey", "chainKey")), "Random").Drew("chainKey", vecLabel("kdfChainKey", "chainKey")),
			gen.Invalid("chain key of 31 bytes", category.FieldLength, vectors.Make("chainKey", make([]byte, 31)), "WrongLength"),
			gen.Invalid("empty chain key", category.FieldLength, vectors.Make("chainKey", []byte{}), "WrongLength"),
		}},
	}
}

func genTopic() []gen.Group {
	hyb, tag := ccHex("response.hybridSecret"), ccHex("response.inResponseTo")
	rk1, dh1 := ccHex("bootstrap.rootKey1"), ccHex("bootstrap.dh1")
	rkA, dhR := ccHex("ratchet.bobDecrypt1.rootKeyA"), ccHex("ratchet.bobDecrypt1.dhReceive")
	rkB, dhS := ccHex("ratchet.bobDecrypt1.rootKeyB"), ccHex("ratchet.bobDecrypt1.dhSend")
	t := func(ikm, salt []byte, dir, version string) vectors.Values {
		return vectors.Make("ikm", ikm, "salt", salt, "direction", dir, "version", version)
	}
	return []gen.Group{
		{Type: "Topic", Comment: "the scenario's topics", Cases: []gen.Case{
			gen.Valid("epoch 0, outbound (initiator to responder)", t(hyb, tag, "outbound", "v2"), "Scenario", "CrossChecked").Pin("topic", ccHex("bootstrap.topicOutbound")),
			gen.Valid("epoch 0, inbound (responder to initiator)", t(hyb, tag, "inbound", "v2"), "Scenario", "CrossChecked").Pin("topic", ccHex("bootstrap.topicInbound")),
			gen.Valid("Alice's next outbound topic, from (RK1, dh1)", t(dh1, rk1, "outbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("bootstrap.aliceState0.nextTopicOutbound")),
			gen.Valid("Alice's next inbound topic, from (RK1, dh1)", t(dh1, rk1, "inbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("bootstrap.aliceState0.nextTopicInbound")),
			gen.Valid("Bob's current outbound topic after his DH step: the inbound label of the sender's key", t(dhR, rkA, "inbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("ratchet.bobState1.currentTopicOutbound")),
			gen.Valid("Bob's current inbound topic after his DH step", t(dhR, rkA, "outbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("ratchet.bobState1.currentTopicInbound")),
			gen.Valid("Bob's next outbound topic", t(dhS, rkB, "outbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("ratchet.bobState1.nextTopicOutbound")),
			gen.Valid("Bob's next inbound topic", t(dhS, rkB, "inbound", "v3"), "Scenario", "CrossChecked").Pin("topic", ccHex("ratchet.bobState1.nextTopicInbound")),
		}},
		{Type: "Topic", Comment: "other inputs", Cases: []gen.Case{
			gen.Valid("epoch-0 inputs with the v3 label: another topic", t(hyb, tag, "outbound", "v3")),
			gen.Valid("ikm and salt swapped: another topic", t(tag, hyb, "outbound", "v2")),
			gen.Invalid("ikm of 31 bytes", category.FieldLength, t(hyb[:31], tag, "outbound", "v2"), "WrongLength"),
			gen.Invalid("salt of 33 bytes", category.FieldLength, t(hyb, append(append([]byte{}, tag...), 0), "outbound", "v2"), "WrongLength"),
		}},
	}
}

func genSessionInitiator() []gen.Group {
	s := shared()
	rkp := s.resp.RatchetPublicKey[:]
	base := vectors.Make("ephemeralSecret", s.a, "ratchetPublicKey", rkp, "kemSecret", s.resp.KEMSecret, "inResponseTo", s.resp.InResponseTo, "firstRatchetSecret", s.s1)
	var low []gen.Case
	for _, i := range []int{0, 2, 3} {
		low = append(low, gen.Acceptable("rk_p = "+lowOrderPoints[i].name, category.LowOrderPoint, vectors.Make("ratchetPublicKey", lowOrder(i)), "LowOrderPoint"))
	}
	return []gen.Group{
		{Type: "SessionInitiator", Inputs: base, Cases: []gen.Case{
			gen.Valid("Alice's session after Bob's response", vectors.Make(), "Scenario", "CrossChecked").Pin(
				"state", ccState("bootstrap.aliceState0"), "topicOutbound", ccHex("bootstrap.topicOutbound"), "topicInbound", ccHex("bootstrap.topicInbound"),
				"conversationId", ccHex("bootstrap.conversationId"), "sharedX25519", ccHex("response.sharedX25519"), "hybridSecret", ccHex("response.hybridSecret"),
				"rootKey0", ccHex("response.rootKey0"), "chainKey0", ccHex("response.chainKey0")).Drew("firstRatchetSecret", unitLabel("s1")),
			gen.Valid("rk_p with the top bit set: the same secrets, but the state keeps the key as given", vectors.Make("ratchetPublicKey", topBit(rkp)), "NonCanonicalPublic").Pin(
				"topicOutbound", ccHex("bootstrap.topicOutbound"), "conversationId", ccHex("bootstrap.conversationId")),
			gen.Valid("another first ratchet secret", vectors.Make("firstRatchetSecret", vecBytes(32, "sessionInitiator", "firstRatchetSecret")), "Random").
				Drew("firstRatchetSecret", vecLabel("sessionInitiator", "firstRatchetSecret")),
		}},
		{Type: "SessionInitiator", Comment: "rk_p of small order", Inputs: base, Cases: low},
		{Type: "SessionInitiator", Comment: "inputs of the wrong size", Inputs: base, Cases: []gen.Case{
			gen.Invalid("rk_p of 31 bytes", category.FieldLength, vectors.Make("ratchetPublicKey", rkp[:31]), "WrongLength"),
			gen.Invalid("ephemeral secret of 33 bytes", category.FieldLength, vectors.Make("ephemeralSecret", append(append([]byte{}, s.a...), 0)), "WrongLength"),
			gen.Invalid("KEM secret of 31 bytes", category.FieldLength, vectors.Make("kemSecret", s.resp.KEMSecret[:31]), "WrongLength"),
			gen.Invalid("inResponseTo of 31 bytes", category.FieldLength, vectors.Make("inResponseTo", s.resp.InResponseTo[:31]), "WrongLength"),
			gen.Invalid("first ratchet secret of 31 bytes", category.FieldLength, vectors.Make("firstRatchetSecret", s.s1[:31]), "WrongLength"),
		}},
	}
}

func genSessionResponder() []gen.Group {
	s := shared()
	A := s.hs.EphemeralX25519[:]
	base := vectors.Make("ratchetSecret", s.rks, "initiatorEphemeralX25519", A, "kemSecret", s.resp.KEMSecret, "inResponseTo", s.resp.InResponseTo)
	var low []gen.Case
	for _, i := range []int{0, 1, 4} {
		low = append(low, gen.Acceptable("A = "+lowOrderPoints[i].name, category.LowOrderPoint, vectors.Make("initiatorEphemeralX25519", lowOrder(i)), "LowOrderPoint"))
	}
	low[0] = low[0].Pin("sharedX25519", ccHex("lowOrderResponse.sharedX25519"), "hybridSecret", ccHex("lowOrderResponse.hybridSecret"))
	low[0].Flags = append(low[0].Flags, "CrossChecked")
	return []gen.Group{
		{Type: "SessionResponder", Inputs: base, Cases: []gen.Case{
			gen.Valid("Bob's session after his response", vectors.Make(), "Scenario", "CrossChecked").Pin(
				"state", ccState("bootstrap.bobState0"), "topicOutbound", ccHex("bootstrap.topicInbound"), "topicInbound", ccHex("bootstrap.topicOutbound"),
				"conversationId", ccHex("bootstrap.conversationId"), "sharedX25519", ccHex("response.sharedX25519"), "hybridSecret", ccHex("response.hybridSecret"),
				"rootKey0", ccHex("response.rootKey0"), "chainKey0", ccHex("response.chainKey0")),
			gen.Valid("another KEM secret: other keys and topics", vectors.Make("kemSecret", vecBytes(32, "sessionResponder", "kemSecret")), "Random").
				Drew("kemSecret", vecLabel("sessionResponder", "kemSecret")),
		}},
		{Type: "SessionResponder", Comment: "A of small order", Inputs: base, Cases: low},
		{Type: "SessionResponder", Comment: "inputs of the wrong size", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("A of 33 bytes: the first 32 are used", category.FieldLength, vectors.Make("initiatorEphemeralX25519", append(append([]byte{}, A...), 0)), "LongA").
				Pin("sharedX25519", ccHex("response.sharedX25519"), "rootKey0", ccHex("response.rootKey0"), "chainKey0", ccHex("response.chainKey0")),
			gen.Acceptable("A of 1216 bytes (the whole ephemeralPubKey, as the SDK's accept path passes it): the first 32 are used", category.FieldLength, vectors.Make("initiatorEphemeralX25519", s.hs.EphemeralPubKey), "LongA").
				Pin("sharedX25519", ccHex("response.sharedX25519"), "rootKey0", ccHex("response.rootKey0"), "chainKey0", ccHex("response.chainKey0")),
			gen.Invalid("A of 31 bytes", category.FieldLength, vectors.Make("initiatorEphemeralX25519", A[:31]), "WrongLength"),
			gen.Invalid("ratchet secret of 31 bytes", category.FieldLength, vectors.Make("ratchetSecret", s.rks[:31]), "WrongLength"),
			gen.Invalid("KEM secret of 33 bytes", category.FieldLength, vectors.Make("kemSecret", append(s.resp.KEMSecret[:], 0)), "WrongLength"),
			gen.Invalid("inResponseTo empty", category.FieldLength, vectors.Make("inResponseTo", []byte{}), "WrongLength"),
		}},
	}
}
