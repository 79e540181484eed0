// Package stackdepth calls a function from a chosen depth of the stack.
//
// Some code runs at a speed that depends on where its stack frame lies in
// a 4 KiB page: circl's X25519 key generation, called through frames 64
// bytes apart, took 16-17 µs at 63 of the 64 positions and 25 µs at one
// (README.md, the Verbeth handshake's row). Code that calls it from the
// same frames every time is fast or slow for a whole run by chance of
// layout; calling it from a depth that moves over the 64 positions, one
// run or one iteration after another, makes a slow position one in 64.
package stackdepth

// At calls f n frames of 64 bytes below its caller (on amd64 At's own
// frame is 56 bytes and the return address 8: `go build -gcflags=-S`
// prints `$56-16`). The pad is read after the call, so that it stays in
// the frame.
//
//go:noinline
func At(n int, f func()) byte {
	var pad [24]byte
	if n <= 0 {
		f()
		return 0
	}
	pad[n%len(pad)] = byte(n)
	return At(n-1, f) + pad[n%len(pad)]
}
