package ixiancrypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/elliptic"
	"crypto/mlkem"
	"crypto/mlkem/mlkemtest"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha3"
	"errors"
	"hash"
	"math/big"
	"reflect"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
	xhkdf "golang.org/x/crypto/hkdf"

	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/pkcs8"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// CheckSpixi2Decrypt checks the spixi2 envelope decoder with any keys. What
// Deployed opens re-seals and opens to the same plaintext; what Strict opens
// is exactly what Spixi2Encrypt writes for its nonce.
func CheckSpixi2Decrypt(t check.TB, aesKey, chachaKey, aad, envelope []byte) {
	ps, errS := ixian.Spixi2Decrypt(envelope, aesKey, chachaKey, aad, ixian.Strict)
	pd, errD := ixian.Spixi2Decrypt(envelope, aesKey, chachaKey, aad, ixian.Deployed)
	strictOK := check.SameVerdict(t, "spixi2", ps, errS, pd, errD)
	if errD != nil {
		return
	}
	if len(pd)+2*ixian.AEADTagSize > len(envelope) {
		t.Fatalf("a %d-byte plaintext from a %d-byte envelope", len(pd), len(envelope))
	}
	nonce, nn, err := ixian.DecodeIxiBytes(envelope, ixian.Deployed)
	if err != nil {
		t.Fatalf("opened an envelope whose nonce does not decode: %v", err)
	}
	_, ln, _, err := ixian.DecodeVarUInt(envelope[nn:], ixian.Deployed)
	if err != nil {
		t.Fatalf("opened an envelope whose length field does not decode: %v", err)
	}
	// Authenticity: the body re-seals, by the primitives alone, to the same
	// bytes; and no edit of the body opens, down to the bare tag.
	head, body := envelope[:nn+ln], envelope[nn+ln:]
	if again := sealSpixi2(pd, aesKey, chachaKey, nonce, aad); !bytes.Equal(again, body) {
		t.Fatalf("the opened body does not re-seal to itself:\n%x\n%x", again, body)
	}
	for _, edit := range boxEdits(body, ixian.AEADTagSize) {
		e := append(bytes.Clone(head), edit...)
		for _, p := range []ixian.Profile{ixian.Deployed, ixian.Strict} {
			if _, err := ixian.Spixi2Decrypt(e, aesKey, chachaKey, aad, p); err == nil {
				t.Fatalf("%v: an edited envelope opens: %x", p, e)
			}
		}
	}
	for _, p := range []ixian.Profile{ixian.Deployed, ixian.Strict} {
		if p == ixian.Strict && !strictOK {
			break
		}
		sealed, err := ixian.Spixi2Encrypt(pd, aesKey, chachaKey, nonce, aad, p)
		if err != nil {
			t.Fatalf("%v: cannot re-seal what was opened: %v", p, err)
		}
		back, err := ixian.Spixi2Decrypt(sealed.Envelope, aesKey, chachaKey, aad, p)
		if err != nil || !bytes.Equal(back, pd) {
			t.Fatalf("%v: Decrypt(Encrypt(Decrypt(x))) = %x, %v", p, back, err)
		}
		if p == ixian.Strict && !bytes.Equal(sealed.Envelope, envelope) {
			t.Fatalf("Encrypt(Decrypt(x)) != x under Strict:\n%x\n%x", sealed.Envelope, envelope)
		}
	}
}

// boxEdits returns edits of an authenticated box that must not open: one
// bit flipped at a place the box itself picks (so the fuzzer moves it), the
// last byte dropped, a byte appended, and the box cut to its last tag and
// to nothing.
func boxEdits(box []byte, tag int) [][]byte {
	if len(box) == 0 {
		return nil
	}
	sum := 0
	for _, b := range box {
		sum += int(b)
	}
	flip := bytes.Clone(box)
	flip[sum%len(box)] ^= 1 << (sum % 8)
	edits := [][]byte{flip, box[:len(box)-1], append(bytes.Clone(box), 0), nil}
	if len(box) > tag {
		edits = append(edits, box[len(box)-tag:])
	}
	return edits
}

// sealSpixi2 seals like Spixi2Encrypt from the exported primitives, so that
// the layout around the authenticated body can be anything.
func sealSpixi2(plaintext, aesKey, chachaKey, nonce, aad []byte) []byte {
	ak, err := ixian.DeriveKeyAndIV(nonce, aesKey)
	if err != nil {
		panic(err)
	}
	ck, _ := ixian.DeriveKeyAndIV(nonce, chachaKey)
	b, err := aes.NewCipher(ak.Key)
	if err != nil {
		panic(err)
	}
	g, _ := cipher.NewGCM(b)
	c1 := g.Seal(nil, ak.IV, plaintext, nil)
	cc, err := chacha20poly1305.New(ck.Key)
	if err != nil {
		panic(err)
	}
	return cc.Seal(nil, ck.IV, c1, aad)
}

// CheckSpixi2Layout builds a spixi2 envelope whose authenticated body is
// correct and whose unauthenticated parts, the nonce and the length field,
// are the fuzzer's, and checks each profile's exact verdict: Deployed opens
// it whenever the nonce is not empty and the length field is one IxiVarUInt
// of any value (Ixian-Core never compares it); Strict also wants a 64-byte
// nonce, a 32-byte aesKey and a minimal length equal to the body's.
func CheckSpixi2Layout(t check.TB, nonce, lengthField, plaintext, aad []byte, aesSize uint8) {
	x := ixfix.Ixian()
	aesKey := x.AESKey[:[]int{16, 24, 32}[aesSize%3]]
	sealNonce := nonce
	if len(sealNonce) == 0 {
		sealNonce = x.Nonce // the decoder stops at the empty nonce anyway
	}
	body := sealSpixi2(plaintext, aesKey, x.ChachaKey, sealNonce, aad)
	env := append(append(ixian.AppendIxiBytes(nil, nonce), lengthField...), body...)

	want := func(p ixian.Profile) category.Category {
		switch {
		case p == ixian.Strict && len(aesKey) != 32:
			return category.FieldLength
		case len(nonce) == 0:
			return category.EmptyField
		case p == ixian.Strict && len(nonce) != ixian.Spixi2NonceSize:
			return category.FieldLength
		}
		l, n, _, err := ixian.DecodeVarUInt(env[ixian.IxiBytesSize(nonce):], p)
		switch {
		case err != nil:
			return category.Of(err)
		case n != len(lengthField):
			return category.AEADAuth // the body starts elsewhere
		case p == ixian.Strict && l != uint64(len(body)):
			return category.FieldLength
		}
		return ""
	}
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		pt, err := ixian.Spixi2Decrypt(env, aesKey, x.ChachaKey, aad, p)
		check.Category(t, "spixi2", err)
		if got, w := category.Of(err), want(p); got != w {
			t.Fatalf("%v: nonce %d bytes, length field %x: got %v, want %q", p, len(nonce), lengthField, err, w)
		}
		if err == nil && !bytes.Equal(pt, plaintext) {
			t.Fatalf("%v: opened %x, sealed %x", p, pt, plaintext)
		}
	}
}

// rsaKeys caches parsed private keys: the seeds carry a key, and parsing a
// 4096-bit key on every execution would dominate the target.
var rsaKeys struct {
	sync.Mutex
	m map[string]*rsa.PrivateKey
}

func rsaKey(der []byte) *rsa.PrivateKey {
	rsaKeys.Lock()
	defer rsaKeys.Unlock()
	if k, ok := rsaKeys.m[string(der)]; ok {
		return k
	}
	rk, err := pkcs8.ParseRSAPrivateKey(der)
	if err != nil || rk.N.BitLen() > 4096 {
		rk = nil // not a key this target is about
	}
	if rsaKeys.m == nil || len(rsaKeys.m) > 16 {
		rsaKeys.m = map[string]*rsa.PrivateKey{}
	}
	rsaKeys.m[string(der)] = rk
	return rk
}

// CheckRSA2Decrypt checks the rsa2 envelope decoder with any PKCS#8 RSA
// key (up to 4096 bits). What Deployed opens re-encrypts and opens to the
// same plaintext and temporary keys.
func CheckRSA2Decrypt(t check.TB, rsaPrivateKey, aad, envelope []byte) {
	key := rsaKey(rsaPrivateKey)
	if key == nil {
		return
	}
	so, errS := ixian.RSA2Decrypt(envelope, key, aad, ixian.Strict)
	od, errD := ixian.RSA2Decrypt(envelope, key, aad, ixian.Deployed)
	check.SameVerdict(t, "rsa2", so, errS, od, errD)
	if errD != nil {
		return
	}
	nonce := rsa2Nonce(envelope)
	pub := ixian.RSAPublicKeyBytes(&key.PublicKey, 1)
	sealed, err := ixian.RSA2Encrypt(od.Plaintext, pub, od.TempAESKey, od.TempChachaKey, make([]byte, 20), nonce, aad, ixian.Deployed)
	if err != nil {
		t.Fatalf("cannot re-encrypt what was opened: %v", err)
	}
	back, err := ixian.RSA2Decrypt(sealed.Envelope, key, aad, ixian.Deployed)
	if err != nil || !reflect.DeepEqual(back, od) {
		t.Fatalf("Decrypt(Encrypt(Decrypt(x))) = %+v, %v; want %+v", back, err, od)
	}
}

// rsa2Nonce returns the spixi2 nonce inside an rsa2 envelope that opened.
func rsa2Nonce(env []byte) []byte {
	_, n, _ := ixian.DecodeIxiBytes(env, ixian.Deployed)
	_, m, _, _ := ixian.DecodeVarUInt(env[n:], ixian.Deployed)
	nonce, _, _ := ixian.DecodeIxiBytes(env[n+m:], ixian.Deployed)
	return nonce
}

// CheckRSA2KeyBlock encrypts any key block to the fixture's RSA key and
// seals the inner spixi2 envelope with the temporary keys the block names,
// so the parsing behind RSA-OAEP is reached: two IxiBytes, then the key
// rules of spixi2. It checks each profile's exact verdict.
func CheckRSA2KeyBlock(t check.TB, keyBlock, nonce, plaintext, aad []byte) {
	key := testkeys.RSA(testkeys.IxianRequester)
	ek, err := rsa.EncryptOAEP(sha1.New(), detrand.Reader("pqhs/fuzz/ixian/oaep"), &key.PublicKey, keyBlock, nil)
	if err != nil {
		return // longer than OAEP-SHA1 can carry in 4096 bits
	}
	tk, n1, e1 := ixian.DecodeIxiBytes(keyBlock, ixian.Deployed)
	var tc []byte
	var n2 int
	var e2 error
	if e1 == nil {
		tc, n2, e2 = ixian.DecodeIxiBytes(keyBlock[n1:], ixian.Deployed)
	}
	x := ixfix.Ixian()
	sealAES, sealChacha, sealNonce := x.AESKey, x.ChachaKey, x.Nonce
	usable := e1 == nil && e2 == nil && (len(tk) == 16 || len(tk) == 24 || len(tk) == 32) && len(tc) == 32 && len(nonce) > 0
	if usable {
		sealAES, sealChacha, sealNonce = tk, tc, nonce
	}
	blob, err := ixian.Spixi2Encrypt(plaintext, sealAES, sealChacha, sealNonce, aad, ixian.Deployed)
	if err != nil {
		t.Fatalf("sealing the inner envelope: %v", err)
	}
	env := ixian.AppendIxiBytes(ixian.AppendIxiBytes(nil, ek), blob.Envelope)

	want := func(p ixian.Profile) category.Category {
		// Strict's own readings of the two lengths (non-minimal prefixes).
		if _, _, err := ixian.DecodeIxiBytes(keyBlock, p); err != nil {
			return category.Of(err)
		}
		if _, _, err := ixian.DecodeIxiBytes(keyBlock[n1:], p); err != nil {
			return category.Of(err)
		}
		switch {
		case p == ixian.Strict && n1+n2 != len(keyBlock):
			return category.TrailingBytes
		case len(tk) == 0:
			return category.EmptyField
		case p == ixian.Strict && len(tk) != 32, len(tk) != 16 && len(tk) != 24 && len(tk) != 32:
			return category.FieldLength
		case len(tc) == 0:
			return category.EmptyField
		case len(tc) != 32:
			return category.FieldLength
		case len(nonce) == 0:
			return category.EmptyField
		case p == ixian.Strict && len(nonce) != ixian.Spixi2NonceSize:
			return category.FieldLength
		}
		return ""
	}
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		o, err := ixian.RSA2Decrypt(env, key, aad, p)
		check.Category(t, "rsa2", err)
		if got, w := category.Of(err), want(p); got != w {
			t.Fatalf("%v: key block %x, nonce %d bytes: got %v, want %q", p, keyBlock, len(nonce), err, w)
		}
		if err == nil && (!bytes.Equal(o.Plaintext, plaintext) || !bytes.Equal(o.TempAESKey, tk) || !bytes.Equal(o.TempChachaKey, tc)) {
			t.Fatalf("%v: opened %+v", p, o)
		}
	}
}

// ixianRun is one complete handshake and what both sides derived.
type ixianRun struct {
	acceptor  *ixian.Acceptor
	requester *ixian.RequesterResult
	final     *ixian.AcceptorResult
}

// runIxian runs acceptAdd2, keys2 and the acceptor's derivation. It returns
// the first error.
func runIxian(accScalar, seed, aesSalt, reqScalar, m, chachaSalt []byte, p ixian.Profile) (*ixianRun, error) {
	r := &ixianRun{}
	var err error
	if r.acceptor, err = ixian.AcceptorPrepare(accScalar, seed, aesSalt, ixian.ProtocolVersion, ixfix.Ixian().AcceptorRSA, ixian.SpixiCapabilities, p); err != nil {
		return nil, err
	}
	if r.requester, err = ixian.Requester(r.acceptor.AcceptAdd2, reqScalar, m, chachaSalt, ixian.QuIXICapabilities, p); err != nil {
		return nil, err
	}
	if r.final, err = r.acceptor.Keys2(r.requester.Keys2, p); err != nil {
		return nil, err
	}
	return r, nil
}

// checkIxianAgreement checks that both roles of a run derived the same
// values, and recomputes them with independent code: crypto/mlkem for the
// KEM secret, x/crypto's HKDF for the keys.
func checkIxianAgreement(t check.TB, r *ixianRun, seed, aesSalt, chachaSalt []byte) {
	a, b := r.requester.Result, r.final.Result
	if !bytes.Equal(a.AESKey, b.AESKey) || !bytes.Equal(a.ChachaKey, b.ChachaKey) || !bytes.Equal(a.IKM, b.IKM) ||
		!bytes.Equal(a.ECDHSecret, b.ECDHSecret) || !bytes.Equal(a.MLKEMSecret, b.MLKEMSecret) {
		t.Fatalf("the roles disagree:\nrequester %x %x\nacceptor  %x %x", a.AESKey, a.ChachaKey, b.AESKey, b.ChachaKey)
	}
	if a.PeerCapabilities != ixian.SpixiCapabilities || b.PeerCapabilities != ixian.QuIXICapabilities {
		t.Fatalf("capabilities: the requester saw %d, the acceptor %d", a.PeerCapabilities, b.PeerCapabilities)
	}
	if l := len(a.ECDHSecret); l < 60 || l > 66 || a.ECDHSecret[0] == 0 || !bytes.Equal(a.IKM, append(bytes.Clone(a.ECDHSecret), a.MLKEMSecret...)) {
		t.Fatalf("ikm %x is not the stripped ECDH secret and the KEM secret", a.IKM)
	}
	dk, err := mlkem.NewDecapsulationKey1024(seed)
	if err != nil {
		t.Fatalf("crypto/mlkem: %v", err)
	}
	if ss, err := dk.Decapsulate(r.requester.MLKEMCiphertext); err != nil || !bytes.Equal(ss, b.MLKEMSecret) {
		t.Fatalf("crypto/mlkem decapsulates %x, %v; the acceptor has %x", ss, err, b.MLKEMSecret)
	}
	for _, k := range []struct {
		salt []byte
		info string
		key  []byte
	}{{aesSalt, ixian.AESKeyInfo, b.AESKey}, {chachaSalt, ixian.ChachaKeyInfo, b.ChachaKey}} {
		want := make([]byte, 32)
		if _, err := xhkdf.New(func() hash.Hash { return sha3.New512() }, b.IKM, k.salt, []byte(k.info)).Read(want); err != nil || !bytes.Equal(want, k.key) {
			t.Fatalf("x/crypto/hkdf gives %x for %q; the handshake %x", want, k.info, k.key)
		}
	}
}

// CheckIxianKeyAgreement runs a whole handshake from arbitrary secrets and
// salts and checks that both roles derive identical keys. Then it flips
// bits of one input byte (flip picks the byte, mask the bits) and checks
// that exactly the keys that depend on it change:
//
//   - either ECDH scalar: both keys, unless the new scalar is n-k (the same
//     X coordinate) or out of range (invalid_key);
//   - the ML-KEM seed's d: both keys; its z: nothing (z only feeds implicit
//     rejection, which an honest ciphertext never reaches);
//   - the message m: both keys;
//   - aesSalt: aesKey only; chachaSalt: chachaKey only.
func CheckIxianKeyAgreement(t check.TB, accScalar, seed, aesSalt, reqScalar, m, chachaSalt []byte, strict bool, flip uint16, mask uint8) {
	p := ixian.Deployed
	if strict {
		p = ixian.Strict
	}
	in := [][]byte{ixfix.P521Scalar(accScalar), check.Fit(seed, 64), bytes.Clone(aesSalt), ixfix.P521Scalar(reqScalar), check.Fit(m, 32), bytes.Clone(chachaSalt)}
	r, err := runIxian(in[0], in[1], in[2], in[3], in[4], in[5], p)
	if w := ixianAgreementError(in, p); category.Of(err) != w {
		t.Fatalf("%v: got %v, want %q", p, err, w)
	}
	if err != nil {
		return
	}
	checkIxianAgreement(t, r, in[1], in[2], in[5])

	total := 0
	for _, b := range in {
		total += len(b)
	}
	pos := int(flip) % total
	which := 0
	for pos >= len(in[which]) {
		pos -= len(in[which])
		which++
	}
	if mask == 0 {
		mask = 1
	}
	old := in[which][pos]
	in[which][pos] ^= mask
	r2, err := runIxian(in[0], in[1], in[2], in[3], in[4], in[5], p)
	if w := ixianAgreementError(in, p); category.Of(err) != w {
		t.Fatalf("flipped input %d: got %v, want %q", which, err, w)
	}
	if err != nil {
		return
	}
	checkIxianAgreement(t, r2, in[1], in[2], in[5])
	aesChanged := !bytes.Equal(r.final.AESKey, r2.final.AESKey)
	chachaChanged := !bytes.Equal(r.final.ChachaKey, r2.final.ChachaKey)
	var wantAES, wantChacha bool
	switch which {
	case 0, 3: // a scalar: k and n-k give the same X
		in[which][pos] = old
		k := new(big.Int).SetBytes(in[which])
		in[which][pos] ^= mask
		k2 := new(big.Int).SetBytes(in[which])
		same := new(big.Int).Add(k, k2).Cmp(ixfix.P521N) == 0
		wantAES, wantChacha = !same, !same
	case 1:
		wantAES, wantChacha = pos < 32, pos < 32
	case 4:
		wantAES, wantChacha = true, true
	case 2:
		wantAES = true
	case 5:
		wantChacha = true
	}
	if aesChanged != wantAES || chachaChanged != wantChacha {
		t.Fatalf("flipping byte %d of input %d with %02x: aesKey changed %v (want %v), chachaKey changed %v (want %v)",
			pos, which, mask, aesChanged, wantAES, chachaChanged, wantChacha)
	}
}

// ixianAgreementError is the category runIxian must fail with: an invalid
// scalar is invalid_key, a salt of the wrong length salt_length in Strict.
func ixianAgreementError(in [][]byte, p ixian.Profile) category.Category {
	switch {
	case !ixfix.P521Valid(in[0]):
		return category.InvalidKey
	case p == ixian.Strict && len(in[2]) != ixian.SaltSize:
		return category.SaltLength
	case !ixfix.P521Valid(in[3]):
		return category.InvalidKey
	case p == ixian.Strict && len(in[5]) != ixian.SaltSize:
		return category.SaltLength
	}
	return ""
}

// CheckP521PeerKey checks ECDH with a peer's public key in any form: the
// point decoding, the on-curve check, the parity a compressed or hybrid
// prefix carries, and the stripped shared secret, against an independent
// decoder and scalar multiplication (crypto/elliptic's generic P-521).
// Every well-formed encoding of a valid point is accepted (Deployed: 67
// bytes compressed, 133 uncompressed or hybrid with Y's parity in the
// prefix; Strict: compressed only) with the independently computed secret;
// every other encoding is refused.
func CheckP521PeerKey(t check.TB, scalar, pub []byte) {
	sc := ixfix.P521Scalar(scalar)
	ss, errS := ixian.ECDH(sc, pub, ixian.Strict)
	sd, errD := ixian.ECDH(sc, pub, ixian.Deployed)
	check.SameVerdict(t, "ecdh", ss, errS, sd, errD)
	if !ixfix.P521Valid(sc) {
		if !errors.Is(errD, category.InvalidKey) {
			t.Fatalf("scalar %x is out of range; got %v", sc, errD)
		}
		return
	}
	x, y, compressed := p521Point(pub)
	if x == nil {
		if errD == nil {
			t.Fatalf("Deployed accepts %x, which encodes no point of P-521 (or with the wrong parity)", pub)
		}
		return
	}
	if errD != nil || (compressed && errS != nil && !errors.Is(errS, category.InvalidPoint)) {
		t.Fatalf("a well-formed encoding of a valid point is refused: %x: deployed %v, strict %v", pub, errD, errS)
	}
	if !compressed && errS == nil {
		t.Fatalf("Strict accepts a %d-byte point", len(pub))
	}
	//lint:ignore SA1019 an independent P-521 multiplication of a point given by its coordinates, as the check needs
	sx, _ := elliptic.P521().ScalarMult(x, y, sc)
	want := sx.Bytes() // big-endian without leading zeros; empty for X = 0
	if !bytes.Equal(sd, want) {
		t.Fatalf("ECDH(%x, %x) = %x; crypto/elliptic gives %x", sc, pub, sd, want)
	}
	if len(sd) == 0 {
		// A shared X of 0 (spec/ixian-s2.md §7.1): Deployed's empty secret,
		// Strict's invalid_point.
		if compressed && !errors.Is(errS, category.InvalidPoint) {
			t.Fatalf("an empty secret, but strict says %v; want invalid_point", errS)
		}
		return
	}
	if compressed && errS != nil {
		t.Fatalf("Strict refuses a compressed valid point: %v", errS)
	}
}

// p521Point decodes a public key independently of impl/ixian: 67 bytes
// compressed (02/03), or 133 bytes uncompressed (04) or hybrid (06/07,
// the prefix's low bit Y's parity), coordinates below p, on the curve.
func p521Point(b []byte) (x, y *big.Int, compressed bool) {
	c := elliptic.P521()
	switch {
	case len(b) == 67 && (b[0] == 2 || b[0] == 3):
		x, y = elliptic.UnmarshalCompressed(c, b)
		return x, y, true
	case len(b) == 133 && (b[0] == 4 || b[0] == 6 || b[0] == 7):
		p := c.Params().P
		x, y = new(big.Int).SetBytes(b[1:67]), new(big.Int).SetBytes(b[67:])
		//lint:ignore SA1019 the on-curve test of raw coordinates, the independent model of BouncyCastle's DecodePoint
		if x.Cmp(p) >= 0 || y.Cmp(p) >= 0 || !c.IsOnCurve(x, y) || (b[0] != 4 && uint(b[0]&1) != y.Bit(0)) {
			return nil, nil, false
		}
		return x, y, false
	}
	return nil, nil, false
}

// CheckMLKEM1024 holds circl and crypto/mlkem against each other, with
// impl/ixian's KEM on top, for ML-KEM-1024: key generation from the seed
// d||z, encapsulation with the message m, decapsulation of the honest
// ciphertext edited by ctEdit (so malformed ciphertexts hit implicit
// rejection), and the encapsulation-key check and encapsulation for the
// key edited by ekEdit.
func CheckMLKEM1024(t check.TB, seed, m, ctEdit, ekEdit []byte) {
	seed, m = check.Fit(seed, 64), check.Fit(m, 32)
	pkC, skC := mlkem1024.NewKeyFromSeed(seed)
	ekC := make([]byte, mlkem1024.PublicKeySize)
	pkC.Pack(ekC)
	dkS, err := mlkem.NewDecapsulationKey1024(seed)
	if err != nil {
		t.Fatalf("crypto/mlkem: %v", err)
	}
	ekS := dkS.EncapsulationKey().Bytes()
	ekI, err := ixian.MLKEMKeyGen(seed)
	if err != nil || !bytes.Equal(ekC, ekS) || !bytes.Equal(ekI, ekS) {
		t.Fatalf("keygen: the encapsulation keys differ: %v", err)
	}

	ssS, ctS, err := mlkemtest.Encapsulate1024(dkS.EncapsulationKey(), m)
	if err != nil {
		t.Fatalf("crypto/mlkem: %v", err)
	}
	ctC, ssC := make([]byte, mlkem1024.CiphertextSize), make([]byte, mlkem1024.SharedKeySize)
	pkC.EncapsulateTo(ctC, ssC, m)
	ctI, ssI, err := ixian.MLKEMEncapsulate(ekS, m)
	if err != nil || !bytes.Equal(ctC, ctS) || !bytes.Equal(ssC, ssS) || !bytes.Equal(ctI, ctS) || !bytes.Equal(ssI, ssS) {
		t.Fatalf("encapsulation differs: %v", err)
	}

	ct := check.XorFit(ctS, ctEdit)
	d1, err := dkS.Decapsulate(ct)
	if err != nil {
		t.Fatalf("crypto/mlkem refuses a ciphertext of the right size: %v", err)
	}
	d2 := make([]byte, mlkem1024.SharedKeySize)
	skC.DecapsulateTo(d2, ct)
	d3, err := ixian.MLKEMDecapsulate(seed, ct)
	if err != nil || !bytes.Equal(d1, d2) || !bytes.Equal(d3, d1) {
		t.Fatalf("decapsulation of %x differs: %x / %x / %x, %v", ct[:8], d1, d2, d3, err)
	}
	if bytes.Equal(ct, ctS) != bytes.Equal(d1, ssS) {
		t.Fatalf("an edited ciphertext decapsulates to the honest secret, or the honest one does not")
	}

	ek := check.XorFit(ekS, ekEdit)
	ekStd, errStd := mlkem.NewEncapsulationKey1024(ek)
	var pk mlkem1024.PublicKey
	errC := pk.Unpack(ek)
	ctI, ssI, errI := ixian.MLKEMEncapsulate(ek, m)
	if (errStd == nil) != (errC == nil) || (errStd == nil) != (errI == nil) {
		t.Fatalf("the encapsulation-key check differs: crypto/mlkem %v, circl %v, ixian %v", errStd, errC, errI)
	}
	check.Category(t, "ixian.MLKEMEncapsulate", errI)
	if errI != nil {
		if !errors.Is(errI, category.EKModulus) {
			t.Fatalf("a non-canonical key: %v", errI)
		}
		return
	}
	ss2, ct2, _ := mlkemtest.Encapsulate1024(ekStd, m)
	pk.EncapsulateTo(ctC, ssC, m)
	if !bytes.Equal(ct2, ctC) || !bytes.Equal(ss2, ssC) || !bytes.Equal(ctI, ct2) || !bytes.Equal(ssI, ss2) {
		t.Fatalf("encapsulation to an edited key differs")
	}
}
