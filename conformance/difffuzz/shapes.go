package difffuzz

import "github.com/pqhs/pqhs/vectors"

// A shape is what a field holds beyond its catalogue type: an Ixian payload
// with its framing, a public key, a JSON text, a binding message. The
// generator mutates a shaped field through its structure three times in
// four, and as plain bytes or text otherwise.
type shape struct {
	name string
	// bytes mutates a hex field; nil result: no change made.
	bytes func(m *mctx, b []byte) ([]byte, string)
	// text mutates a string field.
	text func(m *mctx, s string) (string, string, bool)
	// jsonText: the bytes are a JSON text (their values feed the
	// dictionary).
	jsonText bool
	// pure: bytes reads only its argument, not the rest of the input (the
	// input's pending fields need not be written first, see input.flush).
	pure bool
}

func frame(name string, layout ...segSpec) *shape {
	return &shape{name: name, pure: true, bytes: func(m *mctx, b []byte) ([]byte, string) {
		out, d := mutateFrame(m, b, layout)
		if d == "" {
			return nil, ""
		}
		return out, d
	}}
}

var (
	shP521      = &shape{name: "P-521 public key", bytes: mutateP521, pure: true}
	shP521Priv  = &shape{name: "P-521 scalar", bytes: mutateP521Scalar, pure: true}
	shX25519    = &shape{name: "X25519 public key", bytes: func(m *mctx, b []byte) ([]byte, string) { return mutateX25519(m, b) }, pure: true}
	shEK        = &shape{name: "ML-KEM encapsulation key", bytes: mutateEK, pure: true}
	shEphemeral = &shape{name: "Verbeth ephemeralPubKey", bytes: mutateEphemeral, pure: true}
	shUnified   = &shape{name: "unified public keys", bytes: mutateUnified, pure: true}
	shJSONText  = &shape{name: "JSON text", bytes: mutateJSONText, jsonText: true, pure: true}
	shEnvelope  = &shape{name: "response envelope", bytes: mutateEnvelope, jsonText: true}
	shRatchet   = &shape{name: "ratchet message", bytes: mutateRatchet}
	shBinding   = &shape{name: "binding message", text: mutateBinding}
	shSignature = &shape{name: "proof signature", text: mutateSignatureText}
	shAddress   = &shape{name: "address", text: mutateAddress}

	shVarint    = frame("IxiVarInt", segSpec{segVarint, "value", nil})
	shIxiBytes  = frame("IxiBytes", segSpec{segBytes, "value", nil})
	shRequest   = frame("requestAdd2", segSpec{segVarint, "maxProtocolVersion", nil}, segSpec{segBytes, "pubKey", nil})
	shAcceptAdd = frame("acceptAdd2", segSpec{segVarint, "version", nil}, segSpec{segBytes, "rsaPubKey", nil}, segSpec{segBytes, "ecdhPubKey", shP521},
		segSpec{segBytes, "mlkemPubKey", shEK}, segSpec{segBytes, "aesSalt", nil}, segSpec{segVarint, "capabilities", nil})
	shKeys2 = frame("keys2", segSpec{segBytes, "ecdhPubKey", shP521}, segSpec{segBytes, "mlkemCiphertext", nil},
		segSpec{segBytes, "chachaSalt", nil}, segSpec{segVarint, "capabilities", nil})
	shSpixiFrame = frame("SpixiMessage", segSpec{segI32, "type", nil}, segSpec{segI32Bytes, "data", nil}, segSpec{segI32, "channel", nil},
		segSpec{segBytes, "groupAddress", nil}, segSpec{segBytes, "groupSenderAddress", nil})
	shSpixi2 = frame("spixi2 envelope", segSpec{segBytes, "nonce", nil}, segSpec{segRest, "c2", nil})
	shRSA2   = frame("rsa2 envelope", segSpec{segBytes, "encryptedKeys", nil}, segSpec{segRest, "blob", nil})
)

// byFamilyField names the shapes of fields whose meaning depends on the
// family; byField those that mean the same wherever they appear.
var byFamilyField = map[familyField]*shape{
	{vectors.IxianIxiVarUIntDecode, "data"}:                     shVarint,
	{vectors.IxianIxiVarIntDecode, "data"}:                      shVarint,
	{vectors.IxianIxiBytesDecode, "data"}:                       shIxiBytes,
	{vectors.IxianRequestAdd2Decode, "payload"}:                 shRequest,
	{vectors.IxianAcceptAdd2Decode, "payload"}:                  shAcceptAdd,
	{vectors.IxianKeys2Decode, "payload"}:                       shKeys2,
	{vectors.IxianECDH, "publicKey"}:                            shP521,
	{vectors.VerbethHandshakePayloadDecode, "plaintextPayload"}: shJSONText,
	{vectors.VerbethRatchetDecrypt, "payload"}:                  shRatchet,
	{vectors.VerbethRatchetPayloadDecode, "payload"}:            shRatchet,
	{vectors.VerbethUnifiedPubKeysDecode, "pubKeys"}:            shUnified,
	{vectors.VerbethTag, "x25519Public"}:                        shX25519,
	{vectors.VerbethUnifiedPubKeysEncode, "x25519"}:             shX25519,
}

var byField = map[string]*shape{
	"acceptAdd2":               shAcceptAdd,
	"keys2":                    shKeys2,
	"frame":                    shSpixiFrame,
	"ecdhPubKey":               shP521,
	"ecdhPrivateKey":           shP521Priv,
	"mlkemPubKey":              shEK,
	"envelope":                 shRSA2,
	"initiatorEphemeralPubKey": shEphemeral,
	"responderEphemeralR":      shX25519,
	"ratchetPublicKey":         shX25519,
	"initiatorEphemeralX25519": shX25519,
	"wireX25519":               shX25519,
	"identityX25519":           shX25519,
	"responderPubKeys":         shUnified,
	"pubKeys":                  shUnified,
	"proofMessage":             shBinding,
	"proofSignature":           shSignature,
	"address":                  shAddress,
	"eventSender":              shAddress,
	"responder":                shAddress,
	"expectedAddress":          shAddress,
	"executorAddress":          shAddress,
	"recipientAddress":         shAddress,
}

type familyField struct {
	f     *vectors.Family
	field string
}

// shapeFor returns the shape of a family's input field, or nil.
func shapeFor(f *vectors.Family, field string) *shape {
	if s, ok := byFamilyField[familyField{f, field}]; ok {
		return s
	}
	switch {
	case field == "ciphertext" && (f == vectors.VerbethResponseOpen || f == vectors.VerbethResponseMatch):
		return shEnvelope
	case field == "ciphertext" && f == vectors.IxianSpixi2Decrypt:
		return shSpixi2
	}
	return byField[field]
}
