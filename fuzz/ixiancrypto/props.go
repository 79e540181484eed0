package ixiancrypto

import (
	"bytes"
	"errors"
	"math"

	"pgregory.net/rapid"

	"github.com/pqhs/pqhs/fuzz/internal/draw"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
)

// Properties, for rapid.Check in the tests and rapid.MakeFuzz in fuzz
// targets. Each takes a *rapid.T; RAPID_CHECKS (or -rapid.checks) raises
// the number of cases from the default 100.

// PropIxiBytesBounds checks that any IxiBytes length prefix greater than what follows
// it is rejected (truncated, or varint_overflow above 2^31-1, or
// non_minimal_varint first in Strict), both alone and as any length field
// of an acceptAdd2. (That no such claim allocates is TestAllocation's, in
// fuzz/ixianwire, over the same edges.)
func PropIxiBytesBounds(t *rapid.T) {
	rest := rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "rest")
	l := rapid.OneOf(
		rapid.Uint64Range(0, 300),
		rapid.Uint64Range(0xF8, 0xFFFF),
		rapid.Uint64Range(0x10000, math.MaxInt32),
		rapid.Uint64Range(math.MaxInt32+1, math.MaxUint64),
	).Draw(t, "length")
	if l <= uint64(len(rest)) {
		l = uint64(len(rest)) + 1 + l%8
	}
	width := rapid.SampledFrom([]int{1, 3, 5, 9}).Draw(t, "width")
	prefix := ixfix.AppendVarUIntWidth(nil, l, width)
	minimal := bytes.Equal(prefix, ixian.AppendVarUInt(nil, l))
	want := func(p ixian.Profile) category.Category {
		switch {
		case p == ixian.Strict && !minimal:
			return category.NonMinimalVarint
		case l > math.MaxInt32:
			return category.VarintOverflow
		}
		return category.Truncated
	}

	in := append(bytes.Clone(prefix), rest...)
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		_, _, err := ixian.DecodeIxiBytes(in, p)
		if category.Of(err) != want(p) {
			t.Fatalf("%v: length %d (%x) before %d bytes: %v, want %s", p, l, prefix, len(rest), err, want(p))
		}
	}

	// The same prefix in place of one length field of an acceptAdd2.
	m := ixfix.Ixian().Acceptor.Message
	fields := []struct {
		name string
		v    []byte
	}{{"rsaPubKey", m.RSAPubKey}, {"ecdhPubKey", m.ECDHPubKey}, {"mlkemPubKey", m.MLKEMPubKey}, {"aesSalt", m.AESSalt}}
	k := rapid.IntRange(0, len(fields)-1).Draw(t, "field")
	payload := []byte{byte(m.Version)}
	for _, f := range fields[:k] {
		payload = ixian.AppendIxiBytes(payload, f.v)
	}
	payload = append(append(payload, prefix...), rest...)
	var d ixian.AcceptAdd2
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		err := d.Decode(payload, p)
		var fe *category.FieldError
		if category.Of(err) != want(p) || !errors.As(err, &fe) || fe.Field != fields[k].name {
			t.Fatalf("%v: %s claims %d bytes: %v, want %s", p, fields[k].name, l, err, want(p))
		}
	}
}

// PropIxiBytesRoundTrip checks that IxiBytes of 0 to 2^16+4464 bytes decode to
// themselves under both profiles, with the minimal prefix of the right
// width, leaving whatever follows them.
func PropIxiBytesRoundTrip(t *rapid.T) {
	n := rapid.OneOf(rapid.IntRange(0, 300), rapid.IntRange(0xF0, 0x108), rapid.IntRange(0xFFF0, 70000)).Draw(t, "n")
	v := draw.Filled(t, "value", n)
	tail := rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "tail")
	enc := ixian.AppendIxiBytes(nil, v)
	width := 1
	switch {
	case n > 0xFFFF:
		width = 5
	case n >= 0xF8:
		width = 3
	}
	if len(enc) != width+n || len(enc) != ixian.IxiBytesSize(v) {
		t.Fatalf("%d bytes encode to %d (prefix %x)", n, len(enc), enc[:width])
	}
	in := append(enc, tail...)
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		got, used, err := ixian.DecodeIxiBytes(in, p)
		if err != nil || used != len(enc) || !bytes.Equal(got, v) || (n == 0) != (got == nil) {
			t.Fatalf("%v: %d bytes decode to %d bytes, %d used, %v", p, n, len(got), used, err)
		}
	}
}

// saltLength draws a salt length other than 32.
func saltLength(t *rapid.T) int {
	return rapid.OneOf(rapid.IntRange(0, 31), rapid.IntRange(33, 100)).Draw(t, "saltLength")
}

// PropSaltRule checks that Strict rejects every salt length but 32, wherever a salt
// enters (acceptAdd2, keys2, DeriveKeys, RestoreAcceptor, Requester), with
// salt_length; Deployed accepts it; both accept 32.
func PropSaltRule(t *rapid.T) {
	x := ixfix.Ixian()
	n := saltLength(t)
	if rapid.Bool().Draw(t, "control") {
		n = ixian.SaltSize
	}
	salt := draw.Filled(t, "salt", n)
	var stored []byte // what the decoders return: nil for an empty field
	if n > 0 {
		stored = salt
	}
	site := rapid.SampledFrom([]string{"acceptAdd2", "keys2", "deriveKeys/aesSalt", "deriveKeys/chachaSalt", "restoreAcceptor", "requester"}).Draw(t, "site")
	for _, p := range []ixian.Profile{ixian.Strict, ixian.Deployed} {
		var err error
		var got []byte
		switch site {
		case "acceptAdd2":
			m := x.Acceptor.Message
			m.AESSalt = salt
			var d ixian.AcceptAdd2
			err, got = d.Decode(m.Encode(), p), d.AESSalt
		case "keys2":
			m := x.Requester.Message
			m.ChachaSalt = salt
			var d ixian.Keys2
			err, got = d.Decode(m.Encode(), p), d.ChachaSalt
		case "deriveKeys/aesSalt", "deriveKeys/chachaSalt":
			a, c := salt, x.Requester.ChachaSalt
			if site == "deriveKeys/chachaSalt" {
				a, c = x.Acceptor.AESSalt, salt
			}
			_, err = ixian.DeriveKeys(x.Requester.ECDHSecret, x.Requester.MLKEMSecret, a, c, p)
			got = stored
		case "restoreAcceptor":
			var a *ixian.Acceptor
			if a, err = ixian.RestoreAcceptor(x.Acceptor.ECDHScalar, x.Acceptor.MLKEMSeed, salt, p); err == nil {
				got = a.AESSalt
			}
		case "requester":
			_, err = ixian.Requester(x.Acceptor.AcceptAdd2, ixfix.P521Scalar(ixfix.Bytes("requester/ecdh-scalar", 66)),
				ixfix.Bytes("requester/mlkem-m", 32), salt, ixian.QuIXICapabilities, p)
			got = stored
		}
		strictRejects := p == ixian.Strict && n != ixian.SaltSize
		if strictRejects != errors.Is(err, category.SaltLength) || (!strictRejects && err != nil) {
			t.Fatalf("%v: a %d-byte salt at %s: %v", p, n, site, err)
		}
		if err == nil && !bytes.Equal(got, stored) {
			t.Fatalf("%v: a %d-byte salt at %s came back as %x", p, n, site, got)
		}
	}
}

// PropSaltDependence checks that each session key depends on every byte of its own
// salt and on no byte of the other's. Flipping bits of one salt byte
// changes that key and leaves the other; in Deployed, where salts have any
// length, HMAC's zero padding of keys shorter than the SHA3-512 block (72
// bytes) makes a salt and the same salt with a zero byte appended give the
// same key, and only then.
func PropSaltDependence(t *rapid.T) {
	strict := rapid.Bool().Draw(t, "strict")
	p, aesLen, chachaLen := ixian.Deployed, rapid.IntRange(1, 100).Draw(t, "aesLen"), rapid.IntRange(1, 100).Draw(t, "chachaLen")
	if strict {
		p, aesLen, chachaLen = ixian.Strict, ixian.SaltSize, ixian.SaltSize
	}
	ecdhSecret := draw.Filled(t, "ecdhSecret", rapid.IntRange(1, 66).Draw(t, "ecdhLen"))
	ecdhSecret[0] |= 1
	kem := draw.Filled(t, "kem", 32)
	aesSalt, chachaSalt := draw.Filled(t, "aesSalt", aesLen), draw.Filled(t, "chachaSalt", chachaLen)
	k, err := ixian.DeriveKeys(ecdhSecret, kem, aesSalt, chachaSalt, p)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	flipAES := rapid.Bool().Draw(t, "flipAES")
	salt := chachaSalt
	if flipAES {
		salt = aesSalt
	}
	i := rapid.IntRange(0, len(salt)-1).Draw(t, "index")
	salt[i] ^= rapid.Byte().Filter(func(b byte) bool { return b != 0 }).Draw(t, "mask")
	k2, err := ixian.DeriveKeys(ecdhSecret, kem, aesSalt, chachaSalt, p)
	if err != nil {
		t.Fatalf("%v: %v", p, err)
	}
	aesChanged, chachaChanged := !bytes.Equal(k.AESKey, k2.AESKey), !bytes.Equal(k.ChachaKey, k2.ChachaKey)
	if aesChanged != flipAES || chachaChanged != !flipAES {
		t.Fatalf("flipping byte %d of the %d-byte %s salt: aesKey changed %v, chachaKey changed %v",
			i, len(salt), map[bool]string{true: "aes", false: "chacha"}[flipAES], aesChanged, chachaChanged)
	}
	if strict {
		return
	}
	padded, err := ixian.DeriveKeys(ecdhSecret, kem, append(bytes.Clone(aesSalt), 0), chachaSalt, p)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if same := bytes.Equal(padded.AESKey, k2.AESKey); same != (len(aesSalt) < 72) {
		t.Fatalf("a %d-byte salt and the same with 00 appended give the same key: %v", len(aesSalt), same)
	}
}

// PropIxianAgreement checks that for random secrets, salts (any length in Deployed)
// and capabilities, both roles of the Ixian handshake derive the same keys
// and each learns the other's capabilities.
func PropIxianAgreement(t *rapid.T) {
	strict := rapid.Bool().Draw(t, "strict")
	p := ixian.Deployed
	saltLen := func(label string) int { return rapid.IntRange(0, 80).Draw(t, label) }
	if strict {
		p, saltLen = ixian.Strict, func(string) int { return ixian.SaltSize }
	}
	scalar := func(label string) []byte {
		s := ixfix.P521Scalar(draw.Filled(t, label, 66))
		if !ixfix.P521Valid(s) {
			t.Skip("scalar out of range")
		}
		return s
	}
	accScalar, reqScalar := scalar("acceptorScalar"), scalar("requesterScalar")
	seed, m := draw.Filled(t, "mlkemSeed", 64), draw.Filled(t, "mlkemMessage", 32)
	aesSalt, chachaSalt := draw.Filled(t, "aesSalt", saltLen("aesSaltLen")), draw.Filled(t, "chachaSalt", saltLen("chachaSaltLen"))
	// The writer sends capabilities through the signed encoder, which the
	// reader refuses for negative values, so capabilities are a C# int >= 0.
	accCaps := ixian.StreamCapabilities(rapid.Int32Range(0, math.MaxInt32).Draw(t, "acceptorCapabilities"))
	reqCaps := ixian.StreamCapabilities(rapid.Int32Range(0, math.MaxInt32).Draw(t, "requesterCapabilities"))

	acc, err := ixian.AcceptorPrepare(accScalar, seed, aesSalt, ixian.ProtocolVersion, ixfix.Ixian().AcceptorRSA, accCaps, p)
	if err != nil {
		t.Fatalf("%v: acceptor: %v", p, err)
	}
	req, err := ixian.Requester(acc.AcceptAdd2, reqScalar, m, chachaSalt, reqCaps, p)
	if err != nil {
		t.Fatalf("%v: requester: %v", p, err)
	}
	fin, err := acc.Keys2(req.Keys2, p)
	if err != nil {
		t.Fatalf("%v: keys2: %v", p, err)
	}
	r := &ixianRun{acceptor: acc, requester: req, final: fin}
	if req.PeerCapabilities != accCaps || fin.PeerCapabilities != reqCaps {
		t.Fatalf("capabilities: sent %d and %d, seen %d and %d", accCaps, reqCaps, req.PeerCapabilities, fin.PeerCapabilities)
	}
	// checkIxianAgreement wants the fixture capabilities; compare the rest.
	req.PeerCapabilities, fin.PeerCapabilities = ixian.SpixiCapabilities, ixian.QuIXICapabilities
	checkIxianAgreement(t, r, seed, aesSalt, chachaSalt)
}
