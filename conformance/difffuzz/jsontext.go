package difffuzz

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// JSON, mutated as JSON: a value is parsed with internal/jsjson (which
// reads as JSON.parse does and keeps duplicate members and member order)
// and one node is changed, replaced by a value seen at the same path in
// another test, removed, doubled or moved; JSON texts carried in byte and
// text fields also get the textual edits JSON readers disagree on.

// jsonDict holds, per JSON path ("event.kind", "before[].timestamp"), the
// values the vector tests hold there.
type jsonDict struct {
	mu   sync.RWMutex
	vals map[string][]jsjson.Value
	// have holds, per path, the encodings of the values in vals: a value is
	// encoded once when learnt, not once per value already held.
	have map[string]map[string]struct{}
}

func newJSONDict() *jsonDict {
	return &jsonDict{vals: map[string][]jsjson.Value{}, have: map[string]map[string]struct{}{}}
}

func (d *jsonDict) learn(field string, raw json.RawMessage) {
	v, err := jsjson.Parse(string(raw), jsjson.Lenient)
	if err != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	walk(v, field, func(path string, v *jsjson.Value) {
		l := d.vals[path]
		if len(l) >= 64 {
			return
		}
		have := d.have[path]
		if have == nil {
			have = map[string]struct{}{}
			d.have[path] = have
		}
		k := string(jsjson.Marshal(*v))
		if _, ok := have[k]; !ok {
			have[k] = struct{}{}
			d.vals[path] = append(l, *v)
		}
	})
}

func (d *jsonDict) lookup(r *rand.Rand, path string) (jsjson.Value, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	l := d.vals[path]
	if len(l) == 0 {
		return jsjson.Value{}, false
	}
	return l[r.IntN(len(l))], true
}

// walk calls f for v and every value inside it, with its path.
func walk(v jsjson.Value, path string, f func(string, *jsjson.Value)) {
	var rec func(v *jsjson.Value, path string)
	rec = func(v *jsjson.Value, path string) {
		f(path, v)
		switch v.Kind {
		case jsjson.Object:
			for i := range v.Members {
				rec(&v.Members[i].Value, path+"."+v.Members[i].Name)
			}
		case jsjson.Array:
			for i := range v.Elems {
				rec(&v.Elems[i], path+"[]")
			}
		}
	}
	rec(&v, path)
}

// node is a value inside a document, for editing in place.
type node struct {
	path string
	v    *jsjson.Value
}

func nodes(root *jsjson.Value, field string) []node {
	var out []node
	var rec func(v *jsjson.Value, path string)
	rec = func(v *jsjson.Value, path string) {
		out = append(out, node{path, v})
		switch v.Kind {
		case jsjson.Object:
			for i := range v.Members {
				rec(&v.Members[i].Value, path+"."+v.Members[i].Name)
			}
		case jsjson.Array:
			for i := range v.Elems {
				rec(&v.Elems[i], path+"[]")
			}
		}
	}
	rec(root, field)
	return out
}

// mutate changes one node of the JSON value raw of field.
func (d *jsonDict) mutate(r *rand.Rand, field string, raw json.RawMessage) (json.RawMessage, string, bool) {
	v, err := jsjson.Parse(string(raw), jsjson.Lenient)
	if err != nil {
		return nil, "", false
	}
	desc := d.mutateValue(r, &v, field)
	return json.RawMessage(jsjson.Marshal(v)), desc, true
}

// mutateValue edits one node of v in place and says what it did.
func (d *jsonDict) mutateValue(r *rand.Rand, v *jsjson.Value, field string) string {
	ns := nodes(v, field)
	n := ns[r.IntN(len(ns))]
	where := strings.TrimPrefix(strings.TrimPrefix(n.path, field), ".")
	if where == "" {
		where = "the value"
	}
	// Half the time: a value seen at the same path in another test.
	if r.IntN(2) == 0 {
		if nv, ok := d.lookup(r, n.path); ok {
			*n.v = nv
			return where + " from another test"
		}
	}
	switch n.v.Kind {
	case jsjson.Object:
		ms := n.v.Members
		switch {
		case len(ms) > 0 && r.IntN(3) == 0:
			i := r.IntN(len(ms))
			name := ms[i].Name
			n.v.Members = slices.Delete(slices.Clone(ms), i, i+1)
			return fmt.Sprintf("%s: member %s removed", where, name)
		case len(ms) > 1 && r.IntN(2) == 0:
			c := slices.Clone(ms)
			r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
			n.v.Members = c
			return where + ": members reordered"
		default:
			// A member seen at a path below this one in another test.
			d.mu.RLock()
			var cands []string
			for p := range d.vals {
				if rest, ok := strings.CutPrefix(p, n.path+"."); ok && !strings.ContainsAny(rest, ".[") {
					cands = append(cands, rest)
				}
			}
			d.mu.RUnlock()
			if len(cands) == 0 {
				break
			}
			slices.Sort(cands)
			name := cands[r.IntN(len(cands))]
			nv, _ := d.lookup(r, n.path+"."+name)
			n.v.Members = append(slices.Clone(ms), jsjson.M(name, nv))
			return fmt.Sprintf("%s: member %s added", where, name)
		}
	case jsjson.Array:
		es := slices.Clone(n.v.Elems)
		switch {
		case len(es) > 0 && r.IntN(4) == 0:
			i := r.IntN(len(es))
			n.v.Elems = slices.Delete(es, i, i+1)
			return fmt.Sprintf("%s: element %d removed", where, i)
		case len(es) > 0 && r.IntN(3) == 0:
			i := r.IntN(len(es))
			n.v.Elems = slices.Insert(es, i, es[i])
			return fmt.Sprintf("%s: element %d doubled", where, i)
		case len(es) > 1 && r.IntN(2) == 0:
			i, j := r.IntN(len(es)), r.IntN(len(es))
			es[i], es[j] = es[j], es[i]
			n.v.Elems = es
			return fmt.Sprintf("%s: elements %d and %d swapped", where, i, j)
		default:
			if nv, ok := d.lookup(r, n.path+"[]"); ok {
				i := r.IntN(len(es) + 1)
				n.v.Elems = slices.Insert(es, i, nv)
				return fmt.Sprintf("%s: element inserted at %d", where, i)
			}
		}
	case jsjson.Number:
		nn := float64(mutateInt(r, int64(n.v.Num)))
		if r.IntN(8) == 0 {
			nn = []float64{0.5, math.Copysign(0, -1), 1e21, 1.5, 4294967295.5}[r.IntN(5)]
		}
		n.v.Num = nn
		return fmt.Sprintf("%s = %s", where, jsjson.FormatNumber(nn))
	case jsjson.String:
		s := n.v.Str
		if b, err := hex.DecodeString(s); err == nil && len(s) > 0 {
			nb, desc := mutateBytes(r, b)
			n.v.Str = hex.EncodeToString(nb)
			return where + ": " + desc
		}
		if len(s) >= 4 && r.IntN(2) == 0 {
			// A base64 member (keys, ciphertexts): its variants.
			if ns, desc, ok := mutateBase64(r, s); ok {
				n.v.Str = ns
				return where + ": " + desc
			}
		}
		ns, desc := mutateText(r, s)
		n.v.Str = ns
		return where + ": " + desc
	case jsjson.Bool:
		n.v.Bool = !n.v.Bool
		return where + " negated"
	}
	// Another type.
	alts := []jsjson.Value{{}, jsjson.Str(""), jsjson.Num(0), jsjson.Boolean(true), jsjson.Arr(), jsjson.Obj()}
	*n.v = alts[r.IntN(len(alts))]
	return fmt.Sprintf("%s = %s", where, jsjson.Marshal(*n.v))
}

// mutateJSONText edits a JSON text (the bytes of a JSON document): one
// value inside it, or the text itself in the ways JSON readers disagree
// on: a byte order mark, white space, escapes, lone surrogates, number
// forms, duplicate members, deep nesting, invalid UTF-8, the 0x-hex form.
func mutateJSONText(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	v, err := m.parse(b)
	if err == nil && r.IntN(2) == 0 {
		d := m.g.jsonLex.mutateValue(r, &v, "")
		return jsjson.Marshal(v), d
	}
	text := string(b)
	switch r.IntN(12) {
	case 0:
		return append([]byte("\ufeff"), b...), "byte order mark"
	case 1:
		return []byte(spaced(text)), "white space between tokens"
	case 2:
		if s, ok := escapeOne(r, text); ok {
			return []byte(s), "a character as a \\u escape"
		}
	case 3:
		if s, ok := intoString(r, text, `\ud800`); ok {
			return []byte(s), "lone surrogate escape"
		}
	case 4:
		if s, ok := intoString(r, text, `\ud83d\ude00`); ok {
			return []byte(s), "escaped surrogate pair"
		}
	case 5:
		if s, ok := intoString(r, text, "\xff"); ok {
			return []byte(s), "invalid UTF-8 in a string"
		}
	case 6:
		if err == nil && v.Kind == jsjson.Object && len(v.Members) > 0 {
			i := r.IntN(len(v.Members))
			dup := v.Members[i]
			if r.IntN(2) == 0 {
				dup.Value = jsjson.Str("")
			}
			v.Members = slices.Insert(slices.Clone(v.Members), i+1, dup)
			return jsjson.Marshal(v), "member " + dup.Name + " twice"
		}
	case 7:
		depth := []int{64, 511, 513, 10000}[r.IntN(4)]
		if err == nil && v.Kind == jsjson.Object && len(v.Members) > 0 {
			i := r.IntN(len(v.Members))
			ms := slices.Clone(v.Members)
			inner := string(jsjson.Marshal(ms[i].Value))
			ms[i].Value = jsjson.Str("\x00nest") // placeholder
			v.Members = ms
			out := strings.Replace(string(jsjson.Marshal(v)), `"\u0000nest"`, strings.Repeat("[", depth)+inner+strings.Repeat("]", depth), 1)
			return []byte(out), fmt.Sprintf("member %s nested %d deep", ms[i].Name, depth)
		}
	case 8:
		return []byte(text + []string{" ", "\n", "x", "{}", "\x00"}[r.IntN(5)]), "text after the value"
	case 9:
		return []byte("0x" + hex.EncodeToString(b)), "the 0x-hex form"
	case 10:
		if s, ok := numberForm(r, text); ok {
			return []byte(s), "another number form"
		}
	}
	if len(b) > 0 {
		n := r.IntN(len(b))
		return b[:n], fmt.Sprintf("text cut at %d", n)
	}
	return nil, ""
}

// parseText is jsjson.Parse(jsjson.DecodeText(b), jsjson.Lenient) (through
// ParseBytes, which stops early on bytes that are not UTF-8), which it
// calls only when b may hold a JSON text: after a byte order mark and white
// space, a byte that starts a value. Decoding a long text that is not UTF-8
// (a byte field resized with random bytes) costs tens of µs.
func parseText(b []byte) (jsjson.Value, error) {
	t := bytes.TrimPrefix(b, []byte("\ufeff"))
	t = bytes.TrimLeft(t, " \t\n\r")
	if len(t) == 0 || !strings.ContainsRune(`{["-0123456789tfn`, rune(t[0])) {
		return jsjson.Value{}, errNotJSON
	}
	v, _, err := jsjson.ParseBytes(b)
	return v, err
}

var errNotJSON = errors.New("not a JSON text")

// stringSpans returns the byte ranges of the string literals of a JSON
// text (quotes included).
func stringSpans(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) {
			break
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// intoString inserts ins (raw text) at a random place inside a string
// literal.
func intoString(r *rand.Rand, s, ins string) (string, bool) {
	sp := stringSpans(s)
	if len(sp) == 0 {
		return "", false
	}
	x := sp[r.IntN(len(sp))]
	at := x[1] // before the closing quote: never inside an escape
	return s[:at] + ins + s[at:], true
}

// escapeOne writes one unescaped character of a string literal as \uXXXX
// (a pair for an astral character).
func escapeOne(r *rand.Rand, s string) (string, bool) {
	sp := stringSpans(s)
	if len(sp) == 0 {
		return "", false
	}
	x := sp[r.IntN(len(sp))]
	body := s[x[0]+1 : x[1]]
	if len(body) == 0 || strings.ContainsRune(body, '\\') {
		return "", false
	}
	rs := []rune(body)
	i := r.IntN(len(rs))
	var esc string
	if c := rs[i]; c > 0xffff {
		c -= 0x10000
		esc = fmt.Sprintf(`\u%04x\u%04x`, 0xd800+(c>>10), 0xdc00+(c&0x3ff))
	} else {
		esc = fmt.Sprintf(`\u%04X`, c)
	}
	return s[:x[0]+1] + string(rs[:i]) + esc + string(rs[i+1:]) + s[x[1]:], true
}

// spaced puts white space around the structural characters outside
// strings.
func spaced(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in:
			b.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if c == '"' {
				in = false
			}
		case c == '"':
			in = true
			b.WriteByte(c)
		case c == '{' || c == '[' || c == ',' || c == ':':
			b.WriteByte(c)
			b.WriteString("\n\t ")
		default:
			b.WriteByte(c)
		}
	}
	return " \r\n" + b.String() + "\n"
}

// numberForm rewrites a number outside strings in an equal form (1.0,
// 1e0, -0) or a form JSON.parse refuses (01, +1, .5).
func numberForm(r *rand.Rand, s string) (string, bool) {
	sp := stringSpans(s)
	// inString walks the spans (in order, apart) with i, which only grows:
	// asking every span for every byte was most of the mutation's time.
	k := 0
	inString := func(i int) bool {
		for k < len(sp) && sp[k][1] < i {
			k++
		}
		return k < len(sp) && i >= sp[k][0]
	}
	var starts []int
	for i := 0; i < len(s); i++ {
		if (s[i] >= '0' && s[i] <= '9') && !inString(i) && (i == 0 || !(s[i-1] >= '0' && s[i-1] <= '9') && s[i-1] != '.' && s[i-1] != '-') {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return "", false
	}
	i := starts[r.IntN(len(starts))]
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	num := s[i:j]
	forms := []string{num + ".0", num + "e0", num + "E+0", "0" + num, "+" + num, num + ".", "-0", num + "0e-1"}
	return s[:i] + forms[r.IntN(len(forms))] + s[j:], true
}
