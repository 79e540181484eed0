package vectorgen

import (
	"bytes"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// Case constructors for the Verbeth generators.

func ok(comment string, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Valid}
}

func bad(comment string, cat category.Category, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Invalid, Error: cat}
}

func soso(comment string, cat category.Category, in vectors.Values, flags ...string) Case {
	return Case{Comment: comment, Flags: flags, Inputs: in, Result: vectors.Acceptable, Error: cat}
}

func (c Case) pin(kv ...any) Case {
	c.Pinned = vectors.Make(kv...)
	return c
}

func (c Case) drawn(kv ...string) Case {
	c.Drawn = map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		c.Drawn[kv[i]] = kv[i+1]
	}
	return c
}

func init() {
	Register(&Generator{Family: vectors.VerbethRecipientHash, Notes: vbNotes, Groups: genRecipientHash})
	Register(&Generator{Family: vectors.VerbethUnifiedPubKeysDecode, Notes: vbNotes, Groups: genUnifiedDecode})
	Register(&Generator{Family: vectors.VerbethUnifiedPubKeysEncode, Notes: vbNotes, Groups: genUnifiedEncode})
	Register(&Generator{Family: vectors.VerbethHandshakeInitiate, Notes: vbNotes, Groups: genInitiate,
		Header: []string{
			"The scenario group is Alice's Handshake to Bob; its outputs are the inputs of verbeth/handshake/respond. The JSON escaping group varies only the note.",
		}})
	Register(&Generator{Family: vectors.VerbethHandshakePayloadDecode, Notes: vbNotes, Groups: genPayloadDecode})
}

func genRecipientHash() []Group {
	s := sc()
	var random []Case
	for _, i := range []string{"1", "2", "3"} {
		addr := "0x" + hx(vecBytes(20, "recipientHash", i, "address"))
		random = append(random, ok("random address "+i+": 0x and the hex of 20 bytes drawn under "+vecLabel("recipientHash", i, "address"), vectors.Make("address", addr), "Random"))
	}
	return []Group{
		{Type: "RecipientHash", Comment: "Bob's address, as the SDK hashes it for Alice's Handshake", Cases: []Case{
			ok("Bob's address, lowercase", vectors.Make("address", s.bob.address), "Scenario", "CrossChecked").pin("recipientHash", ccHex("handshake.recipientHash")),
			ok("Bob's address, EIP-55 checksummed: lowercased first", vectors.Make("address", s.bob.checksummed), "MixedCase").pin("recipientHash", ccHex("handshake.recipientHash")),
			ok("Bob's address in upper case with an upper-case 0X prefix: lowercased first", vectors.Make("address", "0X"+strings.ToUpper(s.bob.address[2:])), "MixedCase").pin("recipientHash", ccHex("handshake.recipientHash")),
		}},
		{Type: "RecipientHash", Comment: "text the SDK hashes as given, only lowercased", Cases: []Case{
			ok("Bob's address without 0x: hashed as given", vectors.Make("address", s.bob.address[2:]), "UnvalidatedAddress"),
			ok("empty text: keccak256(\"contact:\")", vectors.Make("address", ""), "UnvalidatedAddress"),
			ok("Bob's address with a trailing space: hashed with it", vectors.Make("address", s.bob.address+" "), "UnvalidatedAddress"),
			ok("text with U+212A KELVIN SIGN and U+0130: JavaScript's toLowerCase gives k and i + U+0307", vectors.Make("address", "0x\u212Aelvin\u0130"), "UnvalidatedAddress", "UnicodeLowercase"),
		}},
		{Type: "RecipientHash", Comment: "random addresses", Cases: random},
	}
}

func genUnifiedDecode() []Group {
	s := sc()
	alice := s.alice.pubKeys
	legacy := alice[1:]
	withVersion := func(v byte) []byte { return append([]byte{v}, alice[1:]...) }
	outs := func(p *vbParty, version int) []any {
		return []any{"version", version, "x25519", p.xPub, "ed25519", p.edPub}
	}
	var lengths []Case
	for _, n := range []int{0, 1, 32, 33, 63, 66, 96, 97, 130} {
		b := bytes.Repeat(alice, 3)[:n]
		lengths = append(lengths, bad("unified keys of "+strconv.Itoa(n)+" bytes", category.FieldLength, vectors.Make("pubKeys", b), "WrongLength"))
	}
	return []Group{
		{Type: "UnifiedPubKeysDecode", Comment: "version 1, as the SDK writes it", Cases: []Case{
			ok("Alice's unified keys", vectors.Make("pubKeys", alice), "Scenario", "CrossChecked").pin(append(outs(s.alice, 1), "x25519", ccHex("parties.alice.x25519Public"), "ed25519", ccHex("parties.alice.ed25519Public"))...),
			ok("Bob's unified keys", vectors.Make("pubKeys", s.bob.pubKeys), "Scenario", "CrossChecked").pin("x25519", ccHex("parties.bob.x25519Public"), "ed25519", ccHex("parties.bob.ed25519Public")),
			ok("all-zero keys: the decoder does not validate points", vectors.Make("pubKeys", append([]byte{1}, make([]byte, 64)...))),
		}},
		{Type: "UnifiedPubKeysDecode", Comment: "the legacy form and other versions", Cases: []Case{
			soso("the 64-byte legacy form (version 0)", category.Version, vectors.Make("pubKeys", legacy), "LegacyPubKeys").pin(outs(s.alice, 0)...),
			bad("65 bytes with version byte 0x00", category.Version, vectors.Make("pubKeys", withVersion(0)), "KeyVersion"),
			bad("65 bytes with version byte 0x02", category.Version, vectors.Make("pubKeys", withVersion(2)), "KeyVersion"),
			bad("65 bytes with version byte 0xff", category.Version, vectors.Make("pubKeys", withVersion(0xff)), "KeyVersion"),
			bad("the version byte at the end instead of the start", category.Version, vectors.Make("pubKeys", append(append([]byte{}, legacy...), 1)), "KeyVersion"),
		}},
		{Type: "UnifiedPubKeysDecode", Comment: "wrong lengths", Cases: lengths},
	}
}

func genUnifiedEncode() []Group {
	s := sc()
	return []Group{
		{Type: "UnifiedPubKeysEncode", Cases: []Case{
			ok("Alice's keys", vectors.Make("x25519", s.alice.xPub, "ed25519", s.alice.edPub), "Scenario", "CrossChecked").pin("pubKeys", ccHex("parties.alice.unifiedPubKeys")),
			ok("Bob's keys", vectors.Make("x25519", s.bob.xPub, "ed25519", s.bob.edPub), "Scenario", "CrossChecked").pin("pubKeys", ccHex("parties.bob.unifiedPubKeys")),
			ok("all-zero keys", vectors.Make("x25519", make([]byte, 32), "ed25519", make([]byte, 32))),
			bad("an X25519 key of 31 bytes", category.FieldLength, vectors.Make("x25519", s.alice.xPub[:31], "ed25519", s.alice.edPub), "WrongLength"),
			bad("an X25519 key of 33 bytes", category.FieldLength, vectors.Make("x25519", append(s.alice.xPub[:], 0), "ed25519", s.alice.edPub), "WrongLength"),
			bad("an empty Ed25519 key", category.FieldLength, vectors.Make("x25519", s.alice.xPub, "ed25519", []byte{}), "WrongLength"),
			bad("an Ed25519 key of 64 bytes (a secret key)", category.FieldLength, vectors.Make("x25519", s.alice.xPub, "ed25519", append(append([]byte{}, s.alice.edSeed...), s.alice.edPub...)), "WrongLength"),
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

func genInitiate() []Group {
	s := sc()
	a := s.alice
	base := vectors.Make("ephemeralSecret", s.a, "mlkemSeed", s.mlkemSeed, "recipientAddress", s.bob.address,
		"identityX25519", a.xPub, "identityEd25519", a.edPub, "note", unitNoteA,
		"proofMessage", a.proof.Message, "proofSignature", a.proof.Signature)
	var escaping []Case
	for _, e := range escapingNotes {
		escaping = append(escaping, ok("note: "+e.comment, vectors.Make("note", e.note), e.flags...))
	}
	var random []Case
	for _, i := range []string{"1", "2", "3"} {
		c := ok("random ephemeral secret and ML-KEM seed "+i, vectors.Make("ephemeralSecret", vecBytes(32, "initiate", i, "ephemeralSecret"),
			"mlkemSeed", vecBytes(64, "initiate", i, "mlkemSeed"), "note", "random "+i), "Random")
		random = append(random, c.drawn("ephemeralSecret", vecLabel("initiate", i, "ephemeralSecret"), "mlkemSeed", vecLabel("initiate", i, "mlkemSeed")))
	}
	return []Group{
		{Type: "HandshakeInitiate", Comment: "Alice's Handshake to Bob", Inputs: base, Cases: []Case{
			ok("Alice initiates to Bob", vectors.Make(), "Scenario", "CrossChecked").pin(
				"recipientHash", ccHex("handshake.recipientHash"), "pubKeys", ccHex("handshake.pubKeys"),
				"ephemeralPubKey", ccHex("handshake.ephemeralPubKey"), "ephemeralX25519", ccHex("handshake.ephemeralX25519"),
				"kemPublicKey", ccHex("handshake.kemPublicKey"), "plaintextPayload", ccHex("handshake.plaintextPayload")).
				drawn("ephemeralSecret", unitLabel("a"), "mlkemSeed", unitLabel("mlkem-seed")),
			ok("recipient address checksummed: the same recipientHash", vectors.Make("recipientAddress", s.bob.checksummed), "MixedCase").pin("recipientHash", ccHex("handshake.recipientHash")),
		}},
		{Type: "HandshakeInitiate", Comment: "notes that JSON.stringify escapes in particular ways", Inputs: base, Cases: escaping},
		{Type: "HandshakeInitiate", Comment: "random randomness", Inputs: base, Cases: random},
		{Type: "HandshakeInitiate", Comment: "inputs of the wrong size", Inputs: base, Cases: []Case{
			bad("ephemeral secret of 31 bytes", category.FieldLength, vectors.Make("ephemeralSecret", s.a[:31]), "WrongLength"),
			bad("ML-KEM seed of 32 bytes (d without z)", category.FieldLength, vectors.Make("mlkemSeed", s.mlkemSeed[:32]), "WrongLength"),
			bad("ML-KEM seed of 65 bytes", category.FieldLength, vectors.Make("mlkemSeed", append(append([]byte{}, s.mlkemSeed...), 0)), "WrongLength"),
			bad("identity X25519 key of 33 bytes", category.FieldLength, vectors.Make("identityX25519", append(a.xPub[:], 0)), "WrongLength"),
			bad("identity Ed25519 key of 31 bytes", category.FieldLength, vectors.Make("identityEd25519", a.edPub[:31]), "WrongLength"),
		}},
	}
}

func genPayloadDecode() []Group {
	s := sc()
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
	return []Group{
		{Type: "HandshakePayloadDecode", Comment: "payloads both profiles read", Cases: []Case{
			ok("Alice's payload as the SDK writes it", pl(payload), "Scenario", "CrossChecked").pin(pinned...),
			ok("members in reverse order", pl(obj(proofM, noteM)), "ParseNotCompare").pin(outs...),
			ok("whitespace around every token", pl([]byte(" \n{ \"plaintextPayload\" :\t"+str(unitNoteA)+" ,\r\n \"identityProof\" : "+proofJSON+" } \n")), "ParseNotCompare").pin(outs...),
			ok("note written with \\u escapes and an escaped slash", pl(obj(escaped, proofM)), "ParseNotCompare").pin("note", "Hi/"),
			ok("extra members, at the top and in the proof", pl(obj(`"v":2`, noteM, `"identityProof":{"x":[1,{}],"message":`+str(a.proof.Message)+`,"signature":`+str(a.proof.Signature)+`,"messageRawHex":7}`, `"more":null`)), "ParseNotCompare").pin(outs...),
			ok("proof without messageRawHex", pl(obj(noteM, proofM)), "ParseNotCompare").pin(outs...),
			ok("an empty note", pl(obj(`"plaintextPayload":""`, proofM)), "EmptyNote").pin("note", ""),
		}},
		{Type: "HandshakePayloadDecode", Comment: "what the SDK reads and the strict profile does not", Cases: []Case{
			soso("0x followed by lowercase hex of the JSON", category.Hex, pl(hexForm), "HexEncodedJSON").pin(outs...),
			soso("0x followed by upper-case hex of the JSON", category.Hex, pl(upperHex), "HexEncodedJSON").pin(outs...),
			soso("0x-hex of the JSON followed by a pair that is not hex (Buffer.from stops there)", category.Hex, pl(append(append([]byte{}, hexForm...), "zz00"...)), "HexEncodedJSON").pin(outs...),
			soso("a UTF-8 byte order mark before the JSON", category.JSON, pl(append([]byte("\xef\xbb\xbf"), payload...)), "ByteOrderMark").pin(outs...),
			soso("the byte 0xff inside the note (read as U+FFFD)", category.JSON, pl(obj(`"plaintextPayload":"a`+"\xff"+`b"`, proofM)), "InvalidUTF8").pin("note", "a\uFFFDb"),
			soso("an overlong encoding of / inside the note (two U+FFFD)", category.JSON, pl(obj(`"plaintextPayload":"a`+"\xc0\xaf"+`b"`, proofM)), "InvalidUTF8").pin("note", "a\uFFFD\uFFFDb"),
			soso("plaintextPayload twice: the last one counts", category.JSON, pl(obj(`"plaintextPayload":"first"`, proofM, `"plaintextPayload":"last"`)), "DuplicateMember").pin("note", "last"),
			soso("identityProof twice: the last one counts", category.JSON, pl(obj(noteM, `"identityProof":{"message":"x","signature":"y"}`, proofM)), "DuplicateMember").pin(outs...),
			soso("a lone surrogate escape in the note", category.JSON, pl(obj(`"plaintextPayload":"a\ud800b"`, proofM)), "LoneSurrogate").pin("note", "a\xed\xa0\x80b"),
		}},
		{Type: "HandshakePayloadDecode", Comment: "payloads both profiles reject", Cases: []Case{
			bad("empty bytes", category.JSON, pl([]byte{}), "MalformedJSON"),
			bad("not JSON", category.JSON, pl([]byte("Hello Bob")), "MalformedJSON"),
			bad("the JSON without its last byte", category.JSON, pl(payload[:len(payload)-1]), "MalformedJSON"),
			bad("a byte after the JSON", category.JSON, pl(append(append([]byte{}, payload...), 'x')), "MalformedJSON"),
			bad("a trailing comma", category.JSON, pl(obj(noteM, proofM, "")), "MalformedJSON"),
			bad("single-quoted strings", category.JSON, pl([]byte(`{'plaintextPayload':'x','identityProof':{'message':'m','signature':'s'}}`)), "MalformedJSON"),
			bad("a JSON array", category.JSON, pl([]byte("["+str(unitNoteA)+","+proofJSON+"]")), "MalformedJSON"),
			bad("a JSON string", category.JSON, pl([]byte(str(unitNoteA))), "MalformedJSON"),
			bad("null", category.JSON, pl([]byte("null")), "MalformedJSON"),
			bad("no plaintextPayload member", category.JSON, pl(obj(proofM)), "MalformedJSON"),
			bad("plaintextPayload is null", category.JSON, pl(obj(`"plaintextPayload":null`, proofM)), "MalformedJSON"),
			bad("plaintextPayload is a number", category.JSON, pl(obj(`"plaintextPayload":1`, proofM)), "MalformedJSON"),
			bad("no identityProof member", category.JSON, pl(obj(noteM)), "MalformedJSON"),
			bad("identityProof is null", category.JSON, pl(obj(noteM, `"identityProof":null`)), "MalformedJSON"),
			bad("identityProof is a string", category.JSON, pl(obj(noteM, `"identityProof":`+str(a.proof.Message))), "MalformedJSON"),
			bad("identityProof without message", category.JSON, pl(obj(noteM, `"identityProof":{"signature":`+str(a.proof.Signature)+`}`)), "MalformedJSON"),
			bad("identityProof message is a number", category.JSON, pl(obj(noteM, `"identityProof":{"message":1,"signature":`+str(a.proof.Signature)+`}`)), "MalformedJSON"),
			bad("identityProof without signature", category.JSON, pl(obj(noteM, `"identityProof":{"message":`+str(a.proof.Message)+`}`)), "MalformedJSON"),
			bad("identityProof signature is an array", category.JSON, pl(obj(noteM, `"identityProof":{"message":`+str(a.proof.Message)+`,"signature":[]}`)), "MalformedJSON"),
			bad("0X (upper-case X) followed by hex: not the hex form, and not JSON", category.JSON, pl([]byte("0X"+hex.EncodeToString(payload))), "HexEncodedJSON"),
			bad("0x followed by no hex at all: decodes to nothing", category.JSON, pl([]byte("0xzz")), "HexEncodedJSON"),
		}},
	}
}
