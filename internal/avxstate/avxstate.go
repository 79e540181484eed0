// Package avxstate clears the upper halves of the AVX registers after code
// that leaves them dirty.
//
// circl's ML-KEM assembly (NTT, Keccak x4) uses AVX2 and returns without
// VZEROUPPER. Until something clears them (Go's own memmove and memclr do,
// for large sizes), every later SSE instruction on an Intel core waits on
// the dirty upper halves: on this project's Intel VM (a Xeon with
// AVX-512), a decapsulation and ten HKDF-SHA256 calls (SHA-NI) took 365 µs
// of CPU, against 37 µs with Clear between them (BenchmarkHKDFAfterKEM).
// Whether code paid it depended on whether a large copy or a new large
// allocation happened to lie between the KEM and the next SSE code, so
// removing a copy could make a handshake slower.
// Calling Clear after each call into circl's ML-KEM makes the cost
// independent of what the code around it does. AMD cores have no such
// penalty; there Clear costs a few nanoseconds.
//
// impl/verbeth calls it after ML-KEM-768, whose next steps are HKDFs and a
// secretbox. impl/ixian's ML-KEM-1024 calls do not: cleared there too, its
// HandshakeCost ratio and CPU (3.0-3.3 ms, P-521 arithmetic most of it)
// did not move.
package avxstate

// Clear executes VZEROUPPER where the CPU has AVX, and nothing elsewhere.
func Clear() {
	if hasAVX {
		vzeroupper()
	}
}
