package vectors

import (
	"fmt"
	"slices"
	"strings"
)

// Type is the JSON encoding of a field.
type Type string

const (
	Hex     Type = "hex"     // bytes as a lowercase hex string; "" is empty
	String  Type = "string"  // UTF-8 text
	Int     Type = "int"     // a JSON integer within ±2^53
	Decimal Type = "decimal" // an integer as a decimal string, for 64-bit values
	Bool    Type = "bool"    // true or false
	HexList Type = "hexList" // an array of hex strings
	JSON    Type = "json"    // any JSON value; its shape is described in Doc and in spec/
)

// Field describes one input or output of a family.
type Field struct {
	Name string
	Type Type
	Doc  string
	// Optional inputs may be absent from a test; optional outputs are
	// compared only when an implementation returns them. Intermediate values
	// (an IKM, a pseudo-random key) are optional outputs: they localise a
	// mismatch without forcing every port to expose them.
	Optional bool
}

// Family is one protocol step: an adapter operation, a vector file and a
// schema.
//
// Each pqhs family is one value of this package, named after its Name in
// CamelCase (IxianAcceptAdd2Decode is "ixian/acceptAdd2/decode", IxianECDH
// "ixian/ecdh"). Everything that serves, generates, mutates, seeds or checks a
// family refers to that value, never to its name: the name is written once,
// here, and on the wire.
type Family struct {
	// Name is "protocol/subject/step" in the protocol's own words, e.g.
	// "ixian/acceptAdd2/decode". It is the adapter operation name.
	Name string
	// Title is a one-line description; it becomes the file's algorithm.
	Title string
	// Doc explains the operation; it becomes the file's header.
	Doc     []string
	Inputs  []Field
	Outputs []Field

	catalogued bool // set by Register
}

// Catalogued reports whether f is in the catalogue, as opposed to a stand-in
// made for a file of an unknown family (FamilyOf) or a test's own family.
func (f *Family) Catalogued() bool { return f.catalogued }

// String returns the family's name.
func (f *Family) String() string { return f.Name }

// Protocol is the first element of the name: "ixian" or "verbeth".
func (f *Family) Protocol() string {
	p, _, _ := strings.Cut(f.Name, "/")
	return p
}

// Stem is the name with "/" replaced by "_", e.g. "ixian_acceptAdd2_decode".
func (f *Family) Stem() string { return strings.ReplaceAll(f.Name, "/", "_") }

// FileName is the vector file's name in vectors/.
func (f *Family) FileName() string { return f.Stem() + ".json" }

// SchemaName is the schema file's name in spec/schema/.
func (f *Family) SchemaName() string {
	return f.Stem() + "_schema_" + FormatVersion + ".json"
}

// Input returns the named input field.
func (f *Family) Input(name string) (Field, bool) { return findField(f.Inputs, name) }

// Output returns the named output field.
func (f *Family) Output(name string) (Field, bool) { return findField(f.Outputs, name) }

func findField(fs []Field, name string) (Field, bool) {
	i := slices.IndexFunc(fs, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return fs[i], true
}

// catalogue holds every family, registered by the catalog_*.go files.
var catalogue []*Family

// byName and byFile index the catalogue by family name and by file name
// (Family.FileName): a run looks up every file's family, and a search of
// the list, naming each file on the way, cost 0.15 ms of a -list.
var (
	byName = map[string]*Family{}
	byFile = map[string]*Family{}
)

// Register adds families to the catalogue. The pqhs families register
// themselves; Register is for families defined elsewhere, such as a test's
// doubles or an extension's own steps. Names must be unique.
func Register(fs ...*Family) {
	for _, f := range fs {
		if _, dup := Lookup(f.Name); dup {
			panic(fmt.Sprintf("vectors: family %s registered twice", f.Name))
		}
		f.catalogued = true
		catalogue = append(catalogue, f)
		byName[f.Name] = f
		if _, taken := byFile[f.FileName()]; !taken {
			byFile[f.FileName()] = f
		}
	}
}

// Families returns every family, sorted by name.
func Families() []*Family {
	out := slices.Clone(catalogue)
	slices.SortFunc(out, func(a, b *Family) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Lookup returns the family with the given name: the way from a name on the
// wire (a file's family, an adapter's operation) to the family. Code that
// knows which family it means uses the family's value instead.
func Lookup(name string) (*Family, bool) {
	f, ok := byName[name]
	return f, ok
}

// FamilyOf returns the family of a vector file: the catalogue's, or, for a
// family the catalogue lacks, a stand-in with the file's name and algorithm
// and no fields, whose outputs compare as plain JSON.
func FamilyOf(f *File) *Family {
	if fam, ok := Lookup(f.Family); ok {
		return fam
	}
	return &Family{Name: f.Family, Title: f.Algorithm}
}
