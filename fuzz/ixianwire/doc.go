// Package ixianwire holds the fuzz targets of the Ixian wire decoders
// (IxiVarInt, IxiBytes, the requestAdd2, acceptAdd2 and keys2 payloads,
// SpixiMessage frames, Ixian RSA public keys) and of the handshakeStatus
// state machine. Its test binary links impl/ixian and nothing else of
// pqhs, so Go's fuzzer scans a coverage map a quarter the size of one that
// links the whole project (fuzz/README.md, Speed).
//
// Each FuzzX has a FuzzBareX twin that only calls the Deployed decoder on
// the same seeds: BenchmarkEngine fuzzes both, interleaved, and reports
// their executions per CPU-second of the fuzzing worker.
package ixianwire
