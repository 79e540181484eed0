package reference

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sync"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

// The Ixian families (vectors/catalog_ixian.go) on impl/ixian. Each
// operation is one impl/ixian call; the profile is passed through. The one
// place where an operation is more than its call is SpixiMessage/decode in
// the deployed profile, which returns what Ixian-Core's constructor yields
// instead of the error it swallows.

func init() {
	register(vectors.IxianIxiVarUIntDecode, ixianVarUIntDecode)
	register(vectors.IxianIxiVarIntDecode, ixianVarIntDecode)
	register(vectors.IxianIxiVarUIntEncode, ixianVarUIntEncode)
	register(vectors.IxianIxiVarIntEncode, ixianVarIntEncode)
	register(vectors.IxianIxiBytesDecode, ixianIxiBytesDecode)
	register(vectors.IxianIxiBytesEncode, ixianIxiBytesEncode)
	register(vectors.IxianRequestAdd2Decode, ixianRequestAdd2Decode)
	register(vectors.IxianRequestAdd2Encode, ixianRequestAdd2Encode)
	register(vectors.IxianAcceptAdd2Decode, ixianAcceptAdd2Decode)
	register(vectors.IxianAcceptAdd2Encode, ixianAcceptAdd2Encode)
	register(vectors.IxianKeys2Decode, ixianKeys2Decode)
	register(vectors.IxianKeys2Encode, ixianKeys2Encode)
	register(vectors.IxianSpixiMessageDecode, ixianSpixiMessageDecode)
	register(vectors.IxianSpixiMessageEncode, ixianSpixiMessageEncode)
	register(vectors.IxianStreamMessageAdditionalData, ixianAdditionalData)
	register(vectors.IxianECDH, ixianECDH)
	register(vectors.IxianDeriveKeys, ixianDeriveKeys)
	register(vectors.IxianAcceptorPrepare, ixianAcceptorPrepare)
	register(vectors.IxianRequesterAcceptAdd2, ixianRequesterAcceptAdd2)
	register(vectors.IxianAcceptorKeys2, ixianAcceptorKeys2)
	register(vectors.IxianSpixi2Encrypt, ixianSpixi2Encrypt)
	register(vectors.IxianSpixi2Decrypt, ixianSpixi2Decrypt)
	register(vectors.IxianRSA2Encrypt, ixianRSA2Encrypt)
	register(vectors.IxianRSA2Decrypt, ixianRSA2Decrypt)
	register(vectors.IxianHandshakeStatus, ixianHandshakeStatus)
}

func ixianProfile(p vectors.Profile) ixian.Profile {
	if p == vectors.Deployed {
		return ixian.Deployed
	}
	return ixian.Strict
}

// ixIn reads a family's inputs and keeps the first harness error (a missing
// or ill-typed field), so that an operation reads everything and checks
// once.
type ixIn struct {
	in  vectors.Values
	err error
}

func (r *ixIn) fail(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

func (r *ixIn) bytes(name string) []byte {
	b, err := r.in.Bytes(name)
	r.fail(err)
	return b
}

func (r *ixIn) int(name string) int64 {
	n, err := r.in.Int(name)
	r.fail(err)
	return n
}

// int32 reads an Int field that is a C# int; a value outside int32 is a
// malformed request (no Ixian writer can be handed one).
func (r *ixIn) int32(name string) int32 {
	n := r.int(name)
	if n < math.MinInt32 || n > math.MaxInt32 {
		r.fail(&vectors.TypeError{Field: name, Want: "a 32-bit signed integer"})
	}
	return int32(n)
}

func (r *ixIn) decimal(name string) *big.Int {
	n, err := r.in.Decimal(name)
	r.fail(err)
	if n == nil {
		return new(big.Int)
	}
	return n
}

func (r *ixIn) str(name string) string {
	s, err := r.in.String(name)
	r.fail(err)
	return s
}

// The members a handshakeStatus state and event may have, spelt exactly:
// encoding/json alone would match "handshakestatus" too.
var (
	friendStateMembers = []string{"known", "handshakeStatus", "protocolVersion", "lastReceivedHandshakeMessageTimestamp", "approved", "pendingEphemeral", "addRequestsDisabled"}
	eventMembers       = []string{"kind", "version", "timestamp", "msgId"}
)

// strictJSON decodes a JSON object input into dst, refusing members other
// than those listed: a misspelt member must not pass for an absent one.
func (r *ixIn) strictJSON(name string, raw json.RawMessage, members []string, dst any) {
	var obj map[string]json.RawMessage
	err := json.Unmarshal(raw, &obj)
	if err == nil && obj == nil {
		err = fmt.Errorf("null")
	}
	for m := range obj {
		if err == nil && !slices.Contains(members, m) {
			err = fmt.Errorf("unknown member %q", m)
		}
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(dst)
	}
	if err != nil {
		r.fail(&vectors.TypeError{Field: name, Want: fmt.Sprintf("%T as a JSON object", dst), Err: err})
	}
}

// rawJSON returns a JSON input as it is.
func (r *ixIn) rawJSON(name string) json.RawMessage {
	raw, ok := r.in[name]
	if !ok {
		r.fail(&vectors.MissingError{Field: name})
	}
	return raw
}

func outOfRange(field string, v *big.Int, want string) error {
	return &category.FieldError{Field: field, Rule: "range", Cat: category.VarintOverflow, Got: v.String(), Want: want}
}

var (
	minInt64 = big.NewInt(math.MinInt64)
	maxInt64 = big.NewInt(math.MaxInt64)
)

func ixianVarUIntDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	v, n, minimal, err := ixian.DecodeVarUInt(data, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetUint64("value", v).Set("length", n).Set("minimal", minimal), nil
}

func ixianVarIntDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	v, n, minimal, err := ixian.DecodeVarInt(data, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetInt64("value", v).Set("length", n).Set("minimal", minimal), nil
}

func ixianVarUIntEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	v, err := in.Decimal("value")
	if err != nil {
		return nil, err
	}
	if v.Sign() < 0 || !v.IsUint64() {
		return nil, outOfRange("value", v, "0..2^64-1")
	}
	return vectors.Values{}.SetBytes("data", ixian.AppendVarUInt(nil, v.Uint64())), nil
}

func ixianVarIntEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	v, err := in.Decimal("value")
	if err != nil {
		return nil, err
	}
	if v.Cmp(minInt64) < 0 || v.Cmp(maxInt64) > 0 {
		return nil, outOfRange("value", v, "-2^63..2^63-1")
	}
	return vectors.Values{}.SetBytes("data", ixian.AppendVarInt(nil, v.Int64())), nil
}

func ixianIxiBytesDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	v, n, err := ixian.DecodeIxiBytes(data, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("value", v).Set("length", n), nil
}

func ixianIxiBytesEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	v, err := in.Bytes("value")
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("data", ixian.AppendIxiBytes(nil, v)), nil
}

func ixianRequestAdd2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	m, err := ixian.DecodeRequestAdd2(payload, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("maxProtocolVersion", m.MaxProtocolVersion).SetBytes("pubKey", m.PubKey), nil
}

func ixianRequestAdd2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	m := ixian.RequestAdd2{MaxProtocolVersion: int(r.int32("maxProtocolVersion")), PubKey: r.bytes("pubKey")}
	if r.err != nil {
		return nil, r.err
	}
	return vectors.Values{}.SetBytes("payload", m.Encode()), nil
}

func ixianAcceptAdd2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	m, err := ixian.DecodeAcceptAdd2(payload, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("version", m.Version).SetBytes("rsaPubKey", m.RSAPubKey).
		SetBytes("ecdhPubKey", m.ECDHPubKey).SetBytes("mlkemPubKey", m.MLKEMPubKey).SetBytes("aesSalt", m.AESSalt).
		Set("capabilities", m.Capabilities).Set("capabilitiesPresent", m.CapabilitiesPresent), nil
}

func ixianAcceptAdd2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	m := ixian.AcceptAdd2{
		Version:      int(r.int32("version")),
		RSAPubKey:    r.bytes("rsaPubKey"),
		ECDHPubKey:   r.bytes("ecdhPubKey"),
		MLKEMPubKey:  r.bytes("mlkemPubKey"),
		AESSalt:      r.bytes("aesSalt"),
		Capabilities: ixian.StreamCapabilities(r.int32("capabilities")),
	}
	if r.err != nil {
		return nil, r.err
	}
	return vectors.Values{}.SetBytes("payload", m.Encode()), nil
}

func ixianKeys2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	m, err := ixian.DecodeKeys2(payload, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ecdhPubKey", m.ECDHPubKey).SetBytes("mlkemCiphertext", m.MLKEMCiphertext).
		SetBytes("chachaSalt", m.ChachaSalt).Set("capabilities", m.Capabilities).Set("capabilitiesPresent", m.CapabilitiesPresent), nil
}

func ixianKeys2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	m := ixian.Keys2{
		ECDHPubKey:      r.bytes("ecdhPubKey"),
		MLKEMCiphertext: r.bytes("mlkemCiphertext"),
		ChachaSalt:      r.bytes("chachaSalt"),
		Capabilities:    ixian.StreamCapabilities(r.int32("capabilities")),
	}
	if r.err != nil {
		return nil, r.err
	}
	return vectors.Values{}.SetBytes("payload", m.Encode()), nil
}

// ixianSpixiMessageDecode: the strict profile reports the first broken
// rule; the deployed profile is Ixian-Core's constructor, which swallows
// every error into a type 0 message (DecodeSpixiMessageLikeIxianCore).
func ixianSpixiMessageDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	frame, err := in.Bytes("frame")
	if err != nil {
		return nil, err
	}
	var m ixian.SpixiMessage
	if p == vectors.Deployed {
		m, _ = ixian.DecodeSpixiMessageLikeIxianCore(frame)
	} else if err := m.Decode(frame, ixian.Strict); err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("type", m.Type).SetBytes("data", m.Data).Set("channel", m.Channel).
		SetBytes("groupAddress", m.GroupAddress).SetBytes("groupSenderAddress", m.GroupSenderAddress), nil
}

func ixianSpixiMessageEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	m := ixian.SpixiMessage{
		Type:               r.int32("type"),
		Data:               r.bytes("data"),
		Channel:            r.int32("channel"),
		GroupAddress:       r.bytes("groupAddress"),
		GroupSenderAddress: r.bytes("groupSenderAddress"),
	}
	if r.err != nil {
		return nil, r.err
	}
	return vectors.Values{}.SetBytes("frame", m.Encode()), nil
}

func ixianAdditionalData(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	id, typ, ts := r.bytes("id"), r.int32("type"), r.decimal("timestamp")
	if r.err == nil && !ts.IsInt64() {
		r.fail(&vectors.TypeError{Field: "timestamp", Want: "a signed 64-bit integer"})
	}
	if r.err != nil {
		return nil, r.err
	}
	return vectors.Values{}.SetBytes("aad", ixian.StreamMessageAAD(id, int64(typ), ts.Int64())), nil
}

func ixianECDH(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	scalar, pub := r.bytes("ecdhPrivateKey"), r.bytes("publicKey")
	if r.err != nil {
		return nil, r.err
	}
	ss, err := ixian.ECDH(scalar, pub, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	own, err := ixian.ECDHPublicKey(scalar)
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ecdhSecret", ss).SetBytes("ownPublicKey", own), nil
}

func setKeys(out vectors.Values, r ixian.Result) vectors.Values {
	return out.SetBytes("ecdhSecret", r.ECDHSecret).SetBytes("mlkemSecret", r.MLKEMSecret).SetBytes("ikm", r.IKM).
		SetBytes("aesKey", r.AESKey).SetBytes("chachaKey", r.ChachaKey).Set("peerCapabilities", r.PeerCapabilities)
}

func ixianDeriveKeys(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	ss, kem, as, cs := r.bytes("ecdhSecret"), r.bytes("mlkemSecret"), r.bytes("aesSalt"), r.bytes("chachaSalt")
	if r.err != nil {
		return nil, r.err
	}
	k, err := ixian.DeriveKeys(ss, kem, as, cs, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ikm", k.IKM).SetBytes("aesKey", k.AESKey).SetBytes("chachaKey", k.ChachaKey), nil
}

func ixianAcceptorPrepare(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	scalar, seed, salt := r.bytes("ecdhPrivateKey"), r.bytes("mlkemSeed"), r.bytes("aesSalt")
	version, rsaPub, caps := r.int32("version"), r.bytes("rsaPubKey"), r.int32("capabilities")
	if r.err != nil {
		return nil, r.err
	}
	a, err := ixian.AcceptorPrepare(scalar, seed, salt, int(version), rsaPub, ixian.StreamCapabilities(caps), ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("acceptAdd2", a.AcceptAdd2).SetBytes("ecdhPubKey", a.ECDHPubKey).SetBytes("mlkemPubKey", a.MLKEMPubKey), nil
}

func ixianRequesterAcceptAdd2(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	msg, scalar, m, salt := r.bytes("acceptAdd2"), r.bytes("ecdhPrivateKey"), r.bytes("mlkemMessage"), r.bytes("chachaSalt")
	caps := r.int32("capabilities")
	if r.err != nil {
		return nil, r.err
	}
	res, err := ixian.Requester(msg, scalar, m, salt, ixian.StreamCapabilities(caps), ixianProfile(p))
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}.SetBytes("keys2", res.Keys2).SetBytes("ecdhPubKey", res.ECDHPubKey).SetBytes("mlkemCiphertext", res.MLKEMCiphertext)
	return setKeys(out, res.Result), nil
}

func ixianAcceptorKeys2(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	scalar, seed, salt, msg := r.bytes("ecdhPrivateKey"), r.bytes("mlkemSeed"), r.bytes("aesSalt"), r.bytes("keys2")
	if r.err != nil {
		return nil, r.err
	}
	res, err := ixian.AcceptorKeys2(scalar, seed, salt, msg, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return setKeys(vectors.Values{}, res.Result), nil
}

func ixianSpixi2Encrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	ak, ck, nonce, aad, pt := r.bytes("aesKey"), r.bytes("chachaKey"), r.bytes("nonce"), r.bytes("aad"), r.bytes("plaintext")
	if r.err != nil {
		return nil, r.err
	}
	s, err := ixian.Spixi2Encrypt(pt, ak, ck, nonce, aad, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ciphertext", s.Envelope).
		SetBytes("aesDerivedKey", s.AES.Key).SetBytes("aesIv", s.AES.IV).
		SetBytes("chachaDerivedKey", s.Chacha.Key).SetBytes("chachaIv", s.Chacha.IV).
		SetBytes("aesCiphertext", s.AESCiphertext), nil
}

func ixianSpixi2Decrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	ak, ck, aad, env := r.bytes("aesKey"), r.bytes("chachaKey"), r.bytes("aad"), r.bytes("ciphertext")
	if r.err != nil {
		return nil, r.err
	}
	pt, err := ixian.Spixi2Decrypt(env, ak, ck, aad, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("plaintext", pt), nil
}

func ixianRSA2Encrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	pub, tk, tc, seed := r.bytes("rsaPubKey"), r.bytes("tempAesKey"), r.bytes("tempChachaKey"), r.bytes("oaepSeed")
	nonce, aad, pt := r.bytes("nonce"), r.bytes("aad"), r.bytes("plaintext")
	if r.err != nil {
		return nil, r.err
	}
	s, err := ixian.RSA2Encrypt(pt, pub, tk, tc, seed, nonce, aad, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("envelope", s.Envelope).SetBytes("keyBlock", s.KeyBlock).SetBytes("encryptedKeys", s.EncryptedKeys), nil
}

// rsaKeys caches parsed private keys by their DER: parsing a 4096-bit key
// costs about as much as using it, and the vectors use two keys.
var rsaKeys sync.Map // string(DER) -> *rsa.PrivateKey

func rsaPrivateKey(der []byte) (*rsa.PrivateKey, error) {
	if k, ok := rsaKeys.Load(string(der)); ok {
		return k.(*rsa.PrivateKey), nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, &vectors.TypeError{Field: "rsaPrivateKey", Want: "a PKCS#8 DER RSA private key", Err: err}
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, &vectors.TypeError{Field: "rsaPrivateKey", Want: fmt.Sprintf("an RSA key, not %T", k)}
	}
	rsaKeys.Store(string(der), rk)
	return rk, nil
}

func ixianRSA2Decrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	der, aad, env := r.bytes("rsaPrivateKey"), r.bytes("aad"), r.bytes("envelope")
	if r.err != nil {
		return nil, r.err
	}
	priv, err := rsaPrivateKey(der)
	if err != nil {
		return nil, err
	}
	o, err := ixian.RSA2Decrypt(env, priv, aad, ixianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("plaintext", o.Plaintext).SetBytes("tempAesKey", o.TempAESKey).SetBytes("tempChachaKey", o.TempChachaKey), nil
}

// ixianHandshakeStatus applies before (whatever its verdicts) and then
// event. A rejection of event is returned as its category error; an
// unknown role or event kind is a malformed request.
func ixianHandshakeStatus(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := &ixIn{in: in}
	role := ixian.Role(r.str("role"))
	var s ixian.FriendState
	var e ixian.Event
	var before []json.RawMessage
	r.strictJSON("state", r.rawJSON("state"), friendStateMembers, &s)
	r.strictJSON("event", r.rawJSON("event"), eventMembers, &e)
	if in.Has("before") {
		if err := json.Unmarshal(in["before"], &before); err != nil || before == nil {
			r.fail(&vectors.TypeError{Field: "before", Want: "a JSON array of events", Err: err})
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	for i, raw := range before {
		var b ixian.Event
		r.strictJSON(fmt.Sprintf("before[%d]", i), raw, eventMembers, &b)
		if r.err != nil {
			return nil, r.err
		}
		o, err := ixian.Transition(role, s, b)
		if err != nil {
			return nil, &vectors.TypeError{Field: fmt.Sprintf("before[%d]", i), Want: "an event", Err: err}
		}
		s = o.State
	}
	o, err := ixian.Transition(role, s, e)
	if err != nil {
		return nil, &vectors.TypeError{Field: "event", Want: "an event of a known kind, for a known role", Err: err}
	}
	if o.Verdict == ixian.Rejected {
		return nil, o.Err
	}
	state, err := json.Marshal(o.State)
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}.Set("action", o.Action)
	out["state"] = state
	return out, nil
}
