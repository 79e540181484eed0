package reference

import (
	"encoding/hex"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// The Verbeth event logs (vectors/catalog_verbeth_logs.go) on impl/verbeth.

func init() {
	register(vectors.VerbethLogHandshakeEncode, verbethLogHandshakeEncode)
	register(vectors.VerbethLogHandshakeDecode, verbethLogHandshakeDecode)
	register(vectors.VerbethLogHandshakeResponseEncode, verbethLogHandshakeResponseEncode)
	register(vectors.VerbethLogHandshakeResponseDecode, verbethLogHandshakeResponseDecode)
}

func address20(name string, b []byte) ([20]byte, error) {
	var out [20]byte
	if len(b) != 20 {
		return out, &category.FieldError{Field: name, Rule: "length", Cat: category.FieldLength, Got: len(b), Want: 20}
	}
	copy(out[:], b)
	return out, nil
}

func logTopics(in vectors.Values) ([][]byte, error) {
	var hs []string
	if err := in.Get("topics", &hs); err != nil {
		return nil, err
	}
	out := make([][]byte, len(hs))
	for i, h := range hs {
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, &vectors.TypeError{Field: "topics", Want: "hex strings", Err: err}
		}
		out[i] = b
	}
	return out, nil
}

func hexList(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = hex.EncodeToString(b)
	}
	return out
}

func verbethLogHandshakeEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	h, s := r.Bytes("recipientHash"), r.Bytes("sender")
	l := &verbeth.HandshakeLog{PubKeys: r.Bytes("pubKeys"), EphemeralPubKey: r.Bytes("ephemeralPubKey"), PlaintextPayload: r.Bytes("plaintextPayload")}
	if err := r.Err(); err != nil {
		return nil, err
	}
	var err error
	if l.RecipientHash, err = bytes32("recipientHash", h); err != nil {
		return nil, err
	}
	if l.Sender, err = address20("sender", s); err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("topics", hexList(l.Topics())).SetBytes("data", l.Data()), nil
}

func verbethLogHandshakeDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	topics, err := logTopics(in)
	if err != nil {
		return nil, err
	}
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	l, err := verbeth.DecodeHandshakeLog(topics, data, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("recipientHash", l.RecipientHash[:]).SetBytes("sender", l.Sender[:]).
		SetBytes("pubKeys", l.PubKeys).SetBytes("ephemeralPubKey", l.EphemeralPubKey).SetBytes("plaintextPayload", l.PlaintextPayload), nil
}

func verbethLogHandshakeResponseEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	t, a, R := r.Bytes("inResponseTo"), r.Bytes("responder"), r.Bytes("responderEphemeralR")
	l := &verbeth.HandshakeResponseLog{Ciphertext: r.Bytes("ciphertext")}
	if err := r.Err(); err != nil {
		return nil, err
	}
	var err error
	if l.InResponseTo, err = bytes32("inResponseTo", t); err != nil {
		return nil, err
	}
	if l.Responder, err = address20("responder", a); err != nil {
		return nil, err
	}
	if l.ResponderEphemeralR, err = bytes32("responderEphemeralR", R); err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("topics", hexList(l.Topics())).SetBytes("data", l.Data()), nil
}

func verbethLogHandshakeResponseDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	topics, err := logTopics(in)
	if err != nil {
		return nil, err
	}
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	l, err := verbeth.DecodeHandshakeResponseLog(topics, data, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("inResponseTo", l.InResponseTo[:]).SetBytes("responder", l.Responder[:]).
		SetBytes("responderEphemeralR", l.ResponderEphemeralR[:]).SetBytes("ciphertext", l.Ciphertext), nil
}

func init() { register(vectors.VerbethIdentityKeysDerive, verbethIdentityKeys) }

func verbethIdentityKeys(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	addr, sig := r.String("address"), r.Bytes("seedSignature")
	if err := r.Err(); err != nil {
		return nil, err
	}
	k, err := verbeth.DeriveIdentityKeys(addr, sig, VerbethProfile(p))
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.Set("seedMessage", k.SeedMessage).SetBytes("canonicalSignature", k.SeedSignature).SetBytes("ikm", k.IKM[:]).
		SetBytes("x25519SecretKey", k.X25519SecretKey[:]).SetBytes("x25519PublicKey", k.X25519PublicKey[:]).
		SetBytes("ed25519Seed", k.Ed25519Seed[:]).SetBytes("ed25519PublicKey", k.Ed25519PublicKey[:]).
		SetBytes("sessionPrivateKey", k.SessionPrivateKey[:]).SetBytes("sessionAddress", k.SessionAddress[:]), nil
}
