package difffuzz

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// The Verbeth structures: the response envelope and the box inside it, base64
// members, identity proofs, addresses and ratchet messages. Where a change
// would break a signature or a box that the runner can remake (it knows
// the key), it remakes it, so that the change reaches the checks behind.

// mutateBase64 writes a base64 text in a variant that decoders disagree on.
func mutateBase64(r *rand.Rand, s string) (string, string, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", "", false
	}
	switch r.IntN(10) {
	case 0:
		return base64.URLEncoding.EncodeToString(b), "URL-safe base64", true
	case 1:
		return base64.RawStdEncoding.EncodeToString(b), "base64 without padding", true
	case 2:
		i := r.IntN(len(s) + 1)
		return s[:i] + []string{"!", ".", "*", "~"}[r.IntN(4)] + s[i:], "a junk character in the base64", true
	case 3:
		i := r.IntN(len(s) + 1)
		return s[:i] + []string{"\n", " ", "\r\n", "\t"}[r.IntN(4)] + s[i:], "white space in the base64", true
	case 4, 5:
		return padBits(r, b, false)
	case 6:
		return s + "=", "extra padding", true
	case 7:
		return "0x" + hex.EncodeToString(b), "0x-hex instead of base64", true
	case 8:
		nb, d := mutateBytes(r, b)
		return base64.StdEncoding.EncodeToString(nb), "decoded " + d, true
	}
	if len(s) > 0 {
		return s[:len(s)-1], "base64 cut by one character", true
	}
	return "", "", false
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// padBits writes b in base64 with non-zero unused bits in its last
// quantum: the 2 bits before one '=' or the 4 before two, or the same
// without the padding. Canonical base64 has them zero; lenient decoders
// drop them. Half the time b keeps its length, if it has a partial last
// quantum (so the bytes decoded leniently are b's: a sealed box still
// opens; always with keepLength); otherwise its length is moved to the chosen quantum by dropping
// or adding one or two bytes.
func padBits(r *rand.Rand, b []byte, keepLength bool) (string, string, bool) {
	rest := len(b) % 3 // 1: two '=', 4 unused bits; 2: one '=', 2 unused bits
	d := "non-zero unused bits"
	if !keepLength && (rest == 0 || r.IntN(2) == 0) {
		want := 1 + r.IntN(2)
		switch {
		case want == rest:
		case r.IntN(2) == 0 && len(b) >= 3:
			b = b[:len(b)-rest-3+want] // the previous quantum, cut to want
			d += ", bytes dropped"
		default:
			extra := make([]byte, (want-rest+3)%3)
			for i := range extra {
				extra[i] = byte(r.Uint32())
			}
			b = append(slices.Clone(b), extra...)
			d += ", bytes added"
		}
		rest = want
	}
	if rest == 0 {
		return "", "", false
	}
	t := base64.RawStdEncoding.EncodeToString(b)
	unused := 4 // two characters carry 8 bits of 12
	if rest == 2 {
		unused = 2 // three carry 16 of 18
	}
	i := strings.IndexByte(base64Alphabet, t[len(t)-1])
	junk := 1 + r.IntN(1<<unused-1)
	t = t[:len(t)-1] + string(base64Alphabet[i|junk])
	pad := strings.Repeat("=", 3-rest)
	switch r.IntN(6) {
	case 0:
		return t, d + ", no padding", true
	case 1:
		if len(pad) == 2 {
			return t + "=", d + `, one '=' of two`, true
		}
	}
	return t + pad, fmt.Sprintf("%s before %q", d, pad), true
}

// mutateMember mutates a string member of an object in a base64-aware,
// key-aware way: name says what the member holds.
func mutateMember(m *mctx, v *jsjson.Value, name string) (string, bool) {
	for i := len(v.Members) - 1; i >= 0; i-- {
		mem := &v.Members[i]
		if mem.Name != name || mem.Value.Kind != jsjson.String {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(mem.Value.Str)
		if err == nil && m.r.IntN(2) == 0 {
			var nb []byte
			var d string
			switch {
			case len(b) == 32:
				nb, d = mutateX25519(m, b)
			case len(b) == 65 || len(b) == 64:
				nb, d = mutateUnified(m, b)
			}
			if nb != nil {
				mem.Value.Str = base64.StdEncoding.EncodeToString(nb)
				return name + ": " + d, true
			}
		}
		s, d, ok := mutateBase64(m.r, mem.Value.Str)
		if !ok {
			return "", false
		}
		mem.Value.Str = s
		return name + ": " + d, true
	}
	return "", false
}

// mutateEnvelope mutates a HandshakeResponse ciphertext: the JSON
// envelope's text, a base64 member, or (knowing the initiator's secret a,
// as the input does) the inner JSON in the box, sealed again.
func mutateEnvelope(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	env, err := m.parse(b)
	if err != nil || env.Kind != jsjson.Object {
		return mutateJSONText(m, b)
	}
	switch r.IntN(4) {
	case 0:
		return mutateJSONText(m, b)
	case 1:
		if d, ok := mutateMember(m, &env, []string{"epk", "n", "ct"}[r.IntN(3)]); ok {
			return jsjson.Marshal(env), d
		}
		return mutateJSONText(m, b)
	}
	// The inner JSON.
	epk, err1 := b64Member(env, "epk")
	nonce, err2 := b64Member(env, "n")
	ct, err3 := b64Member(env, "ct")
	if err1 != nil || err2 != nil || err3 != nil || len(epk) != 32 || len(nonce) != 24 {
		return mutateJSONText(m, b)
	}
	var non [24]byte
	copy(non[:], nonce)
	for _, a := range m.secrets() {
		var sk, peer [32]byte
		copy(sk[:], a)
		copy(peer[:], epk)
		inner, ok := box.Open(nil, ct, &non, &peer, &sk)
		if !ok {
			continue
		}
		if r.IntN(3) == 0 {
			// The same inner JSON, with white space after it so that the
			// box ends in a partial quantum (two in three times the one
			// before "==", with 4 unused bits), and non-zero unused bits
			// there.
			want := 1 + r.IntN(3)/2
			ni := append(slices.Clone(inner), strings.Repeat(" ", (want-(len(inner)+box.Overhead)%3+3)%3)...)
			sealed := box.Seal(nil, ni, &non, &peer, &sk)
			ct, d, _ := padBits(r, sealed, true)
			setMember(&env, "ct", ct)
			return jsjson.Marshal(env), "ct sealed again with trailing white space: " + d
		}
		ni, d := mutateInner(m, inner)
		sealed := box.Seal(nil, ni, &non, &peer, &sk)
		setMember(&env, "ct", base64.StdEncoding.EncodeToString(sealed))
		return jsjson.Marshal(env), "inner JSON, sealed again: " + d
	}
	return mutateJSONText(m, b)
}

// secrets are the initiator's X25519 secrets an input holds: its own
// (response/open) or every pending handshake's (response/match).
func (m *mctx) secrets() [][]byte {
	if a, err := m.in.Bytes("ephemeralSecret"); err == nil && len(a) == 32 {
		return [][]byte{a}
	}
	var pending []struct {
		EphemeralSecret string `json:"ephemeralSecret"`
	}
	if m.in.Get("pending", &pending) != nil {
		return nil
	}
	var out [][]byte
	for _, p := range pending {
		if a, err := hex.DecodeString(p.EphemeralSecret); err == nil && len(a) == 32 {
			out = append(out, a)
		}
	}
	return out
}

func b64Member(v jsjson.Value, name string) ([]byte, error) {
	x, ok := v.Get(name)
	if !ok || x.Kind != jsjson.String {
		return nil, fmt.Errorf("no %s", name)
	}
	return base64.StdEncoding.DecodeString(x.Str)
}

func setMember(v *jsjson.Value, name, s string) {
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Name == name {
			v.Members[i].Value = jsjson.Str(s)
			return
		}
	}
}

// mutateInner mutates the response's inner JSON: a key or base64 member,
// the note, the identity proof, or the text.
func mutateInner(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	v, err := parseText(b)
	if err != nil || v.Kind != jsjson.Object || r.IntN(4) == 0 {
		return mutateJSONText(m, b)
	}
	switch r.IntN(3) {
	case 0:
		if d, ok := mutateMember(m, &v, []string{"unifiedPubKeys", "ephemeralPubKey", "kemCiphertext"}[r.IntN(3)]); ok {
			return jsjson.Marshal(v), d
		}
	case 1:
		for i := range v.Members {
			if v.Members[i].Name == "identityProof" {
				if d, ok := mutateProofObject(m, &v.Members[i].Value); ok {
					return jsjson.Marshal(v), "identityProof: " + d
				}
			}
		}
	}
	return mutateJSONText(m, b)
}

// mutateProofObject mutates an identityProof object {message, signature,
// messageRawHex}: the message's lines (signed again when the key is
// known) or the signature's text.
func mutateProofObject(m *mctx, p *jsjson.Value) (string, bool) {
	msg, ok1 := p.Get("message")
	sig, ok2 := p.Get("signature")
	if !ok1 || !ok2 || msg.Kind != jsjson.String || sig.Kind != jsjson.String {
		return "", false
	}
	if m.r.IntN(2) == 0 {
		ns, d, ok := mutateSignatureText(m, sig.Str)
		if ok {
			setMember(p, "signature", ns)
		}
		return d, ok
	}
	nm, d, ok := mutateBinding(m, msg.Str)
	if !ok {
		return "", false
	}
	setMember(p, "message", nm)
	if ns, ok := resign(nm); ok {
		setMember(p, "signature", ns)
		d += ", signed again"
	}
	return d, true
}

// signers maps an address (lowercase 0x-hex) to the secp256k1 key of the
// identities the fresh generators made, so that an edited binding message
// can be signed again and reach the checks after the signature.
var signers sync.Map

func resign(msg string) (string, bool) {
	pb, err := verbeth.ParseBindingMessage(msg, verbeth.Deployed)
	if err != nil || pb.Address == nil {
		return "", false
	}
	k, ok := signers.Load("0x" + hex.EncodeToString(pb.Address))
	if !ok {
		return "", false
	}
	sig, err := verbeth.SignBindingMessage(k.([]byte), msg)
	if err != nil {
		return "", false
	}
	return "0x" + hex.EncodeToString(sig), true
}

// mutateBinding edits a binding message line by line: lines removed,
// doubled, swapped, renamed, re-cased, re-spaced; values in other forms;
// other line ends.
func mutateBinding(m *mctx, msg string) (string, string, bool) {
	r := m.r
	lines := strings.Split(msg, "\n")
	i := r.IntN(len(lines))
	key, val, hasColon := strings.Cut(lines[i], ":")
	switch r.IntN(12) {
	case 0:
		return strings.Join(slices.Delete(slices.Clone(lines), i, i+1), "\n"), "line " + key + " removed", true
	case 1:
		return strings.Join(slices.Insert(slices.Clone(lines), i, lines[i]), "\n"), "line " + key + " twice", true
	case 2:
		j := r.IntN(len(lines))
		c := slices.Clone(lines)
		c[i], c[j] = c[j], c[i]
		return strings.Join(c, "\n"), "lines swapped", true
	case 3:
		return strings.Join(lines, "\r\n"), "CRLF line ends", true
	case 4:
		c := slices.Clone(lines)
		c[i] = strings.ToLower(key) + ":" + val
		if r.IntN(2) == 0 {
			c[i] = strings.ToUpper(key) + ":" + val
		}
		return strings.Join(c, "\n"), "key " + key + " re-cased", true
	case 5:
		c := slices.Clone(lines)
		c[i] = " " + key + " :" + val + " "
		return strings.Join(c, "\n"), "spaces around line " + key, true
	case 6:
		c := slices.Clone(lines)
		c[i] = key + ":" + strings.ToUpper(val)
		return strings.Join(c, "\n"), "value of " + key + " upper case", true
	case 7:
		// The ChainId line, in the notations number readers disagree on.
		if j := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "ChainId:") }); j >= 0 {
			c := slices.Clone(lines)
			v := strings.TrimSpace(strings.TrimPrefix(lines[j], "ChainId:"))
			n, _ := strconv.ParseInt(v, 10, 64)
			forms := []string{"0" + v, v + ".0", "0x" + v, v + "e0", "+" + v, " " + v + " ", v + "abc", "", "-" + v, "9007199254740993",
				strconv.FormatInt(n+1<<32, 10), strconv.FormatInt(n+1<<31, 10), "\u00a0" + v, "\ufeff" + v, v + "\t", "\u2028" + v}
			c[j] = "ChainId: " + forms[r.IntN(len(forms))]
			return strings.Join(c, "\n"), fmt.Sprintf("ChainId %q", c[j]), true
		}
	case 8:
		extra := []string{"ExecutorSafeAddress: " + strings.TrimSpace(val), "Context: x", "Version: 1", "Unknown: y", "ChainId: 1", "RpId: example.org", ""}[r.IntN(7)]
		return strings.Join(slices.Insert(slices.Clone(lines), 1+r.IntN(len(lines)), extra), "\n"), "line " + extra + " added", true
	case 9:
		c := slices.Clone(lines)
		if hasColon && strings.Contains(val, "0x") {
			c[i] = key + ": " + checksumCase(strings.TrimSpace(val))
			return strings.Join(c, "\n"), "value of " + key + " in mixed case", true
		}
	case 10:
		return msg + "\n", "final newline", true
	}
	ns, d := mutateText(r, msg)
	return ns, d, true
}

// checksumCase writes a 0x-hex value in EIP-55 mixed case.
func checksumCase(s string) string {
	h := strings.TrimPrefix(strings.ToLower(s), "0x")
	sum := verbeth.Keccak256([]byte(h))
	out := []byte(h)
	for i, c := range out {
		if c >= 'a' && c <= 'f' && (sum[i/2]>>(4*(1-uint(i%2))))&0xf >= 8 {
			out[i] = c - 32
		}
	}
	return "0x" + string(out)
}

var secp256k1N, _ = new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)

// mutateSignatureText edits a 0x-hex r || s || v signature: other v
// values, the high-s twin (a valid signature with s' = n - s), other
// lengths and cases.
func mutateSignatureText(m *mctx, s string) (string, string, bool) {
	r := m.r
	h := strings.TrimPrefix(s, "0x")
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 65 {
		ns, d := mutateText(r, s)
		return ns, d, true
	}
	switch r.IntN(7) {
	case 0:
		c := slices.Clone(b)
		c[64] = []byte{0, 1, 27, 28, 29, 35, 36}[r.IntN(7)]
		return "0x" + hex.EncodeToString(c), fmt.Sprintf("v = %d", c[64]), true
	case 1:
		c := slices.Clone(b)
		sv := new(big.Int).SetBytes(c[32:64])
		new(big.Int).Sub(secp256k1N, sv).FillBytes(c[32:64])
		if c[64] == 27 || c[64] == 28 {
			c[64] = 55 - c[64]
		} else {
			c[64] ^= 1
		}
		return "0x" + hex.EncodeToString(c), "the high-s twin", true
	case 2:
		return "0x" + strings.ToUpper(h), "upper-case hex", true
	case 3:
		return h, "without 0x", true
	case 4:
		return "0x" + h[1:], "129 digits", true
	case 5:
		return "0x" + h + "0", "131 digits", true
	}
	c := slices.Clone(b)
	c[r.IntN(64)] ^= 1 << r.IntN(8)
	return "0x" + hex.EncodeToString(c), "a bit of r or s flipped", true
}

// mutateAddress edits an Ethereum address text: mixed (checksum) case,
// upper case, without 0x, other lengths.
func mutateAddress(m *mctx, s string) (string, string, bool) {
	switch m.r.IntN(6) {
	case 0:
		return checksumCase(s), "checksum case", true
	case 1:
		return "0x" + strings.ToUpper(strings.TrimPrefix(s, "0x")), "upper-case hex", true
	case 2:
		return strings.TrimPrefix(s, "0x"), "without 0x", true
	case 3:
		return "0X" + strings.TrimPrefix(s, "0x"), "0X prefix", true
	case 4:
		if len(s) > 3 {
			return s[:len(s)-1], "39 digits", true
		}
	}
	return "0x" + hex.EncodeToString(randBytes(m.r, 20)), "another address", true
}

// seeds maps an Ed25519 public key to its seed, for the signing keys the
// vectors and the fresh generators use, so that an edited ratchet message
// can be signed again.
var seeds sync.Map

func learnSeed(seed []byte) {
	if len(seed) == ed25519.SeedSize {
		learnSeedOf(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), seed)
	}
}

// learnSeedOf is learnSeed for a seed whose public key the caller has
// made: a fresh party's or talker's (a second key derivation was a tenth
// of a fresh Verbeth draw).
func learnSeedOf(pub ed25519.PublicKey, seed []byte) {
	seeds.Store(string(pub), slices.Clone(seed))
}

// mutateRatchet edits a MessageSent payload: a header field (pn, n, dh),
// the version, the nonce or box, the padding inside the box (knowing the
// message key), and signs it again with the sender's key when it is known.
func mutateRatchet(m *mctx, b []byte) ([]byte, string) {
	r := m.r
	if len(b) < 105 {
		return nil, ""
	}
	out := slices.Clone(b)
	var d string
	switch r.IntN(7) {
	case 0:
		v := []uint32{0, 1, 2, 999, 1000, 1001, 100000, 100001, 1 << 31, 1<<32 - 2, 1<<32 - 1}[r.IntN(11)]
		if r.IntN(3) == 0 {
			v = binary.BigEndian.Uint32(out[101:105]) + uint32(r.IntN(5)) - 2
		}
		binary.BigEndian.PutUint32(out[101:105], v)
		d = fmt.Sprintf("n = %d", v)
	case 1:
		v := []uint32{0, 1, 2, 1000, 100000, 100001, 1<<32 - 1}[r.IntN(7)]
		binary.BigEndian.PutUint32(out[97:101], v)
		d = fmt.Sprintf("pn = %d", v)
	case 2:
		k, kd := mutateX25519(m, out[65:97])
		copy(out[65:97], k)
		d = "dh: " + kd
	case 3:
		out[0] = []byte{0, 2, 0xff}[r.IntN(3)]
		d = fmt.Sprintf("version %02x", out[0])
	case 4:
		if np, pd, ok := m.repad(out); ok {
			out, d = np, pd
			break
		}
		fallthrough
	case 5:
		if len(out) <= 105 {
			return nil, ""
		}
		i := 105 + r.IntN(len(out)-105)
		out[i] ^= 1 << r.IntN(8)
		d = fmt.Sprintf("bit flipped in byte %d (nonce or box)", i)
	default:
		n := []int{104, 105, 144, 145}[r.IntN(4)]
		out = resize(r, out, n)
		d = fmt.Sprintf("payload of %d bytes", n)
	}
	if len(out) > 65 && m.field == "payload" && m.g.fam == vectors.VerbethRatchetDecrypt {
		if pub, err := m.in.Bytes("peerEd25519"); err == nil {
			if seed, ok := seeds.Load(string(pub)); ok {
				sig := ed25519.Sign(ed25519.NewKeyFromSeed(seed.([]byte)), out[65:])
				copy(out[1:65], sig)
				d += ", signed again"
			}
		}
	}
	return out, d
}

// repad opens the box with the message key the reference derives for the
// unmodified input, changes the padding (the marker, the length, the
// size), and seals it again.
func (m *mctx) repad(p []byte) ([]byte, string, bool) {
	out, err := reference.Run(vectors.VerbethRatchetDecrypt, m.g.profile, m.in)
	if err != nil {
		return nil, "", false
	}
	mk, err := out.Bytes("messageKey")
	if err != nil || len(mk) != 32 || len(p) < 105+24+16 {
		return nil, "", false
	}
	var key [32]byte
	var nonce [24]byte
	copy(key[:], mk)
	copy(nonce[:], p[105:129])
	padded, ok := secretbox.Open(nil, p[129:], &nonce, &key)
	if !ok || len(padded) < 5 {
		return nil, "", false
	}
	var d string
	switch m.r.IntN(4) {
	case 0:
		padded[0] = []byte{1, 0x80, 0xff}[m.r.IntN(3)]
		d = fmt.Sprintf("padding marker %02x", padded[0])
	case 1:
		l := binary.BigEndian.Uint32(padded[1:5])
		nl := []uint32{l + 1, l - 1, uint32(len(padded) - 5), uint32(len(padded) - 4), 1<<32 - 1, 0}[m.r.IntN(6)]
		binary.BigEndian.PutUint32(padded[1:5], nl)
		d = fmt.Sprintf("padding length %d", nl)
	case 2:
		padded = padded[:len(padded)-1-m.r.IntN(min(8, len(padded)-5))]
		d = fmt.Sprintf("padded size %d", len(padded))
	default:
		padded = append(padded, randBytes(m.r, 1+m.r.IntN(64))...)
		d = fmt.Sprintf("padded size %d", len(padded))
	}
	return append(slices.Clone(p[:129]), secretbox.Seal(nil, padded, &nonce, &key)...), d + ", sealed again", true
}

// learnJSONText learns the values inside a JSON text carried in a field.
func (g *familyGen) learnJSONText(name string, raw json.RawMessage) {
	var v vectors.Values = vectors.Values{name: raw}
	b, err := v.Bytes(name)
	if err != nil {
		return
	}
	text := jsjson.DecodeText(b)
	if _, err := jsjson.Parse(text, jsjson.Lenient); err == nil {
		g.jsonLex.learn("", json.RawMessage(text))
	}
}
