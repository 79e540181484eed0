package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// ProtocolVersion names the adapter protocol of spec/adapter.md. An adapter
// announces it in its hello.
const ProtocolVersion = "pqhs-adapter/1"

// Info is what an adapter says about itself: the hello of spec/adapter.md.
type Info struct {
	Protocol string `json:"protocol"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	// Profiles are the validation profiles the adapter can follow.
	Profiles []vectors.Profile `json:"profiles"`
	// Operations are the families the adapter implements. Tests of other
	// families are skipped without a request.
	Operations []string `json:"operations"`
}

// Supports reports whether the adapter announced operation op.
func (i *Info) Supports(op string) bool { return slices.Contains(i.Operations, op) }

// Follows reports whether the adapter announced profile p.
func (i *Info) Follows(p vectors.Profile) bool { return slices.Contains(i.Profiles, p) }

// Request asks an adapter to run one operation.
type Request struct {
	// Op is the family name, e.g. "ixian/acceptAdd2/decode".
	Op string
	// Profile is the validation profile to follow; one the adapter announced.
	Profile vectors.Profile
	// Inputs are the family's inputs (a vector's group inputs already merged
	// with the test's).
	Inputs vectors.Values
}

// Kind is the form of a Reply: the four answers of spec/adapter.md.
type Kind uint8

const (
	// KindOutputs: the operation succeeded; Reply.Outputs holds its outputs.
	KindOutputs Kind = iota + 1
	// KindReject: the input was rejected with Reply.Category. A rejection is
	// an ordinary answer, which most invalid tests expect.
	KindReject
	// KindUnsupported: the adapter does not implement the operation, or this
	// case of it; Reply.Message says why. Reported as skipped.
	KindUnsupported
	// KindError: the adapter itself failed (a bug, not a verdict);
	// Reply.Message says how. Reported as an error.
	KindError
)

func (k Kind) String() string {
	switch k {
	case KindOutputs:
		return "outputs"
	case KindReject:
		return "reject"
	case KindUnsupported:
		return "unsupported"
	case KindError:
		return "error"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Reply is an adapter's answer to one Request.
type Reply struct {
	Kind Kind
	// Outputs are the operation's outputs (KindOutputs).
	Outputs vectors.Values
	// Category is why the input was rejected (KindReject). It is what the
	// adapter said, which may be a name outside the closed list; the runner
	// fails such an answer.
	Category category.Category
	// Message is free text for people: the rejection's explanation, the
	// reason an operation is unsupported, or what went wrong.
	Message string
}

// OutputsReply is the answer of an operation that succeeded.
func OutputsReply(out vectors.Values) Reply { return Reply{Kind: KindOutputs, Outputs: out} }

// RejectReply is the answer of an operation that rejected its input.
func RejectReply(c category.Category, msg string) Reply {
	return Reply{Kind: KindReject, Category: c, Message: msg}
}

// UnsupportedReply is the answer for an operation the adapter lacks.
func UnsupportedReply(reason string) Reply { return Reply{Kind: KindUnsupported, Message: reason} }

// ErrorReply is the answer of an adapter that failed.
func ErrorReply(msg string) Reply { return Reply{Kind: KindError, Message: msg} }

// An Adapter runs protocol steps for the runner: the reference in process,
// a program in another language through spec/adapter.md (package
// conformance/subprocess), or a deliberately wrong implementation.
//
// Hello and Do return a Go error only for a fault of the adapter itself (it
// could not start, it crashed, hung or broke the protocol); such errors
// should be *Fault values, which the reports show with what was seen. A
// rejection, an unsupported operation or an error the adapter reports in
// band are Replies, not Go errors.
//
// The runner calls an adapter from one goroutine at a time, unless the same
// adapter is handed to several workers with Shared.
type Adapter interface {
	// Hello returns the adapter's announcement. The runner calls it before
	// the first request; an adapter that has to start may start here.
	Hello(ctx context.Context) (Info, error)
	// Do runs one operation. It should give up when ctx is done. It must
	// keep no reference to req's Inputs once it returns: the caller may
	// reuse their memory (differential fuzzing does). Nor should it use
	// ctx once it returns: the runner makes the context of a request whose
	// Done nobody called the next request's (a goroutine that waits on
	// Done keeps a context of its own).
	Do(ctx context.Context, req Request) (Reply, error)
	// Close releases the adapter (stops its process).
	Close() error
}

// A Starter is an Adapter that has to start (a program) before it can take
// a request. The runner calls Start before each request, outside the
// request's timeout, so that starting or restarting is bounded by the
// adapter's own start timeout rather than by what is left of a request's;
// a deadline of ctx does not bound it, a cancellation does. An error is
// the fault of the start, recorded against the case that needed it.
type Starter interface {
	Start(ctx context.Context) error
}

// A Killer is an Adapter that can be stopped at once: an interrupted run
// kills its instances instead of closing them and waiting for them to
// exit. Kill ends the instance as Close does.
type Killer interface {
	Kill() error
}

type timeoutKey struct{}

// WithTimeout returns ctx with a deadline t from now, and t recorded for
// TimeoutOf, so that an adapter's messages can name the timeout the user
// set rather than the time that happened to be left.
func WithTimeout(ctx context.Context, t time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithValue(ctx, timeoutKey{}, t), t)
}

// TimeoutOf returns the timeout that WithTimeout recorded in ctx.
func TimeoutOf(ctx context.Context) (time.Duration, bool) {
	t, ok := ctx.Value(timeoutKey{}).(time.Duration)
	return t, ok
}

// Func is an in-process Adapter made of a function: for test doubles,
// deliberately wrong implementations, and wrappers around another adapter.
type Func struct {
	Info Info
	Op   func(ctx context.Context, req Request) (Reply, error)
}

// Hello returns f.Info.
func (f *Func) Hello(context.Context) (Info, error) { return f.Info, nil }

// Do calls f.Op.
func (f *Func) Do(ctx context.Context, req Request) (Reply, error) { return f.Op(ctx, req) }

// Close does nothing.
func (f *Func) Close() error { return nil }

// FaultKind names a fault of an adapter.
type FaultKind string

// The faults of spec/adapter.md, and two of in-process adapters.
const (
	FaultNoHello     FaultKind = "no hello"           // did not start, or its first line was not a valid hello
	FaultTimeout     FaultKind = "timeout"            // no answer within the request timeout
	FaultExited      FaultKind = "exited"             // exited or crashed during a request
	FaultProtocol    FaultKind = "protocol violation" // an answer that breaks spec/adapter.md
	FaultUnavailable FaultKind = "unavailable"        // the runner gave up starting the adapter
	FaultInterrupted FaultKind = "interrupted"        // the run was cancelled
	FaultPanic       FaultKind = "panic"              // an in-process adapter panicked
	FaultOther       FaultKind = "adapter failure"    // any other Go error from an adapter
)

// Fault is a failure of the adapter itself, recorded against the test that
// was running, with what was seen.
type Fault struct {
	Kind    FaultKind
	Message string
	// Seen is what the adapter wrote on its output for this request, made
	// printable (invalid UTF-8 and control bytes as \xNN) and truncated.
	Seen string
	// Stderr is the tail of the adapter's standard error.
	Stderr string
	// Status is the exit status, when the adapter exited.
	Status string
}

func (f *Fault) Error() string {
	msg := string(f.Kind)
	if f.Message != "" {
		msg += ": " + f.Message
	}
	if f.Status != "" {
		msg += " (" + f.Status + ")"
	}
	return msg
}

// AsFault returns err as a *Fault, wrapping other errors as FaultOther.
func AsFault(err error) *Fault {
	if err == nil {
		return nil
	}
	var f *Fault
	if errors.As(err, &f) {
		return f
	}
	return &Fault{Kind: FaultOther, Message: err.Error()}
}

// RejectError is a rejection returned by Call. category.Of and errors.Is
// see its category when the category is in the closed list.
type RejectError struct {
	Category category.Category
	Message  string
}

func (e *RejectError) Error() string {
	if e.Message == "" {
		return "rejected: " + string(e.Category)
	}
	return "rejected (" + string(e.Category) + "): " + e.Message
}

// Unwrap exposes a known category to errors.Is and category.Of.
func (e *RejectError) Unwrap() error {
	if _, ok := category.Parse(string(e.Category)); ok {
		return e.Category
	}
	return nil
}

// ErrUnsupported is returned by Call when the adapter does not support the
// operation.
var ErrUnsupported = errors.New("operation not supported by the adapter")

// AdapterError is an error the adapter reported in band (KindError).
type AdapterError struct{ Message string }

func (e *AdapterError) Error() string { return "adapter error: " + e.Message }

// Call runs one protocol step as a function call: the outputs, or a
// *RejectError, ErrUnsupported (wrapped with the reason), an *AdapterError,
// or the adapter's fault.
func Call(ctx context.Context, a Adapter, op string, p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	r, err := a.Do(ctx, Request{Op: op, Profile: p, Inputs: in})
	if err != nil {
		return nil, err
	}
	return r.Result()
}

// Result turns a reply into the outputs or an error, as Call does.
func (r Reply) Result() (vectors.Values, error) {
	switch r.Kind {
	case KindOutputs:
		return r.Outputs, nil
	case KindReject:
		return nil, &RejectError{Category: r.Category, Message: r.Message}
	case KindUnsupported:
		return nil, fmt.Errorf("%w: %s", ErrUnsupported, r.Message)
	case KindError:
		return nil, &AdapterError{Message: r.Message}
	}
	return nil, &AdapterError{Message: fmt.Sprintf("reply of unknown kind %d", r.Kind)}
}

// MessageLimit bounds every string an adapter provides that the runner keeps:
// error and rejection messages, reasons for unsupported operations, names
// and versions. Longer strings are cut, with a note of the rest's length.
const MessageLimit = 4 << 10

// Printable makes text from an adapter safe to keep and show: valid UTF-8
// is kept, and everything that could drive a terminal, forge a line of a
// report or reorder text is escaped — control characters (C0, DEL, C1) as
// \xNN or \u00NN, invalid UTF-8 as \xNN, bidirectional and other invisible
// format characters as \uNNNN, and a backslash as \\. Tabs stay, and
// newlines stay only with keepNewlines (for standard error, which reports
// show indented line by line). The result holds at most limit bytes of the
// input and notes how many were left out.
func Printable(b []byte, limit int, keepNewlines bool) string {
	var sb strings.Builder
	cut := 0
	if len(b) > limit {
		cut = len(b) - limit
		b = b[:limit]
	}
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&sb, `\x%02x`, b[0])
			size = 1
		case r == '\n' && keepNewlines, r == '\t':
			sb.WriteByte(byte(r))
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, `\x%02x`, r)
		case r == '\\':
			sb.WriteString(`\\`)
		case r >= 0x80 && r < 0xa0, unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029, r == 0xfffe, r == 0xffff:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.Write(b[:size])
		}
		b = b[size:]
	}
	if cut > 0 {
		fmt.Fprintf(&sb, "… (%d more bytes)", cut)
	}
	return sb.String()
}

// PrintableString is Printable for a string, on one line, within
// MessageLimit.
func PrintableString(s string) string {
	if len(s) <= MessageLimit && plainASCII(s) {
		return s // the common case, without a copy
	}
	if len(s) > MessageLimit {
		return Printable([]byte(s[:MessageLimit]), MessageLimit, false) + fmt.Sprintf("… (%d more bytes)", len(s)-MessageLimit)
	}
	return Printable([]byte(s), MessageLimit, false)
}

// plainASCII reports whether s holds only printable ASCII other than the
// backslash, which Printable keeps as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}
