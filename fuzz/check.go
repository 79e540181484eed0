package fuzz

import (
	"encoding/hex"
	"errors"
	"flag"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pqhs/pqhs/impl/category"
)

// TB is the part of *testing.T that the checks use. *testing.T and the T of
// OSS-Fuzz's go-118-fuzz-build implement it; properties wrap their *rapid.T
// (rapidTB).
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkCategory fails unless err is nil or a *category.FieldError carrying
// one of the categories of the closed list.
func checkCategory(t TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var fe *category.FieldError
	c := category.Of(err)
	if !errors.As(err, &fe) || fe.Cat == "" || c == "" || !slices.Contains(category.All, c) {
		t.Fatalf("%s: an error without a category: %v", what, err)
	}
}

// sameVerdict checks the profile invariant on one input: both errors carry
// categories, and whatever Strict accepts Deployed accepts with the same
// result. It reports whether Strict accepted.
func sameVerdict[T any](t TB, what string, strict T, errS error, deployed T, errD error) bool {
	t.Helper()
	checkCategory(t, what+" (strict)", errS)
	checkCategory(t, what+" (deployed)", errD)
	if errS != nil {
		return false
	}
	if errD != nil {
		t.Fatalf("%s: strict accepts what deployed rejects: %v", what, errD)
	}
	if !reflect.DeepEqual(strict, deployed) {
		t.Fatalf("%s: the profiles accept with different results:\nstrict   %+v\ndeployed %+v", what, strict, deployed)
	}
	return true
}

// fuzzing reports whether the process is fuzzing rather than replaying a
// corpus. Outside `go test` (a libFuzzer binary) it is true.
var fuzzing = func() bool {
	f := flag.Lookup("test.fuzz")
	return f == nil || f.Value.String() != ""
}

// sampled counts calls to the allocation check: while fuzzing, reading the
// memory statistics stops the world, so only every 16th input is measured;
// a corpus replay measures every input.
var sampled atomic.Uint64

var allocMu sync.Mutex

// allocBytes returns the bytes f allocates: the least of three readings,
// taken with one P as testing.AllocsPerRun takes them. The statistics are
// process-wide, and other goroutines (a fuzzing worker's own, a test's
// leftovers, on a loaded machine) allocate between two readings now and
// then; a decoder allocates the same on every call.
func allocBytes(f func()) uint64 {
	// One measurement at a time, or two could interleave their save and
	// restore of GOMAXPROCS and leave it at 1.
	allocMu.Lock()
	defer allocMu.Unlock()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	least := ^uint64(0)
	var a, b runtime.MemStats
	for range 3 {
		runtime.ReadMemStats(&a)
		f()
		runtime.ReadMemStats(&b)
		least = min(least, b.TotalAlloc-a.TotalAlloc)
	}
	return least
}

// checkAlloc fails if f allocates more than limit bytes. Decoders are
// called with the whole input, so a limit that does not grow with a length
// prefix proves the prefix cannot make them allocate.
func checkAlloc(t TB, what string, inputLen int, limit uint64, f func()) {
	t.Helper()
	if raceEnabled || (fuzzing() && sampled.Add(1)%16 != 0) {
		return
	}
	if n := allocBytes(f); n > limit {
		t.Fatalf("%s allocated %d bytes for a %d-byte input (limit %d)", what, n, inputLen, limit)
	}
}

// errAlloc bounds what a failed decode may allocate: the FieldError and its
// boxed Got and Want values.
const errAlloc = 512

// proportional is a limit for decoders that copy or parse their input: k
// bytes per input byte, plus a constant.
func proportional(inputLen int, k uint64) uint64 { return k*uint64(inputLen) + 4096 }

// unhex decodes the hex of a handwritten seed.
func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
