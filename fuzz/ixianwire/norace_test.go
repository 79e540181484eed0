//go:build !race

package ixianwire

const raceEnabled = false
