package subprocess

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// A fast path for the lines of the protocol in their usual form, beside
// encoding/json: the runner and -serve exchange tens of thousands of lines a
// second in a fuzzing campaign, and encoding/json's reflection, its map of
// raw members and its validation of every value once per level cost more
// than the reference's work on a decoder case. The scanner is conservative:
// it accepts only what encoding/json accepts (well-formed JSON, at most
// maxFastDepth deep), and it gives up (ok false) on anything it does not
// handle in the same way as the decoders in wire.go (a duplicate member,
// a name or a string it would have to unescape, null where a value is
// wanted, too many members); the caller then takes the encoding/json path,
// which also writes the error messages. So every answer of the fast path is
// the answer encoding/json's path gives.

// maxFastDepth bounds the nesting the scanner follows; deeper values go to
// encoding/json.
const maxFastDepth = 64

// scanner walks one JSON text.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// consume skips white space and then c.
func (s *scanner) consume(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// plainName reads a member name that needs no unescaping.
func (s *scanner) plainName() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		switch {
		case c == '"':
			s.i = j + 1
			return s.b[start:j], true
		case c == '\\' || c < 0x20 || c >= 0x7f:
			return nil, false
		}
	}
	return nil, false
}

// value skips one JSON value (after white space) and returns its bytes.
func (s *scanner) value(depth int) ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || depth > maxFastDepth {
		return nil, false
	}
	start := s.i
	ok := false
	switch c := s.b[s.i]; {
	case c == '"':
		ok = s.str()
	case c == '{':
		ok = s.object(depth)
	case c == '[':
		ok = s.array(depth)
	case c == 't':
		ok = s.lit("true")
	case c == 'f':
		ok = s.lit("false")
	case c == 'n':
		ok = s.lit("null")
	case c == '-' || (c >= '0' && c <= '9'):
		ok = s.number()
	}
	if !ok {
		return nil, false
	}
	return s.b[start:s.i], true
}

func (s *scanner) lit(w string) bool {
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		return true
	}
	return false
}

// str skips a string: no control characters, valid escapes. Bytes of
// 0x80 and above pass, as encoding/json lets them. Quotes and backslashes
// are found with bytes.IndexByte (vector instructions), and the stretches
// between them tested for controls eight bytes at a time: answers echo
// generated fields of 128 KiB of hex. Every search starts past the last
// one's find, so a string of many escapes still costs one pass.
func (s *scanner) str() bool {
	b := s.b
	j := s.i + 1
	q := -1 // the first quote at or after j, once j has passed the last
	for {
		if q < j {
			if j > len(b) {
				return false
			}
			if q = bytes.IndexByte(b[j:], '"'); q < 0 {
				return false
			}
			q += j
		}
		e := bytes.IndexByte(b[j:q], '\\')
		if e < 0 {
			if hasControl(b[j:q]) {
				return false
			}
			s.i = q + 1
			return true
		}
		e += j
		if hasControl(b[j:e]) || e+1 >= len(b) {
			return false
		}
		switch b[e+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			j = e + 2
		case 'u':
			if e+6 > len(b) {
				return false
			}
			for _, h := range b[e+2 : e+6] {
				if !isHex(h) {
					return false
				}
			}
			j = e + 6
		default:
			return false
		}
	}
}

// hasControl reports a byte below 0x20 in b.
func hasControl(b []byte) bool {
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w := b[i : i+32 : i+32]
		if control(binary.LittleEndian.Uint64(w))|control(binary.LittleEndian.Uint64(w[8:]))|
			control(binary.LittleEndian.Uint64(w[16:]))|control(binary.LittleEndian.Uint64(w[24:])) != 0 {
			return true
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if control(binary.LittleEndian.Uint64(b[i:])) != 0 {
			return true
		}
	}
	for _, c := range b[i:] {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// control is 0 exactly when no byte of x is below 0x20. A lane's borrow
// reaches the next only from a lane below 0x20, itself flagged.
func control(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x - ones*0x20) &^ x & highs
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number skips a number in JSON's grammar.
func (s *scanner) number() bool {
	b, j := s.b, s.i
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j < len(b) && isDigit(b[j]) {
			j++
		}
	default:
		return false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if j >= len(b) || !isDigit(b[j]) {
			return false
		}
		for j < len(b) && isDigit(b[j]) {
			j++
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j >= len(b) || !isDigit(b[j]) {
			return false
		}
		for j < len(b) && isDigit(b[j]) {
			j++
		}
	}
	s.i = j
	return true
}

func (s *scanner) object(depth int) bool {
	s.i++ // {
	if s.consume('}') {
		return true
	}
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' || !s.str() {
			return false
		}
		if !s.consume(':') {
			return false
		}
		if _, ok := s.value(depth + 1); !ok {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

func (s *scanner) array(depth int) bool {
	s.i++ // [
	if s.consume(']') {
		return true
	}
	for {
		if _, ok := s.value(depth + 1); !ok {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume(']')
	}
}

// end reports whether only white space is left.
func (s *scanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// maxFastMembers bounds the members of an object the fast path takes.
const maxFastMembers = 64

// members walks the members of an object (the scanner at its '{'), calling
// f with each plain name and its value; it gives up on a name that needs
// unescaping, on a name seen before, and past maxFastMembers members.
func (s *scanner) members(depth int, f func(name, value []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	var seenBuf [16][]byte
	seen := seenBuf[:0]
	for n := 0; ; n++ {
		if n >= maxFastMembers {
			return false
		}
		name, ok := s.plainName()
		if !ok || !s.consume(':') {
			return false
		}
		for _, x := range seen {
			if string(x) == string(name) {
				return false
			}
		}
		seen = append(seen, name)
		v, ok := s.value(depth + 1)
		if !ok || !f(name, v) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// plainContent returns the contents of a JSON string that needs no
// unescaping (printable ASCII, no quote or backslash): what encoding/json
// would decode it to. The quote and the backslash are looked for with
// bytes.IndexByte (vector instructions), the range four words at a time: a
// generated case's 64 KiB field is 128 KiB of hex here.
func plainContent(v []byte) ([]byte, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, false
	}
	in := v[1 : len(v)-1]
	if bytes.IndexByte(in, '"') >= 0 || bytes.IndexByte(in, '\\') >= 0 {
		return nil, false
	}
	i := 0
	for ; i+32 <= len(in); i += 32 {
		w := in[i : i+32 : i+32]
		if outOfRange(binary.LittleEndian.Uint64(w))|outOfRange(binary.LittleEndian.Uint64(w[8:]))|
			outOfRange(binary.LittleEndian.Uint64(w[16:]))|outOfRange(binary.LittleEndian.Uint64(w[24:])) != 0 {
			return nil, false
		}
	}
	for ; i+8 <= len(in); i += 8 {
		if outOfRange(binary.LittleEndian.Uint64(in[i:])) != 0 {
			return nil, false
		}
	}
	for _, c := range in[i:] {
		if c < 0x20 || c >= 0x7f {
			return nil, false
		}
	}
	return in, true
}

// outOfRange is 0 exactly when every byte of x is printable ASCII (0x20 to
// 0x7e). Below 0x80, adding one carries into a byte's high bit only from
// 0x7f; a lane's carry or borrow reaches the next only from a lane that
// is itself flagged (0xff, or below 0x20).
func outOfRange(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x | (x + ones) | (x-ones*0x20)&^x) & highs
}

// plainUint parses a JSON number that is a plain decimal integer fitting in
// a uint64.
func plainUint(v []byte) (uint64, bool) {
	if len(v) == 0 || len(v) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range v {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// foldsTo reports a name that encoding/json would match with a struct
// field named want without being want: such lines take the slow path.
func foldsTo(name []byte, want string) bool {
	return string(name) != want && strings.EqualFold(string(name), want)
}

// valuesFast reads an object of raw values (inputs, outputs) into Values,
// copying them out of b (the reader's buffer is reused). A null member
// takes the slow path.
func valuesFast(s *scanner) (vectors.Values, bool) {
	start := s.i
	type span struct {
		name       string
		start, end int
	}
	var spansBuf [16]span
	spans := spansBuf[:0]
	ok := s.members(1, func(name, v []byte) bool {
		if len(v) == 4 && string(v) == "null" {
			return false
		}
		off := s.i - len(v) // the scanner is just past v
		spans = append(spans, span{intern(name), off, off + len(v)})
		return true
	})
	if !ok {
		return nil, false
	}
	region := bytes.Clone(s.b[start:s.i])
	out := make(vectors.Values, len(spans))
	for _, sp := range spans {
		a, z := sp.start-start, sp.end-start
		out[sp.name] = json.RawMessage(region[a:z:z])
	}
	return out, true
}

// decodeRequestFast is decodeRequest's fast path.
func decodeRequestFast(line []byte) (id uint64, req conformance.Request, ok bool) {
	s := scanner{b: line}
	var haveID, haveOp, haveProfile, haveInputs bool
	ok = s.members(0, func(name, v []byte) bool {
		switch string(name) {
		case "id":
			id, haveID = plainUint(v)
			return haveID && id != 0
		case "op":
			op, ok := plainContent(v)
			req.Op, haveOp = intern(op), ok && len(op) > 0
			return haveOp
		case "profile":
			p, ok := plainContent(v)
			i := slices.Index(vectors.Profiles, vectors.Profile(p))
			if haveProfile = ok && i >= 0; haveProfile {
				req.Profile = vectors.Profiles[i] // without a copy of the name
			}
			return haveProfile
		case "inputs":
			sub := scanner{b: line, i: s.i - len(v)}
			req.Inputs, haveInputs = valuesFast(&sub)
			return haveInputs
		}
		return true
	}) && s.end()
	if !ok || !haveID || !haveOp || !haveProfile || !haveInputs {
		return 0, conformance.Request{}, false
	}
	return id, req, true
}

// decodeResponseFast is decodeResponse's fast path.
func decodeResponseFast(line []byte, want uint64) (conformance.Reply, bool) {
	id, r, ok := decodeResponseFastID(line, want)
	return r, ok && id == want
}

// decodeResponseFastID is the fast path of a response with any id when want
// is 0, with want's otherwise; it returns the id. The reply holds no part of
// line, which can be the reader's buffer.
func decodeResponseFastID(line []byte, want uint64) (uint64, conformance.Reply, bool) {
	s := scanner{b: line}
	var id uint64
	haveID, forms := false, 0
	var reply conformance.Reply
	ok := s.members(0, func(name, v []byte) bool {
		switch string(name) {
		case "id":
			id, haveID = plainUint(v)
			return haveID && id != 0 && (want == 0 || id == want)
		case "outputs":
			forms++
			sub := scanner{b: line, i: s.i - len(v)}
			out, ok := valuesFast(&sub)
			reply = conformance.OutputsReply(out)
			return ok
		case "reject":
			forms++
			var cat, msg []byte
			haveCat := false
			sub := scanner{b: line, i: s.i - len(v)}
			ok := sub.members(1, func(name, v []byte) bool {
				switch {
				case string(name) == "category":
					cat, haveCat = plainContent(v)
					return haveCat
				case string(name) == "message":
					var ok bool
					msg, ok = plainContent(v)
					return ok
				case foldsTo(name, "category"), foldsTo(name, "message"):
					return false
				}
				return true
			})
			reply = conformance.RejectReply(categoryOf(cat), bounded(string(msg)))
			return ok && haveCat
		case "unsupported", "error":
			forms++
			c, ok := plainContent(v)
			if name[0] == 'u' {
				reply = conformance.UnsupportedReply(bounded(string(c)))
			} else {
				reply = conformance.ErrorReply(bounded(string(c)))
			}
			return ok
		}
		return true
	}) && s.end()
	if !ok || !haveID || forms != 1 {
		return 0, conformance.Reply{}, false
	}
	return id, reply, true
}

// names are the catalogue's operation and field names, which every line
// repeats: intern gives them without a copy.
var names = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, f := range vectors.Families() {
		m[f.Name] = f.Name
		for _, fl := range slices.Concat(f.Inputs, f.Outputs) {
			m[fl.Name] = fl.Name
		}
	}
	return m
})

// intern returns b as a string, the catalogue's own when it names an
// operation or a field.
func intern(b []byte) string {
	if s, ok := names()[string(b)]; ok {
		return s
	}
	return string(b)
}

// categories are the known categories by name.
var categories = func() map[string]category.Category {
	m := make(map[string]category.Category, len(category.All))
	for _, c := range category.All {
		m[string(c)] = c
	}
	return m
}()

// categoryOf is the category a reply names, as decodeResponseJSON makes it
// (printable, at most 64 bytes), without a copy when it is a known one. b
// is printable ASCII without a backslash (plainContent), which Printable
// keeps as it is.
func categoryOf(b []byte) category.Category {
	if c, ok := categories[string(b)]; ok {
		return c
	}
	return category.Category(Printable(b, 64, false))
}

// responseIDFast is responseID's fast path.
func responseIDFast(line []byte) (uint64, bool) {
	s := scanner{b: line}
	var id uint64
	haveID := false
	ok := s.members(0, func(name, v []byte) bool {
		switch {
		case string(name) == "id":
			id, haveID = plainUint(v)
			return haveID && id != 0
		case foldsTo(name, "id"):
			return false
		}
		return true
	}) && s.end()
	return id, ok && haveID
}
