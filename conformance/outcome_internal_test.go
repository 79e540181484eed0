package conformance

import (
	"reflect"
	"testing"
)

// Outcome.set copies every field: one added to Outcome and forgotten there
// would be lost from every result.
func TestOutcomeSetCopiesEveryField(t *testing.T) {
	var o Outcome
	v := reflect.ValueOf(&o).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		default:
			t.Fatalf("Outcome.%s: a field of kind %s; teach this test and Outcome.set", v.Type().Field(i).Name, f.Kind())
		}
	}
	var dst Outcome
	dst.set(&o)
	if !reflect.DeepEqual(dst, o) {
		t.Errorf("set copied %+v of %+v", dst, o)
	}
}
