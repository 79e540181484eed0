//go:build !purego

package fasthex

// encodeBlocks writes the hex of n bytes of src (n a multiple of 16) into
// the 2n bytes of dst: 16 bytes at a time in SSE2 registers.
//
//go:noescape
func encodeBlocks(dst, src *byte, n int)

func encode(dst, src []byte) {
	if n := len(src) &^ 15; n > 0 {
		encodeBlocks(&dst[0], &src[0], n)
		dst, src = dst[2*n:], src[n:]
	}
	encodeGeneric(dst, src)
}
