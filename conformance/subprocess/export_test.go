package subprocess

import "time"

// PGIDs returns the process group of every start of a.
func PGIDs(a *Adapter) []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]int(nil), a.pgids...)
}

// SetTimer replaces the wall-clock timers of cfg.
func SetTimer(cfg *Config, f func(kind string, d time.Duration) (<-chan time.Time, func())) {
	cfg.timer = f
}
