package vectors

import "testing"

// A string output is compared by the JavaScript string it is: escapes and
// raw characters alike, a lone surrogate only with itself. Go's JSON
// decoder, which compared strings before, reads every lone surrogate and
// every byte that is not UTF-8 as U+FFFD, and ignores what follows the
// value: the "unequal" rows below all passed it.
func TestStringComparesJSValue(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		equal     bool
	}{
		{`"a\u2028b"`, "\"a\u2028b\"", true}, // JSON.stringify writes U+2028 raw; Go escapes it
		{`"\u00e9"`, `"é"`, true},
		{`"\ud83d\ude00"`, `"😀"`, true},
		{`"\ud800"`, `"\uD800"`, true},
		{`"abc"`, " \"abc\"\n", true},
		{`"\ud800"`, `"\ufffd"`, false},
		{`"\ud800"`, `"\udbff"`, false},
		{`"\ud800x"`, `"\udc00x"`, false},
		{`"\ufffd"`, "\"\xff\"", false},
		{`"abc"`, `"abc"x`, false},
		{`"Abc"`, `"abc"`, false},
		{`"1"`, `1`, false},
		{`"é"`, `"e"`, false},
		{`1`, `1`, true},
		{`{"a":1}`, `{ "a": 1 }`, true},
	} {
		if got := equalValue(String, []byte(tc.want), []byte(tc.got)); got != tc.equal {
			t.Errorf("%s against %s: equal %v, want %v", tc.want, tc.got, got, tc.equal)
		}
		f := &Family{Name: "x", Outputs: []Field{{Name: "s", Type: String}}}
		if m := f.Compare(Values{"s": []byte(tc.want)}, Values{"s": []byte(tc.got)}); (len(m) == 0) != tc.equal {
			t.Errorf("%s against %s: Compare says %v", tc.want, tc.got, m)
		}
	}
}
