package subprocess

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// scanner.str takes a string exactly when encoding/json does: strings of
// long plain stretches, escapes (valid or not), quotes, controls and high
// bytes at every place, around str's four-word blocks.
func TestStrAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	parts := []string{`\"`, `\\`, `\/`, `\n`, `\u00e9`, `\ud800`, `\u12`, `\x`, `\`, `"`, "\x00", "\x1f", "\x7f", "\xff", "é", " "}
	taken := 0
	for range 20000 {
		var b strings.Builder
		b.WriteByte('"')
		for range r.IntN(5) {
			b.WriteString(strings.Repeat("0a", r.IntN(40)))
			if r.IntN(4) > 0 {
				b.WriteString(parts[r.IntN(len(parts))])
			}
		}
		b.WriteString(strings.Repeat("f", r.IntN(40)))
		if r.IntN(8) > 0 {
			b.WriteByte('"')
		}
		text := []byte(b.String())
		s := scanner{b: text}
		v, ok := s.value(0)
		got := ok && len(v) == len(text)
		if want := json.Valid(text); got != want {
			t.Fatalf("str(%q): %v, want %v", text, got, want)
		}
		if got {
			taken++
		}
	}
	if taken < 5000 {
		t.Errorf("only %d valid strings", taken)
	}
}

// BenchmarkLineCodec is the runner's encoding of a request and decoding of
// its answer (echoing the inputs), for fields of a generated case's sizes:
//
//	go test -run '^$' -bench LineCodec ./conformance/subprocess
func BenchmarkLineCodec(b *testing.B) {
	for _, n := range []int{32, 1 << 10, 64 << 10} {
		in := vectors.Values{"data": json.RawMessage(`"` + strings.Repeat("0f", n) + `"`), "n": json.RawMessage("7"), "key": json.RawMessage(`"` + strings.Repeat("ab", 32) + `"`)}
		req := conformance.Request{Op: "ixian/IxiBytes/decode", Profile: vectors.Strict, Inputs: in}
		answer, _ := encodeReply(9, conformance.OutputsReply(in))
		answer = answer[:len(answer)-1]
		b.Run(fmt.Sprint(n, "B"), func(b *testing.B) {
			b.SetBytes(int64(2 * len(answer)))
			var buf []byte
			for b.Loop() {
				buf, _ = appendRequest(buf[:0], 9, req)
				if _, ok := decodeResponseFast(answer, 9); !ok {
					b.Fatal("slow path")
				}
			}
		})
	}
}
