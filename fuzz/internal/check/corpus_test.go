package check

import (
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/seeds"
)

// ParseCorpusFile reads what the corpus writer writes, for every argument
// type the targets take, including bytes Go writes as escapes.
func TestParseCorpusFile(t *testing.T) {
	args := []any{[]byte("a\x00\xff\"b"), "s\u00e9\n", true, byte(0), byte(0xff), byte('\a'), 42, int64(-7), uint16(65535), []byte{}}
	got, err := ParseCorpusFile(string(seeds.Marshal(args...)))
	if err != nil || !reflect.DeepEqual(got, args) {
		t.Fatalf("got %#v, %v; want %#v", got, err, args)
	}
	for _, bad := range []string{"", "go test fuzz v2\n", "go test fuzz v1\nfloat64(1)\n", "go test fuzz v1\n[]byte(\"x\"\n"} {
		if _, err := ParseCorpusFile(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
