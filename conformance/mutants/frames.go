package mutants

import (
	"crypto/sha512"

	"github.com/pqhs/pqhs/vectors"
)

// frameMutants are plausible bugs of the frames around the handshakes
// (Ixian addresses and StreamMessages, Verbeth event logs), one per family
// they change, proving the families' vectors catch them.
var frameMutants = []*Mutant{
	{
		Name:    "ixian-address-checksum-one-sha512",
		Bug:     "the address checksum from one SHA-512 of the address instead of two, as a reader of 'a hash of the address' would write it",
		Profile: vectors.Strict,
		Rules:   []string{"IX-ADDRESS-DERIVE", "IX-ADDRESS-CHECKSUM"},
		ops: map[*vectors.Family]op{vectors.IxianAddress: post(vectors.IxianAddress, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
			a := get(out, "address")
			h := sha512.Sum512(a)
			return out.With("addressWithChecksum", append(append([]byte{}, a...), h[:3]...)), nil
		})},
	},
	{
		Name:    "ixian-streammessage-flag-in-checksum",
		Bug:     "the StreamMessage checksum over the whole frame but the signature, the requireRcvConfirmation byte included, instead of the fields up to the timestamp",
		Profile: vectors.Strict,
		Rules:   []string{"IX-STREAMMSG-LAYOUT"},
		ops: map[*vectors.Family]op{vectors.IxianStreamMessageEncode: post(vectors.IxianStreamMessageEncode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			flag := byte(0)
			if b, _ := in.Bool("requireRcvConfirmation"); b {
				flag = 1
			}
			return out.With("checksumData", append(append([]byte{}, get(out, "checksumData")...), flag)), nil
		})},
	},
	{
		Name:    "verbeth-log-address-high-bytes",
		Bug:     "the indexed address written in the high 20 bytes of its topic word (left-aligned like bytes20) instead of the low 20 bytes",
		Profile: vectors.Strict,
		Rules:   []string{"VB-LOG-LAYOUT", "VB-LOG-ADDRESS-WORD"},
		ops: map[*vectors.Family]op{vectors.VerbethLogHandshakeEncode: post(vectors.VerbethLogHandshakeEncode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
			var topics []string
			if err := out.Get("topics", &topics); err != nil {
				return nil, err
			}
			topics[2] = topics[2][24:] + "000000000000000000000000"
			return out.With("topics", topics), nil
		})},
	},
}
