// Package difffuzz is differential fuzzing of an implementation behind the
// adapter protocol (spec/adapter.md): it generates inputs of the protocol's
// families, asks the reference what they must give, sends them to the
// implementation, and reports every input on which the two disagree. The
// command is go run ./cmd/conformance -fuzz DURATION (cmd/conformance).
//
// # Generation
//
// Each family starts from the inputs of its vector tests (valid, invalid and
// acceptable), from fresh valid inputs drawn by live generators (fresh.go:
// new keys, new randomness, through the same code as vectorgen), and from
// the inputs kept by earlier campaigns (the corpus directory). A generated
// input is one of these with one to four mutations. A quarter of the picks
// of a family with a live generator are fresh inputs: one pick in 64 draws a
// new one (one in 512 for the Ixian families whose draw makes P-521 and
// ML-KEM-1024 keys, a whole handshake for some), which is sent once as it
// is; the other fresh picks take one of the last 16 drawn as the base of
// mutations. So each draw serves many cases, and generation stays a small
// part of a case's cost. A mutation changes one
// field, chosen from the family's catalogue entry, according to its type and
// its shape (shapes.go): an Ixian payload is edited through its framing
// (every IxiVarInt length prefix re-encoded in every width, minimal or not,
// or set to 0, rest-1, rest, rest+1 and huge; integer fields moved to the
// boundaries of narrower types), a public key is replaced by a low-order,
// off-curve, unreduced, compressed, uncompressed or hybrid form, a JSON text
// gets duplicate members, escapes, lone surrogates, a BOM, other number
// forms, deep nesting or another member order, base64 and hex get their
// variants, ratchet messages are reordered, dropped, replayed and delivered
// across DH steps (and signed again when edited); any field may also be
// swapped or spliced with the same field of another test of the family.
//
// # Guidance
//
// The engine keeps an input when it shows a behaviour not seen before
// (features in oracle.go). Behaviours are observed on the reference, with no
// instrumentation: its verdict; the exact check that rejected (the field,
// rule and category of its FieldError, and the value it got when that is a
// small number, large ones in logarithmic classes); the shape of an
// acceptance (each output's length or small value); and the implementation's
// answer, alone and paired with the reference's. Kept inputs become bases
// for further mutation (half the picks), so that a campaign climbs from one
// check to the next in the order the decoders apply them, as a coverage
// guided fuzzer climbs from one branch to the next.
//
// # Oracle
//
// The reference, under the campaign's profile, gives the expected answer: its
// outputs, or a rejection with its category. An input it calls malformed
// (an error without a category) is the generator's fault and is discarded.
// The implementation's answer is judged by conformance.Judge, the code that
// judges vector tests. A fault of the adapter (crash, hang, protocol
// violation) is a finding; so is an input on which the reference panics.
//
// # Findings
//
// A disagreement's signature is the family, the expected and the actual
// answer (verdict and category) and the first differing output. A new
// signature is minimised (fields put back to the base's values or dropped,
// then bytes removed) while the signature stays the same; repeats are only
// counted. A Finding holds the minimal inputs, both answers, the judgement,
// a vector test ready to add (its result and outputs computed by the
// reference under both profiles) and a command that replays it. The corpus
// directory (corpus.go) keeps the kept inputs and the findings, as
// findings.json and as vector files that the runner replays with -vectors
// and that go run ./cmd/vectorgen -add turns into vectors.
//
// # Throughput
//
// Lanes (Options.InFlight per instance) each generate, ask the reference,
// send and judge; a subprocess adapter that announces pipelining gets their
// requests without waiting for the answers to come back one by one. The
// protocol's lines in their usual form are read and written without
// encoding/json on both sides (conformance/subprocess), mutations decode a
// hex field once per base, and decompressed P-521 points are cached.
// BenchmarkFuzzThroughput (cmd/conformance) measures cases per second and
// the runner's share of the CPU, with and without the oracle.
package difffuzz
