// Package category is the fixed list of error categories that pqhs uses to say
// why an input was rejected.
//
// Every rejection in impl/ carries exactly one category, vectors name the
// category an invalid input must be rejected with, and adapters report it. A
// port that rejects a test for the wrong reason (a parse error where a salt
// length error was due, say) is therefore caught, not counted as a pass.
//
// Categories are error values, so callers test for them with errors.Is:
//
//	if errors.Is(err, category.SaltLength) { ... }
package category

import (
	"errors"
	"fmt"
	"strconv"
)

// Category is one error category. Its string form is the name used in vector
// files and in the adapter protocol.
type Category string

// Error makes a Category usable as an errors.Is target.
func (c Category) Error() string { return string(c) }

// The categories. The list is closed: spec/vectors.md documents each one, and
// the vector schemas enumerate them. Add to it only together with those files.
const (
	// Wire encoding.
	Truncated        Category = "truncated"          // input ended inside a field
	TrailingBytes    Category = "trailing_bytes"     // bytes left after the last field
	NonMinimalVarint Category = "non_minimal_varint" // a varint not in its shortest form
	InvalidVarint    Category = "invalid_varint"     // a reserved varint prefix (0xFB, 0xFF)
	NegativeLength   Category = "negative_length"    // a signed (negative) prefix where an unsigned value is due
	VarintOverflow   Category = "varint_overflow"    // the value does not fit the field's type
	FieldLength      Category = "field_length"       // a field has the wrong size
	SaltLength       Category = "salt_length"        // a KDF salt is not 32 bytes
	EmptyField       Category = "empty_field"        // a required field is null or empty
	MissingField     Category = "missing_field"      // an optional-upstream field is absent where the profile requires it
	Version          Category = "version"            // an unsupported version number
	MessageType      Category = "message_type"       // an unexpected message type code
	ABIEncoding      Category = "abi_encoding"       // event data or topics not in the canonical ABI encoding

	// Public keys and key agreement.
	InvalidPoint  Category = "invalid_point"   // not a valid curve point encoding, or not on the curve
	LowOrderPoint Category = "low_order_point" // an X25519 point of small order (all-zero shared secret)
	EKModulus     Category = "ek_modulus"      // an ML-KEM encapsulation key with a coefficient >= q
	InvalidKey    Category = "invalid_key"     // a private key or seed that cannot be used

	// Addresses.
	AddressChecksum Category = "address_checksum" // an address's checksum does not match it
	SenderAddress   Category = "sender_address"   // the sender is not the address of the key that must have signed

	// Authenticated encryption and matching.
	AEADAuth    Category = "aead_auth"    // an AEAD or NaCl box failed to authenticate
	RSADecrypt  Category = "rsa_decrypt"  // RSA-OAEP decryption failed
	TagMismatch Category = "tag_mismatch" // a response tag does not match the handshake
	Padding     Category = "padding"      // plaintext padding is malformed

	// Text encodings.
	JSON   Category = "json"   // malformed JSON, or a field of the wrong JSON type
	Base64 Category = "base64" // a base64 field that the profile does not accept
	Hex    Category = "hex"    // a hex field that the profile does not accept

	// Identity proofs and signatures.
	ProofHeader    Category = "proof_header"    // the binding message does not start with the expected header
	ProofSignature Category = "proof_signature" // the proof's signature does not recover to its Address
	ProofExecutor  Category = "proof_executor"  // ExecutorAddress is missing or is not the event sender
	ProofKeys      Category = "proof_keys"      // the bound keys are not the keys on the wire
	ProofChainID   Category = "proof_chain_id"  // ChainId missing or not the expected one
	ProofRPID      Category = "proof_rp_id"     // RpId missing or not the expected one
	ProofAddress   Category = "proof_address"   // Address missing, malformed, or not the intended party
	Signature      Category = "signature"       // a message signature (Ed25519, RSA) does not verify

	// Protocol state.
	State     Category = "state"      // a message arrived in a state that does not expect it
	Replay    Category = "replay"     // a message that was already processed
	Downgrade Category = "downgrade"  // a peer asked for an older protocol version than agreed
	SkipLimit Category = "skip_limit" // too many skipped ratchet messages
)

// All lists every category, in the order above.
var All = []Category{
	Truncated, TrailingBytes, NonMinimalVarint, InvalidVarint, NegativeLength,
	VarintOverflow, FieldLength, SaltLength, EmptyField, MissingField, Version,
	MessageType, ABIEncoding,
	InvalidPoint, LowOrderPoint, EKModulus, InvalidKey,
	AddressChecksum, SenderAddress,
	AEADAuth, RSADecrypt, TagMismatch, Padding,
	JSON, Base64, Hex,
	ProofHeader, ProofSignature, ProofExecutor, ProofKeys, ProofChainID, ProofRPID,
	ProofAddress, Signature,
	State, Replay, Downgrade, SkipLimit,
}

// Parse returns the category named s, or false if there is none.
func Parse(s string) (Category, bool) {
	for _, c := range All {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// Of returns the category of err: the first Category found by errors.As
// along err's chain, or "" if err carries none.
func Of(err error) Category {
	// The two errors impl/ returns, without errors.As's reflection (a
	// tenth of the conformance runner's cost on a decoder's vector).
	switch e := err.(type) {
	case *FieldError:
		return e.Cat // the first error its Unwrap gives
	case Category:
		return e
	}
	var c Category
	if errors.As(err, &c) {
		return c
	}
	return ""
}

// FieldError is the error every decoder and validator in impl/ returns: which
// field broke which rule, what it held and what the rule wanted.
//
// Got and Want are free-form (a length, a prefix byte, a value); they are for
// people, and never compared by the harness. Cat is what the harness compares.
type FieldError struct {
	Field string   // the protocol's own name for the field, e.g. "aesSalt"
	Rule  string   // the rule, e.g. "length", "minimal", "on-curve"
	Cat   Category // the category; errors.Is(err, Cat) is true
	Got   any      // what the input held, if useful
	Want  any      // what the rule wants, if useful
	Err   error    // an underlying cause, if any
}

func (e *FieldError) Error() string {
	// Built without fmt for the common values: the conformance runner
	// writes this message for every rejection, and fmt.Sprintf was a tenth
	// of what it adds to a decoder's vector.
	b := make([]byte, 0, 96)
	b = append(b, e.Field...)
	b = append(b, ": "...)
	b = append(b, e.Rule...)
	b = append(b, " rule broken ("...)
	b = append(b, e.Cat...)
	b = append(b, ')')
	if e.Got != nil || e.Want != nil {
		b = append(b, ": got "...)
		b = appendValue(b, e.Got)
		b = append(b, ", want "...)
		b = appendValue(b, e.Want)
	}
	if e.Err != nil {
		b = append(b, ": "...)
		b = append(b, e.Err.Error()...)
	}
	return string(b)
}

// appendValue appends v as %v writes it.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case uint64:
		return strconv.AppendUint(b, v, 10)
	case string:
		return append(b, v...)
	}
	return fmt.Append(b, v)
}

// Unwrap exposes both the category and the cause to errors.Is and errors.As.
func (e *FieldError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Cat}
	}
	return []error{e.Cat, e.Err}
}
