package category

import (
	"errors"
	"fmt"
	"testing"
)

// FieldError.Error is built without fmt for common values; it must read as
// the fmt formula it replaces, for every kind of Got and Want.
func TestFieldErrorText(t *testing.T) {
	type kind string
	values := []any{nil, 0, -7, int64(-1 << 40), uint64(1 << 63), "", "a pending handshake", byte(0x30), []byte{1, 2}, 1.5, kind("x"), FieldLength, errors.New("e")}
	for _, got := range values {
		for _, want := range values {
			for _, cause := range []error{nil, errors.New("short read")} {
				e := &FieldError{Field: "aesSalt", Rule: "length", Cat: FieldLength, Got: got, Want: want, Err: cause}
				old := fmt.Sprintf("%s: %s rule broken (%s)", e.Field, e.Rule, e.Cat)
				if e.Got != nil || e.Want != nil {
					old += fmt.Sprintf(": got %v, want %v", e.Got, e.Want)
				}
				if e.Err != nil {
					old += ": " + e.Err.Error()
				}
				if msg := e.Error(); msg != old {
					t.Errorf("got %#v want %#v: %q, fmt says %q", got, want, msg, old)
				}
			}
		}
	}
}

// Of's shortcuts give what errors.As gives.
func TestOf(t *testing.T) {
	wrapped := fmt.Errorf("decoding: %w", &FieldError{Field: "f", Cat: SaltLength})
	for _, err := range []error{nil, errors.New("x"), FieldLength, &FieldError{Cat: EmptyField}, &FieldError{Cat: EmptyField, Err: FieldLength}, &FieldError{}, wrapped} {
		var want Category
		errors.As(err, &want)
		if got := Of(err); got != want {
			t.Errorf("Of(%v) = %q, want %q", err, got, want)
		}
	}
}
