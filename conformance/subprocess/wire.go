package subprocess

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// MaxLine is the longest line either side accepts, without its newline.
const MaxLine = 16 << 20

// HelloLimit is the longest hello line the runner accepts.
const HelloLimit = 64 << 10

// SeenLimit bounds what a fault records of the adapter's output.
const SeenLimit = 4 << 10

// StderrTail is how much of the adapter's standard error is kept.
const StderrTail = 64 << 10

// ErrLineTooLong reports a line longer than MaxLine.
var ErrLineTooLong = errors.New("line longer than 16 MiB")

// lineReader reads newline-terminated lines of at most max bytes. Its buffer
// grows with the bytes actually received, never from a length the peer
// claims.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// shrink drops a buffer that a long line made large, so that an instance
// holds megabytes only while it reads such a line.
func (lr *lineReader) shrink() {
	if cap(lr.buf) > 1<<20 {
		lr.buf = nil
	}
}

// next returns the next line without "\n" (or "\r\n"); the slice is valid
// until the following call. At the end of the input it returns io.EOF, or the
// partial last line and io.ErrUnexpectedEOF. A line longer than max returns
// its first SeenLimit bytes and ErrLineTooLong; the reader is then unusable.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		n := len(chunk)
		if err == nil {
			n-- // the newline does not count
		}
		if len(lr.buf)+n > lr.max {
			lr.buf = append(lr.buf, chunk[:min(len(chunk), max(0, SeenLimit-len(lr.buf)))]...)
			return lr.buf[:min(len(lr.buf), SeenLimit)], ErrLineTooLong
		}
		if need := len(lr.buf) + len(chunk); need > cap(lr.buf) {
			// Double, as far as max allows: append's growth by a quarter
			// copied a 16 MiB line about five times over.
			lr.buf = slices.Grow(lr.buf, max(need, min(2*cap(lr.buf), lr.max+1))-len(lr.buf))
		}
		lr.buf = append(lr.buf, chunk...)
		switch {
		case err == nil:
			line := lr.buf[:len(lr.buf)-1]
			return bytes.TrimSuffix(line, []byte("\r")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 {
				return nil, io.EOF
			}
			return lr.buf, io.ErrUnexpectedEOF
		default:
			return lr.buf, err
		}
	}
}

// Printable makes bytes from an adapter readable and safe to show, as
// conformance.Printable does.
func Printable(b []byte, limit int, keepNewlines bool) string {
	return conformance.Printable(b, limit, keepNewlines)
}

// bounded is an adapter's string as the runner keeps it: printable, on one
// line, at most conformance.MessageLimit bytes of it.
func bounded(s string) string { return conformance.PrintableString(s) }

// quoteRaw bounds a raw JSON value quoted in an error message.
func quoteRaw(raw json.RawMessage) string { return Printable(raw, 64, false) }

// The messages of spec/adapter.md.

type wireHello struct {
	Hello *conformance.Info `json:"hello"`
}

type wireReject struct {
	Category *string `json:"category"`
	Message  string  `json:"message,omitempty"`
}

type wireRejectReply struct {
	ID     uint64     `json:"id"`
	Reject wireReject `json:"reject"`
}

type wireUnsupported struct {
	ID          uint64 `json:"id"`
	Unsupported string `json:"unsupported"`
}

type wireError struct {
	ID    uint64 `json:"id"`
	Error string `json:"error"`
}

// marshalLine encodes v as one line, newline included, without HTML
// escaping. encoding/json never writes a raw newline inside a value, and
// compacts embedded raw values.
func marshalLine(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeHelloWindow is encodeHello announcing pipeline/1 with window.
func encodeHelloWindow(info conformance.Info, window int) ([]byte, error) {
	line, err := encodeHello(info)
	if err != nil || window <= 1 {
		return line, err
	}
	// {"hello":{...}}\n: the capability goes in as the hello's last member.
	caps := fmt.Sprintf(`,"capabilities":{"%s":{"window":%d}}}}`, CapPipeline, window)
	return append(line[:len(line)-3], caps+"\n"...), nil
}

func encodeHello(info conformance.Info) ([]byte, error) {
	if info.Protocol == "" {
		info.Protocol = conformance.ProtocolVersion
	}
	if info.Profiles == nil {
		info.Profiles = []vectors.Profile{}
	}
	if info.Operations == nil {
		info.Operations = []string{}
	}
	return marshalLine(wireHello{&info})
}

func encodeRequest(id uint64, req conformance.Request) ([]byte, error) {
	return appendRequest(make([]byte, 0, valuesSize(req.Inputs)+128), id, req)
}

// pooledRequest is encodeRequest into a buffer from requestBufs, sized so
// that the encoding does not grow it; the pipe gives it back once written.
func pooledRequest(id uint64, req conformance.Request) ([]byte, error) {
	return appendRequest(requestBufs.get(valuesSize(req.Inputs)+len(req.Op)+len(req.Profile)+96), id, req)
}

// appendRequest is encodeRequest into buf.
func appendRequest(buf []byte, id uint64, req conformance.Request) ([]byte, error) {
	in := req.Inputs
	if in == nil {
		in = vectors.Values{}
	}
	buf = append(buf, `{"id":`...)
	buf = strconv.AppendUint(buf, id, 10)
	buf = append(buf, `,"op":`...)
	buf = appendString(buf, req.Op)
	buf = append(buf, `,"profile":`...)
	buf = appendString(buf, string(req.Profile))
	buf = append(buf, `,"inputs":`...)
	buf, err := appendValues(buf, in)
	return append(buf, "}\n"...), err
}

// appendValues writes v as a JSON object with sorted keys, as
// encoding/json would, but copies each valid value without white space
// (what the vectors and the reference hold) as it is: encoding/json
// compacts every json.RawMessage byte by byte, which on the kilobyte states
// and payloads of the vectors is most of the cost of a request.
func appendValues(buf []byte, v vectors.Values) ([]byte, error) {
	buf = append(buf, '{')
	type member struct {
		name string
		raw  json.RawMessage
	}
	var ms [16]member // most families have fewer fields: no allocation
	sorted := ms[:0]
	for name, raw := range v {
		sorted = append(sorted, member{name, raw})
	}
	slices.SortFunc(sorted, func(a, b member) int { return strings.Compare(a.name, b.name) })
	for i, m := range sorted {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, m.name)
		buf = append(buf, ':')
		raw := m.raw
		if raw == nil {
			buf = append(buf, "null"...) // as json.RawMessage marshals nil
			continue
		}
		if _, ok := plainContent(raw); ok || (compact(raw) && json.Valid(raw)) {
			buf = append(buf, raw...)
			continue
		}
		var c bytes.Buffer
		if err := json.Compact(&c, raw); err != nil {
			return nil, fmt.Errorf("field %q: %w", m.name, err)
		}
		buf = append(buf, c.Bytes()...)
	}
	return append(buf, '}'), nil
}

// compact reports whether raw has no white space outside its strings.
func compact(raw []byte) bool {
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped, inString = c == '\\', c != '"'
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			return false
		}
	}
	return true
}

func valuesSize(v vectors.Values) int {
	n := 2
	for name, raw := range v {
		n += len(name) + len(raw) + 4
	}
	return n
}

// appendString writes s as encoding/json does without HTML escaping.
func appendString(buf []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\'
	}
	if plain {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	b, _ := marshalLine(s) // a string always encodes
	return append(buf, b[:len(b)-1]...)
}

func encodeReply(id uint64, r conformance.Reply) ([]byte, error) {
	n := 64
	if r.Kind == conformance.KindOutputs {
		n += valuesSize(r.Outputs)
	} else {
		n += len(r.Category) + len(r.Message)
	}
	return appendReply(make([]byte, 0, n), id, r)
}

// appendReply is encodeReply into buf.
func appendReply(buf []byte, id uint64, r conformance.Reply) ([]byte, error) {
	switch r.Kind {
	case conformance.KindOutputs:
		out := r.Outputs
		if out == nil {
			out = vectors.Values{}
		}
		buf = append(buf, `{"id":`...)
		buf = strconv.AppendUint(buf, id, 10)
		buf = append(buf, `,"outputs":`...)
		buf, err := appendValues(buf, out)
		return append(buf, "}\n"...), err
	case conformance.KindReject:
		// As encoding/json writes wireRejectReply.
		buf = append(buf, `{"id":`...)
		buf = strconv.AppendUint(buf, id, 10)
		buf = append(buf, `,"reject":{"category":`...)
		buf = appendString(buf, string(r.Category))
		if r.Message != "" {
			buf = append(buf, `,"message":`...)
			buf = appendString(buf, r.Message)
		}
		return append(buf, "}}\n"...), nil
	case conformance.KindUnsupported, conformance.KindError:
		// As encoding/json writes wireUnsupported and wireError.
		buf = append(buf, `{"id":`...)
		buf = strconv.AppendUint(buf, id, 10)
		if r.Kind == conformance.KindUnsupported {
			buf = append(buf, `,"unsupported":`...)
		} else {
			buf = append(buf, `,"error":`...)
		}
		buf = appendString(buf, r.Message)
		return append(buf, "}\n"...), nil
	}
	return nil, fmt.Errorf("reply of unknown kind %d", r.Kind)
}

// decodeHello checks an adapter's first line. Unknown members are ignored,
// so that later protocol versions can add some.
func decodeHello(line []byte) (conformance.Info, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return conformance.Info{}, errors.New("not a JSON object")
	}
	raw, ok := m["hello"]
	if !ok {
		return conformance.Info{}, errors.New(`no "hello" member`)
	}
	var info conformance.Info
	if !isObject(raw) {
		return info, errors.New(`"hello" is not an object`)
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		return info, fmt.Errorf("hello: %v", err)
	}
	info.Name, info.Version = Printable([]byte(info.Name), 200, false), Printable([]byte(info.Version), 200, false)
	switch {
	case info.Protocol != conformance.ProtocolVersion:
		return info, fmt.Errorf("protocol \"%s\"; the runner speaks %q", Printable([]byte(info.Protocol), 64, false), conformance.ProtocolVersion)
	case len(info.Profiles) == 0:
		return info, errors.New("no profiles announced")
	case info.Operations == nil:
		return info, errors.New("no operations list")
	}
	for _, p := range info.Profiles {
		if !slices.Contains(vectors.Profiles, p) {
			return info, fmt.Errorf("unknown profile \"%s\"", Printable([]byte(p), 64, false))
		}
	}
	return info, nil
}

// isObject and isString tell a JSON object or string from null, which
// encoding/json would quietly decode as an empty value.
func isObject(raw json.RawMessage) bool { return startsWith(raw, '{') }

func isString(raw json.RawMessage) bool { return startsWith(raw, '"') }

func startsWith(raw json.RawMessage, c byte) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == c
}

// MaxMembers bounds the members of a response and of its outputs: no family
// has nearly as many, and a map of millions of tiny members would cost the
// runner far more memory than the line that holds them.
const MaxMembers = 1024

// minMembersLine is the shortest line that can hold more than MaxMembers
// members ("a":0, each); shorter ones are not counted.
const minMembersLine = 6 * MaxMembers

// tooMany reports an object with more than MaxMembers members.
func tooMany(b []byte) bool {
	return len(b) > minMembersLine && members(b) > MaxMembers
}

// members counts the members of the JSON object that b starts with (the
// commas at its top level, plus one), without decoding it; it stops
// counting past MaxMembers.
func members(b []byte) int {
	depth, n := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped, inString = c == '\\', c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth == 1 && n == 0 {
				n = 1
			}
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return n
			}
		case c == ',' && depth == 1:
			if n++; n > MaxMembers {
				return n
			}
		}
	}
	return n
}

// notObject describes a line that is not a JSON object, with the
// decoder's reason when it is not the obvious one.
func notObject(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) && strings.Contains(se.Error(), "exceeded max depth") {
		return errors.New("not a JSON object (exceeded max depth)")
	}
	return errors.New("not a JSON object")
}

// decodeResponse checks a response line against the request id want.
// Unknown members are ignored.
func decodeResponse(line []byte, want uint64) (conformance.Reply, error) {
	if r, ok := decodeResponseFast(line, want); ok {
		return r, nil
	}
	return decodeResponseJSON(line, want)
}

// decodeResponseJSON is decodeResponse through encoding/json: every line
// the fast path does not take, and every error message.
func decodeResponseJSON(line []byte, want uint64) (conformance.Reply, error) {
	if tooMany(line) {
		return conformance.Reply{}, fmt.Errorf("a response with more than %d members", MaxMembers)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return conformance.Reply{}, notObject(err)
	}
	rawID, ok := m["id"]
	if !ok {
		return conformance.Reply{}, errors.New(`no "id"`)
	}
	var id uint64
	if err := json.Unmarshal(rawID, &id); err != nil || id == 0 {
		return conformance.Reply{}, fmt.Errorf("id %s is not a positive integer", quoteRaw(rawID))
	}
	if id != want {
		return conformance.Reply{}, fmt.Errorf("a response with id %d to request %d", id, want)
	}
	var forms []string
	for _, k := range []string{"outputs", "reject", "unsupported", "error"} {
		if _, ok := m[k]; ok {
			forms = append(forms, k)
		}
	}
	if len(forms) != 1 {
		return conformance.Reply{}, fmt.Errorf("a response needs exactly one of outputs, reject, unsupported, error; it has %d %v", len(forms), forms)
	}
	raw := m[forms[0]]
	switch forms[0] {
	case "outputs":
		var out vectors.Values
		if tooMany(raw) {
			return conformance.Reply{}, fmt.Errorf(`"outputs" with more than %d members`, MaxMembers)
		}
		if !isObject(raw) || json.Unmarshal(raw, &out) != nil {
			return conformance.Reply{}, errors.New(`"outputs" is not an object`)
		}
		return conformance.OutputsReply(out), nil
	case "reject":
		var rj wireReject
		if !isObject(raw) || json.Unmarshal(raw, &rj) != nil || rj.Category == nil {
			return conformance.Reply{}, errors.New(`"reject" is not an object with a string "category" (and an optional string "message")`)
		}
		return conformance.RejectReply(category.Category(Printable([]byte(*rj.Category), 64, false)), bounded(rj.Message)), nil
	case "unsupported":
		var s string
		if !isString(raw) || json.Unmarshal(raw, &s) != nil {
			return conformance.Reply{}, errors.New(`"unsupported" is not a string`)
		}
		return conformance.UnsupportedReply(bounded(s)), nil
	default:
		var s string
		if !isString(raw) || json.Unmarshal(raw, &s) != nil {
			return conformance.Reply{}, errors.New(`"error" is not a string`)
		}
		return conformance.ErrorReply(bounded(s)), nil
	}
}

// decodeRequest reads a request. id is 0 when the line has no usable id, in
// which case nobody can be answered.
func decodeRequest(line []byte) (id uint64, req conformance.Request, err error) {
	if id, req, ok := decodeRequestFast(line); ok {
		return id, req, nil
	}
	return decodeRequestJSON(line)
}

// decodeRequestJSON is decodeRequest through encoding/json.
func decodeRequestJSON(line []byte) (id uint64, req conformance.Request, err error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return 0, req, errors.New("not a JSON object")
	}
	if json.Unmarshal(m["id"], &id) != nil || id == 0 {
		return 0, req, fmt.Errorf("id %s is not a positive integer", quoteRaw(m["id"]))
	}
	if json.Unmarshal(m["op"], &req.Op) != nil || req.Op == "" {
		return id, req, errors.New(`"op" is not a non-empty string`)
	}
	if json.Unmarshal(m["profile"], &req.Profile) != nil || !slices.Contains(vectors.Profiles, req.Profile) {
		return id, req, fmt.Errorf("profile %s is not one of %v", quoteRaw(m["profile"]), vectors.Profiles)
	}
	if !isObject(m["inputs"]) || json.Unmarshal(m["inputs"], &req.Inputs) != nil {
		return id, req, errors.New(`"inputs" is not an object`)
	}
	return id, req, nil
}
