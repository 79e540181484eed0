package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"unicode/utf8"
)

// MaxFileSize bounds a vector file: a larger one is refused before it is
// read (the largest file of the suite is under 2 MB).
const MaxFileSize = 64 << 20

// LoadFS reads every *.json vector file at the top of fsys, sorted by name.
// Files whose family is not in the catalogue are returned too; a runner
// decides what to do with them.
func LoadFS(fsys fs.FS) ([]*File, error) {
	return LoadSelected(fsys, nil)
}

// LoadSelected reads the *.json vector files at the top of fsys that want
// accepts, sorted by name; nil wants every file. A file named as the
// catalogue names a family's file (Family.FileName) is read only if want
// accepts that family, so that a run of one family parses one file; any
// other file is read to learn its family. A file larger than MaxFileSize is
// refused without being read.
func LoadSelected(fsys fs.FS, want func(*Family) bool) ([]*File, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []*File
	for _, name := range names {
		byName, known := FamilyOfFile(name)
		if known && want != nil && !want(byName) {
			continue
		}
		f, err := LoadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if want != nil && !want(FamilyOf(f)) {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// LoadFile reads and parses the vector file called name (ReadFile, then
// ParseFile). A file named as the catalogue names a family's file must
// hold that family.
func LoadFile(fsys fs.FS, name string) (*File, error) {
	data, err := ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	f, err := ParseFile(name, data)
	if err != nil {
		return nil, err
	}
	if byName, ok := FamilyOfFile(name); ok && f.Family != byName.Name {
		return nil, fmt.Errorf("%s: holds family %q; the file of that name is family %s's", path.Base(name), f.Family, byName.Name)
	}
	return f, nil
}

// ParseFile is Parse for the file called name: its errors name the file,
// and place a syntax error at its line and column.
func ParseFile(name string, data []byte) (*File, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Base(name), describeJSONError(data, err))
	}
	return f, nil
}

// FamilyOfFile returns the catalogued family whose vector file is called
// name.
func FamilyOfFile(name string) (*Family, bool) {
	f, ok := byFile[path.Base(name)]
	return f, ok
}

// ReadFile reads a vector file of at most MaxFileSize bytes: it refuses
// what is not a regular file and a file that is larger, or grows larger
// while it is read, without reading more than the limit.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%v)", path.Base(name), st.Mode().Type())
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes; a vector file may have at most %d MiB", path.Base(name), st.Size(), MaxFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Base(name), err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: more than %d MiB; a vector file may have at most that", path.Base(name), MaxFileSize>>20)
	}
	return data, nil
}

// describeJSONError places a JSON syntax or type error in data (line and
// column) and names an empty or cut-off file as such.
func describeJSONError(data []byte, err error) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("empty file")
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("cut off: the JSON ends at byte %d before it is complete", len(data))
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return fmt.Errorf("line %d, column %d: %v", line, col, err)
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		where := te.Field
		if where == "" {
			where = "(top level)"
		}
		return fmt.Errorf("line %d, column %d: %s: a JSON %s where a %v belongs", line, col, where, te.Value, te.Type)
	}
	return err
}

func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// HeaderLimit bounds how much of a file ReadHeader reads.
const HeaderLimit = 64 << 10

// Header is what a vector file says of itself before its tests.
type Header struct {
	Family        string
	Algorithm     string
	NumberOfTests int
}

// ReadHeader reads the family, algorithm and numberOfTests of a vector file
// from its first HeaderLimit bytes, without parsing its tests: the members
// come before testGroups in every file cmd/vectorgen writes (and in
// Wycheproof's). A file of another layout, whose header members are not all
// in that prefix, is read whole and parsed instead (a file larger than
// MaxFileSize is refused).
func ReadHeader(fsys fs.FS, name string) (Header, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Header{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return Header{}, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return Header{}, fmt.Errorf("%s: not a regular file (%v)", path.Base(name), st.Mode().Type())
	}
	// Most files have the three members in their first few hundred bytes,
	// plainly written: quickHeader reads them there (a json.Decoder took 13
	// µs a file, most of a -list). Anything else goes to scanHeader.
	var first [1 << 10]byte
	n, _ := io.ReadFull(f, first[:])
	h, ok := quickHeader(first[:n])
	if !ok {
		h, ok = scanHeader(io.MultiReader(bytes.NewReader(first[:n]), io.LimitReader(f, HeaderLimit-int64(n))))
	}
	f.Close()
	if ok {
		return h, nil
	}
	data, err := ReadFile(fsys, name)
	if err != nil {
		return Header{}, err
	}
	file, err := ParseFile(name, data)
	if err != nil {
		return Header{}, err
	}
	return Header{Family: file.Family, Algorithm: file.Algorithm, NumberOfTests: file.NumberOfTests}, nil
}

// quickHeader is scanHeader for b, the start of a file, where the three
// members come before any other member that is not plain JSON: keys and
// the family and algorithm without escapes, control characters or invalid
// UTF-8, and numberOfTests an integer without fraction or exponent. It
// reports false where it does not know; where it reports true, scanHeader
// would read the same (TestQuickHeaderIsScanHeader).
func quickHeader(b []byte) (h Header, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return h, false
	}
	i++
	var seen int
	for seen != 7 {
		i = skipSpace(b, i)
		key, j, ok := rawString(b, i)
		if !ok {
			return h, false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return h, false
		}
		i = skipSpace(b, i+1)
		end := valueEnd(b, i)
		if end < 0 {
			return h, false
		}
		v := b[i:end]
		switch key {
		case "family", "algorithm":
			str, j, ok := rawString(b, i)
			if !ok || j != end {
				return h, false
			}
			if key == "family" {
				h.Family, seen = str, seen|1
			} else {
				h.Algorithm, seen = str, seen|2
			}
		case "numberOfTests":
			if len(v) == 0 || len(v) > 1 && v[0] == '0' || bytes.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
				return h, false // negative, a fraction, an exponent or null: scanHeader decides
			}
			n, err := strconv.Atoi(string(v))
			if err != nil {
				return h, false
			}
			h.NumberOfTests, seen = n, seen|4
		case "testGroups":
			return h, false
		default:
			if !json.Valid(v) {
				return h, false
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ',' && (b[i] != '}' || seen != 7) {
			return h, false
		}
		i++
	}
	return h, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// rawString reads the JSON string at b[i:] if it has no escape, control
// character or invalid UTF-8, and returns it and the index after it.
func rawString(b []byte, i int) (s string, end int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			if !utf8.Valid(b[i+1 : j]) {
				return "", 0, false
			}
			return string(b[i+1 : j]), j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}

// valueEnd returns where the JSON value at b[i:] ends, or -1 if b ends
// first; the value is not checked (json.Valid or rawString does).
func valueEnd(b []byte, i int) int {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			for j++; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if j >= len(b) {
				return -1
			}
			if depth == 0 {
				return j + 1
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth < 0 {
				return j // the end of a scalar: the enclosing object's }
			}
			if depth == 0 {
				return j + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// scanHeader reads the top-level members of a JSON object until it has the
// three of a Header; it reports false if the object or r ends first, or on
// anything unexpected.
func scanHeader(r io.Reader) (h Header, ok bool) {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return h, false
	}
	var seen int
	for seen != 7 {
		t, err := dec.Token()
		if err != nil {
			return h, false
		}
		key, isKey := t.(string)
		if !isKey {
			return h, false
		}
		var dst any
		bit := 0
		switch key {
		case "family":
			dst, bit = &h.Family, 1
		case "algorithm":
			dst, bit = &h.Algorithm, 2
		case "numberOfTests":
			dst, bit = &h.NumberOfTests, 4
		case "testGroups":
			return h, false
		default:
			var skip json.RawMessage
			dst = &skip
		}
		if err := dec.Decode(dst); err != nil {
			return h, false
		}
		seen |= bit
	}
	return h, true
}
