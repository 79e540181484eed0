package vectorgen

// The Ixian envelopes: spixi2 (traffic, and inside rsa2) and rsa2
// (acceptAdd2 and keys2).

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha3"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/crosscheck"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	ccHeader := "The cross-checked tests are the chat message of each handshake of crosscheck/ixian.mjs (under its session keys) and the spixi2 layer of its rsa2 envelopes (under their temporary keys), with the values @noble computed."
	Register(&Generator{Family: vectors.IxianSpixi2Encrypt, Notes: ixNotes, Groups: genIxSpixi2Encrypt, Header: []string{ccHeader}})
	Register(&Generator{Family: vectors.IxianSpixi2Decrypt, Notes: ixNotes, Groups: genIxSpixi2Decrypt, Header: []string{ccHeader}})
	rsaHeader := "The cross-checked tests are the rsa2 envelopes of the handshakes of crosscheck/ixian.mjs: each acceptAdd2 frame to the requester's RSA key and each keys2 frame to the acceptor's (internal/testkeys), whose OAEP encoding the script also checked with OpenSSL."
	Register(&Generator{Family: vectors.IxianRSA2Encrypt, Notes: ixNotes, Groups: genIxRSA2Encrypt, Header: []string{rsaHeader}})
	Register(&Generator{Family: vectors.IxianRSA2Decrypt, Notes: ixNotes, Groups: genIxRSA2Decrypt, Header: []string{rsaHeader,
		"rsaPrivateKey is one of two fixed RSA-4096 keys, PKCS#8 DER (internal/testkeys); Go 1.26 cannot derive RSA keys from drawn bytes."}})
}

// ixSpixi2CC is one cross-checked spixi2 computation.
type ixSpixi2CC struct {
	name                   string
	aesKey, chachaKey      []byte
	nonce, aad, plaintext  []byte
	nonceLabel             string
	want                   crosscheck.Spixi2
	aesLabel, chachaLabels string // drawn labels of the keys, when drawn
}

func ixSpixi2CCs() []ixSpixi2CC {
	var out []ixSpixi2CC
	for _, h := range ixFixtures() {
		out = append(out, ixSpixi2CC{
			name: h.name + "'s chat message", aesKey: ixHex(h.cc.AESKey), chachaKey: ixHex(h.cc.ChachaKey),
			nonce: detrand.Bytes(h.label("chat/nonce"), 64), nonceLabel: h.label("chat/nonce"),
			aad: h.chatAAD, plaintext: h.chatPT, want: h.cc.Chat,
		})
	}
	for _, h := range ixFixtures() {
		for _, r := range []struct {
			what, label string
			cc          crosscheck.RSA2
			pt, aad     []byte
		}{
			{"acceptAdd2", h.label("acceptAdd2/rsa2"), h.cc.AcceptAdd2RSA2, h.acceptFrame, h.acceptAAD},
			{"keys2", h.label("keys2/rsa2"), h.cc.Keys2RSA2, h.keysFrame, h.keysAAD},
		} {
			out = append(out, ixSpixi2CC{
				name: h.name + "'s " + r.what + " frame inside rsa2", aesKey: ixHex(r.cc.TempAESKey), chachaKey: ixHex(r.cc.TempChachaKey),
				nonce: ixHex(r.cc.Nonce), nonceLabel: r.label + "/nonce", aad: r.aad, plaintext: r.pt, want: r.cc.Spixi2,
				aesLabel: r.label + "/temp-aes-key", chachaLabels: r.label + "/temp-chacha-key",
			})
		}
	}
	return out
}

func (x ixSpixi2CC) encryptIn() vectors.Values {
	return vectors.Make("aesKey", x.aesKey, "chachaKey", x.chachaKey, "nonce", x.nonce, "aad", x.aad, "plaintext", x.plaintext)
}

func (x ixSpixi2CC) drawn(c ixc) ixc {
	c = c.drew("nonce", x.nonceLabel)
	if x.aesLabel != "" {
		c = c.drew("aesKey", x.aesLabel, "chachaKey", x.chachaLabels)
	}
	return c
}

// ixSeal is spixi2 encryption under the strict or deployed profile.
func ixSeal(pt, ak, ck, nonce, aad []byte) *ixian.Spixi2Sealed {
	return ixMust(ixian.Spixi2Encrypt(pt, ak, ck, nonce, aad, ixian.Deployed))
}

// ixReseal replaces the AES-GCM output c1 of an envelope and seals it again
// with ChaCha20-Poly1305, so that only the inner layer is wrong.
func ixReseal(nonce, chachaKey, aad, c1 []byte) []byte {
	k := ixMust(ixian.DeriveKeyAndIV(nonce, chachaKey))
	cc := ixMust(chacha20poly1305.New(k.Key))
	env := ixian.AppendVarUInt(ixb(nonce), uint64(len(c1)+16))
	return cc.Seal(env, k.IV, c1, aad)
}

func genIxSpixi2Encrypt() []Group {
	var cc []Case
	for _, x := range ixSpixi2CCs() {
		cc = append(cc, x.drawn(ixOK(x.name, x.encryptIn(), "CrossChecked")).
			pins("ciphertext", ixHex(x.want.Envelope), "aesDerivedKey", ixHex(x.want.AESDerivedKey), "aesIv", ixHex(x.want.AESIV),
				"chachaDerivedKey", ixHex(x.want.ChachaDerivedKey), "chachaIv", ixHex(x.want.ChachaIV), "aesCiphertext", ixHex(x.want.AESCiphertext)).c)
	}
	base := ixSpixi2CCs()[0]
	in := base.encryptIn()
	nonceL := func(tc string) string { return ixVecLabel("spixi2/encrypt", tc, "nonce") }
	nonce := func(tc string, n int) []byte { return detrand.Bytes(nonceL(tc), n) }
	// Traps, for the comments: what a port with one bug derives instead.
	h1 := sha3.Sum512(ixCat(base.aesKey, base.nonce))
	single := h1[:32]
	h2 := sha3.Sum512(ixCat(base.nonce, base.aesKey))
	h2 = sha3.Sum512(h2[:])
	swapped := h2[:32]
	want := ixHex(base.want.AESDerivedKey)
	if bytes.Equal(single, want) || bytes.Equal(swapped, want) {
		panic("vectorgen: a spixi2 trap does not change the key")
	}
	return []Group{
		{Type: "Spixi2Encrypt", Comment: "cross-checked envelopes", Cases: cc},
		{Type: "Spixi2Encrypt", Comment: "traps: valid tests a port with the named bug fails", Cases: ixCases(
			ixOK(fmt.Sprintf("hs66's chat: SHA3-512 once instead of twice would give aesDerivedKey %x…", single[:6]), in, "DoubleHash").pins("aesDerivedKey", want),
			ixOK(fmt.Sprintf("hs66's chat: nonce || key instead of key || nonce would give aesDerivedKey %x…", swapped[:6]), in, "KeyFirst").pins("aesDerivedKey", want),
		)},
		{Type: "Spixi2Encrypt", Comment: "lengths", Cases: ixCases(
			ixOK("an empty plaintext: c2 is the two tags", in.With("plaintext", []byte{}, "nonce", nonce("empty", 64)), "EmptyPlaintext").drew("nonce", nonceL("empty")),
			ixOK("a 215-byte plaintext: c2 is 247 bytes, its length one byte (f7)", in.With("plaintext", ixRep([]byte("215"), 215), "nonce", nonce("215", 64)), "OneByteRange").drew("nonce", nonceL("215")),
			ixOK("a 216-byte plaintext: c2 is 248 bytes, its length fc f8 00", in.With("plaintext", ixRep([]byte("216"), 216), "nonce", nonce("216", 64)), "OneByteRange").drew("nonce", nonceL("216")),
			ixOK("empty additional data", in.With("aad", []byte{})),
		)},
		{Type: "Spixi2Encrypt", Comment: "key and nonce sizes only the deployed profile takes", Cases: ixCases(
			ixSoso("a 16-byte aesKey: AES-128-GCM, the IV at h[16:28]", category.FieldLength, in.With("aesKey", base.aesKey[:16]), "AESKeyLength"),
			ixSoso("a 24-byte aesKey: AES-192-GCM, the IV at h[24:36]", category.FieldLength, in.With("aesKey", base.aesKey[:24]), "AESKeyLength"),
			ixSoso("a 32-byte nonce", category.FieldLength, in.With("nonce", base.nonce[:32]), "NonceLength"),
			ixSoso("a 65-byte nonce", category.FieldLength, in.With("nonce", ixCat(base.nonce, []byte{0})), "NonceLength"),
			ixSoso("a 1-byte nonce", category.FieldLength, in.With("nonce", base.nonce[:1]), "NonceLength"),
		)},
		{Type: "Spixi2Encrypt", Comment: "unusable keys and nonces", Cases: ixCases(
			ixBad("a 31-byte aesKey", category.FieldLength, in.With("aesKey", base.aesKey[:31]), "AESKeyLength"),
			ixBad("a 33-byte aesKey", category.FieldLength, in.With("aesKey", ixCat(base.aesKey, []byte{0})), "AESKeyLength"),
			ixBad("an empty aesKey", category.EmptyField, in.With("aesKey", []byte{}), "EmptyField"),
			ixBad("a 16-byte chachaKey", category.FieldLength, in.With("chachaKey", base.chachaKey[:16]), "ChachaKeyLength"),
			ixBad("an empty chachaKey", category.EmptyField, in.With("chachaKey", []byte{}), "EmptyField"),
			ixBad("an empty nonce (Ixian-Core throws on a null nonce)", category.EmptyField, in.With("nonce", []byte{}), "EmptyField"),
		)},
	}
}

func genIxSpixi2Decrypt() []Group {
	var cc []Case
	for _, x := range ixSpixi2CCs() {
		c := ixOK(x.name, vectors.Make("aesKey", x.aesKey, "chachaKey", x.chachaKey, "aad", x.aad, "ciphertext", ixHex(x.want.Envelope)), "CrossChecked").pins("plaintext", x.plaintext)
		if x.aesLabel != "" {
			c = c.drew("aesKey", x.aesLabel, "chachaKey", x.chachaLabels)
		}
		cc = append(cc, c.c)
	}
	b := ixSpixi2CCs()[0]
	env := ixHex(b.want.Envelope) // 40 || nonce || 44 || c2 (68 bytes)
	if env[65] != 0x44 {
		panic("vectorgen: unexpected spixi2 fixture")
	}
	in := func(e []byte) vectors.Values {
		return vectors.Make("aesKey", b.aesKey, "chachaKey", b.chachaKey, "aad", b.aad, "ciphertext", e)
	}
	nonceL := func(tc string) string { return ixVecLabel("spixi2/decrypt", tc, "nonce") }
	long := ixSeal(ixRep([]byte("216"), 216), b.aesKey, b.chachaKey, detrand.Bytes(nonceL("216"), 64), b.aad).Envelope // length fc f8 00
	empty := ixSeal(nil, b.aesKey, b.chachaKey, detrand.Bytes(nonceL("empty"), 64), b.aad).Envelope
	short := ixSeal(b.plaintext, b.aesKey, b.chachaKey, detrand.Bytes(nonceL("nonce-32"), 32), b.aad).Envelope
	aes16 := ixSeal(b.plaintext, b.aesKey[:16], b.chachaKey, detrand.Bytes(nonceL("aes-16"), 64), b.aad).Envelope
	aes24 := ixSeal(b.plaintext, b.aesKey[:24], b.chachaKey, detrand.Bytes(nonceL("aes-24"), 64), b.aad).Envelope
	sealed := ixSeal(b.plaintext, b.aesKey, b.chachaKey, b.nonce, b.aad)
	innerTag := ixReseal(b.nonce, b.chachaKey, b.aad, ixFlip(sealed.AESCiphertext, -1))
	innerCT := ixReseal(b.nonce, b.chachaKey, b.aad, ixFlip(sealed.AESCiphertext, 0))
	withLen := func(l []byte) []byte { return ixCat(env[:65], l, env[66:]) }
	return []Group{
		{Type: "Spixi2Decrypt", Comment: "cross-checked envelopes", Cases: cc},
		{Type: "Spixi2Decrypt", Comment: "other valid envelopes", Cases: ixCases(
			ixOK("an empty plaintext", in(empty), "EmptyPlaintext").pins("plaintext", []byte{}),
			ixOK("a 216-byte plaintext: c2's length is fc f8 00", in(long), "OneByteRange").pins("plaintext", ixRep([]byte("216"), 216)),
		)},
		{Type: "Spixi2Decrypt", Comment: "what only the deployed profile accepts", Cases: ixCases(
			ixSoso("c2's length one too large (45): Ixian-Core never reads it", category.FieldLength, in(withLen([]byte{0x45})), "InnerLength").pins("plaintext", b.plaintext),
			ixSoso("c2's length one too small (43)", category.FieldLength, in(withLen([]byte{0x43})), "InnerLength").pins("plaintext", b.plaintext),
			ixSoso("c2's length 0", category.FieldLength, in(withLen([]byte{0})), "InnerLength").pins("plaintext", b.plaintext),
			ixSoso("c2's length written fc 44 00", category.NonMinimalVarint, in(withLen(ixHex("fc4400"))), "NonMinimalVarint").pins("plaintext", b.plaintext),
			ixSoso("the nonce's length written fc 40 00", category.NonMinimalVarint, in(ixCat(ixHex("fc4000"), env[1:])), "NonMinimalVarint").pins("plaintext", b.plaintext),
			ixSoso("a 32-byte nonce", category.FieldLength, in(short), "NonceLength").pins("plaintext", b.plaintext),
			ixSoso("a 16-byte aesKey (AES-128-GCM)", category.FieldLength, in(aes16).With("aesKey", b.aesKey[:16]), "AESKeyLength").pins("plaintext", b.plaintext),
			ixSoso("a 24-byte aesKey (AES-192-GCM)", category.FieldLength, in(aes24).With("aesKey", b.aesKey[:24]), "AESKeyLength").pins("plaintext", b.plaintext),
		)},
		{Type: "Spixi2Decrypt", Comment: "tampering: every part is authenticated", Cases: ixCases(
			ixBad("a nonce byte flipped", category.AEADAuth, in(ixFlip(env, 10)), "TamperedNonce"),
			ixBad("the first byte of c2 flipped", category.AEADAuth, in(ixFlip(env, 66)), "TamperedCiphertext"),
			ixBad("the last byte of c2 (the ChaCha20-Poly1305 tag) flipped", category.AEADAuth, in(ixFlip(env, -1)), "TamperedTag"),
			ixBad("the AES-GCM tag inside flipped, the outer layer sealed again", category.AEADAuth, in(innerTag), "TamperedTag", "InnerLayer"),
			ixBad("an AES-GCM ciphertext byte inside flipped, the outer layer sealed again", category.AEADAuth, in(innerCT), "TamperedCiphertext", "InnerLayer"),
			ixBad("a byte of aad flipped", category.AEADAuth, in(env).With("aad", ixFlip(b.aad, -1)), "WrongAAD"),
			ixBad("empty aad", category.AEADAuth, in(env).With("aad", []byte{}), "WrongAAD"),
			ixBad("one byte appended: Ixian-Core authenticates to the end of the input", category.AEADAuth, in(ixCat(env, []byte{0})), "AppendedBytes"),
			ixBad("the last byte removed", category.AEADAuth, in(env[:len(env)-1]), "Truncated"),
			ixBad("aesKey and chachaKey swapped", category.AEADAuth, in(env).With("aesKey", b.chachaKey, "chachaKey", b.aesKey), "SwappedKeys"),
			ixBad("another aesKey (the ChaCha20-Poly1305 layer opens, AES-GCM does not)", category.AEADAuth, in(env).With("aesKey", ixFlip(b.aesKey, 0)), "WrongKey", "InnerLayer"),
			ixBad("another chachaKey", category.AEADAuth, in(env).With("chachaKey", ixFlip(b.chachaKey, 0)), "WrongKey"),
		)},
		{Type: "Spixi2Decrypt", Comment: "truncation and malformed length prefixes", Cases: ixCases(
			ixBad("an empty envelope", category.Truncated, in([]byte{}), "Truncated"),
			ixBad("cut inside the nonce", category.Truncated, in(env[:30]), "Truncated"),
			ixBad("the nonce only: no length of c2", category.Truncated, in(env[:65]), "Truncated"),
			ixBad("cut inside c2's length (fc f8)", category.Truncated, in(long[:67]), "Truncated"),
			ixBad("c2 of 15 bytes: shorter than a tag", category.AEADAuth, in(ixCat(env[:65], []byte{15}, env[66:81])), "Truncated"),
			ixBad("c2's length with a signed prefix (f8 44 00)", category.NegativeLength, in(withLen(ixHex("f84400"))), "SignedPrefix"),
			ixBad("c2's length with the reserved prefix ff", category.InvalidVarint, in(withLen(ixHex("ff"))), "ReservedPrefix"),
			ixBad("the nonce's length with the reserved prefix fb", category.InvalidVarint, in(ixCat([]byte{0xfb}, env[1:])), "ReservedPrefix"),
			ixBad("an empty nonce (00)", category.EmptyField, in(ixCat([]byte{0}, env[65:])), "EmptyField"),
		)},
		{Type: "Spixi2Decrypt", Comment: "unusable keys", Cases: ixCases(
			ixBad("a 31-byte aesKey", category.FieldLength, in(env).With("aesKey", b.aesKey[:31]), "AESKeyLength"),
			ixBad("an empty chachaKey", category.EmptyField, in(env).With("chachaKey", []byte{}), "EmptyField"),
			ixBad("a 16-byte chachaKey", category.FieldLength, in(env).With("chachaKey", b.chachaKey[:16]), "ChachaKeyLength"),
		)},
	}
}

// ixRSA2CC is one cross-checked rsa2 envelope.
type ixRSA2CC struct {
	name          string
	label         string
	pub, der      []byte
	pt, aad       []byte
	cc            crosscheck.RSA2
	tempAesKey    []byte
	tempChachaKey []byte
}

func ixRSA2CCs() []ixRSA2CC {
	var out []ixRSA2CC
	for _, h := range ixFixtures() {
		out = append(out,
			ixRSA2CC{h.name + "'s acceptAdd2 to the requester", h.label("acceptAdd2/rsa2"), ixRSAReq, ixDERReq, h.acceptFrame, h.acceptAAD, h.cc.AcceptAdd2RSA2,
				ixHex(h.cc.AcceptAdd2RSA2.TempAESKey), ixHex(h.cc.AcceptAdd2RSA2.TempChachaKey)},
			ixRSA2CC{h.name + "'s keys2 to the acceptor", h.label("keys2/rsa2"), ixRSAAcc, ixDERAcc, h.keysFrame, h.keysAAD, h.cc.Keys2RSA2,
				ixHex(h.cc.Keys2RSA2.TempAESKey), ixHex(h.cc.Keys2RSA2.TempChachaKey)},
		)
	}
	return out
}

func (x ixRSA2CC) drawnLabels(c ixc) ixc {
	return c.drew("tempAesKey", x.label+"/temp-aes-key", "tempChachaKey", x.label+"/temp-chacha-key", "oaepSeed", x.label+"/oaep-seed", "nonce", x.label+"/nonce")
}

func genIxRSA2Encrypt() []Group {
	var cc []Case
	for _, x := range ixRSA2CCs() {
		cc = append(cc, x.drawnLabels(ixOK(x.name, vectors.Make("rsaPubKey", x.pub, "tempAesKey", x.tempAesKey, "tempChachaKey", x.tempChachaKey,
			"oaepSeed", ixHex(x.cc.OAEPSeed), "nonce", ixHex(x.cc.Nonce), "aad", x.aad, "plaintext", x.pt), "CrossChecked", "Handshake")).
			pins("envelope", ixHex(x.cc.Envelope), "keyBlock", ixHex(x.cc.KeyBlock), "encryptedKeys", ixHex(x.cc.EncryptedKeys)).c)
	}
	h := ixFixtures()[0]
	l := func(s string) string { return ixVecLabel("rsa2/encrypt", "base", s) }
	tk, tc := detrand.Bytes(l("tempAesKey"), 32), detrand.Bytes(l("tempChachaKey"), 32)
	seed, nonce := detrand.Bytes(l("oaepSeed"), 20), detrand.Bytes(l("nonce"), 64)
	in := vectors.Make("rsaPubKey", ixRSAReq, "tempAesKey", tk, "tempChachaKey", tc, "oaepSeed", seed, "nonce", nonce, "aad", h.acceptAAD, "plaintext", h.chatPT)
	d := func(c ixc) ixc {
		return c.drew("tempAesKey", l("tempAesKey"), "tempChachaKey", l("tempChachaKey"), "oaepSeed", l("oaepSeed"), "nonce", l("nonce"))
	}
	return []Group{
		{Type: "RSA2Encrypt", Comment: "the envelopes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "RSA2Encrypt", Comment: "a short message (hs66's chat frame) with inputs drawn under " + l("…"), Cases: ixCases(
			d(ixOK("the base message", in)),
			d(ixOK("an empty plaintext", in.With("plaintext", []byte{}), "EmptyPlaintext")),
			d(ixSoso("a 16-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:16]), "AESKeyLength")),
			d(ixSoso("a 24-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:24]), "AESKeyLength")),
			d(ixSoso("a 32-byte nonce", category.FieldLength, in.With("nonce", nonce[:32]), "NonceLength")),
			d(ixSoso("the requester's key in the 523-byte legacy form", category.InvalidKey, in.With("rsaPubKey", ixRSALegacy(ixRSAReq)), "LegacyRSAKey")),
			d(ixBad("an oaepSeed of 19 bytes", category.FieldLength, in.With("oaepSeed", seed[:19]), "OAEPSeedLength")),
			d(ixBad("an oaepSeed of 32 bytes (a SHA-256 length)", category.FieldLength, in.With("oaepSeed", detrand.Bytes(l("oaepSeed"), 32)), "OAEPSeedLength")),
			d(ixBad("a 31-byte tempAesKey", category.FieldLength, in.With("tempAesKey", tk[:31]), "AESKeyLength")),
			d(ixBad("an empty tempAesKey", category.EmptyField, in.With("tempAesKey", []byte{}), "EmptyField")),
			d(ixBad("a 16-byte tempChachaKey", category.FieldLength, in.With("tempChachaKey", tc[:16]), "ChachaKeyLength")),
			d(ixBad("an empty nonce", category.EmptyField, in.With("nonce", []byte{}), "EmptyField")),
			d(ixBad("an empty rsaPubKey", category.EmptyField, in.With("rsaPubKey", []byte{}), "EmptyField")),
			d(ixBad("an rsaPubKey of 48 bytes", category.FieldLength, in.With("rsaPubKey", ixRSAReq[:48]), "RSAKeyFormat")),
		)},
	}
}

// ixRSA2Build makes an rsa2 envelope from a key block and a spixi2
// envelope, for key blocks the reference would not write.
func ixRSA2Build(pub []byte, keyBlock, seed, blob []byte) []byte {
	k := ixMust(ixian.ParseRSAPublicKey(pub, ixian.Strict))
	ek := ixMust(rsa.EncryptOAEP(sha1.New(), bytes.NewReader(seed), k, keyBlock, nil))
	return ixCat(ixb(ek), ixb(blob))
}

func genIxRSA2Decrypt() []Group {
	var cc []Case
	for _, x := range ixRSA2CCs() {
		cc = append(cc, ixOK(x.name, vectors.Make("rsaPrivateKey", x.der, "aad", x.aad, "envelope", ixHex(x.cc.Envelope)), "CrossChecked", "Handshake").
			pins("plaintext", x.pt, "tempAesKey", x.tempAesKey, "tempChachaKey", x.tempChachaKey).c)
	}
	h := ixFixtures()[0]
	l := func(s string) string { return ixVecLabel("rsa2/decrypt", "base", s) }
	tk, tc := detrand.Bytes(l("tempAesKey"), 32), detrand.Bytes(l("tempChachaKey"), 32)
	seed, nonce := detrand.Bytes(l("oaepSeed"), 20), detrand.Bytes(l("nonce"), 64)
	pt, aad := h.chatPT, h.acceptAAD
	base := ixMust(ixian.RSA2Encrypt(pt, ixRSAReq, tk, tc, seed, nonce, aad, ixian.Strict))
	env := base.Envelope // fc 00 02 || ek (512) || V(len(blob)) || blob
	ekEnd := 3 + 512
	blob := env[ekEnd+1:]
	if env[ekEnd] != byte(len(blob)) {
		panic("vectorgen: unexpected rsa2 fixture")
	}
	in := func(e []byte) vectors.Values {
		return vectors.Make("rsaPrivateKey", ixDERReq, "aad", aad, "envelope", e)
	}
	withOuter := func(l []byte) []byte { return ixCat(env[:ekEnd], l, blob) }
	// A key block made by hand, with its spixi2 blob under the keys it holds.
	custom := func(tc string, keyBlock, ak, ck, nonce []byte) []byte {
		return ixRSA2Build(ixRSAReq, keyBlock, detrand.Bytes(ixVecLabel("rsa2/decrypt", tc, "oaepSeed"), 20), ixSeal(pt, ak, ck, nonce, aad).Envelope)
	}
	kb := func(parts ...[]byte) []byte { return ixCat(parts...) }
	ptPin := func(c ixc) ixc { return c.pins("plaintext", pt) }
	shortNonce := ixMust(ixian.RSA2Encrypt(pt, ixRSAReq, tk, tc, seed, nonce[:32], aad, ixian.Deployed)).Envelope
	innerLen := ixCat(env[:ekEnd+1], blob[:65], []byte{blob[65] + 1}, blob[66:])
	return []Group{
		{Type: "RSA2Decrypt", Comment: "the envelopes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "RSA2Decrypt", Comment: "a short message (hs66's chat frame to the requester), inputs of the encryption drawn under " + l("…"), Cases: ixCases(
			ptPin(ixOK("the base message", in(env))).pins("tempAesKey", tk, "tempChachaKey", tc),
		)},
		{Type: "RSA2Decrypt", Comment: "what only the deployed profile accepts", Cases: ixCases(
			ptPin(ixSoso("the blob's length one too large: Ixian-Core never reads it", category.FieldLength, in(withOuter([]byte{env[ekEnd] + 1})), "OuterLength")),
			ptPin(ixSoso(fmt.Sprintf("the blob's length written fc %02x 00", env[ekEnd]), category.NonMinimalVarint, in(withOuter([]byte{0xfc, env[ekEnd], 0})), "NonMinimalVarint")),
			ptPin(ixSoso("c2's length inside the blob one too large", category.FieldLength, in(innerLen), "InnerLength")),
			ptPin(ixSoso("a 32-byte spixi2 nonce", category.FieldLength, in(shortNonce), "NonceLength")),
			ptPin(ixSoso("a byte after tempChachaKey in the key block", category.TrailingBytes, in(custom("trailing", kb(ixb(tk), ixb(tc), []byte{0}), tk, tc, nonce)), "KeyBlockTrailing")).pins("tempAesKey", tk),
			ptPin(ixSoso("a 16-byte tempAesKey: AES-128-GCM inside", category.FieldLength, in(custom("aes16", kb(ixb(tk[:16]), ixb(tc)), tk[:16], tc, nonce)), "AESKeyLength")),
			ptPin(ixSoso("a 24-byte tempAesKey: AES-192-GCM inside", category.FieldLength, in(custom("aes24", kb(ixb(tk[:24]), ixb(tc)), tk[:24], tc, nonce)), "AESKeyLength")),
			ptPin(ixSoso("tempAesKey's length written fc 20 00 in the key block", category.NonMinimalVarint, in(custom("nonminimal", kb(ixNonMinimalLen(tk), ixb(tc)), tk, tc, nonce)), "NonMinimalVarint")),
		)},
		{Type: "RSA2Decrypt", Comment: "the RSA layer", Cases: ixCases(
			ixBad("the acceptor's private key instead of the requester's", category.RSADecrypt, in(env).With("rsaPrivateKey", ixDERAcc), "WrongRSAKey"),
			ixBad("a byte of encryptedKeys flipped", category.RSADecrypt, in(ixFlip(env, 100)), "TamperedEncryptedKeys"),
			ixBad("encryptedKeys of 511 bytes (its last byte dropped)", category.RSADecrypt, in(ixCat(ixHex("fcff01"), env[3:ekEnd-1], env[ekEnd:])), "RSACiphertextLength"),
			ixBad("encryptedKeys of 513 bytes (a zero byte prepended)", category.RSADecrypt, in(ixCat(ixHex("fc0102"), []byte{0}, env[3:])), "RSACiphertextLength"),
			ixBad("empty encryptedKeys", category.EmptyField, in(ixCat([]byte{0}, env[ekEnd:])), "EmptyField"),
		)},
		{Type: "RSA2Decrypt", Comment: "the key block", Cases: ixCases(
			ixBad("a 16-byte tempChachaKey", category.FieldLength, in(custom("chacha16", kb(ixb(tk), ixb(tc[:16])), tk, tc, nonce)), "ChachaKeyLength"),
			ixBad("a 31-byte tempAesKey", category.FieldLength, in(custom("aes31", kb(ixb(tk[:31]), ixb(tc)), tk, tc, nonce)), "AESKeyLength"),
			ixBad("an empty tempAesKey (00)", category.EmptyField, in(custom("aes0", kb([]byte{0}, ixb(tc)), tk, tc, nonce)), "EmptyField"),
			ixBad("a key block holding tempAesKey only", category.Truncated, in(custom("aes-only", ixb(tk), tk, tc, nonce)), "Truncated"),
			ixBad("a key block starting with the reserved prefix ff", category.InvalidVarint, in(custom("reserved", kb([]byte{0xff}, tk, ixb(tc)), tk, tc, nonce)), "ReservedPrefix"),
		)},
		{Type: "RSA2Decrypt", Comment: "the spixi2 layer", Cases: ixCases(
			ixBad("a nonce byte flipped", category.AEADAuth, in(ixFlip(env, ekEnd+1+5)), "TamperedNonce"),
			ixBad("a byte of c2 flipped", category.AEADAuth, in(ixFlip(env, ekEnd+1+70)), "TamperedCiphertext"),
			ixBad("the last byte (the ChaCha20-Poly1305 tag) flipped", category.AEADAuth, in(ixFlip(env, -1)), "TamperedTag"),
			ixBad("aad of keys2 (id 02) instead of acceptAdd2's", category.AEADAuth, in(env).With("aad", h.keysAAD), "WrongAAD"),
			ixBad("one byte appended", category.AEADAuth, in(ixCat(env, []byte{0})), "AppendedBytes"),
			ixBad("the spixi2 blob of another envelope under other keys", category.AEADAuth, in(ixCat(env[:ekEnd], ixFields(ixHex(ixRSA2CCs()[0].cc.Envelope), 0, 2)[1])), "WrongKey"),
		)},
		{Type: "RSA2Decrypt", Comment: "truncation and malformed length prefixes", Cases: ixCases(
			ixBad("an empty envelope", category.Truncated, in([]byte{}), "Truncated"),
			ixBad("cut inside encryptedKeys", category.Truncated, in(env[:300]), "Truncated"),
			ixBad("cut after encryptedKeys: no blob length", category.Truncated, in(env[:ekEnd]), "Truncated"),
			ixBad("the blob's length with a signed prefix", category.NegativeLength, in(withOuter(ixHex("f80100"))), "SignedPrefix"),
			ixBad("encryptedKeys' length with the reserved prefix fb", category.InvalidVarint, in(ixCat([]byte{0xfb}, env[1:])), "ReservedPrefix"),
		)},
	}
}
