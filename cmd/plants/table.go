package main

// All are the planted bugs: every layer of the Ixian wire format, the
// handshakeStatus state machine, RSA and P-521 keys, the spixi2 envelope,
// the Verbeth keys and ratchet, and the JSON model under Verbeth. Seeded
// says the corpus replay (the vectors' inputs included) finds the plant,
// as go run ./cmd/plants -replay measures it; most plants are not seeded:
// their trigger is in no seed and no vector, so the fuzzer must reach it
// (issue 13).
var All = []Plant{
	// IxiVarInt and IxiBytes.
	{Name: "varint-reserved-ff", Kind: "wrong", Layer: "ixian/varint", File: "impl/ixian/varint.go",
		Old: "\tcase t == varRes1 || t == varRes2: // step 2", New: "\tcase t == varRes1: // step 2",
		Pkg: "ixianwire", Target: "FuzzIxiVarUInt", Seeded: true},
	{Name: "varint-payload-bounds", Kind: "crash", Layer: "ixian/varint", File: "impl/ixian/varint.go",
		Old: "\tif len(b) < 1+size {", New: "\tif len(b) < size {",
		Pkg: "ixianwire", Target: "FuzzIxiVarInt", Seeded: true},
	{Name: "ixibytes-length-check", Kind: "crash", Layer: "ixian/IxiBytes", File: "impl/ixian/ixibytes.go",
		Old: "l > rest {", New: "l > rest+1 {",
		Pkg: "ixianwire", Target: "FuzzIxiBytes", Seeded: true},
	// Payloads, frames and keys on the wire.
	{Name: "capabilities-strict-int32", Kind: "wrong", Layer: "ixian/payloads", File: "impl/ixian/payloads.go",
		Old: "\tif p == Strict && v > math.MaxInt32 {", New: "\tif p == Strict && v > math.MaxUint32 {",
		Pkg: "ixianwire", Target: "FuzzKeys2", Seeded: true},
	{Name: "spixi-data-bounds", Kind: "crash", Layer: "ixian/SpixiMessage", File: "impl/ixian/spiximessage.go",
		Old: "\tif int64(l) > int64(len(rest)) {", New: "\tif int64(l) > int64(len(rest))+1 {",
		Pkg: "ixianwire", Target: "FuzzSpixiMessage", Seeded: true},
	{Name: "spixi-short-header", Kind: "crash", Layer: "ixian/SpixiMessage", File: "impl/ixian/spiximessage.go",
		Old: "\tif len(frame) < SpixiMessageHeaderSize {", New: "\tif len(frame) < SpixiMessageHeaderSize-1 {",
		Pkg: "ixianwire", Target: "FuzzSpixiMessage"},
	{Name: "rsa-exponent-leading-zero", Kind: "wrong", Layer: "ixian/RSA key", File: "impl/ixian/rsakey.go",
		Old: "\tif p == Strict && (mod[0] == 0 || exp[0] == 0) {", New: "\tif p == Strict && mod[0] == 0 {",
		Pkg: "ixianwire", Target: "FuzzRSAPublicKey"},
	// The handshakeStatus state machine (spec/ixian-s2.md §10).
	{Name: "state-second-acceptadd2", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tif s.HandshakeStatus > StatusRequestAdd2Received {\n\t\t\treturn reject(category.State, \"status\", \"acceptAdd2 after",
		New: "\t\tif s.HandshakeStatus > StatusKeys2Sent {\n\t\t\treturn reject(category.State, \"status\", \"acceptAdd2 after",
		Pkg: "ixianwire", Target: "FuzzIxianTransition", Seeded: true},
	{Name: "state-version-clamp", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tif v > ProtocolVersion {", New: "\t\tif v > ProtocolVersion+1 {",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-long-msgid", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tcase len(e.MsgID) == 0:", New: "\t\tcase len(e.MsgID) == 0, len(e.MsgID) > 8:",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-msgid-prefix", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tcase bytes.Equal(e.MsgID, IDRequestAdd2):", New: "\t\tcase e.MsgID[0] == IDRequestAdd2[0]:",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-negative-version", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "HandshakeStatus: StatusRequestAdd2Received, ProtocolVersion: v,", New: "HandshakeStatus: StatusRequestAdd2Received, ProtocolVersion: max(v, 0),",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-legacy-request-v2", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tif s.ProtocolVersion > 0 {\n\t\t\treturn reject(category.Downgrade, \"version\", \"legacy requestAdd",
		New: "\t\tif s.ProtocolVersion == 1 {\n\t\t\treturn reject(category.Downgrade, \"version\", \"legacy requestAdd",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-legacy-accept-v2", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\t\tif s.ProtocolVersion > 0 {\n\t\t\t\treturn reject(category.Downgrade, \"version\", \"legacy acceptAdd",
		New: "\t\t\tif s.ProtocolVersion == 1 {\n\t\t\t\treturn reject(category.Downgrade, \"version\", \"legacy acceptAdd",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-legacy-keys-v2", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tif s.ProtocolVersion >= 1 {", New: "\t\tif s.ProtocolVersion == 1 {",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	{Name: "state-keys2-not-pending", Kind: "wrong", Layer: "ixian/handshakeStatus", File: "impl/ixian/status.go",
		Old: "\t\tif !s.PendingEphemeral {", New: "\t\tif !s.PendingEphemeral && s.HandshakeStatus != StatusKeys2Sent {",
		Pkg: "ixianwire", Target: "FuzzIxianTransition"},
	// P-521 and the spixi2 envelope.
	{Name: "p521-hybrid-parity", Kind: "wrong", Layer: "ixian/P-521", File: "impl/ixian/kex.go",
		Old: "\t\tif b[0]&1 != b[len(b)-1]&1 {", New: "\t\tif b[0]&1 != b[len(b)-2]&1 {",
		Pkg: "ixiancrypto", Target: "FuzzP521PeerKey", Seeded: true},
	{Name: "spixi2-aad-unauthenticated", Kind: "wrong", Layer: "ixian/spixi2", File: "impl/ixian/envelope.go",
		Old: "\tc1, err := cc.Open(nil, cck.IV, body, aad)", New: "\tc1, err := cc.Open(nil, cck.IV, body, aad[:min(len(aad), 1)])",
		Pkg: "ixiancrypto", Target: "FuzzSpixi2Layout", Seeded: true},
	{Name: "spixi2-strict-length", Kind: "wrong", Layer: "ixian/spixi2", File: "impl/ixian/envelope.go",
		Old: "\tif p == Strict && l != uint64(len(body)) {", New: "\tif p == Strict && l > uint64(len(body)) {",
		Pkg: "ixiancrypto", Target: "FuzzSpixi2Layout"},
	{Name: "spixi2-aad-32", Kind: "wrong", Layer: "ixian/spixi2", File: "impl/ixian/envelope.go",
		Old: "\tc1, err := cc.Open(nil, cck.IV, body, aad)", New: "\tc1, err := cc.Open(nil, cck.IV, body, aad[:min(len(aad), 32)])",
		Pkg: "ixiancrypto", Target: "FuzzSpixi2Layout"},
	// Verbeth: keys and the ratchet's skip limit, off by one for n and for pn
	// (the verdict check at the limit, checkSkipLimit, sees them; the vectors
	// hold both limits and their neighbours).
	{Name: "unified-keys-offset", Kind: "wrong", Layer: "verbeth/unifiedPubKeys", File: "impl/verbeth/keys.go",
		Old: "\tcopy(k.Ed25519[:], b[X25519Size:X25519Size+Ed25519PublicKeySize])", New: "\tcopy(k.Ed25519[:], b[X25519Size-1:])",
		Pkg: "verbeth", Target: "FuzzUnifiedPubKeys", Seeded: true},
	{Name: "ratchet-skip-limit-n", Kind: "wrong", Layer: "verbeth/ratchet", File: "impl/verbeth/ratchet.go",
		Old: "\tif skip > MaxSkipPerMessage || h.PN > MaxSkipPerMessage {", New: "\tif skip >= MaxSkipPerMessage || h.PN > MaxSkipPerMessage {",
		Pkg: "verbeth", Target: "FuzzRatchetDecrypt", Seeded: true},
	{Name: "ratchet-skip-limit-pn", Kind: "wrong", Layer: "verbeth/ratchet", File: "impl/verbeth/ratchet.go",
		Old: "\tif skip > MaxSkipPerMessage || h.PN > MaxSkipPerMessage {", New: "\tif skip > MaxSkipPerMessage || h.PN > MaxSkipPerMessage+1 {",
		Pkg: "verbeth", Target: "FuzzRatchetDecrypt", Seeded: true},
	// Verbeth's event JSON: Strict's rules on the text (no BOM, not 0x-hex,
	// valid UTF-8, strict JSON) applied before the shape checks both
	// profiles make, so that an input both reject gets another category
	// under Strict. FuzzHandshakePayload reads the JSON once for both
	// profiles (verbeth.ReadEventJSON) and must still see a bug in the part
	// that depends on the profile.
	{Name: "handshake-strict-rules-first", Kind: "wrong", Layer: "verbeth/event JSON", File: "impl/verbeth/handshake.go",
		Old: "\tv, strictErr, err := j.value(\"plaintextPayload\", p)\n",
		New: "\tv, strictErr, err := j.value(\"plaintextPayload\", p)\n\tif err == nil {\n\t\terr = strictErr\n\t}\n",
		Pkg: "verbeth", Target: "FuzzHandshakePayload"},
	// internal/jsjson, under every Verbeth decoder: Number::toString's
	// exponent form, and the number and string grammar.
	{Name: "jsjson-number-exponent", Kind: "wrong", Layer: "jsjson/stringify", File: "internal/jsjson/encode.go",
		Old: "\texp = strconv.Itoa(abs(n - 1))", New: "\texp = strconv.Itoa(abs(n))",
		Pkg: "verbeth", Target: "FuzzJSJSON"},
	{Name: "jsjson-leading-zero", Kind: "wrong", Layer: "jsjson/parse", File: "internal/jsjson/parse.go",
		Old: "\tcase p.i < len(p.s) && p.s[p.i] == '0':\n\t\tp.i++\n", New: "\tcase p.i < len(p.s) && p.s[p.i] == '0':\n\t\tp.digits()\n",
		Pkg: "verbeth", Target: "FuzzJSJSON"},
	{Name: "jsjson-fraction-digits", Kind: "wrong", Layer: "jsjson/parse", File: "internal/jsjson/parse.go",
		Old: "\t\tif p.digits() == 0 {\n\t\t\treturn Value{}, p.fail(\"invalid number: no digits after '.'\")\n\t\t}\n", New: "\t\tp.digits()\n",
		Pkg: "verbeth", Target: "FuzzJSJSON"},
	{Name: "jsjson-plainword-1f", Kind: "wrong", Layer: "jsjson/parse", File: "internal/jsjson/parse.go",
		Old: "\tcontrol := w - ones*0x20", New: "\tcontrol := w - ones*0x1f",
		Pkg: "verbeth", Target: "FuzzJSJSON"},
}
