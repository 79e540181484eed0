// Package vectors holds the pqhs test vectors, their file format and the
// catalogue of families they exercise.
//
// A family is one protocol step with named inputs and outputs, such as
// "ixian/acceptAdd2/decode" or "verbeth/tag". Each family has exactly one
// vector file (FileName), one JSON Schema (SchemaName, in spec/schema) and one
// adapter operation of the same name, so a runner needs no per-family code:
// it sends a test's inputs to the operation and compares the outputs or the
// error category. spec/vectors.md describes the format for other languages.
//
// The files are embedded (FS) so that Go consumers need no file paths.
package vectors

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/big"
	"strconv"

	"github.com/pqhs/pqhs/internal/fasthex"
	"github.com/pqhs/pqhs/internal/jsjson"
)

// FormatVersion names the file format; it is part of every schema name.
const FormatVersion = "v1"

// Result is a test's expected verdict, as in Project Wycheproof, made exact
// per validation profile:
//
//   - Valid: both profiles accept and produce Outputs.
//   - Invalid: both profiles reject with the category Error (the deployed
//     profile with DeployedError instead, when that is set).
//   - Acceptable: the strict profile rejects with Error; the deployed profile
//     accepts and produces Outputs. The deployed code tolerates something the
//     protocol's own description forbids.
type Result string

const (
	Valid      Result = "valid"
	Invalid    Result = "invalid"
	Acceptable Result = "acceptable"
)

// Profile is a validation profile: what an implementation claims to follow.
type Profile string

const (
	// Strict follows the protocol's description (the seeds): exact sizes,
	// 32-byte salts, minimal varints, no trailing bytes, low-order points
	// rejected, and the checks the deployed code should make.
	Strict Profile = "strict"
	// Deployed accepts exactly what the deployed code accepts: Ixian-Core for
	// Ixian, @verbeth/sdk 0.2.1 for Verbeth.
	Deployed Profile = "deployed"
)

// Profiles lists both profiles.
var Profiles = []Profile{Strict, Deployed}

// Accepts reports whether an implementation following profile p must accept
// a test with result r.
func (r Result) Accepts(p Profile) bool {
	return r == Valid || (r == Acceptable && p == Deployed)
}

// File is one vector file: every test of one family.
type File struct {
	Algorithm        string          `json:"algorithm"`
	Family           string          `json:"family"`
	Schema           string          `json:"schema"`
	GeneratorVersion string          `json:"generatorVersion"`
	NumberOfTests    int             `json:"numberOfTests"`
	Header           []string        `json:"header"`
	Notes            map[string]Note `json:"notes"`
	TestGroups       []Group         `json:"testGroups"`
}

// Note explains one flag: the bug a test with this flag catches.
type Note struct {
	BugType     string   `json:"bugType"`
	Description string   `json:"description"`
	Effect      string   `json:"effect,omitempty"`
	Links       []string `json:"links,omitempty"`
}

// Source says what produced a group.
type Source struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Group is a set of tests sharing inputs. A test's inputs are the group's
// inputs overlaid with its own.
type Group struct {
	Type    string `json:"type"`
	Comment string `json:"comment,omitempty"`
	Source  Source `json:"source"`
	Inputs  Values `json:"inputs,omitempty"`
	Tests   []Test `json:"tests"`
}

// Test is one test case.
type Test struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Flags   []string `json:"flags"`
	// Rules names the ids of the spec's rules the test tests (Rule, and
	// spec/rules.md): for an invalid or acceptable test the check it
	// breaks (under each profile), for a valid one the computations its
	// outputs follow and any check it passes at a boundary; an acceptable
	// test's deployed outputs follow the same computations.
	Rules  []string `json:"rules,omitempty"`
	Inputs Values   `json:"inputs"`
	Result Result   `json:"result"`
	// Error is the category the strict profile rejects with (Invalid and
	// Acceptable tests); for Invalid tests the deployed profile too.
	Error string `json:"error,omitempty"`
	// DeployedError, on an Invalid test only, is the category the deployed
	// profile rejects with when it differs from Error: the deployed code
	// tolerates the input's first defect and trips over a later one (an
	// uncompressed P-521 key that is also off the curve).
	DeployedError string `json:"deployedError,omitempty"`
	// Outputs are what an accepting implementation must produce (Valid and
	// Acceptable tests).
	Outputs Values `json:"outputs,omitempty"`
	// Drawn names, for inputs that were drawn at random, the internal/detrand
	// label each was drawn with, so anyone can redraw them.
	Drawn map[string]string `json:"drawn,omitempty"`
}

// ErrorFor returns the category a rejection must carry under profile p.
func (t *Test) ErrorFor(p Profile) string {
	if p == Deployed && t.DeployedError != "" {
		return t.DeployedError
	}
	return t.Error
}

// InputsOf returns the group's inputs overlaid with the test's.
func (g *Group) InputsOf(t *Test) Values {
	if len(g.Inputs) == 0 {
		return t.Inputs
	}
	v := maps.Clone(g.Inputs)
	maps.Copy(v, t.Inputs)
	return v
}

// Values maps field names to JSON values. Byte strings are lowercase hex,
// big integers decimal strings; see Type.
type Values map[string]json.RawMessage

// MissingError reports a field that an operation needs and did not get.
type MissingError struct{ Field string }

func (e *MissingError) Error() string { return fmt.Sprintf("field %q is missing", e.Field) }

// TypeError reports a field of the wrong JSON type or encoding.
type TypeError struct {
	Field, Want string
	Err         error
}

func (e *TypeError) Error() string {
	msg := fmt.Sprintf("field %q is not %s", e.Field, e.Want)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *TypeError) Unwrap() error { return e.Err }

// Has reports whether the field is present.
func (v Values) Has(name string) bool { _, ok := v[name]; return ok }

// Get decodes field name into dst.
func (v Values) Get(name string, dst any) error {
	raw, ok := v[name]
	if !ok {
		return &MissingError{name}
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return &TypeError{Field: name, Want: fmt.Sprintf("%T", dst), Err: err}
	}
	return nil
}

// Bytes decodes a hex field. It accepts upper case too, so that a port's
// answer in upper case is compared by value.
func (v Values) Bytes(name string) ([]byte, error) {
	// Fast path: a plain quoted string, as every canonical file holds. Go's
	// JSON decoder costs a few times the hex decoding on kilobyte fields.
	// A quoted string whose contents decode as hex needed no unescaping
	// (hex digits are printable ASCII); anything else, errors included,
	// goes the slow way.
	if raw, ok := v[name]; ok && len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && len(raw)%2 == 0 {
		inner := raw[1 : len(raw)-1]
		b := make([]byte, len(inner)/2)
		if _, err := hex.Decode(b, inner); err == nil {
			return b, nil
		}
	}
	var s string
	if err := v.Get(name, &s); err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, &TypeError{Field: name, Want: "hex", Err: err}
	}
	return b, nil
}

// String decodes a string field.
func (v Values) String(name string) (string, error) {
	if raw, ok := v[name]; ok {
		if inner, ok := plainString(raw); ok {
			return string(inner), nil
		}
	}
	var s string
	err := v.Get(name, &s)
	return s, err
}

// Int decodes an integer field.
func (v Values) Int(name string) (int64, error) {
	var n int64
	err := v.Get(name, &n)
	return n, err
}

// Bool decodes a boolean field.
func (v Values) Bool(name string) (bool, error) {
	var b bool
	err := v.Get(name, &b)
	return b, err
}

// Decimal decodes a decimal-string integer field (for values beyond 2^53).
func (v Values) Decimal(name string) (*big.Int, error) {
	s, err := v.String(name)
	if err != nil {
		return nil, err
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, &TypeError{Field: name, Want: "decimal string"}
	}
	return n, nil
}

// Set stores any JSON-encodable value, through encoding/json without HTML
// escaping. A string is stored as JSON.stringify writes it: a lone surrogate
// (WTF-8, as jsjson reads JavaScript strings) becomes its \u escape instead
// of U+FFFD. Set panics on values that cannot be encoded, which is a
// programming error.
func (v Values) Set(name string, x any) Values {
	if s, ok := x.(string); ok && !jsjson.WellFormed(s) {
		v[name] = jsjson.AppendString(nil, s)
		return v
	}
	if raw, ok := appendPlain(nil, x); ok {
		v[name] = raw
		return v
	}
	raw, err := marshalCompact(x)
	if err != nil {
		panic(fmt.Sprintf("vectors: field %q: %v", name, err))
	}
	v[name] = raw
	return v
}

// appendPlain appends the JSON of the values that need no encoder, byte for
// byte what marshalCompact writes: integers, booleans, and strings of
// printable ASCII with nothing to escape. The reference sets several such
// outputs per call, and the encoder cost more than the call on decoders.
func appendPlain(dst []byte, x any) ([]byte, bool) {
	switch n := x.(type) {
	case int:
		return strconv.AppendInt(dst, int64(n), 10), true
	case int32:
		return strconv.AppendInt(dst, int64(n), 10), true
	case int64:
		return strconv.AppendInt(dst, n, 10), true
	case uint32:
		return strconv.AppendUint(dst, uint64(n), 10), true
	case uint64:
		return strconv.AppendUint(dst, n, 10), true
	case bool:
		return strconv.AppendBool(dst, n), true
	case string:
		for i := 0; i < len(n); i++ {
			if c := n[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return dst, false
			}
		}
		dst = append(dst, '"')
		dst = append(dst, n...)
		return append(dst, '"'), true
	}
	return dst, false
}

// SetBytes stores b as lowercase hex ("" for nil or empty).
func (v Values) SetBytes(name string, b []byte) Values {
	raw := make([]byte, 2+2*len(b))
	raw[0], raw[len(raw)-1] = '"', '"'
	fasthex.Encode(raw[1:], b)
	v[name] = raw
	return v
}

// compact removes the indentation a file's objects and arrays carry, so
// that an answer written compactly is byte for byte the expected value and
// the comparison needs no decoding (spec/vectors.md: values compare by
// value, whatever the spacing).
func (v Values) compact() {
	for name, raw := range v {
		if len(raw) == 0 || (raw[0] != '{' && raw[0] != '[') {
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			v[name] = buf.Bytes()
		}
	}
}

// plainString returns the contents of a JSON string that needs no
// unescaping: quoted, printable ASCII, no backslash. Anything else goes
// through encoding/json, which also reports the errors.
func plainString(raw json.RawMessage) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return inner, true
}

// SetDecimal stores an integer as a decimal string.
func (v Values) SetDecimal(name string, n *big.Int) Values {
	return v.Set(name, n.String())
}

// SetUint64 stores a uint64 as a decimal string.
func (v Values) SetUint64(name string, n uint64) Values {
	return v.Set(name, strconv.FormatUint(n, 10))
}

// SetInt64 stores an int64 as a decimal string.
func (v Values) SetInt64(name string, n int64) Values {
	return v.Set(name, strconv.FormatInt(n, 10))
}

// marshalCompact is json.Marshal without HTML escaping, so that text such as
// "<b>" stays readable in the files.
func marshalCompact(x any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Marshal writes a file in its canonical form: two-space indentation, keys
// in struct order (maps sorted), no HTML escaping, a final newline.
// vectorgen -check compares files byte for byte against this form.
func Marshal(f *File) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Parse reads a vector file and checks what the schema cannot: the test
// count and the uniqueness of tcIds.
func Parse(data []byte) (*File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: data after the end of the file's JSON object", f.Family)
	}
	seen := map[int]string{}
	n := 0
	for i, g := range f.TestGroups {
		g.Inputs.compact()
		for j, t := range g.Tests {
			t.Inputs.compact()
			t.Outputs.compact()
			at := fmt.Sprintf("/testGroups/%d/tests/%d", i, j)
			if first, dup := seen[t.TcID]; dup {
				return nil, fmt.Errorf("%s: at %s: tcId %d appears twice (first at %s)", f.Family, at, t.TcID, first)
			}
			seen[t.TcID] = at
			n++
		}
	}
	if n != f.NumberOfTests {
		return nil, fmt.Errorf("%s: numberOfTests is %d but the file holds %d tests", f.Family, f.NumberOfTests, n)
	}
	return &f, nil
}
