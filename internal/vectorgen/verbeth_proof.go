package vectorgen

import (
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	Register(&Generator{Family: vectors.VerbethIdentityProofBindingMessage, Notes: vbNotes, Groups: genBindingMessage})
	Register(&Generator{Family: vectors.VerbethIdentityProofVerify, Notes: vbNotes, Groups: genVerify,
		Header: []string{
			"Unless a test says otherwise the proof is Alice's: her binding message (the lines VerbEth Key Binding v1, Address, PkEd25519, PkX25519, ExecutorAddress, ChainId 8453, RpId pqhs.example) edited as the comment says,",
			"then signed by her secp256k1 key as ethers' signMessage signs (RFC 6979, low s, v = 27 or 28); eventSender is her address as events report it (EIP-55) and the wire keys are hers.",
		}})
}

func genBindingMessage() []Group {
	s := sc()
	a := s.alice
	base := vectors.Make("address", a.address, "ed25519", a.edPub, "x25519", a.xPub, "executorAddress", a.address)
	safe := "0x" + hx(vecBytes(20, "bindingMessage", "safe"))
	return []Group{
		{Type: "BindingMessage", Inputs: base, Cases: []Case{
			ok("Alice's message with chain id and rp id", vectors.Make("chainId", unitChainID, "rpId", unitRpID), "CrossChecked").
				pin("message", ccStr("parties.alice.proof.message"), "messageHash", ccHex("parties.alice.proof.messageHash")),
			ok("Bob's message with chain id and rp id", vectors.Make("address", s.bob.address, "ed25519", s.bob.edPub, "x25519", s.bob.xPub, "executorAddress", s.bob.address,
				"chainId", unitChainID, "rpId", unitRpID), "CrossChecked").
				pin("message", ccStr("parties.bob.proof.message"), "messageHash", ccHex("parties.bob.proof.messageHash")),
			ok("no chain id and no rp id: five lines", vectors.Make()),
			ok("an empty executor: the line keeps its trailing space", vectors.Make("executorAddress", "")),
			ok("an empty rp id: no RpId line", vectors.Make("chainId", unitChainID, "rpId", "")),
			ok("checksummed addresses are written lowercase", vectors.Make("address", a.checksummed, "executorAddress", a.checksummed, "chainId", unitChainID), "MixedCase"),
			ok("Safe mode: the executor is a Safe (0x and the hex of 20 bytes drawn under "+vecLabel("bindingMessage", "safe")+"), chain 84532", vectors.Make("executorAddress", safe, "chainId", 84532), "SafeMode"),
			ok("the largest chain id JavaScript counts exactly, 2^53 - 1", vectors.Make("chainId", int64(1<<53-1))),
			ok("an rp id with non-ASCII characters", vectors.Make("chainId", unitChainID, "rpId", "példa.hu:8443")),
			bad("an Ed25519 key of 31 bytes", category.FieldLength, vectors.Make("ed25519", a.edPub[:31]), "WrongLength"),
			bad("an X25519 key of 33 bytes", category.FieldLength, vectors.Make("x25519", append(a.xPub[:], 0)), "WrongLength"),
		}},
	}
}

var secpN, _ = new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)

// icap is an address in ethers' ICAP direct form: XE, the IBAN check digits,
// and the address in base 36, 30 digits, upper case.
func icap(addr string) string {
	n, _ := new(big.Int).SetString(addr[2:], 16)
	b36 := strings.ToUpper(n.Text(36))
	for len(b36) < 30 {
		b36 = "0" + b36
	}
	var digits strings.Builder
	for _, c := range b36 + "XE00" {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		} else {
			digits.WriteRune(c)
		}
	}
	m, _ := new(big.Int).SetString(digits.String(), 10)
	check := 98 - new(big.Int).Mod(m, big.NewInt(97)).Int64()
	return "XE" + string(rune('0'+check/10)) + string(rune('0'+check%10)) + b36
}

// flipCase changes the case of the first letter of a checksummed address.
func flipCase(addr string) string {
	b := []byte(addr)
	for i := 2; i < len(b); i++ {
		switch {
		case b[i] >= 'a' && b[i] <= 'f':
			b[i] -= 'a' - 'A'
			return string(b)
		case b[i] >= 'A' && b[i] <= 'F':
			b[i] += 'a' - 'A'
			return string(b)
		}
	}
	return addr
}

func genVerify() []Group {
	s := sc()
	a, bob, mal := s.alice, s.bob, s.mallory
	noCtx := vectors.Make("eventSender", a.checksummed, "wireX25519", a.xPub, "wireEd25519", a.edPub)
	base := merge(noCtx, vectors.Make("expectedChainId", unitChainID, "expectedRpId", unitRpID))
	set := func(i int, line string) func([]string) []string {
		return func(l []string) []string { l[i] = line; return l }
	}
	add := func(extra ...string) func([]string) []string {
		return func(l []string) []string { return append(l, extra...) }
	}
	drop := func(i int) func([]string) []string {
		return func(l []string) []string { return append(l[:i], l[i+1:]...) }
	}
	signed := func(edit func([]string) []string) vectors.Values {
		p := a.sign(a.binding(edit))
		return vectors.Make("proofMessage", p.Message, "proofSignature", p.Signature)
	}
	canon := a.proof
	withSig := func(sig string) vectors.Values {
		return vectors.Make("proofMessage", canon.Message, "proofSignature", sig)
	}
	sigHex := canon.Signature[2:]
	sig := unhex(sigHex)
	highS := func() string {
		sv := new(big.Int).SetBytes(sig[32:64])
		sv.Sub(secpN, sv)
		b := append(append([]byte{}, sig[:32]...), sv.FillBytes(make([]byte, 32))...)
		return "0x" + hx(append(b, 55-sig[64]))
	}()
	v01 := "0x" + sigHex[:128] + hx([]byte{sig[64] - 27})
	v129 := "0x" + sigHex[:128] + hx([]byte{sig[64] - 27})[1:]
	key := func(b []byte) string { return "0x" + hex.EncodeToString(b) }
	safe := "0x" + hx(vecBytes(20, "verify", "safe"))
	safeProof := a.sign(a.binding(set(4, "ExecutorAddress: "+safe)))
	outs := []any{"address", a.address}
	return []Group{
		{Type: "IdentityProofVerify", Comment: "proofs both profiles accept", Inputs: base, Cases: []Case{
			ok("Alice's proof as the SDK writes it", withSig(canon.Signature), "CrossChecked").
				pin("address", ccStr("parties.alice.address"), "executorAddress", ccStr("parties.alice.address"), "messageHash", ccHex("parties.alice.proof.messageHash")),
			ok("Bob's proof, sent by Bob", vectors.Make("proofMessage", bob.proof.Message, "proofSignature", bob.proof.Signature, "eventSender", bob.checksummed,
				"wireX25519", bob.xPub, "wireEd25519", bob.edPub), "CrossChecked").pin("address", ccStr("parties.bob.address"), "messageHash", ccHex("parties.bob.proof.messageHash")),
			ok("event sender given in lowercase", merge(withSig(canon.Signature), vectors.Make("eventSender", a.address))).pin(outs...),
			ok("the intended party is Alice (checksummed)", merge(withSig(canon.Signature), vectors.Make("expectedAddress", a.checksummed)), "ExpectedParty").pin(outs...),
			ok("signature hex digits in upper case", withSig("0x"+strings.ToUpper(sigHex))).pin(outs...),
			ok("the lines in another order", signed(func(l []string) []string {
				return []string{l[0], l[6], l[5], l[4], l[3], l[2], l[1]}
			})).pin(outs...),
			ok("Safe mode: Alice signs, the Safe (0x and the hex of 20 bytes drawn under "+vecLabel("verify", "safe")+") sends", merge(vectors.Make("proofMessage", safeProof.Message, "proofSignature", safeProof.Signature), vectors.Make("eventSender", safe)), "SafeMode").
				pin("address", a.address, "executorAddress", safe),
			ok("Safe mode, the intended party is the Safe", merge(vectors.Make("proofMessage", safeProof.Message, "proofSignature", safeProof.Signature), vectors.Make("eventSender", safe, "expectedAddress", safe)), "SafeMode", "ExpectedParty").
				pin("address", a.address, "executorAddress", safe),
		}},
		{Type: "IdentityProofVerify", Comment: "the verifier passes chain id 8453 and no rp id", Inputs: merge(noCtx, vectors.Make("expectedChainId", unitChainID)), Cases: []Case{
			ok("no RpId line: none expected", signed(drop(6))).pin(outs...),
			ok("RpId evil.example: not checked", signed(set(6, "RpId: evil.example"))).pin(outs...),
		}},
		{Type: "IdentityProofVerify", Comment: "the verifier passes no chain id and no rp id", Inputs: noCtx, Cases: []Case{
			ok("Alice's proof", withSig(canon.Signature)).pin(outs...),
			ok("a wrong ChainId: nobody can tell", signed(set(5, "ChainId: 1")), "ChainIdUnchecked").pin(outs...),
			soso("no ChainId line", category.ProofChainID, signed(drop(5)), "ProofChainId").pin(outs...),
		}},
		{Type: "IdentityProofVerify", Comment: "proofs the SDK accepts and the strict profile rejects", Inputs: base, Cases: []Case{
			soso("an empty header line", category.ProofHeader, signed(set(0, "")), "ProofHeader").pin(outs...),
			soso("a header line of spaces", category.ProofHeader, signed(set(0, "   ")), "ProofHeader").pin(outs...),
			soso("CRLF line ends", category.ProofHeader, signed(func(l []string) []string { return []string{strings.Join(l, "\r\n")} }), "ProofHeader").pin(outs...),
			soso("a Context: verbeth line", category.ProofHeader, signed(add("Context: verbeth")), "ProofHeader").pin(outs...),
			soso("a Version: 1 line", category.ProofHeader, signed(add("Version: 1")), "ProofHeader").pin(outs...),
			soso("unknown lines, one without a colon", category.ProofHeader, signed(add("Foo: bar", "no colon")), "ProofHeader").pin(outs...),
			soso("Address checksummed (EIP-55)", category.ProofAddress, signed(set(1, "Address: "+a.checksummed)), "ProofAddress", "MixedCase").pin(outs...),
			soso("Address in upper case", category.ProofAddress, signed(set(1, "Address: 0x"+strings.ToUpper(a.address[2:]))), "ProofAddress", "MixedCase").pin(outs...),
			soso("Address without 0x", category.ProofAddress, signed(set(1, "Address: "+a.address[2:])), "ProofAddress").pin(outs...),
			soso("Address in ICAP form", category.ProofAddress, signed(set(1, "Address: "+icap(a.address))), "ProofAddress").pin(outs...),
			soso("ExecutorAddress checksummed", category.ProofExecutor, signed(set(4, "ExecutorAddress: "+a.checksummed)), "ProofExecutor", "MixedCase").pin(outs...),
			soso("the ExecutorSafe alias", category.ProofExecutor, signed(set(4, "ExecutorSafe: "+a.address)), "ProofExecutor").pin(outs...),
			soso("the key in lowercase: executoraddress", category.ProofExecutor, signed(set(4, "executoraddress: "+a.address)), "ProofExecutor").pin(outs...),
			soso("spaces around the key and the value", category.ProofExecutor, signed(set(4, "  ExecutorAddress :   "+a.address+"  ")), "ProofExecutor").pin(outs...),
			soso("a second, empty ExecutorAddress line", category.ProofExecutor, signed(add("ExecutorAddress: ")), "ProofExecutor").pin(outs...),
			soso("PkX25519 as 0X and upper-case digits", category.ProofKeys, signed(set(3, "PkX25519: 0X"+strings.ToUpper(hx(a.xPub[:])))), "ProofKeys").pin(outs...),
			soso("PkEd25519 with upper-case digits", category.ProofKeys, signed(set(2, "PkEd25519: 0x"+strings.ToUpper(hx(a.edPub)))), "ProofKeys").pin(outs...),
			soso("the key name with U+212A KELVIN SIGN, which lowercases to k", category.ProofKeys, signed(set(3, "P\u212aX25519: "+key(a.xPub[:]))), "ProofKeys", "UnicodeLowercase").pin(outs...),
			soso("ChainId 0x2105", category.ProofChainID, signed(set(5, "ChainId: 0x2105")), "ProofChainId").pin(outs...),
			soso("ChainId 8453.0 after two spaces", category.ProofChainID, signed(set(5, "ChainId:  8453.0")), "ProofChainId").pin(outs...),
			soso("ChainId 8.453e3", category.ProofChainID, signed(set(5, "ChainId: 8.453e3")), "ProofChainId").pin(outs...),
			soso("ChainId 08453", category.ProofChainID, signed(set(5, "ChainId: 08453")), "ProofChainId").pin(outs...),
			soso("ChainId twice", category.ProofChainID, signed(add("ChainId: 8453")), "ProofChainId").pin(outs...),
			soso("RpId after two spaces", category.ProofRPID, signed(set(6, "RpId:  "+unitRpID)), "ProofRpId").pin(outs...),
			soso("signature with v = 0 or 1", category.ProofSignature, withSig(v01), "ProofSignature").pin(outs...),
			soso("signature of 129 hex digits (v as one digit)", category.ProofSignature, withSig(v129), "ProofSignature").pin(outs...),
			soso("signature with high s (n - s, v flipped)", category.ProofSignature, withSig(highS), "SignatureMalleability").pin(outs...),
			soso("the intended party is Bob", category.ProofAddress, merge(withSig(canon.Signature), vectors.Make("expectedAddress", bob.checksummed)), "ExpectedParty").pin(outs...),
		}},
		{Type: "IdentityProofVerify", Comment: "proofs both profiles reject", Inputs: base, Cases: []Case{
			bad("header VerbEth Key Binding v2", category.ProofHeader, signed(set(0, "VerbEth Key Binding v2")), "ProofHeader"),
			bad("a Context: other line", category.ProofHeader, signed(add("Context: other")), "ProofHeader"),
			bad("a Version: 2 line", category.ProofHeader, signed(add("Version: 2")), "ProofHeader"),
			bad("Address with a bad checksum", category.ProofAddress, signed(set(1, "Address: "+flipCase(a.checksummed))), "ProofAddress", "MixedCase"),
			bad("Address of 19 bytes", category.ProofAddress, signed(set(1, "Address: "+a.address[:40])), "ProofAddress"),
			bad("no Address line", category.ProofAddress, signed(drop(1)), "ProofAddress"),
			bad("an empty message", category.ProofAddress, vectors.Make("proofMessage", "", "proofSignature", a.sign("").Signature), "ProofAddress"),
			bad("the legacy ExecutorSafeAddress line of SDK 0.1.6", category.ProofExecutor, signed(set(4, "ExecutorSafeAddress: "+a.address)), "LegacyExecutorLine"),
			bad("no ExecutorAddress line", category.ProofExecutor, signed(drop(4)), "ProofExecutor"),
			bad("an empty ExecutorAddress", category.ProofExecutor, signed(set(4, "ExecutorAddress: ")), "ProofExecutor"),
			bad("ExecutorAddress with a bad checksum", category.ProofExecutor, signed(set(4, "ExecutorAddress: "+flipCase(a.checksummed))), "ProofExecutor"),
			bad("sent by Bob", category.ProofExecutor, merge(withSig(canon.Signature), vectors.Make("eventSender", bob.checksummed)), "ProofExecutor"),
			bad("an event sender that is not an address", category.ProofExecutor, merge(withSig(canon.Signature), vectors.Make("eventSender", "0x1234")), "ProofExecutor"),
			bad("ExecutorAddress is Mallory's, sent by Alice", category.ProofExecutor, signed(set(4, "ExecutorAddress: "+mal.address)), "ProofExecutor"),
			bad("PkX25519 of odd length", category.ProofKeys, signed(set(3, "PkX25519: "+key(a.xPub[:])+"0")), "ProofKeys"),
			bad("PkX25519 of 31 bytes", category.ProofKeys, signed(set(3, "PkX25519: "+key(a.xPub[:31]))), "ProofKeys"),
			bad("PkX25519 is Bob's", category.ProofKeys, signed(set(3, "PkX25519: "+key(bob.xPub[:]))), "ProofKeys"),
			bad("PkEd25519 is Bob's", category.ProofKeys, signed(set(2, "PkEd25519: "+key(bob.edPub))), "ProofKeys"),
			bad("the two keys swapped", category.ProofKeys, signed(func(l []string) []string {
				l[2], l[3] = "PkEd25519: "+key(a.xPub[:]), "PkX25519: "+key(a.edPub)
				return l
			}), "ProofKeys"),
			bad("no PkEd25519 line", category.ProofKeys, signed(drop(2)), "ProofKeys"),
			bad("the wire carries Bob's X25519 key", category.ProofKeys, merge(withSig(canon.Signature), vectors.Make("wireX25519", bob.xPub)), "ProofKeys"),
			bad("no ChainId line, the verifier is on 8453", category.ProofChainID, signed(drop(5)), "ProofChainId"),
			bad("ChainId 1, the verifier is on 8453", category.ProofChainID, signed(set(5, "ChainId: 1")), "ProofChainId"),
			bad("ChainId abc", category.ProofChainID, signed(set(5, "ChainId: abc")), "ProofChainId"),
			bad("the key ChaİnId (U+0130), which lowercases to chai̇nid", category.ProofChainID, signed(set(5, "Cha\u0130nId: 8453")), "ProofChainId", "UnicodeLowercase"),
			bad("RpId evil.example", category.ProofRPID, signed(set(6, "RpId: evil.example")), "ProofRpId"),
			bad("no RpId line", category.ProofRPID, signed(drop(6)), "ProofRpId"),
			bad("a second Address line (Bob's): the last counts", category.ProofSignature, signed(add("Address: "+bob.address)), "ProofSignature"),
			bad("signed by Bob", category.ProofSignature, withSig(bob.sign(canon.Message).Signature), "ProofSignature"),
			bad("the message changed after signing", category.ProofSignature, merge(withSig(canon.Signature), vectors.Make("proofMessage", canon.Message+" ")), "ProofSignature"),
			bad("signature with the 0X prefix", category.ProofSignature, withSig("0X"+sigHex), "ProofSignature"),
			bad("signature without 0x", category.ProofSignature, withSig(sigHex), "ProofSignature"),
			bad("signature with v = 29", category.ProofSignature, withSig("0x"+sigHex[:128]+"1d"), "ProofSignature"),
			bad("signature of 64 bytes (no v)", category.ProofSignature, withSig("0x"+sigHex[:128]), "ProofSignature"),
			bad("signature of 66 bytes", category.ProofSignature, withSig(canon.Signature+"00"), "ProofSignature"),
			bad("signature with r = 0", category.ProofSignature, withSig("0x"+strings.Repeat("0", 64)+sigHex[64:]), "ProofSignature"),
			bad("signature with s = 0", category.ProofSignature, withSig("0x"+sigHex[:64]+strings.Repeat("0", 64)+sigHex[128:]), "ProofSignature"),
			bad("signature with s = n", category.ProofSignature, withSig("0x"+sigHex[:64]+hx(secpN.Bytes())+sigHex[128:]), "ProofSignature"),
			bad("an empty signature", category.ProofSignature, withSig(""), "ProofSignature"),
			bad("a signature that is not hex", category.ProofSignature, withSig("0x"+strings.Repeat("zz", 65)), "ProofSignature"),
		}},
	}
}
