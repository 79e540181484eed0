package jsjson

import (
	"encoding/base64"
	"encoding/hex"
)

// ObjectWriter writes a JSON object member by member straight into a byte slice,
// with the bytes Marshal writes for the same members in the same order. It
// is for text that is only written: no Value tree is built, and a caller
// who knows the size allocates once.
//
//	b := jsjson.AppendObject(dst).Num("v", 1).Base64("ct", box).End()
type ObjectWriter struct {
	b     []byte
	empty bool
}

// AppendObject starts an object at the end of dst.
func AppendObject(dst []byte) ObjectWriter { return ObjectWriter{b: append(dst, '{'), empty: true} }

func (o ObjectWriter) name(name string) ObjectWriter {
	if !o.empty {
		o.b = append(o.b, ',')
	}
	o.b = append(AppendString(o.b, name), ':')
	o.empty = false
	return o
}

// Str adds a string member (s in WTF-8, escaped as AppendString does).
func (o ObjectWriter) Str(name, s string) ObjectWriter {
	o = o.name(name)
	o.b = AppendString(o.b, s)
	return o
}

// Num adds a number member.
func (o ObjectWriter) Num(name string, f float64) ObjectWriter {
	o = o.name(name)
	o.b = AppendValue(o.b, Num(f))
	return o
}

// Base64 adds a string member holding b in standard padded base64, the
// string Node's Buffer.toString('base64') makes (its characters need no
// escaping).
func (o ObjectWriter) Base64(name string, b []byte) ObjectWriter {
	o = o.name(name)
	o.b = append(base64.StdEncoding.AppendEncode(append(o.b, '"'), b), '"')
	return o
}

// Object adds a member whose value is the object that members writes.
func (o ObjectWriter) Object(name string, members func(ObjectWriter) ObjectWriter) ObjectWriter {
	o = o.name(name)
	o.b = members(AppendObject(o.b)).End()
	return o
}

// Hex adds a string member holding b in lowercase hex.
func (o ObjectWriter) Hex(name string, b []byte) ObjectWriter {
	o = o.name(name)
	o.b = append(hex.AppendEncode(append(o.b, '"'), b), '"')
	return o
}

// Null adds a member whose value is null.
func (o ObjectWriter) Null(name string) ObjectWriter {
	o = o.name(name)
	o.b = append(o.b, "null"...)
	return o
}

// Objects adds a member whose value is an array of n objects, the i-th
// written by elem.
func (o ObjectWriter) Objects(name string, n int, elem func(i int, o ObjectWriter) ObjectWriter) ObjectWriter {
	o = o.name(name)
	o.b = append(o.b, '[')
	for i := range n {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = elem(i, AppendObject(o.b)).End()
	}
	o.b = append(o.b, ']')
	return o
}

// End closes the object and returns the slice with its text appended.
func (o ObjectWriter) End() []byte { return append(o.b, '}') }

// Base64Len is the length of the member value ObjectWriter.Base64 writes for n
// bytes, quotes included: for sizing the buffer.
func Base64Len(n int) int { return base64.StdEncoding.EncodedLen(n) + 2 }
