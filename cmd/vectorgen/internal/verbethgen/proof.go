package verbethgen

import (
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethIdentityProofBindingMessage, Notes: notes, Groups: genBindingMessage})
	gen.Register(&gen.Generator{Family: vectors.VerbethIdentityProofVerify, Notes: notes, Groups: genIdentityProofVerify,
		Header: []string{
			"Unless a test says otherwise the proof is Alice's: her binding message (the lines VerbEth Key Binding v1, Address, PkEd25519, PkX25519, ExecutorAddress, ChainId 8453, RpId pqhs.example) edited as the comment says,",
			"then signed by her secp256k1 key as ethers' signMessage signs (RFC 6979, low s, v = 27 or 28); eventSender is her address as events report it (EIP-55) and the wire keys are hers.",
		}})
}

func genBindingMessage() []gen.Group {
	s := shared()
	a := s.alice
	base := vectors.Make("address", a.address, "ed25519", a.edPub, "x25519", a.xPub, "executorAddress", a.address)
	safe := "0x" + gen.Hex(vecBytes(20, "bindingMessage", "safe"))
	return []gen.Group{
		{Type: "BindingMessage", Inputs: base, Cases: []gen.Case{
			gen.Valid("Alice's message with chain id and rp id", vectors.Make("chainId", unitChainID, "rpId", unitRpID), "CrossChecked").
				Pin("message", ccStr("parties.alice.proof.message"), "messageHash", ccHex("parties.alice.proof.messageHash")),
			gen.Valid("Bob's message with chain id and rp id", vectors.Make("address", s.bob.address, "ed25519", s.bob.edPub, "x25519", s.bob.xPub, "executorAddress", s.bob.address,
				"chainId", unitChainID, "rpId", unitRpID), "CrossChecked").
				Pin("message", ccStr("parties.bob.proof.message"), "messageHash", ccHex("parties.bob.proof.messageHash")),
			gen.Valid("no chain id and no rp id: five lines", vectors.Make()),
			gen.Valid("an empty executor: the line keeps its trailing space", vectors.Make("executorAddress", "")),
			gen.Valid("an empty rp id: no RpId line", vectors.Make("chainId", unitChainID, "rpId", "")),
			gen.Valid("checksummed addresses are written lowercase", vectors.Make("address", a.checksummed, "executorAddress", a.checksummed, "chainId", unitChainID), "MixedCase"),
			gen.Valid("Safe mode: the executor is a Safe (0x and the hex of 20 bytes drawn under "+vecLabel("bindingMessage", "safe")+"), chain 84532", vectors.Make("executorAddress", safe, "chainId", 84532), "SafeMode"),
			gen.Valid("the largest chain id JavaScript counts exactly, 2^53 - 1", vectors.Make("chainId", int64(1<<53-1))),
			gen.Valid("an rp id with non-ASCII characters", vectors.Make("chainId", unitChainID, "rpId", "példa.hu:8443")),
			gen.Invalid("an Ed25519 key of 31 bytes", category.FieldLength, vectors.Make("ed25519", a.edPub[:31]), "WrongLength"),
			gen.Invalid("an X25519 key of 33 bytes", category.FieldLength, vectors.Make("x25519", append(a.xPub[:], 0)), "WrongLength"),
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

// The lines of a binding message (spec/verbeth.md §5), by index, for the
// cases that edit one of them.
const (
	lineHeader    = iota // VerbEth Key Binding v1
	lineAddress          // Address: 0x…
	linePkEd25519        // PkEd25519: 0x…
	linePkX25519         // PkX25519: 0x…
	lineExecutor         // ExecutorAddress: 0x…
	lineChainID          // ChainId: 8453
	lineRpID             // RpId: …
)

func genIdentityProofVerify() []gen.Group {
	s := shared()
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
	sig := gen.Unhex(sigHex)
	highS := func() string {
		sv := new(big.Int).SetBytes(sig[32:64])
		sv.Sub(secpN, sv)
		b := append(append([]byte{}, sig[:32]...), sv.FillBytes(make([]byte, 32))...)
		return "0x" + gen.Hex(append(b, 55-sig[64]))
	}()
	v01 := "0x" + sigHex[:128] + gen.Hex([]byte{sig[64] - 27})
	v129 := "0x" + sigHex[:128] + gen.Hex([]byte{sig[64] - 27})[1:]
	key := func(b []byte) string { return "0x" + hex.EncodeToString(b) }
	safe := "0x" + gen.Hex(vecBytes(20, "verify", "safe"))
	safeProof := a.sign(a.binding(set(lineExecutor, "ExecutorAddress: "+safe)))
	outs := []any{"address", a.address}
	return []gen.Group{
		{Type: "IdentityProofVerify", Comment: "proofs both profiles accept", Inputs: base, Cases: []gen.Case{
			gen.Valid("Alice's proof as the SDK writes it", withSig(canon.Signature), "CrossChecked").
				Pin("address", ccStr("parties.alice.address"), "executorAddress", ccStr("parties.alice.address"), "messageHash", ccHex("parties.alice.proof.messageHash")),
			gen.Valid("Bob's proof, sent by Bob", vectors.Make("proofMessage", bob.proof.Message, "proofSignature", bob.proof.Signature, "eventSender", bob.checksummed,
				"wireX25519", bob.xPub, "wireEd25519", bob.edPub), "CrossChecked").Pin("address", ccStr("parties.bob.address"), "messageHash", ccHex("parties.bob.proof.messageHash")),
			gen.Valid("event sender given in lowercase", merge(withSig(canon.Signature), vectors.Make("eventSender", a.address))).Pin(outs...),
			gen.Valid("the intended party is Alice (checksummed)", merge(withSig(canon.Signature), vectors.Make("expectedAddress", a.checksummed)), "ExpectedParty").Pin(outs...),
			gen.Valid("signature hex digits in upper case", withSig("0x"+strings.ToUpper(sigHex))).Pin(outs...),
			gen.Valid("the lines in another order", signed(func(l []string) []string {
				return []string{l[0], l[6], l[5], l[4], l[3], l[2], l[1]}
			})).Pin(outs...),
			gen.Valid("Safe mode: Alice signs, the Safe (0x and the hex of 20 bytes drawn under "+vecLabel("verify", "safe")+") sends", merge(vectors.Make("proofMessage", safeProof.Message, "proofSignature", safeProof.Signature), vectors.Make("eventSender", safe)), "SafeMode").
				Pin("address", a.address, "executorAddress", safe),
			gen.Valid("Safe mode, the intended party is the Safe", merge(vectors.Make("proofMessage", safeProof.Message, "proofSignature", safeProof.Signature), vectors.Make("eventSender", safe, "expectedAddress", safe)), "SafeMode", "ExpectedParty").
				Pin("address", a.address, "executorAddress", safe),
		}},
		{Type: "IdentityProofVerify", Comment: "the verifier passes chain id 8453 and no rp id", Inputs: merge(noCtx, vectors.Make("expectedChainId", unitChainID)), Cases: []gen.Case{
			gen.Valid("no RpId line: none expected", signed(drop(lineRpID))).Pin(outs...),
			gen.Valid("RpId evil.example: not checked", signed(set(lineRpID, "RpId: evil.example"))).Pin(outs...),
			gen.Invalid("ChainId 2^32 + 8453: another chain with the same low 32 bits", category.ProofChainID, signed(set(lineChainID, "ChainId: 4294975749")), "ProofChainId"),
		}},
		{Type: "IdentityProofVerify", Comment: "the verifier passes no chain id and no rp id", Inputs: noCtx, Cases: []gen.Case{
			gen.Valid("Alice's proof", withSig(canon.Signature)).Pin(outs...),
			gen.Valid("a wrong ChainId: nobody can tell", signed(set(lineChainID, "ChainId: 1")), "ChainIdUnchecked").Pin(outs...),
			gen.Acceptable("no ChainId line", category.ProofChainID, signed(drop(lineChainID)), "ProofChainId").Pin(outs...),
		}},
		{Type: "IdentityProofVerify", Comment: "proofs the SDK accepts and the strict profile rejects", Inputs: base, Cases: []gen.Case{
			gen.Acceptable("an empty header line", category.ProofHeader, signed(set(lineHeader, "")), "ProofHeader").Pin(outs...),
			gen.Acceptable("a header line of spaces", category.ProofHeader, signed(set(lineHeader, "   ")), "ProofHeader").Pin(outs...),
			gen.Acceptable("CRLF line ends", category.ProofHeader, signed(func(l []string) []string { return []string{strings.Join(l, "\r\n")} }), "ProofHeader").Pin(outs...),
			gen.Acceptable("a Context: verbeth line", category.ProofHeader, signed(add("Context: verbeth")), "ProofHeader").Pin(outs...),
			gen.Acceptable("a Version: 1 line", category.ProofHeader, signed(add("Version: 1")), "ProofHeader").Pin(outs...),
			gen.Acceptable("unknown lines, one without a colon", category.ProofHeader, signed(add("Foo: bar", "no colon")), "ProofHeader").Pin(outs...),
			gen.Acceptable("Address checksummed (EIP-55)", category.ProofAddress, signed(set(lineAddress, "Address: "+a.checksummed)), "ProofAddress", "MixedCase").Pin(outs...),
			gen.Acceptable("Address in upper case", category.ProofAddress, signed(set(lineAddress, "Address: 0x"+strings.ToUpper(a.address[2:]))), "ProofAddress", "MixedCase").Pin(outs...),
			gen.Acceptable("Address without 0x", category.ProofAddress, signed(set(lineAddress, "Address: "+a.address[2:])), "ProofAddress").Pin(outs...),
			gen.Acceptable("Address in ICAP form", category.ProofAddress, signed(set(lineAddress, "Address: "+icap(a.address))), "ProofAddress").Pin(outs...),
			gen.Acceptable("ExecutorAddress checksummed", category.ProofExecutor, signed(set(lineExecutor, "ExecutorAddress: "+a.checksummed)), "ProofExecutor", "MixedCase").Pin(outs...),
			gen.Acceptable("the ExecutorSafe alias", category.ProofExecutor, signed(set(lineExecutor, "ExecutorSafe: "+a.address)), "ProofExecutor").Pin(outs...),
			gen.Acceptable("the key in lowercase: executoraddress", category.ProofExecutor, signed(set(lineExecutor, "executoraddress: "+a.address)), "ProofExecutor").Pin(outs...),
			gen.Acceptable("spaces around the key and the value", category.ProofExecutor, signed(set(lineExecutor, "  ExecutorAddress :   "+a.address+"  ")), "ProofExecutor").Pin(outs...),
			gen.Acceptable("a second, empty ExecutorAddress line", category.ProofExecutor, signed(add("ExecutorAddress: ")), "ProofExecutor").Pin(outs...),
			gen.Acceptable("PkX25519 as 0X and upper-case digits", category.ProofKeys, signed(set(linePkX25519, "PkX25519: 0X"+strings.ToUpper(gen.Hex(a.xPub[:])))), "ProofKeys").Pin(outs...),
			gen.Acceptable("PkEd25519 with upper-case digits", category.ProofKeys, signed(set(linePkEd25519, "PkEd25519: 0x"+strings.ToUpper(gen.Hex(a.edPub)))), "ProofKeys").Pin(outs...),
			gen.Acceptable("the key name with U+212A KELVIN SIGN, which lowercases to k", category.ProofKeys, signed(set(linePkX25519, "P\u212aX25519: "+key(a.xPub[:]))), "ProofKeys", "UnicodeLowercase").Pin(outs...),
			gen.Acceptable("ChainId 0x2105", category.ProofChainID, signed(set(lineChainID, "ChainId: 0x2105")), "ProofChainId").Pin(outs...),
			gen.Acceptable("ChainId 8453.0 after two spaces", category.ProofChainID, signed(set(lineChainID, "ChainId:  8453.0")), "ProofChainId").Pin(outs...),
			gen.Acceptable("ChainId 8.453e3", category.ProofChainID, signed(set(lineChainID, "ChainId: 8.453e3")), "ProofChainId").Pin(outs...),
			gen.Acceptable("ChainId 08453", category.ProofChainID, signed(set(lineChainID, "ChainId: 08453")), "ProofChainId").Pin(outs...),
			gen.Acceptable("ChainId twice", category.ProofChainID, signed(add("ChainId: 8453")), "ProofChainId").Pin(outs...),
			gen.Acceptable("RpId after two spaces", category.ProofRPID, signed(set(lineRpID, "RpId:  "+unitRpID)), "ProofRpId").Pin(outs...),
			gen.Acceptable("signature with v = 0 or 1", category.ProofSignature, withSig(v01), "ProofSignature").Pin(outs...),
			gen.Acceptable("signature of 129 hex digits (v as one digit)", category.ProofSignature, withSig(v129), "ProofSignature").Pin(outs...),
			gen.Acceptable("signature with high s (n - s, v flipped)", category.ProofSignature, withSig(highS), "SignatureMalleability").Pin(outs...),
			gen.Acceptable("the intended party is Bob", category.ProofAddress, merge(withSig(canon.Signature), vectors.Make("expectedAddress", bob.checksummed)), "ExpectedParty").Pin(outs...),
		}},
		{Type: "IdentityProofVerify", Comment: "proofs both profiles reject", Inputs: base, Cases: []gen.Case{
			gen.Invalid("header VerbEth Key Binding v2", category.ProofHeader, signed(set(lineHeader, "VerbEth Key Binding v2")), "ProofHeader"),
			gen.Invalid("a Context: other line", category.ProofHeader, signed(add("Context: other")), "ProofHeader"),
			gen.Invalid("a Version: 2 line", category.ProofHeader, signed(add("Version: 2")), "ProofHeader"),
			gen.Invalid("Address with a bad checksum", category.ProofAddress, signed(set(lineAddress, "Address: "+flipCase(a.checksummed))), "ProofAddress", "MixedCase"),
			gen.Invalid("Address of 19 bytes", category.ProofAddress, signed(set(lineAddress, "Address: "+a.address[:40])), "ProofAddress"),
			gen.Invalid("no Address line", category.ProofAddress, signed(drop(lineAddress)), "ProofAddress"),
			gen.Invalid("an empty message", category.ProofAddress, vectors.Make("proofMessage", "", "proofSignature", a.sign("").Signature), "ProofAddress"),
			gen.Invalid("the legacy ExecutorSafeAddress line of SDK 0.1.6", category.ProofExecutor, signed(set(lineExecutor, "ExecutorSafeAddress: "+a.address)), "LegacyExecutorLine"),
			gen.Invalid("no ExecutorAddress line", category.ProofExecutor, signed(drop(lineExecutor)), "ProofExecutor"),
			gen.Invalid("an empty ExecutorAddress", category.ProofExecutor, signed(set(lineExecutor, "ExecutorAddress: ")), "ProofExecutor"),
			gen.Invalid("ExecutorAddress with a bad checksum", category.ProofExecutor, signed(set(lineExecutor, "ExecutorAddress: "+flipCase(a.checksummed))), "ProofExecutor"),
			gen.Invalid("sent by Bob", category.ProofExecutor, merge(withSig(canon.Signature), vectors.Make("eventSender", bob.checksummed)), "ProofExecutor"),
			gen.Invalid("an event sender that is not an address", category.ProofExecutor, merge(withSig(canon.Signature), vectors.Make("eventSender", "0x1234")), "ProofExecutor"),
			gen.Invalid("ExecutorAddress is Mallory's, sent by Alice", category.ProofExecutor, signed(set(lineExecutor, "ExecutorAddress: "+mal.address)), "ProofExecutor"),
			gen.Invalid("PkX25519 of odd length", category.ProofKeys, signed(set(linePkX25519, "PkX25519: "+key(a.xPub[:])+"0")), "ProofKeys"),
			gen.Invalid("PkX25519 of 31 bytes", category.ProofKeys, signed(set(linePkX25519, "PkX25519: "+key(a.xPub[:31]))), "ProofKeys"),
			gen.Invalid("PkX25519 is Bob's", category.ProofKeys, signed(set(linePkX25519, "PkX25519: "+key(bob.xPub[:]))), "ProofKeys"),
			gen.Invalid("PkEd25519 is Bob's", category.ProofKeys, signed(set(linePkEd25519, "PkEd25519: "+key(bob.edPub))), "ProofKeys"),
			gen.Invalid("the two keys swapped", category.ProofKeys, signed(func(l []string) []string {
				l[2], l[3] = "PkEd25519: "+key(a.xPub[:]), "PkX25519: "+key(a.edPub)
				return l
			}), "ProofKeys"),
			gen.Invalid("no PkEd25519 line", category.ProofKeys, signed(drop(linePkEd25519)), "ProofKeys"),
			gen.Invalid("the wire carries Bob's X25519 key", category.ProofKeys, merge(withSig(canon.Signature), vectors.Make("wireX25519", bob.xPub)), "ProofKeys"),
			gen.Invalid("no ChainId line, the verifier is on 8453", category.ProofChainID, signed(drop(lineChainID)), "ProofChainId"),
			gen.Invalid("ChainId 1, the verifier is on 8453", category.ProofChainID, signed(set(lineChainID, "ChainId: 1")), "ProofChainId"),
			gen.Invalid("ChainId abc", category.ProofChainID, signed(set(lineChainID, "ChainId: abc")), "ProofChainId"),
			gen.Invalid("the key ChaİnId (U+0130), which lowercases to chai̇nid", category.ProofChainID, signed(set(lineChainID, "Cha\u0130nId: 8453")), "ProofChainId", "UnicodeLowercase"),
			gen.Invalid("RpId evil.example", category.ProofRPID, signed(set(lineRpID, "RpId: evil.example")), "ProofRpId"),
			gen.Invalid("no RpId line", category.ProofRPID, signed(drop(lineRpID)), "ProofRpId"),
			gen.Invalid("a second Address line (Bob's): the last counts", category.ProofSignature, signed(add("Address: "+bob.address)), "ProofSignature"),
			gen.Invalid("signed by Bob", category.ProofSignature, withSig(bob.sign(canon.Message).Signature), "ProofSignature"),
			gen.Invalid("the message changed after signing", category.ProofSignature, merge(withSig(canon.Signature), vectors.Make("proofMessage", canon.Message+" ")), "ProofSignature"),
			gen.Invalid("signature with the 0X prefix", category.ProofSignature, withSig("0X"+sigHex), "ProofSignature"),
			gen.Invalid("signature without 0x", category.ProofSignature, withSig(sigHex), "ProofSignature"),
			gen.Invalid("signature with v = 29", category.ProofSignature, withSig("0x"+sigHex[:128]+"1d"), "ProofSignature"),
			gen.Invalid("signature of 64 bytes (no v)", category.ProofSignature, withSig("0x"+sigHex[:128]), "ProofSignature"),
			gen.Invalid("signature of 66 bytes", category.ProofSignature, withSig(canon.Signature+"00"), "ProofSignature"),
			gen.Invalid("signature with r = 0", category.ProofSignature, withSig("0x"+strings.Repeat("0", 64)+sigHex[64:]), "ProofSignature"),
			gen.Invalid("signature with s = 0", category.ProofSignature, withSig("0x"+sigHex[:64]+strings.Repeat("0", 64)+sigHex[128:]), "ProofSignature"),
			gen.Invalid("signature with s = n", category.ProofSignature, withSig("0x"+sigHex[:64]+gen.Hex(secpN.Bytes())+sigHex[128:]), "ProofSignature"),
			gen.Invalid("an empty signature", category.ProofSignature, withSig(""), "ProofSignature"),
			gen.Invalid("a signature that is not hex", category.ProofSignature, withSig("0x"+strings.Repeat("zz", 65)), "ProofSignature"),
		}},
	}
}
