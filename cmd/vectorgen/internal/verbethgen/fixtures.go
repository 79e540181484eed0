// Package verbethgen holds the vector generators of the Verbeth families,
// one file per part of spec/verbeth.md: handshake.go (recipientHash, the
// unified keys, Handshake and its payload), response.go (the tag, respond,
// open, match), proof.go (the identity proof), session.go (the hybrid secret,
// KDFs, topics, the sessions) and ratchet.go. This file holds the shared
// fixtures: the parties, the full scenario (Handshake, response, both
// sessions, one message each way with a DH step each), the values
// crosscheck/verbeth.mjs computed independently, and the flags' notes.
//
// The scenario draws every input from internal/detrand under the labels
// impl/verbeth's tests and crosscheck/verbeth.mjs use ("verbeth/unit/…"),
// so that its values are exactly those in impl/verbeth/testdata/
// crosscheck.json and the vectors can pin them. Inputs new to the vectors
// are drawn under "verbeth/vectors/<family>/…".
package verbethgen

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/modroot"
	"github.com/pqhs/pqhs/vectors"
)

// unitLabel is the label of a scenario input, shared with the cross-check.
func unitLabel(name string) string { return "verbeth/unit/" + name }

func unitBytes(name string, n int) []byte { return detrand.Bytes(unitLabel(name), n) }

// vecLabel is the label of an input drawn for the vectors only.
func vecLabel(parts ...string) string { return "verbeth/vectors/" + strings.Join(parts, "/") }

func vecBytes(n int, parts ...string) []byte { return detrand.Bytes(vecLabel(parts...), n) }

func stateJSON(s *verbeth.Session) json.RawMessage { return json.RawMessage(gen.Must(s.MarshalJSON())) }

// --- The values recorded by crosscheck/verbeth.mjs. ---

var (
	ccOnce sync.Once
	ccData map[string]any
)

// cc returns a value of impl/verbeth/testdata/crosscheck.json by its path
// ("response.kemSecret", "lowOrder.0.point").
func cc(path string) any {
	ccOnce.Do(func() {
		root, err := modroot.Find()
		var raw []byte
		if err == nil {
			raw, err = os.ReadFile(filepath.Join(root, "impl", "verbeth", "testdata", "crosscheck.json"))
		}
		if err == nil {
			err = json.Unmarshal(raw, &ccData)
		}
		if err != nil {
			panic("vectorgen: verbeth crosscheck.json: " + err.Error())
		}
	})
	var v any = ccData
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			var i int
			fmt.Sscan(part, &i)
			v = x[i]
		}
		if v == nil {
			panic("vectorgen: crosscheck.json has no " + path)
		}
	}
	return v
}

func ccHex(path string) []byte { return gen.Unhex(cc(path).(string)) }
func ccStr(path string) string { return cc(path).(string) }

// ccState is a session state recorded by the cross-check, as JSON.
func ccState(path string) json.RawMessage { return gen.Must(json.Marshal(cc(path))) }

// --- Parties. ---

var (
	unitChainID = int64(8453)
	unitRpID    = "pqhs.example"
)

type party struct {
	name                  string
	edSeed, xSecret, secp []byte
	xPub                  [32]byte
	edPub                 []byte
	address               string // lowercase 0x-hex
	checksummed           string // EIP-55
	keys                  verbeth.UnifiedPubKeys
	pubKeys               []byte // 65 bytes
	proof                 verbeth.IdentityProof
}

// newParty makes a party from seeds drawn under label(name/…), with the
// canonical proof the SDK writes (ChainId 8453, RpId pqhs.example).
func newParty(name string, label func(string) string) *party {
	p := &party{
		name:    name,
		edSeed:  detrand.Bytes(label(name+"/ed25519-seed"), 32),
		xSecret: detrand.Bytes(label(name+"/x25519-secret"), 32),
		secp:    detrand.Bytes(label(name+"/secp256k1"), 32),
	}
	p.xPub = gen.Must(verbeth.X25519PublicKey(p.xSecret))
	p.edPub = ed25519.NewKeyFromSeed(p.edSeed).Public().(ed25519.PublicKey)
	p.address = gen.Must(verbeth.AddressOf(p.secp))
	p.checksummed = eip55(p.address)
	p.keys = verbeth.UnifiedPubKeys{Version: 1, X25519: p.xPub, Ed25519: [32]byte(p.edPub)}
	p.pubKeys = p.keys.Bytes()
	p.proof = p.sign(p.binding(nil))
	return p
}

// binding is the party's canonical binding message, edited line by line.
func (p *party) binding(edit func([]string) []string) string {
	m := gen.Must(verbeth.BindingMessage(verbeth.Binding{Address: p.address, PkEd25519: p.edPub, PkX25519: p.xPub[:],
		ExecutorAddress: p.address, ChainID: &unitChainID, RpID: unitRpID}))
	if edit == nil {
		return m
	}
	return strings.Join(edit(strings.Split(m, "\n")), "\n")
}

// sign makes the proof the SDK's createBindingProof makes for message.
func (p *party) sign(message string) verbeth.IdentityProof {
	return verbeth.NewIdentityProof(message, gen.Must(verbeth.SignBindingMessage(p.secp, message)))
}

// eip55 is the mixed-case checksum form of a lowercase 0x-address.
func eip55(addr string) string {
	h := verbeth.Keccak256([]byte(addr[2:]))
	b := []byte(addr)
	for i := 2; i < len(b); i++ {
		nib := h[(i-2)/2] >> (4 * (1 - uint((i-2)%2))) & 0xf
		if b[i] >= 'a' && b[i] <= 'f' && nib >= 8 {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// --- The scenario. ---

const (
	unitNoteA = "Hello Bob! <&> \"quoted\"\n\u2028 ünïcode 🔐"
	unitNoteB = "Hi Alice"
	unitPt1   = "first message from Alice"
	unitPt2   = "reply from Bob"
)

// scenario is every input and value of the full exchange.
type scenario struct {
	alice, bob, mallory *party

	a, mlkemSeed, r, rks, m, boxNonce, s1, bobDH, aliceDH []byte

	hs      *verbeth.Handshake
	resp    *verbeth.Response
	event   verbeth.ResponseEvent
	opened  *verbeth.OpenedResponse
	aliceS0 *verbeth.Session
	bobS0   *verbeth.Session

	rnd1, rnd2 verbeth.EncryptRandomness
	msg1, msg2 *verbeth.Encrypted
	aliceS1    *verbeth.Session // after sending msg1
	bobS1      *verbeth.Session // after receiving msg1
	bobS2      *verbeth.Session // after sending msg2
	promoted   *verbeth.Session // aliceS1 routed on msg2's topic
	aliceS2    *verbeth.Session // after receiving msg2
}

var (
	sharedOnce     sync.Once
	sharedScenario *scenario
)

// sc returns the scenario, computed once with the reference (strict
// profile; the deployed one gives the same values for it).
func shared() *scenario {
	sharedOnce.Do(func() { sharedScenario = newScenario() })
	return sharedScenario
}

func newScenario() *scenario {
	const p = verbeth.Strict
	s := &scenario{
		alice:   newParty("alice", unitLabel),
		bob:     newParty("bob", unitLabel),
		mallory: newParty("mallory", func(n string) string { return vecLabel(n) }),
		a:       unitBytes("a", 32), mlkemSeed: unitBytes("mlkem-seed", 64),
		r: unitBytes("r", 32), rks: unitBytes("rk_s", 32), m: unitBytes("mlkem-m", 32), boxNonce: unitBytes("box-nonce", 24),
		s1: unitBytes("s1", 32), bobDH: unitBytes("bob/dh-step", 32), aliceDH: unitBytes("alice/dh-step", 32),
	}
	s.hs = gen.Must(verbeth.Initiate(verbeth.InitiateParams{EphemeralSecret: s.a, MLKEMSeed: s.mlkemSeed, RecipientAddress: s.bob.address,
		IdentityX25519: s.alice.xPub[:], IdentityEd25519: s.alice.edPub, Note: unitNoteA, Proof: s.alice.proof}))
	s.resp = gen.Must(verbeth.Respond(verbeth.RespondParams{InitiatorEphemeralPubKey: s.hs.EphemeralPubKey, TagSecret: s.r, RatchetSecret: s.rks,
		MLKEMMessage: s.m, BoxNonce: s.boxNonce, ResponderKeys: s.bob.keys, Note: unitNoteB, Proof: s.bob.proof}, p))
	s.event = verbeth.ResponseEvent{InResponseTo: s.resp.InResponseTo, ResponderEphemeralR: s.resp.ResponderEphemeralR, Ciphertext: s.resp.Ciphertext}
	s.opened = gen.Must(verbeth.OpenResponse(gen.Must(verbeth.NewPending(s.a, s.mlkemSeed)), s.event, p))
	var err error
	if s.aliceS0, _, err = verbeth.NewInitiatorSession(s.a, s.opened.RatchetPublicKey[:], s.opened.KEMSecret[:], s.event.InResponseTo[:], s.s1, p); err != nil {
		panic(err)
	}
	if s.bobS0, _, err = verbeth.NewResponderSession(s.rks, s.hs.EphemeralX25519[:], s.resp.KEMSecret[:], s.resp.InResponseTo[:], p); err != nil {
		panic(err)
	}
	s.rnd1 = gen.Must(verbeth.DrawEncryptRandomness(detrand.Reader(unitLabel("msg1/random")), len(unitPt1)))
	if s.aliceS1, s.msg1, err = s.aliceS0.Encrypt([]byte(unitPt1), s.alice.edSeed, s.rnd1); err != nil {
		panic(err)
	}
	if s.bobS1, _, err = s.bobS0.Decrypt(s.msg1.Payload, s.alice.edPub, s.bobDH, p); err != nil {
		panic(err)
	}
	s.rnd2 = gen.Must(verbeth.DrawEncryptRandomness(detrand.Reader(unitLabel("msg2/random")), len(unitPt2)))
	if s.bobS2, s.msg2, err = s.bobS1.Encrypt([]byte(unitPt2), s.bob.edSeed, s.rnd2); err != nil {
		panic(err)
	}
	if s.promoted, _, err = s.aliceS1.RouteInbound(s.msg2.Topic); err != nil {
		panic(err)
	}
	if s.aliceS2, _, err = s.promoted.Decrypt(s.msg2.Payload, s.bob.edPub, s.aliceDH, p); err != nil {
		panic(err)
	}
	return s
}

// Low-order X25519 public keys: every encoding whose product with any
// secret is the all-zero output. The first four are those the cross-check
// ran through tweetnacl (lowOrder in crosscheck.json).
var lowOrderPoints = []struct{ name, hex string }{
	{"u = 0", "0000000000000000000000000000000000000000000000000000000000000000"},
	{"u = 1 (order 4)", "0100000000000000000000000000000000000000000000000000000000000000"},
	{"a point of order 8", "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"},
	{"u = p - 1 (order 2)", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
	{"the other point of order 8", "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"},
	{"u = p, a non-canonical 0", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
	{"u = p + 1, a non-canonical 1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
	{"u = 0 with the top bit set", "0000000000000000000000000000000000000000000000000000000000000080"},
}

func lowOrder(i int) []byte { return gen.Unhex(lowOrderPoints[i].hex) }

// topBit returns the key with bit 255 set: the same point to X25519.
func topBit(k []byte) []byte {
	out := append([]byte(nil), k...)
	out[31] |= 0x80
	return out
}

// notes describes every flag of the Verbeth files; Build copies the ones
// a file uses.
var notes = map[string]vectors.Note{
	"Scenario": {BugType: "BASIC",
		Description: "One step of the full exchange: Alice initiates, Bob responds, Alice matches and opens the response, both set up their sessions, Alice sends a message (Bob's DH step), Bob replies (Alice's DH step, after the topic promotion). Each step's inputs are the outputs of the step before, in the other verbeth/* files.",
		Effect:      "An implementation that fails it cannot interoperate with the SDK at all."},
	"CrossChecked": {BugType: "BASIC",
		Description: "The expected outputs (all or some) equal values computed independently by crosscheck/verbeth.mjs on @noble/post-quantum, @noble/curves, @noble/hashes and tweetnacl, which share no code with the reference or the SDK (impl/verbeth/testdata/crosscheck.json).",
		Effect:      "Ties the vector to an independent computation, not only to the code that wrote it."},
	"Random": {BugType: "BASIC",
		Description: "Random inputs drawn with the labelled generator (see drawn).",
		Effect:      "Catches mistakes that the fixed scenario happens to hide."},
	"LowOrderPoint": {BugType: "EDGE_CASE",
		Description: "An X25519 public key of small order (0, 1, p-1, the points of order 8, or a non-canonical encoding of one), whose product with any secret is the all-zero output. tweetnacl, and so the SDK, returns the 32 zero bytes without complaint and goes on; the strict profile rejects the key (RFC 7748 §6.1).",
		Effect:      "Accepted, the X25519 half contributes nothing: the secret rests on ML-KEM alone (and the NaCl box of a response, whose key is X25519 only, is readable by anyone). A strict implementation that does not reject it gives up the check; a deployed one that rejects it cannot reproduce the SDK's outputs."},
	"NonCanonicalPublic": {BugType: "EDGE_CASE",
		Description: "An X25519 public key with the top bit set or a u-coordinate >= 2^255-19. RFC 7748 (and tweetnacl) ignores the top bit and reduces u mod p; both profiles accept it.",
		Effect:      "An implementation that rejects it, or does not mask and reduce, computes another shared secret or refuses a key the SDK accepts."},
	"EKModulus": {BugType: "MISSING_STEP",
		Description: "An ML-KEM-768 encapsulation key with a coefficient >= q = 3329. FIPS 203 §7.2 requires the modulus check; @noble/post-quantum 0.5.4, which the SDK uses, skips it (its decode never reduces), hashes the key as given and encrypts with the coefficients reduced mod q (spec/verbeth.md §9). The deployed outputs are that library's exact bytes.",
		Effect:      "The strict profile must reject it (ek_modulus). A deployed implementation that rejects it, or reduces the key before hashing it, cannot reproduce the SDK's response."},
	"WrongLength": {BugType: "MODIFIED_PARAMETER",
		Description: "A value of the wrong size for its field.",
		Effect:      "Accepted, it is silently truncated or padded, or crashes the implementation."},
	"AnyLengthKeys": {BugType: "EDGE_CASE",
		Description: "Identity keys that are not 32 bytes given to the unified-keys encoder. The SDK's encodeUnifiedPubKeys joins 0x01 and the two keys whatever their lengths (spec/verbeth.md §8, P25); the strict profile wants 32-byte keys.",
		Effect:      "A deployed implementation that checks the lengths refuses what the SDK writes; a strict one that does not writes unified keys no decoder reads as version 1."},
	"LongA": {BugType: "EDGE_CASE",
		Description: "An initiator key A longer than 32 bytes given to the responder session. The SDK's createResponderSession keeps its first 32 bytes (its accept path hands it the whole 1216-byte ephemeralPubKey) (spec/verbeth.md §8, P26); the strict profile wants 32 bytes.",
		Effect:      "A deployed implementation that refuses it cannot bootstrap where the SDK does; one that hashes or uses other bytes derives another session."},
	"SeedLayout": {BugType: "FUNCTIONALITY",
		Description: "The layout of the user's description (seed 003): ephemeralPubKey as the 32-byte X25519 key alone, kemPublicKey a separate field. The deployed contract carries one field of 1216 bytes, A || ek, and the SDK rejects anything else (\"KEM is required\").",
		Effect:      "An implementation following the description cannot talk to the deployed SDK."},
	"LegacyPubKeys": {BugType: "LEGACY",
		Description: "Unified public keys in the 64-byte legacy form, without the 0x01 version byte. The SDK still decodes them as version 0; the strict profile accepts only version 1.",
		Effect:      "A strict implementation that accepts them accepts keys of an unversioned format."},
	"KeyVersion": {BugType: "MODIFIED_PARAMETER",
		Description: "65-byte unified public keys whose first byte is not 0x01.",
		Effect:      "Accepted, keys of an unknown format are used as version 1."},
	"MixedCase": {BugType: "EDGE_CASE",
		Description: "An address in mixed (EIP-55) or upper case where the protocol lowercases it.",
		Effect:      "An implementation that does not lowercase as JavaScript's toLowerCase does hashes or writes another value."},
	"UnvalidatedAddress": {BugType: "EDGE_CASE",
		Description: "Text that is not a canonical address. The SDK hashes whatever it is given, only lowercased; so does every profile.",
		Effect:      "An implementation that validates or normalises the address computes a recipientHash the SDK never emits."},
	"UnicodeLowercase": {BugType: "EDGE_CASE",
		Description: "Non-ASCII text lowercased with JavaScript's toLowerCase (U+212A KELVIN SIGN becomes k, U+0130 becomes i followed by U+0307).",
		Effect:      "An implementation with another case mapping hashes other bytes."},
	"JSONEscaping": {BugType: "EDGE_CASE",
		Description: "Text that JSON.stringify writes in a particular way: \\\" and \\\\ escaped, \\b \\f \\n \\r \\t, other controls as \\u00xx with lowercase hex, and everything else raw, including < > & /, U+2028, U+2029, U+FEFF and characters outside the BMP. The bytes on chain are JSON.stringify's.",
		Effect:      "An encoder that escapes differently (Go's encoding/json escapes < > & and U+2028/2029) writes other bytes: another ciphertext and, in a proof, another signed message."},
	"LoneSurrogate": {BugType: "EDGE_CASE",
		Description: "A JavaScript string holding an unpaired UTF-16 surrogate, carried in the vector file as a \\uD8xx-style escape. JSON.stringify writes it as a lowercase \\u escape; TextEncoder would make it U+FFFD. Only a JSON reader that keeps lone surrogates (JSON.parse does) can reproduce these tests; other ports may skip them.",
		Effect:      "An implementation that replaces the surrogate writes other payload bytes than the SDK."},
	"EmptyNote": {BugType: "EDGE_CASE",
		Description: "An empty note. SDK 0.2.1 allows it (earlier versions rejected it).",
		Effect:      "An implementation that treats \"\" as missing rejects or rewrites a valid payload."},
	"NoNote": {BugType: "EDGE_CASE",
		Description: "A response without a note member (the SDK leaves it out when the note is undefined).",
		Effect:      "An implementation that requires the member, or writes null or \"\", rejects or changes a valid response."},
	"ParseNotCompare": {BugType: "FUNCTIONALITY",
		Description: "The same content in other JSON text: members in another order, whitespace, extra members, \\u escapes. Readers must parse, not compare bytes.",
		Effect:      "An implementation that compares or re-encodes bytes rejects valid messages."},
	"HexEncodedJSON": {BugType: "LEGACY",
		Description: "Event bytes that are \"0x\" followed by hex of the JSON. The SDK decodes them with Node's Buffer.from(…, 'hex') (upper-case digits allowed, decoding stops at the first pair that is not hex); the strict profile takes only the JSON itself.",
		Effect:      "A strict implementation that accepts it accepts two encodings of one message."},
	"ByteOrderMark": {BugType: "EDGE_CASE",
		Description: "JSON bytes starting with a UTF-8 byte order mark, which TextDecoder drops.",
		Effect:      "A strict implementation that accepts it accepts non-JSON bytes."},
	"InvalidUTF8": {BugType: "EDGE_CASE",
		Description: "JSON bytes with ill-formed UTF-8, which TextDecoder turns into U+FFFD (one per maximal ill-formed sequence).",
		Effect:      "A strict implementation that accepts it accepts text that is not UTF-8; a deployed one that decodes differently reads other values."},
	"DuplicateMember": {BugType: "CAN_OF_WORMS",
		Description: "A JSON object with the same member twice. JSON.parse keeps the last; the strict profile rejects it.",
		Effect:      "Two parsers may read two different messages from the same bytes."},
	"MalformedJSON": {BugType: "BASIC",
		Description: "Bytes that JSON.parse rejects, or JSON of the wrong shape: a required member missing or of the wrong type.",
		Effect:      "Accepted, the implementation reads values that are not there; a crash here is a denial of service by anyone who can emit an event."},
	"NoteType": {BugType: "EDGE_CASE",
		Description: "An inner note that is not a string. The SDK carries it as is; the deployed profile reports no note (null) and the strict one rejects it.",
		Effect:      "An implementation that coerces it shows the user a note the responder did not write."},
	"Base64URLSafe": {BugType: "EDGE_CASE",
		Description: "A base64 value in the URL-safe alphabet (- and _). Node's Buffer.from(s, 'base64') accepts it; the strict profile requires standard base64.",
		Effect:      "A deployed implementation with a strict decoder rejects responses the SDK accepts; a strict one that accepts it accepts several encodings of one value."},
	"Base64NoPadding": {BugType: "EDGE_CASE",
		Description: "A base64 value without its = padding, which Node decodes.",
		Effect:      "As for Base64URLSafe."},
	"Base64Junk": {BugType: "EDGE_CASE",
		Description: "A base64 value with characters outside the alphabet (spaces, line breaks, *, $), which Node skips.",
		Effect:      "As for Base64URLSafe."},
	"Base64UnusedBits": {BugType: "EDGE_CASE",
		Description: "A base64 value whose last character has non-zero unused low bits, which Node ignores.",
		Effect:      "As for Base64URLSafe."},
	"Base64PaddingInside": {BugType: "EDGE_CASE",
		Description: "A base64 value with = in the middle: Node stops decoding there, so the value is short.",
		Effect:      "A decoder that skips the = reads a value the SDK never reads."},
	"EnvelopeVersion": {BugType: "MISSING_STEP",
		Description: "A response envelope without v, or with v other than the number 1. The SDK never reads v; the strict profile requires v = 1.",
		Effect:      "A strict implementation that ignores v cannot be upgraded safely."},
	"EnvelopeSig": {BugType: "EDGE_CASE",
		Description: "The envelope's optional sig member (base64 Ed25519 over epk || n || ct; responses never carry it). The SDK ignores a falsy sig and throws on a truthy non-string; the strict profile requires a string of canonical base64 when present.",
		Effect:      "An implementation that reads sig differently rejects or accepts responses the others do not."},
	"InnerEphemeralKey": {BugType: "FUNCTIONALITY",
		Description: "The inner ephemeralPubKey differs from the envelope's epk. The initiator's ratchet key rk_p is the inner one; epk only opens the box.",
		Effect:      "An implementation that takes epk as rk_p derives another session and cannot read the responder's messages."},
	"WrongBox": {BugType: "BASIC",
		Description: "A box that does not open for this handshake: a flipped bit, another nonce, another recipient, or sealed with the tag key r instead of rk_s.",
		Effect:      "Accepted, unauthenticated plaintext is parsed."},
	"WrongTag": {BugType: "BASIC",
		Description: "An inResponseTo that is not the tag of this handshake. (inResponseTo is bytes32 on chain; the SDK compares lowercase hex strings, so string forms must be compared case-insensitively or as bytes.)",
		Effect:      "Accepted, a response is attached to a handshake it does not answer."},
	"WrongPrimitive": {BugType: "WRONG_PRIMITIVE",
		Description: "A tag computed with a plausible mistake: HKDF with the inputs swapped (ikm = ecdh, salt = kemSecret, as the user's description suggests), or the HKDF output without the final keccak256.",
		Effect:      "An implementation with the same mistake matches it, and no SDK response."},
	"ImplicitRejection": {BugType: "EDGE_CASE",
		Description: "A kemCiphertext of the right size that does not decapsulate under this key: ML-KEM returns the implicit-rejection secret, so the tag simply does not match.",
		Effect:      "An implementation that throws on it instead aborts the scan of responses; one without implicit rejection leaks timing."},
	"MissingKEM": {BugType: "MISSING_PARAMETER",
		Description: "A response whose inner JSON has no kemCiphertext, or a falsy one.",
		Effect:      "Accepted, the session would rest on X25519 alone."},
	"ThirdPartyResponse": {BugType: "AUTH_BYPASS",
		Description: "Research item I1: anyone can answer a Handshake, since A and ek are public. A third party (Mallory) sends a valid HandshakeResponse with her own keys and a valid proof for herself. The SDK checks the proof against the event's responder, whoever that is, and accepts; the demo then stores the session under the intended contact. The strict profile, given the intended recipient, requires it to be the proof's Address or ExecutorAddress.",
		Effect:      "The initiator believes it talks to the intended contact and talks to the attacker."},
	"ReplayedResponse": {BugType: "AUTH_BYPASS",
		Description: "A genuine response re-emitted by another account: its proof names the original responder as ExecutorAddress, not the new event's sender.",
		Effect:      "Accepted, anyone could claim another party's response."},
	"MalformedResponse": {BugType: "CAN_OF_WORMS",
		Description: "A response that anyone can emit and that cannot be opened: not JSON, wrong sizes, missing members (research I2). It is no match for any candidate; the SDK throws out of its whole scan instead.",
		Effect:      "An implementation that aborts the scan lets anyone block every initiator's responses with one bad event."},
	"SeveralPending": {BugType: "FUNCTIONALITY",
		Description: "Several pending handshakes: the first that opens the box and reproduces the tag is the match.",
		Effect:      "An implementation that stops at the first failure, or returns the wrong index, loses responses."},
	"NoMatch": {BugType: "BASIC",
		Description: "No pending handshake matches: the operation rejects with tag_mismatch.",
		Effect:      "Accepted, a response is attached to the wrong handshake."},
	"ProofHeader": {BugType: "MODIFIED_PARAMETER",
		Description: "A binding message whose first line is not exactly \"VerbEth Key Binding v1\" (empty, blank, another version, CRLF), or with a Context or Version line, or lines of no field. The SDK skips the header check for an empty first line and ignores unknown lines.",
		Effect:      "A strict implementation that accepts it accepts messages not in the canonical form the signer's wallet displayed."},
	"ProofAddress": {BugType: "MODIFIED_PARAMETER",
		Description: "An Address line in another form: checksummed, upper case, without 0x, ICAP (ethers' getAddress accepts them all; the strict profile wants lowercase 0x-hex), or one that is not an address, or missing.",
		Effect:      "A strict implementation that accepts it accepts several messages for one binding."},
	"ProofExecutor": {BugType: "MODIFIED_PARAMETER",
		Description: "An ExecutorAddress line in another form (the ExecutorSafe alias, another case of the key, spaces, an extra empty line), or missing, or not the event's sender.",
		Effect:      "Accepted where it must not be, keys are bound to an account that did not send the event."},
	"LegacyExecutorLine": {BugType: "LEGACY",
		Description: "The ExecutorSafeAddress line of SDK 0.1.6 and earlier. SDK 0.1.7 renamed it ExecutorAddress and stopped reading the old key, so such proofs have no executor: both profiles reject them.",
		Effect:      "An implementation that still reads it accepts proofs the SDK rejects."},
	"ProofKeys": {BugType: "MODIFIED_PARAMETER",
		Description: "PkX25519 or PkEd25519 lines in another form (0X, upper-case digits, another key name spelling) or with other keys than the wire's.",
		Effect:      "Accepted with other keys, the proof binds keys the event does not carry."},
	"ProofChainId": {BugType: "MODIFIED_PARAMETER",
		Description: "A ChainId line in another notation equal by Number() (0x2105, 8453.0, 8.453e3, 08453), missing, or wrong. The SDK checks it only when the verifier passes a chain id; the strict profile always requires the line.",
		Effect:      "A proof made for another chain is replayed on this one."},
	"ProofRpId": {BugType: "MODIFIED_PARAMETER",
		Description: "An RpId line that is missing, wrong, or surrounded by spaces.",
		Effect:      "A proof made for another relying party is accepted."},
	"ProofSignature": {BugType: "MODIFIED_PARAMETER",
		Description: "A proof signature that does not recover to Address, or that viem reads and the strict profile does not: v in {0, 1}, 129 hex digits.",
		Effect:      "Accepted, keys are bound by someone who did not sign."},
	"SignatureMalleability": {BugType: "SIGNATURE_MALLEABILITY",
		Description: "A second valid signature made from a valid one: ECDSA with s replaced by n - s (and v flipped), or Ed25519 with S + L. viem and tweetnacl accept it; the strict profile rejects it.",
		Effect:      "Anyone can make a second, different-looking valid signature, which defeats deduplication by signature bytes."},
	"ChainIdUnchecked": {BugType: "DEFINED",
		Description: "A wrong ChainId line while the verifier passes no chain id: neither the SDK nor the strict profile can check it. Verifiers should always pass their chain id.",
		Effect:      "Documents the limit: without the verifier's chain id a proof for another chain passes."},
	"SafeMode": {BugType: "FUNCTIONALITY",
		Description: "A proof in Safe mode: Address is the owner that signs, ExecutorAddress the Safe that sends the events.",
		Effect:      "An implementation that requires Address to be the sender rejects Safe users."},
	"ExpectedParty": {BugType: "AUTH_BYPASS",
		Description: "The verifier names the party it means to talk to. The SDK has no such check; the strict profile requires it to be the proof's Address or ExecutorAddress (research I1).",
		Effect:      "Without the check a valid proof by anyone passes as the intended party's."},
	"NoSendingChain": {BugType: "BASIC",
		Description: "A state without a sending chain.",
		Effect:      "Accepted, a message would be encrypted under a key derived from nothing."},
	"ByteOrder": {BugType: "MODIFIED_PARAMETER",
		Description: "Header counters whose big-endian and little-endian readings differ (pn 1, n 2).",
		Effect:      "An implementation that reads pn and n little-endian skips 2^25 messages and meets the skip limit."},
	"CounterLimit": {BugType: "EDGE_CASE",
		Description: "A message number of 2^32 - 1, whose successor the u32 header field cannot carry.",
		Effect:      "An implementation that wraps the counter reuses message keys."},
	"PaddingBucket": {BugType: "EDGE_CASE",
		Description: "A plaintext at a padding bucket boundary: framed size 64 and 65, 2048 and 2049, 16384 and 16385, and beyond, where buckets grow by 4096.",
		Effect:      "An implementation with another bucket rule writes messages of sizes the SDK never writes, which identifies it."},
	"JitterRange": {BugType: "EDGE_CASE",
		Description: "The padding jitter at the ends of its range 0 .. bucket/8 - 1, or outside it.",
		Effect:      "An implementation that accepts a jitter out of range writes a padded size the strict profile rejects."},
	"PaddingRule": {BugType: "MALLEABILITY",
		Description: "A padded plaintext whose size the padding rule cannot produce for its length (no padding at all, or too much). The SDK checks only the marker and the length; the strict profile checks the size too.",
		Effect:      "A strict implementation that accepts it lets a sender's padding fingerprint its software."},
	"BadPadding": {BugType: "BASIC",
		Description: "A padded plaintext with a marker other than 0x00, a length longer than the data, or fewer than 5 bytes.",
		Effect:      "Accepted, the implementation reads beyond the plaintext."},
	"Replay": {BugType: "BASIC",
		Description: "A message that was already received, or whose stored key was pruned (research I14). The SDK fails to decrypt it; the reference rejects it as a replay.",
		Effect:      "Accepted, an attacker replays old messages from the chain."},
	"DeliveryOrder": {BugType: "FUNCTIONALITY",
		Description: "A schedule of deliveries (some late, some twice, some never) kept because it takes a sequence of ratchet paths no other kept schedule takes: stored keys of this and earlier chains, DH steps that store the old chain, replays, an earlier chain's message whose key is not stored, topics forgotten after two DH steps.",
		Effect:      "An implementation that gets one path wrong loses a message the SDK reads, reads one it refuses, or ends in another state."},
	"OutOfOrder": {BugType: "FUNCTIONALITY",
		Description: "Messages that arrive out of order: the keys of the skipped ones are stored, and used once.",
		Effect:      "An implementation that does not store them loses messages; one that keeps them after use accepts replays."},
	"SkipLimit": {BugType: "EDGE_CASE",
		Description: "A header whose n - receivingMsgNumber or pn exceeds 100000, or is exactly at the limit (research I15).",
		Effect:      "Without the limit one message makes the receiver derive billions of keys."},
	"DHStepSkip": {BugType: "EDGE_CASE",
		Description: "A DH step message with n > 100000 while n - receivingMsgNumber of the old chain is within the limit: the SDK measures n against the old chain and derives n keys; the strict profile rejects it (spec/verbeth.md P23).",
		Effect:      "One authenticated message costs the receiver about 2 * 10^5 key derivations."},
	"Pruning": {BugType: "FUNCTIONALITY",
		Description: "More than 1000 stored skipped keys: the store is pruned to 1000 by a stable sort on createdAt (the session clock), newest first, so within one decryption the lowest message numbers are kept.",
		Effect:      "An implementation that prunes otherwise keeps other keys: messages that the SDK can read are lost, or pruned ones are read."},
	"Ed25519SL": {BugType: "SIGNATURE_MALLEABILITY",
		Description: "A message signature with S replaced by S + L. tweetnacl reduces S mod L and accepts it; RFC 8032 and the strict profile reject it.",
		Effect:      "Anyone can make a second valid signature of a message."},
	"BadSignature": {BugType: "BASIC",
		Description: "A message whose Ed25519 signature does not verify with the sender's identity key: a flipped bit, a changed payload, or another key.",
		Effect:      "Accepted, anyone can inject messages."},
	"AEAD": {BugType: "BASIC",
		Description: "A correctly signed message whose secretbox does not open under the message key.",
		Effect:      "Accepted, unauthenticated plaintext is returned."},
	"TopicRouting": {BugType: "FUNCTIONALITY",
		Description: "A message routed by the topic it arrived on before decryption (the SDK's SessionManager): the next inbound topic promotes the topics, the previous one is still read, an unknown one is not this session's.",
		Effect:      "An implementation that does not promote sends its next messages on the wrong topic, where the peer no longer listens."},
	"NoReceivingChain": {BugType: "BASIC",
		Description: "A message on the responder's epoch-0 key before any receiving chain exists.",
		Effect:      "Accepted, a message key is derived from nothing."},
	"MissingDHSecret": {BugType: "MISSING_PARAMETER",
		Description: "A message that needs a DH step, without the new ratchet secret the SDK draws for it.",
		Effect:      "An implementation that reuses an old secret, or none, breaks forward secrecy."},
	"Truncated": {BugType: "BASIC",
		Description: "A payload too short to hold the version, signature, header, nonce and Poly1305 tag (145 bytes). The SDK's parser accepts 105..144 bytes and its decryptor then fails.",
		Effect:      "An implementation that reads it reads beyond the input."},
	"PayloadVersion": {BugType: "MODIFIED_PARAMETER",
		Description: "A ratchet payload whose first byte is not 0x01.",
		Effect:      "Accepted, a message of an unknown format is processed as version 1."},
}
