package vectors

import (
	"bytes"
	"io/fs"
	"testing"
)

// quickHeaderAgrees checks that where quickHeader reads a header, it is
// the one scanHeader reads.
func quickHeaderAgrees(t *testing.T, b []byte) (quick bool) {
	t.Helper()
	h, ok := quickHeader(b)
	if !ok {
		return false
	}
	want, wantOK := scanHeader(bytes.NewReader(b))
	if !wantOK || h != want {
		t.Errorf("%q: quickHeader %+v, scanHeader %+v %v", b, h, want, wantOK)
	}
	return true
}

// quickHeader reads every vector file's header, as scanHeader does, and
// where it reads an edit of one (each of the first bytes replaced by the
// bytes that matter to JSON, or removed; the start cut at every length),
// scanHeader reads the same.
func TestQuickHeaderIsScanHeader(t *testing.T) {
	names, _ := fs.Glob(FS, "*.json")
	if len(names) == 0 {
		t.Fatal("no vector files")
	}
	for _, name := range names {
		data, _ := FS.ReadFile(name)
		if !quickHeaderAgrees(t, data[:min(len(data), 1<<10)]) {
			t.Errorf("%s: quickHeader does not read its header", name)
		}
	}
	for _, name := range []string{"verbeth_kdf_chainKey.json", "ixian_IxiVarInt_decode.json"} {
		data, _ := FS.ReadFile(name)
		b := data[:300]
		for i := range b {
			quickHeaderAgrees(t, b[:i])
			for _, c := range []byte(" \t\n\r\"\\,:{}[]0-+e.n\x00\x7f\xff") {
				e := bytes.Clone(b)
				e[i] = c
				quickHeaderAgrees(t, e)
			}
			quickHeaderAgrees(t, append(bytes.Clone(b[:i]), b[i+1:]...))
		}
	}
	for _, b := range []string{
		`{"family":"a","algorithm":"b","numberOfTests":1}`,
		`{"family":"a","algorithm":"b","numberOfTests":01}`,
		`{"family":"a","algorithm":"b","numberOfTests":-1}`,
		`{"family":"a","algorithm":"b","numberOfTests":1e2}`,
		`{"family":"a","algorithm":"b","numberOfTests":+1}`,
		`{"family":"a","algorithm":"b","numberOfTests":null}`,
		`{"family":"a","algorithm":"b","numberOfTests":99999999999999999999}`,
		`{"family":"a","family":"c","algorithm":"b","numberOfTests":1}`,
		`{"family":"a\u0062","algorithm":"b","numberOfTests":1}`,
		`{"family":"` + "\xff" + `","algorithm":"b","numberOfTests":1}`,
		`{"x":[1,,2],"family":"a","algorithm":"b","numberOfTests":1}`,
		`{"x":{"y":"]"},"family":"a","algorithm":"b","numberOfTests":1}`,
		`{"x":"\"}","family":"a","algorithm":"b","numberOfTests":1}`,
		`{"x":tru,"family":"a","algorithm":"b","numberOfTests":1}`,
		`{"family":"a","algorithm":"b","numberOfTests":1 "x":2}`,
		"\ufeff" + `{"family":"a","algorithm":"b","numberOfTests":1}`,
	} {
		quickHeaderAgrees(t, []byte(b))
	}
}

func FuzzQuickHeader(f *testing.F) {
	data, _ := FS.ReadFile("verbeth_kdf_chainKey.json")
	f.Add(data[:400])
	f.Add([]byte(`{"x":{"y":"]"},"family":"a","algorithm":"b","numberOfTests":1}`))
	f.Fuzz(func(t *testing.T, b []byte) { quickHeaderAgrees(t, b) })
}
