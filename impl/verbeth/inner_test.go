package verbeth

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/pqhs/pqhs/internal/jsjson"
)

// writtenValue is the value readWritten's strings make.
func writtenValue(w writtenInner) jsjson.Value {
	ms := []jsjson.Member{jsjson.M("unifiedPubKeys", jsjson.Str(w.unifiedPubKeys)),
		jsjson.M("ephemeralPubKey", jsjson.Str(w.ephemeralPubKey)), jsjson.M("kemCiphertext", jsjson.Str(w.kemCiphertext))}
	if w.hasNote {
		ms = append(ms, jsjson.M("note", jsjson.Str(w.note)))
	}
	proof := []jsjson.Member{jsjson.M("message", jsjson.Str(w.message)), jsjson.M("signature", jsjson.Str(w.signature))}
	if w.hasRawHex {
		proof = append(proof, jsjson.M("messageRawHex", jsjson.Str(w.messageRawHex)))
	}
	return jsjson.Obj(append(ms, jsjson.M("identityProof", jsjson.Obj(proof...)))...)
}

// checkReadWritten requires that wherever readWritten reads a text, the
// parser reads the same value from it, in both profiles' modes (no error,
// no strict violation), and that it reads the texts it is meant to.
func checkReadWritten(t *testing.T, text []byte, want bool) {
	t.Helper()
	w, ok := readWritten(text)
	if want && !ok {
		t.Fatalf("readWritten declines %q", text)
	}
	if !ok {
		return
	}
	v, strictErr, err := jsjson.ParseLenient(jsjson.DecodeTextView(text))
	if err != nil || strictErr != nil {
		t.Fatalf("readWritten reads %q, the parser says %v / %v", text, err, strictErr)
	}
	if got := writtenValue(w); !reflect.DeepEqual(got, v) {
		t.Fatalf("readWritten of %q:\n%+v\nthe parser:\n%+v", text, got, v)
	}
}

// readWritten reads what RespondTo writes, and only texts whose value the
// parser agrees with: every payload the unit run and the respond vectors'
// shapes produce, and every one-byte edit of short payloads (escapes,
// quotes, control characters, surrogate escapes, invalid UTF-8, member
// names).
func TestReadWrittenIsTheParse(t *testing.T) {
	u := runUnit(t, Strict)
	checkReadWritten(t, u.resp.InnerPlaintext(), true)
	keys := u.bob.keys().array()
	for _, c := range []struct {
		note  string
		omit  bool
		proof IdentityProof
	}{
		{note: "Hi", proof: u.bob.proof},
		{omit: true, proof: u.bob.proof},
		{note: "", proof: IdentityProof{Message: "m", Signature: "s", MessageRawHex: "0x6d"}},
		{note: "tab\t quote\" back\\ slash/ nul\x00 \u2028 é 😀 \x7f", proof: IdentityProof{Message: "a\nb\r\n\f\b", Signature: ""}},
	} {
		o := jsjson.AppendObject(nil).Base64("unifiedPubKeys", keys[:]).Base64("ephemeralPubKey", u.resp.RatchetPublicKey[:]).
			Base64("kemCiphertext", u.resp.KEMCiphertext())
		if !c.omit {
			o = o.Str("note", c.note)
		}
		checkReadWritten(t, o.Object("identityProof", c.proof.writeJSON).End(), true)
	}
	short := []string{
		`{"unifiedPubKeys":"AQ==","ephemeralPubKey":"","kemCiphertext":"AAAA","note":"a\"\\\/\b\f\n\r\tz","identityProof":{"message":"\u00e9\u0041\u2028x","signature":"s"}}`,
		`{"unifiedPubKeys":"AQ==","ephemeralPubKey":"QQ==","kemCiphertext":"AAAA","identityProof":{"message":"m\ud83d\ude00","signature":"s","messageRawHex":"0x"}}`,
		// Strings of 8 bytes and more between the escapes (hasControl's words).
		`{"unifiedPubKeys":"AQAAAAAAAAAAAAAA","ephemeralPubKey":"QUFBQUFBQUFBQUFB","kemCiphertext":"AAAAAAAAAAAAAAAA","note":"a note of some length\n and more","identityProof":{"message":"a message, long enough","signature":"0x0123456789abcdef"}}`,
	}
	for _, s := range short {
		checkReadWritten(t, []byte(s), s != short[1])
		for i := range len(s) {
			for _, c := range []byte{'"', '\\', 'u', 'n', 'd', '0', ',', '}', ' ', 0x01, 0x1f, 0x80, 0xff} {
				b := []byte(s)
				b[i] = c
				checkReadWritten(t, b, false)
			}
			checkReadWritten(t, []byte(s[:i]+s[i+1:]), false)
		}
	}
}

// hasControl finds a byte below 0x20 wherever it is and whatever its
// neighbours (bytes at 0x80 and above among them).
func TestHasControl(t *testing.T) {
	for _, fill := range []byte{' ', 'A', 0x7f, 0x80, 0xff} {
		for n := range 20 {
			for at := range n {
				for c := range 256 {
					b := bytes.Repeat([]byte{fill}, n)
					b[at] = byte(c)
					if got, want := hasControl(string(b)), c < 0x20; got != want {
						t.Fatalf("hasControl(%q) = %v", b, got)
					}
				}
			}
		}
	}
}
