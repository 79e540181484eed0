package jsjson

// Kind is the type of a JSON value.
type Kind uint8

// The JSON value kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Value is a JSON value. The zero Value is null.
type Value struct {
	Kind    Kind
	Bool    bool     // for Bool
	Num     float64  // for Number
	Str     string   // for String, in WTF-8
	Elems   []Value  // for Array
	Members []Member // for Object, in document order, duplicates kept
}

// Member is one name/value pair of an object.
type Member struct {
	Name  string // WTF-8
	Value Value
}

// Str makes a string value. s is WTF-8; well-formed UTF-8 is the usual case.
func Str(s string) Value { return Value{Kind: String, Str: s} }

// Num makes a number value.
func Num(f float64) Value { return Value{Kind: Number, Num: f} }

// Boolean makes a boolean value.
func Boolean(b bool) Value { return Value{Kind: Bool, Bool: b} }

// Arr makes an array value.
func Arr(elems ...Value) Value { return Value{Kind: Array, Elems: elems} }

// Obj makes an object value whose members are written in the given order.
func Obj(members ...Member) Value { return Value{Kind: Object, Members: members} }

// M makes a member, for use with Obj.
func M(name string, v Value) Member { return Member{Name: name, Value: v} }

// Get returns the value of the named member of an object. When a name occurs
// more than once the last occurrence wins, as in the object JSON.parse
// builds. ok is false if v is not an object or has no such member.
func (v Value) Get(name string) (Value, bool) {
	if v.Kind != Object {
		return Value{}, false
	}
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Name == name {
			return v.Members[i].Value, true
		}
	}
	return Value{}, false
}

// Truthy reports whether JavaScript would treat the value as true in a
// condition: false, 0, NaN, "" and null are falsy; objects and arrays,
// even empty ones, are truthy.
func (v Value) Truthy() bool {
	switch v.Kind {
	case Null:
		return false
	case Bool:
		return v.Bool
	case Number:
		return v.Num != 0 && v.Num == v.Num
	case String:
		return v.Str != ""
	default:
		return true
	}
}
