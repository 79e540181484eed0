package verbethgen

// The event logs (spec/verbeth.md §2). The canonical logs and the verdicts
// and values of ethers 6's AbiCoder on every malformed data blob come from
// crosscheck/verbeth.mjs (impl/verbeth/testdata/crosscheck.json, events).

import (
	"encoding/hex"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	base := "The logs are those of the shared scenario's Handshake (Alice to Bob) and Bob's HandshakeResponse; the malformed data blobs and ethers 6's verdict on each come from crosscheck/verbeth.mjs."
	gen.Register(&gen.Generator{Family: vectors.VerbethLogHandshakeEncode, Notes: logNotes, Groups: genLogHandshakeEncode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.VerbethLogHandshakeDecode, Notes: logNotes, Groups: genLogHandshakeDecode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.VerbethLogHandshakeResponseEncode, Notes: logNotes, Groups: genLogHandshakeResponseEncode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.VerbethLogHandshakeResponseDecode, Notes: logNotes, Groups: genLogHandshakeResponseDecode, Header: []string{base}})
}

var logNotes = withNotes(map[string]vectors.Note{
	"ABILoose": {BugType: "EDGE_CASE",
		Description: "Data that is not the canonical ABI encoding but that ethers 6's AbiCoder.decode, which the reference client reads logs with, still decodes: offsets out of order, shared, pointing into the head or not a multiple of 32; non-zero padding; bytes after the last value. The deployed profile reads what ethers reads; the strict profile wants the canonical encoding (abi_encoding, trailing_bytes).",
		Effect:      "A deployed reader that refuses it misses a handshake the client shows; a strict one that accepts it takes two encodings of one log, or values from where the encoder never wrote them."},
	"ABIBounds": {BugType: "MODIFIED_PARAMETER",
		Description: "An offset or length that points past the data, above 2^53-1, or a value whose padding is cut off: ethers refuses each (truncated).",
		Effect:      "A reader that trusts the words reads out of bounds, allocates from a length, or accepts what the client refuses."},
	"DirtyAddress": {BugType: "EDGE_CASE",
		Description: "An address topic whose top 12 bytes are not zero. The client takes its last 20 bytes; the strict profile refuses it (abi_encoding).",
		Effect:      "A reader that keeps the whole word compares another value with the proof's address."},
	"Topics": {BugType: "MODIFIED_PARAMETER",
		Description: "A log with too few topics, a topic that is not 32 bytes, another event's topic0, or a fourth topic (strict only).",
		Effect:      "A reader that does not check topic0 reads another event's data as a handshake."},
})

// withNotes adds to m the package's notes of the flags m does not describe.
func withNotes(m map[string]vectors.Note) map[string]vectors.Note {
	for k, v := range notes {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	return m
}

func topicsList(hs []any) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.(string)
	}
	return out
}

// ethersCase is one data blob of the cross-check and ethers' verdict.
type ethersCase struct {
	name   string
	data   []byte
	ok     bool
	values [][]byte
}

func ethersCases(event string) []ethersCase {
	m := cc("events." + event).(map[string]any)
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []ethersCase
	for _, n := range names {
		d := m[n].(map[string]any)
		c := ethersCase{name: n, data: gen.Unhex(d["data"].(string)), ok: d["ok"].(bool)}
		if vs, ok := d["values"].([]any); ok {
			for _, v := range vs {
				c.values = append(c.values, gen.Unhex(v.(string)))
			}
		}
		out = append(out, c)
	}
	return out
}

var ethersComments = map[string]string{
	"canonical":               "the canonical encoding",
	"swappedOffsets":          "the first two offsets swapped: ethers reads the values from where they point",
	"sharedOffset":            "all three offsets the same: ethers reads one value three times",
	"offsetIntoHead":          "an offset pointing into the head: ethers reads a length word there",
	"unalignedOffsets":        "offsets that are not a multiple of 32 (a byte inserted after the head)",
	"offsetPastEnd":           "an offset past the end of the data",
	"offsetHuge":              "an offset with a high bit set in its word",
	"offset2pow53":            "an offset of 2^53 (ethers' getNumber refuses it)",
	"lengthPastEnd":           "a length that runs past the end of the data",
	"lengthHuge":              "a length with a high bit set in its word",
	"dirtyPadding":            "a non-zero padding byte after a value",
	"trailingWord":            "a zero word after the last value",
	"trailingByte":            "a byte after the last value",
	"lastPaddingCut":          "the last value's padding cut by one byte",
	"headOnly":                "only the head (three offsets, nothing they point to)",
	"headCut":                 "a head of two words",
	"empty":                   "no data",
	"responderEphemeralROnly": "only responderEphemeralR, no offset",
}

func logDecodeCases(event, addrField string, topics []string, fields []string) []gen.Group {
	var valid, loose, bad []gen.Case
	for _, c := range ethersCases(event) {
		comment, ok := ethersComments[c.name]
		if !ok {
			panic("vectorgen: no comment for the cross-check's data blob " + c.name)
		}
		in := vectors.Make("topics", topics, "data", c.data)
		switch {
		case c.name == "canonical":
			x := gen.Valid(comment, in, "CrossChecked")
			for i, f := range fields {
				x = x.Pin(f, c.values[i])
			}
			valid = append(valid, x)
		case c.ok:
			cat := category.ABIEncoding
			if c.name == "trailingWord" || c.name == "trailingByte" {
				cat = category.TrailingBytes
			}
			x := gen.Acceptable(comment+": ethers decodes it", cat, in, "ABILoose", "CrossChecked")
			for i, f := range fields {
				x = x.Pin(f, c.values[i])
			}
			loose = append(loose, x)
		default:
			bad = append(bad, gen.Invalid(comment+": ethers refuses it", category.Truncated, in, "ABIBounds", "CrossChecked"))
		}
	}
	canonical := ethersCases(event)[0].data
	for _, c := range ethersCases(event) {
		if c.name == "canonical" {
			canonical = c.data
		}
	}
	t := func(i int, v string) []string { out := slices.Clone(topics); out[i] = v; return out }
	dirty := "ffffffffffffffffffffffff" + topics[2][24:]
	otherTopic0 := hex.EncodeToString(gen.Unhex(cc("events.handshakeResponseTopic").(string)))
	if event == "handshakeResponse" {
		otherTopic0 = cc("events.handshakeTopic").(string)
	}
	data := func(ts []string) vectors.Values { return vectors.Make("topics", ts, "data", canonical) }
	topicCases := []gen.Case{
		gen.Acceptable("the address word with dirty high bytes: the client reads its last 20 bytes", category.ABIEncoding, data(t(2, dirty)), "DirtyAddress", "CrossChecked").
			Pin(addrField, gen.Unhex(topics[2][24:])),
		gen.Acceptable("a fourth topic", category.FieldLength, data(append(slices.Clone(topics), topics[1])), "Topics"),
		gen.Invalid("two topics", category.FieldLength, data(topics[:2]), "Topics"),
		gen.Invalid("no topics", category.FieldLength, data([]string{}), "Topics"),
		gen.Invalid("a topic of 31 bytes", category.FieldLength, data(t(1, topics[1][:62])), "Topics"),
		gen.Invalid("the other event's topic0", category.MessageType, data(t(0, otherTopic0)), "Topics"),
	}
	return []gen.Group{
		{Type: "LogDecode", Comment: "the canonical log of the scenario", Cases: valid},
		{Type: "LogDecode", Comment: "data ethers 6 decodes although it is not canonical", Cases: loose},
		{Type: "LogDecode", Comment: "data ethers 6 refuses", Cases: bad},
		{Type: "LogDecode", Comment: "topics", Cases: topicCases},
	}
}

func genLogHandshakeDecode() []gen.Group {
	return logDecodeCases("handshake", "sender", topicsList(cc("events.handshakeTopics").([]any)), []string{"pubKeys", "ephemeralPubKey", "plaintextPayload"})
}

func genLogHandshakeResponseDecode() []gen.Group {
	return logDecodeCases("handshakeResponse", "responder", topicsList(cc("events.handshakeResponseTopics").([]any)), []string{"responderEphemeralR", "ciphertext"})
}

func genLogHandshakeEncode() []gen.Group {
	s := shared()
	topics := topicsList(cc("events.handshakeTopics").([]any))
	alice := gen.Unhex(ccStr("parties.alice.address")[2:])
	in := vectors.Make("recipientHash", ccHex("handshake.recipientHash"), "sender", alice, "pubKeys", ccHex("handshake.pubKeys"),
		"ephemeralPubKey", ccHex("handshake.ephemeralPubKey"), "plaintextPayload", ccHex("handshake.plaintextPayload"))
	_ = s
	return []gen.Group{
		{Type: "LogEncode", Cases: []gen.Case{
			gen.Valid("the scenario's Handshake", in, "Scenario", "CrossChecked").Pin("topics", topics, "data", gen.Unhex(cc("events.handshake.canonical.data").(string))),
			gen.Valid("empty values: three offsets and three zero lengths", in.With("pubKeys", []byte{}, "ephemeralPubKey", []byte{}, "plaintextPayload", []byte{})).
				Pin("data", slices.Concat(word(96), word(128), word(160), word(0), word(0), word(0))),
			gen.Valid("values of 32 and 33 bytes: no padding, then 31 zero bytes", in.With("pubKeys", make([]byte, 32), "ephemeralPubKey", repeatByte(7, 33), "plaintextPayload", []byte{})).
				Pin("data", slices.Concat(word(96), word(160), word(256), word(32), make([]byte, 32), word(33), repeatByte(7, 33), make([]byte, 31), word(0))),
			gen.Invalid("a sender of 32 bytes (a whole topic word)", category.FieldLength, in.With("sender", gen.Unhex(topics[2])), "WrongLength"),
			gen.Invalid("a recipientHash of 20 bytes", category.FieldLength, in.With("recipientHash", alice), "WrongLength"),
		}},
	}
}

func genLogHandshakeResponseEncode() []gen.Group {
	topics := topicsList(cc("events.handshakeResponseTopics").([]any))
	bob := gen.Unhex(ccStr("parties.bob.address")[2:])
	in := vectors.Make("inResponseTo", ccHex("response.inResponseTo"), "responder", bob, "responderEphemeralR", ccHex("response.responderEphemeralR"),
		"ciphertext", ccHex("response.ciphertext"))
	R := ccHex("response.responderEphemeralR")
	return []gen.Group{
		{Type: "LogEncode", Cases: []gen.Case{
			gen.Valid("the scenario's HandshakeResponse", in, "Scenario", "CrossChecked").Pin("topics", topics, "data", gen.Unhex(cc("events.handshakeResponse.canonical.data").(string))),
			gen.Valid("an empty ciphertext: R, the offset 64 and a zero length", in.With("ciphertext", []byte{})).Pin("data", slices.Concat(R, word(64), word(0))),
			gen.Invalid("a responder of 32 bytes", category.FieldLength, in.With("responder", gen.Unhex(topics[2])), "WrongLength"),
			gen.Invalid("a responderEphemeralR of 31 bytes", category.FieldLength, in.With("responderEphemeralR", R[:31]), "WrongLength"),
		}},
	}
}

func word(n int) []byte {
	w := make([]byte, 32)
	for i := 31; n > 0; i-- {
		w[i] = byte(n)
		n >>= 8
	}
	return w
}

func repeatByte(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethIdentityKeysDerive, Notes: identityNotes, Groups: genIdentityKeys,
		Header: []string{"Every case and its outputs come from crosscheck/verbeth.mjs: signatures by @noble/curves (RFC 6979, checked against ethers' Wallet), keys by @noble/hashes HKDF, tweetnacl and @noble/curves secp256k1."}})
}

var identityNotes = withNotes(map[string]vectors.Note{
	"HighS": {BugType: "EDGE_CASE",
		Description: "A 65-byte seed signature whose s is above n/2: the SDK replaces s by n - s before the KDF. For s >= n (no valid signature has it) the SDK's byte conversion of the negative n - s is kept by the deployed profile; the strict profile refuses it.",
		Effect:      "A port that does not lower s derives other keys from a wallet whose signer emits high-s signatures; one that reduces differently derives other keys for s >= n."},
	"SmartAccount": {BugType: "EDGE_CASE",
		Description: "A seed signature that is not 65 bytes (a smart account's ERC-1271 signature): used as given, no low-s step.",
		Effect:      "A port that parses or refuses it cannot derive the keys of a smart-account wallet."},
})

func identityPins(x gen.Case, path string) gen.Case {
	return x.Pin("seedMessage", ccStr(path+".seedMessage"), "canonicalSignature", ccHex(path+".canonicalSignature"), "ikm", ccHex(path+".ikm"),
		"x25519SecretKey", ccHex(path+".x25519SecretKey"), "x25519PublicKey", ccHex(path+".x25519PublicKey"),
		"ed25519Seed", ccHex(path+".ed25519Seed"), "ed25519PublicKey", ccHex(path+".ed25519PublicKey"),
		"sessionPrivateKey", ccHex(path+".sessionPrivateKey"), "sessionAddress", gen.Unhex(strings.TrimPrefix(ccStr(path+".sessionAddress"), "0x")))
}

func genIdentityKeys() []gen.Group {
	in := func(path string) vectors.Values {
		return vectors.Make("address", ccStr(path+".address"), "seedSignature", ccHex(path+".seedSignature"))
	}
	var wallets, other, high []gen.Case
	for i, w := range cc("identity.wallets").([]any) {
		path := "identity.wallets." + strconv.Itoa(i)
		name := w.(map[string]any)["name"].(string)
		wallets = append(wallets, identityPins(gen.Valid(name+"'s wallet: its RFC 6979 signature of the seed message", in(path), "CrossChecked"), path))
	}
	for i := range cc("identity.otherLengths").([]any) {
		path := "identity.otherLengths." + strconv.Itoa(i)
		n := len(ccHex(path + ".seedSignature"))
		other = append(other, identityPins(gen.Valid("a "+strconv.Itoa(n)+"-byte signature (a smart account's): used as given", in(path), "SmartAccount", "CrossChecked"), path))
	}
	comments := map[string]string{
		"low": "s = 5: kept", "half": "s = n/2 (rounded down): kept", "halfPlus1": "s = n/2 + 1: becomes n - s",
		"nMinus1": "s = n - 1: becomes 1", "n": "s = n: the SDK's n - s is 0", "nPlus1": "s = n + 1: the SDK's n - s is -1, written ...0-1, read as ff",
		"nPlus0x123": "s = n + 0x123: the SDK's bytes of -0x123", "max": "s = 2^256 - 1: the SDK's bytes of n - s",
	}
	for _, name := range []string{"low", "half", "halfPlus1", "nMinus1", "n", "nPlus1", "nPlus0x123", "max"} {
		path := "identity.highS." + name
		var x gen.Case
		switch name {
		case "low", "half", "halfPlus1", "nMinus1":
			x = gen.Valid(comments[name], in(path), "HighS", "CrossChecked")
		default:
			x = gen.Acceptable(comments[name], category.InvalidKey, in(path), "HighS", "CrossChecked")
		}
		high = append(high, identityPins(x, path))
	}
	return []gen.Group{
		{Type: "IdentityKeys", Comment: "the scenario's wallets", Cases: wallets},
		{Type: "IdentityKeys", Comment: "signatures of other lengths", Cases: other},
		{Type: "IdentityKeys", Comment: "the low-s step, on Alice's address with s set to each value", Cases: high},
	}
}
