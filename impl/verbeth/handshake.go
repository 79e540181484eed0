package verbeth

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// InitiateParams are the inputs of the initiator's Handshake. EphemeralSecret
// and MLKEMSeed are the randomness the SDK draws (in that order).
type InitiateParams struct {
	EphemeralSecret  []byte // a, 32 bytes
	MLKEMSeed        []byte // d || z, 64 bytes
	RecipientAddress string
	IdentityX25519   []byte // the initiator's long-term X25519 public key
	IdentityEd25519  []byte // the initiator's long-term Ed25519 public key
	Note             string // the plaintext note; may be ""
	Proof            IdentityProof
	// Profile: Strict (the zero value) wants 32-byte identity keys;
	// Deployed joins keys of any length into pubKeys, as the SDK does.
	Profile Profile
}

// Handshake is the initiator's Handshake event (the arguments of
// initiateHandshake) and the values behind it.
type Handshake struct {
	RecipientHash [32]byte
	PubKeys       []byte // unified public keys: 65 bytes, unless Deployed joined keys of other sizes
	// EphemeralPubKey is the on-chain field: A || kemPublicKey, 1216 bytes.
	// The user's description shows A as ephemeralPubKey and kemPublicKey as
	// a separate field; the deployed contract has one field holding both.
	EphemeralPubKey  []byte
	EphemeralX25519  [32]byte // A, the seed's ephemeralPubKey
	KEMPublicKey     []byte   // ek, the seed's kemPublicKey (1184 bytes)
	PlaintextPayload []byte   // UTF-8 of JSON.stringify({plaintextPayload, identityProof})
	KEM              *KEMKey  // the ML-KEM key pair (for the initiator's later use)
}

// Initiate builds the Handshake event (spec/verbeth.md §7.2), its checks in
// §7.2's order.
func Initiate(in InitiateParams) (*Handshake, error) {
	h := new(Handshake)
	if err := InitiateTo(h, in); err != nil {
		return nil, err
	}
	return h, nil
}

// InitiateTo is Initiate writing the Handshake into h, whose byte slices'
// memory it reuses (PubKeys, PlaintextPayload): a caller that passes the
// same h again and again allocates per handshake little more than the
// primitives do. Whatever h held is overwritten, also memory that earlier
// results still share; on an error h is left unchanged. KEM is a new key
// pair every time (a Pending may hold the last one); EphemeralPubKey and
// KEMPublicKey are in its memory (KEMPublicKey is its encapsulation key).
func InitiateTo(h *Handshake, in InitiateParams) error {
	// §7.2 step 1: A and the ML-KEM key pair.
	A, err := X25519PublicKey(in.EphemeralSecret)
	if err != nil {
		return renameField(err, "ephemeralSecret")
	}
	kem, err := NewKEMKey(in.MLKEMSeed)
	if err != nil {
		return err
	}
	pubKeys, err := appendUnifiedPubKeys(h.PubKeys[:0], in.IdentityX25519, in.IdentityEd25519, in.Profile) // step 2
	if err != nil {
		return err
	}
	// Steps 2-4: recipientHash, pubKeys, ephemeralPubKey, plaintextPayload.
	// ephemeralPubKey is written in the key pair's memory, before its
	// encapsulation key: the new pair is this handshake's alone.
	copy(kem.epk, A[:])
	*h = Handshake{
		RecipientHash:    RecipientHash(in.RecipientAddress),
		PubKeys:          pubKeys,
		EphemeralPubKey:  kem.epk,
		EphemeralX25519:  A,
		KEMPublicKey:     kem.EncapsulationKey(),
		PlaintextPayload: HandshakePayload{Note: in.Note, Proof: in.Proof}.AppendBytes(h.PlaintextPayload[:0]),
		KEM:              kem,
	}
	return nil
}

func renameField(err error, field string) error {
	if fe, ok := err.(*category.FieldError); ok {
		c := *fe
		c.Field = field
		return &c
	}
	return err
}

// SplitEphemeralPubKey splits the Handshake's ephemeralPubKey into the X25519
// key A and the ML-KEM-768 encapsulation key (§3.2; §7.4 step 1). Any length but 1216 is an
// error: the SDK's respondToHandshake throws "KEM is required".
func SplitEphemeralPubKey(b []byte) (A [32]byte, ek []byte, err error) {
	if err := checkLen("ephemeralPubKey", b, EphemeralPubKeySize); err != nil {
		return A, nil, err
	}
	copy(A[:], b[:X25519Size])
	return A, b[X25519Size:], nil
}

// HandshakePayload is the content of a Handshake's plaintextPayload (§4.2).
type HandshakePayload struct {
	Note  string // plaintextPayload
	Proof IdentityProof
}

// Bytes returns the payload as it is written (§4.2; §7.2 step 4): the
// UTF-8 of JSON.stringify({plaintextPayload: note, identityProof: proof}).
func (h HandshakePayload) Bytes() []byte {
	return h.AppendBytes(make([]byte, 0, h.size()))
}

// size is the length of Bytes, if no character of the note or the proof
// needs an escape (else a little more).
func (h HandshakePayload) size() int {
	return len(`{"plaintextPayload":"","identityProof":}`) + len(h.Note) + h.Proof.jsonSize()
}

// AppendBytes appends Bytes to dst.
func (h HandshakePayload) AppendBytes(dst []byte) []byte {
	return jsjson.AppendObject(slices.Grow(dst, h.size())).
		Str("plaintextPayload", h.Note).
		Object("identityProof", h.Proof.writeJSON).
		End()
}

// ParseHandshakePayload parses a Handshake's plaintextPayload (§7.2,
// reading a plaintextPayload). It parses the
// JSON and never compares bytes: member order, whitespace and escapes are
// free. plaintextPayload must be a string (possibly empty) and identityProof
// an object with string message and signature, in both profiles; see
// ReadEventJSON for what each profile accepts as JSON text.
//
// It is ReadEventJSON(b).HandshakePayload(p).
func ParseHandshakePayload(b []byte, p Profile) (*HandshakePayload, error) {
	return ReadEventJSON(b).HandshakePayload(p)
}

// HandshakePayload is ParseHandshakePayload of the bytes j was read from.
func (j EventJSON) HandshakePayload(p Profile) (*HandshakePayload, error) {
	v, strictErr, err := j.value("plaintextPayload", p)
	if err != nil {
		return nil, err
	}
	if v.Kind != jsjson.Object {
		return nil, fieldErr("plaintextPayload", "type", category.JSON, v.Kind.String(), "object")
	}
	note, ok := v.Get("plaintextPayload")
	if !ok || note.Kind != jsjson.String {
		return nil, fieldErr("plaintextPayload.plaintextPayload", "type", category.JSON, kindOf(note, ok), "string")
	}
	pv, ok := v.Get("identityProof")
	if !ok {
		return nil, fieldErr("plaintextPayload.identityProof", "type", category.JSON, "absent", "object")
	}
	proof, err := proofFromJSON("plaintextPayload.identityProof", pv)
	if err != nil {
		return nil, err
	}
	if p == Strict && strictErr != nil {
		return nil, strictErr
	}
	return &HandshakePayload{Note: note.Str, Proof: proof}, nil
}

// EventJSON is JSON carried in event bytes (a Handshake's
// plaintextPayload, a response's ciphertext), read as §7.2's event JSON
// and not yet judged by either profile's rules. ReadEventJSON does the
// same work for both profiles, so a caller that reads the same bytes under
// both can read them once.
type EventJSON struct {
	b       []byte       // the event bytes
	v       jsjson.Value // what JSON.parse returns
	lenient error        // what jsjson's strict mode says of the same JSON
	err     error        // JSON.parse's rejection
}

// ReadEventJSON reads JSON carried in event bytes.
//
// Deployed does what the SDK and its demo do: decode the bytes with
// TextDecoder (invalid UTF-8 becomes U+FFFD, a leading byte order mark is
// dropped); if the text starts with "0x", decode the rest as hex with
// Buffer.from(…, 'hex') and TextDecoder again; then JSON.parse. Anything
// JSON.parse rejects is category JSON in both profiles.
//
// Strict also requires the bytes to be the JSON text itself: valid UTF-8
// without a byte order mark (category JSON), not 0x-hex of it (category
// Hex), and no duplicate member names or lone surrogates (category JSON).
// The readers of EventJSON apply that verdict after the deployed checks of
// the value's shape: an input both profiles reject must get the same
// category from both.
func ReadEventJSON(b []byte) EventJSON {
	j := EventJSON{b: b}
	// TextDecoder maps ASCII to itself and anything ill-formed to U+FFFD,
	// so its text starts with "0x" exactly when the bytes after one byte
	// order mark do.
	if bytes.HasPrefix(bytes.TrimPrefix(b, bom), []byte("0x")) {
		j.v, j.lenient, j.err = jsjson.ParseBytes(nodeHex(jsjson.DecodeText(b)[2:]))
	} else {
		j.v, j.lenient, j.err = jsjson.ParseBytes(b)
	}
	return j
}

// value returns the JSON value of the event bytes named field, or
// JSON.parse's rejection, and under Strict that profile's verdict on the
// text (strictJSONText), for the caller to apply after the value's shape.
func (j EventJSON) value(field string, p Profile) (v jsjson.Value, strictErr, err error) {
	if j.err != nil {
		return j.v, nil, wrapErr(field, "JSON", category.JSON, j.err)
	}
	if p == Strict {
		strictErr = strictJSONText(field, j.b, j.lenient)
	}
	return j.v, strictErr, nil
}

// bom is the UTF-8 of the byte order mark.
var bom = []byte("\uFEFF")

// strictJSONText applies Strict's extra rules to JSON bytes that JSON.parse
// (after TextDecoder) accepts; strictErr is what jsjson.ParseLenient
// reported of the same bytes.
func strictJSONText(field string, b []byte, strictErr error) error {
	switch {
	case !utf8.Valid(b):
		return fieldErr(field, "UTF-8", category.JSON, "invalid UTF-8", "UTF-8 JSON")
	case bytes.HasPrefix(b, bom):
		return fieldErr(field, "no BOM", category.JSON, "a byte order mark", "JSON text")
	case bytes.HasPrefix(b, []byte("0x")):
		return fieldErr(field, "raw JSON", category.Hex, "0x-hex of JSON", "JSON text")
	case strictErr != nil:
		return wrapErr(field, "strict JSON", category.JSON, strictErr)
	}
	return nil
}
