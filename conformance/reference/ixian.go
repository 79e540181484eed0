package reference

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sync"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/pkcs8"
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
	register(vectors.IxianAcceptorKeys2Persisted, ixianAcceptorKeys2Persisted)
	register(vectors.IxianSpixi2Encrypt, ixianSpixi2Encrypt)
	register(vectors.IxianSpixi2Decrypt, ixianSpixi2Decrypt)
	register(vectors.IxianRSA2Encrypt, ixianRSA2Encrypt)
	register(vectors.IxianRSA2Decrypt, ixianRSA2Decrypt)
	register(vectors.IxianHandshakeStatus, ixianHandshakeStatus)
}

// The members a handshakeStatus state and event may have, spelt exactly:
// encoding/json alone would match "handshakestatus" too.
var (
	friendStateMembers = []string{"known", "handshakeStatus", "protocolVersion", "lastReceivedHandshakeMessageTimestamp", "approved", "pendingEphemeral", "addRequestsDisabled"}
	eventMembers       = []string{"kind", "version", "timestamp", "msgId"}
)

// strictJSON decodes a JSON object input into dst, refusing members other
// than those listed: a misspelt member must not pass for an absent one.
func strictJSON(r *vectors.Reader, name string, raw json.RawMessage, members []string, dst any) {
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
		r.Fail(&vectors.TypeError{Field: name, Want: fmt.Sprintf("%T as a JSON object", dst), Err: err})
	}
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
	return ixianVarUIntDecodeBytes(p, data)
}

func ixianVarUIntDecodeBytes(p vectors.Profile, data []byte) (vectors.Values, error) {
	v, n, minimal, err := ixian.DecodeVarUInt(data, IxianProfile(p))
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
	return ixianVarIntDecodeBytes(p, data)
}

func ixianVarIntDecodeBytes(p vectors.Profile, data []byte) (vectors.Values, error) {
	v, n, minimal, err := ixian.DecodeVarInt(data, IxianProfile(p))
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
	return ixianIxiBytesDecodeBytes(p, data)
}

func ixianIxiBytesDecodeBytes(p vectors.Profile, data []byte) (vectors.Values, error) {
	v, n, err := ixian.DecodeIxiBytes(data, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("value", v).Set("length", n), nil
}

func ixianIxiBytesEncode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	v, err := in.Bytes("value")
	if err != nil {
		return nil, err
	}
	return ixianIxiBytesEncodeBytes(p, v)
}

func ixianIxiBytesEncodeBytes(_ vectors.Profile, v []byte) (vectors.Values, error) {
	return vectors.Values{}.SetBytes("data", ixian.AppendIxiBytes(nil, v)), nil
}

func ixianRequestAdd2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	return ixianRequestAdd2DecodeBytes(p, payload)
}

func ixianRequestAdd2DecodeBytes(p vectors.Profile, payload []byte) (vectors.Values, error) {
	m, err := ixian.DecodeRequestAdd2(payload, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("maxProtocolVersion", m.MaxProtocolVersion).SetBytes("pubKey", m.PubKey), nil
}

func ixianRequestAdd2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	m := ixian.RequestAdd2{MaxProtocolVersion: int(r.Int32("maxProtocolVersion")), PubKey: r.Bytes("pubKey")}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("payload", m.Encode()), nil
}

func ixianAcceptAdd2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	return ixianAcceptAdd2DecodeBytes(p, payload)
}

func ixianAcceptAdd2DecodeBytes(p vectors.Profile, payload []byte) (vectors.Values, error) {
	m, err := ixian.DecodeAcceptAdd2(payload, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("version", m.Version).SetBytes("rsaPubKey", m.RSAPubKey).
		SetBytes("ecdhPubKey", m.ECDHPubKey).SetBytes("mlkemPubKey", m.MLKEMPubKey).SetBytes("aesSalt", m.AESSalt).
		Set("capabilities", m.Capabilities).Set("capabilitiesPresent", m.CapabilitiesPresent), nil
}

func ixianAcceptAdd2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	m := ixian.AcceptAdd2{
		Version:      int(r.Int32("version")),
		RSAPubKey:    r.Bytes("rsaPubKey"),
		ECDHPubKey:   r.Bytes("ecdhPubKey"),
		MLKEMPubKey:  r.Bytes("mlkemPubKey"),
		AESSalt:      r.Bytes("aesSalt"),
		Capabilities: ixian.StreamCapabilities(r.Int32("capabilities")),
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("payload", m.Encode()), nil
}

func ixianKeys2Decode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	payload, err := in.Bytes("payload")
	if err != nil {
		return nil, err
	}
	return ixianKeys2DecodeBytes(p, payload)
}

func ixianKeys2DecodeBytes(p vectors.Profile, payload []byte) (vectors.Values, error) {
	m, err := ixian.DecodeKeys2(payload, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ecdhPubKey", m.ECDHPubKey).SetBytes("mlkemCiphertext", m.MLKEMCiphertext).
		SetBytes("chachaSalt", m.ChachaSalt).Set("capabilities", m.Capabilities).Set("capabilitiesPresent", m.CapabilitiesPresent), nil
}

func ixianKeys2Encode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	m := ixian.Keys2{
		ECDHPubKey:      r.Bytes("ecdhPubKey"),
		MLKEMCiphertext: r.Bytes("mlkemCiphertext"),
		ChachaSalt:      r.Bytes("chachaSalt"),
		Capabilities:    ixian.StreamCapabilities(r.Int32("capabilities")),
	}
	if err := r.Err(); err != nil {
		return nil, err
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
	return ixianSpixiMessageDecodeBytes(p, frame)
}

func ixianSpixiMessageDecodeBytes(p vectors.Profile, frame []byte) (vectors.Values, error) {
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
	r := in.Reader()
	m := ixian.SpixiMessage{
		Type:               r.Int32("type"),
		Data:               r.Bytes("data"),
		Channel:            r.Int32("channel"),
		GroupAddress:       r.Bytes("groupAddress"),
		GroupSenderAddress: r.Bytes("groupSenderAddress"),
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("frame", m.Encode()), nil
}

func ixianAdditionalData(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	id, typ, ts := r.Bytes("id"), r.Int32("type"), r.Decimal("timestamp")
	if r.Err() == nil && !ts.IsInt64() {
		r.Fail(&vectors.TypeError{Field: "timestamp", Want: "a signed 64-bit integer"})
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("aad", ixian.StreamMessageAAD(id, int64(typ), ts.Int64())), nil
}

func ixianECDH(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	scalar, pub := r.Bytes("ecdhPrivateKey"), r.Bytes("publicKey")
	if err := r.Err(); err != nil {
		return nil, err
	}
	ss, err := ixian.ECDH(scalar, pub, IxianProfile(p))
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
		SetBytes("aesKey", r.AESKey).SetBytes("chachaKey", r.ChachaKey).Set("peerCapabilities", r.PeerCapabilities).
		SetBytes("aesPrk", r.AESPRK).SetBytes("chachaPrk", r.ChachaPRK)
}

func ixianDeriveKeys(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	ss, kem, as, cs := r.Bytes("ecdhSecret"), r.Bytes("mlkemSecret"), r.Bytes("aesSalt"), r.Bytes("chachaSalt")
	if err := r.Err(); err != nil {
		return nil, err
	}
	k, err := ixian.DeriveKeys(ss, kem, as, cs, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ikm", k.IKM).SetBytes("aesKey", k.AESKey).SetBytes("chachaKey", k.ChachaKey).
		SetBytes("aesPrk", k.AESPRK).SetBytes("chachaPrk", k.ChachaPRK), nil
}

func ixianAcceptorPrepare(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	scalar, seed, salt := r.Bytes("ecdhPrivateKey"), r.Bytes("mlkemSeed"), r.Bytes("aesSalt")
	version, rsaPub, caps := r.Int32("version"), r.Bytes("rsaPubKey"), r.Int32("capabilities")
	if err := r.Err(); err != nil {
		return nil, err
	}
	a, err := ixian.AcceptorPrepare(scalar, seed, salt, int(version), rsaPub, ixian.StreamCapabilities(caps), IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("acceptAdd2", a.AcceptAdd2).SetBytes("ecdhPubKey", a.ECDHPubKey).SetBytes("mlkemPubKey", a.MLKEMPubKey), nil
}

func ixianRequesterAcceptAdd2(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	msg, scalar, m, salt := r.Bytes("acceptAdd2"), r.Bytes("ecdhPrivateKey"), r.Bytes("mlkemMessage"), r.Bytes("chachaSalt")
	caps := r.Int32("capabilities")
	if err := r.Err(); err != nil {
		return nil, err
	}
	res, err := ixian.Requester(msg, scalar, m, salt, ixian.StreamCapabilities(caps), IxianProfile(p))
	if err != nil {
		return nil, err
	}
	out := vectors.Values{}.SetBytes("keys2", res.Keys2).SetBytes("ecdhPubKey", res.ECDHPubKey).SetBytes("mlkemCiphertext", res.MLKEMCiphertext)
	return setKeys(out, res.Result), nil
}

func ixianAcceptorKeys2(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	scalar, seed, salt, msg := r.Bytes("ecdhPrivateKey"), r.Bytes("mlkemSeed"), r.Bytes("aesSalt"), r.Bytes("keys2")
	if err := r.Err(); err != nil {
		return nil, err
	}
	res, err := ixian.AcceptorKeys2(scalar, seed, salt, msg, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return setKeys(vectors.Values{}, res.Result), nil
}

func ixianAcceptorKeys2Persisted(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	k := ixian.Kept{ECDHPrivateKey: r.Bytes("ecdhPrivateKey"), MLKEMPrivateKey: r.Bytes("mlkemPrivateKey"), AESSalt: r.Bytes("aesSalt")}
	msg := r.Bytes("keys2")
	if err := r.Err(); err != nil {
		return nil, err
	}
	if k.MLKEMPrivateKey == nil {
		k.MLKEMPrivateKey = []byte{}
	}
	res, err := k.Keys2(msg, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return setKeys(vectors.Values{}, res.Result), nil
}

func ixianSpixi2Encrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	ak, ck, nonce, aad, pt := r.Bytes("aesKey"), r.Bytes("chachaKey"), r.Bytes("nonce"), r.Bytes("aad"), r.Bytes("plaintext")
	if err := r.Err(); err != nil {
		return nil, err
	}
	s, err := ixian.Spixi2Encrypt(pt, ak, ck, nonce, aad, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("ciphertext", s.Envelope).
		SetBytes("aesDerivedKey", s.AES.Key).SetBytes("aesIv", s.AES.IV).
		SetBytes("chachaDerivedKey", s.Chacha.Key).SetBytes("chachaIv", s.Chacha.IV).
		SetBytes("aesCiphertext", s.AESCiphertext).SetBytes("aesHash", s.AES.Hash).SetBytes("chachaHash", s.Chacha.Hash), nil
}

func ixianSpixi2Decrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	ak, ck, aad, env := r.Bytes("aesKey"), r.Bytes("chachaKey"), r.Bytes("aad"), r.Bytes("ciphertext")
	if err := r.Err(); err != nil {
		return nil, err
	}
	pt, err := ixian.Spixi2Decrypt(env, ak, ck, aad, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("plaintext", pt), nil
}

func ixianRSA2Encrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	pub, tk, tc, seed := r.Bytes("rsaPubKey"), r.Bytes("tempAesKey"), r.Bytes("tempChachaKey"), r.Bytes("oaepSeed")
	nonce, aad, pt := r.Bytes("nonce"), r.Bytes("aad"), r.Bytes("plaintext")
	if err := r.Err(); err != nil {
		return nil, err
	}
	s, err := ixian.RSA2Encrypt(pt, pub, tk, tc, seed, nonce, aad, IxianProfile(p))
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
	rk, err := pkcs8.ParseRSAPrivateKey(der)
	if err != nil {
		return nil, &vectors.TypeError{Field: "rsaPrivateKey", Want: "a PKCS#8 DER RSA private key", Err: err}
	}
	rsaKeys.Store(string(der), rk)
	return rk, nil
}

func ixianRSA2Decrypt(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	der, aad, env := r.Bytes("rsaPrivateKey"), r.Bytes("aad"), r.Bytes("envelope")
	if err := r.Err(); err != nil {
		return nil, err
	}
	priv, err := rsaPrivateKey(der)
	if err != nil {
		return nil, err
	}
	o, err := ixian.RSA2Decrypt(env, priv, aad, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("plaintext", o.Plaintext).SetBytes("tempAesKey", o.TempAESKey).SetBytes("tempChachaKey", o.TempChachaKey), nil
}

// ixianHandshakeStatus applies before (whatever its verdicts) and then
// event. A rejection of event is returned as its category error; an
// unknown role or event kind is a malformed request.
func ixianHandshakeStatus(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	role := ixian.Role(r.String("role"))
	var s ixian.FriendState
	var e ixian.Event
	var before []json.RawMessage
	strictJSON(r, "state", r.Raw("state"), friendStateMembers, &s)
	strictJSON(r, "event", r.Raw("event"), eventMembers, &e)
	if in.Has("before") {
		if err := json.Unmarshal(in["before"], &before); err != nil || before == nil {
			r.Fail(&vectors.TypeError{Field: "before", Want: "a JSON array of events", Err: err})
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	for i, raw := range before {
		var b ixian.Event
		strictJSON(r, fmt.Sprintf("before[%d]", i), raw, eventMembers, &b)
		if r.Err() != nil {
			return nil, r.Err()
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
