//go:build race

package ixianwire

const raceEnabled = true
