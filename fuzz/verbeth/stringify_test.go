package verbeth

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
	"unicode/utf16"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// TestStringifyMatchesNode holds the independent JSON.stringify of the JSON
// target against Node's own outputs (internal/jsjson/testdata/node.json,
// written by crosscheck/verbeth-jsjson.mjs): strings of any UTF-16 code
// units, numbers, and a nested value.
func TestStringifyMatchesNode(t *testing.T) {
	raw, err := os.ReadFile("../../internal/jsjson/testdata/node.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Stringify []struct {
			In  []uint16 `json:"in"`
			Out string   `json:"out"`
		} `json:"stringify"`
		Nums []struct {
			Bits string `json:"bits"`
			JSON string `json:"json"`
		} `json:"nums"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Stringify) < 10 || len(c.Nums) < 10 {
		t.Fatalf("%d strings, %d numbers", len(c.Stringify), len(c.Nums))
	}
	for _, s := range c.Stringify {
		if got := stringify(jsjson.Str(wtf8(s.In))); got != s.Out {
			t.Errorf("stringify(%v) = %q, Node wrote %q", s.In, got, s.Out)
		}
	}
	for _, n := range c.Nums {
		u, _ := strconv.ParseUint(n.Bits, 16, 64)
		if got := stringify(jsjson.Num(math.Float64frombits(u))); got != n.JSON {
			t.Errorf("stringify(%v) = %q, Node wrote %q", math.Float64frombits(u), got, n.JSON)
		}
	}
}

// wtf8 encodes UTF-16 code units as WTF-8: pairs as one code point, lone
// surrogates as three bytes.
func wtf8(u []uint16) string {
	var b []byte
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if r >= 0xD800 && r < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			r = utf16.DecodeRune(r, rune(u[i+1]))
			i++
		}
		if r >= 0xD800 && r <= 0xDFFF {
			b = append(b, 0xED, byte(0xA0|(r>>6)&0x1F), byte(0x80|r&0x3F))
			continue
		}
		b = append(b, string(r)...)
	}
	return string(b)
}
