package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/conformance"
)

// This file checks vector files against spec/schema with a validator of the
// part of JSON Schema 2020-12 that those schemas use. A general validator
// (github.com/santhosh-tekuri/jsonschema) compiles every draft's
// meta-schemas when the program starts: about 4 ms of CPU, half of what a
// -list cost, paid by every run for a check only -vectors needs. This one compiles
// nothing until a -vectors file is read, and refuses a schema that uses a
// keyword it does not implement, so that it cannot pass what a schema
// forbids. TestSchemaAgreesWithJSONSchema holds its verdicts, and the place
// it reports, to the general validator's on every vector file cut to a few
// tests and some 2,000 edits of them (with PQHS_SCHEMA_FULL=1 all 362,416
// edits and the whole files; the general validator stays for the tests).

// annotations are the keywords that check nothing; every other keyword a
// schema uses must be one that schemaCompiler.keyword implements.
var annotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "$comment": true, "title": true, "description": true}

// schemaNode is one compiled (sub)schema.
type schemaNode struct {
	loc string // where it is in its file, as a JSON pointer fragment: "#/$defs/test"

	never bool // the schema false

	ref         string
	refNode     *schemaNode
	types       []string
	hasConst    bool
	constV      any
	hasEnum     bool
	enum        []any
	pattern     *regexp.Regexp
	minimum     *decimal
	minItems    int // -1: none
	uniqueItems bool
	required    []string
	properties  map[string]*schemaNode
	additional  *schemaNode
	items       *schemaNode
	ifS, thenS  *schemaNode
	elseS, notS *schemaNode
	allOf       []*schemaNode
	// onlyRequired: the schema has no keyword but required (for the
	// message of a not).
	onlyRequired bool
}

// fileSchema is a compiled schema file.
type fileSchema struct {
	name string
	root *schemaNode
}

// compileSchema compiles the schema file called name (its text raw).
func compileSchema(name string, raw []byte) (*fileSchema, error) {
	doc, err := decodeJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("the built-in schema %s: %w", name, err)
	}
	c := schemaCompiler{defs: map[string]*schemaNode{}, linked: map[*schemaNode]bool{}}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the built-in schema %s: not an object", name)
	}
	if d, ok := obj["$schema"]; ok && d != "https://json-schema.org/draft/2020-12/schema" {
		return nil, fmt.Errorf("the built-in schema %s: $schema %v; this validator knows draft 2020-12 only", name, d)
	}
	if defs, ok := obj["$defs"]; ok {
		m, ok := defs.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("the built-in schema %s: $defs is not an object", name)
		}
		for _, k := range sortedKeys(m) {
			c.defs[k] = c.compile(m[k], "#/$defs/"+escapePointer(k))
		}
	}
	root := c.compile(doc, "#")
	if err := c.link(root, nil); err != nil {
		return nil, fmt.Errorf("the built-in schema %s: %w", name, err)
	}
	return &fileSchema{name: name, root: root}, nil
}

type schemaCompiler struct {
	defs   map[string]*schemaNode
	linked map[*schemaNode]bool
	err    error
}

func (c *schemaCompiler) fail(loc, format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("at %s: %s", loc, fmt.Sprintf(format, args...))
	}
}

func (c *schemaCompiler) compile(v any, loc string) *schemaNode {
	n := &schemaNode{loc: loc, minItems: -1}
	switch v := v.(type) {
	case bool:
		n.never = !v
		return n
	case map[string]any:
		checked := 0
		for _, k := range sortedKeys(v) {
			c.keyword(n, k, v[k], loc+"/"+escapePointer(k))
			if !annotations[k] {
				checked++
			}
		}
		n.onlyRequired = checked == 1 && n.required != nil
	default:
		c.fail(loc, "a schema must be an object or a boolean")
	}
	return n
}

func (c *schemaCompiler) keyword(n *schemaNode, k string, v any, loc string) {
	switch k {
	case "$ref":
		s, _ := v.(string)
		name, ok := strings.CutPrefix(s, "#/$defs/")
		if !ok || name == "" || strings.ContainsAny(name, "/~%") {
			c.fail(loc, "$ref %q: only #/$defs/NAME is supported", s)
		}
		n.ref = name
	case "type":
		switch t := v.(type) {
		case string:
			n.types = []string{t}
		case []any:
			for _, e := range t {
				s, _ := e.(string)
				n.types = append(n.types, s)
			}
		}
		for _, t := range n.types {
			if !slices.Contains([]string{"object", "array", "string", "number", "integer", "boolean", "null"}, t) {
				c.fail(loc, "unknown type %q", t)
			}
		}
		if n.types == nil {
			c.fail(loc, "type must be a name or a list of names")
		}
	case "const":
		n.hasConst, n.constV = true, v
	case "enum":
		e, ok := v.([]any)
		if !ok {
			c.fail(loc, "enum must be an array")
		}
		n.hasEnum, n.enum = true, e
	case "pattern":
		s, _ := v.(string)
		re, err := regexp.Compile(s)
		if err != nil {
			c.fail(loc, "%v", err)
		}
		n.pattern = re
	case "minimum":
		num, _ := v.(json.Number)
		d, ok := parseDecimal(string(num))
		if !ok {
			c.fail(loc, "minimum must be a number")
		}
		n.minimum = &d
	case "minItems":
		num, _ := v.(json.Number)
		i, err := strconv.Atoi(string(num))
		if err != nil || i < 0 {
			c.fail(loc, "minItems must be a non-negative integer")
		}
		n.minItems = i
	case "uniqueItems":
		b, ok := v.(bool)
		if !ok {
			c.fail(loc, "uniqueItems must be a boolean")
		}
		n.uniqueItems = b
	case "required":
		list, ok := v.([]any)
		if !ok {
			c.fail(loc, "required must be an array")
		}
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				c.fail(loc, "required must list strings")
			}
			n.required = append(n.required, s)
		}
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			c.fail(loc, "properties must be an object")
		}
		n.properties = map[string]*schemaNode{}
		for _, p := range sortedKeys(m) {
			n.properties[p] = c.compile(m[p], loc+"/"+escapePointer(p))
		}
	case "additionalProperties":
		n.additional = c.compile(v, loc)
	case "items":
		n.items = c.compile(v, loc)
	case "if":
		n.ifS = c.compile(v, loc)
	case "then":
		n.thenS = c.compile(v, loc)
	case "else":
		n.elseS = c.compile(v, loc)
	case "not":
		n.notS = c.compile(v, loc)
	case "allOf":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			c.fail(loc, "allOf must be a non-empty array")
		}
		for i, e := range list {
			n.allOf = append(n.allOf, c.compile(e, loc+"/"+strconv.Itoa(i)))
		}
	default:
		if !annotations[k] {
			// Passing it by would pass what the schema forbids.
			c.fail(loc, "keyword %q is not supported by this validator", k)
		}
	}
}

// link resolves every $ref below n and refuses a schema that refers to
// itself (none of spec/schema's does; a check could then recur without
// end).
func (c *schemaCompiler) link(n *schemaNode, path []*schemaNode) error {
	if c.err != nil {
		return c.err
	}
	if slices.Contains(path, n) {
		return fmt.Errorf("at %s: the schema refers to itself; recursion is not supported", n.loc)
	}
	if c.linked[n] {
		return nil
	}
	path = append(path, n)
	var kids []*schemaNode
	if n.ref != "" {
		d, ok := c.defs[n.ref]
		if !ok {
			return fmt.Errorf("at %s: $ref to #/$defs/%s, which is not defined", n.loc, n.ref)
		}
		n.refNode = d
		kids = append(kids, d)
	}
	for _, k := range sortedKeys(n.properties) {
		kids = append(kids, n.properties[k])
	}
	kids = append(kids, n.additional, n.items, n.ifS, n.thenS, n.elseS, n.notS)
	kids = append(kids, n.allOf...)
	for _, k := range kids {
		if k == nil {
			continue
		}
		if err := c.link(k, path); err != nil {
			return err
		}
	}
	c.linked[n] = true
	return nil
}

// schemaViolation is where a document breaks its schema, and how.
type schemaViolation struct {
	at     []string // the JSON pointer's tokens
	reason string
}

func (e *schemaViolation) Error() string {
	return fmt.Sprintf("at '%s': %s", conformance.Printable([]byte(pointer(e.at)), 200, false), e.reason)
}

// validate checks doc (as decodeJSON returns it) and returns nil or the
// deepest *schemaViolation (the first in document order among the
// deepest), the innermost cause rather than the rules around it.
func (s *fileSchema) validate(doc any) error {
	r := &schemaRun{}
	r.check(s.root, doc, nil)
	if r.best == nil {
		return nil
	}
	return r.best
}

// schemaRun is one validation: the violation it reports, or, when quick
// (inside if and not, whose failures are not reported), whether there was
// one.
type schemaRun struct {
	quick  bool
	failed bool
	best   *schemaViolation
	bestAt *loc
}

// loc is an instance location, built as the check goes down and spelled
// out only for a violation.
type loc struct {
	parent *loc
	token  string
	index  int // -1: token is a member name
}

func (l *loc) tokens() []string {
	var t []string
	for ; l != nil; l = l.parent {
		if l.index >= 0 {
			t = append(t, strconv.Itoa(l.index))
		} else {
			t = append(t, l.token)
		}
	}
	slices.Reverse(t)
	return t
}

// before orders locations: deeper first, then in document order (array
// indexes as numbers, member names as strings).
func before(a, b *loc) bool {
	da, db := depth(a), depth(b)
	if da != db {
		return da > db
	}
	return compareLoc(a, b) < 0
}

func depth(l *loc) int {
	d := 0
	for ; l != nil; l = l.parent {
		d++
	}
	return d
}

// compareLoc compares two locations of the same depth.
func compareLoc(a, b *loc) int {
	if a == nil || a == b {
		return 0
	}
	if c := compareLoc(a.parent, b.parent); c != 0 {
		return c
	}
	if a.index >= 0 && b.index >= 0 {
		return a.index - b.index
	}
	return strings.Compare(a.token, b.token)
}

func (r *schemaRun) fail(at *loc, format string, args ...any) {
	r.failed = true
	if r.quick {
		return
	}
	if r.best != nil && !before(at, r.bestAt) {
		return
	}
	r.best = &schemaViolation{at: at.tokens(), reason: fmt.Sprintf(format, args...)}
	r.bestAt = at
}

// matches reports whether v matches n, reporting nothing.
func matches(n *schemaNode, v any, at *loc) bool {
	q := &schemaRun{quick: true}
	q.check(n, v, at)
	return !q.failed
}

func (r *schemaRun) check(n *schemaNode, v any, at *loc) {
	if r.quick && r.failed {
		return
	}
	if n.never {
		r.fail(at, "no value is allowed here")
		return
	}
	// A wrong type, constant or choice ends the check of n: what n says of
	// the value's members would only restate it.
	if n.types != nil && !hasType(n.types, v) {
		r.fail(at, "got %s, want %s", typeName(v), strings.Join(n.types, " or "))
		return
	}
	if n.hasConst {
		if eq, ok := jsonEqual(v, n.constV); !eq || !ok {
			r.fail(at, "got %s, want %s", show(v), show(n.constV))
			return
		}
	}
	if n.hasEnum {
		found := false
		for _, e := range n.enum {
			if eq, ok := jsonEqual(v, e); eq && ok {
				found = true
				break
			}
		}
		if !found {
			r.fail(at, "got %s, want one of %s", show(v), showList(n.enum))
			return
		}
	}
	if n.refNode != nil {
		r.check(n.refNode, v, at)
	}
	switch v := v.(type) {
	case map[string]any:
		r.checkObject(n, v, at)
	case []any:
		r.checkArray(n, v, at)
	case string:
		if n.pattern != nil && !n.pattern.MatchString(v) {
			r.fail(at, "%s does not match the pattern %s", show(v), n.pattern)
		}
	case json.Number:
		if n.minimum != nil {
			d, ok := parseDecimal(string(v))
			if !ok || d.cmp(*n.minimum) < 0 {
				r.fail(at, "%s is less than the minimum %s", show(v), n.minimum.text)
			}
		}
	}
	for _, s := range n.allOf {
		r.check(s, v, at)
	}
	if n.ifS != nil {
		if matches(n.ifS, v, at) {
			if n.thenS != nil {
				r.check(n.thenS, v, at)
			}
		} else if n.elseS != nil {
			r.check(n.elseS, v, at)
		}
	}
	if n.notS != nil && matches(n.notS, v, at) {
		if n.notS.onlyRequired {
			r.fail(at, "must not have %s here (%s)", memberList(n.notS.required), n.notS.loc)
		} else {
			r.fail(at, "matches the schema at %s, which it must not", n.notS.loc)
		}
	}
}

func (r *schemaRun) checkObject(n *schemaNode, obj map[string]any, at *loc) {
	var missing []string
	for _, k := range n.required {
		if _, ok := obj[k]; !ok {
			missing = append(missing, k)
		}
	}
	if missing != nil {
		r.fail(at, "missing %s", memberList(missing))
	}
	if n.properties == nil && n.additional == nil {
		return
	}
	var extra []string
	for k, v := range obj {
		if r.quick && r.failed {
			return
		}
		if p, ok := n.properties[k]; ok {
			r.check(p, v, &loc{parent: at, token: k, index: -1})
			continue
		}
		if n.additional == nil {
			continue
		}
		if n.additional.never {
			extra = append(extra, k)
			continue
		}
		r.check(n.additional, v, &loc{parent: at, token: k, index: -1})
	}
	if extra != nil {
		slices.Sort(extra)
		r.fail(at, "%s not allowed", memberList(extra))
	}
}

func (r *schemaRun) checkArray(n *schemaNode, arr []any, at *loc) {
	if n.minItems >= 0 && len(arr) < n.minItems {
		r.fail(at, "%d items, want at least %d", len(arr), n.minItems)
	}
	if n.uniqueItems {
		if i, j, ok := duplicate(arr); !ok {
			r.fail(at, "a number in it cannot be compared exactly")
		} else if i >= 0 {
			r.fail(at, "items %d and %d are equal; they must be unique", i, j)
		}
	}
	if n.items != nil {
		for i, e := range arr {
			if r.quick && r.failed {
				return
			}
			r.check(n.items, e, &loc{parent: at, index: i})
		}
	}
}

// duplicate returns the first pair of equal items (the lowest j, then the
// lowest i), or -1, -1; ok is false when one of two or more items holds a
// number that cannot be compared exactly (see maxExponent). Each item is
// looked up once by its key (itemKey), not compared with every item before
// it: a -vectors file's array of n items would cost n² comparisons, some
// 10^13 for a rules array that fills MaxFileSize.
func duplicate(arr []any) (i, j int, ok bool) {
	if len(arr) < 2 {
		return -1, -1, true
	}
	first := make(map[string]int, len(arr))
	var key []byte
	for j, v := range arr {
		if key, ok = itemKey(key[:0], v); !ok {
			return -1, -1, false
		}
		if i, seen := first[string(key)]; seen {
			return i, j, true
		}
		first[string(key)] = j
	}
	return -1, -1, true
}

// itemKey appends to b a key of v that two values share exactly when
// jsonEqual finds them equal: numbers by their value (parseDecimal's
// normal form), members in name order, every part tagged and every length
// and exponent ended by a delimiter, so that no two values' keys run into
// each other. ok is false for a number that cannot be compared exactly.
func itemKey(b []byte, v any) (_ []byte, ok bool) {
	str := func(b []byte, s string) []byte {
		return append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...)
	}
	switch v := v.(type) {
	case map[string]any:
		b = append(strconv.AppendInt(append(b, '{'), int64(len(v)), 10), ',')
		for _, k := range sortedKeys(v) {
			if b, ok = itemKey(str(b, k), v[k]); !ok {
				return b, false
			}
		}
		return b, true
	case []any:
		b = append(strconv.AppendInt(append(b, '['), int64(len(v)), 10), ',')
		for _, e := range v {
			if b, ok = itemKey(b, e); !ok {
				return b, false
			}
		}
		return b, true
	case string:
		return str(append(b, 's'), v), true
	case json.Number:
		d, ok := parseDecimal(string(v))
		if !ok {
			return b, false
		}
		tag := byte('n') // the sign in the tag: the exponent has its own
		if d.neg {
			tag = 'm'
		}
		b = append(b, tag)
		return str(append(strconv.AppendInt(b, d.point, 10), ','), d.digits), true
	case bool:
		if v {
			return append(b, 't'), true
		}
		return append(b, 'f'), true
	case nil:
		return append(b, 'z'), true
	}
	return b, false // not a value decodeJSON makes
}

func hasType(types []string, v any) bool {
	for _, t := range types {
		switch t {
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "number":
			if _, ok := v.(json.Number); ok {
				return true
			}
		case "integer":
			if n, ok := v.(json.Number); ok {
				if d, ok := parseDecimal(string(n)); ok && d.isInteger() {
					return true
				}
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		}
	}
	return false
}

func typeName(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		if d, ok := parseDecimal(string(v)); ok && d.isInteger() {
			return "integer"
		}
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// jsonEqual is JSON Schema's equality: numbers by value, objects by
// members. ok is false when a number could not be compared exactly.
func jsonEqual(a, b any) (eq, ok bool) {
	switch a := a.(type) {
	case map[string]any:
		b, isObj := b.(map[string]any)
		if !isObj || len(a) != len(b) {
			return false, true
		}
		for k, av := range a {
			bv, has := b[k]
			if !has {
				return false, true
			}
			if eq, ok := jsonEqual(av, bv); !eq || !ok {
				return eq, ok
			}
		}
		return true, true
	case []any:
		b, isArr := b.([]any)
		if !isArr || len(a) != len(b) {
			return false, true
		}
		for i := range a {
			if eq, ok := jsonEqual(a[i], b[i]); !eq || !ok {
				return eq, ok
			}
		}
		return true, true
	case json.Number:
		b, isNum := b.(json.Number)
		if !isNum {
			return false, true
		}
		da, okA := parseDecimal(string(a))
		db, okB := parseDecimal(string(b))
		if !okA || !okB {
			return false, false
		}
		return da.cmp(db) == 0, true
	case string, bool, nil:
		return a == b, true
	}
	return false, false
}

// decimal is a JSON number held exactly: ±0.digits × 10^point, digits
// without leading or trailing zeros ("" for zero).
type decimal struct {
	neg    bool
	digits string
	point  int64
	text   string
}

// maxExponent is the largest power of ten a number may need: math/big's
// Rat, which the general validator computes with, refuses more, so such a
// number is neither an integer nor comparable there; it is refused here
// the same way, without computing it.
const maxExponent = 1e6

// parseDecimal reads a JSON number (as encoding/json has checked it). ok
// is false for one too large or too small to hold as math/big's Rat would
// (see maxExponent).
func parseDecimal(s string) (d decimal, ok bool) {
	d.text = s
	rest := s
	if strings.HasPrefix(rest, "-") {
		d.neg, rest = true, rest[1:]
	}
	mant, exp, hasExp := strings.Cut(rest, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(rest, "E")
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" && frac == "" {
		return d, false
	}
	var e int64
	if hasExp {
		var err error
		if e, err = strconv.ParseInt(strings.TrimPrefix(exp, "+"), 10, 64); err != nil {
			return d, false
		}
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return d, false
		}
	}
	all := strings.TrimLeft(intPart+frac, "0")
	if all == "" {
		d.neg = false
		return d, true // zero, whatever its exponent
	}
	// The value is all × 10^k; math/big refuses that power beyond
	// maxExponent. (len(frac) < 2^31: no overflow for such e.)
	if e > 1<<40 || e < -1<<40 {
		return d, false
	}
	k := e - int64(len(frac))
	if k > maxExponent || k < -maxExponent {
		return d, false
	}
	d.digits = strings.TrimRight(all, "0")
	d.point = k + int64(len(all))
	return d, true
}

func (d decimal) isInteger() bool { return d.point >= int64(len(d.digits)) }

func (d decimal) cmp(o decimal) int {
	sign := func(x decimal) int {
		switch {
		case x.digits == "":
			return 0
		case x.neg:
			return -1
		}
		return 1
	}
	sa, so := sign(d), sign(o)
	if sa != so || sa == 0 {
		return sa - so
	}
	c := 0
	switch {
	case d.point != o.point:
		c = 1
		if d.point < o.point {
			c = -1
		}
	default:
		c = strings.Compare(d.digits, o.digits)
	}
	return sa * c
}

// decodeJSON decodes one JSON value as the schema check needs it: numbers
// as json.Number, nothing after the value.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the end of the JSON value")
	}
	return v, nil
}

func show(v any) string {
	var s string
	switch v := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		s = strconv.Quote(v)
	default:
		s = fmt.Sprint(v)
		if v == nil {
			s = "null"
		}
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return conformance.Printable([]byte(s), 100, false)
}

func showList(vs []any) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, show(v))
	}
	return strings.Join(parts, ", ")
}

func memberList(names []string) string {
	var parts []string
	more := 0
	if len(names) > 10 {
		names, more = names[:10], len(names)-10
	}
	for _, n := range names {
		if len(n) > 80 {
			n = n[:80] + "…"
		}
		parts = append(parts, "'"+conformance.Printable([]byte(n), 100, false)+"'")
	}
	word := "member "
	if len(parts) > 1 {
		word = "members "
	}
	if more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return word + strings.Join(parts, ", ")
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/")
		b.WriteString(escapePointer(t))
	}
	return b.String()
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
