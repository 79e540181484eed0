package ixiangen

// The Ixian envelopes: spixi2 (traffic, and inside rsa2) and rsa2
// (acceptAdd2 and keys2).

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha3"
	"fmt"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	ccHeader := "The cross-checked tests are the chat message of each handshake of crosscheck/ixian.mjs (under its session keys) and the spixi2 layer of its rsa2 envelopes (under their temporary keys), with the values @noble computed."
	gen.Register(&gen.Generator{Family: vectors.IxianSpixi2Encrypt, Notes: notes, Groups: genSpixi2Encrypt, Header: []string{ccHeader}})
	gen.Register(&gen.Generator{Family: vectors.IxianSpixi2Decrypt, Notes: notes, Groups: genSpixi2Decrypt, Header: []string{ccHeader}})
	rsaHeader := "The cross-checked tests are the rsa2 envelopes of the handshakes of crosscheck/ixian.mjs: each acceptAdd2 frame to the requester's RSA key and each keys2 frame to the acceptor's (internal/testkeys), whose OAEP encoding the script also checked with OpenSSL."
	gen.Register(&gen.Generator{Family: vectors.IxianRSA2Encrypt, Notes: notes, Groups: genRSA2Encrypt, Header: []string{rsaHeader}})
	gen.Register(&gen.Generator{Family: vectors.IxianRSA2Decrypt, Notes: notes, Groups: genRSA2Decrypt, Header: []string{rsaHeader,
		"rsaPrivateKey is one of two fixed RSA-4096 keys, PKCS#8 DER (internal/testkeys); Go 1.26 cannot derive RSA keys from drawn bytes."}})
}

// spixi2CrossCheck is one cross-checked spixi2 computation.
type spixi2CrossCheck struct {
	name                   string
	aesKey, chachaKey      []byte
	nonce, aad, plaintext  []byte
	nonceLabel             string
	want                   crosscheck.Spixi2
	aesLabel, chachaLabels string // drawn labels of the keys, when drawn
}

func spixi2CrossChecks() []spixi2CrossCheck {
	var out []spixi2CrossCheck
	for _, h := range fixtures() {
		out = append(out, spixi2CrossCheck{
			name: h.name + "'s chat message", aesKey: gen.Unhex(h.cc.AESKey), chachaKey: gen.Unhex(h.cc.ChachaKey),
			nonce: detrand.Bytes(h.label("chat/nonce"), 64), nonceLabel: h.label("chat/nonce"),
			aad: h.chatAAD, plaintext: h.chatPT, want: h.cc.Chat,
		})
	}
	for _, h := range fixtures() {
		for _, r := range []struct {
			what, label string
			cc          crosscheck.RSA2
			pt, aad     []byte
		}{
			{"acceptAdd2", h.label("acceptAdd2/rsa2"), h.cc.AcceptAdd2RSA2, h.acceptFrame, h.acceptAAD},
			{"keys2", h.label("keys2/rsa2"), h.cc.Keys2RSA2, h.keysFrame, h.keysAAD},
		} {
			out = append(out, spixi2CrossCheck{
				name: h.name + "'s " + r.what + " frame inside rsa2", aesKey: gen.Unhex(r.cc.TempAESKey), chachaKey: gen.Unhex(r.cc.TempChachaKey),
				nonce: gen.Unhex(r.cc.Nonce), nonceLabel: r.label + "/nonce", aad: r.aad, plaintext: r.pt, want: r.cc.Spixi2,
				aesLabel: r.label + "/temp-aes-key", chachaLabels: r.label + "/temp-chacha-key",
			})
		}
	}
	return out
}

func (x spixi2CrossCheck) encryptIn() vectors.Values {
	return vectors.Make("aesKey", x.aesKey, "chachaKey", x.chachaKey, "nonce", x.nonce, "aad", x.aad, "plaintext", x.plaintext)
}

func (x spixi2CrossCheck) drawn(c gen.Case) gen.Case {
	c = c.Drew("nonce", x.nonceLabel)
	if x.aesLabel != "" {
		c = c.Drew("aesKey", x.aesLabel, "chachaKey", x.chachaLabels)
	}
	return c
}

// seal is spixi2 encryption under the strict or deployed profile.
func seal(pt, ak, ck, nonce, aad []byte) *ixian.Spixi2Sealed {
	return gen.Must(ixian.Spixi2Encrypt(pt, ak, ck, nonce, aad, ixian.Deployed))
}

// reseal replaces the AES-GCM output c1 of an envelope and seals it again
// with ChaCha20-Poly1305, so that only the inner layer is wrong.
func reseal(nonce, chachaKey, aad, c1 []byte) []byte {
	k := gen.Must(ixian.DeriveKeyAndIV(nonce, chachaKey))
	cc := gen.Must(chacha20poly1305.New(k.Key))
	env := ixian.AppendVarUInt(ixiBytes(nonce), uint64(len(c1)+16))
	return cc.Seal(env, k.IV, c1, aad)
}

func genSpixi2Encrypt() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range spixi2CrossChecks() {
		crossChecked = append(crossChecked, x.drawn(gen.Valid(x.name, x.encryptIn(), "CrossChecked")).
			Pin("ciphertext", gen.Unhex(x.want.Envelope), "aesDerivedKey", gen.Unhex(x.want.AESDerivedKey), "aesIv", gen.Unhex(x.want.AESIV),
				"chachaDerivedKey", gen.Unhex(x.want.ChachaDerivedKey), "chachaIv", gen.Unhex(x.want.ChachaIV), "aesCiphertext", gen.Unhex(x.want.AESCiphertext),
				"aesHash", gen.Unhex(x.want.AESHash), "chachaHash", gen.Unhex(x.want.ChachaHash)))
	}
	base := spixi2CrossChecks()[0]
	in := base.encryptIn()
	nonceL := func(tc string) string { return vecLabel("spixi2/encrypt", tc, "nonce") }
	nonce := func(tc string, n int) []byte { return detrand.Bytes(nonceL(tc), n) }
	// Traps, for the comments: what a port with one bug derives instead.
	h1 := sha3.Sum512(slices.Concat(base.aesKey, base.nonce))
	single := h1[:32]
	h2 := sha3.Sum512(slices.Concat(base.nonce, base.aesKey))
	h2 = sha3.Sum512(h2[:])
	swapped := h2[:32]
	want := gen.Unhex(base.want.AESDerivedKey)
	if bytes.Equal(single, want) || bytes.Equal(swapped, want) {
		panic("vectorgen: a spixi2 trap does not change the key")
	}
	return []gen.Group{
		{Type: "Spixi2Encrypt", Comment: "cross-checked envelopes", Cases: crossChecked},
		{Type: "Spixi2Encrypt", Comment: "traps: valid tests a port with the named bug fails", Cases: []gen.Case{
			gen.Valid(fmt.Sprintf("hs66's chat: SHA3-512 once instead of twice would give aesDerivedKey %x…", single[:6]), in, "DoubleHash").Pin("aesDerivedKey", want),
			gen.Valid(fmt.Sprintf("hs66's chat: nonce || key instead of key || nonce would give aesDerivedKey %x…", swapped[:6]), in, "KeyFirst").Pin("aesDerivedKey", want),
		}},
		{Type: "Spixi2Encrypt", Comment: "lengths", Cases: []gen.Case{
			gen.Valid("an empty plaintext: c2 is the two tags", in.With("plaintext", []byte{}, "nonce", nonce("empty", 64)), "EmptyPlaintext").Drew("nonce", nonceL("empty")),
			gen.Valid("a 215-byte plaintext: c2 is 247 bytes, its length one byte (f7)", in.With("plaintext", repeat([]byte("215"), 215), "nonce", nonce("215", 64)), "OneByteRange").Drew("nonce", nonceL("215")),
			gen.Valid("a 216-byte plaintext: c2 is 248 bytes, its length fc f8 00", in.With("plaintext", repeat([]byte("216"), 216), "nonce", nonce("216", 64)), "OneByteRange").Drew("nonce", nonceL("216")),
			gen.Valid("empty additional data", in.With("aad", []byte{})),
		}},
		{Type: "Spixi2Encrypt", Comment: "key and nonce sizes only the deployed profile takes", Cases: []gen.Case{
			gen.Acceptable("a 16-byte aesKey: AES-128-GCM, the IV at h[16:28]", category.FieldLength, in.With("aesKey", base.aesKey[:16]), "AESKeyLength"),
			gen.Acceptable("a 24-byte aesKey: AES-192-GCM, the IV at h[24:36]", category.FieldLength, in.With("aesKey", base.aesKey[:24]), "AESKeyLength"),
			gen.Acceptable("a 32-byte nonce", category.FieldLength, in.With("nonce", base.nonce[:32]), "NonceLength"),
			gen.Acceptable("a 65-byte nonce", category.FieldLength, in.With("nonce", slices.Concat(base.nonce, []byte{0})), "NonceLength"),
			gen.Acceptable("a 1-byte nonce", category.FieldLength, in.With("nonce", base.nonce[:1]), "NonceLength"),
		}},
		{Type: "Spixi2Encrypt", Comment: "unusable keys and nonces", Cases: []gen.Case{
			gen.Invalid("a 31-byte aesKey", category.FieldLength, in.With("aesKey", base.aesKey[:31]), "AESKeyLength"),
			gen.Invalid("a 33-byte aesKey", category.FieldLength, in.With("aesKey", slices.Concat(base.aesKey, []byte{0})), "AESKeyLength"),
			gen.Invalid("an empty aesKey", category.EmptyField, in.With("aesKey", []byte{}), "EmptyField"),
			gen.Invalid("a 16-byte chachaKey", category.FieldLength, in.With("chachaKey", base.chachaKey[:16]), "ChachaKeyLength"),
			gen.Invalid("an empty chachaKey", category.EmptyField, in.With("chachaKey", []byte{}), "EmptyField"),
			gen.Invalid("an empty nonce (Ixian-Core throws on a null nonce)", category.EmptyField, in.With("nonce", []byte{}), "EmptyField"),
		}},
	}
}

func genSpixi2Decrypt() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range spixi2CrossChecks() {
		c := gen.Valid(x.name, vectors.Make("aesKey", x.aesKey, "chachaKey", x.chachaKey, "aad", x.aad, "ciphertext", gen.Unhex(x.want.Envelope)), "CrossChecked").Pin("plaintext", x.plaintext)
		if x.aesLabel != "" {
			c = c.Drew("aesKey", x.aesLabel, "chachaKey", x.chachaLabels)
		}
		crossChecked = append(crossChecked, c)
	}
	b := spixi2CrossChecks()[0]
	env := gen.Unhex(b.want.Envelope) // 40 || nonce || 44 || c2 (68 bytes)
	if env[65] != 0x44 {
		panic("vectorgen: unexpected spixi2 fixture")
	}
	in := func(e []byte) vectors.Values {
		return vectors.Make("aesKey", b.aesKey, "chachaKey", b.chachaKey, "aad", b.aad, "ciphertext", e)
	}
	nonceL := func(tc string) string { return vecLabel("spixi2/decrypt", tc, "nonce") }
	long := seal(repeat([]byte("216"), 216), b.aesKey, b.chachaKey, detrand.Bytes(nonceL("216"), 64), b.aad).Envelope // length fc f8 00
	empty := seal(nil, b.aesKey, b.chachaKey, detrand.Bytes(nonceL("empty"), 64), b.aad).Envelope
	short := seal(b.plaintext, b.aesKey, b.chachaKey, detrand.Bytes(nonceL("nonce-32"), 32), b.aad).Envelope
	aes16 := seal(b.plaintext, b.aesKey[:16], b.chachaKey, detrand.Bytes(nonceL("aes-16"), 64), b.aad).Envelope
	aes24 := seal(b.plaintext, b.aesKey[:24], b.chachaKey, detrand.Bytes(nonceL("aes-24"), 64), b.aad).Envelope
	sealed := seal(b.plaintext, b.aesKey, b.chachaKey, b.nonce, b.aad)
	innerTag := reseal(b.nonce, b.chachaKey, b.aad, flip(sealed.AESCiphertext, -1))
	innerCT := reseal(b.nonce, b.chachaKey, b.aad, flip(sealed.AESCiphertext, 0))
	withLen := func(l []byte) []byte { return slices.Concat(env[:65], l, env[66:]) }
	return []gen.Group{
		{Type: "Spixi2Decrypt", Comment: "cross-checked envelopes", Cases: crossChecked},
		{Type: "Spixi2Decrypt", Comment: "other valid envelopes", Cases: []gen.Case{
			gen.Valid("an empty plaintext", in(empty), "EmptyPlaintext").Pin("plaintext", []byte{}),
			gen.Valid("a 216-byte plaintext: c2's length is fc f8 00", in(long), "OneByteRange").Pin("plaintext", repeat([]byte("216"), 216)),
		}},
		{Type: "Spixi2Decrypt", Comment: "what only the deployed profile accepts", Cases: []gen.Case{
			gen.Acceptable("c2's length one too large (45): Ixian-Core never reads it", category.FieldLength, in(withLen([]byte{0x45})), "InnerLength").Pin("plaintext", b.plaintext),
			gen.Acceptable("c2's length one too small (43)", category.FieldLength, in(withLen([]byte{0x43})), "InnerLength").Pin("plaintext", b.plaintext),
			gen.Acceptable("c2's length 0", category.FieldLength, in(withLen([]byte{0})), "InnerLength").Pin("plaintext", b.plaintext),
			gen.Acceptable("c2's length written fc 44 00", category.NonMinimalVarint, in(withLen(gen.Unhex("fc4400"))), "NonMinimalVarint").Pin("plaintext", b.plaintext),
			gen.Acceptable("the nonce's length written fc 40 00", category.NonMinimalVarint, in(slices.Concat(gen.Unhex("fc4000"), env[1:])), "NonMinimalVarint").Pin("plaintext", b.plaintext),
			gen.Acceptable("a 32-byte nonce", category.FieldLength, in(short), "NonceLength").Pin("plaintext", b.plaintext),
			gen.Acceptable("a 16-byte aesKey (AES-128-GCM)", category.FieldLength, in(aes16).With("aesKey", b.aesKey[:16]), "AESKeyLength").Pin("plaintext", b.plaintext),
			gen.Acceptable("a 24-byte aesKey (AES-192-GCM)", category.FieldLength, in(aes24).With("aesKey", b.aesKey[:24]), "AESKeyLength").Pin("plaintext", b.plaintext),
		}},
		{Type: "Spixi2Decrypt", Comment: "tampering: every part is authenticated", Cases: []gen.Case{
			gen.Invalid("a nonce byte flipped", category.AEADAuth, in(flip(env, 10)), "TamperedNonce"),
			gen.Invalid("the first byte of c2 flipped", category.AEADAuth, in(flip(env, 66)), "TamperedCiphertext"),
			gen.Invalid("the last byte of c2 (the ChaCha20-Poly1305 tag) flipped", category.AEADAuth, in(flip(env, -1)), "TamperedTag"),
			gen.Invalid("the AES-GCM tag inside flipped, the outer layer sealed again", category.AEADAuth, in(innerTag), "TamperedTag", "InnerLayer"),
			gen.Invalid("an AES-GCM ciphertext byte inside flipped, the outer layer sealed again", category.AEADAuth, in(innerCT), "TamperedCiphertext", "InnerLayer"),
			gen.Invalid("a byte of aad flipped", category.AEADAuth, in(env).With("aad", flip(b.aad, -1)), "WrongAAD"),
			gen.Invalid("empty aad", category.AEADAuth, in(env).With("aad", []byte{}), "WrongAAD"),
			gen.Invalid("one byte appended: Ixian-Core authenticates to the end of the input", category.AEADAuth, in(slices.Concat(env, []byte{0})), "AppendedBytes"),
			gen.Invalid("the last byte removed", category.AEADAuth, in(env[:len(env)-1]), "Truncated"),
			gen.Invalid("aesKey and chachaKey swapped", category.AEADAuth, in(env).With("aesKey", b.chachaKey, "chachaKey", b.aesKey), "SwappedKeys"),
			gen.Invalid("another aesKey (the ChaCha20-Poly1305 layer opens, AES-GCM does not)", category.AEADAuth, in(env).With("aesKey", flip(b.aesKey, 0)), "WrongKey", "InnerLayer"),
			gen.Invalid("another chachaKey", category.AEADAuth, in(env).With("chachaKey", flip(b.chachaKey, 0)), "WrongKey"),
		}},
		{Type: "Spixi2Decrypt", Comment: "truncation and malformed length prefixes", Cases: []gen.Case{
			gen.Invalid("an empty envelope", category.Truncated, in([]byte{}), "Truncated"),
			gen.Invalid("cut inside the nonce", category.Truncated, in(env[:30]), "Truncated"),
			gen.Invalid("the nonce only: no length of c2", category.Truncated, in(env[:65]), "Truncated"),
			gen.Invalid("cut inside c2's length (fc f8)", category.Truncated, in(long[:67]), "Truncated"),
			gen.Invalid("c2 of 15 bytes: shorter than a tag", category.AEADAuth, in(slices.Concat(env[:65], []byte{15}, env[66:81])), "Truncated"),
			gen.Invalid("c2's length with a signed prefix (f8 44 00)", category.NegativeLength, in(withLen(gen.Unhex("f84400"))), "SignedPrefix"),
			gen.Invalid("c2's length with the reserved prefix ff", category.InvalidVarint, in(withLen(gen.Unhex("ff"))), "ReservedPrefix"),
			gen.Invalid("the nonce's length with the reserved prefix fb", category.InvalidVarint, in(slices.Concat([]byte{0xfb}, env[1:])), "ReservedPrefix"),
			gen.Invalid("an empty nonce (00)", category.EmptyField, in(slices.Concat([]byte{0}, env[65:])), "EmptyField"),
		}},
		{Type: "Spixi2Decrypt", Comment: "unusable keys", Cases: []gen.Case{
			gen.Invalid("a 31-byte aesKey", category.FieldLength, in(env).With("aesKey", b.aesKey[:31]), "AESKeyLength"),
			gen.Invalid("an empty chachaKey", category.EmptyField, in(env).With("chachaKey", []byte{}), "EmptyField"),
			gen.Invalid("a 16-byte chachaKey", category.FieldLength, in(env).With("chachaKey", b.chachaKey[:16]), "ChachaKeyLength"),
		}},
	}
}

// rsa2CrossCheck is one cross-checked rsa2 envelope.
type rsa2CrossCheck struct {
	name          string
	label         string
	pub, der      []byte
	pt, aad       []byte
	cc            crosscheck.RSA2
	tempAesKey    []byte
	tempChachaKey []byte
}

func rsa2CrossChecks() []rsa2CrossCheck {
	var out []rsa2CrossCheck
	for _, h := range fixtures() {
		out = append(out,
			rsa2CrossCheck{h.name + "'s acceptAdd2 to the requester", h.label("acceptAdd2/rsa2"), requesterRSA, requesterDER, h.acceptFrame, h.acceptAAD, h.cc.AcceptAdd2RSA2,
				gen.Unhex(h.cc.AcceptAdd2RSA2.TempAESKey), gen.Unhex(h.cc.AcceptAdd2RSA2.TempChachaKey)},
			rsa2CrossCheck{h.name + "'s keys2 to the acceptor", h.label("keys2/rsa2"), acceptorRSA, acceptorDER, h.keysFrame, h.keysAAD, h.cc.Keys2RSA2,
				gen.Unhex(h.cc.Keys2RSA2.TempAESKey), gen.Unhex(h.cc.Keys2RSA2.TempChachaKey)},
		)
	}
	return out
}

func (x rsa2CrossCheck) drawnLabels(c gen.Case) gen.Case {
	return c.Drew("tempAesKey", x.label+"/temp-aes-key", "tempChachaKey", x.label+"/temp-chacha-key", "oaepSeed", x.label+"/oaep-seed", "nonce", x.label+"/nonce")
}

func genRSA2Encrypt() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range rsa2CrossChecks() {
		crossChecked = append(crossChecked, x.drawnLabels(gen.Valid(x.name, vectors.Make("rsaPubKey", x.pub, "tempAesKey", x.tempAesKey, "tempChachaKey", x.tempChachaKey,
			"oaepSeed", gen.Unhex(x.cc.OAEPSeed), "nonce", gen.Unhex(x.cc.Nonce), "aad", x.aad, "plaintext", x.pt), "CrossChecked", "Handshake")).
			Pin("envelope", gen.Unhex(x.cc.Envelope), "keyBlock", gen.Unhex(x.cc.KeyBlock), "encryptedKeys", gen.Unhex(x.cc.EncryptedKeys)))
	}
	h := fixtures()[0]
	l := func(s string) string { return vecLabel("rsa2/encrypt", "base", s) }
	tk, tc := detrand.Bytes(l("tempAesKey"), 32), detrand.Bytes(l("tempChachaKey"), 32)
	seed, nonce := detrand.Bytes(l("oaepSeed"), 20), detrand.Bytes(l("nonce"), 64)
	in := vectors.Make("rsaPubKey", requesterRSA, "tempAesKey", tk, "tempChachaKey", tc, "oaepSeed", seed, "nonce", nonce, "aad", h.acceptAAD, "plaintext", h.chatPT)
	d := func(c gen.Case) gen.Case {
		return c.Drew("tempAesKey", l("tempAesKey"), "tempChachaKey", l("tempChachaKey"), "oaepSeed", l("oaepSeed"), "nonce", l("nonce"))
	}
	return []gen.Group{
		{Type: "RSA2Encrypt", Comment: "the envelopes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "RSA2Encrypt", Comment: "a short message (hs66's chat frame) with inputs drawn under " + l("…"), Cases: []gen.Case{
			d(gen.Valid("the base message", in)),
			d(gen.Valid("an empty plaintext", in.With("plaintext", []byte{}), "EmptyPlaintext")),
			d(gen.Acceptable("a 16-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:16]), "AESKeyLength")),
			d(gen.Acceptable("a 24-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:24]), "AESKeyLength")),
			d(gen.Acceptable("a 32-byte nonce", category.FieldLength, in.With("nonce", nonce[:32]), "NonceLength")),
			d(gen.Acceptable("the requester's key in the 523-byte legacy form", category.InvalidKey, in.With("rsaPubKey", legacyRSA(requesterRSA)), "LegacyRSAKey")),
			d(gen.Invalid("an oaepSeed of 19 bytes", category.FieldLength, in.With("oaepSeed", seed[:19]), "OAEPSeedLength")),
			d(gen.Invalid("an oaepSeed of 32 bytes (a SHA-256 length)", category.FieldLength, in.With("oaepSeed", detrand.Bytes(l("oaepSeed"), 32)), "OAEPSeedLength")),
			d(gen.Invalid("a 31-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:31]), "AESKeyLength")),
			d(gen.Invalid("an empty tempAesKey", category.EmptyField, in.With("tempAesKey", []byte{}), "EmptyField")),
			d(gen.Invalid("a 16-byte tempChachaKey", category.FieldLength, in.With("tempChachaKey", tc[:16]), "ChachaKeyLength")),
			d(gen.Invalid("an empty nonce", category.EmptyField, in.With("nonce", []byte{}), "EmptyField")),
			d(gen.Invalid("an empty rsaPubKey", category.EmptyField, in.With("rsaPubKey", []byte{}), "EmptyField")),
			d(gen.Invalid("an rsaPubKey of 48 bytes", category.FieldLength, in.With("rsaPubKey", requesterRSA[:48]), "RSAKeyFormat")),
			// A well-formed key that the encryption cannot use. The 5-byte
			// exponent is one more byte than a C# int holds; the 107-byte
			// modulus (the requester's, cut) leaves no room for the 66-byte
			// key block under OAEP with SHA-1 (k - 2*20 - 2 = 65 bytes), so
			// no RSA-OAEP implementation can encrypt to it.
			d(gen.Invalid("an rsaPubKey whose exponent has 5 bytes (01 00 00 00 01)", category.InvalidKey,
				in.With("rsaPubKey", rsaKeyOf(rsaModulusOf(requesterRSA), []byte{1, 0, 0, 0, 1})), "RSAKeyFormat")),
			d(gen.Invalid("an rsaPubKey with a 107-byte modulus, too short for the 66-byte key block", category.InvalidKey,
				in.With("rsaPubKey", rsaKeyOf(rsaModulusOf(requesterRSA)[:107], []byte{1, 0, 1})), "RSAKeyFormat")),
		}},
	}
}

// buildRSA2 makes an rsa2 envelope from a key block and a spixi2
// envelope, for key blocks the reference would not write.
func buildRSA2(pub []byte, keyBlock, seed, blob []byte) []byte {
	k := gen.Must(ixian.ParseRSAPublicKey(pub, ixian.Strict))
	ek := gen.Must(rsa.EncryptOAEP(sha1.New(), bytes.NewReader(seed), k, keyBlock, nil))
	return slices.Concat(ixiBytes(ek), ixiBytes(blob))
}

func genRSA2Decrypt() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range rsa2CrossChecks() {
		crossChecked = append(crossChecked, gen.Valid(x.name, vectors.Make("rsaPrivateKey", x.der, "aad", x.aad, "envelope", gen.Unhex(x.cc.Envelope)), "CrossChecked", "Handshake").
			Pin("plaintext", x.pt, "tempAesKey", x.tempAesKey, "tempChachaKey", x.tempChachaKey))
	}
	h := fixtures()[0]
	l := func(s string) string { return vecLabel("rsa2/decrypt", "base", s) }
	tk, tc := detrand.Bytes(l("tempAesKey"), 32), detrand.Bytes(l("tempChachaKey"), 32)
	seed, nonce := detrand.Bytes(l("oaepSeed"), 20), detrand.Bytes(l("nonce"), 64)
	pt, aad := h.chatPT, h.acceptAAD
	base := gen.Must(ixian.RSA2Encrypt(pt, requesterRSA, tk, tc, seed, nonce, aad, ixian.Strict))
	env := base.Envelope // fc 00 02 || ek (512) || V(len(blob)) || blob
	ekEnd := 3 + 512
	blob := env[ekEnd+1:]
	if env[ekEnd] != byte(len(blob)) {
		panic("vectorgen: unexpected rsa2 fixture")
	}
	in := func(e []byte) vectors.Values {
		return vectors.Make("rsaPrivateKey", requesterDER, "aad", aad, "envelope", e)
	}
	withOuter := func(l []byte) []byte { return slices.Concat(env[:ekEnd], l, blob) }
	// A key block made by hand, with its spixi2 blob under the keys it holds.
	custom := func(tc string, keyBlock, ak, ck, nonce []byte) []byte {
		return buildRSA2(requesterRSA, keyBlock, detrand.Bytes(vecLabel("rsa2/decrypt", tc, "oaepSeed"), 20), seal(pt, ak, ck, nonce, aad).Envelope)
	}
	kb := func(parts ...[]byte) []byte { return slices.Concat(parts...) }
	ptPin := func(c gen.Case) gen.Case { return c.Pin("plaintext", pt) }
	shortNonce := gen.Must(ixian.RSA2Encrypt(pt, requesterRSA, tk, tc, seed, nonce[:32], aad, ixian.Deployed)).Envelope
	innerLen := slices.Concat(env[:ekEnd+1], blob[:65], []byte{blob[65] + 1}, blob[66:])
	return []gen.Group{
		{Type: "RSA2Decrypt", Comment: "the envelopes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "RSA2Decrypt", Comment: "a short message (hs66's chat frame to the requester), inputs of the encryption drawn under " + l("…"), Cases: []gen.Case{
			ptPin(gen.Valid("the base message", in(env))).Pin("tempAesKey", tk, "tempChachaKey", tc),
		}},
		{Type: "RSA2Decrypt", Comment: "what only the deployed profile accepts", Cases: []gen.Case{
			ptPin(gen.Acceptable("the blob's length one too large: Ixian-Core never reads it", category.FieldLength, in(withOuter([]byte{env[ekEnd] + 1})), "OuterLength")),
			ptPin(gen.Acceptable(fmt.Sprintf("the blob's length written fc %02x 00", env[ekEnd]), category.NonMinimalVarint, in(withOuter([]byte{0xfc, env[ekEnd], 0})), "NonMinimalVarint")),
			ptPin(gen.Acceptable("c2's length inside the blob one too large", category.FieldLength, in(innerLen), "InnerLength")),
			ptPin(gen.Acceptable("a 32-byte spixi2 nonce", category.FieldLength, in(shortNonce), "NonceLength")),
			ptPin(gen.Acceptable("a byte after tempChachaKey in the key block", category.TrailingBytes, in(custom("trailing", kb(ixiBytes(tk), ixiBytes(tc), []byte{0}), tk, tc, nonce)), "KeyBlockTrailing")).Pin("tempAesKey", tk),
			ptPin(gen.Acceptable("a 16-byte tempAesKey: AES-128-GCM inside", category.FieldLength, in(custom("aes16", kb(ixiBytes(tk[:16]), ixiBytes(tc)), tk[:16], tc, nonce)), "AESKeyLength")),
			ptPin(gen.Acceptable("a 24-byte tempAesKey: AES-192-GCM inside", category.FieldLength, in(custom("aes24", kb(ixiBytes(tk[:24]), ixiBytes(tc)), tk[:24], tc, nonce)), "AESKeyLength")),
			ptPin(gen.Acceptable("tempAesKey's length written fc 20 00 in the key block", category.NonMinimalVarint, in(custom("nonminimal", kb(nonMinimalLength(tk), ixiBytes(tc)), tk, tc, nonce)), "NonMinimalVarint")),
		}},
		{Type: "RSA2Decrypt", Comment: "the RSA layer", Cases: []gen.Case{
			gen.Invalid("the acceptor's private key instead of the requester's", category.RSADecrypt, in(env).With("rsaPrivateKey", acceptorDER), "WrongRSAKey"),
			gen.Invalid("a byte of encryptedKeys flipped", category.RSADecrypt, in(flip(env, 100)), "TamperedEncryptedKeys"),
			gen.Invalid("encryptedKeys of 511 bytes (its last byte dropped)", category.RSADecrypt, in(slices.Concat(gen.Unhex("fcff01"), env[3:ekEnd-1], env[ekEnd:])), "RSACiphertextLength"),
			gen.Invalid("encryptedKeys of 513 bytes (a zero byte prepended)", category.RSADecrypt, in(slices.Concat(gen.Unhex("fc0102"), []byte{0}, env[3:])), "RSACiphertextLength"),
			gen.Invalid("empty encryptedKeys", category.EmptyField, in(slices.Concat([]byte{0}, env[ekEnd:])), "EmptyField"),
		}},
		{Type: "RSA2Decrypt", Comment: "the key block", Cases: []gen.Case{
			gen.Invalid("a 16-byte tempChachaKey", category.FieldLength, in(custom("chacha16", kb(ixiBytes(tk), ixiBytes(tc[:16])), tk, tc, nonce)), "ChachaKeyLength"),
			gen.Invalid("a 31-byte tempAesKey", category.FieldLength, in(custom("aes31", kb(ixiBytes(tk[:31]), ixiBytes(tc)), tk, tc, nonce)), "AESKeyLength"),
			gen.Invalid("an empty tempAesKey (00)", category.EmptyField, in(custom("aes0", kb([]byte{0}, ixiBytes(tc)), tk, tc, nonce)), "EmptyField"),
			gen.Invalid("a key block holding tempAesKey only", category.Truncated, in(custom("aes-only", ixiBytes(tk), tk, tc, nonce)), "Truncated"),
			gen.Invalid("a key block starting with the reserved prefix ff", category.InvalidVarint, in(custom("reserved", kb([]byte{0xff}, tk, ixiBytes(tc)), tk, tc, nonce)), "ReservedPrefix"),
		}},
		{Type: "RSA2Decrypt", Comment: "the spixi2 layer", Cases: []gen.Case{
			gen.Invalid("a nonce byte flipped", category.AEADAuth, in(flip(env, ekEnd+1+5)), "TamperedNonce"),
			gen.Invalid("a byte of c2 flipped", category.AEADAuth, in(flip(env, ekEnd+1+70)), "TamperedCiphertext"),
			gen.Invalid("the last byte (the ChaCha20-Poly1305 tag) flipped", category.AEADAuth, in(flip(env, -1)), "TamperedTag"),
			gen.Invalid("aad of keys2 (id 02) instead of acceptAdd2's", category.AEADAuth, in(env).With("aad", h.keysAAD), "WrongAAD"),
			gen.Invalid("one byte appended", category.AEADAuth, in(slices.Concat(env, []byte{0})), "AppendedBytes"),
			gen.Invalid("the spixi2 blob of another envelope under other keys", category.AEADAuth, in(slices.Concat(env[:ekEnd], rsa2Wire(gen.Unhex(rsa2CrossChecks()[0].cc.Envelope)).Raw("blob"))), "WrongKey"),
		}},
		{Type: "RSA2Decrypt", Comment: "truncation and malformed length prefixes", Cases: []gen.Case{
			gen.Invalid("an empty envelope", category.Truncated, in([]byte{}), "Truncated"),
			gen.Invalid("cut inside encryptedKeys", category.Truncated, in(env[:300]), "Truncated"),
			gen.Invalid("cut after encryptedKeys: no blob length", category.Truncated, in(env[:ekEnd]), "Truncated"),
			gen.Invalid("the blob's length with a signed prefix", category.NegativeLength, in(withOuter(gen.Unhex("f80100"))), "SignedPrefix"),
			gen.Invalid("encryptedKeys' length with the reserved prefix fb", category.InvalidVarint, in(slices.Concat([]byte{0xfb}, env[1:])), "ReservedPrefix"),
		}},
	}
}
