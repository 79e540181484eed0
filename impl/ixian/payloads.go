package ixian

import (
	"math"

	"github.com/pqhs/pqhs/impl/category"
)

// The three handshake payloads: the data field of a SpixiMessage of type
// requestAdd2 (40), acceptAdd2 (41) or keys2 (42). spec/ixian-s2.md §5 has
// the layouts and §9 the rule table.
//
// Decode methods read the fields as both profiles read them (ReadX: the
// layout, what each IxiVarInt says, the reading's own errors), then apply
// the profile's rules field by field in wire order (Apply), so the error is
// always the first broken rule in wire order; a caller that judges one
// payload under both profiles reads it once. Their byte fields
// are sub-slices of the payload. ECDH points are checked for their encoding
// form here (length and prefix byte) and for being on the curve by ECDH;
// ML-KEM keys are checked for their length here and for their coefficients
// by Encapsulate.

// RequestAdd2 is the requestAdd2 (40) payload: the contact request (§5.1).
type RequestAdd2 struct {
	// MaxProtocolVersion is the highest S2 version the requester speaks.
	// Ixian-Core writes it as one raw byte and reads it as an IxiVarUInt
	// cast to a C# int; this field holds that int.
	MaxProtocolVersion int
	// PubKey is the requester's primary RSA public key, in Ixian's format.
	PubKey []byte
}

// AcceptAdd2 is the acceptAdd2 (41) payload: the acceptor's ephemeral keys
// (§5.2).
type AcceptAdd2 struct {
	// Version is the S2 version the acceptor chose: one raw byte on write,
	// an IxiVarUInt cast to a C# int on read.
	Version     int
	RSAPubKey   []byte // the acceptor's primary RSA public key
	ECDHPubKey  []byte // secp521r1, 67 bytes compressed
	MLKEMPubKey []byte // ML-KEM-1024 encapsulation key, 1568 bytes
	AESSalt     []byte // the HKDF salt of aesKey
	// Capabilities is the acceptor's StreamCapabilities; Decode sets it to
	// DefaultCapabilities when the field is absent (Deployed only).
	Capabilities StreamCapabilities
	// CapabilitiesPresent says whether the payload carried capabilities.
	// Encode always writes them.
	CapabilitiesPresent bool
}

// Keys2 is the keys2 (42) payload: the requester's half of the exchange
// (§5.3).
type Keys2 struct {
	ECDHPubKey          []byte // secp521r1, 67 bytes compressed
	MLKEMCiphertext     []byte // 1568 bytes
	ChachaSalt          []byte // the HKDF salt of chachaKey
	Capabilities        StreamCapabilities
	CapabilitiesPresent bool
}

// DecodeRequestAdd2 decodes and validates a requestAdd2 payload.
func DecodeRequestAdd2(payload []byte, p Profile) (*RequestAdd2, error) {
	m := new(RequestAdd2)
	if err := m.Decode(payload, p); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode decodes and validates a requestAdd2 payload into m (§5.1, with
// §9's rules in wire order): ReadRequestAdd2(payload).Apply(m, p).
//
// maxProtocolVersion: Strict wants one byte (the writer writes a raw byte)
// and at least 1; values above 1 are allowed (Ixian-Core lowers them to 1).
// pubKey: a well-formed RSA public key (splitRSAPublicKey). Bytes after
// pubKey: ignored by Deployed, trailing_bytes in Strict.
func (m *RequestAdd2) Decode(payload []byte, p Profile) error {
	r := ReadRequestAdd2(payload)
	return r.Apply(m, p)
}

// RequestAdd2Read is a requestAdd2 payload as both profiles read it (see
// wireField): Apply judges it under one profile.
type RequestAdd2Read struct {
	version, pubKey wireField
	key             rsaKeyRead
	trailing        []byte
}

// ReadRequestAdd2 reads a requestAdd2 payload's fields without a profile.
func ReadRequestAdd2(payload []byte) (r RequestAdd2Read) {
	if rest, ok := r.version.scan("maxProtocolVersion", payload, false); ok {
		if r.trailing, ok = r.pubKey.scan("pubKey", rest, true); ok {
			r.key = readRSAKey("pubKey", r.pubKey.value)
		}
	}
	return r
}

// Apply applies p's rules to what was read, field by field in wire order,
// and fills m as Decode does.
func (r *RequestAdd2Read) Apply(m *RequestAdd2, p Profile) error {
	*m = RequestAdd2{}
	strict := p == Strict // one comparison; under libFuzzer each is a call into the engine
	v, err := r.version.version("maxProtocolVersion", strict, false)
	if err != nil {
		return err
	}
	if err := r.pubKey.rules("pubKey", strict); err != nil {
		return err
	}
	m.PubKey = r.pubKey.value
	if _, _, err := r.key.rules("pubKey", p); err != nil { // splitRSAPublicKey
		return err
	}
	m.MaxProtocolVersion = v
	return checkTrailingStrict(r.trailing, strict)
}

// Append appends the payload as it is written (§5.1): the version as one
// raw byte (truncated to 8 bits, as the deployed C# cast does), then
// IxiBytes(pubKey).
func (m *RequestAdd2) Append(dst []byte) []byte {
	return AppendIxiBytes(append(dst, byte(m.MaxProtocolVersion)), m.PubKey)
}

// Encode returns the encoded payload.
func (m *RequestAdd2) Encode() []byte {
	return m.Append(make([]byte, 0, 1+IxiBytesSize(m.PubKey)))
}

// DecodeAcceptAdd2 decodes and validates an acceptAdd2 payload.
func DecodeAcceptAdd2(payload []byte, p Profile) (*AcceptAdd2, error) {
	m := new(AcceptAdd2)
	if err := m.Decode(payload, p); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode decodes and validates an acceptAdd2 payload into m (§5.2, with
// §9's rules in wire order): ReadAcceptAdd2(payload).Apply(m, p).
//
// version: Strict wants exactly 1 in one byte; Deployed any IxiVarUInt,
// cast to int32. rsaPubKey: a well-formed RSA public key. ecdhPubKey: see
// checkECDHPubKey. mlkemPubKey: 1568 bytes. aesSalt: 32 bytes in Strict,
// anything (also empty) in Deployed. capabilities: see capabilities.
func (m *AcceptAdd2) Decode(payload []byte, p Profile) error {
	r := ReadAcceptAdd2(payload)
	return r.Apply(m, p)
}

// AcceptAdd2Read is an acceptAdd2 payload as both profiles read it (see
// wireField): Apply judges it under one profile.
type AcceptAdd2Read struct {
	version, rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt wireField
	key                                                  rsaKeyRead
	caps                                                 capabilitiesRead
}

// ReadAcceptAdd2 reads an acceptAdd2 payload's fields without a profile.
func ReadAcceptAdd2(payload []byte) (r AcceptAdd2Read) {
	rest, ok := r.version.scan("version", payload, false)
	if ok {
		rest, ok = r.rsaPubKey.scan("rsaPubKey", rest, true)
	}
	if ok {
		r.key = readRSAKey("rsaPubKey", r.rsaPubKey.value)
		rest, ok = r.ecdhPubKey.scan("ecdhPubKey", rest, true)
	}
	if ok {
		rest, ok = r.mlkemPubKey.scan("mlkemPubKey", rest, true)
	}
	if ok {
		rest, ok = r.aesSalt.scan("aesSalt", rest, true)
	}
	if ok {
		r.caps.scan(rest)
	}
	return r
}

// Apply applies p's rules to what was read, field by field in wire order,
// and fills m as Decode does.
func (r *AcceptAdd2Read) Apply(m *AcceptAdd2, p Profile) error {
	*m = AcceptAdd2{}
	strict := p == Strict // one comparison; under libFuzzer each is a call into the engine
	v, err := r.version.version("version", strict, true)
	if err != nil {
		return err
	}
	m.Version = v
	if err := r.rsaPubKey.rules("rsaPubKey", strict); err != nil {
		return err
	}
	m.RSAPubKey = r.rsaPubKey.value
	if _, _, err := r.key.rules("rsaPubKey", p); err != nil { // splitRSAPublicKey
		return err
	}
	if err := r.ecdhPubKey.rules("ecdhPubKey", strict); err != nil {
		return err
	}
	m.ECDHPubKey = r.ecdhPubKey.value
	if err := checkECDHPubKey("ecdhPubKey", m.ECDHPubKey, p); err != nil {
		return err
	}
	if err := r.mlkemPubKey.rules("mlkemPubKey", strict); err != nil {
		return err
	}
	m.MLKEMPubKey = r.mlkemPubKey.value
	if err := checkExact("mlkemPubKey", m.MLKEMPubKey, MLKEMPublicKeySize); err != nil {
		return err
	}
	if err := r.aesSalt.rules("aesSalt", strict); err != nil {
		return err
	}
	m.AESSalt = r.aesSalt.value
	if err := checkSaltStrict("aesSalt", m.AESSalt, strict); err != nil {
		return err
	}
	if m.Capabilities, m.CapabilitiesPresent, err = r.caps.capabilities(p); err != nil {
		return err
	}
	return checkTrailingStrict(r.caps.trailing, strict)
}

// Append appends the payload as it is written (§5.2): the version as one
// raw byte, four IxiBytes, then IxiVarInt(capabilities) through the signed
// encoder (capabilities is a C# int).
func (m *AcceptAdd2) Append(dst []byte) []byte {
	dst = append(dst, byte(m.Version))
	dst = AppendIxiBytes(dst, m.RSAPubKey)
	dst = AppendIxiBytes(dst, m.ECDHPubKey)
	dst = AppendIxiBytes(dst, m.MLKEMPubKey)
	dst = AppendIxiBytes(dst, m.AESSalt)
	return AppendVarInt(dst, int64(m.Capabilities))
}

// Encode returns the encoded payload.
func (m *AcceptAdd2) Encode() []byte {
	n := 1 + IxiBytesSize(m.RSAPubKey) + IxiBytesSize(m.ECDHPubKey) + IxiBytesSize(m.MLKEMPubKey) + IxiBytesSize(m.AESSalt) + 9
	return m.Append(make([]byte, 0, n))
}

// DecodeKeys2 decodes and validates a keys2 payload.
func DecodeKeys2(payload []byte, p Profile) (*Keys2, error) {
	m := new(Keys2)
	if err := m.Decode(payload, p); err != nil {
		return nil, err
	}
	return m, nil
}

// Decode decodes and validates a keys2 payload into m (§5.3):
// ReadKeys2(payload).Apply(m, p), with the rules of AcceptAdd2.Decode for
// the fields they share; mlkemCiphertext is 1568 bytes in both profiles.
func (m *Keys2) Decode(payload []byte, p Profile) error {
	r := ReadKeys2(payload)
	return r.Apply(m, p)
}

// Keys2Read is a keys2 payload as both profiles read it (see wireField):
// Apply judges it under one profile.
type Keys2Read struct {
	ecdhPubKey, mlkemCiphertext, chachaSalt wireField
	caps                                    capabilitiesRead
}

// ReadKeys2 reads a keys2 payload's fields without a profile.
func ReadKeys2(payload []byte) (r Keys2Read) {
	rest, ok := r.ecdhPubKey.scan("ecdhPubKey", payload, true)
	if ok {
		rest, ok = r.mlkemCiphertext.scan("mlkemCiphertext", rest, true)
	}
	if ok {
		rest, ok = r.chachaSalt.scan("chachaSalt", rest, true)
	}
	if ok {
		r.caps.scan(rest)
	}
	return r
}

// Apply applies p's rules to what was read, field by field in wire order,
// and fills m as Decode does.
func (r *Keys2Read) Apply(m *Keys2, p Profile) error {
	*m = Keys2{}
	strict := p == Strict // one comparison; under libFuzzer each is a call into the engine
	var err error
	if err := r.ecdhPubKey.rules("ecdhPubKey", strict); err != nil {
		return err
	}
	m.ECDHPubKey = r.ecdhPubKey.value
	if err := checkECDHPubKey("ecdhPubKey", m.ECDHPubKey, p); err != nil {
		return err
	}
	if err := r.mlkemCiphertext.rules("mlkemCiphertext", strict); err != nil {
		return err
	}
	m.MLKEMCiphertext = r.mlkemCiphertext.value
	if err := checkExact("mlkemCiphertext", m.MLKEMCiphertext, MLKEMCiphertextSize); err != nil {
		return err
	}
	if err := r.chachaSalt.rules("chachaSalt", strict); err != nil {
		return err
	}
	m.ChachaSalt = r.chachaSalt.value
	if err := checkSaltStrict("chachaSalt", m.ChachaSalt, strict); err != nil {
		return err
	}
	if m.Capabilities, m.CapabilitiesPresent, err = r.caps.capabilities(p); err != nil {
		return err
	}
	return checkTrailingStrict(r.caps.trailing, strict)
}

// Append appends the payload as it is written (§5.3).
func (m *Keys2) Append(dst []byte) []byte {
	dst = AppendIxiBytes(dst, m.ECDHPubKey)
	dst = AppendIxiBytes(dst, m.MLKEMCiphertext)
	dst = AppendIxiBytes(dst, m.ChachaSalt)
	return AppendVarInt(dst, int64(m.Capabilities))
}

// Encode returns the encoded payload.
func (m *Keys2) Encode() []byte {
	n := IxiBytesSize(m.ECDHPubKey) + IxiBytesSize(m.MLKEMCiphertext) + IxiBytesSize(m.ChachaSalt) + 9
	return m.Append(make([]byte, 0, n))
}

// version applies p's rules to a version field read by scan (§5.1, §5.2;
// §9 and §11 for the profiles' difference). Deployed takes any IxiVarUInt
// and casts it to int32 as C# does. Strict wants the one-byte form the
// writer produces, at least 1, and, if exact, the only defined version (1).
func (f *wireField) version(field string, strict, exact bool) (int, error) {
	if err := f.rules(field, strict); err != nil {
		return 0, err
	}
	v := f.v
	if strict {
		switch {
		case f.n != 1:
			return 0, fieldErr(field, "version-one-byte", category.Version, v, "a value written as one raw byte (1..247)")
		case v == 0:
			return 0, fieldErr(field, "version-min", category.Version, 0, "at least 1")
		case exact && v != ProtocolVersion:
			return 0, fieldErr(field, "version-supported", category.Version, v, ProtocolVersion)
		}
	}
	return int(int32(v)), nil
}

// capabilitiesRead is the trailing capabilities field (§5.4) as both
// profiles read it, and what follows it.
type capabilitiesRead struct {
	present  bool
	f        wireField
	trailing []byte
}

func (c *capabilitiesRead) scan(b []byte) {
	if len(b) != 0 {
		c.present = true
		c.trailing, _ = c.f.scan("capabilities", b, false)
	}
}

// capabilities applies p's rules to the capabilities field. When no byte
// is left, Deployed takes DefaultCapabilities (Ixian-Core's compatibility
// with senders from before the field existed) and Strict reports
// missing_field. The value is an IxiVarUInt; Ixian-Core casts it to a C#
// int (keeping the low 32 bits), Strict rejects values above 2^31-1, which
// its writer cannot produce. Unknown flag bits are accepted by both
// profiles.
func (c *capabilitiesRead) capabilities(p Profile) (StreamCapabilities, bool, error) {
	if !c.present {
		if p == Strict {
			return 0, false, fieldErr("capabilities", "required", category.MissingField, "absent", "an IxiVarUInt")
		}
		return DefaultCapabilities, false, nil
	}
	if err := c.f.rules("capabilities", p == Strict); err != nil {
		return 0, false, err
	}
	v := c.f.v
	if p == Strict && v > math.MaxInt32 {
		return 0, false, fieldErr("capabilities", "capabilities-int32", category.VarintOverflow, v, "at most 2^31-1")
	}
	return StreamCapabilities(int32(v)), true, nil
}

// checkECDHPubKey checks the encoding form of a secp521r1 public key (§7.1,
// a peer's ECDH public key), length first: Strict accepts only 67 bytes starting 02 or 03. Deployed also takes
// what BouncyCastle's DecodePoint takes: 133 bytes starting 04 (uncompressed)
// or 06/07 (hybrid). A lone 00 is SEC 1's encoding of the point at infinity,
// which DecodePoint decodes and no agreement can use: invalid_point in both
// profiles (a form of point, not a length mistake, and one category for an
// input both profiles reject). Whether the point is on the curve is checked
// by ECDH.
func checkECDHPubKey(field string, b []byte, p Profile) error {
	switch {
	case len(b) == 0:
		return fieldErr(field, "required", category.EmptyField, 0, ECDHPublicKeySize)
	case len(b) == 1 && b[0] == 0:
		return fieldErr(field, "ecdh-infinity", category.InvalidPoint, hexOf(b), "a finite point")
	case len(b) == ECDHPublicKeySize:
		if b[0] != 2 && b[0] != 3 {
			return fieldErr(field, "ecdh-prefix", category.InvalidPoint, hexOf(b[:1]), "02 or 03")
		}
		return nil
	case p == Strict:
		return fieldErr(field, "ecdh-compressed-length", category.FieldLength, len(b), ECDHPublicKeySize)
	case len(b) == ECDHUncompressedSize:
		if b[0] != 4 && b[0] != 6 && b[0] != 7 {
			return fieldErr(field, "ecdh-prefix", category.InvalidPoint, hexOf(b[:1]), "04, 06 or 07")
		}
		return nil
	default:
		return fieldErr(field, "ecdh-length", category.FieldLength, len(b), "67 or 133")
	}
}

// checkExact checks a fixed-size field in both profiles (§7.1, ML-KEM):
// BouncyCastle refuses an ML-KEM key or ciphertext of any other length.
func checkExact(field string, b []byte, size int) error {
	switch {
	case len(b) == 0:
		return fieldErr(field, "required", category.EmptyField, 0, size)
	case len(b) != size:
		return fieldErr(field, "length", category.FieldLength, len(b), size)
	}
	return nil
}

// checkSalt: 32 bytes in Strict (§9). Deployed checks nothing, as
// Ixian-Core (§11): any length, and an empty (null) salt, which HKDF treats
// as 64 zero bytes.
func checkSalt(field string, b []byte, p Profile) error {
	return checkSaltStrict(field, b, p == Strict)
}

func checkSaltStrict(field string, b []byte, strict bool) error {
	if strict && len(b) != SaltSize {
		return fieldErr(field, "salt-length", category.SaltLength, len(b), SaltSize)
	}
	return nil
}

// checkTrailing: nothing after the last field in Strict (§9, no-trailing).
func checkTrailing(rest []byte, p Profile) error { return checkTrailingStrict(rest, p == Strict) }

func checkTrailingStrict(rest []byte, strict bool) error {
	if strict && len(rest) != 0 {
		return fieldErr("payload", "no-trailing", category.TrailingBytes, len(rest), 0)
	}
	return nil
}
