package subprocess

// SubmitFallbacks is how many submitted requests took Do's path so far.
func SubmitFallbacks() int64 { return submitFallbacks.Load() }
