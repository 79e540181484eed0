package subprocess

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func TestLineReaderLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		max   int
		lines []string
		err   error
	}{
		{"lines", "a\nbb\n", 10, []string{"a", "bb"}, io.EOF},
		{"crlf", "a\r\nb\n", 10, []string{"a", "b"}, io.EOF},
		{"exactly max", strings.Repeat("x", 10) + "\n", 10, []string{strings.Repeat("x", 10)}, io.EOF},
		{"one over max", strings.Repeat("x", 11) + "\n", 10, nil, ErrLineTooLong},
		{"over max, no newline", strings.Repeat("x", 11), 10, nil, ErrLineTooLong},
		{"half a line", "a\nbc", 10, []string{"a"}, io.ErrUnexpectedEOF},
		{"empty", "", 10, nil, io.EOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tc.in), tc.max)
			var got []string
			for {
				line, err := lr.next()
				if err != nil {
					if !errors.Is(err, tc.err) {
						t.Errorf("error %v, want %v", err, tc.err)
					}
					if errors.Is(err, io.ErrUnexpectedEOF) && string(line) != "bc" {
						t.Errorf("partial line %q", line)
					}
					break
				}
				got = append(got, string(line))
			}
			if strings.Join(got, "|") != strings.Join(tc.lines, "|") {
				t.Errorf("lines %q, want %q", got, tc.lines)
			}
		})
	}
}

// A line at the real limit crosses many buffer refills; one byte more is
// refused with only a bounded prefix kept.
func TestLineReaderRealLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 32 MiB")
	}
	ok := strings.Repeat("y", MaxLine) + "\n"
	lr := newLineReader(strings.NewReader(ok), MaxLine)
	if line, err := lr.next(); err != nil || len(line) != MaxLine {
		t.Fatalf("a line of MaxLine bytes: %d, %v", len(line), err)
	}
	lr = newLineReader(strings.NewReader("z"+ok), MaxLine)
	line, err := lr.next()
	if !errors.Is(err, ErrLineTooLong) || len(line) != SeenLimit {
		t.Fatalf("one byte more: %d, %v", len(line), err)
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		nl    bool
		want  string
	}{
		{"plain text é", 100, false, "plain text é"},
		{"a\x00b\x1b[0m\xff\xfe", 100, false, `a\x00b\x1b[0m\xff\xfe`},
		{"tab\there\nnext", 100, false, `tab` + "\t" + `here\x0anext`},
		{"tab\there\nnext", 100, true, "tab\there\nnext"},
		{`back\slash`, 100, false, `back\\slash`},
		{"0123456789", 4, false, "0123… (6 more bytes)"},
		{"\x7f", 10, false, `\x7f`},
	} {
		if got := Printable([]byte(tc.in), tc.limit, tc.nl); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDecodeResponse(t *testing.T) {
	for _, tc := range []struct {
		line string
		kind conformance.Kind
		err  string
	}{
		{`{"id": 7, "outputs": {"a": "00", "n": 1}}`, conformance.KindOutputs, ""},
		{`{"id": 7, "outputs": {}}`, conformance.KindOutputs, ""},
		{`{"id": 7, "reject": {"category": "salt_length", "message": "31 bytes"}}`, conformance.KindReject, ""},
		{`{"id": 7, "reject": {"category": "not_a_category"}}`, conformance.KindReject, ""}, // judged later
		{`{"id": 7, "unsupported": ""}`, conformance.KindUnsupported, ""},
		{`{"id": 7, "error": "boom", "debug": [1, 2]}`, conformance.KindError, ""}, // unknown members are ignored
		{`not json`, 0, "not a JSON object"},
		{`[1, 2]`, 0, "not a JSON object"},
		{`{"id": 7, "outputs": {}} {"id": 7}`, 0, "not a JSON object"},
		{`{"outputs": {}}`, 0, `no "id"`},
		{`{"id": "7", "outputs": {}}`, 0, "not a positive integer"},
		{`{"id": 7.5, "outputs": {}}`, 0, "not a positive integer"},
		{`{"id": -7, "outputs": {}}`, 0, "not a positive integer"},
		{`{"id": 8, "outputs": {}}`, 0, "a response with id 8 to request 7"},
		{`{"id": 7}`, 0, "exactly one of"},
		{`{"id": 7, "outputs": {}, "error": "x"}`, 0, "exactly one of outputs, reject, unsupported, error; it has 2 [outputs error]"},
		{`{"id": 7, "outputs": null}`, 0, `"outputs" is not an object`},
		{`{"id": 7, "outputs": [1]}`, 0, `"outputs" is not an object`},
		{`{"id": 7, "reject": "salt_length"}`, 0, `"reject" is not an object`},
		{`{"id": 7, "reject": {"message": "no category"}}`, 0, `"reject" is not an object with a string "category"`},
		{`{"id": 7, "reject": {"category": 3}}`, 0, `"reject" is not an object`},
		{`{"id": 7, "unsupported": true}`, 0, `"unsupported" is not a string`},
		{`{"id": 7, "error": null}`, 0, `"error" is not a string`},
	} {
		r, err := decodeResponse([]byte(tc.line), 7)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.line, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.line, err, tc.err)
		case tc.err == "" && r.Kind != tc.kind:
			t.Errorf("%s: kind %v, want %v", tc.line, r.Kind, tc.kind)
		}
	}
	r, _ := decodeResponse([]byte(`{"id": 7, "reject": {"category": "salt_length", "message": "31 bytes"}}`), 7)
	if r.Category != category.SaltLength || r.Message != "31 bytes" {
		t.Errorf("reject %+v", r)
	}
}

func TestDecodeHello(t *testing.T) {
	good := `{"hello": {"protocol": "pqhs-adapter/1", "name": "x", "version": "1", "profiles": ["deployed"], "operations": ["a/b"], "features": ["later"]}}`
	info, err := decodeHello([]byte(good))
	if err != nil || info.Name != "x" || len(info.Profiles) != 1 || info.Operations[0] != "a/b" {
		t.Errorf("%+v %v", info, err)
	}
	for _, tc := range []struct{ line, err string }{
		{`hello`, "not a JSON object"},
		{`{"id": 1, "outputs": {}}`, `no "hello" member`},
		{`{"hello": []}`, `"hello" is not an object`},
		{`{"hello": {"protocol": "pqhs-adapter/2", "profiles": ["strict"], "operations": []}}`, `protocol "pqhs-adapter/2"`},
		{`{"hello": {"protocol": "pqhs-adapter/1", "profiles": [], "operations": []}}`, "no profiles"},
		{`{"hello": {"protocol": "pqhs-adapter/1", "profiles": ["lax"], "operations": []}}`, `unknown profile "lax"`},
		{`{"hello": {"protocol": "pqhs-adapter/1", "profiles": ["strict"]}}`, "no operations list"},
		{`{"hello": {"protocol": "pqhs-adapter/1", "profiles": "strict", "operations": []}}`, "hello:"},
	} {
		if _, err := decodeHello([]byte(tc.line)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want %q", tc.line, err, tc.err)
		}
	}
}

// serve runs Serve over in and returns its output lines and error.
func serve(t *testing.T, in string, h Handler) ([]string, error) {
	t.Helper()
	var out bytes.Buffer
	info := conformance.Info{Name: "t", Version: "0", Profiles: []vectors.Profile{vectors.Strict}, Operations: []string{"t/echo"}}
	err := Serve(strings.NewReader(in), &out, info, h)
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"), err
}

func echo(_ context.Context, req conformance.Request) (conformance.Reply, error) {
	switch string(req.Inputs["mode"]) {
	case `"reject"`:
		return conformance.RejectReply(category.Truncated, "short <b>"), nil
	case `"unsupported"`:
		return conformance.UnsupportedReply("not yet"), nil
	case `"go error"`:
		return conformance.Reply{}, errors.New("broken")
	case `"panic"`:
		panic("handler bug")
	case `"bad outputs"`:
		return conformance.OutputsReply(vectors.Values{"x": []byte("{")}), nil
	case `"nil outputs"`:
		return conformance.OutputsReply(nil), nil
	}
	return conformance.OutputsReply(req.Inputs), nil
}

func TestServe(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "op": "t/echo", "profile": "strict", "inputs": {"v": "00ff", "n": 3}}`,
		`{"id": 2, "op": "t/echo", "profile": "strict", "inputs": {"mode": "reject"}}`,
		`{"id": 3, "op": "t/echo", "profile": "strict", "inputs": {"mode": "unsupported"}}` + "\r",
		`{"id": 4, "op": "t/echo", "profile": "strict", "inputs": {"mode": "go error"}}`,
		`{"id": 5, "op": "t/echo", "profile": "strict", "inputs": {"mode": "panic"}}`,
		`{"id": 6, "op": "t/echo", "profile": "lax", "inputs": {}}`,
		`{"id": 7, "op": "", "profile": "strict", "inputs": {}}`,
		`{"id": 8, "op": "t/echo", "profile": "strict", "inputs": []}`,
		`{"id": 9, "op": "t/echo", "profile": "strict", "inputs": {"mode": "bad outputs"}}`,
		`{"id": 10, "op": "t/echo", "profile": "strict", "inputs": {"mode": "nil outputs"}, "extra": 1}`,
	}, "\n") + "\n"
	lines, err := serve(t, in, echo)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"hello":{"protocol":"pqhs-adapter/1","name":"t","version":"0","profiles":["strict"],"operations":["t/echo"],"capabilities":{"pipeline/1":{"window":64}}}}`,
		`{"id":1,"outputs":{"n":3,"v":"00ff"}}`,
		`{"id":2,"reject":{"category":"truncated","message":"short <b>"}}`,
		`{"id":3,"unsupported":"not yet"}`,
		`{"id":4,"error":"broken"}`,
		`{"id":5,"error":"panic: handler bug`,
		`{"id":6,"error":"bad request: profile \"lax\" is not one of [strict deployed]"}`,
		`{"id":7,"error":"bad request: \"op\" is not a non-empty string"}`,
		`{"id":8,"error":"bad request: \"inputs\" is not an object"}`,
		`{"id":9,"error":"the adapter could not encode its reply: `,
		`{"id":10,"outputs":{}}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d: %s\nwant %s", i, lines[i], want[i])
		}
	}
	// Each answer is one line even when the handler's text has newlines.
	if !strings.Contains(lines[5], `\n`) {
		t.Errorf("the panic's stack should be escaped in one line: %s", lines[5][:80])
	}
}

// Lines Serve cannot attribute to a request end the conversation with an
// error (the program then exits non-zero and the runner records a fault).
func TestServeBreaks(t *testing.T) {
	for _, tc := range []struct{ name, in, err string }{
		{"garbage", "\x00\xffjunk\n", "not a request (not a JSON object)"},
		{"no id", `{"op": "t/echo", "profile": "strict", "inputs": {}}` + "\n", "not a request (id  is not a positive integer)"},
		{"half a request", `{"id": 1, "op": "t/ec`, "the input ended inside a request"},
		{"too long", `{"id": 1, "op": "` + strings.Repeat("a", MaxLine) + "\"}\n", "longer than 16777216 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "too long" && testing.Short() {
				t.Skip("allocates 32 MiB")
			}
			lines, err := serve(t, tc.in, echo)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("error %v, want %q", err, tc.err)
			}
			if len(lines) != 1 || !strings.HasPrefix(lines[0], `{"hello"`) {
				t.Errorf("output %q: want only the hello", lines)
			}
		})
	}
	if lines, err := serve(t, "", echo); err != nil || len(lines) != 1 {
		t.Errorf("an empty input: %q, %v", lines, err)
	}
}

// The hand-written request and reply lines are what encoding/json writes
// for the same message (sorted keys, no HTML escaping, one line, values
// compacted, nil as null).
func TestEncodeLinesAsEncodingJSON(t *testing.T) {
	in := vectors.Values{
		"zeta":      json.RawMessage(`"00ff"`),
		"alpha":     json.RawMessage("{\n  \"k\": [1, 2],\n  \"s\": \"<&>\"\n}"),
		"n":         json.RawMessage(`-3`),
		"sp":        json.RawMessage("{\"k\": [1,\t2], \"s\": \"a b\"}"),
		"nil":       nil,
		"inner":     json.RawMessage(`{"s":"a b \" c","t":["x\\"," "]}`),
		"a<b":       json.RawMessage(`true`),
		"é\"\u2028": json.RawMessage(`null`),
	}
	want := func(v any) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	got, err := encodeRequest(7, conformance.Request{Op: "ixian/ecdh", Profile: vectors.Deployed, Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	if w := want(struct {
		ID      uint64          `json:"id"`
		Op      string          `json:"op"`
		Profile vectors.Profile `json:"profile"`
		Inputs  vectors.Values  `json:"inputs"`
	}{7, "ixian/ecdh", vectors.Deployed, in}); string(got) != w {
		t.Errorf("request\n got %s\nwant %s", got, w)
	}
	got, err = encodeReply(9, conformance.OutputsReply(in))
	if err != nil {
		t.Fatal(err)
	}
	if w := want(struct {
		ID      uint64         `json:"id"`
		Outputs vectors.Values `json:"outputs"`
	}{9, in}); string(got) != w {
		t.Errorf("reply\n got %s\nwant %s", got, w)
	}
	if _, err := encodeRequest(1, conformance.Request{Op: "x", Profile: vectors.Strict, Inputs: vectors.Values{"bad": json.RawMessage(`{"a":`)}}); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("invalid input value: %v", err)
	}
}

// A response of millions of tiny members would cost the runner far more
// memory as a map than as a line: more than MaxMembers is a protocol
// violation, found before decoding.
func TestTooManyMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"id":1,"outputs":{`)
	for i := range 2000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":0`, i)
	}
	b.WriteString(`}}`)
	if _, err := decodeResponse([]byte(b.String()), 1); err == nil || !strings.Contains(err.Error(), `"outputs" with more than 1024 members`) {
		t.Errorf("outputs: %v", err)
	}
	top := strings.Replace(b.String(), `"outputs":{`, `"outputs":{},`, 1)
	top = strings.TrimSuffix(top, "}")
	if _, err := decodeResponse([]byte(top), 1); err == nil || !strings.Contains(err.Error(), "a response with more than 1024 members") {
		t.Errorf("top level: %v", err)
	}
	if members([]byte(`{"a":[1,2,{"b":3,"c":4}],"d":"x,y"}`)) != 2 {
		t.Error("members counts inside values")
	}
}
