//go:build !amd64

package avxstate

const hasAVX = false

func vzeroupper() {}
