package mutants

import (
	"crypto/ed25519"
	"encoding/binary"

	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// stepMutants are the mutants of the single-step families, the encoders and
// key schedules that no handshake-level mutant changes: one plausible bug
// each, so that every such family's vectors are proved to catch something
// (TestEveryFamilyHasAMutant lists the families left without one, and why).
var stepMutants = []*Mutant{
	{
		Name:    "ixian-aad-id-length",
		Bug:     "the StreamMessage id written into the additional data as IxiBytes, with its length, the way every other byte field of a StreamMessage is written, instead of raw",
		Profile: vectors.Strict,
		Rules:   []string{"IX-AAD-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.IxianStreamMessageAdditionalData: post(vectors.IxianStreamMessageAdditionalData, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			id, aad := get(in, "id"), get(out, "aad")
			return out.With("aad", append(ixian.AppendIxiBytes(nil, id), aad[len(id):]...)), nil
		})},
	},
	{
		Name:    "ixian-spixi-frame-short",
		Bug:     "a SpixiMessage written as type, length and data only, without the channel and the two group addresses, which a chat message does not need",
		Profile: vectors.Strict,
		Rules:   []string{"IX-SPIXIMSG-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.IxianSpixiMessageEncode: post(vectors.IxianSpixiMessageEncode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			return out.With("frame", get(out, "frame")[:ixian.SpixiMessageHeaderSize+len(get(in, "data"))]), nil
		})},
	},
	{
		Name:    "ixian-requestAdd2-version-varint",
		Bug:     "requestAdd2's maxProtocolVersion written as an IxiVarInt, as the user's description says and every reader reads it, where the deployed writer writes one raw byte: a version above 247 (or below 0) gets a prefix",
		Profile: vectors.Strict,
		Rules:   []string{"IX-REQUESTADD2-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.IxianRequestAdd2Encode: post(vectors.IxianRequestAdd2Encode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			return out.With("payload", ixian.AppendIxiBytes(ixian.AppendVarInt(nil, getInt(in, "maxProtocolVersion")), get(in, "pubKey"))), nil
		})},
	},
	{
		Name:    "verbeth-chain-key-constants-swapped",
		Bug:     "KDF_CK with its two HMAC constants swapped: the message key from HMAC(ck, 0x02) and the next chain key from HMAC(ck, 0x01)",
		Profile: vectors.Strict,
		Rules:   []string{"VB-KDF-CHAIN"},
		ops: map[*vectors.Family]op{vectors.VerbethKDFChainKey: post(vectors.VerbethKDFChainKey, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			return out.With("messageKey", get(out, "newChainKey"), "newChainKey", get(out, "messageKey")), nil
		})},
	},
	{
		Name:    "verbeth-root-key-halves-swapped",
		Bug:     "KDF_RK's 64 bytes of HKDF output split the other way round: the chain key from the first half and the new root key from the second",
		Profile: vectors.Strict,
		Rules:   []string{"VB-KDF-ROOT"},
		ops: map[*vectors.Family]op{vectors.VerbethKDFRootKey: post(vectors.VerbethKDFRootKey, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			return out.With("newRootKey", get(out, "chainKey"), "chainKey", get(out, "newRootKey")), nil
		})},
	},
	{
		Name:    "verbeth-recipient-hash-case",
		Bug:     "recipientHash over the address as given, not lowercased: a checksummed (EIP-55) address, as wallets display it, gives another hash and the recipient never sees the Handshake",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RECIPIENT-HASH"},
		ops: map[*vectors.Family]op{vectors.VerbethRecipientHash: post(vectors.VerbethRecipientHash, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			address, err := in.String("address")
			if err != nil {
				return nil, err
			}
			h := verbeth.Keccak256([]byte("contact:" + address))
			return out.With("recipientHash", h[:]), nil
		})},
	},
	{
		Name:    "verbeth-pubkeys-legacy-written",
		Bug:     "unified public keys written in the 64-byte version-0 form, X25519 || Ed25519 without the version byte, as SDKs before version 1 wrote them",
		Profile: vectors.Strict,
		Rules:   []string{"VB-UNIFIED-KEYS-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.VerbethUnifiedPubKeysEncode: post(vectors.VerbethUnifiedPubKeysEncode, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			return out.With("pubKeys", get(out, "pubKeys")[1:]), nil
		})},
	},
	{
		Name:    "verbeth-header-little-endian",
		Bug:     "the ratchet header's pn and n read little-endian (the byte order of most CPUs and of Ixian's integers) instead of big-endian",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-PAYLOAD-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.VerbethRatchetPayloadDecode: post(vectors.VerbethRatchetPayloadDecode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			p := get(in, "payload")
			pn := binary.LittleEndian.Uint32(p[verbeth.RatchetPNOffset:])
			n := binary.LittleEndian.Uint32(p[verbeth.RatchetNOffset:])
			return out.With("pn", pn, "n", n), nil
		})},
	},
	{
		Name:    "verbeth-signature-over-version",
		Bug:     "the ratchet message's Ed25519 signature made over the whole payload after the signature's place, version byte included (version || header || nonce || box), instead of header || nonce || box",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-PAYLOAD-LAYOUT", "VB-RATCHET-SIGNATURE"},
		ops: map[*vectors.Family]op{vectors.VerbethRatchetEncrypt: post(vectors.VerbethRatchetEncrypt, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			p := append([]byte(nil), get(out, "payload")...)
			signed := append([]byte{p[verbeth.RatchetVersionOffset]}, p[verbeth.RatchetHeaderOffset:]...)
			sig := ed25519.Sign(ed25519.NewKeyFromSeed(get(in, "signingSeed")), signed)
			copy(p[verbeth.RatchetSignatureOffset:verbeth.RatchetHeaderOffset], sig)
			return out.With("payload", p, "signature", sig), nil
		})},
	},
}
