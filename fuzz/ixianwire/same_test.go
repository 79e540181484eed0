package ixianwire

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/alloctest"
	"github.com/pqhs/pqhs/impl/ixian"
)

// TestSameCoversEveryField fails when a decoded message gains a field that
// the field-by-field comparisons (sameAcceptAdd2 and the others) do not
// know: each struct must have the fields they compare, and each comparison
// must see a change of any one field.
func TestSameCoversEveryField(t *testing.T) {
	differs(t, func(a, b *ixian.RequestAdd2) bool { return sameRequestAdd2(a, b) })
	differs(t, func(a, b *ixian.AcceptAdd2) bool { return sameAcceptAdd2(a, b) })
	differs(t, func(a, b *ixian.Keys2) bool { return sameKeys2(a, b) })
	differs(t, func(a, b *ixian.SpixiMessage) bool { return sameSpixiMessage(a, b) })
}

// differs sets each field of a zero M in turn (a slice to empty, not nil)
// and checks that same sees the change.
func differs[M any](t *testing.T, same func(a, b *M) bool) {
	var zero M
	if !same(&zero, &zero) {
		t.Errorf("%T: a zero message differs from itself", zero)
	}
	typ := reflect.TypeFor[M]()
	for i := range typ.NumField() {
		var m M
		f := reflect.ValueOf(&m).Elem().Field(i)
		switch f.Kind() {
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		default:
			t.Fatalf("%T.%s: kind %v", m, typ.Field(i).Name, f.Kind())
		}
		if same(&zero, &m) {
			t.Errorf("%T: the comparison does not see field %s", m, typ.Field(i).Name)
		}
	}
}

// TestLikeIxianCoreIsDecode holds DecodeSpixiMessageLikeIxianCore, on every
// input of the corpus, to SpixiMessageLikeIxianCore of Deployed's decode,
// which is what CheckSpixiMessage checks (it does not decode a third time).
func TestLikeIxianCoreIsDecode(t *testing.T) {
	for _, in := range alloctest.First(alloctest.Corpus(t, "SpixiMessage")) {
		var d ixian.SpixiMessage
		errD := d.Decode(in, ixian.Deployed)
		want, wantErr := ixian.SpixiMessageLikeIxianCore(d, errD)
		got, gotErr := ixian.DecodeSpixiMessageLikeIxianCore(in)
		if !sameSpixiMessage(&got, &want) || (gotErr == nil) != (wantErr == nil) ||
			gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%x: DecodeSpixiMessageLikeIxianCore %+v, %v; SpixiMessageLikeIxianCore of Decode %+v, %v", in, got, gotErr, want, wantErr)
		}
	}
}
