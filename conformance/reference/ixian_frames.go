package reference

import (
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

// The frames around the Ixian handshake (vectors/catalog_ixian_frames.go):
// addresses and the StreamMessage v1 frame.

func init() {
	register(vectors.IxianAddress, ixianAddress)
	register(vectors.IxianStreamMessageDecode, ixianStreamMessageDecode)
	register(vectors.IxianStreamMessageEncode, ixianStreamMessageEncode)
	register(vectors.IxianStreamMessageSign, ixianStreamMessageSign)
	register(vectors.IxianStreamMessageVerify, ixianStreamMessageVerify)
}

func ixianAddress(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	b, err := in.Bytes("value")
	if err != nil {
		return nil, err
	}
	return ixianAddressBytes(p, b)
}

func ixianAddressBytes(_ vectors.Profile, b []byte) (vectors.Values, error) {
	a, err := ixian.NewAddress(b)
	if err != nil {
		return nil, err
	}
	return vectors.Values{}.SetBytes("address", a.NoChecksum).SetBytes("addressWithChecksum", a.WithChecksum()).
		Set("version", a.Version).Set("fromKey", a.FromKey), nil
}

func setStreamMessage(out vectors.Values, m *ixian.StreamMessage) vectors.Values {
	c := m.Checksum()
	return out.Set("version", m.Version).SetBytes("id", m.ID).Set("type", m.Type).Set("encryptionType", m.EncryptionType).
		SetBytes("sender", m.Sender).SetBytes("recipient", m.Recipient).SetBytes("data", m.Data).
		SetInt64("timestamp", m.Timestamp).SetBytes("signature", m.Signature).
		Set("requireRcvConfirmation", m.RequireRcvConfirmation).SetBytes("checksum", c[:])
}

func ixianStreamMessageDecode(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	frame, err := in.Bytes("frame")
	if err != nil {
		return nil, err
	}
	return ixianStreamMessageDecodeBytes(p, frame)
}

func ixianStreamMessageDecodeBytes(p vectors.Profile, frame []byte) (vectors.Values, error) {
	m, err := ixian.DecodeStreamMessage(frame, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	return setStreamMessage(vectors.Values{}, m), nil
}

// streamMessageFields reads the fields the encoder and the signer take.
func streamMessageFields(in vectors.Values, r *vectors.Reader) *ixian.StreamMessage {
	m := &ixian.StreamMessage{
		Version:        r.Int32("version"),
		ID:             r.Bytes("id"),
		Type:           r.Int32("type"),
		EncryptionType: r.Int32("encryptionType"),
		Sender:         r.Bytes("sender"),
		Recipient:      r.Bytes("recipient"),
		Data:           r.Bytes("data"),
	}
	if t := r.Decimal("timestamp"); t != nil {
		if !t.IsInt64() {
			r.Fail(&vectors.TypeError{Field: "timestamp", Want: "a C# long"})
		} else {
			m.Timestamp = t.Int64()
		}
	}
	b, err := in.Bool("requireRcvConfirmation")
	if err != nil {
		r.Fail(err)
	}
	m.RequireRcvConfirmation = b
	return m
}

func ixianStreamMessageEncode(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	m := streamMessageFields(in, r)
	m.Signature = r.Bytes("signature")
	if err := r.Err(); err != nil {
		return nil, err
	}
	c := m.Checksum()
	return vectors.Values{}.SetBytes("frame", m.Encode()).SetBytes("checksumData", m.ChecksumData()).SetBytes("checksum", c[:]), nil
}

func ixianStreamMessageSign(_ vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	m := streamMessageFields(in, r)
	der := r.Bytes("rsaPrivateKey")
	if err := r.Err(); err != nil {
		return nil, err
	}
	priv, err := rsaPrivateKey(der)
	if err != nil {
		return nil, err
	}
	if err := m.Sign(priv); err != nil {
		return nil, &category.FieldError{Field: "rsaPrivateKey", Rule: "rsa-pkcs1v15", Cat: category.InvalidKey, Got: err.Error(), Want: "a key that can sign"}
	}
	c := m.Checksum()
	return vectors.Values{}.SetBytes("signature", m.Signature).SetBytes("frame", m.Encode()).SetBytes("checksum", c[:]), nil
}

func ixianStreamMessageVerify(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r := in.Reader()
	frame, key := r.Bytes("frame"), r.Bytes("pubKey")
	if err := r.Err(); err != nil {
		return nil, err
	}
	v, err := ixian.VerifyStreamMessage(frame, key, IxianProfile(p))
	if err != nil {
		return nil, err
	}
	c := v.Message.Checksum()
	return vectors.Values{}.SetBytes("sender", v.Sender.NoChecksum).SetBytes("data", v.Message.Data).SetBytes("checksum", c[:]), nil
}
