package verbethgen

import (
	"bytes"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.VerbethRecipientHash, Notes: notes, Groups: genRecipientHash})
	gen.Register(&gen.Generator{Family: vectors.VerbethUnifiedPubKeysDecode, Notes: notes, Groups: genUnifiedPubKeysDecode})
	gen.Register(&gen.Generator{Family: vectors.VerbethUnifiedPubKeysEncode, Notes: notes, Groups: genUnifiedPubKeysEncode})
	gen.Register(&gen.Generator{Family: vectors.VerbethHandshakeInitiate, Notes: notes, Groups: genHandshakeInitiate,
		Header: []string{
			"The scenario group is Alice's Handshake to Bob; its outputs are the inputs of verbeth/handshake/respond. The JSON escaping group varies only the note.",
		}})
	gen.Register(&gen.Generator{Family: vectors.VerbethHandshakePayloadDecode, Notes: notes, Groups: genHandshakePayloadDecode})
}

func genRecipientHash() []gen.Group {
	s := shared()
	var random []gen.Case
	for _, i := range []string{"1", "2", "3"} {
		addr := "0x" + gen.Hex(vecBytes(20, "recipientHash", i, "address"))
		random = append(random, gen.Valid("random address "+i+": 0x and the hex of 20 bytes drawn under "+vecLabel("recipientHash", i, "address"), vectors.Make("address", addr), "Random"))
	}
	return []gen.Group{
		{Type: "RecipientHash", Comment: "Bob's address, as the SDK hashes it for Alice's Handshake", Cases: []gen.Case{
			gen.Valid("Bob's address, lowercase", vectors.Make("address", s.bob.address), "Scenario", "CrossChecked").Pin("recipientHash", ccHex("handshake.recipientHash")),
			gen.Valid("Bob's address, EIP-55 checksummed: lowercased first", vectors.Make("address", s.bob.checksummed), "MixedCase").Pin("recipientHash", ccHex("handshake.recipientHash")),
			gen.Valid("Bob's address in upper case with an upper-case 0X prefix: lowercased first", vectors.Make("address", "0X"+strings.ToUpper(s.bob.address[2:])), "MixedCase").Pin("recipientHash", ccHex("handshake.recipientHash")),
		}},
		{Type: "RecipientHash", Comment: "text the SDK hashes as given, only lowercased", Cases: []gen.Case{
			gen.Valid("Bob's address without 0x: hashed as given", vectors.Make("address", s.bob.address[2:]), "UnvalidatedAddress"),
			gen.Valid("empty text: keccak256(\"contact:\")", vectors.Make("address", ""), "UnvalidatedAddress"),
			gen.Valid("Bob's address with a trailing space: hashed with it", vectors.Make("address", s.bob.address+" "), "UnvalidatedAddress"),
			gen.Valid("text with U+212A KELVIN SIGN and U+0130: JavaScript's toLowerCase gives k and i + U+0307", vectors.Make("address", "0x\u212Aelvin\u0130"), "UnvalidatedAddress", "UnicodeLowercase"),
		}},
		{Type: "RecipientHash", Comment: "random addresses", Cases: random},
	}
}

func genUnifiedPubKeysDecode() []gen.Group {
	s := shared()
	alice := s.alice.pubKeys
	legacy := alice[1:]
	withVersion := func(v byte) []byte { return append([]byte{v}, alice[1:]...) }
	outs := func(p *party, version int) []any {
		return []any{"version", version, "x25519", p.xPub, "ed25519", p.edPub}
	}
	var lengths []gen.Case
	for _, n := range []int{0, 1, 32, 33, 63, 66, 96, 97, 130} {
		b := bytes.Repeat(alice, 3)[:n]
		lengths = append(lengths, gen.Invalid("unified keys of "+strconv.Itoa(n)+" bytes", category.FieldLength, vectors.Make("pubKeys", b), "WrongLength"))
	}
	return []gen.Group{
		{Type: "UnifiedPubKeysDecode", Comment: "version 1, as the SDK writes it", Cases: []gen.Case{
			gen.Valid("Alice's unified keys", vectors.Make("pubKeys", alice), "Scenario", "CrossChecked").Pin(append(outs(s.alice, 1), "x25519", ccHex("parties.alice.x25519Public"), "ed25519", ccHex("parties.alice.ed25519Public"))...),
			gen.Valid("Bob's unified keys", vectors.Make("pubKeys", s.bob.pubKeys), "Scenario", "CrossChecked").Pin("x25519", ccHex("parties.bob.x25519Public"), "ed25519", ccHex("parties.bob.ed25519Public")),
			gen.Valid("all-zero keys: the decoder does not validate points", vectors.Make("pubKeys", append([]byte{1}, make([]byte, 64)...))),
		}},
		{Type: "UnifiedPubKeysDecode", Comment: "the legacy form and other versions", Cases: []gen.Case{
			gen.Acceptable("the 64-byte legacy form (version 0)", category.Version, vectors.Make("pubKeys", legacy), "LegacyPubKeys").Pin(outs(s.alice, 0)...),
			gen.Invalid("65 bytes with version byte 0x00", category.Version, vectors.Make("pubKeys", withVersion(0)), "KeyVersion"),
			gen.Invalid("65 bytes with version byte 0x02", category.Version, vectors.Make("pubKeys", withVersion(2)), "KeyVersion"),
			gen.Invalid("65 bytes with version byte 0xff", category.Version, vectors.Make("pubKeys", withVersion(0xff)), "KeyVersion"),
			gen.Invalid("the version byte at the end instead of the start", category.Version, vectors.Make("pubKeys", append(append([]byte{}, legacy...), 1)), "KeyVersion"),
		}},
		{Type: "UnifiedPubKeysDecode", Comment: "wrong lengths", Cases: lengths},
	}
}

func genUnifiedPubKeysEncode() []gen.Group {
	s := shared()
	return []gen.Group{
		{Type: "UnifiedPubKeysEncode", Cases: []gen.Case{
			gen.Valid("Alice's keys", vectors.Make("x25519", s.alice.xPub, "ed25519", s.alice.edPub), "Scenario", "CrossChecked").Pin("pubKeys", ccHex("parties.alice.unifiedPubKeys")),
			gen.Valid("Bob's keys", vectors.Make("x25519", s.bob.xPub, "ed25519", s.bob.edPub), "Scenario", "CrossChecked").Pin("pubKeys", ccHex("parties.bob.unifiedPubKeys")),
			gen.Valid("all-zero keys", vectors.Make("x25519", make([]byte, 32), "ed25519", make([]byte, 32))),
			gen.Acceptable("an X25519 key of 31 bytes", category.FieldLength, vectors.Make("x25519", s.alice.xPub[:31], "ed25519", s.alice.edPub), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, s.alice.xPub[:31], s.alice.edPub)),
			gen.Acceptable("an X25519 key of 33 bytes", category.FieldLength, vectors.Make("x25519", append(s.alice.xPub[:], 0), "ed25519", s.alice.edPub), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, s.alice.xPub[:], []byte{0}, s.alice.edPub)),
			gen.Acceptable("an empty Ed25519 key", category.FieldLength, vectors.Make("x25519", s.alice.xPub, "ed25519", []byte{}), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, s.alice.xPub[:])),
			gen.Acceptable("an Ed25519 key of 64 bytes (a secret key)", category.FieldLength, vectors.Make("x25519", s.alice.xPub, "ed25519", append(append([]byte{}, s.alice.edSeed...), s.alice.edPub...)), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, s.alice.xPub[:], s.alice.edSeed, s.alice.edPub)),
		}},
	}
}

// escapingNotes are notes that JSON.stringify writes in a particular way.
var escapingNotes = []struct {
	comment, note string
	flags         []string
}{
	{"an empty note", "", []string{"EmptyNote"}},
	{"quotes and backslashes", `say "hi" \ back\slash \"`, []string{"JSONEscaping"}},
	{"every control character U+0000..U+001F and U+007F", func() string {
		var b strings.Builder
		for c := rune(0); c < 0x20; c++ {
			b.WriteRune(c)
		}
		b.WriteRune(0x7f)
		return b.String()
	}(), []string{"JSONEscaping"}},
	{"HTML-significant characters and a slash, written raw", `<script>alert('&amp;')</script> a/b`, []string{"JSONEscaping"}},
	{"U+2028 and U+2029, written raw", "line\u2028separator\u2029paragraph", []string{"JSONEscaping"}},
	{"U+FEFF, U+FFFD and U+0085 inside the text, written raw", "\uFEFFa\uFFFDb\u0085c", []string{"JSONEscaping"}},
	{"characters outside the BMP (surrogate pairs in UTF-16)", "🔐𝄞 \U0010FFFF", []string{"JSONEscaping"}},
	{"a lone high surrogate", "a\xed\xa0\x80b", []string{"JSONEscaping", "LoneSurrogate"}},
	{"a lone low surrogate at the end", "z\xed\xbf\xbf", []string{"JSONEscaping", "LoneSurrogate"}},
	{"a low surrogate before a high one (no pair)", "\xed\xb0\x80\xed\xa0\x80", []string{"JSONEscaping", "LoneSurrogate"}},
	{"a note of 3000 characters", strings.Repeat("0123456789 ", 272) + "end", nil},
}

func genHandshakeInitiate() []gen.Group {
	s := shared()
	a := s.alice
	base := vectors.Make("ephemeralSecret", s.a, "mlkemSeed", s.mlkemSeed, "recipientAddress", s.bob.address,
		"identityX25519", a.xPub, "identityEd25519", a.edPub, "note", unitNoteA,
		"proofMessage", a.proof.Message, "proofSignature", a.proof.Signature)
	var escaping []gen.Case
	for _, e := range escapingNotes {
		escaping = append(escaping, gen.Valid("note: "+e.comment, vectors.Make("note", e.note), e.flags...))
	}
	var random []gen.Case
	for _, i := range []string{"1", "2", "3"} {
		c := gen.Valid("random ephemeral secret and ML-KEM seed "+i, vectors.Make("ephemeralSecret", vecBytes(32, "initiate", i, "ephemeralSecret"),
			"mlkemSeed", vecBytes(64, "initiate", i, "mlkemSeed"), "note", "random "+i), "Random")
		random = append(random, c.Drew("ephemeralSecret", vecLabel("initiate", i, "ephemeralSecret"), "mlkemSeed", vecLabel("initiate", i, "mlkemSeed")))
	}
	return []gen.Group{
		{Type: "HandshakeInitiate", Comment: "Alice's Handshake to Bob", Inputs: base, Cases: []gen.Case{
			gen.Valid("Alice initiates to Bob", vectors.Make(), "Scenario", "CrossChecked").Pin(
				"recipientHash", ccHex("handshake.recipientHash"), "pubKeys", ccHex("handshake.pubKeys"),
				"ephemeralPubKey", ccHex("handshake.ephemeralPubKey"), "ephemeralX25519", ccHex("handshake.ephemeralX25519"),
				"kemPublicKey", ccHex("handshake.kemPublicKey"), "plaintextPayload", ccHex("handshake.plaintextPayload")).
				Drew("ephemeralSecret", unitLabel("a"), "mlkemSeed", unitLabel("mlkem-seed")),
			gen.Valid("recipient address checksummed: the same recipientHash", vectors.Make("recipientAddress", s.bob.checksummed), "MixedCase").Pin("recipientHash", ccHex("handshake.recipientHash")),
		}},
		{Type: "HandshakeInitiate", Comment: "notes that JSON.stringify escapes in particular ways", Inputs: base, Cases: escaping},
		{Type: "HandshakeInitiate", Comment: "random randomness", Inputs: base, Cases: random},
		{Type: "HandshakeInitiate", Comment: "inputs of the wrong size", Inputs: base, Cases: []gen.Case{
			gen.Invalid("ephemeral secret of 31 bytes", category.FieldLength, vectors.Make("ephemeralSecret", s.a[:31]), "WrongLength"),
			gen.Invalid("ML-KEM seed of 32 bytes (d without z)", category.FieldLength, vectors.Make("mlkemSeed", s.mlkemSeed[:32]), "WrongLength"),
			gen.Invalid("ML-KEM seed of 65 bytes", category.FieldLength, vectors.Make("mlkemSeed", append(append([]byte{}, s.mlkemSeed...), 0)), "WrongLength"),
			gen.Acceptable("identity X25519 key of 33 bytes", category.FieldLength, vectors.Make("identityX25519", append(a.xPub[:], 0)), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, a.xPub[:], []byte{0}, a.edPub)),
			gen.Acceptable("identity Ed25519 key of 31 bytes", category.FieldLength, vectors.Make("identityEd25519", a.edPub[:31]), "AnyLengthKeys").
				Pin("pubKeys", slices.Concat([]byte{1}, a.xPub[:], a.edPub[:31])),
		}},
	}
}

func genHandshakePayloadDecode() []gen.Group {
	s := shared()
	a := s.alice
	payload := s.hs.PlaintextPayload
	outs := []any{"note", unitNoteA, "proofMessage", a.proof.Message, "proofSignature", a.proof.Signature}
	pinned := []any{"note", unitNoteA, "proofMessage", ccStr("parties.alice.proof.proof.message"), "proofSignature", ccStr("parties.alice.proof.proof.signature")}
	str := func(v string) string { return string(jsjson.AppendString(nil, v)) }
	proofJSON := `{"message":` + str(a.proof.Message) + `,"signature":` + str(a.proof.Signature) + `}`
	obj := func(members ...string) []byte { return []byte("{" + strings.Join(members, ",") + "}") }
	noteM := `"plaintextPayload":` + str(unitNoteA)
	proofM := `"identityProof":` + proofJSON
	pl := func(b []byte) vectors.Values { return vectors.Make("plaintextPayload", b) }
	hexForm := []byte("0x" + hex.EncodeToString(payload))
	upperHex := []byte("0x" + strings.ToUpper(hex.EncodeToString(payload)))
	// Note with every character as a \u escape.
	escaped := `"plaintextPayload":"`
	for _, r := range "Hi" {
		escaped += `\u00` + hex.EncodeToString([]byte{byte(r)})
	}
	escaped += `\/"`
	return []gen.Group{
		{Type: "HandshakePayloadDecode", Comment: "payloads both profiles read", Cases: []gen.Case{
			gen.Valid("Alice's payload as the SDK writes it", pl(payload), "Scenario", "CrossChecked").Pin(pinned...),
			gen.Valid("members in reverse order", pl(obj(proofM, noteM)), "ParseNotCompare").Pin(outs...),
			gen.Valid("whitespace around every token", pl([]byte(" \n{ \"plaintextPayload\" :\t"+str(unitNoteA)+" ,\r\n \"identityProof\" : "+proofJSON+" } \n")), "ParseNotCompare").Pin(outs...),
			gen.Valid("note written with \\u escapes and an escaped slash", pl(obj(escaped, proofM)), "ParseNotCompare").Pin("note", "Hi/"),
			gen.Valid("extra members, at the top and in the proof", pl(obj(`"v":2`, noteM, `"identityProof":{"x":[1,{}],"message":`+str(a.proof.Message)+`,"signature":`+str(a.proof.Signature)+`,"messageRawHex":7}`, `"more":null`)), "ParseNotCompare").Pin(outs...),
			gen.Valid("proof without messageRawHex", pl(obj(noteM, proofM)), "ParseNotCompare").Pin(outs...),
			gen.Valid("an empty note", pl(obj(`"plaintextPayload":""`, proofM)), "EmptyNote").Pin("note", ""),
			gen.Valid("the escaped surrogate pairs of U+10000 and U+10FFFF in the note: one character each", pl(obj(`"plaintextPayload":"a\ud800\udc00b\uDBFF\uDFFF"`, proofM)), "JSONEscaping").Pin("note", "a\U00010000b\U0010FFFF"),
		}},
		{Type: "HandshakePayloadDecode", Comment: "what the SDK reads and the strict profile does not", Cases: []gen.Case{
			gen.Acceptable("0x followed by lowercase hex of the JSON", category.Hex, pl(hexForm), "HexEncodedJSON").Pin(outs...),
			gen.Acceptable("0x followed by upper-case hex of the JSON", category.Hex, pl(upperHex), "HexEncodedJSON").Pin(outs...),
			gen.Acceptable("0x-hex of the JSON followed by a pair that is not hex (Buffer.from stops there)", category.Hex, pl(append(append([]byte{}, hexForm...), "zz00"...)), "HexEncodedJSON").Pin(outs...),
			gen.Acceptable("a UTF-8 byte order mark before the JSON", category.JSON, pl(append([]byte("\xef\xbb\xbf"), payload...)), "ByteOrderMark").Pin(outs...),
			gen.Acceptable("the byte 0xff inside the note (read as U+FFFD)", category.JSON, pl(obj(`"plaintextPayload":"a`+"\xff"+`b"`, proofM)), "InvalidUTF8").Pin("note", "a\uFFFDb"),
			gen.Acceptable("an overlong encoding of / inside the note (two U+FFFD)", category.JSON, pl(obj(`"plaintextPayload":"a`+"\xc0\xaf"+`b"`, proofM)), "InvalidUTF8").Pin("note", "a\uFFFD\uFFFDb"),
			gen.Acceptable("plaintextPayload twice: the last one counts", category.JSON, pl(obj(`"plaintextPayload":"first"`, proofM, `"plaintextPayload":"last"`)), "DuplicateMember").Pin("note", "last"),
			gen.Acceptable("identityProof twice: the last one counts", category.JSON, pl(obj(noteM, `"identityProof":{"message":"x","signature":"y"}`, proofM)), "DuplicateMember").Pin(outs...),
			gen.Acceptable("a lone surrogate escape in the note", category.JSON, pl(obj(`"plaintextPayload":"a\ud800b"`, proofM)), "LoneSurrogate").Pin("note", "a\xed\xa0\x80b"),
		}},
		{Type: "HandshakePayloadDecode", Comment: "payloads both profiles reject", Cases: []gen.Case{
			gen.Invalid("empty bytes", category.JSON, pl([]byte{}), "MalformedJSON"),
			gen.Invalid("not JSON", category.JSON, pl([]byte("Hello Bob")), "MalformedJSON"),
			gen.Invalid("the JSON without its last byte", category.JSON, pl(payload[:len(payload)-1]), "MalformedJSON"),
			gen.Invalid("a byte after the JSON", category.JSON, pl(append(append([]byte{}, payload...), 'x')), "MalformedJSON"),
			gen.Invalid("a trailing comma", category.JSON, pl(obj(noteM, proofM, "")), "MalformedJSON"),
			gen.Invalid("single-quoted strings", category.JSON, pl([]byte(`{'plaintextPayload':'x','identityProof':{'message':'m','signature':'s'}}`)), "MalformedJSON"),
			gen.Invalid("a JSON array", category.JSON, pl([]byte("["+str(unitNoteA)+","+proofJSON+"]")), "MalformedJSON"),
			gen.Invalid("a JSON string", category.JSON, pl([]byte(str(unitNoteA))), "MalformedJSON"),
			gen.Invalid("null", category.JSON, pl([]byte("null")), "MalformedJSON"),
			gen.Invalid("no plaintextPayload member", category.JSON, pl(obj(proofM)), "MalformedJSON"),
			gen.Invalid("plaintextPayload is null", category.JSON, pl(obj(`"plaintextPayload":null`, proofM)), "MalformedJSON"),
			gen.Invalid("plaintextPayload is a number", category.JSON, pl(obj(`"plaintextPayload":1`, proofM)), "MalformedJSON"),
			gen.Invalid("no identityProof member", category.JSON, pl(obj(noteM)), "MalformedJSON"),
			gen.Invalid("identityProof is null", category.JSON, pl(obj(noteM, `"identityProof":null`)), "MalformedJSON"),
			gen.Invalid("identityProof is a string", category.JSON, pl(obj(noteM, `"identityProof":`+str(a.proof.Message))), "MalformedJSON"),
			gen.Invalid("identityProof without message", category.JSON, pl(obj(noteM, `"identityProof":{"signature":`+str(a.proof.Signature)+`}`)), "MalformedJSON"),
			gen.Invalid("identityProof message is a number", category.JSON, pl(obj(noteM, `"identityProof":{"message":1,"signature":`+str(a.proof.Signature)+`}`)), "MalformedJSON"),
			gen.Invalid("identityProof without signature", category.JSON, pl(obj(noteM, `"identityProof":{"message":`+str(a.proof.Message)+`}`)), "MalformedJSON"),
			gen.Invalid("identityProof signature is an array", category.JSON, pl(obj(noteM, `"identityProof":{"message":`+str(a.proof.Message)+`,"signature":[]}`)), "MalformedJSON"),
			gen.Invalid("0X (upper-case X) followed by hex: not the hex form, and not JSON", category.JSON, pl([]byte("0X"+hex.EncodeToString(payload))), "HexEncodedJSON"),
			gen.Invalid("0x followed by no hex at all: decodes to nothing", category.JSON, pl([]byte("0xzz")), "HexEncodedJSON"),
		}},
	}
}
