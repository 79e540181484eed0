// Package check holds what every fuzz target of pqhs shares: the TB
// interface the checks report through, the profile invariant, the category
// check, and the allocation measurement the unit tests use. It imports
// nothing of the project but impl/category, so that each target package
// links only the code its targets are about (every linked package adds
// coverage counters that Go's fuzzer scans on every execution).
//
// Nothing here calls t.Helper: the checks run on every fuzzed input, and
// Helper (runtime.Callers, a mutex and a map) was about 30% of a check's
// CPU. A failure names its input instead.
package check

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pqhs/pqhs/impl/category"
)

// TB is the part of *testing.T that the checks use. *testing.T, *rapid.T
// and the T of OSS-Fuzz's go-118-fuzz-build implement it.
type TB interface {
	Fatalf(format string, args ...any)
}

// Category fails unless err is nil or a *category.FieldError carrying one
// of the categories of the closed list.
func Category(t TB, what string, err error) { categoryOf(t, what, "", err) }

// categoryOf is Category for one profile's error (which, "" for none),
// named only in a failure: under libFuzzer what+" (strict)" cost an
// allocation per rejected input, and fe.Cat == "" a copy of both strings
// (the compiler hooks every string comparison that is not of two
// constants, and the hook copies both when they differ); the map lookup
// alone refuses "".
func categoryOf(t TB, what, which string, err error) {
	if err == nil {
		return
	}
	fe, ok := err.(*category.FieldError) // what the decoders return; errors.As for the wrapped rest
	if !ok {
		fe = asFieldError(err) // apart, so that fe, whose address errors.As takes, is not on the heap for every error
	}
	if fe == nil || !knownCategory(fe.Cat) { // "" is not in the list
		if which != "" {
			what += " (" + which + ")"
		}
		t.Fatalf("%s: an error without a category: %v", what, err)
	}
}

func asFieldError(err error) *category.FieldError {
	var fe *category.FieldError
	errors.As(err, &fe)
	return fe
}

// knownCategory says whether c is in the closed list: a map lookup where
// slices.Contains compared strings along the list, on every rejected input.
func knownCategory(c category.Category) bool { _, ok := known[c]; return ok }

var known = func() map[category.Category]bool {
	m := map[category.Category]bool{}
	for _, c := range category.All {
		m[c] = true
	}
	return m
}()

// Same is SameVerdict for results the caller compares (same, computed
// only when both accept): no reflect.DeepEqual, whose cost on decoded
// messages was most of a check's under libFuzzer. It reports whether
// Strict accepted. When both accept alike it is a call that returns after
// three tests, as before it took the results (it is not inlined: the
// compiler calls a generic function's shared body); strict and deployed are
// read only when the check fails, to show what each profile read (a copy
// of each is printed, so the caller's variables stay on its stack).
func Same[T any](t TB, what string, strict *T, errS error, deployed *T, errD error, same bool) bool {
	if errS == nil && errD == nil && same {
		return true
	}
	return sameRest(t, what, strict, errS, deployed, errD)
}

// sameRest is Same past the common case: a rejection, or a failure.
func sameRest[T any](t TB, what string, strict *T, errS error, deployed *T, errD error) bool {
	categoryOf(t, what, "strict", errS)
	if errD != errS { // one error for both when the reading both profiles share stopped
		categoryOf(t, what, "deployed", errD)
	}
	if errS != nil {
		return false
	}
	s := *strict
	if errD != nil {
		t.Fatalf("%s: strict accepts what deployed rejects: %v\nstrict read %s", what, errD, show(reflect.ValueOf(s)))
	}
	d := *deployed
	t.Fatalf("%s: the profiles accept with different results (want: deployed's, got: strict's):\n%s", what, Diff(d, s))
	return false
}

// SameRejection fails unless two rejections of one input, Strict's and
// Deployed's, name the same field, rule and category: for the decoders
// whose Strict makes every check Deployed makes, in the same order, and its
// own only after them, so that an input both profiles reject gets the same
// reason from both.
func SameRejection(t TB, what string, errS, errD error) {
	fs, okS := errS.(*category.FieldError)
	fd, okD := errD.(*category.FieldError)
	if okS && okD {
		if fs.Field == fd.Field && fs.Rule == fd.Rule && fs.Cat == fd.Cat {
			return
		}
	} else if category.Of(errS) == category.Of(errD) {
		return
	}
	t.Fatalf("%s: the profiles reject for different reasons:\nstrict   %v\ndeployed %v", what, errS, errD)
}

// SameVerdict checks the profile invariant on one input: both errors carry
// categories, and whatever Strict accepts Deployed accepts with the same
// result. It reports whether Strict accepted.
func SameVerdict[T any](t TB, what string, strict T, errS error, deployed T, errD error) bool {
	categoryOf(t, what, "strict", errS)
	categoryOf(t, what, "deployed", errD)
	if errS != nil {
		return false
	}
	if errD != nil {
		t.Fatalf("%s: strict accepts what deployed rejects: %v\nstrict read %s", what, errD, show(reflect.ValueOf(strict)))
	}
	if !reflect.DeepEqual(strict, deployed) {
		t.Fatalf("%s: the profiles accept with different results (want: deployed's, got: strict's):\n%s", what, Diff(deployed, strict))
	}
	return true
}

// Diff shows where want and got differ. For two structs (or pointers to
// them) of one type it lists the fields whose printed values differ, one
// line each, "Field: want X, got Y" (bytes in hex); otherwise, or where no
// printed field differs (NaN against NaN, nil against empty), it shows both
// whole. It uses what the fuzz binaries link already (fmt and reflect; not
// go-cmp, whose coverage counters every fuzzed input would pay for).
func Diff(want, got any) string {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	for w.Kind() == reflect.Pointer && g.Kind() == reflect.Pointer && !w.IsNil() && !g.IsNil() {
		w, g = w.Elem(), g.Elem()
	}
	var b strings.Builder
	if w.IsValid() && g.IsValid() && w.Type() == g.Type() && w.Kind() == reflect.Struct {
		for i := range w.NumField() {
			if fw, fg := showDepth(w.Field(i), 2), showDepth(g.Field(i), 2); fw != fg {
				fmt.Fprintf(&b, "%s: want %s, got %s\n", w.Type().Field(i).Name, fw, fg)
			}
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "want %s\ngot  %s\n", show(w), show(g))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// show prints a value for Diff and Same: as %+v, but byte strings in hex
// and what a pointer points to rather than its address, also in the
// fields of structs (three levels down, which bounds a cycle).
func show(v reflect.Value) string { return showDepth(v, 3) }

func showDepth(v reflect.Value, depth int) string {
	if !v.IsValid() {
		return "<nil>"
	}
	prefix := ""
	if v.Kind() == reflect.Pointer && !v.IsNil() && depth > 0 {
		prefix, v = "&", v.Elem()
	}
	switch {
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && v.Type().Elem().Kind() == reflect.Uint8:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return prefix + "nil"
		}
		return fmt.Sprintf("%s%x", prefix, v)
	case v.Kind() == reflect.Struct && depth > 0:
		var b strings.Builder
		b.WriteString(prefix + "{")
		for i := range v.NumField() {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(v.Type().Field(i).Name + ":" + showDepth(v.Field(i), depth-1))
		}
		return b.String() + "}"
	}
	return fmt.Sprintf("%s%+v", prefix, v)
}

var allocMu sync.Mutex

// AllocBytes returns the bytes f allocates: the least of three readings,
// taken with one P as testing.AllocsPerRun takes them. The statistics are
// process-wide, and other goroutines allocate between two readings now and
// then; a decoder allocates the same on every call. Each reading stops the
// world twice, so this belongs in unit tests over a corpus, never in a
// fuzz loop.
func AllocBytes(f func()) uint64 {
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

// ErrAlloc bounds what a failed decode may allocate: the FieldError and its
// boxed Got and Want values.
const ErrAlloc = 512

// Proportional is a limit for decoders that copy or parse their input: k
// bytes per input byte, plus a constant.
func Proportional(inputLen int, k uint64) uint64 { return k*uint64(inputLen) + 4096 }

// Unhex decodes the hex of a handwritten seed.
func Unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Fit returns b zero-padded or cut to n bytes, in a new slice.
func Fit(b []byte, n int) []byte {
	out := make([]byte, n)
	copy(out, b)
	return out
}

// XorFit returns a copy of base with b (cut or zero-padded to len(base))
// XORed in: an edit of a valid value, so that the fuzzer explores near it.
func XorFit(base, b []byte) []byte {
	out := bytes.Clone(base)
	for i := range min(len(b), len(out)) {
		out[i] ^= b[i]
	}
	return out
}

// WorkLimit is how long one call of the code under test may run before
// Bounded reports it. Go's fuzzer has no per-input limit: an input that
// makes code derive millions of keys looks like a hang, or the worker is
// killed without a report. The honest worst case of pqhs's targets (a
// ratchet message skipping 100,000 keys) takes well under a second even on
// a loaded machine.
var WorkLimit = 20 * time.Second

// Bounded runs f and reports, as a finding with the input, a call that
// runs longer than WorkLimit: the per-input work bound.
func Bounded(t TB, what string, f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(WorkLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		t.Fatalf("%s: the work bound: still running after %v (an input must not make the code do unbounded work)", what, WorkLimit)
	}
}
