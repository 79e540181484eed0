package vectors

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"reflect"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// Make builds Values from name/value pairs, encoding each value as With
// does.
func Make(kv ...any) Values { return Values{}.put(kv) }

// With returns a copy of v with the name/value pairs set. Every builder of
// Values in pqhs (generators, mutants, live checks) goes through this one
// rule:
//
//   - []byte and byte arrays ([32]byte, ...): lowercase hex;
//   - *big.Int: a decimal string;
//   - string: a JavaScript string (Set);
//   - json.RawMessage: as it is;
//   - nil: no value: the field is left out (deleted from the copy);
//   - anything else (ints, bools, objects): through encoding/json, as Set.
//
// A JSON null is json.RawMessage("null").
func (v Values) With(kv ...any) Values { return maps.Clone(v).put(kv) }

func (v Values) put(kv []any) Values {
	if v == nil {
		v = Values{}
	}
	if len(kv)%2 != 0 {
		panic(fmt.Sprintf("vectors: %d arguments, want name/value pairs", len(kv)))
	}
	for i := 0; i < len(kv); i += 2 {
		name, ok := kv[i].(string)
		if !ok {
			panic(fmt.Sprintf("vectors: argument %d is a %T, want a field name", i, kv[i]))
		}
		switch x := kv[i+1].(type) {
		case nil:
			delete(v, name)
		case []byte:
			v.SetBytes(name, x)
		case [32]byte:
			v.SetBytes(name, x[:])
		case *big.Int:
			v.SetDecimal(name, x)
		case json.RawMessage:
			v[name] = x
		default:
			if a := reflect.ValueOf(x); a.Kind() == reflect.Array && a.Type().Elem().Kind() == reflect.Uint8 {
				b := make([]byte, a.Len())
				reflect.Copy(reflect.ValueOf(b), a)
				v.SetBytes(name, b)
				continue
			}
			v.Set(name, x)
		}
	}
	return v
}

// Reader reads an operation's inputs and keeps the first error (a missing
// or ill-typed field), so that an operation reads every input and checks
// once:
//
//	r := in.Reader()
//	key, salt := r.Bytes("aesKey"), r.Bytes("aesSalt")
//	if r.Err() != nil {
//		return nil, r.Err()
//	}
type Reader struct {
	in  Values
	err error
}

// Reader returns a Reader of v.
func (v Values) Reader() *Reader { return &Reader{in: v} }

// Err returns the first error.
func (r *Reader) Err() error { return r.err }

// Fail records err unless an error came first; a nil err is ignored.
func (r *Reader) Fail(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

// Has reports whether the field is present.
func (r *Reader) Has(name string) bool { return r.in.Has(name) }

// Bytes reads a hex field.
func (r *Reader) Bytes(name string) []byte {
	b, err := r.in.Bytes(name)
	r.Fail(err)
	return b
}

// OptBytes reads a hex field that may be absent (nil).
func (r *Reader) OptBytes(name string) []byte {
	if !r.in.Has(name) {
		return nil
	}
	return r.Bytes(name)
}

// Int reads an integer field.
func (r *Reader) Int(name string) int64 {
	n, err := r.in.Int(name)
	r.Fail(err)
	return n
}

// OptInt reads an integer field that may be absent (nil).
func (r *Reader) OptInt(name string) *int64 {
	if !r.in.Has(name) {
		return nil
	}
	n := r.Int(name)
	return &n
}

// Int32 reads an integer field that must fit a signed 32-bit integer (a C#
// int): a value outside it is a malformed request, not a verdict.
func (r *Reader) Int32(name string) int32 {
	n := r.Int(name)
	if n < math.MinInt32 || n > math.MaxInt32 {
		r.Fail(&TypeError{Field: name, Want: "a 32-bit signed integer"})
	}
	return int32(n)
}

// Decimal reads a decimal-string integer field; it never returns nil.
func (r *Reader) Decimal(name string) *big.Int {
	n, err := r.in.Decimal(name)
	r.Fail(err)
	if n == nil {
		return new(big.Int)
	}
	return n
}

// String reads a string field as JavaScript's JSON.parse does: the escape
// of a lone surrogate is kept (as WTF-8) where encoding/json would put
// U+FFFD, so that text a JavaScript program wrote reads back unchanged.
func (r *Reader) String(name string) string {
	raw, ok := r.in[name]
	if !ok {
		r.Fail(&MissingError{Field: name})
		return ""
	}
	v, err := jsjson.Parse(string(raw), jsjson.Lenient)
	if err != nil || v.Kind != jsjson.String {
		r.Fail(&TypeError{Field: name, Want: "string", Err: err})
	}
	return v.Str
}

// OptString reads a string field that may be absent.
func (r *Reader) OptString(name string) (string, bool) {
	if !r.in.Has(name) {
		return "", false
	}
	return r.String(name), true
}

// Raw returns a field as it is.
func (r *Reader) Raw(name string) json.RawMessage {
	raw, ok := r.in[name]
	if !ok {
		r.Fail(&MissingError{Field: name})
	}
	return raw
}
