package ixian

import (
	"bytes"
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/internal/testkeys"
)

// Native fuzz targets, one per decoder. Each checks that the decoder does not
// panic, that every error is a *category.FieldError with a category, that
// what Strict accepts Deployed accepts with the same result, that Strict
// results re-encode to their input, and that a decode allocates no more
// than a constant (the error) whatever lengths the input claims.
//
//	go test -run '^$' -fuzz FuzzAcceptAdd2 -fuzztime 20s ./impl/ixian

// maxErrAlloc bounds what a failed decode may allocate: the FieldError and
// its boxed Got/Want values.
const maxErrAlloc = 512

// allocBytes returns the bytes f allocates. It reads the memory statistics
// twice, so it is slow; fuzz targets call it on every 16th input.
// Successful decodes allocate nothing (TestDecodersDoNotAllocate).
func allocBytes(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

var fuzzCount int

func checkAlloc(t *testing.T, name string, in []byte, f func()) {
	fuzzCount++
	if fuzzCount%16 != 0 {
		return
	}
	// The statistics are process-wide and the fuzzing worker allocates on
	// other goroutines, so only the least of three readings counts.
	n := allocBytes(f)
	for range 2 {
		n = min(n, allocBytes(f))
	}
	if n > maxErrAlloc {
		t.Fatalf("%s allocated %d bytes for a %d-byte input", name, n, len(in))
	}
}

func checkErr(t *testing.T, err error) {
	if err == nil {
		return
	}
	var fe *category.FieldError
	if !errors.As(err, &fe) || fe.Cat == "" || category.Of(err) == "" {
		t.Fatalf("error without a category: %v", err)
	}
}

// decodeBoth decodes in both profiles and checks the shared invariants.
func decodeBoth[M any](t *testing.T, in []byte, decode func(*M, []byte, Profile) error, encode func(*M) []byte) {
	var s, d M
	errS, errD := decode(&s, in, Strict), decode(&d, in, Deployed)
	checkErr(t, errS)
	checkErr(t, errD)
	if errS == nil {
		if errD != nil {
			t.Fatalf("strict accepts, deployed rejects: %v", errD)
		}
		if !reflect.DeepEqual(s, d) {
			t.Fatalf("strict and deployed disagree:\n %+v\n %+v", s, d)
		}
		if got := encode(&s); !bytes.Equal(got, in) {
			t.Fatalf("Encode(Decode(x)) != x:\n %x\n %x", got, in)
		}
	}
	checkAlloc(t, "decode", in, func() { _ = decode(&d, in, Deployed) })
}

func FuzzVarInt(f *testing.F) {
	for _, s := range []string{"", "00", "f7", "fcf800", "fc0500", "f80000", "fa0000000000000080", "feffffffffffffffff", "fb", "ff"} {
		f.Add(h(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		u, n, min, err := DecodeVarUInt(in, Deployed)
		checkErr(t, err)
		if err == nil {
			if n > len(in) || min != bytes.Equal(AppendVarUInt(nil, u), in[:n]) {
				t.Fatalf("unsigned %x: %d, %d, %v", in, u, n, min)
			}
			u2, n2, _, err2 := DecodeVarUInt(in, Strict)
			if min != (err2 == nil) || (err2 == nil && (u2 != u || n2 != n)) {
				t.Fatalf("unsigned strict %x: %v", in, err2)
			}
		}
		v, n, min, err := DecodeVarInt(in, Deployed)
		checkErr(t, err)
		if err == nil {
			if n > len(in) || min != bytes.Equal(AppendVarInt(nil, v), in[:n]) {
				t.Fatalf("signed %x: %d, %d, %v", in, v, n, min)
			}
			_, _, _, err2 := DecodeVarInt(in, Strict)
			if min != (err2 == nil) {
				t.Fatalf("signed strict %x: %v", in, err2)
			}
		}
	})
}

func FuzzIxiBytes(f *testing.F) {
	for _, s := range []string{"00", "03aabbcc", "fc0100aa", "fdffffff7f", "feffffffffffffffff", "f80100"} {
		f.Add(h(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, n, err := DecodeIxiBytes(in, Deployed)
		checkErr(t, err)
		checkAlloc(t, "DecodeIxiBytes", in, func() { DecodeIxiBytes(in, Deployed) })
		if err != nil {
			return
		}
		if n > len(in) || len(v) > n || (len(v) > 0 && &v[0] != &in[n-len(v)]) {
			t.Fatalf("%x: value is not a sub-slice", in)
		}
		_, _, errS := DecodeIxiBytes(in, Strict)
		if (errS == nil) != bytes.Equal(AppendIxiBytes(nil, v), in[:n]) {
			t.Fatalf("%x: strict %v", in, errS)
		}
	})
}

func FuzzRequestAdd2(f *testing.F) {
	f.Add((&RequestAdd2{MaxProtocolVersion: 1, PubKey: unitRSAPub(testkeys.IxianRequester)}).Encode())
	f.Add(h("0100"))
	f.Fuzz(func(t *testing.T, in []byte) {
		decodeBoth(t, in, (*RequestAdd2).Decode, (*RequestAdd2).Encode)
	})
}

func FuzzAcceptAdd2(f *testing.F) {
	u := runUnit(f, 0, Strict)
	f.Add(u.acceptor.AcceptAdd2)
	f.Add(u.acceptor.AcceptAdd2[:len(u.acceptor.AcceptAdd2)-1])
	f.Fuzz(func(t *testing.T, in []byte) {
		decodeBoth(t, in, (*AcceptAdd2).Decode, (*AcceptAdd2).Encode)
	})
}

func FuzzKeys2(f *testing.F) {
	u := runUnit(f, 0, Strict)
	f.Add(u.requester.Keys2)
	f.Add(append(bytes.Clone(u.requester.Keys2), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		decodeBoth(t, in, (*Keys2).Decode, (*Keys2).Encode)
	})
}

func FuzzSpixiMessage(f *testing.F) {
	f.Add((&SpixiMessage{Type: 42, Data: []byte("data"), GroupAddress: []byte("g")}).Encode())
	f.Add(h("29000000ffffff7f"))
	f.Fuzz(func(t *testing.T, in []byte) {
		decodeBoth(t, in, (*SpixiMessage).Decode, (*SpixiMessage).Encode)
		m, err := DecodeSpixiMessageLikeIxianCore(in)
		if err != nil && (m.Type != 0 || m.Data != nil || m.Channel != 0) {
			t.Fatalf("LikeIxianCore kept %+v after %v", m, err)
		}
	})
}

func FuzzRSAPublicKey(f *testing.F) {
	f.Add(unitRSAPub(testkeys.IxianAcceptor))
	f.Add(unitRSAPub(testkeys.IxianAcceptor)[5:])
	f.Fuzz(func(t *testing.T, in []byte) {
		ks, errS := ParseRSAPublicKey(in, Strict)
		kd, errD := ParseRSAPublicKey(in, Deployed)
		checkErr(t, errS)
		checkErr(t, errD)
		if errS == nil && (errD != nil || !ks.Equal(kd)) {
			t.Fatalf("strict accepts, deployed %v", errD)
		}
	})
}

func FuzzSpixi2Decrypt(f *testing.F) {
	ak, ck := detrand.Bytes("ixian/fuzz/aes", 32), detrand.Bytes("ixian/fuzz/chacha", 32)
	aad := []byte{1, 2, 3}
	s, err := Spixi2Encrypt([]byte("fuzz"), ak, ck, detrand.Bytes("ixian/fuzz/nonce", 64), aad, Strict)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(s.Envelope)
	f.Fuzz(func(t *testing.T, in []byte) {
		ps, errS := Spixi2Decrypt(in, ak, ck, aad, Strict)
		pd, errD := Spixi2Decrypt(in, ak, ck, aad, Deployed)
		checkErr(t, errS)
		checkErr(t, errD)
		if errS == nil && (errD != nil || !bytes.Equal(ps, pd)) {
			t.Fatalf("strict accepts, deployed %v", errD)
		}
		if errD == nil && len(pd)+32 > len(in) {
			t.Fatalf("plaintext longer than the envelope allows")
		}
	})
}

func FuzzRSA2Decrypt(f *testing.F) {
	aad := []byte{2}
	s, err := RSA2Encrypt([]byte("fuzz"), unitRSAPub(testkeys.IxianAcceptor), make([]byte, 32), make([]byte, 32),
		make([]byte, 20), make([]byte, 64), aad, Strict)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(s.Envelope)
	key := testkeys.RSA(testkeys.IxianAcceptor)
	f.Fuzz(func(t *testing.T, in []byte) {
		o1, errS := RSA2Decrypt(in, key, aad, Strict)
		od, errD := RSA2Decrypt(in, key, aad, Deployed)
		checkErr(t, errS)
		checkErr(t, errD)
		if errS == nil && (errD != nil || !reflect.DeepEqual(o1, od)) {
			t.Fatalf("strict accepts, deployed %v", errD)
		}
	})
}

func FuzzECDHPeerKey(f *testing.F) {
	u := runUnit(f, 0, Strict)
	f.Add(u.requester.ECDHPubKey)
	f.Add(uncompressed(f, u.requester.ECDHPubKey, 4))
	scalar := u.acceptor.ECDHScalar
	f.Fuzz(func(t *testing.T, in []byte) {
		ss, errS := ECDH(scalar, in, Strict)
		sd, errD := ECDH(scalar, in, Deployed)
		checkErr(t, errS)
		checkErr(t, errD)
		if errS == nil && (errD != nil || !bytes.Equal(ss, sd)) {
			t.Fatalf("strict accepts, deployed %v", errD)
		}
		if errD == nil && (len(sd) == 0 || len(sd) > 66 || sd[0] == 0) {
			t.Fatalf("secret %x is not stripped", sd)
		}
	})
}

func FuzzTransition(f *testing.F) {
	f.Add(uint8(0), uint8(1), int8(1), int64(5), true, false, false, uint8(3), int8(1), int64(6), byte(0))
	kinds := []EventKind{RequestAdd2Sent, AcceptAdd2Sent, Keys2Sent, RequestAdd2Received, AcceptAdd2Received,
		Keys2Received, MsgReceived, RequestAddReceived, AcceptAddReceived, KeysReceived}
	f.Fuzz(func(t *testing.T, role, status uint8, pv int8, ts int64, known, approved, pending bool, kind uint8, ver int8, ets int64, id byte) {
		r := RoleRequester
		if role&1 == 1 {
			r = RoleAcceptor
		}
		s := FriendState{Known: known, HandshakeStatus: int(status % 4), ProtocolVersion: int(pv), Approved: approved,
			PendingEphemeral: pending, LastReceivedHandshakeMessageTimestamp: ts}
		e := Event{Kind: kinds[int(kind)%len(kinds)], Version: int(ver), Timestamp: ets, MsgID: []byte{id % 4}}
		o, err := Transition(r, s, e)
		if err != nil {
			t.Fatal(err)
		}
		if o.State.HandshakeStatus < 0 || o.State.HandshakeStatus > 3 {
			t.Fatalf("status %d", o.State.HandshakeStatus)
		}
		if o.State.LastReceivedHandshakeMessageTimestamp < s.LastReceivedHandshakeMessageTimestamp && s.Known {
			t.Fatalf("the timestamp went back")
		}
		switch o.Verdict {
		case Rejected:
			if c := category.Of(o.Err); c != category.State && c != category.Replay && c != category.Downgrade {
				t.Fatalf("rejected with %v", o.Err)
			}
		case Accepted, Ignored:
			if o.Err != nil {
				t.Fatalf("%s with an error", o.Verdict)
			}
		default:
			t.Fatalf("verdict %q", o.Verdict)
		}
	})
}
