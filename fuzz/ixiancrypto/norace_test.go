//go:build !race

package ixiancrypto

const raceEnabled = false
