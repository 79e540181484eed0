package subprocess

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// fastLines are protocol lines in their usual form and in the forms the fast
// path must hand over to encoding/json (white space, escapes, duplicates,
// case-folded names, null, deep nesting, wrong types), so that
// TestFastPathAgrees and FuzzFastPath start from both.
func fastLines() []string {
	lines := []string{
		`{"id":7,"outputs":{"a":"00","n":1}}`,
		`{"id":7,"outputs":{}}`,
		`{"id": 7, "outputs": {"a": "00", "n": 1}}`,
		`{"id":7,"reject":{"category":"salt_length","message":"31 bytes"}}`,
		`{"id":7,"reject":{"category":"salt_length"}}`,
		`{"id":7,"reject":{"Category":"salt_length"}}`,
		`{"id":7,"reject":{"category":"salt_length","category":"json"}}`,
		`{"id":7,"reject":{"category":"a\"b"}}`,
		`{"id":7,"reject":{"category":null}}`,
		`{"id":7,"reject":{"category":"x","message":3}}`,
		`{"id":7,"unsupported":""}`,
		`{"id":7,"unsupported":"no \u00e9"}`,
		`{"id":7,"error":"boom","debug":[1,2]}`,
		`{"id":7,"error":null}`,
		`{"ID":7,"error":"x"}`,
		`{"id":7,"id":8,"error":"x"}`,
		`{"id":8,"outputs":{}}`,
		`{"id":0,"outputs":{}}`,
		`{"id":07,"outputs":{}}`,
		`{"id":7.0,"outputs":{}}`,
		`{"id":7e0,"outputs":{}}`,
		`{"id":-7,"outputs":{}}`,
		`{"id":"7","outputs":{}}`,
		`{"id":99999999999999999999,"outputs":{}}`,
		`{"id":7,"outputs":{},"error":"x"}`,
		`{"id":7,"outputs":null}`,
		`{"id":7,"outputs":{"a":null}}`,
		`{"id":7,"outputs":{"a":"1","a":"2"}}`,
		`{"id":7,"outputs":{"a\u0062":"1"}}`,
		`{"id":7,"outputs":{"a":[[[[{"b":[true,false,null,-0.5e+3,"\ud800"]}]]]]}}`,
		`{"id":7,"outputs":{"a":1}} `,
		`{"id":7,"outputs":{"a":1}}x`,
		`{"id":7,"outputs":{"a":01}}`,
		`{"id":7,"outputs":{"a":"\x01"}}`,
		"{\"id\":7,\"outputs\":{\"a\":\"\xff\"}}",
		`{"id":7,"outputs":{"a":1,}}`,
		`{"id":7,"outputs":{"a":tru}}`,
		`[1,2]`,
		`not json`,
		``,
		`{"id":3,"op":"ixian/ecdh","profile":"strict","inputs":{"publicKey":"0401","n":5}}`,
		`{"op":"ixian/ecdh","id":3,"inputs":{},"profile":"deployed","extra":{"x":[]}}`,
		`{"id":3,"op":"","profile":"strict","inputs":{}}`,
		`{"id":3,"op":"x","profile":"lenient","inputs":{}}`,
		`{"id":3,"op":"x","profile":"strict","inputs":[]}`,
		`{"id":3,"op":"x","profile":"strict"}`,
		`{"id":3,"op":"x","profile":"strict","inputs":{"a":null}}`,
		`{"id":3,"op":"x\ty","profile":"strict","inputs":{}}`,
		`{"id":3,"op":"x","Op":"y","profile":"strict","inputs":{}}`,
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		v := vectors.Values{}
		for i := range r.IntN(6) {
			v[fmt.Sprint("f", i)] = json.RawMessage(fmt.Sprintf(`"%x"`, r.Uint64()))
		}
		v["n"] = json.RawMessage(fmt.Sprint(r.IntN(1000)))
		req, _ := encodeRequest(uint64(1+r.IntN(9)), conformance.Request{Op: "ixian/ecdh", Profile: vectors.Strict, Inputs: v})
		rep, _ := encodeReply(7, conformance.OutputsReply(v))
		lines = append(lines, string(req[:len(req)-1]), string(rep[:len(rep)-1]))
	}
	return lines
}

// sameDecoding checks that the fast path, where it answers, answers as
// encoding/json's path does.
func sameDecoding(t *testing.T, line []byte) {
	if r, ok := decodeResponseFast(line, 7); ok {
		want, err := decodeResponseJSON(line, 7)
		if err != nil || !reflect.DeepEqual(r, want) {
			t.Errorf("decodeResponse(%q): fast %+v, encoding/json %+v, %v", line, r, want, err)
		}
	}
	if id, ok := responseIDFast(line); ok {
		if want, err := responseIDJSON(line); err != nil || id != want {
			t.Errorf("responseID(%q): fast %d, encoding/json %d, %v", line, id, want, err)
		}
	}
	if id, req, ok := decodeRequestFast(line); ok {
		wid, want, err := decodeRequestJSON(line)
		if err != nil || id != wid || !reflect.DeepEqual(req, want) {
			t.Errorf("decodeRequest(%q): fast %d %+v, encoding/json %d %+v, %v", line, id, req, wid, want, err)
		}
	}
}

func TestFastPathAgrees(t *testing.T) {
	taken := 0
	for _, l := range fastLines() {
		sameDecoding(t, []byte(l))
		if _, ok := decodeResponseFast([]byte(l), 7); ok {
			taken++
		}
		if _, _, ok := decodeRequestFast([]byte(l)); ok {
			taken++
		}
	}
	if taken < 40 {
		t.Errorf("the fast path took only %d lines", taken)
	}
}

// go test -fuzz FuzzFastPath ./conformance/subprocess
func FuzzFastPath(f *testing.F) {
	for _, l := range fastLines() {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { sameDecoding(t, line) })
}

// The replies written by hand are byte for byte encoding/json's.
func TestEncodeRepliesAsEncodingJSON(t *testing.T) {
	for _, msg := range []string{"", "31 bytes", "a \"quoted\" <b> é \u2028 \x01", "\xff"} {
		c := "salt_length"
		for _, tc := range []struct {
			r conformance.Reply
			v any
		}{
			{conformance.RejectReply("salt_length", msg), wireRejectReply{9, wireReject{&c, msg}}},
			{conformance.UnsupportedReply(msg), wireUnsupported{9, msg}},
			{conformance.ErrorReply(msg), wireError{9, msg}},
		} {
			got, err := encodeReply(9, tc.r)
			want, err2 := marshalLine(tc.v)
			if err != nil || err2 != nil || string(got) != string(want) {
				t.Errorf("%+v:\n got %s want %s (%v, %v)", tc.r, got, want, err, err2)
			}
		}
	}
}

// control and outOfRange say of eight bytes what their tests say of each,
// and plainContent what its own says of each.
func TestPlainWord(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for range 100000 {
		var b [8]byte
		ascii := r.IntN(2) == 0 // mostly printable, so that both answers come
		for i := range b {
			b[i] = byte(r.Uint32())
			if ascii {
				b[i] = byte(0x20 + r.IntN(0x5f))
			}
			if r.IntN(3) == 0 && (!ascii || r.IntN(8) == 0) {
				b[i] = "0aZ\"\\\x00\x1f\x20\x7f\x80\xff"[r.IntN(11)]
			}
		}
		noControl, inRange := true, true
		for _, c := range b {
			noControl = noControl && c >= 0x20
			inRange = inRange && c >= 0x20 && c < 0x7f
		}
		if got := control(binary.LittleEndian.Uint64(b[:])) == 0; got != noControl {
			t.Fatalf("control(% x) == 0: %v, want %v", b, got, noControl)
		}
		if got := outOfRange(binary.LittleEndian.Uint64(b[:])) == 0; got != inRange {
			t.Fatalf("outOfRange(% x) == 0: %v, want %v", b, got, inRange)
		}
		printable := inRange && bytes.IndexByte(b[:], '"') < 0 && bytes.IndexByte(b[:], '\\') < 0
		// plainContent on texts of every length around its four-word
		// block, with the word at each place.
		text := append(bytes.Repeat([]byte("0a"), r.IntN(24)), b[:]...)
		text = append(text, bytes.Repeat([]byte("F"), r.IntN(40))...)
		if _, got := plainContent(append(append([]byte{'"'}, text...), '"')); got != printable {
			t.Fatalf("plainContent(%q): %v, want %v", text, got, printable)
		}
	}
}
