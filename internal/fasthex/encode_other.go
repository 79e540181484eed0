//go:build !amd64 || purego

package fasthex

func encode(dst, src []byte) { encodeGeneric(dst, src) }
