package verbeth

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// BindingHeader is the first line of every binding message (spec/verbeth.md
// §5).
const BindingHeader = "VerbEth Key Binding v1"

// IdentityProof is the proof object attached to a Handshake and to a
// response (§4.1): the binding message, its EIP-191 signature as 0x-hex, and
// messageRawHex, the hex of the message, which is carried but never checked.
type IdentityProof struct {
	Message       string // WTF-8 when parsed from JSON
	Signature     string
	MessageRawHex string // "" when absent
}

// NewIdentityProof makes the proof object (§4.1):
// signature and messageRawHex as 0x-prefixed lowercase hex.
func NewIdentityProof(message string, signature []byte) IdentityProof {
	return IdentityProof{
		Message:       message,
		Signature:     "0x" + hex.EncodeToString(signature),
		MessageRawHex: "0x" + hex.EncodeToString([]byte(jsjson.Text(message))),
	}
}

// writeJSON writes the proof object's members in the SDK's order.
func (p IdentityProof) writeJSON(o jsjson.ObjectWriter) jsjson.ObjectWriter {
	o = o.Str("message", p.Message).Str("signature", p.Signature)
	if p.MessageRawHex != "" {
		o = o.Str("messageRawHex", p.MessageRawHex)
	}
	return o
}

// jsonSize is about the length of the proof object's JSON text.
func (p IdentityProof) jsonSize() int {
	return len(`{"message":"","signature":"","messageRawHex":""}`) + 16 + len(p.Message) + len(p.Signature) + len(p.MessageRawHex)
}

// proofFromJSON reads a proof object: message and signature must be
// strings, as the SDK's type guard requires; a messageRawHex that is not a
// string is ignored.
func proofFromJSON(field string, v jsjson.Value) (IdentityProof, error) {
	var p IdentityProof
	if v.Kind != jsjson.Object {
		return p, fieldErr(field, "type", category.JSON, v.Kind.String(), "object")
	}
	m, ok := v.Get("message")
	if !ok || m.Kind != jsjson.String {
		return p, fieldErr(field+".message", "type", category.JSON, kindOf(m, ok), "string")
	}
	s, ok := v.Get("signature")
	if !ok || s.Kind != jsjson.String {
		return p, fieldErr(field+".signature", "type", category.JSON, kindOf(s, ok), "string")
	}
	p.Message, p.Signature = m.Str, s.Str
	if r, ok := v.Get("messageRawHex"); ok && r.Kind == jsjson.String {
		p.MessageRawHex = r.Str
	}
	return p, nil
}

func kindOf(v jsjson.Value, present bool) string {
	if !present {
		return "absent"
	}
	return v.Kind.String()
}

// Binding holds what a binding message states.
type Binding struct {
	Address         string // the signing account; written lowercased
	PkEd25519       []byte // 32 bytes
	PkX25519        []byte // 32 bytes
	ExecutorAddress string // the account that sends the events; may be ""; written lowercased
	ChainID         *int64 // the ChainId line is written only if set
	RpID            string // the RpId line is written only if not ""
}

// BindingMessage builds the binding message (§5; §7.6, building): lines
// joined by "\n", no final newline.
//
//	VerbEth Key Binding v1
//	Address: <address, lowercased>
//	PkEd25519: 0x<64 lowercase hex>
//	PkX25519: 0x<64 lowercase hex>
//	ExecutorAddress: <executor address, lowercased, possibly empty>
//	ChainId: <decimal>     (only with a chain id)
//	RpId: <rp id>          (only with a non-empty rp id)
func BindingMessage(b Binding) (string, error) {
	if err := checkLen("PkEd25519", b.PkEd25519, Ed25519PublicKeySize); err != nil {
		return "", err
	}
	if err := checkLen("PkX25519", b.PkX25519, X25519Size); err != nil {
		return "", err
	}
	lines := []string{
		BindingHeader,
		"Address: " + jsLower(b.Address),
		"PkEd25519: 0x" + hex.EncodeToString(b.PkEd25519),
		"PkX25519: 0x" + hex.EncodeToString(b.PkX25519),
		"ExecutorAddress: " + jsLower(b.ExecutorAddress),
	}
	if b.ChainID != nil {
		lines = append(lines, "ChainId: "+strconv.FormatInt(*b.ChainID, 10))
	}
	if b.RpID != "" {
		lines = append(lines, "RpId: "+b.RpID)
	}
	return strings.Join(lines, "\n"), nil
}

// EIP191Hash is the hash personal_sign signs: keccak256("\x19Ethereum Signed
// Message:\n" + decimal byte length + message), the message in UTF-8 (lone
// surrogates as U+FFFD, as TextEncoder writes them).
func EIP191Hash(message string) [32]byte {
	m := []byte(jsjson.Text(message))
	return Keccak256([]byte("\x19Ethereum Signed Message:\n"+strconv.Itoa(len(m))), m)
}

// SignBindingMessage signs message as ethers' Wallet.signMessage does:
// secp256k1 ECDSA over EIP191Hash with the deterministic nonce of RFC 6979,
// low s, returned as r || s || v with v = 27 + recovery id.
func SignBindingMessage(privateKey []byte, message string) ([]byte, error) {
	key, err := secpPrivateKey(privateKey)
	if err != nil {
		return nil, err
	}
	h := EIP191Hash(message)
	compact := ecdsa.SignCompact(key, h[:], false) // v || r || s
	return append(compact[1:], compact[0]), nil
}

func secpPrivateKey(b []byte) (*secp256k1.PrivateKey, error) {
	if err := checkLen("privateKey", b, 32); err != nil {
		return nil, err
	}
	var k secp256k1.ModNScalar
	if overflow := k.SetByteSlice(b); overflow || k.IsZero() {
		return nil, fieldErr("privateKey", "range", category.InvalidKey, "0 or >= n", "1..n-1")
	}
	return secp256k1.NewPrivateKey(&k), nil
}

// AddressOf returns the Ethereum address (lowercase 0x-hex) of a secp256k1
// private key.
func AddressOf(privateKey []byte) (string, error) {
	key, err := secpPrivateKey(privateKey)
	if err != nil {
		return "", err
	}
	return addressString(pubKeyAddress(key.PubKey())), nil
}

func pubKeyAddress(pub *secp256k1.PublicKey) []byte {
	h := Keccak256(pub.SerializeUncompressed()[1:])
	return h[12:]
}

// ParsedBinding is what a binding message says, as parsed under a profile.
type ParsedBinding struct {
	Header          string // "" when the first line is empty
	Address         []byte // 20 bytes, nil if absent
	PkEd25519       []byte // nil if absent; any length in Deployed
	PkX25519        []byte
	ExecutorAddress []byte // nil if absent
	Context         string // Deployed only: the SDK checks these when present
	Version         string
	HasChainID      bool
	ChainID         float64 // as JavaScript's Number() read it
	HasRpID         bool
	RpID            string
}

var (
	strictKey   = lazyRegexp(`^0x[0-9a-f]{64}$`)
	ethersBytes = lazyRegexp(`^0[xX][0-9a-fA-F]*$`)
	strictChain = lazyRegexp(`^(0|[1-9][0-9]{0,15})$`)
)

// ParseBindingMessage parses a binding message (§7.6).
//
// Deployed parses as §7.6's deployed parsing: lines split on "\n" and
// trimmed; the first line is the header; other lines split at the first ':',
// the key trimmed and lowercased, the value trimmed; the last occurrence of
// a key wins (for the executor, the last non-empty one); Address and
// ExecutorAddress must pass ethers' getAddress, the keys must be 0x-hex of
// even length, ChainId is read with Number(); the keys "executorsafe" and
// "executoraddress" both name the executor, and other keys are ignored.
//
// Strict requires the canonical message: the exact header, lines "Key:
// value" with one of the six canonical keys at most once each, lowercase
// 0x-addresses, 0x and 64 lowercase hex digits for each key, a decimal
// chain id, no surrounding whitespace. A defect is reported with the
// category of the field it concerns (ProofHeader for the header and for
// lines that belong to no field).
func ParseBindingMessage(message string, p Profile) (*ParsedBinding, error) {
	b, err := parseBindingDeployed(message)
	if err != nil || p == Deployed {
		return b, err
	}
	return parseBindingStrict(message)
}

func parseBindingDeployed(message string) (*ParsedBinding, error) {
	lines := strings.Split(message, "\n")
	out := &ParsedBinding{Header: jsTrim(lines[0])}
	for _, line := range lines[1:] {
		line = jsTrim(line)
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = jsLower(jsTrim(key)), jsTrim(val)
		switch key {
		case "address":
			a, ok := ethersGetAddress(val)
			if !ok {
				return nil, fieldErr("Address", "getAddress", category.ProofAddress, val, "an address")
			}
			out.Address = a
		case "pked25519", "pkx25519":
			name := map[string]string{"pked25519": "PkEd25519", "pkx25519": "PkX25519"}[key]
			if len(val)%2 != 0 || !ethersBytes.MatchString(val) {
				return nil, fieldErr(name, "hex", category.ProofKeys, val, "0x-hex")
			}
			b, _ := hex.DecodeString(val[2:])
			if key == "pked25519" {
				out.PkEd25519 = b
			} else {
				out.PkX25519 = b
			}
		case "executoraddress", "executorsafe":
			if val == "" {
				continue
			}
			a, ok := ethersGetAddress(val)
			if !ok {
				return nil, fieldErr("ExecutorAddress", "getAddress", category.ProofExecutor, val, "an address")
			}
			out.ExecutorAddress = a
		case "context":
			out.Context = val
		case "version":
			out.Version = val
		case "chainid":
			out.HasChainID, out.ChainID = true, jsNumber(val)
		case "rpid":
			out.HasRpID, out.RpID = true, val
		}
	}
	return out, nil
}

// canonical keys and the category of a defect in each.
var bindingFields = []struct {
	key string
	cat category.Category
}{
	{"Address", category.ProofAddress},
	{"PkEd25519", category.ProofKeys},
	{"PkX25519", category.ProofKeys},
	{"ExecutorAddress", category.ProofExecutor},
	{"ChainId", category.ProofChainID},
	{"RpId", category.ProofRPID},
}

// aliases the SDK (or an older SDK) reads, by the field they would set.
var bindingAliases = map[string]string{
	"address": "Address", "pked25519": "PkEd25519", "pkx25519": "PkX25519",
	"executoraddress": "ExecutorAddress", "executorsafe": "ExecutorAddress",
	"executorsafeaddress": "ExecutorAddress", "chainid": "ChainId", "rpid": "RpId",
}

func bindingCategory(key string) category.Category {
	for _, f := range bindingFields {
		if f.key == key {
			return f.cat
		}
	}
	return category.ProofHeader
}

func parseBindingStrict(message string) (*ParsedBinding, error) {
	lines := strings.Split(message, "\n")
	if lines[0] != BindingHeader {
		return nil, fieldErr("header", "exact", category.ProofHeader, lines[0], BindingHeader)
	}
	out := &ParsedBinding{Header: lines[0]}
	seen := map[string]bool{}
	for i, line := range lines[1:] {
		key, val, ok := strings.Cut(line, ": ")
		canonical := ok && bindingCategory(key) != category.ProofHeader
		if !canonical {
			k, _, _ := strings.Cut(line, ":")
			if name, known := bindingAliases[jsLower(jsTrim(k))]; known {
				return nil, fieldErr(name, "canonical key", bindingCategory(name), line, name+": <value>")
			}
			return nil, fieldErr("line "+strconv.Itoa(i+2), "known field", category.ProofHeader, line, "one of Address, PkEd25519, PkX25519, ExecutorAddress, ChainId, RpId")
		}
		cat := bindingCategory(key)
		if seen[key] {
			return nil, fieldErr(key, "once", cat, "repeated", "at most one line")
		}
		seen[key] = true
		switch key {
		case "Address", "ExecutorAddress":
			a, ok := strictAddress(val)
			if !ok {
				return nil, fieldErr(key, "lowercase 0x-address", cat, val, "0x and 40 lowercase hex digits")
			}
			if key == "Address" {
				out.Address = a
			} else {
				out.ExecutorAddress = a
			}
		case "PkEd25519", "PkX25519":
			if !strictKey.MatchString(val) {
				return nil, fieldErr(key, "0x-hex key", cat, val, "0x and 64 lowercase hex digits")
			}
			b, _ := hex.DecodeString(val[2:])
			if key == "PkEd25519" {
				out.PkEd25519 = b
			} else {
				out.PkX25519 = b
			}
		case "ChainId":
			if !strictChain.MatchString(val) {
				return nil, fieldErr(key, "decimal", cat, val, "a decimal integer below 2^53")
			}
			n, _ := strconv.ParseInt(val, 10, 64)
			if n > 1<<53-1 {
				return nil, fieldErr(key, "decimal", cat, val, "a decimal integer below 2^53")
			}
			out.HasChainID, out.ChainID = true, float64(n)
		case "RpId":
			if val == "" || jsTrim(val) != val {
				return nil, fieldErr(key, "value", cat, val, "a non-empty value without surrounding whitespace")
			}
			out.HasRpID, out.RpID = true, val
		}
	}
	switch {
	case out.Address == nil:
		return nil, fieldErr("Address", "present", category.ProofAddress, "absent", "an Address line")
	case out.PkEd25519 == nil:
		return nil, fieldErr("PkEd25519", "present", category.ProofKeys, "absent", "a PkEd25519 line")
	case out.PkX25519 == nil:
		return nil, fieldErr("PkX25519", "present", category.ProofKeys, "absent", "a PkX25519 line")
	case out.ExecutorAddress == nil:
		return nil, fieldErr("ExecutorAddress", "present", category.ProofExecutor, "absent", "an ExecutorAddress line with an address")
	case !out.HasChainID:
		return nil, fieldErr("ChainId", "present", category.ProofChainID, "absent", "a ChainId line")
	}
	return out, nil
}

// ProofContext is what the verifier expects of a proof.
type ProofContext struct {
	// ChainID is the verifier's chain. Both profiles then require a ChainId
	// line with this value; the SDK checks it only when given, Strict
	// requires a ChainId line even when not.
	ChainID *int64
	// RpID, if not "", must equal the RpId line.
	RpID string
	// ExpectedAddress, if not "", is the party the verifier meant to talk
	// to: for a response, the recipient of the Handshake. Strict requires it
	// to be the proof's Address or ExecutorAddress; the SDK has no such
	// check, so Deployed ignores it (research I1: anyone can answer).
	ExpectedAddress string
}

// VerifiedProof is what a verified proof establishes.
type VerifiedProof struct {
	Address         string   // the signer, lowercase 0x-hex
	ExecutorAddress string   // lowercase 0x-hex
	MessageHash     [32]byte // the EIP-191 hash that was signed
	Binding         *ParsedBinding
}

// VerifyIdentityProof verifies an identity proof carried by an event
// (§7.6, verification steps 1-9, then Strict's 1-5): the
// signature recovers to the message's Address, the message is a binding for
// eventSender (ExecutorAddress must be the Handshake's sender or the
// response's responder) and for the keys on the wire, and it meets ctx.
//
// Both profiles first make the SDK's checks, in the SDK's order, with the
// category of each failure: parsing as the SDK parses (ProofAddress,
// ProofKeys, ProofExecutor for a value the SDK cannot read); Address present
// (ProofAddress); the signature (ProofSignature); the header, unless the
// first line is empty (ProofHeader); the executor (ProofExecutor); PkX25519
// and PkEd25519 against the wire keys (ProofKeys); Context and Version lines
// if present (ProofHeader); the chain id if ctx has one (ProofChainID); the
// rp id if ctx has one (ProofRPID). The signature is read as viem's
// verifyMessage reads it when it falls back to local recovery: 0x-hex of 65
// bytes (129 or 130 digits), v in {0, 1, 27, 28}, r and s in [1, n-1], high
// s allowed.
//
// Strict then requires the canonical message (see ParseBindingMessage), a
// signature of exactly 130 hex digits with v in {27, 28} and s <= n/2
// (ProofSignature), a ChainId line even when ctx has no chain id
// (ProofChainID), and, if ctx.ExpectedAddress is set, that it is the
// proof's Address or ExecutorAddress (ProofAddress).
func VerifyIdentityProof(proof IdentityProof, eventSender string, wireX25519, wireEd25519 []byte, ctx ProofContext, p Profile) (*VerifiedProof, error) {
	b, err := parseBindingDeployed(proof.Message)
	if err != nil {
		return nil, err
	}
	if b.Address == nil {
		return nil, fieldErr("Address", "present", category.ProofAddress, "absent", "an Address line")
	}
	h := EIP191Hash(proof.Message)
	if err := verifyProofSignature(proof.Signature, h, b.Address, Deployed); err != nil {
		return nil, err
	}
	if b.Header != "" && b.Header != BindingHeader {
		return nil, fieldErr("header", "exact", category.ProofHeader, b.Header, BindingHeader)
	}
	sender, ok := ethersGetAddress(eventSender)
	if b.ExecutorAddress == nil || !ok || string(sender) != string(b.ExecutorAddress) {
		return nil, fieldErr("ExecutorAddress", "event sender", category.ProofExecutor, hexOrAbsent(b.ExecutorAddress), eventSender)
	}
	if b.PkX25519 == nil || string(b.PkX25519) != string(wireX25519) {
		return nil, fieldErr("PkX25519", "wire key", category.ProofKeys, hexOrAbsent(b.PkX25519), hexs(wireX25519))
	}
	if b.PkEd25519 == nil || string(b.PkEd25519) != string(wireEd25519) {
		return nil, fieldErr("PkEd25519", "wire key", category.ProofKeys, hexOrAbsent(b.PkEd25519), hexs(wireEd25519))
	}
	if b.Context != "" && b.Context != "verbeth" {
		return nil, fieldErr("Context", "value", category.ProofHeader, b.Context, "verbeth")
	}
	if b.Version != "" && b.Version != "1" {
		return nil, fieldErr("Version", "value", category.ProofHeader, b.Version, "1")
	}
	if ctx.ChainID != nil && (!b.HasChainID || b.ChainID != float64(*ctx.ChainID)) {
		got := "absent"
		if b.HasChainID {
			got = jsjson.FormatNumber(b.ChainID)
		}
		return nil, fieldErr("ChainId", "expected chain", category.ProofChainID, got, *ctx.ChainID)
	}
	if ctx.RpID != "" && (!b.HasRpID || b.RpID != ctx.RpID) {
		return nil, fieldErr("RpId", "expected rp id", category.ProofRPID, b.RpID, ctx.RpID)
	}
	if p == Strict {
		// Deployed accepted; now Strict's own rules.
		if b, err = parseBindingStrict(proof.Message); err != nil {
			return nil, err
		}
		// Deployed recovered Address from the same r and s; only the form is left.
		if _, _, err := parseProofSignature(proof.Signature, Strict); err != nil {
			return nil, err
		}
		if ctx.ExpectedAddress != "" {
			want, ok := ethersGetAddress(ctx.ExpectedAddress)
			if !ok || (string(want) != string(b.Address) && string(want) != string(b.ExecutorAddress)) {
				return nil, fieldErr("Address", "expected party", category.ProofAddress, addressString(b.Address), ctx.ExpectedAddress)
			}
		}
	}
	return &VerifiedProof{
		Address:         addressString(b.Address),
		ExecutorAddress: addressString(b.ExecutorAddress),
		MessageHash:     h,
		Binding:         b,
	}, nil
}

func hexOrAbsent(b []byte) string {
	if b == nil {
		return "absent"
	}
	return hexs(b)
}

var (
	anyHex = lazyRegexp(`^0x[0-9a-fA-F]*$`)
)

// parseProofSignature reads sig (0x-hex text) into r || s and the recovery
// id, with the profile's rules for its form.
func parseProofSignature(sig string, p Profile) (rs []byte, recid byte, err error) {
	bad := func(rule string, got any) error {
		return fieldErr("signature", rule, category.ProofSignature, got, "a 65-byte secp256k1 signature by Address")
	}
	if !anyHex.MatchString(sig) {
		return nil, 0, bad("hex", sig)
	}
	digits := sig[2:]
	var v int
	switch {
	case len(digits) == 130, len(digits) == 129 && p == Deployed:
		// For 129 digits viem measures ceil(129/2) = 65 bytes and reads v
		// from the one digit left after r and s.
		rs, _ = hex.DecodeString(digits[:128])
		x, _ := strconv.ParseUint(digits[128:], 16, 8)
		v = int(x)
	case len(digits) == 129:
		return nil, 0, bad("130 digits", len(digits))
	default:
		return nil, 0, bad("length", len(digits))
	}
	switch {
	case v == 27 || v == 28:
		recid = byte(v - 27)
	case (v == 0 || v == 1) && p == Deployed:
		recid = byte(v)
	case v == 0 || v == 1:
		return nil, 0, bad("v 27 or 28", v)
	default:
		return nil, 0, bad("v", v)
	}
	if p == Strict {
		var s secp256k1.ModNScalar
		if overflow := s.SetByteSlice(rs[32:]); overflow || s.IsZero() || s.IsOverHalfOrder() {
			return nil, 0, bad("low s", hexs(rs[32:]))
		}
	}
	return rs, recid, nil
}

// verifyProofSignature checks that sig (0x-hex text) is a signature of hash
// by the key of address.
func verifyProofSignature(sig string, hash [32]byte, address []byte, p Profile) error {
	rs, recid, err := parseProofSignature(sig, p)
	if err != nil {
		return err
	}
	pub, _, err := ecdsa.RecoverCompact(append([]byte{27 + recid}, rs...), hash[:])
	if err != nil {
		return wrapErr("signature", "recover", category.ProofSignature, err)
	}
	if got := pubKeyAddress(pub); string(got) != string(address) {
		return fieldErr("signature", "signer", category.ProofSignature, addressString(got), addressString(address))
	}
	return nil
}
