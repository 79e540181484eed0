package verbeth

import (
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
)

func TestBindingMessage(t *testing.T) {
	u := newUnitParty(t, "alice")
	c := loadCrosscheck(t)
	if u.proof.Message != c.Parties["alice"].Proof.Message {
		t.Fatalf("BindingMessage = %q", u.proof.Message)
	}
	// Without chain id and rp id, and with an empty executor, as the SDK writes it.
	m := must(BindingMessage(Binding{Address: strings.ToUpper(u.address), PkEd25519: u.edPub, PkX25519: u.xPub[:]}))(t)
	want := "VerbEth Key Binding v1\nAddress: " + u.address + "\nPkEd25519: 0x" + hex.EncodeToString(u.edPub) +
		"\nPkX25519: 0x" + hex.EncodeToString(u.xPub[:]) + "\nExecutorAddress: "
	if m != want {
		t.Fatalf("BindingMessage = %q\nwant %q", m, want)
	}
}

// proofFixture signs a binding message with Alice's key.
type proofFixture struct {
	u *unitParty
}

func (f proofFixture) lines(edit func(l []string) []string) string {
	l := strings.Split(f.u.proof.Message, "\n")
	if edit != nil {
		l = edit(l)
	}
	return strings.Join(l, "\n")
}

func (f proofFixture) sign(t *testing.T, m string) IdentityProof {
	return NewIdentityProof(m, must(SignBindingMessage(f.u.secp, m))(t))
}

var secpN, _ = new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)

// Each case's Deployed verdict was compared with @verbeth/sdk 0.2.1's
// verifyIdentityProof (viem falling back to local recovery, ethers
// getAddress); the Strict ones follow spec/verbeth.md.
func TestVerifyIdentityProof(t *testing.T) {
	u := newUnitParty(t, "alice")
	bob := newUnitParty(t, "bob")
	f := proofFixture{u: u}
	set := func(i int, line string) func([]string) []string {
		return func(l []string) []string { l[i] = line; return l }
	}
	add := func(extra ...string) func([]string) []string {
		return func(l []string) []string { return append(l, extra...) }
	}
	drop := func(i int) func([]string) []string {
		return func(l []string) []string { return append(l[:i], l[i+1:]...) }
	}
	canon := u.proof
	sigHex := canon.Signature[2:]
	sigBytes := must(hex.DecodeString(sigHex))(t)
	highS := func() string {
		s := new(big.Int).SetBytes(sigBytes[32:64])
		s.Sub(secpN, s)
		b := append([]byte{}, sigBytes[:32]...)
		b = append(b, s.FillBytes(make([]byte, 32))...)
		return "0x" + hex.EncodeToString(append(b, 55-sigBytes[64])) // flip 27 <-> 28
	}()
	v01 := "0x" + sigHex[:128] + hex.EncodeToString([]byte{sigBytes[64] - 27})
	checksummed := checksumAddress(must(hex.DecodeString(u.address[2:]))(t))
	icap := icapOf(t, u.address)
	noCtx := ProofContext{}
	ctx := ProofContext{ChainID: &unitChainID, RpID: unitRpID}

	type tc struct {
		name           string
		message        string
		sig            string // "" means: sign the message
		sender         string // "" means Alice
		ctx            ProofContext
		strict, deploy string
	}
	cases := []tc{
		{"canonical", canon.Message, canon.Signature, "", ctx, "", ""},
		{"empty header line", f.lines(set(0, "")), "", "", ctx, "proof_header", ""},
		{"blank header line", f.lines(set(0, "   ")), "", "", ctx, "proof_header", ""},
		{"other header", f.lines(set(0, "VerbEth Key Binding v2")), "", "", ctx, "proof_header", "proof_header"},
		{"checksummed Address", f.lines(set(1, "Address: "+checksummed)), "", "", ctx, "proof_address", ""},
		{"bad checksum", f.lines(set(1, "Address: "+flipCase(checksummed))), "", "", ctx, "proof_address", "proof_address"},
		{"Address without 0x", f.lines(set(1, "Address: "+u.address[2:])), "", "", ctx, "proof_address", ""},
		{"ICAP Address", f.lines(set(1, "Address: "+icap)), "", "", ctx, "proof_address", ""},
		{"legacy ExecutorSafeAddress", f.lines(set(4, "ExecutorSafeAddress: "+u.address)), "", "", ctx, "proof_executor", "proof_executor"},
		{"ExecutorSafe key", f.lines(set(4, "ExecutorSafe: "+u.address)), "", "", ctx, "proof_executor", ""},
		{"lowercase key", f.lines(set(4, "executoraddress: "+u.address)), "", "", ctx, "proof_executor", ""},
		{"CRLF lines", strings.ReplaceAll(canon.Message, "\n", "\r\n"), "", "", ctx, "proof_header", ""},
		{"padded line", f.lines(set(4, "  ExecutorAddress :   "+u.address+"  ")), "", "", ctx, "proof_executor", ""},
		{"0X uppercase key", f.lines(set(3, "PkX25519: 0X"+strings.ToUpper(hex.EncodeToString(u.xPub[:])))), "", "", ctx, "proof_keys", ""},
		{"odd-length key", f.lines(set(3, "PkX25519: 0x"+hex.EncodeToString(u.xPub[:])+"0")), "", "", ctx, "proof_keys", "proof_keys"},
		{"short key", f.lines(set(3, "PkX25519: 0x"+hex.EncodeToString(u.xPub[:31]))), "", "", ctx, "proof_keys", "proof_keys"},
		{"Kelvin sign in key", f.lines(set(3, "P\u212aX25519: 0x"+hex.EncodeToString(u.xPub[:]))), "", "", ctx, "proof_keys", ""},
		{"chain id 0x2105", f.lines(set(5, "ChainId: 0x2105")), "", "", ctx, "proof_chain_id", ""},
		{"chain id 8453.0", f.lines(set(5, "ChainId:  8453.0")), "", "", ctx, "proof_chain_id", ""},
		{"no chain id, verifier on a chain", f.lines(drop(5)), "", "", ctx, "proof_chain_id", "proof_chain_id"},
		{"no chain id, no verifier chain", f.lines(drop(5)), "", "", noCtx, "proof_chain_id", ""},
		{"wrong chain id", f.lines(set(5, "ChainId: 1")), "", "", ctx, "proof_chain_id", "proof_chain_id"},
		{"wrong chain id, no verifier chain", f.lines(set(5, "ChainId: 1")), "", "", noCtx, "", ""},
		{"dotted capital I in key", f.lines(set(5, "Cha\u0130nId: 8453")), "", "", ctx, "proof_chain_id", "proof_chain_id"},
		{"wrong rp id", f.lines(set(6, "RpId: evil.example")), "", "", ctx, "proof_rp_id", "proof_rp_id"},
		{"no rp id", f.lines(drop(6)), "", "", ctx, "proof_rp_id", "proof_rp_id"},
		{"Context verbeth", f.lines(add("Context: verbeth")), "", "", ctx, "proof_header", ""},
		{"Context other", f.lines(add("Context: other")), "", "", ctx, "proof_header", "proof_header"},
		{"Version 2", f.lines(add("Version: 2")), "", "", ctx, "proof_header", "proof_header"},
		{"unknown lines", f.lines(add("Foo: bar", "no colon")), "", "", ctx, "proof_header", ""},
		{"second, empty executor line", f.lines(add("ExecutorAddress: ")), "", "", ctx, "proof_executor", ""},
		{"second Address, last wins", f.lines(add("Address: " + bob.address)), "", "", ctx, "proof_signature", "proof_signature"},
		{"v as 0/1", canon.Message, v01, "", ctx, "proof_signature", ""},
		{"high s", canon.Message, highS, "", ctx, "proof_signature", ""},
		{"129 hex digits", canon.Message, "0x" + sigHex[:128] + hex.EncodeToString([]byte{sigBytes[64] - 27})[1:], "", ctx, "proof_signature", ""},
		{"uppercase signature hex", canon.Message, "0x" + strings.ToUpper(sigHex), "", ctx, "", ""},
		{"0X signature prefix", canon.Message, "0X" + sigHex, "", ctx, "proof_signature", "proof_signature"},
		{"v = 29", canon.Message, "0x" + sigHex[:128] + "1d", "", ctx, "proof_signature", "proof_signature"},
		{"64-byte signature", canon.Message, "0x" + sigHex[:128], "", ctx, "proof_signature", "proof_signature"},
		{"r = 0", canon.Message, "0x" + strings.Repeat("0", 64) + sigHex[64:], "", ctx, "proof_signature", "proof_signature"},
		{"signed by Bob", canon.Message, bob.proof.Signature, "", ctx, "proof_signature", "proof_signature"},
		{"sent by Bob", canon.Message, canon.Signature, bob.address, ctx, "proof_executor", "proof_executor"},
		{"malformed sender", canon.Message, canon.Signature, "0x1234", ctx, "proof_executor", "proof_executor"},
		{"Bob's keys", f.lines(set(3, "PkX25519: 0x"+hex.EncodeToString(bob.xPub[:]))), "", "", ctx, "proof_keys", "proof_keys"},
		{"no Address", f.lines(drop(1)), "", "", ctx, "proof_address", "proof_address"},
		{"empty message", "", "", "", ctx, "proof_address", "proof_address"},
		{"expected party matches", canon.Message, canon.Signature, "", ProofContext{ChainID: &unitChainID, ExpectedAddress: checksummed}, "", ""},
		{"expected party differs", canon.Message, canon.Signature, "", ProofContext{ChainID: &unitChainID, ExpectedAddress: bob.address}, "proof_address", ""},
	}
	for _, c := range cases {
		proof := IdentityProof{Message: c.message, Signature: c.sig}
		if c.sig == "" {
			proof = f.sign(t, c.message)
		}
		sender := c.sender
		if sender == "" {
			sender = checksummed // events carry checksummed addresses
		}
		for _, p := range []Profile{Strict, Deployed} {
			want := c.strict
			if p == Deployed {
				want = c.deploy
			}
			v, err := VerifyIdentityProof(proof, sender, u.xPub[:], u.edPub, c.ctx, p)
			wantCat(t, c.name+" "+p.String(), err, want)
			if err == nil && v.Address != u.address {
				t.Errorf("%s: Address = %s", c.name, v.Address)
			}
		}
	}
}

func flipCase(addr string) string {
	b := []byte(addr)
	for i := 2; i < len(b); i++ {
		if b[i] >= 'a' && b[i] <= 'f' {
			b[i] -= 'a' - 'A'
			break
		}
		if b[i] >= 'A' && b[i] <= 'F' {
			b[i] += 'a' - 'A'
			break
		}
	}
	return string(b)
}

// icapOf is ethers' getIcapAddress: "XE", the check digits, base 36 of the
// address padded to 30 digits, upper case.
func icapOf(t *testing.T, addr string) string {
	n, _ := new(big.Int).SetString(addr[2:], 16)
	b36 := strings.ToUpper(n.Text(36))
	for len(b36) < 30 {
		b36 = "0" + b36
	}
	icap := "XE" + ibanChecksum("XE00"+b36) + b36
	if got, ok := ethersGetAddress(icap); !ok || addressString(got) != addr {
		t.Fatalf("ICAP %s decodes to %x, %v", icap, got, ok)
	}
	return icap
}

func TestEthersGetAddress(t *testing.T) {
	// From ethers' own documentation of getAddress and getIcapAddress.
	for _, c := range []struct {
		in, want string
	}{
		{"0x8ba1f109551bd432803012645ac136ddd64dba72", "0x8ba1f109551bd432803012645ac136ddd64dba72"},
		{"0x8ba1f109551bD432803012645Ac136ddd64DBA72", "0x8ba1f109551bd432803012645ac136ddd64dba72"},
		{"XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36", "0x8ba1f109551bd432803012645ac136ddd64dba72"},
		{"0x8Ba1f109551bD432803012645Ac136ddd64DBA72", ""}, // bad checksum
		{"XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK37", ""},        // bad ICAP checksum
		{"0x8ba1f109551bd432803012645ac136ddd64dba7", ""},
		{"0x8ba1f109551bd432803012645ac136ddd64dba72 ", ""},
	} {
		got, ok := ethersGetAddress(c.in)
		if (c.want == "") == ok || (ok && addressString(got) != c.want) {
			t.Errorf("ethersGetAddress(%s) = %x, %v; want %s", c.in, got, ok, c.want)
		}
	}
	if got := checksumAddress(must(hex.DecodeString("8ba1f109551bd432803012645ac136ddd64dba72"))(t)); got != "0x8ba1f109551bD432803012645Ac136ddd64DBA72" {
		t.Errorf("checksumAddress = %s", got)
	}
}

func TestSignBindingMessage(t *testing.T) {
	u := newUnitParty(t, "bob")
	c := loadCrosscheck(t)
	if u.proof.Signature != c.Parties["bob"].Proof.Proof.Signature {
		t.Fatalf("signature %s, noble (RFC 6979) %s", u.proof.Signature, c.Parties["bob"].Proof.Proof.Signature)
	}
	if _, err := SignBindingMessage(make([]byte, 32), "m"); !isCat(err, "invalid_key") {
		t.Errorf("zero key: %v", err)
	}
}
