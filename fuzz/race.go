//go:build race

package fuzz

// raceEnabled: the race detector allocates on its own account, so the
// allocation checks are off under -race.
const raceEnabled = true
