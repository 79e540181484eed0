//go:build !race

package verbeth

const raceEnabled = false
