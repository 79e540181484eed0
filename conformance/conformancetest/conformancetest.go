// Package conformancetest is a test double of a protocol, for testing the
// conformance runner and what is built on it, as net/http/httptest is for
// net/http: a small protocol step, its vectors, and adapters (correct ones,
// and adapter programs that misbehave on purpose). It has nothing to do with
// Ixian or Verbeth: the runner is generic, and its tests should not wait
// for, or break with, the real families.
//
// The step, "pqhstest/frame/decode", reads one frame: a length byte n, then
// n payload bytes. A zero length is an empty_field rejection, a frame longer
// than the data truncated; bytes after the frame are trailing_bytes under
// the strict profile and returned as "rest" under the deployed one.
package conformancetest

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

// The families of the double.
var (
	// Decode is the double's step, "pqhstest/frame/decode".
	Decode = &vectors.Family{
		Name:  "pqhstest/frame/decode",
		Title: "test double: decode one length-prefixed frame",
		Inputs: []vectors.Field{
			{Name: "data", Type: vectors.Hex, Doc: "a length byte n, then n bytes"},
		},
		Outputs: []vectors.Field{
			{Name: "payload", Type: vectors.Hex, Doc: "the n bytes"},
			{Name: "length", Type: vectors.Int, Doc: "bytes consumed"},
			{Name: "rest", Type: vectors.Hex, Doc: "bytes after the frame (deployed)", Optional: true},
		},
	}
	// Encode is catalogued but implemented by no program of this package, so
	// that its tests are skipped.
	Encode = &vectors.Family{
		Name:    "pqhstest/frame/encode",
		Title:   "test double: encode one frame",
		Inputs:  []vectors.Field{{Name: "payload", Type: vectors.Hex}},
		Outputs: []vectors.Field{{Name: "data", Type: vectors.Hex}},
	}
	once sync.Once
)

// Register adds the double's families to the catalogue (once).
func Register() { once.Do(func() { vectors.Register(Decode, Encode) }) }

// Run is the correct implementation of Decode.
func Run(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	data, err := in.Bytes("data")
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, &category.FieldError{Field: "length", Rule: "present", Cat: category.Truncated}
	}
	n := int(data[0])
	switch {
	case n == 0:
		return nil, &category.FieldError{Field: "payload", Rule: "non-empty", Cat: category.EmptyField}
	case n > len(data)-1:
		return nil, &category.FieldError{Field: "payload", Rule: "length", Cat: category.Truncated, Got: len(data) - 1, Want: n}
	case n < len(data)-1 && p == vectors.Strict:
		return nil, &category.FieldError{Field: "data", Rule: "no trailing bytes", Cat: category.TrailingBytes, Got: len(data) - 1 - n}
	}
	out := vectors.Values{}
	out.SetBytes("payload", data[1:1+n])
	out.Set("length", 1+n)
	if n < len(data)-1 {
		out.SetBytes("rest", data[1+n:])
	}
	return out, nil
}

// Info is the hello of the double's adapters.
func Info() conformance.Info {
	return conformance.Info{
		Protocol: conformance.ProtocolVersion, Name: "pqhs-testdouble", Version: "1",
		Profiles:   []vectors.Profile{vectors.Strict, vectors.Deployed},
		Operations: []string{Decode.Name},
	}
}

// Reply answers a request as the correct implementation does.
func Reply(req conformance.Request) conformance.Reply {
	if req.Op != Decode.Name {
		return conformance.UnsupportedReply("no " + req.Op)
	}
	out, err := Run(req.Profile, req.Inputs)
	if err != nil {
		if c := category.Of(err); c != "" {
			return conformance.RejectReply(c, err.Error())
		}
		return conformance.ErrorReply(err.Error())
	}
	return conformance.OutputsReply(out)
}

// Adapter is the correct implementation in process.
func Adapter() *conformance.Func {
	return &conformance.Func{Info: Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		return Reply(req), nil
	}}
}

// The kinds of test File cycles through.
const (
	KindValid     = iota // valid
	KindTruncated        // invalid, truncated
	KindTrailing         // acceptable, trailing_bytes
	KindEmpty            // invalid, empty_field
	NumKinds
)

// File returns a vector file of Decode with n tests, tcIds 1..n; test i has
// kind (i-1) % NumKinds.
func File(n int) *vectors.File {
	f := &vectors.File{
		Algorithm: Decode.Title,
		Family:    Decode.Name,
		Schema:    Decode.SchemaName(),
		Notes: map[string]vectors.Note{
			"Truncated":     {BugType: "MISSING_STEP", Description: "The length byte claims more than the data holds.", Effect: "A decoder that trusts it reads out of bounds."},
			"TrailingBytes": {BugType: "MODIFIED_PARAMETER", Description: "Bytes follow the frame.", Effect: "Strict decoders must refuse them."},
			"EmptyPayload":  {BugType: "EDGE_CASE", Description: "A zero length."},
		},
	}
	g := vectors.Group{Type: "FrameDecode", Source: vectors.Source{Name: "testdouble", Version: "1"}}
	for i := 1; i <= n; i++ {
		payload := detrand.Bytes(fmt.Sprintf("testdouble/tc%d", i), 2+i%7)
		t := vectors.Test{TcID: i, Inputs: vectors.Values{}}
		var data []byte
		switch (i - 1) % NumKinds {
		case KindValid:
			data = append([]byte{byte(len(payload))}, payload...)
			t.Comment, t.Result = "a frame", vectors.Valid
		case KindTruncated:
			data = append([]byte{byte(len(payload) + 1)}, payload...)
			t.Comment, t.Result, t.Error, t.Flags = "one byte short", vectors.Invalid, "truncated", []string{"Truncated"}
		case KindTrailing:
			data = append(append([]byte{byte(len(payload) - 1)}, payload...), 0xee)
			t.Comment, t.Result, t.Error, t.Flags = "bytes after the frame", vectors.Acceptable, "trailing_bytes", []string{"TrailingBytes"}
		case KindEmpty:
			data = []byte{0}
			t.Comment, t.Result, t.Error, t.Flags = "zero length", vectors.Invalid, "empty_field", []string{"EmptyPayload"}
		}
		t.Inputs.SetBytes("data", data)
		if t.Result.Accepts(vectors.Deployed) {
			out, err := Run(vectors.Deployed, t.Inputs)
			if err != nil {
				panic(err)
			}
			t.Outputs = out
		}
		g.Tests = append(g.Tests, t)
	}
	f.TestGroups = []vectors.Group{g}
	f.NumberOfTests = n
	return f
}

// EncodeFile returns a small file of Encode, which no double implements.
func EncodeFile() *vectors.File {
	f := &vectors.File{Algorithm: Encode.Title, Family: Encode.Name, Schema: Encode.SchemaName(), NumberOfTests: 2}
	g := vectors.Group{Type: "FrameEncode", Source: vectors.Source{Name: "testdouble", Version: "1"}}
	for i := 1; i <= 2; i++ {
		p := detrand.Bytes(fmt.Sprintf("testdouble/encode/tc%d", i), i)
		g.Tests = append(g.Tests, vectors.Test{
			TcID: i, Comment: "a payload", Result: vectors.Valid,
			Inputs:  vectors.Values{}.SetBytes("payload", p),
			Outputs: vectors.Values{}.Set("data", hex.EncodeToString(append([]byte{byte(len(p))}, p...))),
		})
	}
	f.TestGroups = []vectors.Group{g}
	return f
}
