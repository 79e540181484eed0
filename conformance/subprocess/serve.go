package subprocess

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/pqhs/pqhs/conformance"
)

// ServeWindow is the pipelining window Serve announces.
const ServeWindow = 64

// Handler runs one request; an Adapter's Do method is a Handler. A Go error
// is answered as an "error" response.
type Handler func(ctx context.Context, req conformance.Request) (conformance.Reply, error)

// Serve is the adapter side of spec/adapter.md: it writes the hello, then
// answers every request read from r with one line on w, until r ends. It
// lets a Go implementation (and the reference itself, with
// `conformance -serve`) be an adapter program:
//
//	err := subprocess.Serve(os.Stdin, os.Stdout, info, impl.Do)
//
// A request with a usable id but bad fields is answered with an error; a
// handler's panic too. A line Serve cannot attribute to a request (not JSON,
// no id, longer than MaxLine, cut off at the end of the input) breaks the
// protocol: Serve returns an error and the program should exit non-zero,
// so that the runner records the fault. At the end of the input Serve
// returns nil.
//
// Serve announces pipelining (pipeline/1, window ServeWindow): it answers
// the requests in the order they come, and writes its answers when no
// request it has read is left, so that a window of requests costs one
// write.
func Serve(r io.Reader, w io.Writer, hello conformance.Info, h Handler) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush() // the answers held back, also when a bad line ends the conversation
	lr := newLineReader(r, MaxLine)
	send := func(line []byte) error {
		if _, err := bw.Write(line); err != nil {
			return err
		}
		if lr.r.Buffered() > 0 {
			return nil // more requests to answer first
		}
		return bw.Flush()
	}
	line, err := encodeHelloWindow(hello, ServeWindow)
	if err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	if err := send(line); err != nil {
		return err
	}
	ctx := context.Background()
	var buf []byte // the reply being written
	for {
		in, err := lr.next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("the input ended inside a request: %q", Printable(in, 200, false))
		case errors.Is(err, ErrLineTooLong):
			return fmt.Errorf("a request line is longer than %d bytes", MaxLine)
		case err != nil:
			return err
		}
		id, req, err := decodeRequest(in)
		if id == 0 {
			return fmt.Errorf("not a request (%v): %s", err, Printable(in, 200, false))
		}
		var reply conformance.Reply
		if err != nil {
			reply = conformance.ErrorReply("bad request: " + err.Error())
		} else {
			reply = call(ctx, h, req)
		}
		out, err := appendReply(buf[:0], id, reply)
		if err == nil {
			buf = out[:0] // kept for the next reply once bw has it
		} else {
			out, err = encodeReply(id, conformance.ErrorReply("the adapter could not encode its reply: "+err.Error()))
		}
		if err == nil && len(out) > MaxLine+1 {
			out, err = encodeReply(id, conformance.ErrorReply(fmt.Sprintf("the reply (%d bytes) exceeds the line limit", len(out))))
		}
		if err != nil {
			return err
		}
		if err := send(out); err != nil {
			return err
		}
		if cap(buf) > 1<<20 {
			buf = nil // a long reply made it large
		}
	}
}

func call(ctx context.Context, h Handler, req conformance.Request) (r conformance.Reply) {
	defer func() {
		if v := recover(); v != nil {
			r = conformance.ErrorReply(fmt.Sprintf("panic: %v\n%s", v, debug.Stack()))
		}
	}()
	r, err := h(ctx, req)
	if err != nil {
		return conformance.ErrorReply(err.Error())
	}
	return r
}

// ServeAdapter serves a as an adapter program on r and w: its Hello is the
// hello and its Do answers the requests.
func ServeAdapter(r io.Reader, w io.Writer, a conformance.Adapter) error {
	info, err := a.Hello(context.Background())
	if err != nil {
		return err
	}
	defer a.Close()
	return Serve(r, w, info, a.Do)
}
