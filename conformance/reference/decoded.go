package reference

import "github.com/pqhs/pqhs/vectors"

// The byte-level entry point: differential fuzzing generates a hex input
// from bytes it holds, and decoding the hex again was most of the oracle's
// work on decoder families (a 64 KiB field's hex decodes in ~100 µs).

// Decoded gives the bytes of hex inputs that a caller already holds.
type Decoded interface {
	// DecodedHex returns the bytes whose lowercase hex in quotes is the
	// input field name, as vectors.Values.SetBytes writes them, or false.
	// The operation only reads them.
	DecodedHex(name string) ([]byte, bool)
}

// bytesOp is the operation of a family whose one input is a hex field,
// on that field's bytes. The family's Op decodes the field and calls it.
type bytesOp struct {
	field string
	run   func(p vectors.Profile, b []byte) (vectors.Values, error)
}

// bytesOps are the families that have one, by name.
var bytesOps = map[string]bytesOp{
	vectors.IxianIxiVarUIntDecode.Name:         {"data", ixianVarUIntDecodeBytes},
	vectors.IxianIxiVarIntDecode.Name:          {"data", ixianVarIntDecodeBytes},
	vectors.IxianIxiBytesDecode.Name:           {"data", ixianIxiBytesDecodeBytes},
	vectors.IxianIxiBytesEncode.Name:           {"value", ixianIxiBytesEncodeBytes},
	vectors.IxianRequestAdd2Decode.Name:        {"payload", ixianRequestAdd2DecodeBytes},
	vectors.IxianAcceptAdd2Decode.Name:         {"payload", ixianAcceptAdd2DecodeBytes},
	vectors.IxianKeys2Decode.Name:              {"payload", ixianKeys2DecodeBytes},
	vectors.IxianSpixiMessageDecode.Name:       {"frame", ixianSpixiMessageDecodeBytes},
	vectors.IxianAddress.Name:                  {"value", ixianAddressBytes},
	vectors.IxianStreamMessageDecode.Name:      {"frame", ixianStreamMessageDecodeBytes},
	vectors.VerbethUnifiedPubKeysDecode.Name:   {"pubKeys", verbethUnifiedDecodeBytes},
	vectors.VerbethHandshakePayloadDecode.Name: {"plaintextPayload", verbethPayloadDecodeBytes},
	vectors.VerbethRatchetPayloadDecode.Name:   {"payload", verbethPayloadSplitBytes},
}

// RunDecoded is Run, taking the bytes of the input from d when the family
// reads one hex field and d holds its bytes; otherwise it decodes in as Run
// does. The answer is Run's: the same function runs on the same bytes.
func RunDecoded(f *vectors.Family, p vectors.Profile, in vectors.Values, d Decoded) (vectors.Values, error) {
	if op, ok := bytesOps[f.Name]; ok && d != nil {
		if b, ok := d.DecodedHex(op.field); ok {
			if b == nil {
				b = []byte{} // as vectors.Values.Bytes decodes ""
			}
			return op.run(p, b)
		}
	}
	return Run(f, p, in)
}

// ByteLevel reports whether RunDecoded can run family f on bytes, and on
// which input field.
func ByteLevel(f *vectors.Family) (field string, ok bool) {
	op, ok := bytesOps[f.Name]
	return op.field, ok
}
