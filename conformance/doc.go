// Package conformance replays the pqhs test vectors against an
// implementation behind an Adapter and judges every answer.
//
// # One operation per protocol step, called generically
//
// The protocol steps that the vectors exercise (decode and encode each
// message, derive the keys from given secrets, run one role of a handshake
// from given randomness, compute the Verbeth tag, open an envelope, ...) are
// the families of the vector catalogue: family = operation = vector file
// (see package vectors). An Adapter therefore has one method, Do, that runs
// the operation named in the request, rather than one Go method per step:
//
//   - the runner needs no code per family: it sends a test's inputs to the
//     operation the file names and compares the outputs or the error category;
//   - a new family is a catalogue entry, a reference function and a generator;
//     the interface, the subprocess protocol and every existing adapter stay
//     as they are, and an adapter that lacks the new step answers
//     "unsupported", which is reported as skipped, never as passed;
//   - the subprocess protocol (spec/adapter.md) is the same call on the wire,
//     so an in-process Go implementation and a port in another language are
//     judged by the same code.
//
// The operation names are the protocol steps, in the protocol's own words
// ("ixian/acceptAdd2/decode", "verbeth/tag"); vectors.Families lists them
// with their inputs and outputs. Go callers that want a step as a function
// call use Call, which returns the outputs or an error carrying the
// rejection's category.
//
// # Running
//
// Cases turns vector files into Cases; Select filters them; Run sends each to
// one or more adapters (Options.Parallel) and returns a Report with exactly
// one Result per case, in the order of the cases, whatever the adapters do:
// a fault of the adapter (a crash, a hang, garbage on its output) is an Error
// result for the case that provoked it, and the run goes on. Expectations
// (an expected-failures file) mark known divergences of a port; a must-run
// list protects critical tests from being disabled.
//
// Checks that are more than one request with a fixed answer, such as live
// handshake sessions played against the adapter, plug in as a Case with a
// Checker; they go through the same scheduling, fault handling, expectations
// and reports.
package conformance
