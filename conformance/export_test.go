package conformance

import "time"

// SetAbandonGrace shortens the grace for tests; it returns the restorer.
func SetAbandonGrace(d time.Duration) func() {
	old := abandonGrace
	abandonGrace = d
	return func() { abandonGrace = old }
}

// SetInterruptGrace shortens the grace after an interrupt for tests; it
// returns the restorer.
func SetInterruptGrace(d time.Duration) func() {
	old := interruptGrace
	interruptGrace = d
	return func() { interruptGrace = old }
}
