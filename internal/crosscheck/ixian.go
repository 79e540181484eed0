// Package crosscheck reads the values that the Node scripts in crosscheck/
// compute with @noble/* and tweetnacl, independently of the Go code: the
// impl tests compare the reference with them, and vectorgen pins vector
// outputs to them. One definition of the file format serves both.
package crosscheck

import (
	"encoding/json"
	"os"
)

// IxianFile is impl/ixian/testdata/crosscheck.json, written by
// crosscheck/ixian.mjs. Byte strings are lowercase hex.
type IxianFile struct {
	VarUInt  []Varint `json:"varUInt"`
	VarInt   []Varint `json:"varInt"`
	IxiBytes []struct {
		Length int    `json:"length"`
		Prefix string `json:"prefix"`
		SHA256 string `json:"sha256"`
		Data   string `json:"data"`
	} `json:"ixiBytes"`
	RSA struct {
		Requester string `json:"requester"`
		Acceptor  string `json:"acceptor"`
	} `json:"rsa"`
	SHA3_512sq map[string]string `json:"sha3_512sq"`
	Cases      []IxianCase       `json:"cases"`
	Frames     IxianFrames       `json:"frames"`
}

// IxianFrames are the frames around hs66's handshake (addresses and signed
// StreamMessages), a requestAdd2 whose pubKey carries a private key, and two
// key-agreement edge cases: a shared X of 0 and the expanded ML-KEM key.
type IxianFrames struct {
	Addresses struct {
		Requester             string `json:"requester"`
		RequesterWithChecksum string `json:"requesterWithChecksum"`
		Acceptor              string `json:"acceptor"`
		AcceptorKeyAsV2       string `json:"acceptorKeyAsV2"`
		AcceptorKeyAsV0       string `json:"acceptorKeyAsV0"`
		Exposed               string `json:"exposed"`
	} `json:"addresses"`
	ExposedKeyBytes    string        `json:"exposedKeyBytes"`
	RequestAdd2        StreamMessage `json:"requestAdd2"`
	AcceptAdd2         StreamMessage `json:"acceptAdd2"`
	Keys2              StreamMessage `json:"keys2"`
	ExposedRequestAdd2 StreamMessage `json:"exposedRequestAdd2"`
	ZeroX              struct {
		RequesterScalar    string `json:"requesterScalar"`
		AcceptorECDHPubKey string `json:"acceptorEcdhPubKey"`
		MLKEMSeed          string `json:"mlkemSeed"`
		MLKEMMessage       string `json:"mlkemMessage"`
		AESSalt            string `json:"aesSalt"`
		ChachaSalt         string `json:"chachaSalt"`
		MLKEMSecret        string `json:"mlkemSecret"`
		AESKey             string `json:"aesKey"`
		ChachaKey          string `json:"chachaKey"`
		AESPRK             string `json:"aesPrk"`
		ChachaPRK          string `json:"chachaPrk"`
	} `json:"zeroX"`
	ExpandedKey struct {
		DK            string `json:"dk"`
		BadHashSecret string `json:"badHashSecret"`
	} `json:"expandedKey"`
}

// StreamMessage is a signed v1 StreamMessage and its parts.
type StreamMessage struct {
	Sender         string `json:"sender"`
	Recipient      string `json:"recipient"`
	ID             string `json:"id"`
	Type           int32  `json:"type"`
	EncryptionType int32  `json:"encryptionType"`
	Data           string `json:"data"`
	Timestamp      int64  `json:"timestamp"`
	ChecksumData   string `json:"checksumData"`
	Checksum       string `json:"checksum"`
	Signature      string `json:"signature"`
	Frame          string `json:"frame"`
}

// Varint is an IxiVarUInt or IxiVarInt value (decimal) and its encoding.
type Varint struct {
	Value string `json:"value"`
	Data  string `json:"data"`
}

// IxianCase is one whole handshake, from its inputs to the keys and the
// enveloped messages.
type IxianCase struct {
	Name                string            `json:"name"`
	Counter             int64             `json:"counter"`
	Timestamp           int64             `json:"timestamp"`
	Inputs              map[string]string `json:"inputs"`
	RequestAdd2         string            `json:"requestAdd2"`
	RequestAdd2Frame    string            `json:"requestAdd2Frame"`
	AcceptorECDHPubKey  string            `json:"acceptorEcdhPubKey"`
	MLKEMPubKey         string            `json:"mlkemPubKey"`
	AcceptAdd2          string            `json:"acceptAdd2"`
	AcceptAdd2Frame     string            `json:"acceptAdd2Frame"`
	RequesterECDHPubKey string            `json:"requesterEcdhPubKey"`
	ECDHSecret          string            `json:"ecdhSecret"`
	ECDHSecretLength    int               `json:"ecdhSecretLength"`
	MLKEMCiphertext     string            `json:"mlkemCiphertext"`
	MLKEMSecret         string            `json:"mlkemSecret"`
	IKM                 string            `json:"ikm"`
	AESKey              string            `json:"aesKey"`
	ChachaKey           string            `json:"chachaKey"`
	AESPRK              string            `json:"aesPrk"`
	ChachaPRK           string            `json:"chachaPrk"`
	Keys2               string            `json:"keys2"`
	Keys2Frame          string            `json:"keys2Frame"`
	AcceptAdd2RSA2      RSA2              `json:"acceptAdd2RSA2"`
	Keys2RSA2           RSA2              `json:"keys2RSA2"`
	Chat                Spixi2            `json:"chat"`
}

// RSA2 is an rsa2 envelope and the values inside it.
type RSA2 struct {
	TempAESKey    string `json:"tempAesKey"`
	TempChachaKey string `json:"tempChachaKey"`
	OAEPSeed      string `json:"oaepSeed"`
	Nonce         string `json:"nonce"`
	AAD           string `json:"aad"`
	KeyBlock      string `json:"keyBlock"`
	EncryptedKeys string `json:"encryptedKeys"`
	Spixi2        Spixi2 `json:"spixi2"`
	Envelope      string `json:"envelope"`
}

// Spixi2 is a spixi2 envelope and its derived keys and IVs.
type Spixi2 struct {
	AESDerivedKey    string `json:"aesDerivedKey"`
	AESIV            string `json:"aesIv"`
	ChachaDerivedKey string `json:"chachaDerivedKey"`
	ChachaIV         string `json:"chachaIv"`
	AESCiphertext    string `json:"aesCiphertext"`
	AESHash          string `json:"aesHash"`
	ChachaHash       string `json:"chachaHash"`
	Envelope         string `json:"envelope"`
	Plaintext        string `json:"plaintext"`
	AAD              string `json:"aad"`
}

// ReadIxian reads an IxianFile.
func ReadIxian(path string) (*IxianFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f IxianFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	return &f, nil
}
